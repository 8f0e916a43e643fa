//! Front matter and configuration files of the other generators, read into YAML values
//! (TOML between `+++` lines is converted), and the front matter of a leidraad page made from
//! them. With `config`, `yaml` and `source/front_matter.rs`, the only user of `serde_yaml`.

use serde_yaml::{Mapping, Value};

use super::report::{Change, Counts};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, SourceText};
use crate::yaml::yaml_error;

/// A file's front matter, read.
#[derive(Debug, Default)]
pub struct Front {
    /// The keys as written.
    pub map: Mapping,
    /// Byte offset where the body starts.
    pub body: usize,
}

/// Reads the front matter of a Markdown file: YAML between `---` lines, TOML between `+++`
/// lines, or (with `json`, for Hugo) a JSON object from a `{` line to a `}` line. `Ok(None)`
/// when the file has none (Jekyll copies such files as they are).
pub fn read(src: &SourceText, json: bool) -> Result<Option<Front>, Diagnostic> {
    let text = &src.text;
    let first_end = text.find('\n').unwrap_or(text.len());
    let fence = text[..first_end].trim_end();
    // Hugo's JSON front matter is an object from a `{` line to a `}` line; YAML reads JSON.
    let (start, close) = match fence {
        "---" | "+++" => ((first_end + 1).min(text.len()), fence),
        "{" if json => (0, "}"),
        _ => return Ok(None),
    };
    let mut offset = (first_end + 1).min(text.len());
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == close {
            let inner = if close == "}" {
                &text[..offset + line.len()]
            } else {
                &text[start..offset]
            };
            let map = parse(src, start, inner, fence == "+++")?;
            return Ok(Some(Front {
                map,
                body: offset + line.len(),
            }));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Code::UnclosedFrontMatter,
        "the front matter is never closed",
    )
    .at_range(src, 0..3)
    .help(format!(
        "add a line `{close}` after the last front-matter line, before the text"
    )))
}

/// Reads a whole configuration file (`_config.yml`, `hugo.toml`, `config.toml`).
pub fn read_config(src: &SourceText) -> Result<Mapping, Diagnostic> {
    let toml = src.path.extension().is_some_and(|e| e == "toml");
    parse(src, 0, &src.text, toml)
}

/// Parses YAML or TOML text that starts at byte `base` of the file into a mapping.
fn parse(src: &SourceText, base: usize, text: &str, toml: bool) -> Result<Mapping, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Mapping::new());
    }
    if toml {
        return match text.parse::<toml::Table>() {
            Ok(table) => Ok(match from_toml(toml::Value::Table(table)) {
                Value::Mapping(map) => map,
                _ => Mapping::new(),
            }),
            Err(err) => {
                let span = err.span().unwrap_or(0..1);
                let message = err.message().trim().to_owned();
                Err(Diagnostic::error(
                    Code::Toml,
                    format!("this TOML does not parse: {message}"),
                )
                .at_range(src, base + span.start..base + span.end.max(span.start + 1))
                .help("TOML writes `key = \"value\"`, one key a line; lists as `[\"a\", \"b\"]`, tables as `[name]` lines"))
            }
        };
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(
            Diagnostic::error(Code::Yaml, "this front matter is not a list of keys")
                .at_range(src, base..base + 1)
                .help("write one `key: value` a line, such as `title: Legal help`"),
        ),
        Err(err) => Err(yaml_error(src, base, &err, &[])),
    }
}

/// A TOML value as a YAML value; dates and times become text (`2024-03-01T10:00:00Z`).
fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Value::String(k), from_toml(v)))
                .collect(),
        ),
    }
}

/// A value as text, when it is a string, a number or a boolean.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A key as text, for a mapping whose keys must be text.
pub fn text_key(key: &Value) -> Value {
    match text(key) {
        Some(t) => Value::String(t),
        None => Value::String(
            serde_yaml::to_string(key)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        ),
    }
}

