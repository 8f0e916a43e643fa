//! `leidraad translate --to`: starts a translation with a copy of its source page, after
//! giving every heading and checklist item of the source an explicit id.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{
    find_doc, finish, front_matter_error, load, locate, other_language, parse_page, read_text,
    unknown_language, write_error, Located,
};
use crate::cmd::{Outcome, TranslateArgs};
use crate::diagnostics::{print_human, Code, Diagnostic, Diagnostics, Style};
use crate::model::{LangId, Site};
use crate::source::Document;
use crate::translations::edit::{self, IdEdit};
use crate::translations::{hash, known_status, Status, NOT_YET_TRANSLATED};

/// `leidraad translate --to LANG FILE...`: starts translations by copying source pages.
pub fn run_translate(args: TranslateArgs, style: Style) -> Outcome {
    let root = &args.site.root;
    let mut diags = Diagnostics::new();
    let Some(site) = load(root, true, &mut diags) else {
        print_human(&diags, style);
        return Outcome::Failure;
    };
    let mut problems = Diagnostics::new();
    let target = match target_language(&site, &args.to) {
        Ok(target) => target,
        Err(d) => {
            problems.push(d);
            print_human(&problems, style);
            return Outcome::Failure;
        }
    };
    let mut created = 0;
    for file in &args.files {
        match translate(root, &site, target, file) {
            Ok(lines) => {
                created += 1;
                for line in lines {
                    println!("{line}");
                }
            }
            Err(ds) => problems.extend(ds),
        }
    }
    if created > 0 {
        println!(
            "translate the title, the description and the text, then run `leidraad translations --mark-current FILE`; until then `leidraad translations` shows it as untranslated"
        );
    }
    finish(problems, style)
}

/// Copies one source page into the target language. Returns the lines to print.
fn translate(
    root: &Path,
    site: &Site,
    target: LangId,
    file: &Path,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let located = locate(root, file).map_err(|d| vec![d])?;
    let shown = located.shown();
    let source_tag = &site.languages[site.default_lang].tag;
    let (copy_shown, copy_path) = copy_place(root, site, target, &located).map_err(|d| vec![d])?;

    let text = read_text(&located.path, &shown).map_err(|d| vec![d])?;
    let explicit = ExplicitIds::add(source_tag, &located.rel, &text, &shown)?;
    let hash = hash::source_hash(&explicit.after);
    let copy = edit::set_source_hash(&explicit.text, NOT_YET_TRANSLATED)
        .map_err(|err| vec![front_matter_error(err, &shown)])?;
    let changed = explicit.text != text;
    // Translations that were current stay current: the ids added change no text.
    let refresh = if changed {
        current_translations(site, target, &located.rel, &explicit.before)
    } else {
        Vec::new()
    };

    create(&copy_path, &copy, &copy_shown).map_err(|d| vec![d])?;
    let mut lines = vec![format!("created {copy_shown} from {shown}")];
    if changed {
        fs::write(&located.path, explicit.text.as_bytes())
            .map_err(|err| vec![write_error(&shown, &err)])?;
        let ids: Vec<String> = explicit
            .edits
            .iter()
            .map(|e| format!("`{}`", e.id))
            .collect();
        lines.push(format!(
            "  made these ids explicit in both files, so they stay the same when the text is translated: {}",
            ids.join(", ")
        ));
        for (tag, path) in refresh {
            let other = format!("content/{tag}/{}", located.rel);
            let path = root.join(&path);
            set_hash(&path, &other, hash).map_err(|d| vec![d])?;
            lines.push(format!(
                "  {other} was current and still is: its source_hash is now {hash}"
            ));
        }
    }
    Ok(lines)
}

