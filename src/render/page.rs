//! The view of one page: the chrome every page has, the page's own text, and what its kind
//! of page adds.

use std::ops::Range;

use super::view::*;
use super::{Cx, GENERATOR};
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::links::relative_url;
use crate::model::{Language, PageId, PageKind};
use crate::output::{Contents, KnownPart, OutputFile};

impl Cx<'_> {
    /// Renders a page.
    pub(super) fn page(&self, id: PageId) -> Result<OutputFile, Diagnostic> {
        let page = &self.site.pages[id];
        // A section shares its guide's value with the other sections; other pages get their own.
        let section_guide = match page.kind {
            PageKind::Section(g, _) => self.section_guide(id, g),
            _ => None,
        };
        let mut context = PageContext {
            chrome: self.chrome(id),
            page: self.page_view(id),
            kind: self.kind_view(id, section_guide.is_some()),
        };
        let template = format!("{}.html", page.kind.name());
        let t = ("t", self.t[page.lang.index()].clone());
        let (html, mut known) = match section_guide {
            Some(guide) => self
                .theme
                .render_with(&template, &context, [t, ("guide", guide)])?,
            None => self.theme.render_with(&template, &context, [t])?,
        };
        let texts = known
            .labelled
            .as_ref()
            .map(|labelled| labelled.texts.as_slice());
        known.parts = locate(&html, texts, context.bodies_mut());
        Ok(OutputFile {
            path: format!("{}index.html", page.url),
            contents: Contents::Bytes(html),
            known,
        })
    }

    /// What the page has around its text: the site, its language, the ways out.
    pub(super) fn chrome(&self, id: PageId) -> Chrome<'_> {
        let site = self.site;
        let page = &site.pages[id];
        let lang = &site.languages[page.lang];
        let contents = &site.sections_of[page.lang];
        Chrome {
            extra: &site.config.extra,
            lang: &lang.code,
            dir: lang.dir.as_str(),
            root: relative_url(&page.url, "", self.style).replace("index.html", ""),
            site_title: site.config.title_in(&lang.tag),
            site_key: &self.site_key,
            home_url: self.url(id, contents.home),
            checklists_url: self.url(id, contents.checklists),
            languages: self.languages(id),
            alternates: self.alternates(id),
            canonical: site
                .config
                .base_url
                .as_ref()
                .map(|b| format!("{b}{}", page.url)),
            feed_url: site
                .config
                .base_url
                .as_ref()
                .map(|_| relative_url(&page.url, &format!("{}feed.xml", lang.path), self.style)),
            inline_style: None,
            breadcrumbs: self.breadcrumbs(id),
            generator: GENERATOR,
            search: self.search,
            manifest: self.manifest_url(id),
        }
    }

    /// The page itself: its title, text, outline, dates and notices.
    fn page_view(&self, id: PageId) -> PageView<'_> {
        let site = self.site;
        let page = &site.pages[id];
        let lang = &site.languages[page.lang];
        let strings = &lang.strings;
        let text = page.kind.text();
        let doc = text.map(|t| &site.docs[t.doc]);
        let front = doc.map(|d| &d.document.front);
        let date = |d: Option<Date>| {
            d.map(|d| DateView {
                iso: d.to_string(),
                display: strings.date(d),
            })
        };
        let fallback = doc.filter(|_| page.fallback()).map(|d| {
            let source = &site.languages[d.lang];
            FallbackView {
                lang: &source.code,
                dir: source.dir.as_str(),
                name: &source.name,
                notice: fallback_notice(lang, source),
            }
        });
        let toc = doc.map_or_else(Vec::new, |d| {
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
        });
        PageView {
            kind: page.kind.name(),
            title: &page.title,
            description: front.and_then(|f| f.description.as_deref()),
            url: if self.style.portable {
                "index.html"
            } else {
                "./"
            },
            body: text.map(|t| self.body(id, t.doc)).unwrap_or_default(),
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
            extra: front.map(|f| &f.extra),
        }
    }

    /// What only this kind of page has. `shared_guide`: a section's guide is given as a
    /// value shared by its sections, not in the view.
    fn kind_view(&self, id: PageId, shared_guide: bool) -> KindView {
        let site = self.site;
        let page = &site.pages[id];
        let contents = &site.sections_of[page.lang];
        let summaries = |all: bool| {
            contents
                .guides
                .iter()
                .filter(|&&g| all || site.guides[g].checklist.is_some())
                .map(|&g| self.guide_summary(id, g))
                .collect()
        };
        match page.kind {
            PageKind::Home(_) => KindView::Home {
                guides: summaries(true),
                pages: contents.pages.iter().map(|&p| self.link(id, p)).collect(),
            },
            PageKind::Guide(g, _) => KindView::Guide {
                guide: self.guide_view(id, g),
            },
            PageKind::Section(g, text) => {
                let (prev, next) = self.neighbours(id);
                KindView::Section {
                    guide: (!shared_guide).then(|| self.guide_view(id, g)),
                    prev,
                    next,
                    items: site.docs[text.doc].rendered.items.len(),
                }
            }
            PageKind::Checklist(g) => KindView::Checklist {
                guide: self.guide_view(id, g),
                checklist: self.checklist_view(id, g),
            },
            PageKind::Checklists => KindView::Checklists {
                guides: summaries(false),
            },
            PageKind::Print(g) => KindView::Print {
                guide: self.guide_view(id, g),
                print: self.print_view(id, g),
            },
            PageKind::Page(_) => KindView::Plain {},
        }
    }

    /// The way back up: the language home, and a guide's page from its sections and
    /// checklist.
    fn breadcrumbs(&self, id: PageId) -> Vec<LinkView> {
        let site = self.site;
        let page = &site.pages[id];
        let home = site.sections_of[page.lang].home;
        match page.kind {
            PageKind::Home(_) => Vec::new(),
            PageKind::Page(_) | PageKind::Guide(..) | PageKind::Checklists => {
                vec![self.crumb(id, home)]
            }
            PageKind::Section(g, _) | PageKind::Checklist(g) | PageKind::Print(g) => {
                vec![self.crumb(id, home), self.crumb(id, site.guides[g].page)]
            }
        }
    }

    /// The language switcher: this page in every language, or the language's home.
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
                    fallback: other.is_some_and(|p| site.pages[p].fallback()),
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
            .filter_map(|(l, p)| p.filter(|&p| !site.pages[p].fallback()).map(|p| (l, p)))
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
}

