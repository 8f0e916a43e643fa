use super::*;

#[track_caller]
fn check(input: &str, expected: Result<Option<(&str, &str, bool, bool)>, u16>) {
    let mut reader = io::Cursor::new(input.as_bytes().to_vec());
    let actual = read_request(&mut reader)
        .map(|r| r.map(|r| (r.method, r.target, r.keep_alive, r.has_body)));
    let expected = expected.map(|r| r.map(|(m, t, k, b)| (m.to_owned(), t.to_owned(), k, b)));
    assert_eq!(actual, expected, "{input:?}");
}

#[test]
fn reads_request_heads() {
    check(
        "GET /nl/ HTTP/1.1\r\nHost: x\r\n\r\n",
        Ok(Some(("GET", "/nl/", true, false))),
    );
    check("GET / HTTP/1.0\n\n", Ok(Some(("GET", "/", false, false))));
    check(
        "\r\nHEAD /a HTTP/1.1\r\nConnection: close\r\n\r\n",
        Ok(Some(("HEAD", "/a", false, false))),
    );
    check(
        "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
        Ok(Some(("POST", "/", true, true))),
    );
    check("", Ok(None));
    check("GET / HTTP/1.1\r\nHost: x\r\n", Ok(None));
}

#[test]
fn knows_the_names_of_this_computer() {
    for host in [
        "localhost",
        "localhost:4000",
        "LOCALHOST.",
        "docs.localhost:4000",
        "127.0.0.1:4000",
        "127.1.2.3",
        "[::1]:4000",
        "[::1]",
    ] {
        assert!(is_local_name(host), "{host}");
    }
    for host in [
        "example.org",
        "localhost.example.org",
        "127.0.0.1.nip.io",
        "192.168.1.5:4000",
        "[::2]",
        "",
    ] {
        assert!(!is_local_name(host), "{host}");
    }
}

#[test]
fn refuses_malformed_heads() {
    check("GARBAGE\r\n\r\n", Err(400));
    check("GET  / HTTP/1.1\r\n\r\n", Err(400));
    check("GET / HTTP/1.1 x\r\n\r\n", Err(400));
    check("GET /a\x01 HTTP/1.1\r\n\r\n", Err(400));
    check("G(T / HTTP/1.1\r\n\r\n", Err(400));
    check("GET / FTP/1.1\r\n\r\n", Err(400));
    check("GET / HTTP/2.0\r\n\r\n", Err(505));
    check("GET / HTTP/1.1\r\nno colon\r\n\r\n", Err(400));
    check("GET / HTTP/1.1\r\n folded: x\r\n\r\n", Err(400));
    check("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", Err(400));
    check(
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        Err(400),
    );
    check("GET /\u{e9} HTTP/1.1\r\n\r\n", Err(400));
}

#[test]
fn limits_sizes() {
    let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_TARGET));
    check(&long, Err(414));
    let endless = format!("GET /{}", "a".repeat(100_000));
    check(&endless, Err(414));
    let fits = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_TARGET - 1));
    assert!(matches!(
        read_request(&mut io::Cursor::new(fits.into_bytes())),
        Ok(Some(_))
    ));
    let many = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        "X: y\r\n".repeat(MAX_HEADERS + 1)
    );
    check(&many, Err(431));
    let wide = format!(
        "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
        "y".repeat(MAX_HEADER_LINE)
    );
    check(&wide, Err(431));
}
