use super::*;

fn front(text: &str) -> (Result<FrontMatter, Diagnostic>, Vec<Diagnostic>) {
    let src = SourceText::new("a.md".into(), text);
    match split(&src) {
        Ok(s) => parse(&src, &s),
        Err(d) => (Err(d), Vec::new()),
    }
}

#[track_caller]
fn check_error(text: &str, line: usize, column: usize, message: &str) {
    let err = front(text).0.expect_err("expected an error");
    let loc = err.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (line, column), "{}", err.message);
    assert!(
        err.message.contains(message),
        "{:?} lacks {message:?}",
        err.message
    );
}

#[test]
fn splits_and_parses() {
    let (fm, warnings) =
        front("---\ntitle: Ken jezelf\nweight: 2\nauthors: Jan\nupdated: 2026-11-26\n---\nBody\n");
    let fm = fm.unwrap();
    assert_eq!(fm.title, "Ken jezelf");
    assert_eq!(fm.weight, Some(2));
    assert_eq!(fm.authors, ["Jan"]);
    assert_eq!(fm.updated.unwrap().to_string(), "2026-11-26");
    assert!(warnings.is_empty());
}

#[test]
fn errors_point_into_the_file() {
    check_error("# Title\n", 1, 1, "no front matter");
    check_error("---\ntitle: x\n", 1, 1, "never closed");
    check_error(
        "---\ntitle: x\nweight: first\n---\n",
        3,
        9,
        "wrong value for `weight`",
    );
    check_error(
        "---\ntitle: x\n\nupdated: 2026-13-45\n---\n",
        4,
        10,
        "no month 13",
    );
    // An unclosed list is found a line later; the error points where it opens.
    check_error(
        "---\ntitle: x\nauthors: [a, b\n---\n",
        3,
        10,
        "a list that starts with `[` has no `]`",
    );
    check_error(
        "---\ntitle: \"Ken\nweight: 2\n---\n",
        2,
        8,
        "a text in quotes has no closing quote",
    );
    check_error("---\ndescription: y\n---\n", 1, 1, "no `title`");
    check_error(
        "---\ntitle: x\nauthors:  3 \n---\n",
        3,
        11,
        "`authors`: expected a name or a list of names",
    );
    check_error(
        "---\ntitle: x\nauthors:\n  jan: 1\n---\n",
        3,
        1,
        "`authors`: expected a name or a list of names",
    );
}

fn read_text(text: &str) -> Read {
    read(&SourceText::new("a.md".into(), text), "01-a.md")
}

#[track_caller]
fn check_stand_in(text: &str, unread: &[&str]) -> Read {
    let read = read_text(text);
    let errors = read
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::Severity::Error)
        .count();
    assert_eq!(errors, 1, "{:?}", read.diagnostics);
    assert_eq!(read.stand_in.as_ref().map(|s| &s.unread[..]), Some(unread));
    read
}

#[test]
fn front_matter_with_an_error_keeps_what_it_can() {
    let read = read_text("---\ntitle: Ken jezelf\n---\nTekst\n");
    assert!(read.stand_in.is_none() && read.diagnostics.is_empty());

    // One wrong value: every other key keeps its value.
    let text = "---\ntitle: Ken jezelf\nslug: know\nweight: 2\nupdated: 2026-13-45\ndraft: true\nsource_hash: abc\n---\nTekst\n";
    let read = check_stand_in(text, &["updated"]);
    assert_eq!(&text[read.body..], "Tekst\n");
    assert_eq!(read.front.title, "Ken jezelf");
    assert_eq!(
        read.front.slug.as_ref().map(|(s, _)| s.as_str()),
        Some("know")
    );
    assert_eq!(read.front.weight, Some(2));
    assert!(read.front.updated.is_none() && read.front.draft);
    assert_eq!(read.front.source_hash.as_deref(), Some("abc"));

    let read = check_stand_in("---\ntitle: x\nweight: first\n---\n", &["weight"]);
    assert_eq!(read.front.title, "x");

    // No title: the file name stands in.
    let read = check_stand_in("---\ndescription: y\n---\n", &["title"]);
    assert_eq!(read.front.title, "01-a.md");
    assert_eq!(read.front.description.as_deref(), Some("y"));
    let read = check_stand_in("---\ntitle: [a]\n---\n", &["title"]);
    assert_eq!(read.front.title, "01-a.md");

    // Not YAML, or no front matter at all: nothing is known but the body.
    let read = check_stand_in("---\ntitle: x: y\n---\n## Kop\n", KEYS);
    assert_eq!(read.front.title, "01-a.md");
    assert_eq!(read.body, 20);
    let read = check_stand_in("## Kop\n", KEYS);
    assert_eq!(read.body, 0);
    // Never closed: the body is taken to start after the opening line.
    let read = check_stand_in("---\ntitle: x\n## Kop\n", KEYS);
    assert_eq!(read.body, 4);
}

#[test]
fn unknown_keys_are_warnings_with_a_suggestion() {
    let (fm, warnings) = front("---\ntitle: x\ntittle: y\n---\n");
    assert!(fm.is_ok());
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].help.as_deref(),
        Some("did you mean `title`? A key for your own templates goes under `extra:`")
    );
    assert_eq!(warnings[0].location.as_ref().unwrap().line, 3);
    let (_, warnings) = front("---\ntitle: x\naudience: schools\n---\n");
    let help = warnings[0].help.as_deref().unwrap();
    assert!(help.contains("`page.extra.audience`"), "{help}");
}

#[test]
fn other_generators_keys_are_named_by_what_they_mean() {
    for (key, meant) in [
        ("date", "updated"),
        ("lastmod", "updated"),
        ("last_modified_at", "updated"),
        ("summary", "description"),
        ("nav_order", "weight"),
        ("redirect_from", "aliases"),
    ] {
        let (fm, warnings) = front(&format!("---\ntitle: x\n{key}: y\n---\n"));
        assert!(fm.is_ok());
        let help = warnings[0].help.as_deref().unwrap();
        assert!(
            help.starts_with(&format!("did you mean `{meant}`?")),
            "{key}: {help}"
        );
    }
}

#[test]
fn top_level_keys_skip_nested_and_comments() {
    let keys: Vec<&str> = top_level_keys("title: a\n# c: d\nauthors:\n  - x: y\nurl: http://x\n")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, ["title", "authors", "url"]);
}

#[test]
fn the_outline_is_what_other_pages_show() {
    let base = FrontMatter {
        title: "Listen".into(),
        slug: Some(("listen".into(), 10..16)),
        ..FrontMatter::default()
    };
    let moved = FrontMatter {
        slug: Some(("listen".into(), 30..36)),
        authors: vec!["Jan".into()],
        last_reviewed: Date::parse("2026-01-02").ok(),
        ..base.clone()
    };
    assert!(
        base.same_outline(&moved),
        "authors, review dates and positions show on the page only"
    );
    for other in [
        FrontMatter {
            title: "Hear".into(),
            ..base.clone()
        },
        FrontMatter {
            weight: Some(2),
            ..base.clone()
        },
        FrontMatter {
            slug: Some(("hear".into(), 10..16)),
            ..base.clone()
        },
        FrontMatter {
            draft: true,
            ..base.clone()
        },
        FrontMatter {
            source_hash: Some("abc".into()),
            ..base.clone()
        },
    ] {
        assert!(!base.same_outline(&other), "{other:?}");
    }
}
