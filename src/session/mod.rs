//! A build kept in memory by `serve`, so that an edit re-renders only what it changes.

mod addresses;
mod edit;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
#[cfg(feature = "search")]
use crate::search_index;
use crate::{links, markdown, model, output, render, source, theme, translations, verify};
use crate::{prepare, BuildOptions, Frame, Generated};
pub use edit::Rebuilt;

/// A build kept in memory, so that `serve` can re-render only what an edit changes.
pub struct Session {
    root: PathBuf,
    options: BuildOptions,
    /// What the site was assembled from besides its documents.
    frame: Frame,
    /// The paths of the files of the output that are not pages: the sitemap, the feeds,
    /// aliases, copied files.
    site_files: BTreeSet<String>,
    /// Every diagnostic of the last good build.
    diagnostics: Vec<crate::Diagnostic>,
    /// Shared with the search index of `serve`, which plans from it in the background.
    site: Arc<model::Site>,
    links: links::LinkIndex,
    theme: theme::Theme,
    render_options: render::RenderOptions,
    /// The output as it was verified, to verify the pages an edit renders again.
    verified: verify::Index,
    /// What the translations' warnings are made of, to make again those of edited paths.
    translations: translations::Kept,
    /// The sitemap by path, to make again the entries of edited paths; `None` without one.
    sitemap: Option<render::sitemap::Sitemap>,
}

/// Reads, checks and renders the site into memory, without writing anything, for `serve`.
/// Returns the files and the [`Session`] that made them when there are no errors; every
/// problem found is in `diags`.
pub fn generate_session(
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<(Generated, Session)> {
    let prepared = prepare(options, diags)?;
    // What each page links to is kept, to verify what an edit takes away.
    let verifier = verify::Verifier::keeping_links(prepared.site.config.base_url.as_deref());
    let (files, render_diags) = prepared
        .render(&|mut file| {
            verifier.see(&file);
            file.known = output::Known::default();
            Ok(Some(file))
        })
        .unwrap_or_else(|_| unreachable!("keeping files in memory does not fail"));
    diags.extend(render_diags);
    if diags.has_errors() {
        return None;
    }
    #[cfg_attr(not(feature = "search"), allow(unused_mut))]
    let mut files = files;
    #[cfg(feature = "search")]
    if prepared.render_options.search {
        match search_index(&prepared.site, &files) {
            Ok(index) => {
                index.iter().for_each(|f| verifier.see(f));
                files.extend(index);
            }
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
    }
    let (verified, problems) = verifier.finish();
    diags.extend(verify::diagnostics(&problems, &prepared.site));
    if diags.has_errors() {
        return None;
    }
    let site_files = addresses::site_files(prepared.site.pages.iter(), &files);
    let translations = translations::Kept::new(&prepared.site);
    let sitemap = render::sitemap::Sitemap::new(&prepared.site);
    let generated = Generated {
        pages: prepared.site.pages.len(),
        files,
        output_dir: prepared.output_dir,
    };
    let session = Session {
        root: output::absolute(&options.root),
        options: options.clone(),
        frame: prepared.frame,
        site_files,
        diagnostics: diags.items().to_vec(),
        site: Arc::new(prepared.site),
        links: prepared.links,
        theme: prepared.theme,
        render_options: prepared.render_options,
        verified,
        translations,
        sitemap,
    };
    Some((generated, session))
}

impl Session {
    /// The pages of `old`'s site that this session's site has at another address: old
    /// address → new (`/nl/over/`), to follow a page that moved.
    pub fn moved_since(&self, old: &Session) -> std::collections::BTreeMap<String, String> {
        addresses::moved(&old.site, old.site.pages.iter(), &self.site)
    }

    /// The site as it is now, for the search index to plan from ([`crate::search::Plan::new`]) on
    /// another thread. An edit made meanwhile copies the site rather than wait.
    #[cfg(feature = "search")]
    pub fn site(&self) -> Arc<model::Site> {
        Arc::clone(&self.site)
    }

    /// After one Markdown file changed, re-renders only the pages that show it: its page in
    /// every language and its guide's checklist pages. Returns `None` when the edit needs a
    /// full build: another kind of file, a new or deleted file, any problem in the file, or a
    /// change to what other pages show of it (title, description, URL, order, dates, anchors).
    /// `serve` makes the search index again in the background.
    pub fn update(&mut self, changed: &[PathBuf]) -> Option<Vec<output::OutputFile>> {
        let [path] = changed else { return None };
        let rel = output::absolute(path)
            .strip_prefix(self.root.join("content"))
            .ok()?
            .to_path_buf();
        let rel = rel.to_str()?.replace('\\', "/");
        let (lang, rel) = rel.split_once('/')?;
        let doc_id = self
            .site
            .docs
            .iter()
            .position(|d| d.document.lang == lang && d.document.rel == rel)
            .map(model::DocId::new)?;
        let (document, warnings) = source::read_one(&self.root, lang, rel)?.ok()?;
        let old = &self.site.docs[doc_id];
        if !warnings.is_empty() || !old.document.front.same_outline(&document.front) {
            return None;
        }
        let strings = &self.site.languages.iter().find(|l| l.tag == lang)?.strings;
        let (rendered, problems) = model::render_body(&document, strings);
        if !problems.is_empty() || !same_anchors(&old.rendered, &rendered) {
            return None;
        }
        let lang = self.site.docs[doc_id].lang;
        Arc::make_mut(&mut self.site).docs[doc_id] =
            Arc::new(model::Doc::new(lang, document, rendered, Vec::new()));
        if !links::update(&self.site, &mut self.links, doc_id).is_empty() {
            return None;
        }
        let mut pages: Vec<model::PageId> = Vec::new();
        for (id, page) in self.site.pages_by_id() {
            if page.key == rel {
                pages.push(id);
                if let Some(guide) = page.guide().map(|g| &self.site.guides[g]) {
                    // Both show the text of every section.
                    pages.extend(guide.checklist);
                    pages.push(guide.print);
                }
            }
        }
        pages.sort_unstable();
        pages.dedup();
        let (files, problems) = render::render_pages(
            &self.site,
            &self.links,
            &self.theme,
            self.render_options,
            &pages,
        );
        // Verified against the rest of the output: anything the index cannot vouch for gets
        // a full build, which verifies everything.
        if !problems.is_empty() {
            return None;
        }
        let update = self.verified.update(&files, &[])?;
        self.verified.apply(update);
        // A new body of a source makes its translations stale.
        let remade = (self.translations).redo(&self.site, &BTreeSet::from([rel]));
        self.translations.apply(remade);
        Some(files)
    }
}

/// Frees `value` (the site an edit replaced: tens of milliseconds at 30,000 pages) on a thread
/// of its own at the lowest priority, so that neither the preview nor the build of an edit
/// made just after waits for it or shares a thread with it.
fn drop_aside<T: Send + 'static>(value: T) {
    // Without a thread, the closure and `value` with it are dropped here.
    let _ = std::thread::Builder::new()
        .name("leidraad-free".to_owned())
        .spawn(move || {
            lowest_priority();
            drop(value);
        });
}

/// Makes the calling thread yield to every other thread of the process (nice 19): for work
/// nobody waits for.
pub(crate) fn lowest_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

/// Whether links into a document still find the same anchors, and its checklist the same items.
fn same_anchors(old: &markdown::Rendered, new: &markdown::Rendered) -> bool {
    old.headings
        .iter()
        .map(|h| &h.id)
        .eq(new.headings.iter().map(|h| &h.id))
        && old
            .items
            .iter()
            .map(|i| &i.id)
            .eq(new.items.iter().map(|i| &i.id))
}
