//! `leidraad serve`: the command line's address and port made into [`serve::Options`].

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::{Outcome, ServeArgs};
use crate::diagnostics::Style;
use crate::serve;

pub(super) fn run(args: ServeArgs, style: Style, give_back: fn()) -> Outcome {
    let addr = match socket_addr(&args.bind, args.port) {
        Ok(addr) => addr,
        Err(msg) => {
            eprintln!("error: {msg}");
            return Outcome::Usage;
        }
    };
    let options = serve::Options {
        root: args.site.root,
        addr,
        output: args.output,
        drafts: args.site.drafts,
        search: !args.no_search,
        style,
        give_back,
    };
    match serve::run(options) {
        Ok(()) => Outcome::Success,
        Err(err) => {
            eprintln!("error: {err}");
            Outcome::Failure
        }
    }
}

/// The address to listen on: an IP address, or `localhost`. Host names are not looked up,
/// so a typo cannot wait for DNS.
fn socket_addr(bind: &str, port: u16) -> Result<SocketAddr, String> {
    let bind = bind.trim();
    let host = bind
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .unwrap_or(bind);
    if host.eq_ignore_ascii_case("localhost") {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    match host.parse::<IpAddr>() {
        Ok(ip) => Ok(SocketAddr::new(ip, port)),
        Err(_) => Err(format!(
            "`--bind {bind}` is not an IP address; use one such as `127.0.0.1` (the default), `::1` or `0.0.0.0`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bind_addresses() {
        assert_eq!(
            socket_addr("127.0.0.1", 1111).unwrap().to_string(),
            "127.0.0.1:1111"
        );
        assert_eq!(socket_addr("::1", 0).unwrap().to_string(), "[::1]:0");
        assert_eq!(socket_addr("[::1]", 80).unwrap().to_string(), "[::1]:80");
        assert_eq!(
            socket_addr("localhost", 2).unwrap().to_string(),
            "127.0.0.1:2"
        );
        assert!(socket_addr("example.org", 1).is_err());
    }
}
