//! The `<main>` of every page of each site in `tests/fixtures/golden/` against its golden file
//! in `expected/` (`UPDATE_EXPECT=1` rewrites them).

use std::fs;

use crate::support::{files, golden, main_of, repo, Site};

#[test]
fn every_page_main_matches_its_golden_file() {
    let dir = repo().join("tests/fixtures/golden");
    let mut failures = Vec::new();
    for case in fs::read_dir(&dir).unwrap() {
        let case = case.unwrap().file_name().to_string_lossy().into_owned();
        let site = Site::fixture(&format!("golden/{case}"));
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{case}: {}", run.stderr);
        let expected_dir = dir.join(&case).join("expected");
        let public = site.root.join("public");
        let pages: Vec<String> = files(&public)
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect();
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let _ = fs::remove_dir_all(&expected_dir);
        } else {
            let expected: Vec<String> = files(&expected_dir)
                .into_iter()
                .map(|f| f.trim_end_matches(".main").to_owned())
                .collect();
            assert_eq!(expected, pages, "{case}: the set of pages changed");
        }
        for page in pages {
            let html = fs::read_to_string(public.join(&page)).unwrap();
            failures.extend(golden(
                &expected_dir.join(format!("{page}.main")),
                main_of(&html),
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
