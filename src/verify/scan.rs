//! The scan of a page for its links and ids: not a parser, it visits only the page's `<` and
//! `=` and reads a tag only where an attribute it cares about may stand.

use super::*;

/// A URL as the browser reads it: character references decoded, tabs and newlines dropped
/// (`java&#9;script:` is `javascript:`).
pub(super) fn clean(written: &[u8]) -> Cow<'_, [u8]> {
    let url = unescape(written);
    if !url.iter().any(|&c| matches!(c, b'\t' | b'\n' | b'\r')) {
        return url;
    }
    Cow::Owned(
        url.iter()
            .copied()
            .filter(|c| !matches!(c, b'\t' | b'\n' | b'\r'))
            .collect(),
    )
}

/// An attribute the verifier reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Attr {
    Id,
    /// `name` of an `<a>`: a fragment finds it too.
    Name,
    /// `href` of `<base>`.
    Base,
    Href,
    Src,
    Srcset,
    Poster,
}

/// What the scanner needs to know of an element.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    A,
    Base,
    /// Its text is not markup (`<script>`, `<style>`, …): skipped to its end tag.
    RawText,
    /// `<plaintext>`: the rest of the page is text.
    Plaintext,
    Other,
}

impl Tag {
    #[inline]
    fn of(name: &[u8]) -> Tag {
        let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
        match (name.len(), name[0] | 0x20) {
            (1, b'a') => Tag::A,
            (4, b'b') if is(b"base") => Tag::Base,
            (6, b's') if is(b"script") => Tag::RawText,
            (5, b's') if is(b"style") => Tag::RawText,
            (5, b't') if is(b"title") => Tag::RawText,
            (8, b't') if is(b"textarea") => Tag::RawText,
            (3, b'x') if is(b"xmp") => Tag::RawText,
            (6, b'i') if is(b"iframe") => Tag::RawText,
            (7, b'n') if is(b"noembed") => Tag::RawText,
            (8, b'n') if is(b"noframes") => Tag::RawText,
            (9, b'p') if is(b"plaintext") => Tag::Plaintext,
            _ => Tag::Other,
        }
    }
}

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
pub(super) fn scan<'h>(b: &'h [u8], mut found: impl FnMut(Attr, &'h [u8])) {
    let mut marks = Marks::new(b);
    // Where the last start tag's name starts, after its `<`, while the scan may be in it.
    let mut last = None;
    // That tag, once a candidate in it is looked at.
    let mut open: Option<OpenTag> = None;
    while let Some(p) = marks.next() {
        if b[p] == b'=' {
            let (Some(start), Some(name)) = (last, candidate(b, p)) else {
                continue;
            };
            if name <= start {
                continue;
            }
            let tag = match &mut open {
                Some(tag) if tag.start == start => tag,
                _ => open.insert(OpenTag::new(start)),
            };
            match tag.attribute_at(b, name, p) {
                Read::Found(name, value) => match attribute(name, tag.kind_for(b, name)) {
                    Some(Attr::Id) if tag.had_id => {}
                    Some(attr) => {
                        tag.had_id |= attr == Attr::Id;
                        found(attr, value);
                    }
                    None => {}
                },
                Read::NotHere => {}
                Read::Ended => last = None,
                Read::Eof => return,
            }
            continue;
        }
        let Some(&first) = b.get(p + 1) else { return };
        last = None;
        match first {
            _ if first.is_ascii_alphabetic() => {
                // Only these begin the names of elements whose text is not markup: `<script`,
                // `<style`, `<title`, `<textarea`, `<xmp`, `<iframe`, `<noembed`, `<noframes`,
                // `<plaintext`.
                let raw = matches!(
                    (first | 0x20, b.get(p + 2).map_or(0, |c| c | 0x20)),
                    (b's', b'c' | b't')
                        | (b't', b'i' | b'e')
                        | (b'x', b'm')
                        | (b'i', b'f')
                        | (b'n', b'o')
                        | (b'p', b'l')
                );
                if raw {
                    let mut tag = OpenTag::new(p + 1);
                    if let kind @ (Tag::RawText | Tag::Plaintext) = tag.kind(b) {
                        // Its attributes all read now (`<script src>`), then its text skipped.
                        let end = loop {
                            match tag.next(b) {
                                Some(Attribute {
                                    name,
                                    value: Some(value),
                                }) => match attribute(&b[name], kind) {
                                    Some(Attr::Id) if tag.had_id => {}
                                    Some(attr) => {
                                        tag.had_id |= attr == Attr::Id;
                                        found(attr, &b[value]);
                                    }
                                    None => {}
                                },
                                Some(Attribute { value: None, .. }) => {}
                                None => break tag.at,
                            }
                        };
                        if kind == Tag::Plaintext {
                            return;
                        }
                        marks.skip_to(end_tag(b, end, &b[tag.start..tag.name_end(b)]));
                        continue;
                    }
                }
                last = Some(p + 1);
            }
            b'!' if b[p + 1..].starts_with(b"!--") => marks.skip_to(past(b, p + 4, b"-->")),
            b'!' if b[p + 1..].starts_with(b"![CDATA[") => marks.skip_to(past(b, p + 9, b"]]>")),
            b'!' | b'?' => marks.skip_to(past(b, p + 1, b">")),
            // An end tag, or a `<` in text.
            _ => {}
        }
    }
}

