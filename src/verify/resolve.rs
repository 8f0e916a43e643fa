//! URLs of the output resolved as a browser resolves them, against the page that holds them.

use super::*;

/// What a URL as written is relative to, without resolving it.
pub(super) enum Base<'u> {
    /// The document's folder.
    Doc,
    /// The output root: the URL is absolute, under `base_url` or its path, and this is the
    /// rest of it.
    Root(&'u [u8]),
}

/// What a URL is relative to; `None` when it is not the site's (another site, `mailto:`,
/// `data:`, `//host`) or nothing (empty, a bare `#`). Only a URL that starts like an absolute
/// one is looked at closely; anything odd is left to [`resolve`].
pub(super) fn relative_to<'u>(url: &'u [u8], site: &SiteBase) -> Option<Base<'u>> {
    match url.first() {
        None => None,
        Some(b'#') if url.len() == 1 => None,
        Some(b'/') => {
            if matches!(url.get(1), Some(b'/' | b'\\')) {
                return None;
            }
            match site.path.as_deref() {
                Some(base) => under(url, base).map(Base::Root),
                None => Some(Base::Root(&url[1..])),
            }
        }
        Some(c) if c.is_ascii_alphabetic() && has_scheme(url) => site
            .url
            .as_deref()
            .and_then(|base| under(url, base))
            .map(Base::Root),
        Some(_) => Some(Base::Doc),
    }
}

/// The rest of `url` after `base` (which ends in `/`), when it starts with it; `base` without
/// its `/` is the root itself.
pub(super) fn under<'u>(url: &'u [u8], base: &[u8]) -> Option<&'u [u8]> {
    let root = base.strip_suffix(b"/").unwrap_or(base);
    let rest = url.strip_prefix(root)?;
    match rest {
        [b'/', rest @ ..] => Some(rest),
        [] | [b'?' | b'#', ..] => Some(rest),
        _ => None,
    }
}

/// Where a URL written in a page leads.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Dest<'u> {
    /// Not a file of this site (another site, `mailto:`, `data:`, …) or nothing to verify (an
    /// empty URL, a bare `#`, a query of the page itself).
    Outside,
    /// A file of the output, whose path is in the buffer, and the fragment, if any, as written.
    File { fragment: Option<&'u [u8]> },
    /// A relative path that climbs out of the output folder.
    AboveRoot,
}

/// Resolves `url`, written in the document at output path `doc` (`nl/gids/index.html`), into
/// the path of an output file, written into `out`: relative to the document's folder, dot
/// segments removed, the query left out, percent-decoded, `index.html` added to a folder.
pub(super) fn resolve<'u>(
    doc: &[u8],
    url: &'u [u8],
    site: &SiteBase,
    out: &mut Vec<u8>,
) -> Dest<'u> {
    out.clear();
    let url = trim(url);
    let (rest, fragment) = path_and_fragment(url);
    if rest.is_empty() {
        if url.is_empty() || (url[0] == b'#' && fragment.is_none()) {
            return Dest::Outside;
        }
        out.extend_from_slice(doc);
        return Dest::File { fragment };
    }
    let Some((from, path)) = start(doc, rest, site) else {
        return Dest::Outside;
    };
    out.extend_from_slice(from);
    if !push_path(out, path) {
        return Dest::AboveRoot;
    }
    Dest::File { fragment }
}

/// A URL without the leading and trailing spaces and control characters that browsers strip.
fn trim(url: &[u8]) -> &[u8] {
    let start = url.iter().position(|&c| c > b' ').unwrap_or(url.len());
    let end = url.iter().rposition(|&c| c > b' ').map_or(start, |e| e + 1);
    &url[start..end]
}

/// A URL's part before its query, and its fragment (`None` when there is none, or it is
/// empty).
fn path_and_fragment(url: &[u8]) -> (&[u8], Option<&[u8]>) {
    let (rest, fragment) = match find_byte(url, b'#') {
        Some(hash) => (
            &url[..hash],
            Some(&url[hash + 1..]).filter(|f| !f.is_empty()),
        ),
        None => (url, None),
    };
    (find_byte(rest, b'?').map_or(rest, |q| &rest[..q]), fragment)
}

/// Where the path `rest` (not empty, without query or fragment), written in the document at
/// `doc`, starts: the folder it is relative to (the output root or the document's folder), and
/// the path from there. `None` when it is not the site's.
fn start<'u, 'd>(doc: &'d [u8], rest: &'u [u8], site: &SiteBase) -> Option<(&'d [u8], &'u [u8])> {
    let first = rest[0];
    // Inside `base_url` (`https://example.org/gids/`), or its path (`/gids/`) for `/…`:
    // relative to the output root; `/gids` is the root itself.
    if first.is_ascii_alphabetic() && has_scheme(rest) {
        return under(rest, site.url.as_deref()?).map(|path| (&[][..], path));
    }
    if first == b'/' || first == b'\\' {
        if matches!(rest.get(1), Some(b'/' | b'\\')) {
            // `//host/…`: another site.
            return None;
        }
        return match site.path.as_deref() {
            // Elsewhere on the site's host than under `base_url`'s path: not the site's.
            Some(base) => under(rest, base).map(|path| (&[][..], path)),
            None => Some((&[], &rest[1..])),
        };
    }
    let folder = memchr::memrchr(b'/', doc).map_or(&[][..], |slash| &doc[..=slash]);
    Some((folder, rest))
}

/// Pushes the segments of `path` onto the folder in `out`, each followed by `/`, with `.` and
/// `..` removed and `%XX` decoded; then `index.html` when it names a folder, or else without
/// the last `/`. `false` when a `..` climbs out of the output folder.
fn push_path(out: &mut Vec<u8>, path: &[u8]) -> bool {
    let mut folder = false;
    let mut rest = Some(path);
    while let Some(part) = rest {
        let (part, last) = match find_byte(part, b'/') {
            Some(slash) => {
                rest = Some(&part[slash + 1..]);
                (&part[..slash], false)
            }
            None => {
                rest = None;
                (part, true)
            }
        };
        match part {
            b"" => folder = last,
            [b'.' | b'%', ..] if is_dot(part) => folder = last,
            [b'.' | b'%', ..] if is_dot_dot(part) => {
                if out.is_empty() {
                    return false;
                }
                out.pop();
                let keep = memchr::memrchr(b'/', out).map_or(0, |slash| slash + 1);
                out.truncate(keep);
                folder = last;
            }
            part => {
                if find_byte(part, b'%').is_some() {
                    push_decoded(out, part);
                } else {
                    out.extend_from_slice(part);
                }
                out.push(b'/');
                folder = false;
            }
        }
    }
    if folder || out.is_empty() {
        out.extend_from_slice(b"index.html");
    } else {
        out.pop();
    }
    true
}

/// Whether a segment of a path is `.`, as written or percent-encoded.
fn is_dot(part: &[u8]) -> bool {
    matches!(part, b"." | b"%2e" | b"%2E")
}

/// Whether a segment of a path is `..`, as written or percent-encoded.
fn is_dot_dot(part: &[u8]) -> bool {
    matches!(
        part,
        b".." | b".%2e" | b".%2E" | b"%2e." | b"%2E." | b"%2e%2e" | b"%2E%2E"
    )
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `data:`).
pub(super) fn has_scheme(url: &[u8]) -> bool {
    match url
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))
    {
        Some(colon) => colon > 0 && url[colon] == b':' && url[0].is_ascii_alphabetic(),
        None => false,
    }
}
