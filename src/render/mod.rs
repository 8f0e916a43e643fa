//! Stage 4: pages to files, pure.
//!
//! Builds the view of every page (see `view.rs` and `docs/templates.md`), renders it with the
//! theme's Tera templates in parallel, and adds the site-level files: the root language
//! chooser, `404.html`, `sitemap.xml`, `robots.txt` and a feed per language. Hands every
//! file to a [`Sink`] as soon as it is made: `build` writes it and lets it go, `serve`
//! keeps it, `check` only looks at the problems.

mod claims;
mod feeds;
pub mod view;

use std::sync::OnceLock;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use tera::value::Key;

use crate::config::RawHtml;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::links::{self, href, relative_url, LinkIndex, UrlStyle};
use crate::markdown::{self, pieces, Piece};
use crate::model::{Doc, GuideId, PageId, PageKind, Site};
use crate::output::{self, Contents, OutputFile};
use crate::theme::Theme;
use claims::{claimed_paths, has_extension};
use view::*;

/// How pages are rendered.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// URLs end in `index.html`, for sites opened from disk.
    pub portable: bool,
    /// The site has a search index, so pages get a search field.
    pub search: bool,
}

/// What happens to each file as soon as it is rendered: written, kept, or both. Returns the
/// file when it is to be kept in memory. Called from several threads at once.
pub type Sink<'s> = &'s (dyn Fn(OutputFile) -> Result<Option<OutputFile>, output::Error> + Sync);

/// The sink that keeps every file.
pub fn keep(file: OutputFile) -> Result<Option<OutputFile>, output::Error> {
    Ok(Some(file))
}

/// Renders every page and site-level file into `sink`. Returns the files the sink kept and
/// the problems found; fails only when the sink does.
pub fn render_site(
    site: &Site,
    links: &LinkIndex,
    theme: &Theme,
    options: RenderOptions,
    sink: Sink<'_>,
) -> Result<(Vec<OutputFile>, Vec<Diagnostic>), output::Error> {
    let claimed = claimed_paths(site, theme);
    if !claimed.is_empty() {
        // A file of the site would replace a page: nothing is rendered, nothing written.
        return Ok((Vec::new(), claimed));
    }
    let cx = Cx::new(site, links, theme, options);
    let all: Vec<PageId> = (0..site.pages.len()).collect();
    // The sitemap and feeds are one long loop each: made on one core while the pages are
    // rendered on the others.
    let (pages, (site_files, warning)) =
        rayon::join(|| cx.pages(&all, sink), || feeds::site_files(site));
    let (mut files, mut diags) = pages?;
    let mut rest = Vec::new();
    for result in [cx.root_page(), cx.not_found_page()] {
        match result {
            Ok(file) => rest.push(file),
            Err(d) => diags.push(d),
        }
    }
    diags.extend(warning);
    rest.extend(site_files);
    let trusted = site.config.raw_html == RawHtml::Allow;
    rest.extend(site.assets.iter().map(|asset| OutputFile {
        path: asset.url.clone(),
        contents: if !trusted && has_extension(&asset.url, &["svg"]) {
            Contents::Svg(asset.path.clone())
        } else {
            Contents::Copy(asset.path.clone())
        },
    }));
    rest.extend(theme.static_files());
    let kept: Vec<Option<OutputFile>> = rest.into_par_iter().map(sink).collect::<Result<_, _>>()?;
    files.extend(kept.into_iter().flatten());
    // The same input always gives the same output, whatever order the threads finished in.
    diags.sort_by(|a, b| a.message.cmp(&b.message));
    diags.dedup_by(|a, b| a.message == b.message);
    Ok((files, diags))
}

/// Renders some pages only: what `serve` needs after an edit that changed no page's title,
/// URL or anchors.
pub fn render_pages(
    site: &Site,
    links: &LinkIndex,
    theme: &Theme,
    options: RenderOptions,
    pages: &[PageId],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    Cx::new(site, links, theme, options)
        .pages(pages, &keep)
        .unwrap_or_else(|_| unreachable!("keeping files in memory does not fail"))
}

