//! Resolves cross-links between pages and files, and makes every internal URL relative.
//!
//! Every link of every document is resolved once against the whole [`Site`] (which checks it
//! and reports what points nowhere), giving a [`Target`] that does not depend on the page that
//! shows it. [`href`] then turns a target into a URL relative to one page. Knows nothing about
//! Tera or the filesystem.

mod fragments;
mod resolver;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use foldhash::{HashMap, HashSet, HashSetExt};
use rayon::prelude::*;

use crate::config::RawHtml;
use crate::diagnostics::{nearest, Code, Diagnostic};
use crate::markdown::Link;
use crate::model::{Doc, DocId, LangId, PageId, Site};

/// Where a link goes, independent of the page that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A page of the site.
    Page {
        /// Its translation key.
        key: String,
        /// `None`: the language of the page that shows the link (a link within the author's
        /// own language folder); `Some`: a link into another language's folder.
        lang: Option<LangId>,
        /// The anchor, without `#`.
        fragment: Option<String>,
    },
    /// A co-located file, by its URL from the output root.
    Asset(String),
    /// A link out of the site, written as it is.
    External(String),
    /// A link that was refused (an unsafe scheme, or one that points nowhere).
    Blocked,
}

/// The resolved targets of every document's links: `targets[doc][link]`, and what resolving
/// each document's links found.
#[derive(Debug, Default)]
pub struct LinkIndex {
    targets: Vec<Arc<[Target]>>,
    problems: Vec<Vec<Diagnostic>>,
    /// A hash of the key of each page every document links to, all in one list
    /// (`linked[linked_at[doc]..linked_at[doc + 1]]`): the documents that may link to a key
    /// are found in it without reading every target.
    linked: Vec<u64>,
    linked_at: Vec<usize>,
}

/// Options for URLs.
#[derive(Clone, Copy, Debug, Default)]
pub struct UrlStyle {
    /// Links to pages name their file (`…/index.html`), for sites opened from disk.
    pub portable: bool,
}

impl LinkIndex {
    /// The target of link `n` of document `doc`.
    pub fn target(&self, doc: DocId, n: usize) -> &Target {
        &self.targets[doc.index()][n]
    }

    /// The hashes of the keys of the pages document `doc` links to.
    fn linked(&self, doc: usize) -> &[u64] {
        &self.linked[self.linked_at[doc]..self.linked_at[doc + 1]]
    }

    /// Whether document `doc` links to a page with one of `keys`, given with their hashes.
    fn links_to(&self, doc: usize, keys: &[(u64, &str)]) -> bool {
        let maybe = self
            .linked(doc)
            .iter()
            .any(|h| keys.iter().any(|(k, _)| k == h));
        maybe
            && self.targets[doc].iter().any(
                |t| matches!(t, Target::Page { key, .. } if keys.iter().any(|(_, k)| k == key)),
            )
    }

    /// The documents that link to a page with one of `keys`, in order.
    pub fn linking_to(&self, keys: &BTreeSet<&str>) -> Vec<DocId> {
        let keys: Vec<(u64, &str)> = keys.iter().map(|k| (key_hash(k), *k)).collect();
        (0..self.targets.len())
            .filter(|&doc| self.links_to(doc, &keys))
            .map(DocId::new)
            .collect()
    }

    /// An index of no documents yet, for `docs` of them.
    fn with_capacity(docs: usize) -> LinkIndex {
        let mut linked_at = Vec::with_capacity(docs + 1);
        linked_at.push(0);
        LinkIndex {
            targets: Vec::with_capacity(docs),
            problems: Vec::with_capacity(docs),
            linked: Vec::new(),
            linked_at,
        }
    }

    /// Adds the next document's targets and problems.
    fn push(&mut self, targets: Arc<[Target]>, problems: Vec<Diagnostic>) {
        self.linked.extend(linked_keys(&targets));
        self.linked_at.push(self.linked.len());
        self.targets.push(targets);
        self.problems.push(problems);
    }

