//! Translation status: which translations are current, stale, missing, orphaned, untracked
//! or untranslated, and the commands that keep it (`leidraad translations`, `leidraad
//! translate`).
//!
//! A translation records in its front matter the `source_hash` of the source-language page it
//! was made from (see [`hash`] for the exact definition, also in `docs/translating.md`). Each
//! (translation language, page key) then has one [`Status`]:
//!
//! - `current`: the recorded hash is the source's hash now;
//! - `stale`: it differs, so the source changed after the translation was made;
//! - `missing`: the language has no file for the page (the build shows the source, or leaves
//!   the page out, per `missing_translation`);
//! - `orphaned`: the translation's source file does not exist;
//! - `untracked`: the translation has no `source_hash`;
//! - `untranslated`: its title and body are still the source's (a copy made by `translate`).
//!
//! The status and its build warnings ([`report()`], [`warnings`], [`stale_source`]) are pure and
//! computed from the [`Site`]; the commands in `command.rs` read and edit files.

pub mod edit;
mod kept;
mod report;

use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{display_path, Code, Diagnostic, Location};
use crate::model::{DocId, LangId, PageId, Site};
use crate::source::Document;

pub use crate::source::hash::{self, source_hash, NOT_YET_TRANSLATED};
pub use kept::{Kept, Remade};
pub use report::{render_human, render_json};

/// The state of one page in one translation language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Made from the source as it is now.
    Current,
    /// Made from an older version of the source.
    Stale,
    /// Not translated: no file in this language.
    Missing,
    /// A translation whose source does not exist.
    Orphaned,
    /// A translation without `source_hash`.
    Untracked,
    /// A copy of the source that nobody has translated yet.
    Untranslated,
}

/// The status of every translation of the site.
#[derive(Debug)]
pub struct Report {
    /// The source language.
    pub source: LangId,
    /// Every other language, in the order of the site's languages.
    pub languages: Vec<LanguageReport>,
}

/// The status of every page in one translation language.
#[derive(Debug)]
pub struct LanguageReport {
    /// The translation language.
    pub lang: LangId,
    /// One entry per page key, sorted by key (a folder's `_index.md` first).
    pub entries: Vec<Entry>,
}

/// One page in one translation language.
#[derive(Debug)]
pub struct Entry {
    /// The page's path inside the language folders (`waarden/01-ken-jezelf.md`).
    pub key: String,
    /// Its state.
    pub status: Status,
    /// The source-language document, unless orphaned.
    pub source: Option<DocId>,
    /// The translation, unless missing.
    pub translation: Option<DocId>,
    /// For a missing translation: whether the build shows the source text instead (otherwise
    /// the page is left out).
    pub fallback: bool,
    /// Checklist item ids of the source that the translation lacks.
    pub items_only_in_source: Vec<String>,
    /// Checklist item ids of the translation that the source lacks.
    pub items_only_in_translation: Vec<String>,
}

impl Status {
    /// Every status, in the order of summaries.
    pub const ALL: [Status; 6] = [
        Status::Current,
        Status::Stale,
        Status::Missing,
        Status::Orphaned,
        Status::Untracked,
        Status::Untranslated,
    ];

    /// Its name, as in the table and the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Stale => "stale",
            Status::Missing => "missing",
            Status::Orphaned => "orphaned",
            Status::Untracked => "untracked",
            Status::Untranslated => "untranslated",
        }
    }
}

impl LanguageReport {
    /// How many pages have each status, in the order of [`Status::ALL`].
    pub fn counts(&self) -> [(Status, usize); 6] {
        Status::ALL.map(|s| (s, self.entries.iter().filter(|e| e.status == s).count()))
    }

