//! Issue 21: `leidraad import jekyll|hugo|zola SOURCE DEST` on fixture sites of each dialect
//! (`tests/fixtures/import/`): the report's counts and leftovers, exactly, in both formats; the
//! new site checked by `leidraad check`; and the refusals.

use std::collections::BTreeMap;
use std::fs;

use serde_json::Value;

use crate::support::{files, Run, Site};

/// A work folder with a copy of the fixture of `dialect` as `src/`, imported into `dest/`.
fn import(dialect: &str, format: &[&str]) -> (Site, Run) {
    let work = Site::empty(&format!("import-{dialect}"));
    let work = copy_fixture(work, dialect);
    let mut args = vec!["import", dialect, "src", "dest"];
    args.extend(format);
    let run = work.run(&args);
    (work, run)
}

fn copy_fixture(work: Site, dialect: &str) -> Site {
    crate::support::copy_dir(
        &crate::support::repo()
            .join("tests/fixtures/import")
            .join(dialect),
        &work.root.join("src"),
    );
    work
}

/// The counts of the JSON report, leaving out the kinds with none.
fn counts(json: &Value) -> BTreeMap<String, u64> {
    json["changed"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
        .collect()
}

/// The leftovers of the JSON report as `file:line kind`.
fn leftovers(json: &Value) -> Vec<String> {
    json["needs_a_person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}:{} {}",
                l["file"].as_str().unwrap(),
                l["line"],
                l["kind"].as_str().unwrap()
            )
        })
        .collect()
}

/// Imports a fixture in both formats and checks what they have in common: success, the same
/// counts and leftovers, SOURCE unchanged, two imports the same. Returns the human run and
/// the JSON report.
fn import_both(dialect: &str) -> (Site, Run, Value) {
    let (work, human) = import(dialect, &[]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(human.stderr.is_empty(), "{}", human.stderr);
    let (json_work, json) = import(dialect, &["--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    // The import never writes into SOURCE, and gives the same site every time.
    let fixture = crate::support::repo()
        .join("tests/fixtures/import")
        .join(dialect);
    assert_eq!(files(&work.root.join("src")), files(&fixture));
    let dest = files(&work.root.join("dest"));
    assert_eq!(dest, files(&json_work.root.join("dest")));
    for file in &dest {
        let a = fs::read(work.root.join("dest").join(file)).unwrap();
        let b = fs::read(json_work.root.join("dest").join(file)).unwrap();
        assert_eq!(a, b, "{file} differs between two imports");
    }
    (work, human, report)
}

/// `check --format json` on DEST: its errors as `code file:line`, and its exit code.
fn check(work: &Site) -> (i32, Vec<String>) {
    let run = work.run(&["check", "--root", "dest", "--format", "json"]);
    let diags: Value = serde_json::from_str(&run.stdout).unwrap();
    let errors = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"]
            )
        })
        .collect();
    (run.code, errors)
}

