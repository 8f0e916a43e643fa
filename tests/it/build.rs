//! Building sites: the example, determinism, links, fallbacks, drafts and output safety.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::{attributes, files, main_of, Site};

#[test]
fn the_example_site_builds_into_pretty_urls() {
    let site = Site::example();
    // The example site has no address of its own (issue 17): the sitemap and feeds come with one.
    let public = site.build_ok(&["--base-url", "https://gids.leidraad.org/"]);
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "leidraad.js",
        "nl/index.html",
        "nl/feed.xml",
        "nl/over/index.html",
        "nl/waarden/index.html",
        "nl/waarden/ken-jezelf/index.html",
        "nl/waarden/checklijst/index.html",
        "nl/checklijsten/index.html",
        "nl/waarden/waarden-cirkel.svg",
        "en/values/know-yourself/index.html",
        "en/values/checklist/index.html",
        "de/werte/kenne-dich-selbst/index.html",
        "de/werte/checkliste/index.html",
    ] {
        assert!(public.join(page).is_file(), "{page} is missing");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::example();
    site.build_ok(&["--output", "one"]);
    site.build_ok(&["--output", "two"]);
    let one = site.root.join("one");
    let two = site.root.join("two");
    assert_eq!(files(&one), files(&two));
    for file in files(&one) {
        assert!(
            fs::read(one.join(&file)).unwrap() == fs::read(two.join(&file)).unwrap(),
            "{file} differs between two builds"
        );
    }
}