/// Where the name before the `=` at `eq` starts, when it is one the verifier reads and
/// stands after a space (or `xlink:`); looked at backwards from the `=`, without reading
/// the tag.
#[inline]
pub(super) fn candidate(b: &[u8], eq: usize) -> Option<usize> {
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
        Some(c) if is(c, SPACE) => Some(start),
        // `xlink:href`
        Some(b':') if last == b'f' && start >= 7 && is(b[start - 7], SPACE) => Some(start - 6),
        _ => None,
    }
}

/// The value of the attribute whose `=` is at `eq`; `None` at the end of the page.
pub(super) fn value_at(b: &[u8], eq: usize) -> Option<&[u8]> {
    let len = b.len();
    let mut j = eq + 1;
    while j < len && is(b[j], SPACE) {
        j += 1;
    }
    match b.get(j)? {
        &quote @ (b'"' | b'\'') => {
            let from = j + 1;
            let to = find_byte(&b[from..], quote).map_or(len, |at| from + at);
            Some(&b[from..to])
        }
        _ => {
            let to = b[j..]
                .iter()
                .position(|&c| is(c, VALUE_END))
                .map_or(len, |at| j + at);
            Some(&b[j..to])
        }
    }
}

/// A start tag whose attributes are read as the scan needs them.
pub(super) struct OpenTag {
    /// Where its name starts, after the `<`.
    start: usize,
    /// How far its attributes have been read.
    at: usize,
    /// Its name has been read: `at` is past it.
    named: bool,
    /// Its `>` has been read.
    ended: bool,
    had_id: bool,
}

/// An attribute of a start tag.
pub(super) struct Attribute {
    name: Range<usize>,
    value: Option<Range<usize>>,
}

/// What reading a tag's attributes up to a candidate found.
pub(super) enum Read<'h> {
    /// The candidate is an attribute: its name and value.
    Found(&'h [u8], &'h [u8]),
    /// The candidate is not an attribute (it is in a value).
    NotHere,
    /// The tag ended before it: it is in text.
    Ended,
    /// The page ended.
    Eof,
}

impl OpenTag {
    fn new(start: usize) -> OpenTag {
        OpenTag {
            start,
            at: start,
            named: false,
            ended: false,
            had_id: false,
        }
    }

    fn name_end(&self, b: &[u8]) -> usize {
        b[self.start..]
            .iter()
            .position(|&c| is(c, NAME_END))
            .map_or(b.len(), |n| self.start + n)
    }

