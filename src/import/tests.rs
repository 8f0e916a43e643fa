//! Unit tests of the import: front matter, links, bodies and the place of files, without IO.

use std::path::PathBuf;

use serde_yaml::Mapping;

use super::body::{self, ItemIds};
use super::front::{self, PageFacts};
use super::links::{self, Index, Linker};
use super::read::Tree;
use super::report::{Change, Counts, LeftoverKind};
use super::{convert, site, Dialect};
use crate::diagnostics::SourceText;

fn src(path: &str, text: &str) -> SourceText {
    SourceText::new(PathBuf::from(path), text)
}

fn yaml(text: &str) -> Mapping {
    serde_yaml::from_str(text).unwrap()
}

#[test]
fn front_matter_is_yaml_or_toml_or_none() {
    let read = front::read(&src("a.md", "---\ntitle: A\n---\nBody\n"), true)
        .unwrap()
        .unwrap();
    assert_eq!(read.map, yaml("title: A"));
    assert_eq!(read.body, 17);
    let read = front::read(
        &src("a.md", "+++\ntitle = \"A\"\ndate = 2024-02-01\n+++\nBody\n"),
        false,
    )
    .unwrap()
    .unwrap();
    assert_eq!(read.map, yaml("title: A\ndate: '2024-02-01'"));
    assert!(front::read(&src("a.md", "# Just text\n"), true)
        .unwrap()
        .is_none());
    // Hugo's JSON front matter.
    let json = "{\n  \"title\": \"A\",\n  \"weight\": 2\n}\nBody\n";
    let read = front::read(&src("a.md", json), true).unwrap().unwrap();
    assert_eq!(read.map, yaml("title: A\nweight: 2"));
    assert_eq!(&json[read.body..], "Body\n");
    let err = front::read(&src("a.md", "{\n  \"title\": \"A\"\n"), true).unwrap_err();
    // Only Hugo reads JSON: for Jekyll and Zola such a file has no front matter.
    assert!(front::read(&src("a.md", json), false).unwrap().is_none());
    assert_eq!(
        err.help.as_deref(),
        Some("add a line `}` after the last front-matter line, before the text")
    );
}

#[test]
fn front_matter_that_does_not_parse_is_an_error_at_its_line() {
    let err = front::read(
        &src("x/a.md", "+++\ntitle = \"A\"\nweight = = 2\n+++\n"),
        true,
    )
    .unwrap_err();
    assert_eq!(err.code.as_str(), "toml");
    let loc = err.location.unwrap();
    assert_eq!((loc.path.to_str().unwrap(), loc.line), ("x/a.md", 3));
    let err = front::read(&src("b.md", "---\ntitle: A\ntags: [a, b\n---\n"), true).unwrap_err();
    assert_eq!(err.code.as_str(), "yaml");
    assert_eq!(err.location.unwrap().line, 3);
    let err = front::read(&src("c.md", "---\ntitle: A\n"), true).unwrap_err();
    assert_eq!(err.code.as_str(), "unclosed-front-matter");
}

fn convert_front(text: &str, facts: &PageFacts<'_>) -> (String, Vec<front::KeyProblem>, Counts) {
    let mut counts = Counts::default();
    let (out, problems) = front::convert(&yaml(text), facts, &mut counts);
    (out, problems, counts)
}

const FACTS: PageFacts<'static> = PageFacts {
    fallback_title: "From the name",
    file_date: None,
    moved_from: None,
    left_out_aliases: &[],
    slug: None,
};

#[test]
fn front_matter_keys_are_mapped_and_the_rest_kept_under_extra() {
    let (out, problems, counts) = convert_front(
        "title: Renting\norder: 2\ndate: 2024-03-01 10:00:00 +0100\nauthor: Sam\nredirect_from: /old/\npublished: false\nlayout: post\nimage: /a.png\n1: one\n",
        &FACTS,
    );
    assert_eq!(
        out,
        "---\ntitle: Renting\nweight: 2\nauthors:\n- Sam\nupdated: 2024-03-01\ndraft: true\naliases:\n- /old/\nextra:\n  layout: post\n  image: /a.png\n  '1': one\n---\n"
    );
    assert!(problems.is_empty());
    for (change, n) in [
        (Change::Weights, 1),
        (Change::Dates, 1),
        (Change::Authors, 1),
        (Change::Drafts, 1),
        (Change::Aliases, 1),
        (Change::ExtraKeys, 3),
        (Change::TitlesMade, 0),
    ] {
        assert_eq!(counts.get(change), n, "{change:?}");
    }
}

