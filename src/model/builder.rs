//! Turns the documents of every language into pages: homes, standalone pages, guides with
//! their sections and checklists, and fallback pages where a translation is missing.

use super::*;
use crate::diagnostics::Code;

/// Builds the pages of one language; the languages are built in parallel, each counting its
/// pages and guides from 0 ([`Built::shifted`] puts them in their place in the site).
pub(super) struct Builder<'a> {
    pub(super) config: &'a SiteConfig,
    pub(super) languages: &'a [Language],
    pub(super) default_lang: LangId,
    pub(super) docs: &'a [Arc<Doc>],
    /// The documents of each language by path.
    pub(super) doc_index: &'a [HashMap<&'a str, DocId>],
    /// What every language's pages are made of.
    pub(super) layout: &'a Layout<'a>,
    pub(super) pages: Vec<Page>,
    pub(super) guides: Vec<Guide>,
    pub(super) diags: Vec<Diagnostic>,
}

/// The standalone pages and guides the documents of every language make, by path: each
/// language builds its pages from them, with its own documents or the source language's.
pub(super) struct Layout<'k> {
    /// The paths of standalone pages, in order.
    pages: Vec<&'k str>,
    /// Each guide folder with its sections' paths, in order of folder and of path.
    guides: Vec<(&'k str, Vec<&'k str>)>,
}

