//! Edits of a page's text that change nothing but what they must: the `source_hash` line of
//! the front matter, and explicit `{#id}`s at the ends of headings and checklist items.
//!
//! Both work on the file's text as it is on disk, byte-order mark and `\r\n` included, and
//! never re-serialise the YAML, so a translator's formatting, comments and line endings stay.
//! Pure: the commands in `command.rs` read and write the files.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::markdown::{is_inline, is_inline_end, Rendered};
use crate::source::Document;

/// Why the front matter of a file could not be edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrontMatterError {
    /// The file does not start with a `---` line.
    Missing,
    /// The `---` block is never closed.
    Unclosed,
}

/// An explicit id to write at the end of a line of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdEdit {
    /// The 0-based line.
    pub line: usize,
    /// The id, written as ` {#id}`.
    pub id: String,
}

/// Sets `source_hash` in the front matter of `text`: replaces the value of an existing
/// top-level `source_hash:` line, or adds `source_hash: <hash>` as the last front-matter line.
/// Every other byte stays as it was.
pub fn set_source_hash(text: &str, hash: &str) -> Result<String, FrontMatterError> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = text[bom..].split_inclusive('\n');
    let first = lines.next().ok_or(FrontMatterError::Missing)?;
    if first.trim_end() != "---" {
        return Err(FrontMatterError::Missing);
    }
    let mut offset = bom + first.len();
    let mut newline = line_ending(first);
    for line in lines {
        let content = line.trim_end();
        if content == "---" || content == "..." {
            let mut out = String::with_capacity(text.len() + hash.len() + 16);
            out.push_str(&text[..offset]);
            out.push_str("source_hash: ");
            out.push_str(hash);
            out.push_str(newline);
            out.push_str(&text[offset..]);
            return Ok(out);
        }
        if let Some(value) = source_hash_value(line) {
            let start = offset + value.start;
            let end = offset + value.end;
            let separator = if value.is_empty() && !line[..value.start].ends_with([' ', '\t']) {
                " "
            } else {
                ""
            };
            return Ok(format!(
                "{}{separator}{hash}{}",
                &text[..start],
                &text[end..]
            ));
        }
        if line.ends_with('\n') {
            newline = line_ending(line);
        }
        offset += line.len();
    }
    Err(FrontMatterError::Unclosed)
}

/// Every heading and checklist item of a document whose id is derived rather than written,
/// with the line its explicit `{#id}` goes at the end of: a heading's last line of text (for
/// `Title` + `===` that is the title's line), an item's last line of text (its first line,
/// unless the text runs on).
pub fn derived_ids(doc: &Document, rendered: &Rendered) -> Vec<IdEdit> {
    let text = &doc.src.text;
    let events = parse(text, doc.body);
    let line_of = |offset: usize| text[..offset].matches('\n').count();
    let mut edits = Vec::new();
    let mut heading = 0;
    let mut item = 0;
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                if id.is_none() {
                    if let Some(h) = rendered.headings.get(heading) {
                        let end = events[i + 1..]
                            .iter()
                            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
                            .map(|(_, r)| r.end)
                            .last();
                        edits.push(IdEdit {
                            line: end.map_or(line_of(range.start), |end| line_of(end - 1)),
                            id: h.id.clone(),
                        });
                    }
                }
                heading += 1;
            }
            Event::TaskListMarker(_) => {
                if let Some(it) = rendered.items.get(item).filter(|it| !it.explicit) {
                    let end = label_end(&events, i);
                    edits.push(IdEdit {
                        line: line_of(end.saturating_sub(1).max(range.start)),
                        id: it.id.clone(),
                    });
                }
                item += 1;
            }
            _ => {}
        }
    }
    edits
}

/// Appends ` {#id}` to lines of `text`, after the line's last non-blank character and before
/// its trailing spaces and line ending.
pub fn add_ids(text: &str, edits: &[IdEdit]) -> String {
    let mut out = String::with_capacity(text.len() + edits.len() * 16);
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let ids: Vec<&str> = edits
            .iter()
            .filter(|e| e.line == n)
            .map(|e| e.id.as_str())
            .collect();
        if ids.is_empty() {
            out.push_str(line);
            continue;
        }
        let content = line.trim_end_matches([' ', '\t', '\r', '\n']);
        out.push_str(content);
        for id in ids {
            out.push_str(" {#");
            out.push_str(id);
            out.push('}');
        }
        out.push_str(&line[content.len()..]);
    }
    out
}

/// Whether every heading of a document has an explicit id.
pub fn headings_all_explicit(doc: &Document) -> bool {
    parse(&doc.src.text, doc.body)
        .iter()
        .all(|(e, _)| !matches!(e, Event::Start(Tag::Heading { id: None, .. })))
}

/// The value of a top-level `source_hash:` line: its byte range in the line (empty when the
/// key has no value), without a trailing comment.
fn source_hash_value(line: &str) -> Option<Range<usize>> {
    let rest = line.strip_prefix("source_hash")?;
    let colon = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let after = rest[colon..].strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with([' ', '\t', '\r', '\n'])) {
        return None;
    }
    let after_start = line.len() - after.len();
    let value_start = after_start + (after.len() - after.trim_start_matches([' ', '\t']).len());
    let value = &line[value_start..];
    let value = match value.find(" #").or_else(|| value.find("\t#")) {
        Some(comment) => &value[..comment],
        None => value,
    };
    let value = value.trim_end_matches([' ', '\t', '\r', '\n']);
    if value.is_empty() {
        return Some(after_start..after_start);
    }
    Some(value_start..value_start + value.len())
}

fn line_ending(line: &str) -> &'static str {
    if line.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The body's events with offsets in the whole text, parsed as `markdown::render` parses it.
