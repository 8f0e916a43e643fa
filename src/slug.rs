//! Slugs: URL segments and anchor ids made from file names and heading text.
//!
//! Slugs stay readable in every language: letters of any script are kept whole, with their
//! marks (`cliënt-één`, `الاستماع`, `விவரங்கள்`, `ที่นี่`) and the zero-width joiners some
//! scripts spell words with (`پروژه‌ی`); everything else becomes a single `-`.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER: part of the spelling of words in Persian, Urdu,
/// Kurdish and the Indic scripts.
const JOINERS: [char; 2] = ['\u{200C}', '\u{200D}'];

/// Turns text into a slug: lowercase letters, digits and `_` of any script with their marks,
/// in runs joined by `-`. A zero-width joiner is kept between two such characters (inside a
/// word) and dropped elsewhere, so a slug never starts or ends with one.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    // Joiners seen right after a word character, kept if another word character follows.
    let mut joiners = String::new();
    // Lowercase first, then compose: a capital with an accent that has no composed form
    // (T and U+0308) lowercases to one that has (ẗ), and a slug must be NFC whatever its text.
    for c in text.chars().flat_map(char::to_lowercase).nfc() {
        if is_word_char(c) {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push_str(&joiners);
            joiners.clear();
            slug.push(c);
        } else if is_joiner(c) {
            if !pending_dash && !slug.is_empty() {
                joiners.push(c);
            }
        } else {
            pending_dash = true;
            joiners.clear();
        }
    }
    slug
}

/// A character a slug keeps: a letter or digit of any script, `_`, or a mark (general
/// categories Mn, Mc and Me: accents, vowel signs, viramas, tone marks), which belongs to the
/// letter before it.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric() || c.general_category_group() == GeneralCategoryGroup::Mark
    }
}

/// ZERO WIDTH NON-JOINER or ZERO WIDTH JOINER, which a slug keeps inside a word.
pub fn is_joiner(c: char) -> bool {
    JOINERS.contains(&c)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(slugify(input), expected);
    }

    /// Checks a heading's slug, and that the slug is a slug of itself, a valid URL segment and
    /// a valid explicit `{#id}`: an author who copies a derived id into the text gets it back.
    #[track_caller]
    fn check_heading(input: &str, expected: &str) {
        check(input, expected);
        assert_eq!(slugify(expected), expected, "not idempotent");
        assert_eq!(check_slug(expected), Ok(()));
        let body = format!("- [ ] Item {{#{expected}}}\n");
        let src = crate::diagnostics::SourceText::new("content/xx/gids/01-stap.md".into(), &body);
        let cx = crate::markdown::Context {
            item_stem: "stap",
            guide: "gids",
            ..Default::default()
        };
        let (rendered, diags) = crate::markdown::render(&src, 0, cx);
        assert!(
            diags.is_empty(),
            "{expected:?} as an explicit id: {diags:?}"
        );
        assert_eq!(rendered.items[0].id, expected);
    }

    #[test]
    fn headings_keep_whole_words_in_every_script() {
        // Tamil and Bengali: vowel signs (Mc, Mn) and the virama (Mn) are inside the word.
        check_heading("விவரங்கள்", "விவரங்கள்");
        check_heading("விவரங்கள் பற்றி", "விவரங்கள்-பற்றி");
        check_heading("প্রকল্প পরিকল্পনা", "প্রকল্প-পরিকল্পনা");
        // Devanagari: conjuncts with a virama; `ज़` (U+095B) has no NFC form, so it is
        // decomposed into `ज` and the nukta, as NFC text always has it.
        check_heading("क्षमता निर्माण", "क्षमता-निर्माण");
        check_heading("\u{95B}रूरी बातें", "\u{91C}\u{93C}रूरी-बातें");
        // A ZERO WIDTH JOINER asking for a half form stays inside the word.
        check_heading("क्\u{200D}ष", "क्\u{200D}ष");
        // Thai: tone marks and vowels above and below the consonant.
        check_heading("ที่นี่ และ ตอนนี้", "ที่นี่-และ-ตอนนี้");
        // Persian: the ZERO WIDTH NON-JOINER is part of the word, but never its edge.
        check_heading("پروژه\u{200C}ی جدید", "پروژه\u{200C}ی-جدید");
        check_heading("می\u{200C}خواهم", "می\u{200C}خواهم");
        check_heading("\u{200C}سلام\u{200C}", "سلام");
        check_heading("سلام\u{200C} دنیا", "سلام-دنیا");
        check_heading("سلام \u{200C}دنیا", "سلام-دنیا");
        check_heading("سلام\u{200C}؟\u{200D}دنیا", "سلام-دنیا");
        check("\u{200C}\u{200D}", "");
        // Hebrew with niqqud, and Arabic with harakat.
        check_heading("שָׁלוֹם עֲלֵיכֶם", "שָׁלוֹם-עֲלֵיכֶם");
        check_heading("مَرْحَبًا بِكُمْ", "مَرْحَبًا-بِكُمْ");
        // Chinese and Japanese: ideographs and kana are letters; full-width punctuation and
        // the katakana middle dot separate; a combining voiced sound mark composes (か + ゙).
        check_heading("如何使用（指南）", "如何使用-指南");
        check_heading("はじめに：チェックリスト", "はじめに-チェックリスト");
        check_heading("サービス・ガイド", "サービス-ガイド");
        check_heading("データー", "データー");
        check_heading("か\u{3099}いど", "がいど");
        // Korean: syllables, and conjoining jamo composed into them.
        check_heading("시작하기 전에", "시작하기-전에");
        check_heading("\u{1100}\u{1161}\u{11A8}", "각");
        // Cyrillic and Greek: lowercased; a decomposed й composes.
        check_heading("Как Помочь Клиенту?", "как-помочь-клиенту");
        check_heading("Ёлка и\u{306}од", "ёлка-йод");
        check_heading("Οδηγός Χρήσης", "οδηγός-χρήσης");
        // Vietnamese: stacked diacritics, composed whether written composed or not.
        check_heading("Hướng dẫn sử dụng", "hướng-dẫn-sử-dụng");
        check_heading("Tie\u{302}\u{301}ng Vie\u{323}\u{302}t", "tiếng-việt");
        // Enclosing marks (Me) stay with their letter.
        check_heading("a\u{20DD} b", "a\u{20DD}-b");
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
