//! The ids a body gives: explicit `{#id}`s, ids derived from headings and from checklist
//! items' places, footnotes' ids, and the ids that are already the page's own.

use std::ops::Range;

use foldhash::{HashMap, HashSet};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Renderer, TaskSpan};
use crate::diagnostics::{Code, Diagnostic};
use crate::slug::slugify;

impl Renderer<'_, '_> {
    /// The text of the element that starts at event `start`, without markup.
    pub(super) fn plain_text(&self, start: usize) -> String {
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

    pub(super) fn fill_heading_titles(&mut self, output: &[Event<'_>]) {
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

    /// Gives every footnote an id of its own namespace (`fn-1`, `fn-note`), so that a
    /// footnote never takes the id of a heading, and numbers them in order of appearance.
    pub(super) fn footnote_ids(&mut self, taken: &mut Taken) -> HashMap<String, (String, usize)> {
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

    /// Takes the trailing `{#id}` off each item's text, returning the explicit ids.
    pub(super) fn explicit_item_ids(
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
                                Diagnostic::error(Code::InvalidId, why)
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

    pub(super) fn heading_ids(&mut self, taken: &mut Taken) -> Vec<(usize, String)> {
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
    pub(super) fn derive_item_ids(
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

    pub(super) fn duplicate_id(&self, id: &str, range: Range<usize>) -> Diagnostic {
        if THEME_IDS.contains(&id) {
            return Diagnostic::error(
                Code::DuplicateId,
                format!("the id `{id}` belongs to the page itself (the theme gives it to an element of every page)"),
            )
            .at_range(self.src, range)
            .help(format!("choose another id, such as `{id}-1`"));
        }
        Diagnostic::error(
            Code::DuplicateId,
            format!("the id `{id}` is used twice on this page"),
        )
        .at_range(self.src, range)
        .help("every heading and checklist item on a page needs its own id; rename one of them")
    }
}

/// The ids the built-in theme gives to elements of every page, which a heading must not take.
const THEME_IDS: [&str; 4] = ["main", "site-search", "search-input", "search-status"];

/// The ids already given on a page.
#[derive(Default)]
pub(super) struct Taken {
    ids: HashSet<String>,
    /// Per base id, the suffix to try next: every smaller one is taken, and ids are never
    /// given back, so a page of many equal headings takes linear time, not quadratic.
    next_suffix: HashMap<String, usize>,
}

impl Taken {
    /// The ids of a page before its text gives any: the theme's.
    pub(super) fn reserved() -> Taken {
        let mut taken = Taken::default();
        for id in THEME_IDS {
            taken.ids.insert(id.to_owned());
        }
        taken
    }

    /// Takes `id`; false when it was taken before.
    pub(super) fn insert(&mut self, id: String) -> bool {
        self.ids.insert(id)
    }

    /// Takes `base`, or else `base-1`, `base-2`, …: the first one that is free.
    pub(super) fn unique(&mut self, base: String) -> String {
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
pub(crate) fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the id in `{#}` is empty".to_owned());
    }
    // Whatever a heading's text can give as a slug is a valid id too: letters and digits with
    // their marks (`விவரங்கள்`), and the zero-width joiners of words such as `پروژه‌ی`.
    match id
        .chars()
        .find(|&c| !(crate::slug::is_word_char(c) || crate::slug::is_joiner(c) || c == '-'))
    {
        Some(c) => Err(format!("the id `{id}` contains `{c}`")),
        None => Ok(()),
    }
}
