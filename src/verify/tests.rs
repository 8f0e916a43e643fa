use super::marks::*;
use super::resolve::*;
use super::scan::*;
use super::text::*;
use super::*;

fn attrs(html: &str) -> Vec<(Attr, &str)> {
    let mut out = Vec::new();
    scan(html.as_bytes(), |a, v| {
        out.push((a, std::str::from_utf8(v).unwrap_or("?")))
    });
    out
}

#[test]
fn the_scanner_reads_the_attributes_of_start_tags() {
    assert_eq!(
        attrs(concat!(
            r#"<p id="a"><a href="x/" class=b>t</a>"#,
            r#"<img src='y.png' srcset="y.png 1x, z.png 2x"></p>"#
        )),
        [
            (Attr::Id, "a"),
            (Attr::Href, "x/"),
            (Attr::Src, "y.png"),
            (Attr::Srcset, "y.png 1x, z.png 2x"),
        ]
    );
    // Unquoted, upper case, spaces around `=`, `>` inside quotes, a self-closing tag.
    assert_eq!(
        attrs("<A HREF = ../a/ title='1 > 2' ID=b><video poster=p.jpg/><use xlink:href=\"#i\"/>"),
        [
            (Attr::Href, "../a/"),
            (Attr::Id, "b"),
            (Attr::Poster, "p.jpg/"),
            (Attr::Href, "#i"),
        ]
    );
    // `name` counts only on `<a>`; `<base href>` is its own kind.
    assert_eq!(
        attrs(r#"<base href="../"><a name="n"><input name="q"><p data-href="no" hrefx="no">"#),
        [(Attr::Base, "../"), (Attr::Name, "n")]
    );
    // Names that end as a read one does, and a prefix that is not `xlink:`.
    assert_eq!(
        attrs(r#"<b type="x" data-id="y" sid="z" ab:href="w" abbr name="v" XLink:Href="u">"#),
        [(Attr::Href, "u")]
    );
}

#[test]
fn the_scanner_skips_what_is_not_markup() {
    assert_eq!(
        attrs(concat!(
            "<!-- <a href=\"c\"> --><!doctype html><![CDATA[<a href=\"d\">]]>",
            "<script>let s = '<a href=\"e\">'; if (a<b) {}</script >",
            "<STYLE>a[href=\"f\"]{}</style><title><a id=t></title>",
            "<p>a < b, <3 and &lt;a href=\"g\"&gt;</p><textarea><img src=h></textarea>",
            "<?xml <a href=\"i\"?></p id=\"no\"><a id=\"ok\">",
        )),
        [(Attr::Id, "ok")]
    );
    // A `<script>` that never ends hides the rest; only the first `id` of an element counts.
    assert_eq!(
        attrs(r#"<p id="a" id="b"><script><a id="c">"#),
        [(Attr::Id, "a")]
    );
    // A value inside quotes may hold what looks like an attribute.
    assert_eq!(
        attrs(r#"<a title='x href="y"' href="z">"#),
        [(Attr::Href, "z")]
    );
    // What looks like an attribute in a value or in text is none.
    assert_eq!(
        attrs(concat!(
            "<meta name=\"description\" content=\"use id=main and href=&quot;x&quot;\">",
            "<p>the id=\"x\" and href=\"y\" in text</p>",
            "<a href=\"?a=b&amp;id=c\" id=\"d\"><input checked\nid=\"e\">",
            "<script src=\"a.js\" defer></script><p id=f>",
            // After an end tag, and after a `>` in a value.
            "</p> id=\"g\" <a title=\"a>b\" href=\"h\">x</a> href=\"i\" <b>k</b>=l",
        )),
        [
            (Attr::Href, "?a=b&amp;id=c"),
            (Attr::Id, "d"),
            (Attr::Id, "e"),
            (Attr::Src, "a.js"),
            (Attr::Id, "f"),
            (Attr::Href, "h"),
        ]
    );
    // Cut-off markup ends the scan without a panic.
    for cut in [
        "<",
        "<a",
        "<a ",
        "<a href",
        "<a href=",
        "<a href=\"x",
        "<!--",
        "<script",
        "<a =",
    ] {
        attrs(cut);
    }
}

#[test]
fn marks_are_every_lt_and_eq() {
    // Every length around the 32-byte blocks, and bytes next to `<` and `=`.
    let text: Vec<u8> = (0..200u32)
        .map(|i| b";<=>a\x00\xff="[(i * 7 % 9) as usize % 8])
        .collect();
    for len in 0..text.len() {
        let b = &text[..len];
        let expected: Vec<usize> = (0..len).filter(|&i| b[i] == b'<' || b[i] == b'=').collect();
        assert_eq!(Marks::new(b).collect::<Vec<_>>(), expected, "{len}");
        for to in [0, 1, 31, 32, 33, 64, 100] {
            let mut marks = Marks::new(b);
            marks.skip_to(to);
            let rest: Vec<usize> = expected.iter().copied().filter(|&i| i >= to).collect();
            assert_eq!(marks.collect::<Vec<_>>(), rest, "{len} from {to}");
        }
    }
    let mut block = [0u8; 32];
    block.copy_from_slice(&text[..32]);
    assert_eq!(marks32(&block), marks32_portable(&block));
}

#[test]
fn plain_before_counts_quotes_and_stops_at_apostrophes_and_ends() {
    // Every length around the 16-byte blocks, with quotes, `'` and `>` here and there.
    let text: Vec<u8> = (0..70u32)
        .map(|i| b"a\" =b\"\x00\xff"[(i * 5 % 7) as usize])
        .collect();
    for len in 0..text.len() {
        for (at, c) in [(None, b' '), (Some(len / 2), b'\''), (Some(len / 3), b'>')] {
            let mut bytes = text[..len].to_vec();
            if let Some(at) = at.filter(|&at| at < len) {
                bytes[at] = c;
            }
            assert_eq!(
                plain_before(&bytes),
                plain_before_portable(&bytes),
                "{len} {at:?}"
            );
        }
    }
    assert!(plain_before(b"a class=\"x\" "));
    assert!(!plain_before(b"a class=\"x "));
    assert!(!plain_before(b"a class='x' "));
}

#[test]
fn srcset_candidates_are_urls_with_descriptors() {
    let all = |s: &'static str| {
        srcset(s.as_bytes())
            .map(|u| std::str::from_utf8(u).unwrap_or("?"))
            .collect::<Vec<_>>()
    };
    assert_eq!(all("a.png 1x, b.png 2x"), ["a.png", "b.png"]);
    assert_eq!(
        all(" a.png, b.png 640w ,  c.png"),
        ["a.png", "b.png", "c.png"]
    );
    // A comma inside a URL belongs to it (as in HTML), unless it ends the URL.
    assert_eq!(all("a.png,b.png 640w"), ["a.png,b.png"]);
    assert_eq!(all("a,b.png 1x"), ["a,b.png"]);
    assert!(all(" , ").is_empty());
}

#[test]
fn values_are_unescaped() {
    let un = |s: &str| String::from_utf8(unescape(s.as_bytes()).into_owned()).unwrap();
    assert_eq!(un("a&amp;b"), "a&b");
    assert_eq!(un("&lt;&gt;&quot;&#39;&#x27;&apos;"), "<>\"'''");
    assert_eq!(un("a&b &unknown; &#xZZ;"), "a&b &unknown; &#xZZ;");
    assert_eq!(un("x&amp"), "x&");
    assert_eq!(un("caf&#233; &#xe9;"), "café é");
    assert_eq!(un("javascript&colon;x&lpar;1&rpar;"), "javascript:x(1)");
    assert_eq!(&*percent_decode(b"caf%C3%A9%20x"), "café x".as_bytes());
    assert_eq!(&*percent_decode(b"100%"), b"100%");
    assert_eq!(&*percent_decode(b"%FF"), b"\xff");
}

type Resolved = Result<(String, Option<String>), String>;

fn to(doc: &str, url: &str, base: Option<&str>) -> Resolved {
    let mut out = Vec::new();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match resolve(
        doc.as_bytes(),
        url.as_bytes(),
        &SiteBase::new(base),
        &mut out,
    ) {
        Dest::File { fragment } => Ok((text(&out), fragment.map(text))),
        other => Err(format!("{other:?}")),
    }
}

fn file(path: &str) -> Resolved {
    Ok((path.to_owned(), None))
}

fn anchor(path: &str, fragment: &str) -> Resolved {
    Ok((path.to_owned(), Some(fragment.to_owned())))
}

#[test]
fn relative_urls_resolve_against_the_page() {
    let page = "nl/gids/stap/index.html";
    assert_eq!(
        to(page, "../andere/", None),
        file("nl/gids/andere/index.html")
    );
    assert_eq!(to(page, "../../", None), file("nl/index.html"));
    assert_eq!(to(page, "../../../style.css", None), file("style.css"));
    assert_eq!(to(page, "./", None), file("nl/gids/stap/index.html"));
    assert_eq!(to(page, ".", None), file("nl/gids/stap/index.html"));
    assert_eq!(to(page, "..", None), file("nl/gids/index.html"));
    assert_eq!(
        to(page, "schema.png", None),
        file("nl/gids/stap/schema.png")
    );
    assert_eq!(
        to(page, "../x/index.html#a", None),
        anchor("nl/gids/x/index.html", "a")
    );
    assert_eq!(to(page, "#a", None), anchor(page, "a"));
    assert_eq!(to(page, "?q=1#a", None), anchor(page, "a"));
    assert_eq!(to(page, "x.png?v=2", None), file("nl/gids/stap/x.png"));
    assert_eq!(
        to(page, "caf%C3%A9/", None),
        file("nl/gids/stap/café/index.html")
    );
    assert_eq!(to(page, " ../a//b/ ", None), file("nl/gids/a/b/index.html"));
    assert_eq!(to(page, "%2e%2e/x/", None), file("nl/gids/x/index.html"));
    assert_eq!(to("index.html", "nl/", None), file("nl/index.html"));
    assert_eq!(to("404.html", "style.css", None), file("style.css"));
    assert_eq!(to(page, "../../../../x", None), Err("AboveRoot".to_owned()));
    assert_eq!(to("index.html", "../", None), Err("AboveRoot".to_owned()));
}

#[test]
fn urls_of_other_sites_are_not_verified() {
    let page = "nl/index.html";
    for url in [
        "",
        "#",
        "https://example.org/",
        "mailto:a@example.org",
        "tel:+31",
        "data:image/svg+xml,%3Csvg%3E",
        "javascript:void(0)",
        "//cdn.example.org/x.js",
    ] {
        assert_eq!(to(page, url, None), Err("Outside".to_owned()), "{url}");
    }
    // Root-absolute URLs are the site's only without a `base_url`, or inside its path.
    assert_eq!(to(page, "/nl/", None), file("nl/index.html"));
    let base = Some("https://example.org/gids/");
    assert_eq!(to(page, "/gids/nl/", base), file("nl/index.html"));
    assert_eq!(to(page, "/gids", base), file("index.html"));
    assert_eq!(to(page, "/contact/", base), Err("Outside".to_owned()));
    // Absolute URLs into the site are verified.
    assert_eq!(
        to(page, "https://example.org/gids/style.css", base),
        file("style.css")
    );
    assert_eq!(
        to(page, "https://example.org/gids/", base),
        file("index.html")
    );
    assert_eq!(
        to(page, "https://example.org/gids", base),
        file("index.html")
    );
    assert_eq!(
        to(page, "https://example.org/other/", base),
        Err("Outside".to_owned())
    );
}

/// The problems of a page at `nl/a/index.html`, and its links to other files (or to
/// itself other than by `#x`) resolved, as `path#fragment`, with the URL as written.
fn check(html: &str) -> (Vec<ProblemKind>, Vec<(String, String)>) {
    let mut problems = Vec::new();
    let mut links = Vec::new();
    check_page(
        &Arc::from("nl/a/index.html"),
        html.as_bytes(),
        &Known::default(),
        &SiteBase::default(),
        &mut problems,
        |link| {
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            let url = clean(link.href);
            let mut out = Vec::new();
            let doc = link.base.unwrap_or(b"nl/a/index.html");
            let resolved = match resolve(doc, &url, &SiteBase::default(), &mut out) {
                Dest::File { fragment } => {
                    text(&out)
                        + &fragment
                            .map(|f| format!("#{}", text(f)))
                            .unwrap_or_default()
                }
                other => format!("{other:?}"),
            };
            links.push((resolved, text(link.href)));
        },
    );
    (problems.into_iter().map(|p| p.kind).collect(), links)
}

#[test]
fn links_within_a_page_are_checked_at_once() {
    let (problems, links) = check(concat!(
        "<h2 id=\"caf&#233;\">x</h2><a name=\"old\"></a><p id=\"a&amp;b\">",
        "<a href=\"#caf%C3%A9\"></a><a href=\"#café\"></a><a href=\"#old\"></a>",
        "<a href=\"#a&amp;b\"></a><a href=\"#top\"></a><a href=\"#missing\"></a>",
        "<a href=\"./#old\"></a><a href=\"../b/#x\"></a><img srcset=\"i.png 1x, ../j.png 2x\">",
    ));
    assert_eq!(
        problems,
        [ProblemKind::MissingId {
            href: "#missing".into(),
            target: "nl/a/index.html".into(),
            id: "missing".into()
        }]
    );
    // Other links to the page itself are checked with the links to other files.
    assert_eq!(
        links,
        [
            ("nl/a/index.html#old".to_owned(), "./#old".to_owned()),
            ("nl/b/index.html#x".to_owned(), "../b/#x".to_owned()),
            ("nl/a/i.png".to_owned(), "i.png".to_owned()),
            ("nl/j.png".to_owned(), "../j.png".to_owned()),
        ]
    );
}

#[test]
fn links_are_keyed_by_what_they_mean() {
    let keys = |page: &str, html: &str| {
        let mut keys = Vec::new();
        check_page(
            &Arc::from(page),
            html.as_bytes(),
            &Known::default(),
            &SiteBase::new(Some("https://example.org/g/")),
            &mut Vec::new(),
            |link| keys.push(link.key),
        );
        keys
    };
    // Siblings link to each other by the same `../x/`, and to the root in three ways.
    let a = keys(
        "nl/gids/a/index.html",
        r#"<a href="../x/"><a href="../../../"><a href="https://example.org/g/"><a href="/g/">"#,
    );
    let b = keys(
        "nl/gids/b/index.html",
        r#"<a href="../x/"><a href="x.png">"#,
    );
    assert_eq!(a[0], b[0]);
    assert!(a[1] == a[2] && a[2] == a[3], "{a:?}");
    let c = keys("nl/gids/a/index.html", r#"<a href="x.png">"#);
    assert_ne!(b[1], c[0]);
    // A page with a `<base>` keys its links apart.
    let d = keys(
        "nl/gids/c/index.html",
        r#"<base href="./"><a href="../x/">"#,
    );
    assert_ne!(a[0], d[0]);
}

#[test]
fn tabs_and_newlines_in_urls_are_dropped_as_browsers_do() {
    let (problems, links) = check(
        "<a href=\"java\tscript:alert(1)\"></a><a href=\"java&#x0A;script:x\"></a><a href=\"../b\n/\">",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        links,
        [
            ("Outside".to_owned(), "java\tscript:alert(1)".to_owned()),
            ("Outside".to_owned(), "java&#x0A;script:x".to_owned()),
            ("nl/b/index.html".to_owned(), "../b\n/".to_owned()),
        ]
    );
}

#[test]
fn duplicate_ids_are_found() {
    let (problems, _) = check(r#"<p id="x"></p><p id="y"><a id="x"></a><b id='x'><a name="y">"#);
    assert_eq!(
        problems,
        [ProblemKind::DuplicateId {
            id: "x".into(),
            count: 3
        }]
    );
    let (problems, _) = check(r#"<p id="a&amp;b"></p><p id="a&#38;b">"#);
    assert_eq!(
        problems,
        [ProblemKind::DuplicateId {
            id: "a&b".into(),
            count: 2
        }]
    );
}

#[test]
fn a_base_element_changes_what_links_are_relative_to() {
    let (problems, links) = check(r##"<base href="../"><p id="x"><a href="#x"></a><a href="b/">"##);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        links,
        [
            ("nl/index.html#x".to_owned(), "#x".to_owned()),
            ("nl/b/index.html".to_owned(), "b/".to_owned()),
        ]
    );
    let (problems, links) = check(r#"<base href="https://other.example/"><a href="nowhere/">"#);
    assert!(problems.is_empty() && links.is_empty());
}

fn page(path: &str, html: &str) -> OutputFile {
    OutputFile {
        path: path.to_owned(),
        contents: Contents::Bytes(html.as_bytes().to_vec()),
        known: Default::default(),
    }
}

#[test]
fn links_between_files_are_checked_when_all_are_seen() {
    let verifier = Verifier::new(None);
    verifier.see(&page(
        "nl/b/index.html",
        r#"<p id="x"><a href="../a/#y"></a><a href="../gone/"></a><a href="../gone/#z"></a>"#,
    ));
    verifier.see(&page(
        "nl/a/index.html",
        r#"<p id="y"><a href="../b/#x"></a><a href="../b/#w"></a><img src="../pic.png"><a href="../b">"#,
    ));
    verifier.see(&OutputFile {
        path: "nl/pic.png".to_owned(),
        contents: Contents::Static(b""),
        known: Default::default(),
    });
    let (_, problems) = verifier.finish();
    assert_eq!(
        problems,
        [
            Problem {
                page: "nl/a/index.html".into(),
                kind: ProblemKind::MissingId {
                    href: "../b/#w".into(),
                    target: "nl/b/index.html".into(),
                    id: "w".into()
                },
                also: 0,
            },
            Problem {
                page: "nl/b/index.html".into(),
                kind: ProblemKind::MissingFile {
                    href: "../gone/".into(),
                    target: "nl/gone/index.html".into()
                },
                also: 0,
            },
        ]
    );
}

#[test]
fn a_broken_link_under_a_base_is_reported_on_the_first_page_with_it() {
    let verifier = Verifier::new(None);
    // Both pages' links are relative to `nl/`: one link, reported on the first page in path
    // order, resolved against that page's base.
    verifier.see(&page(
        "nl/y/index.html",
        r#"<base href="../"><a href="gone/">"#,
    ));
    verifier.see(&page(
        "nl/x/index.html",
        r#"<base href="../"><a href="gone/">"#,
    ));
    verifier.see(&page("nl/index.html", r#"<a href="x/"></a><a href="y/">"#));
    let (_, problems) = verifier.finish();
    assert_eq!(
        problems,
        [Problem {
            page: "nl/x/index.html".into(),
            kind: ProblemKind::MissingFile {
                href: "gone/".into(),
                target: "nl/gone/index.html".into()
            },
            also: 1,
        }]
    );
}

#[test]
fn the_fragments_of_links_to_one_page_are_each_checked() {
    let verifier = Verifier::new(None);
    verifier.see(&page(
        "nl/b/index.html",
        r#"<h2 id="x">x</h2><h2 id="a&amp;b">a</h2><h2 id="café">c</h2><p id="a&amp;amp;c">"#,
    ));
    verifier.see(&page(
        "nl/a/index.html",
        r##"<a href="../b/#x"></a><a href="../b/#a&amp;b"></a><a href="../b/#caf%C3%A9"></a>
        <a href="../b/#top"></a><a href="../b/#gone"></a><a href="../b/#a&amp;c"></a>
        <a href="../b/#x&#10;"></a><a href="../b/"></a><a href="../pic.png#x"></a>"##,
    ));
    verifier.see(&OutputFile {
        path: "nl/pic.png".to_owned(),
        contents: Contents::Static(b""),
        known: Default::default(),
    });
    let (_, problems) = verifier.finish();
    let missing: Vec<&str> = problems
        .iter()
        .map(|p| match &p.kind {
            ProblemKind::MissingId { id, .. } => &**id,
            other => panic!("{other:?}"),
        })
        .collect();
    // `#a&amp;c` is `#a&c`, which is no id, though the id `a&amp;c` is written so.
    assert_eq!(missing, ["a&c", "gone"]);
}

#[test]
fn a_query_of_a_page_is_checked_on_each_page_of_its_folder() {
    let verifier = Verifier::new(None);
    verifier.see(&page("a/x.html", r#"<p id="k"><a href="?q#k"></a>"#));
    verifier.see(&page(
        "a/y.html",
        r#"<a href="?q#k"></a><a href="./?q#k"></a>"#,
    ));
    verifier.see(&page("a/index.html", r#"<p id="k">"#));
    let (_, problems) = verifier.finish();
    assert_eq!(
        problems,
        [Problem {
            page: "a/y.html".into(),
            kind: ProblemKind::MissingId {
                href: "?q#k".into(),
                target: "a/y.html".into(),
                id: "k".into()
            },
            also: 0,
        }]
    );
}

#[test]
fn an_edit_is_verified_against_every_link_still_in_the_output() {
    let verifier = Verifier::keeping_links(None);
    verifier.see(&page(
        "nl/a/index.html",
        r#"<p id="y"><a href="../b/#x"></a>"#,
    ));
    verifier.see(&page(
        "nl/b/index.html",
        r#"<p id="x"><a href="../a/#y"></a>"#,
    ));
    verifier.see(&page("nl/c/index.html", r#"<a href="../b/"></a>"#));
    verifier.see(&page("nl/f/index.html", ""));
    verifier.see(&page("nl/g/index.html", r#"<a href="../f"></a>"#));
    let (mut index, problems) = verifier.finish();
    assert!(problems.is_empty(), "{problems:?}");
    let edit = |index: &Index, html: &str, removed: &[&str]| {
        let removed: Vec<String> = removed.iter().map(|p| (*p).to_owned()).collect();
        index.update(&[page("nl/a/index.html", html)], &removed)
    };
    // Links of the page that are new to the output are checked, …
    assert!(edit(&index, r#"<p id="y"><a href="../c/"></a>"#, &[]).is_some());
    assert!(edit(&index, r#"<p id="y"><a href="../d/"></a>"#, &[]).is_none());
    // … and so is every link of the rest when a file or an id goes away.
    assert!(edit(&index, r#"<p id="other">"#, &[]).is_none());
    assert!(edit(&index, r#"<p id="y">"#, &["nl/c/index.html"]).is_some());
    assert!(edit(&index, r#"<p id="y">"#, &["nl/b/index.html"]).is_none());
    // Once applied, the links a page no longer has are not checked again: `c` may go.
    let update = edit(&index, r#"<p id="y"><a href="../c/"></a>"#, &[]).unwrap();
    index.apply(update);
    let update = edit(&index, r#"<p id="y">"#, &[]).unwrap();
    index.apply(update);
    assert!(index.update(&[], &["nl/c/index.html".to_owned()]).is_some());
    // A link to a folder without its `/` leads to the folder's page too.
    assert!(index.update(&[], &["nl/f/index.html".to_owned()]).is_none());
}

#[test]
fn the_first_page_in_path_order_is_named() {
    let verifier = Verifier::new(None);
    verifier.see(&page("b/index.html", r#"<a href="../gone/">"#));
    verifier.see(&page("a/index.html", r#"<a href="../gone/">"#));
    verifier.see(&page(
        "c/index.html",
        r#"<a href="../gone/"><a href="../gone/">"#,
    ));
    let (_, problems) = verifier.finish();
    assert_eq!(problems.len(), 1);
    assert_eq!(&*problems[0].page, "a/index.html");
    assert_eq!(problems[0].also, 2);
}

#[test]
fn a_page_counts_each_link_once_however_often_it_has_it() {
    let verifier = Verifier::keeping_links(None);
    // A `srcset` of many URLs, more than the page has attributes, each once and again.
    let candidates: Vec<String> = (0..40).map(|i| format!("../gone/{i}.png {i}w")).collect();
    let srcset = candidates.join(", ");
    verifier.see(&page(
        "a/index.html",
        &format!(r#"<img srcset="{srcset}"><img srcset="{srcset}"><a href="../gone/0.png">"#),
    ));
    verifier.see(&page("b/index.html", r#"<img src="../gone/0.png">"#));
    let (index, problems) = verifier.finish();
    assert_eq!(problems.len(), 40);
    let counts: Vec<u32> = problems.iter().map(|p| p.also).collect();
    assert_eq!(
        counts.iter().filter(|&&also| also == 1).count(),
        1,
        "{counts:?}"
    );
    assert!(problems.iter().all(|p| &*p.page == "a/index.html"));
    let keys = &index.page_links[&hash_path(b"a/index.html")];
    assert_eq!(keys.len(), 40);
}

#[test]
fn paths_are_ordered_as_strings() {
    let paths = [
        "",
        "a",
        "de/guide-00085/a/index.html",
        "de/guide-00085/a/index.htm",
        "de/guide-00085/b",
        "de/guide-00085/",
        "de/guide-00085/aa/index.html",
        "en/index.html",
        "é/index.html",
        "de/guide-00085/a/index.html/x",
    ];
    for a in paths {
        for b in paths {
            assert_eq!(before(a, b), a < b, "{a} {b}");
        }
    }
}

#[test]
fn links_counted_on_many_workers_are_merged() {
    let verifier = Verifier::new(None);
    let pages: Vec<OutputFile> = (0..200)
        .rev()
        .map(|i| page(&format!("p{i:03}/index.html"), r#"<a href="../gone/">"#))
        .collect();
    pages.par_iter().for_each(|file| verifier.see(file));
    let (_, problems) = verifier.finish();
    assert_eq!(problems.len(), 1);
    assert_eq!(&*problems[0].page, "p000/index.html");
    assert_eq!(problems[0].also, 199);
}

/// A page at `nl/a/index.html` made of `before`, a part whose ids and URLs are known (they
/// are what the part says: debug builds check that), and `after`.
fn with_known(before: &str, part: &str, after: &str, ids: &[&str], urls: &[&str]) -> OutputFile {
    let start = before.len();
    let urls = urls
        .iter()
        .map(|url| {
            let at = start
                + part
                    .find(&format!("\"{url}\""))
                    .expect("the URL is in the part")
                + 1;
            at..at + url.len()
        })
        .collect();
    OutputFile {
        known: Known {
            parts: vec![KnownPart {
                range: start..start + part.len(),
                ids: ids.iter().map(|id| (*id).to_owned()).collect(),
                urls,
            }],
            labelled: None,
        },
        ..page("nl/a/index.html", &[before, part, after].concat())
    }
}

fn problems_of(file: &OutputFile) -> Vec<ProblemKind> {
    let verifier = Verifier::new(None);
    verifier.see(file);
    let (_, problems) = verifier.finish();
    problems.into_iter().map(|p| p.kind).collect()
}

#[test]
fn a_known_part_counts_as_the_renderer_says_and_the_rest_is_scanned() {
    let part = r##"<h2 id="k">K</h2><p><a href="../b/">b</a> <a href="#top2">t</a></p>"##;
    let file = with_known(
        r##"<nav><a href="#k">k</a></nav><div class="prose">"##,
        part,
        r#"</div><p id="top2">"#,
        &["k"],
        &["../b/", "#top2"],
    );
    assert_eq!(
        problems_of(&file),
        [ProblemKind::MissingFile {
            href: "../b/".into(),
            target: "nl/b/index.html".into(),
        }]
    );
    // An id of the part that the rest of the page has too.
    let file = with_known(
        r#"<p id="k">"#,
        part,
        r#"<p id="top2">"#,
        &["k"],
        &["../b/", "#top2"],
    );
    assert!(problems_of(&file).contains(&ProblemKind::DuplicateId {
        id: "k".into(),
        count: 2
    }));
}

#[test]
fn a_known_part_that_is_not_in_the_text_of_the_page_is_scanned() {
    // In a comment the browser sees no heading, so the link to it is broken, whatever the
    // renderer said of the part; in a tag, the part is read as the scan of any page reads it.
    let part = r#"<h2 id="k">K</h2>"#;
    for (before, after) in [("<!-- ", " -->"), ("<p title='", "'>")] {
        let file = with_known(
            &format!(r##"<a href="#k"></a>{before}"##),
            part,
            after,
            &["k"],
            &[],
        );
        let unknown = OutputFile {
            known: Known::default(),
            ..file.clone()
        };
        assert_eq!(problems_of(&file), problems_of(&unknown), "{before}");
    }
    let file = with_known(r##"<a href="#k"></a><!--"##, part, "-->", &["k"], &[]);
    assert_eq!(
        problems_of(&file),
        [ProblemKind::MissingId {
            href: "#k".into(),
            target: "nl/a/index.html".into(),
            id: "k".into(),
        }]
    );
}

/// The page at `nl/a/index.html` that the labelled `template` renders, with its Tera
/// expressions (`{{ x | safe }}`, the only kind these tests use) replaced by `texts` in order.
fn labelled(template: &str, texts: &[&str]) -> OutputFile {
    let mut html = crate::output::label_template(template).expect("labelled");
    for text in texts {
        let at = html.find("{{").expect("a text for each expression");
        let end = at + html[at..].find("}}").expect("an expression") + 2;
        html.replace_range(at..end, text);
    }
    let mut bytes = html.into_bytes();
    let labelled = crate::output::unlabel(&mut bytes);
    assert!(labelled.is_some(), "{template}");
    OutputFile {
        path: "nl/a/index.html".to_owned(),
        contents: Contents::Bytes(bytes),
        known: Known {
            parts: Vec::new(),
            labelled,
        },
    }
}

fn missing_file(href: &str, target: &str) -> ProblemKind {
    ProblemKind::MissingFile {
        href: href.into(),
        target: target.into(),
    }
}

fn missing_id(href: &str) -> ProblemKind {
    ProblemKind::MissingId {
        href: href.into(),
        target: "nl/a/index.html".into(),
        id: href[1..].into(),
    }
}

#[test]
fn a_labelled_page_is_verified_as_a_scanned_one() {
    let template = r##"<a href="#main">skip</a><link rel="stylesheet" href="../../style.css">
<main id="main"><div class="prose">
{{ body | safe }}
</div><nav><a href="#h-1">1</a><a href="../b/#x">b</a></nav></main>"##;
    let style = missing_file("../../style.css", "style.css");
    let b = missing_file("../b/#x", "nl/b/index.html");
    let cases = [
        (
            r#"<h2 id="h-1">One</h2><p><a href="missing.pdf">a</a></p>"#,
            vec![
                style.clone(),
                b.clone(),
                missing_file("missing.pdf", "nl/a/missing.pdf"),
            ],
        ),
        // An id of the text that the templates' part has too, and a link to no id.
        (
            r##"<p id="main"><a href="#nowhere">n</a></p>"##,
            vec![
                style.clone(),
                b,
                ProblemKind::DuplicateId {
                    id: "main".into(),
                    count: 2,
                },
                missing_id("#nowhere"),
                missing_id("#h-1"),
            ],
        ),
        // A text whose comment hides the rest of the page: the page is scanned whole, as a
        // browser reads it, and the broken links after the text are no links.
        ("<p>x</p><!-- to be continued", vec![style]),
    ];
    for (text, expected) in cases {
        let file = labelled(template, &[text]);
        let scanned = OutputFile {
            known: Known::default(),
            ..file.clone()
        };
        let mut problems = problems_of(&file);
        problems.sort();
        let mut want = expected;
        want.sort();
        assert_eq!(problems, want, "{text}");
        let mut by_scan = problems_of(&scanned);
        by_scan.sort();
        assert_eq!(problems, by_scan, "{text}");
    }
}