/// A stable key that keeps this site's saved checklist ticks apart from other sites' on the
/// same host.
fn site_key(site: &Site) -> String {
    let seed = site.config.base_url.clone().unwrap_or_else(|| {
        site.config
            .title_in(&site.languages[site.default_lang].tag)
            .to_owned()
    });
    let hash = Sha256::digest(seed.as_bytes());
    hash.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

struct Cx<'a> {
    site: &'a Site,
    links: &'a LinkIndex,
    theme: &'a Theme,
    style: UrlStyle,
    site_key: String,
    search: bool,
    /// The interface strings of each language as a template value, made once and shared by
    /// every page of the language.
    t: Vec<tera::Value>,
    /// Each guide as its sections show it (`guide` of `section.html`), made once, by the
    /// first section that renders: see [`Cx::section_guide`].
    section_guides: Vec<OnceLock<Option<tera::Value>>>,
}

impl<'a> Cx<'a> {
    fn new(
        site: &'a Site,
        links: &'a LinkIndex,
        theme: &'a Theme,
        options: RenderOptions,
    ) -> Cx<'a> {
        Cx {
            site,
            links,
            theme,
            style: UrlStyle {
                portable: options.portable,
            },
            site_key: site_key(site),
            search: options.search,
            t: site
                .languages
                .iter()
                .map(|lang| strings_value(&lang.strings))
                .collect(),
            section_guides: site.guides.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Renders pages in parallel into `sink`, keeping their order.
    fn pages(
        &self,
        pages: &[PageId],
        sink: Sink<'_>,
    ) -> Result<(Vec<OutputFile>, Vec<Diagnostic>), output::Error> {
        let results: Vec<Result<Option<OutputFile>, Diagnostic>> = pages
            .par_iter()
            .map(|&page| match self.page(page) {
                Ok(file) => sink(file).map(Ok),
                Err(d) => Ok(Err(d)),
            })
            .collect::<Result<_, _>>()?;
        let mut files = Vec::new();
        let mut diags = Vec::new();
        for result in results {
            match result {
                Ok(file) => files.extend(file),
                Err(d) => diags.push(d),
            }
        }
        Ok((files, diags))
    }

    fn url(&self, from: PageId, to: PageId) -> String {
        relative_url(
            &self.site.pages[from].url,
            &self.site.pages[to].url,
            self.style,
        )
    }

    fn link(&self, from: PageId, to: PageId) -> LinkView {
        let (lang, dir) = self.text_lang(to);
        LinkView {
            title: self.site.pages[to].title.clone(),
            url: self.url(from, to),
            description: self.description(to).map(str::to_owned),
            lang,
            dir,
        }
    }

    /// The language a page's title and text are written in, when it is not the page's own
    /// (a fallback page), so that links to it can say so.
    fn text_lang(&self, page: PageId) -> (Option<String>, Option<&'static str>) {
        match self.site.doc_of(page) {
            Some(doc) if self.site.pages[page].fallback => {
                let source = &self.site.languages[doc.lang];
                (Some(source.code.clone()), Some(source.dir.as_str()))
            }
            _ => (None, None),
        }
    }

    fn description(&self, page: PageId) -> Option<&str> {
        self.site
            .doc_of(page)
            .and_then(|d| d.document.front.description.as_deref())
    }

    fn strings(&self, page: PageId) -> &Strings {
        &self.site.languages[self.site.pages[page].lang].strings
    }

    /// The HTML of a document's text as shown on `page`: links resolved relative to it,
    /// interface strings in its language, raw HTML cleaned unless the site allows it.
    fn html(&self, page: PageId, doc_id: usize, html: &str) -> String {
        let doc = &self.site.docs[doc_id];
        let strings = self.strings(page);
        let mut out = String::with_capacity(html.len() + 256);
        for piece in pieces(html) {
            match piece {
                Piece::Html(h) => out.push_str(h),
                Piece::Link(n) => {
                    let url = href(
                        self.site,
                        page,
                        doc.lang,
                        self.links.target(doc_id, n),
                        self.style,
                    );
                    markdown::escape_into(&mut out, &url);
                }
                Piece::String(key) => markdown::escape_into(&mut out, strings.get(key)),
            }
        }
        if doc.rendered.has_raw_html && self.site.config.raw_html == RawHtml::Sanitize {
            markdown::sanitize(&out)
        } else {
            out
        }
    }

    /// Renders a page.
    fn page(&self, id: PageId) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let page = &site.pages[id];
        let lang = &site.languages[page.lang];
        let strings = &lang.strings;
        let home = site.sections_of[page.lang].home;
        let doc: Option<(usize, &Doc)> = page.doc.map(|d| (d, &site.docs[d]));
        let front = doc.map(|(_, d)| &d.document.front);
        let date = |d: Option<Date>| {
            d.map(|d| DateView {
                iso: d.to_string(),
                display: strings.date(d),
            })
        };
        let fallback = doc.filter(|_| page.fallback).map(|(_, d)| {
            let source = &site.languages[d.lang];
            FallbackView {
                lang: &source.code,
                dir: source.dir.as_str(),
                name: &source.name,
                notice: strings.fill(
                    "fallback_notice",
                    &[
                        ("language", &strings.name_of(&lang.tag, &lang.name)),
                        ("source", &strings.name_of(&source.tag, &source.name)),
                    ],
                ),
            }
        });
        let body = doc
            .map(|(d, doc)| self.html(id, d, &doc.rendered.html))
            .unwrap_or_default();
        let toc = doc
            .map(|(_, d)| {
                d.rendered
                    .headings
                    .iter()
                    .filter(|h| (2..=3).contains(&h.level))
                    .map(|h| HeadingView {
                        level: h.level,
                        id: &h.id,
                        title: &h.title,
                    })
                    .collect()
            })
            .unwrap_or_default();
        // A section shares its guide's value with the other sections; other pages get their own.
        let section_guide = match (page.kind, page.guide) {
            (PageKind::Section, Some(g)) => self.section_guide(id, g),
            _ => None,
        };
        let guide = match section_guide {
            Some(_) => None,
            None => page.guide.map(|g| self.guide_view(id, g)),
        };
        let (prev, next) = self.neighbours(id);
        let breadcrumbs = match page.kind {
            PageKind::Home => Vec::new(),
            PageKind::Page | PageKind::Guide | PageKind::Checklists => vec![self.crumb(id, home)],
            PageKind::Section | PageKind::Checklist => {
                let guide_page = site.guides[page.guide.expect("sections belong to a guide")].page;
                vec![self.crumb(id, home), self.crumb(id, guide_page)]
            }
        };
        let items = match page.kind {
            PageKind::Section => doc.map_or(0, |(_, d)| d.rendered.items.len()),
            _ => 0,
        };
        let contents = &site.sections_of[page.lang];
        let guides = matches!(page.kind, PageKind::Home | PageKind::Checklists).then(|| {
            contents
                .guides
                .iter()
                .filter(|&&g| page.kind == PageKind::Home || site.guides[g].checklist.is_some())
                .map(|&g| self.guide_summary(id, g))
                .collect()
        });
        let pages = (page.kind == PageKind::Home)
            .then(|| contents.pages.iter().map(|&p| self.link(id, p)).collect());
        let checklist = (page.kind == PageKind::Checklist)
            .then(|| self.checklist_view(id, page.guide.expect("checklists belong to a guide")));
        let context =
            PageContext {
                lang: &lang.code,
                dir: lang.dir.as_str(),
                root: relative_url(&page.url, "", self.style).replace("index.html", ""),
                site_title: site.config.title_in(&lang.tag),
                site_key: &self.site_key,
                home_url: self.url(id, home),
                checklists_url: self.url(id, contents.checklists),
                languages: self.languages(id),
                alternates: self.alternates(id),
                canonical: site
                    .config
                    .base_url
                    .as_ref()
                    .map(|b| format!("{b}{}", page.url)),
                feed_url: site.config.base_url.as_ref().map(|_| {
                    relative_url(&page.url, &format!("{}/feed.xml", lang.tag), self.style)
                }),
                inline_style: None,
                page: PageView {
                    kind: kind_name(page.kind),
                    title: &page.title,
                    description: front.and_then(|f| f.description.as_deref()),
                    url: if self.style.portable {
                        "index.html"
                    } else {
                        "./"
                    },
                    body,
                    toc,
                    authors: front.map_or(&[], |f| &f.authors),
                    updated: date(front.and_then(|f| f.updated)),
                    last_reviewed: date(front.and_then(|f| f.last_reviewed)),
                    next_review: date(front.and_then(|f| f.next_review.as_ref().map(|(d, _)| *d))),
                    fallback,
                    stale: crate::translations::stale_source(site, id).map(|source| StaleView {
                        notice: strings.get("stale_notice").to_owned(),
                        source_url: self.url(id, source),
                    }),
                },
                breadcrumbs,
                generator: concat!("leidraad ", env!("CARGO_PKG_VERSION")),
                search: self.search,
                guides,
                pages,
                guide,
                prev,
                next,
                items,
                checklist,
            };
        let template = template_name(page.kind);
        let t = ("t", self.t[page.lang].clone());
        let html = match section_guide {
            Some(guide) => self
                .theme
                .render_with(template, &context, [t, ("guide", guide)])?,
            None => self.theme.render_with(template, &context, [t])?,
        };
        Ok(OutputFile {
            path: format!("{}index.html", page.url),
            contents: Contents::Bytes(html),
        })
    }

