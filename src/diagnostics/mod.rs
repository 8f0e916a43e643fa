//! Diagnostics: every problem leidraad finds in a site, with where it is and how to fix it.
//!
//! Stages never print. They push [`Diagnostic`]s into a [`Diagnostics`] sink; the binary renders
//! them for people ([`Diagnostics::render_human`]) or tools ([`Diagnostics::render_json`]).

use std::path::{Path, PathBuf};

use serde::Serialize;

mod code;
mod human;
mod suggest;
mod text;

pub use code::Code;
pub use human::{print_human, summary};
pub use suggest::{list, nearest};
pub use text::SourceText;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot go on; nothing is written.
    Error,
    /// The build goes on; `check --strict` treats it as an error.
    Warning,
}

/// A place in a file: 1-based line and column (in characters), and the line's text for the
/// snippet under the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// How many characters to underline (at least 1 when `line` is set).
    pub len: usize,
    /// The text of the line, without its line ending.
    pub line_text: String,
}

/// One problem found in the site.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case name of the kind of problem, for tools (`broken-link`).
    pub code: Code,
    /// What is wrong, in plain words, starting lowercase, without a final period.
    pub message: String,
    /// Where, when the problem has a place.
    pub location: Option<Box<Location>>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further places that belong to the problem ("first defined here").
    pub notes: Vec<(Location, String)>,
}

/// The sink that every stage reports into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Location {
    /// A location that names only a file.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location {
            path: path.into(),
            line: 0,
            column: 0,
            len: 0,
            line_text: String::new(),
        }
    }
}

impl Diagnostic {
    /// A new error.
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A new warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Sets where the problem is.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(Box::new(location));
        self
    }

    /// Points at a byte range of a source file.
    pub fn at_range(self, src: &SourceText, range: std::ops::Range<usize>) -> Diagnostic {
        let loc = src.location(range);
        self.at(loc)
    }

    /// Names a file without a position.
    pub fn in_file(self, path: &Path) -> Diagnostic {
        self.at(Location::file(path))
    }

    /// Says how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds another place that belongs to the problem.
    pub fn note(mut self, location: Location, text: impl Into<String>) -> Diagnostic {
        self.notes.push((location, text.into()));
        self
    }

    fn sort_key(&self) -> (Option<(&Path, usize, usize)>, Severity, &str) {
        let loc = self
            .location
            .as_ref()
            .map(|l| (l.path.as_path(), l.line, l.column));
        (loc, self.severity, &self.message)
    }
}

/// How to render diagnostics for people.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records many problems.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of errors and of warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        (errors, self.items.len() - errors)
    }

    /// Every problem, in a stable order: by file, line and column.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Turns every warning into an error (`check --strict`).
    pub fn make_warnings_errors(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sorts the problems by file, line and column, so output is the same on every run.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items
            .dedup_by(|a, b| a.sort_key() == b.sort_key() && a.code == b.code);
    }

    /// Renders every problem as a JSON array (see `docs/authoring.md` for the schema).
    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            severity: Severity,
            code: &'a str,
            message: &'a str,
            file: Option<String>,
            line: Option<usize>,
            column: Option<usize>,
            hint: Option<&'a str>,
        }
        let items: Vec<Json<'_>> = self
            .items
            .iter()
            .map(|d| {
                let loc = d.location.as_ref();
                let positioned = loc.filter(|l| l.line > 0);
                Json {
                    severity: d.severity,
                    code: d.code.as_str(),
                    message: &d.message,
                    file: loc.map(|l| display_path(&l.path)),
                    line: positioned.map(|l| l.line),
                    column: positioned.map(|l| l.column),
                    hint: d.help.as_deref(),
                }
            })
            .collect();
        let mut json = serde_json::to_string_pretty(&items).expect("diagnostics always serialise");
        json.push('\n');
        json
    }
}

/// A path as shown to people: always with `/`.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests;
