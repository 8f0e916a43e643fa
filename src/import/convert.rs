//! The source site in memory turned into the new site's files ([`Plan`]) and the [`Report`].
//! Pure: `read` has read SOURCE, `write` writes the plan.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::front::{self, PageFacts};
use super::ids::Ids;
use super::links::{Index, Linker};
use super::read::Tree;
use super::report::{Change, Counts, Leftover, LeftoverKind, Report};
use super::site::{self, Entry, SiteInfo};
use super::{addresses, body};
use super::{Dialect, Plan};
use crate::diagnostics::Diagnostic;
use crate::slug::slugify;

/// Converts a source site.
pub fn convert(dialect: Dialect, tree: &Tree) -> Result<(Plan, Report), Vec<Diagnostic>> {
    let (mut info, entries) = site::discover(dialect, tree)?;
    // A Jekyll site whose source-language pages all lived under `/<lang>/` keeps them there.
    let lang = &info.default_language;
    let mut own = entries.iter().filter(|e| &e.lang == lang).peekable();
    if own.peek().is_some()
        && own.all(|e| e.urls.iter().all(|u| u.starts_with(&format!("/{lang}/"))))
    {
        info.default_in_subdir = true;
    }
    let mut report = Report::default();
    let dests = place(&entries, &mut report.leftovers);
    report.leftovers.extend(html_pages(dialect, tree));
    let index = index(dialect, tree, &info, &entries, &dests);
    let mut plan = Plan::default();
    let mut ids = Ids::default();
    let mut assets = Assets::default();
    let root = (!info.default_in_subdir).then_some(info.default_language.as_str());
    let urls = addresses::new_urls(&entries, &dests, root);
    let moved = addresses::moved(&entries, &urls);
    // The source language first, so that its translations can take its items' ids.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (entries[i].lang != info.default_language, dests[i].clone()));
    let mut left_out = addresses::left_out_aliases(&entries, &dests, &urls, &order);
    for i in order {
        let cx = PageCx {
            dialect,
            index: &index,
            entry: &entries[i],
            dest: &dests[i],
            info: &info,
            moved_from: moved[i].clone(),
            left_out_aliases: std::mem::take(&mut left_out[i]),
        };
        let text = cx.page(&mut ids, &mut assets, &mut report);
        plan.texts.push((dests[i].clone(), text));
    }
    report.changes.add(Change::Pages, entries.len());
    report
        .changes
        .add(Change::ImagesCopied, assets.copies.len());
    plan.copies = assets.copies.into_iter().collect();
    guide_indexes(&mut plan, &mut report.changes);
    report.languages = languages(&info, &entries);
    plan.texts
        .push(("site.yaml".to_owned(), site_yaml(&info, &report.languages)));
    plan.texts.sort();
    report.leftovers.sort();
    Ok((plan, report))
}

/// Where each entry goes in DEST: `content/<lang>/<guide>/<name>.md`. Deeper folders are
/// folded into the section's name (`docs/a/b.md` → `docs/a-b.md`); a name taken twice gets
/// a number and is listed.
fn place(entries: &[Entry], leftovers: &mut Vec<Leftover>) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let mut dests = Vec::new();
    for entry in entries {
        let segs: Vec<String> = entry
            .segs
            .iter()
            .map(|s| {
                if s == "_index" {
                    s.clone()
                } else {
                    file_name(s)
                }
            })
            .collect();
        let rel = match segs.as_slice() {
            [] => "_index".to_owned(),
            [one] => one.clone(),
            [guide, rest @ ..] => {
                let rest: Vec<&str> = rest
                    .iter()
                    .map(String::as_str)
                    .filter(|s| *s != "_index")
                    .collect();
                if rest.is_empty() {
                    format!("{guide}/_index")
                } else {
                    format!("{guide}/{}", rest.join("-"))
                }
            }
        };
        let base = format!("content/{}/{rel}", entry.lang);
        let mut dest = format!("{base}.md");
        let mut n = 2;
        while !taken.insert(dest.clone()) {
            dest = format!("{base}-{n}.md");
            n += 1;
        }
        if n > 2 {
            leftovers.push(Leftover {
                file: entry.src.clone(),
                line: 1,
                dest: dest.clone(),
                kind: LeftoverKind::File,
                message: format!("another file already became `{base}.md`, so this one was written as `{dest}`; rename one of them"),
            });
        }
        dests.push(dest);
    }
    dests
}

