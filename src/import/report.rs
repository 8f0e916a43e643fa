//! What an import did, counted by kind, and what it left for a person, with file:line: the
//! value `import` returns. `cmd/` prints it ([`Report::render_human`], [`Report::render_json`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

/// A kind of change the import made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Markdown files written as leidraad pages.
    Pages,
    /// `_index.md` files made for guides that had none.
    GuideIndexes,
    /// Titles made, for pages that had none: from a first `# heading`, else the file name.
    TitlesMade,
    /// `order` or `nav_order` renamed to `weight`.
    Weights,
    /// `date`, `lastmod` (or a post's file-name date) written as `updated`.
    Dates,
    /// `author` renamed to `authors`.
    Authors,
    /// `published: false` written as `draft: true`.
    Drafts,
    /// Old paths kept as `aliases` (from `aliases` or `redirect_from`).
    Aliases,
    /// Pages' own old URLs kept as aliases, where the page moved.
    OldUrls,
    /// Other front-matter keys kept under `extra:`.
    ExtraKeys,
    /// URL-style links, `relref`/`ref` shortcodes, `@/` and Liquid links rewritten to `.md` files.
    Links,
    /// Image links rewritten to a copy next to the page.
    ImageLinks,
    /// Image files copied next to the pages that use them.
    ImagesCopied,
    /// HTML checkboxes turned into task items.
    Checkboxes,
    /// Task items given an `{#id}`.
    ItemIds,
    /// `markdown="1"` blocks turned into Markdown quotes.
    MarkdownBlocks,
    /// kramdown attribute lists (`{: .class}`, `{:toc}`) taken out.
    KramdownAttributes,
    /// `{% highlight %}` and `{{< highlight >}}` blocks turned into fenced code.
    CodeBlocks,
    /// Hugo's `{{< figure >}}` shortcodes turned into images.
    Figures,
    /// Box shortcodes (`{{% notice warning %}}`) turned into callouts (`> [!WARNING]`).
    Callouts,
}

impl Change {
    /// Every kind, in the order reported.
    pub const ALL: &[Change] = &[
        Change::Pages,
        Change::GuideIndexes,
        Change::TitlesMade,
        Change::Weights,
        Change::Dates,
        Change::Authors,
        Change::Drafts,
        Change::Aliases,
        Change::OldUrls,
        Change::ExtraKeys,
        Change::Links,
        Change::ImageLinks,
        Change::ImagesCopied,
        Change::Checkboxes,
        Change::ItemIds,
        Change::MarkdownBlocks,
        Change::KramdownAttributes,
        Change::CodeBlocks,
        Change::Figures,
        Change::Callouts,
    ];

    /// What the kind is, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Change::Pages => "pages written",
            Change::GuideIndexes => "guide `_index.md` files made",
            Change::TitlesMade => "titles made from first headings or file names",
            Change::Weights => "`order` renamed to `weight`",
            Change::Dates => "dates written as `updated`",
            Change::Authors => "`author` renamed to `authors`",
            Change::Drafts => "`published: false` written as `draft: true`",
            Change::Aliases => "old paths kept as `aliases`",
            Change::OldUrls => "old URLs of moved pages kept as `aliases`",
            Change::ExtraKeys => "other front-matter keys kept under `extra:`",
            Change::Links => "links rewritten to `.md` files",
            Change::ImageLinks => "image links rewritten",
            Change::ImagesCopied => "images copied next to their pages",
            Change::Checkboxes => "HTML checkboxes turned into task items",
            Change::ItemIds => "task items given an `{#id}`",
            Change::MarkdownBlocks => "`markdown=\"1\"` blocks turned into Markdown",
            Change::KramdownAttributes => "kramdown attributes taken out",
            Change::CodeBlocks => "`highlight` blocks turned into fenced code",
            Change::Figures => "`figure` shortcodes turned into images",
            Change::Callouts => "`notice` and other box shortcodes turned into callouts",
        }
    }

    /// The kind as a JSON key.
    pub fn key(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// The changes counted by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts(BTreeMap<Change, usize>);

impl Counts {
    /// Counts `n` more of a kind.
    pub fn add(&mut self, change: Change, n: usize) {
        *self.0.entry(change).or_default() += n;
    }

    /// How many of a kind.
    pub fn get(&self, change: Change) -> usize {
        self.0.get(&change).copied().unwrap_or(0)
    }
}

/// A kind of thing the import could not convert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftoverKind {
    /// A Hugo or Zola shortcode.
    Shortcode,
    /// A Liquid tag, include or variable (Jekyll).
    Liquid,
    /// A link to a path of the old site that matches no page or file.
    Link,
    /// A `markdown="1"` block that could not be turned into Markdown.
    MarkdownBlock,
    /// A front-matter value leidraad cannot use as it is.
    FrontMatter,
    /// A file that could not be placed as it was (a name taken twice).
    File,
}

/// One thing that needs a person.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Leftover {
    /// The file in SOURCE, relative to it.
    pub file: String,
    /// The line in that file (1-based).
    pub line: usize,
    /// The file in DEST where it now is, relative to DEST; empty for a file not imported.
    pub dest: String,
    /// What it is.
    pub kind: LeftoverKind,
    /// What is there and what to do about it.
    pub message: String,
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The languages of the new site, the default first.
    pub languages: Vec<String>,
    /// The changes, by kind.
    pub changes: Counts,
    /// What needs a person, sorted by file and line.
    pub leftovers: Vec<Leftover>,
}

impl Report {
    /// The report for people: the counts, then each leftover as `file:line: message`.
    pub fn render_human(&self, dest: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "imported {} pages in {} language(s) ({}) into {dest}",
            self.changes.get(Change::Pages),
            self.languages.len(),
            self.languages.join(", ")
        );
        for change in Change::ALL.iter().skip(1) {
            let n = self.changes.get(*change);
            if n > 0 {
                let _ = writeln!(out, "  {n:>5}  {}", change.describe());
            }
        }
        if self.leftovers.is_empty() {
            let _ = writeln!(out, "nothing needs a person");
            return out;
        }
        let _ = writeln!(out, "{} thing(s) need a person:", self.leftovers.len());
        for l in &self.leftovers {
            let _ = write!(out, "  {}:{}: {}", l.file, l.line, l.message);
            let _ = match l.dest.as_str() {
                "" => writeln!(out),
                dest => writeln!(out, " (now in {dest})"),
            };
        }
        out
    }

    /// The report as JSON: every kind's count, and the leftovers.
    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            languages: &'a [String],
            changed: BTreeMap<String, usize>,
            needs_a_person: &'a [Leftover],
        }
        let changed = Change::ALL
            .iter()
            .map(|c| (c.key(), self.changes.get(*c)))
            .collect();
        let json = Json {
            languages: &self.languages,
            changed,
            needs_a_person: &self.leftovers,
        };
        let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
        text.push('\n');
        text
    }
}
