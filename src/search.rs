//! Full-text search: a Pagefind index per language, written into the site as plain files.
//!
//! Pagefind splits the index by each page's `<html lang>`, with that language's stemming, so
//! readers only get results in their own language. It is given one record per page: the
//! page's `<main>` element only (what readers search; the header, navigation and footer
//! are the same on many pages), in a document of its own. A checklist item is not a record
//! of its own but a part of its section's record: the section lists its items' ids
//! (`data-pagefind-meta="items:…"`), Pagefind records where each element with an id starts,
//! and the search UI (`leidraad.js`) links a match inside an item to the item's anchor. The
//! search UI is part of the theme, which loads `pagefind/pagefind.js` from the site itself:
//! no request leaves the site.
//!
//! Pagefind indexes one page at a time behind a lock. Since its languages are apart anyway,
//! every language gets an index of its own, built in parallel, and their files are merged:
//! each language's files carry its name, the shared files are the same in every index, and
//! `pagefind-entry.json` lists every language.

use std::collections::{BTreeMap, HashMap};

use memchr::memmem;
use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{PageId, PageKind, Site};
use crate::output::{Contents, OutputFile};

/// A page to index.
#[derive(Debug)]
struct SearchPage<'a> {
    /// `nl/waarden/ken-jezelf/index.html`.
    path: &'a str,
    /// The language tag of the page (its `<html lang>`).
    lang: &'a str,
    /// The page's `<main>` element ([`main_element`]).
    main: &'a [u8],
    /// The ids of the checklist items on the page, which search results link to.
    items: Vec<&'a str>,
}

/// What the index is made of, owned, so that it can be made apart from the build (`serve`
/// makes it in the background): each page readers look for (homes, guides, sections,
/// standalone pages), with its language and the ids of its checklist items.
#[derive(Debug, Default)]
pub struct Plan {
    /// Path in the output, language tag, item ids.
    pages: Vec<(String, String, Vec<String>)>,
}

impl Plan {
    /// The pages of `site` to index.
    pub fn new(site: &Site) -> Plan {
        let mut items: HashMap<PageId, Vec<String>> = HashMap::new();
        for guide in &site.guides {
            for item in &guide.items {
                let id = site.item(*item).1.id.clone();
                items.entry(item.section).or_default().push(id);
            }
        }
        let pages = site
            .pages_by_id()
            .filter(|(_, p)| {
                matches!(
                    p.kind,
                    PageKind::Home(_)
                        | PageKind::Page(_)
                        | PageKind::Guide(..)
                        | PageKind::Section(..)
                )
            })
            .map(|(id, p)| {
                (
                    format!("{}index.html", p.url),
                    site.languages[p.lang].tag.clone(),
                    items.remove(&id).unwrap_or_default(),
                )
            })
            .collect();
        Plan { pages }
    }

    /// Builds the index from the pages `file` gives (whole, or only their `<main>`).
    pub fn index<'a>(
        &self,
        file: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        self.index_pausing(file, &|| {})
    }

    /// Builds the index as [`Plan::index`] does, calling `pause` before each page: `serve`
    /// waits there while it builds pages, which come first.
    pub fn index_pausing<'a>(
        &self,
        file: impl Fn(&str) -> Option<&'a [u8]>,
        pause: &(dyn Fn() + Sync),
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let pages: Vec<SearchPage<'_>> = self
            .pages
            .iter()
            .filter_map(|(path, lang, items)| {
                Some(SearchPage {
                    path,
                    lang,
                    main: main_element(file(path)?)?,
                    items: items.iter().map(String::as_str).collect(),
                })
            })
            .collect();
        index(&pages, pause)
    }
}

/// What is left out of the index: the table of contents, page furniture.
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
    ".print-meta",
    "[data-search-ignore]",
];

/// The `<main …>…</main>` element of a page, which is all of it that the index reads; `None`
/// for a page without one.
pub fn main_element(html: &[u8]) -> Option<&[u8]> {
    let start = memmem::find(html, b"<main")?;
    let end = memmem::rfind(&html[start..], b"</main>")? + start + b"</main>".len();
    Some(&html[start..end])
}

