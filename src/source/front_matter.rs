//! Front matter: the YAML block between `---` lines at the top of every content file.
//!
//! With `config`, the only user of `serde_yaml`. Positions in its diagnostics are positions in
//! the whole file, not in the YAML block.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use crate::config::Extra;
use crate::date::Date;
use crate::diagnostics::{nearest, Code, Diagnostic};
use crate::source::SourceText;
use crate::yaml::yaml_error;

/// Declares every front-matter key once, with its type as written and where its value shows:
/// `page` (on the page itself only) or `site` (also in navigation, lists, feeds and checks of
/// other pages). From the list follow [`KEYS`] (the known keys and their "did you mean"), the
/// YAML reading (`Raw`, also key by key when the whole does not parse), and
/// [`FrontMatter::same_outline`], which decides whether `serve` may re-render one page only.
macro_rules! front_matter_keys {
    ($($key:ident: $ty:ty, $shown:ident;)*) => {
        /// The front-matter keys leidraad knows.
        pub const KEYS: &[&str] = &[$(stringify!($key)),*];

        /// A front matter as written: every key optional.
        #[derive(Default, Deserialize)]
        struct Raw {
            $(#[serde(default)] $key: Option<$ty>,)*
        }

        impl Raw {
            /// Reads the keys one by one from a mapping; those whose values are wrong are
            /// recorded in `unread`.
            fn salvage(map: &serde_yaml::Mapping, unread: &mut Vec<&'static str>) -> Raw {
                Raw {
                    $($key: field(map, stringify!($key), unread),)*
                }
            }
        }

        impl FrontMatter {
            /// Whether other pages show the same of this document as of `other`: every key
            /// that shows beyond the page itself has the same value.
            pub fn same_outline(&self, other: &FrontMatter) -> bool {
                true $(&& front_matter_keys!(@same $shown, self.$key, other.$key))*
            }
        }
    };
    (@same page, $a:expr, $b:expr) => {
        true
    };
    (@same site, $a:expr, $b:expr) => {
        SameValue::same_value(&$a, &$b)
    };
}

/// Equal as a value, wherever in the file it was written.
trait SameValue {
    fn same_value(&self, other: &Self) -> bool;
}

impl<T: PartialEq> SameValue for Option<(T, Range<usize>)> {
    fn same_value(&self, other: &Self) -> bool {
        self.as_ref().map(|(v, _)| v) == other.as_ref().map(|(v, _)| v)
    }
}

macro_rules! same_value_by_eq {
    ($($ty:ty),*) => {
        $(impl SameValue for $ty {
            fn same_value(&self, other: &Self) -> bool {
                self == other
            }
        })*
    };
}

same_value_by_eq!(
    String,
    Option<String>,
    Option<i64>,
    Option<Date>,
    Vec<String>,
    bool
);

/// The front matter of one content file, validated.
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    /// Required on every page.
    pub title: String,
    /// A one-sentence summary.
    pub description: Option<String>,
    /// Order among siblings; lower comes first.
    pub weight: Option<i64>,
    /// The URL segment in this language, and where it was written.
    pub slug: Option<(String, Range<usize>)>,
    /// Names shown as the authors.
    pub authors: Vec<String>,
    /// When the text was last changed.
    pub updated: Option<Date>,
    /// When experts last reviewed the text.
    pub last_reviewed: Option<Date>,
    /// When the next review is due, and where it was written.
    pub next_review: Option<(Date, Range<usize>)>,
    /// Left out of the build unless `--drafts`.
    pub draft: bool,
    /// The hash of the source this translation was made from.
    pub source_hash: Option<String>,
    /// Old paths of the page from the site's root (`/legal/`), each of which gets a page that
    /// sends the reader on; and where the list was written.
    pub aliases: Option<(Vec<String>, Range<usize>)>,
    /// Anything the site's own templates want (`page.extra`).
    pub extra: Extra,
}

front_matter_keys! {
    title: String, site;
    description: String, site;
    weight: i64, site;
    slug: String, site;
    authors: Authors, page;
    updated: Date, site;
    last_reviewed: Date, page;
    next_review: Date, site;
    draft: bool, site;
    source_hash: String, site;
    aliases: Vec<String>, site;
    extra: Extra, page;
}

/// The result of splitting a file: where the YAML and the body are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML text (without the `---` lines).
    pub yaml: Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body: usize,
}

/// A file's front matter read as far as it goes. A file whose front matter has errors still
/// becomes a document, so that one mistake gives one error: links to it and to its anchors
/// resolve and its translations keep their status, while the build fails on the error itself.
#[derive(Clone, Debug)]
pub struct Read {
    /// The front matter; where it has errors, with stand-ins (see [`StandIn`]).
    pub front: FrontMatter,
    /// Byte offset where the Markdown body starts.
    pub body: usize,
    /// Set when the front matter has errors.
    pub stand_in: Option<StandIn>,
    /// The errors and warnings found.
    pub diagnostics: Vec<Diagnostic>,
}

