//! Interface strings, text direction and localised dates. Pure: knows nothing of files.

mod builtin;

use std::collections::BTreeMap;

use crate::config::{Direction, SiteConfig};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic};

/// The interface strings of one language: built-in, then English for missing keys, then the
/// site's own overrides from `site.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Strings {
    map: BTreeMap<String, String>,
}

impl Strings {
    /// Builds the strings of `lang`, with a warning when a key fell back to English.
    pub fn for_language(lang: &str, config: &SiteConfig) -> (Strings, Option<Diagnostic>) {
        let own = builtin_table(lang);
        let overrides = config.strings.get(lang);
        let mut map = BTreeMap::new();
        let mut missing = Vec::new();
        for &(key, english) in builtin::EN {
            let value = overrides
                .and_then(|o| o.get(key).map(String::as_str))
                .or_else(|| own.and_then(|t| lookup(t, key)));
            match value {
                Some(v) => map.insert(key.to_owned(), v.to_owned()),
                None => {
                    missing.push(key);
                    map.insert(key.to_owned(), english.to_owned())
                }
            };
        }
        if let Some(overrides) = overrides {
            for (key, value) in overrides {
                map.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        let warning = (!missing.is_empty() && lang != "en").then(|| {
            Diagnostic::warning(
                Code::MissingStrings,
                format!(
                    "leidraad has no interface strings for `{lang}`; {} of them are shown in English",
                    missing.len()
                ),
            )
            .in_file(std::path::Path::new("site.yaml"))
            .help(format!(
                "add them under `strings: {{ {lang}: {{ … }} }}` in site.yaml: {}",
                missing.join(", ")
            ))
        });
        (Strings { map }, warning)
    }

    /// One string; the key itself when unknown (a template typo stays visible, not blank).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
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

/// The name of a language in itself, when leidraad knows it.
pub fn language_name(lang: &str) -> Option<&'static str> {
    builtin_table(lang).and_then(|t| lookup(t, "language_name"))
}

/// The text direction of a language: right to left for Arabic, Hebrew, Persian, Urdu and the
/// other languages written in those scripts.
pub fn direction(lang: &str, configured: Option<Direction>) -> Direction {
    if let Some(dir) = configured {
        return dir;
    }
    let mut parts = lang.split('-');
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    let script_rtl = parts.any(|p| {
        matches!(
            p.to_ascii_lowercase().as_str(),
            "arab" | "hebr" | "thaa" | "syrc" | "nkoo" | "adlm" | "rohg"
        )
    });
    let rtl = script_rtl
        || matches!(
            primary.as_str(),
            "ar" | "arc"
                | "ckb"
                | "dv"
                | "fa"
                | "he"
                | "iw"
                | "ks"
                | "ku"
                | "ps"
                | "sd"
                | "syr"
                | "ug"
                | "ur"
                | "yi"
        ) && !lang.to_ascii_lowercase().contains("-latn");
    if rtl {
        Direction::Rtl
    } else {
        Direction::Ltr
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

/// The built-in table of `lang`, or of its primary subtag (`pt-BR` → `pt`).
fn builtin_table(lang: &str) -> Option<&'static [(&'static str, &'static str)]> {
    let primary = lang.split('-').next().unwrap_or(lang);
    [lang, primary].iter().find_map(|tag| {
        builtin::BUILTIN
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(tag))
            .map(|(_, t)| *t)
    })
}

fn lookup(table: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
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
        let (s, warning) = Strings::for_language("sw", &SiteConfig::default());
        assert_eq!(s.get("next"), "Next");
        assert!(warning.unwrap().message.contains("`sw`"));
        assert!(Strings::for_language("nl", &SiteConfig::default())
            .1
            .is_none());
        assert!(Strings::for_language("nl-BE", &SiteConfig::default())
            .1
            .is_none());
    }

    #[test]
    fn site_overrides_win() {
        let mut config = SiteConfig::default();
        config.strings.insert(
            "nl".into(),
            BTreeMap::from([("checklist".into(), "Afvinklijst".into())]),
        );
        assert_eq!(
            Strings::for_language("nl", &config).0.get("checklist"),
            "Afvinklijst"
        );
    }

    #[test]
    fn right_to_left_languages() {
        for rtl in ["ar", "he", "fa", "ur", "ar-EG", "pa-Arab"] {
            assert_eq!(direction(rtl, None), Direction::Rtl, "{rtl}");
        }
        for ltr in ["nl", "en", "tr", "ku-Latn"] {
            assert_eq!(direction(ltr, None), Direction::Ltr, "{ltr}");
        }
        assert_eq!(direction("nl", Some(Direction::Rtl)), Direction::Rtl);
    }
}