/// The value of a key of a mapping: the key as written, else in any case. Hugo reads the keys
/// of its configuration and of front matter in any case (`[Languages]`, `baseurl`, `Title`),
/// and a site that builds with its generator has no two keys that differ only in case.
pub fn get<'a>(map: &'a Mapping, key: &str) -> Option<&'a Value> {
    map.get(key_in(map, key)?)
}

/// The key of `map` that [`get`] reads for `key`.
fn key_in<'a>(map: &'a Mapping, key: &str) -> Option<&'a Value> {
    map.keys().find(|k| k.as_str() == Some(key)).or_else(|| {
        map.keys()
            .find(|k| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key)))
    })
}

/// The page's title, when its front matter has one that is not blank.
pub fn title(map: &Mapping) -> Option<String> {
    get(map, "title")
        .and_then(text)
        .filter(|t| !t.trim().is_empty())
}

/// Whether the page is a draft: `draft: true` (Hugo, Zola, Jekyll) or `published: false`
/// (Jekyll).
pub fn is_draft(map: &Mapping) -> bool {
    get(map, "draft").and_then(Value::as_bool) == Some(true)
        || get(map, "published").and_then(Value::as_bool) == Some(false)
}

/// A text or a list of texts as a list; `None` when it is neither.
pub fn texts(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Sequence(items) => items.iter().map(text).collect(),
        other => text(other).map(|t| vec![t]),
    }
}

/// A date in any of the generators' forms (`2024-03-01`, `2024-03-01 10:00:00 +0100`,
/// `2024-03-01T10:00:00Z`), as leidraad writes it.
pub fn date(value: &Value) -> Option<Date> {
    let text = text(value)?;
    Date::parse(text.trim().get(..10)?).ok()
}

/// Front-matter keys of the other generators and what leidraad calls them.
const DATE_KEYS: &[&str] = &["lastmod", "last_modified_at", "updated", "date"];
const WEIGHT_KEYS: &[&str] = &["weight", "order", "nav_order"];
const ALIAS_KEYS: &[&str] = &["aliases", "redirect_from"];
const AUTHOR_KEYS: &[&str] = &["authors", "author"];
/// Keys that say which language a file is in: the folder says it in leidraad.
const LANGUAGE_KEYS: &[&str] = &["lang", "language"];

/// What is known of a page besides its front matter.
pub struct PageFacts<'a> {
    /// The title when the front matter has none (from the file name).
    pub fallback_title: &'a str,
    /// A date from the file name (Jekyll posts: `2024-03-01-name.md`).
    pub file_date: Option<Date>,
    /// The page's own old URL, where it moved: kept as an alias.
    pub moved_from: Option<String>,
    /// Old paths of its aliases that are left out (as folders: `/legal/`), each with why.
    pub left_out_aliases: &'a [(String, String)],
    /// The slug to write when the front matter has none (`addresses::folded_slug`).
    pub slug: Option<String>,
}

/// A problem with one key, for the report: (key, what is wrong).
pub type KeyProblem = (String, String);