    /// Adds the next document as document `doc` of `other` has it.
    fn push_from(&mut self, other: &LinkIndex, doc: usize) {
        self.linked.extend_from_slice(other.linked(doc));
        self.linked_at.push(self.linked.len());
        self.targets.push(Arc::clone(&other.targets[doc]));
        self.problems.push(other.problems[doc].clone());
    }
}

/// The hashes of the keys of the pages among `targets`, as [`LinkIndex`] lists them.
fn linked_keys(targets: &[Target]) -> impl Iterator<Item = u64> + '_ {
    targets.iter().filter_map(|t| match t {
        Target::Page { key, .. } => Some(key_hash(key)),
        _ => None,
    })
}

/// The hash of a page key in [`LinkIndex`]'s list of linked keys.
fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(key)
}

/// Resolves and checks every link of every document.
pub fn resolve(site: &Site) -> (LinkIndex, Vec<Diagnostic>) {
    resolve_keeping(site, &LinkIndex::default(), |_| None)
}

/// Resolves and checks the links of `site`, which was assembled again from `old` after the
/// documents at the translation keys `edited` changed, which may have `moved` others (the
/// sections of an edited guide, whose images move with them): a document `old` had as it is
/// (the same `Arc`), not among those moved, whose links led to none of those keys, keeps its
/// targets and problems from `index`. The rest is resolved, and the checks of the whole link
/// graph made, as by [`resolve`], which gives the same.
pub fn resolve_again(
    site: &Site,
    old: &Site,
    index: &LinkIndex,
    edited: &BTreeSet<&str>,
    moved: &BTreeSet<&str>,
) -> (LinkIndex, Vec<Diagnostic>) {
    // By address: a document taken from the old site is the same `Arc`.
    let before: HashMap<usize, usize> = old
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| (Arc::as_ptr(d) as usize, i))
        .collect();
    let edited: Vec<(u64, &str)> = (edited.iter().chain(moved))
        .map(|k| (key_hash(k), *k))
        .collect();
    let kept = |doc: &Arc<Doc>| {
        let i = *before.get(&(Arc::as_ptr(doc) as usize))?;
        let stays = !moved.contains(doc.document.rel.as_str());
        (stays && !index.links_to(i, &edited)).then_some(i)
    };
    resolve_keeping(site, index, kept)
}

/// A document's targets and what resolving them found.
type Resolved = (Arc<[Target]>, Vec<Diagnostic>);

/// Resolves the links of every document but those `kept` finds in `old`, by their index
/// there, which keep their targets and problems.
fn resolve_keeping(
    site: &Site,
    old: &LinkIndex,
    kept: impl Fn(&Arc<Doc>) -> Option<usize> + Sync,
) -> (LinkIndex, Vec<Diagnostic>) {
    let results: Vec<Result<usize, Resolved>> = (0..site.docs.len())
        .into_par_iter()
        .map(|i| {
            kept(&site.docs[i]).ok_or_else(|| {
                let (targets, problems) = resolve_doc(site, DocId::new(i));
                (targets.into(), problems)
            })
        })
        .collect();
    let mut index = LinkIndex::with_capacity(results.len());
    for result in results {
        match result {
            Ok(doc) => index.push_from(old, doc),
            Err((targets, problems)) => index.push(targets, problems),
        }
    }
    let mut all: Vec<Diagnostic> = index.problems.iter().flatten().cloned().collect();
    all.extend(unlinked_pages(site, &index));
    all.extend(unmapped_anchors(site, &index.targets));
    (index, all)
}

