//! Where the links of a line of the old site are: the targets of Markdown links, reference
//! definitions and HTML attributes, and the autolinks to the old site's own address.

use super::links::{Linker, Rewritten, Target, DONE};

/// One link in a line: the byte range of its target, and the target.
pub(super) fn targets(line: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    // Markdown: `](target)` and `](target "title")`.
    for (at, _) in line.match_indices("](") {
        let start = at + 2;
        let rest = &line[start..];
        let (start, rest) = match rest.strip_prefix('<') {
            Some(r) => (start + 1, r),
            None => (start, rest),
        };
        // A Liquid value before the path (`{{ site.baseurl }}/x/`) has spaces of its own.
        let skip = match rest.strip_prefix("{{") {
            Some(r) => r.find("}}").map_or(0, |i| i + 4),
            None => 0,
        };
        let end = rest[skip..]
            .find([')', ' ', '>'])
            .map_or(rest.len(), |i| i + skip);
        found.push((start, start + end));
    }
    // Reference definitions: `[label]: target`.
    let trimmed = line.trim_start();
    if trimmed.starts_with('[') {
        if let Some(i) = trimmed.find("]:") {
            let start = line.len() - trimmed.len() + i + 2;
            let value = &line[start..];
            let lead = value.len() - value.trim_start().len();
            let end = value
                .trim_start()
                .find(' ')
                .unwrap_or(value.trim_start().len());
            found.push((start + lead, start + lead + end));
        }
    }
    // HTML: `href="…"`, `src="…"`.
    for attr in ["href=\"", "src=\"", "href='", "src='"] {
        let quote = &attr[attr.len() - 1..];
        for (at, _) in line.match_indices(attr) {
            let start = at + attr.len();
            // Liquid runs before HTML is read: `href="{{ "/x/" | relative_url }}"`.
            let skip = match line[start..].strip_prefix("{{") {
                Some(r) => r.find("}}").map_or(0, |i| i + 4),
                None => 0,
            };
            if let Some(end) = line[start + skip..].find(quote) {
                found.push((start, start + skip + end));
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// `<https://www.example.org/a.html>` of the old site's own address, when it is a page: the
/// address stays the text, and the link goes to the page (`[https://…](../a.md)`).
pub(super) fn autolinks(line: &str, from: &Linker<'_>, out: &mut Rewritten) -> String {
    let mut text = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("<http") {
        text.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after
            .find(['>', ' ', '<'])
            .filter(|&e| after[e..].starts_with('>'));
        // Only a link into the old site resolves to a page: any other with a scheme is kept.
        let page = end.and_then(|end| match from.resolve(&after[..end]) {
            Target::Page(link) => Some((end, link)),
            _ => None,
        });
        match page {
            Some((end, link)) => {
                out.links += 1;
                text.push_str(&format!("[{}]({DONE}{link})", &after[..end]));
                rest = &after[end + 1..];
            }
            None => {
                text.push('<');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}
