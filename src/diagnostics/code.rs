//! The code of every diagnostic: one enum, so that a code cannot be misspelt where it is
//! made or where it is matched; text only at the edges (messages, JSON, the overlay).

macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
        /// What kind of problem a diagnostic is about; `leidraad check --format json` and the
        /// messages show it as text (`broken-link`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order declared.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as shown: `broken-link`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    AbsoluteLink => "absolute-link",
    ActiveFile => "active-file",
    AliasClash => "alias-clash",
    BrokenAnchor => "broken-anchor",
    BrokenLink => "broken-link",
    Config => "config",
    DraftLink => "draft-link",
    DuplicateId => "duplicate-id",
    DuplicateItemId => "duplicate-item-id",
    DuplicateUrl => "duplicate-url",
    ExampleBaseUrl => "example-base-url",
    ExplicitIds => "explicit-ids",
    FileName => "file-name",
    GeneratedPath => "generated-path",
    InvalidAlias => "invalid-alias",
    InvalidId => "invalid-id",
    InvalidSlug => "invalid-slug",
    InvalidUtf8 => "invalid-utf8",
    Io => "io",
    ItemIdMismatch => "item-id-mismatch",
    MarkdownInHtml => "markdown-in-html",
    MissingAlt => "missing-alt",
    MissingFile => "missing-file",
    MissingStrings => "missing-strings",
    MissingTitle => "missing-title",
    NestedContent => "nested-content",
    NoBaseUrl => "no-base-url",
    NoContent => "no-content",
    NoDefaultLanguage => "no-default-language",
    NoFrontMatter => "no-front-matter",
    NoGuideIndex => "no-guide-index",
    NoHistory => "no-history",
    NoLanguages => "no-languages",
    NoSource => "no-source",
    NoSuchFile => "no-such-file",
    NotAFile => "not-a-file",
    NotAPage => "not-a-page",
    NotASource => "not-a-source",
    NotATranslation => "not-a-translation",
    OutputBrokenAnchor => "output-broken-anchor",
    OutputBrokenLink => "output-broken-link",
    OutputDuplicateId => "output-duplicate-id",
    OutputUnverified => "output-unverified",
    OutsideContent => "outside-content",
    ReviewDue => "review-due",
    Search => "search",
    SourceUnreadable => "source-unreadable",
    StrayFile => "stray-file",
    Symlink => "symlink",
    Template => "template",
    TooDeep => "too-deep",
    TranslationExists => "translation-exists",
    Translations => "translations",
    UnclosedFrontMatter => "unclosed-front-matter",
    UnclosedHtml => "unclosed-html",
    UnknownKey => "unknown-key",
    UnknownLanguage => "unknown-language",
    UnlinkedPage => "unlinked-page",
    UnmappedAnchor => "unmapped-anchor",
    UnsafeLink => "unsafe-link",
    UnsafeOutput => "unsafe-output",
    Toml => "toml",
    Yaml => "yaml",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_are_distinct_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{text}"
            );
        }
    }
}
