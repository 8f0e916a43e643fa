//! Answers a request from the current [`State`]: a file of the last good build, a redirect,
//! 404, or one of leidraad's own addresses under `/__leidraad/`.
//!
//! A request path is only ever a key into the build's files in memory, never a path on disk:
//! it is percent-decoded, then refused when any segment is `.`, `..` or empty, or holds a
//! backslash, NUL or another control character. Files that a build copies from the site are
//! read from the path the build recorded, and only while that is still a regular file.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use crate::output::Contents;

use super::http::{Body, Request, Response};
use super::live::Hub;
use super::overlay;
use super::site::State;
use super::snapshot::Lookup;

/// The addresses of leidraad itself; a site's own files never start with this.
const PREFIX: &str = "/__leidraad/";

/// A request path that names a file of the site.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SitePath {
    /// The decoded path without its leading slash: `nl/over`.
    pub(crate) key: String,
    /// Whether it ends in a slash (or is `/`): it names a folder's `index.html`.
    pub(crate) folder: bool,
}

/// Why a request target cannot name a file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not a path, or broken percent-encoding.
    BadRequest,
    /// A path that could leave the site, or can never be one of its files.
    NotFound,
}

/// The response to `request`, given what is served now.
pub(crate) fn respond(state: &State, hub: &Arc<Hub>, request: &Request) -> Response {
    if request.method != "GET" && request.method != "HEAD" {
        return Response::text(405, "leidraad serve only answers GET and HEAD")
            .header("Allow", "GET, HEAD");
    }
    let path = path_of(&request.target);
    if let Some(name) = path.strip_prefix(PREFIX) {
        return match name {
            "status" => status(state),
            "events" => events(hub),
            _ => Response::text(404, "no such address"),
        };
    }
    let site_path = match parse_path(path) {
        Ok(p) => p,
        Err(Refused::BadRequest) => return Response::text(400, "this is not a valid path"),
        Err(Refused::NotFound) => return not_found(state),
    };
    let Some(good) = &state.good else {
        return Response::new(500, HTML, overlay::error_page(state));
    };
    match good.site.lookup(&site_path.key, site_path.folder) {
        Lookup::File(key, contents) => match body(state, key, contents) {
            Some(response) => response,
            None => not_found(state),
        },
        Lookup::Folder => {
            let query = request
                .target
                .split_once('?')
                .map_or(String::new(), |(_, q)| format!("?{q}"));
            Response::text(301, "this page is a folder")
                .header("Location", format!("{path}/{query}"))
        }
        Lookup::Missing => match moved_to(state, path) {
            // A page that moved (a new `slug:`): a tab that asks for its old address, whatever
            // build it missed, gets to the new one.
            Some(to) => Response::text(302, "this page moved").header("Location", to),
            None => not_found(state),
        },
    }
}

/// Where the page that was at `path` is now, if it moved since the preview started.
fn moved_to(state: &State, path: &str) -> Option<String> {
    let page = path.strip_suffix("index.html").unwrap_or(path);
    state.moved.get(page).cloned()
}

const HTML: &str = "text/html; charset=utf-8";

/// The path of a request target: without query and fragment, and without scheme and host
/// when the target is a whole URL.
fn path_of(target: &str) -> &str {
    let mut path = target;
    for scheme in ["http://", "https://"] {
        if let Some(rest) = target.strip_prefix(scheme) {
            path = rest.find('/').map_or("/", |i| &rest[i..]);
        }
    }
    let end = path.find(['?', '#']).unwrap_or(path.len());
    &path[..end]
}

/// Decodes a request path into a key of the build's files, refusing anything that is not
/// plainly a path inside the site.
pub(crate) fn parse_path(path: &str) -> Result<SitePath, Refused> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refused::BadRequest);
    };
    let decoded = percent_decode(rest).ok_or(Refused::BadRequest)?;
    let decoded = String::from_utf8(decoded).map_err(|_| Refused::NotFound)?;
    let (body, folder) = match decoded.strip_suffix('/') {
        Some(body) => (body, true),
        None => (decoded.as_str(), decoded.is_empty()),
    };
    if !body.is_empty() {
        for segment in body.split('/') {
            let plain = !segment.is_empty()
                && segment != "."
                && segment != ".."
                && !segment.chars().any(|c| c == '\\' || c.is_control());
            if !plain {
                return Err(Refused::NotFound);
            }
        }
    }
    Ok(SitePath {
        key: body.to_owned(),
        folder,
    })
}