/// What is missing from the front matter of a file that has errors: the keys whose values
/// could not be read. For those, [`FrontMatter`] holds stand-ins: the file name as the title,
/// the defaults for the others. Every other key has the value the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandIn {
    /// Keys of [`KEYS`]; all of them when the front matter is not a YAML mapping at all.
    pub unread: Vec<&'static str>,
}

/// Splits and parses the front matter of a file, and where that fails, reads what it can
/// (see [`Read`]). `file_name` is the stand-in title.
pub fn read(src: &SourceText, file_name: &str) -> Read {
    let split = match split(src) {
        Ok(split) => split,
        Err(d) => {
            // Without front matter the whole file is the body; when it is never closed, the
            // body is taken to start after the opening line, so that its headings keep their
            // anchors.
            let first_line_end = src.text.find('\n').unwrap_or(src.text.len());
            let body = if src.text[..first_line_end].trim_end() == "---" {
                (first_line_end + 1).min(src.text.len())
            } else {
                0
            };
            return Read {
                front: FrontMatter::stand_in(file_name),
                body,
                stand_in: Some(StandIn {
                    unread: KEYS.to_vec(),
                }),
                diagnostics: vec![d],
            };
        }
    };
    let (front, mut diagnostics) = parse(src, &split);
    let (front, stand_in) = match front {
        Ok(front) => (front, None),
        Err(d) => {
            diagnostics.push(d);
            let (front, unread) = salvage(src, &split, file_name);
            (front, Some(StandIn { unread }))
        }
    };
    Read {
        front,
        body: split.body,
        stand_in,
        diagnostics,
    }
}

/// The front matter of a file whose front matter has errors, key by key: every key whose value
/// is right keeps it, the others get stand-ins. Returns the keys that could not be read.
fn salvage(src: &SourceText, split: &Split, file_name: &str) -> (FrontMatter, Vec<&'static str>) {
    let yaml = &src.text[split.yaml.clone()];
    let map: Option<serde_yaml::Mapping> = if yaml.trim().is_empty() {
        Some(serde_yaml::Mapping::new())
    } else {
        serde_yaml::from_str(yaml).ok()
    };
    let Some(map) = map else {
        return (FrontMatter::stand_in(file_name), KEYS.to_vec());
    };
    let mut unread = Vec::new();
    let raw = Raw::salvage(&map, &mut unread);
    let title = match raw.title.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => title.to_owned(),
        _ => {
            if !unread.contains(&"title") {
                unread.push("title");
            }
            file_name.to_owned()
        }
    };
    (validated(raw, title, split, yaml), unread)
}

/// The value of one key of a front matter that as a whole did not parse: `None` when it is not
/// there, or (recorded in `unread`) when its value is wrong.
fn field<T: serde::de::DeserializeOwned>(
    map: &serde_yaml::Mapping,
    key: &'static str,
    unread: &mut Vec<&'static str>,
) -> Option<T> {
    let value = map.get(key)?;
    match serde_yaml::from_value::<Option<T>>(value.clone()) {
        Ok(value) => value,
        Err(_) => {
            unread.push(key);
            None
        }
    }
}

impl FrontMatter {
    /// The front matter of a file whose front matter could not be read at all: its file name
    /// as the title, the defaults for everything else.
    pub fn stand_in(file_name: &str) -> FrontMatter {
        FrontMatter {
            title: file_name.to_owned(),
            ..FrontMatter::default()
        }
    }
}

/// `authors: Jan` and `authors: [Jan, Piet]` both work.
#[derive(Deserialize)]
#[serde(untagged)]
enum Authors {
    One(String),
    Many(Vec<String>),
}

/// Finds the front matter block of a file.
pub fn split(src: &SourceText) -> Result<Split, Diagnostic> {
    let text = &src.text;
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        let help = "start the file with a line `---`, then `title: …`, then another line `---`";
        return Err(
            Diagnostic::error(Code::NoFrontMatter, "this file has no front matter")
                .at_range(src, 0..first_line_end.max(1))
                .help(help),
        );
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let content = line.trim_end();
        if content == "---" || content == "..." {
            return Ok(Split {
                yaml: yaml_start..offset,
                body: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Code::UnclosedFrontMatter,
        "the front matter is never closed",
    )
    .at_range(src, 0..3)
    .help("add a line `---` after the last front-matter line, before the text"))
}

/// The key of leidraad's that another generator's key (Hugo's, Jekyll's, Zola's) means, where
/// the names are too far apart for a "did you mean" by spelling: `date` is `updated`.
fn other_generators_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "date" | "lastmod" | "last_modified_at" | "modified" => "updated",
        "summary" | "excerpt" => "description",
        "order" | "nav_order" => "weight",
        "alias" | "redirect_from" => "aliases",
        _ => return None,
    })
}

