use super::*;

#[track_caller]
fn check_nearest(word: &str, expected: Option<&str>) {
    let keys = ["title", "description", "weight", "slug", "updated", "draft"];
    assert_eq!(nearest(word, keys), expected);
}

#[test]
fn suggests_the_nearest_key() {
    check_nearest("tittle", Some("title"));
    check_nearest("Title", Some("title"));
    check_nearest("descripton", Some("description"));
    check_nearest("wieght", Some("weight"));
    check_nearest("colour", None);
}

#[test]
fn renders_a_snippet_with_carets() {
    let mut diags = Diagnostics::new();
    diags.push(
        Diagnostic::error(Code::BrokenLink, "link target `x.md` does not exist")
            .at(Location {
                path: "content/nl/a.md".into(),
                line: 12,
                column: 5,
                len: 3,
                line_text: "Zie [x](x.md)".into(),
            })
            .help("did you mean `y.md`?"),
    );
    let text = diags.render_human(Style::default());
    let expected = "\
error[broken-link]: link target `x.md` does not exist
  --> content/nl/a.md:12:5
   |
12 | Zie [x](x.md)
   |     ^^^
   = help: did you mean `y.md`?

1 error
";
    assert_eq!(text, expected);
}

// Issue 9: a mistake far along a 1 MB line panicked ("Formatting argument out of range")
// and would have printed the whole line twice.
#[test]
fn a_long_line_is_shown_around_the_column() {
    let line = format!("{}[x](x.md){}", "a".repeat(1_000_000), "b".repeat(500));
    let mut diags = Diagnostics::new();
    diags.push(
        Diagnostic::error(Code::BrokenLink, "the link `x.md` does not exist").at(Location {
            path: "content/nl/a.md".into(),
            line: 1,
            column: 1_000_001,
            len: 9,
            line_text: line,
        }),
    );
    let text = diags.render_human(Style::default());
    assert!(text.len() < 500, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let shown = lines[3].strip_prefix("1 | ").unwrap();
    let carets = lines[4].strip_prefix("  | ").unwrap();
    assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
    let at = carets.find('^').unwrap();
    let under: String = shown.chars().skip(at).take(9).collect();
    assert_eq!(under, "[x](x.md)");
    assert_eq!(carets.trim_start(), "^^^^^^^^^");
}

// Issue 9: text from files and file names must not drive the terminal.
#[test]
fn control_characters_are_not_printed() {
    let mut diags = Diagnostics::new();
    diags.push(
        Diagnostic::error(
            Code::BrokenLink,
            "the link `\u{1b}]0;pwned\u{7}` does not exist",
        )
        .at(Location {
            path: "content/nl/\u{1b}[2J\u{202e}a.md".into(),
            line: 1,
            column: 3,
            len: 1,
            line_text: "a\u{202e}b".into(),
        })
        .help("\u{1b}[31mred"),
    );
    let text = diags.render_human(Style::default());
    assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
    assert!(text.contains("`\\u{1b}]0;pwned\\u{7}`"), "{text}");
    assert!(text.contains("1 | a\u{fffd}b\n  |   ^\n"), "{text}");
}

#[test]
fn summary_counts() {
    assert_eq!(summary(2, 1), "2 errors, 1 warning");
    assert_eq!(summary(1, 0), "1 error");
    assert_eq!(summary(0, 3), "3 warnings");
}
