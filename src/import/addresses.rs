//! The addresses of the imported pages: the URL each will have in leidraad, and which of
//! their old addresses they keep as aliases.

use std::collections::{BTreeMap, BTreeSet};

use super::front;
use super::site::Entry;

/// The URL each page will have in leidraad. `root`: the language whose pages are at the
/// site's root (`default_language_at_root`).
pub(super) fn new_urls(entries: &[Entry], dests: &[String], root: Option<&str>) -> Vec<String> {
    let folder = |lang: &str| {
        if Some(lang) == root {
            String::new()
        } else {
            format!("/{lang}")
        }
    };
    let slug = |entry: &Entry, name: &str| {
        front::get(&entry.front.map, "slug")
            .and_then(front::text)
            .filter(|s| crate::slug::check_slug(s).is_ok())
            .or_else(|| folded_slug(entry, name))
            .unwrap_or_else(|| crate::slug::file_slug(name))
    };
    let guide_slugs: BTreeMap<&str, String> = entries
        .iter()
        .zip(dests)
        .filter_map(|(e, d)| Some((d.strip_suffix("/_index.md")?, e)))
        .map(|(dir, e)| (dir, slug(e, dir.rsplit('/').next().unwrap_or(dir))))
        .collect();
    entries
        .iter()
        .zip(dests)
        .map(|(entry, dest)| {
            let parts: Vec<&str> = dest.split('/').collect();
            let guide = |dir: &str, g: &str| {
                guide_slugs
                    .get(dir)
                    .cloned()
                    .unwrap_or_else(|| crate::slug::file_slug(g))
            };
            match parts.as_slice() {
                [_, lang, "_index.md"] => format!("{}/", folder(lang)),
                [_, lang, name] => format!("{}/{}/", folder(lang), slug(entry, name)),
                [_, lang, g, "_index.md"] => {
                    format!("{}/{}/", folder(lang), guide(&dest[..dest.len() - 10], g))
                }
                [_, lang, g, name] => format!(
                    "{}/{}/{}/",
                    folder(lang),
                    guide(&format!("content/{lang}/{g}"), g),
                    slug(entry, name)
                ),
                _ => dest.clone(),
            }
        })
        .collect()
}

/// The slug of a page whose folders were folded into its file name (`version/2/1/coc.md` →
/// `2-1-coc.md`) when that name starts as an order prefix does (`2-`), which would otherwise
/// be left out of its address: the whole name (`2-1-coc`), written as `slug:`. `name`: the
/// file name in DEST.
pub(super) fn folded_slug(entry: &Entry, name: &str) -> Option<String> {
    let folded = entry.segs.iter().filter(|s| *s != "_index").count() > 2;
    let stem = name.strip_suffix(".md").unwrap_or(name);
    (folded && crate::slug::strip_order_prefix(stem) != stem).then(|| crate::slug::slugify(stem))
}

/// For each page that moved, its own old URL, to keep as an alias: unless it is the root, is
/// the page's new URL or another page's, or is taken by an alias already.
pub(super) fn moved(entries: &[Entry], new_urls: &[String]) -> Vec<Option<String>> {
    let mut taken: BTreeSet<String> = new_urls.iter().cloned().collect();
    taken.insert("/".to_owned());
    for entry in entries {
        taken.extend(front::alias_folders(&entry.front.map));
    }
    entries
        .iter()
        .map(|entry| {
            let old = front::folder(entry.old_url.as_ref()?);
            taken.insert(old.clone()).then_some(old)
        })
        .collect()
}

/// For each page, the old paths of its `aliases` that are left out, each with why: one that
/// is the page's own new address (nothing to redirect), another page's (a redirect would
/// replace it), or one that another page names too, which keeps it. Hugo writes every
/// language's aliases at the site's root, so translations of a page often name the same old
/// path: the page in the default language keeps it, else the first by path. `order`: the
/// pages, the default language first.
pub(super) fn left_out_aliases(
    entries: &[Entry],
    dests: &[String],
    new_urls: &[String],
    order: &[usize],
) -> Vec<Vec<(String, String)>> {
    let pages: BTreeMap<&str, usize> = new_urls
        .iter()
        .enumerate()
        .map(|(i, url)| (url.as_str(), i))
        .collect();
    let mut claimed: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = vec![Vec::new(); entries.len()];
    for &i in order {
        for alias in front::alias_folders(&entries[i].front.map) {
            let why = match (pages.get(alias.as_str()), claimed.get(&alias)) {
                (Some(&page), _) if page == i => format!("the old path `{alias}` is this page's own address in leidraad, so it is left out of `aliases`"),
                (Some(&page), _) => format!("the old path `{alias}` is the address of `{}` in leidraad, so it is left out of `aliases`: a redirect there would replace that page", dests[page]),
                (None, Some(&first)) if first != i => format!("the old path `{alias}` is also an alias of `{}`, which keeps it, so it is left out here", dests[first]),
                _ => {
                    claimed.insert(alias, i);
                    continue;
                }
            };
            out[i].push((alias, why));
        }
    }
    out
}
