//! A page's Markdown body converted line by line: HTML checkboxes to task items, task items
//! given ids, kramdown's `markdown="1"` blocks to quotes and its attribute lists taken out,
//! links rewritten (`links`), and what cannot be converted found and left visible.
//! Fenced code is left as it is.

use super::links::{self, Linker};
use super::markup::{
    anchors_to_markdown, attr, figures, highlight, is_checkbox, notice, strip_tags, Notice,
};
use super::report::{Change, Counts, LeftoverKind};
use super::Dialect;

/// Gives task items their ids (see `convert::Ids`).
pub trait ItemIds {
    /// The id of the next task item of the page: its text, and the id it was written with.
    fn next(&mut self, text: &str, explicit: Option<&str>) -> String;
}

/// Something in the body that needs a person: (line in the body, 0-based; kind; message).
pub type Found = (usize, LeftoverKind, String);

/// What converting a body gives.
#[derive(Debug, Default)]
pub struct Converted {
    /// The new body; file links hold `\0asset:N\0` markers for `assets[N]`.
    pub text: String,
    /// Files in SOURCE that links point to, in marker order.
    pub assets: Vec<String>,
    /// What needs a person.
    pub found: Vec<Found>,
}

/// The state of one body's conversion.
struct Cx<'a, 'b> {
    dialect: Dialect,
    from: &'a Linker<'b>,
    ids: &'a mut dyn ItemIds,
    counts: &'a mut Counts,
    out: Converted,
}

/// Converts a body.
pub fn convert(
    body: &str,
    dialect: Dialect,
    from: &Linker<'_>,
    ids: &mut dyn ItemIds,
    counts: &mut Counts,
) -> Converted {
    let lines: Vec<&str> = body.lines().collect();
    let mut cx = Cx {
        dialect,
        from,
        ids,
        counts,
        out: Converted::default(),
    };
    let text = cx.lines(&lines, 0);
    let mut out = cx.out;
    out.text = text.join("\n");
    if body.ends_with('\n') && !out.text.is_empty() {
        out.text.push('\n');
    }
    out
}

