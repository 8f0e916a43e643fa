//! The tags of raw HTML that authors write into Markdown, read just far enough to find the
//! attributes leidraad cares about: the URLs (`href`, `src`, `srcset`, `poster`) that join
//! the link graph, the ids that links may point at, and what deserves a warning (`markdown`
//! attributes, images without `alt`).
//!
//! This is no HTML parser: it reads start tags and their attributes the way a browser
//! tokenises them (quoted, single-quoted and unquoted values, comments skipped) and ignores
//! everything else. The sanitiser still cleans the finished text.

use std::ops::Range;

/// A start tag.
#[derive(Debug, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The element name, lowercased.
    pub name: String,
    /// Where the tag is, from `<` to `>` (or the end of the text when it is not closed).
    pub range: Range<usize>,
    /// Its attributes, in order.
    pub attrs: Vec<Attr<'a>>,
}

/// An attribute of a start tag.
#[derive(Debug, PartialEq, Eq)]
pub struct Attr<'a> {
    /// The attribute name, lowercased.
    pub name: String,
    /// The value as written (entities not yet decoded); empty when there is none.
    pub value: &'a str,
    /// Where the value is, without its quotes; where the name ends when there is no value.
    pub value_range: Range<usize>,
    /// Where the whole attribute is, name to closing quote.
    pub range: Range<usize>,
}

impl Tag<'_> {
    /// The attribute `name`, if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&Attr<'_>> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Every start tag of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            at = match comment.find("-->") {
                Some(end) => lt + 4 + end + 3,
                None => html.len(),
            };
            continue;
        }
        if !rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
            at = lt + 1;
            continue;
        }
        let (tag, end) = read_tag(html, lt);
        // The text of these elements is not markup: a `<img>` inside `<style>` is no image.
        at = if is_raw_text(&tag.name) {
            find_end_tag(html, end, &tag.name)
        } else {
            end
        };
        tags.push(tag);
    }
    tags
}

/// Elements that hide everything after them until they are closed: the raw-text elements,
/// whose content a browser reads as text up to their end tag (the first nine), and
/// `<noscript>` and `<template>`, whose content is not shown.
const SWALLOWING: [&str; 11] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
    "noscript",
    "template",
];

/// Whether an element's content is text up to its end tag, not markup.
fn is_raw_text(name: &str) -> bool {
    SWALLOWING[..9].contains(&name)
}

/// An opening or closing of an element that hides what follows it until it is closed.
#[derive(Debug, PartialEq, Eq)]
pub enum Swallow {
    /// `<name …>`, at this range of the text, not closed in the text.
    Open(&'static str, Range<usize>),
    /// `</name`.
    Close(&'static str),
    /// `<!--` with no `-->` after it.
    Comment(Range<usize>),
}

/// The elements of `html` that hide what follows them and are not closed in it, and the end
/// tags that may close those of earlier text, in order. A raw-text element closed in the same
/// text, and a whole comment, are left out: they hide nothing they should not.
pub fn swallowing(html: &str) -> Vec<Swallow> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            match comment.find("-->") {
                Some(end) => at = lt + 4 + end + 3,
                None => {
                    found.push(Swallow::Comment(lt..lt + 4));
                    return found;
                }
            }
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = &html[name_start..name_start + name_len];
        at = name_start + name_len;
        let Some(&known) = SWALLOWING.iter().find(|s| s.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if closing {
            found.push(Swallow::Close(known));
            continue;
        }
        let (tag, end) = read_tag(html, lt);
        if known == "template" {
            at = end;
            found.push(Swallow::Open(known, tag.range));
            continue;
        }
        let close = find_end_tag(html, end, known);
        if close == html.len()
            && !html[end..]
                .to_ascii_lowercase()
                .ends_with(&format!("</{known}"))
        {
            // Everything after it is its text.
            found.push(Swallow::Open(known, tag.range));
            return found;
        }
        at = close;
    }
    found
}

/// Where the end tag `</name` after `from` ends, or the end of the text.
fn find_end_tag(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        let after = lt + 2 + name.len();
        if bytes.get(lt + 1) == Some(&b'/')
            && html
                .get(lt + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return after;
        }
        at = lt + 1;
    }
    html.len()
}

/// Reads the start tag at `lt`; returns it and where it ends.
fn read_tag(html: &str, lt: usize) -> (Tag<'_>, usize) {
    let bytes = html.as_bytes();
    let name_end = lt
        + 1
        + bytes[lt + 1..]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>'))
            .count();
    let mut tag = Tag {
        name: html[lt + 1..name_end].to_ascii_lowercase(),
        range: lt..html.len(),
        attrs: Vec::new(),
    };
    let mut i = name_end;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (tag, html.len());
        }
        if bytes[i] == b'>' {
            tag.range.end = i + 1;
            return (tag, i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'/' | b'>' | b'=')
        {
            i += 1;
        }
        // A lone `=` (as in `<a =x>`) is read as part of a name, as browsers do.
        if i == name_start {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            tag.attrs.push(Attr {
                name,
                value: "",
                value_range: i..i,
                range: name_start..i,
            });
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (value_range, end) = match bytes.get(j) {
            Some(&quote @ (b'"' | b'\'')) => match memchr::memchr(quote, &bytes[j + 1..]) {
                Some(len) => (j + 1..j + 1 + len, j + 2 + len),
                None => (j + 1..html.len(), html.len()),
            },
            _ => {
                let len = bytes[j..]
                    .iter()
                    .take_while(|b| !b.is_ascii_whitespace() && **b != b'>')
                    .count();
                (j..j + len, j + len)
            }
        };
        tag.attrs.push(Attr {
            name,
            value: &html[value_range.clone()],
            value_range,
            range: name_start..end,
        });
        i = end;
    }
}

