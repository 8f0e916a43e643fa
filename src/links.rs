//! Resolves cross-links between pages and files, and makes every internal URL relative.
//!
//! Every link of every document is resolved once against the whole [`Site`] (which checks it
//! and reports what points nowhere), giving a [`Target`] that does not depend on the page that
//! shows it. [`href`] then turns a target into a URL relative to one page. Knows nothing about
//! Tera or the filesystem.

use std::borrow::Cow;
use std::collections::BTreeSet;

use foldhash::{HashSet, HashSetExt};
use rayon::prelude::*;

use crate::config::{self, RawHtml};
use crate::diagnostics::{nearest, Diagnostic};
use crate::markdown::Link;
use crate::model::{Doc, DocId, LangId, PageId, Site};

/// Where a link goes, independent of the page that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A page of the site.
    Page {
        /// Its translation key.
        key: String,
        /// `None`: the language of the page that shows the link (a link within the author's
        /// own language folder); `Some`: a link into another language's folder.
        lang: Option<LangId>,
        /// The anchor, without `#`.
        fragment: Option<String>,
    },
    /// A co-located file, by its URL from the output root.
    Asset(String),
    /// A link out of the site, written as it is.
    External(String),
    /// A link that was refused (an unsafe scheme, or one that points nowhere).
    Blocked,
}

/// The resolved targets of every document's links: `targets[doc][link]`.
#[derive(Debug, Default)]
pub struct LinkIndex {
    targets: Vec<Vec<Target>>,
}

/// Options for URLs.
#[derive(Clone, Copy, Debug, Default)]
pub struct UrlStyle {
    /// Links to pages name their file (`…/index.html`), for sites opened from disk.
    pub portable: bool,
}

impl LinkIndex {
    /// The target of link `n` of document `doc`.
    pub fn target(&self, doc: DocId, n: usize) -> &Target {
        &self.targets[doc][n]
    }
}

/// Resolves and checks every link of every document.
pub fn resolve(site: &Site) -> (LinkIndex, Vec<Diagnostic>) {
    let results: Vec<(Vec<Target>, Vec<Diagnostic>)> = (0..site.docs.len())
        .into_par_iter()
        .map(|doc_id| resolve_doc(site, doc_id))
        .collect();
    let mut all = Vec::new();
    let mut targets = Vec::with_capacity(results.len());
    for (t, d) in results {
        targets.push(t);
        all.extend(d);
    }
    all.extend(unlinked_pages(site, &targets));
    all.extend(unmapped_anchors(site, &targets));
    (LinkIndex { targets }, all)
}

/// Resolves the links of one document again, after `serve` replaced it (its anchors and
/// every page's URL being unchanged). Returns the problems found, if any.
pub fn update(site: &Site, index: &mut LinkIndex, doc_id: DocId) -> Vec<Diagnostic> {
    let (targets, diags) = resolve_doc(site, doc_id);
    index.targets[doc_id] = targets;
    diags
}

/// The heading and item ids of a document: few enough per page that a scan beats building a
/// set for every document.
fn anchors(doc: &Doc) -> impl Iterator<Item = &str> {
    doc.rendered
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .chain(doc.rendered.items.iter().map(|i| i.id.as_str()))
        .chain(doc.rendered.other_ids.iter().map(String::as_str))
}

fn resolve_doc(site: &Site, doc_id: DocId) -> (Vec<Target>, Vec<Diagnostic>) {
    let doc = &site.docs[doc_id];
    let resolver = Resolver { site, doc, doc_id };
    let mut diags = Vec::new();
    let targets = doc
        .rendered
        .links
        .iter()
        .map(|link| {
            resolver.resolve(link).unwrap_or_else(|d| {
                diags.push(*d);
                Target::Blocked
            })
        })
        .collect();
    (targets, diags)
}

