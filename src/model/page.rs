//! A page of the output and what kind of page it is.

use super::{DocId, GuideId, LangId};

/// The text a page shows: a document of its own language, or of the source language when
/// the translation is missing (a fallback page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    /// The document.
    pub doc: DocId,
    /// Whether the document is in another language than the page.
    pub fallback: bool,
}

/// What a page is, with what only that kind of page has: a section always has its guide and
/// its text, a checklist its guide, the page of all checklists neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// A language home, with the text of its `_index.md` if there is one.
    Home(Option<Text>),
    /// A standalone page.
    Page(Text),
    /// A guide's own page.
    Guide(GuideId, Text),
    /// A section of a guide.
    Section(GuideId, Text),
    /// The checklist of a guide.
    Checklist(GuideId),
    /// A whole guide on one page, to print: introduction, sections, checklist.
    Print(GuideId),
    /// Every checklist of a language.
    Checklists,
}

impl PageKind {
    /// The kind's name: `section`; its template is `section.html`.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home(_) => "home",
            PageKind::Page(_) => "page",
            PageKind::Guide(..) => "guide",
            PageKind::Section(..) => "section",
            PageKind::Checklist(_) => "checklist",
            PageKind::Print(_) => "print",
            PageKind::Checklists => "checklists",
        }
    }

    /// The text the page shows, if it shows a document.
    pub fn text(self) -> Option<Text> {
        match self {
            PageKind::Home(text) => text,
            PageKind::Page(text) | PageKind::Guide(_, text) | PageKind::Section(_, text) => {
                Some(text)
            }
            PageKind::Checklist(_) | PageKind::Print(_) | PageKind::Checklists => None,
        }
    }

    /// The guide the page belongs to.
    pub fn guide(self) -> Option<GuideId> {
        match self {
            PageKind::Guide(guide, _)
            | PageKind::Section(guide, _)
            | PageKind::Checklist(guide)
            | PageKind::Print(guide) => Some(guide),
            PageKind::Home(_) | PageKind::Page(_) | PageKind::Checklists => None,
        }
    }
}

/// One page of the output.
#[derive(Clone, Debug)]
pub struct Page {
    /// The language whose interface it is shown in.
    pub lang: LangId,
    /// Its translation key: the source path inside the language folder, the same for every
    /// translation (`waarden/01-ken-jezelf.md`); generated pages get keys such as
    /// `waarden/#checklist`.
    pub key: String,
    /// What it is.
    pub kind: PageKind,
    /// Its URL from the output root, ending in `/`: `nl/waarden/ken-jezelf/`.
    pub url: String,
    /// Its title, plain text.
    pub title: String,
}

impl Page {
    /// The document whose text it shows, if any.
    pub fn doc(&self) -> Option<DocId> {
        self.kind.text().map(|t| t.doc)
    }

    /// Whether it shows a document of another language (a missing translation).
    pub fn fallback(&self) -> bool {
        self.kind.text().is_some_and(|t| t.fallback)
    }

    /// The guide it belongs to.
    pub fn guide(&self) -> Option<GuideId> {
        self.kind.guide()
    }
}
