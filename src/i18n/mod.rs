//! Interface strings, language names, plural rules, text direction and localised dates. Pure:
//! knows nothing of files.
//!
//! The strings of each built-in language are data (`strings/<tag>.yaml`, see `builtin`); what
//! CLDR knows about languages (names, plurals, scripts) comes from CLDR itself (see `locale`).

mod builtin;
mod locale;
mod names;

use std::sync::Arc;

use icu_plurals::{PluralCategory, PluralRules};
use std::collections::BTreeMap;

pub use locale::{canonical_tag, direction, language_name, name_in};

use crate::config::{Direction, SiteConfig};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic};

/// The interface strings of a language that are shown in English.
#[derive(Debug)]
pub struct Missing {
    lang: String,
    keys: Vec<String>,
    /// Whether the language has no strings of its own at all, built in or in `site.yaml`.
    none: bool,
}

/// The warnings for the interface strings that languages lack: one for all the languages
/// that have no strings of their own (which lack the same ones, but for the plural forms of
/// the counts), listing the keys once; one for each other language, listing what it lacks.
pub fn missing_strings(missing: Vec<Missing>) -> Vec<Diagnostic> {
    let warning = |message: String, help: String| {
        Diagnostic::warning(Code::MissingStrings, message)
            .in_file(std::path::Path::new("site.yaml"))
            .help(help)
    };
    let (none, some): (Vec<Missing>, Vec<Missing>) = missing.into_iter().partition(|m| m.none);
    let mut warnings = Vec::new();
    if let Some(first) = none.first() {
        let en = builtin::table("en").expect("English is built in");
        let tags: Vec<String> = none.iter().map(|m| format!("`{}`", m.lang)).collect();
        let tags = match tags.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => tags.concat(),
        };
        let text: Vec<&str> = en.text.keys().map(String::as_str).collect();
        let counts: Vec<String> = en.counts.keys().map(|k| format!("`{k}_…`")).collect();
        warnings.push(warning(
            format!("leidraad has no interface strings for {tags}, so their pages show the interface in English"),
            format!(
                "add them under `strings: {{ {}: {{ … }} }}` in site.yaml, a map for each language (docs/languages.md): {}, and for each count ({}) a form for each plural category of the language (`_one`, `_other`, …)",
                first.lang,
                text.join(", "),
                counts.join(", ")
            ),
        ));
    }
    for Missing { lang, keys, .. } in some {
        warnings.push(warning(
            format!(
                "{} interface strings of `{lang}` are missing, so they are shown in English",
                keys.len()
            ),
            format!(
                "add them under `strings: {{ {lang}: {{ … }} }}` in site.yaml: {}",
                keys.join(", ")
            ),
        ));
    }
    warnings
}

/// The interface strings of one language: the site's own overrides from `site.yaml`, then
/// built-in, then English for missing keys. A count (`items`) has one string per plural
/// category, under `items_one`, `items_few`, …, as templates and `site.yaml` name them.
#[derive(Clone, Debug, Default)]
pub struct Strings {
    map: BTreeMap<String, String>,
    /// The language's canonical tag, for the names of languages.
    lang: String,
    /// The language's plural rules; `None` for a tag that is not well-formed.
    plurals: Option<Arc<PluralRules>>,
}

