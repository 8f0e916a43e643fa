//! `site.yaml`: the site's settings, every one optional.
//!
//! This module and `source::front_matter` are the only users of `serde_yaml`, so that a
//! maintained fork can replace it in one place. It does no IO: `source` reads the file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::diagnostics::{nearest, Diagnostic};
use crate::source::SourceText;

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
}

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
                    "config",
                    format!("`base_url` must be an absolute URL, not `{url}`"),
                )
                .at_range(src, key_range(src, "base_url"))
                .help("write the full address, for example `https://example.org/guidance/`"),
            );
        }
    }
    let languages_at = key_range(src, "languages").end;
    for (tag, lang) in raw.languages.map(|o| o.0).unwrap_or_default() {
        if !is_language_tag(&tag) {
            errors.push(
                Diagnostic::error("config", format!("`{tag}` is not a language tag"))
                    .at_range(src, key_range_after(src, languages_at, &tag))
                    .help(match tag.replace('_', "-") {
                        dashed if dashed != tag && is_language_tag(&dashed) => format!("language tags are joined with `-`: write `{dashed}` (and name the folder `content/{dashed}`)"),
                        _ => "use a BCP 47 tag such as `nl`, `en`, `de`, `ar` or `pt-BR`".to_owned(),
                    }),
            );
        }
        config.languages.push(LanguageConfig {
            tag,
            name: lang.name,
            direction: lang.direction,
        });
    }
    if let Some(default) = raw.default_language {
        if !config.languages.is_empty() && !config.languages.iter().any(|l| l.tag == default) {
            let known: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
            errors.push(
                Diagnostic::error(
                    "config",
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
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

/// Whether `tag` looks like a BCP 47 language tag (`nl`, `pt-BR`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Formats names as `` `a`, `b` and `c` ``.
pub fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        0 => "nothing".to_owned(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
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

/// Turns a YAML or type error into a diagnostic at the right place in the file. `base` is the
/// byte offset at which the YAML text starts within the file.
pub(crate) fn yaml_error(
    src: &SourceText,
    base: usize,
    err: &serde_yaml::Error,
    keys: &[&str],
) -> Diagnostic {
    // The positions in serde's and libyaml's messages count from the start of the YAML text,
    // not of the file: they are taken out, and the diagnostic gives the file's.
    let (message, marks) = without_marks(&err.to_string());
    let mut index = err.location().map_or(base, |l| base + l.index());
    // An unclosed `[`, `{` or quote is found where the text ends up not making sense, often a
    // line later: point at where it opens, which libyaml gives as the context's position.
    let opens = [
        "while parsing a flow sequence",
        "while parsing a flow mapping",
        "while scanning a quoted scalar",
    ];
    let unclosed = opens.iter().any(|o| message.contains(o)) && marks.len() >= 2;
    if let (true, Some(&(line, column))) = (unclosed, marks.last()) {
        let yaml = &src.text[base.min(src.text.len())..];
        if let Some(offset) = mark_offset(yaml, line, column) {
            index = base + offset;
        }
    }
    let (message, help) = explain_yaml_error(&message, keys);
    // Underline the value up to the end of its line.
    let line_end = src.text[index.min(src.text.len())..]
        .find('\n')
        .map_or(src.text.len(), |i| index + i);
    let value_end = index + src.text[index.min(line_end)..line_end].trim_end().len();
    let mut d = Diagnostic::error("yaml", message).at_range(src, index..value_end.max(index + 1));
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

/// A message of serde or libyaml without its positions (` at line 3 column 8`, ` at position
/// 12`), and those positions, in order, as (line, column) counted from 1.
fn without_marks(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut message = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(" at ") {
        let after = &rest[i + 4..];
        let number = |t: &str| -> (Option<usize>, usize) {
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (t[..digits].parse().ok(), digits)
        };
        let mark_len = if let Some(line_etc) = after.strip_prefix("line ") {
            match number(line_etc) {
                (Some(line), n) => match line_etc[n..].strip_prefix(" column ") {
                    Some(col_etc) => match number(col_etc) {
                        (Some(column), m) => {
                            marks.push((line, column));
                            Some("line ".len() + n + " column ".len() + m)
                        }
                        _ => None,
                    },
                    None => None,
                },
                _ => None,
            }
        } else if let Some(pos_etc) = after.strip_prefix("position ") {
            match number(pos_etc) {
                (Some(_), n) => Some("position ".len() + n),
                _ => None,
            }
        } else {
            None
        };
        message.push_str(&rest[..i]);
        match mark_len {
            Some(len) => rest = &after[len..],
            None => {
                message.push_str(" at ");
                rest = after;
            }
        }
    }
    message.push_str(rest);
    (message, marks)
}

/// The byte offset in `yaml` of libyaml's position `line`, `column` (counted from 1, the
/// column in characters).
fn mark_offset(yaml: &str, line: usize, column: usize) -> Option<usize> {
    let mut offset = 0;
    for (n, text) in yaml.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let in_line = text
                .char_indices()
                .nth(column.checked_sub(1)?)
                .map_or(text.len(), |(i, _)| i);
            return Some(offset + in_line);
        }
        offset += text.len();
    }
    None
}

/// Rewords serde's messages in plain words, with a hint where one helps.
fn explain_yaml_error(message: &str, keys: &[&str]) -> (String, Option<String>) {
    if message.contains("while parsing a flow sequence") {
        return (
            "this is not valid YAML: a list that starts with `[` has no `]` at its end".to_owned(),
            Some("end the list with `]` on the same line, as in `[Jan, Piet]`, or put text that starts with `[` between quotes".to_owned()),
        );
    }
    if message.contains("while parsing a flow mapping") {
        return (
            "this is not valid YAML: a `{` has no `}` at its end".to_owned(),
            Some("end it with `}` on the same line, as in `{ name: Nederlands }`, or put text that starts with `{` between quotes".to_owned()),
        );
    }
    if message.contains("while scanning a quoted scalar") {
        return (
            "this is not valid YAML: a text in quotes has no closing quote".to_owned(),
            Some("end the text with the quote it starts with; to write that quote inside it, use the other kind around it (`'…\"…'` or `\"…'…\"`)".to_owned()),
        );
    }
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        let help = match nearest(field, keys.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("known keys are {}", list(keys)),
        };
        return (format!("unknown key `{field}`"), Some(help));
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        let (key, detail) = match message.split_once(": ") {
            Some((key, detail)) if !key.contains(' ') => (Some(key), detail),
            _ => (None, message),
        };
        let detail = detail
            .replace("invalid type: ", "")
            .replace("invalid value: ", "")
            .replace("expected i64", "expected a whole number")
            .replace("expected a boolean", "expected `true` or `false`")
            .replace("expected a string", "expected text")
            .replace("expected a sequence", "expected a list");
        let name = key.map_or("key", |k| k.rsplit('.').next().unwrap_or(k));
        let help = if detail.ends_with("expected a whole number") {
            Some(format!("write a whole number, such as `{name}: 2`"))
        } else if detail.ends_with("expected `true` or `false`") {
            Some(format!("write `{name}: true` or `{name}: false`"))
        } else if detail.ends_with("expected text") {
            Some(format!(
                "put the value between quotes, such as `{name}: \"2026\"`"
            ))
        } else if detail.ends_with("expected a list") {
            Some(format!("write a list, such as `{name}: [Jan, Piet]`"))
        } else {
            None
        };
        let message = match key {
            Some(key) => format!("wrong value for `{key}`: found {detail}"),
            None => format!("wrong value: found {detail}"),
        };
        return (message, help);
    }
    if let Some((key, detail)) = message.split_once(": ") {
        if keys.contains(&key) {
            let help = detail
                .contains("is not a date")
                .then(|| "write dates as YYYY-MM-DD, for example `2026-11-26`".to_owned());
            return (format!("wrong value for `{key}`: {detail}"), help);
        }
    }
    let help = if message.contains("did not find expected key")
        || message.contains("mapping values are not allowed")
    {
        Some("check the indentation, and put text that contains `: ` between quotes".to_owned())
    } else if message.contains("found character that cannot start any token") {
        Some("put the value between quotes".to_owned())
    } else {
        None
    };
    (format!("this is not valid YAML: {message}"), help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        parse(&SourceText::new("site.yaml".into(), text))
    }

    #[test]
    fn positions_in_the_yaml_text_leave_the_message() {
        assert_eq!(
            without_marks("did not find expected ',' or ']' at line 3 column 8, while parsing a flow sequence at line 2 column 10"),
            (
                "did not find expected ',' or ']', while parsing a flow sequence".to_owned(),
                vec![(3, 8), (2, 10)]
            )
        );
        assert_eq!(
            without_marks("unexpected end at position 12"),
            ("unexpected end".to_owned(), vec![])
        );
        assert_eq!(
            without_marks("look at this at line x"),
            ("look at this at line x".to_owned(), vec![])
        );
        assert_eq!(mark_offset("a: 1\nbé: [x\n", 2, 5), Some(10));
        assert_eq!(mark_offset("a: 1\n", 3, 1), None);
    }

    #[test]
    fn every_key_is_optional() {
        let config = parse_str("").unwrap();
        assert_eq!(config.output_dir, PathBuf::from("public"));
        assert_eq!(config.title_in("nl"), "Guidance");
    }

    #[test]
    fn languages_keep_their_order() {
        let config = parse_str(
            "title: { nl: Leidraad, en: Guidance }\nbase_url: https://example.org/g\n\
             languages:\n  nl: { name: Nederlands }\n  en: { name: English }\n  ar: { direction: rtl }\n",
        )
        .unwrap();
        let tags: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
        assert_eq!(tags, ["nl", "en", "ar"]);
        assert_eq!(config.languages[2].direction, Some(Direction::Rtl));
        assert_eq!(config.base_url.as_deref(), Some("https://example.org/g/"));
        assert_eq!(config.title_in("en"), "Guidance");
    }

    #[test]
    fn an_unknown_key_names_the_nearest() {
        let errors = parse_str("title: x\nbase_ur: https://x.org/\n").unwrap_err();
        assert_eq!(errors[0].message, "unknown key `base_ur`");
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `base_url`?"));
        assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn a_bad_language_tag_is_reported_where_it_is_written() {
        for (yaml, line, column) in [
            (
                "title: { nl_NL: x }\nlanguages:\n  nl: {}\n  nl_NL: {}\n",
                4,
                3,
            ),
            ("languages: { nl: {}, nl_NL: {} }\n", 1, 22),
            ("languages:\n  nl: {}\n  \"nl NL\": {}\n", 3, 4),
        ] {
            let errors = parse_str(yaml).unwrap_err();
            let at = errors[0].location.as_ref().unwrap();
            assert_eq!((at.line, at.column), (line, column), "{yaml}");
        }
    }

    #[test]
    fn a_title_of_the_wrong_type_says_what_is_expected() {
        let errors = parse_str("title: [1, 2]\n").unwrap_err();
        assert_eq!(
            errors[0].message,
            "wrong value for `title`: found sequence, expected text, or text per language such as `{ nl: Leidraad, en: Guidance }`"
        );
        assert_eq!(parse_str("title: { nl: A }\n").unwrap().title_in("nl"), "A");
    }

    #[test]
    fn language_tags() {
        for ok in ["nl", "en", "pt-BR", "zh-Hant-TW", "ast"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "n", "nl_NL", "english", "nl-", "../x"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
