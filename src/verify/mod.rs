//! The output verified before it is published.
//!
//! Every internal `href`, `src`, `srcset` and `poster` of every generated HTML page must lead
//! to a file of the output, every `#fragment` to an element id in it, and no page may hold two
//! elements with one id. A miss is either a mistake in the content or the templates that the
//! earlier stages did not see, or a bug in leidraad; either way it is an error, and the build
//! publishes nothing.
//!
//! Each page is scanned once, while it is still in memory, on the worker that rendered it
//! ([`Verifier::see`]), before the sink writes it. The scan ([`scan`]) is not a parser: it
//! visits only the `<` and `=` of the page (found 32 bytes at a time, [`Marks`]); a `=` after
//! a name it reads (`href`, `id`, …) is taken as an attribute once its tag, read from its `<`
//! with quotes, confirms it. Comments and the text of `<script>`, `<style>` and the other
//! raw-text elements are skipped, so that a URL in JavaScript, JSON or a comment is not taken
//! for a link, nor `id=x` in text or in another attribute's value.
//!
//! It keeps hashes, not strings: per page the 64-bit hashes of its ids (an [`IdSet`]); for
//! the whole site each distinct link, keyed without resolving it by its lead (the folder it is
//! relative to and the rest of the URL up to its `#`) and its fragment ([`Link`]), with the
//! first page (in path order) that has it. A bare `#fragment` is checked at once against the
//! page's own ids; every other link when all files have been seen ([`Verifier::finish`]), each
//! distinct lead resolved once for all the fragments that follow it.
//!
//! URLs are resolved as a browser would: relative to the page's path (or its `<base href>`),
//! `.` and `..` segments removed, the query left out, `%XX` decoded, a folder meaning its
//! `index.html`. A URL with a scheme, `//host`, `mailto:` and the like is not the site's,
//! except one that starts with the site's `base_url` (canonical and alternate links, and the
//! links of `404.html`), which is verified like a relative one. `404.html`, which hosts serve
//! at any path, is verified as the page at the root of the output that it is.

mod count;
mod ids;
mod index;
mod marks;
mod page;
mod report;
mod resolve;
mod scan;
mod tag;
mod text;

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use foldhash::HashMap;
use memchr::{memchr, memmem};
use rayon::prelude::*;
use std::collections::hash_map::Entry;

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::output::{Contents, Known, KnownPart, Labelled, OutputFile};

/// How many problems are reported one by one; the rest are counted in one more error.
const REPORTED: usize = 50;

/// Shards of the map of links to other files that [`Index`] keeps, which `finish` and `serve`
/// check in parallel.
const SHARDS: usize = 16;

/// Collects what the pages link to and what they hold while they are rendered, from many
/// threads at once.
pub struct Verifier {
    site: SiteBase,
    /// Every file of the output, by the hash of its path: pages with the hashes of their ids.
    files: Mutex<Vec<(u64, Ids)>>,
    /// The keys of each page's links, by the hash of its path, when they are kept for `serve`
    /// ([`Verifier::keeping_links`]).
    page_links: Option<Mutex<Vec<(u64, Keys)>>>,
    /// Links to other files by [`Link::key`], each with the first page that has it and the
    /// number of the last page that counted it: one map for each worker of rayon's pool that
    /// calls [`Verifier::see`] (and the last one for any other thread), so that they never
    /// wait for each other; [`Verifier::finish`] merges them.
    links: Box<[Mutex<Counted>]>,
    /// How many pages have been seen: each page's number.
    pages: AtomicU32,
    problems: Mutex<Vec<Problem>>,
}

/// The hashes of the ids (and `<a name>`s) of an HTML page; `None` for other files.
type Ids = Option<IdSet>;

/// Links to other files by [`Link::key`], each with the first page that has it and the
/// number of the last page that counted it.
type Counted = HashMap<(u64, u64), (Referrer, u32)>;

