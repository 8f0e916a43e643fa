//! Links of the old site rewritten to relative links to the new site's files: URL-style
//! (`/legal/`, `../legal/#x`, `legal.html`), Hugo's `relref`/`ref`, Zola's `@/x.md`, Jekyll's
//! `{% link %}` and `{{ site.baseurl }}`; images from shared folders to a copy beside the page.

use std::collections::BTreeMap;

use super::targets::{autolinks, targets};

/// Every page and file of the old site by the names links use for them.
#[derive(Debug, Default)]
pub struct Index {
    /// Old URL → pages (by number), in every language that had that URL.
    pub by_url: BTreeMap<String, Vec<usize>>,
    /// `relref`/`@/` name (`docs/setup.md`) → pages.
    pub by_key: BTreeMap<String, Vec<usize>>,
    /// Path in SOURCE → page.
    pub by_src: BTreeMap<String, usize>,
    /// URL → file in SOURCE, for images and other files a page may link to.
    pub assets: BTreeMap<String, String>,
    /// Each page's path in DEST and language.
    pub pages: Vec<(String, String)>,
    /// Jekyll's `baseurl`.
    pub base_path: String,
    /// The old site's host, as `//www.example.org` (from its `baseURL` or `url`): a link to
    /// it is a link into the site, from its root.
    pub host: Option<String>,
    /// The source language: a link to one of its pages from another language goes to the
    /// same path in the linking page's language, which is the translation or its fallback.
    pub default_language: String,
    /// The pages marked as drafts, which a link may not point to.
    pub drafts: std::collections::BTreeSet<usize>,
}

/// The page whose links are being rewritten.
pub struct Linker<'a> {
    /// The index of the site.
    pub index: &'a Index,
    /// The page's language.
    pub lang: &'a str,
    /// The page's old URL (a folder, ending in `/`).
    pub url: &'a str,
    /// The page's path in SOURCE.
    pub src: &'a str,
    /// The page's path in DEST.
    pub dest: &'a str,
}

/// What a link points at, once resolved.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A page: its relative link, with the fragment.
    Page(String),
    /// A file in SOURCE, with the fragment.
    Asset(String, String),
    /// A link into the old site that matches nothing.
    Unknown,
    /// Another site, a fragment, a path that already works: left as it is.
    Keep,
}

/// Files whose links are images or downloads to copy beside a page.
const ASSET_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "mp3", "mp4", "webm", "csv", "docx",
    "xlsx", "odt",
];

impl Index {
    /// The path of a link to the old site's own address (`https://www.example.org/a/` is
    /// `/a/`), in either scheme; `None` for any other link.
    fn on_site<'p>(&self, link: &'p str) -> Option<&'p str> {
        let host = self.host.as_deref()?;
        let (scheme, rest) = link.split_once(':')?;
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return None;
        }
        let path = rest
            .get(..host.len())
            .filter(|h| h.eq_ignore_ascii_case(host))
            .map(|_| &rest[host.len()..])?;
        match path {
            "" => Some("/"),
            _ if path.starts_with('/') => Some(path),
            _ => None,
        }
    }
}

/// The host of a site's address, as `//www.example.org`.
pub fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    Some(format!("//{}", host.to_ascii_lowercase()))
}

