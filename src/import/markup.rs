//! Small readers of the markup in a body: HTML tags on one line, and shortcodes.

/// Hugo's `{{< figure src="x.png" alt="…" title="…" caption="…" >}}` as a Markdown image
/// (the caption as its text where it has no `alt`, and as its title where it has none), with
/// how many there were; `None` when the line has none.
pub fn figures(line: &str) -> Option<(String, usize)> {
    let mut text = line.to_owned();
    let mut n = 0;
    let mut from = 0;
    while let Some(open) = text[from..].find("{{< figure ").map(|i| i + from) {
        let Some(close) = text[open..].find(">}}").map(|i| open + i) else {
            break;
        };
        let attrs = shortcode_attrs(&text[open + 11..close]);
        let get = |k: &str| {
            attrs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let Some(src) = get("src") else {
            from = close;
            continue;
        };
        let caption = get("caption").unwrap_or("");
        let alt = get("alt").unwrap_or(caption);
        let title = get("title").unwrap_or(caption);
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", title.replace('"', "'"))
        };
        let image = format!("![{alt}]({src}{title})");
        text.replace_range(open..close + 3, &image);
        from = open + image.len();
        n += 1;
    }
    (n > 0).then_some((text, n))
}

/// The `key="value"` (or `'value'`, or bare) attributes of a shortcode.
fn shortcode_attrs(text: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = text.trim();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().to_owned();
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(end) => (&after[1..end + 1], &after[end + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let end = after.find(' ').unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        attrs.push((key, value.to_owned()));
        rest = next.trim_start();
    }
    attrs
}

/// A line that opens a code block of Liquid (`{% highlight ruby linenos %}`) or Hugo
/// (`{{< highlight go "linenos=table" >}}`): the block's language and how its closing line
/// starts.
pub fn highlight(trimmed: &str) -> Option<(&str, &'static str)> {
    let (rest, close) = if let Some(rest) = trimmed.strip_prefix("{% highlight ") {
        (rest.strip_suffix("%}")?, "{% endhighlight")
    } else if let Some(rest) = trimmed.trim_end().strip_prefix("{{< highlight ") {
        (rest.strip_suffix(">}}")?, "{{< /highlight")
    } else {
        return None;
    };
    let language = rest.split_whitespace().next().unwrap_or("");
    let plain = language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c));
    plain.then_some((language, close))
}

/// Whether a line has an HTML checkbox.
pub fn is_checkbox(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.contains("<input")
        && ["type=\"checkbox\"", "type='checkbox'", "type=checkbox"]
            .iter()
            .any(|t| lower.contains(t))
}

/// The value of an attribute in a tag's text.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    for quote in ['"', '\''] {
        let key = format!(" {name}={quote}");
        if let Some(i) = tag.find(&key) {
            let start = i + key.len();
            let end = tag[start..].find(quote)? + start;
            return Some(tag[start..end].to_owned());
        }
    }
    None
}

/// `<a href="x">text</a>` as `[text](x)`.
pub fn anchors_to_markdown(line: &str) -> String {
    let mut text = line.to_owned();
    while let Some(open) = text.find("<a ") {
        let Some(tag_end) = text[open..].find('>').map(|i| open + i) else {
            break;
        };
        let Some(close) = text[tag_end..].find("</a>").map(|i| tag_end + i) else {
            break;
        };
        let href = attr(&text[open..tag_end], "href").unwrap_or_default();
        let inner = text[tag_end + 1..close].to_owned();
        text.replace_range(open..close + 4, &format!("[{inner}]({href})"));
    }
    text
}

/// Text with its HTML tags taken out.
pub fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A line of Hugo's boxes, which themes call `notice`, `alert`, `hint`, `callout` or
/// `admonition`.
#[derive(Debug, PartialEq, Eq)]
pub enum Notice {
    /// `{{% notice warning %}}`: a callout of this kind (`WARNING`) starts.
    Open(&'static str),
    /// `{{% /notice %}}`.
    Close,
}

/// Whether a line opens or closes a box shortcode, and of which callout kind.
pub fn notice(trimmed: &str) -> Option<Notice> {
    let trimmed = trimmed.trim_end();
    let inner = trimmed
        .strip_prefix("{{%")
        .and_then(|r| r.strip_suffix("%}}"))
        .or_else(|| {
            trimmed
                .strip_prefix("{{<")
                .and_then(|r| r.strip_suffix(">}}"))
        })?
        .trim();
    const NAMES: [&str; 5] = ["notice", "alert", "hint", "callout", "admonition"];
    if let Some(name) = inner.strip_prefix('/') {
        return NAMES.contains(&name.trim()).then_some(Notice::Close);
    }
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    if !NAMES.contains(&name) {
        return None;
    }
    // The kind is the first word, or a `type=`, `color=` or `context=` value.
    let words = args.split(|c: char| c.is_whitespace() || c == '"' || c == '=');
    let kind = words
        .map(str::to_ascii_lowercase)
        .find_map(|w| match w.as_str() {
            "note" | "info" | "primary" | "secondary" => Some("NOTE"),
            "tip" | "success" => Some("TIP"),
            "important" => Some("IMPORTANT"),
            "warning" => Some("WARNING"),
            "danger" | "error" | "caution" => Some("CAUTION"),
            _ => None,
        })
        .unwrap_or("NOTE");
    Some(Notice::Open(kind))
}
