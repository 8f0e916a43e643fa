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
    SiteInfo {
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

/// The URLs Jekyll gives a file: its `permalink`, else its path (a post's by its categories
/// and date); and its own URL when that is a folder.
fn jekyll_urls(
    info: &SiteInfo,
    without_ext: &str,
    collection: Option<&str>,
    segs: &[String],
    date: Option<Date>,
    front: &Front,
) -> (Vec<String>, Option<String>) {
    if let Some(permalink) = front::get(&front.map, "permalink").and_then(front::text) {
        if !permalink.contains(':') {
            let own = permalink.ends_with('/').then(|| permalink.clone());
            return (url_variants(&permalink), own);
        }
    }
    let mut paths = match (collection, date) {
        (Some("posts"), Some(date)) => {
            let day = format!(
                "/{:04}/{:02}/{:02}/{}",
                date.year(),
                date.month(),
                date.day(),
                segs.last().map_or("", String::as_str)
            );
            let categories = front::get(&front.map, "categories")
                .and_then(front::texts)
                .unwrap_or_default()
                .iter()
                .flat_map(|c| c.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
                .collect::<Vec<_>>();
            if categories.is_empty() {
                vec![day]
            } else {
                vec![format!("/{}{day}", categories.join("/")), day]
            }
        }
        (Some(c), _) => vec![format!(
            "/{c}/{}",
            without_ext.split_once('/').map_or("", |(_, r)| r)
        )],
        (None, _) => vec![format!("/{without_ext}")],
    };
    let mut index = false;
    for path in &mut paths {
        if let Some(dir) = path.strip_suffix("/index") {
            *path = dir.to_owned();
            index = true;
        }
        if path == "/index" {
            *path = "/".to_owned();
            index = true;
        }
    }
    let own = (index || info.pretty).then(|| format!("{}/", paths[0].trim_end_matches('/')));
    (paths.iter().flat_map(|p| url_variants(p)).collect(), own)
}
