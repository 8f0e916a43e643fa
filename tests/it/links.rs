//! Issue 15: every link in the output works. A crawler of its own (independent of the one in
//! the build) reads every page of the output, follows every internal `href`, `src` and
//! `srcset` to a file and every `#fragment` to an element id, and looks for ids used twice.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::{files, Site};

/// The values of every attribute of the output that holds a URL or an id, as
/// (attribute, value) pairs in order. The output is leidraad's own: values are double-quoted.
fn attributes(html: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    // Scripts and their JSON hold no markup.
    let mut rest = html;
    let mut markup = String::new();
    while let Some(start) = rest.find("<script") {
        markup.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</script>")
            .map_or("", |end| &rest[start + end..]);
    }
    markup.push_str(rest);
    for name in ["id", "href", "src", "srcset", "poster"] {
        let needle = format!(" {name}=\"");
        for (at, _) in markup.match_indices(&needle) {
            let value_start = at + needle.len();
            let len = markup[value_start..].find('"').unwrap_or(0);
            let value = markup[value_start..value_start + len]
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'");
            found.push((name, value));
        }
    }
    found
}

/// Percent-decodes a URL path (the output names files in UTF-8).
fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// The output file a URL on page `page` leads to, if it is internal.
fn resolve(page: &str, url: &str) -> Option<(String, Option<String>)> {
    if url.contains("://") || url.starts_with("//") || url.starts_with("mailto:") {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(decode(f))),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((page.to_owned(), fragment));
    }
    let mut segments: Vec<&str> = page.split('/').collect();
    segments.pop();
    let decoded = decode(path);
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            part => segments.push(part),
        }
    }
    let mut file = segments.join("/");
    if path.ends_with('/') || path == "." || path == ".." {
        file = if file.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{file}/index.html")
        };
    }
    Some((file, fragment))
}