/// The pages of the old site written in HTML, which are not imported: listed.
fn html_pages(dialect: Dialect, tree: &Tree) -> Vec<Leftover> {
    tree.files
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".htm"))
        .filter(|f| match dialect {
            Dialect::Jekyll => !f.split('/').any(|s| s.starts_with('_')) && !f.starts_with("assets/"),
            Dialect::Hugo | Dialect::Zola => f.starts_with("content/"),
        })
        .map(|f| Leftover {
            file: f.clone(),
            line: 1,
            dest: String::new(),
            kind: LeftoverKind::File,
            message: "this HTML file was not imported: if it is a page, write it in Markdown in the new site; if it is a file to publish as it is, put it in `static/`".to_owned(),
        })
        .collect()
}

/// A folder or file name as leidraad wants it: a slug (`Over Ons` → `over-ons`).
fn file_name(name: &str) -> String {
    let slug = slugify(name);
    if slug.is_empty() {
        "page".to_owned()
    } else {
        slug
    }
}

/// The names links use for every page and file.
fn index(
    dialect: Dialect,
    tree: &Tree,
    info: &SiteInfo,
    entries: &[Entry],
    dests: &[String],
) -> Index {
    let mut index = Index {
        base_path: info.base_path.clone(),
        host: info.base_url.as_deref().and_then(super::links::host_of),
        default_language: info.default_language.clone(),
        ..Index::default()
    };
    for (i, entry) in entries.iter().enumerate() {
        for url in &entry.urls {
            index.by_url.entry(url.clone()).or_default().push(i);
        }
        for key in &entry.keys {
            index.by_key.entry(key.clone()).or_default().push(i);
        }
        index.by_src.insert(entry.src.clone(), i);
        if front::is_draft(&entry.front.map) {
            index.drafts.insert(i);
        }
        index.pages.push((dests[i].clone(), entry.lang.clone()));
    }
    for file in &tree.files {
        let url = match dialect {
            Dialect::Jekyll if !file.starts_with('_') => Some(file.as_str()),
            Dialect::Jekyll => None,
            Dialect::Hugo | Dialect::Zola => file
                .strip_prefix("static/")
                .or_else(|| file.strip_prefix("content/")),
        };
        if let Some(url) = url {
            index.assets.insert(format!("/{url}"), file.clone());
        }
    }
    index
}

/// One page being converted.
struct PageCx<'a> {
    dialect: Dialect,
    index: &'a Index,
    entry: &'a Entry,
    dest: &'a str,
    info: &'a SiteInfo,
    moved_from: Option<String>,
    left_out_aliases: Vec<(String, String)>,
}