    /// "1 current, 0 stale, …": every count.
    pub fn summary(&self) -> String {
        self.counts()
            .iter()
            .map(|(s, n)| format!("{n} {}", s.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The status of a translation against its source.
pub fn status(source: &Document, translation: &Document) -> Status {
    match &translation.front.source_hash {
        None => Status::Untracked,
        Some(recorded) if recorded == NOT_YET_TRANSLATED => Status::Untranslated,
        Some(_) if hash::same_text(source, translation) => Status::Untranslated,
        Some(recorded) if recorded.eq_ignore_ascii_case(source_hash(source)) => Status::Current,
        Some(_) => Status::Stale,
    }
}

/// The status of a translation against its source, when their front matter tells it: `None`
/// when the front matter of either has errors that hide a key the status depends on (the
/// source's title or description, the translation's title or `source_hash`).
pub fn known_status(source: &Document, translation: &Document) -> Option<Status> {
    (source.has_read(&["title", "description"]) && translation.has_read(&["title", "source_hash"]))
        .then(|| status(source, translation))
}

/// The status of every page in every translation language. Documents left out of the site
/// (drafts) take no part: a draft source has no translations to report, and a draft
/// translation is missing, as in the build. A page whose status the front matter's errors
/// hide (see [`known_status`]) is left out too: its status is known once they are fixed, and
/// `build` and `check` report those errors.
pub fn report(site: &Site) -> Report {
    let mut report = report_in_any_order(site);
    for language in &mut report.languages {
        // A folder's `_index.md` first, as on the site.
        language
            .entries
            .sort_by(|a, b| key_order(&a.key).cmp(key_order(&b.key)));
    }
    report
}

/// The report, with each language's entries in no particular order.
fn report_in_any_order(site: &Site) -> Report {
    let source = site.default_lang;
    let docs: HashMap<(LangId, &str), DocId> = site
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.lang, d.document.rel.as_str()), DocId::new(i)))
        .collect();
    let others: Vec<LangId> = site.lang_ids().filter(|&lang| lang != source).collect();
    let languages = others
        .into_par_iter()
        .map(|lang| {
            // Every key of the source, then those only the translation has.
            let keys = site.docs.iter().filter(|d| {
                d.lang == source
                    || (d.lang == lang && !docs.contains_key(&(source, d.document.rel.as_str())))
            });
            let entries: Vec<Entry> = keys
                .filter_map(|d| {
                    let key = d.document.rel.as_str();
                    let s = docs.get(&(source, key)).copied();
                    let t = docs.get(&(lang, key)).copied();
                    entry(site, lang, key, s, t)
                })
                .collect();
            LanguageReport { lang, entries }
        })
        .collect();
    Report { source, languages }
}

/// How many languages with pages that are not current get a warning each; with more, one
/// warning counts them all (a site moved from another generator may have forty languages,
/// every translation untracked), and `leidraad translations` has the rest.
const SUMMARIES: usize = 3;

/// The warnings of `build` and `check`: one summary per language with pages that are not
/// current (or one for all, when there are more than [`SUMMARIES`]), and one per translation
/// whose checklist item ids differ from its source's.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    // Diagnostics are sorted by file when shown.
    let report = report_in_any_order(site);
    let counts = report.languages.iter().map(|l| (l.lang, l.counts()));
    let mut out = summaries(site, counts.collect());
    for language in &report.languages {
        for entry in &language.entries {
            out.extend(item_mismatch(site, entry));
        }
    }
    out
}

/// The warnings of the languages with pages that are not current, from the `counts` of each
/// language: one each, or one for all when there are more than [`SUMMARIES`].
fn summaries(site: &Site, counts: Vec<(LangId, [(Status, usize); 6])>) -> Vec<Diagnostic> {
    let behind: Vec<_> = counts
        .into_iter()
        .filter(|(_, counts)| !problems(counts).is_empty())
        .collect();
    if behind.len() <= SUMMARIES {
        return behind
            .iter()
            .map(|(lang, counts)| {
                let tag = &site.languages[*lang].tag;
                summary(
                    format!("translations into `{tag}`: {}", problems(counts)),
                    std::path::Path::new("content").join(tag),
                    "pages",
                )
            })
            .collect();
    }
    let mut total = Status::ALL.map(|s| (s, 0));
    for (_, counts) in &behind {
        for (sum, (_, n)) in total.iter_mut().zip(counts) {
            sum.1 += n;
        }
    }
    vec![summary(
        format!(
            "translations not current in {} languages: {}",
            behind.len(),
            problems(&total)
        ),
        "content".into(),
        "pages of which languages",
    )]
}

