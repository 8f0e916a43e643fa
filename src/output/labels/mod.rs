//! Labels in the built-in templates, so that the verifier need not scan what they write.
//!
//! When a site uses only the built-in templates, each is labelled once when the theme loads
//! ([`label_template`]). A label is a [`LABEL`] (NUL) written over one byte of the template,
//! so that a page is as long with its labels as without them and taking them out moves
//! nothing:
//!
//! - the two quotes of every attribute the verifier reads (`href`, `src`, `srcset`, `poster`,
//!   `id`), which [`unlabel`] turns back into quotes in place, reading which attribute it is
//!   from the name before the `=`;
//! - the two bytes around every value printed unescaped between elements (a page's text, a
//!   checklist item's HTML), which the templates write in one of two forms:
//!   `\n{{ x | safe }}\n<` (the two newlines are the labels) or `>{{ x | safe }}</` (the
//!   `>` and the `<`). [`unlabel`] reads the form from the byte after the second label.
//!
//! So after a page is rendered, [`unlabel`] says where each labelled attribute's value and
//! each unescaped text is in it, from its labels alone, found 64 bytes at a time. Nothing else
//! in a page holds a NUL: the escape function writes one in a printed value as U+FFFD (and no
//! labelled attribute prints a value unescaped); the values printed unescaped are HTML made
//! from the site's sources, in which `SourceText` replaced every NUL (and Markdown reads
//! `&#0;` as U+FFFD too), or made by leidraad. A NUL after the name of an attribute the
//! verifier reads and its `=` opens that attribute's value, and the next NUL closes it; any
//! other is the first label of a text, so no value printed in a tag right before a text may
//! end in such a name and `=` (the built-in templates print only `lang` and `dir` there).
//! Debug builds scan every labelled page as well and assert that both agree (`verify/`), so
//! every test of a page is also a test of the labels.

use std::ops::Range;

/// The byte labels are made of.
pub const LABEL: u8 = 0;

/// An attribute the verifier reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attr {
    Id,
    /// `name` of an `<a>`: a fragment finds it too.
    Name,
    /// `href` of `<base>`.
    Base,
    Href,
    Src,
    Srcset,
    Poster,
}

/// The attributes a label may stand in, by name as the built-in templates write them.
const NAMES: [(&[u8], Attr); 6] = [
    (b"href", Attr::Href),
    (b"id", Attr::Id),
    (b"src", Attr::Src),
    (b"srcset", Attr::Srcset),
    (b"poster", Attr::Poster),
    (b"xlink:href", Attr::Href),
];

/// Where a labelled page's attributes and unescaped texts are, once the labels are out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labelled {
    /// Each attribute the verifier reads that the templates wrote, with where its value is
    /// (as written, still HTML-escaped).
    pub attrs: Vec<(Attr, Range<usize>)>,
    /// Each value printed unescaped between elements, in order.
    pub texts: Vec<Range<usize>>,
}

mod template;
mod unlabel;

pub use template::label_template;
pub use unlabel::unlabel;

#[cfg(test)]
mod tests {
    use super::*;

    fn unlabelled(template: &str) -> (String, Option<Labelled>) {
        let mut page = label_template(template).unwrap().into_bytes();
        let labelled = unlabel(&mut page);
        (String::from_utf8(page).unwrap(), labelled)
    }

    #[test]
    fn attributes_the_verifier_reads_are_labelled() {
        let template = r##"<a class="x" href="{{ u }}" data-id="d" id="top">{{ t }}</a>
<img src="i.png" srcset="a.png 2x" alt=""><video poster="p.png"></video>
{% if a == "b" %}<svg><use xlink:href="#s"/></svg>{% endif %}<meta name="m" content="c">
<p>{{ body | safe }}</p><a href="">x</a>"##;
        let labelled = label_template(template).unwrap();
        assert_eq!(labelled.matches('\0').count(), 16);
        assert_eq!(labelled.len(), template.len());
        let (page, labelled) = unlabelled(template);
        assert_eq!(page, template);
        let labelled = labelled.unwrap();
        let found: Vec<(Attr, &str)> = labelled
            .attrs
            .iter()
            .map(|(attr, r)| (*attr, &page[r.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (Attr::Href, "{{ u }}"),
                (Attr::Id, "top"),
                (Attr::Src, "i.png"),
                (Attr::Srcset, "a.png 2x"),
                (Attr::Poster, "p.png"),
                (Attr::Href, "#s"),
                (Attr::Href, ""),
            ]
        );
        let texts: Vec<&str> = labelled.texts.iter().map(|r| &page[r.clone()]).collect();
        assert_eq!(texts, ["{{ body | safe }}"]);
    }

    #[test]
    fn unescaped_texts_between_elements_are_labelled() {
        let template =
            "<div id=\"a\">\n{{ page.body | safe }}\n</div><bdi{{ lang | safe }}>{{ t }}</bdi>\
            <style>{{ css | safe }}</style><p>{{ item.html|safe }}</p>{# <a #}\
            <label for=\"b\"{{ lang | safe }}>{{ x | safe }}</label><a href=\"{{ u }}\">";
        let (page, labelled) = unlabelled(template);
        assert_eq!(page, template);
        let labelled = labelled.unwrap();
        let texts: Vec<&str> = labelled.texts.iter().map(|r| &page[r.clone()]).collect();
        assert_eq!(
            texts,
            [
                "{{ page.body | safe }}",
                "{{ item.html|safe }}",
                "{{ x | safe }}"
            ]
        );
        let attrs: Vec<&str> = labelled
            .attrs
            .iter()
            .map(|(_, r)| &page[r.clone()])
            .collect();
        assert_eq!(attrs, ["a", "{{ u }}"]);
    }
}
