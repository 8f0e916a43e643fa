use super::nesting::raw_html_depth;
use super::tasks::LINK_TO_ITEM;
use super::*;

fn render_str(body: &str) -> (Rendered, Vec<Diagnostic>) {
    let src = SourceText::new("content/nl/gids/01-stap.md".into(), body);
    render(
        &src,
        0,
        Context {
            item_stem: "stap",
            guide: "gids",
            callouts: ["Opmerking", "Tip", "Belangrijk", "Waarschuwing", "Let op"],
        },
    )
}

/// Renders and fills every placeholder with something readable.
fn html(body: &str) -> String {
    let (rendered, diags) = render_str(body);
    assert!(diags.is_empty(), "{diags:?}");
    pieces(&rendered.html)
        .map(|p| match p {
            Piece::Html(h) => h.to_owned(),
            Piece::Link(n) => format!("[{}]", rendered.links[n].dest),
            Piece::String(key) => format!("{{{key}}}"),
        })
        .collect()
}

#[track_caller]
fn check(body: &str, expected: &str) {
    let out = html(body);
    assert!(out.contains(expected), "expected {expected:?} in\n{out}");
}

#[test]
fn task_items_become_labelled_checkboxes() {
    check(
        "- [ ] Bel de huisarts {#bel}",
        r##"<li class="task" id="bel"><input type="checkbox" class="task-box" id="bel-box" data-item="bel"><label for="bel-box">Bel de huisarts</label> <a class="task-anchor" href="#bel" aria-label="{link_to_item}">#</a></li>"##,
    );
    check(
        "- [x] Klaar",
        r##"data-item="stap-1" checked><label for="stap-1-box">Klaar</label>"##,
    );
    check(
        "- [ ] a\n- [ ] b",
        r##"<ul class="task-list" data-guide="gids">"##,
    );
    check(
        "3. [ ] drie",
        r##"<ol start="3" class="task-list" data-guide="gids">"##,
    );
}

#[test]
fn items_keep_their_inline_markdown() {
    check(
        "- [ ] Lees *eerst* [dit](02-b.md) {#lees}",
        r##"<label for="lees-box">Lees <em>eerst</em> <a href="[02-b.md]">dit</a></label>"##,
    );
    let (rendered, _) = render_str("- [ ] Lees *eerst* [dit](02-b.md) {#lees}");
    let item = &rendered.items[0];
    assert_eq!(item.text, "Lees eerst dit");
    assert!(item.explicit);
    assert_eq!(
        item.html,
        format!("Lees <em>eerst</em> <a href=\"{}\">dit</a>", placeholder(0))
    );
}

