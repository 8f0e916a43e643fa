//! Diagnostics: every problem leidraad finds in a site, with where it is and how to fix it.
//!
//! Stages never print. They push [`Diagnostic`]s into a [`Diagnostics`] sink; the binary renders
//! them for people ([`Diagnostics::render_human`]) or tools ([`Diagnostics::render_json`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

mod code;
mod text;

pub use code::Code;
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

    /// Renders every problem and a summary line, as people read them in a terminal.
    pub fn render_human(&self, style: Style) -> String {
        let mut out = String::new();
        for d in &self.items {
            render_one(&mut out, d, style);
            out.push('\n');
        }
        let (errors, warnings) = self.counts();
        if errors + warnings > 0 {
            let _ = writeln!(out, "{}", summary(errors, warnings));
        }
        out
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

/// "2 errors, 1 warning".
pub fn summary(errors: usize, warnings: usize) -> String {
    fn plural(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }
    match (errors, warnings) {
        (0, w) => plural(w, "warning", "warnings"),
        (e, 0) => plural(e, "error", "errors"),
        (e, w) => format!(
            "{}, {}",
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings")
        ),
    }
}

/// A path as shown to people: always with `/`.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const CYAN: &str = "\x1b[1;36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn render_one(out: &mut String, d: &Diagnostic, style: Style) {
    let paint = |code: &'static str| if style.color { code } else { "" };
    let (label, colour) = match d.severity {
        Severity::Error => ("error", RED),
        Severity::Warning => ("warning", YELLOW),
    };
    let _ = writeln!(
        out,
        "{}{label}[{}]{}{}: {}{}",
        paint(colour),
        d.code,
        paint(RESET),
        paint(BOLD),
        printable(&d.message),
        paint(RESET)
    );
    let gutter = d
        .location
        .as_deref()
        .into_iter()
        .chain(d.notes.iter().map(|(l, _)| l))
        .map(|l| l.line.to_string().len())
        .max()
        .unwrap_or(1);
    if let Some(loc) = &d.location {
        render_location(out, loc, None, gutter, style);
    }
    for (loc, text) in &d.notes {
        render_location(out, loc, Some(text), gutter, style);
    }
    if let Some(help) = &d.help {
        let _ = writeln!(
            out,
            "{:gutter$} {}= help{}: {}",
            "",
            paint(CYAN),
            paint(RESET),
            printable(help)
        );
    }
}

fn render_location(
    out: &mut String,
    loc: &Location,
    note: Option<&str>,
    gutter: usize,
    style: Style,
) {
    let blue = if style.color { BLUE } else { "" };
    let reset = if style.color { RESET } else { "" };
    let path = display_path(&loc.path);
    let path = printable(&path);
    let note = note.map(printable);
    if loc.line == 0 {
        let _ = writeln!(out, "{:gutter$}{blue}-->{reset} {path}", "");
        if let Some(note) = note {
            let _ = writeln!(out, "{:gutter$} {blue}={reset} note: {note}", "");
        }
        return;
    }
    let _ = writeln!(
        out,
        "{:gutter$}{blue}-->{reset} {path}:{}:{}",
        "", loc.line, loc.column
    );
    let _ = writeln!(out, "{:gutter$} {blue}|{reset}", "");
    let (line_text, caret_pad, caret_len) = line_window(&loc.line_text, loc.column, loc.len);
    let _ = writeln!(out, "{blue}{:>gutter$} |{reset} {line_text}", loc.line);
    let carets = "^".repeat(caret_len);
    let label = note.map(|n| format!(" {n}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{:gutter$} {blue}|{reset} {:caret_pad$}{blue}{carets}{label}{reset}",
        "", ""
    );
}

/// How many characters of a source line a diagnostic shows at most.
const LINE_WINDOW: usize = 100;

/// The part of a source line to show, around the (1-based) column, with the padding before
/// the carets and their number. A long line (a 1 MB paragraph) is cut to [`LINE_WINDOW`]
/// characters around the column, marked with `…`. Tabs become spaces and characters that
/// would move the cursor or the text direction become `�`, so that the carets line up.
fn line_window(text: &str, column: usize, len: usize) -> (String, usize, usize) {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if is_unprintable(c) => '\u{fffd}',
            c => c,
        })
        .collect();
    let col = column.saturating_sub(1).min(chars.len());
    let (start, end) = if chars.len() <= LINE_WINDOW {
        (0, chars.len())
    } else {
        let start = col
            .saturating_sub(LINE_WINDOW / 3)
            .min(chars.len() - LINE_WINDOW);
        (start, start + LINE_WINDOW)
    };
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let pad = col - start + usize::from(start > 0);
    let carets = len.min(end.saturating_sub(col)).max(1);
    (shown, pad, carets)
}

