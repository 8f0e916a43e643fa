//! Labelling a built-in template, once when the theme loads.

use super::*;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
