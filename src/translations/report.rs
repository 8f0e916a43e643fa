//! The status report of `leidraad translations`, as a table for people and as JSON for tools
//! (the schema is documented in `docs/translating.md`).

use std::fmt::Write as _;

use serde::Serialize;

use super::{Entry, LanguageReport, Report, Status};
use crate::diagnostics::display_path;
use crate::model::{DocId, LangId, Site};

/// The report as a table per language, each with a summary line, and what to do about each
/// status that occurs.
pub fn render_human(site: &Site, report: &Report) -> String {
    let source = &site.languages[report.source];
    let mut out = String::new();
    let _ = writeln!(out, "source language: {} ({})", source.tag, source.name);
    if report.languages.is_empty() {
        let _ = writeln!(
            out,
            "the site has no other languages, so there is nothing to translate"
        );
        return out;
    }
    let mut seen = Vec::new();
    for language in &report.languages {
        let lang = &site.languages[language.lang];
        let _ = writeln!(out, "\n{} ({})", lang.tag, lang.name);
        let rows: Vec<[String; 3]> = language
            .entries
            .iter()
            .map(|e| {
                [
                    e.key.clone(),
                    e.status.name().to_owned(),
                    file_column(site, report, e),
                ]
            })
            .collect();
        let width = |col: usize, title: &str| {
            rows.iter()
                .map(|r| r[col].chars().count())
                .chain([title.chars().count()])
                .max()
                .unwrap_or(0)
        };
        let (w0, w1) = (width(0, "page"), width(1, "status"));
        let _ = writeln!(out, "  {:w0$}  {:w1$}  file", "page", "status");
        for (entry, row) in language.entries.iter().zip(&rows) {
            let line = format!("  {:w0$}  {:w1$}  {}", row[0], row[1], row[2]);
            let _ = writeln!(out, "{}", line.trim_end());
            if !entry.items_only_in_source.is_empty() {
                let _ = writeln!(
                    out,
                    "      checklist items only in the source: {}",
                    ids(&entry.items_only_in_source)
                );
            }
            if !entry.items_only_in_translation.is_empty() {
                let _ = writeln!(
                    out,
                    "      checklist items only in the translation: {}",
                    ids(&entry.items_only_in_translation)
                );
            }
            if !seen.iter().any(|(s, _)| *s == entry.status) {
                seen.push((entry.status, example(site, report, language.lang, entry)));
            }
        }
        let _ = writeln!(out, "  {}: {}", lang.tag, language.summary());
    }
    seen.sort();
    let advice: Vec<(&str, String)> = seen
        .iter()
        .filter_map(|(s, example)| advice(*s, example))
        .collect();
    if !advice.is_empty() {
        let _ = writeln!(out, "\nwhat to do:");
        let width = advice.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
        for (status, text) in advice {
            let _ = writeln!(out, "  {status:width$}  {text}");
        }
    }
    out
}

/// The report as JSON: an object with `source_language` and `languages` (see
/// `docs/translating.md`).
pub fn render_json(site: &Site, report: &Report) -> String {
    let json = Json {
        source_language: &site.languages[report.source].tag,
        languages: report
            .languages
            .iter()
            .map(|language| LanguageJson::new(site, language))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json).expect("the report always serialises");
    text.push('\n');
    text
}

/// The JSON report: the source language and the status of every other.
#[derive(Serialize)]
struct Json<'a> {
    source_language: &'a str,
    languages: Vec<LanguageJson<'a>>,
}

/// The status of the pages of one language, in the JSON report.
#[derive(Serialize)]
struct LanguageJson<'a> {
    language: &'a str,
    name: &'a str,
    direction: &'a str,
    counts: Counts,
    pages: Vec<PageJson<'a>>,
}

/// How many pages of a language have each status, in the JSON report.
#[derive(Serialize)]
struct Counts {
    current: usize,
    stale: usize,
    missing: usize,
    orphaned: usize,
    untracked: usize,
    untranslated: usize,
}

/// The status of one page in one language, in the JSON report.
#[derive(Serialize)]
struct PageJson<'a> {
    key: &'a str,
    status: Status,
    file: Option<String>,
    source_file: Option<String>,
    source_hash: Option<String>,
    recorded_hash: Option<&'a str>,
    fallback: bool,
    items_only_in_source: &'a [String],
    items_only_in_translation: &'a [String],
}

impl<'a> LanguageJson<'a> {
    /// The JSON of one language's part of the report.
    fn new(site: &'a Site, language: &'a LanguageReport) -> LanguageJson<'a> {
        let lang = &site.languages[language.lang];
        let [current, stale, missing, orphaned, untracked, untranslated] =
            language.counts().map(|(_, n)| n);
        LanguageJson {
            language: &lang.tag,
            name: &lang.name,
            direction: lang.dir.as_str(),
            counts: Counts {
                current,
                stale,
                missing,
                orphaned,
                untracked,
                untranslated,
            },
            pages: language
                .entries
                .iter()
                .map(|e| PageJson::new(site, e))
                .collect(),
        }
    }
}

impl<'a> PageJson<'a> {
    /// The JSON of one page's entry in the report.
    fn new(site: &'a Site, e: &'a Entry) -> PageJson<'a> {
        PageJson {
            key: &e.key,
            status: e.status,
            file: e.translation.map(|d| doc_path(site, d)),
            source_file: e.source.map(|d| doc_path(site, d)),
            source_hash: e
                .source
                .map(|d| super::source_hash(&site.docs[d].document).to_owned()),
            recorded_hash: e
                .translation
                .and_then(|d| site.docs[d].document.front.source_hash.as_deref()),
            fallback: e.fallback,
            items_only_in_source: &e.items_only_in_source,
            items_only_in_translation: &e.items_only_in_translation,
        }
    }
}

/// The path of the file of a document, as shown.
fn doc_path(site: &Site, doc: DocId) -> String {
    display_path(&site.docs[doc].document.src.path)
}

fn file_column(site: &Site, report: &Report, entry: &Entry) -> String {
    match entry.translation {
        Some(doc) => doc_path(site, doc),
        None if entry.fallback => format!(
            "(none: the page shows the {} text)",
            site.languages[report.source].tag
        ),
        None => "(none: the page is left out)".to_owned(),
    }
}

fn ids(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The command that deals with an entry, as an example for the advice.
fn example(site: &Site, report: &Report, lang: LangId, entry: &Entry) -> String {
    let tag = &site.languages[lang].tag;
    let source = &site.languages[report.source].tag;
    match entry.status {
        Status::Missing => format!(
            "leidraad translate --to {tag} content/{source}/{}",
            entry.key
        ),
        _ => format!(
            "leidraad translations --mark-current content/{tag}/{}",
            entry.key
        ),
    }
}

fn advice(status: Status, example: &str) -> Option<(&'static str, String)> {
    let text = match status {
        Status::Current => return None,
        Status::Stale => {
            format!("update the translation to the changed source, then record that: `{example}`")
        }
        Status::Missing => format!("start a translation: `{example}`"),
        Status::Orphaned => {
            "give the file the path of its source page, or remove it if the page was removed"
                .to_owned()
        }
        Status::Untracked => format!(
            "check the translation against its source, then record that it is current: `{example}`"
        ),
        Status::Untranslated => "translate the title and the text; then it is current".to_owned(),
    };
    Some((status.name(), text))
}
