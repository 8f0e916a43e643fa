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
//! It keeps hashes, not strings: per page the sorted 64-bit hashes of its ids; for the whole
//! site each distinct link, keyed without resolving it by the folder it is relative to and
//! the rest of the URL ([`Link`]), with the first page (in path order) that has it. A bare
//! `#fragment` is checked at once against the page's own ids; every other link when all
//! files have been seen ([`Verifier::finish`]), each distinct one resolved once.
//!
//! URLs are resolved as a browser would: relative to the page's path (or its `<base href>`),
//! `.` and `..` segments removed, the query left out, `%XX` decoded, a folder meaning its
//! `index.html`. A URL with a scheme, `//host`, `mailto:` and the like is not the site's,
//! except one that starts with the site's `base_url` (canonical and alternate links, and the
//! links of `404.html`), which is verified like a relative one. `404.html`, which hosts serve
//! at any path, is verified as the page at the root of the output that it is.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use foldhash::HashMap;
use memchr::{memchr, memmem};
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::output::{Contents, OutputFile};

/// How many problems are reported one by one; the rest are counted in one more error.
const REPORTED: usize = 50;

/// Shards of the map of links to other files, so that the workers rarely wait for each other.
const SHARDS: usize = 16;

/// Collects what the pages link to and what they hold while they are rendered, from many
/// threads at once.
pub struct Verifier {
    site: SiteBase,
    /// Every file of the output, by the hash of its path: pages with the hashes of their ids.
    files: Mutex<Vec<(u64, Ids)>>,
    /// Links to other files by [`Link::key`], each with the first page that has it.
    links: [Mutex<HashMap<(u64, u64), Referrer>>; SHARDS],
    problems: Mutex<Vec<Problem>>,
}

/// The sorted hashes of the ids (and `<a name>`s) of an HTML page; `None` for other files.
type Ids = Option<Box<[u64]>>;

/// The first page, in path order, with a link, the link as written there, and how many pages
/// have it.
#[derive(Debug)]
struct Referrer {
    page: Arc<str>,
    /// The document the link is relative to when it is not the page: its `<base href>`.
    base: Option<Box<[u8]>>,
    href: Box<[u8]>,
    pages: u32,
}

