//! The built-in interface strings of the default theme: one YAML file per language in
//! `strings/`, compiled into the binary and parsed the first time a site uses the language.
//!
//! Every file has every key of `en.yaml`; a count (`items`) has one form per plural category
//! that the language's CLDR rules use (`one`, `few`, `many`, …), and `{name}` placeholders are
//! kept verbatim. The tests at the bottom check all of that. A site overrides or adds strings
//! per language in `site.yaml` (`strings:`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// Every built-in language with the text of its file, sorted by tag.
const FILES: &[(&str, &str)] = &[
    ("am", include_str!("strings/am.yaml")),
    ("ar", include_str!("strings/ar.yaml")),
    ("bg", include_str!("strings/bg.yaml")),
    ("bn", include_str!("strings/bn.yaml")),
    ("ckb", include_str!("strings/ckb.yaml")),
    ("cs", include_str!("strings/cs.yaml")),
    ("da", include_str!("strings/da.yaml")),
    ("de", include_str!("strings/de.yaml")),
    ("el", include_str!("strings/el.yaml")),
    ("en", include_str!("strings/en.yaml")),
    ("es", include_str!("strings/es.yaml")),
    ("et", include_str!("strings/et.yaml")),
    ("fa", include_str!("strings/fa.yaml")),
    ("fi", include_str!("strings/fi.yaml")),
    ("fr", include_str!("strings/fr.yaml")),
    ("ga", include_str!("strings/ga.yaml")),
    ("he", include_str!("strings/he.yaml")),
    ("hi", include_str!("strings/hi.yaml")),
    ("hr", include_str!("strings/hr.yaml")),
    ("hu", include_str!("strings/hu.yaml")),
    ("id", include_str!("strings/id.yaml")),
    ("it", include_str!("strings/it.yaml")),
    ("ja", include_str!("strings/ja.yaml")),
    ("ko", include_str!("strings/ko.yaml")),
    ("ku", include_str!("strings/ku.yaml")),
    ("lt", include_str!("strings/lt.yaml")),
    ("lv", include_str!("strings/lv.yaml")),
    ("mt", include_str!("strings/mt.yaml")),
    ("nl", include_str!("strings/nl.yaml")),
    ("pl", include_str!("strings/pl.yaml")),
    ("pt", include_str!("strings/pt.yaml")),
    ("ro", include_str!("strings/ro.yaml")),
    ("ru", include_str!("strings/ru.yaml")),
    ("sk", include_str!("strings/sk.yaml")),
    ("sl", include_str!("strings/sl.yaml")),
    ("so", include_str!("strings/so.yaml")),
    ("sv", include_str!("strings/sv.yaml")),
    ("sw", include_str!("strings/sw.yaml")),
    ("ta", include_str!("strings/ta.yaml")),
    ("ti", include_str!("strings/ti.yaml")),
    ("tr", include_str!("strings/tr.yaml")),
    ("uk", include_str!("strings/uk.yaml")),
    ("ur", include_str!("strings/ur.yaml")),
    ("zh-Hans", include_str!("strings/zh-Hans.yaml")),
    ("zh-Hant", include_str!("strings/zh-Hant.yaml")),
];

/// The tags of the built-in languages, sorted.
pub(crate) fn tags() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(tag, _)| *tag)
}

/// The strings of one language, as its file gives them.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// Plain strings by key.
    pub(crate) text: BTreeMap<String, String>,
    /// Counts by key, then by plural category: `items` → `few` → "{count} punkty".
    pub(crate) counts: BTreeMap<String, BTreeMap<String, String>>,
}

/// The table of a built-in language, parsed once.
pub(crate) fn table(tag: &str) -> Option<&'static Table> {
    static TABLES: [OnceLock<Table>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];
    let i = FILES.iter().position(|(t, _)| *t == tag)?;
    Some(TABLES[i].get_or_init(|| {
        parse(FILES[i].1).expect("the built-in strings files are checked by the tests below")
    }))
}

