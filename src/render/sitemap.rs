//! `sitemap.xml`: every page with its own text, by path, each beside its translations (its
//! alternates). `serve` keeps it by path ([`Sitemap`]) and makes again only the entries of the
//! paths an edit changed.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;

use crate::html::{escape, escape_into};
use crate::model::{PageId, PageKind, Site};
use crate::output::{Contents, OutputFile};

/// The sitemap's path in the output.
pub const PATH: &str = "sitemap.xml";

/// The sitemap file of `site`, whose address is `base`.
pub(super) fn sitemap(site: &Site, base: &str) -> OutputFile {
    Sitemap::file(&Remade::whole(site, &escape(base)))
}

/// The sitemap as a whole and where the entries of each path end in it, kept by `serve` to
/// make it again after an edit.
#[derive(Debug)]
pub struct Sitemap {
    /// The site's address, escaped.
    base: String,
    /// The sitemap and its paths: the other entries of a remade one are copied from it.
    kept: Remade,
}

/// A sitemap with the paths of its entries: each path, in order, with where its entries end
/// in the document (those of the first start after the header).
#[derive(Debug)]
pub struct Remade {
    /// The sitemap, shared with the file of the output that holds it.
    xml: Arc<Vec<u8>>,
    ends: Vec<(Arc<str>, usize)>,
}

impl Sitemap {
    /// The sitemap of `site`; `None` when it has none (no `base_url`).
    pub fn new(site: &Site) -> Option<Sitemap> {
        let base = escape(site.config.base_url.as_deref()?);
        let kept = Remade::whole(site, &base);
        Some(Sitemap { base, kept })
    }

    /// The sitemap of `site`, after an edit that changed only what it lists of the pages of
    /// `paths` (the entries of a page are made from the documents at its path alone).
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
        Remade::join(Some(&self.kept), &made)
    }

    /// The file of a sitemap [`Sitemap::remake`] made.
    pub fn file(remade: &Remade) -> OutputFile {
        OutputFile {
            path: PATH.to_owned(),
            contents: Contents::Shared(Arc::clone(&remade.xml)),
            known: Default::default(),
        }
    }

    /// Keeps a sitemap [`Sitemap::remake`] made.
    pub fn apply(&mut self, remade: Remade) {
        self.kept = remade;
    }
}

impl Remade {
    /// The sitemap of every page of `site`, whose address, escaped, is `base`.
    fn whole(site: &Site, base: &str) -> Remade {
        let parts = parts(site, base, PageId::all(site.pages.len()).collect());
        Remade::join(None, &parts)
    }

    /// The sitemap of `made` (the entries of paths, in order), with those of every other path
    /// that `old` has copied from it, a run of paths at a time.
    fn join(old: Option<&Remade>, made: &[(String, String)]) -> Remade {
        const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
        const FOOTER: &str = "</urlset>\n";
        let (old_xml, old_ends) = old.map_or((&[][..], &[][..]), |o| (&o.xml[..], &o.ends[..]));
        let len = old_xml.len() + made.iter().map(|(_, xml)| xml.len()).sum::<usize>();
        let mut xml = Vec::with_capacity(len.max(HEADER.len() + FOOTER.len()));
        xml.extend_from_slice(HEADER.as_bytes());
        let mut ends = Vec::with_capacity(old_ends.len() + made.len());
        // The old paths before each made one are copied whole, a run at a time.
        let copy = |from: usize, upto: usize, xml: &mut Vec<u8>, ends: &mut Vec<_>| {
            if upto > from {
                let start = if from == 0 {
                    HEADER.len()
                } else {
                    old_ends[from - 1].1
                };
                let shift = xml.len() as isize - start as isize;
                xml.extend_from_slice(&old_xml[start..old_ends[upto - 1].1]);
                let moved = old_ends[from..upto].iter();
                ends.extend(
                    moved.map(|(p, end)| (Arc::clone(p), end.saturating_add_signed(shift))),
                );
            }
        };
        let mut i = 0;
        for (path, part) in made {
            let at = old_ends.partition_point(|(p, _)| **p < **path);
            copy(i, at, &mut xml, &mut ends);
            // The old entries of this path, if any, give way to the new.
            i = at + usize::from(old_ends.get(at).is_some_and(|(p, _)| **p == **path));
            if !part.is_empty() {
                xml.extend_from_slice(part.as_bytes());
                ends.push((Arc::from(path.as_str()), xml.len()));
            }
        }
        copy(i, old_ends.len(), &mut xml, &mut ends);
        xml.extend_from_slice(FOOTER.as_bytes());
        Remade {
            xml: Arc::new(xml),
            ends,
        }
    }
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

    fn parts(parts: &[(&str, &str)]) -> Vec<(String, String)> {
        (parts.iter())
            .map(|(p, x)| ((*p).to_owned(), (*x).to_owned()))
            .collect()
    }

    /// The entries of a sitemap, one per line, and its paths.
    fn shown(sitemap: &Remade) -> (String, Vec<&str>) {
        let xml = std::str::from_utf8(&sitemap.xml).unwrap();
        let lines: Vec<&str> = xml.lines().skip(2).collect();
        let paths = sitemap.ends.iter().map(|(p, _)| &**p).collect();
        (lines.join(","), paths)
    }

    #[test]
    fn remade_entries_take_the_place_of_their_paths() {
        let old = Remade::join(
            None,
            &parts(&[("a", "A\n"), ("c", "C\n"), ("d", "D\n"), ("e", "E\n")]),
        );
        assert_eq!(
            shown(&old),
            ("A,C,D,E,</urlset>".to_owned(), vec!["a", "c", "d", "e"])
        );
        // A new path before, between and after the others; one changed, one gone.
        let edit = parts(&[
            ("0", "0\n"),
            ("b", "B\n"),
            ("c", ""),
            ("e", "E2\n"),
            ("f", "F\n"),
        ]);
        let new = Remade::join(Some(&old), &edit);
        let paths = vec!["0", "a", "b", "d", "e", "f"];
        assert_eq!(shown(&new), ("0,A,B,D,E2,F,</urlset>".to_owned(), paths));
        // Where each path ends is where the next begins, after another edit too.
        let again = Remade::join(Some(&new), &parts(&[("d", "D2\nD3\n")]));
        let paths = vec!["0", "a", "b", "d", "e", "f"];
        assert_eq!(
            shown(&again),
            ("0,A,B,D2,D3,E2,F,</urlset>".to_owned(), paths)
        );
        assert!(again.xml[..again.ends[3].1].ends_with(b"D3\n"));
    }
}
