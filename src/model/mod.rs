//! Stage 2: the site as a whole, pure.
//!
//! Turns the documents read by `source` into languages, pages (with their URLs), guides and
//! their sections and checklists, and the translation sets that tie every page to its
//! versions in the other languages. Missing translations become fallback pages here. Knows
//! nothing about the filesystem or templates.

pub mod slug;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use crate::config::{self, Direction, MissingTranslation, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{self, Strings};
use crate::markdown::{self, Rendered};
use crate::source::{Asset, DocKind, Document, Sources};

/// Index of a language in [`Site::languages`].
pub type LangId = usize;
/// Index of a document in [`Site::docs`].
pub type DocId = usize;
/// Index of a page in [`Site::pages`].
pub type PageId = usize;
/// Index of a guide in [`Site::guides`].
pub type GuideId = usize;

/// The whole site, ready to be linked and rendered.
#[derive(Debug)]
pub struct Site {
    /// The settings from `site.yaml`.
    pub config: SiteConfig,
    /// Every language, in the order of the language switcher.
    pub languages: Vec<Language>,
    /// The source language, which translations are made from.
    pub default_lang: LangId,
    /// Every document that is part of this build, with its rendered body.
    pub docs: Vec<Doc>,
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
#[derive(Debug)]
pub struct Language {
    /// BCP 47 tag, also the folder under `content/` and the first URL segment.
    pub tag: String,
    /// The language's name in itself.
    pub name: String,
    /// Text direction.
    pub dir: Direction,
    /// Interface strings.
    pub strings: Strings,
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
}

/// What a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageKind {
    /// A language home.
    Home,
    /// A standalone page.
    Page,
    /// A guide's own page.
    Guide,
    /// A section of a guide.
    Section,
    /// The checklist of a guide.
    Checklist,
    /// Every checklist of a language.
    Checklists,
}

/// One page of the output.
#[derive(Debug)]
pub struct Page {
    /// The language whose interface it is shown in.
    pub lang: LangId,
    /// Its translation key: the source path inside the language folder, the same for every
    /// translation (`waarden/01-ken-jezelf.md`); generated pages get keys such as
    /// `waarden/#checklist`.
    pub key: String,
    /// What it is.
    pub kind: PageKind,
    /// The document whose text it shows, if any.
    pub doc: Option<DocId>,
    /// Whether that document is in another language (a missing translation).
    pub fallback: bool,
    /// Its URL from the output root, ending in `/`: `nl/waarden/ken-jezelf/`.
    pub url: String,
    /// The guide it belongs to.
    pub guide: Option<GuideId>,
    /// Its title, plain text.
    pub title: String,
}

/// A guide in one language.
#[derive(Debug)]
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
    /// Every checklist item of its sections, in order.
    pub items: Vec<ItemRef>,
}

/// A checklist item: the section page it is on and its index in the section's items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemRef {
    /// The section page.
    pub section: PageId,
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
        self.page_index.get(lang)?.get(key).copied()
    }

    /// The co-located file at this path in this language's folder, if there is one.
    pub fn asset(&self, lang: LangId, rel: &str) -> Option<&SiteAsset> {
        self.asset_index
            .get(lang)?
            .get(rel)
            .map(|&i| &self.assets[i])
    }

    /// The document of a page.
    pub fn doc_of(&self, page: PageId) -> Option<&Doc> {
        self.pages[page].doc.map(|d| &self.docs[d])
    }

    /// The document a page shows, if any.
    pub fn doc_of_page(&self, page: &Page) -> Option<&Doc> {
        page.doc.map(|d| &self.docs[d])
    }

    /// The language of a tag.
    pub fn lang_id(&self, tag: &str) -> Option<LangId> {
        self.languages.iter().position(|l| l.tag == tag)
    }

    /// The versions of a page in every language, in switcher order.
    pub fn translations(
        &self,
        page: PageId,
    ) -> impl Iterator<Item = (LangId, Option<PageId>)> + '_ {
        let key = &self.pages[page].key;
        (0..self.languages.len()).map(move |l| (l, self.page(l, key)))
    }
}

