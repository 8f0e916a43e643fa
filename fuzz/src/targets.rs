//! The fuzz targets of leidraad (issue 9), as plain functions of bytes, so that the same code
//! runs under cargo-fuzz (`fuzz/fuzz_targets/`), in the stable smoke run (`fuzz/src/bin/smoke.rs`)
//! and over the kept crash inputs in `cargo test` (`tests/it/security.rs` includes this file).
//!
//! Each target panics when leidraad panics, and also when its output breaks a promise: no
//! script in a page built with `raw_html: sanitize`, no internal URL that reads as a scheme.

use std::path::{Path, PathBuf};

use leidraad::config;
use leidraad::diagnostics::Diagnostics;
use leidraad::links::{self, relative_url, UrlStyle};
use leidraad::markdown::{self, pieces, Piece};
use leidraad::model;
use leidraad::render::{self, RenderOptions};
use leidraad::slug;
use leidraad::source::{self, document_from_text, SourceText, Sources};
use leidraad::theme::Theme;

/// A fuzz target: it panics when something is wrong.
pub type Target = fn(&[u8]);

/// Every target, by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("front_matter", front_matter),
    ("markdown", markdown),
    ("site", site),
    ("links", links),
    ("slugs", slugs),
    ("site_yaml", site_yaml),
];

/// Inputs larger than this are cut: the targets look for wrong answers, not for slowness
/// (the tests of big files do that).
const MAX_INPUT: usize = 64 * 1024;

fn text(data: &[u8]) -> Option<SourceText> {
    let data = &data[..data.len().min(MAX_INPUT)];
    SourceText::decode(PathBuf::from("content/nl/gids/01-stap.md"), data.to_vec()).ok()
}

/// Splitting and parsing front matter, in every place a file can have.
pub fn front_matter(data: &[u8]) {
    let Some(src) = text(data) else { return };
    for rel in ["_index.md", "over.md", "gids/_index.md", "gids/01-stap.md"] {
        if let Ok(doc) = document_from_text("nl", rel, &src.text) {
            assert!(doc.body <= doc.src.text.len());
            assert!(doc.src.text.is_char_boundary(doc.body));
        }
        // A front matter with errors gives a document with stand-ins, and an error.
        let Some((doc, diags)) = source::read_text("nl", rel, &src.text) else {
            panic!("{rel} is a place for a page");
        };
        assert!(doc.src.text.is_char_boundary(doc.body));
        let errors = diags
            .iter()
            .any(|d| d.severity == leidraad::Severity::Error);
        assert_eq!(doc.stand_in.is_some(), errors, "{diags:?}");
        assert!(!doc.front.title.trim().is_empty());
    }
}

/// Rendering one body: ids, checkboxes, link placeholders, and raw HTML cleaned.
pub fn markdown(data: &[u8]) {
    let Some(src) = text(data) else { return };
    let (rendered, diags) = markdown::render(
        &src,
        0,
        markdown::Context {
            item_stem: "stap",
            guide: "gids",
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"],
        },
    );
    for d in &diags {
        if let Some(loc) = &d.location {
            assert!(loc.line >= 1 && loc.column >= 1, "{d:?}");
        }
    }
    let mut html = String::new();
    for piece in pieces(&rendered.html) {
        match piece {
            Piece::Html(h) => html.push_str(h),
            Piece::Link(n) => {
                assert!(n < rendered.links.len(), "placeholder {n} has no link");
                html.push_str("../x/");
            }
            Piece::String(key) => html.push_str(key),
        }
    }
    for item in &rendered.items {
        assert!(!item.id.is_empty());
        let _ = pieces(&item.html).count();
    }
    let mut ids = std::collections::HashSet::new();
    for id in rendered
        .headings
        .iter()
        .map(|h| &h.id)
        .chain(rendered.items.iter().map(|i| &i.id))
    {
        assert!(ids.insert(id), "the id {id:?} is given twice");
    }
    let clean = if rendered.has_raw_html {
        markdown::sanitize(&html)
    } else {
        html
    };
    assert_no_script(&clean, &[]);
}

