use super::*;
use crate::config::LanguageConfig;
use crate::source::document_from_text;

fn sources(config: SiteConfig, files: &[(&str, &str, &str)]) -> Sources {
    let mut folders: Vec<String> = files.iter().map(|(l, _, _)| (*l).to_owned()).collect();
    folders.sort();
    folders.dedup();
    Sources {
        config,
        language_folders: folders,
        documents: files
            .iter()
            .map(|(lang, rel, text)| {
                document_from_text(lang, rel, text).expect("valid test document")
            })
            .collect(),
        assets: Vec::new(),
    }
}

fn two_languages() -> SiteConfig {
    SiteConfig {
        languages: ["nl", "en"]
            .into_iter()
            .map(|tag| LanguageConfig {
                tag: tag.to_owned(),
                name: None,
                direction: None,
            })
            .collect(),
        ..SiteConfig::default()
    }
}

fn site(config: SiteConfig, files: &[(&str, &str, &str)]) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    let site =
        assemble(sources(config, files), ModelOptions::default(), &mut diags).expect("a site");
    (site, diags)
}

fn urls(site: &Site) -> Vec<(&str, &str)> {
    let mut urls: Vec<(&str, &str)> = site
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.key.as_str()))
        .collect();
    urls.sort();
    urls
}

const GUIDE: &str = "---\ntitle: Gids\n---\n";

#[test]
fn pages_get_urls_in_every_language() {
    let (site, diags) = site(
        two_languages(),
        &[
            ("nl", "waarden/_index.md", GUIDE),
            (
                "nl",
                "waarden/01-ken-jezelf.md",
                "---\ntitle: Ken jezelf\n---\n- [ ] a {#a}\n",
            ),
            ("nl", "over.md", "---\ntitle: Over\n---\n"),
            (
                "en",
                "waarden/_index.md",
                "---\ntitle: Guide\nslug: values\n---\n",
            ),
            (
                "en",
                "waarden/01-ken-jezelf.md",
                "---\ntitle: Know yourself\nslug: know-yourself\n---\n- [ ] a {#a}\n",
            ),
        ],
    );
    assert!(!diags.has_errors(), "{:?}", diags.items());
    assert_eq!(
        urls(&site),
        [
            ("en/", "_index.md"),
            ("en/checklists/", "#checklists"),
            ("en/over/", "over.md"),
            ("en/values/", "waarden/_index.md"),
            ("en/values/checklist/", "waarden/#checklist"),
            ("en/values/know-yourself/", "waarden/01-ken-jezelf.md"),
            ("en/values/print/", "waarden/#print"),
            ("nl/", "_index.md"),
            ("nl/checklijsten/", "#checklists"),
            ("nl/over/", "over.md"),
            ("nl/waarden/", "waarden/_index.md"),
            ("nl/waarden/afdrukken/", "waarden/#print"),
            ("nl/waarden/checklijst/", "waarden/#checklist"),
            ("nl/waarden/ken-jezelf/", "waarden/01-ken-jezelf.md"),
        ]
    );
    let en_over = site.page(LangId::new(1), "over.md").unwrap();
    assert!(
        site.pages[en_over].fallback(),
        "the English about page falls back to Dutch"
    );
    let nl_section = site
        .page(LangId::new(0), "waarden/01-ken-jezelf.md")
        .unwrap();
    let translations: Vec<Option<PageId>> = site.translations(nl_section).map(|(_, p)| p).collect();
    assert_eq!(
        translations,
        [
            Some(nl_section),
            site.page(LangId::new(1), "waarden/01-ken-jezelf.md")
        ]
    );
}

#[test]
fn omit_leaves_out_missing_translations() {
    let mut config = two_languages();
    config.missing_translation = MissingTranslation::Omit;
    let (site, _) = site(
        config,
        &[
            ("nl", "over.md", "---\ntitle: Over\n---\n"),
            ("en", "_index.md", "---\ntitle: Home\n---\n"),
        ],
    );
    assert!(site.page(LangId::new(1), "over.md").is_none());
    assert!(site.page(LangId::new(0), "over.md").is_some());
}

