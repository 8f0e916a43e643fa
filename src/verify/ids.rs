//! The hashes of a page's ids, kept so that a fragment finds its element in a probe or two.

/// A set of id hashes in an open-addressed table, made without sorting: a page has tens to
/// hundreds of ids, and sorting their hashes cost more than the rest of reading them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct IdSet {
    /// Each hash in the first free slot at or after where it belongs (wrapping); [`EMPTY`]
    /// in the others. A third of the slots or more are free.
    slots: Box<[u64]>,
}

/// A free slot. A hash that is 0 is kept as 1, which only makes it one more hash that two
/// ids may share.
const EMPTY: u64 = 0;

impl IdSet {
    /// The set of `hashes` and `also` (which may repeat them), and whether one of `hashes`
    /// came more than once.
    pub(super) fn new(hashes: &[u64], also: &[u64]) -> (IdSet, bool) {
        let len = hashes.len() + also.len();
        let mut set = IdSet {
            slots: vec![EMPTY; len + len / 2 + 1].into_boxed_slice(),
        };
        let mut twice = false;
        for &hash in hashes {
            twice |= !set.insert(hash);
        }
        for &hash in also {
            set.insert(hash);
        }
        (set, twice)
    }

    /// Adds `hash`; `false` when it was there already.
    fn insert(&mut self, hash: u64) -> bool {
        let hash = hash.max(1);
        let mut at = self.home(hash);
        loop {
            match self.slots[at] {
                EMPTY => {
                    self.slots[at] = hash;
                    return true;
                }
                h if h == hash => return false,
                _ => at = self.next(at),
            }
        }
    }

    #[inline]
    pub(super) fn contains(&self, hash: u64) -> bool {
        if self.slots.is_empty() {
            return false;
        }
        let hash = hash.max(1);
        let mut at = self.home(hash);
        loop {
            match self.slots[at] {
                EMPTY => return false,
                h if h == hash => return true,
                _ => at = self.next(at),
            }
        }
    }

    /// Every hash in the set, in no order.
    pub(super) fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots.iter().copied().filter(|&h| h != EMPTY)
    }

    fn next(&self, at: usize) -> usize {
        if at + 1 == self.slots.len() {
            0
        } else {
            at + 1
        }
    }

    /// Where `hash` belongs: the slots divide the range of hashes evenly.
    fn home(&self, hash: u64) -> usize {
        ((u128::from(hash) * self.slots.len() as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_finds_what_it_holds_and_says_what_came_twice() {
        let hashes: Vec<u64> = (0..200u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        for n in [0, 1, 2, 3, 7, 64, 200] {
            let (set, twice) = IdSet::new(&hashes[..n], &[]);
            assert!(!twice, "{n}");
            assert!(hashes[..n].iter().all(|&h| set.contains(h)), "{n}");
            assert!(hashes[n..].iter().all(|&h| !set.contains(h)), "{n}");
            let mut all: Vec<u64> = set.iter().collect();
            all.sort_unstable();
            let mut want = hashes[..n].to_vec();
            want.sort_unstable();
            // 0 is kept as 1.
            want.iter_mut().for_each(|h| *h = (*h).max(1));
            assert_eq!(all, want, "{n}");
        }
        let (set, twice) = IdSet::new(&[5, u64::MAX, 5], &[]);
        assert!(twice);
        // What comes in `also` may be there already.
        let (set_also, twice) = IdSet::new(&[5, 6], &[6, 7]);
        assert!(!twice);
        assert!([5, 6, 7].iter().all(|&h| set_also.contains(h)));
        assert!(set.contains(5) && set.contains(u64::MAX) && !set.contains(6));
        assert!(!IdSet::default().contains(1));
    }
}