#[test]
fn lastmod_wins_over_date_and_zola_extra_is_merged() {
    let (out, _, _) = convert_front(
        "title: A\ndate: 2024-01-01\nlastmod: 2024-05-01T09:00:00+02:00\nextra: {icon: x}\naliases: [old]\n",
        &FACTS,
    );
    assert_eq!(
        out,
        "---\ntitle: A\nupdated: 2024-05-01\naliases:\n- /old\nextra:\n  icon: x\n  date: 2024-01-01\n---\n"
    );
}

#[test]
fn values_leidraad_cannot_use_stay_under_extra_and_are_listed() {
    let (out, problems, counts) = convert_front("order: second\ndate: soon\n", &FACTS);
    assert_eq!(
        out,
        "---\ntitle: From the name\nextra:\n  order: second\n  date: soon\n---\n"
    );
    let keys: Vec<&str> = problems.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["order", "date"]);
    assert_eq!(counts.get(Change::TitlesMade), 1);
    let dated = PageFacts {
        fallback_title: "Post",
        file_date: crate::date::Date::parse("2024-01-05").ok(),
        moved_from: Some("/2024/01/05/post/".into()),
        left_out_aliases: &[],
        slug: None,
    };
    let (out, _, counts) = convert_front("title: Post\naliases: [/a/]\n", &dated);
    assert!(
        out.contains("updated: 2024-01-05\naliases:\n- /a/\n- /2024/01/05/post/\n"),
        "{out}"
    );
    assert_eq!(counts.get(Change::OldUrls), 1);
}

#[test]
fn urls_are_normalised_and_links_made_relative() {
    assert_eq!(links::normalise("/a/./b/../c/"), "/a/c/");
    assert_eq!(links::normalise("/a/../../x"), "/x");
    assert_eq!(
        links::relative("content/en/a/b.md", "content/en/c.md"),
        "../c.md"
    );
    assert_eq!(
        links::relative("content/en/a/b.md", "content/en/a/c.md"),
        "c.md"
    );
    assert_eq!(
        links::relative("content/nl/_index.md", "content/nl/g/_index.md"),
        "g/_index.md"
    );
}

/// An index of two pages in two languages and one image.
fn index() -> Index {
    let mut index = Index {
        default_language: "en".into(),
        ..Index::default()
    };
    index.pages = vec![
        ("content/en/guide/legal.md".into(), "en".into()),
        ("content/nl/guide/legal.md".into(), "nl".into()),
        ("content/en/about.md".into(), "en".into()),
    ];
    for (url, page) in [("/legal/", 0), ("/nl/legal/", 1), ("/about/", 2)] {
        index.by_url.insert(url.into(), vec![page]);
    }
    index.by_key.insert("guide/legal.md".into(), vec![0, 1]);
    index.by_src.insert("content/guide/legal.md".into(), 0);
    index
        .assets
        .insert("/img/a.png".into(), "static/img/a.png".into());
    index
}

fn from<'a>(index: &'a Index, lang: &'a str, dest: &'a str) -> Linker<'a> {
    Linker {
        index,
        lang,
        url: "/guide/x/",
        src: "content/guide/x.md",
        dest,
    }
}

#[test]
fn url_style_links_shortcodes_and_zola_links_become_md_links() {
    let index = index();
    let en = from(&index, "en", "content/en/guide/x.md");
    let line = "[a](/legal/#why) [b](../../about/) {{< relref \"guide/legal\" >}} [c](@/guide/legal.md) ![i](/img/a.png) [d](https://x.org/) [e](/gone/)";
    let out = links::rewrite(line, &en);
    assert_eq!(
        out.line,
        "[a](legal.md#why) [b](../about.md) legal.md [c](legal.md) ![i](\0asset:0\0) [d](https://x.org/) [e](/gone/)"
    );
    assert_eq!(out.links, 4);
    assert_eq!(out.assets, ["static/img/a.png"]);
    assert_eq!(out.unknown, ["/gone/"]);
}

