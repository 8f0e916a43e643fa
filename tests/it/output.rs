//! Issue 16: no build destroys a file it did not write, and no build leaves litter, however
//! it ends.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{command, files, Site};

fn small_site(name: &str) -> Site {
    Site::empty(name)
        .file("site.yaml", "languages:\n  nl: {}\n")
        .file("content/nl/gids/_index.md", "---\ntitle: Gids\n---\n")
        .file(
            "content/nl/gids/01-stap.md",
            "---\ntitle: Stap\n---\n- [ ] Bel {#bel}\n",
        )
}

/// The names beside the output folder that builds leave while they work.
fn litter(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

#[test]
fn files_the_publisher_added_to_the_output_are_kept() {
    let site = small_site("kept");
    let public = site.build_ok(&[]);
    // The GitHub Pages flow: a repository in the output, a CNAME, a hand-added PDF.
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(&public)
        .status();
    if !git.is_ok_and(|s| s.success()) {
        fs::create_dir_all(public.join(".git/objects")).unwrap();
        fs::write(public.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    }
    fs::write(public.join(".git/leidraad-test"), "mine").unwrap();
    fs::write(public.join("CNAME"), "guidance.example\n").unwrap();
    fs::write(public.join("nl/folder.pdf"), "%PDF").unwrap();
    let before: Vec<String> = files(&public.join(".git"));
    for round in 0..2 {
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains("kept what leidraad did not write")
                && run.stdout.contains("`.git/`, `CNAME`, `nl/folder.pdf`")
                && run.stdout.contains("belong in `static/`"),
            "round {round}: {}",
            run.stdout
        );
        assert_eq!(files(&public.join(".git")), before, "round {round}");
        assert_eq!(site.read("public/CNAME"), "guidance.example\n");
        assert_eq!(site.read("public/nl/folder.pdf"), "%PDF");
        assert!(public.join("nl/gids/stap/index.html").is_file());
        assert!(litter(&site.root).is_empty(), "{:?}", litter(&site.root));
    }
    // The marker lists what leidraad wrote, and nothing of the publisher's.
    let marker = site.read("public/.leidraad");
    assert!(marker.contains("\nnl/gids/stap/index.html\n"), "{marker}");
    assert!(!marker.contains("CNAME") && !marker.contains(".git"));
}

#[test]
fn a_build_that_would_replace_a_hand_added_file_stops() {
    let site = small_site("clash");
    let public = site.build_ok(&[]);
    fs::create_dir_all(public.join("nl/over")).unwrap();
    fs::write(public.join("nl/over/index.html"), "<p>by hand</p>").unwrap();
    let site = site.file("content/nl/over.md", "---\ntitle: Over\n---\nTekst.\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[unsafe-output]")
            && run.stderr.contains("public/nl/over/` was not written by leidraad, and this build writes `nl/over/index.html`")
            && run.stderr.contains("put it in `static/nl/over/index.html`"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("public/nl/over/index.html"), "<p>by hand</p>");
    assert!(litter(&site.root).is_empty());
}

#[test]
fn the_next_build_clears_what_killed_builds_left() {
    let site = small_site("litter");
    let public = site.build_ok(&[]);
    fs::write(public.join("CNAME"), "guidance.example\n").unwrap();
    let marker = fs::read_to_string(public.join(".leidraad")).unwrap();
    // A staging folder of a process that is gone, half written.
    let dead = site.root.join(".public.staging-999999999-1");
    fs::create_dir_all(dead.join("nl")).unwrap();
    fs::write(
        dead.join(".leidraad"),
        "This folder is written by `leidraad build` and replaced on every build.\n--- being written by leidraad, process 999999999\n",
    )
    .unwrap();
    fs::write(dead.join("nl/index.html"), "half").unwrap();
    // A previous output that a killed build had swapped out but not yet emptied: it still
    // holds a file of the publisher's.
    let old = site.root.join(".public.old-999999999-2");
    fs::create_dir_all(old.join("nl")).unwrap();
    fs::write(old.join(".leidraad"), &marker).unwrap();
    fs::write(old.join("nl/index.html"), "old").unwrap();
    fs::write(old.join("notes.txt"), "the publisher's").unwrap();
    // Something that is not leidraad's at all, with a similar name.
    let other = site.root.join(".public.old-mine");
    fs::create_dir_all(&other).unwrap();
    site.build_ok(&[]);
    assert!(!dead.exists() && !old.exists(), "{:?}", litter(&site.root));
    assert!(other.exists(), "a folder leidraad did not make was removed");
    assert_eq!(site.read("public/notes.txt"), "the publisher's");
    assert_eq!(site.read("public/CNAME"), "guidance.example\n");
}

/// A site big enough that a build takes a while, for the kill tests.
fn larger_site(name: &str) -> Site {
    let mut site = Site::empty(name).file("site.yaml", "languages:\n  nl: {}\n  en: {}\n");
    for lang in ["nl", "en"] {
        for guide in 0..6 {
            site = site.file(
                &format!("content/{lang}/g{guide}/_index.md"),
                format!("---\ntitle: Gids {guide}\n---\n"),
            );
            for n in 0..40 {
                site = site.file(
                    &format!("content/{lang}/g{guide}/{n:02}-s{n}.md"),
                    format!(
                        "---\ntitle: Stap {n}\n---\n## Kop\n\n{}\n\n- [ ] Doe het {{#d{n}}}\n",
                        "Tekst met wat woorden. ".repeat(40)
                    ),
                );
            }
        }
    }
    site
}

#[test]
fn interrupted_and_killed_builds_lose_nothing_and_leave_no_litter() {
    let site = larger_site("kill");
    let public = site.build_ok(&["--no-search"]);
    fs::write(public.join("CNAME"), "guidance.example\n").unwrap();
    let reference = files(&public);
    let bin = env!("CARGO_BIN_EXE_leidraad");
    for (round, signal) in ["INT", "TERM", "KILL", "INT", "TERM", "KILL"]
        .iter()
        .enumerate()
    {
        // What a killed build of an earlier round left, which this one may not have reached yet.
        let earlier = litter(&site.root);
        let mut child = command(bin, &site.root, &["build", "--no-search"])
            .spawn()
            .unwrap();
        // Let it get going: a few milliseconds more each round, to land in different stages.
        thread::sleep(Duration::from_millis(20 + 40 * round as u64));
        let _ = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status();
        let start = Instant::now();
        let status = child.wait().unwrap();
        assert!(start.elapsed() < Duration::from_secs(30));
        // The output is either the previous one or a whole new one; the publisher's file stays.
        assert!(
            public.join("nl/g0/s0/index.html").is_file(),
            "round {round}: no output"
        );
        assert_eq!(
            files(&public),
            reference,
            "round {round} ({signal}, {status:?})"
        );
        if *signal != "KILL" && !status.success() {
            let left: Vec<_> = litter(&site.root)
                .into_iter()
                .filter(|l| !earlier.contains(l))
                .collect();
            assert!(left.is_empty(), "SIG{signal} left {left:?}");
        }
    }
    // Whatever SIGKILL left, the next build clears.
    site.build_ok(&["--no-search"]);
    assert!(litter(&site.root).is_empty(), "{:?}", litter(&site.root));
    assert_eq!(site.read("public/CNAME"), "guidance.example\n");
}

#[test]
fn an_output_inside_the_sources_is_refused_through_symbolic_links_too() {
    let site = small_site("symlinked-content");
    let root = site.root.clone();
    fs::rename(root.join("content"), root.join("sources")).unwrap();
    std::os::unix::fs::symlink("sources", root.join("content")).unwrap();
    let before = files(&root.join("sources"));
    for output in [
        "content/nl/x",
        "sources/nl/x",
        "sources",
        "./content/../sources/nl",
    ] {
        let run = site.run(&["build", "--output", output]);
        assert_eq!(
            run.code, 1,
            "--output {output} was accepted:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("overlaps the site's `content/` folder"),
            "--output {output}:\n{}",
            run.stderr
        );
    }
    assert_eq!(files(&root.join("sources")), before);
    site.build_ok(&[]);
}

#[test]
fn a_file_at_a_generated_path_is_an_error_naming_both() {
    let site = small_site("claimed")
        .file("site.yaml", "languages:\n  nl: {}\nraw_html: allow\n")
        .file("content/nl/index.html", "<script>alert(1)</script>")
        .file("content/nl/gids/index.html", "<script>alert(2)</script>")
        .file(
            "content/nl/gids/checklijst/index.html",
            "<script>alert(3)</script>",
        )
        .file("content/nl/feed.xml", "<feed/>")
        .file(
            "static/nl/gids/stap/index.html",
            "<script>alert(4)</script>",
        )
        .file("static/pagefind/pagefind.js", "alert(5)")
        .file(
            "static/leidraad.js",
            "// the site's own script replaces the theme's",
        );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (file, place) in [
        (
            "content/nl/index.html",
            "`nl/index.html`, in the place of the page `nl/` that leidraad makes",
        ),
        (
            "content/nl/gids/index.html",
            "`nl/gids/index.html`, in the place of the page made from `content/nl/gids/_index.md`",
        ),
        (
            "content/nl/gids/checklijst/index.html",
            "`nl/gids/checklijst/index.html`, in the place of the page `nl/gids/checklijst/`",
        ),
        (
            "content/nl/feed.xml",
            "`nl/feed.xml`, in the place of `nl/feed.xml`, which leidraad makes",
        ),
        (
            "static/nl/gids/stap/index.html",
            "in the place of the page made from `content/nl/gids/01-stap.md`",
        ),
        (
            "static/pagefind/pagefind.js",
            "the search index in `pagefind/`",
        ),
    ] {
        let found = run
            .stderr
            .split("\n\n")
            .any(|d| d.contains("error[generated-path]") && d.contains(file) && d.contains(place));
        assert!(found, "{file}: {place}\n{}", run.stderr);
    }
    run.assert_says("error[", 6);
    assert!(!site.root.join("public").exists());
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}
