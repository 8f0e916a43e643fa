//! What each generator's files are: the site's languages and title from its configuration,
//! and for every Markdown file its language, its place (folders and name) and the URLs it had.
//! Pure: works on the [`Tree`] in memory.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use super::front::{self, Front};
use super::jekyll::{jekyll_collections, jekyll_entry, jekyll_info};
use super::read::Tree;
use super::Dialect;
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, SourceText};

/// The site as a whole.
#[derive(Debug, Default)]
pub struct SiteInfo {
    /// The source language.
    pub default_language: String,
    /// Languages the configuration names, with their names, in its order.
    pub languages: Vec<(String, Option<String>)>,
    /// The site's title, by language (`""` for all).
    pub titles: BTreeMap<String, String>,
    /// `[extra]` (Zola) or `params` (Hugo), for `site.yaml`'s `extra:`.
    pub extra: Mapping,
    /// Jekyll's `baseurl`, which links may start with.
    pub base_path: String,
    /// The site's address (`url` and `baseurl`, `baseURL`, `base_url`), for `site.yaml`.
    pub base_url: Option<String>,
    /// Hugo's `defaultContentLanguageInSubdir`: the source language under `/<lang>/` too.
    pub default_in_subdir: bool,
    /// Jekyll's permalink patterns: the site's (for posts, under `posts`) and each
    /// collection's.
    pub permalinks: BTreeMap<String, String>,
    /// Jekyll's `permalink: pretty` (or a pattern ending in `/`): pages at `/x/`, not `/x.html`.
    pub pretty: bool,
}

/// One Markdown file of the source.
#[derive(Debug)]
pub struct Entry {
    /// Its path in SOURCE.
    pub src: String,
    /// Its language.
    pub lang: String,
    /// Its place without language: folders, then the name (`_index` for a folder's page).
    pub segs: Vec<String>,
    /// The URLs it had, from the site's root.
    pub urls: Vec<String>,
    /// Its own URL, when it was a folder (`/legal/`): it is kept as an alias where the page
    /// moves.
    pub old_url: Option<String>,
    /// The names `relref`, `ref` and `@/` links use for it (`docs/setup.md`).
    pub keys: Vec<String>,
    /// The date in its file name (Jekyll posts).
    pub file_date: Option<Date>,
    /// Its front matter.
    pub front: Front,
    /// Its text.
    pub text: SourceText,
}

