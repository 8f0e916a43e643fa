//! The smaller commands: `init`, `completions`, `--version`.

use crate::support::Site;

#[test]
fn init_makes_a_site_that_builds_cleanly() {
    let dir = Site::empty("init");
    let run = dir.run(&["init", "new-site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = Site {
        root: dir.root.join("new-site"),
    };
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.is_empty(),
        "a new site has no warnings:\n{}",
        check.stderr
    );
    let public = site.build_ok(&[]);
    assert!(public
        .join("nl/eerste-gids/checklijst/index.html")
        .is_file());
    assert!(public.join("en/first-guide/checklist/index.html").is_file());
}

#[test]
fn init_refuses_a_folder_with_files() {
    let site = Site::empty("init-full").file("notes.txt", "mine");
    let run = site.run(&["init", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(site.read("notes.txt"), "mine");
}

#[test]
fn completions_and_version() {
    let site = Site::empty("completions");
    for shell in ["bash", "zsh", "fish"] {
        let run = site.run(&["completions", shell]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("leidraad"), "{shell}");
    }
    let run = site.run(&["--version"]);
    assert!(run.stdout.starts_with("leidraad "), "{}", run.stdout);
}