/// Every relative link and anchor of the output points at a file and an id that exist, and no
/// internal link is absolute (the site must work under any sub-path).
#[track_caller]
fn check_links(public: &Path) {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let pages: Vec<String> = files(public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    for page in &pages {
        let html = fs::read_to_string(public.join(page)).unwrap();
        ids.insert(
            page.clone(),
            attributes(&html, "id")
                .into_iter()
                .map(str::to_owned)
                .collect(),
        );
    }
    let mut broken = Vec::new();
    for page in &pages {
        let html = fs::read_to_string(public.join(page)).unwrap();
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for url in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            if url.starts_with("http") || url.starts_with("mailto:") || url.starts_with("data:") {
                continue;
            }
            if page == "404.html" {
                continue; // Served at any depth, so its links are absolute (with base_url).
            }
            assert!(
                !url.starts_with('/'),
                "{page}: absolute internal link {url}"
            );
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                let mut parts: Vec<String> = dir
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                for part in path.split('/') {
                    match part {
                        "" | "." => {}
                        ".." => {
                            parts.pop();
                        }
                        p => parts.push(p.replace("%20", " ")),
                    }
                }
                let mut target = parts.join("/");
                if path.ends_with('/') || path == "." {
                    target = if target.is_empty() {
                        "index.html".into()
                    } else {
                        format!("{target}/index.html")
                    };
                }
                target
            };
            if !public.join(&target).is_file() {
                broken.push(format!("{page}: {url} -> {target} does not exist"));
            } else if !fragment.is_empty()
                && !ids.get(&target).is_some_and(|ids| ids.contains(fragment))
            {
                broken.push(format!("{page}: {url} -> no id {fragment} in {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn every_link_and_anchor_of_the_example_resolves() {
    let site = Site::example();
    check_links(&site.build_ok(&[]));
}

#[test]
fn portable_links_name_their_file() {
    let site = Site::example();
    let public = site.build_ok(&["--portable"]);
    check_links(&public);
    let html = site.read("public/nl/waarden/ken-jezelf/index.html");
    for url in attributes(&html, "href")
        .into_iter()
        .filter(|u| !u.starts_with("http"))
    {
        let path = url.split('#').next().unwrap();
        assert!(!path.ends_with('/'), "a portable link ends in /: {url}");
    }
}

#[test]
fn cross_links_become_relative_urls() {
    let site = Site::example();
    site.build_ok(&[]);
    let html = site.read("public/en/values/know-yourself/index.html");
    assert!(
        html.contains("href=\"../listen/\""),
        "link to 03-luister.md in English"
    );
    assert!(
        html.contains("src=\"../../../nl/waarden/waarden-cirkel.svg\""),
        "the Dutch image is shared"
    );
    let nl = site.read("public/nl/waarden/doorverwijzen/index.html");
    assert!(
        nl.contains("href=\"../../doorverwijzen/\""),
        "link to another guide's _index.md:\n{nl}"
    );
}

#[test]
fn a_missing_translation_falls_back_with_a_notice() {
    let site = Site::example();
    site.build_ok(&[]);
    let html = site.read("public/de/werte/doorverwijzen/index.html");
    assert!(
        html.contains("<html lang=\"de\""),
        "the interface is German"
    );
    assert!(
        html.contains("lang=\"nl\" dir=\"ltr\""),
        "the text is marked as Dutch"
    );
    assert!(
        html.contains("Deutsch"),
        "the notice names the reader's language"
    );
}

#[test]
fn omit_leaves_missing_translations_out() {
    let site = Site::example();
    let yaml = fs::read_to_string(site.root.join("site.yaml"))
        .unwrap()
        .replace("missing_translation: fallback", "missing_translation: omit");
    let site = site.file("site.yaml", yaml);
    let public = site.build_ok(&[]);
    assert!(!public.join("de/werte/doorverwijzen").exists());
    let de = site.read("public/de/werte/zuhoeren/index.html");
    assert!(
        de.contains("href=\"../../../nl/waarden/doorverwijzen/#signalen\""),
        "links go to the source language"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let site = Site::fixture("invalid/broken-link").file(
        "content/nl/gids/01-ken-jezelf.md",
        "---\ntitle: Ken jezelf\n---\nGoed.\n",
    );
    let public = site.build_ok(&[]);
    let before: Vec<(String, Vec<u8>)> = files(&public)
        .into_iter()
        .map(|f| {
            let b = fs::read(public.join(&f)).unwrap();
            (f, b)
        })
        .collect();
    let site = site.file(
        "content/nl/gids/01-ken-jezelf.md",
        "---\ntitle: Ken jezelf\n---\nZie [x](nergens.md).\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let after: Vec<(String, Vec<u8>)> = files(&public)
        .into_iter()
        .map(|f| {
            let b = fs::read(public.join(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert!(before == after, "the failed build changed public/");
    let leftovers: Vec<_> = fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders were left behind: {leftovers:?}"
    );
}

#[test]
fn the_output_folder_must_not_hold_the_sources() {
    let site = Site::fixture("invalid/broken-link").file(
        "content/nl/gids/01-ken-jezelf.md",
        "---\ntitle: Ken jezelf\n---\n",
    );
    for output in [".", "..", "content", "content/nl", "templates", "/"] {
        let run = site.run(&["build", "--output", output]);
        assert_eq!(run.code, 1, "--output {output} was accepted");
        assert!(
            run.stderr.contains("unsafe-output"),
            "{output}: {}",
            run.stderr
        );
    }
    assert!(site.root.join("content/nl/gids/01-ken-jezelf.md").is_file());
}

#[test]
fn a_folder_of_other_files_is_never_replaced() {
    let site = Site::fixture("invalid/broken-link")
        .file(
            "content/nl/gids/01-ken-jezelf.md",
            "---\ntitle: Ken jezelf\n---\n",
        )
        .file("elsewhere/important.txt", "keep me");
    let run = site.run(&["build", "--output", "elsewhere"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("did not write"), "{}", run.stderr);
    assert_eq!(site.read("elsewhere/important.txt"), "keep me");
    // Its own previous output is replaced without complaint.
    site.build_ok(&[]);
    site.build_ok(&[]);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::empty("drafts")
        .file("content/nl/_index.md", "---\ntitle: Start\n---\n")
        .file("content/nl/gids/_index.md", "---\ntitle: Gids\n---\n")
        .file("content/nl/gids/01-a.md", "---\ntitle: A\n---\nTekst.\n")
        .file(
            "content/nl/gids/02-b.md",
            "---\ntitle: B\ndraft: true\n---\nTekst.\n",
        );
    let public = site.build_ok(&[]);
    assert!(!public.join("nl/gids/b").exists());
    site.build_ok(&["--drafts"]);
    assert!(public.join("nl/gids/b/index.html").is_file());
    let site = site.file(
        "content/nl/gids/01-a.md",
        "---\ntitle: A\n---\nZie [b](02-b.md).\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is a draft"), "{}", run.stderr);
}

#[test]
fn sections_follow_weight_then_file_name() {
    let site = Site::empty("order")
        .file("content/nl/gids/_index.md", "---\ntitle: Gids\n---\n")
        .file("content/nl/gids/a.md", "---\ntitle: Alfa\nweight: 2\n---\n")
        .file(
            "content/nl/gids/b.md",
            "---\ntitle: Bravo\nweight: 1\n---\n",
        )
        .file(
            "content/nl/gids/c.md",
            "---\ntitle: Charlie\nweight: 1\n---\n",
        );
    site.build_ok(&[]);
    let html = site.read("public/nl/gids/index.html");
    let pos = |t: &str| html.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(pos("Bravo") < pos("Charlie") && pos("Charlie") < pos("Alfa"));
}

#[test]
fn raw_html_is_sanitised_unless_allowed() {
    let body = "Druk op <kbd>Ctrl</kbd>.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<details><summary>Meer</summary>Tekst</details>\n";
    let site = Site::empty("raw")
        .file(
            "content/nl/over.md",
            format!("---\ntitle: \"<script>alert(2)</script>\"\n---\n{body}"),
        )
        .file("content/nl/x", "png");
    site.build_ok(&[]);
    let html = site.read("public/nl/over/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("onerror"));
    assert!(
        html.contains("&lt;script&gt;alert(2)"),
        "front matter is escaped"
    );
    assert!(html.contains("<kbd>Ctrl</kbd>") && html.contains("<details><summary>Meer</summary>"));
    let site = site.file("site.yaml", "raw_html: allow\n");
    site.build_ok(&[]);
    assert!(site
        .read("public/nl/over/index.html")
        .contains("<script>alert(1)</script>"));
}

#[test]
fn headings_get_readable_unique_ids() {
    let site = Site::empty("ids").file(
        "content/nl/over.md",
        "---\ntitle: Over\n---\n## Cliënt één\n\n## Cliënt één\n\n## الاستماع\n\n## Eigen {#mijn-id}\n",
    );
    site.build_ok(&[]);
    let html = site.read("public/nl/over/index.html");
    for id in ["cliënt-één", "cliënt-één-1", "الاستماع", "mijn-id"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
}

#[test]
fn extra_reaches_the_templates_from_site_yaml_and_front_matter() {
    let site = Site::empty("extra")
        .file(
            "site.yaml",
            "title: Gids\nlanguages: { nl: {} }\nextra: { organisation: Buurtteam Noord, phone: \"020 123\" }\n",
        )
        .file(
            "content/nl/over.md",
            "---\ntitle: Over\nextra:\n  audience: [wijkteams, scholen]\n  banner: true\n---\nTekst.\n",
        )
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<p id=\"org\">{{ extra.organisation }} {{ extra.phone }}</p>\
             <p id=\"audience\">{{ page.extra.audience | join(sep=\", \") }} {{ page.extra.banner }}</p>{% endblock main %}",
        );
    let public = site.build_ok(&[]);
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("extra"),
        "extra is a known key:\n{}",
        run.stderr
    );
    let page = std::fs::read_to_string(public.join("nl/over/index.html")).unwrap();
    assert!(
        page.contains("<p id=\"org\">Buurtteam Noord 020 123</p>"),
        "{page}"
    );
    assert!(
        page.contains("<p id=\"audience\">wijkteams, scholen true</p>"),
        "{page}"
    );
}

#[test]
fn extra_that_is_not_a_mapping_is_an_error_at_the_key() {
    let site = Site::empty("extra-bad").file(
        "content/nl/over.md",
        "---\ntitle: Over\nextra: 3\n---\nTekst.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("over.md:3:"), "{}", run.stderr);
    run.assert_says("error[", 1);
}

#[test]
fn the_sitemap_escapes_the_sites_address() {
    let site = Site::empty("sitemap-escape")
        .file(
            "site.yaml",
            "title: Gids\nlanguages: { nl: {} }\nbase_url: https://gids.test/a&b/\n",
        )
        .file("content/nl/_index.md", "---\ntitle: Start\n---\nTekst.\n")
        .file("content/nl/over.md", "---\ntitle: Over ons\n---\nTekst.\n");
    let public = site.build_ok(&[]);
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://gids.test/a&amp;b/nl/over/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("a&b"), "{sitemap}");
}

#[test]
fn aliases_send_old_paths_on_by_relative_urls() {
    let site = Site::empty("aliases")
        .file(
            "site.yaml",
            "title: Gids\nlanguages: { nl: {} }\nbase_url: https://gids.test/hulp/\n",
        )
        .file(
            "content/nl/_index.md",
            "---\ntitle: Start\n---\nZie [over](over.md).\n",
        )
        .file(
            "content/nl/over.md",
            "---\ntitle: Over ons\naliases: [/legal/, /nl/oud/over/index.html]\n---\nTekst.\n",
        );
    let public = site.build_ok(&[]);
    let legal = std::fs::read_to_string(public.join("legal/index.html")).unwrap();
    assert!(
        legal.contains("<meta http-equiv=\"refresh\" content=\"0; url=../nl/over/\">"),
        "{legal}"
    );
    assert!(
        legal.contains("<a href=\"../nl/over/\">Over ons</a>"),
        "{legal}"
    );
    assert!(
        legal.contains("<link rel=\"canonical\" href=\"https://gids.test/hulp/nl/over/\">"),
        "{legal}"
    );
    let old = std::fs::read_to_string(public.join("nl/oud/over/index.html")).unwrap();
    assert!(old.contains("url=../../over/"), "{old}");
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("legal"), "{sitemap}");
    let portable = site.root.join("portable");
    let run = site.run(&["build", "--portable", "-o", portable.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let legal = std::fs::read_to_string(portable.join("legal/index.html")).unwrap();
    assert!(legal.contains("url=../nl/over/index.html"), "{legal}");
}

#[test]
fn an_alias_that_takes_a_page_or_another_alias_is_an_error_naming_both() {
    let site = Site::empty("alias-clash")
        .file("site.yaml", "languages: { nl: {} }\n")
        .file(
            "content/nl/_index.md",
            "---\ntitle: Start\n---\n[a](a.md) [b](b.md)\n",
        )
        .file("content/nl/a.md", "---\ntitle: A\naliases: [/nl/b/]\n---\n")
        .file(
            "content/nl/b.md",
            "---\ntitle: B\naliases: [/oud/, ../x/]\n---\n",
        )
        .file(
            "content/nl/c.md",
            "---\ntitle: C\naliases: [/oud]\n---\n[a](a.md)\n",
        );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("the alias `/nl/b/` of `content/nl/a.md` would be written as `/nl/b/`, in the place of the page made from `content/nl/b.md`"), "{}", run.stderr);
    assert!(run.stderr.contains("the alias `/oud` of `content/nl/c.md` would be written as `/oud/`, in the place of the alias `/oud/` of `content/nl/b.md`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the alias `../x/` is not a plain path"),
        "{}",
        run.stderr
    );
    run.assert_says("error[", 3);
    assert!(!site.root.join("public").exists());
}

#[test]
fn an_alias_needs_folders_where_no_file_of_the_output_stands() {
    let site = Site::empty("alias-folders")
        .file("site.yaml", "languages: { nl: {} }\n")
        .file(
            "content/nl/_index.md",
            "---\ntitle: Start\n---\n[a](a.md) ![foto](foto.png)\n",
        )
        .file("content/nl/foto.png", "png")
        .file(
            "content/nl/a.md",
            "---\ntitle: A\naliases: [/404.html/, /pagefind/oud/, /nl/foto.png/x/, /nl/ok/]\n---\n",
        );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (alias, other) in [
        ("/404.html/", "`404.html`, which leidraad makes"),
        ("/pagefind/oud/", "the search index in `pagefind/`"),
        ("/nl/foto.png/x/", "the file `nl/foto.png`"),
    ] {
        assert!(
            run.stderr
                .contains(&format!("the alias `{alias}` of `content/nl/a.md`"))
                && run.stderr.contains(other),
            "{alias}:\n{}",
            run.stderr
        );
    }
    run.assert_says("error[", 3);
    assert!(run.stderr.contains("content/nl/a.md:3:1"), "{}", run.stderr);
}

#[test]
fn callouts_get_a_title_in_the_language_of_their_text() {
    let site = Site::empty("callouts")
        .file(
            "site.yaml",
            "title: Gids\ndefault_language: nl\nlanguages: { nl: {}, de: {} }\n",
        )
        .file(
            "content/nl/gids/_index.md",
            "---\ntitle: Gids\n---\n> [!CAUTION]\n> Vraag **eerst** toestemming.\n\n> [!NOTE]\n> Een opmerking.\n\n> Een gewoon citaat.\n",
        )
        .file(
            "content/nl/gids/01-stap.md",
            "---\ntitle: Stap\n---\n> [!tip]\n> Kleine letters werken ook.\n",
        )
        .file(
            "content/de/gids/_index.md",
            "---\ntitle: Leitfaden\n---\n> [!WARNING]\n> Erst fragen.\n",
        );
    let public = site.build_ok(&[]);
    let nl = std::fs::read_to_string(public.join("nl/gids/index.html")).unwrap();
    assert!(
        nl.contains("<div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">Let op</p>\n<p>Vraag <strong>eerst</strong> toestemming.</p>\n</div>"),
        "{}",
        main_of(&nl)
    );
    assert!(nl.contains("<p class=\"callout-title\">Opmerking</p>"));
    assert!(nl.contains("<blockquote>\n<p>Een gewoon citaat.</p>\n</blockquote>"));
    let de = std::fs::read_to_string(public.join("de/gids/index.html")).unwrap();
    assert!(
        de.contains("<p class=\"callout-title\">Warnung</p>"),
        "{}",
        main_of(&de)
    );
    // The German fallback page shows the Dutch text, with the Dutch title.
    let fallback = std::fs::read_to_string(public.join("de/gids/stap/index.html")).unwrap();
    assert!(
        fallback.contains(
            "<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>"
        ),
        "{}",
        main_of(&fallback)
    );
    let nl_step = std::fs::read_to_string(public.join("nl/gids/stap/index.html")).unwrap();
    assert!(nl_step.contains("callout-tip"));
}

#[test]
fn the_default_language_can_stand_at_the_root() {
    let site = Site::example();
    let config = site.read("site.yaml");
    let site = site.file(
        "site.yaml",
        format!("{config}base_url: https://gids.test/hulp/\ndefault_language_at_root: true\n"),
    );
    let public = site.build_ok(&[]);
    let root = site.read("public/index.html");
    assert!(
        root.contains("<html lang=\"nl\""),
        "the root is the Dutch home"
    );
    assert!(root.contains("hreflang=\"en\" href=\"https://gids.test/hulp/en/\""));
    assert!(public.join("waarden/ken-jezelf/index.html").is_file());
    assert!(public.join("waarden/checklijst/index.html").is_file());
    assert!(public.join("feed.xml").is_file());
    assert!(!public.join("nl").exists(), "nothing under /nl/");
    let english = site.read("public/en/values/know-yourself/index.html");
    assert!(
        english.contains("hreflang=\"nl\" href=\"https://gids.test/hulp/waarden/ken-jezelf/\""),
        "{english}"
    );
    // Reading offline: the Dutch manifest and offline page at the root, Dutch pages in the
    // Dutch cache.
    assert!(public.join("manifest.webmanifest").is_file());
    assert!(public.join("offline.html").is_file());
    assert!(public.join("en/offline.html").is_file());
    let worker = site.read("public/sw.js");
    assert!(
        worker.starts_with(
            r#"var SITE = {"default":"","languages":{"":"nl","de/":"de","en/":"en"}};"#
        ),
        "{}",
        &worker[..200]
    );
    let saved = site.read("public/waarden/offline.json");
    assert!(saved.contains(r#""nl":["#), "{saved}");
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://gids.test/hulp/waarden/ken-jezelf/</loc>"));
    assert!(!sitemap.contains("/hulp/nl/"));
    // A Dutch guide whose URL is another language's home is an error naming both files.
    let clash = site.file(
        "content/nl/en/_index.md",
        "---\ntitle: Engels\n---\nTekst.\n",
    );
    let run = clash.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[duplicate-url]: two pages have the same URL `/en/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/en/_index.md")
            && run.stderr.contains("content/nl/en/_index.md")
    );
}
