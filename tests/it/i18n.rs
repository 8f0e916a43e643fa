//! Languages in the output: `<html lang dir>`, the switcher, alternates, the sitemap, feeds and
//! the built-in interface strings of every language.

use crate::support::Site;

const LANGS: [(&str, &str, &str); 7] = [
    // (tag, the built-in "next", the date 2026-11-26 as shown)
    ("nl", "Volgende", "26 november 2026"),
    ("en", "Next", "26 November 2026"),
    ("de", "Weiter", "26. November 2026"),
    ("fr", "Suivant", "26 novembre 2026"),
    ("es", "Siguiente", "26 de noviembre de 2026"),
    ("ar", "التالي", "26 نوفمبر 2026"),
    ("tr", "Sonraki", "26 Kasım 2026"),
];

fn seven_languages() -> Site {
    let mut yaml =
        String::from("base_url: https://gids.leidraad.org/g/\ndefault_language: nl\nlanguages:\n");
    for (tag, _, _) in LANGS {
        yaml.push_str(&format!("  {tag}: {{}}\n"));
    }
    let mut site = Site::empty("seven").file("site.yaml", yaml);
    for (tag, _, _) in LANGS {
        site = site
            .file(
                &format!("content/{tag}/gids/_index.md"),
                "---\ntitle: Gids\n---\n",
            )
            .file(
                &format!("content/{tag}/gids/01-a.md"),
                "---\ntitle: A\nupdated: 2026-11-26\n---\n- [ ] punt {#punt}\n",
            )
            .file(
                &format!("content/{tag}/gids/02-b.md"),
                "---\ntitle: B\n---\nTekst.\n",
            );
    }
    site
}

#[test]
fn every_built_in_language_has_its_own_interface_and_dates() {
    let site = seven_languages();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("missing-strings"), "{}", run.stderr);
    for (tag, next, date) in LANGS {
        let html = site.read(&format!("public/{tag}/gids/a/index.html"));
        let dir = if tag == "ar" { "rtl" } else { "ltr" };
        assert!(
            html.contains(&format!("<html lang=\"{tag}\" dir=\"{dir}\"")),
            "{tag}"
        );
        assert!(html.contains(next), "{tag}: no {next:?}");
        assert!(
            html.contains(&format!("<time datetime=\"2026-11-26\">{date}</time>")),
            "{tag}: no {date:?}"
        );
    }
}

#[test]
fn pages_link_to_their_translations() {
    let site = seven_languages();
    site.build_ok(&[]);
    let html = site.read("public/en/gids/a/index.html");
    for (tag, _, _) in LANGS {
        assert!(
            html.contains(&format!("<link rel=\"alternate\" hreflang=\"{tag}\" href=\"https://gids.leidraad.org/g/{tag}/gids/a/\">")),
            "alternate {tag}"
        );
        let switcher = format!("lang=\"{tag}\" hreflang=\"{tag}\"");
        assert!(html.contains(&switcher), "switcher link {tag}");
    }
    assert!(html.contains("hreflang=\"x-default\" href=\"https://gids.leidraad.org/g/nl/gids/a/\""));
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://gids.leidraad.org/g/ar/gids/a/</loc>"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"tr\" href=\"https://gids.leidraad.org/g/tr/gids/a/\"/>"
    ));
    assert!(site
        .read("public/robots.txt")
        .contains("Sitemap: https://gids.leidraad.org/g/sitemap.xml"));
    let feed = site.read("public/de/feed.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">"));
    assert!(feed.contains("<updated>2026-11-26T00:00:00Z</updated>"));
    let root = site.read("public/index.html");
    assert!(
        root.contains("href=\"ar/\"") && root.contains("hreflang=\"ar\""),
        "the root lists every language"
    );
}