#[test]
fn sections_are_ordered_by_weight_then_name_and_collect_items() {
    let (site, _) = site(
        SiteConfig::default(),
        &[
            ("nl", "g/_index.md", GUIDE),
            ("nl", "g/b.md", "---\ntitle: B\n---\n- [ ] b1\n- [ ] b2\n"),
            ("nl", "g/a.md", "---\ntitle: A\nweight: 5\n---\n- [ ] a1\n"),
            ("nl", "g/c.md", "---\ntitle: C\n---\n"),
        ],
    );
    let guide = &site.guides[0];
    let titles: Vec<&str> = guide
        .sections
        .iter()
        .map(|&p| site.pages[p].title.as_str())
        .collect();
    assert_eq!(titles, ["B", "C", "A"]);
    assert_eq!(guide.items.len(), 3);
    assert!(guide.checklist.is_some());
}

#[test]
fn a_guide_without_checklist_items_has_no_checklist_page() {
    let (site, _) = site(
        SiteConfig::default(),
        &[
            ("nl", "g/_index.md", GUIDE),
            ("nl", "g/a.md", "---\ntitle: A\n---\nTekst.\n"),
        ],
    );
    assert!(site.guides[0].checklist.is_none());
}

#[test]
fn structural_mistakes_are_errors() {
    let (_, diags) = site(
        SiteConfig::default(),
        &[("nl", "g/a.md", "---\ntitle: A\n---\n")],
    );
    assert_eq!(diags.items()[0].code, "no-guide-index");
    let (_, diags) = site(
        SiteConfig::default(),
        &[
            ("nl", "g/_index.md", GUIDE),
            ("nl", "g/a.md", "---\ntitle: A\nslug: x\n---\n"),
            ("nl", "g/b.md", "---\ntitle: B\nslug: x\n---\n"),
        ],
    );
    assert_eq!(diags.items()[0].code, "duplicate-url");
    let (_, diags) = site(
        two_languages(),
        &[("fr", "_index.md", "---\ntitle: Accueil\n---\n")],
    );
    assert_eq!(diags.items()[0].code, "unknown-language");
}

#[test]
fn drafts_are_remembered_but_left_out() {
    let mut diags = Diagnostics::new();
    let s = sources(
        SiteConfig::default(),
        &[("nl", "over.md", "---\ntitle: Over\ndraft: true\n---\n")],
    );
    let site = assemble(s, ModelOptions::default(), &mut diags).unwrap();
    assert!(site.page(LangId::new(0), "over.md").is_none());
    assert!(site
        .drafts
        .contains(&(LangId::new(0), "over.md".to_owned())));
    let s = sources(
        SiteConfig::default(),
        &[("nl", "over.md", "---\ntitle: Over\ndraft: true\n---\n")],
    );
    let site = assemble(
        s,
        ModelOptions {
            drafts: true,
            today: None,
        },
        &mut diags,
    )
    .unwrap();
    assert!(site.page(LangId::new(0), "over.md").is_some());
}

#[test]
fn languages_know_their_direction_and_name() {
    let (site, _) = site(
        SiteConfig::default(),
        &[("ar", "_index.md", "---\ntitle: الرئيسية\n---\n")],
    );
    assert_eq!(site.languages[0].dir, Direction::Rtl);
    assert_eq!(site.languages[0].name, "العربية");
}

#[test]
fn a_review_date_in_the_past_is_a_warning() {
    let mut diags = Diagnostics::new();
    let s = sources(
        SiteConfig::default(),
        &[(
            "nl",
            "over.md",
            "---\ntitle: Over\nnext_review: 2026-01-01\n---\n",
        )],
    );
    let today = crate::date::Date::parse("2026-11-26").ok();
    assemble(
        s,
        ModelOptions {
            drafts: false,
            today,
        },
        &mut diags,
    )
    .unwrap();
    let d = &diags.items()[0];
    assert_eq!(
        (d.code.as_str(), d.severity),
        ("review-due", crate::Severity::Warning)
    );
    assert_eq!(d.location.as_ref().unwrap().line, 3);
}