/// The keys ([`Link::key`]) of the links of a page, each once.
type Keys = Box<[(u64, u64)]>;

/// The first page, in path order, with a link, the link as written there, and how many pages
/// have it. Kept for each distinct link until `finish` (by `serve`, for as long as it runs):
/// small, so that the maps of links stay small.
#[derive(Clone, Debug)]
struct Referrer {
    page: Arc<Doc>,
    href: Box<[u8]>,
    pages: u32,
    /// The hash of the path of the file it leads to, kept by `serve` to check again only the
    /// links to a file that lost an id; [`ANYWHERE`] when not known (checked again whenever
    /// any file loses one), [`OUTSIDE`] when it leads out of the output (never again).
    target: u64,
}

impl Referrer {
    /// The document the link is relative to: the page's `<base href>`, or the page.
    fn doc(&self) -> &[u8] {
        self.page
            .base
            .as_deref()
            .unwrap_or(self.page.path.as_bytes())
    }
}

// Every distinct link of the output has one, in a map per worker and then in a shard.
const _: () = assert!(std::mem::size_of::<Referrer>() <= 40);

/// A page that has links, as its links' [`Referrer`]s share it.
#[derive(Debug)]
struct Doc {
    path: Arc<str>,
    /// The document its links are relative to when it is not the page: its `<base href>`.
    base: Option<Box<[u8]>>,
}

impl Doc {
    fn new(path: &Arc<str>, base: Option<&[u8]>) -> Arc<Doc> {
        Arc::new(Doc {
            path: path.clone(),
            base: base.map(Into::into),
        })
    }
}

/// The [`Referrer::target`] of a link checked again whenever a file or an id goes away.
const ANYWHERE: u64 = 0;

/// The [`Referrer::target`] of a link out of the output, which no edit breaks.
const OUTSIDE: u64 = u64::MAX;

/// The [`Referrer::target`] of a link to the file at `path`: the hash of the path, kept clear
/// of [`ANYWHERE`] and [`OUTSIDE`]. Two paths may share a target; a link is then checked again
/// when either loses an id, never less often than it must be.
fn file_target(path: &[u8]) -> u64 {
    hash_path(path).clamp(ANYWHERE + 1, OUTSIDE - 1)
}

/// The files of a verified output and the ids of its pages, kept by `serve` to verify the
/// pages it re-renders after an edit.
#[derive(Debug, Default)]
pub struct Index {
    site: SiteBase,
    files: HashMap<u64, Ids>,
    /// The keys of each page's links, when the verifier kept them.
    page_links: HashMap<u64, Keys>,
    /// Every distinct link of the output, with the first page that has it and how many do,
    /// in [`SHARDS`] shards: to check again after an edit took a file or an
    /// id away.
    links: Vec<HashMap<(u64, u64), Referrer>>,
}

/// One thing wrong with the output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The output page, from the output root.
    pub page: Arc<str>,
    /// What is wrong.
    pub kind: ProblemKind,
    /// How many other pages have the same broken link.
    pub also: u32,
}

/// What is wrong with a page of the output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// A link, image or other URL leads to no file of the output.
    MissingFile { href: Box<str>, target: Box<str> },
    /// A link's fragment names no element of its target.
    MissingId {
        href: Box<str>,
        target: Box<str>,
        id: Box<str>,
    },
    /// A relative URL climbs out of the output folder.
    AboveRoot { href: Box<str> },
    /// Two or more elements of the page have the same id.
    DuplicateId { id: Box<str>, count: usize },
}

/// The site's own address, so that absolute URLs into it are verified too.
#[derive(Clone, Debug, Default)]
struct SiteBase {
    /// `base_url`, ending in `/`: `https://example.org/guidance/`.
    url: Option<Vec<u8>>,
    /// Its path: `/guidance/`; root-absolute URLs outside it are not the site's.
    path: Option<Vec<u8>>,
}

