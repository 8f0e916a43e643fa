//! The last pass of [`super::render`]: rewrites pulldown-cmark's events into leidraad's HTML
//! (heading and item ids, checkboxes with their labels, link placeholders, focusable tables
//! and code, footnotes in their own id namespace) and renders them.

use std::iter::Peekable;
use std::ops::Range;

use foldhash::HashMap;
use pulldown_cmark::{
    html, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd,
};

use super::tasks::{self, task_label_end, TaskSpan};
use super::{heading_level, link_start, placeholder, push_title, Heading, Renderer, CALLOUTS};
use crate::diagnostics::{Code, Diagnostic};
use crate::html::{escape, escape_into};

/// What a table stands in: focusable, so that keyboard users can scroll a wide table.
const TABLE_WRAP: &str = "<div class=\"table-wrap\" tabindex=\"0\">";

/// What the pass keeps between events.
struct Emitter<'s, 'a, T: Iterator<Item = (usize, (&'a TaskSpan, &'a str))>> {
    output: Vec<Event<'s>>,
    /// The task items still to come, by the index of their `Start(Item)` event, with their ids.
    tasks: Peekable<T>,
    /// The heading ids still to come, by the index of their `Start(Heading)` event.
    headings: Peekable<std::slice::Iter<'a, (usize, String)>>,
    /// For each open list, whether it is a task list.
    lists: Vec<bool>,
    /// The open task labels: the event index where each ends, and its item's id.
    label_ends: Vec<(usize, &'a str)>,
    /// An image whose alt text is being read: its link number, alt text and title.
    image: Option<(usize, String, String)>,
    footnotes: &'a HashMap<String, (String, usize)>,
}

impl<'s> Renderer<'s, '_> {
    /// Rewrites the events (ids, checkboxes, link placeholders) and renders them to HTML.
    pub(super) fn emit(
        &mut self,
        tasks: &[TaskSpan],
        item_ids: &[(String, Option<Range<usize>>)],
        heading_ids: &[(usize, String)],
        footnotes: &HashMap<String, (String, usize)>,
    ) {
        let events = std::mem::take(&mut self.events);
        let mut e = Emitter {
            output: Vec::with_capacity(events.len() + tasks.len() * 3),
            tasks: tasks
                .iter()
                .zip(item_ids)
                .map(|(t, (id, _))| (t.item, (t, id.as_str())))
                .peekable(),
            headings: heading_ids.iter().peekable(),
            lists: Vec::new(),
            label_ends: Vec::new(),
            image: None,
            footnotes,
        };
        for (i, (event, range)) in events.into_iter().enumerate() {
            if let Some(&(end, id)) = e.label_ends.last() {
                if end == i {
                    e.label_ends.pop();
                    e.output.push(task_label_end(id));
                }
            }
            if e.image.is_some() {
                self.image_content(&mut e, event);
            } else {
                self.event(&mut e, i, event, range);
            }
        }
        if let Some(&(_, id)) = e.label_ends.last() {
            e.output.push(task_label_end(id));
        }
        self.fill_heading_titles(&e.output);
        // The HTML is kept for the whole build: make it about the size it will be, rather than
        // growing it by doubling, and give back what is left over.
        self.out
            .html
            .reserve(self.src.text.len() + self.src.text.len() / 4);
        html::push_html(&mut self.out.html, e.output.into_iter());
        self.out.html.shrink_to_fit();
    }

