//! Labels in the built-in templates, so that the verifier need not scan what they write.
//!
//! When a site uses only the built-in templates, each is labelled once when the theme loads
//! ([`label_template`]). A label is a [`LABEL`] (NUL) written over one byte of the template,
//! so that a page is as long with its labels as without them and taking them out moves
//! nothing:
//!
//! - the two quotes of every attribute the verifier reads (`href`, `src`, `srcset`, `poster`,
//!   `id`), which [`unlabel`] turns back into quotes in place, reading which attribute it is
//!   from the name before the `=`;
//! - the two bytes around every value printed unescaped between elements (a page's text, a
//!   checklist item's HTML), which the templates write in one of two forms:
//!   `\n{{ x | safe }}\n<` (the two newlines are the labels) or `>{{ x | safe }}</` (the
//!   `>` and the `<`). [`unlabel`] reads the form from the byte after the second label.
//!
//! So after a page is rendered, [`unlabel`] says where each labelled attribute's value and
//! each unescaped text is in it, from its labels alone, found 64 bytes at a time. Nothing else
//! in a page holds a NUL: the escape function writes one in a printed value as U+FFFD (and no
//! labelled attribute prints a value unescaped); the values printed unescaped are HTML made
//! from the site's sources, in which `SourceText` replaced every NUL (and Markdown reads
//! `&#0;` as U+FFFD too), or made by leidraad. A NUL after the name of an attribute the
//! verifier reads and its `=` opens that attribute's value, and the next NUL closes it; any
//! other is the first label of a text, so no value printed in a tag right before a text may
//! end in such a name and `=` (the built-in templates print only `lang` and `dir` there).
//! Debug builds scan every labelled page as well and assert that both agree (`verify/`), so
//! every test of a page is also a test of the labels.

use std::ops::Range;

/// The byte labels are made of.
pub const LABEL: u8 = 0;

/// An attribute the verifier reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attr {
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

/// The attributes a label may stand in, by name as the built-in templates write them.
const NAMES: [(&[u8], Attr); 6] = [
    (b"href", Attr::Href),
    (b"id", Attr::Id),
    (b"src", Attr::Src),
    (b"srcset", Attr::Srcset),
    (b"poster", Attr::Poster),
    (b"xlink:href", Attr::Href),
];

/// Where a labelled page's attributes and unescaped texts are, once the labels are out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labelled {
    /// Each attribute the verifier reads that the templates wrote, with where its value is
    /// (as written, still HTML-escaped).
    pub attrs: Vec<(Attr, Range<usize>)>,
    /// Each value printed unescaped between elements, in order.
    pub texts: Vec<Range<usize>>,
}