/// Resolves the links of one document again, after `serve` replaced it (its anchors and
/// every page's URL being unchanged). Returns the problems found, if any.
pub fn update(site: &Site, index: &mut LinkIndex, doc_id: DocId) -> Vec<Diagnostic> {
    let (targets, diags) = resolve_doc(site, doc_id);
    let doc = doc_id.index();
    let (start, end) = (index.linked_at[doc], index.linked_at[doc + 1]);
    let before = index.linked.len();
    index.linked.splice(start..end, linked_keys(&targets));
    let moved = index.linked.len().wrapping_sub(before);
    for at in &mut index.linked_at[doc + 1..] {
        *at = at.wrapping_add(moved);
    }
    index.targets[doc] = targets.into();
    index.problems[doc] = diags.clone();
    diags
}

/// The heading and item ids of a document: few enough per page that a scan beats building a
/// set for every document.
fn anchors(doc: &Doc) -> impl Iterator<Item = &str> {
    doc.rendered
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .chain(doc.rendered.items.iter().map(|i| i.id.as_str()))
        .chain(doc.rendered.other_ids.iter().map(String::as_str))
}

fn resolve_doc(site: &Site, doc_id: DocId) -> (Vec<Target>, Vec<Diagnostic>) {
    let doc = &site.docs[doc_id];
    let resolver = Resolver { site, doc, doc_id };
    let mut diags = Vec::new();
    let targets = doc
        .rendered
        .links
        .iter()
        .map(|link| {
            resolver.resolve(link).unwrap_or_else(|d| {
                diags.push(*d);
                Target::Blocked
            })
        })
        .collect();
    (targets, diags)
}

/// Standalone pages that no other page links to: readers find them only in the list on the
/// language home, which is easy to miss. Pages of guides are always reachable through their
/// guide, so only standalone pages are checked.
fn unlinked_pages(site: &Site, index: &LinkIndex) -> Vec<Diagnostic> {
    let standalone: HashSet<u64> = site
        .pages
        .iter()
        .filter(|p| matches!(p.kind, crate::model::PageKind::Page(_)))
        .map(|p| key_hash(&p.key))
        .collect();
    let mut linked: HashSet<(LangId, &str)> = HashSet::new();
    for (i, doc) in site.docs.iter().enumerate() {
        if !index.linked(i).iter().any(|h| standalone.contains(h)) {
            continue;
        }
        for target in index.targets[i].iter() {
            // Only standalone pages, at the top of a language folder, are looked for.
            if let Target::Page { key, lang, .. } = target {
                if key.contains('/') {
                    continue;
                }
                if *key != doc.document.rel || lang.is_some() {
                    linked.insert((lang.unwrap_or(doc.lang), key.as_str()));
                }
            }
        }
    }
    site.pages
        .iter()
        .filter(|p| matches!(p.kind, crate::model::PageKind::Page(_)) && !p.fallback())
        .filter(|p| !linked.contains(&(p.lang, p.key.as_str())))
        .filter_map(|p| site.doc_of_page(p))
        .map(|doc| {
            Diagnostic::warning(Code::UnlinkedPage, "no other page links to this page")
                .in_file(&doc.document.src.path)
                .help(format!(
                    "readers find it only in the list on the language home; link to it from another page, for example from `_index.md` with `[{}]({})`",
                    doc.document.front.title, doc.document.rel
                ))
        })
        .collect()
}

/// The URL of `target` as seen from `page`. `doc_lang` is the language folder of the document
/// the link was written in, used when the target has no version in the page's language.
pub fn href(
    site: &Site,
    page: PageId,
    doc_lang: LangId,
    target: &Target,
    style: UrlStyle,
) -> String {
    let from = &site.pages[page];
    match target {
        Target::Page {
            key,
            lang,
            fragment,
        } => {
            let found = match lang {
                Some(l) => site.page(*l, key),
                None => site
                    .page(from.lang, key)
                    .or_else(|| site.page(doc_lang, key)),
            };
            let Some(to) = found else {
                return "#".to_owned();
            };
            // On a fallback page the text is another language's: its anchor was checked on
            // the page in that language, and may be named otherwise here.
            let fragment = match (fragment, lang) {
                (Some(f), None) if from.lang != doc_lang => site
                    .page(doc_lang, key)
                    .and_then(|checked| site.pages[checked].doc())
                    .zip(site.pages[to].doc())
                    .and_then(|(checked, shown)| map_fragment(site, checked, shown, f)),
                (f, _) => f.as_deref(),
            };
            let mut url = match fragment {
                Some(_) if to == page => String::new(),
                _ => relative_url(&from.url, &site.pages[to].url, style),
            };
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            url
        }
        Target::Asset(url) => relative_url(&from.url, url, style),
        Target::External(url) => url.clone(),
        Target::Blocked => "#".to_owned(),
    }
}