/// Standalone pages that no other page links to: readers find them only in the list on the
/// language home, which is easy to miss. Pages of guides are always reachable through their
/// guide, so only standalone pages are checked.
fn unlinked_pages(site: &Site, targets: &[Vec<Target>]) -> Vec<Diagnostic> {
    let mut linked: HashSet<(LangId, &str)> = HashSet::new();
    for (doc, targets) in site.docs.iter().zip(targets) {
        for target in targets {
            if let Target::Page { key, lang, .. } = target {
                if *key != doc.document.rel || lang.is_some() {
                    linked.insert((lang.unwrap_or(doc.lang), key.as_str()));
                }
            }
        }
    }
    site.pages
        .iter()
        .filter(|p| p.kind == crate::model::PageKind::Page && !p.fallback)
        .filter(|p| !linked.contains(&(p.lang, p.key.as_str())))
        .filter_map(|p| site.doc_of_page(p))
        .map(|doc| {
            Diagnostic::warning("unlinked-page", "no other page links to this page")
                .in_file(&doc.document.src.path)
                .help(format!(
                    "readers find it only in the list on the language home; link to it from another page, for example from `_index.md` with `[{}]({})`",
                    doc.document.front.title, doc.document.rel
                ))
        })
        .collect()
}

/// The URL of `target` as seen from `page`. `doc_lang` is the language folder of the document
/// the link was written in, used when the target has no version in the page's language.
pub fn href(
    site: &Site,
    page: PageId,
    doc_lang: LangId,
    target: &Target,
    style: UrlStyle,
) -> String {
    let from = &site.pages[page];
    match target {
        Target::Page {
            key,
            lang,
            fragment,
        } => {
            let found = match lang {
                Some(l) => site.page(*l, key),
                None => site
                    .page(from.lang, key)
                    .or_else(|| site.page(doc_lang, key)),
            };
            let Some(to) = found else {
                return "#".to_owned();
            };
            // On a fallback page the text is another language's: its anchor was checked on
            // the page in that language, and may be named otherwise here.
            let fragment = match (fragment, lang) {
                (Some(f), None) if from.lang != doc_lang => site
                    .page(doc_lang, key)
                    .and_then(|checked| site.pages[checked].doc)
                    .zip(site.pages[to].doc)
                    .and_then(|(checked, shown)| map_fragment(site, checked, shown, f)),
                (f, _) => f.as_deref(),
            };
            let mut url = match fragment {
                Some(_) if to == page => String::new(),
                _ => relative_url(&from.url, &site.pages[to].url, style),
            };
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(fragment);
            }
            url
        }
        Target::Asset(url) => relative_url(&from.url, url, style),
        Target::External(url) => url.clone(),
        Target::Blocked => "#".to_owned(),
    }
}

/// The anchor `fragment` of document `from` as it is named in `to`, a translation of the same
/// page: explicit ids and item ids are the same in every translation; a derived heading id
/// is found by the heading's place, when both outlines have the same headings at the same
/// levels. `None` when there is no such anchor.
pub fn map_fragment<'a>(
    site: &'a Site,
    from: DocId,
    to: DocId,
    fragment: &'a str,
) -> Option<&'a str> {
    let target = &site.docs[to];
    if from == to || anchors(target).any(|id| id == fragment) {
        return Some(fragment);
    }
    let source = &site.docs[from].rendered.headings;
    let headings = &target.rendered.headings;
    let place = source.iter().position(|h| h.id == fragment)?;
    let same_outline = source.len() == headings.len()
        && source.iter().zip(headings).all(|(a, b)| a.level == b.level);
    same_outline.then(|| headings[place].id.as_str())
}

