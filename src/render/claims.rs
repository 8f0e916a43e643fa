//! The paths that belong to leidraad, and the files of `content/` that are not published as
//! they are: checked before anything is rendered.

use super::aliases::{describe, Alias};
use super::*;
use crate::diagnostics::Code;
use crate::model::LangId;

/// Generated paths belong to leidraad: a co-located file of `content/` or a file of `static/`
/// whose output path is that of a page or another file leidraad makes is an error that names
/// both. (A file of `static/` may replace a built-in static file of the theme on purpose.)
pub(super) fn claimed_paths(
    site: &Site,
    theme: &Theme,
    aliases: &[Alias<'_>],
    offline: bool,
) -> Vec<Diagnostic> {
    let mut generated = Generated::new(site, offline);
    let mut diags = Vec::new();
    // An alias may take no path that leidraad or another alias writes, and needs folders where
    // no file of the output stands (`/404.html/` or `/nl/photo.png/`).
    let copied: foldhash::HashSet<&str> = site
        .assets
        .iter()
        .map(|a| a.url.as_str())
        .chain(theme.site_static_files().map(|(name, _)| name))
        .collect();
    for alias in aliases {
        let path = format!("{}index.html", alias.url);
        let what = describe(alias);
        let folders = alias.url.match_indices('/').map(|(at, _)| &alias.url[..at]);
        let in_the_way = folders
            .clone()
            .find_map(|folder| generated.claim(folder))
            .or_else(|| {
                folders
                    .filter(|f| copied.contains(f))
                    .map(|f| format!("the file `{f}`"))
                    .next()
            });
        match generated.claim(&path).or(in_the_way) {
            Some(other) => diags.push(alias_clash(alias, &what, &other)),
            None => {
                generated.files.insert(path, what);
            }
        }
    }
    let claim = |path: &str| generated.claim(path);
    // As the author knows them: from the site's folder.
    let shown = |lang: LangId, rel: &str| {
        std::path::PathBuf::from(format!("content/{}/{rel}", site.languages[lang].tag))
    };
    if site.config.raw_html == RawHtml::Sanitize {
        for asset in &site.assets {
            if has_extension(&asset.url, ACTIVE) {
                diags.push(
                    Diagnostic::error(
                        Code::ActiveFile,
                        "this file could run scripts in readers' browsers, so it is not published from `content/`",
                    )
                    .in_file(&shown(asset.lang, &asset.rel))
                    .help("write the page in Markdown instead; if every author of this site is trusted, `raw_html: allow` in site.yaml publishes such files as they are (put scripts for every page in `static/`)"),
                );
            }
        }
    }
    let files = site
        .assets
        .iter()
        .map(|a| (a.url.as_str(), shown(a.lang, &a.rel)))
        .chain(
            theme
                .site_static_files()
                .map(|(name, _)| (name, std::path::Path::new("static").join(name))),
        );
    for (path, file) in files {
        if let Some(what) = claim(path) {
            diags.push(
                Diagnostic::error(
                    Code::GeneratedPath,
                    format!("this file would be published as `{path}`, in the place of {what}"),
                )
                .in_file(&file)
                .help("paths that leidraad generates belong to it: rename or move this file (a page is written as Markdown, such as `over.md`)"),
            );
        }
    }
    diags
}

/// Every path leidraad writes besides the search index: its pages by URL, described only
/// when a clash names one, and its other files with what each is.
struct Generated<'a> {
    site: &'a Site,
    pages: foldhash::HashMap<&'a str, &'a crate::model::Page>,
    files: foldhash::HashMap<String, String>,
}

impl<'a> Generated<'a> {
    fn new(site: &'a Site, offline: bool) -> Generated<'a> {
        let pages = site.pages.iter().map(|p| (p.url.as_str(), p)).collect();
        let site_file = |path: &str| (path.to_owned(), format!("`{path}`, which leidraad makes"));
        // The root `index.html` is the language chooser, or the default language's home.
        let chooser = !site.config.default_language_at_root;
        let mut files: foldhash::HashMap<String, String> =
            ["index.html", "404.html", "robots.txt", "sitemap.xml"]
                .into_iter()
                .filter(|path| chooser || *path != "index.html")
                .map(site_file)
                .collect();
        files.extend(
            site.languages
                .iter()
                .map(|l| site_file(&format!("{}feed.xml", l.path))),
        );
        if offline {
            files.extend(super::offline::paths(site).into_iter().map(|path| {
                let what = format!("`{path}`, which leidraad makes for reading offline");
                (path, what)
            }));
        }
        Generated { site, pages, files }
    }

    /// What leidraad writes at `path`, if anything: a page, another generated file or the
    /// search index.
    fn claim(&self, path: &str) -> Option<String> {
        if path == "pagefind" || path.starts_with("pagefind/") {
            return Some("the search index in `pagefind/`, which leidraad makes".to_owned());
        }
        let page = path
            .strip_suffix("index.html")
            .and_then(|url| self.pages.get(url));
        if let Some(page) = page {
            return Some(match self.site.doc_of_page(page) {
                Some(doc) if !page.fallback() => format!(
                    "the page made from `{}`",
                    crate::diagnostics::display_path(&doc.document.src.path)
                ),
                _ => format!("the page `{}` that leidraad makes", page.url),
            });
        }
        self.files.get(path).cloned()
    }
}

/// An alias that would be written where another page or alias is.
fn alias_clash(alias: &Alias<'_>, what: &str, other: &str) -> Diagnostic {
    let doc = alias.doc;
    let range = doc
        .document
        .front
        .aliases
        .as_ref()
        .map_or(0..0, |(_, r)| r.clone());
    Diagnostic::error(
        Code::AliasClash,
        format!(
            "{what} would be written as `/{}`, in the place of {other}",
            alias.url
        ),
    )
    .at_range(&doc.document.src, range)
    .help("remove the alias, or the other one: two pages cannot share an address")
}

/// Files of `content/` that a browser would run as a document or a script, refused unless the
/// site's content is trusted (`raw_html: allow`). SVG is published cleaned instead.
const ACTIVE: &[&str] = &[
    "html", "htm", "xhtml", "xht", "xml", "xsl", "xslt", "js", "mjs", "svgz",
];

/// Whether a path ends in `.ext` for one of `extensions`, in any case.
pub(super) fn has_extension(path: &str, extensions: &[&str]) -> bool {
    path.rsplit_once('.').is_some_and(|(_, ext)| {
        !ext.contains('/') && extensions.iter().any(|e| e.eq_ignore_ascii_case(ext))
    })
}