/// Builds the site from what `source` read. Returns `None` when the problems are so basic
/// (no languages at all) that nothing else can be checked.
pub fn assemble(sources: Sources, options: ModelOptions, diags: &mut Diagnostics) -> Option<Site> {
    let Sources {
        config,
        language_folders,
        documents,
        assets,
    } = sources;
    let languages = languages(&config, &language_folders, diags)?;
    let default_lang = config
        .default_language
        .as_ref()
        .and_then(|d| languages.iter().position(|l| l.tag == *d))
        .unwrap_or(0);
    let mut drafts = BTreeSet::new();
    let mut kept = Vec::new();
    for document in documents {
        let Some(lang) = languages.iter().position(|l| l.tag == document.lang) else {
            continue;
        };
        if document.front.draft && !options.drafts {
            drafts.insert((lang, document.rel.clone()));
        } else {
            kept.push((lang, document));
        }
    }
    let rendered: Vec<(Doc, Vec<Diagnostic>)> = kept
        .into_par_iter()
        .map(|(lang, document)| {
            let (rendered, diags) = render_body(&document);
            (
                Doc {
                    lang,
                    document,
                    rendered,
                },
                diags,
            )
        })
        .collect();
    let mut docs = Vec::with_capacity(rendered.len());
    for (doc, ds) in rendered {
        diags.extend(ds);
        docs.push(doc);
    }
    // Every document by language and path, and every path once, in order: what each language
    // builds its pages from.
    let mut doc_index = vec![HashMap::new(); languages.len()];
    for (i, d) in docs.iter().enumerate() {
        doc_index[d.lang].insert(d.document.rel.as_str(), i);
    }
    let mut keys: Vec<&str> = docs.iter().map(|d| d.document.rel.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut builder = Builder {
        config: &config,
        languages: &languages,
        default_lang,
        doc_index,
        keys,
        docs: &docs,
        pages: Vec::new(),
        guides: Vec::new(),
        diags,
    };
    let sections_of = (0..languages.len())
        .map(|lang| builder.language(lang))
        .collect();
    let Builder { pages, guides, .. } = builder;
    let mut page_index = vec![HashMap::new(); languages.len()];
    for (i, p) in pages.iter().enumerate() {
        page_index[p.lang].insert(p.key.clone(), i);
    }
    let mut site = Site {
        config,
        languages,
        default_lang,
        docs,
        pages,
        guides,
        sections_of,
        assets: Vec::new(),
        drafts,
        page_index,
        asset_index: Vec::new(),
    };
    site.assets = site_assets(&site, assets);
    site.asset_index = vec![HashMap::new(); site.languages.len()];
    for (i, asset) in site.assets.iter().enumerate() {
        // The first file of a path wins, as a search in order would.
        site.asset_index[asset.lang]
            .entry(asset.rel.clone())
            .or_insert(i);
    }
    if let Some(today) = options.today {
        check_reviews(&site, today, diags);
    }
    check_unique_urls(&site, diags);
    check_item_ids(&site, diags);
    Some(site)
}

/// Renders a document's Markdown body.
pub fn render_body(document: &Document) -> (Rendered, Vec<Diagnostic>) {
    let stem = item_stem(&document.rel);
    let guide = guide_key(&document.rel).unwrap_or("");
    markdown::render(
        &document.src,
        document.body,
        markdown::Context {
            item_stem: &stem,
            guide,
        },
    )
}

/// The languages of the site: those of `site.yaml` in its order, or every folder.
fn languages(
    config: &SiteConfig,
    folders: &[String],
    diags: &mut Diagnostics,
) -> Option<Vec<Language>> {
    let configured: Vec<(String, Option<String>, Option<Direction>)> = if config
        .languages
        .is_empty()
    {
        for folder in folders {
            if !config::is_language_tag(folder) {
                diags.push(
                    Diagnostic::error(
                        "unknown-language",
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
                        "unknown-language",
                        format!("the language folder `{folder}` is not listed under `languages` in site.yaml"),
                    )
                    .in_file(&PathBuf::from("content").join(folder))
                    .help(format!(
                        "add `{folder}: {{ name: … }}` under `languages:` in site.yaml, or rename the folder to one of {}",
                        config::list(&known)
                    )),
                );
            }
        }
        config
            .languages
            .iter()
            .map(|l| (l.tag.clone(), l.name.clone(), l.direction))
            .collect()
    };
    if configured.is_empty() {
        diags.push(
            Diagnostic::error("no-languages", "`content/` has no language folders")
                .in_file(&PathBuf::from("content"))
                .help("put the Markdown files in a folder per language, such as `content/nl/`"),
        );
        return None;
    }
    if config.languages.is_empty() && config.default_language.is_none() && configured.len() > 1 {
        let tags: Vec<&str> = configured.iter().map(|(t, _, _)| t.as_str()).collect();
        diags.push(
            Diagnostic::warning(
                "no-default-language",
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
    for (tag, name, dir) in configured {
        let (strings, warning) = Strings::for_language(&tag, config);
        diags.extend(warning);
        let name = name
            .or_else(|| i18n::language_name(&tag).map(str::to_owned))
            .unwrap_or_else(|| tag.clone());
        languages.push(Language {
            dir: i18n::direction(&tag, dir),
            tag,
            name,
            strings,
        });
    }
    Some(languages)
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
        slug::file_slug(file)
    }
}

struct Builder<'a, 'd> {
    config: &'a SiteConfig,
    languages: &'a [Language],
    default_lang: LangId,
    docs: &'a [Doc],
    /// The documents of each language by path.
    doc_index: Vec<HashMap<&'a str, DocId>>,
    /// Every document path of any language, sorted, once.
    keys: Vec<&'a str>,
    pages: Vec<Page>,
    guides: Vec<Guide>,
    diags: &'d mut Diagnostics,
}

impl Builder<'_, '_> {
    /// Builds every page of one language.
    fn language(&mut self, lang: LangId) -> LanguageContents {
        let tag = self.languages[lang].tag.clone();
        let strings = &self.languages[lang].strings;
        let home_url = format!("{tag}/");
        let home = match self.source_for(lang, "_index.md", false) {
            Some((doc, fallback)) => self.push_page(
                lang,
                "_index.md",
                PageKind::Home,
                doc,
                fallback,
                home_url.clone(),
                None,
            ),
            None => {
                let title = self.config.title_in(&tag).to_owned();
                self.push_generated(
                    lang,
                    "_index.md",
                    PageKind::Home,
                    home_url.clone(),
                    None,
                    title,
                )
            }
        };
        let checklists_url = format!("{home_url}{}/", strings.get("checklists_slug"));
        let checklists_title = strings.get("all_checklists").to_owned();

        let mut standalone = Vec::new();
        let mut guide_folders: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        // The paths borrow the documents, not the builder: a copy of the list lets the loop
        // add pages.
        for key in self.keys.clone() {
            match crate::source::classify(key) {
                Some(DocKind::Page) => {
                    if let Some((doc, fallback)) = self.source_for(lang, key, false) {
                        let url = format!("{home_url}{}/", self.slug(doc));
                        let page =
                            self.push_page(lang, key, PageKind::Page, doc, fallback, url, None);
                        standalone.push(page);
                    }
                }
                Some(DocKind::Guide) => {
                    guide_folders
                        .entry(guide_key(key).unwrap_or(key))
                        .or_default();
                }
                Some(DocKind::Section) => {
                    let folder = guide_key(key).unwrap_or(key);
                    guide_folders.entry(folder).or_default().push(key);
                }
                _ => {}
            }
        }
        let mut guides = Vec::new();
        for (folder, sections) in guide_folders {
            if let Some(guide) = self.guide(lang, &home_url, folder, &sections) {
                guides.push(guide);
            }
        }
        let order = |b: &Builder<'_, '_>, page: PageId| {
            let weight = b.pages[page]
                .doc
                .and_then(|d| b.docs[d].document.front.weight)
                .unwrap_or(0);
            (weight, b.pages[page].key.clone())
        };
        standalone.sort_by_cached_key(|&p| order(self, p));
        guides.sort_by_cached_key(|&g| order(self, self.guides[g].page));
        let checklists = self.push_generated(
            lang,
            "#checklists",
            PageKind::Checklists,
            checklists_url,
            None,
            checklists_title,
        );
        LanguageContents {
            home,
            guides,
            pages: standalone,
            checklists,
        }
    }

    /// Builds a guide of one language with its sections and checklist.
    fn guide(
        &mut self,
        lang: LangId,
        home_url: &str,
        folder: &str,
        section_keys: &[&str],
    ) -> Option<GuideId> {
        let index_key = format!("{folder}/_index.md");
        let mut sections: Vec<(DocId, bool, &str)> = section_keys
            .iter()
            .filter_map(|key| self.source_for(lang, key, false).map(|(d, f)| (d, f, *key)))
            .collect();
        let guide_source = self.source_for(lang, &index_key, !sections.is_empty());
        let Some((guide_doc, guide_fallback)) = guide_source else {
            if lang == self.default_lang
                || self
                    .doc_index
                    .iter()
                    .all(|docs| !docs.contains_key(index_key.as_str()))
            {
                for &(doc, fallback, _) in &sections {
                    if !fallback {
                        let path = self.docs[doc].document.src.path.clone();
                        self.diags.push(
                            Diagnostic::error("no-guide-index", format!("the folder `{folder}` has no `_index.md`"))
                                .in_file(&path)
                                .help(format!(
                                    "a folder of sections is a guide: add `{folder}/_index.md` with at least a `title`"
                                )),
                        );
                    }
                }
            }
            return None;
        };
        sections.sort_by_cached_key(|&(doc, _, key)| {
            (
                self.docs[doc].document.front.weight.unwrap_or(0),
                key.to_owned(),
            )
        });
        let guide_id = self.guides.len();
        let guide_url = format!("{home_url}{}/", self.slug(guide_doc));
        let guide_page = self.push_page(
            lang,
            &index_key,
            PageKind::Guide,
            guide_doc,
            guide_fallback,
            guide_url.clone(),
            Some(guide_id),
        );
        let mut section_pages = Vec::new();
        let mut items = Vec::new();
        for (doc, fallback, key) in sections {
            let url = format!("{guide_url}{}/", self.slug(doc));
            let page = self.push_page(
                lang,
                key,
                PageKind::Section,
                doc,
                fallback,
                url,
                Some(guide_id),
            );
            section_pages.push(page);
            items.extend(
                (0..self.docs[doc].rendered.items.len()).map(|index| ItemRef {
                    section: page,
                    index,
                }),
            );
        }
        let checklist = (!items.is_empty()).then(|| {
            let strings = &self.languages[lang].strings;
            let url = format!("{guide_url}{}/", strings.get("checklist_slug"));
            let title = format!(
                "{}: {}",
                strings.get("checklist"),
                self.pages[guide_page].title
            );
            self.push_generated(
                lang,
                &format!("{folder}/#checklist"),
                PageKind::Checklist,
                url,
                Some(guide_id),
                title,
            )
        });
        self.guides.push(Guide {
            lang,
            key: folder.to_owned(),
            page: guide_page,
            sections: section_pages,
            checklist,
            items,
        });
        Some(guide_id)
    }

    /// The document a page of `key` shows in `lang`: its own, or the source language's as a
    /// fallback. `needed` forces a fallback even with `missing_translation: omit` (a guide
    /// whose sections are translated).
    fn source_for(&self, lang: LangId, key: &str, needed: bool) -> Option<(DocId, bool)> {
        if let Some(&doc) = self.doc_index[lang].get(key) {
            // A copy that `translate` made and nobody has translated yet is the source's text:
            // published as such, with the source's language and the fallback notice.
            let untouched = lang != self.default_lang
                && self.docs[doc].document.front.source_hash.as_deref()
                    == Some(crate::translations::NOT_YET_TRANSLATED)
                && self.doc_index[self.default_lang]
                    .get(key)
                    .is_some_and(|&source| {
                        crate::translations::hash::same_text(
                            &self.docs[source].document,
                            &self.docs[doc].document,
                        )
                    });
            if untouched {
                return Some((self.doc_index[self.default_lang][key], true));
            }
            return Some((doc, false));
        }
        let allowed = needed || self.config.missing_translation == MissingTranslation::Fallback;
        if !allowed {
            return None;
        }
        self.doc_index[self.default_lang]
            .get(key)
            .map(|&doc| (doc, true))
    }

    /// The URL segment of a document: its front-matter slug, or one made from its file name.
    fn slug(&mut self, doc: DocId) -> String {
        let document = &self.docs[doc].document;
        let from_name = || {
            let name = match document.kind {
                DocKind::Guide => guide_key(&document.rel).unwrap_or(&document.rel),
                _ => document.rel.rsplit('/').next().unwrap_or(&document.rel),
            };
            slug::file_slug(name)
        };
        match &document.front.slug {
            Some((slug, range)) => match slug::check_slug(slug) {
                Ok(()) => slug.clone(),
                Err(why) => {
                    let suggestion = slug::slugify(slug);
                    let help = if suggestion.is_empty() {
                        "a slug is one URL segment of letters, digits and `-`, such as `know-yourself`".to_owned()
                    } else {
                        format!("a slug is one URL segment, such as `{suggestion}`")
                    };
                    self.diags.push(
                        Diagnostic::error("invalid-slug", why)
                            .at_range(&document.src, range.clone())
                            .help(help),
                    );
                    from_name()
                }
            },
            None => {
                let slug = from_name();
                // A front matter with errors may set a slug that could not be read.
                if slug.is_empty() && document.has_read(&["slug"]) {
                    self.diags.push(
                        Diagnostic::error(
                            "invalid-slug",
                            "nothing is left of this file name to make a URL from",
                        )
                        .in_file(&document.src.path)
                        .help("rename the file, or add `slug: some-name` to its front matter"),
                    );
                    return "page".to_owned();
                }
                slug
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_page(
        &mut self,
        lang: LangId,
        key: &str,
        kind: PageKind,
        doc: DocId,
        fallback: bool,
        url: String,
        guide: Option<GuideId>,
    ) -> PageId {
        self.pages.push(Page {
            lang,
            key: key.to_owned(),
            kind,
            doc: Some(doc),
            fallback,
            url,
            guide,
            title: self.docs[doc].document.front.title.clone(),
        });
        self.pages.len() - 1
    }

    fn push_generated(
        &mut self,
        lang: LangId,
        key: &str,
        kind: PageKind,
        url: String,
        guide: Option<GuideId>,
        title: String,
    ) -> PageId {
        self.pages.push(Page {
            lang,
            key: key.to_owned(),
            kind,
            doc: None,
            fallback: false,
            url,
            guide,
            title,
        });
        self.pages.len() - 1
    }
}

/// Places every co-located file in the output, beside the pages of its folder.
fn site_assets(site: &Site, assets: Vec<Asset>) -> Vec<SiteAsset> {
    let mut out = Vec::new();
    for asset in assets {
        let Some(lang) = site.lang_id(&asset.lang) else {
            continue;
        };
        let tag = &site.languages[lang].tag;
        let url = match asset.rel.split_once('/') {
            Some((folder, rest)) => match site.page(lang, &format!("{folder}/_index.md")) {
                Some(guide) => format!("{}{rest}", site.pages[guide].url),
                None => format!("{tag}/{}", asset.rel),
            },
            None => format!("{tag}/{}", asset.rel),
        };
        out.push(SiteAsset {
            lang,
            rel: asset.rel,
            path: asset.path,
            url,
        });
    }
    out
}

/// Two pages (or a page and a file) with the same URL would overwrite each other.
fn check_unique_urls(site: &Site, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, PageId> = BTreeMap::new();
    let mut clashes: Vec<(PageId, PageId)> = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        if let Some(&first) = seen.get(page.url.as_str()) {
            if url_is_stand_in(site, id) || url_is_stand_in(site, first) {
                // The URL it would have is not known until its front matter's errors are fixed.
                continue;
            }
            clashes.push((id, first));
        } else {
            seen.insert(&page.url, id);
        }
    }
    // One mistake, one error: when two guides share a URL, so do all their sections and
    // checklists below it; only the guides' clash is reported.
    let clashing_urls: BTreeSet<&str> = clashes
        .iter()
        .map(|&(id, _)| site.pages[id].url.as_str())
        .collect();
    for (id, first) in clashes {
        let page = &site.pages[id];
        let below_another = clashing_urls
            .iter()
            .any(|u| *u != page.url && page.url.starts_with(u));
        if below_another {
            continue;
        }
        {
            let describe = |p: PageId| match site.doc_of(p) {
                Some(doc) => doc.document.src.path.clone(),
                None => {
                    let kind = kind_name(site.pages[p].kind);
                    let folder = site.pages[p]
                        .guide
                        .and_then(|g| site.doc_of(site.guides[g].page))
                        .and_then(|d| {
                            d.document
                                .src
                                .path
                                .parent()
                                .map(std::path::Path::to_path_buf)
                        });
                    match folder {
                        Some(folder) => PathBuf::from(format!(
                            "(the {kind} page of {}/)",
                            crate::diagnostics::display_path(&folder)
                        )),
                        None => PathBuf::from(format!("(the {kind} page)")),
                    }
                }
            };
            let (here, other) = if site.pages[id].fallback {
                (first, id)
            } else {
                (id, first)
            };
            let mut d = Diagnostic::error(
                "duplicate-url",
                format!("two pages have the same URL `/{}`", page.url),
            )
            .help("give one of them another `slug:` in its front matter");
            d = match site.doc_of(here) {
                Some(doc) => match &doc.document.front.slug {
                    Some((_, range)) => d.at_range(&doc.document.src, range.clone()),
                    None => d.in_file(&doc.document.src.path),
                },
                None => d.in_file(&describe(here)),
            };
            d = d.note(
                crate::diagnostics::Location::file(describe(other)),
                "the other page",
            );
            diags.push(d);
        }
    }
}

/// Whether a page's URL is made with a stand-in for a `slug` that front matter with errors
/// hides: its own document's, or its guide's.
fn url_is_stand_in(site: &Site, page: PageId) -> bool {
    let unread = |p: PageId| {
        site.pages[p].kind != PageKind::Home
            && site
                .doc_of(p)
                .is_some_and(|d| !d.document.has_read(&["slug"]))
    };
    unread(page)
        || site.pages[page]
            .guide
            .is_some_and(|g| unread(site.guides[g].page))
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Page => "standalone",
        PageKind::Guide => "guide",
        PageKind::Section => "section",
        PageKind::Checklist => "checklist",
        PageKind::Checklists => "all-checklists",
    }
}

/// Guidance that nobody has reviewed in time may no longer be right.
fn check_reviews(site: &Site, today: crate::date::Date, diags: &mut Diagnostics) {
    for doc in &site.docs {
        if let Some((due, range)) = &doc.document.front.next_review {
            if *due < today {
                diags.push(
                    Diagnostic::warning("review-due", format!("the review of this page was due on {due}"))
                        .at_range(&doc.document.src, range.clone())
                        .help("review the text, then set `last_reviewed` to today's date and `next_review` to the next one"),
                );
            }
        }
    }
}

/// Item ids are unique within a guide, so that links and saved ticks find one item.
fn check_item_ids(site: &Site, diags: &mut Diagnostics) {
    for guide in &site.guides {
        let mut seen: HashMap<&str, ItemRef> = HashMap::new();
        for &item in &guide.items {
            let page = &site.pages[item.section];
            let doc = site.doc_of(item.section).expect("sections have documents");
            let it = &doc.rendered.items[item.index];
            match seen.get(it.id.as_str()) {
                Some(first) if first.section != item.section && !page.fallback => {
                    let first_doc = site.doc_of(first.section).expect("sections have documents");
                    let first_item = &first_doc.rendered.items[first.index];
                    diags.push(
                        Diagnostic::error(
                            "duplicate-item-id",
                            format!(
                                "the checklist item id `{}` is used twice in the guide `{}`",
                                it.id, guide.key
                            ),
                        )
                        .at_range(&doc.document.src, it.range.clone())
                        .note(
                            first_doc.document.src.location(first_item.range.clone()),
                            "first used here",
                        )
                        .help("item ids must be unique within a guide; rename one of them"),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(&it.id, item);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
