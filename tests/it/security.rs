//! Issue 9: content is untrusted input. Hostile Markdown and front matter, hostile file
//! systems, unsafe output folders and the fuzzers' crash inputs: leidraad never panics, never
//! hangs, never reads or writes outside the site, and lets no script reach a reader unless the
//! site allows raw HTML. The threat model is in `docs/security.md`.

use std::fs;
use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{command, files, parse_reply, repo, Reply, Run, Serve, Site};

// ---------------------------------------------------------------------------------------
// Running the binary with a deadline

/// Runs `leidraad ARGS` in `dir` and fails the test if it takes longer than `limit`, panics
/// (exit code 101) or dies of a signal (a stack overflow is SIGSEGV or SIGABRT).
#[track_caller]
fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Run {
    run_binary(env!("CARGO_BIN_EXE_leidraad"), dir, args, limit)
}

#[track_caller]
fn run_binary(bin: &str, dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = command(bin, dir, args).spawn().unwrap();
    // Read both pipes while waiting, so that a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`leidraad {}` took more than {limit:?}", args.join(" "));
        }
        thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    };
    assert!(
        status.code().is_some(),
        "`leidraad {}` died of a signal ({status}); stderr ends:\n{}",
        args.join(" "),
        tail(&run.stderr)
    );
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "`leidraad {}` panicked:\n{}",
        args.join(" "),
        tail(&run.stderr)
    );
    run
}

fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(3000);
    let start = (start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    &text[start..]
}

const MINUTE: Duration = Duration::from_secs(60);

/// A page of front matter and body.
fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

/// A small site with one guide, one section and a standalone page.
fn small_site(name: &str) -> Site {
    Site::empty(name)
        .file("content/nl/over.md", page("Over", "Tekst.\n"))
        .file("content/nl/gids/_index.md", page("Gids", ""))
        .file(
            "content/nl/gids/01-stap.md",
            page("Stap", "- [ ] Bel {#bel}\n"),
        )
}

