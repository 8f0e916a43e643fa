//! An edit of some Markdown files built again without reading, rendering or verifying the
//! rest of the site: the model is assembled again from the other documents as they were,
//! links and translations are checked again whole (they cost little), and only the pages that
//! show something of the edited documents are rendered, with every site-level file.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::addresses::{
    edited_pages, movable, moved, paths_of, removed, same_addresses, same_sitemap, site_files,
};
use super::Session;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{LinkIndex, Target};
use crate::model::{self, PageId, PageKind, Site, Source};
use crate::output::{self, Known, OutputFile};
use crate::source::{self, Document};
use crate::{link_with, links, model_options, render, translations};

/// What [`Session::rebuild`] made.
#[derive(Debug)]
pub struct Rebuilt {
    /// The files rendered again: the pages the edit changed and every site-level file.
    pub files: Vec<OutputFile>,
    /// The paths of the files the output no longer has.
    pub removed: Vec<String>,
    /// Every diagnostic of the site, as a full build gives them.
    pub diagnostics: Diagnostics,
    /// The pages at another address than before (a new `slug:`): old address → new, from
    /// the root (`/nl/waarden/luister/`).
    pub moved: BTreeMap<String, String>,
    /// The pages that show an edited image or other copied file (which the preview reads
    /// when it is asked for, so nothing is rendered for it), by output path.
    pub showing: Vec<String>,
}

/// An edited Markdown file, by its language folder and its path in it: as it is now, with
/// what reading it said, or `None` when it is gone.
type Edits = BTreeMap<(String, String), Option<(Document, Vec<Diagnostic>)>>;

/// Edited files the site copies (images, downloads), by language folder and path: still there.
type Touched = BTreeSet<(String, String)>;

