//! Stage 2: the site as a whole, pure.
//!
//! Turns the documents read by `source` into languages, pages (with their URLs), guides and
//! their sections and checklists, and the translation sets that tie every page to its
//! versions in the other languages. Missing translations become fallback pages here. Knows
//! nothing about the filesystem or templates.

mod assemble;
mod builder;
mod checks;
mod ids;
mod page;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use crate::config::{self, Direction, MissingTranslation, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::i18n::{self, Strings};
use crate::markdown::{self, Rendered};
use crate::source::{Asset, DocKind, Document, Sources};
pub use assemble::{assemble, reassemble, render_body};
use builder::{Builder, Built};
use checks::{check_item_ids, check_reviews, check_unique_urls};
pub use ids::{DocId, GuideId, LangId, PageId};
pub use page::{Page, PageKind, Text};

/// The whole site, ready to be linked and rendered.
#[derive(Clone, Debug)]
pub struct Site {
    /// The settings from `site.yaml`.
    pub config: SiteConfig,
    /// Every language, in the order of the language switcher.
    pub languages: Vec<Language>,
    /// The source language, which translations are made from.
    pub default_lang: LangId,
    /// Every document that is part of this build, with its rendered body.
    pub docs: Vec<Arc<Doc>>,
    /// Every page of the output, in every language.
    pub pages: Vec<Page>,
    /// Every guide, in every language.
    pub guides: Vec<Guide>,
    /// Per language: its home page, its guides in order, its standalone pages in order and its
    /// page of all checklists.
    pub sections_of: Vec<LanguageContents>,
    /// Every file under `content/` that is copied to the output.
    pub assets: Vec<SiteAsset>,
    /// Documents left out because they are drafts: `(language, path)`.
    pub drafts: BTreeSet<(LangId, String)>,
    /// Per language: the page of each translation key. Keyed by language first, so that a
    /// lookup by `&str` allocates nothing.
    page_index: Vec<HashMap<String, PageId>>,
    /// Per language: the index in `assets` of each co-located file, by its path in the
    /// language folder, so that links to files are lookups too.
    asset_index: Vec<HashMap<String, usize>>,
}

/// A language of the site.
#[derive(Clone, Debug)]
pub struct Language {
    /// BCP 47 tag as the folder under `content/` spells it, also the first URL segment.
    pub tag: String,
    /// The canonical form of the tag (`zh-hant` → `zh-Hant`), for `lang`, `hreflang`, the
    /// sitemap and the feeds.
    pub code: String,
    /// The language's name in itself.
    pub name: String,
    /// Text direction.
    pub dir: Direction,
    /// Interface strings.
    pub strings: Strings,
    /// Where its pages are, from the output root: `nl/`, or `` for the default language when
    /// `default_language_at_root` is set.
    pub path: String,
}

/// What one language holds.
#[derive(Debug, Clone)]
pub struct LanguageContents {
    /// The language home.
    pub home: PageId,
    /// Guides, in order.
    pub guides: Vec<GuideId>,
    /// Standalone pages, in order.
    pub pages: Vec<PageId>,
    /// The page that lists every checklist of the language.
    pub checklists: PageId,
}

/// A source document and its rendered body.
#[derive(Debug)]
pub struct Doc {
    /// The language folder it was read from.
    pub lang: LangId,
    /// The file.
    pub document: Document,
    /// Its body, rendered once.
    pub rendered: Rendered,
    /// What rendering its body found, given again when the site is assembled again without
    /// rendering it ([`reassemble`]).
    pub diagnostics: Vec<Diagnostic>,
    /// The URL segment made from its file name, made once: `serve` assembles the site again
    /// from the same documents after each edit.
    name_slug: std::sync::OnceLock<String>,
    /// A hash of each of its checklist item ids, made once, so that a guide whose items all
    /// differ is told from one with an id twice without reading every id.
    item_hashes: std::sync::OnceLock<Box<[u64]>>,
}

impl Doc {
    /// A document of `lang` with its rendered body and what rendering it found.
    pub fn new(
        lang: LangId,
        document: Document,
        rendered: Rendered,
        diagnostics: Vec<Diagnostic>,
    ) -> Doc {
        Doc {
            lang,
            document,
            rendered,
            diagnostics,
            name_slug: std::sync::OnceLock::new(),
            item_hashes: std::sync::OnceLock::new(),
        }
    }

    /// A hash of each of its checklist item ids, in order: the same for the same ids.
    pub fn item_hashes(&self) -> &[u64] {
        self.item_hashes.get_or_init(|| {
            use std::hash::BuildHasher;
            let state = foldhash::fast::FixedState::default();
            self.rendered
                .items
                .iter()
                .map(|item| state.hash_one(item.id.as_str()))
                .collect()
        })
    }