/// The files of a verified output and the ids of its pages, kept by `serve` to verify the
/// pages it re-renders after an edit.
#[derive(Debug, Default)]
pub struct Index {
    site: SiteBase,
    files: HashMap<u64, Ids>,
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
/// `../` it starts with) and the rest of the URL as written, or the output root and the URL
/// without `base_url`. Each key is resolved once, when every file has been seen.
struct Link<'h, 'd> {
    key: (u64, u64),
    /// The document the URL is relative to: the page, or its `<base href>`.
    doc: &'d [u8],
    /// The URL as written, still HTML-escaped.
    href: &'h [u8],
}

impl Verifier {
    /// A verifier for a site at `base_url` (if it has one).
    pub fn new(base_url: Option<&str>) -> Verifier {
        Verifier {
            site: SiteBase::new(base_url),
            files: Mutex::new(Vec::new()),
            links: std::array::from_fn(|_| Mutex::new(HashMap::default())),
            problems: Mutex::new(Vec::new()),
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
        let mut problems = Vec::new();
        let mut links: Vec<(usize, (u64, u64), &[u8])> = Vec::with_capacity(128);
        let mut base: Option<Box<[u8]>> = None;
        let ids = check_page(&page, html, &self.site, &mut problems, |link| {
            if links.is_empty() && link.doc != page.as_bytes() {
                base = Some(link.doc.into());
            }
            links.push((shard(link.key), link.key, link.href));
        });
        lock(&self.files).push((hash, Some(ids)));
        if !problems.is_empty() {
            lock(&self.problems).extend(problems);
        }
        // Once per key, and one lock per shard.
        links.sort_unstable_by_key(|&(shard, key, _)| (shard, key));
        links.dedup_by_key(|&mut (_, key, _)| key);
        for run in links.chunk_by(|a, b| a.0 == b.0) {
            let mut map = lock(&self.links[run[0].0]);
            for &(_, key, href) in run {
                match map.get_mut(&key) {
                    Some(first) => {
                        first.pages = first.pages.saturating_add(1);
                        if *page < *first.page {
                            first.page = page.clone();
                            first.href = href.into();
                            first.base = base.clone();
                        }
                    }
                    None => {
                        map.insert(
                            key,
                            Referrer {
                                page: page.clone(),
                                base: base.clone(),
                                href: href.into(),
                                pages: 1,
                            },
                        );
                    }
                }
            }
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
        let index = Index {
            site: self.site,
            files,
        };
        let mut problems = self
            .problems
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let found: Vec<Vec<Problem>> = self
            .links
            .into_par_iter()
            .map(|shard| {
                let mut buf = Vec::new();
                shard
                    .into_inner()
                    .unwrap_or_else(PoisonError::into_inner)
                    .into_values()
                    .filter_map(|first| {
                        let doc = first.base.as_deref().unwrap_or(first.page.as_bytes());
                        let kind = index.check(doc, &first.href, &mut buf)?;
                        Some(Problem {
                            page: first.page,
                            kind,
                            also: first.pages - 1,
                        })
                    })
                    .collect()
            })
            .collect();
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

impl Index {
    /// Verifies a page rendered again after an edit, against the rest of the output as it was
    /// verified. `false` when a link of the page is broken, two of its elements share an id,
    /// or its ids are not those the rest of the output was verified against.
    pub fn verify_again(&self, file: &OutputFile) -> bool {
        let hash = hash_path(file.path.as_bytes());
        let html = match &file.contents {
            Contents::Bytes(bytes) if is_html(&file.path) => bytes,
            _ => return self.files.contains_key(&hash),
        };
        let page: Arc<str> = Arc::from(file.path.as_str());
        let mut problems = Vec::new();
        let mut broken = false;
        let mut buf = Vec::new();
        let ids = check_page(&page, html, &self.site, &mut problems, |link| {
            broken |= self.check(link.doc, link.href, &mut buf).is_some();
        });
        !broken
            && problems.is_empty()
            && matches!(self.files.get(&hash), Some(Some(old)) if *old == ids)
    }

    /// What is wrong with a URL written in the document `doc`, if anything.
    fn check(&self, doc: &[u8], written: &[u8], buf: &mut Vec<u8>) -> Option<ProblemKind> {
        let url = clean(written);
        let fragment = match resolve(doc, &url, &self.site, buf) {
            Dest::Outside => return None,
            Dest::AboveRoot => return Some(ProblemKind::AboveRoot { href: lossy(&url) }),
            Dest::File { fragment } => fragment,
        };
        let found = match self.files.get(&hash_path(buf)) {
            Some(found) => found,
            // A folder's URL without its final `/` finds its `index.html` (web servers
            // redirect such a URL to the folder).
            None => match self
                .files
                .get(&hash_path(&[&buf[..], b"/index.html"].concat()))
            {
                Some(found) => found,
                None => {
                    return Some(ProblemKind::MissingFile {
                        href: lossy(&url),
                        target: lossy(buf),
                    })
                }
            },
        };
        match (found, fragment) {
            (Some(ids), Some(fragment)) if !has_id(ids, fragment) => Some(ProblemKind::MissingId {
                href: lossy(&url),
                target: lossy(buf),
                id: lossy(fragment),
            }),
            // Only HTML pages have ids: a fragment of an image or a feed is not checked.
            _ => None,
        }
    }
}

/// Turns problems into diagnostics. Each names the output page and, where the page shows a
/// document, that document, at the place where the link or id is written when it is found
/// there. Problems with the same URL as written (or the same id) on several pages most often
/// come from one template: they are one error, naming the first page and counting the others.
pub fn diagnostics(problems: &[Problem], site: &Site) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    let docs: HashMap<String, usize> = site
        .pages
        .iter()
        .filter_map(|p| p.doc.map(|d| (format!("{}index.html", p.url), d)))
        .collect();
    // Groups in the order of their first problem: (first, how many).
    let mut groups: Vec<(&Problem, usize)> = Vec::new();
    let mut group_of: HashMap<(u8, &str), usize> = HashMap::default();
    for problem in problems {
        let key = match &problem.kind {
            ProblemKind::MissingFile { href, .. } => (0, &**href),
            ProblemKind::MissingId { href, .. } => (1, &**href),
            ProblemKind::AboveRoot { href } => (2, &**href),
            ProblemKind::DuplicateId { id, .. } => (3, &**id),
        };
        let pages = 1 + problem.also as usize;
        match group_of.get(&key) {
            Some(&g) => groups[g].1 += pages,
            None => {
                group_of.insert(key, groups.len());
                groups.push((problem, pages));
            }
        }
    }
    let mut out: Vec<Diagnostic> = groups
        .iter()
        .take(REPORTED)
        .map(|&(problem, count)| diagnostic(problem, count - 1, &docs, site))
        .collect();
    if groups.len() > REPORTED {
        out.push(
            Diagnostic::error(
                "output-unverified",
                format!(
                    "{} more problems in the output are not shown; the first {REPORTED} are above",
                    groups.len() - REPORTED
                ),
            )
            .help("correct those above and build again: one mistake in a template often breaks many pages"),
        );
    }
    out
}

/// The error for one problem, seen on `others` more pages.
fn diagnostic(
    problem: &Problem,
    others: usize,
    docs: &HashMap<String, usize>,
    site: &Site,
) -> Diagnostic {
    let page = &*problem.page;
    let and_others = match others {
        0 => String::new(),
        1 => " (and 1 more page)".to_owned(),
        n => format!(" (and {n} more pages)"),
    };
    let (code, message, why, needles) = match &problem.kind {
        ProblemKind::MissingFile { href, target } => (
            "output-broken-link",
            format!(
                "the page `{page}`{and_others} links to `{href}`, but the output has no file `{target}`"
            ),
            "a link in the output must lead to a file the build writes",
            vec![href.to_string()],
        ),
        ProblemKind::MissingId { href, target, id } => (
            "output-broken-anchor",
            if **target == *page {
                format!(
                    "the page `{page}`{and_others} links to `{href}`, but has no element with the id `{id}`"
                )
            } else {
                format!(
                    "the page `{page}`{and_others} links to `{href}`, but `{target}` has no element with the id `{id}`"
                )
            },
            "a `#fragment` in the output must name an element of its page",
            vec![href.to_string(), format!("{{#{id}}}")],
        ),
        ProblemKind::AboveRoot { href } => (
            "output-broken-link",
            format!(
                "the page `{page}`{and_others} links to `{href}`, which leads out of the output folder"
            ),
            "a link in the output must lead to a file the build writes",
            vec![href.to_string()],
        ),
        ProblemKind::DuplicateId { id, count } => (
            "output-duplicate-id",
            format!("the page `{page}`{and_others} has {count} elements with the id `{id}`"),
            "an id must be unique within a page, or links to it all land on the first",
            vec![
                format!("{{#{id}}}"),
                format!("id=\"{id}\""),
                format!("id='{id}'"),
            ],
        ),
    };
    let src = docs.get(page).map(|&d| &site.docs[d].document.src);
    let written = src.and_then(|src| {
        needles.iter().find_map(|n| {
            memmem::find(src.text.as_bytes(), n.as_bytes()).map(|at| at..at + n.len())
        })
    });
    let help = match (src, &written) {
        (_, Some(_)) => format!(
            "{why}: correct it in this file. If it is right here, leidraad wrote it wrongly: that is a bug in leidraad, please report it. Nothing was published."
        ),
        (Some(src), None) => format!(
            "{why}. It is not written in `{}`, which the page shows: it comes from a template of `templates/` (correct it there) or from leidraad itself (a bug, please report it). Nothing was published.",
            crate::diagnostics::display_path(&src.path)
        ),
        (None, None) => format!(
            "{why}. It comes from a template of `templates/` (correct it there) or from leidraad itself (a bug, please report it). Nothing was published."
        ),
    };
    let d = Diagnostic::error(code, message).help(help);
    match (src, written) {
        (Some(src), Some(range)) => d.at_range(src, range),
        (Some(src), None) => d.in_file(&src.path),
        (None, _) => d,
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

/// The hash of the rest of a URL, after the folder it is relative to.
fn hash_rest(rest: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x6c69_6e6b).hash_one(rest)
}

fn shard((folder, rest): (u64, u64)) -> usize {
    // The low bits of foldhash's hashes are as good as the high ones.
    ((folder ^ rest.rotate_left(17)) % SHARDS as u64) as usize
}

/// Whether a page with these ids has the element a fragment names: the fragment as written,
/// or percent-decoded; `top` is the top of any page (HTML's "indicated part of the document").
fn has_id(ids: &[u64], fragment: &[u8]) -> bool {
    let found = |id: &[u8]| ids.binary_search(&hash_id(id)).is_ok();
    if found(fragment) {
        return true;
    }
    let decoded = percent_decode(fragment);
    (decoded != fragment && found(&decoded))
        || decoded.eq_ignore_ascii_case(b"top")
        // A text fragment (`#:~:text=…`) highlights text, not an element.
        || fragment.starts_with(b":~:")
}

/// Scans one page: records its duplicate ids and its broken `#fragment` links in `problems`,
/// hands every other link to `other`, and returns the sorted hashes of the ids (and
/// `<a name>`s) it holds.
fn check_page<'h>(
    page: &Arc<str>,
    html: &'h [u8],
    site: &SiteBase,
    problems: &mut Vec<Problem>,
    mut other: impl FnMut(Link<'h, '_>),
) -> Box<[u64]> {
    let mut ids: Vec<u64> = Vec::with_capacity(64);
    let mut names: Vec<u64> = Vec::new();
    let mut urls: Vec<(Attr, &[u8])> = Vec::with_capacity(128);
    let mut base: Option<&[u8]> = None;
    scan(html, |attr, value| match attr {
        Attr::Id if !value.is_empty() => ids.push(hash_id(&unescape(value))),
        Attr::Id => {}
        Attr::Name => names.push(hash_id(&unescape(value))),
        Attr::Base => {
            base.get_or_insert(value);
        }
        _ => urls.push((attr, value)),
    });
    ids.sort_unstable();
    if ids.windows(2).any(|pair| pair[0] == pair[1]) {
        duplicate_ids(page, html, problems);
    }
    ids.extend(names);
    ids.sort_unstable();
    ids.dedup();

    // The document links are relative to: the page, or its `<base href>`, which changes what
    // every relative URL of the page, `#x` included, means.
    let mut doc: Cow<'_, [u8]> = Cow::Borrowed(page.as_bytes());
    let mut salt = 0;
    if let Some(base) = base {
        let mut buf = Vec::new();
        match resolve(page.as_bytes(), &clean(base), site, &mut buf) {
            Dest::File { .. } => {
                // Links relative to a base are keyed apart from the same links of a page
                // without one: `?q` means another document.
                salt = hash_path(&buf) | 1;
                doc = Cow::Owned(buf);
            }
            // The page's links are relative to another site, or to nowhere: not verifiable.
            Dest::Outside | Dest::AboveRoot => return ids.into_boxed_slice(),
        }
    }
    // The hashes of the document's folder and of each folder above it, up to the output root.
    let slashes: Vec<usize> = doc
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c == b'/')
        .map(|(i, _)| i + 1)
        .rev()
        .chain([0])
        .collect();
    let folders: Vec<u64> = slashes
        .iter()
        .map(|&end| hash_path(&doc[..end]) ^ salt)
        .collect();
    let root = folders.len() - 1;

    let mut link = |url: &'h [u8]| {
        let Some(&first) = url.first() else { return };
        if first == b'#' && salt == 0 {
            // Within the page.
            let fragment = &url[1..];
            if !fragment.is_empty()
                && ids.binary_search(&hash_id(fragment)).is_err()
                && !has_id(&ids, &unescape(fragment))
            {
                problems.push(Problem {
                    page: page.clone(),
                    kind: ProblemKind::MissingId {
                        href: lossy(url),
                        target: (**page).into(),
                        id: lossy(&unescape(fragment)),
                    },
                    also: 0,
                });
            }
            return;
        }
        let (folder, rest) = match relative_to(url, site) {
            Some(Base::Root(rest)) => (root, rest),
            Some(Base::Doc) => {
                // `../` up to the root; `./` stays.
                let mut rest = url;
                let mut up = 0;
                loop {
                    if let Some(r) = rest.strip_prefix(b"../") {
                        rest = r;
                        up += 1;
                    } else if let Some(r) = rest.strip_prefix(b"./") {
                        rest = r;
                    } else {
                        break;
                    }
                }
                if up > root || rest.first().is_some_and(|&c| c == b'/' || c == b'\\') {
                    // Out of the output folder, or something odd: keyed as written, and
                    // found out when it is resolved.
                    (0, url)
                } else {
                    (up, rest)
                }
            }
            None => return,
        };
        other(Link {
            key: (folders[folder], hash_rest(rest)),
            doc: &doc,
            href: url,
        });
    };
    for (attr, value) in urls {
        if attr == Attr::Srcset {
            for candidate in srcset(value) {
                link(candidate);
            }
        } else {
            link(value);
        }
    }
    ids.into_boxed_slice()
}

/// What a URL as written is relative to, without resolving it.
enum Base<'u> {
    /// The document's folder.
    Doc,
    /// The output root: the URL is absolute, under `base_url` or its path, and this is the
    /// rest of it.
    Root(&'u [u8]),
}

/// What a URL is relative to; `None` when it is not the site's (another site, `mailto:`,
/// `data:`, `//host`) or nothing (empty, a bare `#`). Only a URL that starts like an absolute
/// one is looked at closely; anything odd is left to [`resolve`].
fn relative_to<'u>(url: &'u [u8], site: &SiteBase) -> Option<Base<'u>> {
    match url.first() {
        None => None,
        Some(b'#') if url.len() == 1 => None,
        Some(b'/') => {
            if matches!(url.get(1), Some(b'/' | b'\\')) {
                return None;
            }
            match site.path.as_deref() {
                Some(base) => under(url, base).map(Base::Root),
                None => Some(Base::Root(&url[1..])),
            }
        }
        Some(c) if c.is_ascii_alphabetic() && has_scheme(url) => site
            .url
            .as_deref()
            .and_then(|base| under(url, base))
            .map(Base::Root),
        Some(_) => Some(Base::Doc),
    }
}