impl Session {
    /// Builds the site again after the Markdown files among `changed` were edited, added or
    /// deleted, rendering only the pages that show something of them. The other files among
    /// `changed` must be files the site copies, changed in place: the preview reads them when
    /// they are asked for, so they only need the pages that show them listed.
    ///
    /// `None` when the edit needs a full build: another kind of file, a file that cannot be
    /// read, or output that the index of the last verified build cannot vouch for (a full
    /// build then says what is wrong). `Some(Err)` with every diagnostic when the site now has
    /// errors; the session stays as it was, as a failed full build leaves it.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Option<Result<Rebuilt, Diagnostics>> {
        let (edits, touched) = self.read_edits(changed)?;
        let showing = showing(&self.site, &self.links, &touched);
        if edits.is_empty() {
            return Some(Ok(self.showing_only(showing)));
        }
        let mut diags = Diagnostics::new();
        let before_model = self.diagnostics_before_model(&edits);
        diags.extend(before_model.iter().cloned());
        let Some(site) = self.reassemble(edits.clone(), &mut diags) else {
            return Some(Err(diags));
        };
        let keys: BTreeSet<&str> = edits.keys().map(|(_, rel)| rel.as_str()).collect();
        let moved_keys = in_edited_guides(&self.site, &site, &keys);
        let (links, translations) = self.link(&site, (&keys, &moved_keys), &mut diags);
        if diags.has_errors() {
            return Some(Err(diags));
        }
        let counts = self.theme.lists_section_counts();
        let pages = affected(&self.site, &site, &links, (&keys, &moved_keys), counts);
        // Most edits keep every page where it was; only these may have moved.
        let (before, after) = (movable(&self.site, &keys), movable(&site, &keys));
        let same = same_addresses(&self.site, &before, &site, &after);
        let sitemap_kept = same && same_sitemap(&self.site, &site, &after);
        let sitemap = (self.sitemap.as_ref())
            .filter(|_| !sitemap_kept)
            .map(|sitemap| sitemap.remake(&site, &paths_of(&before, &after)));
        let (mut files, render_diags) = render::render_site_with(
            &site,
            &links,
            &self.theme,
            self.render_options,
            &pages,
            false,
            &render::keep,
        )
        .unwrap_or_else(|_| unreachable!("keeping files in memory does not fail"));
        diags.extend(render_diags);
        if diags.has_errors() {
            return Some(Err(diags));
        }
        files.extend(sitemap.as_ref().map(render::sitemap::Sitemap::file));
        let mut new_site_files = site_files(pages.iter().map(|&id| &site.pages[id]), &files);
        if sitemap_kept && self.site_files.contains(render::sitemap::PATH) {
            new_site_files.insert(render::sitemap::PATH.to_owned());
        }
        let removed = removed((&before, &self.site_files), (&after, &new_site_files), same);
        let moved = if same {
            BTreeMap::new()
        } else {
            moved(&self.site, before.iter().copied(), &site)
        };
        let update = self.verified.update(&files, &removed)?;
        self.verified.apply(update);
        self.translations.apply(translations);
        if let (Some(kept), Some(remade)) = (&mut self.sitemap, sitemap) {
            kept.apply(remade);
        }
        for file in &mut files {
            file.known = Known::default();
        }
        self.frame.diagnostics = before_model;
        self.site_files = new_site_files;
        super::drop_aside((
            std::mem::replace(&mut self.site, Arc::new(site)),
            std::mem::replace(&mut self.links, links),
        ));
        self.diagnostics = diags.items().to_vec();
        Some(Ok(Rebuilt {
            files,
            removed,
            diagnostics: diags,
            moved,
            showing,
        }))
    }

    /// What an edit of copied files only makes: nothing but the pages that show them.
    fn showing_only(&self, showing: Vec<String>) -> Rebuilt {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(self.diagnostics.iter().cloned());
        Rebuilt {
            files: Vec::new(),
            removed: Vec::new(),
            diagnostics,
            moved: BTreeMap::new(),
            showing,
        }
    }

    /// The links of `site`, assembled again after the documents at `keys` were edited (which
    /// `moved` the unedited documents of edited guides), and its translations' entries made
    /// again: only what the edit touched.
    fn link(
        &self,
        site: &Site,
        (keys, moved): (&BTreeSet<&str>, &BTreeSet<&str>),
        diags: &mut Diagnostics,
    ) -> (LinkIndex, translations::Remade) {
        let mut remade = None;
        let warnings = || {
            let made = self.translations.redo(site, keys);
            let warnings = self.translations.warnings(site, &made);
            remade = Some(made);
            warnings
        };
        let links = link_with(diags, warnings, || {
            links::resolve_again(site, &self.site, &self.links, keys, moved)
        });
        let remade = remade.unwrap_or_else(|| unreachable!("rayon::join runs both"));
        (links, remade)
    }

    /// The diagnostics of everything before the model after an edit: what reading said of the
    /// other files still holds; the edited files say it anew.
    fn diagnostics_before_model(&self, edits: &Edits) -> Vec<Diagnostic> {
        let edited: BTreeSet<PathBuf> = edits
            .keys()
            .map(|(lang, rel)| Path::new("content").join(lang).join(rel))
            .collect();
        let mut diagnostics: Vec<Diagnostic> = self
            .frame
            .diagnostics
            .iter()
            .filter(|d| {
                d.location
                    .as_ref()
                    .is_none_or(|l| !edited.contains(&l.path))
            })
            .cloned()
            .collect();
        diagnostics.extend(edits.values().flatten().flat_map(|(_, said)| said.clone()));
        diagnostics
    }

    /// Reads the edited Markdown files again, and lists the edited files the site copies.
    /// `None` when a file is neither a Markdown file of a language folder the site has nor a
    /// file it copies that is still there, or cannot be read.
    fn read_edits(&self, changed: &[PathBuf]) -> Option<(Edits, Touched)> {
        let content = self.root.join("content");
        let mut edits = Edits::new();
        let mut touched = Touched::new();
        for path in changed {
            let path = output::absolute(path);
            let rel = path
                .strip_prefix(&content)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            let (lang, rel) = rel.split_once('/')?;
            if !self.frame.language_folders.iter().any(|l| l == lang) {
                return None;
            }
            if !rel.ends_with(".md") {
                let copied = self
                    .frame
                    .assets
                    .iter()
                    .any(|a| a.lang == lang && a.rel == rel);
                let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
                if !copied || !regular {
                    return None;
                }
                touched.insert((lang.to_owned(), rel.to_owned()));
                continue;
            }
            let read = match source::read_one(&self.root, lang, rel) {
                Some(read) => Some(read.ok()?),
                // Not a regular file: gone, unless it is something a full build explains.
                None if std::fs::symlink_metadata(&path).is_ok() => return None,
                None => None,
            };
            edits.insert((lang.to_owned(), rel.to_owned()), read);
        }
        Some((edits, touched))
    }

    /// The site assembled from the documents as the last build had them, but for the edited
    /// ones, in the order `source::read` gives them.
    fn reassemble(&self, edits: Edits, diags: &mut Diagnostics) -> Option<Site> {
        let old = &self.site;
        let edited: HashSet<(&str, &str)> = edits
            .keys()
            .map(|(l, r)| (l.as_str(), r.as_str()))
            .collect();
        let mut documents: Vec<Source> = old
            .docs
            .iter()
            .filter(|d| !edited.contains(&(d.document.lang.as_str(), d.document.rel.as_str())))
            .map(|d| Source::Rendered(Arc::clone(d)))
            .collect();
        let drafts = old
            .drafts
            .iter()
            .filter(|(lang, rel)| {
                !edited.contains(&(old.languages[*lang].tag.as_str(), rel.as_str()))
            })
            .cloned()
            .collect();
        drop(edited);
        for read in edits.into_values() {
            let Some((document, _)) = read else { continue };
            let place = (document.lang.as_str(), document.rel.as_str());
            let at = documents.partition_point(|d| walk_order(place_of(d), place).is_lt());
            documents.insert(at, Source::Read(Box::new(document)));
        }
        model::reassemble(
            old.config.clone(),
            &self.frame.language_folders,
            documents,
            drafts,
            self.frame.assets.clone(),
            model_options(&self.options),
            diags,
        )
    }
}