#[test]
fn jekyll_liquid_links_become_md_links() {
    let index = index();
    let en = from(&index, "en", "content/en/guide/x.md");
    let line = "[a]({{ '/legal/' | relative_url }}) [b]({{ site.baseurl }}/about/) <a href=\"{{ \"/about/\" | absolute_url }}\">c</a> [d]({{ page.url }})";
    let out = links::rewrite(line, &en);
    assert_eq!(
        out.line,
        "[a](legal.md) [b](../about.md) <a href=\"../about.md\">c</a> [d]({{ page.url }})"
    );
    assert_eq!(out.links, 3);
}

#[test]
fn a_translation_links_to_its_own_language() {
    let index = index();
    let nl = from(&index, "nl", "content/nl/guide/x.md");
    // The page in Dutch where there is one, else the same path in Dutch (its fallback).
    let out = links::rewrite("[a](/legal/) [b](/about/) [c](/nl/about/)", &nl);
    assert_eq!(out.line, "[a](legal.md) [b](../about.md) [c](../about.md)");
}

#[derive(Default)]
struct Counter(Vec<String>);

impl ItemIds for Counter {
    fn next(&mut self, text: &str, explicit: Option<&str>) -> String {
        let id = explicit.map_or_else(|| crate::slug::slugify(text), str::to_owned);
        self.0.push(id.clone());
        id
    }
}

fn body(text: &str, dialect: Dialect) -> (body::Converted, Counts) {
    let index = index();
    let from = from(&index, "en", "content/en/guide/x.md");
    let mut counts = Counts::default();
    let out = body::convert(text, dialect, &from, &mut Counter::default(), &mut counts);
    (out, counts)
}

#[test]
fn html_checkboxes_become_task_items_with_ids() {
    let (out, counts) = body(
        "Before:\n<ul class=\"checklist\">\n<li><input type=\"checkbox\" id=\"read\"> Read the <a href=\"/legal/\">contract</a></li>\n<li><input type=\"checkbox\"> Sign</li>\n</ul>\nAfter.\n",
        Dialect::Jekyll,
    );
    assert_eq!(
        out.text,
        "Before:\n\n- [ ] Read the [contract](legal.md) {#read}\n- [ ] Sign {#sign}\n\nAfter.\n"
    );
    assert_eq!(counts.get(Change::Checkboxes), 2);
    assert_eq!(counts.get(Change::ItemIds), 1);
    assert_eq!(counts.get(Change::Links), 1);
}

#[test]
fn markdown_blocks_become_quotes_and_kramdown_attributes_go() {
    let (out, counts) = body(
        "Lead.\n{: .lead}\n\n* TOC\n{:toc}\n\n<aside markdown=\"1\">\n**Tip:** see [it](/about/).\n\nMore.\n</aside>\nText {: .note}\n",
        Dialect::Jekyll,
    );
    assert_eq!(
        out.text,
        "Lead.\n\n> **Tip:** see [it](../about.md).\n>\n> More.\n\nText\n"
    );
    assert_eq!(counts.get(Change::MarkdownBlocks), 1);
    assert_eq!(counts.get(Change::KramdownAttributes), 3);
}

#[test]
fn a_markdown_block_that_cannot_be_converted_is_listed() {
    let (out, _) = body("<div markdown=\"1\">Text\n</div>\n", Dialect::Jekyll);
    assert_eq!(out.text, "<div markdown=\"1\">Text\n</div>\n");
    assert_eq!(out.found.len(), 1);
    assert_eq!(
        (out.found[0].0, out.found[0].1),
        (0, LeftoverKind::MarkdownBlock)
    );
}

#[test]
fn fenced_code_is_left_as_it_is() {
    let text = "```\n<input type=\"checkbox\"> x\n{{< youtube x >}}\n- [ ] y\n```\n";
    let (out, counts) = body(text, Dialect::Hugo);
    assert_eq!(out.text, text);
    assert!(out.found.is_empty());
    assert_eq!(counts.get(Change::ItemIds), 0);
}