/// The front matter of the leidraad page made from `map`, as YAML text between `---` lines,
/// with what was changed counted and the keys that need a person.
pub fn convert(
    map: &Mapping,
    facts: &PageFacts<'_>,
    counts: &mut Counts,
) -> (String, Vec<KeyProblem>) {
    let mut out = Mapping::new();
    let mut extra = Mapping::new();
    let mut problems = Vec::new();
    let mut used: Vec<&'static str> = vec!["title", "extra"];
    // A key that names a language is the language folder; one that names none stays.
    used.extend(LANGUAGE_KEYS.iter().filter(|k| {
        get(map, k)
            .and_then(text)
            .is_some_and(|t| super::site::language_tag(&t).is_some())
    }));
    let title = title(map);
    if title.is_none() {
        counts.add(Change::TitlesMade, 1);
    }
    let title = title.unwrap_or_else(|| facts.fallback_title.to_owned());
    out.insert("title".into(), Value::String(title.trim().to_owned()));
    if let Some(d) = get(map, "description").and_then(text) {
        out.insert("description".into(), Value::String(d.trim().to_owned()));
        used.push("description");
    }
    weight(map, &mut out, &mut used, &mut problems, counts);
    match get(map, "slug").and_then(text) {
        Some(slug) if crate::slug::check_slug(&slug).is_ok() => {
            out.insert("slug".into(), Value::String(slug));
            used.push("slug");
        }
        _ => {
            if let Some(slug) = &facts.slug {
                out.insert("slug".into(), Value::String(slug.clone()));
            }
        }
    }
    authors(map, &mut out, &mut used, counts);
    updated(map, facts, &mut out, &mut used, &mut problems, counts);
    draft(map, &mut out, &mut used, counts);
    aliases(map, facts, &mut out, &mut used, &mut problems, counts);
    if let Some(Value::Mapping(own)) = get(map, "extra") {
        extra.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let used: Vec<&Value> = used.iter().filter_map(|u| key_in(map, u)).collect();
    for (key, value) in map {
        if !used.contains(&key) {
            // leidraad's `extra:` has text keys (`1:` becomes `'1':`).
            let key = text_key(key);
            extra.insert(key, value.clone());
            counts.add(Change::ExtraKeys, 1);
        }
    }
    if !extra.is_empty() {
        out.insert("extra".into(), Value::Mapping(extra));
    }
    let yaml = serde_yaml::to_string(&Value::Mapping(out)).unwrap_or_default();
    (format!("---\n{yaml}---\n"), problems)
}

/// `weight`, `order` or `nav_order` as `weight`.
fn weight(
    map: &Mapping,
    out: &mut Mapping,
    used: &mut Vec<&'static str>,
    problems: &mut Vec<KeyProblem>,
    counts: &mut Counts,
) {
    let Some((key, value)) = first(map, WEIGHT_KEYS) else {
        return;
    };
    let number = match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    match number {
        Some(n) => {
            out.insert("weight".into(), Value::Number(n.into()));
            used.push(key);
            if key != "weight" {
                counts.add(Change::Weights, 1);
            }
        }
        None => problems.push((
            key.to_owned(),
            format!("`{key}` is no whole number, so it is kept under `extra:`; give the page a `weight: 1`, `2`, … to order it"),
        )),
    }
}

/// `authors` or `author`, a name or a list of names, as `authors`.
fn authors(map: &Mapping, out: &mut Mapping, used: &mut Vec<&'static str>, counts: &mut Counts) {
    let Some((key, value)) = first(map, AUTHOR_KEYS) else {
        return;
    };
    if let Some(names) = texts(value) {
        let names: Vec<Value> = names.into_iter().map(Value::String).collect();
        out.insert("authors".into(), Value::Sequence(names));
        used.push(key);
        if key != "authors" {
            counts.add(Change::Authors, 1);
        }
    }
}

/// The newest of `lastmod`, `last_modified_at`, `updated` and `date` (or the date in a post's
/// file name) as `updated`; the others stay under `extra:`.
fn updated(
    map: &Mapping,
    facts: &PageFacts<'_>,
    out: &mut Mapping,
    used: &mut Vec<&'static str>,
    problems: &mut Vec<KeyProblem>,
    counts: &mut Counts,
) {
    let found = first(map, DATE_KEYS);
    let date = match found {
        Some((key, value)) => match date(value) {
            Some(date) => {
                used.push(key);
                Some(date)
            }
            None => {
                problems.push((key.to_owned(), format!("`{key}` is no date leidraad can read, so it is kept under `extra:`; write `updated: YYYY-MM-DD`")));
                None
            }
        },
        None => facts.file_date,
    };
    if let Some(date) = date {
        out.insert("updated".into(), Value::String(date.to_string()));
        counts.add(Change::Dates, 1);
    }
}

/// `draft: true`, or Jekyll's `published: false`, as `draft: true`.
fn draft(map: &Mapping, out: &mut Mapping, used: &mut Vec<&'static str>, counts: &mut Counts) {
    if let Some(Value::Bool(draft)) = get(map, "draft") {
        used.push("draft");
        if *draft {
            out.insert("draft".into(), Value::Bool(true));
        }
    }
    if let Some(Value::Bool(published)) = get(map, "published") {
        used.push("published");
        if !published {
            out.insert("draft".into(), Value::Bool(true));
            counts.add(Change::Drafts, 1);
        }
    }
}

/// `aliases` or `redirect_from` as `aliases`, each a path from the site's root.
fn aliases(
    map: &Mapping,
    facts: &PageFacts<'_>,
    out: &mut Mapping,
    used: &mut Vec<&'static str>,
    problems: &mut Vec<KeyProblem>,
    counts: &mut Counts,
) {
    let mut all: Vec<Value> = Vec::new();
    for key in ALIAS_KEYS {
        let Some(value) = get(map, key) else {
            continue;
        };
        let Some(paths) = texts(value) else {
            problems.push((key.to_string(), format!("`{key}` is no list of paths, so it is kept under `extra:`; write the old paths as `aliases: [/old/path/]`")));
            continue;
        };
        used.push(key);
        for path in paths {
            let path = path.trim();
            let path = if path.starts_with('/') {
                path.to_owned()
            } else {
                format!("/{path}")
            };
            if let Some((_, why)) = facts
                .left_out_aliases
                .iter()
                .find(|(a, _)| *a == folder(&path))
            {
                problems.push((key.to_string(), why.clone()));
                continue;
            }
            if path.ends_with(".html") {
                problems.push((key.to_string(), format!("the old path `{path}` is kept as an alias, but leidraad writes an alias as a folder (`{path}/`): for `{path}` itself, add a redirect on your web server")));
            }
            if !all.contains(&Value::String(path.clone())) {
                all.push(Value::String(path));
                counts.add(Change::Aliases, 1);
            }
        }
    }
    if let Some(old) = &facts.moved_from {
        if !all.contains(&Value::String(old.clone())) {
            all.push(Value::String(old.clone()));
            counts.add(Change::OldUrls, 1);
        }
    }
    if !all.is_empty() {
        out.insert("aliases".into(), Value::Sequence(all));
    }
}

/// The paths of `aliases` and `redirect_from`, each as the folder it stands for (`/legal/`).
pub fn alias_folders(map: &Mapping) -> Vec<String> {
    ALIAS_KEYS
        .iter()
        .filter_map(|k| get(map, k).and_then(texts))
        .flatten()
        .map(|p| folder(&p))
        .collect()
}

/// A path as the folder a redirect is written to: `legal`, `/legal/` and `/legal/index.html`
/// are all `/legal/`.
pub fn folder(path: &str) -> String {
    let path = path.trim();
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        "/".to_owned()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

/// The first of `keys` that the mapping has, with its value.
fn first<'m>(map: &'m Mapping, keys: &[&'static str]) -> Option<(&'static str, &'m Value)> {
    keys.iter().find_map(|k| map.get(*k).map(|v| (*k, v)))
}

/// Whether a key is one that says a file's language.
pub fn language(map: &Mapping) -> Option<String> {
    LANGUAGE_KEYS
        .iter()
        .find_map(|k| get(map, k).and_then(text))
}

/// The line of a top-level key (`key:` or `key =`) in a file; 1 when it is not found.
pub fn key_line(src: &SourceText, key: &str) -> usize {
    let offset = src
        .text
        .match_indices(key)
        .find(|(i, _)| {
            let at_start = *i == 0 || src.text.as_bytes()[i - 1] == b'\n';
            let after = src.text[i + key.len()..].trim_start_matches([' ', '\t']);
            at_start && (after.starts_with(':') || after.starts_with('='))
        })
        .map_or(0, |(i, _)| i);
    src.line_col(offset).0
}
