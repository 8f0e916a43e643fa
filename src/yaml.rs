//! Errors of `serde_yaml` as diagnostics: at the right place in the file, in plain words,
//! with a hint on how to fix them. Used for `site.yaml` and for front matter alike.

use crate::diagnostics::{list, nearest, Code, Diagnostic, SourceText};

/// Turns a YAML or type error into a diagnostic at the right place in the file. `base` is the
/// byte offset at which the YAML text starts within the file.
pub(crate) fn yaml_error(
    src: &SourceText,
    base: usize,
    err: &serde_yaml::Error,
    keys: &[&str],
) -> Diagnostic {
    // The positions in serde's and libyaml's messages count from the start of the YAML text,
    // not of the file: they are taken out, and the diagnostic gives the file's.
    let (message, marks) = without_marks(&err.to_string());
    let mut index = err.location().map_or(base, |l| base + l.index());
    // An unclosed `[`, `{` or quote is found where the text ends up not making sense, often a
    // line later: point at where it opens, which libyaml gives as the context's position.
    let opens = [
        "while parsing a flow sequence",
        "while parsing a flow mapping",
        "while scanning a quoted scalar",
    ];
    let unclosed = opens.iter().any(|o| message.contains(o)) && marks.len() >= 2;
    if let (true, Some(&(line, column))) = (unclosed, marks.last()) {
        let yaml = &src.text[base.min(src.text.len())..];
        if let Some(offset) = mark_offset(yaml, line, column) {
            index = base + offset;
        }
    }
    let (message, help) = explain_yaml_error(&message, keys);
    // Underline the value up to the end of its line.
    let line_end = src.text[index.min(src.text.len())..]
        .find('\n')
        .map_or(src.text.len(), |i| index + i);
    let value_end = index + src.text[index.min(line_end)..line_end].trim_end().len();
    let mut d =
        Diagnostic::error(Code::Yaml, message).at_range(src, index..value_end.max(index + 1));
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

/// A message of serde or libyaml without its positions (` at line 3 column 8`, ` at position
/// 12`), and those positions, in order, as (line, column) counted from 1.
fn without_marks(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut message = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(" at ") {
        let after = &rest[i + 4..];
        let number = |t: &str| -> (Option<usize>, usize) {
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (t[..digits].parse().ok(), digits)
        };
        let mark_len = if let Some(line_etc) = after.strip_prefix("line ") {
            match number(line_etc) {
                (Some(line), n) => match line_etc[n..].strip_prefix(" column ") {
                    Some(col_etc) => match number(col_etc) {
                        (Some(column), m) => {
                            marks.push((line, column));
                            Some("line ".len() + n + " column ".len() + m)
                        }
                        _ => None,
                    },
                    None => None,
                },
                _ => None,
            }
        } else if let Some(pos_etc) = after.strip_prefix("position ") {
            match number(pos_etc) {
                (Some(_), n) => Some("position ".len() + n),
                _ => None,
            }
        } else {
            None
        };
        message.push_str(&rest[..i]);
        match mark_len {
            Some(len) => rest = &after[len..],
            None => {
                message.push_str(" at ");
                rest = after;
            }
        }
    }
    message.push_str(rest);
    (message, marks)
}

/// The byte offset in `yaml` of libyaml's position `line`, `column` (counted from 1, the
/// column in characters).
fn mark_offset(yaml: &str, line: usize, column: usize) -> Option<usize> {
    let mut offset = 0;
    for (n, text) in yaml.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let in_line = text
                .char_indices()
                .nth(column.checked_sub(1)?)
                .map_or(text.len(), |(i, _)| i);
            return Some(offset + in_line);
        }
        offset += text.len();
    }
    None
}