/// The pages of a small site made from the input: front matter, Markdown with cross-links and
/// checklists, link resolution and the built-in templates, as in a build.
///
/// The input is cut at lines `+++` into documents, which take the places of [`PLACES`] in
/// order; the site has the languages nl and en and the asset `nl/gids/schema.png`.
pub fn site(data: &[u8]) {
    let Some(src) = text(data) else { return };
    let mut documents = Vec::new();
    // As a build reads them: a document whose front matter has errors takes part with
    // stand-ins (issue 15).
    for (part, (lang, rel)) in src.text.split("\n+++\n").zip(PLACES) {
        if let Some((doc, _)) = source::read_text(lang, rel, part) {
            documents.push(doc);
        }
    }
    let Ok(config) = config::parse(&SourceText::new(
        PathBuf::from("site.yaml"),
        "languages:\n  nl: { name: Nederlands }\n  en: { name: English }\n",
    )) else {
        panic!("the fuzzers' site.yaml is valid");
    };
    let sources = Sources {
        config,
        language_folders: vec!["en".to_owned(), "nl".to_owned()],
        documents,
        assets: vec![source::Asset {
            lang: "nl".to_owned(),
            rel: "gids/schema.png".to_owned(),
            path: PathBuf::from("content/nl/gids/schema.png"),
            bytes: 0,
        }],
    };
    let mut diags = Diagnostics::new();
    let options = model::ModelOptions {
        drafts: false,
        today: None,
    };
    let Some(site) = model::assemble(sources, options, &mut diags) else {
        return;
    };
    let (links, _) = links::resolve(&site);
    let Some(theme) = Theme::load(Path::new("/nonexistent-leidraad-fuzz-site"), &mut diags) else {
        panic!("the built-in theme loads");
    };
    for portable in [false, true] {
        // Every file also goes through the verifier of the output, as in a build.
        let verifier = leidraad::verify::Verifier::new(Some("https://example.org/g/"));
        let (files, _) = render::render_site(
            &site,
            &links,
            &theme,
            RenderOptions {
                portable,
                search: false,
                // Pages, the worker and the guides' lists are all verified like a build's.
                offline: !portable,
            },
            &|file| {
                verifier.see(&file);
                Ok(Some(file))
            },
        )
        .expect("keeping files in memory does not fail");
        let (_, problems) = verifier.finish();
        let _ = leidraad::verify::diagnostics(&problems, &site);
        for file in files {
            assert!(
                !file.path.starts_with('/') && !file.path.split('/').any(|s| s == ".."),
                "the output path {:?} leaves the output folder",
                file.path
            );
            if let leidraad::output::Contents::Bytes(bytes) = &file.contents {
                if file.path.ends_with(".html") {
                    let html = String::from_utf8_lossy(bytes);
                    assert_no_script(&html, &["leidraad.js"]);
                }
            }
        }
    }
}

/// Where the documents of [`site`] go.
const PLACES: [(&str, &str); 8] = [
    ("nl", "gids/01-stap.md"),
    ("nl", "gids/_index.md"),
    ("nl", "_index.md"),
    ("nl", "gids/02-verder.md"),
    ("en", "gids/01-stap.md"),
    ("nl", "over.md"),
    ("en", "_index.md"),
    ("en", "gids/_index.md"),
];

/// Relative URLs between two paths made of the input, and the encoding of URL segments.
pub fn links(data: &[u8]) {
    let Some(src) = text(data) else { return };
    let (from, to) = src.text.split_once('\n').unwrap_or((&src.text, ""));
    for from in [from.to_owned(), format!("{}/", from.trim_end_matches('/'))] {
        for portable in [false, true] {
            let url = relative_url(&from, to, UrlStyle { portable });
            assert!(
                url_scheme(&url).is_none(),
                "relative_url({from:?}, {to:?}) is {url:?}, which reads as a scheme"
            );
            assert!(!url.starts_with('/'), "{url:?} is absolute");
        }
    }
    for segment in to.split('/') {
        let encoded = links::encode_segment(segment);
        assert!(
            !encoded.contains(['"', '<', '>', ' ', '#', '?', '\\']),
            "{encoded:?}"
        );
    }
}

/// Slugs and heading ids from any text.
pub fn slugs(data: &[u8]) {
    let Some(src) = text(data) else { return };
    let slug = slug::slugify(&src.text);
    if !slug.is_empty() {
        assert_eq!(slug::check_slug(&slug), Ok(()), "slugify gave {slug:?}");
        assert_eq!(slug::slugify(&slug), slug, "slugify is not idempotent");
        assert!(
            !slug.starts_with(slug::is_joiner) && !slug.ends_with(slug::is_joiner),
            "a zero-width joiner at the edge of {slug:?}"
        );
    }
    let file = slug::file_slug(&src.text);
    assert!(!file.contains(['/', '"', '<', '>']), "{file:?}");
    let stem = slug::strip_order_prefix(&src.text);
    assert!(src.text.ends_with(stem));
    let _ = slug::check_slug(&src.text);
}

