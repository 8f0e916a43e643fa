//! What is checked in a request head that hyper parsed: the limits that hyper does not keep
//! itself (the length of the target and of each header line), whether a body follows, and
//! whether the `Host` names this computer.

use std::net::IpAddr;

use hyper::header::{CONTENT_LENGTH, HOST, TRANSFER_ENCODING};
use hyper::Request;

/// The status to refuse a request with when its target is not plain ASCII (hyper lets bytes
/// beyond ASCII through) or too long, or a header line is too long. (hyper refuses too many
/// headers, and too many bytes of them, with 431 itself.)
pub(super) fn check_head<B>(
    request: &Request<B>,
    max_target: usize,
    max_header_line: usize,
) -> Result<(), u16> {
    let plain = |part: Option<&str>| part.is_none_or(|p| p.bytes().all(|b| b.is_ascii_graphic()));
    let uri = request.uri();
    if !plain(uri.path_and_query().map(|p| p.as_str())) || !plain(uri.host()) {
        return Err(400);
    }
    if target_len(request) > max_target {
        return Err(414);
    }
    let too_wide = request
        .headers()
        .iter()
        .any(|(name, value)| name.as_str().len() + 2 + value.len() > max_header_line);
    if too_wide {
        return Err(431);
    }
    Ok(())
}

/// The length of the request target as sent.
fn target_len<B>(request: &Request<B>) -> usize {
    let uri = request.uri();
    match (uri.scheme_str(), uri.authority()) {
        (Some(scheme), Some(authority)) => {
            // `http://host/path`: what follows the authority is the path and query.
            let rest = uri.path_and_query().map_or(0, |p| p.as_str().len());
            scheme.len() + 3 + authority.as_str().len() + rest
        }
        _ => uri.path_and_query().map_or(0, |p| p.as_str().len()),
    }
}

/// Whether a body follows the head. It is never read, so the connection must close.
pub(super) fn has_body<B>(request: &Request<B>) -> bool {
    let headers = request.headers();
    headers.contains_key(TRANSFER_ENCODING)
        || headers
            .get_all(CONTENT_LENGTH)
            .iter()
            .any(|v| v.to_str().ok().and_then(|v| v.trim().parse::<u64>().ok()) != Some(0))
}

/// Whether every `Host` header, if there is one, names this computer.
pub(super) fn from_this_computer<B>(request: &Request<B>) -> bool {
    request
        .headers()
        .get_all(HOST)
        .iter()
        .all(|host| host.to_str().is_ok_and(is_local_name))
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