    /// The URL segment made from its file name (a guide's from its folder's), without an
    /// order prefix such as `01-`.
    pub fn name_slug(&self) -> &str {
        self.name_slug.get_or_init(|| {
            let document = &self.document;
            let name = match document.kind {
                DocKind::Guide => guide_key(&document.rel).unwrap_or(&document.rel),
                _ => document.rel.rsplit('/').next().unwrap_or(&document.rel),
            };
            crate::slug::file_slug(name)
        })
    }
}

/// A document to assemble a site from: read and still to be rendered, or as an earlier site
/// had it.
#[derive(Debug)]
pub enum Source {
    Read(Box<Document>),
    Rendered(Arc<Doc>),
}

/// A guide in one language.
#[derive(Clone, Debug)]
pub struct Guide {
    /// Its language.
    pub lang: LangId,
    /// Its folder name, the same in every language.
    pub key: String,
    /// The guide's own page.
    pub page: PageId,
    /// Its sections, in order.
    pub sections: Vec<PageId>,
    /// Its checklist page, when its sections have items.
    pub checklist: Option<PageId>,
    /// The whole guide on one page, to print.
    pub print: PageId,
    /// Every checklist item of its sections, in order.
    pub items: Vec<ItemRef>,
}

/// A checklist item: the section page it is on and its index in the section's items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemRef {
    /// The section page.
    pub section: PageId,
    /// The section's document.
    pub doc: DocId,
    /// Index into the rendered items of the section's document.
    pub index: usize,
}

/// A co-located file, copied to the output.
#[derive(Debug, Clone)]
pub struct SiteAsset {
    /// The language folder it is in.
    pub lang: LangId,
    /// Its path inside the language folder.
    pub rel: String,
    /// Where it is read from.
    pub path: PathBuf,
    /// Its URL from the output root.
    pub url: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Choices that change which documents take part.
#[derive(Clone, Copy, Debug, Default)]
pub struct ModelOptions {
    /// Include documents marked `draft: true`.
    pub drafts: bool,
    /// Today, to warn about reviews that are due; `None` checks no review dates.
    pub today: Option<crate::date::Date>,
}

impl Site {
    /// The page with this key in this language, if there is one.
    pub fn page(&self, lang: LangId, key: &str) -> Option<PageId> {
        self.page_index.get(lang.index())?.get(key).copied()
    }

    /// Every language's id, in switcher order.
    pub fn lang_ids(&self) -> impl Iterator<Item = LangId> + Clone {
        LangId::all(self.languages.len())
    }

    /// Every page with its id, in order.
    pub fn pages_by_id(&self) -> impl Iterator<Item = (PageId, &Page)> + '_ {
        (PageId::all(self.pages.len())).zip(&self.pages)
    }

    /// The co-located file at this path in this language's folder, if there is one.
    pub fn asset(&self, lang: LangId, rel: &str) -> Option<&SiteAsset> {
        self.asset_index
            .get(lang.index())?
            .get(rel)
            .map(|&i| &self.assets[i])
    }

    /// The document of a page.
    pub fn doc_of(&self, page: PageId) -> Option<&Doc> {
        self.doc_of_page(&self.pages[page])
    }

    /// The document a page shows, if any.
    pub fn doc_of_page(&self, page: &Page) -> Option<&Doc> {
        page.doc().map(|d| &*self.docs[d])
    }

    /// A checklist item, with the document it is in.
    pub fn item(&self, item: ItemRef) -> (&Doc, &markdown::Item) {
        let doc = &self.docs[item.doc];
        (doc, &doc.rendered.items[item.index])
    }

    /// The language of a tag.
    pub fn lang_id(&self, tag: &str) -> Option<LangId> {
        self.languages
            .iter()
            .position(|l| l.tag == tag)
            .map(LangId::new)
    }

    /// The versions of a page in every language, in switcher order.
    pub fn translations(
        &self,
        page: PageId,
    ) -> impl Iterator<Item = (LangId, Option<PageId>)> + '_ {
        let key = &self.pages[page].key;
        LangId::all(self.languages.len()).map(move |l| (l, self.page(l, key)))
    }
}