impl Cx<'_, '_> {
    /// Converts lines that start at body line `first`.
    fn lines(&mut self, lines: &[&str], first: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut fence: Option<String> = None;
        let mut opened: Vec<String> = Vec::new();
        let mut after_item = false;
        let mut callout = None;
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let at = first + i;
            let trimmed = line.trim_start();
            if self.code(line, &mut fence, &mut out)
                || self.callout(trimmed, &mut out, &mut callout)
            {
                i += 1;
                continue;
            }
            if let Some(end) = self.markdown_block(lines, i, first, &mut out) {
                i = end + 1;
                continue;
            }
            let stripped;
            let line = match self.kramdown(trimmed, &mut out) {
                Kramdown::Gone => {
                    // Its blank line goes too when it stood between two.
                    let blank = |l: &str| l.trim().is_empty();
                    if out.last().is_some_and(|l| blank(l))
                        && lines.get(i + 1).is_some_and(|l| blank(l))
                    {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                Kramdown::Stripped(text) => {
                    stripped = text;
                    stripped.as_str()
                }
                Kramdown::No => line,
            };
            if is_checkbox(line) {
                self.checkbox_line(line, at, &mut out, &mut opened);
                after_item = true;
                i += 1;
                continue;
            }
            if let Some(tag) = opened.last() {
                if trimmed.trim_end() == format!("</{tag}>") {
                    opened.pop();
                    i += 1;
                    continue;
                }
            }
            if after_item && !trimmed.is_empty() && !is_task(line) {
                out.push(String::new());
            }
            after_item = false;
            out.push(self.line(line, at));
            i += 1;
        }
        out
    }

    /// A line that opens a box shortcode (`{{% notice warning %}}`) becomes `> [!WARNING]`;
    /// the one that closes it quotes the lines since (`callout`: where they start in `out`).
    /// Returns whether the line was one of them.
    fn callout(
        &mut self,
        trimmed: &str,
        out: &mut Vec<String>,
        callout: &mut Option<usize>,
    ) -> bool {
        match (notice(trimmed), *callout) {
            (Some(Notice::Open(kind)), None) => {
                out.push(format!("> [!{kind}]"));
                *callout = Some(out.len());
                self.counts.add(Change::Callouts, 1);
            }
            (Some(Notice::Close), Some(start)) => {
                for line in &mut out[start..] {
                    *line = if line.trim().is_empty() {
                        ">".to_owned()
                    } else {
                        format!("> {line}")
                    };
                }
                *callout = None;
            }
            _ => return false,
        }
        true
    }

    /// A line of fenced code, or one that opens or closes it (a `{% highlight %}` block
    /// becomes a fence): copied as it is. Returns whether the line was code.
    fn code(&mut self, line: &str, fence: &mut Option<String>, out: &mut Vec<String>) -> bool {
        let trimmed = line.trim_start();
        let backticks = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if let Some(close) = fence {
            if trimmed.starts_with(close.as_str()) {
                *fence = None;
                if !backticks {
                    out.push("```".to_owned());
                    return true;
                }
            }
        } else if backticks {
            *fence = Some(trimmed[..3].to_owned());
        } else if let Some((language, close)) = highlight(trimmed) {
            *fence = Some(close.to_owned());
            out.push(format!("```{language}"));
            self.counts.add(Change::CodeBlocks, 1);
            return true;
        } else {
            return false;
        }
        out.push(line.to_owned());
        true
    }

    /// A line with an HTML checkbox, as a task item: the `<ul>` or `<ol>` line just before
    /// it goes (and its closing tag later, through `opened`), and a blank line comes before
    /// the first item where text was.
    fn checkbox_line(
        &mut self,
        line: &str,
        at: usize,
        out: &mut Vec<String>,
        opened: &mut Vec<String>,
    ) {
        if let Some(last) = out.last() {
            let last = last.trim();
            if last.starts_with("<ul") || last.starts_with("<ol") {
                opened.push(last[1..3].to_owned());
                out.pop();
            }
        }
        if out
            .last()
            .is_some_and(|l| !l.trim().is_empty() && !is_task(l))
        {
            out.push(String::new());
        }
        let item = self.checkbox(line);
        out.push(self.line(&item, at));
    }

    /// One line of text: links rewritten, a task item given its id, leftovers found.
    fn line(&mut self, line: &str, at: usize) -> String {
        let figured;
        let line = match (self.dialect, figures(line)) {
            (Dialect::Hugo, Some((text, n))) => {
                self.counts.add(Change::Figures, n);
                figured = text;
                figured.as_str()
            }
            _ => line,
        };
        let rewritten = links::rewrite(line, self.from);
        self.counts.add(Change::Links, rewritten.links);
        let mut text = rewritten.line;
        // The markers of this line's files count from the files already found.
        for (n, src) in rewritten.assets.into_iter().enumerate() {
            let old = format!("\0asset:{n}\0");
            let new = format!("\0asset:{}\u{1}", self.out.assets.len());
            text = text.replacen(&old, &new, 1);
            self.out.assets.push(src);
        }
        let text = text.replace('\u{1}', "\0");
        for link in rewritten.drafts {
            self.out.found.push((at, LeftoverKind::Link, format!("the link to `{link}` goes to a page marked `draft: true`, which leidraad leaves out of a build and will not link to: publish the page or take the link out")));
        }
        for url in rewritten.unknown {
            self.out.found.push((at, LeftoverKind::Link, format!("the link `{url}` points into the old site but matches no page or file: link to the `.md` file or image instead")));
        }
        let text = self.task_id(&text);
        self.leftovers(&text, at);
        text
    }

    /// A task item without an id gets one.
    fn task_id(&mut self, line: &str) -> String {
        if !is_task(line) {
            return line.to_owned();
        }
        let marker_end = line.find(']').map_or(line.len(), |i| i + 1);
        let text = line[marker_end..].trim();
        if let Some(open) = text.rfind("{#") {
            if text.ends_with('}') {
                let id = &text[open + 2..text.len() - 1];
                self.ids.next(text[..open].trim(), Some(id));
                return line.to_owned();
            }
        }
        let id = self.ids.next(text, None);
        self.counts.add(Change::ItemIds, 1);
        format!("{} {{#{id}}}", line.trim_end())
    }

    /// `<input type="checkbox" id="x"> Text` (in a `<li>` or `<label>`) as `- [ ] Text {#x}`.
    fn checkbox(&mut self, line: &str) -> String {
        self.counts.add(Change::Checkboxes, 1);
        let input_start = line.find("<input").unwrap_or(0);
        let input_end = line[input_start..]
            .find('>')
            .map_or(line.len(), |i| input_start + i);
        let input = &line[input_start..input_end];
        let id = attr(input, "id");
        let text = strip_tags(&anchors_to_markdown(line));
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match id.filter(|id| crate::markdown::check_id(id).is_ok()) {
            Some(id) => format!("- [ ] {text} {{#{id}}}"),
            None => format!("- [ ] {text}"),
        }
    }

    /// kramdown attribute lists: `{: .class}` and `{:toc}` lines (with the `* TOC` line
    /// before) taken out, and a trailing `{: .class}` taken off.
    fn kramdown(&mut self, trimmed: &str, out: &mut Vec<String>) -> Kramdown {
        let trimmed = trimmed.trim_end();
        if trimmed.starts_with("{:") && trimmed.ends_with('}') {
            self.counts.add(Change::KramdownAttributes, 1);
            let toc_line = out.last().is_some_and(|l| {
                let l = l.trim();
                l.ends_with("TOC") && l.len() <= 6
            });
            if trimmed.replace(' ', "") == "{:toc}" && toc_line {
                out.pop();
            }
            return Kramdown::Gone;
        }
        match trimmed.rfind(" {:") {
            Some(open) if trimmed.ends_with('}') => {
                self.counts.add(Change::KramdownAttributes, 1);
                Kramdown::Stripped(trimmed[..open].to_owned())
            }
            _ => Kramdown::No,
        }
    }

    /// A `<aside markdown="1">` (or `div`, `section`) block alone on its lines, up to its
    /// closing tag: its lines, converted, as a quote. Returns the closing line's index.
    fn markdown_block(
        &mut self,
        lines: &[&str],
        i: usize,
        first: usize,
        out: &mut Vec<String>,
    ) -> Option<usize> {
        let trimmed = lines[i].trim();
        let kramdown = [
            "markdown=\"1\"",
            "markdown='1'",
            "markdown=\"block\"",
            "markdown=1",
        ];
        if !trimmed.starts_with('<') || !kramdown.iter().any(|k| trimmed.contains(k)) {
            return None;
        }
        let name: String = trimmed[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let close = format!("</{name}>");
        let end = (i + 1..lines.len()).find(|&j| lines[j].trim() == close);
        let nested = end.is_some_and(|end| {
            lines[i + 1..end]
                .iter()
                .any(|l| l.contains(&format!("<{name}")))
        });
        let (Some(end), false, true) = (end, nested, trimmed.ends_with('>')) else {
            let message = format!("this `<{name} markdown=\"1\">` block could not be turned into Markdown (it is not alone on its lines, is nested or never closed); take out `markdown=\"1\"` and leave a blank line after the opening and before the closing tag, or write it as a quote (`> `)");
            self.out
                .found
                .push((first + i, LeftoverKind::MarkdownBlock, message));
            return None;
        };
        let inner = self.lines(&lines[i + 1..end], first + i + 1);
        if out.last().is_some_and(|l| !l.trim().is_empty()) {
            out.push(String::new());
        }
        let mut quoted: Vec<String> = inner
            .iter()
            .map(|l| {
                if l.trim().is_empty() {
                    ">".to_owned()
                } else {
                    format!("> {l}")
                }
            })
            .collect();
        while quoted.first().is_some_and(|l| l == ">") {
            quoted.remove(0);
        }
        while quoted.last().is_some_and(|l| l == ">") {
            quoted.pop();
        }
        out.extend(quoted);
        if lines.get(end + 1).is_some_and(|l| !l.trim().is_empty()) {
            out.push(String::new());
        }
        self.counts.add(Change::MarkdownBlocks, 1);
        Some(end)
    }

    /// Shortcodes, Liquid tags and variables the import cannot convert.
    fn leftovers(&mut self, line: &str, at: usize) {
        let (opens, kind, what): (&[(&str, &str)], LeftoverKind, &str) = match self.dialect {
            Dialect::Jekyll => (
                &[("{%", "%}"), ("{{", "}}")],
                LeftoverKind::Liquid,
                "the Liquid tag",
            ),
            Dialect::Hugo => (
                &[("{{<", ">}}"), ("{{%", "%}}")],
                LeftoverKind::Shortcode,
                "the shortcode",
            ),
            Dialect::Zola => (
                &[("{{", "}}"), ("{%", "%}")],
                LeftoverKind::Shortcode,
                "the shortcode",
            ),
        };
        for (open, close) in opens {
            let mut from = 0;
            while let Some(i) = line[from..].find(open).map(|i| i + from) {
                let end = line[i..]
                    .find(close)
                    .map_or(line.len(), |j| i + j + close.len());
                let code = &line[i..end];
                if self.dialect == Dialect::Zola && !code.contains('(') && !code.contains("end") {
                    from = end;
                    continue;
                }
                self.out.found.push((at, kind, format!("{what} `{code}` is left as it was: leidraad shows it as text; write what it stands for in Markdown")));
                from = end;
            }
        }
    }
}

/// What [`Cx::kramdown`] did with a line.
enum Kramdown {
    /// The line was an attribute list alone: it is gone.
    Gone,
    /// The line without its trailing attribute list.
    Stripped(String),
    /// No attribute list.
    No,
}

/// Whether a line is a task-list item: `- [ ]`, `* [x]`, `1. [ ]`.
pub fn is_task(line: &str) -> bool {
    let t = line.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        match t[digits..].strip_prefix(['.', ')']) {
            Some(r) if digits > 0 => r,
            _ => return false,
        }
    };
    let rest = rest.trim_start();
    rest.starts_with("[ ]") || rest.starts_with("[x]") || rest.starts_with("[X]")
}
