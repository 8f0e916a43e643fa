//! The views templates see: the contract documented in `docs/templates.md`.
//!
//! Templates never see the model. Every field here is documented there; change both together.

use serde::Serialize;

/// The context of every template: what every page has, the page itself, and what only its
/// kind of page has. Templates also get `t`, the interface strings of the page's language,
/// which `render` gives beside this view (see `Theme::render_with`): the same for every page
/// of a language, it is made once, not for every page.
#[derive(Serialize)]
pub struct PageContext<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub page: PageView<'a>,
    #[serde(flatten)]
    pub kind: KindView,
}

/// An author's text as HTML, as templates see it (a string), with what the renderer knows of
/// its ids and URLs, for the verifier.
#[derive(Debug, Default)]
pub struct Body {
    pub html: String,
    /// Its ids, and where its URLs are in `html`; `None` when it has raw HTML, which only a
    /// scan of the page reads as the browser does.
    pub known: Option<(crate::output::KnownIds, Vec<std::ops::Range<usize>>)>,
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.html)
    }
}

impl PageContext<'_> {
    /// The texts of the page, in the order the built-in templates show them.
    pub fn bodies_mut(&mut self) -> impl Iterator<Item = &mut Body> {
        let (parts, checklist) = match &mut self.kind {
            KindView::Print { print, .. } => (print.parts.as_mut_slice(), print.checklist.as_mut()),
            KindView::Checklist { checklist, .. } => (&mut [][..], Some(checklist)),
            _ => (&mut [][..], None),
        };
        let items = checklist
            .into_iter()
            .flat_map(|checklist| checklist.groups.iter_mut())
            .flat_map(|group| group.items.iter_mut())
            .map(|item| &mut item.html);
        std::iter::once(&mut self.page.body)
            .chain(parts.iter_mut().map(|part| &mut part.body))
            .chain(items)
    }
}

/// What every page has around its text: the site, the language and the ways out.
#[derive(Serialize)]
pub struct Chrome<'a> {
    /// `extra` of `site.yaml`.
    pub extra: &'a crate::config::Extra,
    pub lang: &'a str,
    pub dir: &'a str,
    pub root: String,
    pub site_title: &'a str,
    pub site_key: &'a str,
    pub home_url: String,
    pub checklists_url: String,
    pub languages: Vec<LanguageView<'a>>,
    pub alternates: Vec<AlternateView>,
    pub canonical: Option<String>,
    /// This language's Atom feed, when the site has one (it needs `base_url`).
    pub feed_url: Option<String>,
    /// The style sheet itself, for a page that must work at any address (`404.html`); then
    /// the page links no style sheet and no script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline_style: Option<&'a str>,
    pub breadcrumbs: Vec<LinkView>,
    pub generator: &'static str,
    pub search: bool,
    /// This language's web app manifest, when the site can be read offline: then pages
    /// register the service worker at `root` (`sw.js`).
    pub manifest: Option<String>,
}

/// What only one kind of page has (`home.html` gets `guides` and `pages`, …).
#[derive(Serialize)]
#[serde(untagged)]
pub enum KindView {
    Home {
        guides: Vec<GuideSummary>,
        pages: Vec<LinkView>,
    },
    Guide {
        guide: GuideView,
    },
    Section {
        /// `None` when the guide is given as a value shared by its sections.
        #[serde(skip_serializing_if = "Option::is_none")]
        guide: Option<GuideView>,
        prev: Option<LinkView>,
        next: Option<LinkView>,
        items: usize,
    },
    Checklist {
        guide: GuideView,
        checklist: ChecklistView,
    },
    Checklists {
        guides: Vec<GuideSummary>,
    },
    /// The whole guide on one page, to print (`print.html`).
    Print {
        guide: GuideView,
        print: PrintView,
    },
    /// `404.html`: its message in every language of the site.
    NotFound {
        not_found: Vec<NotFoundView>,
    },
    /// A standalone page and the root page.
    Plain {},
}

/// The message of `404.html` in one language, with a link to that language's home.
#[derive(Serialize)]
pub struct NotFoundView {
    pub lang: String,
    pub dir: &'static str,
    pub title: String,
    pub text: String,
    pub back_home: String,
    pub url: String,
}

/// A language in the switcher.
#[derive(Serialize)]
pub struct LanguageView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'a str,
    pub url: String,
    pub current: bool,
    pub fallback: bool,
}

/// A `<link rel="alternate" hreflang>` target.
#[derive(Serialize)]
pub struct AlternateView {
    pub hreflang: String,
    pub url: String,
}

/// A link with a title (and, in lists, a description).
#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Set when the linked page's text is in another language (a fallback page).
    pub lang: Option<String>,
    pub dir: Option<&'static str>,
}

