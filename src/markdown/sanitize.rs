//! Cleaning raw HTML that authors wrote into Markdown, for `raw_html: sanitize` (the default).
//!
//! Runs over a finished page body that contains raw HTML, so it must keep the markup leidraad
//! itself writes (checklist boxes, heading ids, table alignment) while removing anything that
//! could run a script: `<script>`, event-handler attributes, `javascript:` and `data:` URLs.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Returns `html` with everything executable removed and harmless markup kept.
pub fn sanitize(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(cleaner).clean(html).to_string()
}

fn cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        // Responsive images and media: their URLs are resolved and checked like every link
        // (an unsafe scheme is refused before the sanitiser runs).
        .add_tags(["input", "label", "picture", "source", "video", "audio"])
        .add_generic_attributes(["id", "class", "dir", "aria-label", "aria-hidden", "role"])
        .add_generic_attribute_prefixes(["data-"])
        .add_tag_attributes("input", ["type", "checked"])
        .add_tag_attributes("label", ["for"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("img", ["loading", "width", "height", "srcset", "sizes"])
        .add_tag_attributes("source", ["src", "srcset", "sizes", "media", "type"])
        .add_tag_attributes(
            "video",
            [
                "src",
                "poster",
                "controls",
                "width",
                "height",
                "preload",
                "muted",
                "loop",
                "playsinline",
            ],
        )
        .add_tag_attributes("audio", ["src", "controls", "preload", "loop"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .link_rel(None)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("input", "type") if value != "checkbox" => None,
            ("th" | "td", "style") if !is_alignment(value) => None,
            _ => Some(Cow::Borrowed(value)),
        });
    builder.rm_tags(HashSet::from(["map", "area"]));
    builder
}

/// The only inline style leidraad writes: table cell alignment.
fn is_alignment(style: &str) -> bool {
    matches!(
        style.trim(),
        "text-align: left" | "text-align: center" | "text-align: right"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(sanitize(input), expected);
    }

    #[test]
    fn removes_scripts_and_keeps_harmless_markup() {
        check("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>");
        check(
            "<img src=\"x.png\" onerror=\"alert(1)\">",
            "<img src=\"x.png\">",
        );
        check("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>");
        check("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>");
        check("<a href=\"&#106;avascript:alert(1)\">x</a>", "<a>x</a>");
        check("<svg onload=\"alert(1)\"></svg>ok", "ok");
        check("<iframe src=\"https://x\"></iframe>ok", "ok");
        check("<kbd>Ctrl</kbd>", "<kbd>Ctrl</kbd>");
        check(
            "<details><summary>Meer</summary>tekst</details>",
            "<details><summary>Meer</summary>tekst</details>",
        );
        check("<input type=\"text\">", "<input>");
        let picture = "<picture><source srcset=\"a.png 2x\" media=\"(min-width: 40em)\"><img src=\"b.png\" srcset=\"b.png 1x, c.png 2x\" sizes=\"50vw\" alt=\"x\"></picture>";
        check(picture, picture);
        check(
            "<video src=\"a.mp4\" poster=\"a.png\" controls=\"\" onplay=\"alert(1)\"></video>",
            "<video src=\"a.mp4\" poster=\"a.png\" controls=\"\"></video>",
        );
    }

    #[test]
    fn keeps_the_markup_leidraad_writes() {
        let task = "<ul class=\"task-list\" data-guide=\"g\"><li class=\"task\" id=\"a\">\
                    <input type=\"checkbox\" class=\"task-box\" id=\"a-box\" data-item=\"a\" checked=\"\">\
                    <label for=\"a-box\">x</label></li></ul>";
        check(task, task);
        check("<h2 id=\"kop\">Kop</h2>", "<h2 id=\"kop\">Kop</h2>");
        let cell = "<table><tbody><tr><td style=\"text-align: center\">x</td></tr></tbody></table>";
        check(cell, cell);
    }
}
