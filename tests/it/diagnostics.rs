//! Every bad input of `tests/fixtures/invalid/` gives the exact message of its golden files,
//! for people (`expected.stderr`) and for tools (`expected.json`), and builds nothing.

use std::fs;

use crate::support::{golden, repo, Site};

/// How many errors and warnings each case of `tests/fixtures/invalid/` gives: one mistake gives
/// one message, never a cascade of false ones. Kept by hand, unlike the golden files that
/// `UPDATE_EXPECT=1` rewrites, so that a regenerated file cannot quietly add a message.
const COUNTS: &[(&str, usize, usize)] = &[
    // (case, errors, warnings)
    ("absolute-link", 1, 0),
    // `en_GB` in flow style: reported where it is written, with `en-GB` as the fix.
    ("bad-language-tag", 1, 0),
    ("bad-site-yaml", 1, 0),
    ("broken-anchor", 1, 0),
    ("broken-link", 1, 0),
    // Two guides with one slug: their sections and checklists clash too, but only the guides'
    // clash is the mistake.
    ("duplicate-guide-url", 1, 0),
    ("duplicate-item-id", 1, 0),
    ("duplicate-url", 1, 0),
    ("invalid-date", 1, 0),
    ("invalid-utf8", 1, 0),
    ("invalid-yaml", 1, 0),
    // A section that pages in two languages link to, and to its heading and checklist item:
    // links into it still resolve and its translation keeps its status.
    ("linked-section-bad-date", 1, 0),
    ("linked-section-invalid-yaml", 1, 0),
    ("linked-section-missing-title", 1, 0),
    // A wrong date and a broken link and anchor in the same file, and a wrong weight.
    ("many-errors", 4, 0),
    ("missing-image", 1, 0),
    ("missing-title", 1, 0),
    ("no-content", 1, 0),
    ("no-front-matter", 1, 0),
    ("slug-dotdot", 1, 0),
    ("slug-empty", 1, 0),
    ("slug-with-slash", 1, 0),
    ("template-syntax", 1, 0),
    // Two unknown filters in one template.
    ("template-unknown-filter", 2, 0),
    ("template-unknown-variable", 1, 0),
    // `title: [Leidraad, Guidance]`.
    ("title-wrong-type", 1, 0),
    ("too-deep", 1, 0),
    ("unclosed-front-matter", 1, 0),
    ("unlisted-language", 1, 0),
    // No site.yaml: the source language is chosen, and said (with, as on any site without
    // site.yaml, the missing base_url and the untracked translation).
    ("warn-no-default-language", 0, 3),
    ("warn-unknown-key", 0, 1),
    ("warn-unlinked-page", 0, 1),
    ("warn-unsafe-link", 0, 1),
    ("wrong-type", 1, 0),
];

/// The number of errors and of warnings in the JSON output of `check --format json`.
fn counts(json: &str) -> Result<(usize, usize), String> {
    let items: Vec<serde_json::Value> =
        serde_json::from_str(json).map_err(|e| format!("not a JSON array ({e}):\n{json}"))?;
    let count = |severity: &str| items.iter().filter(|d| d["severity"] == severity).count();
    Ok((count("error"), count("warning")))
}

#[test]
fn every_bad_input_gets_its_exact_message() {
    let dir = repo().join("tests/fixtures/invalid");
    let mut cases: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the invalid fixtures are missing");
    let listed: Vec<&str> = COUNTS.iter().map(|(case, _, _)| *case).collect();
    assert_eq!(
        cases, listed,
        "every case of tests/fixtures/invalid/ has its counts in COUNTS, in order"
    );
    let mut failures = Vec::new();
    for &(case, errors, warnings) in COUNTS {
        let site = Site::fixture(&format!("invalid/{case}"));
        let check = site.run(&["check"]);
        let json = site.run(&["check", "--format", "json"]);
        let build = site.run(&["build"]);
        match counts(&json.stdout) {
            Ok(found) if found == (errors, warnings) => {}
            Ok((e, w)) => failures.push(format!(
                "{case}: {e} errors and {w} warnings, expected {errors} and {warnings}:\n{}",
                check.stderr
            )),
            Err(why) => failures.push(format!("{case}: {why}")),
        }
        let expect_failure = errors > 0;
        assert_eq!(
            expect_failure,
            !case.starts_with("warn-"),
            "{case}: only the `warn-` cases have no errors"
        );
        if expect_failure {
            if check.code != 1 || build.code != 1 || json.code != 1 {
                failures.push(format!(
                    "{case}: exit codes check {} json {} build {}, expected 1",
                    check.code, json.code, build.code
                ));
            }
            if site.root.join("public").exists() {
                failures.push(format!("{case}: a failed build wrote public/"));
            }
            let leftovers: Vec<String> = fs::read_dir(&site.root)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with(".public"))
                .collect();
            if !leftovers.is_empty() {
                failures.push(format!("{case}: a failed build left {leftovers:?}"));
            }
            if !build.stderr.contains("nothing was written") {
                failures.push(format!(
                    "{case}: build did not say that nothing was written"
                ));
            }
        } else if check.code != 0 {
            failures.push(format!(
                "{case}: a warning made check fail:\n{}",
                check.stderr
            ));
        }
        failures.extend(golden(
            &dir.join(case).join("expected.stderr"),
            &check.stderr,
        ));
        failures.extend(golden(&dir.join(case).join("expected.json"), &json.stdout));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn strict_turns_warnings_into_errors() {
    let site = Site::fixture("invalid/warn-unknown-key");
    assert_eq!(site.run(&["check"]).code, 0);
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict.stderr.contains("error[unknown-key]"),
        "{}",
        strict.stderr
    );
}

#[test]
fn colours_follow_the_flag() {
    let site = Site::fixture("invalid/broken-link");
    assert!(site
        .run(&["--color", "always", "check"])
        .stderr
        .contains("\x1b["));
    assert!(!site
        .run(&["--color", "never", "check"])
        .stderr
        .contains("\x1b["));
    assert!(
        !site.run(&["check"]).stderr.contains("\x1b["),
        "not a terminal, so no colour"
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::empty("usage");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
    assert_eq!(site.run(&["--version"]).code, 0);
}

#[test]
fn a_bom_and_crlf_line_endings_are_accepted() {
    let site = Site::empty("crlf")
        .file(
            "content/nl/_index.md",
            "\u{feff}---\r\ntitle: Start\r\n---\r\nWelkom.\r\n",
        )
        .file("content/nl/gids/_index.md", "---\r\ntitle: Gids\r\n---\r\n")
        .file(
            "content/nl/gids/01-a.md",
            "---\r\ntitle: A\r\nweight: x\r\n---\r\n",
        );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("01-a.md:3:9"),
        "positions stay exact with CRLF:\n{}",
        run.stderr
    );
}
