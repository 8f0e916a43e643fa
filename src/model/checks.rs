//! Checks of the whole site once it is built: URLs that two pages share, reviews that are
//! due, checklist item ids that differ between translations.

use super::*;
use crate::diagnostics::Code;

/// Two pages (or a page and a file) with the same URL would overwrite each other.
pub(super) fn check_unique_urls(site: &Site, diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, PageId> = HashMap::with_capacity(site.pages.len());
    let mut clashes: Vec<(PageId, PageId)> = Vec::new();
    for (id, page) in site.pages_by_id() {
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
                    let kind = site.pages[p].kind.name();
                    let folder = site.pages[p]
                        .guide()
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
            let (here, other) = if site.pages[id].fallback() {
                (first, id)
            } else {
                (id, first)
            };
            let mut d = Diagnostic::error(
                Code::DuplicateUrl,
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
pub(super) fn url_is_stand_in(site: &Site, page: PageId) -> bool {
    let unread = |p: PageId| {
        !matches!(site.pages[p].kind, PageKind::Home(_))
            && site
                .doc_of(p)
                .is_some_and(|d| !d.document.has_read(&["slug"]))
    };
    unread(page)
        || site.pages[page]
            .guide()
            .is_some_and(|g| unread(site.guides[g].page))
}

/// Guidance that nobody has reviewed in time may no longer be right.
pub(super) fn check_reviews(site: &Site, today: crate::date::Date, diags: &mut Diagnostics) {
    for doc in &site.docs {
        if let Some((due, range)) = &doc.document.front.next_review {
            if *due < today {
                diags.push(
                    Diagnostic::warning(Code::ReviewDue, format!("the review of this page was due on {due}"))
                        .at_range(&doc.document.src, range.clone())
                        .help("review the text, then set `last_reviewed` to today's date and `next_review` to the next one"),
                );
            }
        }
    }
}

/// Item ids are unique within a guide, so that links and saved ticks find one item.
pub(super) fn check_item_ids(site: &Site, diags: &mut Diagnostics) {
    let found: Vec<Vec<Diagnostic>> = site
        .guides
        .par_iter()
        .map(|guide| item_ids_twice(site, guide))
        .collect();
    diags.extend(found.into_iter().flatten());
}

/// The checklist item ids that two sections of a guide share, each an error.
fn item_ids_twice(site: &Site, guide: &Guide) -> Vec<Diagnostic> {
    // Most guides have every id once, which the hashes of their sections' ids tell.
    let mut hashes: Vec<u64> = guide
        .sections
        .iter()
        .filter_map(|&section| site.doc_of(section))
        .flat_map(|doc| doc.item_hashes().iter().copied())
        .collect();
    hashes.sort_unstable();
    if !hashes.windows(2).any(|pair| pair[0] == pair[1]) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut seen: HashMap<&str, ItemRef> = HashMap::new();
    for &item in &guide.items {
        let page = &site.pages[item.section];
        let (doc, it) = site.item(item);
        match seen.get(it.id.as_str()) {
            Some(&first) if first.section != item.section && !page.fallback() => {
                let (first_doc, first_item) = site.item(first);
                found.push(
                    Diagnostic::error(
                        Code::DuplicateItemId,
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
    found
}