/// `site.yaml`.
pub fn site_yaml(data: &[u8]) {
    let Some(src) = text(data) else { return };
    let src = SourceText::new(PathBuf::from("site.yaml"), &src.text);
    if let Err(errors) = config::parse(&src) {
        assert!(!errors.is_empty(), "an error without a diagnostic");
    }
}

/// Fails when `html` has something that runs a script: a `<script>` element (but those whose
/// `src` ends in one of `allowed`), an event-handler attribute, or a URL attribute with a
/// scheme other than the safe ones. A small tokenizer, not a full HTML parser: leidraad's
/// output is made by its own writers and by ammonia's serialiser, so it is well-formed.
pub fn assert_no_script(html: &str, allowed: &[&str]) {
    for tag in tags(html) {
        let name = tag.name.to_ascii_lowercase();
        if name == "script" {
            let src = tag.attr("src").unwrap_or("");
            assert!(
                allowed.iter().any(|a| src.ends_with(a)),
                "a <script> reached the output: {}",
                tag.text
            );
        }
        assert!(
            !matches!(
                name.as_str(),
                "iframe" | "object" | "embed" | "frame" | "frameset" | "applet" | "base"
            ),
            "<{name}> reached the output: {}",
            tag.text
        );
        if name == "meta" {
            // The only `http-equiv` leidraad writes is the refresh of an alias's page
            // (render/aliases.rs), to a URL of the site without a scheme.
            let refresh = tag.attr("http-equiv") == Some("refresh")
                && tag
                    .attr("content")
                    .and_then(|c| c.strip_prefix("0; url="))
                    .is_some_and(|url| url_scheme(&decode_entities(url)).is_none());
            assert!(tag.attr("http-equiv").is_none() || refresh, "{}", tag.text);
        }
        for (attr, value) in &tag.attrs {
            let attr = attr.to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "an event handler reached the output: {}",
                tag.text
            );
            if matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "data"
                    | "poster"
                    | "background"
                    | "srcset"
                    | "cite"
            ) {
                let value = decode_entities(value);
                if let Some(scheme) = url_scheme(&value) {
                    let icon = name == "link" && tag.attr("rel") == Some("icon");
                    assert!(
                        SAFE_SCHEMES.contains(&scheme.as_str())
                            || (icon && value.starts_with("data:image/svg+xml,")),
                        "a `{scheme}:` URL reached the output: {}",
                        tag.text
                    );
                }
            }
            if attr == "style" {
                assert!(
                    value.starts_with("text-align:"),
                    "a style reached the output: {}",
                    tag.text
                );
            }
        }
    }
}

const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp", "sms"];

/// The scheme of a URL as a browser reads it (lowercase), if it has one.
pub fn url_scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// A start tag: its name, attributes and text.
#[derive(Debug)]
pub struct Tag<'a> {
    /// The element's name as written.
    pub name: &'a str,
    /// The attributes, values not yet decoded.
    pub attrs: Vec<(&'a str, &'a str)>,
    /// The whole tag, for messages.
    pub text: &'a str,
}

impl Tag<'_> {
    /// The value of an attribute, if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// The start tags of an HTML text, skipping comments, in the way the HTML tokenizer reads
/// tags and attributes.
pub fn tags(html: &str) -> Vec<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt;
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let start = i;
        i += 1;
        if i >= bytes.len() || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'/' | b'>')
        {
            i += 1;
        }
        let name = &html[name_start..i];
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let a = i;
            i += 1;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let attr = &html[a..i];
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && matches!(bytes[i], b'"' | b'\'') {
                    let quote = bytes[i] as char;
                    let v = i + 1;
                    i = html[v..].find(quote).map_or(html.len(), |e| v + e);
                    value = &html[v..i];
                    i = (i + 1).min(html.len());
                } else {
                    let v = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = &html[v..i];
                }
            }
            attrs.push((attr, value));
        }
        let end = (i + 1).min(html.len());
        out.push(Tag {
            name,
            attrs,
            text: &html[start..end],
        });
        i = end;
    }
    out
}

/// Decodes the character references a URL can hide a scheme behind.
pub fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
