//! Anchors across languages: a fallback page shows another language's text, whose anchors
//! must be found in the pages its links lead to in this language.

use std::collections::BTreeMap;

use super::*;
use crate::diagnostics::Code;

/// The anchor `fragment` of document `from` as it is named in `to`, a translation of the same
/// page: explicit ids and item ids are the same in every translation; a derived heading id
/// is found by the heading's place, when both outlines have the same headings at the same
/// levels. `None` when there is no such anchor.
pub fn map_fragment<'a>(
    site: &'a Site,
    from: DocId,
    to: DocId,
    fragment: &'a str,
) -> Option<&'a str> {
    let target = &site.docs[to];
    if from == to || anchors(target).any(|id| id == fragment) {
        return Some(fragment);
    }
    let source = &site.docs[from].rendered.headings;
    let headings = &target.rendered.headings;
    let place = source.iter().position(|h| h.id == fragment)?;
    let same_outline = source.len() == headings.len()
        && source.iter().zip(headings).all(|(a, b)| a.level == b.level);
    same_outline.then(|| headings[place].id.as_str())
}

/// Links with an anchor, shown on fallback pages in another language, whose anchor has no
/// counterpart in the page they lead to there: they lead to the top of that page instead.
pub(super) fn unmapped_anchors(site: &Site, targets: &[Arc<[Target]>]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // The languages whose fallback pages show each document, in order: the pages are.
    let mut shown_in: BTreeMap<DocId, Vec<LangId>> = BTreeMap::new();
    for page in site.pages.iter().filter(|p| p.fallback()) {
        if let Some(doc) = page.doc() {
            shown_in.entry(doc).or_default().push(page.lang);
        }
    }
    for (doc_id, fallbacks) in shown_in {
        let (doc, targets) = (&site.docs[doc_id], &targets[doc_id.index()]);
        for (link, target) in doc.rendered.links.iter().zip(targets.iter()) {
            let Target::Page {
                key,
                lang: None,
                fragment: Some(fragment),
            } = target
            else {
                continue;
            };
            let Some(checked) = site.page(doc.lang, key).and_then(|p| site.pages[p].doc()) else {
                continue;
            };
            let mut warned = BTreeSet::new();
            for &lang in &fallbacks {
                let Some(shown) = site.page(lang, key).and_then(|p| site.pages[p].doc()) else {
                    continue;
                };
                if map_fragment(site, checked, shown, fragment).is_some() || !warned.insert(shown) {
                    continue;
                }
                let shown_path =
                    crate::diagnostics::display_path(&site.docs[shown].document.src.path);
                diags.push(
                    Diagnostic::warning(
                        Code::UnmappedAnchor,
                        format!(
                            "`{shown_path}` has no anchor that matches `#{fragment}`, so on the `{}` page that shows this text the link leads to the top of that page",
                            site.languages[lang].tag
                        ),
                    )
                    .at_range(&doc.document.src, link.range.clone())
                    .help(format!(
                        "give the heading the same explicit id in both files: `## … {{#{fragment}}}`; the headings of the two files differ, so leidraad cannot match them by their place"
                    )),
                );
            }
        }
    }
    diags
}