/// Parses a strings file: `key: text`, or `key: { category: text, … }` for a count.
pub(crate) fn parse(text: &str) -> Result<Table, serde_yaml::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Entry {
        Text(String),
        Count(BTreeMap<String, String>),
    }
    let entries: BTreeMap<String, Entry> = serde_yaml::from_str(text)?;
    let mut table = Table::default();
    for (key, entry) in entries {
        match entry {
            Entry::Text(text) => table.text.insert(key, text).map(drop),
            Entry::Count(forms) => table.counts.insert(key, forms).map(drop),
        };
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::i18n::locale;

    fn tables() -> impl Iterator<Item = (&'static str, &'static Table)> {
        tags().map(|tag| (tag, table(tag).unwrap()))
    }

    fn placeholders(s: &str) -> BTreeSet<&str> {
        s.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    fn categories(tag: &str) -> BTreeSet<&'static str> {
        let rules = locale::plural_rules(tag).unwrap();
        rules.categories().map(locale::category_name).collect()
    }

    #[test]
    fn every_file_is_listed_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n/strings");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<String> = tags().map(|t| format!("{t}.yaml")).collect();
        assert_eq!(
            listed, on_disk,
            "FILES must list every file in src/i18n/strings"
        );
        for (tag, text) in FILES {
            if let Err(err) = parse(text) {
                panic!("strings/{tag}.yaml: {err}");
            }
        }
    }

    #[test]
    fn every_file_has_the_keys_of_english_and_no_other() {
        let en = table("en").unwrap();
        let en_keys: Vec<&String> = en.text.keys().collect();
        let en_counts: Vec<&String> = en.counts.keys().collect();
        for (tag, table) in tables() {
            assert_eq!(
                table.text.keys().collect::<Vec<_>>(),
                en_keys,
                "keys of {tag}"
            );
            assert_eq!(
                table.counts.keys().collect::<Vec<_>>(),
                en_counts,
                "counts of {tag}"
            );
        }
    }

    #[test]
    fn counts_have_the_plural_categories_of_their_language() {
        for (tag, table) in tables() {
            let wanted = categories(tag);
            for (key, forms) in &table.counts {
                let given: BTreeSet<&str> = forms.keys().map(String::as_str).collect();
                assert_eq!(
                    given, wanted,
                    "{tag}.{key}: the categories CLDR's rules use"
                );
            }
        }
    }

    #[test]
    fn placeholders_match_english() {
        let en = table("en").unwrap();
        for (tag, table) in tables() {
            for (key, value) in &table.text {
                assert_eq!(
                    placeholders(value),
                    placeholders(&en.text[key]),
                    "placeholders of {tag}.{key} differ from English"
                );
            }
            for (key, forms) in &table.counts {
                for (category, value) in forms {
                    assert_eq!(
                        placeholders(value),
                        placeholders(&en.counts[key]["other"]),
                        "placeholders of {tag}.{key}.{category} differ from English"
                    );
                }
            }
        }
    }

    #[test]
    fn no_value_is_empty() {
        for (tag, table) in tables() {
            let counts = table
                .counts
                .iter()
                .flat_map(|(k, forms)| forms.values().map(move |v| (k, v)));
            for (key, value) in table.text.iter().chain(counts) {
                assert!(!value.trim().is_empty(), "{tag}.{key} is empty");
            }
        }
    }

    #[test]
    fn slugs_are_usable_url_segments() {
        for (tag, table) in tables() {
            for key in ["checklist_slug", "checklists_slug"] {
                let slug = &table.text[key];
                assert!(!slug.is_empty(), "{tag}.{key} is empty");
                assert_eq!(*slug, slug.to_lowercase(), "{tag}.{key} is not lowercase");
                assert!(
                    !slug
                        .chars()
                        .any(|c| c.is_whitespace() || matches!(c, '/' | '?' | '#' | '%' | '.')),
                    "{tag}.{key} has a character not allowed in a URL segment"
                );
            }
            assert_ne!(
                table.text["checklist_slug"], table.text["checklists_slug"],
                "{tag}: the two slugs must differ"
            );
        }
    }

    #[test]
    fn every_language_is_named_in_every_other() {
        for reader in tags() {
            for lang in tags() {
                assert!(
                    locale::name_in(lang, reader).is_some(),
                    "CLDR names no `{lang}` in `{reader}`"
                );
            }
            assert!(locale::language_name(reader).is_some(), "{reader}");
        }
    }

    #[test]
    fn the_names_table_is_generated_for_these_files() {
        let names: Vec<&str> = crate::i18n::names::LOCALES.to_vec();
        assert_eq!(
            names,
            tags().collect::<Vec<_>>(),
            "run `npm run generate` in tools/cldr after adding a strings file"
        );
    }
}
