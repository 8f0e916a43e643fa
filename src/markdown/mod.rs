//! Stage 3a: Markdown to HTML, pure.
//!
//! Renders one document's body once, with every link destination replaced by a placeholder
//! (see [`placeholder`]), and records what the rest of the build needs to know about it: its
//! headings, its checklist items and its links. Links are resolved later, per page, by
//! [`crate::links`]; this module knows nothing about other pages, templates or files.

mod ids;
mod nesting;
mod raw_html;
mod raw_links;
mod sanitize;
mod tasks;

use std::fmt::Write as _;
use std::ops::Range;

use foldhash::HashMap;
use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
    TextMergeWithOffset,
};

use crate::diagnostics::Diagnostic;
use crate::diagnostics::SourceText;

use crate::html::{escape, escape_into};
use ids::Taken;
use nesting::too_deep;
pub use nesting::MAX_NESTING;
pub use sanitize::sanitize;
pub(crate) use tasks::{is_inline, is_inline_end};
use tasks::{task_label_end, TaskSpan};

/// What one document's body renders to.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The body as HTML, with link placeholders.
    pub html: String,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every checklist item, in order.
    pub items: Vec<Item>,
    /// Every link and image destination; a placeholder's number is an index into this list.
    pub links: Vec<Link>,
    /// Whether the body contains raw HTML (which then needs sanitising).
    pub has_raw_html: bool,
    /// The ids that are neither headings nor items: footnotes, and `id`s in raw HTML.
    pub other_ids: Vec<String>,
}

/// A heading of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor id: explicit (`{#id}`) or derived from the text.
    pub id: String,
    /// The heading's text, without markup.
    pub title: String,
}

/// A checklist item (a GFM task-list item).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The item's id: explicit (`{#id}`) or derived from the document and the position.
    pub id: String,
    /// Whether the author gave the id.
    pub explicit: bool,
    /// Ticked in the Markdown (`- [x]`).
    pub checked: bool,
    /// The item's text as HTML (with link placeholders), without the `{#id}`.
    pub html: String,
    /// The item's text without markup.
    pub text: String,
    /// Where the item is in the file: its explicit `{#id}`, or the whole item.
    pub range: Range<usize>,
}

/// A link or image destination as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The destination, as written in the Markdown.
    pub dest: String,
    /// Where the link is in the file.
    pub range: Range<usize>,
    /// An image (`![alt](src)`) rather than a link.
    pub image: bool,
}

/// What rendering needs to know about the document.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// Prefix of derived item ids: the document's file name without order prefix.
    pub item_stem: &'a str,
    /// The guide's key, written into `data-guide` on task lists.
    pub guide: &'a str,
}

/// The placeholder for link `n`, replaced by a URL when the page is rendered.
pub fn placeholder(n: usize) -> String {
    let mut out = String::with_capacity(8);
    push_placeholder(&mut out, n);
    out
}

/// [`placeholder`] into a buffer, without a string of its own.
fn push_placeholder(out: &mut String, n: usize) {
    let _ = write!(out, "\u{2}L{n}\u{3}");
}

/// `<a href="…">` for link `n`, with its title if it has one.
fn link_start(n: usize, title: &str) -> String {
    let mut html = String::with_capacity(24 + title.len());
    html.push_str("<a href=\"");
    push_placeholder(&mut html, n);
    html.push('"');
    if !title.is_empty() {
        html.push_str(" title=\"");
        escape_into(&mut html, title);
        html.push('"');
    }
    html.push('>');
    html
}

/// The placeholder for interface string `key`, filled in the page's language.
#[cfg(test)]
fn string_placeholder(key: &str) -> String {
    format!("\u{2}S{key}\u{3}")
}

/// A piece of rendered HTML between placeholders.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Plain HTML.
    Html(&'a str),
    /// Link number `n`.
    Link(usize),
    /// Interface string `key`.
    String(&'a str),
}

/// Splits rendered HTML at its placeholders.
pub fn pieces(html: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(start) = rest.find('\u{2}') else {
            let piece = Piece::Html(rest);
            rest = "";
            return Some(piece);
        };
        if start > 0 {
            let piece = Piece::Html(&rest[..start]);
            rest = &rest[start..];
            return Some(piece);
        }
        let end = rest.find('\u{3}').unwrap_or(rest.len());
        let inner = &rest[1..end];
        rest = rest.get(end + 1..).unwrap_or("");
        Some(match inner.split_at(inner.len().min(1)) {
            ("L", n) => n.parse().map_or(Piece::Html(""), Piece::Link),
            ("S", key) => Piece::String(key),
            _ => Piece::Html(""),
        })
    })
}

