use super::*;

fn parse_str(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    parse(&SourceText::new("site.yaml".into(), text))
}

#[test]
fn every_key_is_optional() {
    let config = parse_str("").unwrap();
    assert_eq!(config.output_dir, PathBuf::from("public"));
    assert_eq!(config.title_in("nl"), "Guidance");
}

#[test]
fn languages_keep_their_order() {
    let config = parse_str(
        "title: { nl: Leidraad, en: Guidance }\nbase_url: https://example.org/g\n\
         languages:\n  nl: { name: Nederlands }\n  en: { name: English }\n  ar: { direction: rtl }\n",
    )
    .unwrap();
    let tags: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
    assert_eq!(tags, ["nl", "en", "ar"]);
    assert_eq!(config.languages[2].direction, Some(Direction::Rtl));
    assert_eq!(config.base_url.as_deref(), Some("https://example.org/g/"));
    assert_eq!(config.title_in("en"), "Guidance");
}

#[test]
fn an_unknown_key_names_the_nearest() {
    let errors = parse_str("title: x\nbase_ur: https://x.org/\n").unwrap_err();
    assert_eq!(errors[0].message, "unknown key `base_ur`");
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `base_url`?"));
    assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
}

#[test]
fn a_bad_language_tag_is_reported_where_it_is_written() {
    for (yaml, line, column) in [
        (
            "title: { nl_NL: x }\nlanguages:\n  nl: {}\n  nl_NL: {}\n",
            4,
            3,
        ),
        ("languages: { nl: {}, nl_NL: {} }\n", 1, 22),
        ("languages:\n  nl: {}\n  \"nl NL\": {}\n", 3, 4),
    ] {
        let errors = parse_str(yaml).unwrap_err();
        let at = errors[0].location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (line, column), "{yaml}");
    }
}

#[test]
fn a_title_of_the_wrong_type_says_what_is_expected() {
    let errors = parse_str("title: [1, 2]\n").unwrap_err();
    assert_eq!(
        errors[0].message,
        "wrong value for `title`: found sequence, expected text, or text per language such as `{ nl: Leidraad, en: Guidance }`"
    );
    assert_eq!(parse_str("title: { nl: A }\n").unwrap().title_in("nl"), "A");
}

#[test]
fn language_tags() {
    for ok in ["nl", "en", "pt-BR", "zh-Hant-TW", "ast"] {
        assert!(is_language_tag(ok), "{ok}");
    }
    for bad in ["", "n", "nl_NL", "english", "nl-", "../x"] {
        assert!(!is_language_tag(bad), "{bad}");
    }
}

#[test]
fn offline_reading_is_on_unless_switched_off() {
    assert!(parse_str("").unwrap().offline);
    assert!(parse_str("title: x\n").unwrap().offline);
    assert!(!parse_str("offline: false\n").unwrap().offline);
    let errors = parse_str("offline: sometimes\n").unwrap_err();
    assert!(
        errors[0].message.starts_with("wrong value for `offline`"),
        "{}",
        errors[0].message
    );
    let errors = parse_str("ofline: false\n").unwrap_err();
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `offline`?"));
}
