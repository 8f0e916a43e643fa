//! Turns the documents of every language into pages: homes, standalone pages, guides with
//! their sections and checklists, and fallback pages where a translation is missing.

use super::*;

pub(super) struct Builder<'a, 'd> {
    pub(super) config: &'a SiteConfig,
    pub(super) languages: &'a [Language],
    pub(super) default_lang: LangId,
    pub(super) docs: &'a [Doc],
    /// The documents of each language by path.
    pub(super) doc_index: Vec<HashMap<&'a str, DocId>>,
    /// Every document path of any language, sorted, once.
    pub(super) keys: Vec<&'a str>,
    pub(super) pages: Vec<Page>,
    pub(super) guides: Vec<Guide>,
    pub(super) diags: &'d mut Diagnostics,
}

impl Builder<'_, '_> {
    /// Builds every page of one language.
    pub(super) fn language(&mut self, lang: LangId) -> LanguageContents {
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
                    == Some(crate::source::hash::NOT_YET_TRANSLATED)
                && self.doc_index[self.default_lang]
                    .get(key)
                    .is_some_and(|&source| {
                        crate::source::hash::same_text(
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
            crate::slug::file_slug(name)
        };
        match &document.front.slug {
            Some((slug, range)) => match crate::slug::check_slug(slug) {
                Ok(()) => slug.clone(),
                Err(why) => {
                    let suggestion = crate::slug::slugify(slug);
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