/// "This page is not yet available in German. It is shown in Dutch.", in the reader's
/// language, naming both languages in it.
pub(super) fn fallback_notice(lang: &Language, source: &Language) -> String {
    let strings = &lang.strings;
    strings.fill(
        "fallback_notice",
        &[
            ("language", &strings.name_of(&lang.tag, &lang.name)),
            ("source", &strings.name_of(&source.tag, &source.name)),
        ],
    )
}

/// Where the template put each text whose ids and URLs are known, in the order they are
/// given: a text it left out, changed or put in another order is not found, and the verifier
/// then scans it as the rest of the page. On a labelled page, each is one of the `texts` the
/// labels say the templates printed unescaped, and no other place is looked at.
fn locate<'b>(
    page: &[u8],
    texts: Option<&[Range<usize>]>,
    bodies: impl Iterator<Item = &'b mut Body>,
) -> Vec<KnownPart> {
    let mut parts = Vec::new();
    let mut from = 0;
    for body in bodies {
        let text = body.html.as_bytes();
        let Some((ids, mut urls)) = body.known.take().filter(|_| !text.is_empty()) else {
            continue;
        };
        let found = match texts {
            // In page order: from the first text after the last one found.
            Some(texts) => texts[texts.partition_point(|t| t.start < from)..]
                .iter()
                .find(|t| page[(*t).clone()] == *text)
                .map(|t| t.start),
            None => find_whole(&page[from..], text).map(|at| from + at),
        };
        let Some(start) = found else {
            continue;
        };
        for url in &mut urls {
            *url = start + url.start..start + url.end;
        }
        parts.push(KnownPart {
            range: start..start + text.len(),
            ids,
            urls,
        });
        from = start + text.len();
    }
    parts
}

/// Whether a text's URLs are all that the verifier reads in it: it has no id, and no link
/// within the page (a footnote's). Read from its `=`s, which a text without raw HTML has only
/// in its attributes; `data-id=` is taken for an id too.
pub(super) fn only_urls(html: &[u8]) -> bool {
    memchr::memchr_iter(b'=', html)
        .all(|at| !html[..at].ends_with(b"id") && !html[at + 1..].starts_with(b"\"#"))
}

/// Where `text` first is in `page`, whole: found by its first bytes (a search for a long
/// text costs a table as long as the text), then compared.
fn find_whole(page: &[u8], text: &[u8]) -> Option<usize> {
    let head = memchr::memmem::Finder::new(&text[..text.len().min(32)]);
    let mut from = 0;
    while let Some(at) = head.find(&page[from..]) {
        let start = from + at;
        if page[start..].starts_with(text) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str, urls: Vec<Range<usize>>) -> Body {
        Body {
            html: html.to_owned(),
            known: Some((["k".to_owned()].into_iter().collect(), urls)),
        }
    }

    #[test]
    fn texts_are_found_whole_in_order() {
        // The first text's start is also in the chrome before it; the second text is left
        // out by the template; the third is found after the first.
        let page = b"<p>A</p><p>A text</p><p>C</p>";
        let mut bodies = [
            body("<p>A text</p>", vec![3..7, 8..8]),
            body("<p>B</p>", vec![]),
            body("<p>C</p>", vec![]),
        ];
        let parts = locate(page, None, bodies.iter_mut());
        let ranges: Vec<_> = parts.iter().map(|p| p.range.clone()).collect();
        assert_eq!(ranges, [8..21, 21..29]);
        assert_eq!(parts[0].urls, [11..15, 16..16]);
        assert_eq!(*parts[0].ids.ids, ["k"]);
        // A text with raw HTML is not known, and an empty one is not looked for.
        let mut bodies = [
            Body {
                html: "<p>C</p>".to_owned(),
                known: None,
            },
            body("", vec![]),
        ];
        assert!(locate(page, None, bodies.iter_mut()).is_empty());
        // On a labelled page, only where the labels say a text is: not the `<p>A</p>` of the
        // chrome, though the text is the same.
        let page = b"<p>A</p><div><p>A</p></div>";
        let mut bodies = [body("<p>A</p>", vec![])];
        let texts = std::slice::from_ref(&(13..21));
        let parts = locate(page, Some(texts), bodies.iter_mut());
        assert_eq!(parts[0].range, 13..21);
        let mut bodies = [body("<p>B</p>", vec![])];
        assert!(locate(page, Some(texts), bodies.iter_mut()).is_empty());
    }

    #[test]
    fn a_text_with_ids_or_links_within_the_page_is_left_to_the_scan() {
        assert!(only_urls(
            br#"Ask <a href="../b/#x">why</a> = <img src="a.png" alt="">"#
        ));
        assert!(only_urls(b""));
        for html in [
            &br##"<sup class="footnote-reference"><a href="#fn-1">1</a></sup>"##[..],
            br#"<span id="x">x</span>"#,
            br#"<span data-id="x">x</span>"#,
        ] {
            assert!(!only_urls(html), "{}", String::from_utf8_lossy(html));
        }
    }
}