#[test]
fn hugo_figures_become_images() {
    let (out, counts) = body(
        "{{< figure src=\"/img/a.png\" caption=\"The map\" >}} and {{< figure src='/img/a.png' alt=Map title=T >}} {{< figure caption=x >}}\n",
        Dialect::Hugo,
    );
    assert_eq!(
        out.text,
        "![The map](\0asset:1\0 \"The map\") and ![Map](\0asset:0\0 \"T\") {{< figure caption=x >}}\n"
    );
    assert_eq!(counts.get(Change::Figures), 2);
    assert_eq!(out.found.len(), 1);
}

#[test]
fn highlight_blocks_become_fenced_code() {
    let (out, counts) = body(
        "{% highlight ruby linenos %}\nputs \"{{ x }}\"\n{% endhighlight %}\n",
        Dialect::Jekyll,
    );
    assert_eq!(out.text, "```ruby\nputs \"{{ x }}\"\n```\n");
    assert!(out.found.is_empty());
    assert_eq!(counts.get(Change::CodeBlocks), 1);
    let (out, _) = body(
        "{{< highlight go \"linenos=table\" >}}\nx := 1\n{{< /highlight >}}\n",
        Dialect::Hugo,
    );
    assert_eq!(out.text, "```go\nx := 1\n```\n");
    // A language that is no plain name is left, and listed.
    let (out, _) = body("{% highlight {{ lang }} %}\n", Dialect::Jekyll);
    assert_eq!(out.found.len(), 2);
}

#[test]
fn shortcodes_and_liquid_are_left_visible_and_listed_by_line() {
    let (out, _) = body("a\n{{< youtube x >}}\n{{% details %}}\n", Dialect::Hugo);
    let found: Vec<(usize, LeftoverKind)> = out.found.iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        found,
        [(1, LeftoverKind::Shortcode), (2, LeftoverKind::Shortcode)]
    );
    let (out, _) = body("{% include x.html %} {{ site.email }}\n", Dialect::Jekyll);
    assert_eq!(out.found.len(), 2);
    assert!(out.found.iter().all(|f| f.1 == LeftoverKind::Liquid));
    // Zola's shortcodes are calls; a `{{ }}` without one is text.
    let (out, _) = body("{{ youtube(id=\"x\") }} {{ not a call }}\n", Dialect::Zola);
    assert_eq!(out.found.len(), 1);
}

#[test]
fn task_items_keep_their_ids_and_get_the_missing_ones() {
    let (out, counts) = body(
        "- [ ] One {#one}\n* [x] Two\n1. [ ] Three\n- not a task\n",
        Dialect::Hugo,
    );
    assert_eq!(
        out.text,
        "- [ ] One {#one}\n* [x] Two {#two}\n1. [ ] Three {#three}\n- not a task\n"
    );
    assert_eq!(counts.get(Change::ItemIds), 2);
}

#[test]
fn language_tags_are_written_as_bcp_47() {
    assert_eq!(site::normalise_tag("pt-br"), "pt-BR");
    assert_eq!(site::normalise_tag("zh_Hans"), "zh-Hans");
    assert_eq!(site::normalise_tag("NL"), "nl");
    assert_eq!(site::normalise_tag("zh-hant"), "zh-Hant");
    assert_eq!(site::language_tag("../../etc"), None);
    assert_eq!(site::language_tag("pt_br").as_deref(), Some("pt-BR"));
}

/// The texts of a plan by their path in DEST.
fn texts_of(plan: &super::Plan) -> std::collections::BTreeMap<&str, &str> {
    plan.texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect()
}

fn tree(files: &[(&str, &str)]) -> Tree {
    let mut tree = Tree::default();
    for (path, text) in files {
        tree.texts.insert((*path).into(), src(path, text));
    }
    tree
}

