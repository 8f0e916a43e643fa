//! The check of one page: its ids, its links within itself, and the keys of its links to other
//! files, which are checked when every file has been seen.

use super::*;

/// Scans one page: records its duplicate ids and its broken `#fragment` links in `problems`,
/// hands every other link to `other`, and returns the sorted hashes of the ids (and
/// `<a name>`s) it holds.
pub(super) fn check_page<'h>(
    page: &Arc<str>,
    html: &'h [u8],
    known: &Known,
    site: &SiteBase,
    problems: &mut Vec<Problem>,
    mut other: impl FnMut(Link<'h, '_>),
) -> IdSet {
    let Scanned { ids, urls, base } = Scanned::read(page, html, known, problems);
    let Some(keys) = LinkKeys::new(page, base, site) else {
        // The page's links are relative to another site, or to nowhere: not verifiable.
        return ids;
    };
    let base = (keys.salt != 0).then_some(&*keys.doc);
    // Each URL of the page: a `srcset`'s one by one.
    let mut urls = urls.into_iter();
    let mut candidates = None;
    loop {
        let url = match candidates.as_mut().and_then(Iterator::next) {
            Some(candidate) => candidate,
            None => match urls.next() {
                Some((Attr::Srcset, value)) => {
                    candidates = Some(srcset(value));
                    continue;
                }
                Some((_, value)) => value,
                None => break,
            },
        };
        let Some(&first) = url.first() else { continue };
        if first == b'#' && keys.salt == 0 {
            // Within the page.
            check_fragment(page, &ids, url, problems);
        } else if let Some(key) = keys.key(url, site) {
            other(Link {
                key,
                base,
                href: url,
            });
        }
    }
    ids
}

/// What the scan of a page keeps of it.
struct Scanned<'h> {
    /// The hashes of its ids and `<a name>`s.
    ids: IdSet,
    /// The URLs it has, with the attribute of each, in document order.
    urls: Vec<(Attr, &'h [u8])>,
    /// Its `<base href>`, as written.
    base: Option<&'h [u8]>,
}

impl<'h> Scanned<'h> {
    /// Reads a page's ids and URLs: from its labels and known parts when it has them, else by
    /// a scan that passes over its known parts; records in `problems` every id that more
    /// than one of its elements has.
    fn read(
        page: &Arc<str>,
        html: &'h [u8],
        known: &Known,
        problems: &mut Vec<Problem>,
    ) -> Scanned<'h> {
        let mut found = Found::new();
        let labelled = known
            .labelled
            .as_ref()
            .is_some_and(|labelled| found.labelled(html, &known.parts, labelled));
        if !labelled {
            found = Found::new();
            found.scan(html, &known.parts);
        }
        #[cfg(debug_assertions)]
        if labelled {
            let mut scanned = Found::default();
            scanned.scan(html, &known.parts);
            assert_eq!(found.sorted(), scanned.sorted(), "the labels of {page}");
        }
        found.finish(page, html, problems)
    }
}

/// The ids and URLs of a page, as they are found.
#[derive(Default, Debug, PartialEq)]
struct Found<'h> {
    ids: Vec<u64>,
    /// The `<a name>`s, which fragments find but which may repeat an id.
    names: Vec<u64>,
    urls: Vec<(Attr, &'h [u8])>,
    base: Option<&'h [u8]>,
}

