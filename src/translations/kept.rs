//! The translation warnings of a site, kept by `serve` so that an edit makes again only the
//! entries of the paths it changed: the status of a path in a language, and the warning about
//! its checklist items, depend only on the documents at that path.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use super::{entry, item_mismatch, report_in_any_order, summaries, Status};
use crate::diagnostics::Diagnostic;
use crate::model::{DocId, LangId, Site};

/// What the translation warnings of a site are made of ([`super::warnings`] makes the same).
#[derive(Debug, Default)]
pub struct Kept {
    /// Every translation language, in the order of the site's languages.
    languages: Vec<Language>,
}

/// The entries of one translation language.
#[derive(Debug)]
struct Language {
    lang: LangId,
    /// The status of each path that has one.
    statuses: HashMap<String, Status>,
    /// How many paths have each status, in the order of [`Status::ALL`].
    counts: [usize; 6],
    /// The warning of each path whose checklist items differ from the source's.
    mismatches: BTreeMap<String, Diagnostic>,
}

/// A path's entry made again: its status and warning, or `None` when it has no entry.
type RemadeEntry = (String, Option<(Status, Option<Diagnostic>)>);

/// The entries of the edited paths, made again for every translation language, in order.
#[derive(Debug)]
pub struct Remade(Vec<Vec<RemadeEntry>>);

impl Kept {
    /// The entries of every path of `site`.
    pub fn new(site: &Site) -> Kept {
        let report = report_in_any_order(site);
        let languages = report.languages.into_iter().map(|language| {
            let mut kept = Language {
                lang: language.lang,
                statuses: HashMap::with_capacity(language.entries.len()),
                counts: [0; 6],
                mismatches: BTreeMap::new(),
            };
            for entry in language.entries {
                let mismatch = item_mismatch(site, &entry);
                kept.insert(entry.key, (entry.status, mismatch));
            }
            kept
        });
        Kept {
            languages: languages.collect(),
        }
    }

    /// The entries of the paths `keys` in `site`, assembled again after the documents at
    /// those paths changed.
    pub fn redo(&self, site: &Site, keys: &BTreeSet<&str>) -> Remade {
        let mut docs: HashMap<(LangId, &str), DocId> = HashMap::new();
        for (i, d) in site.docs.iter().enumerate() {
            if let Some(&key) = keys.get(d.document.rel.as_str()) {
                docs.insert((d.lang, key), DocId::new(i));
            }
        }
        let doc = |lang: LangId, key| docs.get(&(lang, key)).copied();
        let languages = self.languages.iter().map(|language| {
            let redone = keys.iter().map(|&key| {
                let (source, translation) = (doc(site.default_lang, key), doc(language.lang, key));
                let entry = entry(site, language.lang, key, source, translation);
                let now = entry.map(|e| (e.status, item_mismatch(site, &e)));
                (key.to_owned(), now)
            });
            redone.collect()
        });
        Remade(languages.collect())
    }

    /// The warnings of the site that `remade` was made from, as [`super::warnings`] gives them
    /// (in another order).
    pub fn warnings(&self, site: &Site, remade: &Remade) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut all_counts = Vec::new();
        for (language, redone) in self.languages.iter().zip(&remade.0) {
            let mut counts = language.counts;
            for (key, now) in redone {
                if let Some(&before) = language.statuses.get(key) {
                    counts[before as usize] -= 1;
                }
                if let Some((status, _)) = now {
                    counts[*status as usize] += 1;
                }
            }
            all_counts.push((language.lang, Status::ALL.map(|s| (s, counts[s as usize]))));
            let edited = |key: &String| redone.iter().any(|(k, _)| k == key);
            let kept = language.mismatches.iter().filter(|(k, _)| !edited(k));
            out.extend(kept.map(|(_, d)| d.clone()));
            let made = redone.iter().filter_map(|(_, now)| now.as_ref()?.1.clone());
            out.extend(made);
        }
        out.extend(summaries(site, all_counts));
        out
    }

    /// Keeps the entries made again.
    pub fn apply(&mut self, remade: Remade) {
        for (language, redone) in self.languages.iter_mut().zip(remade.0) {
            for (key, now) in redone {
                language.remove(&key);
                if let Some(now) = now {
                    language.insert(key, now);
                }
            }
        }
    }
}

impl Language {
    fn insert(&mut self, key: String, (status, mismatch): (Status, Option<Diagnostic>)) {
        self.counts[status as usize] += 1;
        if let Some(mismatch) = mismatch {
            self.mismatches.insert(key.clone(), mismatch);
        }
        self.statuses.insert(key, status);
    }

    fn remove(&mut self, key: &str) {
        if let Some(status) = self.statuses.remove(key) {
            self.counts[status as usize] -= 1;
        }
        self.mismatches.remove(key);
    }
}
