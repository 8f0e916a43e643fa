//! Which pages a build changed, so that only the tabs that show them reload, and a tab whose
//! page moved (a new `slug:`) is sent to its new address.

use std::collections::BTreeMap;
use std::path::Path;

use crate::output::Contents;

/// What a good build changed since the good build before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Changes {
    /// The good build before, which the changes are counted from.
    pub(crate) since: u64,
    /// The addresses of the pages that are new, gone or different (`/nl/over/`).
    pub(crate) pages: Vec<String>,
    /// Pages at a new address: the old address and the new.
    pub(crate) moved: BTreeMap<String, String>,
}

/// How many pages may change before every tab reloads anyway (a template edit changes all).
const MOST: usize = 1000;

/// How many good builds back a tab may be and still reload only when its page changed.
const KEPT: usize = 8;

/// What changed since each of the last few good builds, oldest first; empty when every tab
/// reloads. A listener sends only the latest event (`live.rs`), so a tab that missed a build
/// (two builds in quick succession: an editor saving in two steps) finds the changes since
/// the build it shows here, instead of reloading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Recent(Vec<Changes>);

impl Recent {
    /// The changes after one more good build, which changed `next` since the good build
    /// before it (`None`: every page).
    pub(crate) fn then(&self, next: Option<Changes>) -> Recent {
        let Some(next) = next else {
            return Recent::default();
        };
        let mut steps: Vec<Changes> = self
            .0
            .iter()
            .filter_map(|step| {
                let mut pages: Vec<String> =
                    step.pages.iter().chain(&next.pages).cloned().collect();
                pages.sort();
                pages.dedup();
                (pages.len() <= MOST).then(|| Changes {
                    since: step.since,
                    pages,
                    moved: follow(&step.moved, &next.moved),
                })
            })
            .collect();
        steps.push(next);
        let old = steps.len().saturating_sub(KEPT);
        steps.drain(..old);
        Recent(steps)
    }

    /// The changes since each good build, oldest first.
    pub(crate) fn steps(&self) -> &[Changes] {
        &self.0
    }
}

/// The changes since good build `since`, given the output `paths` that differ, after an edit
/// of the files `edited`; `None` when every page should reload: a file other than Markdown
/// changed (an image, a template, `site.yaml`: copied files are compared by name, not by
/// contents), or too many pages did. `moved` maps old page addresses to new ones.
pub(crate) fn of<'a>(
    paths: impl IntoIterator<Item = &'a str>,
    since: u64,
    edited: &[impl AsRef<Path>],
    moved: BTreeMap<String, String>,
) -> Option<Changes> {
    if edited
        .iter()
        .any(|p| p.as_ref().extension().is_none_or(|e| e != "md"))
    {
        return None;
    }
    let mut pages = Vec::new();
    for path in paths {
        if path.starts_with("pagefind/") {
            continue;
        }
        // A file that is not a page changed: a feed, a list for reading offline, … fine; but
        // a style sheet or script means every page.
        let Some(folder) = path.strip_suffix("index.html") else {
            if path.ends_with(".css") || path.ends_with(".js") {
                return None;
            }
            continue;
        };
        pages.push(format!("/{folder}"));
        if pages.len() > MOST {
            return None;
        }
    }
    pages.sort();
    Some(Changes {
        since,
        pages,
        moved,
    })
}

/// The moves since the preview started, `all`, followed by the moves of one more build: an
/// address moved twice leads to where the page is now, and the address a page moved back to
/// is no move.
pub(crate) fn follow(
    all: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = all
        .iter()
        .map(|(from, to)| (from.clone(), new.get(to).unwrap_or(to).clone()))
        .collect();
    out.extend(new.iter().map(|(f, t)| (f.clone(), t.clone())));
    let now: std::collections::BTreeSet<&String> = new.values().collect();
    out.retain(|from, to| from != to && !now.contains(from));
    out
}