/// The rest of `url` after `base` (which ends in `/`), when it starts with it; `base` without
/// its `/` is the root itself.
fn under<'u>(url: &'u [u8], base: &[u8]) -> Option<&'u [u8]> {
    match url.strip_prefix(base) {
        Some(rest) => Some(rest),
        None => {
            let end = url
                .iter()
                .position(|&c| c == b'?' || c == b'#')
                .unwrap_or(url.len());
            (end + 1 == base.len() && base.starts_with(&url[..end])).then_some(&url[end..])
        }
    }
}

/// Records every id that more than one element of a page has (found again, with its text:
/// the scan that found it kept only hashes).
fn duplicate_ids(page: &Arc<str>, html: &[u8], problems: &mut Vec<Problem>) {
    let mut ids: Vec<Vec<u8>> = Vec::new();
    scan(html, |attr, value| {
        if attr == Attr::Id && !value.is_empty() {
            ids.push(unescape(value).into_owned());
        }
    });
    ids.sort_unstable();
    for run in ids.chunk_by(|a, b| a == b) {
        if run.len() > 1 {
            problems.push(Problem {
                page: page.clone(),
                kind: ProblemKind::DuplicateId {
                    id: lossy(&run[0]),
                    count: run.len(),
                },
                also: 0,
            });
        }
    }
}

/// A URL as the browser reads it: character references decoded, tabs and newlines dropped
/// (`java&#9;script:` is `javascript:`).
fn clean(written: &[u8]) -> Cow<'_, [u8]> {
    let url = unescape(written);
    if !url.iter().any(|&c| matches!(c, b'\t' | b'\n' | b'\r')) {
        return url;
    }
    Cow::Owned(
        url.iter()
            .copied()
            .filter(|c| !matches!(c, b'\t' | b'\n' | b'\r'))
            .collect(),
    )
}

/// An attribute the verifier reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attr {
    Id,
    /// `name` of an `<a>`: a fragment finds it too.
    Name,
    /// `href` of `<base>`.
    Base,
    Href,
    Src,
    Srcset,
    Poster,
}

/// What the scanner needs to know of an element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    A,
    Base,
    /// Its text is not markup (`<script>`, `<style>`, …): skipped to its end tag.
    RawText,
    /// `<plaintext>`: the rest of the page is text.
    Plaintext,
    Other,
}

impl Tag {
    #[inline]
    fn of(name: &[u8]) -> Tag {
        let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
        match (name.len(), name[0] | 0x20) {
            (1, b'a') => Tag::A,
            (4, b'b') if is(b"base") => Tag::Base,
            (6, b's') if is(b"script") => Tag::RawText,
            (5, b's') if is(b"style") => Tag::RawText,
            (5, b't') if is(b"title") => Tag::RawText,
            (8, b't') if is(b"textarea") => Tag::RawText,
            (3, b'x') if is(b"xmp") => Tag::RawText,
            (6, b'i') if is(b"iframe") => Tag::RawText,
            (7, b'n') if is(b"noembed") => Tag::RawText,
            (8, b'n') if is(b"noframes") => Tag::RawText,
            (9, b'p') if is(b"plaintext") => Tag::Plaintext,
            _ => Tag::Other,
        }
    }
}

/// Classes of bytes in tags.
const SPACE: u8 = 1;
/// Ends an attribute's name: space, `/`, `>`, `=`.
const NAME_END: u8 = 2;
/// Ends an unquoted attribute value: space, `>`.
const VALUE_END: u8 = 4;
/// `/`, which is skipped between attributes.
const SLASH: u8 = 8;
/// The last letter of a name the verifier reads: h`ref`, sr`c`, i`d`, srcse`t`, poste`r`,
/// nam`e`, either case.
const LAST: u8 = 16;

static CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let spaces = [b' ', b'\t', b'\n', b'\r', 0x0c];
    let mut i = 0;
    while i < spaces.len() {
        class[spaces[i] as usize] = SPACE | NAME_END | VALUE_END;
        i += 1;
    }
    class[b'/' as usize] = NAME_END | SLASH;
    class[b'=' as usize] = NAME_END;
    class[b'>' as usize] = NAME_END | VALUE_END;
    let last = *b"fcdtreFCDTRE";
    let mut i = 0;
    while i < last.len() {
        class[last[i] as usize] = LAST;
        i += 1;
    }
    class
};

#[inline]
fn is(c: u8, class: u8) -> bool {
    CLASS[usize::from(c)] & class != 0
}

/// Which attribute a name is, of the ones the verifier reads.
#[inline]
fn attribute(name: &[u8], tag: Tag) -> Option<Attr> {
    let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
    match (name.len(), name[0] | 0x20) {
        (2, b'i') if is(b"id") => Some(Attr::Id),
        (4, b'h') if is(b"href") => Some(if tag == Tag::Base {
            Attr::Base
        } else {
            Attr::Href
        }),
        (3, b's') if is(b"src") => Some(Attr::Src),
        (6, b's') if is(b"srcset") => Some(Attr::Srcset),
        (6, b'p') if is(b"poster") => Some(Attr::Poster),
        (4, b'n') if tag == Tag::A && is(b"name") => Some(Attr::Name),
        (10, b'x') if is(b"xlink:href") => Some(Attr::Href),
        _ => None,
    }
}