impl<'h> Found<'h> {
    /// Room for what most pages have.
    fn new() -> Found<'h> {
        Found {
            ids: Vec::with_capacity(64),
            names: Vec::new(),
            urls: Vec::with_capacity(128),
            base: None,
        }
    }

    #[inline(always)]
    fn take(&mut self, attr: Attr, value: &'h [u8]) {
        match attr {
            Attr::Id if !value.is_empty() => self.ids.push(hash_id(&unescape(value))),
            Attr::Id => {}
            Attr::Name => self.names.push(hash_id(&unescape(value))),
            Attr::Base => {
                self.base.get_or_insert(value);
            }
            _ => self.urls.push((attr, value)),
        }
    }

    /// Takes the ids and URLs of a known part as the renderer gave them.
    fn take_part(&mut self, html: &'h [u8], part: &KnownPart) {
        #[cfg(debug_assertions)]
        same_as_scanned(html, part);
        part.ids.each(|id| self.ids.push(hash_id(id)));
        self.urls
            .extend(part.urls.iter().map(|r| (Attr::Href, &html[r.clone()])));
    }

    /// Scans the page, passing over its known parts.
    fn scan(&mut self, html: &'h [u8], parts: &[KnownPart]) {
        let ranges: Vec<Range<usize>> = parts.iter().map(|p| p.range.clone()).collect();
        let mut skipped = Vec::new();
        scan_around(
            html,
            &ranges,
            |i| skipped.push(i),
            |attr, value| {
                self.take(attr, value);
            },
        );
        for i in skipped {
            self.take_part(html, &parts[i]);
        }
    }

    /// Takes what the labels of a page say, a known part for each text that is one, and
    /// scans the other texts; `false` when one of those begins what it does not end, which
    /// only a scan of the whole page reads right.
    fn labelled(&mut self, html: &'h [u8], parts: &[KnownPart], labelled: &Labelled) -> bool {
        for (attr, value) in &labelled.attrs {
            self.take(*attr, &html[value.clone()]);
        }
        // Both in page order.
        let mut parts = parts.iter().peekable();
        for text in &labelled.texts {
            while parts
                .next_if(|part| part.range.start < text.start)
                .is_some()
            {}
            match parts.next_if(|part| part.range == *text) {
                Some(part) => self.take_part(html, part),
                None => {
                    if !scan_text(html, text.clone(), |attr, value| self.take(attr, value)) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// What was found, in one order, to compare.
    #[cfg(debug_assertions)]
    fn sorted(&self) -> Found<'h> {
        let mut ids = self.ids.clone();
        ids.sort_unstable();
        let mut names = self.names.clone();
        names.sort_unstable();
        let mut urls = self.urls.clone();
        urls.sort_unstable();
        Found {
            ids,
            names,
            urls,
            base: self.base,
        }
    }

    fn finish(self, page: &Arc<str>, html: &[u8], problems: &mut Vec<Problem>) -> Scanned<'h> {
        let Found {
            ids,
            names,
            urls,
            base,
        } = self;
        // An `<a name>` may repeat an id.
        let (ids, duplicates) = IdSet::new(&ids, &names);
        if duplicates {
            duplicate_ids(page, html, problems);
        }
        Scanned { ids, urls, base }
    }
}

/// What the links of a page are keyed by ([`Link::key`]).
struct LinkKeys<'p> {
    /// The document the links are relative to: the page, or its `<base href>`, which changes
    /// what every relative URL of the page, `#x` included, means.
    doc: Cow<'p, [u8]>,
    /// 0 for the page itself. Links relative to a base are keyed apart from the same links of
    /// a page without one (`?q` means another document): by this salt, never 0.
    salt: u64,
    /// The hashes of the document's folder and of each folder above it, up to the output root,
    /// which is the last.
    folders: Vec<u64>,
    /// The hash of the document itself, which a URL that starts with its query (`?q`) leads
    /// to (or its fragment, under a `<base href>`): the pages of one folder link to as many
    /// documents by the same `?q#x`.
    itself: u64,
}