/// Where the translation of `located` into `target` goes, as shown and on disk. An error when
/// `located` is not in the source language, or its translation exists.
fn copy_place(
    root: &Path,
    site: &Site,
    target: LangId,
    located: &Located,
) -> Result<(String, PathBuf), Diagnostic> {
    let shown = located.shown();
    let source_tag = &site.languages[site.default_lang].tag;
    let target_tag = &site.languages[target].tag;
    if located.lang != *source_tag {
        return Err(Diagnostic::error(
            Code::NotASource,
            format!("`{shown}` is not in the source language `{source_tag}`"),
        )
        .in_file(Path::new(&shown))
        .help(format!(
            "translations are made from the source: `leidraad translate --to {target_tag} content/{source_tag}/{}`",
            located.rel
        )));
    }
    let copy_shown = format!("content/{target_tag}/{}", located.rel);
    let copy_path = root
        .join("content")
        .join(target_tag)
        .join(&located.disk_rel);
    if copy_path.exists() {
        return Err(Diagnostic::error(
            Code::TranslationExists,
            format!("`{copy_shown}` already exists"),
        )
        .in_file(Path::new(&copy_shown))
        .help(format!(
            "leidraad translate never overwrites a file; if that translation is up to date, run `leidraad translations --mark-current {copy_shown}`"
        )));
    }
    Ok((copy_shown, copy_path))
}

/// A source page given an explicit `{#id}` for every heading and item id it derived, so that
/// translating a heading or adding an item changes no id, and readers keep their ticks.
struct ExplicitIds {
    /// The page as it was.
    before: Document,
    /// The ids made explicit.
    edits: Vec<IdEdit>,
    /// The page's text with them.
    text: String,
    /// The page with them.
    after: Document,
}

impl ExplicitIds {
    /// Adds the ids to the source page `rel` of language `lang`, whose text is `text`. An error
    /// when the page has errors, or when it does not come out with every id explicit and the
    /// same (a bug).
    fn add(lang: &str, rel: &str, text: &str, shown: &str) -> Result<ExplicitIds, Vec<Diagnostic>> {
        let (before, rendered) = parse_page(lang, rel, text)?;
        let edits = edit::derived_ids(&before, &rendered);
        let edited = edit::add_ids(text, &edits);
        let (after, rendered_after) = parse_page(lang, rel, &edited)?;
        let same_ids = rendered.headings == rendered_after.headings
            && rendered
                .items
                .iter()
                .map(|i| &i.id)
                .eq(rendered_after.items.iter().map(|i| &i.id));
        if !same_ids
            || !edit::headings_all_explicit(&after)
            || rendered_after.items.iter().any(|i| !i.explicit)
        {
            return Err(vec![Diagnostic::error(
                Code::ExplicitIds,
                format!("could not give every heading and checklist item of `{shown}` an explicit id"),
            )
            .in_file(Path::new(shown))
            .help("add `{#id}` at the end of each heading and item by hand, then run this command again; please report this as a bug of leidraad")]);
        }
        Ok(ExplicitIds {
            before,
            edits,
            text: edited,
            after,
        })
    }
}

/// The translations of the page `rel`, other than into `target`, that are current with its
/// source `before`: each language's tag and the file's path.
fn current_translations(
    site: &Site,
    target: LangId,
    rel: &str,
    before: &Document,
) -> Vec<(String, PathBuf)> {
    let mut current = Vec::new();
    for lang in site.lang_ids() {
        let language = &site.languages[lang];
        if lang == site.default_lang || lang == target {
            continue;
        }
        if let Some(doc) = find_doc(site, lang, rel) {
            if known_status(before, doc) == Some(Status::Current) {
                current.push((language.tag.clone(), doc.src.path.clone()));
            }
        }
    }
    current
}

/// Writes a new file, with the folders it needs; never over an existing one.
fn create(path: &Path, text: &str, shown: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|err| write_error(shown, &err))?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|err| write_error(shown, &err))
}

/// Records `hash` as the source hash of the translation at `path`.
fn set_hash(path: &Path, shown: &str, hash: &str) -> Result<(), Diagnostic> {
    let text = read_text(path, shown)?;
    let text = edit::set_source_hash(&text, hash).map_err(|e| front_matter_error(e, shown))?;
    fs::write(path, text.as_bytes()).map_err(|e| write_error(shown, &e))
}

fn target_language(site: &Site, tag: &str) -> Result<LangId, Diagnostic> {
    let Some(lang) = site.lang_id(tag) else {
        return Err(unknown_language(site, tag, tag));
    };
    if lang == site.default_lang {
        return Err(Diagnostic::error(
            Code::NotATranslation,
            format!("`{tag}` is the source language; translations are made from it, not into it"),
        )
        .help(format!(
            "choose another language, such as `--to {}`",
            other_language(site)
        )));
    }
    Ok(lang)
}