/// Reads the configuration and every Markdown file of a dialect. Files whose front matter
/// does not parse are errors, as is a configuration that does not parse.
pub fn discover(dialect: Dialect, tree: &Tree) -> Result<(SiteInfo, Vec<Entry>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let config_names: &[&str] = match dialect {
        Dialect::Jekyll => &["_config.yml", "_config.yaml"],
        Dialect::Hugo => &[
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "config.toml",
            "config.yaml",
            "config.yml",
        ],
        Dialect::Zola => &["config.toml"],
    };
    let config = match config_names.iter().find_map(|n| tree.texts.get(*n)) {
        Some(src) => front::read_config(src).unwrap_or_else(|d| {
            problems.push(d);
            Mapping::new()
        }),
        None => Mapping::new(),
    };
    let info = match dialect {
        Dialect::Jekyll => jekyll_info(&config),
        Dialect::Hugo => hugo_info(&config),
        Dialect::Zola => zola_info(&config),
    };
    let collections = jekyll_collections(&config);
    let mut entries = Vec::new();
    for (rel, src) in &tree.texts {
        if config_names.contains(&rel.as_str())
            || !(rel.ends_with(".md") || rel.ends_with(".markdown"))
        {
            continue;
        }
        let front = match front::read(src, dialect == Dialect::Hugo) {
            Ok(Some(front)) => front,
            // Jekyll copies a file without front matter as it is; Hugo and Zola need none.
            Ok(None) if dialect == Dialect::Jekyll => continue,
            Ok(None) => Front::default(),
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let entry = match dialect {
            Dialect::Jekyll => jekyll_entry(&info, &collections, rel, src, front),
            Dialect::Hugo | Dialect::Zola => content_entry(dialect, &info, rel, src, front),
        };
        entries.extend(entry);
    }
    if entries.is_empty() && problems.is_empty() {
        let (name, where_) = match dialect {
            Dialect::Jekyll => ("Jekyll", "Markdown files with front matter"),
            Dialect::Hugo => ("Hugo", "Markdown files under `content/`"),
            Dialect::Zola => ("Zola", "Markdown files under `content/`"),
        };
        problems.push(
            Diagnostic::error(Code::NoContent, format!("no pages found: a {name} site has {where_}, and this folder has none"))
                .at(crate::diagnostics::Location::file(tree.root.clone()))
                .help("name the folder of the site itself, or the generator it is made for (`jekyll`, `hugo` or `zola`)"),
        );
    }
    if problems.is_empty() {
        Ok((info, entries))
    } else {
        Err(problems)
    }
}

/// A configuration's text value.
pub fn config_text(config: &Mapping, key: &str) -> Option<String> {
    front::get(config, key).and_then(front::text)
}

/// A language tag as leidraad writes it, or `None` when the text is no language tag (so that
/// no name from SOURCE becomes a folder of DEST unchecked).
pub fn language_tag(tag: &str) -> Option<String> {
    let tag = normalise_tag(tag);
    crate::config::is_language_tag(&tag).then_some(tag)
}

/// `pt-br` → `pt-BR`, `zh_hant` → `zh-Hant`: the tag as BCP 47 writes it
/// ([`crate::i18n::canonical_tag`]), also from the underscores other generators allow.
pub fn normalise_tag(tag: &str) -> String {
    crate::i18n::canonical_tag(&tag.trim().replace('_', "-"))
}

/// Hugo's and Zola's `[languages]` tables: (tag, name, title, weight), sorted by weight.
fn language_table(
    config: &Mapping,
    name_key: &str,
) -> Vec<(String, Option<String>, Option<String>, i64)> {
    let Some(Value::Mapping(table)) = front::get(config, "languages") else {
        return Vec::new();
    };
    let mut out: Vec<_> = table
        .iter()
        .filter_map(|(tag, value)| {
            let tag = language_tag(&front::text(tag)?)?;
            let map = value.as_mapping().cloned().unwrap_or_default();
            let name = config_text(&map, name_key).or_else(|| config_text(&map, "label"));
            let title = config_text(&map, "title");
            let weight = front::get(&map, "weight")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            Some((tag, name, title, weight))
        })
        .collect();
    out.sort_by_key(|(tag, _, _, weight)| (*weight, tag.clone()));
    out
}

fn hugo_info(config: &Mapping) -> SiteInfo {
    let default_language = config_text(config, "defaultContentLanguage")
        .and_then(|t| language_tag(&t))
        .unwrap_or_else(|| "en".to_owned());
    let extra = match front::get(config, "params") {
        Some(Value::Mapping(map)) => map.clone(),
        _ => Mapping::new(),
    };
    let mut info = table_info(config, default_language, "languageName", extra);
    info.base_url = config_text(config, "baseURL");
    info.base_path = url_path(info.base_url.as_deref());
    info.default_in_subdir = front::get(config, "defaultContentLanguageInSubdir")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    info
}

fn zola_info(config: &Mapping) -> SiteInfo {
    let default_language = config_text(config, "default_language")
        .and_then(|t| language_tag(&t))
        .unwrap_or_else(|| "en".to_owned());
    let extra = match front::get(config, "extra") {
        Some(Value::Mapping(map)) => map.clone(),
        _ => Mapping::new(),
    };
    let mut info = table_info(config, default_language, "language_name", extra);
    info.base_url = config_text(config, "base_url");
    info.base_path = url_path(info.base_url.as_deref());
    info
}

fn table_info(
    config: &Mapping,
    default_language: String,
    name_key: &str,
    extra: Mapping,
) -> SiteInfo {
    let mut titles = BTreeMap::new();
    if let Some(title) = config_text(config, "title") {
        titles.insert(String::new(), title);
    }
    let mut languages = vec![(default_language.clone(), None)];
    for (tag, name, title, _) in language_table(config, name_key) {
        if let Some(title) = title {
            titles.insert(tag.clone(), title);
        }
        match languages.iter_mut().find(|(t, _)| *t == tag) {
            Some(entry) => entry.1 = name,
            None => languages.push((tag, name)),
        }
    }
    SiteInfo {
        default_language,
        languages,
        titles,
        extra,
        base_path: String::new(),
        base_url: None,
        default_in_subdir: false,
        permalinks: BTreeMap::new(),
        pretty: true,
    }
}

/// A path's variants as a browser may have asked for it: `/a/b.html`, `/a/b/`, `/a/b`.
pub fn url_variants(path: &str) -> Vec<String> {
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return vec!["/".to_owned(), "/index.html".to_owned()];
    }
    vec![
        format!("{path}/"),
        format!("{path}.html"),
        path.to_owned(),
        format!("{path}/index.html"),
    ]
}

