//! Cleaning SVG images from `content/` before they are published, pure.
//!
//! An SVG file is a document that can run scripts when it is opened on its own (a link to
//! it, or a reader's "open image in new tab"), on the site's origin, where it could read the
//! readers' saved checklist ticks. With `raw_html: sanitize` (the default), every SVG is
//! parsed with quick-xml and written again with only what draws: `<script>`,
//! `<foreignObject>` (HTML inside SVG), animations that could set a link, event-handler
//! attributes, and every reference out of the file (`href` to anything but `#id` or an
//! embedded raster image, `url(…)` to anything but `#id`, `@import`) are removed, as are
//! document type declarations and processing instructions.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

/// Elements left out with everything inside them.
const DROPPED: &[&[u8]] = &[
    b"script",
    b"foreignobject",
    b"handler",
    b"listener",
    b"set",
    b"animate",
    b"animatemotion",
    b"animatetransform",
    b"animatecolor",
    b"iframe",
    b"embed",
    b"object",
];

/// An empty image, for a file that is not well-formed SVG.
const EMPTY: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n";

/// Returns `svg` with everything that could run a script or load something else removed.
/// A file that is not well-formed XML becomes an empty image (browsers would not show it).
pub fn sanitize(svg: &[u8]) -> Vec<u8> {
    clean(svg).unwrap_or_else(|| EMPTY.to_vec())
}

fn clean(svg: &[u8]) -> Option<Vec<u8>> {
    let mut reader = Reader::from_reader(svg);
    let mut writer = Writer::new(Vec::with_capacity(svg.len()));
    // How deep inside a dropped element the reader is.
    let mut dropping = 0usize;
    // Whether the text being read is the content of a `<style>`.
    let mut in_style = false;
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Eof => break,
            Event::Start(start) => {
                let name = local_name(&start);
                if dropping > 0 || DROPPED.contains(&name.as_slice()) {
                    dropping += 1;
                    continue;
                }
                in_style = name == b"style";
                writer.write_event(Event::Start(clean_tag(&start)?)).ok()?;
            }
            Event::Empty(start) => {
                let name = local_name(&start);
                if dropping > 0 || DROPPED.contains(&name.as_slice()) {
                    continue;
                }
                writer.write_event(Event::Empty(clean_tag(&start)?)).ok()?;
            }
            Event::End(end) => {
                if dropping > 0 {
                    dropping -= 1;
                    continue;
                }
                in_style = false;
                writer.write_event(Event::End(end)).ok()?;
            }
            Event::Text(text) if dropping == 0 && in_style => {
                let css = text.decode().ok()?.into_owned();
                writer.write_event(style_text(&css)).ok()?;
            }
            Event::CData(data) if dropping == 0 && in_style => {
                let css = String::from_utf8_lossy(&data).into_owned();
                writer.write_event(style_text(&css)).ok()?;
            }
            Event::Text(text) if dropping == 0 => writer.write_event(Event::Text(text)).ok()?,
            Event::CData(data) if dropping == 0 => writer.write_event(Event::CData(data)).ok()?,
            Event::GeneralRef(reference) if dropping == 0 => {
                writer.write_event(Event::GeneralRef(reference)).ok()?;
            }
            Event::Decl(decl) => writer.write_event(Event::Decl(decl)).ok()?,
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            _ => {}
        }
    }
    if dropping > 0 {
        return None;
    }
    let out = writer.into_inner();
    // Something must be left to show; a file without its `<svg>` is no image.
    let text = String::from_utf8_lossy(&out);
    text.contains("<svg").then_some(out)
}

/// The text of a `<style>`, cleaned, as an event to write.
fn style_text(css: &str) -> Event<'static> {
    Event::Text(quick_xml::events::BytesText::new(&clean_css(css)).into_owned())
}

/// The element's name without its prefix, lowercased.
fn local_name(start: &BytesStart<'_>) -> Vec<u8> {
    start.local_name().as_ref().to_ascii_lowercase()
}

