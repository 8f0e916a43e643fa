//! Translation status (`leidraad translations`), `--mark-current`, `translate --to`, and the
//! warnings and stale notices of the build. The fixture `translations/status` has a Dutch
//! source, English and Arabic (right to left), and a translation in every state.

use std::fs;

use crate::support::{golden, repo, Site};

const SOURCE: &str =
    "---\ntitle: Stap\ndescription: Kort\n---\n## Waarom\n\nTekst.\n\n- [ ] Bel {#bel}\n";

/// A site with a Dutch source page and its English and German translations.
fn small_site(name: &str) -> Site {
    Site::empty(name)
        .file(
            "site.yaml",
            "default_language: nl\nlanguages:\n  nl: { name: Nederlands }\n  en: { name: English }\n  de: { name: Deutsch }\n",
        )
        .file("content/nl/_index.md", "---\ntitle: Thuis\n---\n")
        .file("content/nl/gids/_index.md", "---\ntitle: Gids\n---\n")
        .file("content/nl/gids/01-stap.md", SOURCE)
}

/// The status of one page in one language, from the JSON report.
#[track_caller]
fn status_of(site: &Site, lang: &str, key: &str) -> String {
    let run = site.run(&["translations", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let language = json["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"] == lang)
        .unwrap_or_else(|| panic!("no language {lang} in {json}"));
    let page = language["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == key)
        .unwrap_or_else(|| panic!("no page {key} in {language}"));
    page["status"].as_str().unwrap().to_owned()
}

#[test]
fn the_status_table_and_json_match_their_golden_files() {
    let site = Site::fixture("translations/status");
    let expected = repo().join("tests/fixtures/translations/status/expected");
    let human = site.run(&["translations"]);
    let json = site.run(&["translations", "--format", "json"]);
    let check = site.run(&["check"]);
    assert_eq!(
        (human.code, json.code, check.code),
        (0, 0, 0),
        "{}",
        check.stderr
    );
    assert!(human.stderr.is_empty() && json.stderr.is_empty());
    let failures: Vec<String> = [
        golden(&expected.join("translations.txt"), &human.stdout),
        golden(&expected.join("translations.json"), &json.stdout),
        golden(&expected.join("check.stderr"), &check.stderr),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    // Every state is there, in both translation languages.
    for (lang, key, status) in [
        ("en", "gids/01-huidig.md", "current"),
        ("en", "gids/02-verouderd.md", "stale"),
        ("en", "gids/03-ontbreekt.md", "missing"),
        ("en", "gids/04-wees.md", "orphaned"),
        ("en", "over.md", "untracked"),
        ("ar", "gids/01-huidig.md", "stale"),
        ("ar", "gids/02-verouderd.md", "untracked"),
        ("ar", "over.md", "current"),
    ] {
        assert_eq!(status_of(&site, lang, key), status, "{lang} {key}");
    }
}

#[test]
fn item_id_mismatches_are_warnings_that_name_ids_and_files() {
    let site = Site::fixture("translations/status");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0);
    assert!(
        check.stderr.contains(
            "warning[item-id-mismatch]: the checklist item ids of `content/en/gids/02-verouderd.md` \
             differ from its source `content/nl/gids/02-verouderd.md`: `schrijf` is only in the \
             source; `write` is only in the translation"
        ),
        "{}",
        check.stderr
    );
    check.assert_says("item-id-mismatch", 1);
    let build = site.run(&["build"]);
    assert_eq!(build.code, 0);
    assert!(build
        .stderr
        .contains("translations into `ar`: 1 stale, 1 missing, 1 untracked"));
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
}

#[test]
fn a_stale_translation_says_so_and_links_to_its_source() {
    let site = Site::fixture("translations/status");
    site.build_ok(&[]);
    let stale = site.read("public/en/gids/verouderd/index.html");
    assert!(
        stale.contains("The original text was updated after this translation was made."),
        "{stale}"
    );
    assert!(
        stale.contains("<a href=\"../../../nl/gids/verouderd/\">"),
        "{stale}"
    );
    let stale_ar = site.read("public/ar/gids/huidig/index.html");
    assert!(stale_ar.contains("<a href=\"../../../nl/gids/huidig/\">"));
    for current in [
        "public/en/gids/up-to-date/index.html",
        "public/ar/over/index.html",
        // Untracked: nobody knows, so no notice.
        "public/en/over/index.html",
        // The source itself.
        "public/nl/gids/verouderd/index.html",
    ] {
        let html = site.read(current);
        assert!(
            !html.contains("notice-quiet"),
            "{current} has a stale notice"
        );
    }
}

#[test]
fn mark_current_changes_only_the_hash_line() {
    let lf_new = "---\ntitle: Step\n# a comment\n---\nText.  \n";
    let lf_old = "---\ntitle: Step\nsource_hash: 0000000000000000\nweight: 1\n---\nText.\n";
    let crlf_new = "\u{feff}---\r\ntitle: Schritt\r\n---\r\nText.\r\n";
    let crlf_old =
        "---\r\nsource_hash:  ffffffffffffffff # old\r\ntitle: Schritt\r\n---\r\nText.\r\n";
    let site = small_site("mark-current")
        .file("content/en/gids/01-stap.md", lf_new)
        .file("content/en/gids/_index.md", lf_old)
        .file("content/de/gids/01-stap.md", crlf_new)
        .file("content/de/gids/_index.md", crlf_old);
    let hash = |key: &str| {
        let run = site.run(&["translations", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let page = json["languages"][0]["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == key)
            .unwrap()
            .clone();
        page["source_hash"].as_str().unwrap().to_owned()
    };
    let (step, guide) = (hash("gids/01-stap.md"), hash("gids/_index.md"));
    let run = site.run(&[
        "translations",
        "--mark-current",
        "content/en/gids/01-stap.md",
        "content/en/gids/_index.md",
        "content/de/gids/01-stap.md",
        "content/de/gids/_index.md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = |rel: &str| fs::read(site.root.join(rel)).unwrap();
    assert_eq!(
        bytes("content/en/gids/01-stap.md"),
        format!("---\ntitle: Step\n# a comment\nsource_hash: {step}\n---\nText.  \n").as_bytes()
    );
    assert_eq!(
        bytes("content/en/gids/_index.md"),
        format!("---\ntitle: Step\nsource_hash: {guide}\nweight: 1\n---\nText.\n").as_bytes()
    );
    assert_eq!(
        bytes("content/de/gids/01-stap.md"),
        format!("\u{feff}---\r\ntitle: Schritt\r\nsource_hash: {step}\r\n---\r\nText.\r\n")
            .as_bytes()
    );
    assert_eq!(
        bytes("content/de/gids/_index.md"),
        format!("---\r\nsource_hash:  {guide} # old\r\ntitle: Schritt\r\n---\r\nText.\r\n")
            .as_bytes()
    );
    for lang in ["en", "de"] {
        assert_eq!(status_of(&site, lang, "gids/01-stap.md"), "current");
        assert_eq!(status_of(&site, lang, "gids/_index.md"), "current");
    }
    // A second run changes nothing.
    let again = site.run(&[
        "translations",
        "--mark-current",
        "content/de/gids/_index.md",
    ]);
    assert_eq!(again.code, 0);
    assert!(again.stdout.contains("already current"), "{}", again.stdout);
}

#[test]
fn mark_current_refuses_what_is_not_a_translation() {
    let orphan = "---\ntitle: Orphan\n---\n";
    let site = small_site("mark-errors")
        .file("content/en/weg.md", orphan)
        .file("notes.md", "---\ntitle: Notes\n---\n");
    for (file, message, help) in [
        (
            "content/nl/gids/01-stap.md",
            "`content/nl/gids/01-stap.md` is in the source language `nl`, so it is not a translation",
            "name its translation instead, such as `content/en/gids/01-stap.md`",
        ),
        (
            "content/en/weg.md",
            "`content/en/weg.md` has no source: there is no `content/nl/weg.md`",
            "rename it to match, or remove it",
        ),
        (
            "notes.md",
            "`notes.md` is not in the site's `content` folder",
            "or pass the site's folder with `--root`",
        ),
        ("content/en/nergens.md", "cannot find `content/en/nergens.md`", "name a Markdown file"),
    ] {
        let run = site.run(&["translations", "--mark-current", file]);
        assert_eq!(run.code, 1, "{file}");
        assert!(run.stderr.contains(message), "{file}: {}", run.stderr);
        assert!(run.stderr.contains(help), "{file}: {}", run.stderr);
    }
    assert_eq!(site.read("content/en/weg.md"), orphan);
    assert_eq!(site.read("content/nl/gids/01-stap.md"), SOURCE);
}

#[test]
fn translate_copies_with_explicit_ids_and_is_untranslated_until_marked_current() {
    let source = "---\ntitle: Stap\nupdated: 2026-11-01\n---\n## Waarom\n\n- [ ] Bel de huisarts\n- [ ] Schrijf {#schrijf}\n\nZie [waarom](#waarom).\n";
    let site = small_site("translate").file("content/nl/gids/01-stap.md", source);
    let run = site.run(&["translate", "--to", "en", "content/nl/gids/01-stap.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("created content/en/gids/01-stap.md"),
        "{}",
        run.stdout
    );
    let explicit = "---\ntitle: Stap\nupdated: 2026-11-01\n---\n## Waarom {#waarom}\n\n- [ ] Bel de huisarts {#stap-1}\n- [ ] Schrijf {#schrijf}\n\nZie [waarom](#waarom).\n";
    assert_eq!(site.read("content/nl/gids/01-stap.md"), explicit);
    let copy = site.read("content/en/gids/01-stap.md");
    assert_eq!(
        copy,
        explicit.replace(
            "2026-11-01\n---",
            "2026-11-01\nsource_hash: untranslated\n---"
        )
    );
    assert_eq!(status_of(&site, "en", "gids/01-stap.md"), "untranslated");
    assert_eq!(status_of(&site, "de", "gids/01-stap.md"), "missing");
    // Issue 17: published, the copy is what it is: the Dutch text, marked as Dutch, with the
    // notice that the page has no translation yet.
    site.build_ok(&[]);
    let page = site.read("public/en/gids/stap/index.html");
    assert!(page.contains("lang=\"nl\""), "{page}");
    assert!(page.contains("class=\"notice notice-fallback\""), "{page}");

    // Translating the text is not enough: it stays untranslated until it is marked current.
    let translated = copy
        .replace("title: Stap", "title: Step")
        .replace("## Waarom", "## Why")
        .replace("Bel de huisarts", "Call the doctor")
        .replace("Schrijf", "Write")
        .replace("Zie [waarom]", "See [why]");
    fs::write(site.root.join("content/en/gids/01-stap.md"), &translated).unwrap();
    assert_eq!(status_of(&site, "en", "gids/01-stap.md"), "untranslated");
    let run = site.run(&[
        "translations",
        "--mark-current",
        "content/en/gids/01-stap.md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site
        .read("content/en/gids/01-stap.md")
        .contains("untranslated"));
    let translated = site.read("content/en/gids/01-stap.md");

    // Marked current; the ids stay.
    assert_eq!(status_of(&site, "en", "gids/01-stap.md"), "current");
    let check = site.run(&["check"]);
    assert!(
        !check.stderr.contains("item-id-mismatch"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("translations into `en`: 2 missing\n"),
        "{}",
        check.stderr
    );

    // It never overwrites a translation.
    let again = site.run(&["translate", "--to", "en", "content/nl/gids/01-stap.md"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stderr
            .contains("`content/en/gids/01-stap.md` already exists"),
        "{}",
        again.stderr
    );
    assert_eq!(site.read("content/en/gids/01-stap.md"), translated);
}

#[test]
fn translate_keeps_other_current_translations_current() {
    let site = small_site("translate-other").file(
        "content/en/gids/01-stap.md",
        "---\ntitle: Step\n---\n## Why\n\nText.\n\n- [ ] Call {#bel}\n",
    );
    let mark = site.run(&[
        "translations",
        "--mark-current",
        "content/en/gids/01-stap.md",
    ]);
    assert_eq!(mark.code, 0, "{}", mark.stderr);
    let run = site.run(&["translate", "--to", "de", "content/nl/gids/01-stap.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .read("content/nl/gids/01-stap.md")
        .contains("## Waarom {#waarom}"));
    assert!(site
        .read("content/de/gids/01-stap.md")
        .contains("## Waarom {#waarom}"));
    // The English heading keeps its own text and id: only its `source_hash` moved on.
    assert!(site.read("content/en/gids/01-stap.md").contains("## Why\n"));
    assert_eq!(status_of(&site, "en", "gids/01-stap.md"), "current");
    assert_eq!(status_of(&site, "de", "gids/01-stap.md"), "untranslated");
}

#[test]
fn translate_needs_a_translation_language_and_a_source_page() {
    let site = small_site("translate-errors")
        .file("content/en/gids/01-stap.md", "---\ntitle: Step\n---\n");
    for (args, message) in [
        (
            ["translate", "--to", "fr", "content/nl/gids/01-stap.md"],
            "`fr` is not a language of this site",
        ),
        (
            ["translate", "--to", "nl", "content/nl/gids/01-stap.md"],
            "`nl` is the source language",
        ),
        (
            ["translate", "--to", "de", "content/en/gids/01-stap.md"],
            "`content/en/gids/01-stap.md` is not in the source language `nl`",
        ),
    ] {
        let run = site.run(&args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    assert!(!site.root.join("content/de").exists());
    assert_eq!(site.read("content/nl/gids/01-stap.md"), SOURCE);
}

#[test]
fn a_site_that_cannot_be_read_fails() {
    let site = Site::empty("no-content");
    let run = site.run(&["translations"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("there is no `content` folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_example_site_warns_only_about_its_untranslated_section() {
    let site = Site::example();
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("warning[translations]: translations into `de`: 1 missing\n"),
        "{}",
        check.stderr
    );
    // Other warnings depend on the date (reviews that are due), so count only these.
    let translation_warnings: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning[translations]") || l.starts_with("warning[item-id"))
        .collect();
    assert_eq!(translation_warnings.len(), 1, "{}", check.stderr);
    assert_eq!(
        status_of(&site, "de", "waarden/04-doorverwijzen.md"),
        "missing"
    );
}

/// Issue 15: a source whose front matter has an error is still the source of its translations.
/// Where the error leaves the status known (a wrong date), the table shows it; where it hides
/// it (no title: the hash covers the title), the page is left out. Either way the command
/// reports the error and fails, and only a source whose hash is known can be marked current.
#[test]
fn a_source_with_an_error_in_its_front_matter_keeps_its_translations() {
    let page = |json: &serde_json::Value, key: &str| -> Option<String> {
        json["languages"][0]["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == key)
            .map(|p| p["status"].as_str().unwrap().to_owned())
    };

    let site = Site::fixture("invalid/linked-section-bad-date");
    let run = site.run(&["translations", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no month 13"), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        page(&json, "gids/02-details.md").as_deref(),
        Some("current")
    );
    assert_eq!(json["languages"][0]["counts"]["orphaned"], 0);
    let mark = site.run(&[
        "translations",
        "--mark-current",
        "content/en/gids/02-details.md",
    ]);
    assert_eq!(mark.code, 0, "{}", mark.stderr);
    assert!(mark.stdout.contains("already current"), "{}", mark.stdout);

    let site = Site::fixture("invalid/linked-section-missing-title");
    let run = site.run(&["translations", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[missing-title]"),
        "{}",
        run.stderr
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(page(&json, "gids/02-details.md"), None);
    assert_eq!(page(&json, "gids/01-begin.md").as_deref(), Some("current"));
    assert_eq!(json["languages"][0]["counts"]["orphaned"], 0);
    let mark = site.run(&[
        "translations",
        "--mark-current",
        "content/en/gids/02-details.md",
    ]);
    assert_eq!(mark.code, 1);
    assert!(
        mark.stderr.contains("error[source-unreadable]") && mark.stderr.contains("no `title`"),
        "{}",
        mark.stderr
    );
}

/// Runs git in the site's folder, as its author would.
#[track_caller]
fn git(site: &Site, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Auteur",
            "-c",
            "user.email=auteur@leidraad.invalid",
        ])
        .args(args)
        .current_dir(&site.root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diff_shows_what_changed_in_the_source_since_the_translation_was_marked_current() {
    let site = small_site("diff");
    // Without history there is nothing to compare with, and leidraad says so.
    let run = site.run(&["translate", "--to", "en", "content/nl/gids/01-stap.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = site.run(&["translations", "--diff", "content/en/gids/01-stap.md"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("was never marked current"),
        "{}",
        run.stderr
    );
    let run = site.run(&[
        "translations",
        "--mark-current",
        "content/en/gids/01-stap.md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = site.run(&["translations", "--diff", "content/en/gids/01-stap.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("has not changed since"),
        "{}",
        run.stdout
    );
    let source = site.read("content/nl/gids/01-stap.md");
    fs::write(
        site.root.join("content/nl/gids/01-stap.md"),
        source.replace("Tekst.", "Eerst bellen."),
    )
    .unwrap();
    let run = site.run(&["translations", "--diff", "content/en/gids/01-stap.md"]);
    assert_eq!(run.code, 1);
    // (Outside git, or in a repository that does not have the file: the tests run inside
    // leidraad's own.)
    assert!(
        run.stderr.contains("error[no-history]")
            && run.stderr.contains(
                "compare `content/en/gids/01-stap.md` with `content/nl/gids/01-stap.md` by hand"
            ),
        "{}",
        run.stderr
    );

    // With git: the version the translation was made from is found, and the change shown.
    fs::write(site.root.join("content/nl/gids/01-stap.md"), &source).unwrap();
    git(&site, &["init", "-q"]);
    git(&site, &["add", "."]);
    git(&site, &["commit", "-q", "-m", "Bron en vertaling"]);
    fs::write(
        site.root.join("content/nl/gids/01-stap.md"),
        source.replace("Tekst.", "Eerst bellen."),
    )
    .unwrap();
    git(&site, &["commit", "-q", "-am", "Eerst bellen"]);
    fs::write(
        site.root.join("content/nl/gids/01-stap.md"),
        site.read("content/nl/gids/01-stap.md") + "\nEen nieuwe alinea.\n",
    )
    .unwrap();
    assert_eq!(status_of(&site, "en", "gids/01-stap.md"), "stale");
    let run = site.run(&["translations", "--diff", "content/en/gids/01-stap.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.starts_with("what changed in content/nl/gids/01-stap.md since content/en/gids/01-stap.md was marked current (at "),
        "{out}"
    );
    for line in ["-Tekst.", "+Eerst bellen.", "+Een nieuwe alinea."] {
        assert!(
            out.lines().any(|l| l.starts_with(line)),
            "{line} is not in\n{out}"
        );
    }
    // The source language has no source.
    let run = site.run(&["translations", "--diff", "content/nl/gids/01-stap.md"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not-a-translation"), "{}", run.stderr);
}

#[test]
fn many_languages_behind_share_one_warning() {
    // Three languages behind get a warning each; a fourth makes them one, which counts all.
    let site = |langs: &[&str]| {
        let mut site = Site::empty("many-behind").file("site.yaml", "default_language: en\n");
        site = site
            .file("content/en/a.md", "---\ntitle: A\n---\n")
            .file("content/en/b.md", "---\ntitle: B\n---\n");
        for lang in langs {
            site = site.file(&format!("content/{lang}/a.md"), "---\ntitle: A\n---\n");
        }
        site
    };
    let three = site(&["de", "fr", "nl"]).run(&["check"]);
    assert_eq!(three.code, 0, "{}", three.stderr);
    three.assert_says("warning[translations]", 3);
    assert!(
        three
            .stderr
            .contains("translations into `nl`: 1 missing, 1 untracked"),
        "{}",
        three.stderr
    );
    let four = site(&["de", "fr", "it", "nl"]).run(&["check"]);
    four.assert_says("warning[translations]", 1);
    assert!(
        four.stderr.contains(
            "translations not current in 4 languages: 4 missing, 4 untracked\n --> content\n"
        ),
        "{}",
        four.stderr
    );
    let strict = site(&["de", "fr", "it", "nl"]).run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    strict.assert_says("error[translations]", 1);
}