impl SiteBase {
    fn new(base_url: Option<&str>) -> SiteBase {
        let Some(url) = base_url.filter(|u| !u.is_empty()) else {
            return SiteBase::default();
        };
        let url = if url.ends_with('/') {
            url.to_owned()
        } else {
            format!("{url}/")
        };
        let path = url.split_once("://").and_then(|(_, rest)| {
            rest.find('/')
                .map(|slash| rest.as_bytes()[slash..].to_vec())
        });
        SiteBase {
            url: Some(url.into_bytes()),
            path,
        }
    }
}

/// A link of a page to another file, or to itself other than by a bare `#fragment`.
///
/// Resolving a URL costs more than looking it up, and most links of a page are also on many
/// others: the pages of one folder link to their siblings by the same `../x/`. So a link is
/// keyed by what it means without being resolved: the folder it is relative to (after the
/// `../` it starts with; the document itself for a URL that starts with its query) and the
/// rest of the URL as written up to its `#`, or the output root and the URL without
/// `base_url` (its lead), and its fragment. Each lead is resolved once,
/// when every file has been seen: a checklist links to one section by many fragments.
struct Link<'h, 'd> {
    key: (u64, u64),
    /// The document the URL is relative to when it is not the page: its `<base href>`.
    base: Option<&'d [u8]>,
    /// The URL as written, still HTML-escaped.
    href: &'h [u8],
}

impl Verifier {
    /// A verifier for a site at `base_url` (if it has one).
    pub fn new(base_url: Option<&str>) -> Verifier {
        Verifier {
            site: SiteBase::new(base_url),
            files: Mutex::new(Vec::new()),
            page_links: None,
            links: (0..=rayon::current_num_threads())
                .map(|_| Mutex::new(HashMap::default()))
                .collect(),
            pages: AtomicU32::new(0),
            problems: Mutex::new(Vec::new()),
        }
    }

    /// A verifier that also keeps which links each page has, so that the [`Index`] it makes
    /// can verify an edit that takes a file or an id away ([`Index::update`]).
    pub fn keeping_links(base_url: Option<&str>) -> Verifier {
        Verifier {
            page_links: Some(Mutex::new(Vec::new())),
            ..Verifier::new(base_url)
        }
    }

    /// Records one output file, and scans it when it is an HTML page leidraad made. Call it
    /// for every file of the output, before the file is let go.
    pub fn see(&self, file: &OutputFile) {
        let hash = hash_path(file.path.as_bytes());
        let html = match &file.contents {
            Contents::Bytes(bytes) if is_html(&file.path) => bytes,
            _ => {
                lock(&self.files).push((hash, None));
                return;
            }
        };
        let page: Arc<str> = Arc::from(file.path.as_str());
        let number = self.pages.fetch_add(1, Ordering::Relaxed);
        let mut problems = Vec::new();
        let mut keys = Vec::new();
        let mut doc: Option<Arc<Doc>> = None;
        let worker = rayon::current_thread_index()
            .filter(|&i| i + 1 < self.links.len())
            .unwrap_or(self.links.len() - 1);
        let mut map = lock(&self.links[worker]);
        let ids = check_page(
            &page,
            html,
            &file.known,
            &self.site,
            &mut problems,
            |link| {
                let doc = doc.get_or_insert_with(|| Doc::new(&page, link.base));
                if count(&mut map, &link, doc, number) && self.page_links.is_some() {
                    keys.push(link.key);
                }
            },
        );
        drop(map);
        lock(&self.files).push((hash, Some(ids)));
        if !problems.is_empty() {
            lock(&self.problems).extend(problems);
        }
        if let Some(page_links) = &self.page_links {
            lock(page_links).push((hash, keys.into()));
        }
    }

