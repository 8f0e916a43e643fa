//! `source_hash`: a short fingerprint of the translatable parts of a source page.
//!
//! The definition is part of the file format (translators' files carry the value), so it is
//! documented in `docs/translating.md` and must not change without a migration:
//!
//! 1. Take the title and the description (empty when there is none) as the front matter gives
//!    them, and the body: everything after the closing `---` line.
//! 2. Normalise each: drop a byte-order mark, turn `\r\n` into `\n`, remove the spaces and tabs
//!    at the end of every line, and drop blank lines at the end.
//! 3. Hash `title NUL description NUL body` (UTF-8) with SHA-256 and write the first 16
//!    hexadecimal digits, in lower case.
//!
//! Dates, authors, weight, slug and every other key are left out: changing them does not make
//! a translation stale.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use super::Document;

/// What is hashed of a document, each made once, when first asked for.
#[derive(Clone, Debug, Default)]
pub struct Fingerprints {
    /// Its `source_hash`.
    source_hash: OnceLock<String>,
    /// 128 bits of its normalised title and of its normalised body, to tell whether a
    /// translation still has its source's text ([`same_text`]).
    text: OnceLock<[u64; 4]>,
}

/// The `source_hash` that `translate` writes into a new copy: the page is `untranslated` until
/// `--mark-current` records the source's real hash, whatever has been translated by then.
pub const NOT_YET_TRANSLATED: &str = "untranslated";

/// The `source_hash` of a document: 16 lower-case hexadecimal digits.
pub fn source_hash(doc: &Document) -> &str {
    doc.fingerprints.source_hash.get_or_init(|| {
        hash_parts(
            &doc.front.title,
            doc.front.description.as_deref().unwrap_or(""),
            body(doc),
        )
    })
}

/// Whether a translation still has its source's title and body, as `translate --to` copied
/// them: nobody has translated it yet.
pub fn same_text(source: &Document, translation: &Document) -> bool {
    text_fingerprint(source) == text_fingerprint(translation)
}

/// 128 bits of the normalised title and of the normalised body of a document.
fn text_fingerprint(doc: &Document) -> &[u64; 4] {
    doc.fingerprints.text.get_or_init(|| {
        let hash = |text: &str, seed: u64| {
            let mut hasher = foldhash::quality::FixedState::with_seed(seed).build_hasher();
            for (i, line) in normalised_lines(text).enumerate() {
                if i > 0 {
                    hasher.write_u8(b'\n');
                }
                hasher.write(line.as_bytes());
            }
            hasher.finish()
        };
        let (title, body) = (&doc.front.title, body(doc));
        [hash(title, 1), hash(title, 2), hash(body, 3), hash(body, 4)]
    })
}

/// Hashes the three translatable parts of a page.
pub fn hash_parts(title: &str, description: &str, body: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(normalise(title).as_bytes());
    hasher.update([0]);
    hasher.update(normalise(description).as_bytes());
    hasher.update([0]);
    hasher.update(normalise(body).as_bytes());
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text that is hashed: no byte-order mark, `\n` line endings, no spaces or tabs at the
/// ends of lines, no blank lines at the end.
pub fn normalise(text: &str) -> String {
    normalised_lines(text).collect::<Vec<_>>().join("\n")
}

/// The lines of [`normalise`]'s text, without making it.
fn normalised_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.trim_end_matches([' ', '\t', '\r']))
        .collect();
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines.into_iter()
}

/// The Markdown body of a document.
fn body(doc: &Document) -> &str {
    &doc.src.text[doc.body..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::document_from_text;

    fn hash(text: &str) -> String {
        let doc = document_from_text("nl", "gids/01-stap.md", text).expect("a valid document");
        source_hash(&doc).to_owned()
    }

    #[track_caller]
    fn check_normalise(input: &str, expected: &str) {
        assert_eq!(normalise(input), expected);
    }

    #[test]
    fn normalises_line_ends_and_trailing_space() {
        check_normalise("a\nb\n", "a\nb");
        check_normalise("\u{feff}a\r\nb\r\n", "a\nb");
        check_normalise("a  \t\nb \n\n\n", "a\nb");
        check_normalise("\n\na\n  \n", "\n\na");
        check_normalise("  a\n", "  a");
        check_normalise("", "");
    }

    #[test]
    fn the_definition_gives_this_value() {
        // The example of docs/translating.md: `printf 'Ken jezelf\0\0Tekst' | sha256sum`.
        assert_eq!(hash_parts("Ken jezelf", "", "Tekst\n"), "37e1c989ef09c476");
        assert_eq!(
            hash("---\ntitle: Ken jezelf\n---\nTekst\n"),
            "37e1c989ef09c476"
        );
    }

    #[test]
    fn only_title_description_and_body_count() {
        let base = hash("---\ntitle: Stap\ndescription: Kort\n---\n## Kop\n\nTekst\n");
        for same in [
            "---\ntitle: Stap\ndescription: Kort\nweight: 3\nslug: step\n---\n## Kop\n\nTekst\n",
            "---\ntitle: Stap\ndescription: Kort\nauthors: [Jan]\nupdated: 2026-01-02\nsource_hash: x\n---\n## Kop\n\nTekst\n",
            "\u{feff}---\r\ntitle: Stap\r\ndescription: Kort\r\n---\r\n## Kop  \r\n\r\nTekst\r\n\r\n",
            "---\ntitle: \"Stap\"\ndescription: 'Kort'\n---\n## Kop\n\nTekst",
        ] {
            assert_eq!(hash(same), base, "{same:?}");
        }
        for different in [
            "---\ntitle: Stap 1\ndescription: Kort\n---\n## Kop\n\nTekst\n",
            "---\ntitle: Stap\n---\n## Kop\n\nTekst\n",
            "---\ntitle: Stap\ndescription: Kort\n---\n## Kop\nTekst\n",
            "---\ntitle: Stap\ndescription: Kort\n---\n## Kop {#kop}\n\nTekst\n",
            "---\ntitle: Stap\ndescription: Kort\n---\n\n## Kop\n\nTekst\n",
        ] {
            assert_ne!(hash(different), base, "{different:?}");
        }
    }

    #[test]
    fn the_parts_cannot_run_into_each_other() {
        assert_ne!(hash_parts("a", "b", ""), hash_parts("a\nb", "", ""));
        assert_ne!(hash_parts("a", "", "b"), hash_parts("a", "b", ""));
    }
}
