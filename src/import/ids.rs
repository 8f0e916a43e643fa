//! The ids of task items: an item of a translation takes the id of the item at the same
//! place in the source language's page; others get the slug of their text, unique within
//! their guide.

use std::collections::{BTreeMap, BTreeSet};

use super::body::ItemIds;
use crate::slug::slugify;

/// Task item ids: an item of a translation takes the id of the item at the same place in the
/// source language's page; others get the slug of their text, unique within their guide.
#[derive(Default)]
pub struct Ids {
    /// The ids of each source-language page, by its path below `content/<lang>/`.
    source: BTreeMap<String, Vec<String>>,
    /// The ids taken in each guide of each language (`content/en/docs`).
    used: BTreeMap<String, BTreeSet<String>>,
}

/// The ids of one page.
pub struct PageIds {
    key: String,
    guide: String,
    source: Option<Vec<String>>,
    own: Vec<String>,
    used: BTreeSet<String>,
}

impl Ids {
    pub fn page(&mut self, lang: &str, dest: &str) -> PageIds {
        let key = dest
            .strip_prefix(&format!("content/{lang}/"))
            .unwrap_or(dest)
            .to_owned();
        let guide = dest.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        PageIds {
            source: self.source.get(&key).cloned(),
            used: self.used.remove(&guide).unwrap_or_default(),
            key,
            guide,
            own: Vec::new(),
        }
    }

    pub fn done(&mut self, page: PageIds) {
        self.source.entry(page.key).or_insert(page.own);
        self.used.insert(page.guide, page.used);
    }
}

impl ItemIds for PageIds {
    fn next(&mut self, text: &str, explicit: Option<&str>) -> String {
        let position = self.own.len();
        let id = match (explicit, self.source.as_ref().and_then(|s| s.get(position))) {
            (Some(id), _) => id.to_owned(),
            (None, Some(id)) => id.clone(),
            (None, None) => {
                let words: Vec<String> = slugify(&link_text(text))
                    .split('-')
                    .take(6)
                    .map(str::to_owned)
                    .collect();
                let base = words.join("-");
                let base = if base.is_empty() {
                    format!("item-{}", position + 1)
                } else {
                    base
                };
                let mut id = base.clone();
                let mut n = 2;
                while self.used.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                id
            }
        };
        self.used.insert(id.clone());
        self.own.push(id.clone());
        id
    }
}

/// Text with its links' targets and `{…}` taken out: `[a](b.md) c` → `a c`.
fn link_text(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut after_bracket = false;
    for c in text.chars() {
        match c {
            '(' if after_bracket || depth > 0 => depth += 1,
            ')' if depth > 0 => depth -= 1,
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
        after_bracket = c == ']';
    }
    out
}
