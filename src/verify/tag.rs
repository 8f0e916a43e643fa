//! The start tags the scan reads: what kind of element each opens, and its attributes, read
//! only as far as the scan needs them.

use super::*;

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

/// A start tag whose attributes are read as the scan needs them.
pub(super) struct OpenTag {
    /// Where its name starts, after the `<`.
    pub(super) start: usize,
    /// How far its attributes have been read.
    pub(super) at: usize,
    /// Its name has been read: `at` is past it.
    named: bool,
    /// Its `>` has been read.
    pub(super) ended: bool,
    had_id: bool,
}

/// An attribute of a start tag.
pub(super) struct Attribute {
    pub(super) name: Range<usize>,
    pub(super) value: Option<Range<usize>>,
}

/// What reading a tag's attributes up to a candidate found.
pub(super) enum Read<'h> {
    /// The candidate is an attribute: its value.
    Found(&'h [u8]),
    /// The candidate is not an attribute (it is in a value).
    NotHere,
    /// The tag ended before it: it is in text.
    Ended,
    /// The page ended.
    Eof,
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

impl OpenTag {
    pub(super) fn new(start: usize) -> OpenTag {
        OpenTag {
            start,
            at: start,
            named: false,
            ended: false,
            had_id: false,
        }
    }

    pub(super) fn name_end(&self, b: &[u8]) -> usize {
        b[self.start..]
            .iter()
            .position(|&c| is(c, NAME_END))
            .map_or(b.len(), |n| self.start + n)
    }

    pub(super) fn kind(&self, b: &[u8]) -> Tag {
        Tag::of(&b[self.start..self.name_end(b)])
    }

    /// Its kind as far as [`attribute`] needs it for an attribute of this name: only `href`
    /// and `name` depend on it (`<base href>`, `<a name>`).
    pub(super) fn kind_for(&self, b: &[u8], attribute: &[u8]) -> Tag {
        match (attribute.len(), b[self.start] | 0x20) {
            (4, b'a' | b'b') => self.kind(b),
            _ => Tag::Other,
        }
    }

    /// Hands an attribute of the tag to `found` when it is one the verifier reads (`attr`),
    /// unless it is an `id` after the tag's first: as in a browser, only the first counts.
    #[inline]
    pub(super) fn report<'h>(
        &mut self,
        attr: Option<Attr>,
        value: &'h [u8],
        found: &mut impl FnMut(Attr, &'h [u8]),
    ) {
        match attr {
            Some(Attr::Id) if self.had_id => {}
            Some(attr) => {
                self.had_id |= attr == Attr::Id;
                found(attr, value);
            }
            None => {}
        }
    }

    /// The next attribute, or `None` at the tag's end (`ended`) or the page's.
    pub(super) fn next(&mut self, b: &[u8]) -> Option<Attribute> {
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
    pub(super) fn attribute_at<'h>(&mut self, b: &'h [u8], name: usize, eq: usize) -> Read<'h> {
        if !self.named && plain_before(&b[self.start..name]) {
            return match value_at(b, eq) {
                Some(value) => Read::Found(value),
                None => Read::Eof,
            };
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
                        Some(value) => Read::Found(&b[value]),
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

/// The value of the attribute whose `=` is at `eq`; `None` at the end of the page.
fn value_at(b: &[u8], eq: usize) -> Option<&[u8]> {
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
