//! Stage 3a: Markdown to HTML, pure.
//!
//! Renders one document's body once, with every link destination replaced by a placeholder
//! (see [`placeholder`]), and records what the rest of the build needs to know about it: its
//! headings, its checklist items and its links. Links are resolved later, per page, by
//! [`crate::links`]; this module knows nothing about other pages, templates or files.

mod emit;
mod ids;
mod nesting;
mod raw_html;
mod raw_links;
mod sanitize;
mod tasks;

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, TextMergeWithOffset};

use crate::diagnostics::SourceText;
use crate::diagnostics::{Code, Diagnostic};

use crate::html::escape_into;
pub(crate) use ids::check_id;
use ids::Taken;
use nesting::too_deep;
pub use nesting::MAX_NESTING;
pub use sanitize::sanitize;
use tasks::TaskSpan;
pub(crate) use tasks::{is_inline, is_inline_end};

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
    /// [`Rendered::ids`], once they are asked for.
    ids: std::sync::OnceLock<std::sync::Arc<[String]>>,
}

impl Rendered {
    /// Every id the body's HTML gives an element: headings, checklist items and their boxes,
    /// footnotes and the `id`s of raw HTML. Made once, and shared by every page that shows
    /// the text.
    pub fn ids(&self) -> std::sync::Arc<[String]> {
        let ids = || {
            let headings = self.headings.iter().map(|h| h.id.clone());
            let items = self
                .items
                .iter()
                .flat_map(|item| [item.id.clone(), [&item.id, tasks::BOX].concat()]);
            headings
                .chain(items)
                .chain(self.other_ids.iter().cloned())
                .collect()
        };
        self.ids.get_or_init(ids).clone()
    }
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
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// Prefix of derived item ids: the document's file name without order prefix.
    pub item_stem: &'a str,
    /// The guide's key, written into `data-guide` on task lists.
    pub guide: &'a str,
    /// The titles of callouts (`> [!NOTE]`, …) in the text's language, in the order of
    /// [`CALLOUTS`].
    pub callouts: [&'a str; 5],
}

/// The kinds of callout, GitHub's alert syntax (`> [!NOTE]`), by the class and the
/// interface string (`callout_note`, …) each gets.
pub const CALLOUTS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

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
    push_title(&mut html, title);
    html.push('>');
    html
}

/// ` title="…"` for a link or image that has a title.
fn push_title(html: &mut String, title: &str) {
    if !title.is_empty() {
        html.push_str(" title=\"");
        escape_into(html, title);
        html.push('"');
    }
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
        | Options::ENABLE_GFM
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
            Code::TooDeep,
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

    /// Records a link or image destination; its number is that of its placeholder.
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
