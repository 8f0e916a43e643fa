//! Language tags and what CLDR knows about them: the canonical form of a tag, the text
//! direction of its script, its plural rules, and the names of languages.
//!
//! Nothing here is typed by hand: likely scripts, directions, aliases and plural rules come
//! from ICU4X's compiled CLDR data (`icu_locale`, `icu_plurals`); language names from the
//! table that `tools/cldr/generate.mjs` writes into `names.rs`.

use icu_locale::{Direction as IcuDirection, LocaleCanonicalizer, LocaleDirectionality};
use icu_locale::{LanguageIdentifier, Locale, LocaleExpander};
use icu_plurals::{PluralCategory, PluralRules};

use super::{builtin, names};
use crate::config::Direction;

/// The canonical BCP 47 form of a language tag, as `lang` and `hreflang` want it: `zh-hant` →
/// `zh-Hant`, `pt-br` → `pt-BR`, `sr-latn` → `sr-Latn`, and CLDR's aliases (`iw` → `he`). A
/// tag that is not well-formed is returned as it is.
pub fn canonical_tag(tag: &str) -> String {
    let Ok(mut locale) = Locale::try_from_str(tag) else {
        return tag.to_owned();
    };
    LocaleCanonicalizer::new_common().canonicalize(&mut locale);
    locale.to_string()
}