impl Strings {
    /// Builds the strings of `lang`, with what fell back to English, if anything
    /// ([`missing_strings`] makes the warnings).
    pub fn for_language(lang: &str, config: &SiteConfig) -> (Strings, Option<Missing>) {
        let en = builtin::table("en").expect("English is built in");
        let own = locale::builtin_tag(lang).and_then(builtin::table);
        let canonical = canonical_tag(lang);
        // `strings: { pt-BR: … }` is for the folder `pt-br` too.
        let overrides = config.strings.get(lang).or_else(|| {
            config
                .strings
                .iter()
                .find(|(tag, _)| canonical_tag(tag) == canonical)
                .map(|(_, strings)| strings)
        });
        let plurals = locale::plural_rules(&canonical);
        let categories: Vec<PluralCategory> = match &plurals {
            Some(rules) => rules.categories().collect(),
            None => vec![PluralCategory::One, PluralCategory::Other],
        };
        let overridden = |key: &str| overrides.and_then(|o| o.get(key)).cloned();
        let mut map = BTreeMap::new();
        let mut missing = Vec::new();
        for (key, english) in &en.text {
            let value = overridden(key).or_else(|| own.and_then(|t| t.text.get(key)).cloned());
            let value = value.unwrap_or_else(|| {
                missing.push(key.clone());
                english.clone()
            });
            map.insert(key.clone(), value);
        }
        for (key, english) in &en.counts {
            for &category in &categories {
                let name = locale::category_name(category);
                let flat = format!("{key}_{name}");
                let value = overridden(&flat)
                    .or_else(|| own.and_then(|t| t.counts.get(key)?.get(name)).cloned());
                let value = value.unwrap_or_else(|| {
                    missing.push(flat.clone());
                    english.get(name).unwrap_or(&english["other"]).clone()
                });
                map.insert(flat, value);
            }
            // Templates written for two forms (`items_one`, `items_other`) keep working in a
            // language whose rules have no `one`, such as Japanese.
            let other = map.get(&format!("{key}_other")).cloned();
            if let Some(other) = other {
                map.entry(format!("{key}_one")).or_insert(other);
            }
        }
        if let Some(overrides) = overrides {
            for (key, value) in overrides {
                map.insert(key.clone(), value.clone());
            }
        }
        let missing = (!missing.is_empty() && lang != "en").then(|| Missing {
            lang: lang.to_owned(),
            keys: missing,
            none: own.is_none() && overrides.is_none(),
        });
        let plurals = plurals.map(Arc::new);
        let lang = canonical;
        (Strings { map, lang, plurals }, missing)
    }

    /// One string; the key itself when unknown (a template typo stays visible, not blank).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The titles of the callouts, in the order of `markdown::CALLOUTS`.
    pub fn callouts(&self) -> [&str; 5] {
        [
            self.get("callout_note"),
            self.get("callout_tip"),
            self.get("callout_important"),
            self.get("callout_warning"),
            self.get("callout_caution"),
        ]
    }

    /// All strings, for templates.
    pub fn map(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// A string with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_owned();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A count in the form its number takes in this language: `count("items", 3)` is "3 items"
    /// in English, "3 punkty" in Polish, "3 بنود" in Arabic.
    pub fn count(&self, key: &str, n: usize) -> String {
        let category = match &self.plurals {
            Some(rules) => rules.category_for(n),
            None if n == 1 => PluralCategory::One,
            None => PluralCategory::Other,
        };
        let form = format!("{key}_{}", locale::category_name(category));
        let text = self
            .map
            .get(&form)
            .or_else(|| self.map.get(&format!("{key}_other")))
            .map_or(key, String::as_str);
        text.replace("{count}", &n.to_string())
    }

    /// The name of the language `tag` as it stands in a sentence in this language ("auf
    /// Niederländisch"), or `otherwise` when CLDR has none.
    pub fn name_of(&self, tag: &str, otherwise: &str) -> String {
        name_in(tag, &self.lang).unwrap_or_else(|| otherwise.to_owned())
    }

    /// "26 november 2026" in this language.
    pub fn date(&self, date: Date) -> String {
        let month_key = format!("month_{}", date.month());
        self.fill(
            "date_format",
            &[
                ("day", &date.day().to_string()),
                ("month", self.get(&month_key)),
                ("year", &date.year().to_string()),
            ],
        )
    }
}

impl Direction {
    /// `ltr` or `rtl`, as in HTML's `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lang: &str) -> Strings {
        Strings::for_language(lang, &SiteConfig::default()).0
    }

    #[test]
    fn dates_are_localised() {
        let date = Date::parse("2026-11-26").unwrap();
        assert_eq!(strings("nl").date(date), "26 november 2026");
        assert_eq!(strings("en").date(date), "26 November 2026");
        assert_eq!(strings("de").date(date), "26. November 2026");
    }

