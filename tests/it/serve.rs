//! `leidraad serve`: the real binary over real HTTP on 127.0.0.1, with requests written by
//! hand, so that malformed ones can be sent too.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{parse_reply, Serve, Site};

/// Reads from an event stream until `needle` has come.
#[track_caller]
fn read_until(stream: &mut TcpStream, seen: &mut String, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut buf = [0; 8192];
    while !seen.contains(needle) {
        assert!(
            Instant::now() < deadline,
            "no {needle:?} in the event stream:\n{seen}"
        );
        match stream.read(&mut buf) {
            Ok(0) => panic!("the event stream ended before {needle:?}:\n{seen}"),
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => panic!("{e}"),
        }
    }
}

/// The errors among the diagnostics of `/__leidraad/status` (warnings come and go with the
/// state of the translations).
fn errors_of(status: &Value) -> Vec<Value> {
    status["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .cloned()
        .collect()
}

fn basic() -> Site {
    Site::fixture("golden/basic")
}

#[test]
fn answers_only_to_this_computers_names() {
    let site = basic();
    let serve = Serve::start(&site, &[]);
    let get = |host: &str| {
        parse_reply(
            &serve.raw(
                format!("GET /nl/over/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            ),
        )
    };
    for host in [
        "127.0.0.1",
        "localhost:8080",
        "[::1]:8080",
        "preview.localhost",
    ] {
        assert_eq!(get(host).status, 200, "{host}");
    }
    // A page that points its own name at 127.0.0.1 (DNS rebinding) reads nothing.
    for host in ["attacker.example", "127.0.0.1.attacker.example:80"] {
        let reply = get(host);
        assert_eq!(reply.status, 403, "{host}");
        assert!(reply.text().contains("--bind 0.0.0.0"), "{}", reply.text());
        assert!(!reply.text().contains("Over"), "{}", reply.text());
    }
}

#[test]
fn serves_files_with_their_content_types() {
    let png = b"\x89PNG\r\n\x1a\n not really an image";
    let site = basic()
        .file("content/nl/gids/schema.png", png)
        .file("static/files/folder.pdf", "%PDF-1.4")
        .file("static/data.bin", "?");
    let serve = Serve::start(&site, &[]);
    for (target, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/nl/over/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/leidraad.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/nl/gids/schema.png", "image/png"),
        ("/files/folder.pdf", "application/pdf"),
        ("/data.bin", "application/octet-stream"),
    ] {
        let reply = serve.get(target);
        assert_eq!(reply.status, 200, "{target}: {}", reply.head);
        assert_eq!(reply.header("content-type"), Some(content_type), "{target}");
        assert_eq!(
            reply.header("content-length"),
            Some(reply.body.len().to_string().as_str()),
            "{target}"
        );
    }
    assert_eq!(serve.get("/nl/gids/schema.png").body, png);
    let page = serve.get("/nl/over/").text();
    assert!(page.contains("Over deze site"), "{page}");
    assert!(
        page.contains("/__leidraad/events")
            && page.trim_end().ends_with("</script>\n</body>\n</html>"),
        "the live-reload script is not just before </body>:\n{page}"
    );
    assert!(!site.root.join("public").exists(), "serve wrote public/");
}

#[test]
fn folders_redirect_and_missing_pages_get_the_404_page() {
    let serve = Serve::start(&basic(), &[]);
    let reply = serve.get("/nl/over");
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("location"), Some("/nl/over/"));
    let reply = serve.get("/nl/over?x=1");
    assert_eq!(reply.header("location"), Some("/nl/over/?x=1"));
    assert_eq!(serve.get("/nl/over/?x=1").status, 200);
    let missing = serve.get("/nl/bestaat-niet/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    // The 404 page links back into the preview, not to the site's real `base_url`.
    let text = missing.text();
    assert!(
        text.contains(&format!("http://127.0.0.1:{}/", serve.port)),
        "{text}"
    );
    assert!(!text.contains("gids.leidraad.org"), "{text}");
    assert_eq!(serve.get("/nl/over/index.html/").status, 404);
}

#[test]
fn head_works_and_other_methods_are_refused() {
    let serve = Serve::start(&basic(), &[]);
    let get = serve.get("/nl/over/");
    let head = serve.request("HEAD", "/nl/over/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), get.header("content-length"));
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "BREW"] {
        let reply = serve.request(method, "/nl/over/");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
    let post = serve.raw(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
    assert_eq!(parse_reply(&post).status, 405);
}

#[test]
fn an_edit_appears_after_the_rebuild() {
    let site = basic();
    let serve = Serve::start(&site, &[]);
    assert_eq!(serve.status()["build"], 1);
    let path = site.root.join("content/nl/over.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("Een *losse* pagina", "Een *bijgewerkte* pagina"),
    )
    .unwrap();
    serve.wait_for("the edit", |s| {
        s.get("/nl/over/")
            .text()
            .contains("Een <em>bijgewerkte</em> pagina")
    });
    let status = serve.status();
    assert_eq!(status["ok"], true);
    assert!(status["build"].as_u64().unwrap() >= 2);
    serve.wait_for_stderr("content/nl/over.md");
}

#[test]
fn the_search_index_follows_each_build_in_the_background() {
    let site = basic();
    let serve = Serve::start(&site, &[]);
    // The pages are served before the index is made; then it is served with them.
    serve.wait_for_index(1);
    let index_hash = |serve: &Serve| {
        let entry = serve.get("/pagefind/pagefind-entry.json");
        assert_eq!(entry.status, 200);
        let entry: Value = serde_json::from_slice(&entry.body).unwrap();
        entry["languages"]["nl"]["hash"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let before = index_hash(&serve);
    // An edit of a page's text alone (the quick path) makes the index again, with the new text.
    let path = site.root.join("content/nl/over.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("Een *losse* pagina", "Een *zeldzame* pagina"),
    )
    .unwrap();
    serve.wait_for_index(2);
    assert_ne!(index_hash(&serve), before, "the Dutch index changed");
    // The index is no build of its own: every build number the status gives is a build.
    let builds = serve
        .stderr()
        .lines()
        .filter(|l| l.starts_with("build "))
        .count() as u64;
    assert_eq!(serve.status()["build"], builds, "{}", serve.stderr());
}

#[test]
fn the_old_address_of_a_moved_page_redirects_to_it_whatever_came_after() {
    let site = basic();
    let serve = Serve::start(&site, &["--no-search"]);
    let path = site.root.join("content/nl/over.md");
    let text = fs::read_to_string(&path).unwrap();
    let moved = text.replacen("title:", "slug: over-ons\ntitle:", 1);
    fs::write(&path, &moved).unwrap();
    serve.wait_for("the new address", |s| s.get("/nl/over-ons/").status == 200);
    // One more build, which moves nothing, before a tab asks for the old address.
    fs::write(
        &path,
        moved.replace("Een *losse* pagina", "Een *andere* pagina"),
    )
    .unwrap();
    serve.wait_for("the next build", |s| {
        s.get("/nl/over-ons/")
            .text()
            .contains("Een <em>andere</em> pagina")
    });
    let old = serve.get("/nl/over/");
    assert_eq!(old.status, 302);
    assert_eq!(old.header("location"), Some("/nl/over-ons/"));
    assert_eq!(serve.get("/nl/nergens/").status, 404);
}

#[test]
fn pages_hear_about_every_build() {
    let site = basic();
    let serve = Serve::start(&site, &[]);
    let mut events = serve.connect();
    events
        .write_all(b"GET /__leidraad/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut seen = String::new();
    read_until(&mut events, &mut seen, "\"build\":1,");
    assert!(seen.starts_with("HTTP/1.1 200 OK\r\n"), "{seen}");
    assert!(
        seen.contains("Content-Type: text/event-stream\r\n"),
        "{seen}"
    );
    assert!(seen.contains("event: build\ndata: {"), "{seen}");
    site.file(
        "content/nl/nieuw.md",
        "---\ntitle: Nieuw\n---\nNieuw hier.\n",
    );
    read_until(&mut events, &mut seen, "\"build\":2,");
    assert!(seen.contains("\"ok\":true"), "{seen}");
    assert_eq!(serve.get("/nl/nieuw/").status, 200);
}

#[test]
fn a_broken_link_shows_in_the_status_and_the_page_until_it_is_fixed() {
    let site = basic();
    let serve = Serve::start(&site, &[]);
    let path = site.root.join("content/nl/gids/02-stap-twee.md");
    let good = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        good.replace("(01-stap-een.md#waarom)", "(01-stap-eeen.md)"),
    )
    .unwrap();
    serve.wait_for("the failed build", |s| s.status()["ok"] == false);
    let status = serve.status();
    let errors = errors_of(&status);
    assert_eq!(errors.len(), 1, "{status}");
    assert_eq!(errors[0]["code"], "broken-link");
    assert_eq!(errors[0]["file"], "content/nl/gids/02-stap-twee.md");
    assert_eq!(errors[0]["line"], 9);
    // The last good build is still served, with the problem on top of every page.
    let page = serve.get("/nl/gids/stap-twee/");
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("id=\"__leidraad-overlay\""), "{text}");
    assert!(
        text.contains("content/nl/gids/02-stap-twee.md:9:"),
        "{text}"
    );
    assert!(text.contains("the link target <code>01-stap-eeen.md</code> does not exist"));
    assert!(
        text.contains("href=\"../stap-een/#waarom\""),
        "not the last good build"
    );
    serve.wait_for_stderr("error[broken-link]");

    fs::write(&path, &good).unwrap();
    serve.wait_for("the fixed build", |s| s.status()["ok"] == true);
    let status = serve.status();
    assert_eq!(errors_of(&status), Vec::<Value>::new(), "{status}");
    assert!(status["build"].as_u64().unwrap() >= 3);
    let text = serve.get("/nl/gids/stap-twee/").text();
    assert!(!text.contains("id=\"__leidraad-overlay\""), "{text}");
}

#[test]
fn a_site_that_never_built_shows_its_errors_everywhere() {
    let site = Site::fixture("invalid/broken-link");
    let serve = Serve::start(&site, &[]);
    assert_eq!(serve.status()["ok"], false);
    for target in ["/", "/nl/", "/style.css", "/whatever/deep/page.html"] {
        let reply = serve.get(target);
        assert_eq!(reply.status, 500, "{target}");
        let text = reply.text();
        assert!(
            text.contains("id=\"__leidraad-overlay\""),
            "{target}: {text}"
        );
        assert!(
            text.contains("did you mean <code>03-luister.md</code>?"),
            "{text}"
        );
        assert!(text.contains("/__leidraad/events"));
    }
    let path = site.root.join("content/nl/gids/01-ken-jezelf.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("03-luistr.md", "03-luister.md")).unwrap();
    serve.wait_for("the first good build", |s| s.get("/nl/").status == 200);
    assert_eq!(serve.status()["ok"], true);
}

#[test]
fn traversal_never_leaves_the_build() {
    let site = basic();
    fs::write(site.root.join("secret.txt"), "TOP SECRET").unwrap();
    let serve = Serve::start(&site, &[]);
    for target in [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/nl/..%2f..%2fsite.yaml",
        "/nl/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/nl/over/../../secret.txt",
        "/..%5c..%5csite.yaml",
        "/nl\\..\\..\\site.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/site.yaml",
        "/secret.txt",
        "/content/nl/over.md",
        "/nl/over.md",
        "/style.css%00.png",
        "/%252e%252e/site.yaml",
        "/./site.yaml",
    ] {
        let reply = serve.get(target);
        assert_eq!(reply.status, 404, "{target}");
        let text = reply.text();
        for leak in ["default_language", "root:", "TOP SECRET", "title: Over"] {
            assert!(!text.contains(leak), "{target} leaked {leak}");
        }
    }
}

#[test]
fn malformed_requests_do_not_stop_the_server() {
    let serve = Serve::start(&basic(), &[]);
    let long_url = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "a".repeat(10 * 1024)
    );
    let reply = parse_reply(&serve.raw(long_url.as_bytes()));
    assert_eq!(reply.status, 414);
    let long_header = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(100 * 1024));
    assert_eq!(parse_reply(&serve.raw(long_header.as_bytes())).status, 431);
    for garbage in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"\x00\x01\x02\xff\xfe\r\n\r\n",
        b"GET /\xc3\xa9 HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
    ] {
        let out = serve.raw(garbage);
        let reply = parse_reply(&out);
        assert!(
            (400..=505).contains(&reply.status),
            "{:?} got {}",
            String::from_utf8_lossy(garbage),
            reply.status
        );
        assert_eq!(serve.get("/nl/over/").status, 200);
    }
    // Clients that go away in the middle of a request.
    for partial in [&b"GET /nl/over/ HTTP/1.1\r\nHost"[..], b"GE", b""] {
        let mut stream = serve.connect();
        stream.write_all(partial).unwrap();
        drop(stream);
    }
    assert_eq!(serve.get("/nl/over/").status, 200);
}

#[test]
fn a_slow_client_does_not_hold_up_others() {
    let serve = Serve::start(&basic(), &[]);
    let mut slow = serve.connect();
    slow.write_all(b"GET /nl/over/ HTTP/1.1\r\nHo").unwrap();
    let started = Instant::now();
    assert_eq!(serve.get("/nl/over/").status, 200);
    assert!(started.elapsed() < Duration::from_secs(2));
    slow.write_all(b"st: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut out = Vec::new();
    slow.read_to_end(&mut out).unwrap();
    assert_eq!(parse_reply(&out).status, 200);
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let serve = Serve::start(&basic(), &[]);
    let mut stream = serve.connect();
    stream
        .write_all(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nHEAD /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /nl/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out);
    assert_eq!(text.matches("HTTP/1.1 200 OK\r\n").count(), 3, "{text}");
}

#[test]
fn fifty_concurrent_requests_all_succeed() {
    let serve = Serve::start(&basic(), &[]);
    let port = serve.port;
    let threads: Vec<_> = (0..50)
        .map(|i| {
            thread::spawn(move || {
                let target = ["/nl/over/", "/style.css", "/nl/gids/stap-een/", "/"][i % 4];
                let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                write!(
                    stream,
                    "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
                let mut out = Vec::new();
                stream.read_to_end(&mut out).unwrap();
                let reply = parse_reply(&out);
                (reply.status, reply.body.len())
            })
        })
        .collect();
    for thread in threads {
        let (status, len) = thread.join().unwrap();
        assert_eq!(status, 200);
        assert!(len > 0);
    }
}

#[test]
fn output_writes_every_good_build() {
    let site = basic();
    let serve = Serve::start(&site, &["--output", "out"]);
    let index = site.root.join("out/nl/over/index.html");
    serve.wait_for("the written site", |_| index.is_file());
    assert!(!fs::read_to_string(&index).unwrap().contains("__leidraad"));
    site.file("content/nl/over.md", "---\ntitle: Anders\n---\nAnders.\n");
    serve.wait_for("the rewritten site", |_| {
        fs::read_to_string(&index).is_ok_and(|t| t.contains("Anders."))
    });
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    stops_cleanly_on("-TERM");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    stops_cleanly_on("-INT");
}

#[cfg(unix)]
fn stops_cleanly_on(signal: &str) {
    let mut serve = Serve::start(&basic(), &[]);
    // An open event stream and an idle keep-alive connection must not keep it running.
    let mut events = serve.connect();
    events
        .write_all(b"GET /__leidraad/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut seen = String::new();
    read_until(&mut events, &mut seen, "event: build");
    let mut idle = serve.connect();
    idle.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let status = Command::new("kill")
        .args([signal, &serve.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = serve.wait_exit();
    assert_eq!(exit.code(), Some(0), "stderr:\n{}", serve.stderr());
    let mut rest = Vec::new();
    let _ = events.read_to_end(&mut rest);
    assert!(TcpStream::connect(("127.0.0.1", serve.port)).is_err());
    serve.wait_for_stderr("stopped");
    let rest = serve.stdout.take().unwrap().join().unwrap();
    assert_eq!(rest, "", "more than one line on stdout");
}

#[test]
fn binding_beyond_this_computer_warns_and_names_the_addresses_to_open() {
    let mut serve = Serve::start(&basic(), &["--bind", "0.0.0.0"]);
    assert_eq!(serve.get("/nl/over/").status, 200);
    serve.wait_for_stderr("warning: listening on 0.0.0.0");
    let _ = serve.child.kill();
    let _ = serve.child.wait();
    let rest = serve.stdout.take().unwrap().join().unwrap();
    // Issue 17: the addresses a phone on the network could open, not only 127.0.0.1.
    let ips: Vec<std::net::IpAddr> = if_addrs::get_if_addrs()
        .unwrap()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| ip.is_ipv4() && !ip.is_loopback())
        .collect();
    for ip in &ips {
        assert!(
            rest.contains(&format!(
                "  also at http://{ip}:{}/ (for a phone",
                serve.port
            )),
            "{ip} is not named:\n{rest}"
        );
    }
    assert_eq!(rest.lines().count(), ips.len(), "{rest}");
}

#[test]
fn a_wrong_bind_address_is_a_usage_error() {
    let run = basic().run(&["serve", "--bind", "example.org", "--port", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--bind"), "{}", run.stderr);
}

#[test]
fn a_public_folder_of_other_files_does_not_stop_the_preview() {
    let site = basic().file("public/notes.txt", "not leidraad's");
    let serve = Serve::start(&site, &[]);
    assert_eq!(serve.get("/nl/over/").status, 200);
    assert_eq!(site.read("public/notes.txt"), "not leidraad's");
}

/// An edit of one file's text re-renders only the pages that show it, in every language, and
/// its guide's checklist; an edit that other pages show (a title) rebuilds the whole site.
#[test]
fn small_edits_re_render_only_what_shows_them() {
    let site = basic();
    let serve = Serve::start(&site, &[]);
    let edit = |rel: &str, from: &str, to: &str| {
        let path = site.root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "content/nl/over.md",
        "Een *losse* pagina",
        "Een *andere* pagina",
    );
    serve.wait_for("the Dutch page", |s| {
        s.get("/nl/over/")
            .text()
            .contains("Een <em>andere</em> pagina")
    });
    serve.wait_for("the English fallback", |s| {
        s.get("/en/over/")
            .text()
            .contains("Een <em>andere</em> pagina")
    });
    edit(
        "content/nl/gids/01-stap-een.md",
        "Denk *na*",
        "Denk *goed na*",
    );
    serve.wait_for("the checklist page", |s| {
        s.get("/nl/gids/checklijst/")
            .text()
            .contains("Denk <em>goed na</em>")
    });
    edit(
        "content/nl/gids/02-stap-twee.md",
        "title: Stap twee",
        "title: Stap 2",
    );
    serve.wait_for("the guide's list of sections", |s| {
        s.get("/nl/gids/").text().contains("Stap 2")
    });
    assert_eq!(serve.status()["ok"], true);
}
