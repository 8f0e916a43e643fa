//! Attribute values as a browser reads them: `srcset` candidates, character references,
//! percent-encoding.

use super::*;

/// The URLs of a `srcset`: comma-separated candidates, each a URL and optional descriptors
/// (`2x`, `640w`). A comma inside a URL belongs to it, unless it ends the URL (as in HTML).
pub(super) fn srcset(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = value;
    std::iter::from_fn(move || {
        let start = rest
            .iter()
            .position(|&c| !(c.is_ascii_whitespace() || c == b','))?;
        rest = &rest[start..];
        let end = rest
            .iter()
            .position(u8::is_ascii_whitespace)
            .unwrap_or(rest.len());
        let url = &rest[..end];
        rest = &rest[end..];
        if let Some(stripped) = url.strip_suffix(b",") {
            // No descriptors: the comma ends the candidate.
            let keep = stripped.len() - stripped.iter().rev().take_while(|&&c| c == b',').count();
            return Some(&url[..keep]);
        }
        // Descriptors up to the next comma.
        rest = &rest[memchr(b',', rest).unwrap_or(rest.len())..];
        Some(url)
    })
}

/// An attribute value with its character references decoded: the five of XML, `&nbsp;`, those
/// of the characters URLs are made of, and numeric ones. Others are left as written (leidraad
/// and its sanitiser write no others; raw HTML under `raw_html: allow` might).
#[inline(always)]
pub(super) fn unescape(value: &[u8]) -> Cow<'_, [u8]> {
    // Most values hold none, and are short: told where the value is read.
    if !value.contains(&b'&') {
        return Cow::Borrowed(value);
    }
    Cow::Owned(decode_references(value))
}

/// [`unescape`] of a value that holds a `&`.
fn decode_references(value: &[u8]) -> Vec<u8> {
    let first = find_byte(value, b'&').unwrap_or(value.len());
    let mut out = Vec::with_capacity(value.len());
    out.extend_from_slice(&value[..first]);
    let mut rest = &value[first..];
    while let Some(at) = memchr(b'&', rest) {
        out.extend_from_slice(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .iter()
            .position(|&c| !c.is_ascii_alphanumeric() && c != b'#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = match name {
            b"amp" => Some('&'),
            b"lt" => Some('<'),
            b"gt" => Some('>'),
            b"quot" => Some('"'),
            b"apos" => Some('\''),
            b"nbsp" => Some('\u{a0}'),
            b"colon" => Some(':'),
            b"sol" => Some('/'),
            b"bsol" => Some('\\'),
            b"period" => Some('.'),
            b"num" => Some('#'),
            b"quest" => Some('?'),
            b"percnt" => Some('%'),
            b"equals" => Some('='),
            b"commat" => Some('@'),
            b"excl" => Some('!'),
            b"lpar" => Some('('),
            b"rpar" => Some(')'),
            b"comma" => Some(','),
            b"semi" => Some(';'),
            b"plus" => Some('+'),
            b"lowbar" => Some('_'),
            b"Tab" => Some('\t'),
            b"NewLine" => Some('\n'),
            _ => numeric(name),
        };
        match decoded {
            Some(c) => {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                rest = &rest[end..];
                rest = rest.strip_prefix(b";").unwrap_or(rest);
            }
            None => {
                out.push(b'&');
                rest = &rest[1..];
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

/// The character of a numeric reference's name: `#39`, `#x27`.
pub(super) fn numeric(name: &[u8]) -> Option<char> {
    let digits = std::str::from_utf8(name.strip_prefix(b"#")?).ok()?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(code)
}

/// `%XX` decoded; other bytes as they are.
pub(super) fn percent_decode(s: &[u8]) -> Cow<'_, [u8]> {
    if find_byte(s, b'%').is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(s.len());
    push_decoded(&mut out, s);
    Cow::Owned(out)
}

/// Pushes `s` with `%XX` decoded.
pub(super) fn push_decoded(out: &mut Vec<u8>, s: &[u8]) {
    let hex = |c: u8| char::from(c).to_digit(16);
    let mut i = 0;
    while i < s.len() {
        match (
            s[i],
            s.get(i + 1).and_then(|&c| hex(c)),
            s.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                // Two hex digits: at most 255.
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
}