/// Text from a file or a file name as it may be printed on a terminal: control characters
/// (an escape sequence could retitle or clear the terminal) and text-direction overrides
/// are written as `\u{…}`.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// The known word nearest to `word`, when it is near enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Formats names as `` `a`, `b` and `c` ``.
pub fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        0 => "nothing".to_owned(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Prints diagnostics and their summary to stderr.
pub fn print_human(diags: &Diagnostics, style: Style) {
    let text = diags.render_human(style);
    let mut err = std::io::stderr().lock();
    let _ = std::io::Write::write_all(&mut err, text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_nearest(word: &str, expected: Option<&str>) {
        let keys = ["title", "description", "weight", "slug", "updated", "draft"];
        assert_eq!(nearest(word, keys), expected);
    }

    #[test]
    fn suggests_the_nearest_key() {
        check_nearest("tittle", Some("title"));
        check_nearest("Title", Some("title"));
        check_nearest("descripton", Some("description"));
        check_nearest("wieght", Some("weight"));
        check_nearest("colour", None);
    }

    #[test]
    fn renders_a_snippet_with_carets() {
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::error(Code::BrokenLink, "link target `x.md` does not exist")
                .at(Location {
                    path: "content/nl/a.md".into(),
                    line: 12,
                    column: 5,
                    len: 3,
                    line_text: "Zie [x](x.md)".into(),
                })
                .help("did you mean `y.md`?"),
        );
        let text = diags.render_human(Style::default());
        let expected = "\
error[broken-link]: link target `x.md` does not exist
  --> content/nl/a.md:12:5
   |
12 | Zie [x](x.md)
   |     ^^^
   = help: did you mean `y.md`?

1 error
";
        assert_eq!(text, expected);
    }

    // Issue 9: a mistake far along a 1 MB line panicked ("Formatting argument out of range")
    // and would have printed the whole line twice.
    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("{}[x](x.md){}", "a".repeat(1_000_000), "b".repeat(500));
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::error(Code::BrokenLink, "the link `x.md` does not exist").at(Location {
                path: "content/nl/a.md".into(),
                line: 1,
                column: 1_000_001,
                len: 9,
                line_text: line,
            }),
        );
        let text = diags.render_human(Style::default());
        assert!(text.len() < 500, "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[3].strip_prefix("1 | ").unwrap();
        let carets = lines[4].strip_prefix("  | ").unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let at = carets.find('^').unwrap();
        let under: String = shown.chars().skip(at).take(9).collect();
        assert_eq!(under, "[x](x.md)");
        assert_eq!(carets.trim_start(), "^^^^^^^^^");
    }

    // Issue 9: text from files and file names must not drive the terminal.
    #[test]
    fn control_characters_are_not_printed() {
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::error(
                Code::BrokenLink,
                "the link `\u{1b}]0;pwned\u{7}` does not exist",
            )
            .at(Location {
                path: "content/nl/\u{1b}[2J\u{202e}a.md".into(),
                line: 1,
                column: 3,
                len: 1,
                line_text: "a\u{202e}b".into(),
            })
            .help("\u{1b}[31mred"),
        );
        let text = diags.render_human(Style::default());
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
        assert!(text.contains("`\\u{1b}]0;pwned\\u{7}`"), "{text}");
        assert!(text.contains("1 | a\u{fffd}b\n  |   ^\n"), "{text}");
    }

    #[test]
    fn summary_counts() {
        assert_eq!(summary(2, 1), "2 errors, 1 warning");
        assert_eq!(summary(1, 0), "1 error");
        assert_eq!(summary(0, 3), "3 warnings");
    }
}
