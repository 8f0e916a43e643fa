//! Reading offline: what a site needs so that a reader who opened a guide once can open it
//! again without a network. `sw.js` at the output root (its scope is the whole site, under
//! any sub-path), a web app manifest and an offline page per language, and for each guide
//! `offline.json`, the list of its files with their sizes, which "Save this guide for offline
//! use" on the guide page fetches at once. Made only when `RenderOptions::offline` is set:
//! never for `--portable` builds or `serve`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use serde_json::json;

use super::view::*;
use super::{Cx, Sink};
use crate::diagnostics::Diagnostic;
use crate::links::{relative_url, Target};
use crate::model::{GuideId, LangId, PageId};
use crate::output::{self, Contents, OutputFile};

/// The service worker (`sw.js` beside this file); the build puts the site's languages before it.
const SERVICE_WORKER: &str = include_str!("sw.js");

/// The icon of the manifest: the one every page has (`head.html`).
const ICON: &str = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%2032%2032'%3E%3Crect%20width='32'%20height='32'%20rx='7'%20fill='%23155e63'/%3E%3Cpath%20d='M9%2016.5l4.5%204.5L23%2011'%20fill='none'%20stroke='%23fff'%20stroke-width='3.5'%20stroke-linecap='round'%20stroke-linejoin='round'/%3E%3C/svg%3E";

/// The sizes of the pages as they were rendered, by output path: what a guide's list says
/// its pages weigh.
#[derive(Default)]
pub(super) struct Sizes(Mutex<HashMap<String, u64>>);

impl Sizes {
    /// Hands `file` on to `sink`, noting its size first.
    pub(super) fn record(
        &self,
        file: OutputFile,
        sink: Sink<'_>,
    ) -> Result<Option<OutputFile>, output::Error> {
        if let Contents::Bytes(bytes) = &file.contents {
            let mut sizes = self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            sizes.insert(file.path.clone(), bytes.len() as u64);
        }
        sink(file)
    }

    fn of(&self, path: &str) -> u64 {
        let sizes = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        sizes.get(path).copied().unwrap_or(0)
    }
}

/// The files only an offline-capable site has, besides the pages: output paths, for the
/// claims check (see `claims.rs`).
pub(super) fn paths(site: &crate::model::Site) -> Vec<String> {
    let mut paths = vec!["sw.js".to_owned()];
    for lang in &site.languages {
        paths.push(format!("{}manifest.webmanifest", lang.path));
        paths.push(format!("{}offline.html", lang.path));
    }
    for guide in &site.guides {
        paths.push(format!("{}offline.json", site.pages[guide.page].url));
    }
    paths
}