#[test]
fn hugo_languages_come_from_folders_or_file_names_and_deep_folders_fold() {
    let tree = tree(&[
        ("hugo.toml", "defaultContentLanguage = \"en\"\n[languages.nl]\nweight = 2\n[languages.en]\nweight = 1\n"),
        ("content/docs/_index.md", "---\ntitle: Docs\n---\n"),
        ("content/docs/a/b.nl.md", "---\ntitle: B\n---\n"),
        ("content/docs/c/index.md", "---\ntitle: C\n---\n"),
    ]);
    let (plan, report) = convert::convert(Dialect::Hugo, &tree).unwrap();
    let paths: Vec<&str> = plan.texts.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "content/en/docs/_index.md",
            "content/en/docs/c.md",
            "content/nl/docs/_index.md",
            "content/nl/docs/a-b.md",
            "site.yaml"
        ]
    );
    assert_eq!(report.languages, ["en", "nl"]);
    // English stays at the root, as in Hugo (`default_language_at_root`): its pages keep
    // their URLs. A page that moved keeps its old URL as an alias; one that did not (the
    // Dutch guide, at `/nl/docs/` before and after) gets none.
    assert_eq!(plan.texts[1].1, "---\ntitle: C\n---\n");
    assert_eq!(
        plan.texts[3].1,
        "---\ntitle: B\naliases:\n- /nl/docs/a/b/\n---\n"
    );
    assert_eq!(report.changes.get(Change::OldUrls), 1);
    // The made guide page takes the title the guide has in another language.
    let made = &plan.texts[2].1;
    assert_eq!(made, "---\ntitle: Docs\n---\n");
    assert_eq!(plan.texts[0].1, "---\ntitle: Docs\n---\n");
    assert!(plan.texts[4].1.contains("default_language_at_root: true\n"));
}

#[test]
fn hugo_content_folders_per_language_and_the_language_in_every_url() {
    let tree = tree(&[
        ("hugo.yaml", "baseURL: https://x.org/gids/\ndefaultContentLanguage: nl\ndefaultContentLanguageInSubdir: true\nlanguages:\n  nl: {contentDir: content/nl, label: Nederlands}\n  en: {contentDir: content/en}\n"),
        ("content/nl/g/_index.md", "---\ntitle: G\n---\n"),
        ("content/nl/g/01-a.md", "---\ntitle: A\n---\n[b](02-b.md) [g](/gids/nl/g/)\n"),
        ("content/nl/g/02-b.md", "---\ntitle: B\n---\n"),
        ("content/en/g/01-a.md", "---\ntitle: A\n---\n"),
    ]);
    let (plan, report) = convert::convert(Dialect::Hugo, &tree).unwrap();
    let texts = texts_of(&plan);
    // `/nl/g/` was the guide's address and still is; `/nl/g/01-a/` moves to `/nl/g/a/`.
    assert_eq!(texts["content/nl/g/_index.md"], "---\ntitle: G\n---\n");
    assert_eq!(
        texts["content/nl/g/01-a.md"],
        "---\ntitle: A\naliases:\n- /nl/g/01-a/\n---\n[b](02-b.md) [g](_index.md)\n"
    );
    assert_eq!(
        texts["content/en/g/01-a.md"],
        "---\ntitle: A\naliases:\n- /en/g/01-a/\n---\n"
    );
    // A link that was a `.md` link already is not counted as rewritten.
    assert_eq!(report.changes.get(Change::Links), 1);
    assert!(texts["site.yaml"].contains("languages:\n  nl:\n    name: Nederlands\n  en: {}\n"));
}

#[test]
fn jekyll_posts_take_their_date_and_collections_become_guides() {
    let tree = tree(&[
        ("_config.yml", "lang: nl\ncollections: [gidsen]\n"),
        (
            "_posts/2024-01-05-nieuw.md",
            "---\ntitle: Nieuw\n---\nZie [de gids]({% link _gidsen/huur.md %}).\n",
        ),
        (
            "_gidsen/huur.md",
            "---\ntitle: Huur\n---\nZie [nieuws]({% post_url 2024-01-05-nieuw %}).\n",
        ),
        ("_includes/x.md", "---\ntitle: Include\n---\n"),
        ("_drafts/later.md", "---\ntitle: Later\n---\n"),
        (
            "README.md",
            "No front matter: copied by Jekyll, not a page.\n",
        ),
    ]);
    let (plan, report) = convert::convert(Dialect::Jekyll, &tree).unwrap();
    let texts = texts_of(&plan);
    assert_eq!(
        texts["content/nl/posts/nieuw.md"],
        "---\ntitle: Nieuw\nupdated: 2024-01-05\n---\nZie [de gids](../gidsen/huur.md).\n"
    );
    assert_eq!(
        texts["content/nl/gidsen/huur.md"],
        "---\ntitle: Huur\n---\nZie [nieuws](../posts/nieuw.md).\n"
    );
    assert_eq!(
        texts["content/nl/posts/later.md"],
        "---\ntitle: Later\ndraft: true\n---\n"
    );
    assert_eq!(texts.len(), 6, "{texts:?}");
    assert_eq!(report.changes.get(Change::GuideIndexes), 2);
    assert_eq!(
        texts["site.yaml"],
        "default_language: nl\ndefault_language_at_root: true\nlanguages:\n  nl: {}\n"
    );
}