/// The languages of the site: those of `site.yaml` in its order, or every folder.
fn languages(
    config: &SiteConfig,
    folders: &[String],
    diags: &mut Diagnostics,
) -> Option<Vec<Language>> {
    let configured = configured_languages(config, folders, diags);
    if configured.is_empty() {
        diags.push(
            Diagnostic::error(Code::NoLanguages, "`content/` has no language folders")
                .in_file(&PathBuf::from("content"))
                .help("put the Markdown files in a folder per language, such as `content/nl/`"),
        );
        return None;
    }
    if config.languages.is_empty() && config.default_language.is_none() && configured.len() > 1 {
        let tags: Vec<&str> = configured.iter().map(|(t, _, _)| t.as_str()).collect();
        diags.push(
            Diagnostic::warning(
                Code::NoDefaultLanguage,
                format!("site.yaml names no source language, so `{}`, the first language folder in alphabetical order, is taken as the language translations are made from", tags[0]),
            )
            .in_file(&PathBuf::from("site.yaml"))
            .help(format!(
                "say which it is, and the order of the language switcher, in site.yaml: `default_language: {}` and `languages: {{ {} }}`",
                tags[0],
                tags.iter().map(|t| format!("{t}: {{}}")).collect::<Vec<_>>().join(", ")
            )),
        );
    }
    let mut languages = Vec::new();
    let mut missing = Vec::new();
    for (tag, name, dir) in configured {
        let (strings, lacks) = Strings::for_language(&tag, config);
        missing.extend(lacks);
        let name = name
            .or_else(|| i18n::language_name(&tag))
            .unwrap_or_else(|| tag.clone());
        languages.push(Language {
            path: format!("{tag}/"),
            dir: i18n::direction(&tag, dir),
            code: i18n::canonical_tag(&tag),
            tag,
            name,
            strings,
        });
    }
    diags.extend(i18n::missing_strings(missing));
    Some(languages)
}

/// The tag, name and direction of each language: from `site.yaml`, or (when it lists none)
/// every language folder. A folder that is not a language is an error.
fn configured_languages(
    config: &SiteConfig,
    folders: &[String],
    diags: &mut Diagnostics,
) -> Vec<(String, Option<String>, Option<Direction>)> {
    if config.languages.is_empty() {
        for folder in folders {
            if !config::is_language_tag(folder) {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownLanguage,
                        format!("`{folder}` is not a language tag"),
                    )
                    .in_file(&PathBuf::from("content").join(folder))
                    .help("name language folders with a BCP 47 tag such as `nl`, `en` or `pt-BR`"),
                );
            }
        }
        folders
            .iter()
            .filter(|f| config::is_language_tag(f))
            .map(|f| (f.clone(), None, None))
            .collect()
    } else {
        let known: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
        for folder in folders {
            if !known.contains(&folder.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownLanguage,
                        format!("the language folder `{folder}` is not listed under `languages` in site.yaml"),
                    )
                    .in_file(&PathBuf::from("content").join(folder))
                    .help(format!(
                        "add `{folder}: {{ name: … }}` under `languages:` in site.yaml, or rename the folder to one of {}",
                        crate::diagnostics::list(&known)
                    )),
                );
            }
        }
        config
            .languages
            .iter()
            .map(|l| (l.tag.clone(), l.name.clone(), l.direction))
            .collect()
    }
}

/// The guide folder of a path inside a language folder (`waarden/01-x.md` → `waarden`).
pub fn guide_key(rel: &str) -> Option<&str> {
    rel.split_once('/').map(|(g, _)| g)
}

/// The prefix of derived item ids: the same for every translation of a file.
fn item_stem(rel: &str) -> String {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    if file == "_index.md" {
        "intro".to_owned()
    } else {
        crate::slug::file_slug(file)
    }
}

/// Places every co-located file in the output, beside the pages of its folder, and indexes
/// them by language and path.
fn place_assets(
    assets: Vec<Asset>,
    languages: &[Language],
    pages: &[Page],
    page_index: &[HashMap<String, PageId>],
) -> (Vec<SiteAsset>, Vec<HashMap<String, usize>>) {
    let mut out = Vec::new();
    let mut index = vec![HashMap::new(); languages.len()];
    for asset in assets {
        let Some(lang) = languages.iter().position(|l| l.tag == asset.lang) else {
            continue;
        };
        let tag = &languages[lang].tag;
        let lang = LangId::new(lang);
        let url = match asset.rel.split_once('/') {
            Some((folder, rest)) => {
                match page_index[lang.index()].get(&format!("{folder}/_index.md")) {
                    Some(&guide) => format!("{}{rest}", pages[guide].url),
                    None => format!("{tag}/{}", asset.rel),
                }
            }
            None => format!("{tag}/{}", asset.rel),
        };
        // The first file of a path wins, as a search in order would.
        index[lang.index()]
            .entry(asset.rel.clone())
            .or_insert(out.len());
        out.push(SiteAsset {
            lang,
            rel: asset.rel,
            path: asset.path,
            url,
            bytes: asset.bytes,
        });
    }
    (out, index)
}

#[cfg(test)]
mod tests;
