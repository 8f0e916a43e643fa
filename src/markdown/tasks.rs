//! Checklist items: where each task-list item's label ends, and the label on its own for the
//! guide's checklist page.

use std::ops::Range;

use pulldown_cmark::{html, CowStr, Event, Tag, TagEnd};

use super::{placeholder, Item, Renderer};
use crate::html::escape;

/// What a checklist item's id gets for the id of its checkbox: `s01-1-box`.
pub(super) const BOX: &str = "-box";

/// A task item found in the first pass.
pub(super) struct TaskSpan {
    /// Index of the `Start(Item)` event.
    pub(super) item: usize,
    /// Index of the `TaskListMarker` event.
    pub(super) marker: usize,
    /// Index of the first event after the label's content.
    pub(super) label_end: usize,
    /// How many links and images come before the marker: the number of the label's first.
    pub(super) links_before: usize,
}

impl Renderer<'_, '_> {
    /// Finds every task-list item and where its label ends.
    pub(super) fn find_tasks(&self) -> Vec<TaskSpan> {
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

    /// An item with its label (its text up to a nested block) rendered on its own, for the
    /// checklist page.
    pub(super) fn item(&self, task: &TaskSpan, id: &str, id_range: Option<Range<usize>>) -> Item {
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

/// The placeholder for the interface string `link_to_item` (see [`string_placeholder`]).
pub(super) const LINK_TO_ITEM: &str = "\u{2}Slink_to_item\u{3}";

/// The end of a checklist item's label, and the item's link to itself.
pub(super) fn task_label_end(id: &str) -> Event<'static> {
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
