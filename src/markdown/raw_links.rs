//! Raw HTML in the link graph: the URLs of raw HTML become link placeholders like Markdown
//! links, its `id`s anchors of the page, and what migrated content gets wrong a warning.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::ids::Taken;
use super::{placeholder, push_placeholder, raw_html, Link, Renderer};
use crate::diagnostics::{Code, Diagnostic};

impl Renderer<'_, '_> {
    /// Makes raw HTML part of the link graph: every `href`, `src`, `srcset` and `poster` in
    /// it becomes a link placeholder, resolved and checked like a Markdown link. Runs before
    /// anything counts the Markdown links, so raw links take the first numbers. Returns the
    /// `id`s the raw HTML gives, with where they are; warns about what migrated content often
    /// gets wrong (`markdown="1"`, images without `alt`).
    pub(super) fn raw_html_links(&mut self) -> Vec<(String, Range<usize>)> {
        let mut ids = Vec::new();
        let mut open: Vec<(&'static str, Range<usize>)> = Vec::new();
        let mut i = 0;
        while i < self.events.len() {
            let block = match &self.events[i].0 {
                Event::Html(_) => true,
                Event::InlineHtml(_) => false,
                _ => {
                    i += 1;
                    continue;
                }
            };
            // An HTML block arrives a line at a time, and a tag may span lines: read the
            // block's lines as one text, and leave the others empty.
            let mut end = i + 1;
            while block && matches!(self.events.get(end), Some((Event::Html(_), _))) {
                end += 1;
            }
            let mut text = String::new();
            let mut segments = Vec::with_capacity(end - i);
            for (event, range) in &self.events[i..end] {
                if let Event::Html(h) | Event::InlineHtml(h) = event {
                    segments.push(Segment::new(&self.src.text, text.len(), h, range));
                    text.push_str(h);
                }
            }
            for found in raw_html::swallowing(&text) {
                match found {
                    raw_html::Swallow::Open(name, range) => {
                        open.push((name, Segment::source(&segments, range)));
                    }
                    raw_html::Swallow::Close(name) => {
                        if let Some(at) = open.iter().rposition(|(n, _)| *n == name) {
                            open.remove(at);
                        }
                    }
                    raw_html::Swallow::Comment(range) => {
                        let range = Segment::source(&segments, range);
                        self.diags.push(
                            Diagnostic::error(Code::UnclosedHtml, "this HTML comment is never closed, so browsers hide everything after it")
                                .at_range(self.src, range)
                                .help("end the comment with `-->`, or write `&lt;!--` to show the text"),
                        );
                    }
                }
            }
            if let Some(rewritten) = self.rewrite_raw_html(&text, &segments, &mut ids) {
                self.events[i].0 = if block {
                    Event::Html(CowStr::from(rewritten))
                } else {
                    Event::InlineHtml(CowStr::from(rewritten))
                };
                for (event, _) in &mut self.events[i + 1..end] {
                    *event = Event::Html(CowStr::Borrowed(""));
                }
            }
            i = end;
        }
        for (name, range) in open {
            self.diags.push(
                Diagnostic::error(Code::UnclosedHtml, format!("this `<{name}>` is never closed, so browsers hide everything after it: the rest of the page would be lost"))
                    .at_range(self.src, range)
                    .help(format!("close it with `</{name}>`, or write `&lt;{name}&gt;` to show the text")),
            );
        }
        ids
    }

    /// Rewrites the URLs of one piece of raw HTML into placeholders; `None` when it has none.
    fn rewrite_raw_html(
        &mut self,
        text: &str,
        segments: &[Segment],
        ids: &mut Vec<(String, Range<usize>)>,
    ) -> Option<String> {
        let source = |range: Range<usize>| Segment::source(segments, range);
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        for tag in raw_html::tags(text) {
            if let Some(attr) = tag.attr("markdown") {
                self.diags.push(
                    Diagnostic::warning(
                        Code::MarkdownInHtml,
                        format!("Markdown inside `<{}>` is not rendered: `markdown=\"{}\"` is an attribute of kramdown, not of CommonMark", tag.name, attr.value),
                    )
                    .at_range(self.src, source(attr.range.clone()))
                    .help(format!("remove the attribute and leave a blank line after `<{0}>` and before `</{0}>`: Markdown between blank lines is rendered", tag.name)),
                );
            }
            if tag.name == "img" && tag.attr("alt").is_none() {
                self.diags.push(
                    Diagnostic::warning(Code::MissingAlt, "this image has no `alt` text, so readers who cannot see it do not know what it shows")
                        .at_range(self.src, source(tag.range.clone()))
                        .help("describe the image in `alt=\"…\"`; for an image that only decorates, write `alt=\"\"`"),
                );
            }
            for attr in &tag.attrs {
                match attr.name.as_str() {
                    "id" if !attr.value.is_empty() => {
                        ids.push((
                            raw_html::decode(attr.value),
                            source(attr.value_range.clone()),
                        ));
                    }
                    "href" | "src" | "poster" => {
                        let n = self.push_raw_link(
                            attr.value,
                            source(attr.value_range.clone()),
                            attr.name != "href",
                        );
                        edits.push((
                            attr.range.clone(),
                            [&attr.name, "=\"", &placeholder(n), "\""].concat(),
                        ));
                    }
                    "srcset" => {
                        let mut value = String::new();
                        let mut at = 0;
                        for url in raw_html::srcset_urls(attr.value) {
                            let start = attr.value_range.start + url.start;
                            let range = source(start..start + url.len());
                            let n = self.push_raw_link(&attr.value[url.clone()], range, true);
                            value.push_str(&attr.value[at..url.start]);
                            push_placeholder(&mut value, n);
                            at = url.end;
                        }
                        value.push_str(&attr.value[at..]);
                        edits.push((attr.range.clone(), ["srcset=\"", &value, "\""].concat()));
                    }
                    _ => {}
                }
            }
        }
        if edits.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + edits.len() * 8);
        let mut at = 0;
        for (range, replacement) in edits {
            out.push_str(&text[at..range.start]);
            out.push_str(&replacement);
            at = range.end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }

    fn push_raw_link(&mut self, value: &str, range: Range<usize>, image: bool) -> usize {
        self.out.links.push(Link {
            dest: raw_html::decode(value),
            range,
            image,
        });
        self.out.links.len() - 1
    }

    /// Takes the ids given in raw HTML: a link may point at them, so they must be unique.
    pub(super) fn take_raw_ids(&mut self, ids: Vec<(String, Range<usize>)>, taken: &mut Taken) {
        for (id, range) in ids {
            if taken.insert(id.clone()) {
                self.out.other_ids.push(id);
            } else {
                let d = self.duplicate_id(&id, range);
                self.diags.push(d);
            }
        }
    }
}

/// A piece of raw HTML read as part of a longer text, and where it is in the file.
struct Segment {
    /// Where it starts in the longer text.
    start: usize,
    /// Where it starts in the file.
    source: usize,
    /// Its length in the file, when the text is exactly as in the file; otherwise (a line
    /// of a list item or a quote, without its indentation or `>`) positions in it are
    /// reported at its start.
    exact_len: Option<usize>,
}

impl Segment {
    fn new(file: &str, start: usize, text: &str, range: &Range<usize>) -> Segment {
        match file.get(range.clone()) {
            Some(written) if written.ends_with(text) => Segment {
                start,
                source: range.end - text.len(),
                exact_len: Some(text.len()),
            },
            _ => Segment {
                start,
                source: range.start,
                exact_len: None,
            },
        }
    }

    /// The range in the file of `range` in the longer text.
    fn source(segments: &[Segment], range: Range<usize>) -> Range<usize> {
        let at = |offset: usize| {
            let i = segments
                .partition_point(|s| s.start <= offset)
                .saturating_sub(1);
            segments.get(i).map_or(0, |s| match s.exact_len {
                Some(len) => s.source + (offset - s.start).min(len),
                None => s.source,
            })
        };
        let start = at(range.start);
        start..at(range.end).max(start)
    }
}
