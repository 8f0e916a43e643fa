//! Taking the labels out of a rendered page, and reading what they marked.

use super::*;

/// Puts back the bytes that labels stand in for, and says where what they marked is. Labels
/// that do not stand where labels can (a value or a text that does not end, a text not in
/// one of its two forms) are still put back, but leave the page's labels unread (`None`): the
/// page is then scanned whole.
pub fn unlabel(page: &mut [u8]) -> Option<Labelled> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { unlabel_avx2(page) };
    }
    unlabel_with(page, labels64)
}

/// [`unlabel`] compiled for AVX2, so that [`labels64_avx2`] is inlined in its loop.
///
/// # Safety
///
/// The CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn unlabel_avx2(page: &mut [u8]) -> Option<Labelled> {
    // SAFETY: this function is only called where the CPU has AVX2.
    unlabel_with(page, |block| unsafe { labels64_avx2(block) })
}

/// [`unlabel`], with `labels` to find the labels of 64 bytes at once (most of a page holds
/// none).
#[inline(always)]
fn unlabel_with(page: &mut [u8], labels: impl Fn(&[u8; 64]) -> u64) -> Option<Labelled> {
    let mut labelled = Labelled {
        attrs: Vec::with_capacity(128),
        texts: Vec::new(),
    };
    let mut ok = true;
    // What the last label opened, if anything.
    let mut open: Option<(usize, Option<Attr>)> = None;
    let mut from = 0;
    while let Some((block, mut bits)) = next_labels(page, from, &labels) {
        from = block + 64;
        while bits != 0 {
            let at = block + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            match open.take() {
                None => open = Some((at, named(&page[..at]))),
                Some((start, Some(attr))) => {
                    page[start] = b'"';
                    page[at] = b'"';
                    labelled.attrs.push((attr, start + 1..at));
                }
                Some((start, None)) => {
                    let (before, after) = match page.get(at + 1) {
                        Some(b'<') => (b'\n', b'\n'),
                        Some(b'/') => (b'>', b'<'),
                        _ => {
                            ok = false;
                            (b'\n', b'\n')
                        }
                    };
                    page[start] = before;
                    page[at] = after;
                    labelled.texts.push(start + 1..at);
                }
            }
        }
    }
    if let Some((start, attr)) = open {
        page[start] = if attr.is_some() { b'"' } else { b'\n' };
        ok = false;
    }
    ok.then_some(labelled)
}

/// The first block of 64 bytes from `from` on (the last one shorter) that holds a label, and
/// one bit for each label in it.
#[inline(always)]
fn next_labels(
    page: &[u8],
    from: usize,
    labels: impl Fn(&[u8; 64]) -> u64,
) -> Option<(usize, u64)> {
    let blocks = page.get(from..)?.chunks_exact(64);
    let rest = blocks.remainder();
    for (i, block) in blocks.enumerate() {
        let bits = <&[u8; 64]>::try_from(block).map_or(0, &labels);
        if bits != 0 {
            return Some((from + 64 * i, bits));
        }
    }
    let mut block = [!LABEL; 64];
    block[..rest.len()].copy_from_slice(rest);
    let bits = labels(&block);
    (bits != 0).then(|| (page.len() - rest.len(), bits))
}

/// One bit for each label of 64 bytes.
fn labels64(block: &[u8; 64]) -> u64 {
    block
        .iter()
        .enumerate()
        .fold(0, |bits, (i, &c)| bits | (u64::from(c == LABEL) << i))
}

/// [`labels64`] with AVX2.
///
/// # Safety
///
/// The CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
unsafe fn labels64_avx2(block: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8, _mm256_testz_si256,
    };
    let label = _mm256_set1_epi8(LABEL as i8);
    // SAFETY: each load reads 32 bytes of `block`, which is 64 long, and needs no alignment.
    let (low, high) = unsafe {
        (
            _mm256_loadu_si256(block.as_ptr().cast::<__m256i>()),
            _mm256_loadu_si256(block.as_ptr().add(32).cast::<__m256i>()),
        )
    };
    let (low, high) = (
        _mm256_cmpeq_epi8(low, label),
        _mm256_cmpeq_epi8(high, label),
    );
    // Most blocks have none: told by one test.
    let any = _mm256_or_si256(low, high);
    if _mm256_testz_si256(any, any) == 1 {
        return 0;
    }
    let low = _mm256_movemask_epi8(low) as u32;
    let high = _mm256_movemask_epi8(high) as u32;
    u64::from(low) | (u64::from(high) << 32)
}

