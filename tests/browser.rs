//! The browser tests: runs the Node suite in `tests/browser/` against the `leidraad` binary
//! that Cargo just built, so that `cargo test` stays the project's one test command.
//!
//! Needs nothing but Node 20+: the suite's npm packages are installed on the first run
//! (`npm ci`), and Chromium is `LEIDRAAD_CHROMIUM`, Debian's `/usr/bin/chromium`, or else the
//! one the npm package `@sparticuz/chromium` ships. Without `node` the test says that it
//! skipped, and why; `LEIDRAAD_SKIP_BROWSER=1` skips it on purpose.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Says something that must be seen even when the test passes (the test harness keeps what
/// `println!` and `eprintln!` say for failures).
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

#[test]
fn browser() {
    if std::env::var("LEIDRAAD_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        say("browser tests skipped: LEIDRAAD_SKIP_BROWSER=1");
        return;
    }
    let node = Command::new("node").arg("--version").output();
    if !node.as_ref().is_ok_and(|o| o.status.success()) {
        say(
            "browser tests SKIPPED: Node.js is not installed (`node` is not on PATH); \
             install Node 20 or newer to run them",
        );
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suite = repo.join("tests").join("browser");
    if !suite.join("node_modules").is_dir() {
        say("browser tests: installing their npm packages once (npm ci --prefix tests/browser)");
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&suite)
            .status();
        assert!(
            status.as_ref().is_ok_and(|s| s.success()),
            "`npm ci --prefix tests/browser` failed ({status:?}); the report is above"
        );
    }

    let mut files: Vec<PathBuf> = std::fs::read_dir(&suite)
        .expect("tests/browser is readable")
        .map(|entry| entry.expect("tests/browser is readable").path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no *.test.mjs files in {}",
        suite.display()
    );

    let mut command = Command::new("node");
    command
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("--test-concurrency=1")
        .args(&files)
        .current_dir(repo)
        .env("LEIDRAAD_BIN", env!("CARGO_BIN_EXE_leidraad"));
    let status = command.status().expect("node runs");
    assert!(
        status.success(),
        "the browser tests failed ({status}); the report is above"
    );
}