/// The URL of `to` relative to the page at `from`. Both are URLs from the output root; page
/// URLs end in `/` (the root page is `""`).
pub fn relative_url(from: &str, to: &str, style: UrlStyle) -> String {
    // Called for every link of every page: walks both URLs once, into one buffer. URLs are a
    // few short segments: a byte loop beats a vectorised search for every `/`.
    fn segments(url: &str) -> impl Iterator<Item = &str> {
        let mut rest = url;
        std::iter::from_fn(move || loop {
            if rest.is_empty() {
                return None;
            }
            let end = rest.bytes().position(|b| b == b'/').unwrap_or(rest.len());
            let segment = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or("");
            if !segment.is_empty() {
                return Some(segment);
            }
        })
    }
    let to_is_dir = to.is_empty() || to.ends_with('/');
    let (to_dirs, file) = match (to_is_dir, to.rfind('/')) {
        (true, _) => (to, None),
        (false, Some(slash)) => (&to[..slash], Some(&to[slash + 1..])),
        (false, None) => ("", Some(to)),
    };
    let mut from_dirs = segments(from);
    let mut to_dirs = segments(to_dirs);
    // Skip the folders both have in common; keep the first that differs.
    let (first_from, first_to) = loop {
        match (from_dirs.next(), to_dirs.next()) {
            (Some(a), Some(b)) if a == b => {}
            other => break other,
        }
    };
    let mut url = String::with_capacity(to.len() + 16);
    for _ in first_from.into_iter().chain(from_dirs) {
        url.push_str("../");
    }
    for segment in first_to.into_iter().chain(to_dirs) {
        encode_segment_into(&mut url, segment);
        url.push('/');
    }
    if let Some(file) = file {
        encode_segment_into(&mut url, file);
    }
    if to_is_dir && style.portable {
        url.push_str("index.html");
    }
    // A colon in the first segment would make it a scheme: a page with the slug
    // `javascript:alert(1)` would be linked as `javascript:alert(1)/index.html`. `./` keeps it
    // a path.
    if url.bytes().take_while(|&b| b != b'/').any(|b| b == b':') {
        url.insert_str(0, "./");
    }
    if url.is_empty() {
        url.push_str("./");
    }
    url
}

/// Percent-encodes what may not stand in a URL path segment; letters of every script stay.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    encode_segment_into(&mut out, segment);
    out
}

/// [`encode_segment`] into a buffer.
fn encode_segment_into(out: &mut String, segment: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Only ASCII characters are encoded, so every index found is a character boundary and the
    // runs between them are copied whole.
    let mut run = 0;
    for (i, b) in segment.bytes().enumerate() {
        if b.is_ascii_control()
            || matches!(
                b,
                b' ' | b'"'
                    | b'#'
                    | b'%'
                    | b'<'
                    | b'>'
                    | b'?'
                    | b'['
                    | b'\\'
                    | b']'
                    | b'^'
                    | b'`'
                    | b'{'
                    | b'|'
                    | b'}'
            )
        {
            out.push_str(&segment[run..i]);
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
            run = i + 1;
        }
    }
    out.push_str(&segment[run..]);
}

/// Decodes `%XX` escapes in a link written by an author.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

pub use fragments::map_fragment;
use fragments::unmapped_anchors;
use resolver::Resolver;

#[cfg(test)]
mod tests;