/// The document Pagefind reads for a page: its language, and its `<main>` with the ids of
/// its checklist items.
fn document(page: &SearchPage<'_>) -> Result<String, Diagnostic> {
    let main =
        std::str::from_utf8(page.main).map_err(|e| failure(&format!("{}: {e}", page.path)))?;
    let inner = main
        .find('>')
        .and_then(|open| Some(&main[open + 1..main.rfind("</main>")?]))
        .unwrap_or_default();
    let mut doc = String::with_capacity(inner.len() + 128);
    doc.push_str("<!DOCTYPE html><html lang=\"");
    doc.push_str(&crate::html::escape(page.lang));
    doc.push_str("\"><body><main");
    if !page.items.is_empty() {
        doc.push_str(" data-pagefind-meta=\"items:");
        doc.push_str(&crate::html::escape(&page.items.join(" ")));
        doc.push('"');
    }
    doc.push('>');
    // Pagefind leaves out the text of `<label>`s, which is where a checklist item's text is.
    let mut rest = inner;
    while let Some(at) = rest.find("label") {
        let tag = rest[..at].ends_with('<') || rest[..at].ends_with("</");
        doc.push_str(&rest[..at]);
        doc.push_str(if tag { "span " } else { "label" });
        rest = &rest[at + "label".len()..];
    }
    doc.push_str(rest);
    doc.push_str("</main></body></html>");
    Ok(doc)
}

/// Builds the index and returns its files, under `pagefind/`, sorted by path, calling
/// `pause` before each page.
fn index(
    pages: &[SearchPage<'_>],
    pause: &(dyn Fn() + Sync),
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut by_lang: BTreeMap<String, Vec<&SearchPage<'_>>> = BTreeMap::new();
    for page in pages {
        by_lang.entry(index_lang(page.lang)).or_default().push(page);
    }
    let parts: Vec<Vec<OutputFile>> = by_lang
        .into_par_iter()
        .map(|(_, pages)| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(|e| failure(&e.to_string()))?;
            runtime.block_on(build(&pages, pause))
        })
        .collect::<Result<_, _>>()?;
    merge(parts)
}

/// The language Pagefind files a page or record under: the whole tag, lowercased, as
/// Pagefind reads a page's `<html lang>` (`zh-hant`). Each tag keeps an index of its own, so a
/// reader of `zh-Hant` never gets `zh-Hans` results; Pagefind stems by the primary subtag and
/// its search script looks for the page's whole tag first.
fn index_lang(tag: &str) -> String {
    tag.to_ascii_lowercase()
}

/// The files of every language's index as one index.
fn merge(parts: Vec<Vec<OutputFile>>) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files: BTreeMap<String, Contents> = BTreeMap::new();
    let mut languages = serde_json::Map::new();
    let mut entry: Option<serde_json::Value> = None;
    for file in parts.into_iter().flatten() {
        let Contents::Bytes(bytes) = &file.contents else {
            continue;
        };
        if file.path == ENTRY {
            let mut value: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| failure(&format!("{ENTRY}: {e}")))?;
            if let Some(serde_json::Value::Object(langs)) = value.get_mut("languages") {
                languages.append(langs);
            }
            entry = Some(value);
            continue;
        }
        match files.get(&file.path) {
            Some(Contents::Bytes(existing)) if existing != bytes => {
                return Err(failure(&format!(
                    "two languages' indexes made different `{}`",
                    file.path
                )));
            }
            Some(_) => {}
            None => {
                files.insert(file.path, file.contents);
            }
        }
    }
    if let Some(mut entry) = entry {
        entry["languages"] = serde_json::Value::Object(languages);
        let json = serde_json::to_vec(&entry).map_err(|e| failure(&e.to_string()))?;
        files.insert(ENTRY.to_owned(), Contents::Bytes(json));
    }
    Ok(files
        .into_iter()
        .map(|(path, contents)| OutputFile {
            path,
            contents,
            known: Default::default(),
        })
        .collect())
}

/// The file that lists the languages of the index.
const ENTRY: &str = "pagefind/pagefind-entry.json";