/// Every file of the output, read as text where it is text, for searching.
fn output_text(public: &Path) -> String {
    files(public)
        .iter()
        .map(|f| String::from_utf8_lossy(&fs::read(public.join(f)).unwrap()).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------
// Hostile file systems

/// A folder beside the site with secrets that must never reach the output.
fn outside(site: &Site) -> PathBuf {
    let dir = site.root.with_extension("outside");
    fs::create_dir_all(dir.join("dir")).unwrap();
    fs::write(dir.join("secret.txt"), "SECRET-OUTSIDE-FILE").unwrap();
    fs::write(
        dir.join("page.md"),
        page("SECRET-OUTSIDE-PAGE", "SECRET-OUTSIDE-PAGE\n"),
    )
    .unwrap();
    fs::write(
        dir.join("dir/x.md"),
        page("SECRET-OUTSIDE-DIR", "SECRET-OUTSIDE-DIR\n"),
    )
    .unwrap();
    dir
}

#[test]
fn symbolic_links_are_never_followed_out_of_the_site() {
    let site = small_site("symlinks").file("templates/page.html", "{{ page.title }}");
    let out = outside(&site);
    let root = &site.root;
    fs::create_dir_all(root.join("static")).unwrap();
    let links: &[(&str, PathBuf)] = &[
        ("content/nl/gids/passwd.png", "/etc/passwd".into()),
        ("content/nl/gids/02-buiten.md", out.join("page.md")),
        ("content/nl/buiten", out.join("dir")),
        ("content/en", "/etc".into()),
        ("static/secret.txt", out.join("secret.txt")),
        ("static/etc", "/etc".into()),
        ("templates/base.html", "/etc/passwd".into()),
        ("templates/section.html", out.join("page.md")),
        ("content/nl/gids/zelf", ".".into()),
        ("content/nl/lus-a", "lus-b".into()),
        ("content/nl/lus-b", "lus-a".into()),
        ("content/nl/gids/kapot.md", "bestaat-niet.md".into()),
    ];
    for (at, to) in links {
        symlink(to, root.join(at)).unwrap();
    }
    let run = run_within(root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (at, _) in links {
        assert!(
            run.stderr.contains(&format!("--> {at}\n")),
            "no warning names {at}:\n{}",
            run.stderr
        );
    }
    let text = output_text(&root.join("public"));
    for secret in ["root:x:0:0", "SECRET-OUTSIDE"] {
        assert!(!text.contains(secret), "{secret} reached the output");
    }
    assert!(!root.join("public/en").exists());
}

#[test]
fn source_folders_that_link_out_of_the_site_are_refused() {
    let site = small_site("symlinked-folders");
    let out = outside(&site);
    let root = &site.root;
    symlink(&out, root.join("static")).unwrap();
    symlink("/etc", root.join("templates")).unwrap();
    let run = run_within(root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for folder in ["static", "templates"] {
        assert!(
            run.stderr.contains(&format!(
                "`{folder}` is a symbolic link to a folder outside the site"
            )),
            "{}",
            run.stderr
        );
    }
    assert!(!output_text(&root.join("public")).contains("SECRET-OUTSIDE"));

    // `content` itself, and `site.yaml`.
    let moved = root.with_extension("content");
    fs::rename(root.join("content"), &moved).unwrap();
    symlink(&moved, root.join("content")).unwrap();
    let run = run_within(root, &["build"], MINUTE);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`content` is a symbolic link to a folder outside the site"),
        "{}",
        run.stderr
    );
    fs::remove_file(root.join("content")).unwrap();
    fs::rename(&moved, root.join("content")).unwrap();
    symlink("/etc/passwd", root.join("site.yaml")).unwrap();
    let run = run_within(root, &["build"], MINUTE);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`site.yaml` is a symbolic link to a file outside the site"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("root:x:0:0"), "site.yaml was read");
}

#[test]
fn source_folders_may_link_inside_the_site() {
    let site = small_site("symlinked-inside");
    let root = &site.root;
    fs::rename(root.join("content"), root.join("sources")).unwrap();
    symlink("sources", root.join("content")).unwrap();
    let run = run_within(root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("public/nl/gids/stap/index.html").is_file());
}

#[test]
fn pipes_and_devices_are_left_out_instead_of_read_forever() {
    let site = small_site("fifo");
    let root = &site.root;
    for name in ["content/nl/gids/02-pijp.md", "content/nl/gids/pijp.png"] {
        let status = Command::new("mkfifo")
            .arg(root.join(name))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let run = run_within(root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("this is not a regular file, so it is left out")
            .count(),
        2,
        "{}",
        run.stderr
    );
}

#[test]
fn names_with_spaces_unicode_and_odd_characters_build_or_are_named() {
    // Spaces, both Unicode forms of one accented letter in different files, and characters
    // that Windows does not allow: all build.
    let site = small_site("names")
        .file("content/nl/gids/02 met spatie.md", page("Spatie", ""))
        .file("content/nl/gids/03-café.md", page("NFC", ""))
        .file("content/nl/gids/04-cafe\u{301}s.md", page("NFD", ""))
        .file(
            "content/nl/gids/05-a:b*c?d\"e<f>g|h\\i.md",
            page("Windows", ""),
        )
        .file("content/nl/gids/CON.md", page("Con", ""))
        .file("content/nl/gids/plaatje met spatie.png", "png");
    let run = run_within(&site.root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for dir in ["met-spatie", "café", "cafés", "a-b-c-d-e-f-g-h-i", "con"] {
        assert!(
            site.root
                .join(format!("public/nl/gids/{dir}/index.html"))
                .is_file(),
            "{dir}"
        );
    }
    assert!(site
        .root
        .join("public/nl/gids/plaatje met spatie.png")
        .is_file());
}

#[test]
fn names_that_differ_only_in_unicode_form_are_an_error_not_a_lost_page() {
    let site = small_site("nfc-nfd")
        .file("content/nl/gids/02-café.md", page("NFC", ""))
        .file("content/nl/gids/02-cafe\u{301}.md", page("NFD", ""));
    let run = run_within(&site.root, &["build"], MINUTE);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("in another Unicode form"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_that_are_not_utf8_are_named() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let site = small_site("latin1");
    let gids = site.root.join("content/nl/gids");
    fs::write(gids.join(OsStr::from_bytes(b"caf\xe9.png")), "png").unwrap();
    fs::write(gids.join(OsStr::from_bytes(b"caf\xe8.png")), "png").unwrap();
    let run = run_within(&site.root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "an image is only left out:\n{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("not valid UTF-8 text, so the file is left out")
            .count(),
        2
    );
    fs::write(
        gids.join(OsStr::from_bytes(b"02-caf\xe9.md")),
        page("Latin-1", ""),
    )
    .unwrap();
    let run = run_within(&site.root, &["build"], MINUTE);
    assert_eq!(run.code, 1, "a page would be lost:\n{}", run.stderr);
    assert!(run.stderr.contains("cannot become a URL"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------
// Hostile content

#[path = "../../fuzz/src/lib.rs"]
mod fuzz;

/// Checks every HTML page of an output with the fuzzers' oracle: no `<script>` but the
/// theme's, no event handler, no URL with an unsafe scheme, no frames or objects.
#[track_caller]
fn assert_no_script_in(public: &Path) -> Vec<String> {
    let pages: Vec<String> = files(public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    for page in &pages {
        let html = fs::read_to_string(public.join(page)).unwrap();
        let checked = std::panic::catch_unwind(|| {
            fuzz::targets::assert_no_script(&html, &["leidraad.js"]);
        });
        assert!(checked.is_ok(), "{page} lets a script through (see above)");
    }
    pages
}

#[test]
fn hostile_content_reaches_no_reader_as_script() {
    let site = Site::fixture("hostile/xss");
    let run = run_within(&site.root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every unsafe link and image is named: 15 in Markdown, 12 in raw HTML.
    run.assert_says("warning[unsafe-link]", 27);
    let public = site.root.join("public");
    let pages = assert_no_script_in(&public);
    // Page by page: every page of the corpus was built and checked.
    for page in [
        "index.html",
        "404.html",
        "nl/index.html",
        "nl/javascript:alert('slug')/index.html",
        "nl/gids/index.html",
        "nl/gids/stap/index.html",
        "nl/gids/kop/index.html",
        "nl/gids/checklijst/index.html",
        "nl/checklijsten/index.html",
        "en/index.html",
        "en/gids/'onmouseover=alert('en-slug')/index.html",
        "en/gids/checklist/index.html",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page} was not built");
    }
    // Harmless markup survives.
    let home = site.read("public/nl/index.html");
    for kept in [
        "<strong>Vet</strong>",
        "<em>schuin</em>",
        "<kbd>Ctrl</kbd>",
        "<code>&lt;script&gt;alert('code')&lt;/script&gt;</code>",
        "<details><summary>Meer</summary>Harmless details survive.</details>",
        "&lt;script&gt;alert('escaped text stays text')&lt;/script&gt;",
        "raw javascript link</a>",
        "<img src=\"x.png\">",
    ] {
        assert!(home.contains(kept), "{kept} was lost");
    }
    // Issue 16: the SVG image is published without its scripts, handlers and references out.
    let svg = site.read("public/nl/evil.svg");
    for gone in [
        "script",
        "onload",
        "onmouseover",
        "javascript",
        "foreignObject",
        "<set",
        "tracker",
    ] {
        assert!(!svg.contains(gone), "{gone} is left in evil.svg:\n{svg}");
    }
    assert!(svg.contains("<text x=\"10\" y=\"25\">Klik</text>"), "{svg}");
    let section = site.read("public/nl/gids/stap/index.html");
    for kept in [
        "id=\"bel-box\"",
        "<label for=\"schrijf-box\">",
        "<kbd>Esc</kbd>",
        "data-item=\"genest\"",
        "<strong>lees</strong>",
    ] {
        assert!(section.contains(kept), "{kept} was lost");
    }
    let kop = site.read("public/nl/gids/kop/index.html");
    assert!(
        kop.contains("<h2 id=\"kop\" class=\"klasse\">"),
        "the heading keeps its id and class:\n{kop}"
    );
    // Front matter is text, wherever it is shown.
    assert!(home.contains("&lt;script&gt;alert(&#39;home-title&#39;)&lt;/script&gt;Start"));
    // A slug that reads as a scheme is linked as a path.
    let en = site.read("public/en/index.html");
    assert!(
        en.contains("href=\"./javascript:alert(&#39;slug&#39;)/\""),
        "{en}"
    );

    // The same with links that name their file, where `javascript:…/index.html` would run.
    let run = run_within(
        &site.root,
        &["build", "--portable", "--output", "portable"],
        MINUTE,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_no_script_in(&site.root.join("portable"));
}

#[test]
fn active_files_in_content_are_refused_unless_the_content_is_trusted() {
    let mut site = Site::empty("active").file(
        "content/nl/_index.md",
        "---\ntitle: Start\n---\nZie [de pagina](page.html).\n",
    );
    let names = [
        "page.html",
        "page.htm",
        "a.xhtml",
        "feed2.xml",
        "app.js",
        "mod.mjs",
        "pic.svgz",
    ];
    for name in names {
        site = site.file(&format!("content/nl/{name}"), "<script>alert(1)</script>");
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_says("error[active-file]", names.len());
    for name in names {
        assert!(
            run.stderr.contains(&format!("--> content/nl/{name}")),
            "{name}:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("`raw_html: allow`"));
    let site = site.file("site.yaml", "raw_html: allow\n");
    site.build_ok(&[]);
    assert_eq!(
        site.read("public/nl/page.html"),
        "<script>alert(1)</script>"
    );
}

#[test]
fn raw_html_allow_passes_scripts_on_purpose() {
    let site = Site::fixture("hostile/xss");
    let yaml = fs::read_to_string(site.root.join("site.yaml")).unwrap() + "raw_html: allow\n";
    let site = site.file("site.yaml", yaml);
    let run = run_within(&site.root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = site.read("public/nl/index.html");
    assert!(home.contains("<script>alert('script')</script>"));
    // A trusted site's SVG images are published as they are.
    assert!(site
        .read("public/nl/evil.svg")
        .contains("alert('svg-script')"));
    let kop = site.read("public/nl/gids/kop/index.html");
    assert!(
        kop.contains("onclick=\"alert(&#39;heading-attr-only&#39;)\""),
        "{kop}"
    );
}

#[test]
fn hostile_ids_and_slugs_are_refused_with_a_message() {
    for (body, message) in [
        (
            "---\ntitle: A\nslug: \"\\\"><script>alert(1)</script>\"\n---\n",
            "the slug",
        ),
        (
            "---\ntitle: A\n---\n- [ ] Punt {#\"onmouseover=alert(1)}\n",
            "the id",
        ),
        (
            "---\ntitle: A\n---\n- [ ] Punt {#a onclick=alert(1)}\n",
            "the id",
        ),
    ] {
        let site = small_site("hostile-ids").file("content/nl/gids/02-x.md", body);
        let run = run_within(&site.root, &["build"], MINUTE);
        assert_eq!(run.code, 1, "{body}:\n{}", run.stderr);
        assert!(run.stderr.contains(message), "{body}:\n{}", run.stderr);
        assert!(!site.root.join("public").exists());
    }
}

#[test]
fn the_oracle_finds_scripts() {
    use fuzz::targets::assert_no_script;
    for bad in [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=' JAVASCRIPT:alert(1)'>x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<iframe src=x></iframe>",
        "<div style=\"background:url(x)\">",
        "<a href=\"data:text/html,x\">x</a>",
    ] {
        let found = std::panic::catch_unwind(|| assert_no_script(bad, &[]));
        assert!(found.is_err(), "the oracle missed {bad}");
    }
    assert_no_script(
        "<a href=\"./javascript:alert(1)/\">x</a><p title=\"onclick\">on<b>x</b></p><!-- <script> -->",
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// Fuzzing

/// Runs a fuzz target on one input; a failure names the input's file.
fn run_target(name: &str, target: fn(&[u8]), input: &[u8]) {
    if std::panic::catch_unwind(|| target(input)).is_err() {
        let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("fuzz-{name}-failure-{}", std::process::id()));
        fs::write(&file, input).unwrap();
        panic!(
            "the fuzz target `{name}` failed (see above) on the input saved in {}; \
             keep it in fuzz/regressions/{name}/ once fixed",
            file.display()
        );
    }
}

/// Every fuzz target over its seeds (the fixtures) and its kept crash inputs
/// (`fuzz/regressions/`), then over random mutations of them for `LEIDRAAD_FUZZ_SECONDS`
/// (default 0.5) per target. `fuzz/smoke.sh` runs this longer in CI; `cargo fuzz` runs the same
/// targets with coverage guidance (see `fuzz/README.md`).
#[test]
fn fuzz_smoke() {
    let seconds: f64 = std::env::var("LEIDRAAD_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.5);
    for (name, target) in fuzz::targets::TARGETS {
        let seeds = fuzz::seeds(&repo(), name);
        assert!(seeds.len() > 5, "{name} has too few seeds");
        for input in &seeds {
            run_target(name, *target, input);
        }
        let mut rng = fuzz::Rng::new(0x1ead_5eed);
        let started = Instant::now();
        let mut runs = 0;
        while started.elapsed().as_secs_f64() < seconds {
            let base = &seeds[rng.below(seeds.len())];
            let input = fuzz::mutate(&mut rng, base, &seeds);
            run_target(name, *target, &input);
            runs += 1;
        }
        eprintln!(
            "fuzz {name}: {} seeds and crash inputs, then {runs} random runs",
            seeds.len()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Output safety

/// Every file below `dir` with its bytes, to see that nothing changed.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn unsafe_output_folders_are_refused_and_nothing_is_deleted() {
    let site = small_site("unsafe-output").file("notes.txt", "the publisher's notes");
    let root = &site.root;
    // A stand-in for $HOME: a folder of someone's files, beside the site.
    let home = root.with_extension("home");
    fs::create_dir_all(home.join(".config")).unwrap();
    fs::write(home.join("letter.txt"), "dear").unwrap();
    fs::write(home.join(".config/app.toml"), "x = 1").unwrap();
    let parent = root.parent().unwrap().to_path_buf();
    for (name, target) in [
        ("to-root", PathBuf::from("/")),
        ("to-home", home.clone()),
        ("to-site", root.clone()),
        ("to-parent", parent.clone()),
        ("to-content", root.join("content")),
    ] {
        symlink(target, root.with_extension(name)).unwrap();
    }
    let home_before = snapshot(&home);
    let site_before = snapshot(root);
    let outputs: Vec<PathBuf> = vec![
        "/".into(),
        home.clone(),
        root.clone(),
        ".".into(),
        parent.clone(),
        "..".into(),
        root.join("content"),
        root.join("content/nl"),
        root.join("templates"),
        root.with_extension("to-root"),
        root.with_extension("to-home"),
        root.with_extension("to-site"),
        root.with_extension("to-parent"),
        root.with_extension("to-content"),
        root.join("notes.txt"),
    ];
    for output in &outputs {
        let output = output.to_str().unwrap();
        let run = run_within(root, &["build", "--output", output], MINUTE);
        assert_eq!(
            run.code, 1,
            "--output {output} was accepted:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("unsafe-output"),
            "--output {output}:\n{}",
            run.stderr
        );
    }
    assert!(snapshot(&home) == home_before, "the home folder changed");
    assert!(snapshot(root) == site_before, "the site changed");
    let leftovers: Vec<String> = fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".staging-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn an_output_reached_through_a_symlink_is_replaced_in_place() {
    let site = small_site("symlinked-output");
    let root = &site.root;
    let real = root.with_extension("real-output");
    let run = run_within(root, &["build", "--output", real.to_str().unwrap()], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    symlink(&real, root.join("public")).unwrap();
    let run = run_within(root, &["build"], MINUTE);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(fs::symlink_metadata(root.join("public"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(real.join("nl/gids/stap/index.html").is_file());
}

#[test]
fn builds_at_the_same_time_never_leave_a_mixed_site() {
    let site = Site::example();
    let root = site.root.clone();
    site.build_ok(&["--output", "reference"]);
    let reference = snapshot(&root.join("reference"));
    for round in 0..3 {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let root = root.clone();
                thread::spawn(move || {
                    let run = run_within(&root, &["build"], 3 * MINUTE);
                    (i, run)
                })
            })
            .collect();
        for handle in handles {
            let (i, run) = handle.join().unwrap();
            assert!(
                run.code == 0 || run.stderr.contains("cannot write"),
                "round {round}, build {i}:\n{}",
                run.stderr
            );
        }
        let now = snapshot(&root.join("public"));
        assert!(
            now == reference,
            "round {round}: public/ is not one whole build"
        );
        let leftovers: Vec<String> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Files that cannot be read, vanish, are missing, huge or deeply nested

/// Runs `leidraad ARGS` without the capabilities that let root read every file, so that file
/// permissions count (the tests run as root in CI). `None` when `setpriv` is not there.
fn run_unprivileged(dir: &Path, args: &[&str]) -> Option<Run> {
    let mut all = vec![
        "--inh-caps=-all",
        "--bounding-set=-dac_override,-dac_read_search",
        env!("CARGO_BIN_EXE_leidraad"),
    ];
    all.extend(args);
    let root = rustix_is_root();
    if !root {
        return Some(run_within(dir, args, MINUTE));
    }
    let probe = Command::new("setpriv")
        .args(["--inh-caps=-all", "true"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        return None;
    }
    Some(run_binary("setpriv", dir, &all, MINUTE))
}

fn rustix_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[test]
fn unreadable_files_and_folders_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let site = small_site("unreadable")
        .file("content/nl/gids/02-dicht.md", page("Dicht", ""))
        .file("content/nl/gids/dicht.png", "png")
        .file("content/nl/dicht/03-x.md", page("X", ""));
    let root = &site.root;
    let closed = fs::Permissions::from_mode(0o000);
    fs::set_permissions(root.join("content/nl/gids/02-dicht.md"), closed.clone()).unwrap();
    fs::set_permissions(root.join("content/nl/dicht"), closed.clone()).unwrap();
    let Some(run) = run_unprivileged(root, &["build"]) else {
        eprintln!("skipped: setpriv is not installed");
        return;
    };
    fs::set_permissions(
        root.join("content/nl/dicht"),
        fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read this file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/nl/gids/02-dicht.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/nl/dicht"),
        "{}",
        run.stderr
    );

    // An image that cannot be read is named as one, not as an output that cannot be written.
    fs::remove_file(root.join("content/nl/gids/02-dicht.md")).unwrap();
    fs::remove_dir_all(root.join("content/nl/dicht")).unwrap();
    fs::set_permissions(root.join("content/nl/gids/dicht.png"), closed).unwrap();
    let run = run_unprivileged(root, &["build"]).unwrap();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cannot read `./content/nl/gids/dicht.png`"),
        "{}",
        run.stderr
    );
}

#[test]
fn files_that_vanish_during_builds_give_a_clean_result() {
    let site = small_site("vanishing");
    let root = site.root.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let root = root.clone();
        let stop = std::sync::Arc::clone(&stop);
        thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let md = root.join(format!("content/nl/gids/{:02}-tijdelijk.md", n % 7 + 2));
                let png = root.join(format!("content/nl/gids/tijdelijk-{}.png", n % 5));
                let dir = root.join(format!("content/nl/map-{}", n % 3));
                let _ = fs::write(&md, page("Tijdelijk", "- [ ] Punt\n"));
                let _ = fs::write(&png, vec![0u8; 64 * 1024]);
                let _ = fs::create_dir_all(&dir);
                let _ = fs::write(dir.join("_index.md"), page("Map", ""));
                thread::sleep(Duration::from_micros(300));
                let _ = fs::remove_file(&md);
                let _ = fs::remove_file(&png);
                let _ = fs::remove_dir_all(&dir);
                n += 1;
            }
        })
    };
    let mut codes = Vec::new();
    for _ in 0..15 {
        let run = run_within(&root, &["build"], MINUTE);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        if run.code == 1 {
            assert!(run.stderr.contains("error"), "{}", run.stderr);
        }
        codes.push(run.code);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    eprintln!("exit codes while files came and went: {codes:?}");
}

#[test]
fn an_empty_or_missing_content_folder_is_explained() {
    let site = Site::empty("no-content");
    let run = run_within(&site.root, &["build"], MINUTE);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("there is no `content` folder"),
        "{}",
        run.stderr
    );
    fs::create_dir_all(site.root.join("content")).unwrap();
    let run = run_within(&site.root, &["build"], MINUTE);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert!(!run.stderr.is_empty(), "an empty site says something");
    fs::create_dir_all(site.root.join("content/nl")).unwrap();
    let run = run_within(&site.root, &["build"], MINUTE);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
}

/// A site whose one page has `body` under a short front matter.
fn one_page(name: &str, body: &str) -> Site {
    Site::empty(name).file("content/nl/over.md", page("Over", body))
}

#[test]
fn a_20_mb_page_and_a_1_mb_line_build_in_reasonable_time() {
    let paragraph = "Lorem ipsum **vet** [link](https://example.org) `code`.\n\n\
                     ## Kop\n\n- [ ] Punt met [een link](#kop)\n\n> Citaat\n\n";
    let big = paragraph.repeat(20 * 1024 * 1024 / paragraph.len() + 1);
    let site = one_page("big-file", &big);
    let run = run_within(&site.root, &["build"], 4 * MINUTE);
    assert_eq!(run.code, 0, "{}", tail(&run.stderr));
    assert!(site.root.join("public/nl/over/index.html").is_file());

    let line = "lorem *ipsum* dolor [x](https://example.org) ".repeat(1024 * 1024 / 45 + 1);
    let site = one_page("long-line", &format!("{line}\n"));
    let run = run_within(&site.root, &["build"], 2 * MINUTE);
    assert_eq!(run.code, 0, "{}", tail(&run.stderr));
    // A mistake on that line is shown as a piece of the line, not all of it.
    let site = one_page("long-line-error", &format!("{line}[kapot](nergens.md)\n"));
    let run = run_within(&site.root, &["build"], 2 * MINUTE);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nergens.md"), "{}", tail(&run.stderr));
    assert!(
        run.stderr.len() < 10_000,
        "the diagnostic printed {} bytes",
        run.stderr.len()
    );
}

#[test]
fn deep_nesting_is_an_error_found_at_once() {
    // 10,000 levels, and 100,000 of the kinds that once took most of a minute (raw HTML,
    // which the sanitiser parses): each is reported as too deep, without overflowing the stack.
    let n = 10_000;
    for (name, body, must_fail) in [
        ("lists", format!("{}x\n", "- ".repeat(n)), true),
        ("quotes", format!("{}x\n", "> ".repeat(n)), true),
        ("ordered", format!("{}x\n", "1. ".repeat(n)), true),
        (
            "quoted-lists",
            format!("{}[ ] x {{#x}}\n", "> - ".repeat(n)),
            true,
        ),
        (
            "lists-html",
            format!("{}x <b>y</b>\n", "- ".repeat(10 * n)),
            true,
        ),
        (
            "quotes-html",
            format!("{}x <b>y</b>\n", "> ".repeat(10 * n)),
            true,
        ),
        ("divs", format!("{}\n\nx\n", "<div>".repeat(10 * n)), true),
        (
            "indented-lists",
            (0..n)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect::<String>(),
            true,
        ),
        // pulldown-cmark caps these itself: they may build.
        (
            "emphasis",
            format!("{}x{}\n", "*".repeat(5 * n), "*".repeat(5 * n)),
            false,
        ),
        (
            "links",
            format!("{}x{}\n", "[".repeat(2 * n), "](#)".repeat(2 * n)),
            false,
        ),
    ] {
        let site = one_page(&format!("nesting-{name}"), &body);
        let run = run_within(&site.root, &["build"], 2 * MINUTE);
        let reported = run.code == 1 && run.stderr.contains("error[too-deep]");
        if must_fail {
            assert!(
                reported,
                "{name}: exit code {}:\n{}",
                run.code,
                tail(&run.stderr)
            );
            assert!(!site.root.join("public").exists(), "{name}");
        } else {
            assert!(
                reported || run.code == 0,
                "{name}: exit code {}:\n{}",
                run.code,
                tail(&run.stderr)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// `leidraad serve` under load and attack (more in serve.rs)

#[test]
fn serve_answers_hundreds_of_concurrent_requests() {
    let site = small_site("serve-load").file("content/nl/gids/schema.png", vec![7u8; 200_000]);
    let mut server = Serve::start(&site, &[]);
    let port = server.port;
    let threads: Vec<_> = (0..400)
        .map(|i| {
            thread::spawn(move || {
                use std::io::Write;
                let target = [
                    "/nl/over/",
                    "/style.css",
                    "/nl/gids/stap/",
                    "/nl/gids/schema.png",
                ][i % 4];
                // A connection the system refuses or resets (its queue is full) is a refusal too.
                let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
                    return (target, String::new());
                };
                stream
                    .set_read_timeout(Some(Duration::from_secs(30)))
                    .unwrap();
                let _ = write!(
                    stream,
                    "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                );
                let mut out = Vec::new();
                let _ = stream.read_to_end(&mut out);
                let text = String::from_utf8_lossy(&out[..out.len().min(20)]).into_owned();
                (target, text)
            })
        })
        .collect();
    let mut ok = 0;
    for thread in threads {
        let (target, head) = thread.join().unwrap();
        // Beyond its connection limit the server may refuse (503, or a reset under a heavily
        // loaded machine), but it never answers with anything else.
        assert!(
            head.is_empty() || head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.1 503"),
            "{target}: {head:?}"
        );
        ok += usize::from(head.starts_with("HTTP/1.1 200"));
    }
    assert!(ok >= 200, "only {ok} of 400 requests were served");
    assert!(server.alive());
    assert_eq!(server.get("/nl/over/").status, 200);
}

#[test]
fn serve_outlasts_more_slow_clients_than_it_has_connections() {
    use std::io::Write;
    let site = small_site("serve-slow");
    let mut server = Serve::start(&site, &[]);
    // 300 clients that send half a request and then nothing: more than the connection limit.
    let slow: Vec<_> = (0..300)
        .filter_map(|_| {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).ok()?;
            stream.write_all(b"GET /nl/over/ HTTP/1.1\r\nHo").ok()?;
            Some(stream)
        })
        .collect();
    // A request now is answered or refused at once, never left hanging.
    let started = Instant::now();
    let Reply { status, .. } = server.get("/nl/over/");
    assert!(status == 200 || status == 503, "{status}");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(slow);
    // Once they are gone, everything is served again.
    let deadline = Instant::now() + Duration::from_secs(15);
    while server.get("/nl/over/").status != 200 {
        assert!(Instant::now() < deadline, "the server did not recover");
        thread::sleep(Duration::from_millis(100));
    }
    assert!(server.alive());
}

#[test]
fn serve_gives_whole_pages_during_rebuilds() {
    let site = small_site("serve-rebuild");
    let root = site.root.clone();
    let server = Serve::start(&site, &[]);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let stop = std::sync::Arc::clone(&stop);
        thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let body = format!("Versie {n}.\n\n- [ ] Bel {{#bel}}\n");
                fs::write(root.join("content/nl/gids/01-stap.md"), page("Stap", &body)).unwrap();
                // Now and then a broken version, which must not replace the good one.
                let over = if n % 5 == 0 {
                    "[kapot](nergens.md)\n"
                } else {
                    "Tekst.\n"
                };
                fs::write(root.join("content/nl/over.md"), page("Over", over)).unwrap();
                thread::sleep(Duration::from_millis(30));
            }
        })
    };
    let started = Instant::now();
    let mut versions = std::collections::BTreeSet::new();
    let mut requests = 0;
    while started.elapsed() < Duration::from_secs(4) {
        for target in ["/nl/gids/stap/", "/nl/over/", "/nl/"] {
            let Reply { status, body, .. } = server.get(target);
            let html = String::from_utf8_lossy(&body);
            assert_eq!(status, 200, "{target} during a rebuild:\n{html}");
            assert!(
                html.trim_end().ends_with("</html>"),
                "{target} is cut short"
            );
            if let Some(at) = html.find("Versie ") {
                versions.insert(html[at..].split('.').next().unwrap().to_owned());
            }
            requests += 1;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    editor.join().unwrap();
    eprintln!("{requests} requests saw {} versions", versions.len());
    assert!(versions.len() > 1, "no rebuild was seen");
}

#[test]
fn serve_never_serves_a_file_outside_its_output() {
    let site = small_site("serve-traversal").file("secret.txt", "TOP SECRET");
    let server = Serve::start(&site, &[]);
    let long = format!("/{}", "../".repeat(3000));
    for target in [
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/%2E%2e/secret.txt",
        "/..%252f..%252fsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/%uff0e%uff0e/secret.txt",
        "/\u{ff0e}\u{ff0e}/secret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/....//....//secret.txt",
        "/.%2e/secret.txt",
        "/nl/..;/..;/secret.txt",
        "/secret.txt%00.html",
        "/nl/%00/../../secret.txt",
        "http://127.0.0.1/../secret.txt",
        "//127.0.0.1/../secret.txt",
        "/content/nl/over.md",
        "/./content/nl/over.md",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "file:///etc/passwd",
        "*",
        long.as_str(),
    ] {
        let Reply { status, body, .. } = parse_reply(
            &server.raw(
                format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            ),
        );
        assert!(
            (400..500).contains(&status),
            "{target} was answered with {status}"
        );
        let text = String::from_utf8_lossy(&body);
        for leak in ["TOP SECRET", "root:x:0:0", "title: Over"] {
            assert!(!text.contains(leak), "{target} leaked {leak}");
        }
    }
    assert_eq!(server.get("/nl/over/").status, 200);
}

/// The number of the latest build `serve` finished, from `/__leidraad/status`.
fn build_number(server: &Serve) -> u64 {
    let Reply { body, .. } = server.get("/__leidraad/status");
    let status: serde_json::Value = serde_json::from_slice(&body).unwrap();
    status["build"].as_u64().unwrap()
}

#[track_caller]
fn wait_for_build_after(server: &Serve, build: u64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while build_number(server) <= build {
        assert!(Instant::now() < deadline, "no build after build {build}");
        thread::sleep(Duration::from_millis(50));
    }
}

// Since serve re-renders a single edited page on its own, an edit that turns a page into a
// symbolic link or a pipe must not be read by that quick path either.
#[test]
fn serve_reads_no_page_that_became_a_link_or_a_pipe() {
    let site = small_site("serve-swap");
    let out = outside(&site);
    fs::write(out.join("over.md"), page("Over", "SECRET-OUTSIDE-SWAP\n")).unwrap();
    let root = site.root.clone();
    let server = Serve::start(&site, &[]);
    assert_eq!(server.get("/nl/over/").status, 200);

    let before = build_number(&server);
    let over = root.join("content/nl/over.md");
    // Made outside the sources and moved in, so that the watcher reports this one file.
    let swapped = root.join("swap");
    symlink(out.join("over.md"), &swapped).unwrap();
    fs::rename(&swapped, &over).unwrap();
    wait_for_build_after(&server, before);
    thread::sleep(Duration::from_millis(300));
    let Reply { body, .. } = server.get("/nl/over/");
    assert!(
        !String::from_utf8_lossy(&body).contains("SECRET-OUTSIDE-SWAP"),
        "serve showed a file outside the site"
    );

    // A page that becomes a named pipe: serve keeps building and answering.
    fs::remove_file(&over).unwrap();
    fs::write(&over, page("Over", "Terug.\n")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !String::from_utf8_lossy(&server.get("/nl/over/").body).contains("Terug.") {
        assert!(Instant::now() < deadline, "the page did not come back");
        thread::sleep(Duration::from_millis(50));
    }
    let before = build_number(&server);
    let status = Command::new("mkfifo").arg(&swapped).status().unwrap();
    assert!(status.success());
    fs::rename(&swapped, &over).unwrap();
    wait_for_build_after(&server, before);
    fs::write(
        root.join("content/nl/gids/01-stap.md"),
        page("Stap", "Daarna.\n"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !String::from_utf8_lossy(&server.get("/nl/gids/stap/").body).contains("Daarna.") {
        assert!(
            Instant::now() < deadline,
            "serve stopped building after a pipe"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_shows_hostile_diagnostics_as_text() {
    let site = small_site("serve-overlay").file(
        "content/nl/over.md",
        page(
            "Over",
            "[x](\"><img/src=x/onerror=alert(1)>.md) [y](gids/<svg/onload=alert(2)>.md)\n",
        ),
    );
    let server = Serve::start(&site, &[]);
    // (`/__leidraad/status` has them too, as JSON, which no browser shows as a page.)
    for target in ["/nl/over/", "/", "/nl/gids/stap/"] {
        let Reply { body, .. } = server.get(target);
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.contains("alert(1)"),
            "{target} does not show the error:\n{text}"
        );
        assert!(
            !text.contains("<img/src") && !text.contains("<svg/onload"),
            "{target} shows the payload as markup:\n{text}"
        );
    }
}

// An image replaced by a symbolic link is read by no request, not even in the moment before
// the rebuild that the change starts.
#[test]
fn serve_serves_no_copied_file_that_became_a_link() {
    let site = small_site("serve-asset-swap").file("content/nl/gids/schema.png", "PNG-IMAGE");
    let out = outside(&site);
    let root = site.root.clone();
    let server = Serve::start(&site, &[]);
    assert_eq!(server.get("/nl/gids/schema.png").body, b"PNG-IMAGE");
    let swapped = root.join("swap");
    symlink(out.join("secret.txt"), &swapped).unwrap();
    fs::rename(&swapped, root.join("content/nl/gids/schema.png")).unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        let Reply { body, .. } = server.get("/nl/gids/schema.png");
        assert!(
            !String::from_utf8_lossy(&body).contains("SECRET-OUTSIDE"),
            "serve read a file outside the site through a link"
        );
    }
}
