//! Site-level files for machines: `sitemap.xml`, `robots.txt` and an Atom feed per language.
//!
//! Sitemaps and feeds need absolute URLs, so they are written only when `base_url` is set.

use std::fmt::Write as _;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::html::escape;
use crate::model::{LangId, PageId, PageKind, Site};
use crate::output::{Contents, OutputFile};

/// The sitemap, robots.txt and feeds of the site, and the warning when they cannot be made.
pub fn site_files(site: &Site, sitemap: bool) -> (Vec<OutputFile>, Option<Diagnostic>) {
    let Some(base) = site.config.base_url.as_deref() else {
        let warning = Diagnostic::warning(
            Code::NoBaseUrl,
            "`base_url` is not set, so `sitemap.xml` and the feeds are left out",
        )
        .in_file(std::path::Path::new("site.yaml"))
        .help("add the address the site will have to site.yaml, such as `base_url: https://guidance.your-organisation.org/`");
        let robots = text_file("robots.txt", "User-agent: *\nAllow: /\n".to_owned());
        return (vec![robots], Some(warning));
    };
    let warning = is_placeholder(base).then(|| {
        Diagnostic::warning(
            Code::ExampleBaseUrl,
            format!("`base_url` is `{base}`, an address reserved for examples: the sitemap, the feeds and the canonical links would lead nowhere"),
        )
        .in_file(std::path::Path::new("site.yaml"))
        .help("set `base_url` to the address the site will have, or leave it out (then the sitemap and feeds are left out)")
    });
    let mut files = vec![text_file(
        "robots.txt",
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"),
    )];
    if sitemap {
        files.push(super::sitemap::sitemap(site, base));
    }
    // Each feed reads every page: the languages side by side.
    let langs: Vec<LangId> = site.lang_ids().collect();
    let feeds = langs.into_par_iter().map(|lang| {
        let path = format!("{}feed.xml", site.languages[lang].path);
        text_file(&path, feed(site, base, lang))
    });
    files.par_extend(feeds);
    (files, warning)
}

/// Whether a URL's host is one reserved for examples and tests (RFC 2606, RFC 6761), which no
/// published site has: `example.org`, `example.com`, `example.net`, `*.test`, `*.example`,
/// `*.invalid`, `localhost`.
fn is_placeholder(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    [
        "example.org",
        "example.com",
        "example.net",
        "test",
        "example",
        "invalid",
        "localhost",
    ]
    .into_iter()
    .any(under)
}

fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.to_owned(),
        contents: Contents::Bytes(text.into_bytes()),
        known: Default::default(),
    }
}

/// How many pages a feed lists.
const FEED_ENTRIES: usize = 50;

/// The Atom feed of one language: its most recently updated pages.
fn feed(site: &Site, base: &str, lang: LangId) -> String {
    let language = &site.languages[lang];
    let mut entries: Vec<(crate::date::Date, PageId)> = site
        .pages_by_id()
        .filter(|(_, p)| p.lang == lang && !p.fallback() && !matches!(p.kind, PageKind::Home(_)))
        .filter_map(|(id, _)| {
            site.doc_of(id)
                .and_then(|d| d.document.front.updated)
                .map(|u| (u, id))
        })
        .collect();
    // The newest first; the 50 newest are picked before they are sorted.
    let newest_first = |a: &(crate::date::Date, PageId), b: &(crate::date::Date, PageId)| {
        b.0.cmp(&a.0)
            .then(site.pages[a.1].url.cmp(&site.pages[b.1].url))
    };
    if entries.len() > FEED_ENTRIES {
        entries.select_nth_unstable_by(FEED_ENTRIES - 1, newest_first);
        entries.truncate(FEED_ENTRIES);
    }
    entries.sort_by(newest_first);
    let home = &site.pages[site.sections_of[lang].home];
    let title = site.config.title_in(&language.tag);
    let newest = entries
        .first()
        .map_or_else(|| "1970-01-01".to_owned(), |(d, _)| d.to_string());
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{code}\">\n  \
         <title>{title}</title>\n  \
         <id>{home}</id>\n  \
         <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n  \
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{lang_tag}/feed.xml\"/>\n  \
         <updated>{newest}T00:00:00Z</updated>\n  \
         <generator>leidraad</generator>\n",
        lang_tag = escape(&language.tag),
        code = escape(&language.code),
        title = escape(title),
        home = escape(&format!("{base}{}", home.url)),
        base = escape(base),
    );
    for (updated, id) in entries {
        let page = &site.pages[id];
        let doc = site.doc_of(id).expect("entries have documents");
        let url = escape(&format!("{base}{}", page.url));
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <updated>{updated}T00:00:00Z</updated>\n",
            escape(&page.title)
        );
        for author in &doc.document.front.authors {
            let _ = writeln!(xml, "    <author><name>{}</name></author>", escape(author));
        }
        if doc.document.front.authors.is_empty() {
            let _ = writeln!(xml, "    <author><name>{}</name></author>", escape(title));
        }
        if let Some(description) = &doc.document.front.description {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape(description));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_reserved_for_examples() {
        for placeholder in [
            "https://example.org/guidance/",
            "http://www.example.com/",
            "https://EXAMPLE.NET",
            "https://guidance.test/",
            "https://x.example/",
            "http://localhost:8080/",
        ] {
            assert!(is_placeholder(placeholder), "{placeholder}");
        }
        for real in [
            "https://guidance.leidraad.org/",
            "https://example.organisation.nl/",
            "https://my-example.org/",
            "http://127.0.0.1:1111/",
        ] {
            assert!(!is_placeholder(real), "{real}");
        }
    }
}