/// The attribute whose `=` ends `before`, of those a label stands in for ([`NAMES`], which a
/// test holds this to): read from the end, a few bytes compared at once, as it is for every
/// label of every page.
#[inline(always)]
fn named(before: &[u8]) -> Option<Attr> {
    let (attr, len) = match before {
        [.., b'h', b'r', b'e', b'f', b'='] => (Attr::Href, 4),
        [.., b'i', b'd', b'='] => (Attr::Id, 2),
        [.., b's', b'r', b'c', b'='] => (Attr::Src, 3),
        [.., b's', b'r', b'c', b's', b'e', b't', b'='] => (Attr::Srcset, 6),
        [.., b'p', b'o', b's', b't', b'e', b'r', b'='] => (Attr::Poster, 6),
        _ => return None,
    };
    match before[..before.len() - len - 1] {
        [.., c] if c.is_ascii_whitespace() => Some(attr),
        [.., c, b'x', b'l', b'i', b'n', b'k', b':'] if len == 4 && c.is_ascii_whitespace() => {
            Some(attr)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_labels_out_of_place_is_left_to_the_scan() {
        let pages = [
            &b"<p>\0\0x"[..],
            b"<p>\0x",
            b"<a href=\0x",
            b"<a href=\0x\0\0\"",
            b"<a class=\0x\"",
            b"\0",
        ];
        for page in pages {
            let mut page = page.to_vec();
            assert_eq!(unlabel(&mut page), None, "{page:?}");
            assert!(!page.contains(&LABEL), "{page:?}");
        }
    }

    #[test]
    fn each_name_is_read_back_and_nothing_else() {
        for (name, attr) in NAMES {
            let before = [b" ", name, b"="].concat();
            assert_eq!(named(&before), Some(attr), "{attr:?}");
            assert_eq!(named(&[b"\n", name, b"="].concat()), Some(attr), "{attr:?}");
            assert_eq!(named(&before[1..]), None, "{attr:?}");
            assert_eq!(named(&[b" data-", name, b"="].concat()), None, "{attr:?}");
            assert_eq!(named(&before[..before.len() - 1]), None, "{attr:?}");
        }
        for before in [&b" name="[..], b" xhref=", b"=", b"", b" x:href="] {
            assert_eq!(named(before), None, "{before:?}");
        }
    }

    #[test]
    fn a_value_ends_at_its_closing_label() {
        let value_of = |page: &str| {
            let mut page = page.as_bytes().to_vec();
            unlabel(&mut page).map(|labelled| labelled.attrs[0].1.len())
        };
        for len in 0..20 {
            let value = "é".repeat(len / 2) + &"a".repeat(len % 2);
            let quoted = format!("<a href=\0{value}\0 id=\0x\0>");
            assert_eq!(value_of(&quoted), Some(value.len()), "{len}");
            assert_eq!(
                value_of(&format!("<a href=\0{value}\0 id=\0x")),
                None,
                "{len}"
            );
            assert_eq!(value_of(&format!("<a href=\0{value}\"")), None, "{len}");
        }
    }

    #[test]
    fn labels_are_found_wherever_they_fall_in_a_block() {
        let plain = "<a href=\"../x/\" id=\"y\">\n<p>t</p>\n</a><b>z</b>";
        let labelled = "<a href=\0../x/\0 id=\0y\0>\0<p>t</p>\0</a><b\0z\0/b>";
        for pad in 0..140 {
            let mut page =
                format!("{}{labelled}{}", " ".repeat(pad), " ".repeat(pad % 7)).into_bytes();
            let found = unlabel(&mut page).unwrap();
            assert_eq!(
                String::from_utf8(page).unwrap(),
                format!("{}{}{}", " ".repeat(pad), plain, " ".repeat(pad % 7)),
                "{pad}"
            );
            let attrs: Vec<(Attr, Range<usize>)> = vec![
                (Attr::Href, pad + 9..pad + 14),
                (Attr::Id, pad + 20..pad + 21),
            ];
            assert_eq!(found.attrs, attrs, "{pad}");
            assert_eq!(
                found.texts,
                [pad + 24..pad + 32, pad + 40..pad + 41],
                "{pad}"
            );
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn labels_are_found_alike_with_avx2_and_without() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        let mut block = [b'x'; 64];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2000 {
            for byte in &mut block {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *byte = if seed.is_multiple_of(5) {
                    LABEL
                } else {
                    (seed >> 8) as u8 | 1
                };
            }
            // SAFETY: the CPU has AVX2, checked above.
            let avx2 = unsafe { labels64_avx2(&block) };
            assert_eq!(avx2, labels64(&block), "{block:?}");
        }
    }
}
