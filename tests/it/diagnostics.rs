//! Every bad input of `tests/fixtures/invalid/` gives the exact message of its golden files,
//! for people (`expected.stderr`) and for tools (`expected.json`), and builds nothing.

use std::fs;

use crate::support::{golden, repo, Site};

#[test]
fn every_bad_input_gets_its_exact_message() {
    let dir = repo().join("tests/fixtures/invalid");
    let mut cases: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the invalid fixtures are missing");
    let mut failures = Vec::new();
    for case in &cases {
        let site = Site::fixture(&format!("invalid/{case}"));
        let check = site.run(&["check"]);
        let json = site.run(&["check", "--format", "json"]);
        let build = site.run(&["build"]);
        let expect_failure = !case.starts_with("warn-");
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