/// Whether two contents are the same, as far as can be told without reading files.
pub(crate) fn same(a: &Contents, b: &Contents) -> bool {
    match (a, b) {
        (Contents::Copy(a), Contents::Copy(b)) | (Contents::Svg(a), Contents::Svg(b)) => a == b,
        // The same bytes, held one way or another (a shared sitemap is often the very same).
        _ => match (a.in_memory(), b.in_memory()) {
            (Some(a), Some(b)) => std::ptr::eq(a, b) || a == b,
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(paths: &[&str], edited: &[&str]) -> Option<Vec<String>> {
        of(paths.iter().copied(), 4, edited, BTreeMap::new()).map(|c| c.pages)
    }

    fn step(since: u64, pages: &[&str], moved: &[(&str, &str)]) -> Changes {
        Changes {
            since,
            pages: pages.iter().map(|p| (*p).to_owned()).collect(),
            moved: moved
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn a_tab_that_missed_builds_finds_what_they_changed_together() {
        let recent = Recent::default()
            .then(Some(step(1, &["/nl/over/"], &[])))
            .then(Some(step(2, &[], &[("/en/about/", "/en/about-us/")])))
            .then(Some(step(3, &["/nl/"], &[])));
        assert_eq!(
            recent.steps(),
            [
                step(
                    1,
                    &["/nl/", "/nl/over/"],
                    &[("/en/about/", "/en/about-us/")]
                ),
                step(2, &["/nl/"], &[("/en/about/", "/en/about-us/")]),
                step(3, &["/nl/"], &[]),
            ]
        );
        // A build that changes every page: every tab reloads, whatever build it shows.
        assert_eq!(recent.then(None), Recent::default());
        let mut long = Recent::default();
        for since in 1..=20 {
            long = long.then(Some(step(since, &[], &[])));
        }
        let kept: Vec<u64> = long.steps().iter().map(|s| s.since).collect();
        assert_eq!(
            kept,
            (13..=20).collect::<Vec<_>>(),
            "the last {KEPT} builds"
        );
        // Too many pages since an old build: a tab that shows it reloads.
        let many: Vec<String> = (0..MOST).map(|i| format!("/nl/{i}/")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let recent = Recent::default()
            .then(Some(step(1, &many, &[])))
            .then(Some(step(2, &["/nl/x/"], &[])));
        let kept: Vec<u64> = recent.steps().iter().map(|s| s.since).collect();
        assert_eq!(kept, [2]);
    }

    #[test]
    fn moves_follow_each_other() {
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect()
        };
        let all = map(&[("/a/", "/b/")]);
        assert_eq!(
            follow(&all, &map(&[("/b/", "/c/")])),
            map(&[("/a/", "/c/"), ("/b/", "/c/")])
        );
        // Moved back: `/a/` is the page's address again, `/b/` leads there.
        assert_eq!(
            follow(&all, &map(&[("/b/", "/a/")])),
            map(&[("/b/", "/a/")])
        );
    }

    #[test]
    fn pages_changed_by_an_edit_of_markdown_are_listed() {
        assert_eq!(
            pages(
                &[
                    "nl/over/index.html",
                    "index.html",
                    "nl/feed.xml",
                    "pagefind/x.pf_index"
                ],
                &["content/nl/over.md"]
            ),
            Some(vec!["/".to_owned(), "/nl/over/".to_owned()])
        );
    }

    #[test]
    fn other_edits_and_style_or_script_changes_reload_every_page() {
        assert_eq!(
            pages(&["nl/over/index.html"], &["templates/page.html"]),
            None
        );
        assert_eq!(
            pages(&["nl/over/index.html"], &["content/nl/foto.png"]),
            None
        );
        assert_eq!(pages(&["style.css"], &["content/nl/over.md"]), None);
        let many: Vec<String> = (0..=MOST).map(|i| format!("nl/{i}/index.html")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(pages(&many, &["content/nl/over.md"]), None);
    }
}