/// The URLs of a `srcset` value, each with its range inside the value.
pub fn srcset_urls(value: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    let mut at = 0;
    for candidate in value.split(',') {
        let start = at + (candidate.len() - candidate.trim_start().len());
        let len = candidate
            .trim_start()
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(candidate.trim_start().len());
        if len > 0 {
            urls.push(start..start + len);
        }
        at += candidate.len() + 1;
    }
    urls
}

/// An attribute value with its character references decoded, as a browser reads it.
pub fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (decoded, len) = reference(rest);
        match decoded {
            Some(text) => out.push_str(&text),
            None => out.push_str(&rest[..len]),
        }
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// The character reference at the start of `text` (which starts with `&`): what it reads as,
/// if it is one, and how many bytes it takes. Browsers read numeric references without their
/// `;` too (`&#106ava`); named ones come from the HTML5 table.
fn reference(text: &str) -> (Option<String>, usize) {
    if let Some(after) = text.strip_prefix("&#") {
        let (radix, skip) = match after.as_bytes().first() {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let digits = &text[skip..];
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let c = u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32);
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return match c {
            Some(c) => (Some(c.to_string()), skip + len + semicolon),
            None => (None, 1),
        };
    }
    let name_len = text[1..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(text.len() - 1);
    if text[1 + name_len..].starts_with(';') {
        let reference = &text[..name_len + 2];
        let decoded = html_escape::decode_html_entities(reference);
        if decoded != reference {
            return (Some(decoded.into_owned()), reference.len());
        }
    }
    (None, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(html: &str) -> Vec<(String, Vec<(String, &str)>)> {
        tags(html)
            .into_iter()
            .map(|t| {
                let attrs = t.attrs.iter().map(|a| (a.name.clone(), a.value)).collect();
                (t.name, attrs)
            })
            .collect()
    }

    #[test]
    fn reads_attributes_as_browsers_do() {
        assert_eq!(
            attrs(r#"<IMG SRC="a.png" alt='x y' width=3 hidden>"#),
            [(
                "img".to_owned(),
                vec![
                    ("src".to_owned(), "a.png"),
                    ("alt".to_owned(), "x y"),
                    ("width".to_owned(), "3"),
                    ("hidden".to_owned(), "")
                ]
            )]
        );
        assert_eq!(
            attrs("<a\n  href = \"b.md\"\n>x</a> <br/>"),
            [
                ("a".to_owned(), vec![("href".to_owned(), "b.md")]),
                ("br".to_owned(), vec![])
            ]
        );
        // Comments, end tags and a lone `<` are not tags.
        assert_eq!(attrs(r#"<!-- <a href="x"> --> a < b </p>"#), []);
        // Nor is what raw-text elements hold.
        assert_eq!(
            attrs(r#"<style><img src=x></STYLE><b>"#),
            [("style".to_owned(), vec![]), ("b".to_owned(), vec![])]
        );
        // An unclosed tag or value ends with the text.
        assert_eq!(
            attrs(r#"<a href="x"#),
            [("a".to_owned(), vec![("href".to_owned(), "x")])]
        );
    }

    #[test]
    fn value_ranges_point_into_the_text() {
        let html = r#"<img src='a.png' srcset="b.png 2x, c.png 3x">"#;
        let tag = &tags(html)[0];
        assert_eq!(&html[tag.attrs[0].value_range.clone()], "a.png");
        let srcset = tag.attr("srcset").unwrap();
        let urls: Vec<&str> = srcset_urls(srcset.value)
            .into_iter()
            .map(|r| &srcset.value[r])
            .collect();
        assert_eq!(urls, ["b.png", "c.png"]);
        assert_eq!(tag.range, 0..html.len());
    }

    #[test]
    fn finds_what_hides_the_rest_of_the_page() {
        use Swallow::*;
        assert_eq!(
            swallowing("<style>a{}</style><script>x</script><!-- c -->"),
            []
        );
        assert_eq!(
            swallowing("<p><STYLE>a{}\n\n- [ ] b"),
            [Open("style", 3..10)]
        );
        assert_eq!(swallowing("x <!-- y"), [Comment(2..6)]);
        assert_eq!(
            swallowing("<template><b>x</b></textarea>"),
            [Open("template", 0..10), Close("textarea")]
        );
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(decode("a.md?x=1&amp;y=2"), "a.md?x=1&y=2");
        assert_eq!(decode("&#106;ava&#x73;cript"), "javascript");
        assert_eq!(decode("a & b &unknown;"), "a & b &unknown;");
        assert_eq!(decode("java&Tab;script&colon;"), "java\tscript:");
        assert_eq!(decode("&#106ava"), "java");
        assert_eq!(decode("&#38;amp;"), "&amp;");
    }
}