/// The template `text` with its labels; `None` when it holds something the labels cannot
/// stand in for (an attribute the verifier reads whose value is not in double quotes, prints
/// a value unescaped or whose name is not written in lower case, `<base href>`, `<a name>`, a
/// text printed unescaped with Tera's whitespace control or after a `=`): then no template
/// is labelled and every page is scanned.
pub fn label_template(text: &str) -> Option<String> {
    // Where tags are is read with Tera's comments blanked out (the same length).
    let b = &without_comments(text);
    let mut out = String::with_capacity(text.len() + 64);
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && attribute_at(b, i)? {
            // The two quotes.
            let close = closing_quote(b, i + 1)?;
            out.push_str(&text[copied..=i]);
            out.push(char::from(LABEL));
            out.push_str(&text[i + 2..close]);
            out.push(char::from(LABEL));
            copied = close + 1;
            i = copied;
            continue;
        } else if b[i..].starts_with(b"{{") {
            let end = i + memchr::memmem::find(&b[i..], b"}}")? + 2;
            if is_unescaped_text(b, i, end)? {
                if !in_a_form(text.as_bytes(), i, end) {
                    return None;
                }
                out.push_str(&text[copied..i - 1]);
                out.push(char::from(LABEL));
                out.push_str(&text[i..end]);
                out.push(char::from(LABEL));
                copied = end + 1;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// Whether the text printed by the expression at `start..end` of the template `t` is in
/// one of the two forms whose bytes around it a label may stand in for: `\n{{ … }}\n<` after
/// a tag's `>` or a Tera tag or value (with no whitespace control that would take the newline
/// away), or `>{{ … }}</` after a quote, the name of a tag or a Tera tag or value. Never after
/// an `=`, which would read as an attribute's label (see the module for what a Tera value may
/// print there).
fn in_a_form(t: &[u8], start: usize, end: usize) -> bool {
    let before = &t[..start];
    let after = &t[end..];
    match before {
        [.., b'-', b'%' | b'}' | b'#', b'}', b'\n'] => false,
        [.., b'>' | b'}', b'\n'] => after.starts_with(b"\n<"),
        [.., c, b'>'] if *c == b'"' || c.is_ascii_alphanumeric() || *c == b'}' => {
            after.starts_with(b"</")
        }
        _ => false,
    }
}

/// Where the value of an attribute whose opening quote is at `open` ends: at the next `"`
/// of the template outside Tera's tags and values. `None` when there is none, or when the
/// value prints something unescaped, which could hold a `"` of its own.
fn closing_quote(b: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    loop {
        match b.get(i..)? {
            [b'"', ..] => return Some(i),
            [b'{', b'{', ..] => {
                let end = i + memchr::memmem::find(&b[i..], b"}}")? + 2;
                if prints_unescaped(&b[i + 2..end - 2]) {
                    return None;
                }
                i = end;
            }
            [b'{', b'%', ..] => i += memchr::memmem::find(&b[i..], b"%}")? + 2,
            _ => i += 1,
        }
    }
}

/// Whether the Tera expression `expr` (inside `{{ … }}`) ends in the `safe` filter.
fn prints_unescaped(expr: &[u8]) -> bool {
    let inner = expr.strip_suffix(b"-").unwrap_or(expr);
    memchr::memrchr(b'|', inner).is_some_and(|bar| inner[bar + 1..].trim_ascii() == b"safe")
}

/// `text` with each Tera comment (`{# … #}`) made spaces.
fn without_comments(text: &str) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(start) = memchr::memmem::find(&b[from..], b"{#").map(|at| from + at) {
        let end = memchr::memmem::find(&b[start..], b"#}").map_or(b.len(), |at| start + at + 2);
        b[start..end].fill(b' ');
        from = end;
    }
    b
}

/// Whether the `=` at `eq` is that of an attribute a label stands in for, in a tag;
/// `None` when it is one the labels cannot stand in for.
fn attribute_at(b: &[u8], eq: usize) -> Option<bool> {
    let name_start = b[..eq]
        .iter()
        .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b':'))
        .map_or(0, |i| i + 1);
    let name = &b[name_start..eq];
    // Only in a tag, after a space: not `==` in a Tera test, nor `data-id=`.
    let Some(open) = last_tag_open(b, eq) else {
        return Some(false);
    };
    if name.is_empty() || !b[name_start - 1].is_ascii_whitespace() {
        return Some(false);
    }
    let tag = tag_name(&b[open + 1..]);
    let read = |n: &[u8]| name.eq_ignore_ascii_case(n);
    let verified = NAMES.iter().any(|&(n, _)| read(n)) || read(b"name") && tag == b"a";
    if !verified {
        return Some(false);
    }
    let stands_in = NAMES.iter().any(|&(n, _)| name == n)
        && !tag.eq_ignore_ascii_case(b"base")
        && b.get(eq + 1) == Some(&b'"');
    stands_in.then_some(true)
}

/// Where the `<` of the tag that `at` is in starts, when it is in one.
fn last_tag_open(b: &[u8], at: usize) -> Option<usize> {
    memchr::memrchr2(b'<', b'>', &b[..at]).filter(|&i| b[i] == b'<')
}

fn tag_name(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(b.len());
    &b[..end]
}