/// The start tag with only safe attributes.
fn clean_tag<'a>(start: &'a BytesStart<'a>) -> Option<BytesStart<'a>> {
    let mut clean = BytesStart::new(String::from_utf8_lossy(start.name().as_ref()).into_owned());
    for attr in start.attributes() {
        let attr = attr.ok()?;
        let key = attr.key.as_ref().to_ascii_lowercase();
        let local = attr.key.local_name().as_ref().to_ascii_lowercase();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::default())
            .ok()?;
        if local.starts_with(b"on") {
            continue;
        }
        let keep = match local.as_slice() {
            b"href" | b"src" => is_internal_reference(&value),
            b"style" => !has_external_url(&value),
            _ if key.starts_with(b"xmlns") => true,
            _ => !has_external_url(&value),
        };
        if keep {
            clean.push_attribute((
                String::from_utf8_lossy(attr.key.as_ref()).as_ref(),
                value.as_ref(),
            ));
        }
    }
    Some(clean)
}

/// `#id` within the file, or an image embedded in it.
fn is_internal_reference(value: &str) -> bool {
    let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = value.to_ascii_lowercase();
    value.starts_with('#')
        || [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Whether a value refers to something outside the file: `url(…)` to anything but `#id`.
fn has_external_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        let inner = rest[at + 4..].trim_start_matches([' ', '"', '\'']);
        if !inner.starts_with('#') {
            return true;
        }
        rest = &rest[at + 4..];
    }
    false
}

/// A style sheet without imports or references out of the file.
fn clean_css(css: &str) -> Cow<'_, str> {
    let lower = css.to_ascii_lowercase();
    if !lower.contains("@import") && !has_external_url(css) && !lower.contains("expression(") {
        return Cow::Borrowed(css);
    }
    // Rare enough to drop whole: a drawing's styles seldom need either.
    Cow::Borrowed("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean_str(svg: &str) -> String {
        String::from_utf8(sanitize(svg.as_bytes())).unwrap()
    }

    #[test]
    fn drawings_pass_unchanged() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><defs><linearGradient id=\"g\"/></defs><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"url(#g)\"/><text x=\"1\" y=\"9\">Cliënt &amp; jij</text><use href=\"#g\"/></svg>";
        assert_eq!(clean_str(svg), svg);
    }

    #[test]
    fn scripts_handlers_and_references_out_are_removed() {
        let svg = r#"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x "y">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
<script>alert(2)</script><SCRIPT>alert(3)</SCRIPT><svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(4)</svg:script>
<a xlink:href="javascript:alert(5)"><text>x</text></a>
<a href="https://example.org/">y</a>
<image href="https://tracker.example/pixel.png"/>
<image href="data:image/png;base64,AAAA"/>
<foreignObject><iframe src="javascript:alert(6)"></iframe></foreignObject>
<set attributeName="href" to="javascript:alert(7)"/>
<animate attributeName="href" values="javascript:alert(8)"><x/></animate>
<rect style="fill: url(https://x.example/y)" fill="url( 'https://x.example/z')" width="1"/>
<style>@import url(https://x.example/a.css); rect { fill: red }</style>
<style>rect { fill: blue }</style>
</svg>"#;
        let out = clean_str(svg);
        for gone in [
            "alert",
            "script",
            "SCRIPT",
            "javascript",
            "https://",
            "foreignObject",
            "iframe",
            "DOCTYPE",
            "ENTITY",
            "<set",
            "animate",
            "@import",
        ] {
            assert!(!out.contains(gone), "{gone} is left in\n{out}");
        }
        for kept in [
            "<a><text>x</text></a>",
            "<image href=\"data:image/png;base64,AAAA\"/>",
            "<rect width=\"1\"/>",
            "rect { fill: blue }",
        ] {
            assert!(out.contains(kept), "{kept} is lost in\n{out}");
        }
    }

    #[test]
    fn what_is_not_well_formed_becomes_an_empty_image() {
        assert_eq!(
            clean_str("<svg><script>alert(1)"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"
        );
        assert_eq!(
            clean_str("not svg at all"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"
        );
        assert_eq!(
            clean_str("<script>alert(1)</script>"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"
        );
    }
}
