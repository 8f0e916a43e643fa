//! The whole guide on one page, to print: its introduction, every section in order and its
//! checklist. Each part's headings go one level down (the part's title is the `h2`), every id
//! in it gets the part's anchor as a prefix so that ids stay unique on the page, and links to
//! the guide's own pages become anchors on this one.

use std::collections::HashMap;

use super::view::*;
use super::Cx;
use crate::date::Date;
use crate::links::encode_segment;
use crate::model::{GuideId, PageId};
use crate::output::KnownIds;

/// The anchor of the checklist on the whole-guide page.
const CHECKLIST: &str = "checklist";

/// Where each page of the guide is on the whole-guide page: the anchor it became, by its URL
/// relative to that page.
struct Anchors(HashMap<String, String>);

impl Anchors {
    /// A link to a page of the guide as an anchor on this page (`../listen/#questions` →
    /// `#s2-listen--questions`); other links as they are.
    fn map(&self, url: String) -> String {
        let (page, fragment) = match url.split_once('#') {
            Some((page, fragment)) => (page, Some(fragment)),
            None => (url.as_str(), None),
        };
        match (self.0.get(page), fragment) {
            (Some(anchor), None) => format!("#{}", encode_segment(anchor)),
            (Some(anchor), Some(fragment)) => format!("#{}--{fragment}", encode_segment(anchor)),
            (None, _) => url,
        }
    }
}

impl Cx<'_> {
    /// The view of the whole-guide page `id` of guide `g`.
    pub(super) fn print_view(&self, id: PageId, g: GuideId) -> PrintView {
        let site = self.site;
        let guide = &site.guides[g];
        let section_anchors: Vec<String> = guide
            .sections
            .iter()
            .enumerate()
            .map(|(n, &s)| section_anchor(n, &site.pages[s].url))
            .collect();
        let mut anchors = HashMap::new();
        anchors.insert(self.url(id, guide.page), "intro".to_owned());
        for (&section, anchor) in guide.sections.iter().zip(&section_anchors) {
            anchors.insert(self.url(id, section), anchor.clone());
        }
        if let Some(checklist) = guide.checklist {
            anchors.insert(self.url(id, checklist), CHECKLIST.to_owned());
        }
        let anchors = Anchors(anchors);
        let intro = self
            .print_part(id, guide.page, "intro", &anchors)
            .filter(|part| !part.body.html.trim().is_empty())
            .map(|part| PrintPart {
                title: self.strings(id).get("introduction").to_owned(),
                description: None,
                ..part
            });
        let sections = guide
            .sections
            .iter()
            .zip(&section_anchors)
            .filter_map(|(&s, anchor)| self.print_part(id, s, anchor, &anchors));
        PrintView {
            parts: intro.into_iter().chain(sections).collect(),
            checklist: guide
                .checklist
                .map(|_| self.print_checklist(id, g, &anchors, &section_anchors)),
            checklist_id: CHECKLIST,
        }
    }

    /// The introduction or a section: its text, dates and notice, its ids prefixed.
    fn print_part(
        &self,
        id: PageId,
        part: PageId,
        anchor: &str,
        anchors: &Anchors,
    ) -> Option<PrintPart> {
        let site = self.site;
        let page = &site.pages[part];
        let text = page.kind.text()?;
        let doc = &site.docs[text.doc];
        let front = &doc.document.front;
        let strings = self.strings(id);
        let date = |d: Option<Date>| {
            d.map(|d| DateView {
                iso: d.to_string(),
                display: strings.date(d),
            })
        };
        let (lang, dir) = self.text_lang(part);
        let html = demote_and_prefix(&doc.rendered.html, anchor);
        Some(PrintPart {
            id: anchor.to_owned(),
            title: page.title.clone(),
            description: front.description.clone(),
            lang,
            dir,
            notice: self.section_notice(part),
            updated: date(front.updated),
            last_reviewed: date(front.last_reviewed),
            next_review: date(front.next_review.as_ref().map(|(d, _)| *d)),
            body: {
                let (html, urls) = self.html_linked(id, text.doc, &html, |url| anchors.map(url));
                let known = |urls| {
                    let ids = KnownIds {
                        prefix: Some(anchor.into()),
                        ids: doc.rendered.ids(),
                    };
                    (ids, urls)
                };
                Body {
                    html,
                    known: urls.map(known),
                }
            },
        })
    }

    /// The guide's checklist, its links leading to the sections on this page.
    fn print_checklist(
        &self,
        id: PageId,
        g: GuideId,
        anchors: &Anchors,
        section_anchors: &[String],
    ) -> ChecklistView {
        let site = self.site;
        let guide = &site.guides[g];
        let mut view = self.checklist_view(id, g);
        let mut items = guide.items.iter();
        let prefixes: HashMap<PageId, &str> = guide
            .sections
            .iter()
            .copied()
            .zip(section_anchors.iter().map(String::as_str))
            .collect();
        for group in &mut view.groups {
            group.section.url = anchors.map(std::mem::take(&mut group.section.url));
            for item in &mut group.items {
                item.url = anchors.map(std::mem::take(&mut item.url));
                let Some(source) = items.next() else { continue };
                // An item's label is part of its section's text: its ids are the section's.
                let prefix = prefixes.get(&source.section).copied().unwrap_or(CHECKLIST);
                let html = demote_and_prefix(&site.item(*source).1.html, prefix);
                item.html = self.item_body(id, source.doc, &html, |url| anchors.map(url));
            }
        }
        view
    }
}