/// A date, machine-readable and localised.
#[derive(Serialize)]
pub struct DateView {
    pub iso: String,
    pub display: String,
}

/// The page being rendered.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: &'static str,
    pub body: Body,
    pub toc: Vec<HeadingView<'a>>,
    pub authors: &'a [String],
    pub updated: Option<DateView>,
    pub last_reviewed: Option<DateView>,
    pub next_review: Option<DateView>,
    pub fallback: Option<FallbackView<'a>>,
    pub stale: Option<StaleView>,
    /// `extra` of the page's front matter; empty on pages made by leidraad.
    #[serde(serialize_with = "extra_or_empty")]
    pub extra: Option<&'a crate::config::Extra>,
}

impl<'a> PageView<'a> {
    /// A page leidraad makes with no text of an author's: its kind, title and address.
    pub fn plain(kind: &'static str, title: &'a str, url: &'static str) -> PageView<'a> {
        PageView {
            kind,
            title,
            description: None,
            url,
            body: Body::default(),
            toc: Vec::new(),
            authors: &[],
            updated: None,
            last_reviewed: None,
            next_review: None,
            fallback: None,
            stale: None,
            extra: None,
        }
    }
}

/// A page's `extra`, or an empty mapping, so that `page.extra.x` is a missing key, not null.
fn extra_or_empty<S: serde::Serializer>(
    extra: &Option<&crate::config::Extra>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match extra {
        Some(extra) => extra.serialize(serializer),
        None => serializer.collect_map(std::iter::empty::<(&str, &str)>()),
    }
}

/// A heading in the table of contents.
#[derive(Serialize)]
pub struct HeadingView<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
}

/// Set when a page shows the text of another language.
#[derive(Serialize)]
pub struct FallbackView<'a> {
    pub lang: &'a str,
    pub dir: &'a str,
    pub name: &'a str,
    pub notice: String,
}

/// Set when the source changed after the translation was made.
#[derive(Serialize)]
pub struct StaleView {
    pub notice: String,
    pub source_url: String,
}

/// A guide in a list (language home, all checklists).
#[derive(Serialize)]
pub struct GuideSummary {
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub sections: usize,
    pub checklist: Option<ChecklistLink>,
}

/// A link to a guide's checklist.
#[derive(Serialize, Clone)]
pub struct ChecklistLink {
    pub title: String,
    pub url: String,
    pub items: usize,
    /// "12 items", in the page's language and the plural form of the number.
    pub items_text: String,
}

/// The guide a page belongs to.
#[derive(Serialize)]
pub struct GuideView {
    pub key: String,
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub sections: Vec<SectionLink>,
    pub checklist: Option<ChecklistLink>,
    /// The page with the whole guide, to print.
    pub print_url: String,
}

/// A section in a guide's list of sections.
#[derive(Serialize)]
pub struct SectionLink {
    pub lang: Option<String>,
    pub dir: Option<&'static str>,
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub current: bool,
    pub items: usize,
    /// "3 items", in the page's language and the plural form of the number.
    pub items_text: String,
}

/// A guide's checklist.
#[derive(Serialize)]
pub struct ChecklistView {
    pub total: usize,
    /// "12 items", in the page's language and the plural form of the number.
    pub total_text: String,
    pub groups: Vec<ChecklistGroup>,
}

/// The items of one section on the checklist page.
#[derive(Serialize)]
pub struct ChecklistGroup {
    pub section: LinkView,
    /// The fallback notice, when the section is shown in the source language.
    pub notice: Option<String>,
    pub items: Vec<ItemView>,
}

/// One checklist item on the checklist page.
#[derive(Serialize)]
pub struct ItemView {
    pub id: String,
    pub html: Body,
    pub url: String,
    pub checked: bool,
}

/// The whole guide on one page: every id on it is unique (each part's ids carry the part's
/// `id` as a prefix, `s2-listen--questions`), and links to the guide's own pages are anchors.
#[derive(Serialize)]
pub struct PrintView {
    /// The guide's introduction (its `_index.md`, titled "Introduction", left out when it has
    /// no text), then its sections in order.
    pub parts: Vec<PrintPart>,
    /// The checklist, with its links turned into anchors on the page.
    pub checklist: Option<ChecklistView>,
    /// The anchor of the checklist (`checklist`): its items are `checklist--<item id>`.
    pub checklist_id: &'static str,
}

/// The introduction or a section on the whole-guide page.
#[derive(Serialize)]
pub struct PrintPart {
    /// Its anchor on the page.
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// Set when the text is in another language than the page (a fallback section).
    pub lang: Option<String>,
    pub dir: Option<&'static str>,
    /// The fallback notice, in the page's language.
    pub notice: Option<String>,
    pub updated: Option<DateView>,
    pub last_reviewed: Option<DateView>,
    pub next_review: Option<DateView>,
    pub body: Body,
}
