//! Escaping text for HTML: every value leidraad writes into a page passes here.

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
    // U+FFFD, so that no page holds one: the labels of the built-in templates start with it
    // (`output/labels.rs`).
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

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_nul() {
        assert_eq!(
            super::escape("<a href=\"x\">Tom & Jerry's\0</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s\u{fffd}&lt;/a&gt;\u{1}"
        );
    }
}