/// The anchor of the `n`th section (from 0) on the whole-guide page: `s1-ken-jezelf`.
fn section_anchor(n: usize, url: &str) -> String {
    let slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    format!("s{}-{slug}", n + 1)
}

/// Attributes that name ids of the page, each a list of ids separated by spaces.
const ID_ATTRIBUTES: &[&str] = &[
    "id",
    "for",
    "headers",
    "list",
    "form",
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "aria-labelledby",
    "aria-owns",
];

/// A document's HTML as a part of the whole-guide page: `h1`–`h5` one level down (an `h6`
/// stays), and every id, reference to an id and `#fragment` link given the prefix
/// `<prefix>--`. Reads tags as `verify` does (quotes, comments, the text of raw-text
/// elements skipped); the text between tags is left as it is.
pub(super) fn demote_and_prefix(html: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(rest.len(), |e| e + 7);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let (tag, after) = rewrite_tag(rest, prefix, &mut out);
        rest = after;
        // The text of `<script>`, `<style>` and the like is not markup.
        if let Some(name) = tag.filter(|t| RAW_TEXT.contains(&t.as_str())) {
            let end = find_ascii_ci(rest, &format!("</{name}")).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// The byte offset of `needle` (ASCII, lower case) in `text`, in any case.
fn find_ascii_ci(text: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    (0..=text.len().checked_sub(n)?)
        .find(|&i| text.as_bytes()[i..i + n].eq_ignore_ascii_case(needle.as_bytes()))
}

/// Writes the tag at the start of `html` (which starts with `<`), rewritten; returns the
/// name of a start tag in lower case, and the text after the tag.
fn rewrite_tag<'h>(html: &'h str, prefix: &str, out: &mut String) -> (Option<String>, &'h str) {
    let bytes = html.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        out.push('<');
        return (None, &html[1..]);
    }
    let name_end = html[name_start..]
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .map_or(html.len(), |e| name_start + e);
    let name = html[name_start..name_end].to_ascii_lowercase();
    out.push_str(&html[..name_start]);
    match demoted(&name) {
        Some(h) => out.push_str(&h),
        None => out.push_str(&html[name_start..name_end]),
    }
    let mut at = name_end;
    // Attributes: a name, maybe `=` and a value, until `>`.
    loop {
        let space = html[at..]
            .find(|c: char| !c.is_ascii_whitespace() && c != '/')
            .map_or(html.len(), |s| at + s);
        out.push_str(&html[at..space]);
        at = space;
        if at >= html.len() || bytes[at] == b'>' {
            break;
        }
        let attr_end = html[at..]
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .map_or(html.len(), |e| at + e)
            .max(at + 1);
        let attr = html[at..attr_end].to_ascii_lowercase();
        out.push_str(&html[at..attr_end]);
        at = attr_end;
        let eq = html[at..]
            .find(|c: char| !c.is_ascii_whitespace())
            .map_or(html.len(), |s| at + s);
        if bytes.get(eq) != Some(&b'=') {
            continue;
        }
        let value_start = html[eq + 1..]
            .find(|c: char| !c.is_ascii_whitespace())
            .map_or(html.len(), |s| eq + 1 + s);
        out.push_str(&html[at..value_start]);
        let (quote, inner_start) = match bytes.get(value_start) {
            Some(&q @ (b'"' | b'\'')) => (Some(q as char), value_start + 1),
            _ => (None, value_start),
        };
        let inner_end = match quote {
            Some(q) => html[inner_start..]
                .find(q)
                .map_or(html.len(), |e| inner_start + e),
            None => html[inner_start..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .map_or(html.len(), |e| inner_start + e),
        };
        out.push_str(&html[value_start..inner_start]);
        let value = &html[inner_start..inner_end];
        out.push_str(&rewrite_value(&name, &attr, value, prefix));
        at = inner_end;
        if quote.is_some() && at < html.len() {
            out.push_str(&html[at..at + 1]);
            at += 1;
        }
    }
    if at < html.len() {
        out.push('>');
        at += 1;
    }
    ((!closing).then_some(name), &html[at..])
}

/// `h2` for `h1`, …, `h6` for `h5`; `None` for every other tag (and `h6`).
fn demoted(name: &str) -> Option<String> {
    match name.as_bytes() {
        [b'h', level @ b'1'..=b'5'] => Some(format!("h{}", (level + 1) as char)),
        _ => None,
    }
}

/// An attribute's value with its ids prefixed (as `KnownIds` gives them to the verifier).
fn rewrite_value(tag: &str, attr: &str, value: &str, prefix: &str) -> String {
    let names_ids = ID_ATTRIBUTES.contains(&attr) || (tag == "a" && attr == "name");
    if names_ids {
        return value
            .split(' ')
            .map(|id| {
                if id.is_empty() {
                    String::new()
                } else {
                    [prefix, KnownIds::JOIN, id].concat()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    match value.strip_prefix('#') {
        Some(fragment) if attr == "href" && !fragment.is_empty() => {
            format!("#{}{}{fragment}", encode_segment(prefix), KnownIds::JOIN)
        }
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_go_one_level_down_and_ids_get_the_prefix() {
        let html = "<h2 id=\"vragen\">Vragen</h2>\n<p>Zie <a href=\"#vragen\">hier</a>\
                    <sup><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup></p>\
                    <ul class=\"task-list\" data-guide=\"g\"><li class=\"task\" id=\"lijst\">\
                    <input type=\"checkbox\" id=\"lijst-box\"><label for=\"lijst-box\">x</label></li></ul>\
                    <h6>Klein</h6><H1 class=x>Groot</H1>";
        assert_eq!(
            demote_and_prefix(html, "s1-luister"),
            "<h3 id=\"s1-luister--vragen\">Vragen</h3>\n<p>Zie <a href=\"#s1-luister--vragen\">hier</a>\
             <sup><a href=\"#s1-luister--fn-1\" id=\"s1-luister--fnref-1\">1</a></sup></p>\
             <ul class=\"task-list\" data-guide=\"g\"><li class=\"task\" id=\"s1-luister--lijst\">\
             <input type=\"checkbox\" id=\"s1-luister--lijst-box\"><label for=\"s1-luister--lijst-box\">x</label></li></ul>\
             <h6>Klein</h6><h2 class=x>Groot</h2>"
        );
    }

    #[test]
    fn text_comments_and_scripts_are_left_alone() {
        let html = "<p>a &lt; b id=\"x\" 3<4</p><!-- <h2 id=\"c\"> --><script>if (a<b) x='<h2 id=\"s\">'</script>\
                    <a href='#y' aria-describedby='p q'>y</a><img alt=\"\" src=\"\u{2}L0\u{3}\"><a href=\"#\">top</a>";
        assert_eq!(
            demote_and_prefix(html, "p"),
            "<p>a &lt; b id=\"x\" 3<4</p><!-- <h2 id=\"c\"> --><script>if (a<b) x='<h2 id=\"s\">'</script>\
             <a href='#p--y' aria-describedby='p--p p--q'>y</a><img alt=\"\" src=\"\u{2}L0\u{3}\"><a href=\"#\">top</a>"
        );
    }

    #[test]
    fn unfinished_markup_does_not_panic() {
        for html in [
            "<",
            "<h2",
            "<a href=\"#x",
            "<a href=",
            "<!--",
            "<script>",
            "</",
            "<p id='",
            "<a b c>",
        ] {
            let _ = demote_and_prefix(html, "p");
        }
    }

    #[test]
    fn links_to_the_guide_become_anchors() {
        let anchors = Anchors(HashMap::from([
            ("../".to_owned(), "intro".to_owned()),
            ("../luister/".to_owned(), "s2-luister".to_owned()),
        ]));
        assert_eq!(anchors.map("../luister/".to_owned()), "#s2-luister");
        assert_eq!(
            anchors.map("../luister/#vragen".to_owned()),
            "#s2-luister--vragen"
        );
        assert_eq!(anchors.map("../#waarom".to_owned()), "#intro--waarom");
        assert_eq!(anchors.map("../../over/".to_owned()), "../../over/");
        assert_eq!(
            anchors.map("https://example.org/".to_owned()),
            "https://example.org/"
        );
        assert_eq!(section_anchor(0, "nl/gids/ken-jezelf/"), "s1-ken-jezelf");
    }
}