/// Calls `found` with every attribute the verifier reads, its value as written (still
/// HTML-escaped), in document order. Skips comments, `<!…>` declarations and the text of
/// raw-text elements (`<script>`, `<style>`, …); only the first `id` of an element counts, as
/// in a browser.
///
/// Looking at every byte of every tag costs more than a build can spare, so the scan visits
/// only the `<` and `=` of the page ([`Marks`]: found 32 bytes at a time). A `<` opens a tag
/// (or a comment, or an element whose text is skipped); a `=` after a name the verifier reads
/// (`href`, `id`, …) is a candidate, which the tag, read from its `<`, either confirms or not
/// (a `=` in a value, or in text, is not an attribute).
fn scan<'h>(b: &'h [u8], mut found: impl FnMut(Attr, &'h [u8])) {
    let mut marks = Marks::new(b);
    // Where the last start tag's name starts, after its `<`, while the scan may be in it.
    let mut last = None;
    // That tag, once a candidate in it is looked at.
    let mut open: Option<OpenTag> = None;
    while let Some(p) = marks.next() {
        if b[p] == b'=' {
            let (Some(start), Some(name)) = (last, candidate(b, p)) else {
                continue;
            };
            if name <= start {
                continue;
            }
            let tag = match &mut open {
                Some(tag) if tag.start == start => tag,
                _ => open.insert(OpenTag::new(start)),
            };
            match tag.attribute_at(b, name, p) {
                Read::Found(name, value) => match attribute(name, tag.kind_for(b, name)) {
                    Some(Attr::Id) if tag.had_id => {}
                    Some(attr) => {
                        tag.had_id |= attr == Attr::Id;
                        found(attr, value);
                    }
                    None => {}
                },
                Read::NotHere => {}
                Read::Ended => last = None,
                Read::Eof => return,
            }
            continue;
        }
        let Some(&first) = b.get(p + 1) else { return };
        last = None;
        match first {
            _ if first.is_ascii_alphabetic() => {
                // Only these begin the names of elements whose text is not markup: `<script`,
                // `<style`, `<title`, `<textarea`, `<xmp`, `<iframe`, `<noembed`, `<noframes`,
                // `<plaintext`.
                let raw = matches!(
                    (first | 0x20, b.get(p + 2).map_or(0, |c| c | 0x20)),
                    (b's', b'c' | b't')
                        | (b't', b'i' | b'e')
                        | (b'x', b'm')
                        | (b'i', b'f')
                        | (b'n', b'o')
                        | (b'p', b'l')
                );
                if raw {
                    let mut tag = OpenTag::new(p + 1);
                    if let kind @ (Tag::RawText | Tag::Plaintext) = tag.kind(b) {
                        // Its attributes all read now (`<script src>`), then its text skipped.
                        let end = loop {
                            match tag.next(b) {
                                Some(Attribute {
                                    name,
                                    value: Some(value),
                                }) => match attribute(&b[name], kind) {
                                    Some(Attr::Id) if tag.had_id => {}
                                    Some(attr) => {
                                        tag.had_id |= attr == Attr::Id;
                                        found(attr, &b[value]);
                                    }
                                    None => {}
                                },
                                Some(Attribute { value: None, .. }) => {}
                                None => break tag.at,
                            }
                        };
                        if kind == Tag::Plaintext {
                            return;
                        }
                        marks.skip_to(end_tag(b, end, &b[tag.start..tag.name_end(b)]));
                        continue;
                    }
                }
                last = Some(p + 1);
            }
            b'!' if b[p + 1..].starts_with(b"!--") => marks.skip_to(past(b, p + 4, b"-->")),
            b'!' if b[p + 1..].starts_with(b"![CDATA[") => marks.skip_to(past(b, p + 9, b"]]>")),
            b'!' | b'?' => marks.skip_to(past(b, p + 1, b">")),
            // An end tag, or a `<` in text.
            _ => {}
        }
    }
}

/// The positions of every `<` and `=` of a page, in order: the bits of each 32 bytes are
/// found first, in one tight pass.
struct Marks {
    blocks: Vec<u32>,
    /// The block of `bits`.
    block: usize,
    /// The positions in the block not yet returned, one bit each.
    bits: u32,
}

impl Marks {
    fn new(b: &[u8]) -> Marks {
        let mut blocks = Vec::with_capacity(b.len() / 32 + 1);
        let mut chunks = b.chunks_exact(32);
        for chunk in &mut chunks {
            if let Ok(bytes) = <&[u8; 32]>::try_from(chunk) {
                blocks.push(marks32(bytes));
            }
        }
        let mut bytes = [b' '; 32];
        bytes[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        blocks.push(marks32(&bytes));
        Marks {
            bits: blocks[0],
            blocks,
            block: 0,
        }
    }

    /// Returns no position before `to` any more.
    fn skip_to(&mut self, to: usize) {
        if to / 32 > self.block {
            self.block = to / 32;
            self.bits = self.blocks.get(self.block).copied().unwrap_or(0);
        }
        let below = to.saturating_sub(self.block * 32).min(32) as u32;
        self.bits &= u32::MAX.checked_shl(below).unwrap_or(0);
    }
}

impl Iterator for Marks {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            self.block += 1;
            self.bits = *self.blocks.get(self.block)?;
        }
        let at = self.block * 32 + self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(at)
    }
}

/// One bit for each `<` and `=` of 32 bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn marks32(bytes: &[u8; 32]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is enabled (the `cfg` above; every x86_64 target has it), and each load
    // reads 16 bytes within `bytes`, which is 32 long; `_mm_loadu_si128` needs no alignment.
    unsafe {
        let lt = _mm_set1_epi8(b'<' as i8);
        let eq = _mm_set1_epi8(b'=' as i8);
        let half = |at: usize| {
            let v = _mm_loadu_si128(bytes.as_ptr().add(at).cast::<__m128i>());
            let hits = _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, eq));
            _mm_movemask_epi8(hits) as u32 & 0xffff
        };
        half(0) | (half(16) << 16)
    }
}

/// One bit for each `<` and `=` of 32 bytes.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn marks32(bytes: &[u8; 32]) -> u32 {
    marks32_portable(bytes)
}

/// [`marks32`] without vector instructions.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn marks32_portable(bytes: &[u8; 32]) -> u32 {
    bytes.iter().enumerate().fold(0, |bits, (i, &c)| {
        bits | (u32::from(c == b'<' || c == b'=') << i)
    })
}

/// Where the name before the `=` at `eq` starts, when it is one the verifier reads and
/// stands after a space (or `xlink:`); looked at backwards from the `=`, without reading
/// the tag.
#[inline]
fn candidate(b: &[u8], eq: usize) -> Option<usize> {
    // Most `=` end a name that no verifier reads (`class=`, `lang=`): one look at the byte
    // before tells.
    if !is(b[eq.checked_sub(1)?], SPACE | LAST) {
        return None;
    }
    let mut end = eq;
    while end > 0 && is(b[end - 1], SPACE) {
        end -= 1;
    }
    let last = *b[..end].last()? | 0x20;
    let len = match last {
        b'f' | b'e' => 4,
        b'c' => 3,
        b'd' => 2,
        b't' | b'r' => 6,
        _ => return None,
    };
    let start = end.checked_sub(len)?;
    match start.checked_sub(1).map(|i| b[i]) {
        Some(c) if is(c, SPACE) => Some(start),
        // `xlink:href`
        Some(b':') if last == b'f' && start >= 7 && is(b[start - 7], SPACE) => Some(start - 6),
        _ => None,
    }
}

/// The value of the attribute whose `=` is at `eq`; `None` at the end of the page.
fn value_at(b: &[u8], eq: usize) -> Option<&[u8]> {
    let len = b.len();
    let mut j = eq + 1;
    while j < len && is(b[j], SPACE) {
        j += 1;
    }
    match b.get(j)? {
        &quote @ (b'"' | b'\'') => {
            let from = j + 1;
            let to = find_byte(&b[from..], quote).map_or(len, |at| from + at);
            Some(&b[from..to])
        }
        _ => {
            let to = b[j..]
                .iter()
                .position(|&c| is(c, VALUE_END))
                .map_or(len, |at| j + at);
            Some(&b[j..to])
        }
    }
}