/// What is not current among `counts`: "1 stale, 2 missing"; empty when all are current.
fn problems(counts: &[(Status, usize); 6]) -> String {
    let problems: Vec<String> = counts
        .iter()
        .filter(|(s, n)| *s != Status::Current && *n > 0)
        .map(|(s, n)| format!("{n} {}", s.name()))
        .collect();
    problems.join(", ")
}

/// The warning of translations that are not current, in the folder `at`; `leidraad
/// translations` names `which`.
fn summary(message: String, at: std::path::PathBuf, which: &str) -> Diagnostic {
    Diagnostic::warning(Code::Translations, message)
        .in_file(&at)
        .help(format!("run `leidraad translations` to see which {which}; after updating a translation, run `leidraad translations --mark-current FILE`"))
}

/// The source-language page of a translation shown on `page` when that translation is stale.
pub fn stale_source(site: &Site, page: PageId) -> Option<PageId> {
    let p = &site.pages[page];
    if p.fallback() || p.lang == site.default_lang {
        return None;
    }
    let translation = site.doc_of(page)?;
    let source_page = site.page(site.default_lang, &p.key)?;
    let source = site.doc_of(source_page)?;
    (known_status(&source.document, &translation.document) == Some(Status::Stale))
        .then_some(source_page)
}

/// The parts of a page key in the order of the site: a folder's `_index.md` first.
fn key_order(key: &str) -> impl Iterator<Item = &str> {
    key.split('/')
        .map(|part| if part == "_index.md" { "" } else { part })
}

fn entry(
    site: &Site,
    lang: LangId,
    key: &str,
    source: Option<DocId>,
    translation: Option<DocId>,
) -> Option<Entry> {
    let mut entry = Entry {
        key: key.to_owned(),
        status: Status::Missing,
        source,
        translation,
        fallback: false,
        items_only_in_source: Vec::new(),
        items_only_in_translation: Vec::new(),
    };
    match (source, translation) {
        (Some(_), None) => {
            entry.fallback = site
                .page(lang, key)
                .is_some_and(|p| site.pages[p].fallback());
        }
        (None, Some(_)) => {
            if site.drafts.contains(&(site.default_lang, key.to_owned())) {
                return None;
            }
            entry.status = Status::Orphaned;
        }
        (Some(s), Some(t)) => {
            let (s, t) = (&site.docs[s], &site.docs[t]);
            entry.status = known_status(&s.document, &t.document)?;
            let ids = |d: &crate::model::Doc| -> Vec<String> {
                d.rendered.items.iter().map(|i| i.id.clone()).collect()
            };
            let in_source = s.rendered.items.iter().map(|i| &i.id);
            if in_source.eq(t.rendered.items.iter().map(|i| &i.id)) {
                // Almost always: nothing to list.
                return Some(entry);
            }
            let (source_ids, translation_ids) = (ids(s), ids(t));
            entry.items_only_in_source = source_ids
                .iter()
                .filter(|id| !translation_ids.contains(id))
                .cloned()
                .collect();
            entry.items_only_in_translation = translation_ids
                .iter()
                .filter(|id| !source_ids.contains(id))
                .cloned()
                .collect();
        }
        (None, None) => return None,
    }
    Some(entry)
}