    fn kind(&self, b: &[u8]) -> Tag {
        Tag::of(&b[self.start..self.name_end(b)])
    }

    /// Its kind as far as [`attribute`] needs it for an attribute of this name: only `href`
    /// and `name` depend on it (`<base href>`, `<a name>`).
    fn kind_for(&self, b: &[u8], attribute: &[u8]) -> Tag {
        match (attribute.len(), b[self.start] | 0x20) {
            (4, b'a' | b'b') => self.kind(b),
            _ => Tag::Other,
        }
    }

    /// The next attribute, or `None` at the tag's end (`ended`) or the page's.
    fn next(&mut self, b: &[u8]) -> Option<Attribute> {
        let len = b.len();
        let mut j = self.at;
        if !self.named {
            self.named = true;
            j = self.name_end(b);
        }
        while j < len && is(b[j], SPACE | SLASH) {
            j += 1;
        }
        let &c = b.get(j)?;
        if c == b'>' {
            self.at = j + 1;
            self.ended = true;
            return None;
        }
        let from = j;
        // An attribute's name may begin with `=`.
        j += 1;
        while j < len && !is(b[j], NAME_END) {
            j += 1;
        }
        let name = from..j;
        while j < len && is(b[j], SPACE) {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            self.at = j;
            return Some(Attribute { name, value: None });
        }
        j += 1;
        while j < len && is(b[j], SPACE) {
            j += 1;
        }
        let value = match b.get(j)? {
            &quote @ (b'"' | b'\'') => {
                let from = j + 1;
                let to = find_byte(&b[from..], quote).map_or(len, |at| from + at);
                j = (to + 1).min(len);
                from..to
            }
            _ => {
                let from = j;
                while j < len && !is(b[j], VALUE_END) {
                    j += 1;
                }
                from..j
            }
        };
        self.at = j;
        Some(Attribute {
            name,
            value: Some(value),
        })
    }

    /// The attribute whose name starts at `name` and whose `=` is at `eq`, if that is one.
    /// Most often every value before it in the tag is in double quotes and no `>` is among
    /// them: then it is, known by counting quotes; otherwise the tag is read up to it.
    fn attribute_at<'h>(&mut self, b: &'h [u8], name: usize, eq: usize) -> Read<'h> {
        if !self.named {
            let mut quoted = false;
            let mut plain = true;
            for &c in &b[self.start..name] {
                match c {
                    b'"' => quoted = !quoted,
                    b'\'' | b'>' => {
                        plain = false;
                        break;
                    }
                    _ => {}
                }
            }
            if plain && !quoted {
                return match value_at(b, eq) {
                    Some(value) => Read::Found(b[name..eq].trim_ascii_end(), value),
                    None => Read::Eof,
                };
            }
        }
        self.read_to(b, name)
    }

    /// Reads attributes up to the one whose name starts at `name`.
    fn read_to<'h>(&mut self, b: &'h [u8], name: usize) -> Read<'h> {
        if self.ended {
            return Read::Ended;
        }
        loop {
            let before = self.at;
            match self.next(b) {
                Some(attribute) if attribute.name.start == name => {
                    return match attribute.value {
                        Some(value) => Read::Found(&b[attribute.name], &b[value]),
                        None => Read::NotHere,
                    }
                }
                Some(attribute) if attribute.name.start > name => {
                    // Read again when its own `=` comes.
                    self.at = before;
                    return Read::NotHere;
                }
                Some(_) => {}
                None if self.ended => return Read::Ended,
                None => return Read::Eof,
            }
        }
    }
}

/// The index of the first `c` in `hay`, eight bytes at a time: for the short distances in
/// markup (the end of an attribute's value) this costs less than setting up `memchr`.
#[inline]
pub(super) fn find_byte(hay: &[u8], c: u8) -> Option<usize> {
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
    while let Some(at) = memmem::find(b.get(i..).unwrap_or_default(), b"</") {
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