#[test]
fn a_language_that_is_no_tag_makes_no_folder() {
    let tree = tree(&[
        ("_config.yml", "lang: ../up\nlanguages: [en, '/x']\n"),
        ("a.md", "---\ntitle: A\nlang: ../../etc\n---\n"),
    ]);
    let (plan, report) = convert::convert(Dialect::Jekyll, &tree).unwrap();
    assert_eq!(
        plan.texts[0],
        (
            "content/en/a.md".to_owned(),
            "---\ntitle: A\nextra:\n  lang: ../../etc\n---\n".to_owned()
        )
    );
    assert_eq!(report.languages, ["en"]);
}

#[test]
fn jekyll_pretty_urls_of_moved_pages_are_kept_as_aliases() {
    let tree = tree(&[
        ("_config.yml", "permalink: pretty\n"),
        (
            "_posts/2024-01-05-nieuw.md",
            "---\ntitle: Nieuw\ncategories: news tips\nredirect_from: /oud/\n---\n",
        ),
        (
            "about.md",
            "---\ntitle: About\npermalink: /about.html\n---\n[news](/2024/01/05/nieuw/)\n",
        ),
        (
            "en/taken.md",
            "---\ntitle: Taken\nredirect_from: /news/tips/2024/01/05/nieuw/\n---\n",
        ),
    ]);
    let (plan, _) = convert::convert(Dialect::Jekyll, &tree).unwrap();
    let texts = texts_of(&plan);
    // The post's own URL is another page's alias already: not taken twice.
    assert_eq!(texts["content/en/posts/nieuw.md"], "---\ntitle: Nieuw\nupdated: 2024-01-05\naliases:\n- /oud/\nextra:\n  categories: news tips\n---\n");
    // `/about.html` is no folder: no alias, but links to it still resolve.
    assert_eq!(
        texts["content/en/about.md"],
        "---\ntitle: About\nextra:\n  permalink: /about.html\n---\n[news](posts/nieuw.md)\n"
    );
}

#[test]
fn jekyll_permalink_patterns_give_the_old_urls() {
    let tree = tree(&[
        ("_config.yml", "permalink: /blog/:year/:title/\ncollections:\n  gidsen:\n    output: true\n    permalink: /gids/:name/\n"),
        ("_gidsen/huur.md", "---\ntitle: Huur\n---\n[post](/blog/2024/nieuw/) [deel](/deel.html)\n"),
        ("_gidsen/borg.md", "---\ntitle: Borg\npermalink: /:collection/extra/:slug.html\nslug: de-borg\n---\n"),
        ("_posts/2024-01-05-nieuw.md", "---\ntitle: Nieuw\n---\n[huur](/gids/huur/) [borg](/gidsen/extra/de-borg.html)\n"),
        ("deel.md", "---\ntitle: Deel\n---\n"),
    ]);
    let (plan, report) = convert::convert(Dialect::Jekyll, &tree).unwrap();
    let texts = texts_of(&plan);
    assert!(
        texts["content/en/gidsen/huur.md"].ends_with(
            "aliases:\n- /gids/huur/\n---\n[post](../posts/nieuw.md) [deel](../deel.md)\n"
        ),
        "{texts:?}"
    );
    assert!(texts["content/en/posts/nieuw.md"].contains("aliases:\n- /blog/2024/nieuw/\n"));
    assert!(texts["content/en/posts/nieuw.md"]
        .ends_with("[huur](../gidsen/huur.md) [borg](../gidsen/borg.md)\n"));
    assert_eq!(report.changes.get(Change::Links), 4);
    assert!(report.leftovers.is_empty(), "{:?}", report.leftovers);
}