/// A warning for a translation whose checklist items have other ids than its source's: a
/// reader's ticks would not carry over between the languages.
fn item_mismatch(site: &Site, entry: &Entry) -> Option<Diagnostic> {
    if entry.items_only_in_source.is_empty() && entry.items_only_in_translation.is_empty() {
        return None;
    }
    let source = &site.docs[entry.source?];
    let translation = &site.docs[entry.translation?];
    let list = |ids: &[String]| {
        ids.iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let verb = |ids: &[String]| if ids.len() == 1 { "is" } else { "are" };
    let mut parts = Vec::new();
    if !entry.items_only_in_source.is_empty() {
        parts.push(format!(
            "{} {} only in the source",
            list(&entry.items_only_in_source),
            verb(&entry.items_only_in_source)
        ));
    }
    if !entry.items_only_in_translation.is_empty() {
        parts.push(format!(
            "{} {} only in the translation",
            list(&entry.items_only_in_translation),
            verb(&entry.items_only_in_translation)
        ));
    }
    let t_path = display_path(&translation.document.src.path);
    let s_path = display_path(&source.document.src.path);
    let item_range = |doc: &crate::model::Doc, id: &str| {
        doc.rendered
            .items
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.range.clone())
    };
    let mut d = Diagnostic::warning(
        Code::ItemIdMismatch,
        format!(
            "the checklist item ids of `{t_path}` differ from its source `{s_path}`: {}",
            parts.join("; ")
        ),
    )
    .help("give each item the same `{#id}` as in the source, so that a reader's ticks carry over between languages");
    d = match entry
        .items_only_in_translation
        .first()
        .and_then(|id| item_range(translation, id))
    {
        Some(range) => d.at_range(&translation.document.src, range),
        None => d.in_file(&translation.document.src.path),
    };
    let note = match entry
        .items_only_in_source
        .first()
        .and_then(|id| item_range(source, id))
    {
        Some(range) => source.document.src.location(range),
        None => Location::file(source.document.src.path.clone()),
    };
    Some(d.note(note, "in the source"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::document_from_text;

    #[track_caller]
    fn check_status(translation: &str, expected: Status) {
        let source = document_from_text("nl", "gids/01-stap.md", "---\ntitle: Stap\n---\nTekst\n")
            .expect("a valid source");
        let translation = translation.replace("HASH", source_hash(&source));
        let translation =
            document_from_text("en", "gids/01-stap.md", &translation).expect("a valid translation");
        assert_eq!(status(&source, &translation), expected);
    }

    #[test]
    fn the_status_of_a_translation() {
        check_status("---\ntitle: Step\n---\nText\n", Status::Untracked);
        check_status(
            "---\ntitle: Step\nsource_hash: HASH\n---\nText\n",
            Status::Current,
        );
        check_status(
            "---\ntitle: Step\nsource_hash: 0123456789abcdef\n---\nText\n",
            Status::Stale,
        );
        check_status(
            "---\ntitle: Stap\nsource_hash: HASH\nslug: step\n---\nTekst  \n\n",
            Status::Untranslated,
        );
        // A copy whose source has changed since is still not translated.
        check_status(
            "---\ntitle: Stap\nsource_hash: 0123456789abcdef\n---\nTekst\n",
            Status::Untranslated,
        );
        check_status("---\ntitle: Stap\n---\nTekst\n", Status::Untracked);
    }

    #[test]
    fn errors_in_front_matter_hide_only_the_status_that_depends_on_them() {
        let read = |lang: &str, text: &str| {
            crate::source::read_text(lang, "gids/01-stap.md", text)
                .expect("a page")
                .0
        };
        let source = read("nl", "---\ntitle: Stap\n---\nTekst\n");
        let hash = source_hash(&source);
        let translation = |extra: &str| {
            read(
                "en",
                &format!("---\ntitle: Step\nsource_hash: {hash}\n{extra}---\nText\n"),
            )
        };
        // A wrong date changes no status.
        let bad_date = read("nl", "---\ntitle: Stap\nupdated: 2026-13-45\n---\nTekst\n");
        assert!(bad_date.stand_in.is_some());
        assert_eq!(
            known_status(&bad_date, &translation("")),
            Some(Status::Current)
        );
        assert_eq!(
            known_status(&source, &translation("weight: first\n")),
            Some(Status::Current)
        );
        // Without the source's title, or the translation's `source_hash`, it is not known.
        let no_title = read("nl", "---\nupdated: 2026-01-01\n---\nTekst\n");
        assert_eq!(known_status(&no_title, &translation("")), None);
        let not_yaml = read("en", "---\ntitle: Step: 1\nsource_hash: abc\n---\nText\n");
        assert_eq!(known_status(&source, &not_yaml), None);
    }
}
