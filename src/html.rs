//! Escaping text for HTML (every value leidraad writes into a page passes here), and finding
//! a byte in markup.

/// Escapes text for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Escapes text for HTML into a buffer.
pub fn escape_into(out: &mut String, text: &str) {
    let _ = escape_with(text, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// Escapes text for HTML, handing the escaped text to `push` piece by piece.
pub fn escape_with<E>(text: &str, mut push: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    // NUL, which HTML has no use for (a browser drops it or reads U+FFFD), is written as
    // U+FFFD, so that no page holds one: the labels of the built-in templates are NULs
    // (`output/labels/`).
    const fn special(b: u8) -> bool {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0)
    }
    // Every value a template prints passes here, and most need no escaping: one pass without
    // an early exit (so the compiler checks many bytes at a time) finds out.
    if !text.bytes().fold(false, |found, b| found | special(b)) {
        return push(text);
    }
    // Copy the runs between the special characters whole. They are ASCII, so every index
    // found is a character boundary.
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = special(b as u8);
            b += 1;
        }
        table
    };
    let mut run = 0;
    for (i, b) in text.bytes().enumerate() {
        if !SPECIAL[usize::from(b)] {
            continue;
        }
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => "\u{fffd}",
        };
        push(&text[run..i])?;
        push(entity)?;
        run = i + 1;
    }
    push(&text[run..])
}

/// The index of the first `c` in `hay`, eight bytes at a time: for the short distances in
/// markup (the end of an attribute's value, a URL's `#`) this costs less than setting up
/// `memchr`. The verifier reads values and URLs with it.
#[inline]
pub fn find_byte(hay: &[u8], c: u8) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_nul() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's\0</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s\u{fffd}&lt;/a&gt;\u{1}"
        );
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
}
