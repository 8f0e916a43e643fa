//! The views of a guide: as its pages show it, as a summary, and its checklist.

use tera::value::Key;

use super::view::*;
use super::Cx;
use crate::links;
use crate::model::{GuideId, PageId, PageKind};

impl Cx<'_> {
    pub(super) fn guide_summary(&self, from: PageId, g: GuideId) -> GuideSummary {
        let guide = &self.site.guides[g];
        GuideSummary {
            title: self.site.pages[guide.page].title.clone(),
            description: self.description(guide.page).map(str::to_owned),
            url: self.url(from, guide.page),
            sections: guide.sections.len(),
            checklist: self.checklist_link(from, g),
        }
    }

    pub(super) fn checklist_link(&self, from: PageId, g: GuideId) -> Option<ChecklistLink> {
        let guide = &self.site.guides[g];
        guide.checklist.map(|c| ChecklistLink {
            title: self.site.pages[c].title.clone(),
            url: self.url(from, c),
            items: guide.items.len(),
            items_text: self.strings(from).count("items", guide.items.len()),
        })
    }

    /// The `guide` of a section page, as a template value. Every section of a guide is in the
    /// guide's folder, so each links to the others, the guide and its checklist by the same
    /// relative URLs: the value is made once per guide, and each section only marks its own
    /// entry as current, linked as itself. `None` (each page makes its own) if the sections
    /// are not all in one folder.
    pub(super) fn section_guide(&self, id: PageId, g: GuideId) -> Option<tera::Value> {
        let site = self.site;
        let guide = &site.guides[g];
        let shared = self.section_guides[g.index()]
            .get_or_init(|| {
                let folder = |p: PageId| parent_folder(&site.pages[p].url);
                let (&first, rest) = guide.sections.split_first()?;
                if rest.iter().any(|&s| folder(s) != folder(first)) {
                    return None;
                }
                // Made as the first section sees it; its own entry then is as every other
                // section sees it.
                let mut view = self.guide_view(first, g);
                if let (Some(own), Some(&other)) = (view.sections.first_mut(), rest.first()) {
                    own.current = false;
                    own.url = self.url(other, first);
                }
                tera::Value::try_from_serializable(&view).ok()
            })
            .as_ref()?;
        let own = guide.sections.iter().position(|&s| s == id)?;
        let mut map = shared.as_map()?.clone();
        let mut sections = map.get(&Key::Str("sections"))?.as_array()?.to_vec();
        let mut entry = sections[own].as_map()?.clone();
        entry.insert(Key::Str("current"), tera::Value::from(true));
        entry.insert(Key::Str("url"), tera::Value::from(self.url(id, id)));
        sections[own] = tera::Value::from(entry);
        map.insert(Key::Str("sections"), tera::Value::from(sections));
        Some(tera::Value::from(map))
    }

    pub(super) fn guide_view(&self, from: PageId, g: GuideId) -> GuideView {
        let site = self.site;
        let guide = &site.guides[g];
        GuideView {
            key: guide.key.clone(),
            title: site.pages[guide.page].title.clone(),
            url: self.url(from, guide.page),
            description: self.description(guide.page).map(str::to_owned),
            sections: guide
                .sections
                .iter()
                .map(|&s| {
                    let (lang, dir) = self.text_lang(s);
                    let items = site.doc_of(s).map_or(0, |d| d.rendered.items.len());
                    SectionLink {
                        lang,
                        dir,
                        title: site.pages[s].title.clone(),
                        url: self.url(from, s),
                        description: self.description(s).map(str::to_owned),
                        current: s == from,
                        items,
                        items_text: self.strings(from).count("items", items),
                    }
                })
                .collect(),
            checklist: self.checklist_link(from, g),
            print_url: self.url(from, guide.print),
        }
    }

    /// The section before and after a section: the guide page comes first, the checklist last.
    pub(super) fn neighbours(&self, id: PageId) -> (Option<LinkView>, Option<LinkView>) {
        let site = self.site;
        let page = &site.pages[id];
        let Some(g) = page.guide() else {
            return (None, None);
        };
        let guide = &site.guides[g];
        let mut order = vec![guide.page];
        order.extend(&guide.sections);
        order.extend(guide.checklist);
        let Some(at) = order.iter().position(|&p| p == id) else {
            return (None, None);
        };
        if matches!(page.kind, PageKind::Checklist(_)) {
            return (None, None);
        }
        let prev = at.checked_sub(1).map(|i| self.crumb(id, order[i]));
        let next = order.get(at + 1).map(|&p| self.crumb(id, p));
        (prev, next)
    }

    pub(super) fn checklist_view(&self, id: PageId, g: GuideId) -> ChecklistView {
        let site = self.site;
        let guide = &site.guides[g];
        let mut groups: Vec<ChecklistGroup> = Vec::new();
        for item in &guide.items {
            let doc_id = item.doc;
            let (_, it) = site.item(*item);
            let view = ItemView {
                id: it.id.clone(),
                html: self.item_body(id, doc_id, &it.html, |url| url),
                url: format!(
                    "{}#{}",
                    self.url(id, item.section),
                    links::encode_segment(&it.id)
                ),
                checked: it.checked,
            };
            match groups.last_mut() {
                Some(group)
                    if group.section.title == site.pages[item.section].title
                        && group.section.url == self.url(id, item.section) =>
                {
                    group.items.push(view)
                }
                _ => groups.push(ChecklistGroup {
                    section: self.crumb(id, item.section),
                    notice: self.section_notice(item.section),
                    items: vec![view],
                }),
            }
        }
        ChecklistView {
            total: guide.items.len(),
            total_text: self.strings(id).count("items", guide.items.len()),
            groups,
        }
    }
}

impl Cx<'_> {
    /// The fallback notice of a section shown in the source language: on a checklist, its
    /// items keep their language and say why.
    pub(super) fn section_notice(&self, section: PageId) -> Option<String> {
        let site = self.site;
        let page = &site.pages[section];
        let doc = site.doc_of(section).filter(|_| page.fallback())?;
        Some(super::page::fallback_notice(
            &site.languages[page.lang],
            &site.languages[doc.lang],
        ))
    }
}

/// The folder a page URL is in: `nl/gids/` for `nl/gids/stap/`.
fn parent_folder(url: &str) -> &str {
    let url = url.strip_suffix('/').unwrap_or(url);
    url.rfind('/').map_or("", |slash| &url[..=slash])
}

#[cfg(test)]
mod tests {
    use super::parent_folder;

    #[test]
    fn the_folder_of_a_page_is_its_url_without_the_last_segment() {
        assert_eq!(parent_folder("nl/gids/stap/"), "nl/gids/");
        assert_eq!(parent_folder("nl/gids/"), "nl/");
        assert_eq!(parent_folder("nl/"), "");
        assert_eq!(parent_folder(""), "");
    }
}
