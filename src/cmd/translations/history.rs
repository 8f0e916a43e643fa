//! `leidraad translations --diff FILE`: what changed in the source of a translation since the
//! translation was marked current, from the site's git history (through the `git` binary,
//! which every site kept in git has; no library reads every repository layout as it does).
//!
//! The translation records the hash of the source it was made from (`source_hash`). The
//! revision of the source that hashes to it is looked up in `git log` of the source file;
//! `git diff` then shows the change from that revision to the source as it is now.

use std::path::Path;
use std::process::Command;

use super::{find_doc, finish, load, locate_translation, missing_source, parse_page};
use crate::cmd::Outcome;
use crate::diagnostics::{print_human, Code, Diagnostic, Diagnostics, Style};
use crate::model::Site;
use crate::source::Document;
use crate::translations::{hash, NOT_YET_TRANSLATED};

/// What `--diff` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// The source is as it was when the translation was marked current.
    Unchanged,
    /// The source changed: the revision it was marked current with, and the unified diff.
    Changed { revision: String, diff: String },
}

/// The change in `source_rel` (a path from the site's root) since the version whose hash the
/// translation recorded. `parse` reads a past version of the source into a document.
pub fn change(
    root: &Path,
    source_rel: &str,
    source: &Document,
    translation: &Document,
    parse: impl Fn(&str) -> Option<Document>,
) -> Result<Change, Diagnostic> {
    let shown = crate::diagnostics::display_path(&translation.src.path);
    let recorded = match translation.front.source_hash.as_deref() {
        None => {
            return Err(Diagnostic::error(
                Code::NoHistory,
                format!("`{shown}` records no `source_hash`, so there is no version of its source to compare with"),
            )
            .in_file(&translation.src.path)
            .help(format!("check it against `{source_rel}` as it is now, then run `leidraad translations --mark-current {shown}`")))
        }
        Some(NOT_YET_TRANSLATED) => {
            return Err(Diagnostic::error(
                Code::NoHistory,
                format!("`{shown}` was never marked current, so there is no version of its source to compare with"),
            )
            .in_file(&translation.src.path)
            .help(format!("translate it from `{source_rel}` as it is now, then run `leidraad translations --mark-current {shown}`")))
        }
        Some(recorded) => recorded.to_ascii_lowercase(),
    };
    if hash::source_hash(source).eq_ignore_ascii_case(&recorded) {
        return Ok(Change::Unchanged);
    }
    let no_history = |why: String| {
        Diagnostic::error(Code::NoHistory, why).help(format!(
            "compare `{shown}` with `{source_rel}` by hand, update it, then run `leidraad translations --mark-current {shown}`"
        ))
    };
    let revisions = git(root, &["log", "--format=%H", "--", source_rel]).map_err(|why| {
        no_history(format!(
            "the site's history cannot be read ({why}), so there is no earlier version of `{source_rel}` to compare with"
        ))
    })?;
    for revision in revisions.lines().filter(|l| !l.is_empty()) {
        let Ok(text) = git(root, &["show", &format!("{revision}:./{source_rel}")]) else {
            continue;
        };
        let Some(old) = parse(&text) else {
            continue;
        };
        if hash::source_hash(&old).eq_ignore_ascii_case(&recorded) {
            let diff = git(
                root,
                &[
                    "diff",
                    "--no-color",
                    "--no-ext-diff",
                    revision,
                    "--",
                    source_rel,
                ],
            )
            .map_err(|why| no_history(format!("`git diff` failed: {why}")))?;
            return Ok(Change::Changed {
                revision: revision.to_owned(),
                diff,
            });
        }
    }
    Err(no_history(format!(
        "no version of `{source_rel}` in the site's git history has the hash `{recorded}` that `{shown}` records (the translation was perhaps marked current before that version was committed)"
    )))
}

/// Runs `git ARGS` in `root`; its standard output, or why it failed.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|err| format!("cannot run git: {err}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or("git failed").trim();
        return Err(first.trim_start_matches("fatal: ").to_owned());
    }
    String::from_utf8(out.stdout).map_err(|_| "git printed text that is not UTF-8".to_owned())
}

/// `leidraad translations --diff FILE`.
pub(super) fn diff(root: &Path, file: &Path, style: Style) -> Outcome {
    let mut diags = Diagnostics::new();
    let Some(site) = load(root, true, &mut diags) else {
        print_human(&diags, style);
        return Outcome::Failure;
    };
    let mut problems = Diagnostics::new();
    match diff_one(root, &site, &diags, file) {
        Ok(text) => print!("{text}"),
        Err(d) => problems.push(d),
    }
    finish(problems, style)
}

fn diff_one(
    root: &Path,
    site: &Site,
    read: &Diagnostics,
    file: &Path,
) -> Result<String, Diagnostic> {
    let (located, lang) = locate_translation(root, site, file)?;
    let shown = located.shown();
    let source_shown = located.source_shown(site);
    let (Some(source), Some(translation)) = (
        find_doc(site, site.default_lang, &located.rel),
        find_doc(site, lang, &located.rel),
    ) else {
        return Err(missing_source(root, read, &shown, &source_shown));
    };
    let parse = |text: &str| {
        parse_page(&site.languages[site.default_lang].tag, &located.rel, text)
            .ok()
            .map(|(d, _)| d)
    };
    match change(root, &source_shown, source, translation, parse)? {
        Change::Unchanged => Ok(format!(
            "{source_shown} has not changed since {shown} was marked current\n"
        )),
        Change::Changed { revision, diff } => Ok(format!(
            "what changed in {source_shown} since {shown} was marked current (at {}):\n{diff}",
            &revision[..revision.len().min(12)]
        )),
    }
}
