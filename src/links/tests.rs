use super::resolver::{as_browser_reads, relative_file, scheme};
use super::*;

#[track_caller]
fn check(from: &str, to: &str, expected: &str) {
    assert_eq!(relative_url(from, to, UrlStyle::default()), expected);
}

#[test]
fn relative_urls() {
    check(
        "nl/waarden/ken-jezelf/",
        "nl/waarden/luister/",
        "../luister/",
    );
    check("nl/waarden/ken-jezelf/", "nl/waarden/", "../");
    check("nl/waarden/", "nl/waarden/ken-jezelf/", "ken-jezelf/");
    check("nl/", "en/", "../en/");
    check("", "nl/", "nl/");
    check("nl/", "", "../");
    check("nl/", "nl/", "./");
    check(
        "nl/waarden/ken-jezelf/",
        "nl/waarden/schema.png",
        "../schema.png",
    );
    check("nl/waarden/ken-jezelf/", "style.css", "../../../style.css");
    check("nl/", "nl/my file.png", "my%20file.png");
}

// Issue 9: a slug or file name with a colon must not turn a link into a script.
#[test]
fn a_first_segment_with_a_colon_stays_a_path() {
    check("nl/", "nl/javascript:alert(1)/", "./javascript:alert(1)/");
    check("", "nl/a:b.png", "nl/a:b.png");
    check("nl/", "nl/a:b.png", "./a:b.png");
    check("nl/x/", "nl/a:b/", "../a:b/");
    let portable = UrlStyle { portable: true };
    assert_eq!(
        relative_url("nl/", "nl/javascript:alert(1)/", portable),
        "./javascript:alert(1)/index.html"
    );
}

#[test]
fn portable_urls_name_the_file() {
    let portable = UrlStyle { portable: true };
    assert_eq!(relative_url("nl/a/", "nl/b/", portable), "../b/index.html");
    assert_eq!(relative_url("nl/", "nl/", portable), "index.html");
    assert_eq!(relative_url("nl/", "nl/x.png", portable), "x.png");
}

#[test]
fn schemes() {
    assert_eq!(scheme("https://x.org"), Some("https"));
    assert_eq!(scheme("JavaScript:alert(1)"), Some("JavaScript"));
    assert_eq!(scheme("03-luister.md"), None);
    assert_eq!(scheme("a.md#x:y"), None);
    // Issue 9: what a browser ignores does not hide a scheme.
    assert_eq!(
        scheme(&as_browser_reads("\u{1} java\tscr\nipt:alert(1)")),
        Some("javascript")
    );
    assert_eq!(percent_decode("my%20file.png"), "my file.png");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%é"), "%é");
}

#[test]
fn paths_between_markdown_files() {
    for (from, to, expected) in [
        ("en/guide/start.md", "en/guide/02-next.md", "02-next.md"),
        ("en/guide/start.md", "en/legal.md", "../legal.md"),
        (
            "en/guide/start.md",
            "en/other/_index.md",
            "../other/_index.md",
        ),
        ("en/legal.md", "en/guide/start.md", "guide/start.md"),
        (
            "de/version/a.md",
            "nl/version/b.md",
            "../../nl/version/b.md",
        ),
        ("en/guide/start.md", "en/guide/start.md", "start.md"),
    ] {
        assert_eq!(relative_file(from, to), expected, "{from} to {to}");
    }
}