    /// Checks every link to another file against the files seen. Returns the index of the
    /// output and every problem, sorted, one per broken target.
    pub fn finish(self) -> (Index, Vec<Problem>) {
        let files: HashMap<u64, Ids> = self
            .files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .into_iter()
            .collect();
        let keeping = self.page_links.is_some();
        let page_links = self.page_links.map_or_else(HashMap::default, |links| {
            links
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner)
                .into_iter()
                .collect()
        });
        let mut index = Index {
            site: self.site,
            files,
            page_links,
            links: Vec::new(),
        };
        let mut problems = self
            .problems
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut shards = merge(self.links);
        let found: Vec<Vec<Problem>> = shards
            .par_iter_mut()
            .map(|shard| {
                let mut buf = Vec::new();
                // Where each lead goes: one file for many fragments.
                let mut leads: HashMap<u64, Lead> = HashMap::default();
                shard
                    .iter_mut()
                    .filter_map(|(&(lead, fragment), first)| {
                        if keeping {
                            first.target = index.target(first, &mut buf);
                        }
                        let goes = *leads
                            .entry(lead)
                            .or_insert_with(|| index.lead(first, &mut buf));
                        if goes.finds(fragment, &first.href) {
                            return None;
                        }
                        let kind = index.check(first, &mut buf)?;
                        Some(Problem {
                            page: first.page.path.clone(),
                            kind,
                            also: first.pages - 1,
                        })
                    })
                    .collect()
            })
            .collect();
        index.links = shards;
        problems.extend(found.into_iter().flatten());
        // A missing file is one problem, however many links lead to it: the one of the first
        // page.
        let missing = |p: &Problem| match &p.kind {
            ProblemKind::MissingFile { target, .. } => Some(target.clone()),
            _ => None,
        };
        problems.sort_by(|a, b| (missing(a), a).cmp(&(missing(b), b)));
        problems.dedup_by(|b, a| {
            let same = missing(a).is_some() && missing(a) == missing(b);
            if same {
                // Pages may link to it in several ways: not added up.
                a.also = a.also.max(b.also);
            }
            same
        });
        problems.sort();
        (index, problems)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

fn lossy(bytes: &[u8]) -> Box<str> {
    String::from_utf8_lossy(bytes).into()
}

/// The hash of an output path.
fn hash_path(path: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x6c65_6964_7261_6164).hash_one(path)
}

/// The hash of an id, or of a fragment that names one.
fn hash_id(id: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x7665_7269_6679).hash_one(id)
}

/// The hash of what a URL leads to but for its fragment: the hash of the folder it is relative
/// to and the rest of it up to its `#`.
fn hash_lead(folder: u64, path: &[u8]) -> u64 {
    folder ^ foldhash::fast::FixedState::with_seed(0x6c69_6e6b).hash_one(path)
}

/// The second half of the key of a link without a fragment (or with an empty one); the key of
/// one with a fragment has the fragment's [`hash_id`] there.
const NO_FRAGMENT: u64 = 0;

/// The shard of a link: by its lead alone, so that the links to one file from one folder,
/// whatever their fragments, are in one shard, and `finish` resolves the file once for all.
fn shard((lead, _): (u64, u64)) -> usize {
    // The low bits of foldhash's hashes are as good as the high ones.
    (lead % SHARDS as u64) as usize
}

/// Whether a page with these ids has the element a fragment names: the fragment as written,
/// or percent-decoded; `top` is the top of any page (HTML's "indicated part of the document").
fn has_id(ids: &IdSet, fragment: &[u8]) -> bool {
    let found = |id: &[u8]| ids.contains(hash_id(id));
    if found(fragment) {
        return true;
    }
    let decoded = percent_decode(fragment);
    (decoded != fragment && found(&decoded))
        || decoded.eq_ignore_ascii_case(b"top")
        // A text fragment (`#:~:text=…`) highlights text, not an element.
        || fragment.starts_with(b":~:")
}

#[cfg(test)]
mod tests;

use count::*;
use ids::IdSet;
use index::Lead;
pub use index::Update;
use marks::*;
use page::*;
pub use report::diagnostics;
use resolve::*;
use scan::*;
use tag::*;
use text::*;