/// Parses the YAML of a split file. Type errors are errors; unknown keys are warnings.
pub fn parse(
    src: &SourceText,
    split: &Split,
) -> (Result<FrontMatter, Diagnostic>, Vec<Diagnostic>) {
    let yaml = &src.text[split.yaml.clone()];
    let mut warnings = Vec::new();
    for (key, range) in top_level_keys(yaml) {
        if !KEYS.contains(&key) {
            let range = split.yaml.start + range.start..split.yaml.start + range.end;
            let near = other_generators_key(key).or_else(|| nearest(key, KEYS.iter().copied()));
            let help = match near {
                Some(near) => format!("did you mean `{near}`? A key for your own templates goes under `extra:`"),
                None => format!(
                    "leidraad ignores it; known keys are {}. A key for your own templates goes under `extra:` (`extra: {{ {key}: … }}`), where templates see it as `page.extra.{key}`",
                    crate::diagnostics::list(KEYS)
                ),
            };
            warnings.push(
                Diagnostic::warning(
                    Code::UnknownKey,
                    format!("unknown front-matter key `{key}`"),
                )
                .at_range(src, range)
                .help(help),
            );
        }
    }
    let raw: Raw = if yaml.trim().is_empty() {
        Raw::default()
    } else {
        match serde_yaml::from_str(yaml) {
            Ok(raw) => raw,
            Err(err) if err.to_string().contains("untagged enum Authors") => {
                return (Err(authors_error(src, split, yaml)), warnings)
            }
            Err(err) => return (Err(yaml_error(src, split.yaml.start, &err, KEYS)), warnings),
        }
    };
    let Some(title) = raw
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        let d = Diagnostic::error(Code::MissingTitle, "this page has no `title`")
            .at_range(src, 0..3)
            .help("add a line such as `title: Ken jezelf` between the `---` lines");
        return (Err(d), warnings);
    };
    let title = title.to_owned();
    (Ok(validated(raw, title, split, yaml)), warnings)
}

/// `authors` that is neither a name nor a list of names. serde names only the type it could
/// not make (`Authors`), and no position.
fn authors_error(src: &SourceText, split: &Split, yaml: &str) -> Diagnostic {
    let range = top_level_keys(yaml)
        .into_iter()
        .find(|(k, _)| *k == "authors")
        .map_or(0..3, |(_, key)| {
            // The value when it is on the key's line, else the key.
            let line_end = yaml[key.end..]
                .find('\n')
                .map_or(yaml.len(), |i| key.end + i);
            let after_colon = yaml[key.end..line_end]
                .find(':')
                .map_or(line_end, |i| key.end + i + 1);
            let value = yaml[after_colon..line_end].trim();
            let range = if value.is_empty() {
                key
            } else {
                let start = after_colon + yaml[after_colon..line_end].find(value).unwrap_or(0);
                start..start + value.len()
            };
            split.yaml.start + range.start..split.yaml.start + range.end
        });
    Diagnostic::error(
        Code::Yaml,
        "wrong value for `authors`: expected a name or a list of names",
    )
    .at_range(src, range)
    .help("write `authors: Jan Jansen` or `authors: [Jan Jansen, Piet Pieters]`")
}

/// The front matter from its keys' values, with the title already checked.
fn validated(raw: Raw, title: String, split: &Split, yaml: &str) -> FrontMatter {
    let key_range = |key: &str| -> Range<usize> {
        top_level_keys(yaml)
            .into_iter()
            .find(|(k, _)| *k == key)
            .map_or(0..3, |(_, r)| {
                split.yaml.start + r.start..split.yaml.start + r.end
            })
    };
    FrontMatter {
        title,
        description: raw
            .description
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
        weight: raw.weight,
        slug: raw.slug.map(|s| (s, key_range("slug"))),
        authors: match raw.authors {
            None => Vec::new(),
            Some(Authors::One(name)) => vec![name],
            Some(Authors::Many(names)) => names,
        }
        .into_iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect(),
        updated: raw.updated,
        last_reviewed: raw.last_reviewed,
        next_review: raw.next_review.map(|d| (d, key_range("next_review"))),
        draft: raw.draft.unwrap_or(false),
        source_hash: raw.source_hash.map(|h| h.trim().to_owned()),
        aliases: raw.aliases.map(|a| {
            (
                a.into_iter().map(|p| p.trim().to_owned()).collect(),
                key_range("aliases"),
            )
        }),
        extra: raw.extra.unwrap_or_default(),
    }
}

/// The top-level keys of a block-style YAML mapping, with the byte range of each key's name.
/// This is a scan of the text, not a parse: it serves diagnostics only.
pub fn top_level_keys(yaml: &str) -> Vec<(&str, Range<usize>)> {
    let mut keys = BTreeMap::new();
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let starts_key = line.chars().next().is_some_and(|c| {
            !c.is_whitespace() && !matches!(c, '#' | '-' | '{' | '[' | '"' | '\'')
        });
        if starts_key {
            if let Some(colon) = line.find(':') {
                let key = line[..colon].trim_end();
                let after = &line[colon + 1..];
                if !key.is_empty() && (after.is_empty() || after.starts_with([' ', '\t', '\n'])) {
                    keys.entry(offset)
                        .or_insert((key, offset..offset + key.len()));
                }
            }
        }
        offset += line.len();
    }
    keys.into_values().collect()
}

#[cfg(test)]
mod tests;