/// Links with an anchor, shown on fallback pages in another language, whose anchor has no
/// counterpart in the page they lead to there: they lead to the top of that page instead.
fn unmapped_anchors(site: &Site, targets: &[Vec<Target>]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (doc_id, (doc, targets)) in site.docs.iter().zip(targets).enumerate() {
        let fallbacks: Vec<LangId> = (0..site.languages.len())
            .filter(|&l| l != doc.lang)
            .filter(|&l| {
                site.page(l, &doc.document.rel)
                    .is_some_and(|p| site.pages[p].fallback && site.pages[p].doc == Some(doc_id))
            })
            .collect();
        if fallbacks.is_empty() {
            continue;
        }
        for (link, target) in doc.rendered.links.iter().zip(targets) {
            let Target::Page {
                key,
                lang: None,
                fragment: Some(fragment),
            } = target
            else {
                continue;
            };
            let Some(checked) = site.page(doc.lang, key).and_then(|p| site.pages[p].doc) else {
                continue;
            };
            let mut warned = BTreeSet::new();
            for &lang in &fallbacks {
                let Some(shown) = site.page(lang, key).and_then(|p| site.pages[p].doc) else {
                    continue;
                };
                if map_fragment(site, checked, shown, fragment).is_some() || !warned.insert(shown) {
                    continue;
                }
                let shown_path =
                    crate::diagnostics::display_path(&site.docs[shown].document.src.path);
                diags.push(
                    Diagnostic::warning(
                        "unmapped-anchor",
                        format!(
                            "`{shown_path}` has no anchor that matches `#{fragment}`, so on the `{}` page that shows this text the link leads to the top of that page",
                            site.languages[lang].tag
                        ),
                    )
                    .at_range(&doc.document.src, link.range.clone())
                    .help(format!(
                        "give the heading the same explicit id in both files: `## … {{#{fragment}}}`; the headings of the two files differ, so leidraad cannot match them by their place"
                    )),
                );
            }
        }
    }
    diags
}

/// The URL of `to` relative to the page at `from`. Both are URLs from the output root; page
/// URLs end in `/` (the root page is `""`).
pub fn relative_url(from: &str, to: &str, style: UrlStyle) -> String {
    // Called for every link of every page: walks both URLs once, into one buffer. URLs are a
    // few short segments: a byte loop beats a vectorised search for every `/`.
    fn segments(url: &str) -> impl Iterator<Item = &str> {
        let mut rest = url;
        std::iter::from_fn(move || loop {
            if rest.is_empty() {
                return None;
            }
            let end = rest.bytes().position(|b| b == b'/').unwrap_or(rest.len());
            let segment = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or("");
            if !segment.is_empty() {
                return Some(segment);
            }
        })
    }
    let to_is_dir = to.is_empty() || to.ends_with('/');
    let (to_dirs, file) = match (to_is_dir, to.rfind('/')) {
        (true, _) => (to, None),
        (false, Some(slash)) => (&to[..slash], Some(&to[slash + 1..])),
        (false, None) => ("", Some(to)),
    };
    let mut from_dirs = segments(from);
    let mut to_dirs = segments(to_dirs);
    // Skip the folders both have in common; keep the first that differs.
    let (first_from, first_to) = loop {
        match (from_dirs.next(), to_dirs.next()) {
            (Some(a), Some(b)) if a == b => {}
            other => break other,
        }
    };
    let mut url = String::with_capacity(to.len() + 16);
    for _ in first_from.into_iter().chain(from_dirs) {
        url.push_str("../");
    }
    for segment in first_to.into_iter().chain(to_dirs) {
        encode_segment_into(&mut url, segment);
        url.push('/');
    }
    if let Some(file) = file {
        encode_segment_into(&mut url, file);
    }
    if to_is_dir && style.portable {
        url.push_str("index.html");
    }
    // A colon in the first segment would make it a scheme: a page with the slug
    // `javascript:alert(1)` would be linked as `javascript:alert(1)/index.html`. `./` keeps it
    // a path.
    if url.bytes().take_while(|&b| b != b'/').any(|b| b == b':') {
        url.insert_str(0, "./");
    }
    if url.is_empty() {
        url.push_str("./");
    }
    url
}

/// Percent-encodes what may not stand in a URL path segment; letters of every script stay.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    encode_segment_into(&mut out, segment);
    out
}

