//! The links of the pages, counted while the pages are seen: each distinct one once, with the
//! first page in path order that has it and how many pages do.

use super::*;

/// The links the workers counted, in one map, in [`SHARDS`] shards: each with the first page
/// in path order that has it, and how many pages do.
pub(super) fn merge(workers: Box<[Mutex<Counted>]>) -> Vec<HashMap<(u64, u64), Referrer>> {
    let workers: Vec<Counted> = workers
        .into_vec()
        .into_iter()
        .map(|worker| worker.into_inner().unwrap_or_else(PoisonError::into_inner))
        .collect();
    // Room for every link of the worker with the most, which few others add to.
    let most = workers.iter().map(HashMap::len).max().unwrap_or(0);
    let mut shards: Vec<HashMap<(u64, u64), Referrer>> = (0..SHARDS)
        .map(|_| HashMap::with_capacity_and_hasher(most / SHARDS * 9 / 8, Default::default()))
        .collect();
    for links in workers {
        for (key, (referrer, _)) in links {
            match shards[shard(key)].entry(key) {
                Entry::Occupied(entry) => {
                    let first = entry.into_mut();
                    let pages = first.pages.saturating_add(referrer.pages);
                    if before(&referrer.page.path, &first.page.path) {
                        *first = referrer;
                    }
                    first.pages = pages;
                }
                Entry::Vacant(entry) => {
                    entry.insert(referrer);
                }
            }
        }
    }
    shards
}

/// Counts a link of the page `page`, numbered `number`: the first time the page has it, not
/// again. Returns whether it was counted.
#[inline]
pub(super) fn count(links: &mut Counted, link: &Link, page: &Arc<Doc>, number: u32) -> bool {
    match links.entry(link.key) {
        Entry::Occupied(entry) => {
            let (first, last) = entry.into_mut();
            if *last == number {
                return false;
            }
            *last = number;
            first.pages = first.pages.saturating_add(1);
            if before(&page.path, &first.page.path) {
                first.page = page.clone();
                if *first.href != *link.href {
                    first.href = link.href.into();
                }
            }
        }
        Entry::Vacant(entry) => {
            let first = Referrer {
                page: page.clone(),
                href: link.href.into(),
                pages: 1,
                target: ANYWHERE,
            };
            entry.insert((first, number));
        }
    }
    true
}

/// Whether the path `a` comes before `b`: told by their first sixteen bytes, without a call,
/// when those differ, as they do for most pairs of pages.
#[inline]
pub(super) fn before(a: &str, b: &str) -> bool {
    let lead = |path: &str| {
        let head: Option<[u8; 16]> = path.as_bytes().get(..16).and_then(|h| h.try_into().ok());
        head.map(u128::from_be_bytes)
    };
    match (lead(a), lead(b)) {
        (Some(a), Some(b)) if a != b => a < b,
        _ => a < b,
    }
}