impl PageCx<'_> {
    /// The page's new text: front matter and body.
    fn page(&self, ids: &mut Ids, assets: &mut Assets, report: &mut Report) -> String {
        let entry = self.entry;
        let src = &entry.text;
        let mut body_start = entry.front.body.min(src.text.len());
        // A page without a title in its front matter takes its first `# heading`, which then
        // leaves the text (leidraad shows the title as the page's heading), else its file name.
        let heading = front::title(&entry.front.map)
            .is_none()
            .then(|| leading_heading(&src.text[body_start..]))
            .flatten();
        let fallback = match heading {
            Some((title, len)) => {
                body_start += len;
                title
            }
            None => self.file_title(),
        };
        let facts = PageFacts {
            fallback_title: &fallback,
            file_date: entry.file_date,
            moved_from: self.moved_from.clone(),
            left_out_aliases: &self.left_out_aliases,
            slug: addresses::folded_slug(entry, self.dest.rsplit('/').next().unwrap_or("")),
        };
        let (front, problems) = front::convert(&entry.front.map, &facts, &mut report.changes);
        for (key, message) in problems {
            report.leftovers.push(self.leftover(
                front::key_line(src, &key),
                LeftoverKind::FrontMatter,
                message,
            ));
        }
        let url = entry
            .urls
            .iter()
            .find(|u| u.ends_with('/'))
            .cloned()
            .unwrap_or_else(|| "/".to_owned());
        let from = Linker {
            index: self.index,
            lang: &entry.lang,
            url: &url,
            src: &entry.src,
            dest: self.dest,
        };
        let mut page_ids = ids.page(&entry.lang, self.dest);
        let body_text = &src.text[body_start..];
        let converted = body::convert(
            body_text,
            self.dialect,
            &from,
            &mut page_ids,
            &mut report.changes,
        );
        ids.done(page_ids);
        let first_line = src.line_col(body_start).0;
        for (at, kind, message) in converted.found {
            report
                .leftovers
                .push(self.leftover(first_line + at, kind, message));
        }
        let mut text = converted.text;
        for (n, file) in converted.assets.iter().enumerate() {
            let name = assets.place(self.dest, file);
            text = text.replacen(&format!("\0asset:{n}\0"), &name, 1);
            report.changes.add(Change::ImageLinks, 1);
        }
        format!("{front}{text}")
    }

    /// A title from the page's file name (its folder's, for an `_index.md`), or the site's
    /// for its home.
    fn file_title(&self) -> String {
        self.entry
            .segs
            .iter()
            .rev()
            .find(|s| *s != "_index")
            .map_or_else(
                || {
                    self.info
                        .titles
                        .get("")
                        .cloned()
                        .unwrap_or_else(|| "Home".to_owned())
                },
                |s| title_case(s),
            )
    }

    fn leftover(&self, line: usize, kind: LeftoverKind, message: String) -> Leftover {
        Leftover {
            file: self.entry.src.clone(),
            line,
            dest: self.dest.to_owned(),
            kind,
            message,
        }
    }
}

/// `ken-jezelf` → `Ken jezelf`.
fn title_case(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name.to_owned(),
    }
}

/// The text of a body's first line when it is a `# heading` (after blank lines), and how many
/// bytes it takes with the blank lines after it.
fn leading_heading(body: &str) -> Option<(String, usize)> {
    let start = body.len() - body.trim_start_matches(['\n', '\r', ' ']).len();
    let start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[start..]
        .find('\n')
        .map_or(body.len(), |i| start + i + 1);
    let line = body[start..line_end].trim_end();
    let indent = line.len() - line.trim_start_matches(' ').len();
    let text = line[indent..].strip_prefix("# ").filter(|_| indent < 4)?;
    // Closing `#`s and a `{#id}` are not part of the title.
    let text = text.trim_end_matches('#').trim_end();
    let text = match text.rfind(" {#") {
        Some(at) if text.ends_with('}') => &text[..at],
        _ => text,
    };
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let rest = &body[line_end..];
    let blank = rest.len() - rest.trim_start_matches(['\n', '\r']).len();
    Some((text.to_owned(), line_end + blank))
}

/// Files copied beside the pages that link to them.
#[derive(Default)]
struct Assets {
    /// (folder in DEST, name) → file in SOURCE.
    names: BTreeMap<(String, String), String>,
    /// (path in DEST, path in SOURCE).
    copies: BTreeSet<(String, String)>,
}