/// The paths of the pages that show one of the copied files `touched` (or link to it): the
/// pages of the texts that do, in every language, and their guides' whole-guide pages.
fn showing(site: &Site, links: &LinkIndex, touched: &Touched) -> Vec<String> {
    let urls: BTreeSet<&str> = touched
        .iter()
        .filter_map(|(lang, rel)| site.asset(site.lang_id(lang)?, rel))
        .map(|asset| asset.url.as_str())
        .collect();
    if urls.is_empty() {
        return Vec::new();
    }
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    for (i, doc) in site.docs.iter().enumerate() {
        let id = model::DocId::new(i);
        let shows = (0..doc.rendered.links.len()).any(
            |n| matches!(links.target(id, n), Target::Asset(url) if urls.contains(url.as_str())),
        );
        if shows {
            keys.insert(doc.document.rel.as_str());
        }
    }
    let mut pages: BTreeSet<String> = BTreeSet::new();
    for page in site.pages.iter().filter(|p| keys.contains(p.key.as_str())) {
        pages.insert(format!("{}index.html", page.url));
        if let Some(g) = page.guide() {
            pages.insert(format!(
                "{}index.html",
                site.pages[site.guides[g].print].url
            ));
        }
    }
    pages.into_iter().collect()
}

/// The language folder and path of a document.
fn place_of(source: &Source) -> (&str, &str) {
    let document = match source {
        Source::Read(document) => document,
        Source::Rendered(doc) => &doc.document,
    };
    (document.lang.as_str(), document.rel.as_str())
}

/// The order in which `source::read` gives documents: by language folder, then by each
/// folder and file name in turn, as the walk meets them.
fn walk_order(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    a.0.cmp(b.0)
        .then_with(|| a.1.split('/').cmp(b.1.split('/')))
}