    fn crumb(&self, from: PageId, to: PageId) -> LinkView {
        LinkView {
            description: None,
            ..self.link(from, to)
        }
    }

    fn languages(&self, id: PageId) -> Vec<LanguageView<'_>> {
        let site = self.site;
        site.translations(id)
            .map(|(l, other)| {
                let language = &site.languages[l];
                let target = other.unwrap_or(site.sections_of[l].home);
                LanguageView {
                    code: &language.code,
                    name: &language.name,
                    dir: language.dir.as_str(),
                    url: self.url(id, target),
                    current: l == site.pages[id].lang,
                    fallback: other.is_some_and(|p| site.pages[p].fallback),
                }
            })
            .collect()
    }

    /// Alternates name every real translation, plus `x-default` for the source language.
    fn alternates(&self, id: PageId) -> Vec<AlternateView> {
        let site = self.site;
        let url = |p: PageId| match &site.config.base_url {
            Some(base) => format!("{base}{}", site.pages[p].url),
            None => self.url(id, p),
        };
        let mut out: Vec<AlternateView> = site
            .translations(id)
            .filter_map(|(l, p)| p.filter(|&p| !site.pages[p].fallback).map(|p| (l, p)))
            .map(|(l, p)| AlternateView {
                hreflang: site.languages[l].code.clone(),
                url: url(p),
            })
            .collect();
        if let Some(p) = site.page(site.default_lang, &site.pages[id].key) {
            out.push(AlternateView {
                hreflang: "x-default".to_owned(),
                url: url(p),
            });
        }
        out
    }

    fn guide_summary(&self, from: PageId, g: GuideId) -> GuideSummary {
        let guide = &self.site.guides[g];
        GuideSummary {
            title: self.site.pages[guide.page].title.clone(),
            description: self.description(guide.page).map(str::to_owned),
            url: self.url(from, guide.page),
            sections: guide.sections.len(),
            checklist: self.checklist_link(from, g),
        }
    }

    fn checklist_link(&self, from: PageId, g: GuideId) -> Option<ChecklistLink> {
        let guide = &self.site.guides[g];
        guide.checklist.map(|c| ChecklistLink {
            title: self.site.pages[c].title.clone(),
            url: self.url(from, c),
            items: guide.items.len(),
            items_text: self.strings(from).count("items", guide.items.len()),
        })
    }

    /// The `guide` of a section page, as a template value. Every section of a guide is in the
    /// guide's folder, so each links to the others, the guide and its checklist by the same
    /// relative URLs: the value is made once per guide, and each section only marks its own
    /// entry as current, linked as itself. `None` (each page makes its own) if the sections
    /// are not all in one folder.
    fn section_guide(&self, id: PageId, g: GuideId) -> Option<tera::Value> {
        let site = self.site;
        let guide = &site.guides[g];
        let shared = self.section_guides[g]
            .get_or_init(|| {
                let folder = |p: PageId| parent_folder(&site.pages[p].url);
                let (&first, rest) = guide.sections.split_first()?;
                if rest.iter().any(|&s| folder(s) != folder(first)) {
                    return None;
                }
                // Made as the first section sees it; its own entry then is as every other
                // section sees it.
                let mut view = self.guide_view(first, g);
                if let (Some(own), Some(&other)) = (view.sections.first_mut(), rest.first()) {
                    own.current = false;
                    own.url = self.url(other, first);
                }
                tera::Value::try_from_serializable(&view).ok()
            })
            .as_ref()?;
        let own = guide.sections.iter().position(|&s| s == id)?;
        let mut map = shared.as_map()?.clone();
        let mut sections = map.get(&Key::Str("sections"))?.as_array()?.to_vec();
        let mut entry = sections[own].as_map()?.clone();
        entry.insert(Key::Str("current"), tera::Value::from(true));
        entry.insert(Key::Str("url"), tera::Value::from(self.url(id, id)));
        sections[own] = tera::Value::from(entry);
        map.insert(Key::Str("sections"), tera::Value::from(sections));
        Some(tera::Value::from(map))
    }

    fn guide_view(&self, from: PageId, g: GuideId) -> GuideView {
        let site = self.site;
        let guide = &site.guides[g];
        GuideView {
            key: guide.key.clone(),
            title: site.pages[guide.page].title.clone(),
            url: self.url(from, guide.page),
            description: self.description(guide.page).map(str::to_owned),
            sections: guide
                .sections
                .iter()
                .map(|&s| SectionLink {
                    lang: self.text_lang(s).0,
                    dir: self.text_lang(s).1,
                    title: site.pages[s].title.clone(),
                    url: self.url(from, s),
                    description: self.description(s).map(str::to_owned),
                    current: s == from,
                    items: site.doc_of(s).map_or(0, |d| d.rendered.items.len()),
                    items_text: self.strings(from).count(
                        "items",
                        site.doc_of(s).map_or(0, |d| d.rendered.items.len()),
                    ),
                })
                .collect(),
            checklist: self.checklist_link(from, g),
        }
    }

    /// The section before and after a section: the guide page comes first, the checklist last.
    fn neighbours(&self, id: PageId) -> (Option<LinkView>, Option<LinkView>) {
        let site = self.site;
        let page = &site.pages[id];
        let Some(g) = page.guide else {
            return (None, None);
        };
        let guide = &site.guides[g];
        let mut order = vec![guide.page];
        order.extend(&guide.sections);
        order.extend(guide.checklist);
        let Some(at) = order.iter().position(|&p| p == id) else {
            return (None, None);
        };
        if page.kind == PageKind::Checklist {
            return (None, None);
        }
        let prev = at.checked_sub(1).map(|i| self.crumb(id, order[i]));
        let next = order.get(at + 1).map(|&p| self.crumb(id, p));
        (prev, next)
    }

    fn checklist_view(&self, id: PageId, g: GuideId) -> ChecklistView {
        let site = self.site;
        let guide = &site.guides[g];
        let mut groups: Vec<ChecklistGroup> = Vec::new();
        for item in &guide.items {
            let doc_id = site.pages[item.section]
                .doc
                .expect("sections have documents");
            let it = &site.docs[doc_id].rendered.items[item.index];
            let view = ItemView {
                id: it.id.clone(),
                html: self.html(id, doc_id, &it.html),
                url: format!(
                    "{}#{}",
                    self.url(id, item.section),
                    links::encode_segment(&it.id)
                ),
                checked: it.checked,
            };
            match groups.last_mut() {
                Some(group)
                    if group.section.title == site.pages[item.section].title
                        && group.section.url == self.url(id, item.section) =>
                {
                    group.items.push(view)
                }
                _ => groups.push(ChecklistGroup {
                    section: self.crumb(id, item.section),
                    items: vec![view],
                }),
            }
        }
        ChecklistView {
            total: guide.items.len(),
            total_text: self.strings(id).count("items", guide.items.len()),
            groups,
        }
    }

    /// `index.html` at the output root: a list of languages that sends a reader on to theirs.
    fn root_page(&self) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let languages = site
            .languages
            .iter()
            .enumerate()
            .map(|(l, language)| LanguageView {
                code: &language.code,
                name: &language.name,
                dir: language.dir.as_str(),
                url: relative_url("", &site.pages[site.sections_of[l].home].url, self.style),
                current: false,
                fallback: false,
            })
            .collect();
        let alternates = site
            .languages
            .iter()
            .enumerate()
            .map(|(l, language)| AlternateView {
                hreflang: language.code.clone(),
                url: match &site.config.base_url {
                    Some(base) => format!("{base}{}", site.pages[site.sections_of[l].home].url),
                    None => relative_url("", &site.pages[site.sections_of[l].home].url, self.style),
                },
            })
            .collect();
        let html = self.site_page("root", "root.html", "", languages, alternates)?;
        Ok(OutputFile {
            path: "index.html".to_owned(),
            contents: Contents::Bytes(html),
        })
    }

    /// `404.html`: served by hosts at any depth, so with `base_url` its links are absolute.
    fn not_found_page(&self) -> Result<OutputFile, Diagnostic> {
        let html = self.site_page("not_found", "404.html", "", Vec::new(), Vec::new())?;
        Ok(OutputFile {
            path: "404.html".to_owned(),
            contents: Contents::Bytes(html),
        })
    }

    fn site_page(
        &self,
        kind: &'static str,
        template: &str,
        url: &str,
        languages: Vec<LanguageView<'_>>,
        alternates: Vec<AlternateView>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        // The root and the 404 page are in the default language.
        let lang = &site.languages[site.default_lang];
        let absolute = kind == "not_found" && site.config.base_url.is_some();
        let prefix = |url: String| match (&site.config.base_url, absolute) {
            (Some(base), true) => format!("{base}{url}"),
            _ => url,
        };
        let contents = &site.sections_of[site.default_lang];
        let title = match kind {
            "root" => lang.strings.get("choose_language"),
            _ => lang.strings.get("not_found_title"),
        };
        let context = PageContext {
            lang: &lang.code,
            dir: lang.dir.as_str(),
            root: prefix(String::new()),
            site_title: site.config.title_in(&lang.tag),
            site_key: &self.site_key,
            home_url: prefix(relative_url(
                url,
                &site.pages[contents.home].url,
                self.style,
            )),
            checklists_url: prefix(relative_url(
                url,
                &site.pages[contents.checklists].url,
                self.style,
            )),
            languages,
            alternates,
            canonical: match kind {
                "root" => site.config.base_url.clone(),
                _ => None,
            },
            feed_url: None,
            // Hosts serve 404.html at any address: it carries its style and needs no script.
            inline_style: (kind == "not_found").then(|| self.theme.style()),
            page: PageView {
                kind,
                title,
                description: None,
                url: "./",
                body: String::new(),
                toc: Vec::new(),
                authors: &[],
                updated: None,
                last_reviewed: None,
                next_review: None,
                fallback: None,
                stale: None,
            },
            breadcrumbs: Vec::new(),
            generator: concat!("leidraad ", env!("CARGO_PKG_VERSION")),
            search: false,
            guides: None,
            pages: None,
            guide: None,
            prev: None,
            next: None,
            items: 0,
            checklist: None,
        };
        self.theme.render_with(
            template,
            &context,
            [("t", self.t[site.default_lang].clone())],
        )
    }
}

