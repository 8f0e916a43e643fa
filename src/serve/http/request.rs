//! Reading a request: its head, with a deadline for the whole of it and a limit on every
//! part, parsed as strictly as HTTP/1.1 asks.

use super::*;

/// A reader that gives up at a deadline for the whole of what it reads, not per read, so a
/// client that sends a byte now and then cannot hold a connection forever.
pub(super) struct DeadlineReader<'a> {
    pub(super) stream: &'a TcpStream,
    pub(super) deadline: Instant,
}

impl Read for DeadlineReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

/// One line, read with a limit.
pub(super) enum Line {
    Text(Vec<u8>),
    /// The connection ended (or timed out) before a whole line came.
    End,
    TooLong,
}

pub(super) fn read_line(reader: &mut impl BufRead, limit: usize) -> Line {
    let mut buf = Vec::new();
    match reader
        .by_ref()
        .take(limit as u64 + 2)
        .read_until(b'\n', &mut buf)
    {
        Ok(_) if buf.ends_with(b"\n") => {
            buf.pop();
            if buf.ends_with(b"\r") {
                buf.pop();
            }
            if buf.len() > limit {
                Line::TooLong
            } else {
                Line::Text(buf)
            }
        }
        Ok(_) if buf.len() > limit => Line::TooLong,
        _ => Line::End,
    }
}

/// Reads one request head: `Ok(None)` when the connection ended between requests, or the
/// status to answer a malformed one with.
pub(super) fn read_request(reader: &mut impl BufRead) -> Result<Option<Request>, u16> {
    // A client may send empty lines before a request (RFC 9112, section 2.2).
    let mut line = Vec::new();
    for _ in 0..4 {
        match read_line(reader, MAX_REQUEST_LINE) {
            Line::Text(text) if text.is_empty() => continue,
            Line::Text(text) => {
                line = text;
                break;
            }
            Line::End => return Ok(None),
            Line::TooLong => return Err(414),
        }
    }
    let mut head = parse_request_line(&line)?;
    let mut n_headers = 0;
    let mut n_bytes = 0;
    let mut content_length: Option<u64> = None;
    loop {
        let header = match read_line(reader, MAX_HEADER_LINE) {
            Line::Text(text) => text,
            Line::End => return Ok(None),
            Line::TooLong => return Err(431),
        };
        if header.is_empty() {
            break;
        }
        n_headers += 1;
        n_bytes += header.len();
        if n_headers > MAX_HEADERS || n_bytes > MAX_HEADER_BYTES {
            return Err(431);
        }
        let (name, value) = parse_header(&header)?;
        if name.eq_ignore_ascii_case("connection") {
            for token in value.split(',').map(str::trim) {
                if token.eq_ignore_ascii_case("close") {
                    head.keep_alive = false;
                } else if token.eq_ignore_ascii_case("keep-alive") {
                    head.keep_alive = true;
                }
            }
        } else if name.eq_ignore_ascii_case("content-length") {
            let n: u64 = value.parse().map_err(|_| 400u16)?;
            if content_length.is_some_and(|m| m != n) {
                return Err(400);
            }
            content_length = Some(n);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            head.has_body = true;
        } else if name.eq_ignore_ascii_case("host") {
            head.host = Some(value.to_owned());
        }
    }
    head.has_body |= content_length.is_some_and(|n| n > 0);
    Ok(Some(head))
}

/// `GET /nl/ HTTP/1.1`.
pub(super) fn parse_request_line(line: &[u8]) -> Result<Request, u16> {
    let line = std::str::from_utf8(line).map_err(|_| 400u16)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if method.is_empty() || !method.bytes().all(is_token_byte) {
        return Err(400);
    }
    if target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(400);
    }
    if target.len() > MAX_TARGET {
        return Err(414);
    }
    let keep_alive = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        v if v.starts_with("HTTP/") && v[5..].starts_with(|c: char| c.is_ascii_digit()) => {
            return Err(505)
        }
        _ => return Err(400),
    };
    Ok(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        keep_alive,
        has_body: false,
        host: None,
    })
}

/// `Name: value`.
pub(super) fn parse_header(line: &[u8]) -> Result<(&str, &str), u16> {
    let line = std::str::from_utf8(line).map_err(|_| 400u16)?;
    let (name, value) = line.split_once(':').ok_or(400u16)?;
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        // This also refuses folded lines, which start with a space.
        return Err(400);
    }
    Ok((name, value.trim_matches([' ', '\t'])))
}

/// Whether a `Host` value (a name or address, perhaps with a port) names this computer:
/// `localhost`, a name under `.localhost`, or a loopback address.
pub(super) fn is_local_name(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A character of an HTTP token (RFC 9110, section 5.6.2).
pub(super) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