/// Whether the Tera expression `{{ … }}` at `start..end` prints a value unescaped between
/// elements (not in a tag, nor in a `<script>` or `<style>`); `None` when it does in a way
/// the labels cannot mark: with Tera's whitespace control, which labels beside it would
/// change, or right after a `=`, where the labels would read as an attribute's.
fn is_unescaped_text(b: &[u8], start: usize, end: usize) -> Option<bool> {
    let expr = &b[start + 2..end - 2];
    if !prints_unescaped(expr) {
        return Some(false);
    }
    let in_tag = last_tag_open(b, start).is_some();
    let raw_text = memchr::memrchr(b'<', &b[..start])
        .map(|i| tag_name(&b[i + 1..]))
        .is_some_and(|t| t.eq_ignore_ascii_case(b"script") || t.eq_ignore_ascii_case(b"style"));
    if in_tag || raw_text {
        return Some(false);
    }
    if expr.starts_with(b"-") || expr.ends_with(b"-") || start > 0 && b[start - 1] == b'=' {
        return None;
    }
    Some(true)
}

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

    fn unlabelled(template: &str) -> (String, Option<Labelled>) {
        let mut page = label_template(template).unwrap().into_bytes();
        let labelled = unlabel(&mut page);
        (String::from_utf8(page).unwrap(), labelled)
    }

    #[test]
    fn attributes_the_verifier_reads_are_labelled() {
        let template = r##"<a class="x" href="{{ u }}" data-id="d" id="top">{{ t }}</a>
<img src="i.png" srcset="a.png 2x" alt=""><video poster="p.png"></video>
{% if a == "b" %}<svg><use xlink:href="#s"/></svg>{% endif %}<meta name="m" content="c">
<p>{{ body | safe }}</p><a href="">x</a>"##;
        let labelled = label_template(template).unwrap();
        assert_eq!(labelled.matches('\0').count(), 16);
        assert_eq!(labelled.len(), template.len());
        let (page, labelled) = unlabelled(template);
        assert_eq!(page, template);
        let labelled = labelled.unwrap();
        let found: Vec<(Attr, &str)> = labelled
            .attrs
            .iter()
            .map(|(attr, r)| (*attr, &page[r.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (Attr::Href, "{{ u }}"),
                (Attr::Id, "top"),
                (Attr::Src, "i.png"),
                (Attr::Srcset, "a.png 2x"),
                (Attr::Poster, "p.png"),
                (Attr::Href, "#s"),
                (Attr::Href, ""),
            ]
        );
        let texts: Vec<&str> = labelled.texts.iter().map(|r| &page[r.clone()]).collect();
        assert_eq!(texts, ["{{ body | safe }}"]);
    }

    #[test]
    fn unescaped_texts_between_elements_are_labelled() {
        let template =
            "<div id=\"a\">\n{{ page.body | safe }}\n</div><bdi{{ lang | safe }}>{{ t }}</bdi>\
            <style>{{ css | safe }}</style><p>{{ item.html|safe }}</p>{# <a #}\
            <label for=\"b\"{{ lang | safe }}>{{ x | safe }}</label><a href=\"{{ u }}\">";
        let (page, labelled) = unlabelled(template);
        assert_eq!(page, template);
        let labelled = labelled.unwrap();
        let texts: Vec<&str> = labelled.texts.iter().map(|r| &page[r.clone()]).collect();
        assert_eq!(
            texts,
            [
                "{{ page.body | safe }}",
                "{{ item.html|safe }}",
                "{{ x | safe }}"
            ]
        );
        let attrs: Vec<&str> = labelled
            .attrs
            .iter()
            .map(|(_, r)| &page[r.clone()])
            .collect();
        assert_eq!(attrs, ["a", "{{ u }}"]);
    }

    #[test]
    fn what_labels_cannot_stand_in_for_is_refused() {
        for template in [
            "<a href='{{ u }}'>",
            "<a href={{ u }}>",
            "<a HREF=\"{{ u }}\">",
            "<base href=\"/\">",
            "<a name=\"n\">",
            "<p>{{- body | safe }}</p>",
            "<p>x={{ body | safe }}</p>",
            "<p class=>{{ body | safe }}</p>",
            "<p>x href=\n{{ body | safe }}\n</p>",
            "<p> {{ body | safe }}</p>",
            "<p>{{ body | safe }}\n</p>",
            "<div>\n{{ body | safe }}\n\n</div>",
            "{% if a -%}\n{{ body | safe }}\n</div>",
            "{{ body | safe }}</div>",
        ] {
            assert_eq!(label_template(template), None, "{template}");
        }
        assert!(label_template("<a class='c' data-x={{ u }}><meta name=\"m\">").is_some());
    }

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