/// A start tag whose attributes are read as the scan needs them.
struct OpenTag {
    /// Where its name starts, after the `<`.
    start: usize,
    /// How far its attributes have been read.
    at: usize,
    /// Its name has been read: `at` is past it.
    named: bool,
    /// Its `>` has been read.
    ended: bool,
    had_id: bool,
}

/// An attribute of a start tag.
struct Attribute {
    name: Range<usize>,
    value: Option<Range<usize>>,
}

/// What reading a tag's attributes up to a candidate found.
enum Read<'h> {
    /// The candidate is an attribute: its name and value.
    Found(&'h [u8], &'h [u8]),
    /// The candidate is not an attribute (it is in a value).
    NotHere,
    /// The tag ended before it: it is in text.
    Ended,
    /// The page ended.
    Eof,
}

impl OpenTag {
    fn new(start: usize) -> OpenTag {
        OpenTag {
            start,
            at: start,
            named: false,
            ended: false,
            had_id: false,
        }
    }

    fn name_end(&self, b: &[u8]) -> usize {
        b[self.start..]
            .iter()
            .position(|&c| is(c, NAME_END))
            .map_or(b.len(), |n| self.start + n)
    }

    fn kind(&self, b: &[u8]) -> Tag {
        Tag::of(&b[self.start..self.name_end(b)])
    }

    /// Its kind as far as [`attribute`] needs it for an attribute of this name: only `href`
    /// and `name` depend on it (`<base href>`, `<a name>`).
    fn kind_for(&self, b: &[u8], attribute: &[u8]) -> Tag {
        match (attribute.len(), b[self.start] | 0x20) {
            (4, b'a' | b'b') => self.kind(b),
            _ => Tag::Other,
        }
    }

    /// The next attribute, or `None` at the tag's end (`ended`) or the page's.
    fn next(&mut self, b: &[u8]) -> Option<Attribute> {
        let len = b.len();
        let mut j = self.at;
        if !self.named {
            self.named = true;
            j = self.name_end(b);
        }
        while j < len && is(b[j], SPACE | SLASH) {
            j += 1;
        }
        let &c = b.get(j)?;
        if c == b'>' {
            self.at = j + 1;
            self.ended = true;
            return None;
        }
        let from = j;
        // An attribute's name may begin with `=`.
        j += 1;
        while j < len && !is(b[j], NAME_END) {
            j += 1;
        }
        let name = from..j;
        while j < len && is(b[j], SPACE) {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            self.at = j;
            return Some(Attribute { name, value: None });
        }
        j += 1;
        while j < len && is(b[j], SPACE) {
            j += 1;
        }
        let value = match b.get(j)? {
            &quote @ (b'"' | b'\'') => {
                let from = j + 1;
                let to = find_byte(&b[from..], quote).map_or(len, |at| from + at);
                j = (to + 1).min(len);
                from..to
            }
            _ => {
                let from = j;
                while j < len && !is(b[j], VALUE_END) {
                    j += 1;
                }
                from..j
            }
        };
        self.at = j;
        Some(Attribute {
            name,
            value: Some(value),
        })
    }

    /// The attribute whose name starts at `name` and whose `=` is at `eq`, if that is one.
    /// Most often every value before it in the tag is in double quotes and no `>` is among
    /// them: then it is, known by counting quotes; otherwise the tag is read up to it.
    fn attribute_at<'h>(&mut self, b: &'h [u8], name: usize, eq: usize) -> Read<'h> {
        if !self.named {
            let mut quoted = false;
            let mut plain = true;
            for &c in &b[self.start..name] {
                match c {
                    b'"' => quoted = !quoted,
                    b'\'' | b'>' => {
                        plain = false;
                        break;
                    }
                    _ => {}
                }
            }
            if plain && !quoted {
                return match value_at(b, eq) {
                    Some(value) => Read::Found(b[name..eq].trim_ascii_end(), value),
                    None => Read::Eof,
                };
            }
        }
        self.read_to(b, name)
    }

    /// Reads attributes up to the one whose name starts at `name`.
    fn read_to<'h>(&mut self, b: &'h [u8], name: usize) -> Read<'h> {
        if self.ended {
            return Read::Ended;
        }
        loop {
            let before = self.at;
            match self.next(b) {
                Some(attribute) if attribute.name.start == name => {
                    return match attribute.value {
                        Some(value) => Read::Found(&b[attribute.name], &b[value]),
                        None => Read::NotHere,
                    }
                }
                Some(attribute) if attribute.name.start > name => {
                    // Read again when its own `=` comes.
                    self.at = before;
                    return Read::NotHere;
                }
                Some(_) => {}
                None if self.ended => return Read::Ended,
                None => return Read::Eof,
            }
        }
    }
}

/// The index of the first `c` in `hay`, eight bytes at a time: for the short distances in
/// markup (the end of an attribute's value) this costs less than setting up `memchr`.
#[inline]
fn find_byte(hay: &[u8], c: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let splat = ONES * u64::from(c);
    let mut words = hay.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(word);
        let x = u64::from_le_bytes(bytes) ^ splat;
        // The lowest byte that is zero has its high bit set here (bytes above it may too).
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&x| x == c)
        .map(|p| at + p)
}

/// The index just past the first `needle` at or after `from`, or the end.
fn past(b: &[u8], from: usize, needle: &[u8]) -> usize {
    match memmem::find(b.get(from..).unwrap_or_default(), needle) {
        Some(at) => from + at + needle.len(),
        None => b.len(),
    }
}

/// Where the end tag `</tag` of a raw-text element starts, at or after `from`, or the end.
fn end_tag(b: &[u8], from: usize, tag: &[u8]) -> usize {
    let mut i = from;
    while let Some(at) = memmem::find(b.get(i..).unwrap_or_default(), b"</") {
        let name = i + at + 2;
        let end = name + tag.len();
        if b.get(name..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(tag))
            && b.get(end)
                .is_none_or(|&c| is(c, SPACE) || c == b'/' || c == b'>')
        {
            return i + at;
        }
        i = name;
    }
    b.len()
}

/// The URLs of a `srcset`: comma-separated candidates, each a URL and optional descriptors
/// (`2x`, `640w`). A comma inside a URL belongs to it, unless it ends the URL (as in HTML).
fn srcset(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = value;
    std::iter::from_fn(move || {
        let start = rest
            .iter()
            .position(|&c| !(c.is_ascii_whitespace() || c == b','))?;
        rest = &rest[start..];
        let end = rest
            .iter()
            .position(u8::is_ascii_whitespace)
            .unwrap_or(rest.len());
        let url = &rest[..end];
        rest = &rest[end..];
        if let Some(stripped) = url.strip_suffix(b",") {
            // No descriptors: the comma ends the candidate.
            let keep = stripped.len() - stripped.iter().rev().take_while(|&&c| c == b',').count();
            return Some(&url[..keep]);
        }
        // Descriptors up to the next comma.
        rest = &rest[memchr(b',', rest).unwrap_or(rest.len())..];
        Some(url)
    })
}

/// An attribute value with its character references decoded: the five of XML, `&nbsp;`, those
/// of the characters URLs are made of, and numeric ones. Others are left as written (leidraad
/// and its sanitiser write no others; raw HTML under `raw_html: allow` might).
fn unescape(value: &[u8]) -> Cow<'_, [u8]> {
    let Some(first) = find_byte(value, b'&') else {
        return Cow::Borrowed(value);
    };
    let mut out = Vec::with_capacity(value.len());
    out.extend_from_slice(&value[..first]);
    let mut rest = &value[first..];
    while let Some(at) = memchr(b'&', rest) {
        out.extend_from_slice(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .iter()
            .position(|&c| !c.is_ascii_alphanumeric() && c != b'#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = match name {
            b"amp" => Some('&'),
            b"lt" => Some('<'),
            b"gt" => Some('>'),
            b"quot" => Some('"'),
            b"apos" => Some('\''),
            b"nbsp" => Some('\u{a0}'),
            b"colon" => Some(':'),
            b"sol" => Some('/'),
            b"bsol" => Some('\\'),
            b"period" => Some('.'),
            b"num" => Some('#'),
            b"quest" => Some('?'),
            b"percnt" => Some('%'),
            b"equals" => Some('='),
            b"commat" => Some('@'),
            b"excl" => Some('!'),
            b"lpar" => Some('('),
            b"rpar" => Some(')'),
            b"comma" => Some(','),
            b"semi" => Some(';'),
            b"plus" => Some('+'),
            b"lowbar" => Some('_'),
            b"Tab" => Some('\t'),
            b"NewLine" => Some('\n'),
            _ => numeric(name),
        };
        match decoded {
            Some(c) => {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                rest = &rest[end..];
                rest = rest.strip_prefix(b";").unwrap_or(rest);
            }
            None => {
                out.push(b'&');
                rest = &rest[1..];
            }
        }
    }
    out.extend_from_slice(rest);
    Cow::Owned(out)
}

