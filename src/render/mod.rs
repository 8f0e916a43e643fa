//! Stage 4: pages to files, pure.
//!
//! Builds the view of every page (see `view.rs` and `docs/templates.md`), renders it with the
//! theme's Tera templates in parallel, and adds the site-level files: the root language
//! chooser, `404.html`, `sitemap.xml`, `robots.txt` and a feed per language. Hands every
//! file to a [`Sink`] as soon as it is made: `build` writes it and lets it go, `serve`
//! keeps it, `check` only looks at the problems.

mod aliases;
mod claims;
mod feeds;
mod guide;
mod offline;
mod page;
mod print;
mod site_pages;
pub mod sitemap;
pub mod view;

use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::RawHtml;
use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::links::{href, relative_url, LinkIndex, UrlStyle};
use crate::markdown::{self, pieces, Piece};
use crate::model::{DocId, PageId, Site};
use crate::output::{self, Contents, KnownIds, OutputFile};
use crate::theme::Theme;
use claims::{claimed_paths, has_extension};
use view::*;

/// What `<meta name=generator>` says.
const GENERATOR: &str = concat!("leidraad ", env!("CARGO_PKG_VERSION"));

/// How pages are rendered.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// URLs end in `index.html`, for sites opened from disk.
    pub portable: bool,
    /// The site has a search index, so pages get a search field.
    pub search: bool,
    /// Pages can be read again offline: a manifest, a service worker, an offline page per
    /// language and a list of each guide's files (see `offline.rs`).
    pub offline: bool,
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
    let all: Vec<PageId> = PageId::all(site.pages.len()).collect();
    render_site_with(site, links, theme, options, &all, true, sink)
}

/// [`render_site`], but of the pages only `pages` (sorted): what `serve` renders after an
/// edit, with every site-level file (feeds, aliases, the root page, copied files), which all
/// cost little, and the sitemap when `sitemap` (tens of milliseconds at 3 × 10,000
/// sections). The offline files need every page's size: they are made only with every page
/// (`serve` has none).
pub fn render_site_with(
    site: &Site,
    links: &LinkIndex,
    theme: &Theme,
    options: RenderOptions,
    pages: &[PageId],
    sitemap: bool,
    sink: Sink<'_>,
) -> Result<(Vec<OutputFile>, Vec<Diagnostic>), output::Error> {
    let (aliases, mut claimed) = aliases::aliases(site);
    claimed.extend(claimed_paths(site, theme, &aliases, options.offline));
    if !claimed.is_empty() {
        // A file of the site would replace a page: nothing is rendered, nothing written.
        return Ok((Vec::new(), claimed));
    }
    let cx = Cx::new(site, links, theme, options);
    // The sitemap and feeds are one long loop each: made on one core while the pages are
    // rendered on the others.
    let sizes = offline::Sizes::default();
    let recording = |file: OutputFile| sizes.record(file, sink);
    let pages_sink: Sink<'_> = if options.offline { &recording } else { sink };
    let (rendered, (site_files, warning)) = rayon::join(
        || cx.pages(pages, pages_sink),
        || feeds::site_files(site, sitemap),
    );
    let (mut files, mut diags) = rendered?;
    let mut rest = Vec::new();
    if options.offline && pages.len() == site.pages.len() {
        let (offline_files, problems) = cx.offline_files(&sizes);
        rest.extend(offline_files);
        diags.extend(problems);
    }
    // With the default language at the root, its home is the root page.
    let root = (!site.config.default_language_at_root).then(|| cx.root_page());
    for result in root.into_iter().chain([cx.not_found_page()]) {
        match result {
            Ok(file) => rest.push(file),
            Err(d) => diags.push(d),
        }
    }
    diags.extend(warning);
    rest.extend(site_files);
    let style = UrlStyle {
        portable: options.portable,
    };
    rest.extend(aliases.iter().map(|a| aliases::alias_page(site, a, style)));
    let trusted = site.config.raw_html == RawHtml::Allow;
    rest.extend(site.assets.iter().map(|asset| OutputFile {
        path: asset.url.clone(),
        contents: if !trusted && has_extension(&asset.url, &["svg"]) {
            Contents::Svg(asset.path.clone())
        } else {
            Contents::Copy(asset.path.clone())
        },
        known: Default::default(),
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
    offline: bool,
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
            offline: options.offline,
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

    /// A link without the target's description: for breadcrumbs and neighbours.
    fn crumb(&self, from: PageId, to: PageId) -> LinkView {
        LinkView {
            description: None,
            ..self.link(from, to)
        }
    }

    /// The language a page's title and text are written in, when it is not the page's own
    /// (a fallback page), so that links to it can say so.
    fn text_lang(&self, page: PageId) -> (Option<String>, Option<&'static str>) {
        match self.site.doc_of(page) {
            Some(doc) if self.site.pages[page].fallback() => {
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

    /// A document's whole text as shown on `page`, with its ids and URLs.
    fn body(&self, page: PageId, doc_id: DocId) -> Body {
        let rendered = &self.site.docs[doc_id].rendered;
        let (html, urls) = self.html_linked(page, doc_id, &rendered.html, |url| url);
        Body {
            html,
            known: urls.map(|urls| {
                let ids = KnownIds {
                    prefix: None,
                    ids: rendered.ids(),
                };
                (ids, urls)
            }),
        }
    }

    /// A checklist item's text as shown on `page`, with each link's URL passed through
    /// `link`, and where its URLs are when those are all the verifier reads in it: not when it
    /// has an id or a link within the page (a footnote's), which a scan of the page reads.
    fn item_body(
        &self,
        page: PageId,
        doc_id: DocId,
        html: &str,
        link: impl Fn(String) -> String,
    ) -> Body {
        let (html, urls) = self.html_linked(page, doc_id, html, link);
        Body {
            known: urls
                .filter(|_| page::only_urls(html.as_bytes()))
                .map(|urls| (Default::default(), urls)),
            html,
        }
    }

    /// The HTML of a document's text as shown on `page`: links resolved relative to it and
    /// each passed through `link` (the whole-guide page turns links to the guide's pages into
    /// anchors), interface strings in its language, raw HTML cleaned unless the site allows
    /// it; and where each URL is in the HTML when the text has no raw HTML (which is cleaned,
    /// or left as written, and then only a scan of the page knows its URLs).
    fn html_linked(
        &self,
        page: PageId,
        doc_id: DocId,
        html: &str,
        link: impl Fn(String) -> String,
    ) -> (String, Option<Vec<Range<usize>>>) {
        let doc = &self.site.docs[doc_id];
        let strings = self.strings(page);
        let mut out = String::with_capacity(html.len() + 256);
        let mut urls = Vec::new();
        for piece in pieces(html) {
            match piece {
                Piece::Html(h) => out.push_str(h),
                Piece::Link(n) => {
                    let url = link(href(
                        self.site,
                        page,
                        doc.lang,
                        self.links.target(doc_id, n),
                        self.style,
                    ));
                    let start = out.len();
                    crate::html::escape_into(&mut out, &url);
                    urls.push(start..out.len());
                }
                Piece::String(key) => crate::html::escape_into(&mut out, strings.get(key)),
            }
        }
        if !doc.rendered.has_raw_html {
            (out, Some(urls))
        } else if self.site.config.raw_html == RawHtml::Sanitize {
            (markdown::sanitize(&out), None)
        } else {
            (out, None)
        }
    }
}

/// The interface strings of a language, as templates see them: `t`.
fn strings_value(strings: &Strings) -> tera::Value {
    tera::Value::from_serializable(strings.map())
}
