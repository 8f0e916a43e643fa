//! `site.yaml`: the site's settings, every one optional.
//!
//! This module, `yaml` (its errors) and `source::front_matter` are the only users of `serde_yaml`, so that a
//! maintained fork can replace it in one place. It does no IO: `source` reads the file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::diagnostics::{list, Code, SourceText};
use crate::yaml::yaml_error;

/// The validated settings of a site.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// The site title per language; `""` is the title for languages without their own.
    pub title: BTreeMap<String, String>,
    /// The public address of the site, ending in `/`; only used for absolute URLs.
    pub base_url: Option<String>,
    /// The source language, when set.
    pub default_language: Option<String>,
    /// The languages, in the order of the language switcher. Empty: every folder of `content/`.
    pub languages: Vec<LanguageConfig>,
    /// What to do with a page that has no translation.
    pub missing_translation: MissingTranslation,
    /// Whether raw HTML in Markdown is cleaned or passed through.
    pub raw_html: RawHtml,
    /// Where the site is written, relative to the site root.
    pub output_dir: PathBuf,
    /// Interface strings that replace or add to the built-in ones, per language.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Anything the site's own templates want, passed to them as `extra`.
    pub extra: Extra,
    /// The default language at the root of the site (`/guide/`), the others under their tag
    /// (`/en/guide/`).
    pub default_language_at_root: bool,
    /// Whether built pages can be read again offline (a web app manifest and a service
    /// worker); never for `--portable` builds or `serve`.
    pub offline: bool,
}

/// The `extra` of `site.yaml` or of a page's front matter: any keys, passed to templates as
/// they are written.
pub type Extra = BTreeMap<String, serde_yaml::Value>;

/// One language of `languages:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageConfig {
    /// The BCP 47 tag, as written in `site.yaml` and as the folder under `content/`.
    pub tag: String,
    /// The language's name in itself ("Nederlands").
    pub name: Option<String>,
    /// Overrides the text direction known for the language.
    pub direction: Option<Direction>,
}

/// Text direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// `missing_translation:`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingTranslation {
    /// Show the source text, with a notice, in the reader's language's interface.
    #[default]
    Fallback,
    /// Leave the page out of that language.
    Omit,
}

/// `raw_html:`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep harmless markup, drop scripts, event handlers and dangerous URLs.
    #[default]
    Sanitize,
    /// Pass raw HTML through unchanged: only for sites whose every author is trusted.
    Allow,
}

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            title: BTreeMap::new(),
            base_url: None,
            default_language: None,
            languages: Vec::new(),
            missing_translation: MissingTranslation::default(),
            raw_html: RawHtml::default(),
            output_dir: PathBuf::from("public"),
            strings: BTreeMap::new(),
            extra: Extra::new(),
            default_language_at_root: false,
            offline: true,
        }
    }
}

impl SiteConfig {
    /// The site title in a language.
    pub fn title_in(&self, lang: &str) -> &str {
        self.title
            .get(lang)
            .or_else(|| self.title.get(""))
            .or_else(|| {
                self.default_language
                    .as_ref()
                    .and_then(|d| self.title.get(d))
            })
            .or_else(|| self.title.values().next())
            .map_or("Guidance", String::as_str)
    }
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "default_language",
    "languages",
    "missing_translation",
    "raw_html",
    "output_dir",
    "strings",
    "extra",
    "default_language_at_root",
    "offline",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    title: Option<Title>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    default_language: Option<String>,
    #[serde(default)]
    languages: Option<Ordered<RawLanguage>>,
    #[serde(default)]
    missing_translation: MissingTranslation,
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    output_dir: Option<PathBuf>,
    #[serde(default)]
    strings: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    extra: Extra,
    #[serde(default)]
    default_language_at_root: bool,
    offline: Option<bool>,
}

enum Title {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for Title {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TitleVisitor;
        impl<'de> Visitor<'de> for TitleVisitor {
            type Value = Title;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text, or text per language such as `{ nl: Leidraad, en: Guidance }`")
            }
            fn visit_str<E: de::Error>(self, title: &str) -> Result<Title, E> {
                Ok(Title::One(title.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Title, A::Error> {
                Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Title::PerLanguage)
            }
        }
        deserializer.deserialize_any(TitleVisitor)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    direction: Option<Direction>,
}

/// A YAML mapping whose order matters (the language switcher follows it).
struct Ordered<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of language tags, such as `nl: { name: Nederlands }`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<Option<V>>()?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!(
                            "language `{key}` is listed twice"
                        )));
                    }
                    match value {
                        Some(v) => entries.push((key, v)),
                        None => {
                            return Err(de::Error::custom(format!(
                                "language `{key}` has no settings; write `{key}: {{}}`"
                            )))
                        }
                    }
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}