/// The pulldown-cmark options every document is parsed with.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders the body of a document: `src.text[body..]`.
pub fn render(src: &SourceText, body: usize, cx: Context<'_>) -> (Rendered, Vec<Diagnostic>) {
    let text = &src.text[body..];
    // Guidance text makes an event per 25 to 35 bytes: sized once, not grown by doubling.
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(text.len() / 20);
    events.extend(
        TextMergeWithOffset::new(Parser::new_ext(text, options()).into_offset_iter())
            .map(|(e, r)| (e, r.start + body..r.end + body)),
    );
    // Too deep a body is reported, and rendered all the same: the build stops at errors before
    // any page is written, so the slow stages never see it, and links into it still resolve.
    let too_deep = too_deep(&events).map(|at| {
        Diagnostic::error(
            "too-deep",
            format!("the text nests more than {MAX_NESTING} levels deep here (lists, block quotes, emphasis, links or HTML elements inside each other)"),
        )
        .at_range(src, at..at)
        .help("guidance reads best with a few levels at most: put what is inside side by side, or in sections of its own")
    });
    let (rendered, mut diags) = Renderer {
        src,
        cx,
        events,
        out: Rendered::default(),
        diags: Vec::new(),
    }
    .run();
    diags.extend(too_deep);
    (rendered, diags)
}

struct Renderer<'s, 'c> {
    src: &'s SourceText,
    cx: Context<'c>,
    events: Vec<(Event<'s>, Range<usize>)>,
    out: Rendered,
    diags: Vec<Diagnostic>,
}

impl<'s> Renderer<'s, '_> {
    fn run(mut self) -> (Rendered, Vec<Diagnostic>) {
        let raw_ids = self.raw_html_links();
        let tasks = self.find_tasks();
        let mut taken = Taken::reserved();
        let item_ids = self.explicit_item_ids(&tasks, &mut taken);
        // Each item's checkbox has the id `<item>-box`.
        for (id, _) in item_ids.iter().flatten() {
            taken.insert(format!("{id}-box"));
        }
        self.take_raw_ids(raw_ids, &mut taken);
        let footnotes = self.footnote_ids(&mut taken);
        let heading_ids = self.heading_ids(&mut taken);
        let item_ids = self.derive_item_ids(item_ids, &mut taken);
        self.out.items = tasks
            .iter()
            .zip(&item_ids)
            .map(|(task, (id, id_range))| self.item(task, id, id_range.clone()))
            .collect();
        self.emit(&tasks, &item_ids, &heading_ids, &footnotes);
        (self.out, self.diags)
    }

