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
    // Its only warning asks for the address it will have: no placeholder address ships.
    check.assert_says("warning[", 1);
    assert!(
        check.stderr.contains("warning[no-base-url]"),
        "{}",
        check.stderr
    );
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    let site = site.file("site.yaml", yaml + "base_url: https://gids.leidraad.org/\n");
    let check = site.run(&["check", "--strict"]);
    assert!(check.stderr.is_empty(), "{}", check.stderr);
    let public = site.build_ok(&[]);
    assert!(public
        .join("nl/eerste-gids/checklijst/index.html")
        .is_file());
    assert!(public.join("en/first-guide/checklist/index.html").is_file());
}

#[test]
fn an_address_reserved_for_examples_is_a_warning_that_strict_makes_an_error() {
    let site = Site::empty("example-address")
        .file("site.yaml", "base_url: https://example.org/guidance/\n")
        .file("content/nl/_index.md", "---\ntitle: Start\n---\nWelkom.\n");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("warning[example-base-url]: `base_url` is `https://example.org/guidance/`, an address reserved for examples"),
        "{}",
        check.stderr
    );
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
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