/// [`encode_segment`] into a buffer.
fn encode_segment_into(out: &mut String, segment: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Only ASCII characters are encoded, so every index found is a character boundary and the
    // runs between them are copied whole.
    let mut run = 0;
    for (i, b) in segment.bytes().enumerate() {
        if b.is_ascii_control()
            || matches!(
                b,
                b' ' | b'"'
                    | b'#'
                    | b'%'
                    | b'<'
                    | b'>'
                    | b'?'
                    | b'['
                    | b'\\'
                    | b']'
                    | b'^'
                    | b'`'
                    | b'{'
                    | b'|'
                    | b'}'
            )
        {
            out.push_str(&segment[run..i]);
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
            run = i + 1;
        }
    }
    out.push_str(&segment[run..]);
}

/// Decodes `%XX` escapes in a link written by an author.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp", "sms"];

struct Resolver<'a> {
    site: &'a Site,
    doc: &'a Doc,
    doc_id: DocId,
}

impl Resolver<'_> {
    fn error(
        &self,
        code: &'static str,
        link: &Link,
        message: String,
        help: String,
    ) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(code, message)
                .at_range(&self.doc.document.src, link.range.clone())
                .help(help),
        )
    }

    fn resolve(&self, link: &Link) -> Result<Target, Box<Diagnostic>> {
        let dest = link.dest.trim();
        let what = if link.image { "image" } else { "link" };
        if dest.is_empty() {
            return Err(self.error(
                "broken-link",
                link,
                format!("this {what} has no target"),
                "write the target between the parentheses: `[text](other-page.md)`".into(),
            ));
        }
        // The scheme as a browser reads it, so that `java&#9;script:` is caught too.
        let read = as_browser_reads(dest);
        if let Some(scheme) = scheme(&read) {
            if SAFE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
                || self.site.config.raw_html == RawHtml::Allow
            {
                return Ok(Target::External(dest.to_owned()));
            }
            // A warning, not an error: hostile content must still build, without the link.
            return Err(Box::new(
                Diagnostic::warning("unsafe-link", format!("`{scheme}:` {what}s are not allowed, so this one is left out"))
                    .at_range(&self.doc.document.src, link.range.clone())
                    .help(format!("use an `http:`, `https:` or `mailto:` address, or a relative path; only a site with `raw_html: allow` may use `{scheme}:`")),
            ));
        }
        if dest.starts_with("//") {
            return Ok(Target::External(dest.to_owned()));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let own_key = self.doc.document.rel.clone();
        if path.is_empty() {
            let fragment = fragment.filter(|f| !f.is_empty());
            if let Some(f) = &fragment {
                self.check_anchor(link, self.doc_id, f, "this page")?;
            }
            return Ok(Target::Page {
                key: own_key,
                lang: None,
                fragment,
            });
        }
        if path.starts_with('/') {
            let help = match self.page_at_site_path(path) {
                Some(file) => format!("link by relative path to the Markdown file: did you mean `{file}`?"),
                None => "link by relative path to the Markdown file or image, such as `03-luister.md` or `../doorverwijzen/_index.md`".into(),
            };
            return Err(self.error(
                "absolute-link",
                link,
                format!("the {what} `{dest}` starts with `/`, which breaks when the site is hosted under a sub-path"),
                help,
            ));
        }
        let (lang, rel) = self.join(link, &percent_decode(path))?;
        let own_lang = self.doc.lang;
        let target_lang = if lang == own_lang { None } else { Some(lang) };
        let fragment = fragment.filter(|f| !f.is_empty());
        if rel.is_empty()
            || rel.ends_with(".md")
            || rel.ends_with('/')
            || self.is_folder(lang, &rel)
        {
            let key = if rel.is_empty() {
                "_index.md".to_owned()
            } else if rel.ends_with(".md") {
                rel
            } else {
                format!("{}/_index.md", rel.trim_end_matches('/'))
            };
            // With `missing_translation: omit`, a page missing in this language is read in
            // the source language.
            let (page, target_lang) = match self.site.page(lang, &key) {
                Some(page) => (page, target_lang),
                None => match self.site.page(self.site.default_lang, &key) {
                    Some(page) => (page, Some(self.site.default_lang)),
                    None => return Err(self.missing_page(link, lang, &key, path)),
                },
            };
            if let Some(f) = &fragment {
                match self.site.pages[page].doc {
                    Some(doc) => self.check_anchor(link, doc, f, &format!("`{path}`"))?,
                    None => {
                        return Err(self.error(
                            "broken-anchor",
                            link,
                            format!("`{path}` has no anchor `#{f}`"),
                            "remove the `#…` part".into(),
                        ))
                    }
                }
            }
            return Ok(Target::Page {
                key,
                lang: target_lang,
                fragment,
            });
        }
        if let Some(asset) = self.find_asset(lang, &rel) {
            return Ok(Target::Asset(asset));
        }
        // `../finding-users`: a page's URL as another generator writes it.
        if let Some(file) = self.markdown_file_for(lang, &rel) {
            return Err(self.error(
                "broken-link",
                link,
                format!("the {what} target `{path}` does not exist: links name the Markdown file, not the page's URL"),
                format!("did you mean `{}`?", beside(path, &file)),
            ));
        }
        let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let siblings: BTreeSet<&str> = self
            .site
            .assets
            .iter()
            .filter(|a| a.lang == lang && a.rel.rsplit_once('/').map_or("", |(f, _)| f) == folder)
            .map(|a| a.rel.rsplit('/').next().unwrap_or(&a.rel))
            .collect();
        let help = match nearest(name, siblings.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "put the file in the same folder as the Markdown file that links to it, or correct the path".into(),
        };
        Err(self.error(
            "missing-file",
            link,
            format!("the {what} `{path}` does not exist"),
            help,
        ))
    }

    /// Joins a relative path to the folder of the document. Returns the language and the path
    /// inside that language's folder.
    fn join(&self, link: &Link, path: &str) -> Result<(LangId, String), Box<Diagnostic>> {
        let doc = &self.doc.document;
        let mut segments: Vec<String> = std::iter::once(doc.lang.clone())
            .chain(doc.rel.split('/').map(str::to_owned))
            .collect();
        segments.pop();
        let trailing_slash = path.ends_with('/');
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if segments.pop().is_none() {
                        return Err(self.error(
                            "broken-link",
                            link,
                            format!("`{path}` points outside the `content` folder"),
                            "link only to files inside `content/`".into(),
                        ));
                    }
                }
                part => segments.push(part.to_owned()),
            }
        }
        let Some(lang_tag) = segments.first() else {
            return Err(self.error(
                "broken-link",
                link,
                format!("`{path}` points at the `content` folder itself"),
                "link to a page such as `../nl/_index.md`".into(),
            ));
        };
        let Some(lang) = self.site.lang_id(lang_tag) else {
            let known: Vec<&str> = self.site.languages.iter().map(|l| l.tag.as_str()).collect();
            return Err(self.error(
                "broken-link",
                link,
                format!("`{path}` points into `content/{lang_tag}`, which is not a language of this site"),
                format!("languages are {}", config::list(&known)),
            ));
        };
        let mut rel = segments[1..].join("/");
        if trailing_slash && !rel.is_empty() {
            rel.push('/');
        }
        Ok((lang, rel))
    }

    /// The Markdown file of the page that a URL-style path (`x`, `x/`) would mean in another
    /// generator, as its name in the folder (`x.md` or `x/_index.md`), if there is one.
    fn markdown_file_for(&self, lang: LangId, rel: &str) -> Option<String> {
        let rel = rel.trim_end_matches('/');
        if rel.is_empty() || rel.ends_with(".md") {
            return None;
        }
        let exists = |key: &str| {
            self.site.page(lang, key).is_some()
                || self.site.page(self.site.default_lang, key).is_some()
        };
        let name = rel.rsplit('/').next().unwrap_or(rel);
        [format!("{rel}.md"), format!("{rel}/_index.md")]
            .into_iter()
            .find(|key| exists(key))
            .map(|key| key[rel.len() - name.len()..].to_owned())
    }

    /// For a site-absolute path (`/legal/`, `/en/legal/`), the relative path from this
    /// document to the Markdown file of that page, if there is one.
    fn page_at_site_path(&self, path: &str) -> Option<String> {
        let path = path.trim_matches('/');
        let own = &self.site.languages[self.doc.lang].tag;
        let in_lang = match path.split_once('/') {
            Some((first, rest)) if first == own => rest,
            _ if path == own => "",
            _ => path,
        };
        let file = if in_lang.is_empty() {
            "_index.md".to_owned()
        } else {
            let name = self.markdown_file_for(self.doc.lang, in_lang)?;
            let folder = in_lang.rsplit_once('/').map_or("", |(f, _)| f);
            if folder.is_empty() {
                name
            } else {
                format!("{folder}/{name}")
            }
        };
        let depth = self.doc.document.rel.matches('/').count();
        Some(format!("{}{file}", "../".repeat(depth)))
    }

    fn is_folder(&self, lang: LangId, rel: &str) -> bool {
        !rel.contains('.') && self.site.page(lang, &format!("{rel}/_index.md")).is_some()
    }

    fn find_asset(&self, lang: LangId, rel: &str) -> Option<String> {
        let find = |l: LangId| self.site.asset(l, rel).map(|a| a.url.clone());
        find(lang).or_else(|| {
            // Translations share the source language's images unless they have their own.
            (lang == self.doc.lang)
                .then(|| find(self.site.default_lang))
                .flatten()
        })
    }

    fn missing_page(&self, link: &Link, lang: LangId, key: &str, path: &str) -> Box<Diagnostic> {
        if self.site.drafts.contains(&(lang, key.to_owned())) {
            return self.error(
                "draft-link",
                link,
                format!("`{path}` is a draft, which this build leaves out"),
                "publish it (remove `draft: true`), remove the link, or build with `--drafts`"
                    .into(),
            );
        }
        if let Some(folder) = key.strip_suffix("/_index.md") {
            if let Some(file) = self.markdown_file_for(lang, folder) {
                return self.error(
                    "broken-link",
                    link,
                    format!("the link target `{path}` does not exist: links name the Markdown file, not the page's URL"),
                    format!("did you mean `{}`?", beside(path, &file)),
                );
            }
        }
        let folder = key.rsplit_once('/').map_or("", |(f, _)| f);
        let name = key.rsplit('/').next().unwrap_or(key);
        let candidates: BTreeSet<&str> = self
            .site
            .docs
            .iter()
            .filter(|d| d.lang == lang || d.lang == self.site.default_lang)
            .map(|d| d.document.rel.as_str())
            .filter(|rel| rel.rsplit_once('/').map_or("", |(f, _)| f) == folder)
            .map(|rel| rel.rsplit('/').next().unwrap_or(rel))
            .collect();
        let help = match nearest(name, candidates.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if candidates.is_empty() => {
                "check the path: it is relative to the folder of this file".into()
            }
            None => format!(
                "files in that folder: {}",
                config::list(&candidates.iter().copied().collect::<Vec<_>>())
            ),
        };
        self.error(
            "broken-link",
            link,
            format!("the link target `{path}` does not exist"),
            help,
        )
    }

    fn check_anchor(
        &self,
        link: &Link,
        doc: DocId,
        fragment: &str,
        place: &str,
    ) -> Result<(), Box<Diagnostic>> {
        let target = &self.site.docs[doc];
        if anchors(target).any(|id| id == fragment) {
            return Ok(());
        }
        let ids: BTreeSet<&str> = anchors(target).collect();
        let help = match nearest(fragment, ids.iter().copied()) {
            Some(near) => format!("did you mean `#{near}`?"),
            None if ids.is_empty() => {
                "that page has no headings or checklist items to link to".into()
            }
            None => format!(
                "ids there: {}",
                config::list(&ids.iter().copied().collect::<Vec<_>>())
            ),
        };
        Err(self.error(
            "broken-anchor",
            link,
            format!("{place} has no heading or checklist item with the id `{fragment}`"),
            help,
        ))
    }
}

