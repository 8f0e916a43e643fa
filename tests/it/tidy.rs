//! The house rules of the source tree, checked on every `cargo test` (as rust-analyzer's
//! `tidy.rs` does): imports run one way down the stack in [`STACK`], no source file passes 500
//! lines, no function passes 80, and every `#[allow(clippy::…)]` says why.
//!
//! Test code (`tests.rs` files and the `#[cfg(test)]` part at the end of a file) and tables of
//! data (`TABLES`) are left out of the size rules.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The modules of the library from the top of the stack to the bottom. A module may use the
/// modules below it, never one above: the commands alone know the command line, printing and
/// exit codes; the shared leaves at the bottom know nothing of the rest. `lib` is the crate
/// root's own items: the pipeline (`prepare`, `build`, `check`).
const STACK: &[&str] = &[
    "main",
    "cmd",
    "serve",
    "session",
    "init",
    "lib",
    "verify",
    "search",
    "render",
    "translations",
    "links",
    "model",
    "theme",
    "import",
    "markdown",
    "i18n",
    "source",
    "config",
    "output",
    "svg",
    "date",
    "yaml",
    "diagnostics",
    "html",
    "slug",
];

/// Source files over the size limits because they are mostly data, not logic.
const TABLES: &[&str] = &[];

const MAX_FILE_LINES: usize = 500;
const MAX_FN_LINES: usize = 80;

#[test]
fn imports_run_one_way_down_the_stack() {
    let mut problems = String::new();
    for file in sources() {
        if file.ends_with("tests.rs") {
            continue;
        }
        let code = non_test_code(&read(&file));
        let binary = file.ends_with("main.rs");
        for problem in upward_imports(&module_of(&file), &code, binary) {
            writeln!(problems, "{}:{problem}", file.display()).unwrap();
        }
    }
    assert!(problems.is_empty(), "imports that run back up:\n{problems}");
}

#[test]
fn files_and_functions_stay_small() {
    let mut problems = String::new();
    for file in sources() {
        let name = file
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if name.ends_with("tests.rs") || TABLES.contains(&name.as_str()) {
            continue;
        }
        let code = non_test_code(&read(&file));
        let lines = code.lines().count();
        if lines > MAX_FILE_LINES {
            writeln!(
                problems,
                "src/{name}: {lines} lines (at most {MAX_FILE_LINES})"
            )
            .unwrap();
        }
        for (line, fn_name, length) in long_functions(&code) {
            writeln!(
                problems,
                "src/{name}:{line}: fn {fn_name} is {length} lines (at most {MAX_FN_LINES})"
            )
            .unwrap();
        }
    }
    assert!(problems.is_empty(), "rooms too large:\n{problems}");
}

#[test]
fn every_clippy_allow_says_why() {
    let mut problems = String::new();
    for file in sources() {
        let text = read(&file);
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains("allow(clippy::") {
                continue;
            }
            let commented = line.contains("//")
                || i.checked_sub(1)
                    .is_some_and(|p| lines[p].trim_start().starts_with("//"));
            if !commented {
                writeln!(problems, "{}:{}: {}", file.display(), i + 1, line.trim()).unwrap();
            }
        }
    }
    assert!(
        problems.is_empty(),
        "`allow(clippy::…)` without a comment saying why:\n{problems}"
    );
}

#[test]
fn the_rules_catch_what_they_are_for() {
    // A leaf that uses a stage above it, in code and in a path, but not in a comment.
    let planted = "/// See [`crate::links`].\nuse crate::cmd::Outcome;\nfn f() { crate::serve::run(); }\nuse crate::slug;\n";
    assert_eq!(
        upward_imports("html", planted, false),
        [
            "2: `html` uses `cmd`, which is above it in the stack",
            "3: `html` uses `serve`, which is above it in the stack",
        ]
    );
    assert!(upward_imports("render", "use crate::model::Site;\n", false).is_empty());
    let braced = "use crate::{\n    config::{self, X},\n    model::Site,\n};\n";
    let found = crate_imports(braced, false);
    assert_eq!(found, [(2, "config".to_owned()), (3, "model".to_owned())]);
    let long = format!(
        "fn big() {{\n{}}}\nfn small() {{\n}}\n",
        "    x();\n".repeat(MAX_FN_LINES)
    );
    let found = long_functions(&long);
    assert_eq!(found, [(1, "big".to_owned(), MAX_FN_LINES + 2)]);
    let code = "fn a() {}\n#[cfg(test)]\nmod tests {\n    use crate::cmd;\n}\n";
    assert_eq!(non_test_code(code), "fn a() {}\n");
}

