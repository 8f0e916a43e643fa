//! What is wrong in the output, as diagnostics that name the page and its Markdown file.

use super::*;
use crate::diagnostics::Code;
use crate::model::DocId;

/// Turns problems into diagnostics. Each names the output page and, where the page shows a
/// document, that document, at the place where the link or id is written when it is found
/// there. Problems with the same URL as written (or the same id) on several pages most often
/// come from one template: they are one error, naming the first page and counting the others.
pub fn diagnostics(problems: &[Problem], site: &Site) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    let docs: HashMap<String, DocId> = site
        .pages
        .iter()
        .filter_map(|p| p.doc().map(|d| (format!("{}index.html", p.url), d)))
        .collect();
    // Groups in the order of their first problem: (first, how many).
    let mut groups: Vec<(&Problem, usize)> = Vec::new();
    let mut group_of: HashMap<(u8, &str), usize> = HashMap::default();
    for problem in problems {
        let key = match &problem.kind {
            ProblemKind::MissingFile { href, .. } => (0, &**href),
            ProblemKind::MissingId { href, .. } => (1, &**href),
            ProblemKind::AboveRoot { href } => (2, &**href),
            ProblemKind::DuplicateId { id, .. } => (3, &**id),
        };
        let pages = 1 + problem.also as usize;
        match group_of.get(&key) {
            Some(&g) => groups[g].1 += pages,
            None => {
                group_of.insert(key, groups.len());
                groups.push((problem, pages));
            }
        }
    }
    let mut out: Vec<Diagnostic> = groups
        .iter()
        .take(REPORTED)
        .map(|&(problem, count)| diagnostic(problem, count - 1, &docs, site))
        .collect();
    if groups.len() > REPORTED {
        out.push(
            Diagnostic::error(
                Code::OutputUnverified,
                format!(
                    "{} more problems in the output are not shown; the first {REPORTED} are above",
                    groups.len() - REPORTED
                ),
            )
            .help("correct those above and build again: one mistake in a template often breaks many pages"),
        );
    }
    out
}

/// The error for one problem, seen on `others` more pages.
pub(super) fn diagnostic(
    problem: &Problem,
    others: usize,
    docs: &HashMap<String, DocId>,
    site: &Site,
) -> Diagnostic {
    let page = &*problem.page;
    let and_others = match others {
        0 => String::new(),
        1 => " (and 1 more page)".to_owned(),
        n => format!(" (and {n} more pages)"),
    };
    let (code, message, why, needles) = match &problem.kind {
        ProblemKind::MissingFile { href, target } => (
            Code::OutputBrokenLink,
            format!(
                "the page `{page}`{and_others} links to `{href}`, but the output has no file `{target}`"
            ),
            "a link in the output must lead to a file the build writes",
            vec![href.to_string()],
        ),
        ProblemKind::MissingId { href, target, id } => (
            Code::OutputBrokenAnchor,
            if **target == *page {
                format!(
                    "the page `{page}`{and_others} links to `{href}`, but has no element with the id `{id}`"
                )
            } else {
                format!(
                    "the page `{page}`{and_others} links to `{href}`, but `{target}` has no element with the id `{id}`"
                )
            },
            "a `#fragment` in the output must name an element of its page",
            vec![href.to_string(), format!("{{#{id}}}")],
        ),
        ProblemKind::AboveRoot { href } => (
            Code::OutputBrokenLink,
            format!(
                "the page `{page}`{and_others} links to `{href}`, which leads out of the output folder"
            ),
            "a link in the output must lead to a file the build writes",
            vec![href.to_string()],
        ),
        ProblemKind::DuplicateId { id, count } => (
            Code::OutputDuplicateId,
            format!("the page `{page}`{and_others} has {count} elements with the id `{id}`"),
            "an id must be unique within a page, or links to it all land on the first",
            vec![
                format!("{{#{id}}}"),
                format!("id=\"{id}\""),
                format!("id='{id}'"),
            ],
        ),
    };
    let src = docs.get(page).map(|&d| &site.docs[d].document.src);
    let written = src.and_then(|src| {
        needles.iter().find_map(|n| {
            memmem::find(src.text.as_bytes(), n.as_bytes()).map(|at| at..at + n.len())
        })
    });
    let help = match (src, &written) {
        (_, Some(_)) => format!(
            "{why}: correct it in this file. If it is right here, leidraad wrote it wrongly: that is a bug in leidraad, please report it. Nothing was published."
        ),
        (Some(src), None) => format!(
            "{why}. It is not written in `{}`, which the page shows: it comes from a template of `templates/` (correct it there) or from leidraad itself (a bug, please report it). Nothing was published.",
            crate::diagnostics::display_path(&src.path)
        ),
        (None, None) => format!(
            "{why}. It comes from a template of `templates/` (correct it there) or from leidraad itself (a bug, please report it). Nothing was published."
        ),
    };
    let d = Diagnostic::error(code, message).help(help);
    match (src, written) {
        (Some(src), Some(range)) => d.at_range(src, range),
        (Some(src), None) => d.in_file(&src.path),
        (None, _) => d,
    }
}