/// The folder a page URL is in: `nl/gids/` for `nl/gids/stap/`.
fn parent_folder(url: &str) -> &str {
    let url = url.strip_suffix('/').unwrap_or(url);
    url.rfind('/').map_or("", |slash| &url[..=slash])
}

/// The interface strings of a language, as templates see them: `t`.
fn strings_value(strings: &Strings) -> tera::Value {
    tera::Value::from_serializable(strings.map())
}

fn template_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home.html",
        PageKind::Page => "page.html",
        PageKind::Guide => "guide.html",
        PageKind::Section => "section.html",
        PageKind::Checklist => "checklist.html",
        PageKind::Checklists => "checklists.html",
    }
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Page => "page",
        PageKind::Guide => "guide",
        PageKind::Section => "section",
        PageKind::Checklist => "checklist",
        PageKind::Checklists => "checklists",
    }
}

#[cfg(test)]
mod tests {
    use super::parent_folder;

    #[test]
    fn the_folder_of_a_page_is_its_url_without_the_last_segment() {
        assert_eq!(parent_folder("nl/gids/stap/"), "nl/gids/");
        assert_eq!(parent_folder("nl/gids/"), "nl/");
        assert_eq!(parent_folder("nl/"), "");
        assert_eq!(parent_folder(""), "");
    }
}
