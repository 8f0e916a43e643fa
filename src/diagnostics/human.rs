//! Diagnostics as people read them in a terminal: rustc's layout, with the source line and a
//! caret under the problem, colours when the terminal has them, and nothing a file could use
//! to move the cursor.

use std::fmt::Write as _;

use super::{display_path, Diagnostic, Diagnostics, Location, Severity, Style};

impl Diagnostics {
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
}

/// Prints diagnostics and their summary to stderr.
pub fn print_human(diags: &Diagnostics, style: Style) {
    let text = diags.render_human(style);
    let mut err = std::io::stderr().lock();
    let _ = std::io::Write::write_all(&mut err, text.as_bytes());
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