#[test]
fn a_jekyll_site_becomes_a_leidraad_site_that_checks_clean() {
    let (work, human, json) = import_both("jekyll");
    assert_eq!(human.stdout, JEKYLL_REPORT);
    let expected: BTreeMap<String, u64> = [
        ("pages", 9),
        ("guide_indexes", 3),
        ("weights", 3),
        ("dates", 4),
        ("authors", 1),
        ("aliases", 3),
        ("old_urls", 1),
        ("extra_keys", 12),
        ("links", 11),
        ("image_links", 3),
        ("images_copied", 3),
        ("checkboxes", 4),
        ("item_ids", 7),
        ("markdown_blocks", 2),
        ("kramdown_attributes", 2),
        ("code_blocks", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_owned(), n))
    .collect();
    assert_eq!(counts(&json), expected);
    assert_eq!(
        leftovers(&json),
        [
            "_guides/deposit.md:15 liquid",
            "_guides/nl/deposit.md:3 front_matter",
            "about.md:4 front_matter",
            "about.md:10 liquid",
            "about.md:12 liquid",
            "contact.html:1 file",
        ]
    );
    assert_eq!(json["languages"], serde_json::json!(["en", "nl"]));
    assert_eq!(check(&work), (0, vec![]));
    let renting = work.read("dest/content/en/guides/renting.md");
    for expected in [
        "title: Renting a home\nweight: 1\nauthors:\n- Sam Jansen\nupdated: 2024-03-01\nextra:\n  image: /assets/img/keys.png\n  related:\n  - deposit\n---\n",
        "read the [deposit rules](deposit.md#getting-it-back).\n\n## Before you sign",
        "> **Tip:** ask for the [energy label](https://example.org/label).\n>\n> Keep a copy of everything.\n",
        "- [ ] Read the contract {#read-contract}\n- [ ] Check the [deposit](deposit.md) amount {#check-the-deposit-amount}\n",
        "![The keys](keys.png)",
    ] {
        assert!(renting.contains(expected), "{expected}\nnot in:\n{renting}");
    }
    // The translation's checkboxes take the ids of the source's items, in order.
    let nl = work.read("dest/content/nl/guides/renting.md");
    assert!(nl.contains("- [ ] Lees het contract {#read-contract}\n- [ ] Controleer de borg {#check-the-deposit-amount}\n"), "{nl}");
    let about = work.read("dest/content/en/about.md");
    assert!(
        about.contains("aliases:\n- /over-ons/\n- /team.html\n"),
        "{about}"
    );
    let site = work.read("dest/site.yaml");
    assert_eq!(site, "title:\n  en: Tenant Guidance\n  nl: Tenant Guidance\ndefault_language: en\ndefault_language_at_root: true\nlanguages:\n  en: {}\n  nl: {}\n");
    assert!(work.root.join("dest/content/en/guides/keys.png").is_file());
    assert!(work.root.join("dest/content/nl/guides/keys.png").is_file());
    assert!(work.root.join("dest/content/en/logo.png").is_file());
    // The old paths are redirects in the built site.
    let build = work.run(&["build", "--root", "dest", "--no-search"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    for old in [
        "over-ons",
        "about",
        "guides/renting",
        "news/2024/01/05/new-rules",
    ] {
        assert!(
            work.root
                .join("dest/public")
                .join(old)
                .join("index.html")
                .is_file(),
            "{old}"
        );
    }
}

const JEKYLL_REPORT: &str = "imported 9 pages in 2 language(s) (en, nl) into dest
      3  guide `_index.md` files made
      3  `order` renamed to `weight`
      4  dates written as `updated`
      1  `author` renamed to `authors`
      3  old paths kept as `aliases`
      1  old URLs of moved pages kept as `aliases`
     12  other front-matter keys kept under `extra:`
     11  links rewritten to `.md` files
      3  image links rewritten
      3  images copied next to their pages
      4  HTML checkboxes turned into task items
      7  task items given an `{#id}`
      2  `markdown=\"1\"` blocks turned into Markdown
      2  kramdown attributes taken out
      1  `highlight` blocks turned into fenced code
6 thing(s) need a person:
  _guides/deposit.md:15: the Liquid tag `{{ site.support_email }}` is left as it was: leidraad shows it as text; write what it stands for in Markdown (now in content/en/guides/deposit.md)
  _guides/nl/deposit.md:3: `order` is no whole number, so it is kept under `extra:`; give the page a `weight: 1`, `2`, … to order it (now in content/nl/guides/deposit.md)
  about.md:4: the old path `/team.html` is kept as an alias, but leidraad writes an alias as a folder (`/team.html/`): for `/team.html` itself, add a redirect on your web server (now in content/en/about.md)
  about.md:10: the Liquid tag `{% include contact.html %}` is left as it was: leidraad shows it as text; write what it stands for in Markdown (now in content/en/about.md)
  about.md:12: the Liquid tag `{{ site.email }}` is left as it was: leidraad shows it as text; write what it stands for in Markdown (now in content/en/about.md)
  contact.html:1: this HTML file was not imported: if it is a page, write it in Markdown in the new site; if it is a file to publish as it is, put it in `static/`
next: leidraad check --root dest
";

#[test]
fn a_hugo_site_becomes_a_leidraad_site_that_checks_clean() {
    let (work, human, json) = import_both("hugo");
    assert_eq!(human.stdout, HUGO_REPORT);
    let expected: BTreeMap<String, u64> = [
        ("pages", 10),
        ("guide_indexes", 1),
        ("dates", 2),
        ("authors", 1),
        ("aliases", 3),
        ("old_urls", 1),
        ("extra_keys", 4),
        ("links", 11),
        ("image_links", 5),
        ("images_copied", 4),
        ("checkboxes", 2),
        ("item_ids", 4),
        ("markdown_blocks", 1),
        ("figures", 1),
        ("callouts", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_owned(), n))
    .collect();
    assert_eq!(counts(&json), expected);
    assert_eq!(
        leftovers(&json),
        [
            "content/about.md:9 shortcode",
            "content/docs/first-aid/index.md:18 shortcode",
        ]
    );
    assert_eq!(json["languages"], serde_json::json!(["en", "nl", "de"]));
    assert_eq!(check(&work), (0, vec![]));
    let fire = work.read("dest/content/en/docs/fire.md");
    assert!(fire.starts_with("---\ntitle: Fire\nweight: 1\nupdated: 2024-02-01\naliases:\n- /fire-safety/\nextra:\n  params:\n    icon: flame\n  toc: true\n---\n"), "{fire}");
    assert!(
        fire.contains("see the [map](map.png) and the [first aid](first-aid.md#burns) part."),
        "{fire}"
    );
    // Hugo's `notice` box is a callout.
    assert!(
        fire.contains("\n> [!WARNING]\n> Never use the lift.\n"),
        "{fire}"
    );
    // A leaf bundle is a section; its image is copied beside it; a deep folder folds.
    assert!(work
        .root
        .join("dest/content/en/docs/first-aid.md")
        .is_file());
    assert!(work.root.join("dest/content/en/docs/diagram.png").is_file());
    assert!(work
        .read("dest/content/en/docs/advanced-ladders.md")
        .contains("Back to [fire](fire.md).\n\n> **Never** stand on the top step.\n"));
    // Links from a translation stay in its language (the translation, or its fallback).
    assert!(work
        .read("dest/content/nl/docs/_index.md")
        .contains("Over [brand](fire.md) en [EHBO](first-aid.md#burns)."));
    assert!(work
        .read("dest/content/de/docs/_index.md")
        .contains("title: Workplace safety\n"));
    // Hugo's `figure` is an image, copied beside the page.
    assert!(work
        .read("dest/content/de/docs/fire.md")
        .ends_with("\n![Fluchtwegplan](map.png \"Etage 2\")\n"));
    assert!(work.root.join("dest/content/de/docs/map.png").is_file());
    let site = work.read("dest/site.yaml");
    assert!(site.starts_with("title:\n  en: Safety at Work\n  nl: Veilig werken\n  de: Safety at Work\nbase_url: https://veiligwerken.nl/\ndefault_language: en\ndefault_language_at_root: true\nlanguages:\n  en:\n    name: English\n  nl:\n    name: Nederlands\n  de:\n    name: Deutsch\nextra:\n  support_phone: 0800 1234\n"), "{site}");
}

const HUGO_REPORT: &str = "imported 10 pages in 3 language(s) (en, nl, de) into dest
      1  guide `_index.md` files made
      2  dates written as `updated`
      1  `author` renamed to `authors`
      3  old paths kept as `aliases`
      1  old URLs of moved pages kept as `aliases`
      4  other front-matter keys kept under `extra:`
     11  links rewritten to `.md` files
      5  image links rewritten
      4  images copied next to their pages
      2  HTML checkboxes turned into task items
      4  task items given an `{#id}`
      1  `markdown=\"1\"` blocks turned into Markdown
      1  `figure` shortcodes turned into images
      1  `notice` and other box shortcodes turned into callouts
2 thing(s) need a person:
  content/about.md:9: the shortcode `{{< youtube w7Ft2ymGmfc >}}` is left as it was: leidraad shows it as text; write what it stands for in Markdown (now in content/en/about.md)
  content/docs/first-aid/index.md:18: the shortcode `{{< param \"support_phone\" >}}` is left as it was: leidraad shows it as text; write what it stands for in Markdown (now in content/en/docs/first-aid.md)
next: leidraad check --root dest
";

#[test]
fn a_zola_site_becomes_a_leidraad_site_whose_only_errors_are_the_listed_ones() {
    let (work, human, json) = import_both("zola");
    assert!(
        human
            .stdout
            .starts_with("imported 7 pages in 2 language(s) (en, fr) into dest\n"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("7 thing(s) need a person:\n  content/about.md:7: the link to `rights/eviction.md#notice` goes to a page marked `draft: true`"), "{}", human.stdout);
    let expected: BTreeMap<String, u64> = [
        ("pages", 7),
        ("guide_indexes", 1),
        ("dates", 1),
        ("aliases", 3),
        ("extra_keys", 6),
        ("links", 8),
        ("image_links", 3),
        ("images_copied", 3),
        ("checkboxes", 4),
        ("item_ids", 4),
        ("markdown_blocks", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_owned(), n))
    .collect();
    assert_eq!(counts(&json), expected);
    assert_eq!(
        leftovers(&json),
        [
            "content/about.md:7 link",
            "content/rights/repairs.fr.md:7 link",
            "content/rights/repairs.md:7 front_matter",
            "content/rights/repairs.md:17 link",
            "content/rights/repairs.md:30 shortcode",
            "content/rights/repairs.md:32 shortcode",
            "content/rights/repairs.md:34 shortcode",
        ]
    );
    // The links to the draft page are what `check` finds too, in the files the report names.
    let (code, errors) = check(&work);
    assert_eq!(code, 1);
    assert_eq!(
        errors,
        [
            "draft-link content/en/about.md:8",
            "draft-link content/en/rights/repairs.md:20",
            "broken-link content/fr/rights/repairs.md:8",
        ]
    );
    let dests: Vec<&str> = json["needs_a_person"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "link")
        .map(|l| l["dest"].as_str().unwrap())
        .collect();
    assert_eq!(
        dests,
        [
            "content/en/about.md",
            "content/fr/rights/repairs.md",
            "content/en/rights/repairs.md"
        ]
    );
    let repairs = work.read("dest/content/en/rights/repairs.md");
    assert!(repairs.starts_with("---\ntitle: Repairs\ndescription: Who fixes what\nweight: 1\nauthors:\n- Lea Martin\nupdated: 2024-07-01\naliases:\n- /repairs/\n- /old/repairs.html\nextra:\n  show_toc: true\n  date: 2024-06-01\n  taxonomies:\n"), "{repairs}");
    assert!(repairs.contains("> Keep **photos** of the damage.\n\n- [ ] Write to the landlord {#write-to-the-landlord}\n- [ ] Take photos {#photos}\n"), "{repairs}");
    assert!(work
        .read("dest/content/fr/rights/repairs.md")
        .contains("- [ ] Écrire au propriétaire {#write-to-the-landlord}\n"));
    assert!(work
        .read("dest/site.yaml")
        .contains("extra:\n  contact: help@aide-locataires.fr\n"));
    assert!(work
        .root
        .join("dest/content/en/rights/notice.png")
        .is_file());
    assert!(work
        .root
        .join("dest/content/fr/rights/boiler.png")
        .is_file());
}

#[test]
fn a_destination_with_files_is_refused_and_left_alone() {
    let work = copy_fixture(Site::empty("import-full"), "jekyll").file("dest/notes.txt", "mine");
    let run = work.run(&["import", "jekyll", "src", "dest"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr, "error: the destination `dest` is not empty; name a new or empty folder, so that nothing in it is overwritten\n");
    assert_eq!(files(&work.root.join("dest")), ["notes.txt"]);
    let run = work.run(&["import", "jekyll", "src", "dest/notes.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr, "error: the destination `dest/notes.txt` is a file, not a folder; name a new or empty folder\n");
    assert_eq!(work.read("dest/notes.txt"), "mine");
    // An empty one is fine.
    let work = copy_fixture(Site::empty("import-empty"), "hugo").file("dest/.keep", "");
    fs::remove_file(work.root.join("dest/.keep")).unwrap();
    assert_eq!(work.run(&["import", "hugo", "src", "dest"]).code, 0);
}

#[test]
fn a_destination_inside_the_source_is_refused() {
    let work = copy_fixture(Site::empty("import-inside"), "zola");
    let before = files(&work.root.join("src"));
    for dest in ["src/new", "src", "src/content/../out"] {
        let run = work.run(&["import", "zola", "src", dest]);
        assert_eq!(run.code, 2, "{dest}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("the destination `{dest}` lies inside the source folder `src`; import never writes into the source")), "{}", run.stderr);
    }
    assert_eq!(files(&work.root.join("src")), before);
}

#[test]
fn a_missing_source_and_an_unknown_dialect_are_usage_errors() {
    let work = Site::empty("import-missing");
    let run = work.run(&["import", "hugo", "nowhere", "dest"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: the source folder `nowhere` does not exist or is not a folder"),
        "{}",
        run.stderr
    );
    assert!(!work.root.join("dest").exists());
    // A folder with no pages of the dialect is a mistake in the source, named as such.
    let work = work.file("src/notes.txt", "not a site");
    let run = work.run(&["import", "zola", "src", "dest"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("error[no-content]: no pages found: a Zola site has Markdown files under `content/`, and this folder has none\n --> src\n"), "{}", run.stderr);
    assert!(!work.root.join("dest").exists());
    let run = work.run(&["import", "gatsby", "src", "dest"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("invalid value 'gatsby'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("[possible values: jekyll, hugo, zola]"),
        "{}",
        run.stderr
    );
}

#[test]
fn front_matter_that_does_not_parse_stops_the_import_with_file_and_line() {
    let work = copy_fixture(Site::empty("import-bad"), "zola")
        .file(
            "src/content/rights/broken.md",
            "+++\ntitle = \"Broken\"\nweight = one\n+++\nText.\n",
        )
        .file("src/content/rights/open.md", "---\ntitle: Open\n");
    let run = work.run(&["import", "zola", "src", "dest"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[toml]: this TOML does not parse: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> src/content/rights/broken.md:3:10"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error[unclosed-front-matter]: the front matter is never closed\n --> src/content/rights/open.md:1:1"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with(
            "error: the source has 2 problem(s) that stop the import; nothing was written\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!work.root.join("dest").exists());
    let run = work.run(&["import", "zola", "src", "dest", "--format", "json"]);
    let diags: Value = serde_json::from_str(&run.stdout).unwrap();
    let places: Vec<(String, u64, u64)> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("src/content/rights/broken.md".to_owned(), 3, 10),
            ("src/content/rights/open.md".to_owned(), 1, 1)
        ]
    );
}
