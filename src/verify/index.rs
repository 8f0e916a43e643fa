//! What `serve` keeps of a verified build, to verify the pages an edit renders again.

use super::*;

impl Index {
    /// What is wrong with a link, if anything.
    pub(super) fn check(&self, link: &Referrer, buf: &mut Vec<u8>) -> Option<ProblemKind> {
        let get = |hash| self.files.get(&hash);
        check_url(&self.site, get, link.doc(), &link.href, buf)
    }

    /// Where a link leads but for its fragment, as far as it is sure to be fine.
    pub(super) fn lead(&self, link: &Referrer, buf: &mut Vec<u8>) -> Lead<'_> {
        match resolve(link.doc(), &clean(&link.href), &self.site, buf) {
            Dest::File { .. } => match file(|hash| self.files.get(&hash), buf) {
                Some(Some(ids)) => Lead::Page(ids),
                Some(None) => Lead::File,
                None => Lead::Unsure,
            },
            Dest::Outside | Dest::AboveRoot => Lead::Unsure,
        }
    }

    /// The [`Referrer::target`] of a link.
    pub(super) fn target(&self, link: &Referrer, buf: &mut Vec<u8>) -> u64 {
        match resolve(link.doc(), &clean(&link.href), &self.site, buf) {
            Dest::File { .. } => file_target(buf),
            // No file going away breaks a link out of the output.
            Dest::Outside => OUTSIDE,
            Dest::AboveRoot => ANYWHERE,
        }
    }

    /// Verifies `files`, rendered again after an edit (pages that are new among them), and
    /// the output without the files at `removed`: every link of `files`, and when a file or
    /// an id went away, every link the rest of the output has to that file. Returns what to
    /// apply to the index when nothing is broken; `None` otherwise (a full build then says
    /// where). Needs an index of a [`Verifier::keeping_links`].
    pub fn update(&self, files: &[OutputFile], removed: &[String]) -> Option<Update> {
        let mut up = Update::default();
        // The files that went away or lost an id, as links may name them.
        let mut lost: foldhash::HashSet<u64> = foldhash::HashSet::default();
        let mut lose = |path: &str| {
            lost.insert(file_target(path.as_bytes()));
            if let Some(folder) = path.strip_suffix("/index.html") {
                lost.insert(file_target(folder.as_bytes()));
            }
        };
        for path in removed {
            let hash = hash_path(path.as_bytes());
            if self.files.contains_key(&hash) {
                lose(path);
            }
            up.forget(self, hash);
            up.files.insert(hash, None);
        }
        for file in files {
            let hash = hash_path(file.path.as_bytes());
            up.forget(self, hash);
            let ids = match &file.contents {
                Contents::Bytes(html) if is_html(&file.path) => Some(up.see(self, file, html)?),
                _ => None,
            };
            if let Some(Some(old)) = self.files.get(&hash) {
                let kept = |id: u64| ids.as_ref().is_some_and(|ids| ids.contains(id));
                if !old.iter().all(kept) {
                    lose(&file.path);
                }
            }
            up.files.insert(hash, Some(ids));
        }
        let get = |hash: u64| match up.files.get(&hash) {
            Some(entry) => entry.as_ref(),
            None => self.files.get(&hash),
        };
        let mut buf = Vec::new();
        for first in up.new.values_mut() {
            first.target = self.target(first, &mut buf);
        }
        let broken = |first: &Referrer, buf: &mut Vec<u8>| {
            check_url(&self.site, get, first.doc(), &first.href, buf).is_some()
        };
        if up.new.values().any(|first| broken(first, &mut buf)) {
            return None;
        }
        // Every link some page still has to a file that went or lost an id, the shards side
        // by side.
        let still = |(key, first): (&(u64, u64), &Referrer)| {
            (first.target == ANYWHERE || lost.contains(&first.target))
                && i64::from(first.pages) + up.counts.get(key).copied().unwrap_or(0) > 0
        };
        let broken_in = |shard: &HashMap<(u64, u64), Referrer>| {
            let mut buf = Vec::new();
            let rest = shard.iter().filter(|&link| still(link));
            rest.map(|(_, first)| first)
                .any(|first| broken(first, &mut buf))
        };
        if !lost.is_empty() && self.links.par_iter().any(broken_in) {
            return None;
        }
        Some(up)
    }

    /// Applies what [`Index::update`] found.
    pub fn apply(&mut self, update: Update) {
        for (hash, entry) in update.files {
            match entry {
                Some(ids) => self.files.insert(hash, ids),
                None => self.files.remove(&hash),
            };
        }
        for (hash, keys) in update.page_links {
            match keys {
                Some(keys) => self.page_links.insert(hash, keys),
                None => self.page_links.remove(&hash),
            };
        }
        if self.links.is_empty() {
            self.links = (0..SHARDS).map(|_| HashMap::default()).collect();
        }
        for (key, mut first) in update.new {
            first.pages = 0;
            self.links[shard(key)].entry(key).or_insert(first);
        }
        for (key, count) in update.counts {
            let shard = &mut self.links[shard(key)];
            if let Some(first) = shard.get_mut(&key) {
                let pages = i64::from(first.pages) + count;
                if pages > 0 {
                    first.pages = u32::try_from(pages).unwrap_or(u32::MAX);
                } else {
                    shard.remove(&key);
                }
            }
        }
    }
}