/// Whether a file is one to copy when a page links to it.
pub fn is_asset(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

impl Linker<'_> {
    /// Resolves a link target as written in the old site.
    pub fn resolve(&self, written: &str) -> Target {
        let written = written.trim();
        let (path, fragment) = match written.find('#') {
            Some(i) => (&written[..i], &written[i..]),
            None => (written, ""),
        };
        let path = path.split('?').next().unwrap_or("");
        let path = self.index.on_site(path).unwrap_or(path);
        if path.is_empty()
            || path.contains("://")
            || path.starts_with("//")
            || path.contains(':') && !path.starts_with("@/")
        {
            return Target::Keep;
        }
        if let Some(key) = path.strip_prefix("@/") {
            return self.by_key(key, fragment);
        }
        let liquid_base = [
            "{{ site.baseurl }}",
            "{{site.baseurl}}",
            "{{ site.url }}{{ site.baseurl }}",
        ];
        // Jekyll's `{{ "/legal/" | relative_url }}`: the quoted path.
        let mut path = match liquid_path(path) {
            Some(inner) => inner,
            None => path.to_owned(),
        };
        for base in liquid_base {
            if let Some(rest) = path.strip_prefix(base) {
                path = rest.to_owned();
            }
        }
        if !self.index.base_path.is_empty() {
            if let Some(rest) = path.strip_prefix(&self.index.base_path) {
                if rest.starts_with('/') {
                    path = rest.to_owned();
                }
            }
        }
        let absolute = path.starts_with('/');
        let url = if absolute {
            normalise(&path)
        } else {
            normalise(&format!("{}{path}", self.url))
        };
        if let Some(target) = self.by_url(&url, fragment) {
            return target;
        }
        // `/nl/x/` of a page that has no Dutch translation: the source language's `/x/`.
        if let Some(rest) = url.strip_prefix(&format!("/{}/", self.lang)) {
            if let Some(target) = self.by_url(&format!("/{rest}"), fragment) {
                return target;
            }
        }
        // A path relative to the file itself: a page bundle's image, a `.md` link.
        if !absolute {
            let dir = self.src.rsplit_once('/').map_or("", |(d, _)| d);
            let src = normalise(&format!("/{dir}/{path}"));
            let src = src.trim_start_matches('/');
            if let Some(&page) = self.index.by_src.get(src) {
                return Target::Page(self.page_link(page, fragment));
            }
            if self.index.assets.values().any(|a| a == src) && is_asset(src) {
                return Target::Asset(src.to_owned(), fragment.to_owned());
            }
        }
        let url_style = absolute || path.ends_with('/') || path.ends_with(".html");
        if url_style {
            Target::Unknown
        } else {
            Target::Keep
        }
    }

    /// A `relref`, `ref` or `@/` name: from the content folder, or relative to the page.
    pub fn by_key(&self, key: &str, fragment: &str) -> Target {
        let key = key.trim().trim_start_matches('/');
        let dir = self.src.strip_prefix("content/").unwrap_or(self.src);
        let dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        let mut tries = vec![
            key.to_owned(),
            format!("{key}.md"),
            format!("{key}/_index.md"),
            format!("{key}/index.md"),
        ];
        if !dir.is_empty() {
            tries.push(format!("{dir}/{key}"));
            tries.push(format!("{dir}/{key}.md"));
        }
        // `x.fr.md` of a page that has no French translation: the source language's `x.md`.
        if let Some(stem) = key.strip_suffix(&format!(".{}.md", self.lang)) {
            tries.push(format!("{stem}.md"));
        }
        for name in &tries {
            let name = normalise(&format!("/{name}"));
            if let Some(pages) = self.index.by_key.get(name.trim_start_matches('/')) {
                return Target::Page(self.page_link(self.pick(pages), fragment));
            }
        }
        Target::Unknown
    }

    fn by_url(&self, url: &str, fragment: &str) -> Option<Target> {
        let mut keys = vec![url.to_owned()];
        if !url.ends_with('/') {
            keys.push(format!("{url}/"));
        }
        // `/a/b.html` and `/a/index.html` of a site with pretty URLs: `/a/b/` and `/a/`.
        if let Some(stem) = url.strip_suffix(".html") {
            keys.push(match stem.strip_suffix("index") {
                Some(folder) if folder.ends_with('/') => folder.to_owned(),
                _ => format!("{stem}/"),
            });
        }
        for key in &keys {
            if let Some(pages) = self.index.by_url.get(key) {
                return Some(Target::Page(self.page_link(self.pick(pages), fragment)));
            }
            if let Some(src) = self.index.assets.get(key) {
                if is_asset(src) {
                    return Some(Target::Asset(src.clone(), fragment.to_owned()));
                }
            }
        }
        None
    }

    /// Of the pages at one URL or name, the one in the page's own language, else the first.
    fn pick(&self, pages: &[usize]) -> usize {
        pages
            .iter()
            .copied()
            .find(|&p| self.index.pages[p].1 == self.lang)
            .unwrap_or(pages[0])
    }

    fn page_link(&self, page: usize, fragment: &str) -> String {
        let (dest, lang) = &self.index.pages[page];
        let own = match dest.strip_prefix(&format!("content/{lang}/")) {
            Some(rest) if *lang != self.lang && *lang == self.index.default_language => {
                format!("content/{}/{rest}", self.lang)
            }
            _ => dest.clone(),
        };
        let to = &own;
        let link = if to == self.dest && !fragment.is_empty() {
            String::new()
        } else {
            relative(self.dest, to)
        };
        let draft = if self.index.drafts.contains(&page) {
            DRAFT.to_string()
        } else {
            String::new()
        };
        format!("{draft}{link}{fragment}")
    }
}

/// The path of `{{ "/x/" | relative_url }}` (or `absolute_url`).
fn liquid_path(text: &str) -> Option<String> {
    let inner = text.strip_prefix("{{")?.strip_suffix("}}")?;
    let (value, filter) = inner.split_once('|')?;
    let filter = filter.trim();
    if filter != "relative_url" && filter != "absolute_url" {
        return None;
    }
    let value = value.trim();
    let unquoted = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
    Some(unquoted.to_owned())
}

/// A URL path with `.` and `..` segments taken out; `/a/./b/../c` → `/a/c`.
pub fn normalise(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            seg => out.push(seg),
        }
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut joined = format!("/{}", out.join("/"));
    if trailing && !out.is_empty() {
        joined.push('/');
    }
    joined
}

