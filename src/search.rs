//! Full-text search: a Pagefind index per language, written into the site as plain files.
//!
//! Pagefind splits the index by each page's `<html lang>`, with that language's stemming, so
//! readers only get results in their own language. Checklist items are added as records of
//! their own that link to the item's anchor. The search UI is part of the theme
//! (`leidraad.js`), which loads `pagefind/pagefind.js` from the site itself: no request
//! leaves the site.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::output::{Contents, OutputFile};

/// A page to index: its path in the output and its HTML.
#[derive(Debug)]
pub struct SearchPage<'a> {
    /// `nl/waarden/ken-jezelf/index.html`.
    pub path: &'a str,
    /// The rendered page.
    pub html: &'a str,
}

/// A checklist item, found as a result of its own.
#[derive(Debug, Clone)]
pub struct SearchItem {
    /// `/nl/waarden/ken-jezelf/#lijst`: root-relative, as Pagefind writes page URLs.
    pub url: String,
    /// The item's text.
    pub text: String,
    /// The language tag of the index it belongs to.
    pub lang: String,
    /// The section it is explained in.
    pub section: String,
    /// The guide it is part of.
    pub guide: String,
}

/// What is left out of the index: navigation, the table of contents, page furniture.
const EXCLUDE: &[&str] = &[
    "nav",
    ".toc",
    ".meta",
    ".task-anchor",
    ".part-of",
    ".pager",
    ".notice",
    ".notice-quiet",
    ".skip-link",
    "[data-search-ignore]",
];

/// Builds the index and returns its files, under `pagefind/`.
pub fn index(
    pages: &[SearchPage<'_>],
    items: &[SearchItem],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .map_err(|e| failure(&e.to_string()))?;
    runtime.block_on(build(pages, items))
}

async fn build(
    pages: &[SearchPage<'_>],
    items: &[SearchItem],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let config = pagefind::options::PagefindServiceConfig::builder()
        .root_selector("main".to_owned())
        .exclude_selectors(EXCLUDE.iter().map(|s| (*s).to_owned()).collect())
        .build();
    let mut index =
        pagefind::api::PagefindIndex::new(Some(config)).map_err(|e| failure(&e.to_string()))?;
    for page in pages {
        index
            .add_html_file(Some(page.path.to_owned()), None, page.html.to_owned())
            .await
            .map_err(|e| failure(&format!("{}: {e}", page.path)))?;
    }
    for item in items {
        let meta = BTreeMap::from([
            ("title".to_owned(), item.text.clone()),
            ("section".to_owned(), item.section.clone()),
            ("guide".to_owned(), item.guide.clone()),
            ("kind".to_owned(), "item".to_owned()),
        ]);
        let lang = item
            .lang
            .split('-')
            .next()
            .unwrap_or(&item.lang)
            .to_ascii_lowercase();
        index
            .add_custom_record(
                item.url.clone(),
                item.text.clone(),
                lang,
                Some(meta),
                None,
                None,
            )
            .await
            .map_err(|e| failure(&format!("{}: {e}", item.url)))?;
    }
    let files = index
        .get_files()
        .await
        .map_err(|e| failure(&e.to_string()))?;
    let mut out: Vec<OutputFile> = files
        .into_iter()
        .map(|f| OutputFile {
            path: format!(
                "pagefind/{}",
                f.filename.to_string_lossy().replace('\\', "/")
            ),
            contents: Contents::Bytes(f.contents),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn failure(detail: &str) -> Diagnostic {
    Diagnostic::error(
        "search",
        format!("the search index could not be built: {detail}"),
    )
    .help("build with `--no-search` to leave search out, and report this problem")
}