impl<'p> LinkKeys<'p> {
    /// The keys of the links of `page`, whose `<base href>` is `base`; `None` when that base
    /// is another site or nowhere, so that its links cannot be verified.
    fn new(page: &'p str, base: Option<&[u8]>, site: &SiteBase) -> Option<LinkKeys<'p>> {
        let mut doc: Cow<'_, [u8]> = Cow::Borrowed(page.as_bytes());
        let mut salt = 0;
        if let Some(base) = base {
            let mut buf = Vec::new();
            match resolve(page.as_bytes(), &clean(base), site, &mut buf) {
                Dest::File { .. } => {
                    salt = hash_path(&buf) | 1;
                    doc = Cow::Owned(buf);
                }
                Dest::Outside | Dest::AboveRoot => return None,
            }
        }
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
        let itself = hash_path(&doc) ^ salt;
        Some(LinkKeys {
            doc,
            salt,
            folders,
            itself,
        })
    }

    /// The key of a link to another file (or to the page other than by a bare `#fragment`);
    /// `None` when the URL is not the site's.
    #[inline(always)]
    fn key(&self, url: &[u8], site: &SiteBase) -> Option<(u64, u64)> {
        let root = self.folders.len() - 1;
        let (folder, rest) = match relative_to(url, site)? {
            Base::Root(rest) => (root, rest),
            Base::Doc => climb(url, root),
        };
        let (path, fragment) = match find_byte(rest, b'#') {
            Some(hash) => (&rest[..hash], &rest[hash + 1..]),
            None => (rest, &[][..]),
        };
        let fragment = if fragment.is_empty() {
            NO_FRAGMENT
        } else {
            hash_id(fragment)
        };
        let from = match url.first() {
            Some(b'?' | b'#') => self.itself,
            _ => self.folders[folder],
        };
        Some((hash_lead(from, path), fragment))
    }
}

/// A URL relative to the document, keyed by how many folders its leading `../` climb (`./`
/// stays) and the rest. One that climbs above the output root (`root` folders up), or is
/// something odd, is keyed as written from the document's folder, and found out when it is
/// resolved.
fn climb(url: &[u8], root: usize) -> (usize, &[u8]) {
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
        (0, url)
    } else {
        (up, rest)
    }
}

/// Records a problem when the bare `#fragment` `url` names no element of the page, whose ids
/// are `ids`.
#[inline(always)]
fn check_fragment(page: &Arc<str>, ids: &IdSet, url: &[u8], problems: &mut Vec<Problem>) {
    let fragment = &url[1..];
    if !fragment.is_empty() && !ids.contains(hash_id(fragment)) {
        missing_fragment(page, ids, url, problems);
    }
}

/// [`check_fragment`] of a fragment that is not an id as written.
#[cold]
fn missing_fragment(page: &Arc<str>, ids: &IdSet, url: &[u8], problems: &mut Vec<Problem>) {
    let fragment = &url[1..];
    if !has_id(ids, &unescape(fragment)) {
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

/// Whether the ids and URLs the renderer gave for a part of a page are the ones a scan of it
/// finds (but for the `#fragment` links to its own ids, which it leaves out): checked in
/// debug builds, so that every test of a page is also a test of what the renderer says.
#[cfg(debug_assertions)]
fn same_as_scanned(html: &[u8], part: &KnownPart) {
    let text = &html[part.range.clone()];
    let mut ids = Vec::new();
    let mut urls = Vec::new();
    scan(text, |attr, value| match attr {
        Attr::Id => ids.push(String::from_utf8_lossy(&unescape(value)).into_owned()),
        _ => urls.push(value),
    });
    let mut known_ids = Vec::new();
    part.ids
        .each(|id| known_ids.push(String::from_utf8_lossy(id).into_owned()));
    known_ids.sort();
    ids.sort();
    assert_eq!(ids, known_ids, "the ids of a known part");
    // Leaving out the links to the part's own ids.
    let elsewhere = |url: &&[u8]| {
        url.strip_prefix(b"#").is_none_or(|id| {
            known_ids
                .binary_search(&String::from_utf8_lossy(id).into_owned())
                .is_err()
        })
    };
    urls.retain(elsewhere);
    let mut known_urls: Vec<&[u8]> = part.urls.iter().map(|r| &html[r.clone()]).collect();
    known_urls.retain(elsewhere);
    known_urls.sort();
    urls.sort();
    assert_eq!(urls, known_urls, "the URLs of a known part");
}