    /// Rewrites the events (ids, checkboxes, link placeholders) and renders them to HTML.
    fn emit(
        &mut self,
        tasks: &[TaskSpan],
        item_ids: &[(String, Option<Range<usize>>)],
        heading_ids: &[(usize, String)],
        footnotes: &HashMap<String, (String, usize)>,
    ) {
        let events = std::mem::take(&mut self.events);
        let mut output: Vec<Event<'s>> = Vec::with_capacity(events.len() + tasks.len() * 3);
        let mut task_at_item = tasks
            .iter()
            .zip(item_ids)
            .map(|(t, (id, _))| (t.item, (t, id.as_str())))
            .peekable();
        let mut heading_ids = heading_ids.iter().peekable();
        let mut list_stack: Vec<bool> = Vec::new();
        let mut label_ends: Vec<(usize, &str)> = Vec::new();
        let mut image: Option<(usize, String, String)> = None;
        let mut events = events.into_iter().enumerate().peekable();
        while let Some((i, (event, range))) = events.next() {
            if let Some(&(end, id)) = label_ends.last() {
                if end == i {
                    label_ends.pop();
                    output.push(task_label_end(id));
                }
            }
            if let Some((n, alt, title)) = &mut image {
                match event {
                    Event::End(TagEnd::Image) => {
                        if alt.trim().is_empty() {
                            let range = self.out.links[*n].range.clone();
                            self.diags.push(
                                Diagnostic::warning("missing-alt", "this image has no alt text, so readers who cannot see it do not know what it shows")
                                    .at_range(self.src, range)
                                    .help("describe the image between the brackets: `![what it shows](picture.png)`; for an image that only decorates, write `<img src=\"picture.png\" alt=\"\">`"),
                            );
                        }
                        let title = if title.is_empty() {
                            String::new()
                        } else {
                            format!(" title=\"{}\"", escape(title))
                        };
                        output.push(Event::InlineHtml(CowStr::from(format!(
                            "<img src=\"{}\" alt=\"{}\"{title} loading=\"lazy\">",
                            placeholder(*n),
                            escape(alt.trim())
                        ))));
                        image = None;
                    }
                    Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                    Event::SoftBreak | Event::HardBreak => alt.push(' '),
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id: _,
                    classes,
                    attrs,
                }) => {
                    let id = match heading_ids.peek() {
                        Some((at, id)) if *at == i => {
                            heading_ids.next();
                            id.clone()
                        }
                        _ => String::new(),
                    };
                    // `{onclick=…}` writes any attribute, as raw HTML would, so it gets
                    // cleaned as raw HTML does (unless the site allows raw HTML).
                    if !attrs.is_empty() {
                        self.out.has_raw_html = true;
                    }
                    self.out.headings.push(Heading {
                        level: heading_level(level),
                        id: id.clone(),
                        title: String::new(),
                    });
                    output.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id)),
                        classes,
                        attrs,
                    }));
                }
                Event::Start(Tag::List(start)) => {
                    let is_task_list = events.peek().is_some_and(|(next, _)| {
                        task_at_item.peek().is_some_and(|(item, _)| item == next)
                    });
                    list_stack.push(is_task_list);
                    if is_task_list {
                        let tag = match start {
                            Some(1) | None => start.map_or("<ul", |_| "<ol").to_owned(),
                            Some(n) => format!("<ol start=\"{n}\""),
                        };
                        output.push(Event::Html(CowStr::from(format!(
                            "{tag} class=\"task-list\" data-guide=\"{}\">\n",
                            escape(self.cx.guide)
                        ))));
                    } else {
                        output.push(Event::Start(Tag::List(start)));
                    }
                }
                Event::End(TagEnd::List(ordered)) => {
                    if list_stack.pop() == Some(true) {
                        output.push(Event::Html(CowStr::from(if ordered {
                            "</ol>\n"
                        } else {
                            "</ul>\n"
                        })));
                    } else {
                        output.push(Event::End(TagEnd::List(ordered)));
                    }
                }
                Event::Start(Tag::Item) => match task_at_item.peek() {
                    Some((at, _)) if *at == i => {
                        let (task, id) = task_at_item.next().expect("peeked").1;
                        output.push(Event::Html(CowStr::from(
                            ["<li class=\"task\" id=\"", id, "\">"].concat(),
                        )));
                        label_ends.push((task.label_end, id));
                    }
                    _ => output.push(Event::Start(Tag::Item)),
                },
                Event::TaskListMarker(checked) => {
                    let id = label_ends.last().map_or("", |(_, id)| id);
                    output.push(Event::InlineHtml(CowStr::from(
                        [
                            "<input type=\"checkbox\" class=\"task-box\" id=\"",
                            id,
                            "-box\" data-item=\"",
                            id,
                            if checked { "\" checked>" } else { "\">" },
                            "<label for=\"",
                            id,
                            "-box\">",
                        ]
                        .concat(),
                    )));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    let n = self.push_link(link_type, &dest_url, range, false);
                    output.push(Event::InlineHtml(CowStr::from(link_start(n, &title))));
                }
                Event::End(TagEnd::Link) => {
                    output.push(Event::InlineHtml(CowStr::Borrowed("</a>")))
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    let n = self.push_link(link_type, &dest_url, range, true);
                    image = Some((n, String::new(), title.to_string()));
                }
                Event::Start(Tag::Table(align)) => {
                    // Focusable, so that keyboard users can scroll a wide table.
                    output.push(Event::Html(CowStr::Borrowed(
                        "<div class=\"table-wrap\" tabindex=\"0\">",
                    )));
                    output.push(Event::Start(Tag::Table(align)));
                }
                Event::End(TagEnd::Table) => {
                    output.push(Event::End(TagEnd::Table));
                    output.push(Event::Html(CowStr::Borrowed("</div>\n")));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    // Focusable, so that keyboard users can scroll a long line of code.
                    let class = match &kind {
                        CodeBlockKind::Fenced(info) => match info.split_whitespace().next() {
                            Some(lang) => format!(" class=\"language-{}\"", escape(lang)),
                            None => String::new(),
                        },
                        CodeBlockKind::Indented => String::new(),
                    };
                    output.push(Event::Html(CowStr::from(format!(
                        "<pre tabindex=\"0\"><code{class}>"
                    ))));
                }
                Event::End(TagEnd::CodeBlock) => {
                    output.push(Event::Html(CowStr::Borrowed("</code></pre>\n")))
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    if !h.is_empty() {
                        self.out.has_raw_html = true;
                        output.push(Event::InlineHtml(h));
                    }
                }
                Event::FootnoteReference(name) => {
                    if let Some((id, number)) = footnotes.get(name.as_ref()) {
                        output.push(Event::InlineHtml(CowStr::from(format!(
                            "<sup class=\"footnote-reference\"><a href=\"#{id}\">{number}</a></sup>"
                        ))));
                    }
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    let (id, number) = footnotes.get(name.as_ref()).cloned().unwrap_or_default();
                    output.push(Event::Html(CowStr::from(format!(
                        "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{number}</sup>\n"
                    ))));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    output.push(Event::Html(CowStr::Borrowed("</div>\n")))
                }
                other => output.push(other),
            }
        }
        if let Some(&(_, id)) = label_ends.last() {
            output.push(task_label_end(id));
        }
        self.fill_heading_titles(&output);
        // The HTML is kept for the whole build: make it about the size it will be, rather than
        // growing it by doubling, and give back what is left over.
        self.out
            .html
            .reserve(self.src.text.len() + self.src.text.len() / 4);
        html::push_html(&mut self.out.html, output.into_iter());
        self.out.html.shrink_to_fit();
    }

    fn push_link(
        &mut self,
        link_type: LinkType,
        dest: &str,
        range: Range<usize>,
        image: bool,
    ) -> usize {
        let dest = match link_type {
            LinkType::Email => format!("mailto:{dest}"),
            _ => dest.to_owned(),
        };
        self.out.links.push(Link { dest, range, image });
        self.out.links.len() - 1
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests;