#[test]
fn a_source_with_a_bad_front_matter_gives_every_error() {
    let tree = tree(&[
        ("config.toml", "title = \"x\"\n"),
        ("content/a.md", "+++\ntitle = \n+++\n"),
        ("content/b.md", "---\ntitle: [\n---\n"),
    ]);
    let errors = convert::convert(Dialect::Zola, &tree).unwrap_err();
    let places: Vec<(String, usize)> = errors
        .iter()
        .map(|d| {
            let loc = d.location.as_ref().unwrap();
            (loc.path.display().to_string(), loc.line)
        })
        .collect();
    // libyaml finds the unclosed `[` where the front matter ends.
    assert_eq!(
        places,
        [
            ("content/a.md".to_owned(), 2),
            ("content/b.md".to_owned(), 3)
        ]
    );
}

/// Pieces of the markup the import reads, put together at random (a fixed seed): no
/// combination may panic, in any dialect.
#[test]
fn messy_input_never_panics() {
    const PIECES: &[&str] = &[
        "<input type=\"checkbox\" id=\"",
        "<input type=checkbox>",
        "<ul>",
        "</ul>",
        "<li>",
        "<a href=\"",
        "</a>",
        "\">",
        "](",
        ")",
        "[",
        "]",
        "{{<",
        ">}}",
        "{{%",
        "%}}",
        "{{",
        "}}",
        "{%",
        "%}",
        " relref \"",
        " ref ",
        " link ",
        " post_url ",
        " figure src=",
        " highlight ",
        "{:",
        "{: .x}",
        "{:toc}",
        "* TOC",
        "<aside markdown=\"1\">",
        "</aside>",
        "<div markdown=1>",
        "```",
        "~~~",
        "- [ ] ",
        "- [x] ",
        "1. [ ]",
        "{#",
        "{#x}",
        "}",
        "é",
        "ü",
        "\u{200d}",
        "\n",
        "\n\n",
        " ",
        "href='",
        "src=\"",
        "{{ site.baseurl }}",
        "| relative_url }}",
        "@/",
        "../",
        "./",
        "/",
        "#",
        "?",
        ":",
        "index",
        "_index.md",
        ".md",
        ".png",
        "/img/a.png",
        "\0",
        "\u{1}",
        "\u{2}",
        "\u{3}",
        "\"",
        "'",
        "<",
        ">",
        "=",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for round in 0..300 {
        let mut body = String::new();
        for _ in 0..next(40) {
            body.push_str(PIECES[next(PIECES.len())]);
        }
        for dialect in [Dialect::Jekyll, Dialect::Hugo, Dialect::Zola] {
            let front = if dialect == Dialect::Zola {
                "+++\ntitle = \"T\"\n+++\n"
            } else {
                "---\ntitle: T\n---\n"
            };
            let page = format!("{front}{body}");
            let tree = tree(&[
                ("_posts/2024-01-05-a.md", page.as_str()),
                ("content/a/b.md", page.as_str()),
                ("content/a/_index.fr.md", page.as_str()),
                ("index.md", page.as_str()),
            ]);
            let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                convert::convert(dialect, &tree)
            }));
            assert!(converted.is_ok(), "round {round}, {dialect:?}: {body:?}");
        }
    }
}

#[test]
fn box_shortcodes_are_callout_lines() {
    use super::markup::{notice, Notice};
    assert_eq!(
        notice("{{% notice warning %}}"),
        Some(Notice::Open("WARNING"))
    );
    assert_eq!(notice("{{< notice tip >}}"), Some(Notice::Open("TIP")));
    assert_eq!(
        notice("{{% alert title=\"Let op\" color=\"danger\" %}}"),
        Some(Notice::Open("CAUTION"))
    );
    assert_eq!(notice("{{< hint info >}}"), Some(Notice::Open("NOTE")));
    assert_eq!(notice("{{% callout %}}"), Some(Notice::Open("NOTE")));
    assert_eq!(notice("{{% /notice %}}"), Some(Notice::Close));
    assert_eq!(notice("{{< /hint >}}"), Some(Notice::Close));
    assert_eq!(notice("{{< youtube abc >}}"), None);
    assert_eq!(notice("{{% /details %}}"), None);
    assert_eq!(notice("a {{% notice note %}} in text"), None);
}

