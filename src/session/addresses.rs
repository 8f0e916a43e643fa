//! Where the pages of a site rebuilt after an edit are: whether they kept their addresses,
//! which went away or moved, and whether the sitemap still holds. Only the pages an edit may
//! have moved ([`movable`]) are compared: every other page's address is made from documents
//! the edit did not touch.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::HashSet;

use super::edit::pages_of;
use crate::model::{self, PageId, PageKind, Site};
use crate::output::OutputFile;

/// Whether the sitemaps of two sites with the same pages at the same addresses
/// ([`same_addresses`]) are the same: their pages have the same dates and kinds (which decide
/// the alternates and the pages left out). Only the pages of `new` that may have moved
/// ([`movable`]) may differ in those.
pub(super) fn same_sitemap(old: &Site, new: &Site, movable: &[&model::Page]) -> bool {
    let entry = |site: &Site, page: &model::Page| {
        let updated = site
            .doc_of_page(page)
            .and_then(|d| d.document.front.updated);
        (
            page.fallback(),
            matches!(page.kind, PageKind::Print(_)),
            updated,
        )
    };
    movable.iter().all(|p| {
        (old.page(p.lang, &p.key)).is_some_and(|o| entry(old, &old.pages[o]) == entry(new, p))
    })
}

/// The paths of the pages `before` and `after`.
pub(super) fn paths_of<'s>(
    before: &[&'s model::Page],
    after: &[&'s model::Page],
) -> BTreeSet<&'s str> {
    before.iter().chain(after).map(|p| p.key.as_str()).collect()
}

/// The pages of `site` whose address an edit of the documents at `keys` may change: theirs in
/// every language, and every page of their guides (whose slug is in each address). Every
/// other page has an address made from documents the edit did not touch.
pub(super) fn movable<'s>(site: &'s Site, keys: &BTreeSet<&str>) -> Vec<&'s model::Page> {
    let mut ids = edited_pages(site, keys);
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(|id| &site.pages[id]).collect()
}

/// The pages of the documents at `keys` in every language of `site`, and every page of their
/// guides (unsorted, maybe more than once).
pub(super) fn edited_pages(site: &Site, keys: &BTreeSet<&str>) -> Vec<PageId> {
    let guides: BTreeSet<&str> = keys.iter().filter_map(|k| model::guide_key(k)).collect();
    let mut ids: Vec<PageId> = pages_of(site, keys.iter().copied()).collect();
    for guide in site
        .guides
        .iter()
        .filter(|g| guides.contains(g.key.as_str()))
    {
        ids.extend([guide.page, guide.print].iter().chain(&guide.sections));
        ids.extend(guide.checklist);
    }
    ids
}

/// The paths of the files of an output that are not among its `pages`.
pub(super) fn site_files<'s>(
    pages: impl Iterator<Item = &'s model::Page>,
    files: &[OutputFile],
) -> BTreeSet<String> {
    let pages: HashSet<&str> = pages.map(|p| p.url.as_str()).collect();
    files
        .iter()
        .map(|f| &f.path)
        .filter(|path| {
            path.strip_suffix("index.html")
                .is_none_or(|url| !pages.contains(url))
        })
        .cloned()
        .collect()
}

/// Whether two sites have the same pages at the same addresses, in any order (a new weight
/// orders the pages of a guide anew), given the pages of each that may have moved
/// ([`movable`]).
pub(super) fn same_addresses(
    old: &Site,
    before: &[&model::Page],
    new: &Site,
    after: &[&model::Page],
) -> bool {
    let same = |a: &model::Page, b: &model::Page| a.lang == b.lang && a.url == b.url;
    old.pages.len() == new.pages.len()
        && before.len() == after.len()
        && (after.iter()).all(|b| {
            old.page(b.lang, &b.key)
                .is_some_and(|a| same(&old.pages[a], b))
        })
}

/// The files of the old output (its pages and `old_files`) that the new one does not have,
/// given the pages of each that may have moved ([`movable`]; every other page is in both);
/// `same` when both have the same pages ([`same_addresses`]).
pub(super) fn removed(
    (before, old_files): (&[&model::Page], &BTreeSet<String>),
    (after, new_files): (&[&model::Page], &BTreeSet<String>),
    same: bool,
) -> Vec<String> {
    if same {
        return old_files.difference(new_files).cloned().collect();
    }
    let pages: HashSet<&str> = after.iter().map(|p| p.url.as_str()).collect();
    let gone = before
        .iter()
        .map(|p| &p.url)
        .filter(|url| !pages.contains(url.as_str()));
    let mut removed: BTreeSet<String> = gone
        .map(|url| format!("{url}index.html"))
        .filter(|path| !new_files.contains(path))
        .collect();
    removed.extend(
        old_files
            .difference(new_files)
            .filter(|path| {
                path.strip_suffix("index.html")
                    .is_none_or(|url| !pages.contains(url))
            })
            .cloned(),
    );
    removed.into_iter().collect()
}

/// The pages of `old` among `pages` that `new` has at another address: old address → new.
/// Languages are matched by tag, so that this holds across a full build that changed them too.
pub(super) fn moved<'s>(
    old: &Site,
    pages: impl Iterator<Item = &'s model::Page>,
    new: &Site,
) -> BTreeMap<String, String> {
    let langs: Vec<Option<model::LangId>> =
        old.languages.iter().map(|l| new.lang_id(&l.tag)).collect();
    pages
        .filter_map(|p| {
            let now = &new.pages[new.page(langs[p.lang.index()]?, &p.key)?];
            (now.url != p.url).then(|| (format!("/{}", p.url), format!("/{}", now.url)))
        })
        .collect()
}