/// What an edit changes in the [`Index`].
#[derive(Debug, Default)]
pub struct Update {
    /// Files with their ids; `None`: gone.
    files: HashMap<u64, Option<Ids>>,
    /// The keys of the links of the pages rendered again; `None`: gone.
    page_links: HashMap<u64, Option<Keys>>,
    /// How many more (or fewer) pages have each link.
    counts: HashMap<(u64, u64), i64>,
    /// The links of the pages rendered again that the index does not have yet.
    new: HashMap<(u64, u64), Referrer>,
}

impl Update {
    /// The links of the page at `hash`, as the index has them, no longer count.
    fn forget(&mut self, index: &Index, hash: u64) {
        for &key in index.page_links.get(&hash).into_iter().flatten() {
            *self.counts.entry(key).or_default() -= 1;
        }
        self.page_links.insert(hash, None);
    }

    /// Scans a page rendered again: its links count, and those new to the index are kept to
    /// be checked. Returns its ids; `None` when a link within the page is broken or two of its
    /// elements share an id.
    fn see(&mut self, index: &Index, file: &OutputFile, html: &[u8]) -> Option<IdSet> {
        let page: Arc<str> = Arc::from(file.path.as_str());
        let mut doc: Option<Arc<Doc>> = None;
        let mut problems = Vec::new();
        let mut keys = Vec::new();
        let ids = check_page(
            &page,
            html,
            &file.known,
            &index.site,
            &mut problems,
            |link| {
                keys.push(link.key);
                let known = index
                    .links
                    .get(shard(link.key))
                    .is_some_and(|s| s.contains_key(&link.key));
                if !known {
                    let doc = doc.get_or_insert_with(|| Doc::new(&page, link.base));
                    self.new.entry(link.key).or_insert_with(|| Referrer {
                        page: doc.clone(),
                        href: link.href.into(),
                        pages: 0,
                        target: ANYWHERE,
                    });
                }
            },
        );
        if !problems.is_empty() {
            return None;
        }
        keys.sort_unstable();
        keys.dedup();
        for &key in &keys {
            *self.counts.entry(key).or_default() += 1;
        }
        self.page_links
            .insert(hash_path(file.path.as_bytes()), Some(keys.into()));
        Some(ids)
    }
}

/// What is wrong with a URL written in the document `doc`, if anything, with the files of
/// the output found by `get` (by the hash of their path).
fn check_url<'i>(
    site: &SiteBase,
    get: impl Fn(u64) -> Option<&'i Ids>,
    doc: &[u8],
    written: &[u8],
    buf: &mut Vec<u8>,
) -> Option<ProblemKind> {
    let url = clean(written);
    let fragment = match resolve(doc, &url, site, buf) {
        Dest::Outside => return None,
        Dest::AboveRoot => return Some(ProblemKind::AboveRoot { href: lossy(&url) }),
        Dest::File { fragment } => fragment,
    };
    let Some(found) = file(get, buf) else {
        return Some(ProblemKind::MissingFile {
            href: lossy(&url),
            target: lossy(buf),
        });
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

/// The file of the output at `path`, or the `index.html` of the folder at `path` (web servers
/// redirect a folder's URL without its final `/` to the folder).
fn file<'i>(get: impl Fn(u64) -> Option<&'i Ids>, path: &[u8]) -> Option<&'i Ids> {
    get(hash_path(path)).or_else(|| get(hash_path(&[path, b"/index.html"].concat())))
}

/// Where a link leads but for its fragment ([`Index::lead`]), kept for the other links with
/// the same lead.
#[derive(Clone, Copy)]
pub(super) enum Lead<'i> {
    /// A page, with its ids.
    Page(&'i IdSet),
    /// A file that is not a page: a fragment of it is not checked.
    File,
    /// Not a file of the output, or outside it: each link is checked in full.
    Unsure,
}

impl Lead<'_> {
    /// Whether a link with this lead and the fragment whose hash is `fragment` (written as in
    /// `href`) is fine without checking it in full: when its fragment, as written, is an id of
    /// the page it leads to. One written with a character reference, a space or a control
    /// character, which the full check reads as the browser does, is checked in full.
    pub(super) fn finds(self, fragment: u64, href: &[u8]) -> bool {
        match self {
            Lead::Page(_) if fragment == NO_FRAGMENT => true,
            Lead::Page(ids) => {
                let written = memchr(b'#', href).map_or(&[][..], |hash| &href[hash + 1..]);
                ids.contains(fragment) && plain(written)
            }
            Lead::File => true,
            Lead::Unsure => false,
        }
    }
}