/// `%xx` to bytes; `None` for a `%` without two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The response for one file of the build; `None` when a copied file is gone from disk.
fn body(state: &State, key: &str, contents: &Contents) -> Option<Response> {
    let content_type = content_type(key);
    let is_html = content_type == HTML;
    let bytes: Cow<'static, [u8]> = match contents {
        // A page gets the live-reload script on its way out: copied once, with it.
        Contents::Copy(path) if is_html => Cow::Owned(overlay::inject(&read_copied(path)?, state)),
        _ if is_html => Cow::Owned(overlay::inject(contents.in_memory()?, state)),
        Contents::Bytes(bytes) => Cow::Owned(bytes.clone()),
        Contents::Shared(bytes) => Cow::Owned(bytes.to_vec()),
        Contents::Static(bytes) => Cow::Borrowed(bytes),
        Contents::Svg(path) => Cow::Owned(crate::svg::sanitize(&read_copied(path)?)),
        Contents::Copy(path) => {
            let file = open_copied(path)?;
            let len = file.metadata().ok()?.len();
            return Some(Response {
                status: 200,
                headers: headers(content_type),
                body: Body::File(file, len),
            });
        }
    };
    Some(Response {
        status: 200,
        headers: headers(content_type),
        body: Body::Bytes(bytes),
    })
}

/// Opens a file that the build copies from the site, as long as it is still a regular file:
/// since the build it may have been replaced by a symbolic link, which the build that the
/// change starts will refuse, but which must not be followed before that.
fn open_copied(path: &Path) -> Option<File> {
    if !fs::symlink_metadata(path).ok()?.file_type().is_file() {
        return None;
    }
    File::open(path).ok()
}

fn read_copied(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    open_copied(path)?.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The site's `404.html`, or a plain text when there is none.
fn not_found(state: &State) -> Response {
    let page = state
        .good
        .as_ref()
        .and_then(|g| g.site.get("404.html"))
        .and_then(|contents| match contents {
            Contents::Copy(path) => read_copied(path).map(Cow::Owned),
            Contents::Svg(path) => {
                read_copied(path).map(|svg| Cow::Owned(crate::svg::sanitize(&svg)))
            }
            _ => contents.in_memory().map(Cow::Borrowed),
        });
    match page {
        Some(page) => Response::new(404, HTML, overlay::inject(&page, state)),
        None if state.good.is_none() => Response::new(404, HTML, overlay::error_page(state)),
        None => Response::text(404, "there is no page at this address"),
    }
}

/// `{ "ok": bool, "build": n, "diagnostics": [...] }`.
fn status(state: &State) -> Response {
    let json = format!(
        "{{\"ok\": {}, \"build\": {}, \"diagnostics\": {}}}\n",
        state.ok,
        state.build,
        state.diagnostics_json.trim_end()
    );
    Response::new(200, "application/json", json.into_bytes())
}

fn events(hub: &Arc<Hub>) -> Response {
    match hub.listen() {
        Some(listener) => Response {
            status: 200,
            headers: Vec::new(),
            body: Body::Events(listener),
        },
        None => Response::text(503, "too many pages are listening for changes")
            .header("Retry-After", "5"),
    }
}

fn headers(content_type: &str) -> Vec<(&'static str, String)> {
    vec![("Content-Type", content_type.to_owned())]
}

/// The media type of a file, by its extension.
pub(crate) fn content_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(path: &str, expected: Result<(&str, bool), Refused>) {
        let actual = parse_path(path_of(path)).map(|p| (p.key, p.folder));
        let expected = expected.map(|(k, f)| (k.to_owned(), f));
        assert_eq!(actual, expected, "{path}");
    }

    #[test]
    fn decodes_paths_into_keys() {
        check("/", Ok(("", true)));
        check("/nl/", Ok(("nl", true)));
        check("/nl", Ok(("nl", false)));
        check("/nl/over/?x=1#y", Ok(("nl/over", true)));
        check("/style.css?v=2", Ok(("style.css", false)));
        check("/ar/%D8%AF%D9%84%D9%8A%D9%84/", Ok(("ar/دليل", true)));
        check("/a%20b.png", Ok(("a b.png", false)));
        check("http://127.0.0.1:1111/nl/", Ok(("nl", true)));
        check("http://127.0.0.1:1111", Ok(("", true)));
        check("/%252e%252e/x", Ok(("%2e%2e/x", false)));
    }

    #[test]
    fn refuses_paths_that_could_leave_the_site() {
        for path in [
            "/../etc/passwd",
            "/..",
            "/nl/../../site.yaml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/site.yaml",
            "/nl/..%2f..%2fsite.yaml",
            "/nl/%2e%2e%2f%2e%2e%2fsite.yaml",
            "/nl/./over/",
            "//etc/passwd",
            "/nl//over/",
            "/%2fetc/passwd",
            "/..%5c..%5csite.yaml",
            "/nl\\..\\site.yaml",
            "/index.html%00.png",
            "/a%0d%0aSet-Cookie:x",
            "/%ff%fe",
        ] {
            check(path, Err(Refused::NotFound));
        }
        for path in ["*", "nl/", "/%", "/%2", "/%zz"] {
            check(path, Err(Refused::BadRequest));
        }
    }

    #[test]
    fn knows_content_types() {
        assert_eq!(content_type("nl/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("leidraad.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("nl/a.SVG"), "image/svg+xml");
        assert_eq!(content_type("a.JPG"), "image/jpeg");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("nl.d/README"), "application/octet-stream");
        assert_eq!(content_type("x.bin"), "application/octet-stream");
    }
}