/// Every broken link, missing fragment and duplicate id of the output in `public`.
pub fn crawl(public: &Path) -> Vec<String> {
    let all: BTreeSet<String> = files(public).into_iter().collect();
    let pages: BTreeMap<String, Vec<(&str, String)>> = all
        .iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = fs::read_to_string(public.join(f)).unwrap();
            (f.clone(), attributes(&html))
        })
        .collect();
    let ids = |page: &str| -> BTreeSet<String> {
        pages[page]
            .iter()
            .filter(|(name, _)| *name == "id")
            .map(|(_, v)| v.clone())
            .collect()
    };
    let mut problems = Vec::new();
    for (page, attrs) in &pages {
        let mut seen = BTreeSet::new();
        for (name, value) in attrs {
            if *name == "id" {
                if !seen.insert(value.as_str()) {
                    problems.push(format!("{page}: the id `{value}` is used twice"));
                }
                continue;
            }
            // 404.html is served at any path: its links are made from the root on purpose.
            if page == "404.html" {
                continue;
            }
            let urls: Vec<&str> = if *name == "srcset" {
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect()
            } else {
                vec![value.as_str()]
            };
            for url in urls {
                if url == "#" && *name == "href" {
                    problems.push(format!("{page}: a link to `#` (a refused link)"));
                    continue;
                }
                let Some((file, fragment)) = resolve(page, url) else {
                    continue;
                };
                if !all.contains(&file) {
                    problems.push(format!(
                        "{page}: `{url}` leads to `{file}`, which is not in the output"
                    ));
                    continue;
                }
                if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                    if pages.contains_key(&file) && !ids(&file).contains(&fragment) {
                        problems.push(format!("{page}: `{url}`: `{file}` has no id `{fragment}`"));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn the_crawler_finds_what_is_broken() {
    let public = Site::empty("crawler")
        .file(
            "public/index.html",
            "<p id=\"a\"></p><a href=\"nl/\">ok</a><a href=\"#a\">ok</a><a href=\"#b\">x</a>\
             <img src=\"x.png\" srcset=\"x.png 1x, y.png 2x\"><i id=\"a\"></i>\
             <script>const s = '<a href=\"gone/\">';</script>",
        )
        .file("public/nl/index.html", "<a href=\"../index.html#a\">ok</a>")
        .file("public/x.png", "png")
        .root
        .join("public");
    assert_eq!(
        crawl(&public),
        [
            "index.html: the id `a` is used twice",
            "index.html: `#b`: `index.html` has no id `b`",
            "index.html: `y.png` leads to `y.png`, which is not in the output",
        ]
    );
}

#[test]
fn every_link_of_the_example_site_works() {
    let site = Site::example();
    for args in [&[][..], &["--portable", "--output", "portable"]] {
        let public = site.build_ok(args);
        let public = if args.is_empty() {
            public
        } else {
            site.root.join("portable")
        };
        let problems = crawl(&public);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
    // With an address, every page links its language's feed (issue 17), and the links work.
    let public = site.build_ok(&["--base-url", "https://gids.leidraad.org/"]);
    let problems = crawl(&public);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let section = site.read("public/en/values/know-yourself/index.html");
    assert!(
        section.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Guidance for practitioners\" href=\"../../feed.xml\">"),
        "{section}"
    );
    let home = site.read("public/nl/index.html");
    assert!(
        home.contains("<a href=\"feed.xml\" type=\"application/atom+xml\">"),
        "{home}"
    );
}

/// A site as it looks after a move from another generator (`tests/fixtures/messy`): raw
/// HTML links, images and `srcset`, fallback pages that link to anchors of translated pages,
/// footnotes beside numeric headings, headings in Tamil and Persian, old anchors in raw HTML.
#[test]
fn every_link_of_a_migrated_site_works() {
    let site = Site::fixture("messy");
    let public = site.build_ok(&[]);
    let problems = crawl(&public);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // A fallback page shows the Dutch text; its anchor into a translated page is that page's.
    let de = site.read("public/de/gids/ken-jezelf/index.html");
    assert!(de.contains("href=\"../zuhoeren/#einzelheiten\""), "{de}");
    let ta = site.read("public/ta/gids/ken-jezelf/index.html");
    assert!(ta.contains("href=\"../kelungal/#விவரங்கள்\""), "{ta}");
    // Raw HTML's images point at the co-located file from the page's own folder.
    let nl = site.read("public/nl/gids/ken-jezelf/index.html");
    assert!(
        nl.contains("src=\"../schema.png\" srcset=\"../schema.png 1x, ../schema@2x.png 2x\""),
        "{nl}"
    );
    // Footnotes and numeric headings keep their own ids.
    let over = site.read("public/nl/over/index.html");
    assert!(over.contains("<h2 id=\"1\">") && over.contains("id=\"fn-1\""));

    // The same site with a broken raw-HTML link fails, at the link.
    let site = site.file(
        "content/nl/gids/02-luister.md",
        "---\ntitle: Luister\n---\n## Details\n\nZie <img src=\"schema.png\" alt=\"\"> en <a href=\"03-weg.md\">weg</a>.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[broken-link]: the link target `03-weg.md` does not exist")
            && run
                .stderr
                .contains("--> content/nl/gids/02-luister.md:6:47"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_anchor_without_a_counterpart_leads_to_the_page_with_a_warning() {
    let site = Site::empty("unmapped")
        .file("site.yaml", "languages:\n  nl: {}\n  en: {}\n")
        .file("content/nl/gids/_index.md", "---\ntitle: Gids\n---\n")
        .file(
            "content/nl/gids/01-a.md",
            "---\ntitle: A\n---\nZie [de details](02-b.md#details).\n",
        )
        .file(
            "content/nl/gids/02-b.md",
            "---\ntitle: B\n---\n## Details\n\nTekst.\n",
        )
        .file("content/en/gids/_index.md", "---\ntitle: Guide\n---\n")
        .file(
            "content/en/gids/02-b.md",
            "---\ntitle: B\n---\nIntroduction.\n\n## Background\n\n## Particulars\n",
        );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[unmapped-anchor]: `content/en/gids/02-b.md` has no anchor that matches `#details`")
            && run.stderr.contains("--> content/nl/gids/01-a.md:4:5"),
        "{}",
        run.stderr
    );
    let en = site.read("public/en/gids/a/index.html");
    assert!(en.contains("href=\"../b/\""), "{en}");
    assert!(crawl(&site.root.join("public")).is_empty());
}

#[test]
fn links_written_as_urls_of_another_generator_get_the_file_name() {
    let site = Site::empty("url-links")
        .file("content/en/legal.md", "---\ntitle: Legal\n---\nText.\n")
        .file("content/en/guide/_index.md", "---\ntitle: Guide\n---\n[Legal](../legal.md)\n")
        .file("content/en/guide/finding-users.md", "---\ntitle: Finding users\n---\nText.\n")
        .file("content/en/guide/02-next-step.md", "---\ntitle: Next step\n---\nText.\n")
        .file("content/nl/guide/02-next-step.md", "---\ntitle: Volgende stap\nslug: volgende\n---\nTekst.\n")
        .file(
            "content/en/guide/start.md",
            "---\ntitle: Start\n---\n[a](../guide/finding-users/) [b](finding-users) [c](/legal/) [d](/en/guide/finding-users/)\n\n<a href=\"finding-users/\">e</a>\n\n\
             [f](../finding-users/) [g](../next-step) [h](../../../nl/guide/volgende/) [i](/en/guide/next-step/) [j](../next-step.html) [k](../next-step/index.html#x)\n",
        );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (at, hint) in [
        ("start.md:4:1", "did you mean `../guide/finding-users.md`?"),
        ("start.md:4:30", "did you mean `finding-users.md`?"),
        ("start.md:4:49", "did you mean `../legal.md`?"),
        ("start.md:4:62", "did you mean `finding-users.md`?"),
        ("start.md:6:10", "did you mean `finding-users.md`?"),
        // Read from the page's address, as the generator they were written for did.
        ("start.md:8:1", "did you mean `finding-users.md`?"),
        ("start.md:8:24", "did you mean `02-next-step.md`?"),
        (
            "start.md:8:42",
            "did you mean `../../nl/guide/02-next-step.md`?",
        ),
        ("start.md:8:75", "did you mean `02-next-step.md`?"),
        ("start.md:8:101", "did you mean `02-next-step.md`?"),
        ("start.md:8:124", "did you mean `02-next-step.md`?"),
    ] {
        let found = run
            .stderr
            .split("\n\n")
            .any(|d| d.contains(at) && d.contains(hint));
        assert!(found, "{at}: {hint}\n{}", run.stderr);
    }
    run.assert_says("error[", 11);
}
