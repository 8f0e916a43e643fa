//! Fuzzing leidraad (issue 9): the targets, their seeds, and a small mutator for the stable
//! smoke run. See `fuzz/README.md`.

pub mod targets;

use std::fs;
use std::path::{Path, PathBuf};

/// The seeds of a target: the repository's example site and test fixtures, made into inputs
/// of the target's shape, then the kept crash inputs of `fuzz/regressions/<target>/`.
pub fn seeds(repo: &Path, target: &str) -> Vec<Vec<u8>> {
    let mut markdown = Vec::new();
    let mut yaml = Vec::new();
    for dir in ["content", "tests/fixtures", "src/init/starter"] {
        collect(&repo.join(dir), &mut |path, bytes| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            match name.as_deref() {
                Some("site.yaml") => yaml.push(bytes),
                Some(n) if n.ends_with(".md") => markdown.push((path.to_path_buf(), bytes)),
                _ => {}
            }
        });
    }
    yaml.push(fs::read(repo.join("site.yaml")).unwrap_or_default());
    let mut out: Vec<Vec<u8>> = match target {
        "site_yaml" => yaml,
        "site" => {
            // The pages of each fixture site, joined in the order of `targets::site`.
            let mut by_site: std::collections::BTreeMap<PathBuf, Vec<u8>> = Default::default();
            for (path, bytes) in &markdown {
                let site = path
                    .ancestors()
                    .find(|a| a.join("content").is_dir() || a.ends_with("content"))
                    .unwrap_or(path)
                    .to_path_buf();
                let joined = by_site.entry(site).or_default();
                if !joined.is_empty() {
                    joined.extend_from_slice(b"\n+++\n");
                }
                joined.extend_from_slice(bytes);
            }
            markdown
                .iter()
                .map(|(_, b)| b.clone())
                .chain(by_site.into_values())
                .collect()
        }
        "links" => markdown
            .iter()
            .map(|(path, _)| {
                let rel = path.to_string_lossy();
                let rel = rel.rsplit("content/").next().unwrap_or(&rel);
                format!("nl/gids/stap/\n{}", rel.replace(".md", "/")).into_bytes()
            })
            .collect(),
        "slugs" => markdown
            .iter()
            .flat_map(|(path, bytes)| {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                let title = String::from_utf8_lossy(bytes)
                    .lines()
                    .find_map(|l| l.strip_prefix("title: ").map(str::to_owned))
                    .unwrap_or_default();
                [name.into_owned().into_bytes(), title.into_bytes()]
            })
            .collect(),
        _ => markdown.into_iter().map(|(_, b)| b).collect(),
    };
    collect(
        &repo.join("fuzz/regressions").join(target),
        &mut |_, bytes| out.push(bytes),
    );
    out.sort();
    out.dedup();
    out
}

fn collect(dir: &Path, f: &mut dyn FnMut(&Path, Vec<u8>)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, f);
        } else if let Ok(bytes) = fs::read(&path) {
            f(&path, bytes);
        }
    }
}

/// A small deterministic random number generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (which must not be 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces of syntax that random bytes rarely hit: Markdown, YAML, HTML and URLs.
const DICTIONARY: &[&str] = &[
    "---\n",
    "\n+++\n",
    "title: ",
    "slug: ",
    "description: ",
    "authors: [",
    "weight: ",
    "updated: 2026-11-26",
    "draft: true",
    "- [ ] ",
    "- [x] ",
    "{#",
    "}",
    "{#id}",
    "## ",
    "# ",
    "> ",
    "- ",
    "1. ",
    "```",
    "`",
    "**",
    "*",
    "_",
    "~~",
    "[",
    "](",
    ")",
    "![",
    "[^1]",
    "[^1]: ",
    "|",
    "|--|",
    "<",
    ">",
    "</",
    "<script>",
    "<img src=x onerror=",
    "<a href=\"",
    "javascript:",
    "data:",
    "&#",
    "&#x",
    ";",
    "\"",
    "'",
    "../",
    "./",
    "_index.md",
    "01-stap.md",
    "gids/",
    "#kop",
    "schema.png",
    "\n",
    "\n\n",
    "\t",
    " ",
    "\u{301}",
    "é",
    "\u{200b}",
    "\u{2028}",
    "\r\n",
    "%2e",
    "%",
    ":",
    "{onclick=x}",
    "languages:\n  nl: {name: x}\n",
    "raw_html: allow\n",
    "&",
    "*a",
    "&a ",
    "!!",
    "? ",
];

/// A random change of `input`: bytes flipped, inserted, deleted or repeated, syntax from the
/// dictionary inserted, or a piece of another seed spliced in.
pub fn mutate(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = if out.is_empty() {
            0
        } else {
            rng.below(out.len() + 1)
        };
        match rng.below(8) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, rng.next() as u8),
            2 if !out.is_empty() => {
                let len = rng.below(16.min(out.len())) + 1;
                let start = rng.below(out.len() - len + 1);
                out.drain(start..start + len);
            }
            3 if !out.is_empty() => {
                let len = rng.below(32.min(out.len())) + 1;
                let start = rng.below(out.len() - len + 1);
                let piece = out[start..start + len].repeat(rng.below(64) + 1);
                out.splice(at..at, piece);
            }
            4 if !seeds.is_empty() => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let len = rng.below(256.min(other.len())) + 1;
                    let start = rng.below(other.len() - len + 1);
                    out.splice(at..at, other[start..start + len].iter().copied());
                }
            }
            _ => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                out.splice(at..at, word.iter().copied());
            }
        }
    }
    out.truncate(64 * 1024);
    out
}