impl<'k> Layout<'k> {
    /// The layout of `keys`: every document path of any language, sorted, once.
    pub(super) fn new(keys: &[&'k str]) -> Layout<'k> {
        let mut pages = Vec::new();
        let mut guides: Vec<(&str, Vec<&str>)> = Vec::new();
        for &key in keys {
            let folder = guide_key(key).unwrap_or(key);
            let section = match crate::source::classify(key) {
                Some(DocKind::Page) => {
                    pages.push(key);
                    continue;
                }
                Some(DocKind::Guide) => None,
                Some(DocKind::Section) => Some(key),
                _ => continue,
            };
            // The paths of a folder are next to each other in `keys`.
            match guides.last_mut() {
                Some((last, sections)) if *last == folder => sections.extend(section),
                _ => guides.push((folder, section.into_iter().collect())),
            }
        }
        // A folder's paths sort after those of a folder named as it with more after it
        // (`a-b/` before `a/`): folders are in order of their names.
        guides.sort_by_key(|&(folder, _)| folder);
        Layout { pages, guides }
    }
}

/// The pages and guides of one language, and what building them found.
pub(super) struct Built {
    pub(super) contents: LanguageContents,
    pub(super) pages: Vec<Page>,
    pub(super) guides: Vec<Guide>,
    pub(super) diags: Vec<Diagnostic>,
}

impl Built {
    /// The same language with its page ids moved up by `pages` and its guide ids by `guides`:
    /// where the languages before it end.
    pub(super) fn shifted(mut self, pages: usize, guides: usize) -> Built {
        let page = |id: PageId| PageId::new(id.index() + pages);
        let guide = |id: GuideId| GuideId::new(id.index() + guides);
        for p in &mut self.pages {
            p.kind = match p.kind {
                PageKind::Guide(g, text) => PageKind::Guide(guide(g), text),
                PageKind::Section(g, text) => PageKind::Section(guide(g), text),
                PageKind::Checklist(g) => PageKind::Checklist(guide(g)),
                PageKind::Print(g) => PageKind::Print(guide(g)),
                kind @ (PageKind::Home(_) | PageKind::Page(_) | PageKind::Checklists) => kind,
            };
        }
        for g in &mut self.guides {
            g.page = page(g.page);
            g.sections.iter_mut().for_each(|s| *s = page(*s));
            g.checklist = g.checklist.map(page);
            g.print = page(g.print);
            g.items.iter_mut().for_each(|i| i.section = page(i.section));
        }
        let c = &mut self.contents;
        c.home = page(c.home);
        c.guides.iter_mut().for_each(|g| *g = guide(*g));
        c.pages.iter_mut().for_each(|p| *p = page(*p));
        c.checklists = page(c.checklists);
        self
    }
}

impl<'a> Builder<'a> {
    /// Builds every page of one language.
    pub(super) fn language(mut self, lang: LangId) -> Built {
        let tag = &self.languages[lang].tag;
        let home_url = self.languages[lang].path.clone();
        let home_text = self.source_for(lang, "_index.md", false);
        let home_title = match home_text {
            Some(text) => self.docs[text.doc].document.front.title.clone(),
            None => self.config.title_in(tag).to_owned(),
        };
        let home = self.push(
            lang,
            "_index.md",
            PageKind::Home(home_text),
            home_url.clone(),
            home_title,
        );
        let mut standalone = self.standalone_pages(lang, &home_url);
        let mut guides = Vec::new();
        for (folder, sections) in &self.layout.guides {
            if let Some(guide) = self.guide(lang, &home_url, folder, sections) {
                guides.push(guide);
            }
        }
        let (pages, docs) = (&self.pages, self.docs);
        let order = |page: PageId| {
            let page = &pages[page];
            let weight = page.doc().and_then(|d| docs[d].document.front.weight);
            (weight.unwrap_or(0), page.key.as_str())
        };
        standalone.sort_by_key(|&p| order(p));
        guides.sort_by_key(|&g| order(self.guides[g].page));
        let strings = &self.languages[lang].strings;
        let checklists_url = format!("{home_url}{}/", strings.get("checklists_slug"));
        let checklists_title = strings.get("all_checklists").to_owned();
        let checklists = self.push(
            lang,
            "#checklists",
            PageKind::Checklists,
            checklists_url,
            checklists_title,
        );
        Built {
            contents: LanguageContents {
                home,
                guides,
                pages: standalone,
                checklists,
            },
            pages: self.pages,
            guides: self.guides,
            diags: self.diags,
        }
    }

    /// The standalone pages of one language, in path order.
    fn standalone_pages(&mut self, lang: LangId, home_url: &str) -> Vec<PageId> {
        let mut standalone = Vec::new();
        for &key in &self.layout.pages {
            if let Some(text) = self.source_for(lang, key, false) {
                let url = format!("{home_url}{}/", self.slug(text.doc));
                standalone.push(self.push_text(lang, key, PageKind::Page(text), url));
            }
        }
        standalone
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
        let mut sections: Vec<(Text, &str)> = section_keys
            .iter()
            .filter_map(|key| self.source_for(lang, key, false).map(|text| (text, *key)))
            .collect();
        let Some(guide_text) = self.source_for(lang, &index_key, !sections.is_empty()) else {
            self.no_guide_index(lang, folder, &index_key, &sections);
            return None;
        };
        let docs = self.docs;
        sections
            .sort_by_key(|&(text, key)| (docs[text.doc].document.front.weight.unwrap_or(0), key));
        let guide_id = GuideId::new(self.guides.len());
        let guide_url = format!("{home_url}{}/", self.slug(guide_text.doc));
        let kind = PageKind::Guide(guide_id, guide_text);
        let guide_page = self.push_text(lang, &index_key, kind, guide_url.clone());
        let mut section_pages = Vec::with_capacity(sections.len());
        let items_count = sections
            .iter()
            .map(|(t, _)| self.docs[t.doc].rendered.items.len());
        let mut items = Vec::with_capacity(items_count.sum());
        for (text, key) in sections {
            let url = format!("{guide_url}{}/", self.slug(text.doc));
            let page = self.push_text(lang, key, PageKind::Section(guide_id, text), url);
            section_pages.push(page);
            items.extend(
                (0..self.docs[text.doc].rendered.items.len()).map(|index| ItemRef {
                    section: page,
                    doc: text.doc,
                    index,
                }),
            );
        }
        // Its checklist and whole-guide pages, titled after it.
        let (checklist, print) = {
            let title = &self.pages[guide_page].title;
            let strings = &self.languages[lang].strings;
            let checklist = format!("{}: {title}", strings.get("checklist"));
            let print = format!("{title}: {}", strings.get("whole_guide"));
            let made = (PageKind::Checklist(guide_id), "checklist", checklist);
            let checklist =
                (!items.is_empty()).then(|| self.guide_made(lang, folder, &guide_url, made));
            let made = (PageKind::Print(guide_id), "print", print);
            (checklist, self.guide_made(lang, folder, &guide_url, made))
        };
        self.guides.push(Guide {
            lang,
            key: folder.to_owned(),
            page: guide_page,
            sections: section_pages,
            checklist,
            print,
            items,
        });
        Some(guide_id)
    }

    /// A folder of sections without `_index.md`: an error on each of its own sections, in the
    /// source language or when no language has the guide's `_index.md`.
    fn no_guide_index(
        &mut self,
        lang: LangId,
        folder: &str,
        index_key: &str,
        sections: &[(Text, &str)],
    ) {
        let no_language_has_it = self
            .doc_index
            .iter()
            .all(|docs| !docs.contains_key(index_key));
        if lang != self.default_lang && !no_language_has_it {
            return;
        }
        for (text, _) in sections.iter().filter(|(text, _)| !text.fallback) {
            let path = self.docs[text.doc].document.src.path.clone();
            self.diags.push(
                Diagnostic::error(Code::NoGuideIndex, format!("the folder `{folder}` has no `_index.md`"))
                    .in_file(&path)
                    .help(format!(
                        "a folder of sections is a guide: add `{folder}/_index.md` with at least a `title`"
                    )),
            );
        }
    }

    /// A page leidraad makes for a guide, of `kind` with `title`: keyed `folder/#name`, at
    /// the language's `<name>_slug` string under the guide.
    fn guide_made(
        &mut self,
        lang: LangId,
        folder: &str,
        guide_url: &str,
        (kind, name, title): (PageKind, &str, String),
    ) -> PageId {
        let slug_key = format!("{name}_slug");
        let url = format!(
            "{guide_url}{}/",
            self.languages[lang].strings.get(&slug_key)
        );
        self.push(lang, &format!("{folder}/#{name}"), kind, url, title)
    }

    /// The document a page of `key` shows in `lang`: its own, or the source language's as a
    /// fallback. `needed` forces a fallback even with `missing_translation: omit` (a guide
    /// whose sections are translated).
    fn source_for(&self, lang: LangId, key: &str, needed: bool) -> Option<Text> {
        if let Some(&doc) = self.doc_index[lang.index()].get(key) {
            // A copy that `translate` made and nobody has translated yet is the source's text:
            // published as such, with the source's language and the fallback notice.
            let untouched = lang != self.default_lang
                && self.docs[doc].document.front.source_hash.as_deref()
                    == Some(crate::source::hash::NOT_YET_TRANSLATED)
                && self.doc_index[self.default_lang.index()]
                    .get(key)
                    .is_some_and(|&source| {
                        crate::source::hash::same_text(
                            &self.docs[source].document,
                            &self.docs[doc].document,
                        )
                    });
            return Some(if untouched {
                Text {
                    doc: self.doc_index[self.default_lang.index()][key],
                    fallback: true,
                }
            } else {
                Text {
                    doc,
                    fallback: false,
                }
            });
        }
        let allowed = needed || self.config.missing_translation == MissingTranslation::Fallback;
        if !allowed {
            return None;
        }
        self.doc_index[self.default_lang.index()]
            .get(key)
            .map(|&doc| Text {
                doc,
                fallback: true,
            })
    }

    /// The URL segment of a document: its front-matter slug, or one made from its file name.
    fn slug(&mut self, doc: DocId) -> &'a str {
        let docs = self.docs;
        let document = &docs[doc].document;
        let from_name = || docs[doc].name_slug();
        match &document.front.slug {
            Some((slug, range)) => match crate::slug::check_slug(slug) {
                Ok(()) => slug,
                Err(why) => {
                    let suggestion = crate::slug::slugify(slug);
                    let help = if suggestion.is_empty() {
                        "a slug is one URL segment of letters, digits and `-`, such as `know-yourself`".to_owned()
                    } else {
                        format!("a slug is one URL segment, such as `{suggestion}`")
                    };
                    self.diags.push(
                        Diagnostic::error(Code::InvalidSlug, why)
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
                            Code::InvalidSlug,
                            "nothing is left of this file name to make a URL from",
                        )
                        .in_file(&document.src.path)
                        .help("rename the file, or add `slug: some-name` to its front matter"),
                    );
                    return "page";
                }
                slug
            }
        }
    }