impl Assets {
    /// The name of the copy of `file` beside `page`: its own name, or with its folder's name
    /// before it when another file of that name is there already.
    fn place(&mut self, page: &str, file: &str) -> String {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let own = file.rsplit('/').next().unwrap_or(file).to_owned();
        let parent = file.rsplit('/').nth(1).unwrap_or("file");
        let mut candidates = vec![own.clone(), format!("{parent}-{own}")];
        candidates.extend((2..).take(1000).map(|n| format!("{n}-{own}")));
        for name in candidates {
            let key = (dir.clone(), name.clone());
            match self.names.get(&key) {
                Some(existing) if existing != file => continue,
                _ => {
                    self.names.insert(key, file.to_owned());
                    self.copies
                        .insert((format!("{dir}/{name}"), file.to_owned()));
                    return name;
                }
            }
        }
        own
    }
}

/// An `_index.md` for every guide folder that has sections but none.
fn guide_indexes(plan: &mut Plan, counts: &mut Counts) {
    let paths: BTreeSet<&str> = plan.texts.iter().map(|(p, _)| p.as_str()).collect();
    let mut made = Vec::new();
    for path in &paths {
        let parts: Vec<&str> = path.split('/').collect();
        if let ["content", lang, guide, _] = parts.as_slice() {
            let index = format!("content/{lang}/{guide}/_index.md");
            if !paths.contains(index.as_str()) && !made.iter().any(|(p, _)| *p == index) {
                // The title of the guide in another language, else its folder's name.
                let title = plan
                    .texts
                    .iter()
                    .filter(|(p, _)| p.ends_with(&format!("/{guide}/_index.md")))
                    .find_map(|(_, text)| text.lines().find_map(|l| l.strip_prefix("title: ")))
                    .map_or_else(|| title_case(guide), str::to_owned);
                made.push((index, format!("---\ntitle: {title}\n---\n")));
            }
        }
    }
    counts.add(Change::GuideIndexes, made.len());
    plan.texts.extend(made);
}

/// The new site's languages, the source language first, then in the configuration's order.
fn languages(info: &SiteInfo, entries: &[Entry]) -> Vec<String> {
    let found: BTreeSet<&str> = entries.iter().map(|e| e.lang.as_str()).collect();
    let mut out: Vec<String> = Vec::new();
    let configured = std::iter::once(info.default_language.as_str())
        .chain(info.languages.iter().map(|(t, _)| t.as_str()));
    for tag in configured.chain(found.iter().copied()) {
        if found.contains(tag) && !out.iter().any(|t| t == tag) {
            out.push(tag.to_owned());
        }
    }
    out
}

/// `site.yaml`: the title in every language, the languages and their names, `extra`.
fn site_yaml(info: &SiteInfo, languages: &[String]) -> String {
    let mut map = Mapping::new();
    let mut titles = Mapping::new();
    for lang in languages {
        if let Some(title) = info.titles.get(lang).or_else(|| info.titles.get("")) {
            titles.insert(lang.as_str().into(), title.as_str().into());
        }
    }
    if !titles.is_empty() {
        map.insert("title".into(), Value::Mapping(titles));
    }
    if let Some(url) = &info.base_url {
        map.insert("base_url".into(), url.as_str().into());
    }
    if let Some(first) = languages.first() {
        map.insert("default_language".into(), first.as_str().into());
        // Where the old site had it: at the root (Hugo's and Zola's default), or in a folder.
        if !info.default_in_subdir {
            map.insert("default_language_at_root".into(), true.into());
        }
    }
    let mut langs = Mapping::new();
    for lang in languages {
        let mut entry = Mapping::new();
        if let Some((_, Some(name))) = info.languages.iter().find(|(t, _)| t == lang) {
            entry.insert("name".into(), name.as_str().into());
        }
        langs.insert(lang.as_str().into(), Value::Mapping(entry));
    }
    map.insert("languages".into(), Value::Mapping(langs));
    if !info.extra.is_empty() {
        map.insert("extra".into(), Value::Mapping(info.extra.clone()));
    }
    serde_yaml::to_string(&Value::Mapping(map)).unwrap_or_default()
}