async fn build(
    pages: &[&SearchPage<'_>],
    pause: &(dyn Fn() + Sync),
) -> Result<Vec<OutputFile>, Diagnostic> {
    let config = pagefind::options::PagefindServiceConfig::builder()
        .root_selector("main".to_owned())
        .exclude_selectors(EXCLUDE.iter().map(|s| (*s).to_owned()).collect())
        .build();
    let mut index =
        pagefind::api::PagefindIndex::new(Some(config)).map_err(|e| failure(&e.to_string()))?;
    for page in pages {
        pause();
        index
            .add_html_file(Some(page.path.to_owned()), None, document(page)?)
            .await
            .map_err(|e| failure(&format!("{}: {e}", page.path)))?;
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
            known: Default::default(),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn failure(detail: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Search,
        format!("the search index could not be built: {detail}"),
    )
    .help("build with `--no-search` to leave search out, and report this problem")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
            known: Default::default(),
        }
    }

    fn entry(lang: &str) -> OutputFile {
        file(
            ENTRY,
            &format!(
                r#"{{"version":"1","languages":{{"{lang}":{{"hash":"{lang}_1","page_count":2}}}},"include_characters":["_"]}}"#
            ),
        )
    }

    fn text(file: &OutputFile) -> &str {
        match &file.contents {
            Contents::Bytes(bytes) => std::str::from_utf8(bytes).unwrap(),
            _ => panic!("not bytes"),
        }
    }

    #[test]
    fn indexes_of_each_language_merge_into_one() {
        let merged = merge(vec![
            vec![
                entry("nl"),
                file("pagefind/pagefind.js", "js"),
                file("pagefind/index/nl_1.pf_index", "nl"),
            ],
            vec![
                file("pagefind/index/en_1.pf_index", "en"),
                file("pagefind/pagefind.js", "js"),
                entry("en"),
            ],
        ])
        .unwrap();
        let paths: Vec<&str> = merged.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "pagefind/index/en_1.pf_index",
                "pagefind/index/nl_1.pf_index",
                "pagefind/pagefind-entry.json",
                "pagefind/pagefind.js",
            ]
        );
        assert_eq!(
            text(&merged[2]),
            r#"{"include_characters":["_"],"languages":{"en":{"hash":"en_1","page_count":2},"nl":{"hash":"nl_1","page_count":2}},"version":"1"}"#
        );
    }

    #[test]
    fn a_shared_file_that_differs_is_an_error() {
        let err = merge(vec![
            vec![file("pagefind/pagefind.js", "a")],
            vec![file("pagefind/pagefind.js", "b")],
        ])
        .unwrap_err();
        assert!(
            err.message.contains("pagefind/pagefind.js"),
            "{}",
            err.message
        );
    }

    #[test]
    fn the_index_reads_the_main_element_only() {
        let html = b"<html><body><nav>menu</nav><main id=\"main\"><p>text</p></main><footer>f</footer></body></html>";
        assert_eq!(
            main_element(html),
            Some(&b"<main id=\"main\"><p>text</p></main>"[..])
        );
        assert_eq!(main_element(b"<html><body>no main</body></html>"), None);
    }

    #[test]
    fn a_section_lists_its_items_and_their_labels_are_indexed() {
        let main = br#"<main id="main"><ul><li id="a"><input id="a-box"><label for="a-box">Ask the client</label></li></ul><p>A labelled text</p></main>"#;
        let page = SearchPage {
            path: "en/g/s/index.html",
            lang: "en",
            main,
            items: vec!["a", "b"],
        };
        assert_eq!(
            document(&page).unwrap(),
            r#"<!DOCTYPE html><html lang="en"><body><main data-pagefind-meta="items:a b"><ul><li id="a"><input id="a-box"><span  for="a-box">Ask the client</span ></li></ul><p>A labelled text</p></main></body></html>"#
        );
    }

    #[test]
    fn each_language_tag_has_an_index_of_its_own() {
        assert_eq!(index_lang("zh-Hant"), "zh-hant");
        assert_eq!(index_lang("pt-BR"), "pt-br");
        assert_eq!(index_lang("NL"), "nl");
    }
}
