//! Stage 3a: Markdown to HTML, pure.
//!
//! Renders one document's body once, with every link destination replaced by a placeholder
//! (see [`placeholder`]), and records what the rest of the build needs to know about it: its
//! headings, its checklist items and its links. Links are resolved later, per page, by
//! [`crate::links`]; this module knows nothing about other pages, templates or files.

mod raw_html;
mod sanitize;

use std::fmt::Write as _;
use std::ops::Range;

use foldhash::{HashMap, HashSet};
use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
    TextMergeWithOffset,
};

use crate::diagnostics::Diagnostic;
use crate::model::slug::slugify;
use crate::source::SourceText;

pub use sanitize::sanitize;

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

/// The placeholder for the interface string `link_to_item` (see [`string_placeholder`]).
const LINK_TO_ITEM: &str = "\u{2}Slink_to_item\u{3}";

/// The end of a checklist item's label, and the item's link to itself.
fn task_label_end(id: &str) -> Event<'static> {
    Event::InlineHtml(CowStr::from(
        [
            "</label> <a class=\"task-anchor\" href=\"#",
            id,
            "\" aria-label=\"",
            LINK_TO_ITEM,
            "\">#</a>",
        ]
        .concat(),
    ))
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

/// How deep a body may nest: lists in lists, quotes in quotes, emphasis in links, raw HTML
/// elements in each other. Guidance hardly needs five levels; browsers flatten what goes
/// deeper than 512; and the HTML parser of the sanitiser and the search indexer take time
/// that grows with the square of the depth (100,000 levels took most of a minute).
pub const MAX_NESTING: usize = 100;