/// `path` (as written, perhaps with a trailing `/`) with its last segment replaced by `file`.
fn beside(path: &str, file: &str) -> String {
    let path = path.trim_end_matches('/');
    match path.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{file}"),
        None => file.to_owned(),
    }
}

/// The scheme of an absolute URL (`https` of `https://…`), if `dest` has one.
/// A URL as a browser reads it before it looks for a scheme: without leading and trailing
/// control characters and spaces, and without tabs and line breaks anywhere.
fn as_browser_reads(dest: &str) -> Cow<'_, str> {
    let trimmed = dest.trim_matches(|c: char| c <= ' ');
    // Nearly every link has no tab or line break inside: no copy then.
    if !trimmed.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        return Cow::Borrowed(trimmed);
    }
    trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && scheme.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(from: &str, to: &str, expected: &str) {
        assert_eq!(relative_url(from, to, UrlStyle::default()), expected);
    }

    #[test]
    fn relative_urls() {
        check(
            "nl/waarden/ken-jezelf/",
            "nl/waarden/luister/",
            "../luister/",
        );
        check("nl/waarden/ken-jezelf/", "nl/waarden/", "../");
        check("nl/waarden/", "nl/waarden/ken-jezelf/", "ken-jezelf/");
        check("nl/", "en/", "../en/");
        check("", "nl/", "nl/");
        check("nl/", "", "../");
        check("nl/", "nl/", "./");
        check(
            "nl/waarden/ken-jezelf/",
            "nl/waarden/schema.png",
            "../schema.png",
        );
        check("nl/waarden/ken-jezelf/", "style.css", "../../../style.css");
        check("nl/", "nl/my file.png", "my%20file.png");
    }

    // Issue 9: a slug or file name with a colon must not turn a link into a script.
    #[test]
    fn a_first_segment_with_a_colon_stays_a_path() {
        check("nl/", "nl/javascript:alert(1)/", "./javascript:alert(1)/");
        check("", "nl/a:b.png", "nl/a:b.png");
        check("nl/", "nl/a:b.png", "./a:b.png");
        check("nl/x/", "nl/a:b/", "../a:b/");
        let portable = UrlStyle { portable: true };
        assert_eq!(
            relative_url("nl/", "nl/javascript:alert(1)/", portable),
            "./javascript:alert(1)/index.html"
        );
    }

    #[test]
    fn portable_urls_name_the_file() {
        let portable = UrlStyle { portable: true };
        assert_eq!(relative_url("nl/a/", "nl/b/", portable), "../b/index.html");
        assert_eq!(relative_url("nl/", "nl/", portable), "index.html");
        assert_eq!(relative_url("nl/", "nl/x.png", portable), "x.png");
    }

    #[test]
    fn schemes() {
        assert_eq!(scheme("https://x.org"), Some("https"));
        assert_eq!(scheme("JavaScript:alert(1)"), Some("JavaScript"));
        assert_eq!(scheme("03-luister.md"), None);
        assert_eq!(scheme("a.md#x:y"), None);
        // Issue 9: what a browser ignores does not hide a scheme.
        assert_eq!(
            scheme(&as_browser_reads("\u{1} java\tscr\nipt:alert(1)")),
            Some("javascript")
        );
        assert_eq!(percent_decode("my%20file.png"), "my file.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%é"), "%é");
    }
}