    /// Adds a page that shows a document, with the document's title.
    fn push_text(&mut self, lang: LangId, key: &str, kind: PageKind, url: String) -> PageId {
        let doc = kind
            .text()
            .expect("pages with text are made from a Text")
            .doc;
        let title = self.docs[doc].document.front.title.clone();
        self.push(lang, key, kind, url, title)
    }

    /// Adds a page.
    fn push(
        &mut self,
        lang: LangId,
        key: &str,
        kind: PageKind,
        url: String,
        title: String,
    ) -> PageId {
        self.pages.push(Page {
            lang,
            key: key.to_owned(),
            kind,
            url,
            title,
        });
        PageId::new(self.pages.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::Layout;

    #[test]
    fn a_layout_lists_guides_in_order_of_their_folders() {
        // Sorted as paths are: `a-b/` before `a/`, though the folder `a` sorts first.
        let keys = [
            "_index.md",
            "a-b/01-x.md",
            "a-b/_index.md",
            "a/01-y.md",
            "a/02-z.md",
            "a/_index.md",
            "a/deeper/skipped.md",
            "about.md",
            "loose/01-w.md",
        ];
        let layout = Layout::new(&keys);
        assert_eq!(layout.pages, ["about.md"]);
        let guides: Vec<(&str, &[&str])> = (layout.guides.iter())
            .map(|(folder, sections)| (*folder, sections.as_slice()))
            .collect();
        assert_eq!(
            guides,
            [
                ("a", &["a/01-y.md", "a/02-z.md"][..]),
                ("a-b", &["a-b/01-x.md"][..]),
                ("loose", &["loose/01-w.md"][..]),
            ]
        );
    }
}
