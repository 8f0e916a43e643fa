//! `aliases:` in front matter: a page's old paths (`/legal/`, the Hugo and Zola convention),
//! each written as a small page that sends the reader on to the page, by relative URL, so that
//! old links keep working under any sub-path. Redirects are in no sitemap and no search index.

use crate::diagnostics::{display_path, Code, Diagnostic};
use crate::html::escape;
use crate::links::{relative_url, UrlStyle};
use crate::model::{Doc, PageId, Site};
use crate::output::{Contents, OutputFile};

/// One alias of one page.
pub(super) struct Alias<'a> {
    /// Its folder from the output root, ending in `/`: `legal/`.
    pub(super) url: String,
    /// As written.
    pub(super) written: &'a str,
    pub(super) page: PageId,
    /// The document whose front matter has it.
    pub(super) doc: &'a Doc,
}

/// Every alias of every page that shows its own text (a fallback page's aliases are its
/// source's), with an error for each that is no path inside the site.
pub(super) fn aliases(site: &Site) -> (Vec<Alias<'_>>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diags = Vec::new();
    for (id, page) in site.pages_by_id() {
        let Some(doc) = site.doc_of_page(page).filter(|_| !page.fallback()) else {
            continue;
        };
        let Some((list, range)) = &doc.document.front.aliases else {
            continue;
        };
        for written in list {
            match alias_url(written) {
                Ok(url) => found.push(Alias {
                    url,
                    written,
                    page: id,
                    doc,
                }),
                Err(why) => diags.push(
                    Diagnostic::error(Code::InvalidAlias, format!("the alias `{written}` {why}"))
                        .at_range(&doc.document.src, range.clone())
                        .help("an alias is an old path of this page from the site's root, such as `/legal/` or `/nl/oud/adres/`"),
                ),
            }
        }
    }
    (found, diags)
}

/// The folder an alias is written to: `/legal/`, `legal` and `/legal/index.html` are all
/// `legal/`.
fn alias_url(written: &str) -> Result<String, &'static str> {
    let path = written.trim().trim_start_matches('/');
    let path = path.strip_suffix("index.html").unwrap_or(path);
    if written.contains("://") || written.starts_with("//") {
        return Err("is an address, not a path of this site");
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return Err("is the site's root, which leidraad makes");
    }
    if segments.iter().any(|s| {
        matches!(*s, "." | "..")
            || s.contains(['\\', '?', '#', '%'])
            || s.chars().any(char::is_control)
    }) {
        return Err("is not a plain path (it has `..`, `?`, `#`, `%` or `\\` in it)");
    }
    Ok(segments.iter().map(|s| format!("{s}/")).collect())
}

/// The page of an alias: it says where the page went, and a browser goes there at once.
pub(super) fn alias_page(site: &Site, alias: &Alias<'_>, style: UrlStyle) -> OutputFile {
    let page = &site.pages[alias.page];
    let lang = &site.languages[page.lang];
    let url = relative_url(&alias.url, &page.url, style);
    let canonical = match &site.config.base_url {
        Some(base) => format!("{base}{}", page.url),
        None => url.clone(),
    };
    let (url, canonical, title) = (escape(&url), escape(&canonical), escape(&page.title));
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p><a href=\"{url}\">{title}</a></p>\n</body>\n</html>\n",
        lang = escape(&lang.code),
        dir = lang.dir.as_str(),
    );
    OutputFile {
        path: format!("{}index.html", alias.url),
        contents: Contents::Bytes(html.into_bytes()),
        known: Default::default(),
    }
}

/// How an alias is named in a message: `` the alias `/legal/` of `content/nl/over.md` ``.
pub(super) fn describe(alias: &Alias<'_>) -> String {
    let file = display_path(&alias.doc.document.src.path);
    format!("the alias `{}` of `{file}`", alias.written)
}

#[cfg(test)]
mod tests {
    use super::alias_url;

    #[test]
    fn aliases_are_folders_from_the_root() {
        assert_eq!(alias_url("/legal/").unwrap(), "legal/");
        assert_eq!(alias_url("legal").unwrap(), "legal/");
        assert_eq!(
            alias_url("/nl/oud//adres/index.html").unwrap(),
            "nl/oud/adres/"
        );
        for bad in [
            "/",
            "",
            "../x/",
            "/a/./b",
            "https://example.org/x/",
            "//host/x",
            "/a?b",
            "/a%2F",
        ] {
            assert!(alias_url(bad).is_err(), "{bad}");
        }
    }
}
