//! The output is verified before it is published: a link, image or fragment that leads nowhere,
//! or two elements with one id, stop the build, and nothing reaches `public/`.

use std::fs;
use std::path::Path;

use crate::support::{files, repo, Site};

/// Every file of an output with its bytes.
fn snapshot(public: &Path) -> Vec<(String, Vec<u8>)> {
    files(public)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(public.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The built-in `base.html` with `extra` in the footer of every page.
fn base_with(extra: &str) -> String {
    fs::read_to_string(repo().join("templates/base.html"))
        .unwrap()
        .replace(
            "<p class=\"generator\">leidraad</p>",
            &format!("<p class=\"generator\">leidraad</p>{extra}"),
        )
}

#[test]
fn a_broken_link_or_duplicate_id_in_the_output_stops_the_build() {
    let site = Site::fixture("golden/basic");
    let public = site.build_ok(&["--no-search"]);
    let before = snapshot(&public);

    // Links that the content stages cannot see: they come from a template. Each of them, and
    // the second `id="main"`, would be in every page.
    let site = site.file(
        "templates/base.html",
        base_with(concat!(
            "<p id='main'><a href=\"../nowhere/\">a</a> <a href=\"#no-such-id\">b</a> ",
            "<img src=\"{{ root }}gone.png\" alt=\"\" srcset=\"{{ root }}style.css 1x, {{ root }}gone-2x.png 2x\"></p>",
            // Not links: text, a script, external and special URLs.
            "<script>var a = '<a href=\"nowhere.html\">';</script>",
            "<a href=\"https://example.org/x\">c</a><a href=\"mailto:a@example.org\">d</a><a href=\"#\">e</a>",
            // Only on the standalone page, whose Markdown file is then named.
            "{% if page.kind == \"page\" %}<a href=\"#only-on-pages\">f</a>{% endif %}",
        )),
    );
    let run = site.run(&["build", "--no-search"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let stderr = &run.stderr;
    for expected in [
        "error[output-duplicate-id]: the page `404.html` (and ",
        "has 2 elements with the id `main`",
        "error[output-broken-anchor]: the page `404.html` (and ",
        "links to `#no-such-id`, but has no element with the id `no-such-id`",
        // 404.html links by absolute URLs (the fixture has a `base_url`); all pages link to
        // the same missing file, which is one error, naming the first page.
        "error[output-broken-link]: the page `404.html` (and ",
        "links to `https://gids.leidraad.org/proef/gone.png`, but the output has no file `gone.png`",
        "links to `https://gids.leidraad.org/proef/gone-2x.png`, but the output has no file `gone-2x.png`",
        // On a page whose Markdown is known, that file is named.
        "error[output-broken-anchor]: the page `en/over/index.html` (and 1 more page) links to `#only-on-pages`, but has no element with the id `only-on-pages`\n --> content/nl/over.md\n",
        "It is not written in `content/nl/over.md`, which the page shows",
        "it comes from a template of `templates/` (correct it there) or from leidraad itself",
        "nothing was written; the previous output is unchanged",
    ] {
        assert!(stderr.contains(expected), "`{expected}` is missing:\n{stderr}");
    }
    // From the root (`index.html`, `404.html`) `../nowhere/` leaves the output folder; from
    // the other pages it leads to pages that do not exist (one error for all of them).
    assert!(
        stderr.contains("links to `../nowhere/`, which leads out of the output folder"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(and 17 more pages) links to `../nowhere/`, but the output has no file `en/nowhere/index.html`"),
        "{stderr}"
    );
    for not_checked in ["nowhere.html", "example.org/x", "mailto:"] {
        assert!(!stderr.contains(not_checked), "{not_checked}:\n{stderr}");
    }
    assert!(
        !stderr.contains("style.css`"),
        "style.css exists:\n{stderr}"
    );

    // Nothing was published, and nothing was left behind.
    assert!(
        snapshot(&public) == before,
        "the failed build changed public/"
    );
    let leftovers: Vec<_> = fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // `check` renders and verifies too, and says the same for tools.
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains("error[output-duplicate-id]"),
        "{}",
        check.stderr
    );
    let json = site.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    for code in [
        "output-broken-link",
        "output-broken-anchor",
        "output-duplicate-id",
    ] {
        assert!(
            json.stdout.contains(&format!("\"code\": \"{code}\"")),
            "{}",
            json.stdout
        );
    }
}

#[test]
fn links_into_the_site_by_its_base_url_are_verified() {
    // The 404 page links by absolute URLs when `base_url` is set, as do canonical and
    // alternate links: those under `base_url` are verified like relative ones.
    // golden/basic has `base_url: https://gids.leidraad.org/proef/`.
    let site = Site::fixture("golden/basic");
    let site = site.file(
        "templates/404.html",
        concat!(
            "{% extends \"base.html\" %}{% block main %}",
            "<a href=\"{{ root }}nl/\">home</a> <a href=\"{{ root }}nl/weg/\">gone</a>",
            " <a href=\"https://gids.leidraad.org/elders/\">another site on the host</a>",
            "{% endblock main %}"
        ),
    );
    let run = site.run(&["build", "--no-search"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error[output-broken-link]: the page `404.html` links to `https://gids.leidraad.org/proef/nl/weg/`, but the output has no file `nl/weg/index.html`"
        ),
        "{}",
        run.stderr
    );
    run.assert_says("error[", 1);
}

#[test]
fn the_example_and_the_fixtures_pass_verification() {
    let example = Site::example();
    let no_base_url = fs::read_to_string(example.root.join("site.yaml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("base_url"))
        .collect::<Vec<_>>()
        .join("\n");
    let sites = [
        ("example", example),
        (
            "example without base_url",
            Site::example().file("site.yaml", no_base_url),
        ),
        ("golden/basic", Site::fixture("golden/basic")),
        ("translations/status", Site::fixture("translations/status")),
        ("hostile/xss", Site::fixture("hostile/xss")),
    ];
    for (name, site) in &sites {
        for args in [
            &["build", "--no-search"][..],
            &["build", "--no-search", "--portable", "--output", "portable"],
            &[
                "build",
                "--no-search",
                "--base-url",
                "https://example.org/sub/path/",
                "--output",
                "sub",
            ],
            &["check"],
        ] {
            let run = site.run(args);
            assert_eq!(run.code, 0, "{name} {args:?}:\n{}", run.stderr);
            assert!(
                !run.stderr.contains("output-"),
                "{name} {args:?}:\n{}",
                run.stderr
            );
        }
    }
    // With the search index, whose files the pages may name.
    let run = sites[0].1.run(&["build", "--output", "with-search"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