/// Where the body first nests deeper than [`MAX_NESTING`], if it does.
fn too_deep(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
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
fn raw_html_depth(html: &str, mut depth: usize) -> (usize, usize) {
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

struct Renderer<'s, 'c> {
    src: &'s SourceText,
    cx: Context<'c>,
    events: Vec<(Event<'s>, Range<usize>)>,
    out: Rendered,
    diags: Vec<Diagnostic>,
}

/// A task item found in the first pass.
struct TaskSpan {
    /// Index of the `Start(Item)` event.
    item: usize,
    /// Index of the `TaskListMarker` event.
    marker: usize,
    /// Index of the first event after the label's content.
    label_end: usize,
    /// How many links and images come before the marker: the number of the label's first.
    links_before: usize,
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

    /// Makes raw HTML part of the link graph: every `href`, `src`, `srcset` and `poster` in
    /// it becomes a link placeholder, resolved and checked like a Markdown link. Runs before
    /// anything counts the Markdown links, so raw links take the first numbers. Returns the
    /// `id`s the raw HTML gives, with where they are; warns about what migrated content often
    /// gets wrong (`markdown="1"`, images without `alt`).
    fn raw_html_links(&mut self) -> Vec<(String, Range<usize>)> {
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
                            Diagnostic::error("unclosed-html", "this HTML comment is never closed, so browsers hide everything after it")
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
                Diagnostic::error("unclosed-html", format!("this `<{name}>` is never closed, so browsers hide everything after it: the rest of the page would be lost"))
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
                        "markdown-in-html",
                        format!("Markdown inside `<{}>` is not rendered: `markdown=\"{}\"` is an attribute of kramdown, not of CommonMark", tag.name, attr.value),
                    )
                    .at_range(self.src, source(attr.range.clone()))
                    .help(format!("remove the attribute and leave a blank line after `<{0}>` and before `</{0}>`: Markdown between blank lines is rendered", tag.name)),
                );
            }
            if tag.name == "img" && tag.attr("alt").is_none() {
                self.diags.push(
                    Diagnostic::warning("missing-alt", "this image has no `alt` text, so readers who cannot see it do not know what it shows")
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
    fn take_raw_ids(&mut self, ids: Vec<(String, Range<usize>)>, taken: &mut Taken) {
        for (id, range) in ids {
            if taken.insert(id.clone()) {
                self.out.other_ids.push(id);
            } else {
                let d = self.duplicate_id(&id, range);
                self.diags.push(d);
            }
        }
    }

    /// Gives every footnote an id of its own namespace (`fn-1`, `fn-note`), so that a
    /// footnote never takes the id of a heading, and numbers them in order of appearance.
    fn footnote_ids(&mut self, taken: &mut Taken) -> HashMap<String, (String, usize)> {
        let mut footnotes: HashMap<String, (String, usize)> = HashMap::default();
        for (event, _) in &self.events {
            let name = match event {
                Event::FootnoteReference(name) => name,
                Event::Start(Tag::FootnoteDefinition(name)) => name,
                _ => continue,
            };
            if footnotes.contains_key(name.as_ref()) {
                continue;
            }
            let slug = slugify(name);
            let slug = if slug.is_empty() {
                (footnotes.len() + 1).to_string()
            } else {
                slug
            };
            let id = taken.unique(format!("fn-{slug}"));
            self.out.other_ids.push(id.clone());
            let number = footnotes.len() + 1;
            footnotes.insert(name.to_string(), (id, number));
        }
        footnotes
    }

    /// Finds every task-list item and where its label ends.
    fn find_tasks(&self) -> Vec<TaskSpan> {
        let mut tasks = Vec::new();
        // Raw HTML's links have the first numbers (see `raw_html_links`).
        let mut links = self.out.links.len();
        for (i, (event, _)) in self.events.iter().enumerate() {
            if matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. })) {
                links += 1;
            }
            if !matches!(event, Event::TaskListMarker(_)) {
                continue;
            }
            let item = match self.events[..i]
                .iter()
                .rposition(|(e, _)| matches!(e, Event::Start(Tag::Item)))
            {
                Some(item) => item,
                None => continue,
            };
            let mut depth = 0usize;
            let mut label_end = self.events.len();
            for (j, (e, _)) in self.events.iter().enumerate().skip(i + 1) {
                match e {
                    Event::Start(tag) if is_inline(tag) => depth += 1,
                    Event::End(tag) if depth > 0 && is_inline_end(tag) => depth -= 1,
                    Event::Start(_) | Event::End(_) if depth == 0 => {
                        label_end = j;
                        break;
                    }
                    _ => {}
                }
            }
            tasks.push(TaskSpan {
                item,
                marker: i,
                label_end,
                links_before: links,
            });
        }
        tasks
    }

    /// Takes the trailing `{#id}` off each item's text, returning the explicit ids.
    fn explicit_item_ids(
        &mut self,
        tasks: &[TaskSpan],
        taken: &mut Taken,
    ) -> Vec<Option<(String, Range<usize>)>> {
        let mut ids = Vec::with_capacity(tasks.len());
        for task in tasks {
            let last = task.label_end - 1;
            let mut found = None;
            if last > task.marker {
                if let (Event::Text(text), range) = &self.events[last] {
                    if let Some((kept, id)) = split_trailing_id(text) {
                        // `{#id}` is the end of the text, before any trailing spaces.
                        let trailing = text.len() - text.trim_end().len();
                        let end = range.end.saturating_sub(trailing);
                        let id_range = end.saturating_sub(id.len() + 3)..end;
                        let kept = kept.to_owned();
                        if let Err(why) = check_id(id) {
                            self.diags.push(
                                Diagnostic::error("invalid-id", why)
                                    .at_range(self.src, id_range)
                                    .help("use letters, digits, `-` and `_`, such as `{#bel-de-huisarts}`"),
                            );
                        } else if !taken.insert(id.to_owned()) {
                            self.diags.push(self.duplicate_id(id, id_range));
                        } else {
                            found = Some((id.to_owned(), id_range));
                        }
                        self.events[last].0 = Event::Text(CowStr::from(kept));
                    }
                }
            }
            ids.push(found);
        }
        ids
    }

    fn heading_ids(&mut self, taken: &mut Taken) -> Vec<(usize, String)> {
        let mut explicit = Vec::new();
        let mut derived = Vec::new();
        for (i, (event, range)) in self.events.iter().enumerate() {
            if let Event::Start(Tag::Heading { id, .. }) = event {
                match id {
                    Some(id) => {
                        if taken.insert(id.to_string()) {
                            explicit.push((i, id.to_string()));
                        } else {
                            let d = self.duplicate_id(id, range.clone());
                            self.diags.push(d);
                            derived.push(i);
                        }
                    }
                    None => derived.push(i),
                }
            }
        }
        for i in derived {
            let base = slugify(&self.plain_text(i));
            let base = if base.is_empty() {
                "section".to_owned()
            } else {
                base
            };
            explicit.push((i, taken.unique(base)));
        }
        explicit.sort();
        explicit
    }

    /// Gives every item without an explicit id one made of the document and its position, so
    /// that translations of the same section derive the same ids.
    fn derive_item_ids(
        &self,
        explicit: Vec<Option<(String, Range<usize>)>>,
        taken: &mut Taken,
    ) -> Vec<(String, Option<Range<usize>>)> {
        explicit
            .into_iter()
            .enumerate()
            .map(|(n, id)| match id {
                Some((id, range)) => (id, Some(range)),
                None => (
                    taken.unique(format!("{}-{}", self.cx.item_stem, n + 1)),
                    None,
                ),
            })
            .collect()
    }

    fn duplicate_id(&self, id: &str, range: Range<usize>) -> Diagnostic {
        if THEME_IDS.contains(&id) {
            return Diagnostic::error(
                "duplicate-id",
                format!("the id `{id}` belongs to the page itself (the theme gives it to an element of every page)"),
            )
            .at_range(self.src, range)
            .help(format!("choose another id, such as `{id}-1`"));
        }
        Diagnostic::error(
            "duplicate-id",
            format!("the id `{id}` is used twice on this page"),
        )
        .at_range(self.src, range)
        .help("every heading and checklist item on a page needs its own id; rename one of them")
    }

    /// The text of the element that starts at event `start`, without markup.
    fn plain_text(&self, start: usize) -> String {
        let mut text = String::new();
        let mut depth = 0usize;
        for (event, _) in &self.events[start..] {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
        }
        text.trim().to_owned()
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

    fn fill_heading_titles(&mut self, output: &[Event<'_>]) {
        let mut n = 0;
        let mut current: Option<String> = None;
        for event in output {
            match event {
                Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
                Event::End(TagEnd::Heading(_)) => {
                    if let (Some(title), Some(h)) = (current.take(), self.out.headings.get_mut(n)) {
                        h.title = title.trim().to_owned();
                    }
                    n += 1;
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(title) = &mut current {
                        title.push_str(t);
                    }
                }
                _ => {}
            }
        }
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

    /// An item with its label (its text up to a nested block) rendered on its own, for the
    /// checklist page.
    fn item(&self, task: &TaskSpan, id: &str, id_range: Option<Range<usize>>) -> Item {
        // Links inside the label get the numbers they get when the body is emitted.
        let mut n = task.links_before;
        let mut text = String::new();
        let mut inner: Vec<Event<'_>> = Vec::new();
        let mut in_image = false;
        for (event, _) in &self.events[task.marker + 1..task.label_end] {
            match event {
                Event::Start(Tag::Link { title, .. }) => {
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape(title))
                    };
                    inner.push(Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\"{title}>",
                        placeholder(n)
                    ))));
                    n += 1;
                }
                Event::End(TagEnd::Link) => inner.push(Event::InlineHtml(CowStr::Borrowed("</a>"))),
                Event::Start(Tag::Image { .. }) => {
                    in_image = true;
                    n += 1;
                }
                Event::End(TagEnd::Image) => in_image = false,
                _ if in_image => {}
                // The checklist page shows no footnotes.
                Event::FootnoteReference(_) => {}
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(t);
                    inner.push(event.clone());
                }
                Event::SoftBreak | Event::HardBreak => {
                    text.push(' ');
                    inner.push(Event::Text(CowStr::Borrowed(" ")));
                }
                other => inner.push(other.clone()),
            }
        }
        let mut html_out = String::new();
        html::push_html(&mut html_out, inner.into_iter());
        let checked = matches!(self.events[task.marker].0, Event::TaskListMarker(true));
        Item {
            id: id.to_owned(),
            explicit: id_range.is_some(),
            checked,
            html: html_out.trim().to_owned(),
            text: text.trim().to_owned(),
            range: id_range.unwrap_or_else(|| self.events[task.item].1.clone()),
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

/// The ids the built-in theme gives to elements of every page, which a heading must not take.
const THEME_IDS: [&str; 4] = ["main", "site-search", "search-input", "search-status"];

/// The ids already given on a page.
#[derive(Default)]
struct Taken {
    ids: HashSet<String>,
    /// Per base id, the suffix to try next: every smaller one is taken, and ids are never
    /// given back, so a page of many equal headings takes linear time, not quadratic.
    next_suffix: HashMap<String, usize>,
}

impl Taken {
    /// The ids of a page before its text gives any: the theme's.
    fn reserved() -> Taken {
        let mut taken = Taken::default();
        for id in THEME_IDS {
            taken.ids.insert(id.to_owned());
        }
        taken
    }

    /// Takes `id`; false when it was taken before.
    fn insert(&mut self, id: String) -> bool {
        self.ids.insert(id)
    }

    /// Takes `base`, or else `base-1`, `base-2`, …: the first one that is free.
    fn unique(&mut self, base: String) -> String {
        if self.ids.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.ids.insert(candidate.clone()) {
                return candidate;
            }
        }
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

/// Whether a tag is inline (it may stand inside a checklist item's label).
pub(crate) fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// Whether a tag end closes an inline tag.
pub(crate) fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Splits `text {#id}` into `text` and `id`.
fn split_trailing_id(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let inner = trimmed.strip_suffix('}')?;
    let open = inner.rfind("{#")?;
    let id = &inner[open + 2..];
    if id.contains(['{', '}']) {
        return None;
    }
    Some((trimmed[..open].trim_end(), id))
}

/// Checks an explicit id.
fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the id in `{#}` is empty".to_owned());
    }
    // Whatever a heading's text can give as a slug is a valid id too: letters and digits with
    // their marks (`விவரங்கள்`), and the zero-width joiners of words such as `پروژه‌ی`.
    match id.chars().find(|&c| {
        !(crate::model::slug::is_word_char(c) || crate::model::slug::is_joiner(c) || c == '-')
    }) {
        Some(c) => Err(format!("the id `{id}` contains `{c}`")),
        None => Ok(()),
    }
}

/// Escapes text for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Escapes text for HTML into a buffer.
pub fn escape_into(out: &mut String, text: &str) {
    let _ = escape_with(text, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// Escapes text for HTML, handing the escaped text to `push` piece by piece.
pub fn escape_with<E>(text: &str, mut push: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    const fn special(b: u8) -> bool {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
    }
    // Every value a template prints passes here, and most need no escaping: one pass without
    // an early exit (so the compiler checks many bytes at a time) finds out.
    if !text.bytes().fold(false, |found, b| found | special(b)) {
        return push(text);
    }
    // Copy the runs between the special characters whole. They are ASCII, so every index
    // found is a character boundary.
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = special(b as u8);
            b += 1;
        }
        table
    };
    let mut run = 0;
    for (i, b) in text.bytes().enumerate() {
        if !SPECIAL[usize::from(b)] {
            continue;
        }
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        push(&text[run..i])?;
        push(entity)?;
        run = i + 1;
    }
    push(&text[run..])
}

#[cfg(test)]
mod tests;
