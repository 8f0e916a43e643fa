//! Jekyll's site: its configuration, and the language, place and URLs of each file.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::front::{self, Front};
use super::site::{config_text, language_tag, normalise_tag, url_variants, Entry, SiteInfo};
use crate::date::Date;
use crate::diagnostics::SourceText;

pub fn jekyll_info(config: &Mapping) -> SiteInfo {
    let default_language = ["default_lang", "lang", "language"]
        .iter()
        .find_map(|k| config_text(config, k))
        .and_then(|t| language_tag(&t))
        .unwrap_or_else(|| "en".to_owned());
    let mut languages: Vec<(String, Option<String>)> = front::get(config, "languages")
        .and_then(front::texts)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| Some((language_tag(t)?, None)))
        .collect();
    if !languages.iter().any(|(t, _)| *t == default_language) {
        languages.insert(0, (default_language.clone(), None));
    }
    let mut titles = BTreeMap::new();
    if let Some(title) = config_text(config, "title") {
        titles.insert(String::new(), title);
    }
    let base_path = config_text(config, "baseurl").unwrap_or_default();
    let base_url =
        config_text(config, "url").map(|u| format!("{}{base_path}/", u.trim_end_matches('/')));
    let permalink = config_text(config, "permalink").unwrap_or_default();
    let mut permalinks = BTreeMap::new();
    if !permalink.is_empty() {
        permalinks.insert("posts".to_owned(), permalink.clone());
    }
    if let Some(Value::Mapping(collections)) = front::get(config, "collections") {
        for (name, settings) in collections {
            let pattern = settings
                .as_mapping()
                .and_then(|m| config_text(m, "permalink"));
            if let (Some(name), Some(pattern)) = (front::text(name), pattern) {
                permalinks.insert(name, pattern);
            }
        }
    }
    SiteInfo {
        permalinks,
        pretty: permalink == "pretty" || permalink.ends_with('/'),
        default_in_subdir: false,
        base_url,
        default_language,
        languages,
        titles,
        extra: Mapping::new(),
        base_path: base_path.trim_end_matches('/').to_owned(),
    }
}

pub fn jekyll_collections(config: &Mapping) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = match front::get(config, "collections") {
        Some(Value::Mapping(map)) => map.keys().filter_map(front::text).collect(),
        Some(other) => front::texts(other)
            .unwrap_or_default()
            .into_iter()
            .collect(),
        None => BTreeSet::new(),
    };
    names.insert("posts".to_owned());
    names
}

pub fn jekyll_entry(
    info: &SiteInfo,
    collections: &BTreeSet<String>,
    rel: &str,
    src: &SourceText,
    mut front: Front,
) -> Option<Entry> {
    let without_ext = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    let mut segs: Vec<String> = without_ext.split('/').map(str::to_owned).collect();
    let collection = jekyll_collection(collections, &mut segs, &mut front)?;
    let lang = jekyll_language(info, &mut segs, &front);
    let mut file_date = None;
    if collection.as_deref() == Some("posts") {
        let name = segs.last_mut()?;
        if let Some(date) = name.get(..10).and_then(|d| Date::parse(d).ok()) {
            file_date = Some(date);
            *name = name[10..].trim_start_matches('-').to_owned();
        }
    }
    let collection = collection.as_deref();
    let (mut urls, mut old_url) =
        jekyll_urls(info, without_ext, collection, &segs, file_date, &front);
    if lang != info.default_language {
        // jekyll-polyglot: the same path as the source language's, under `/<lang>/`.
        let without_lang: Vec<&str> = without_ext
            .split('/')
            .filter(|s| normalise_tag(s) != lang)
            .collect();
        let (plain, own) = jekyll_urls(
            info,
            &without_lang.join("/"),
            collection,
            &segs,
            file_date,
            &front,
        );
        let prefix = |u: &String| {
            if u.starts_with(&format!("/{lang}/")) {
                u.clone()
            } else {
                format!("/{lang}{u}")
            }
        };
        urls.extend(plain.iter().map(prefix));
        old_url = own.as_ref().map(prefix);
    }
    if segs.last().is_some_and(|s| s == "index") {
        *segs.last_mut()? = "_index".to_owned();
    }
    if let Some(c) = collection {
        if segs.len() == 1 {
            segs.insert(0, c.to_owned());
        }
    }
    Some(Entry {
        text: src.clone(),
        src: rel.to_owned(),
        lang,
        keys: vec![rel.to_owned()],
        segs,
        urls,
        old_url,
        file_date,
        front,
    })
}

/// The collection a Jekyll file is in (taken out of `segs`): `Some(None)` for a page outside
/// any, `None` for a file of a folder Jekyll does not publish (`_layouts/`, `_includes/`, …).
fn jekyll_collection(
    collections: &BTreeSet<String>,
    segs: &mut Vec<String>,
    front: &mut Front,
) -> Option<Option<String>> {
    let first = segs[0].clone();
    match first.strip_prefix('_') {
        Some(name) if collections.contains(name) && segs.len() > 1 => {
            segs.remove(0);
            Some(Some(name.to_owned()))
        }
        // `_drafts/` holds posts not published yet.
        Some("drafts") if segs.len() > 1 => {
            segs.remove(0);
            if !front.map.contains_key("draft") {
                front.map.insert("draft".into(), Value::Bool(true));
            }
            Some(Some("posts".to_owned()))
        }
        Some(_) => None,
        None => Some(None),
    }
}