    #[test]
    fn unknown_languages_fall_back_to_english_with_one_warning() {
        let (s, warning) = Strings::for_language("pa", &SiteConfig::default());
        assert_eq!(s.get("next"), "Next");
        assert_eq!(s.count("items", 2), "2 items");
        let warnings = missing_strings(warning.into_iter().collect());
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("`pa`"),
            "{}",
            warnings[0].message
        );
        for known in ["nl", "nl-BE", "zh-hant", "zh-TW", "pt-br", "sw"] {
            let warning = Strings::for_language(known, &SiteConfig::default()).1;
            assert!(warning.is_none(), "{known}");
        }
    }

    #[test]
    fn languages_without_strings_share_one_warning() {
        let mut config = SiteConfig::default();
        let yoruba = BTreeMap::from([("next".to_owned(), "Èyí tó kàn".to_owned())]);
        config.strings.insert("yo".to_owned(), yoruba);
        let missing = ["bs", "yo", "nl", "ca", "pa"]
            .into_iter()
            .filter_map(|lang| Strings::for_language(lang, &config).1)
            .collect();
        let warnings = missing_strings(missing);
        let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "leidraad has no interface strings for `bs`, `ca` and `pa`, so their pages show the interface in English",
                "75 interface strings of `yo` are missing, so they are shown in English",
            ]
        );
        let help = warnings[0].help.as_deref().unwrap();
        assert!(
            help.contains("`strings: { bs: { … } }`") && help.contains("next, "),
            "{help}"
        );
        assert!(help.contains("(`items_…`)"), "{help}");
    }

    #[test]
    fn folders_find_the_strings_of_their_canonical_tag() {
        assert_eq!(
            strings("zh-hant").get("next"),
            strings("zh-Hant").get("next")
        );
        assert_ne!(
            strings("zh-hant").get("next"),
            strings("zh-hans").get("next")
        );
        assert_eq!(strings("ku-Arab").get("next"), strings("ckb").get("next"));
    }

    #[test]
    fn site_overrides_win() {
        let mut config = SiteConfig::default();
        config.strings.insert(
            "nl".into(),
            BTreeMap::from([
                ("checklist".into(), "Afvinklijst".into()),
                ("items_one".into(), "{count} vinkje".into()),
            ]),
        );
        config.strings.insert(
            "pt-BR".into(),
            BTreeMap::from([("next".into(), "Próximo".into())]),
        );
        assert_eq!(
            Strings::for_language("pt-br", &config).0.get("next"),
            "Próximo"
        );
        let (strings, _) = Strings::for_language("nl", &config);
        assert_eq!(strings.get("checklist"), "Afvinklijst");
        assert_eq!(strings.count("items", 1), "1 vinkje");
        assert_eq!(strings.count("items", 2), "2 punten");
    }

    #[track_caller]
    fn check_counts(lang: &str, expected: &[(usize, &str)]) {
        let strings = strings(lang);
        for &(n, text) in expected {
            assert_eq!(strings.count("items", n), text, "{lang}: {n}");
        }
    }

    #[test]
    fn counts_follow_the_plural_rules_of_the_language() {
        check_counts("en", &[(0, "0 items"), (1, "1 item"), (2, "2 items")]);
        check_counts("nl", &[(1, "1 punt"), (7, "7 punten")]);
        check_counts(
            "ar",
            &[
                (0, "0 بند"),
                (1, "1 بند"),
                (2, "2 بندان"),
                (3, "3 بنود"),
                (11, "11 بندًا"),
                (100, "100 بند"),
            ],
        );
        check_counts(
            "pl",
            &[
                (1, "1 punkt"),
                (2, "2 punkty"),
                (5, "5 punktów"),
                (22, "22 punkty"),
            ],
        );
        check_counts(
            "ru",
            &[
                (1, "1 пункт"),
                (3, "3 пункта"),
                (5, "5 пунктов"),
                (21, "21 пункт"),
            ],
        );
        check_counts("ja", &[(1, "1 項目"), (4, "4 項目")]);
    }

    #[test]
    fn the_fallback_notice_names_languages_in_the_readers_language() {
        let notice = |reader: &str, source: &str| {
            let strings = strings(reader);
            strings.fill(
                "fallback_notice",
                &[
                    ("language", &name_in(reader, reader).unwrap()),
                    ("source", &name_in(source, reader).unwrap()),
                ],
            )
        };
        assert_eq!(
            notice("de", "nl"),
            "Diese Seite ist noch nicht auf Deutsch verfügbar. Sie wird auf Niederländisch angezeigt."
        );
        assert!(notice("ar", "nl").contains("باللغة الهولندية"));
        assert!(notice("fr", "nl").contains("en néerlandais"));
    }
}
