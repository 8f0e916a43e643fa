//! Where a page's `<` and `=` are, found 32 bytes at a time.

/// The positions of every `<` and `=` of a page, in order, found 32 bytes at a time when the
/// scan gets to them: the bytes it skips (the texts whose ids and URLs are known, comments,
/// scripts) are not looked at.
pub(super) struct Marks<'b> {
    b: &'b [u8],
    /// The block of `bits`: bytes `32 * block ..`.
    block: usize,
    /// The positions in the block not yet returned, one bit each.
    bits: u32,
}

impl<'b> Marks<'b> {
    pub(super) fn new(b: &'b [u8]) -> Marks<'b> {
        Marks {
            bits: block_marks(b, 0),
            b,
            block: 0,
        }
    }

    /// Returns no position before `to` any more.
    pub(super) fn skip_to(&mut self, to: usize) {
        if to / 32 > self.block {
            self.block = to / 32;
            self.bits = block_marks(self.b, self.block);
        }
        let below = to.saturating_sub(self.block * 32).min(32) as u32;
        self.bits &= u32::MAX.checked_shl(below).unwrap_or(0);
    }
}

impl Iterator for Marks<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            self.block += 1;
            if self.block * 32 >= self.b.len() {
                return None;
            }
            self.bits = block_marks(self.b, self.block);
        }
        let at = self.block * 32 + self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(at)
    }
}

/// The marks of block `block` of `b` (its bytes `32 * block ..`), none past the end.
#[inline]
fn block_marks(b: &[u8], block: usize) -> u32 {
    let start = block * 32;
    match b.get(start..start + 32) {
        Some(chunk) => <&[u8; 32]>::try_from(chunk).map_or(0, marks32),
        None => {
            let rest = b.get(start..).unwrap_or_default();
            let mut bytes = [b' '; 32];
            bytes[..rest.len()].copy_from_slice(rest);
            marks32(&bytes)
        }
    }
}

/// One bit for each `<` and `=` of 32 bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
pub(super) fn marks32(bytes: &[u8; 32]) -> u32 {
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
pub(super) fn marks32(bytes: &[u8; 32]) -> u32 {
    marks32_portable(bytes)
}

/// [`marks32`] without vector instructions.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
pub(super) fn marks32_portable(bytes: &[u8; 32]) -> u32 {
    bytes.iter().enumerate().fold(0, |bits, (i, &c)| {
        bits | (u32::from(c == b'<' || c == b'=') << i)
    })
}

/// Whether the bytes of a start tag before an attribute's name hold neither `'` nor `>` and
/// an even number of `"`: then every value before the name is in double quotes and closed, and
/// the name is an attribute's. Looked at 16 bytes at a time.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(super) fn plain_before(bytes: &[u8]) -> bool {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // The number of `"` in 16 bytes, or `None` when there is a `'` or a `>`.
    let quotes = |bytes: &[u8; 16]| {
        // SAFETY: SSE2 is enabled (the `cfg` above); the load reads the 16 bytes of `bytes`
        // and needs no alignment.
        let (quote, other) = unsafe {
            let v = _mm_loadu_si128(bytes.as_ptr().cast::<__m128i>());
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let apostrophe = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\'' as i8));
            let gt = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'>' as i8));
            (
                _mm_movemask_epi8(quote),
                _mm_movemask_epi8(_mm_or_si128(apostrophe, gt)),
            )
        };
        (other == 0).then_some(quote.count_ones())
    };
    let mut count = 0;
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        match <&[u8; 16]>::try_from(chunk).ok().and_then(quotes) {
            Some(n) => count += n,
            None => return false,
        }
    }
    let mut last = [b' '; 16];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    quotes(&last).is_some_and(|n| (count + n) % 2 == 0)
}

/// [`plain_before`].
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
pub(super) fn plain_before(bytes: &[u8]) -> bool {
    plain_before_portable(bytes)
}

/// [`plain_before`] without vector instructions.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
pub(super) fn plain_before_portable(bytes: &[u8]) -> bool {
    let mut quoted = false;
    for &c in bytes {
        match c {
            b'"' => quoted = !quoted,
            b'\'' | b'>' => return false,
            _ => {}
        }
    }
    !quoted
}