/// A Jekyll file's language: its `lang` key, or a folder named after a language (which is
/// taken out of `segs`), else the source language.
fn jekyll_language(info: &SiteInfo, segs: &mut Vec<String>, front: &Front) -> String {
    let known: Vec<&str> = info.languages.iter().map(|(t, _)| t.as_str()).collect();
    let mut lang = front::language(&front.map).and_then(|t| language_tag(&t));
    if let Some(pos) = segs
        .iter()
        .position(|s| known.contains(&normalise_tag(s).as_str()))
    {
        let folder = normalise_tag(&segs[pos]);
        if segs.len() > pos + 1 && lang.as_deref().is_none_or(|l| l == folder) {
            segs.remove(pos);
            lang = Some(folder);
        }
    }
    lang.unwrap_or_else(|| info.default_language.clone())
}

/// The URLs Jekyll gives a file: its `permalink` (a path, or a pattern such as
/// `/:categories/:title/`), else its collection's or the site's pattern, else its path; and
/// its own URL when that is a folder.
fn jekyll_urls(
    info: &SiteInfo,
    without_ext: &str,
    collection: Option<&str>,
    segs: &[String],
    date: Option<Date>,
    front: &Front,
) -> (Vec<String>, Option<String>) {
    let own = |url: &str| url.ends_with('/').then(|| url.to_owned());
    let permalink = front::get(&front.map, "permalink").and_then(front::text);
    if let Some(path) = permalink.as_deref().filter(|p| !p.contains(':')) {
        return (url_variants(path), own(path));
    }
    let name = segs.last().map_or("", String::as_str);
    let pattern = permalink.or_else(|| {
        let c = collection?;
        let pretty = if info.pretty { "/" } else { ":output_ext" };
        Some(info.permalinks.get(c).cloned().unwrap_or_else(|| match c {
            "posts" => format!("/:categories/:year/:month/:day/:title{pretty}"),
            _ => format!("/:collection/:path{pretty}"),
        }))
    });
    let Some(pattern) = pattern else {
        // A page outside collections: its path (`/about.html`, or `/about/` when pretty).
        let path = match without_ext.strip_suffix("index") {
            Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
            _ => format!("/{without_ext}"),
        };
        let index = path.ends_with('/');
        let own = (index || info.pretty).then(|| format!("{}/", path.trim_end_matches('/')));
        return (url_variants(&path), own);
    };
    let categories: Vec<String> = front::get(&front.map, "categories")
        .or_else(|| front::get(&front.map, "category"))
        .and_then(front::texts)
        .unwrap_or_default()
        .iter()
        .flat_map(|c| c.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let date = date.or_else(|| front::get(&front.map, "date").and_then(front::date));
    let path = without_ext.split_once('/').map_or("", |(_, r)| r);
    let vars = Vars {
        collection: collection.unwrap_or(""),
        path,
        name,
        slug: front::get(&front.map, "slug").and_then(front::text),
        categories: categories.join("/"),
        date,
    };
    let mut url = expand(&pattern, &vars);
    // A collection's `index.md` is its folder's page.
    for index in ["/index/", "/index.html"] {
        if let Some(dir) = url.strip_suffix(index) {
            url = format!("{dir}/");
        }
    }
    let mut urls = url_variants(&url);
    if collection == Some("posts") && !categories.is_empty() {
        // Links written before the post had categories.
        let vars = Vars {
            categories: String::new(),
            ..vars
        };
        urls.extend(url_variants(&expand(&pattern, &vars)));
    }
    (urls, own(&url))
}

/// What Jekyll's permalink placeholders stand for.
struct Vars<'a> {
    collection: &'a str,
    path: &'a str,
    name: &'a str,
    slug: Option<String>,
    categories: String,
    date: Option<Date>,
}

/// A permalink pattern with its placeholders filled in: `/:categories/:year/:title/`.
fn expand(pattern: &str, vars: &Vars<'_>) -> String {
    let pattern = match pattern {
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    };
    let two = |n: i8| format!("{n:02}");
    let (year, month, day) = vars
        .date
        .map_or((String::new(), String::new(), String::new()), |d| {
            (format!("{:04}", d.year()), two(d.month()), two(d.day()))
        });
    let slug = vars.slug.clone().unwrap_or_else(|| vars.name.to_owned());
    let values: [(&str, &str); 14] = [
        (":short_year", year.get(2..).unwrap_or("")),
        (":collection", vars.collection),
        (":categories", &vars.categories),
        (":output_ext", ".html"),
        (":basename", vars.name),
        (":i_month", month.trim_start_matches('0')),
        (":i_day", day.trim_start_matches('0')),
        (":month", &month),
        (":title", &slug),
        (":slug", &slug),
        (":name", vars.name),
        (":path", vars.path),
        (":year", &year),
        (":day", &day),
    ];
    let mut url = pattern.to_owned();
    for (key, value) in values {
        url = url.replace(key, value);
    }
    let mut clean = String::with_capacity(url.len());
    for c in url.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    clean
}