/// Parses `site.yaml`. All problems are returned together.
pub fn parse(src: &SourceText) -> Result<SiteConfig, Vec<Diagnostic>> {
    if src.text.trim().is_empty() {
        return Ok(SiteConfig::default());
    }
    let raw: Raw = match serde_yaml::from_str(&src.text) {
        Ok(raw) => raw,
        Err(err) => return Err(vec![yaml_error(src, 0, &err, KEYS)]),
    };
    let mut errors = Vec::new();
    let mut config = SiteConfig::default();
    match raw.title {
        Some(Title::One(title)) => {
            config.title.insert(String::new(), title);
        }
        Some(Title::PerLanguage(map)) => config.title = map,
        None => {}
    }
    config.base_url = raw.base_url.map(|url| {
        let url = url.trim().to_owned();
        if url.ends_with('/') {
            url
        } else {
            url + "/"
        }
    });
    if let Some(url) = &config.base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            errors.push(
                Diagnostic::error(
                    Code::Config,
                    format!("`base_url` must be an absolute URL, not `{url}`"),
                )
                .at_range(src, key_range(src, "base_url"))
                .help("write the full address, for example `https://example.org/guidance/`"),
            );
        }
    }
    config.languages = languages(src, raw.languages, &mut errors);
    if let Some(default) = raw.default_language {
        if !config.languages.is_empty() && !config.languages.iter().any(|l| l.tag == default) {
            let known: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
            errors.push(
                Diagnostic::error(
                    Code::Config,
                    format!("`default_language` is `{default}`, which is not under `languages`"),
                )
                .at_range(src, key_range(src, "default_language"))
                .help(format!("use one of {}", list(&known))),
            );
        }
        config.default_language = Some(default);
    }
    config.missing_translation = raw.missing_translation;
    config.raw_html = raw.raw_html;
    if let Some(dir) = raw.output_dir {
        config.output_dir = dir;
    }
    config.strings = raw.strings;
    config.extra = raw.extra;
    config.default_language_at_root = raw.default_language_at_root;
    config.offline = raw.offline.unwrap_or(true);
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

/// The `languages:` of `site.yaml`, in the order written; a tag that is not BCP 47 is an error.
fn languages(
    src: &SourceText,
    raw: Option<Ordered<RawLanguage>>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<LanguageConfig> {
    let languages_at = key_range(src, "languages").end;
    let mut languages = Vec::new();
    for (tag, lang) in raw.map(|o| o.0).unwrap_or_default() {
        if !is_language_tag(&tag) {
            errors.push(
                Diagnostic::error(Code::Config, format!("`{tag}` is not a language tag"))
                    .at_range(src, key_range_after(src, languages_at, &tag))
                    .help(match tag.replace('_', "-") {
                        dashed if dashed != tag && is_language_tag(&dashed) => format!("language tags are joined with `-`: write `{dashed}` (and name the folder `content/{dashed}`)"),
                        _ => "use a BCP 47 tag such as `nl`, `en`, `de`, `ar` or `pt-BR`".to_owned(),
                    }),
            );
        }
        languages.push(LanguageConfig {
            tag,
            name: lang.name,
            direction: lang.direction,
        });
    }
    languages
}

/// Whether `tag` looks like a BCP 47 language tag (`nl`, `pt-BR`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The byte range of a top-level or nested key's name in a YAML text, for diagnostics; the
/// whole first line when the key is not found.
pub fn key_range(src: &SourceText, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in src.text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                return offset + indent..offset + indent + key.len();
            }
        }
        offset += line.len();
    }
    0..src.text.find('\n').unwrap_or(src.text.len())
}

/// The byte range of `key` written as a mapping key after byte `from`, in block or flow style,
/// plain or quoted (`  nl_NL: {}`, `{ nl: {}, "nl NL": {} }`); the whole first line when it
/// is not found.
pub fn key_range_after(src: &SourceText, from: usize, key: &str) -> std::ops::Range<usize> {
    let text = &src.text;
    let from = from.min(text.len());
    for (at, _) in text[from..].match_indices(key).map(|(i, k)| (from + i, k)) {
        let before = text[..at].chars().next_back();
        let quote = before.filter(|c| matches!(c, '"' | '\''));
        let opens = matches!(before, None | Some(' ' | '\t' | '\n' | '{' | ',')) || quote.is_some();
        let mut rest = &text[at + key.len()..];
        if let Some(q) = quote {
            match rest.strip_prefix(q) {
                Some(r) => rest = r,
                None => continue,
            }
        }
        if opens && rest.trim_start_matches([' ', '\t']).starts_with(':') {
            return at..at + key.len();
        }
    }
    0..text.find('\n').unwrap_or(text.len())
}

#[cfg(test)]
mod tests;
