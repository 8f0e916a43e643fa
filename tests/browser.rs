//! The browser tests: runs the Node suite in `tests/browser/` against the `leidraad` binary
//! that Cargo just built, so that `cargo test` stays the project's one test command.
//!
//! Needs Chromium at `/usr/bin/chromium` (or `LEIDRAAD_CHROMIUM`), Node 20+ and the suite's
//! packages (`npm ci --prefix tests/browser`). Set `LEIDRAAD_SKIP_BROWSER=1` to skip.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn browser() {
    if std::env::var("LEIDRAAD_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("browser tests skipped: LEIDRAAD_SKIP_BROWSER=1");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let suite = repo.join("tests").join("browser");
    let chromium = std::env::var_os("LEIDRAAD_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));

    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!(
            "Chromium is not at {}: install it with `apt-get update && apt-get install -y chromium` \
             (or point LEIDRAAD_CHROMIUM at a Chromium binary)",
            chromium.display()
        ));
    }
    let node = Command::new("node").arg("--version").output();
    if !node.as_ref().is_ok_and(|o| o.status.success()) {
        missing.push("Node.js 20 or newer is not installed (`node` is not on PATH)".to_owned());
    }
    if !suite.join("node_modules").is_dir() {
        missing.push(
            "the test packages are not installed: run `npm ci --prefix tests/browser` \
             in the repository"
                .to_owned(),
        );
    }
    assert!(
        missing.is_empty(),
        "cannot run the browser tests:\n  - {}\nor set LEIDRAAD_SKIP_BROWSER=1 to skip them",
        missing.join("\n  - ")
    );

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

    let status = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("--test-concurrency=1")
        .args(&files)
        .current_dir(repo)
        .env("LEIDRAAD_BIN", env!("CARGO_BIN_EXE_leidraad"))
        .env("LEIDRAAD_CHROMIUM", &chromium)
        .status()
        .expect("node runs");
    assert!(
        status.success(),
        "the browser tests failed ({status}); the report is above"
    );
}