impl Cx<'_> {
    /// This language's manifest, relative to page `id`, when the site can be read offline.
    pub(super) fn manifest_url(&self, id: PageId) -> Option<String> {
        self.offline.then(|| {
            let page = &self.site.pages[id];
            let folder = &self.site.languages[page.lang].path;
            relative_url(
                &page.url,
                &format!("{folder}manifest.webmanifest"),
                self.style,
            )
        })
    }

    /// Every file of reading offline, once the pages are rendered (and their sizes known).
    pub(super) fn offline_files(&self, sizes: &Sizes) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site = self.site;
        let mut files = vec![self.service_worker()];
        let mut diags = Vec::new();
        for lang in LangId::all(site.languages.len()) {
            files.push(self.manifest(lang));
            match self.offline_page(lang) {
                Ok(file) => files.push(file),
                Err(d) => diags.push(d),
            }
        }
        for g in 0..site.guides.len() {
            files.push(self.guide_list(GuideId::new(g), sizes));
        }
        (files, diags)
    }

    /// `sw.js`: the site's language folders, then the worker.
    fn service_worker(&self) -> OutputFile {
        let site = self.site;
        let languages: serde_json::Map<String, serde_json::Value> = site
            .languages
            .iter()
            .map(|l| (l.path.clone(), json!(l.code)))
            .collect();
        let config = json!({
            "languages": languages,
            "default": site.languages[site.default_lang].path,
        });
        let text = format!("var SITE = {config};\n{SERVICE_WORKER}");
        bytes_file("sw.js".to_owned(), text)
    }

    /// `<tag>/manifest.webmanifest`: the site as an app, in this language.
    fn manifest(&self, lang: LangId) -> OutputFile {
        let site = self.site;
        let language = &site.languages[lang];
        let title = site.config.title_in(&language.tag);
        let manifest = json!({
            "name": title,
            "short_name": title,
            "lang": language.code,
            "dir": language.dir.as_str(),
            "start_url": "./",
            "scope": if language.path.is_empty() { "./" } else { "../" },
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b5c66",
            "icons": [{ "src": ICON, "sizes": "any", "type": "image/svg+xml" }],
        });
        bytes_file(
            format!("{}manifest.webmanifest", language.path),
            format!("{manifest:#}\n"),
        )
    }

    /// `<tag>/offline.html`: what the service worker shows for a page that was never fetched.
    /// It stands beside the language's home, so it is made with the home's links.
    fn offline_page(&self, lang: LangId) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let home = site.sections_of[lang].home;
        let mut chrome = self.chrome(home);
        chrome.canonical = None;
        chrome.alternates = Vec::new();
        let context = PageContext {
            chrome,
            page: PageView::plain(
                "offline",
                site.languages[lang].strings.get("offline_title"),
                "offline.html",
            ),
            kind: KindView::Plain {},
        };
        let t = ("t", self.t[lang.index()].clone());
        let (html, known) = self.theme.render_with("offline.html", &context, [t])?;
        Ok(OutputFile {
            path: format!("{}offline.html", site.pages[home].url),
            contents: Contents::Bytes(html),
            known,
        })
    }

    /// `offline.json` beside a guide's page: every file a reader needs to read the guide
    /// offline, relative to the list, by the cache it is kept in (as `sw.js` chooses it: the
    /// language of its folder, else `shared`), and what they weigh together.
    fn guide_list(&self, g: GuideId, sizes: &Sizes) -> OutputFile {
        let site = self.site;
        let guide = &site.guides[g];
        let folder = &site.pages[guide.page].url;
        let mut files: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut add = |url: &str| {
            let cache = cache_of(site, url);
            files
                .entry(cache)
                .or_default()
                .push(relative_url(folder, url, self.style));
        };
        let mut bytes = 0;
        let pages = std::iter::once(guide.page)
            .chain(guide.sections.iter().copied())
            .chain(guide.checklist)
            .chain(std::iter::once(guide.print));
        for page in pages.clone() {
            let url = &site.pages[page].url;
            bytes += sizes.of(&format!("{url}index.html"));
            add(url);
        }
        // The images and downloads the guide's texts link to, wherever they are.
        let asset_sizes: HashMap<&str, u64> = site
            .assets
            .iter()
            .map(|a| (a.url.as_str(), a.bytes))
            .collect();
        let mut assets = BTreeSet::new();
        for doc in pages.filter_map(|p| site.pages[p].doc()) {
            for n in 0..site.docs[doc].rendered.links.len() {
                if let Target::Asset(url) = self.links.target(doc, n) {
                    assets.insert(url.as_str());
                }
            }
        }
        for url in assets {
            bytes += asset_sizes.get(url).copied().unwrap_or(0);
            add(url);
        }
        for (path, size) in self.theme.page_files() {
            bytes += size;
            add(path);
        }
        let list = json!({ "bytes": bytes, "files": files });
        bytes_file(format!("{folder}offline.json"), format!("{list}\n"))
    }
}

fn bytes_file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        contents: Contents::Bytes(text.into_bytes()),
        known: Default::default(),
    }
}

/// The cache `sw.js` keeps a file of the site in: its language folder's, else that of the
/// language at the root (if one is), else `shared`.
fn cache_of<'s>(site: &'s crate::model::Site, url: &str) -> &'s str {
    let folder = |path: &str| site.languages.iter().find(|l| l.path == path);
    url.split_once('/')
        .and_then(|(first, _)| folder(&format!("{first}/")))
        .or_else(|| folder(""))
        .map_or("shared", |l| l.code.as_str())
}
