//! The text of one source file, and the mapping from byte offsets to lines and columns that
//! every diagnostic about the file goes through.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::{Code, Diagnostic, Location};

/// A decoded, normalised text file: UTF-8, no byte-order mark, `\n` line endings.
///
/// Normalising `\r\n` to `\n` keeps every line and column number the same as in the file on
/// disk, so positions in diagnostics are exact.
#[derive(Clone, Debug)]
pub struct SourceText {
    /// The path shown to people, relative to the site root.
    pub path: PathBuf,
    /// The normalised text.
    pub text: String,
    /// The byte offset of every line's start: found when a diagnostic first needs a position,
    /// so that a build without problems never computes it.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceText {
    /// Decodes raw file bytes. Invalid UTF-8 is an error that names the line and column of the
    /// first bad byte.
    pub fn decode(path: PathBuf, bytes: Vec<u8>) -> Result<SourceText, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceText::from_string(path, text)),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let line = prefix.matches('\n').count() + 1;
                let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
                let column = prefix[line_start..].chars().count() + 1;
                let line_end = bytes[valid..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| valid + i);
                let line_text = String::from_utf8_lossy(&bytes[line_start..line_end])
                    .trim_end_matches('\r')
                    .to_owned();
                Err(
                    Diagnostic::error(Code::InvalidUtf8, "this file is not valid UTF-8 text")
                        .at(Location {
                            path,
                            line,
                            column,
                            len: 1,
                            line_text,
                        })
                        .help(
                            "save the file as UTF-8 in your editor \
                             (often under \"Save as\" or \"Encoding\")",
                        ),
                )
            }
        }
    }

    /// Normalises text that is already UTF-8.
    pub fn new(path: PathBuf, text: &str) -> SourceText {
        SourceText::from_string(path, text.to_owned())
    }

    /// Normalises text, reusing its buffer when there is nothing to change.
    fn from_string(path: PathBuf, mut text: String) -> SourceText {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        // Carriage returns and control characters are rare, so the common case copies nothing.
        if is_clean(&text) {
            return SourceText {
                path,
                text,
                line_starts: OnceLock::new(),
            };
        }
        let mut normalised = text.replace("\r\n", "\n");
        // Control characters have no place in guidance text and are invalid in HTML; replacing
        // each with one character keeps every column the same.
        if normalised.bytes().any(is_control) {
            normalised = normalised
                .chars()
                .map(|c| {
                    if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                        '\u{fffd}'
                    } else {
                        c
                    }
                })
                .collect();
        }
        SourceText {
            path,
            text: normalised,
            line_starts: OnceLock::new(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The location of a byte range, for a diagnostic: its first line is underlined.
    pub fn location(&self, range: Range<usize>) -> Location {
        let start = self.floor_char_boundary(range.start.min(self.text.len()));
        let end = self.floor_char_boundary(range.end.clamp(start, self.text.len()));
        let (line, column) = self.line_col(start);
        let line_text = self.line_text(line);
        let line_start = self.line_starts()[line - 1];
        let line_end = line_start + line_text.len();
        let len = self.text[start..end.min(line_end).max(start)]
            .chars()
            .count();
        Location {
            path: self.path.clone(),
            line,
            column,
            len: len.max(1),
            line_text: line_text.to_owned(),
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let start = starts[line - 1];
        let end = starts.get(line).map_or(self.text.len(), |&next| next - 1);
        &self.text[start..end.max(start)]
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Whether the text has neither `\r` nor other control characters (tab and newline aside).
fn is_clean(text: &str) -> bool {
    // Without an early exit the compiler checks many bytes at a time.
    !text.bytes().fold(false, |found, b| {
        found | (b < 0x20 && b != b'\n' && b != b'\t')
    })
}

/// A control character other than tab, newline and carriage return.
fn is_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\n' | b'\t' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_and_characters() {
        let src = SourceText::new("a.md".into(), "één\ntwee drie\n");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col("één".len()), (1, 4));
        assert_eq!(src.line_col("één\ntwee ".len()), (2, 6));
        let loc = src.location(9..13);
        assert_eq!((loc.line, loc.column, loc.len), (2, 4, 4));
        assert_eq!(loc.line_text, "twee drie");
    }

    #[test]
    fn crlf_and_bom_keep_positions() {
        let src = SourceText::new("a.md".into(), "\u{feff}a\r\nbc\r\n");
        assert_eq!(src.text, "a\nbc\n");
        assert_eq!(src.line_col(3), (2, 2));
    }

    #[test]
    fn control_characters_become_one_replacement_each() {
        let src = SourceText::new("a.md".into(), "a\u{7}b\tc\r\nd\re\n");
        assert_eq!(src.text, "a\u{fffd}b\tc\nd\re\n");
        assert_eq!(src.line_starts(), [0, 8, 12]);
        let clean = SourceText::new("a.md".into(), "a\tb\n\nc");
        assert_eq!(clean.line_starts(), [0, 4, 5]);
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let err = SourceText::decode("a.md".into(), b"ok\nab\xffc\n".to_vec()).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 3));
    }
}