/// The text direction of a language, from the script it is written in: the script in the tag
/// (`ku-Arab`, `pa-Arab`), or else the language's likely script in CLDR (`ur` → Arabic,
/// `ckb` → Arabic, `ku` → Latin). A site's `direction:` in `site.yaml` wins.
pub fn direction(lang: &str, configured: Option<Direction>) -> Direction {
    if let Some(dir) = configured {
        return dir;
    }
    let rtl = identifier(lang).is_some_and(|id| {
        LocaleDirectionality::new_extended().get(&id) == Some(IcuDirection::RightToLeft)
    });
    if rtl {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// The name of a language in itself, for the language switcher: "Nederlands", "Français",
/// "العربية". `None` when `lang` is not a built-in language of leidraad.
pub fn language_name(lang: &str) -> Option<String> {
    let own = builtin_tag(lang)?;
    let name = name_in(lang, own)?;
    if names::MENU_TITLECASE[locale_index(own)?] {
        Some(titlecase_first(&name))
    } else {
        Some(name)
    }
}

/// The name of the language `lang` as it stands in a sentence in the language `reader`: German
/// says "Niederländisch" for `nl`, Arabic "الهولندية". `None` when CLDR has no name for it in
/// that language, or `reader` is not a built-in language.
pub fn name_in(lang: &str, reader: &str) -> Option<String> {
    let row = locale_index(builtin_tag(reader)?)?;
    let row = &names::NAMES[row * names::LANGUAGES.len()..][..names::LANGUAGES.len()];
    candidates(lang)
        .into_iter()
        .filter_map(|tag| names::LANGUAGES.binary_search(&tag.as_str()).ok())
        .map(|i| row[i])
        .find(|name| !name.is_empty())
        .map(str::to_owned)
}

/// The tag of the built-in language that serves `lang`: the same tag (`pt-br` → `pt`, whose
/// likely script is the same), the language with its likely script (`zh-TW` → `zh-Hant`),
/// or Central Kurdish for Kurdish in Arabic script (`ku-Arab` → `ckb`).
pub(crate) fn builtin_tag(lang: &str) -> Option<&'static str> {
    let known = |tag: &str| builtin::tags().find(|&t| t == tag);
    let canonical = canonical_tag(lang);
    if let Some(tag) = known(&canonical) {
        return Some(tag);
    }
    let id = identifier(&canonical)?;
    let max = maximized(&id);
    if max.language.as_str() == "ku" && max.script.is_some_and(|s| s.as_str() == "Arab") {
        return known("ckb");
    }
    let script = max.script?;
    let with_script = format!("{}-{}", max.language, script);
    if let Some(tag) = known(&with_script) {
        return Some(tag);
    }
    // The language alone, when it is written in the same script (`sr-Latn` is not `sr`).
    let tag = known(id.language.as_str())?;
    let own = identifier(tag).map(|id| maximized(&id))?;
    (own.script == Some(script)).then_some(tag)
}

/// The plural rules of a language (cardinal: "1 item", "2 items"), or `None` when the tag is
/// not well-formed.
pub(crate) fn plural_rules(lang: &str) -> Option<PluralRules> {
    let locale = Locale::try_from_str(lang).ok()?;
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

/// The CLDR name of a plural category, as the keys of the strings files spell it.
pub(crate) fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The tags under which the name of `lang` may be found, most specific first.
fn candidates(lang: &str) -> Vec<String> {
    let canonical = canonical_tag(lang);
    let mut out = vec![canonical.clone()];
    if let Some(id) = identifier(&canonical) {
        if let Some(script) = id.script {
            out.push(format!("{}-{script}", id.language));
        }
        out.push(id.language.to_string());
    }
    out
}

fn locale_index(tag: &str) -> Option<usize> {
    names::LOCALES.binary_search(&tag).ok()
}

fn identifier(tag: &str) -> Option<LanguageIdentifier> {
    LanguageIdentifier::try_from_str(tag).ok()
}

fn maximized(id: &LanguageIdentifier) -> LanguageIdentifier {
    let mut max = id.clone();
    LocaleExpander::new_extended().maximize(&mut max);
    max
}

fn titlecase_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_canonical() {
        for (folder, tag) in [
            ("zh-hant", "zh-Hant"),
            ("zh-hans", "zh-Hans"),
            ("pt-br", "pt-BR"),
            ("sr-latn", "sr-Latn"),
            ("NL", "nl"),
            ("iw", "he"),
            ("not a tag", "not a tag"),
        ] {
            assert_eq!(canonical_tag(folder), tag, "{folder}");
        }
    }

    #[test]
    fn direction_comes_from_the_script() {
        for rtl in [
            "ar", "ar-EG", "he", "fa", "ur", "ckb", "ps", "ku-Arab", "pa-Arab", "dv", "yi",
        ] {
            assert_eq!(direction(rtl, None), Direction::Rtl, "{rtl}");
        }
        for ltr in [
            "nl", "en", "tr", "ku", "ku-Latn", "pa", "zh-hant", "am", "ti", "xx",
        ] {
            assert_eq!(direction(ltr, None), Direction::Ltr, "{ltr}");
        }
        assert_eq!(direction("nl", Some(Direction::Rtl)), Direction::Rtl);
    }

    #[test]
    fn languages_are_named_in_the_readers_language() {
        assert_eq!(name_in("nl", "de").as_deref(), Some("Niederländisch"));
        assert_eq!(name_in("nl", "ar").as_deref(), Some("الهولندية"));
        assert_eq!(name_in("nl", "fr").as_deref(), Some("néerlandais"));
        assert_eq!(
            name_in("zh-hant", "de").as_deref(),
            Some("Chinesisch (traditionell)")
        );
        assert_eq!(
            name_in("pt-br", "de").as_deref(),
            Some("Portugiesisch (Brasilien)")
        );
        // A region CLDR does not name with the language: the language alone.
        assert_eq!(name_in("nl-BE", "en").as_deref(), Some("Dutch"));
        assert_eq!(name_in("nl", "xx"), None);
    }

    #[test]
    fn languages_are_named_in_themselves() {
        for (tag, name) in [
            ("nl", "Nederlands"),
            ("fr", "Français"),
            ("es", "Español"),
            ("de", "Deutsch"),
            ("ar", "العربية"),
            ("tr", "Türkçe"),
            ("en", "English"),
        ] {
            assert_eq!(language_name(tag).as_deref(), Some(name), "{tag}");
        }
        assert_eq!(language_name("xx"), None);
    }

    #[test]
    fn builtin_languages_serve_related_tags() {
        for (tag, builtin) in [
            ("nl-BE", Some("nl")),
            ("NL", Some("nl")),
            ("zh-hant", Some("zh-Hant")),
            ("zh-TW", Some("zh-Hant")),
            ("zh", Some("zh-Hans")),
            ("pt-br", Some("pt")),
            ("ku", Some("ku")),
            ("ku-Latn", Some("ku")),
            ("ku-Arab", Some("ckb")),
            ("ckb-IR", Some("ckb")),
            ("xx", None),
            ("sr-Latn", None),
        ] {
            assert_eq!(builtin_tag(tag), builtin, "{tag}");
        }
    }
}