fn parse(text: &str, body: usize) -> Vec<(Event<'_>, Range<usize>)> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    Parser::new_ext(&text[body..], options)
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + body..r.end + body))
        .collect()
}

/// Where the text of the task item whose marker is event `marker` ends: at its last inline
/// event before the first block that starts or ends (a nested list, the end of the item).
fn label_end(events: &[(Event<'_>, Range<usize>)], marker: usize) -> usize {
    let mut depth = 0usize;
    let mut end = events[marker].1.end;
    for (event, range) in &events[marker + 1..] {
        match event {
            Event::Start(tag) if is_inline(tag) => depth += 1,
            Event::End(tag) if depth > 0 && is_inline_end(tag) => depth -= 1,
            Event::Start(_) | Event::End(_) if depth == 0 => break,
            _ => {}
        }
        end = end.max(range.end);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{self, Context};
    use crate::source::document_from_text;

    #[track_caller]
    fn check_hash(before: &str, after: &str) {
        assert_eq!(set_source_hash(before, "0123abcd").as_deref(), Ok(after));
    }

    #[test]
    fn adds_the_hash_as_the_last_front_matter_line() {
        check_hash(
            "---\ntitle: A\n---\nBody\n",
            "---\ntitle: A\nsource_hash: 0123abcd\n---\nBody\n",
        );
        check_hash(
            "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n",
            "\u{feff}---\r\ntitle: A\r\nsource_hash: 0123abcd\r\n---\r\nBody\r\n",
        );
        check_hash("---\n---\n", "---\nsource_hash: 0123abcd\n---\n");
        check_hash(
            "---\ntitle: A\n# note\n...\nBody",
            "---\ntitle: A\n# note\nsource_hash: 0123abcd\n...\nBody",
        );
    }

    #[test]
    fn replaces_only_the_value_of_an_existing_line() {
        check_hash(
            "---\ntitle: A\nsource_hash: ffff\nweight: 2\n---\n",
            "---\ntitle: A\nsource_hash: 0123abcd\nweight: 2\n---\n",
        );
        check_hash(
            "---\r\nsource_hash:   ffff  # old\r\n---\r\n",
            "---\r\nsource_hash:   0123abcd  # old\r\n---\r\n",
        );
        check_hash(
            "---\nsource_hash:\ntitle: A\n---\n",
            "---\nsource_hash: 0123abcd\ntitle: A\n---\n",
        );
        check_hash(
            "---\nsource_hash: \"ffff\"\n---\n",
            "---\nsource_hash: 0123abcd\n---\n",
        );
        // Not the key: nested, commented out, or another key that starts the same.
        check_hash(
            "---\n  source_hash: x\n# source_hash: y\nsource_hashes: z\n---\n",
            "---\n  source_hash: x\n# source_hash: y\nsource_hashes: z\nsource_hash: 0123abcd\n---\n",
        );
    }

    #[test]
    fn needs_front_matter() {
        assert_eq!(
            set_source_hash("# Title\n", "x"),
            Err(FrontMatterError::Missing)
        );
        assert_eq!(
            set_source_hash("---\ntitle: A\n", "x"),
            Err(FrontMatterError::Unclosed)
        );
        assert_eq!(set_source_hash("", "x"), Err(FrontMatterError::Missing));
    }

    /// The text with explicit ids for every derived one, and the ids before and after.
    fn explicit(text: &str) -> String {
        let render = |doc: &Document| {
            markdown::render(
                &doc.src,
                doc.body,
                Context {
                    item_stem: "stap",
                    guide: "gids",
                    ..Default::default()
                },
            )
            .0
        };
        let doc = document_from_text("nl", "gids/01-stap.md", text).unwrap();
        let before = render(&doc);
        let edited = add_ids(text, &derived_ids(&doc, &before));
        let doc = document_from_text("nl", "gids/01-stap.md", &edited).unwrap();
        let after = render(&doc);
        assert_eq!(before.headings, after.headings, "heading ids changed");
        assert_eq!(
            before.items.iter().map(|i| &i.id).collect::<Vec<_>>(),
            after.items.iter().map(|i| &i.id).collect::<Vec<_>>(),
            "item ids changed"
        );
        assert!(after.items.iter().all(|i| i.explicit), "{edited}");
        assert!(headings_all_explicit(&doc), "{edited}");
        edited
    }

    #[test]
    fn makes_derived_ids_explicit_and_keeps_them() {
        assert_eq!(
            explicit("---\ntitle: A\n---\n## Waarom  \n\n- [ ] Bel\n- [ ] Schrijf {#schrijf}\n"),
            "---\ntitle: A\n---\n## Waarom {#waarom}  \n\n- [ ] Bel {#stap-1}\n- [ ] Schrijf {#schrijf}\n"
        );
        assert_eq!(
            explicit("---\r\ntitle: A\r\n---\r\n# Kop #\r\nKop\r\n===\r\n"),
            "---\r\ntitle: A\r\n---\r\n# Kop # {#kop}\r\nKop {#kop-1}\r\n===\r\n"
        );
        assert_eq!(
            explicit("---\ntitle: A\n---\n- [ ] Lees [dit](x.md)\n  en *dat*\n  - [ ] Genest\n> - [x] `code`\n"),
            "---\ntitle: A\n---\n- [ ] Lees [dit](x.md)\n  en *dat* {#stap-1}\n  - [ ] Genest {#stap-2}\n> - [x] `code` {#stap-3}\n"
        );
        let unchanged = "---\ntitle: A\n---\n## Kop {#kop}\n\n- [ ] Bel {#bel}\n";
        assert_eq!(explicit(unchanged), unchanged);
    }
}
