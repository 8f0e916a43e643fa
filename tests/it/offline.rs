//! Issue 22: reading offline (a manifest, a service worker, an offline page per language and
//! a list of each guide's files), only where it can work and is wanted; and the whole guide on
//! one page, to print, left out of the sitemap and search.

use std::fs;

use crate::support::*;

/// The files of reading offline in the example site's output.
const OFFLINE_FILES: &[&str] = &[
    "sw.js",
    "nl/manifest.webmanifest",
    "en/manifest.webmanifest",
    "de/manifest.webmanifest",
    "nl/offline.html",
    "en/offline.html",
    "de/offline.html",
    "nl/waarden/offline.json",
    "en/values/offline.json",
];

#[test]
fn a_build_can_be_read_offline() {
    let site = Site::example();
    let public = site.build_ok(&[]);
    for file in OFFLINE_FILES {
        assert!(public.join(file).is_file(), "{file} is missing");
    }
    // Pages link their language's manifest and name the worker, by relative URLs.
    let section = site.read("public/nl/waarden/ken-jezelf/index.html");
    assert!(section.contains(r#"<link rel="manifest" href="../../manifest.webmanifest">"#));
    assert!(section.contains(r#"data-sw="../../../sw.js""#));
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/en/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["lang"], "en");
    assert_eq!(manifest["start_url"], "./");
    assert_eq!(manifest["scope"], "../");
    assert_eq!(manifest["name"], "Guidance for practitioners");
    // The worker knows the language folders, to keep a cache per language.
    let sw = site.read("public/sw.js");
    assert!(
        sw.starts_with(
            r#"var SITE = {"default":"nl/","languages":{"de/":"de","en/":"en","nl/":"nl"}};"#
        ),
        "{sw}"
    );
    assert!(sw.contains("self.registration.scope"));
    // The offline page is in its language, and the guide page offers to save the guide.
    let offline = site.read("public/de/offline.html");
    assert!(offline.contains("<h1>Sie sind offline</h1>"), "{offline}");
    let guide = site.read("public/nl/waarden/index.html");
    assert!(guide.contains(r#"data-offline-save="offline.json""#));
    assert!(guide.contains("Deze gids bewaren om offline te lezen"));
}

#[test]
fn a_guide_lists_its_files_with_their_size() {
    let site = Site::example();
    site.build_ok(&[]);
    let list: serde_json::Value =
        serde_json::from_str(&site.read("public/nl/waarden/offline.json")).unwrap();
    let dutch: Vec<&str> = list["files"]["nl"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        dutch,
        [
            "./",
            "ken-jezelf/",
            "focus-op-je-werk/",
            "luister/",
            "doorverwijzen/",
            "checklijst/",
            "afdrukken/",
            "waarden-cirkel.svg"
        ]
    );
    assert_eq!(
        list["files"]["shared"],
        serde_json::json!(["../../style.css", "../../leidraad.js"])
    );
    // The size is what those files weigh in the output.
    let public = site.root.join("public/nl/waarden");
    let mut expected = 0;
    for file in dutch
        .iter()
        .chain(["../../style.css", "../../leidraad.js"].iter())
    {
        let path = if file.ends_with('/') {
            public.join(file).join("index.html")
        } else {
            public.join(file)
        };
        expected += fs::metadata(&path)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .len();
    }
    let bytes = list["bytes"].as_u64().unwrap();
    // Images count as they are in `content/`, and an SVG is published cleaned: about the same.
    assert!(
        bytes.abs_diff(expected) < expected / 100,
        "{bytes} vs {expected}"
    );
}

#[test]
fn offline_false_portable_and_serve_have_no_worker() {
    let site = Site::example();
    let yaml = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    let site = site.file("site.yaml", format!("{yaml}offline: false\n"));
    site.build_ok(&["--output", "off"]);
    let portable = Site::example().build_ok(&["--portable"]);
    for public in [site.root.join("off"), portable] {
        for file in OFFLINE_FILES {
            assert!(
                !public.join(file).exists(),
                "{file} is there in {}",
                public.display()
            );
        }
        for page in files(&public).iter().filter(|f| f.ends_with(".html")) {
            let html = fs::read_to_string(public.join(page)).unwrap();
            assert!(!html.contains("data-sw"), "{page} registers a worker");
            assert!(
                !html.contains("rel=\"manifest\""),
                "{page} links a manifest"
            );
            assert!(!html.contains("data-offline-save"), "{page} offers to save");
        }
    }
    // The whole-guide page is there all the same.
    assert!(site
        .root
        .join("off/nl/waarden/afdrukken/index.html")
        .is_file());

    let serve = Serve::start(&Site::example(), &[]);
    let page = serve.get("/nl/waarden/");
    assert_eq!(page.status, 200);
    let html = String::from_utf8_lossy(&page.body);
    assert!(!html.contains("data-sw") && !html.contains("rel=\"manifest\""));
    // And its script removes a worker that a build left at the same address.
    assert!(html.contains("getRegistrations"));
    assert_eq!(serve.get("/sw.js").status, 404);
    assert_eq!(serve.get("/nl/offline.html").status, 404);
}

#[test]
fn a_wrong_offline_value_is_an_error_at_its_line() {
    let site = Site::example();
    let yaml = fs::read_to_string(site.root.join("site.yaml")).unwrap();
    let site = site.file("site.yaml", format!("{yaml}offline: nee\n"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`offline`"), "{}", run.stderr);
    assert!(run.stderr.contains("site.yaml:"), "{}", run.stderr);
}

#[test]
fn a_file_of_the_site_may_not_take_the_workers_place() {
    let site = Site::example().file("static/sw.js", "// mine\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`sw.js`, which leidraad makes for reading offline"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_whole_guide_is_one_page_in_order() {
    let site = Site::example();
    site.build_ok(&["--base-url", "https://gids.leidraad.org/"]);
    let html = site.read("public/nl/waarden/afdrukken/index.html");
    let main = main_of(&html);
    // Introduction, the sections in order, the checklist at the end.
    let order = [
        r#"<section class="print-part print-section" id="intro">"#,
        r#"id="s1-ken-jezelf">"#,
        r#"id="s2-focus-op-je-werk">"#,
        r#"id="s3-luister">"#,
        r#"id="s4-doorverwijzen">"#,
        r#"<section class="print-part print-checklist" id="checklist">"#,
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|s| main.find(s).unwrap_or_else(|| panic!("{s} is missing")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    // Headings one level down, ids prefixed, links within the guide made anchors.
    assert!(main.contains(r#"<h3 id="s1-ken-jezelf--ongemerkt">"#));
    assert!(!main.contains("<h1 id="));
    assert!(main.contains(r##"<a href="#s3-luister">hoe je echt luistert</a>"##));
    assert!(main.contains(r##"<a href="#s1-ken-jezelf--lijst">"##));
    assert!(main.contains(r#"<li class="task" id="checklist--lijst">"#));
    // Each part keeps its dates.
    assert!(main.contains(r#"<time datetime="2026-09-28">28 september 2026</time>"#));
    // Left out of search and of the sitemap; linked from the guide page.
    assert!(main.contains(r#"data-pagefind-ignore="all""#));
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        !sitemap.contains("afdrukken") && !sitemap.contains("/print/"),
        "{sitemap}"
    );
    assert!(site
        .read("public/nl/waarden/index.html")
        .contains(r#"<a href="afdrukken/">De hele gids afdrukken</a>"#));
    let entry = site.read("public/pagefind/pagefind-entry.json");
    assert!(!entry.contains("afdrukken"));
}

#[test]
fn a_fallback_section_keeps_its_notice_and_language_on_the_whole_guide() {
    let site = Site::example();
    site.build_ok(&[]);
    // `de/werte/` lacks a translation of one section: it is shown in Dutch.
    let html = site.read("public/de/werte/drucken/index.html");
    let main = main_of(&html);
    assert!(main.contains(r#"<h2 lang="nl" dir="ltr">"#), "{main}");
    assert!(
        main.contains("Sie wird auf Niederländisch angezeigt"),
        "{main}"
    );
}
