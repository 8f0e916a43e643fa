//! How deeply a body nests, found before anything slow reads it.

use std::ops::Range;

use pulldown_cmark::Event;

/// How deep a body may nest: lists in lists, quotes in quotes, emphasis in links, raw HTML
/// elements in each other. Guidance hardly needs five levels; browsers flatten what goes
/// deeper than 512; and the HTML parser of the sanitiser and the search indexer take time
/// that grows with the square of the depth (100,000 levels took most of a minute).
pub const MAX_NESTING: usize = 100;

/// Where the body first nests deeper than [`MAX_NESTING`], if it does.
pub(super) fn too_deep(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
    let mut depth = 0usize;
    for (event, range) in events {
        let deepest = match event {
            Event::Start(_) => {
                depth += 1;
                depth
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                depth
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let (after, deepest) = raw_html_depth(html, depth);
                depth = after;
                deepest
            }
            _ => depth,
        };
        if deepest > MAX_NESTING {
            return Some(range.start);
        }
    }
    None
}

/// The depth after a piece of raw HTML that starts at `depth`, and the deepest it reaches:
/// every start tag opens a level and every end tag closes one, except the elements that have
/// no end (`<br>`, `<img>`, …) and tags closed in themselves (`<x/>`).
pub(super) fn raw_html_depth(html: &str, mut depth: usize) -> (usize, usize) {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = html.as_bytes();
    let mut deepest = depth;
    for lt in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[lt + 1..];
        if rest.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name_len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !rest[0].is_ascii_alphabetic() {
            continue;
        }
        let name = &html[lt + 1..lt + 1 + name_len];
        let closed_in_itself = memchr::memchr(b'>', &rest[name_len..])
            .is_some_and(|gt| gt > 0 && rest[name_len + gt - 1] == b'/');
        if !closed_in_itself && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    (depth, deepest)
}
