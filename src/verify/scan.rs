//! The scan of a page for its links and ids: not a parser, it visits only the page's `<` and
//! `=` and reads a tag only where an attribute it cares about may stand.

use super::*;

/// A URL as the browser reads it: character references decoded, tabs and newlines dropped
/// (`java&#9;script:` is `javascript:`).
pub(super) fn clean(written: &[u8]) -> Cow<'_, [u8]> {
    if plain(written) {
        return Cow::Borrowed(written);
    }
    let url = unescape(written);
    // Without stopping at the first, so that it is read many bytes at a time.
    let spaced = url.iter().fold(false, |found, &c| {
        found | matches!(c, b'\t' | b'\n' | b'\r')
    });
    if !spaced {
        return url;
    }
    Cow::Owned(
        url.iter()
            .copied()
            .filter(|c| !matches!(c, b'\t' | b'\n' | b'\r'))
            .collect(),
    )
}

/// Whether a URL as written is what the browser reads, as most are: it holds neither a
/// character reference nor a space or control character. Told in one pass, many bytes at a
/// time.
#[inline]
pub(super) fn plain(written: &[u8]) -> bool {
    written
        .iter()
        .fold(true, |plain, &c| plain & (c > b' ' && c != b'&'))
}

pub(super) use crate::html::find_byte;
pub(super) use crate::output::Attr;

/// Classes of bytes in tags.
pub(super) const SPACE: u8 = 1;
/// Ends an attribute's name: space, `/`, `>`, `=`.
pub(super) const NAME_END: u8 = 2;
/// Ends an unquoted attribute value: space, `>`.
pub(super) const VALUE_END: u8 = 4;
/// `/`, which is skipped between attributes.
pub(super) const SLASH: u8 = 8;
/// The last letter of a name the verifier reads: h`ref`, sr`c`, i`d`, srcse`t`, poste`r`,
/// nam`e`, either case.
pub(super) const LAST: u8 = 16;

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
pub(super) fn is(c: u8, class: u8) -> bool {
    CLASS[usize::from(c)] & class != 0
}

/// Which attribute a name is, of the ones the verifier reads.
#[inline]
pub(super) fn attribute(name: &[u8], tag: Tag) -> Option<Attr> {
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
pub(super) fn scan<'h>(b: &'h [u8], found: impl FnMut(Attr, &'h [u8])) {
    scan_around(b, &[], |_| {}, found);
}

/// [`scan`], passing over the parts of the page in `known` (in order, apart), whose ids and
/// URLs the renderer knows: at each one that starts in text (not in a tag, a comment or the
/// text of a `<script>`), the scan calls `skipped` with its index and goes on after it. A part
/// that does not start in text is scanned as the rest of the page is.
pub(super) fn scan_around<'h>(
    b: &'h [u8],
    known: &[Range<usize>],
    skipped: impl FnMut(usize),
    found: impl FnMut(Attr, &'h [u8]),
) {
    scan_within(b, 0..b.len(), known, skipped, found);
}

/// [`scan`] of the text at `within`, a part of the page `b` that starts in text (an
/// author's text with raw HTML, printed by a labelled template): `false` when what the text
/// begins does not end in it (a comment, a `<script>`, a tag), so that only a scan of the
/// whole page reads it as a browser does.
pub(super) fn scan_text<'h>(
    b: &'h [u8],
    within: Range<usize>,
    found: impl FnMut(Attr, &'h [u8]),
) -> bool {
    let reach = scan_within(b, within.clone(), &[], |_| {}, found);
    reach <= within.end && ends_in_text(b, within)
}

/// Whether the text at `within` ends in text, not in a tag: its last `<` (if any) opens a
/// tag that ends in it, or is an end tag or declaration with a `>` after it. (A `<` that
/// opens nothing counts as a tag that does not end: the answer errs towards `false`.)
fn ends_in_text(b: &[u8], within: Range<usize>) -> bool {
    let text = &b[within.clone()];
    let Some(last) = memchr::memrchr(b'<', text) else {
        return true;
    };
    let start = within.start + last + 1;
    if b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        let mut tag = OpenTag::new(start);
        while tag.next(b).is_some() {}
        tag.ended && tag.at <= within.end
    } else {
        memchr(b'>', &text[last..]).is_some()
    }
}