/// The pages of `new` whose output an edit of the documents at `keys` may change: their own
/// pages in every language (a fallback page shows the text too), every page of their guides
/// (navigation, the guide page, its checklist and whole-guide pages), the pages of the texts
/// that link to them, and the home and page of checklists of every language whose list of
/// guides changed (with the number of sections of each guide when `counts`: the templates may
/// show it). An edit of a language home or a standalone page (which the header of every page
/// may show) changes every page.
fn affected(
    old: &Site,
    new: &Site,
    links: &LinkIndex,
    (keys, moved): (&BTreeSet<&str>, &BTreeSet<&str>),
    counts: bool,
) -> Vec<PageId> {
    let everywhere = [old, new].iter().any(|site| {
        pages_of(site, keys.iter().copied())
            .any(|id| matches!(site.pages[id].kind, PageKind::Home(_) | PageKind::Page(_)))
    });
    if everywhere {
        return PageId::all(new.pages.len()).collect();
    }
    // The texts that link to an edited document, or to a section its guide's edited
    // `_index.md` may have moved: a link to it may change with it (its URL, its anchors).
    let targets: BTreeSet<&str> = keys.union(moved).copied().collect();
    let linking: BTreeSet<&str> = (links.linking_to(&targets).into_iter())
        .map(|doc| new.docs[doc].document.rel.as_str())
        .collect();
    let linking_guides: BTreeSet<&str> =
        linking.iter().filter_map(|k| model::guide_key(k)).collect();
    let mut pages = edited_pages(new, keys);
    pages.extend(pages_of(new, linking.iter().copied()));
    for guide in &new.guides {
        if linking_guides.contains(guide.key.as_str()) {
            // The whole-guide and checklist pages show the text of every section.
            pages.push(guide.print);
            pages.extend(guide.checklist);
        }
    }
    // Language homes and pages of checklists list the guides.
    for (lang, contents) in new.sections_of.iter().enumerate() {
        let same = old.sections_of.len() == new.sections_of.len()
            && guide_listing(old, lang, counts).eq(guide_listing(new, lang, counts));
        if !same {
            pages.push(contents.home);
            pages.push(contents.checklists);
        }
    }
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// The paths of the sections of the guides whose `_index.md` is among `keys` and whose
/// address changed (a new `slug:`), in the sites before and after the edit, but those among
/// `keys`: the slug of a guide is in the address of each of its sections, and of the files
/// beside them.
fn in_edited_guides<'s>(old: &'s Site, new: &'s Site, keys: &BTreeSet<&str>) -> BTreeSet<&'s str> {
    let url = |site: &'s Site, lang, key: &str| site.page(lang, key).map(|p| &site.pages[p].url);
    let moved_guide = |folder: &&str| {
        let key = format!("{folder}/_index.md");
        old.lang_ids()
            .any(|lang| url(old, lang, &key) != url(new, lang, &key))
    };
    let indexes: BTreeSet<&str> = (keys.iter())
        .filter_map(|k| k.strip_suffix("/_index.md"))
        .filter(moved_guide)
        .collect();
    let mut moved = BTreeSet::new();
    for site in [old, new] {
        for guide in site
            .guides
            .iter()
            .filter(|g| indexes.contains(g.key.as_str()))
        {
            let sections = guide.sections.iter().map(|&s| site.pages[s].key.as_str());
            moved.extend(sections.filter(|k| !keys.contains(k)));
        }
    }
    moved
}

/// The pages of `keys` in every language of `site`.
pub(super) fn pages_of<'a>(
    site: &'a Site,
    keys: impl Iterator<Item = &'a str> + Clone + 'a,
) -> impl Iterator<Item = PageId> + 'a {
    site.lang_ids()
        .flat_map(move |lang| keys.clone().filter_map(move |key| site.page(lang, key)))
}

/// What the home and the page of checklists of a language show of each of its guides, in
/// order; the number of its sections only with `counts`.
fn guide_listing(
    site: &Site,
    lang: usize,
    counts: bool,
) -> impl Iterator<Item = impl PartialEq + '_> + '_ {
    site.sections_of[lang].guides.iter().map(move |&g| {
        let guide = &site.guides[g];
        let page = &site.pages[guide.page];
        let description = site
            .doc_of(guide.page)
            .and_then(|d| d.document.front.description.as_deref());
        let checklist = guide.checklist.map(|c| {
            let checklist = &site.pages[c];
            (&checklist.title, &checklist.url, guide.items.len())
        });
        let sections = counts.then_some(guide.sections.len());
        (&page.title, description, &page.url, sections, checklist)
    })
}