/// The character of a numeric reference's name: `#39`, `#x27`.
fn numeric(name: &[u8]) -> Option<char> {
    let digits = std::str::from_utf8(name.strip_prefix(b"#")?).ok()?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(code)
}

/// `%XX` decoded; other bytes as they are.
fn percent_decode(s: &[u8]) -> Cow<'_, [u8]> {
    if find_byte(s, b'%').is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(s.len());
    push_decoded(&mut out, s);
    Cow::Owned(out)
}

/// Pushes `s` with `%XX` decoded.
fn push_decoded(out: &mut Vec<u8>, s: &[u8]) {
    let hex = |c: u8| char::from(c).to_digit(16);
    let mut i = 0;
    while i < s.len() {
        match (
            s[i],
            s.get(i + 1).and_then(|&c| hex(c)),
            s.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                // Two hex digits: at most 255.
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// Where a URL written in a page leads.
#[derive(Debug, PartialEq, Eq)]
enum Dest<'u> {
    /// Not a file of this site (another site, `mailto:`, `data:`, …) or nothing to verify (an
    /// empty URL, a bare `#`, a query of the page itself).
    Outside,
    /// A file of the output, whose path is in the buffer, and the fragment, if any, as written.
    File { fragment: Option<&'u [u8]> },
    /// A relative path that climbs out of the output folder.
    AboveRoot,
}

/// Resolves `url`, written in the document at output path `doc` (`nl/gids/index.html`), into
/// the path of an output file, written into `out`: relative to the document's folder, dot
/// segments removed, the query left out, percent-decoded, `index.html` added to a folder.
fn resolve<'u>(doc: &[u8], url: &'u [u8], site: &SiteBase, out: &mut Vec<u8>) -> Dest<'u> {
    out.clear();
    // Browsers strip leading and trailing spaces and control characters.
    let start = url.iter().position(|&c| c > b' ').unwrap_or(url.len());
    let end = url.iter().rposition(|&c| c > b' ').map_or(start, |e| e + 1);
    let url = &url[start..end];
    let (rest, fragment) = match find_byte(url, b'#') {
        Some(hash) => (
            &url[..hash],
            Some(&url[hash + 1..]).filter(|f| !f.is_empty()),
        ),
        None => (url, None),
    };
    let rest = find_byte(rest, b'?').map_or(rest, |q| &rest[..q]);
    let Some(&first) = rest.first() else {
        if url.is_empty() || (url[0] == b'#' && fragment.is_none()) {
            return Dest::Outside;
        }
        out.extend_from_slice(doc);
        return Dest::File { fragment };
    };
    // Inside `base_url` (`https://example.org/gids/`), or its path (`/gids/`) for `/…`:
    // relative to the output root; `/gids` is the root itself.
    let inside = |base: &[u8]| -> Option<&'u [u8]> {
        match rest.strip_prefix(base) {
            Some(inside) => Some(inside),
            None => (rest.len() + 1 == base.len() && base.starts_with(rest)).then_some(&[]),
        }
    };
    let (from, path): (&[u8], &[u8]) = if first.is_ascii_alphabetic() && has_scheme(rest) {
        match site.url.as_deref().and_then(inside) {
            Some(path) => (&[], path),
            None => return Dest::Outside,
        }
    } else if first == b'/' || first == b'\\' {
        if matches!(rest.get(1), Some(b'/' | b'\\')) {
            // `//host/…`: another site.
            return Dest::Outside;
        }
        match site.path.as_deref() {
            Some(base) => match inside(base) {
                Some(path) => (&[], path),
                // Elsewhere on the site's host: not the site's.
                None => return Dest::Outside,
            },
            None => (&[], &rest[1..]),
        }
    } else {
        (
            doc.iter()
                .rposition(|&c| c == b'/')
                .map_or(&[][..], |slash| &doc[..=slash]),
            rest,
        )
    };
    // The folder, then the segments of the path, each followed by `/`; `.` and `..` removed.
    out.extend_from_slice(from);
    let mut folder = false;
    let mut parts = path.split(|&c| c == b'/').peekable();
    while let Some(part) = parts.next() {
        let last = parts.peek().is_none();
        match part {
            b"." | b"%2e" | b"%2E" => folder = last,
            b".." | b".%2e" | b".%2E" | b"%2e." | b"%2E." | b"%2e%2e" | b"%2E%2E" => {
                if out.is_empty() {
                    return Dest::AboveRoot;
                }
                out.pop();
                let keep = out
                    .iter()
                    .rposition(|&c| c == b'/')
                    .map_or(0, |slash| slash + 1);
                out.truncate(keep);
                folder = last;
            }
            b"" => folder = last,
            part => {
                if find_byte(part, b'%').is_some() {
                    push_decoded(out, part);
                } else {
                    out.extend_from_slice(part);
                }
                out.push(b'/');
                folder = false;
            }
        }
    }
    if folder || out.is_empty() {
        out.extend_from_slice(b"index.html");
    } else {
        out.pop();
    }
    Dest::File { fragment }
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `data:`).
fn has_scheme(url: &[u8]) -> bool {
    match url
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))
    {
        Some(colon) => colon > 0 && url[colon] == b':' && url[0].is_ascii_alphabetic(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(html: &str) -> Vec<(Attr, &str)> {
        let mut out = Vec::new();
        scan(html.as_bytes(), |a, v| {
            out.push((a, std::str::from_utf8(v).unwrap_or("?")))
        });
        out
    }

    #[test]
    fn the_scanner_reads_the_attributes_of_start_tags() {
        assert_eq!(
            attrs(concat!(
                r#"<p id="a"><a href="x/" class=b>t</a>"#,
                r#"<img src='y.png' srcset="y.png 1x, z.png 2x"></p>"#
            )),
            [
                (Attr::Id, "a"),
                (Attr::Href, "x/"),
                (Attr::Src, "y.png"),
                (Attr::Srcset, "y.png 1x, z.png 2x"),
            ]
        );
        // Unquoted, upper case, spaces around `=`, `>` inside quotes, a self-closing tag.
        assert_eq!(
            attrs(
                "<A HREF = ../a/ title='1 > 2' ID=b><video poster=p.jpg/><use xlink:href=\"#i\"/>"
            ),
            [
                (Attr::Href, "../a/"),
                (Attr::Id, "b"),
                (Attr::Poster, "p.jpg/"),
                (Attr::Href, "#i"),
            ]
        );
        // `name` counts only on `<a>`; `<base href>` is its own kind.
        assert_eq!(
            attrs(r#"<base href="../"><a name="n"><input name="q"><p data-href="no" hrefx="no">"#),
            [(Attr::Base, "../"), (Attr::Name, "n")]
        );
    }

    #[test]
    fn the_scanner_skips_what_is_not_markup() {
        assert_eq!(
            attrs(concat!(
                "<!-- <a href=\"c\"> --><!doctype html><![CDATA[<a href=\"d\">]]>",
                "<script>let s = '<a href=\"e\">'; if (a<b) {}</script >",
                "<STYLE>a[href=\"f\"]{}</style><title><a id=t></title>",
                "<p>a < b, <3 and &lt;a href=\"g\"&gt;</p><textarea><img src=h></textarea>",
                "<?xml <a href=\"i\"?></p id=\"no\"><a id=\"ok\">",
            )),
            [(Attr::Id, "ok")]
        );
        // A `<script>` that never ends hides the rest; only the first `id` of an element counts.
        assert_eq!(
            attrs(r#"<p id="a" id="b"><script><a id="c">"#),
            [(Attr::Id, "a")]
        );
        // A value inside quotes may hold what looks like an attribute.
        assert_eq!(
            attrs(r#"<a title='x href="y"' href="z">"#),
            [(Attr::Href, "z")]
        );
        // What looks like an attribute in a value or in text is none.
        assert_eq!(
            attrs(concat!(
                "<meta name=\"description\" content=\"use id=main and href=&quot;x&quot;\">",
                "<p>the id=\"x\" and href=\"y\" in text</p>",
                "<a href=\"?a=b&amp;id=c\" id=\"d\"><input checked\nid=\"e\">",
                "<script src=\"a.js\" defer></script><p id=f>",
            )),
            [
                (Attr::Href, "?a=b&amp;id=c"),
                (Attr::Id, "d"),
                (Attr::Id, "e"),
                (Attr::Src, "a.js"),
                (Attr::Id, "f"),
            ]
        );
        // Cut-off markup ends the scan without a panic.
        for cut in [
            "<",
            "<a",
            "<a ",
            "<a href",
            "<a href=",
            "<a href=\"x",
            "<!--",
            "<script",
            "<a =",
        ] {
            attrs(cut);
        }
    }

    #[test]
    fn marks_are_every_lt_and_eq() {
        // Every length around the 32-byte blocks, and bytes next to `<` and `=`.
        let text: Vec<u8> = (0..200u32)
            .map(|i| b";<=>a\x00\xff="[(i * 7 % 9) as usize % 8])
            .collect();
        for len in 0..text.len() {
            let b = &text[..len];
            let expected: Vec<usize> = (0..len).filter(|&i| b[i] == b'<' || b[i] == b'=').collect();
            assert_eq!(Marks::new(b).collect::<Vec<_>>(), expected, "{len}");
            for to in [0, 1, 31, 32, 33, 64, 100] {
                let mut marks = Marks::new(b);
                marks.skip_to(to);
                let rest: Vec<usize> = expected.iter().copied().filter(|&i| i >= to).collect();
                assert_eq!(marks.collect::<Vec<_>>(), rest, "{len} from {to}");
            }
        }
        let mut block = [0u8; 32];
        block.copy_from_slice(&text[..32]);
        assert_eq!(marks32(&block), marks32_portable(&block));
    }

    #[test]
    fn find_byte_finds_the_first() {
        for len in 0..40 {
            for at in 0..len {
                let mut hay = vec![b'x'; len];
                hay[at] = b'"';
                if at + 3 < len {
                    hay[at + 3] = b'"';
                }
                assert_eq!(find_byte(&hay, b'"'), Some(at), "{len} {at}");
            }
            assert_eq!(find_byte(&vec![b'x'; len], b'"'), None);
        }
        // Bytes just above and below, which borrow in the arithmetic.
        assert_eq!(find_byte(b"\x21\x23\x01\xff\x22", b'"'), Some(4));
    }

    #[test]
    fn srcset_candidates_are_urls_with_descriptors() {
        let all = |s: &'static str| {
            srcset(s.as_bytes())
                .map(|u| std::str::from_utf8(u).unwrap_or("?"))
                .collect::<Vec<_>>()
        };
        assert_eq!(all("a.png 1x, b.png 2x"), ["a.png", "b.png"]);
        assert_eq!(
            all(" a.png, b.png 640w ,  c.png"),
            ["a.png", "b.png", "c.png"]
        );
        // A comma inside a URL belongs to it (as in HTML), unless it ends the URL.
        assert_eq!(all("a.png,b.png 640w"), ["a.png,b.png"]);
        assert_eq!(all("a,b.png 1x"), ["a,b.png"]);
        assert!(all(" , ").is_empty());
    }

    #[test]
    fn values_are_unescaped() {
        let un = |s: &str| String::from_utf8(unescape(s.as_bytes()).into_owned()).unwrap();
        assert_eq!(un("a&amp;b"), "a&b");
        assert_eq!(un("&lt;&gt;&quot;&#39;&#x27;&apos;"), "<>\"'''");
        assert_eq!(un("a&b &unknown; &#xZZ;"), "a&b &unknown; &#xZZ;");
        assert_eq!(un("x&amp"), "x&");
        assert_eq!(un("caf&#233; &#xe9;"), "café é");
        assert_eq!(un("javascript&colon;x&lpar;1&rpar;"), "javascript:x(1)");
        assert_eq!(&*percent_decode(b"caf%C3%A9%20x"), "café x".as_bytes());
        assert_eq!(&*percent_decode(b"100%"), b"100%");
        assert_eq!(&*percent_decode(b"%FF"), b"\xff");
    }

    type Resolved = Result<(String, Option<String>), String>;

    fn to(doc: &str, url: &str, base: Option<&str>) -> Resolved {
        let mut out = Vec::new();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match resolve(
            doc.as_bytes(),
            url.as_bytes(),
            &SiteBase::new(base),
            &mut out,
        ) {
            Dest::File { fragment } => Ok((text(&out), fragment.map(text))),
            other => Err(format!("{other:?}")),
        }
    }

    fn file(path: &str) -> Resolved {
        Ok((path.to_owned(), None))
    }

    fn anchor(path: &str, fragment: &str) -> Resolved {
        Ok((path.to_owned(), Some(fragment.to_owned())))
    }

    #[test]
    fn relative_urls_resolve_against_the_page() {
        let page = "nl/gids/stap/index.html";
        assert_eq!(
            to(page, "../andere/", None),
            file("nl/gids/andere/index.html")
        );
        assert_eq!(to(page, "../../", None), file("nl/index.html"));
        assert_eq!(to(page, "../../../style.css", None), file("style.css"));
        assert_eq!(to(page, "./", None), file("nl/gids/stap/index.html"));
        assert_eq!(to(page, ".", None), file("nl/gids/stap/index.html"));
        assert_eq!(to(page, "..", None), file("nl/gids/index.html"));
        assert_eq!(
            to(page, "schema.png", None),
            file("nl/gids/stap/schema.png")
        );
        assert_eq!(
            to(page, "../x/index.html#a", None),
            anchor("nl/gids/x/index.html", "a")
        );
        assert_eq!(to(page, "#a", None), anchor(page, "a"));
        assert_eq!(to(page, "?q=1#a", None), anchor(page, "a"));
        assert_eq!(to(page, "x.png?v=2", None), file("nl/gids/stap/x.png"));
        assert_eq!(
            to(page, "caf%C3%A9/", None),
            file("nl/gids/stap/café/index.html")
        );
        assert_eq!(to(page, " ../a//b/ ", None), file("nl/gids/a/b/index.html"));
        assert_eq!(to(page, "%2e%2e/x/", None), file("nl/gids/x/index.html"));
        assert_eq!(to("index.html", "nl/", None), file("nl/index.html"));
        assert_eq!(to("404.html", "style.css", None), file("style.css"));
        assert_eq!(to(page, "../../../../x", None), Err("AboveRoot".to_owned()));
        assert_eq!(to("index.html", "../", None), Err("AboveRoot".to_owned()));
    }

    #[test]
    fn urls_of_other_sites_are_not_verified() {
        let page = "nl/index.html";
        for url in [
            "",
            "#",
            "https://example.org/",
            "mailto:a@example.org",
            "tel:+31",
            "data:image/svg+xml,%3Csvg%3E",
            "javascript:void(0)",
            "//cdn.example.org/x.js",
        ] {
            assert_eq!(to(page, url, None), Err("Outside".to_owned()), "{url}");
        }
        // Root-absolute URLs are the site's only without a `base_url`, or inside its path.
        assert_eq!(to(page, "/nl/", None), file("nl/index.html"));
        let base = Some("https://example.org/gids/");
        assert_eq!(to(page, "/gids/nl/", base), file("nl/index.html"));
        assert_eq!(to(page, "/gids", base), file("index.html"));
        assert_eq!(to(page, "/contact/", base), Err("Outside".to_owned()));
        // Absolute URLs into the site are verified.
        assert_eq!(
            to(page, "https://example.org/gids/style.css", base),
            file("style.css")
        );
        assert_eq!(
            to(page, "https://example.org/gids/", base),
            file("index.html")
        );
        assert_eq!(
            to(page, "https://example.org/gids", base),
            file("index.html")
        );
        assert_eq!(
            to(page, "https://example.org/other/", base),
            Err("Outside".to_owned())
        );
    }

    /// The problems of a page at `nl/a/index.html`, and its links to other files (or to
    /// itself other than by `#x`) resolved, as `path#fragment`, with the URL as written.
    fn check(html: &str) -> (Vec<ProblemKind>, Vec<(String, String)>) {
        let mut problems = Vec::new();
        let mut links = Vec::new();
        check_page(
            &Arc::from("nl/a/index.html"),
            html.as_bytes(),
            &SiteBase::default(),
            &mut problems,
            |link| {
                let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
                let url = clean(link.href);
                let mut out = Vec::new();
                let resolved = match resolve(link.doc, &url, &SiteBase::default(), &mut out) {
                    Dest::File { fragment } => {
                        text(&out)
                            + &fragment
                                .map(|f| format!("#{}", text(f)))
                                .unwrap_or_default()
                    }
                    other => format!("{other:?}"),
                };
                links.push((resolved, text(link.href)));
            },
        );
        (problems.into_iter().map(|p| p.kind).collect(), links)
    }

    #[test]
    fn links_within_a_page_are_checked_at_once() {
        let (problems, links) = check(concat!(
            "<h2 id=\"caf&#233;\">x</h2><a name=\"old\"></a><p id=\"a&amp;b\">",
            "<a href=\"#caf%C3%A9\"></a><a href=\"#café\"></a><a href=\"#old\"></a>",
            "<a href=\"#a&amp;b\"></a><a href=\"#top\"></a><a href=\"#missing\"></a>",
            "<a href=\"./#old\"></a><a href=\"../b/#x\"></a><img srcset=\"i.png 1x, ../j.png 2x\">",
        ));
        assert_eq!(
            problems,
            [ProblemKind::MissingId {
                href: "#missing".into(),
                target: "nl/a/index.html".into(),
                id: "missing".into()
            }]
        );
        // Other links to the page itself are checked with the links to other files.
        assert_eq!(
            links,
            [
                ("nl/a/index.html#old".to_owned(), "./#old".to_owned()),
                ("nl/b/index.html#x".to_owned(), "../b/#x".to_owned()),
                ("nl/a/i.png".to_owned(), "i.png".to_owned()),
                ("nl/j.png".to_owned(), "../j.png".to_owned()),
            ]
        );
    }

    #[test]
    fn links_are_keyed_by_what_they_mean() {
        let keys = |page: &str, html: &str| {
            let mut keys = Vec::new();
            check_page(
                &Arc::from(page),
                html.as_bytes(),
                &SiteBase::new(Some("https://example.org/g/")),
                &mut Vec::new(),
                |link| keys.push(link.key),
            );
            keys
        };
        // Siblings link to each other by the same `../x/`, and to the root in three ways.
        let a = keys(
            "nl/gids/a/index.html",
            r#"<a href="../x/"><a href="../../../"><a href="https://example.org/g/"><a href="/g/">"#,
        );
        let b = keys(
            "nl/gids/b/index.html",
            r#"<a href="../x/"><a href="x.png">"#,
        );
        assert_eq!(a[0], b[0]);
        assert!(a[1] == a[2] && a[2] == a[3], "{a:?}");
        let c = keys("nl/gids/a/index.html", r#"<a href="x.png">"#);
        assert_ne!(b[1], c[0]);
        // A page with a `<base>` keys its links apart.
        let d = keys(
            "nl/gids/c/index.html",
            r#"<base href="./"><a href="../x/">"#,
        );
        assert_ne!(a[0], d[0]);
    }

    #[test]
    fn tabs_and_newlines_in_urls_are_dropped_as_browsers_do() {
        let (problems, links) = check(
            "<a href=\"java\tscript:alert(1)\"></a><a href=\"java&#x0A;script:x\"></a><a href=\"../b\n/\">",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            links,
            [
                ("Outside".to_owned(), "java\tscript:alert(1)".to_owned()),
                ("Outside".to_owned(), "java&#x0A;script:x".to_owned()),
                ("nl/b/index.html".to_owned(), "../b\n/".to_owned()),
            ]
        );
    }

    #[test]
    fn duplicate_ids_are_found() {
        let (problems, _) =
            check(r#"<p id="x"></p><p id="y"><a id="x"></a><b id='x'><a name="y">"#);
        assert_eq!(
            problems,
            [ProblemKind::DuplicateId {
                id: "x".into(),
                count: 3
            }]
        );
        let (problems, _) = check(r#"<p id="a&amp;b"></p><p id="a&#38;b">"#);
        assert_eq!(
            problems,
            [ProblemKind::DuplicateId {
                id: "a&b".into(),
                count: 2
            }]
        );
    }

    #[test]
    fn a_base_element_changes_what_links_are_relative_to() {
        let (problems, links) =
            check(r##"<base href="../"><p id="x"><a href="#x"></a><a href="b/">"##);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            links,
            [
                ("nl/index.html#x".to_owned(), "#x".to_owned()),
                ("nl/b/index.html".to_owned(), "b/".to_owned()),
            ]
        );
        let (problems, links) = check(r#"<base href="https://other.example/"><a href="nowhere/">"#);
        assert!(problems.is_empty() && links.is_empty());
    }

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            contents: Contents::Bytes(html.as_bytes().to_vec()),
        }
    }

    #[test]
    fn links_between_files_are_checked_when_all_are_seen() {
        let verifier = Verifier::new(None);
        verifier.see(&page(
            "nl/b/index.html",
            r#"<p id="x"><a href="../a/#y"></a><a href="../gone/"></a><a href="../gone/#z"></a>"#,
        ));
        verifier.see(&page(
            "nl/a/index.html",
            r#"<p id="y"><a href="../b/#x"></a><a href="../b/#w"></a><img src="../pic.png"><a href="../b">"#,
        ));
        verifier.see(&OutputFile {
            path: "nl/pic.png".to_owned(),
            contents: Contents::Static(b""),
        });
        let (index, problems) = verifier.finish();
        assert_eq!(
            problems,
            [
                Problem {
                    page: "nl/a/index.html".into(),
                    kind: ProblemKind::MissingId {
                        href: "../b/#w".into(),
                        target: "nl/b/index.html".into(),
                        id: "w".into()
                    },
                    also: 0,
                },
                Problem {
                    page: "nl/b/index.html".into(),
                    kind: ProblemKind::MissingFile {
                        href: "../gone/".into(),
                        target: "nl/gone/index.html".into()
                    },
                    also: 0,
                },
            ]
        );
        // serve verifies a page again against the rest.
        assert!(index.verify_again(&page(
            "nl/a/index.html",
            r#"<p id="y"><a href="../b/#x"></a>"#
        )));
        assert!(!index.verify_again(&page(
            "nl/a/index.html",
            r#"<p id="y"><a href="../b/#w"></a>"#
        )));
        assert!(!index.verify_again(&page("nl/a/index.html", r#"<p id="other">"#)));
    }

    #[test]
    fn the_first_page_in_path_order_is_named() {
        let verifier = Verifier::new(None);
        verifier.see(&page("b/index.html", r#"<a href="../gone/">"#));
        verifier.see(&page("a/index.html", r#"<a href="../gone/">"#));
        verifier.see(&page(
            "c/index.html",
            r#"<a href="../gone/"><a href="../gone/">"#,
        ));
        let (_, problems) = verifier.finish();
        assert_eq!(problems.len(), 1);
        assert_eq!(&*problems[0].page, "a/index.html");
        assert_eq!(problems[0].also, 2);
    }
}
