//! One link checked against the whole site: a page, an anchor in it, a co-located file, or
//! an address outside the site; and what the author meant when it points nowhere.

use super::*;
use crate::diagnostics::Code;

pub(super) const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp", "sms"];

pub(super) struct Resolver<'a> {
    pub(super) site: &'a Site,
    pub(super) doc: &'a Doc,
    pub(super) doc_id: DocId,
}

impl Resolver<'_> {
    fn error(&self, code: Code, link: &Link, message: String, help: String) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(code, message)
                .at_range(&self.doc.document.src, link.range.clone())
                .help(help),
        )
    }

    pub(super) fn resolve(&self, link: &Link) -> Result<Target, Box<Diagnostic>> {
        let dest = link.dest.trim();
        let what = if link.image { "image" } else { "link" };
        if dest.is_empty() {
            return Err(self.error(
                Code::BrokenLink,
                link,
                format!("this {what} has no target"),
                "write the target between the parentheses: `[text](other-page.md)`".into(),
            ));
        }
        // The scheme as a browser reads it, so that `java&#9;script:` is caught too.
        if let Some(scheme) = scheme(&as_browser_reads(dest)) {
            return self.external(link, dest, scheme, what);
        }
        if dest.starts_with("//") {
            return Ok(Target::External(dest.to_owned()));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let fragment = fragment.filter(|f| !f.is_empty());
        if path.is_empty() {
            if let Some(f) = &fragment {
                self.check_anchor(link, self.doc_id, f, "this page")?;
            }
            return Ok(Target::Page {
                key: self.doc.document.rel.clone(),
                lang: None,
                fragment,
            });
        }
        if path.starts_with('/') {
            return Err(self.absolute(link, dest, path, what));
        }
        let (lang, rel) = self.join(link, &percent_decode(path))?;
        if rel.is_empty()
            || rel.ends_with(".md")
            || rel.ends_with('/')
            || self.is_folder(lang, &rel)
        {
            return self.page(link, lang, rel, path, fragment);
        }
        if let Some(asset) = self.find_asset(lang, &rel) {
            return Ok(Target::Asset(asset));
        }
        Err(self.missing_file(link, lang, &rel, path, what))
    }

    /// A link with a scheme: kept when the scheme is safe (or the site allows raw HTML),
    /// left out with a warning otherwise.
    fn external(
        &self,
        link: &Link,
        dest: &str,
        scheme: &str,
        what: &str,
    ) -> Result<Target, Box<Diagnostic>> {
        if SAFE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
            || self.site.config.raw_html == RawHtml::Allow
        {
            return Ok(Target::External(dest.to_owned()));
        }
        // A warning, not an error: hostile content must still build, without the link.
        Err(Box::new(
            Diagnostic::warning(Code::UnsafeLink, format!("`{scheme}:` {what}s are not allowed, so this one is left out"))
                .at_range(&self.doc.document.src, link.range.clone())
                .help(format!("use an `http:`, `https:` or `mailto:` address, or a relative path; only a site with `raw_html: allow` may use `{scheme}:`")),
        ))
    }

    /// A link from the site's root (`/x/`), which breaks under a sub-path.
    fn absolute(&self, link: &Link, dest: &str, path: &str, what: &str) -> Box<Diagnostic> {
        let help = match self.page_at_site_path(path) {
            Some(file) => format!("link by relative path to the Markdown file: did you mean `{file}`?"),
            None => "link by relative path to the Markdown file or image, such as `03-luister.md` or `../doorverwijzen/_index.md`".into(),
        };
        self.error(
            Code::AbsoluteLink,
            link,
            format!("the {what} `{dest}` starts with `/`, which breaks when the site is hosted under a sub-path"),
            help,
        )
    }

    /// A link to a page (a Markdown file or a folder's `_index.md`) in language `lang`, and
    /// the anchor in it.
    fn page(
        &self,
        link: &Link,
        lang: LangId,
        rel: String,
        path: &str,
        fragment: Option<String>,
    ) -> Result<Target, Box<Diagnostic>> {
        let key = if rel.is_empty() {
            "_index.md".to_owned()
        } else if rel.ends_with(".md") {
            rel
        } else {
            format!("{}/_index.md", rel.trim_end_matches('/'))
        };
        let target_lang = (lang != self.doc.lang).then_some(lang);
        // With `missing_translation: omit`, a page missing in this language is read in the
        // source language.
        let (page, target_lang) = match self.site.page(lang, &key) {
            Some(page) => (page, target_lang),
            None => match self.site.page(self.site.default_lang, &key) {
                Some(page) => (page, Some(self.site.default_lang)),
                None => return Err(self.missing_page(link, lang, &key, path)),
            },
        };
        if let Some(f) = &fragment {
            match self.site.pages[page].doc() {
                Some(doc) => self.check_anchor(link, doc, f, &format!("`{path}`"))?,
                None => {
                    return Err(self.error(
                        Code::BrokenAnchor,
                        link,
                        format!("`{path}` has no anchor `#{f}`"),
                        "remove the `#…` part".into(),
                    ))
                }
            }
        }
        Ok(Target::Page {
            key,
            lang: target_lang,
            fragment,
        })
    }

    /// A link written as a page's URL (`../finding-users/`, as other generators write links)
    /// where there is a Markdown file for it: `file`, the path to write instead.
    fn url_for_file(&self, link: &Link, what: &str, path: &str, file: &str) -> Box<Diagnostic> {
        self.error(
            Code::BrokenLink,
            link,
            format!("the {what} target `{path}` does not exist: links name the Markdown file, not the page's URL"),
            format!("did you mean `{file}`?"),
        )
    }

    /// The Markdown file that `path`, written as a URL, means, as the path to write instead:
    /// read from this document's folder (`finding-users/` beside it), else from the page's
    /// own address, as the generator it was written for read it (`../finding-users/` from
    /// the page at `guide/start/`, whatever the file is named).
    fn file_for_url(&self, lang: LangId, rel: &str, path: &str) -> Option<String> {
        self.markdown_file_for(lang, rel)
            .map(|file| beside(path, &file))
            .or_else(|| self.file_at_url(path))
    }

    /// The Markdown file of the page at the address `path`, read as a URL from this
    /// document's page (from the output root when it starts with `/`), as the path from this
    /// document to it: found by the page's address, so that a page whose file name is not
    /// its URL (`02-next-step.md`, a `slug:`) is found too.
    fn file_at_url(&self, path: &str) -> Option<String> {
        let here = self.site.page(self.doc.lang, &self.doc.document.rel)?;
        let decoded = percent_decode(path);
        let mut url: Vec<&str> = Vec::new();
        if !path.starts_with('/') {
            url.extend(
                self.site.pages[here]
                    .url
                    .split('/')
                    .filter(|s| !s.is_empty()),
            );
        }
        for part in decoded.split('/') {
            match part {
                "" | "." | "index.html" => {}
                ".." => {
                    url.pop()?;
                }
                // Jekyll's pages are `name.html`.
                part => url.push(part.strip_suffix(".html").unwrap_or(part)),
            }
        }
        let url: String = url.iter().map(|segment| format!("{segment}/")).collect();
        let page = self
            .site
            .pages
            .iter()
            .find(|page| page.url == url && page.key.ends_with(".md"))?;
        let tag = |lang: LangId| &self.site.languages[lang].tag;
        Some(relative_file(
            &format!("{}/{}", tag(self.doc.lang), self.doc.document.rel),
            &format!("{}/{}", tag(page.lang), page.key),
        ))
    }

    /// A link to a file that does not exist: the Markdown file it may have meant, or the
    /// nearest file in its folder.
    fn missing_file(
        &self,
        link: &Link,
        lang: LangId,
        rel: &str,
        path: &str,
        what: &str,
    ) -> Box<Diagnostic> {
        // `../finding-users`: a page's URL as another generator writes it.
        if let Some(file) = self.file_for_url(lang, rel, path) {
            return self.url_for_file(link, what, path, &file);
        }
        let (folder, name) = split_name(rel);
        let siblings: BTreeSet<&str> = self
            .site
            .assets
            .iter()
            .filter(|a| a.lang == lang && split_name(&a.rel).0 == folder)
            .map(|a| split_name(&a.rel).1)
            .collect();
        let help = match nearest(name, siblings.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "put the file in the same folder as the Markdown file that links to it, or correct the path".into(),
        };
        self.error(
            Code::MissingFile,
            link,
            format!("the {what} `{path}` does not exist"),
            help,
        )
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
                        // `../../../nl/x/` from a page two folders deep: a URL.
                        if let Some(file) = self.file_at_url(path) {
                            return Err(self.url_for_file(link, "link", path, &file));
                        }
                        return Err(self.error(
                            Code::BrokenLink,
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
                Code::BrokenLink,
                link,
                format!("`{path}` points at the `content` folder itself"),
                "link to a page such as `../nl/_index.md`".into(),
            ));
        };
        let Some(lang) = self.site.lang_id(lang_tag) else {
            let known: Vec<&str> = self.site.languages.iter().map(|l| l.tag.as_str()).collect();
            return Err(self.error(
                Code::BrokenLink,
                link,
                format!("`{path}` points into `content/{lang_tag}`, which is not a language of this site"),
                format!("languages are {}", crate::diagnostics::list(&known)),
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

    /// For a site-absolute path (`/en/legal/`, or `/legal/` in this document's language), the
    /// relative path from this document to the Markdown file of that page, if there is one.
    fn page_at_site_path(&self, path: &str) -> Option<String> {
        self.file_at_url(path).or_else(|| {
            let own = &self.site.languages[self.doc.lang].path;
            self.file_at_url(&format!("/{own}{}", path.trim_start_matches('/')))
        })
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
                Code::DraftLink,
                link,
                format!("`{path}` is a draft, which this build leaves out"),
                "publish it (remove `draft: true`), remove the link, or build with `--drafts`"
                    .into(),
            );
        }
        let rel = key.strip_suffix("/_index.md").unwrap_or(key);
        if let Some(file) = self.file_for_url(lang, rel, path) {
            return self.url_for_file(link, "link", path, &file);
        }
        let (folder, name) = split_name(key);
        let candidates: BTreeSet<&str> = self
            .site
            .docs
            .iter()
            .filter(|d| d.lang == lang || d.lang == self.site.default_lang)
            .map(|d| d.document.rel.as_str())
            .filter(|rel| split_name(rel).0 == folder)
            .map(|rel| split_name(rel).1)
            .collect();
        let help = match nearest(name, candidates.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if candidates.is_empty() => {
                "check the path: it is relative to the folder of this file".into()
            }
            None => format!(
                "files in that folder: {}",
                crate::diagnostics::list(&candidates.iter().copied().collect::<Vec<_>>())
            ),
        };
        self.error(
            Code::BrokenLink,
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
                crate::diagnostics::list(&ids.iter().copied().collect::<Vec<_>>())
            ),
        };
        Err(self.error(
            Code::BrokenAnchor,
            link,
            format!("{place} has no heading or checklist item with the id `{fragment}`"),
            help,
        ))
    }
}

/// `path` (as written, perhaps with a trailing `/`) with its last segment replaced by `file`.
pub(super) fn beside(path: &str, file: &str) -> String {
    let path = path.trim_end_matches('/');
    match path.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{file}"),
        None => file.to_owned(),
    }
}

/// The scheme of an absolute URL (`https` of `https://…`), if `dest` has one.
/// A URL as a browser reads it before it looks for a scheme: without leading and trailing
/// control characters and spaces, and without tabs and line breaks anywhere.
pub(super) fn as_browser_reads(dest: &str) -> Cow<'_, str> {
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

pub(super) fn scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && scheme.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// The path from the file `from` to the file `to`, both inside `content/`: from `en/a/b.md`
/// to `en/c.md` is `../c.md`.
pub(super) fn relative_file(from: &str, to: &str) -> String {
    let mut from: Vec<&str> = from.split('/').collect();
    from.pop();
    let to: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to[..to.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    format!(
        "{}{}",
        "../".repeat(from.len() - common),
        to[common..].join("/")
    )
}

/// A path's folder and file name: `waarden/01-a.md` → (`waarden`, `01-a.md`); `a.md` → (``, `a.md`).
fn split_name(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}
