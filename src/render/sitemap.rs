//! `sitemap.xml`: every page with its own text, by path, each beside its translations (its
//! alternates). `serve` keeps it by path ([`Sitemap`]) and makes again only the entries of the
//! paths an edit changed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rayon::prelude::*;

use super::feeds::text_file;
use crate::html::{escape, escape_into};
use crate::model::{PageId, PageKind, Site};
use crate::output::OutputFile;

/// The sitemap's path in the output.
pub const PATH: &str = "sitemap.xml";

/// The sitemap of `site`, whose address is `base`.
pub(super) fn sitemap(site: &Site, base: &str) -> String {
    let parts = parts(site, base, PageId::all(site.pages.len()).collect());
    document(parts.iter().map(|(_, xml)| xml.as_str()))
}

/// The sitemap as the entries of each path, kept by `serve` to make it again after an edit.
#[derive(Debug)]
pub struct Sitemap {
    /// The site's address, escaped.
    base: String,
    /// The entries of the pages of each path; empty when none has one of its own.
    parts: BTreeMap<String, String>,
}

/// The entries of the paths an edit changed, made again: empty for a path that has none now.
#[derive(Debug)]
pub struct Remade(Vec<(String, String)>);

impl Sitemap {
    /// The sitemap of `site`; `None` when it has none (no `base_url`).
    pub fn new(site: &Site) -> Option<Sitemap> {
        let base = escape(site.config.base_url.as_deref()?);
        let parts = parts(site, &base, PageId::all(site.pages.len()).collect());
        Some(Sitemap {
            base,
            parts: parts.into_iter().collect(),
        })
    }

    /// The entries of the pages of `paths` in `site`, made again after an edit (the other
    /// entries of a page are made from the documents at its path alone).
    pub fn remake(&self, site: &Site, paths: &BTreeSet<&str>) -> Remade {
        let ids = site
            .lang_ids()
            .flat_map(|lang| (paths.iter()).filter_map(move |path| site.page(lang, path)));
        let mut made = parts(site, &self.base, ids.collect());
        // A path without pages now has no entries.
        let now: BTreeSet<String> = made.iter().map(|(path, _)| path.clone()).collect();
        let gone = paths.iter().filter(|p| !now.contains(**p));
        made.extend(gone.map(|p| ((*p).to_owned(), String::new())));
        made.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Remade(made)
    }

    /// The sitemap with the entries `remade`.
    pub fn file(&self, remade: &Remade) -> OutputFile {
        let mut made = remade.0.iter().peekable();
        let mut parts = Vec::with_capacity(self.parts.len() + remade.0.len());
        for (path, xml) in &self.parts {
            while let Some((_, new)) = made.next_if(|(p, _)| p < path) {
                parts.push(new.as_str());
            }
            match made.next_if(|(p, _)| p == path) {
                Some((_, new)) => parts.push(new.as_str()),
                None => parts.push(xml.as_str()),
            }
        }
        parts.extend(made.map(|(_, new)| new.as_str()));
        text_file(PATH, document(parts.into_iter()))
    }

    /// Keeps the entries `remade`.
    pub fn apply(&mut self, remade: Remade) {
        for (path, xml) in remade.0 {
            if xml.is_empty() {
                self.parts.remove(&path);
            } else {
                self.parts.insert(path, xml);
            }
        }
    }
}

/// The sitemap of `parts`, each the entries of one path, in order.
fn document<'a>(parts: impl Iterator<Item = &'a str> + Clone) -> String {
    let len: usize = parts.clone().map(str::len).sum();
    let mut xml = String::with_capacity(len + 256);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    parts.for_each(|part| xml.push_str(part));
    xml.push_str("</urlset>\n");
    xml
}

/// The entries of the pages `ids`, by path: sorted by path and then language, so that the
/// translations of a page (its alternates) are its neighbours, in an order that a new weight,
/// which orders the sections of a guide anew, does not change. Made side by side: at tens of
/// thousands of pages this takes longer than the pages an edit renders in `serve`.
fn parts(site: &Site, base: &str, mut ids: Vec<PageId>) -> Vec<(String, String)> {
    ids.par_sort_unstable_by_key(|&id| (site.pages[id].key.as_str(), site.pages[id].lang));
    let paths: Vec<&[PageId]> =
        (ids.chunk_by(|&a, &b| site.pages[a].key == site.pages[b].key)).collect();
    paths
        .par_iter()
        .map(|&translations| {
            // Each page takes a few hundred bytes, more with its translations.
            let mut xml = String::with_capacity(translations.len() * 520);
            for &id in translations {
                entry(site, base, id, translations, &mut xml);
            }
            let path = site.pages[translations[0]].key.clone();
            (path, xml)
        })
        .collect()
}

/// The sitemap's entry for a page, with its `translations` (every page of its path, itself
/// included, by language), if it has one.
fn entry(site: &Site, base: &str, id: PageId, translations: &[PageId], xml: &mut String) {
    let page = &site.pages[id];
    // The whole guide on one page repeats its sections, which are the pages to find.
    if page.fallback() || matches!(page.kind, PageKind::Print(_)) {
        return;
    }
    xml.push_str("  <url>\n    <loc>");
    xml.push_str(base);
    escape_into(xml, &page.url);
    xml.push_str("</loc>\n");
    if let Some(updated) = site.doc_of(id).and_then(|d| d.document.front.updated) {
        let _ = writeln!(xml, "    <lastmod>{updated}</lastmod>");
    }
    for other in translations.iter().map(|&o| &site.pages[o]) {
        if !other.fallback() {
            xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
            escape_into(xml, &site.languages[other.lang].code);
            xml.push_str("\" href=\"");
            xml.push_str(base);
            escape_into(xml, &other.url);
            xml.push_str("\"/>\n");
        }
    }
    xml.push_str("  </url>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Contents;

    fn remade(parts: &[(&str, &str)]) -> Remade {
        Remade(
            parts
                .iter()
                .map(|(p, x)| ((*p).to_owned(), (*x).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn remade_entries_take_the_place_of_their_paths() {
        let mut sitemap = Sitemap {
            base: "https://gids.leidraad.org/".to_owned(),
            parts: [("a", "A\n"), ("c", "C\n"), ("e", "E\n")]
                .map(|(p, x)| (p.to_owned(), x.to_owned()))
                .into(),
        };
        // A new path before, between and after the others; one changed, one gone.
        let edit = remade(&[
            ("0", "0\n"),
            ("b", "B\n"),
            ("c", ""),
            ("e", "E2\n"),
            ("f", "F\n"),
        ]);
        let Contents::Bytes(bytes) = sitemap.file(&edit).contents else {
            panic!("a sitemap is text")
        };
        let body = String::from_utf8(bytes).unwrap();
        let body = body.lines().skip(2).collect::<Vec<_>>().join(",");
        assert_eq!(body, "0,A,B,E2,F,</urlset>");
        sitemap.apply(edit);
        let paths: Vec<&str> = sitemap.parts.keys().map(String::as_str).collect();
        assert_eq!(paths, ["0", "a", "b", "e", "f"]);
    }
}