    /// The start of a callout (`> [!WARNING]`): a note with its title in the text's language.
    fn callout_start(&self, kind: BlockQuoteKind) -> Event<'s> {
        let at = match kind {
            BlockQuoteKind::Note => 0,
            BlockQuoteKind::Tip => 1,
            BlockQuoteKind::Important => 2,
            BlockQuoteKind::Warning => 3,
            BlockQuoteKind::Caution => 4,
        };
        let mut html = format!(
            "<div class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title\">",
            CALLOUTS[at]
        );
        escape_into(&mut html, self.cx.callouts[at]);
        html.push_str("</p>\n");
        Event::Html(CowStr::from(html))
    }

    /// One event (event number `i`), outside an image.
    fn event<'a, T: Iterator<Item = (usize, (&'a TaskSpan, &'a str))>>(
        &mut self,
        e: &mut Emitter<'s, 'a, T>,
        i: usize,
        event: Event<'s>,
        range: Range<usize>,
    ) {
        let html = match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = match e.headings.peek() {
                    Some((at, id)) if *at == i => e.headings.next().map(|(_, id)| id.clone()),
                    _ => None,
                };
                self.heading(level, id.unwrap_or_default(), classes, attrs)
            }
            Event::Start(Tag::List(start)) => e.list_start(i, start, self.cx.guide),
            Event::End(TagEnd::List(ordered)) => e.list_end(ordered),
            Event::Start(Tag::Item) => e.item(i),
            Event::TaskListMarker(checked) => e.task_box(checked),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let n = self.push_link(link_type, &dest_url, range, false);
                Event::InlineHtml(CowStr::from(link_start(n, &title)))
            }
            Event::End(TagEnd::Link) => Event::InlineHtml(CowStr::Borrowed("</a>")),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let n = self.push_link(link_type, &dest_url, range, true);
                e.image = Some((n, String::new(), title.to_string()));
                return;
            }
            Event::Start(Tag::Table(align)) => {
                e.output.push(Event::Html(CowStr::Borrowed(TABLE_WRAP)));
                Event::Start(Tag::Table(align))
            }
            Event::End(TagEnd::Table) => {
                e.output.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::Borrowed("</div>\n"))
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => self.callout_start(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::Borrowed("</div>\n")),
            Event::Start(Tag::CodeBlock(kind)) => code_block_start(&kind),
            Event::End(TagEnd::CodeBlock) => Event::Html(CowStr::Borrowed("</code></pre>\n")),
            Event::Html(h) | Event::InlineHtml(h) if h.is_empty() => return,
            Event::Html(h) | Event::InlineHtml(h) => {
                self.out.has_raw_html = true;
                Event::InlineHtml(h)
            }
            Event::FootnoteReference(name) => match e.footnotes.get(name.as_ref()) {
                Some((id, number)) => Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{id}\">{number}</a></sup>"
                ))),
                None => return,
            },
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let (id, number) = e.footnotes.get(name.as_ref()).cloned().unwrap_or_default();
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{number}</sup>\n"
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::Borrowed("</div>\n")),
            other => other,
        };
        e.output.push(html);
    }

    /// A heading with its id, recorded for the page's outline (its title is filled in later).
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: String,
        classes: Vec<CowStr<'s>>,
        attrs: Vec<(CowStr<'s>, Option<CowStr<'s>>)>,
    ) -> Event<'s> {
        // `{onclick=…}` writes any attribute, as raw HTML would, so it gets cleaned as raw
        // HTML does (unless the site allows raw HTML).
        self.out.has_raw_html |= !attrs.is_empty();
        self.out.headings.push(Heading {
            level: heading_level(level),
            id: id.clone(),
            title: String::new(),
        });
        Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs,
        })
    }

    /// An event inside an image: its text is the alt text; its end writes the `<img>`.
    fn image_content<'a, T: Iterator<Item = (usize, (&'a TaskSpan, &'a str))>>(
        &mut self,
        e: &mut Emitter<'s, 'a, T>,
        event: Event<'s>,
    ) {
        let Some((n, alt, title)) = &mut e.image else {
            return;
        };
        match event {
            Event::End(TagEnd::Image) => {}
            Event::Text(t) | Event::Code(t) => return alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => return alt.push(' '),
            _ => return,
        }
        if alt.trim().is_empty() {
            let range = self.out.links[*n].range.clone();
            self.diags.push(
                Diagnostic::warning(Code::MissingAlt, "this image has no alt text, so readers who cannot see it do not know what it shows")
                    .at_range(self.src, range)
                    .help("describe the image between the brackets: `![what it shows](picture.png)`; for an image that only decorates, write `<img src=\"picture.png\" alt=\"\">`"),
            );
        }
        let mut html = String::with_capacity(48 + alt.len() + title.len());
        html.push_str("<img src=\"");
        html.push_str(&placeholder(*n));
        html.push_str("\" alt=\"");
        escape_into(&mut html, alt.trim());
        html.push('"');
        push_title(&mut html, title);
        html.push_str(" loading=\"lazy\">");
        e.output.push(Event::InlineHtml(CowStr::from(html)));
        e.image = None;
    }
}

impl<'s, 'a, T: Iterator<Item = (usize, (&'a TaskSpan, &'a str))>> Emitter<'s, 'a, T> {
    /// A list (event `i`): a task list when its first item (event `i + 1`) is a task.
    fn list_start(&mut self, i: usize, start: Option<u64>, guide: &str) -> Event<'s> {
        let is_task_list = self.tasks.peek().is_some_and(|(item, _)| *item == i + 1);
        self.lists.push(is_task_list);
        if !is_task_list {
            return Event::Start(Tag::List(start));
        }
        let tag = match start {
            Some(1) | None => start.map_or("<ul", |_| "<ol").to_owned(),
            Some(n) => format!("<ol start=\"{n}\""),
        };
        Event::Html(CowStr::from(format!(
            "{tag} class=\"task-list\" data-guide=\"{}\">\n",
            escape(guide)
        )))
    }

    fn list_end(&mut self, ordered: bool) -> Event<'s> {
        match self.lists.pop() {
            Some(true) if ordered => Event::Html(CowStr::Borrowed("</ol>\n")),
            Some(true) => Event::Html(CowStr::Borrowed("</ul>\n")),
            _ => Event::End(TagEnd::List(ordered)),
        }
    }

    /// A list item (event `i`): a task item gets its id, and its label is opened.
    fn item(&mut self, i: usize) -> Event<'s> {
        match self.tasks.peek() {
            Some((at, _)) if *at == i => {
                let (task, id) = self.tasks.next().expect("peeked").1;
                self.label_ends.push((task.label_end, id));
                Event::Html(CowStr::from(
                    ["<li class=\"task\" id=\"", id, "\">"].concat(),
                ))
            }
            _ => Event::Start(Tag::Item),
        }
    }

    /// A task's checkbox, with the label that its text is.
    fn task_box(&mut self, checked: bool) -> Event<'s> {
        let id = self.label_ends.last().map_or("", |(_, id)| id);
        Event::InlineHtml(CowStr::from(
            [
                "<input type=\"checkbox\" class=\"task-box\" id=\"",
                id,
                tasks::BOX,
                "\" data-item=\"",
                id,
                if checked { "\" checked>" } else { "\">" },
                "<label for=\"",
                id,
                tasks::BOX,
                "\">",
            ]
            .concat(),
        ))
    }
}

/// `<pre>` and `<code>` with the code's language; focusable, so that keyboard users can
/// scroll a long line of code.
fn code_block_start(kind: &CodeBlockKind<'_>) -> Event<'static> {
    let class = match kind {
        CodeBlockKind::Fenced(info) => match info.split_whitespace().next() {
            Some(lang) => format!(" class=\"language-{}\"", escape(lang)),
            None => String::new(),
        },
        CodeBlockKind::Indented => String::new(),
    };
    Event::Html(CowStr::from(format!("<pre tabindex=\"0\"><code{class}>")))
}