/// The scan of `within` (from its start, in text, to its end), passing over the parts in
/// `known` ([`scan_around`]). Returns how far it read: past `within.end` when something
/// begun in it ends after it.
fn scan_within<'h>(
    b: &'h [u8],
    within: Range<usize>,
    known: &[Range<usize>],
    mut skipped: impl FnMut(usize),
    mut found: impl FnMut(Attr, &'h [u8]),
) -> usize {
    let mut marks = Marks::new(b);
    marks.skip_to(within.start);
    let mut reach = within.start;
    let mut skip_to = |marks: &mut Marks, to: usize| {
        reach = reach.max(to);
        marks.skip_to(to);
    };
    // Where the last start tag's name starts, after its `<`, while the scan may be in it.
    let mut last = None;
    // That tag, once a candidate in it is looked at.
    let mut open: Option<OpenTag> = None;
    let mut next = 0;
    'marks: while let Some(p) = marks.next().filter(|&p| p < within.end) {
        while let Some(part) = known.get(next).filter(|part| p >= part.start) {
            next += 1;
            if p < part.end && in_text(b, part.start) {
                skipped(next - 1);
                skip_to(&mut marks, part.end);
                (last, open) = (None, None);
                continue 'marks;
            }
        }
        if b[p] == b'=' {
            let (Some(start), Some(name)) = (last, candidate(b, p)) else {
                continue;
            };
            if name.start <= start {
                continue;
            }
            let tag = match &mut open {
                Some(tag) if tag.start == start => tag,
                _ => open.insert(OpenTag::new(start)),
            };
            // Only an attribute the verifier reads is confirmed against its tag (not `type=`,
            // `data-id=` or `<meta name>`).
            let name_bytes = &b[name.clone()];
            let Some(attr) = attribute(name_bytes, tag.kind_for(b, name_bytes)) else {
                continue;
            };
            match tag.attribute_at(b, name.start, p) {
                Read::Found(value) => tag.report(Some(attr), value, &mut found),
                Read::NotHere => {}
                Read::Ended => last = None,
                Read::Eof => return b.len(),
            }
            continue;
        }
        let Some(&first) = b.get(p + 1) else {
            return b.len();
        };
        last = None;
        match first {
            _ if first.is_ascii_alphabetic() => {
                if let Some(text_end) = raw_text(b, p + 1, &mut found) {
                    // Its text skipped; for `<plaintext>`, the rest of the page.
                    skip_to(&mut marks, text_end);
                    continue;
                }
                last = Some(p + 1);
            }
            b'!' if b[p + 1..].starts_with(b"!--") => skip_to(&mut marks, past(b, p + 4, b"-->")),
            b'!' if b[p + 1..].starts_with(b"![CDATA[") => {
                skip_to(&mut marks, past(b, p + 9, b"]]>"));
            }
            b'!' | b'?' => skip_to(&mut marks, past(b, p + 1, b">")),
            // An end tag, or a `<` in text.
            _ => {}
        }
    }
    reach
}

/// Whether `at` is in the text of the page rather than in a tag: the last `<` or `>` before
/// it is a `>`. (Comments and raw text were passed over by the scan before it gets here.)
fn in_text(b: &[u8], at: usize) -> bool {
    memchr::memrchr2(b'<', b'>', &b[..at]).is_none_or(|i| b[i] == b'>')
}

/// Reads the start tag whose name starts at `start` when it opens an element whose text is
/// not markup (`<script>`, `<style>`, …): hands its attributes to `found` (`<script src>`) and
/// returns where its text ends, at its end tag (or the end of the page: the text of
/// `<plaintext>` never ends). `None` for any other element.
fn raw_text<'h>(
    b: &'h [u8],
    start: usize,
    found: &mut impl FnMut(Attr, &'h [u8]),
) -> Option<usize> {
    // Only these begin the names of elements whose text is not markup: `<script`, `<style`,
    // `<title`, `<textarea`, `<xmp`, `<iframe`, `<noembed`, `<noframes`, `<plaintext`.
    let raw = matches!(
        (b[start] | 0x20, b.get(start + 1).map_or(0, |c| c | 0x20)),
        (b's', b'c' | b't')
            | (b't', b'i' | b'e')
            | (b'x', b'm')
            | (b'i', b'f')
            | (b'n', b'o')
            | (b'p', b'l')
    );
    if !raw {
        return None;
    }
    let mut tag = OpenTag::new(start);
    let kind @ (Tag::RawText | Tag::Plaintext) = tag.kind(b) else {
        return None;
    };
    while let Some(Attribute { name, value }) = tag.next(b) {
        if let Some(value) = value {
            tag.report(attribute(&b[name], kind), &b[value], found);
        }
    }
    if kind == Tag::Plaintext {
        return Some(b.len());
    }
    Some(end_tag(b, tag.at, &b[tag.start..tag.name_end(b)]))
}

/// Where the name before the `=` at `eq` is, when it may be one the verifier reads (its last
/// letter and length tell; [`attribute`] then reads it) and stands after a space (or
/// `xlink:`); looked at backwards from the `=`, without reading the tag.
#[inline]
pub(super) fn candidate(b: &[u8], eq: usize) -> Option<Range<usize>> {
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
        Some(c) if is(c, SPACE) => Some(start..end),
        // `xlink:href`
        Some(b':') if last == b'f' && start >= 7 && is(b[start - 7], SPACE) => Some(start - 6..end),
        _ => None,
    }
}

/// The index just past the first `needle` at or after `from`, or the end.
pub(super) fn past(b: &[u8], from: usize, needle: &[u8]) -> usize {
    match memmem::find(b.get(from..).unwrap_or_default(), needle) {
        Some(at) => from + at + needle.len(),
        None => b.len(),
    }
}

/// Where the end tag `</tag` of a raw-text element starts, at or after `from`, or the end.
pub(super) fn end_tag(b: &[u8], from: usize, tag: &[u8]) -> usize {
    let mut i = from;
    // `memchr` for `<`: a `memmem` finder for `</` costs more to set up than the text of a
    // `<title>` or an empty `<script src>` takes to search.
    while let Some(at) = memchr(b'<', b.get(i..).unwrap_or_default()) {
        if b.get(i + at + 1) != Some(&b'/') {
            i += at + 1;
            continue;
        }
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
