//! Slugs: URL segments and anchor ids made from file names and heading text.
//!
//! Slugs stay readable in every language: letters of any script are kept (`cliënt-één`,
//! `الاستماع`), everything else becomes a single `-`.

use unicode_normalization::UnicodeNormalization;

/// Turns text into a slug: lowercase letters and digits of any script, joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    // Lowercase first, then compose: a capital with an accent that has no composed form
    // (T and U+0308) lowercases to one that has (ẗ), and a slug must be NFC whatever its text.
    for c in text.chars().flat_map(char::to_lowercase).nfc() {
        if c.is_alphanumeric() || is_combining_mark(c) || c == '_' {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// The slug a file gets when its front matter sets none: its name without `.md` and without a
/// numeric ordering prefix (`01-ken-jezelf.md` → `ken-jezelf`).
pub fn file_slug(file_name: &str) -> String {
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let slug = slugify(strip_order_prefix(stem));
    if slug.is_empty() {
        slugify(stem)
    } else {
        slug
    }
}

/// Drops a numeric ordering prefix such as `01-` or `2_`.
pub fn strip_order_prefix(stem: &str) -> &str {
    let digits = stem.len() - stem.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return stem;
    }
    match stem[digits..].strip_prefix(['-', '_', '.', ' ']) {
        Some(rest) if !rest.is_empty() => rest,
        _ => stem,
    }
}

/// Checks a slug written in front matter. On failure, says what is wrong.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.trim().is_empty() {
        return Err("the slug is empty".to_owned());
    }
    if slug == "." || slug == ".." {
        return Err(format!("`{slug}` cannot be a slug"));
    }
    if let Some(c) = slug.chars().find(|c| {
        matches!(c, '/' | '\\' | '?' | '#' | '%' | '"' | '<' | '>')
            || c.is_whitespace()
            || c.is_control()
    }) {
        let what = match c {
            '/' | '\\' => "a slash".to_owned(),
            c if c.is_whitespace() => "a space".to_owned(),
            c => format!("`{c}`"),
        };
        return Err(format!("the slug `{slug}` contains {what}"));
    }
    Ok(())
}

/// Combining marks of the common scripts (accents in decomposed text, Arabic and Hebrew
/// vowel signs), which belong to the letter before them.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(slugify(input), expected);
    }

    #[test]
    fn slugs_stay_readable() {
        check("Ken jezelf", "ken-jezelf");
        check("Cliënt één", "cliënt-één");
        check("Cliënt één", "cliënt-één");
        check("  Wat doe je? (en waarom)  ", "wat-doe-je-en-waarom");
        check("الاستماع إلى العميل", "الاستماع-إلى-العميل");
        check("Straße & Größe", "straße-größe");
        check("snake_case", "snake_case");
        check("!!!", "");
        // Issue 9, found by the fuzzer: the slug of a slug is itself, and in NFC.
        check("T\u{308}", "\u{1e97}");
        check("\u{344}TT\u{344}#:", "\u{308}\u{301}t\u{1e97}\u{301}");
    }

    #[test]
    fn file_slugs_drop_the_order_prefix() {
        assert_eq!(file_slug("01-ken-jezelf.md"), "ken-jezelf");
        assert_eq!(file_slug("2_Luister.md"), "luister");
        assert_eq!(file_slug("2026.md"), "2026");
        assert_eq!(file_slug("over.md"), "over");
    }

    #[test]
    fn front_matter_slugs_are_checked() {
        assert!(check_slug("know-yourself").is_ok());
        assert!(check_slug("über").is_ok());
        assert!(check_slug("a/b").unwrap_err().contains("slash"));
        assert!(check_slug("..").is_err());
        assert!(check_slug("").is_err());
        assert!(check_slug("a b").unwrap_err().contains("space"));
    }
}