/// The imports of a file of module `from` that run back up the stack, or name a module the
/// stack does not know, as `line: what`.
fn upward_imports(from: &str, code: &str, binary: bool) -> Vec<String> {
    let Some(from_level) = level(from) else {
        return vec![format!("1: module `{from}` is not in tidy.rs's STACK")];
    };
    let mut problems = Vec::new();
    for (line, to) in crate_imports(code, binary) {
        match level(&to) {
            None => problems.push(format!("{line}: `{to}` is not in tidy.rs's STACK")),
            Some(to_level) if to_level < from_level => problems.push(format!(
                "{line}: `{from}` uses `{to}`, which is above it in the stack"
            )),
            Some(_) => {}
        }
    }
    problems
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every Rust file under `src/`, in path order.
fn sources() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(src())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// `src/render/feeds.rs` → `render`; `src/lib.rs` → `lib`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

fn level(module: &str) -> Option<usize> {
    STACK.iter().position(|m| *m == module)
}

/// The code before the `#[cfg(test)]` module at the end of a file.
fn non_test_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod tests"))
        {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The modules a file uses through `crate::` paths (`leidraad::` in `main.rs`), with the line
/// of each use. A name that is no module of the crate is an item of the crate root: `lib`.
fn crate_imports(code: &str, binary: bool) -> Vec<(usize, String)> {
    let prefix = if binary { "leidraad::" } else { "crate::" };
    let code = &without_comments(code);
    let mut found = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(inner) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut start = 0;
            let offset = at + prefix.len() + 1;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        push_name(&mut found, code, offset + start, &inner[start..i]);
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        push_name(&mut found, code, offset + start, &inner[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            push_name(&mut found, code, at + prefix.len(), rest);
        }
    }
    found
}

/// The code with each `//` comment blanked out, lines kept in place.
fn without_comments(code: &str) -> String {
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Records the module that a path (`model::Site`, ` config::{self}`) starts with.
fn push_name(found: &mut Vec<(usize, String)>, code: &str, at: usize, path: &str) {
    let trimmed = path.trim_start();
    let at = at + (path.len() - trimmed.len());
    let name: String = trimmed
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() || name == "self" {
        return;
    }
    let line = code[..at].matches('\n').count() + 1;
    let module = if is_module(&name) {
        name
    } else {
        "lib".to_owned()
    };
    found.push((line, module));
}

fn is_module(name: &str) -> bool {
    let src = src();
    src.join(format!("{name}.rs")).is_file() || src.join(name).join("mod.rs").is_file()
}

/// Functions longer than [`MAX_FN_LINES`], as (line, name, length), from formatted code:
/// a function ends at the first `}` line at its own indentation.
fn long_functions(code: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let Some(name) = fn_name(trimmed) else {
            continue;
        };
        // A declaration without a body (in a trait) ends in `;` before any `{`.
        let body = lines[i..]
            .iter()
            .map(|l| l.trim_end())
            .find(|l| l.ends_with('{') || l.ends_with(';'));
        if !body.is_some_and(|l| l.ends_with('{')) {
            continue;
        }
        let close = " ".repeat(indent) + "}";
        let Some(end) = lines[i + 1..].iter().position(|l| *l == close) else {
            continue;
        };
        let length = end + 2;
        if length > MAX_FN_LINES {
            long.push((i + 1, name, length));
        }
    }
    long
}

/// The name of the function a line declares, if it declares one.
fn fn_name(trimmed: &str) -> Option<String> {
    let mut rest = trimmed;
    for word in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
        "extern \"C\" ",
    ] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}