/// How to write a value of the type serde expected (`detail` ends with what it expected).
fn type_help(name: &str, detail: &str) -> Option<String> {
    if detail.ends_with("expected a whole number") {
        Some(format!("write a whole number, such as `{name}: 2`"))
    } else if detail.ends_with("expected `true` or `false`") {
        Some(format!("write `{name}: true` or `{name}: false`"))
    } else if detail.ends_with("expected text") {
        Some(format!(
            "put the value between quotes, such as `{name}: \"2026\"`"
        ))
    } else if detail.ends_with("expected a list") {
        // A list of paths for `aliases`, of names for the rest (`authors`).
        let example = if name == "aliases" {
            "[/old/path/]"
        } else {
            "[Jan, Piet]"
        };
        Some(format!("write a list, such as `{name}: {example}`"))
    } else {
        None
    }
}

/// Rewords serde's messages in plain words, with a hint where one helps.
fn explain_yaml_error(message: &str, keys: &[&str]) -> (String, Option<String>) {
    if message.contains("while parsing a flow sequence") {
        return (
            "this is not valid YAML: a list that starts with `[` has no `]` at its end".to_owned(),
            Some("end the list with `]` on the same line, as in `[Jan, Piet]`, or put text that starts with `[` between quotes".to_owned()),
        );
    }
    if message.contains("while parsing a flow mapping") {
        return (
            "this is not valid YAML: a `{` has no `}` at its end".to_owned(),
            Some("end it with `}` on the same line, as in `{ name: Nederlands }`, or put text that starts with `{` between quotes".to_owned()),
        );
    }
    if message.contains("while scanning a quoted scalar") {
        return (
            "this is not valid YAML: a text in quotes has no closing quote".to_owned(),
            Some("end the text with the quote it starts with; to write that quote inside it, use the other kind around it (`'…\"…'` or `\"…'…\"`)".to_owned()),
        );
    }
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        let help = match nearest(field, keys.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("known keys are {}", list(keys)),
        };
        return (format!("unknown key `{field}`"), Some(help));
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        let (key, detail) = match message.split_once(": ") {
            Some((key, detail)) if !key.contains(' ') => (Some(key), detail),
            _ => (None, message),
        };
        let detail = detail
            .replace("invalid type: ", "")
            .replace("invalid value: ", "")
            .replace("expected i64", "expected a whole number")
            .replace("expected a boolean", "expected `true` or `false`")
            .replace("expected a string", "expected text")
            .replace("expected a sequence", "expected a list");
        let name = key.map_or("key", |k| k.rsplit('.').next().unwrap_or(k));
        let help = type_help(name, &detail);
        let message = match key {
            Some(key) => format!("wrong value for `{key}`: found {detail}"),
            None => format!("wrong value: found {detail}"),
        };
        return (message, help);
    }
    if let Some((key, detail)) = message.split_once(": ") {
        if keys.contains(&key) {
            let help = detail
                .contains("is not a date")
                .then(|| "write dates as YYYY-MM-DD, for example `2026-11-26`".to_owned());
            return (format!("wrong value for `{key}`: {detail}"), help);
        }
    }
    let help = if message.contains("did not find expected key")
        || message.contains("mapping values are not allowed")
    {
        Some("check the indentation, and put text that contains `: ` between quotes".to_owned())
    } else if message.contains("found character that cannot start any token") {
        Some("put the value between quotes".to_owned())
    } else {
        None
    };
    (format!("this is not valid YAML: {message}"), help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_the_yaml_text_leave_the_message() {
        assert_eq!(
            without_marks("did not find expected ',' or ']' at line 3 column 8, while parsing a flow sequence at line 2 column 10"),
            (
                "did not find expected ',' or ']', while parsing a flow sequence".to_owned(),
                vec![(3, 8), (2, 10)]
            )
        );
        assert_eq!(
            without_marks("unexpected end at position 12"),
            ("unexpected end".to_owned(), vec![])
        );
        assert_eq!(
            without_marks("look at this at line x"),
            ("look at this at line x".to_owned(), vec![])
        );
        assert_eq!(mark_offset("a: 1\nbé: [x\n", 2, 5), Some(10));
        assert_eq!(mark_offset("a: 1\n", 3, 1), None);
    }
}