#[test]
fn a_language_without_built_in_strings_falls_back_to_english_once() {
    // Yoruba: not one of the built-in languages (`src/i18n/strings/`).
    let site = Site::empty("yoruba")
        .file("site.yaml", "base_url: https://gids.leidraad.org/\nlanguages:\n  yo: { name: Èdè Yorùbá }\nstrings:\n  yo: { next: Èyí tó kàn }\n")
        .file("content/yo/g/_index.md", "---\ntitle: G\n---\n")
        .file("content/yo/g/a.md", "---\ntitle: A\n---\n")
        .file("content/yo/g/b.md", "---\ntitle: B\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_says("warning[missing-strings]", 1);
    let html = site.read("public/yo/g/a/index.html");
    assert!(html.contains("Èyí tó kàn"), "the site's own string wins");
    assert!(html.contains("Previous"), "missing strings are English");
}

#[test]
fn languages_without_any_strings_share_one_warning() {
    // Bosnian and Catalan, as a site moved from another generator may bring them.
    let mut site = Site::empty("no-strings").file(
        "site.yaml",
        "default_language: en\nlanguages: { en: {}, bs: {}, ca: {} }\n",
    );
    for lang in ["en", "bs", "ca"] {
        site = site.file(
            &format!("content/{lang}/over.md"),
            "---\ntitle: Over\n---\n",
        );
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_says("warning[missing-strings]", 1);
    assert!(
        run.stderr
            .contains("no interface strings for `bs` and `ca`"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_base_url_the_site_is_relative_only_with_one_warning() {
    let site = Site::empty("nobase").file("content/nl/over.md", "---\ntitle: Over\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0);
    run.assert_says("no-base-url", 1);
    assert!(!site.root.join("public/sitemap.xml").exists());
    assert!(
        !site.read("public/nl/over/index.html").contains("https://"),
        "no absolute URLs without base_url"
    );
}

// Issue 19: folder names become canonical BCP 47 tags, the fallback notice names the source
// language in the reader's language, and counts take the plural form of their number.
#[test]
fn folder_tags_are_canonical_and_notices_and_counts_are_in_the_readers_language() {
    let mut site = Site::empty("canonical").file(
        "site.yaml",
        "base_url: https://gids.leidraad.org/\ndefault_language: nl\nlanguages:\n  nl: {}\n  de: {}\n  zh-hant: {}\n  pl: {}\n  ar: {}\n",
    );
    for tag in ["nl", "de", "zh-hant", "pl", "ar"] {
        site = site.file(
            &format!("content/{tag}/gids/_index.md"),
            "---\ntitle: Gids\n---\n",
        );
    }
    site = site.file(
        "content/nl/gids/01-a.md",
        "---\ntitle: A\nupdated: 2026-11-26\n---\n- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n- [ ] e\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("missing-strings"), "{}", run.stderr);

    let zh = site.read("public/zh-hant/gids/a/index.html");
    assert!(zh.contains("<html lang=\"zh-Hant\" dir=\"ltr\""), "{zh}");
    let nl = site.read("public/nl/gids/a/index.html");
    assert!(nl.contains("hreflang=\"zh-Hant\""), "the switcher");
    assert!(site
        .read("public/zh-hant/feed.xml")
        .contains("xml:lang=\"zh-Hant\""));

    let de = site.read("public/de/gids/a/index.html");
    assert!(
        de.contains("Sie wird auf Niederländisch angezeigt."),
        "the German notice names Dutch in German"
    );
    let ar = site.read("public/ar/gids/a/index.html");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\""));
    assert!(
        ar.contains("باللغة الهولندية"),
        "the Arabic notice names Dutch in Arabic"
    );

    // Five items: Polish "many", Arabic "few".
    assert!(site.read("public/pl/gids/index.html").contains("5 punktów"));
    assert!(site.read("public/ar/gids/index.html").contains("5 بنود"));
}

/// Issue 19: a guide translated in part. The checklist in German shows the Dutch items of the
/// untranslated section, in Dutch (`lang`) and saying so, next to the German ones; `404.html`
/// speaks every language of the site; search keeps `zh-Hans` and `zh-Hant` apart.
#[test]
fn a_partial_translation_falls_back_per_item_and_404_speaks_every_language() {
    let mut site = Site::empty("partial").file(
        "site.yaml",
        "default_language: nl\nlanguages:\n  nl: {}\n  de: {}\n  zh-hans: {}\n  zh-hant: {}\n",
    );
    for tag in ["nl", "de", "zh-hans", "zh-hant"] {
        site = site
            .file(
                &format!("content/{tag}/gids/_index.md"),
                "---\ntitle: Gids\n---\n",
            )
            .file(
                &format!("content/{tag}/gids/01-een.md"),
                format!("---\ntitle: Een {tag}\n---\n- [ ] eerste {tag} {{#eerste}}\n"),
            );
    }
    site = site.file(
        "content/nl/gids/02-twee.md",
        "---\ntitle: Twee\n---\n- [ ] tweede {#tweede}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let de = site.read("public/de/gids/checkliste/index.html");
    assert!(
        de.contains("<label for=\"eerste-box\">eerste de</label>"),
        "{de}"
    );
    assert!(
        de.contains("<label for=\"tweede-box\" lang=\"nl\" dir=\"ltr\">tweede</label>"),
        "the untranslated section's item is there, in Dutch: {de}"
    );
    assert!(
        de.contains("Sie wird auf Niederländisch angezeigt."),
        "{de}"
    );

    let not_found = site.read("public/404.html");
    for (lang, title) in [
        ("nl", "Pagina niet gevonden"),
        ("de", "Seite nicht gefunden"),
        ("zh-Hant", "找不到"),
    ] {
        assert!(
            not_found.contains(&format!("<section lang=\"{lang}\" dir=\"ltr\">")),
            "{not_found}"
        );
        assert!(not_found.contains(title), "{title} in {not_found}");
    }

    let entry = site.read("public/pagefind/pagefind-entry.json");
    assert!(
        entry.contains("\"zh-hans\"") && entry.contains("\"zh-hant\""),
        "an index per tag: {entry}"
    );
}

/// Each `<url>` of a sitemap: its `<loc>` and the `hreflang` and `href` of its alternates.
fn sitemap_entries(xml: &str) -> Vec<(String, Vec<String>)> {
    let between = |s: &str, from: &str, to: &str| {
        let start = s.find(from)? + from.len();
        Some(s[start..][..s[start..].find(to)?].to_owned())
    };
    xml.split("<url>")
        .skip(1)
        .map(|entry| {
            let loc = between(entry, "<loc>", "</loc>").expect("a <loc>");
            let alternates = entry
                .split("<xhtml:link ")
                .skip(1)
                .map(|link| between(link, "hreflang=\"", "\"/>").expect("an alternate"))
                .collect();
            (loc, alternates)
        })
        .collect()
}

#[test]
fn the_sitemap_lists_pages_by_path_with_their_own_translations_only() {
    let site = Site::empty("sitemap")
        .file(
            "site.yaml",
            "base_url: https://gids.leidraad.org/\ndefault_language: nl\nlanguages:\n  nl: {}\n  en: {}\n",
        )
        .file("content/nl/gids/_index.md", "---\ntitle: Gids\n---\n")
        // The weights order b before a in the guide; the sitemap goes by path.
        .file("content/nl/gids/01-a.md", "---\ntitle: A\nweight: 2\n---\nA.\n")
        .file("content/nl/gids/02-b.md", "---\ntitle: B\nweight: 1\n---\nB.\n")
        .file("content/en/gids/_index.md", "---\ntitle: Guide\n---\n")
        .file("content/en/gids/01-a.md", "---\ntitle: A\nweight: 2\n---\nA.\n");
    site.build_ok(&[]);
    let entries = sitemap_entries(&site.read("public/sitemap.xml"));
    let at = |loc: &str| {
        let url = format!("https://gids.leidraad.org/{loc}");
        (entries.iter().position(|(l, _)| *l == url))
            .unwrap_or_else(|| panic!("{loc}: {entries:?}"))
    };
    let both = [
        "nl\" href=\"https://gids.leidraad.org/nl/gids/a/",
        "en\" href=\"https://gids.leidraad.org/en/gids/a/",
    ];
    // A page and its translation are neighbours, each with both as alternates.
    assert_eq!(at("en/gids/a/"), at("nl/gids/a/") + 1);
    assert_eq!(entries[at("nl/gids/a/")].1, both);
    assert_eq!(entries[at("en/gids/a/")].1, both);
    assert!(at("nl/gids/a/") < at("nl/gids/b/"));
    // The English page of b shows the Dutch text: neither an entry nor an alternate.
    assert_eq!(
        entries[at("nl/gids/b/")].1,
        ["nl\" href=\"https://gids.leidraad.org/nl/gids/b/"]
    );
    let locs: Vec<&str> = entries.iter().map(|(l, _)| l.as_str()).collect();
    assert!(
        !locs.contains(&"https://gids.leidraad.org/en/gids/b/"),
        "{locs:?}"
    );
    // Nor is the whole guide on one page, which repeats the sections.
    assert!(site
        .root
        .join("public/nl/gids/afdrukken/index.html")
        .exists());
    assert!(locs.iter().all(|l| !l.ends_with("/afdrukken/")), "{locs:?}");
}