/// The relative link from one file of DEST to another: `content/en/a/b.md` to
/// `content/en/c.md` is `../c.md`.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> =
        from.split('/').collect::<Vec<_>>()[..from.split('/').count() - 1].to_vec();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// What rewriting one line did.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// The line.
    pub line: String,
    /// Links to pages rewritten.
    pub links: usize,
    /// Files in SOURCE that links point to: the line has a `\0asset:N\0` marker for the N-th,
    /// where the caller puts the name of its copy.
    pub assets: Vec<String>,
    /// Links into the old site that match nothing.
    pub unknown: Vec<String>,
    /// Links rewritten that point to a draft.
    pub drafts: Vec<String>,
}

/// Rewrites the links of one line (shortcodes and Liquid links first, then link targets).
pub fn rewrite(line: &str, from: &Linker<'_>) -> Rewritten {
    let mut out = Rewritten::default();
    let mut text = shortcode_links(line, from, &mut out);
    text = autolinks(&text, from, &mut out);
    for (start, end) in targets(&text).into_iter().rev() {
        let written = text[start..end].to_owned();
        if written.starts_with(DONE) {
            continue;
        }
        match from.resolve(&written) {
            Target::Page(link) => {
                if link.trim_start_matches(DRAFT) != written {
                    out.links += 1;
                }
                text.replace_range(start..end, &link);
            }
            Target::Asset(src, fragment) => {
                let marker = format!("\0asset:{}\0{fragment}", out.assets.len());
                out.assets.push(src);
                text.replace_range(start..end, &marker);
            }
            Target::Unknown => out.unknown.push(written),
            Target::Keep => {}
        }
    }
    out.unknown.reverse();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(DRAFT) {
        let link = &rest[i + DRAFT.len_utf8()..];
        let end = link.find([')', '"', '\'', ' ']).unwrap_or(link.len());
        out.drafts.push(link[..end].to_owned());
        rest = &link[end..];
    }
    out.line = text.replace([DONE, DRAFT], "");
    out
}

/// Marks a link to a draft, to be listed.
const DRAFT: char = '\u{3}';

/// Marks a link made from a shortcode, so that it is not resolved again as a path.
pub(super) const DONE: char = '\u{2}';

/// `{{< relref "x" >}}`, `{{< ref "x" >}}`, `{{% relref "x" %}}`, `{% link x %}` and
/// `{% post_url x %}` replaced by the relative link they stand for.
fn shortcode_links(line: &str, from: &Linker<'_>, out: &mut Rewritten) -> String {
    let forms: [(&str, &str, bool); 6] = [
        ("{{< relref ", ">}}", true),
        ("{{< ref ", ">}}", true),
        ("{{% relref ", "%}}", true),
        ("{{% ref ", "%}}", true),
        ("{% link ", "%}", false),
        ("{% post_url ", "%}", false),
    ];
    let mut text = line.to_owned();
    for (open, close, hugo) in forms {
        let mut from_at = 0;
        while let Some(i) = text[from_at..].find(open).map(|i| i + from_at) {
            let Some(j) = text[i..].find(close).map(|j| j + i) else {
                break;
            };
            let arg = text[i + open.len()..j]
                .trim()
                .trim_matches(['"', '\''])
                .to_owned();
            let (arg, fragment) = match arg.find('#') {
                Some(k) => (arg[..k].to_owned(), arg[k..].to_owned()),
                None => (arg, String::new()),
            };
            let target = if hugo {
                from.by_key(&arg, &fragment)
            } else if open.contains("post_url") {
                from.post(&arg, &fragment)
            } else {
                from.by_src(&arg, &fragment)
            };
            match target {
                Target::Page(link) => {
                    let link = format!("{DONE}{link}");
                    text.replace_range(i..j + close.len(), &link);
                    out.links += 1;
                    from_at = i + link.len();
                }
                _ => from_at = j + close.len(),
            }
        }
    }
    text
}

impl Linker<'_> {
    /// Jekyll's `{% link _guides/x.md %}`: a path in SOURCE.
    fn by_src(&self, path: &str, fragment: &str) -> Target {
        match self.index.by_src.get(path.trim_start_matches('/')) {
            Some(&page) => Target::Page(self.page_link(page, fragment)),
            None => Target::Unknown,
        }
    }

    /// Jekyll's `{% post_url 2024-01-05-name %}`.
    fn post(&self, name: &str, fragment: &str) -> Target {
        let found = self.index.by_src.iter().find(|(src, _)| {
            src.starts_with("_posts/")
                && src
                    .rsplit('/')
                    .next()
                    .is_some_and(|f| f.starts_with(&format!("{name}.")))
        });
        match found {
            Some((_, &page)) => Target::Page(self.page_link(page, fragment)),
            None => Target::Unknown,
        }
    }
}