#[test]
fn a_hugo_site_as_real_ones_are_written_keeps_its_languages_links_and_aliases() {
    // As the Contributor Covenant's site has it: `[Languages]` (Hugo reads keys in any case),
    // translations that name the same old path as an alias, an alias that is the page's own
    // address, links to the site's own `baseURL` with old `.html` paths, one of them an
    // autolink, and a folder named `2` folded into a name that would read as ordered (`2-`).
    let tree = tree(&[
        (
            "config.toml",
            "baseURL = \"https://www.example.org\"\nDefaultContentLanguage = \"en\"\n[Languages.en]\nlanguageName = \"English\"\n[Languages.ar]\nlanguageName = \"العربية\"\n",
        ),
        ("content/faq.md", "+++\ntitle = \"FAQ\"\naliases = [\"/faq\", \"/questions\"]\n+++\n"),
        (
            "content/v/2/coc.md",
            "+++\ntitle = \"Code\"\naliases = [\"/v/2\"]\n+++\nSee [the FAQ](https://www.example.org/faq.html) and <http://WWW.example.org/faq/index.html>, not <https://other.org/faq/>.\n",
        ),
        ("content/v/2/coc.ar.md", "+++\ntitle = \"Code\"\naliases = [\"/v/2\"]\n+++\n"),
    ]);
    let (plan, report) = convert::convert(Dialect::Hugo, &tree).unwrap();
    let texts = texts_of(&plan);
    assert_eq!(report.languages, ["en", "ar"]);
    assert_eq!(
        texts["content/en/faq.md"],
        "---\ntitle: FAQ\naliases:\n- /questions\n---\n"
    );
    assert_eq!(
        texts["content/en/v/2-coc.md"],
        "---\ntitle: Code\nslug: 2-coc\naliases:\n- /v/2\n- /v/2/coc/\n---\nSee [the FAQ](../faq.md) and [http://WWW.example.org/faq/index.html](../faq.md), not <https://other.org/faq/>.\n"
    );
    assert!(texts["content/ar/v/2-coc.md"]
        .starts_with("---\ntitle: Code\nslug: 2-coc\naliases:\n- /ar/v/2/coc/\n"));
    let left_out: Vec<&str> = report
        .leftovers
        .iter()
        .filter(|l| l.message.contains("left out"))
        .map(|l| l.file.as_str())
        .collect();
    assert_eq!(left_out, ["content/faq.md", "content/v/2/coc.ar.md"]);
}

#[test]
fn a_page_without_a_title_takes_its_first_heading() {
    let tree = tree(&[
        ("hugo.toml", "title = \"S\"\n"),
        (
            "content/a.md",
            "+++\nversion = \"2.1\"\n+++\n\n# The Code {#code}\n\nText\n",
        ),
        ("content/b.md", "+++\n+++\nText first\n# Not a title\n"),
        ("content/c.md", "+++\ntitle = \"C\"\n+++\n# Kept\n"),
    ]);
    let (plan, report) = convert::convert(Dialect::Hugo, &tree).unwrap();
    let texts = texts_of(&plan);
    assert_eq!(
        texts["content/en/a.md"],
        "---\ntitle: The Code\nextra:\n  version: '2.1'\n---\nText\n"
    );
    assert!(texts["content/en/b.md"].starts_with("---\ntitle: B\n"));
    assert!(texts["content/en/c.md"].ends_with("---\n# Kept\n"));
    assert_eq!(report.changes.get(Change::TitlesMade), 2);
}

#[test]
fn hugo_keys_in_any_case_mark_a_draft_and_its_links() {
    let tree = tree(&[
        ("hugo.toml", "Title = \"S\"\n"),
        ("content/a.md", "+++\nTitle = \"A\"\nDraft = true\n+++\n"),
        ("content/b.md", "+++\ntitle = \"B\"\n+++\nSee [a](/a/).\n"),
    ]);
    let (plan, report) = convert::convert(Dialect::Hugo, &tree).unwrap();
    assert_eq!(
        texts_of(&plan)["content/en/a.md"],
        "---\ntitle: A\ndraft: true\n---\n"
    );
    assert!(report
        .leftovers
        .iter()
        .any(|l| l.file == "content/b.md" && l.message.contains("marked `draft: true`")));
}
