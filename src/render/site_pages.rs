//! The pages of the site as a whole: the root language chooser and `404.html`.

use super::view::*;
use super::{Cx, GENERATOR};
use crate::diagnostics::Diagnostic;
use crate::links::relative_url;
use crate::model::LangId;
use crate::output::{Contents, Known, OutputFile};

impl Cx<'_> {
    /// `index.html` at the output root: a list of languages that sends a reader on to theirs.
    pub(super) fn root_page(&self) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let languages = site
            .languages
            .iter()
            .enumerate()
            .map(|(l, language)| LanguageView {
                code: &language.code,
                name: &language.name,
                dir: language.dir.as_str(),
                url: relative_url("", &site.pages[site.sections_of[l].home].url, self.style),
                current: false,
                fallback: false,
            })
            .collect();
        let alternates = site
            .languages
            .iter()
            .enumerate()
            .map(|(l, language)| AlternateView {
                hreflang: language.code.clone(),
                url: match &site.config.base_url {
                    Some(base) => format!("{base}{}", site.pages[site.sections_of[l].home].url),
                    None => relative_url("", &site.pages[site.sections_of[l].home].url, self.style),
                },
            })
            .collect();
        let (html, known) = self.site_page(
            "root",
            "root.html",
            languages,
            alternates,
            KindView::Plain {},
        )?;
        Ok(OutputFile {
            path: "index.html".to_owned(),
            contents: Contents::Bytes(html),
            known,
        })
    }

    /// `404.html`: served by hosts at any depth, so with `base_url` its links are absolute.
    /// Nobody knows which language the reader came from: it says so in every language of
    /// the site, the default one first, each linking to its home.
    pub(super) fn not_found_page(&self) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let mut order: Vec<LangId> = LangId::all(site.languages.len()).collect();
        order.sort_by_key(|&l| l != site.default_lang);
        let not_found = order
            .into_iter()
            .map(|l| {
                let language = &site.languages[l];
                let strings = &language.strings;
                let home = &site.pages[site.sections_of[l].home].url;
                NotFoundView {
                    lang: language.code.clone(),
                    dir: language.dir.as_str(),
                    title: strings.get("not_found_title").to_owned(),
                    text: strings.get("not_found_text").to_owned(),
                    back_home: strings.get("back_home").to_owned(),
                    url: self.not_found_url(home),
                }
            })
            .collect();
        let (html, known) = self.site_page(
            "not_found",
            "404.html",
            Vec::new(),
            Vec::new(),
            KindView::NotFound { not_found },
        )?;
        Ok(OutputFile {
            path: "404.html".to_owned(),
            contents: Contents::Bytes(html),
            known,
        })
    }

    /// A link from `404.html`: absolute with `base_url`, since hosts serve it at any depth.
    fn not_found_url(&self, to: &str) -> String {
        let relative = relative_url("", to, self.style);
        match &self.site.config.base_url {
            Some(base) => format!("{base}{relative}"),
            None => relative,
        }
    }

    fn site_page(
        &self,
        kind: &'static str,
        template: &str,
        languages: Vec<LanguageView<'_>>,
        alternates: Vec<AlternateView>,
        kind_view: KindView,
    ) -> Result<(Vec<u8>, Known), Diagnostic> {
        let url = "";
        let site = self.site;
        // The root and the 404 page are in the default language.
        let lang = &site.languages[site.default_lang];
        let absolute = kind == "not_found" && site.config.base_url.is_some();
        let prefix = |url: String| match (&site.config.base_url, absolute) {
            (Some(base), true) => format!("{base}{url}"),
            _ => url,
        };
        let contents = &site.sections_of[site.default_lang];
        let title = match kind {
            "root" => lang.strings.get("choose_language"),
            _ => lang.strings.get("not_found_title"),
        };
        let chrome = Chrome {
            extra: &site.config.extra,
            lang: &lang.code,
            dir: lang.dir.as_str(),
            root: prefix(String::new()),
            site_title: site.config.title_in(&lang.tag),
            site_key: &self.site_key,
            home_url: prefix(relative_url(
                url,
                &site.pages[contents.home].url,
                self.style,
            )),
            checklists_url: prefix(relative_url(
                url,
                &site.pages[contents.checklists].url,
                self.style,
            )),
            languages,
            alternates,
            canonical: match kind {
                "root" => site.config.base_url.clone(),
                _ => None,
            },
            feed_url: None,
            // Hosts serve 404.html at any address: it carries its style and needs no script.
            inline_style: (kind == "not_found").then(|| self.theme.style()),
            breadcrumbs: Vec::new(),
            generator: GENERATOR,
            search: false,
            // The root is in no one language, and `404.html` is served at any address.
            manifest: None,
        };
        let context = PageContext {
            chrome,
            page: PageView::plain(kind, title, "./"),
            kind: kind_view,
        };
        self.theme.render_with(
            template,
            &context,
            [("t", self.t[site.default_lang.index()].clone())],
        )
    }
}