#[test]
fn loose_and_nested_items() {
    let out = html("- [ ] Een\n\n- [ ] Twee {#twee}\n  - [ ] Binnen\n");
    assert!(
        out.contains(r##"<p><input type="checkbox" class="task-box" id="stap-1-box""##),
        "{out}"
    );
    assert!(out.contains(r##"id="twee""##));
    assert!(out.contains(r##"id="stap-3""##), "{out}");
    let (rendered, _) = render_str("- [ ] Een\n  - [ ] Binnen\n- [ ] Drie");
    let ids: Vec<&str> = rendered.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["stap-1", "stap-2", "stap-3"]);
}

#[test]
fn derived_ids_avoid_explicit_ones() {
    let (rendered, _) = render_str("- [ ] a {#stap-2}\n- [ ] b\n");
    let ids: Vec<&str> = rendered.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["stap-2", "stap-2-1"]);
}

#[test]
fn headings_get_ids() {
    let (rendered, _) = render_str("# Titel\n\n## Cliënt één\n\n## Cliënt één\n\n### Eigen {#eigen}\n\n## `code` en *nadruk*\n");
    let ids: Vec<(&str, &str)> = rendered
        .headings
        .iter()
        .map(|h| (h.id.as_str(), h.title.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("titel", "Titel"),
            ("cliënt-één", "Cliënt één"),
            ("cliënt-één-1", "Cliënt één"),
            ("eigen", "Eigen"),
            ("code-en-nadruk", "code en nadruk"),
        ]
    );
    check("## Cliënt één", r##"<h2 id="cliënt-één">Cliënt één</h2>"##);
}

#[test]
fn duplicate_and_invalid_ids_are_errors() {
    let (_, diags) = render_str("## Kop {#x}\n\n- [ ] Item {#x}\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "duplicate-id");
    let (_, diags) = render_str("- [ ] Item {#a.b}\n");
    assert_eq!(diags[0].code, "invalid-id");
    assert_eq!(diags[0].location.as_ref().unwrap().column, 12);
}

#[test]
fn links_and_images_become_placeholders_with_positions() {
    let (rendered, _) =
        render_str("Zie [a](01-a.md#x) en ![b](b.png \"Titel\")\nen <https://x.org>.");
    let dests: Vec<(&str, bool)> = rendered
        .links
        .iter()
        .map(|l| (l.dest.as_str(), l.image))
        .collect();
    assert_eq!(
        dests,
        [
            ("01-a.md#x", false),
            ("b.png", true),
            ("https://x.org", false)
        ]
    );
    assert_eq!(rendered.links[0].range, 4..18);
    check(
        "![Een *mooi* schema](b.png \"Titel\")",
        r##"<img src="[b.png]" alt="Een mooi schema" title="Titel" loading="lazy">"##,
    );
}

#[test]
fn tables_footnotes_and_code() {
    check(
        "| a | b |\n|---|--:|\n| 1 | 2 |\n",
        r##"<div class="table-wrap" tabindex="0"><table>"##,
    );
    check("Tekst[^1].\n\n[^1]: Noot.\n", "footnote-definition");
    check(
        "```rust\nlet x = \"<\";\n```\n",
        r##"<pre tabindex="0"><code class="language-rust">let x = "&lt;";"##,
    );
    check("~~weg~~", "<del>weg</del>");
}

#[test]
fn raw_html_is_flagged() {
    assert!(render_str("Druk <kbd>Ctrl</kbd>").0.has_raw_html);
    assert!(!render_str("Geen html").0.has_raw_html);
    // Issue 9: heading attributes are raw HTML too (`onclick` reached readers uncleaned).
    assert!(render_str("## Kop {onclick=alert(1)}").0.has_raw_html);
    assert!(!render_str("## Kop {#kop .klasse}").0.has_raw_html);
}

#[test]
fn pieces_split_at_placeholders() {
    let text = format!("a{}b{}", placeholder(3), string_placeholder("next"));
    let parts: Vec<Piece<'_>> = pieces(&text).collect();
    assert_eq!(
        parts,
        [
            Piece::Html("a"),
            Piece::Link(3),
            Piece::Html("b"),
            Piece::String("next")
        ]
    );
}

// Issue 9: a page of many equal headings or many checklist items once took quadratic time
// (20 MB of Markdown did not finish in minutes).
#[test]
fn many_equal_headings_and_items_take_linear_time() {
    let n = 20_000;
    let body = "## Kop\n\n- [ ] Punt [a](b.md)\n\n".repeat(n);
    let started = std::time::Instant::now();
    let (rendered, diags) = render_str(&body);
    assert!(diags.is_empty());
    assert_eq!(rendered.headings[0].id, "kop");
    assert_eq!(rendered.headings[n - 1].id, format!("kop-{}", n - 1));
    assert_eq!(rendered.items[n - 1].id, format!("stap-{n}"));
    assert_eq!(
        rendered.items[n - 1].html,
        format!("Punt <a href=\"{}\">a</a>", placeholder(n - 1))
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_derived_id_skips_ids_taken_by_explicit_ones() {
    let (rendered, _) = render_str("## Kop {#kop-1}\n\n## Kop\n\n## Kop\n\n## Kop\n");
    let ids: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["kop-1", "kop", "kop-2", "kop-3"]);
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_where_it_starts() {
    // Each block quote is a level and so is the paragraph in the innermost: 100 levels are
    // fine, the 101st (here the paragraph) is where the error points.
    let ok = format!("{}x\n", ">".repeat(MAX_NESTING - 1));
    assert!(render_str(&ok).1.is_empty());
    let deep = format!("{}x\n", ">".repeat(MAX_NESTING));
    let (rendered, diags) = render_str(&deep);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "too-deep");
    let loc = diags[0].location.as_ref().expect("a location");
    assert_eq!((loc.line, loc.column), (1, MAX_NESTING + 1));
    // Rendered all the same, so that links into the document still resolve.
    assert!(rendered.html.contains("<blockquote>"));
}

#[test]
fn nesting_counts_lists_and_raw_html_elements() {
    // A list level is two elements: the list and its item.
    let lists = format!("{}x\n", "- ".repeat(MAX_NESTING / 2 + 1));
    assert_eq!(render_str(&lists).1[0].code, "too-deep");
    let divs = format!("{}\n\nx\n", "<div>".repeat(MAX_NESTING + 1));
    assert_eq!(render_str(&divs).1[0].code, "too-deep");
    // Closed elements, elements without an end and tags closed in themselves add nothing.
    let flat = format!(
        "{}{}\n",
        "<span>x</span><br><img src=x.png alt=\"\"><x-icon/>".repeat(MAX_NESTING + 1),
        "<b>y</b>"
    );
    let (_, diags) = render_str(&flat);
    assert!(diags.iter().all(|d| d.code != "too-deep"), "{diags:?}");
}

#[test]
fn raw_html_depth_follows_start_and_end_tags() {
    assert_eq!(raw_html_depth("<div><p>x</p>", 0), (1, 2));
    assert_eq!(raw_html_depth("</div></div>", 1), (0, 1));
    assert_eq!(raw_html_depth("<br><hr/><IMG src=x><a href=x/>", 3), (3, 3));
    assert_eq!(raw_html_depth("a < b, <!-- c --> <?x?> <3", 0), (0, 0));
}

#[test]
fn placeholders_are_made_without_formatting_as_they_were_with_it() {
    for n in [0, 7, 10, 99, 12_345, usize::MAX] {
        assert_eq!(placeholder(n), format!("\u{2}L{n}\u{3}"));
    }
    assert_eq!(LINK_TO_ITEM, string_placeholder("link_to_item"));
    assert_eq!(
        link_start(3, "a \"b\""),
        format!("<a href=\"{}\" title=\"a &quot;b&quot;\">", placeholder(3))
    );
}

#[test]
fn raw_html_links_become_placeholders_with_positions() {
    let body = "Zie <a href=\"02-b.md#x\">b</a>.\n\n<picture>\n  <source srcset=\"s.png 1x, m.png 2x\">\n  <img src='p.png' alt=\"Een plaatje\">\n</picture>\n";
    let (rendered, diags) = render_str(body);
    assert!(diags.is_empty(), "{diags:?}");
    let dests: Vec<(&str, bool, &str)> = rendered
        .links
        .iter()
        .map(|l| (l.dest.as_str(), l.image, &body[l.range.clone()]))
        .collect();
    assert_eq!(
        dests,
        [
            ("02-b.md#x", false, "02-b.md#x"),
            ("s.png", true, "s.png"),
            ("m.png", true, "m.png"),
            ("p.png", true, "p.png"),
        ]
    );
    let out = html(body);
    assert!(out.contains("<a href=\"[02-b.md#x]\">b</a>"), "{out}");
    assert!(out.contains("srcset=\"[s.png] 1x, [m.png] 2x\""), "{out}");
    assert!(
        out.contains("<img src=\"[p.png]\" alt=\"Een plaatje\">"),
        "{out}"
    );
}

#[test]
fn raw_html_links_come_before_markdown_links_in_checklist_labels() {
    let (rendered, _) = render_str("<a href=\"a.md\">a</a>\n\n- [ ] Lees [dit](b.md) {#lees}\n");
    assert_eq!(rendered.links[0].dest, "a.md");
    assert_eq!(rendered.links[1].dest, "b.md");
    assert_eq!(
        rendered.items[0].html,
        format!("Lees <a href=\"{}\">dit</a>", placeholder(1))
    );
}

#[test]
fn raw_html_ids_are_anchors_and_must_be_unique() {
    let (rendered, diags) = render_str("<a id=\"oud\"></a>\n\n## Oud\n");
    assert!(diags.is_empty());
    assert_eq!(rendered.other_ids, ["oud"]);
    assert_eq!(rendered.headings[0].id, "oud-1");
    let (_, diags) = render_str("<span id=\"x\"></span> <span id=\"x\"></span>\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "duplicate-id");
}

#[test]
fn footnotes_have_ids_of_their_own() {
    let (rendered, diags) =
        render_str("## 1\n\nTekst[^1] en[^noot].\n\n[^1]: Een.\n[^noot]: Twee.\n");
    assert!(diags.is_empty());
    assert_eq!(rendered.headings[0].id, "1");
    assert_eq!(rendered.other_ids, ["fn-1", "fn-noot"]);
    let out = html("Tekst[^1].\n\n[^1]: Een.\n");
    assert!(
        out.contains("<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>"),
        "{out}"
    );
    assert!(
        out.contains("<div class=\"footnote-definition\" id=\"fn-1\">"),
        "{out}"
    );
}

#[test]
fn migrated_markup_gets_warnings() {
    let (_, diags) = render_str("<aside markdown=\"1\">\n*x*\n</aside>\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, "markdown-in-html");
    assert_eq!(diags[0].location.as_ref().unwrap().column, 8);
    let (_, diags) = render_str("![](a.png) <img src=\"b.png\"> <img src=\"c.png\" alt=\"\">\n");
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["missing-alt", "missing-alt"]);
}

#[test]
fn unclosed_elements_that_hide_the_rest_are_errors_where_they_open() {
    for (body, line) in [
        (
            "Tekst.\n\n<style>\np { color: red }\n\n- [ ] Verdwijnt\n",
            3,
        ),
        ("Tekst <textarea> en meer.\n\n- [ ] Verdwijnt\n", 1),
        ("Tekst.\n\n<template><p>x</p>\n\n- [ ] Verdwijnt\n", 3),
        ("Tekst.\n\n<!-- begin\n\n- [ ] Verdwijnt\n", 3),
    ] {
        let (_, diags) = render_str(body);
        assert_eq!(diags.len(), 1, "{body}: {diags:?}");
        assert_eq!(diags[0].code, "unclosed-html");
        assert_eq!(diags[0].location.as_ref().unwrap().line, line, "{body}");
    }
    for body in [
        "<style>p {}</style>\n\n- [ ] Blijft\n",
        "Tekst <template>x</template>.\n",
        "<script>\nlet a = 1;\n</script>\n",
        "<!-- een opmerking -->\n",
    ] {
        let (_, diags) = render_str(body);
        assert!(diags.is_empty(), "{body}: {diags:?}");
    }
}

#[test]
fn headings_leave_the_theme_ids_and_the_checkboxes_alone() {
    let (rendered, diags) = render_str("## Main\n\n## Bel box\n\n- [ ] Bel {#bel}\n");
    assert!(diags.is_empty(), "{diags:?}");
    let ids: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["main-1", "bel-box-1"]);
    let (_, diags) = render_str("## Hoofdstuk {#main}\n");
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0].message.contains("belongs to the page itself"),
        "{}",
        diags[0].message
    );
}

#[test]
fn github_alerts_are_callouts_with_a_title_in_the_texts_language() {
    let out = html(
        "> [!CAUTION]\n> Vraag **eerst** toestemming.\n\n> [!TIP]\n> Kort.\n\n> Gewoon citaat.\n",
    );
    assert_eq!(
        out,
        "<div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">Let op</p>\n<p>Vraag <strong>eerst</strong> toestemming.</p>\n</div>\n\
         <div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n<p>Kort.</p>\n</div>\n\
         <blockquote>\n<p>Gewoon citaat.</p>\n</blockquote>\n"
    );
}