/// A Hugo or Zola file under `content/`.
fn content_entry(
    dialect: Dialect,
    info: &SiteInfo,
    rel: &str,
    src: &SourceText,
    front: Front,
) -> Option<Entry> {
    let inner = rel.strip_prefix("content/")?;
    let without_ext = inner.rsplit_once('.').map_or(inner, |(stem, _)| stem);
    let mut segs: Vec<String> = without_ext.split('/').map(str::to_owned).collect();
    let known: Vec<&str> = info.languages.iter().map(|(t, _)| t.as_str()).collect();
    let mut lang = None;
    if segs.len() > 1
        && known.contains(&normalise_tag(&segs[0]).as_str())
        && dialect == Dialect::Hugo
    {
        lang = Some(normalise_tag(&segs.remove(0)));
    }
    let name = segs.last_mut()?;
    if let Some((stem, suffix)) = name.rsplit_once('.') {
        if known.contains(&normalise_tag(suffix).as_str()) {
            lang = Some(normalise_tag(suffix));
            *name = stem.to_owned();
        }
    }
    let lang = lang.unwrap_or_else(|| info.default_language.clone());
    // A folder's `index.md` is the page of its folder (a Hugo leaf bundle, a Zola page with
    // its assets); `_index.md` is the folder's own (section) page.
    if segs.last().is_some_and(|s| s == "index") {
        segs.pop();
        if segs.is_empty() {
            segs.push("_index".to_owned());
        }
    }
    let key = format!("{}.md", segs.join("/")).replace("_index.md", "_index.md");
    let keys = vec![key, inner.to_owned()];
    let urls = content_urls(info, &lang, &segs, &front);
    let old_url = urls.first().filter(|u| u.ends_with('/')).cloned();
    Some(Entry {
        old_url,
        src: rel.to_owned(),
        lang,
        segs,
        urls,
        keys,
        file_date: None,
        front,
        text: src.clone(),
    })
}

/// The URLs Hugo and Zola give a content file: `url` or `path`, else its folders and its
/// `slug` or name, under `/<lang>/` for every language but the default.
fn content_urls(info: &SiteInfo, lang: &str, segs: &[String], front: &Front) -> Vec<String> {
    for key in ["url", "path"] {
        if let Some(url) = front::get(&front.map, key).and_then(front::text) {
            let url = format!("/{}", url.trim_start_matches('/'));
            return url_variants(&url);
        }
    }
    let mut parts: Vec<String> = segs.iter().filter(|s| *s != "_index").cloned().collect();
    if let (Some(slug), Some(last)) = (
        front::get(&front.map, "slug").and_then(front::text),
        parts.last_mut(),
    ) {
        *last = slug;
    }
    let path = format!("/{}", parts.join("/"));
    let mut urls = url_variants(&path);
    if lang != info.default_language || info.default_in_subdir {
        urls = urls.iter().map(|u| format!("/{lang}{u}")).collect();
    }
    urls
}

/// The path of an address (`https://example.org/guidance/` → `/guidance`), which links from
/// the site's root may start with; empty at a domain's root.
fn url_path(url: Option<&str>) -> String {
    let Some(url) = url else {
        return String::new();
    };
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/').to_owned()
}
