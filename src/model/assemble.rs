//! The site assembled from its documents: their bodies rendered in parallel (or taken from
//! an earlier site), then its pages, guides and checks.

use super::builder::Layout;
use super::*;

/// Builds the site from what `source` read. Returns `None` when the problems are so basic
/// (no languages at all) that nothing else can be checked.
pub fn assemble(sources: Sources, options: ModelOptions, diags: &mut Diagnostics) -> Option<Site> {
    let Sources {
        config,
        language_folders,
        documents,
        assets,
    } = sources;
    let documents = documents
        .into_iter()
        .map(|d| Source::Read(Box::new(d)))
        .collect();
    reassemble(
        config,
        &language_folders,
        documents,
        BTreeSet::new(),
        assets,
        options,
        diags,
    )
}

/// Builds the site from its documents in the order `source` reads them, some of them as an
/// earlier site had them (whose bodies are not rendered again), and from `drafts`, the drafts
/// left out among those. The site and the diagnostics are those [`assemble`] gives for the
/// same files.
pub fn reassemble(
    config: SiteConfig,
    language_folders: &[String],
    documents: Vec<Source>,
    drafts: BTreeSet<(LangId, String)>,
    assets: Vec<Asset>,
    options: ModelOptions,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let mut languages = languages(&config, language_folders, diags)?;
    let default_lang = config
        .default_language
        .as_ref()
        .and_then(|d| languages.iter().position(|l| l.tag == *d))
        .map_or(LangId::new(0), LangId::new);
    if config.default_language_at_root {
        languages[default_lang.index()].path.clear();
    }
    let (docs, drafts) = render_documents(documents, drafts, &languages, options, diags);
    // Every document by language and path, and every path once, in order: what each language
    // builds its pages from.
    let (doc_index, keys) = rayon::join(
        || {
            let mut doc_index = vec![HashMap::new(); languages.len()];
            for (i, d) in docs.iter().enumerate() {
                doc_index[d.lang.index()].insert(d.document.rel.as_str(), DocId::new(i));
            }
            doc_index
        },
        || {
            let mut keys: Vec<&str> = docs.iter().map(|d| d.document.rel.as_str()).collect();
            keys.par_sort_unstable();
            keys.dedup();
            keys
        },
    );
    let (pages, guides, sections_of) = build_languages(
        &config,
        &languages,
        default_lang,
        &docs,
        &doc_index,
        &keys,
        diags,
    );
    let page_index: Vec<HashMap<String, PageId>> = (0..languages.len())
        .into_par_iter()
        .map(|lang| {
            let lang = LangId::new(lang);
            let ids = PageId::all(pages.len()).filter(|&id| pages[id].lang == lang);
            ids.map(|id| (pages[id].key.clone(), id)).collect()
        })
        .collect();
    let (assets, asset_index) = place_assets(assets, &languages, &pages, &page_index);
    let site = Site {
        config,
        languages,
        default_lang,
        docs,
        pages,
        guides,
        sections_of,
        assets,
        drafts,
        page_index,
        asset_index,
    };
    check(&site, options, diags);
    Some(site)
}

/// The pages, guides and contents of every language, built side by side.
fn build_languages(
    config: &SiteConfig,
    languages: &[Language],
    default_lang: LangId,
    docs: &[Arc<Doc>],
    doc_index: &[HashMap<&str, DocId>],
    keys: &[&str],
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<Guide>, Vec<LanguageContents>) {
    let layout = Layout::new(keys);
    let built: Vec<Built> = (0..languages.len())
        .into_par_iter()
        .map(|lang| {
            let builder = Builder {
                config,
                languages,
                default_lang,
                doc_index,
                layout: &layout,
                docs,
                pages: Vec::with_capacity(keys.len() * 5 / 4),
                guides: Vec::new(),
                diags: Vec::new(),
            };
            builder.language(LangId::new(lang))
        })
        .collect();
    let mut pages = Vec::with_capacity(built.iter().map(|b| b.pages.len()).sum());
    let mut guides = Vec::new();
    let mut sections_of = Vec::with_capacity(built.len());
    for built in built {
        let built = built.shifted(pages.len(), guides.len());
        pages.extend(built.pages);
        guides.extend(built.guides);
        sections_of.push(built.contents);
        diags.extend(built.diags);
    }
    (pages, guides, sections_of)
}

/// The checks of the whole site, which only read it: they run side by side, and say what
/// they found in this order.
fn check(site: &Site, options: ModelOptions, diags: &mut Diagnostics) {
    let found = |check: &(dyn Fn(&mut Diagnostics) + Sync)| {
        let mut found = Diagnostics::new();
        check(&mut found);
        found
    };
    let reviews = |d: &mut Diagnostics| {
        if let Some(today) = options.today {
            check_reviews(site, today, d);
        }
    };
    let ((reviews, urls), items) = rayon::join(
        || {
            rayon::join(
                || found(&reviews),
                || found(&|d| check_unique_urls(site, d)),
            )
        },
        || found(&|d| check_item_ids(site, d)),
    );
    for found in [reviews, urls, items] {
        diags.extend(found.items().iter().cloned());
    }
}

/// A document still to render, in its language.
type ToRender = (LangId, Box<Document>);

/// Renders the body of every document of a known language that is not rendered yet, in
/// parallel; drafts are left out (and listed, beside `drafts`) unless asked for.
fn render_documents(
    documents: Vec<Source>,
    mut drafts: BTreeSet<(LangId, String)>,
    languages: &[Language],
    options: ModelOptions,
    diags: &mut Diagnostics,
) -> (Vec<Arc<Doc>>, BTreeSet<(LangId, String)>) {
    // Small entries: moving a whole `Document` for each of tens of thousands of documents
    // that `serve` keeps as they were costs more than the rest of this.
    let mut kept: Vec<Result<ToRender, Arc<Doc>>> = Vec::new();
    for source in documents {
        let document = match source {
            Source::Read(document) => document,
            Source::Rendered(doc) => {
                kept.push(Err(doc));
                continue;
            }
        };
        let Some(lang) = languages.iter().position(|l| l.tag == document.lang) else {
            continue;
        };
        let lang = LangId::new(lang);
        if document.front.draft && !options.drafts {
            drafts.insert((lang, document.rel.clone()));
        } else {
            kept.push(Ok((lang, document)));
        }
    }
    let docs: Vec<Arc<Doc>> = kept
        .into_par_iter()
        .map(|source| match source {
            Ok((lang, document)) => {
                let (rendered, diagnostics) =
                    render_body(&document, &languages[lang.index()].strings);
                Arc::new(Doc::new(lang, *document, rendered, diagnostics))
            }
            Err(doc) => doc,
        })
        .collect();
    for doc in &docs {
        diags.extend(doc.diagnostics.iter().cloned());
    }
    (docs, drafts)
}

/// Renders a document's Markdown body, with `strings` of its language.
pub fn render_body(document: &Document, strings: &Strings) -> (Rendered, Vec<Diagnostic>) {
    let stem = item_stem(&document.rel);
    let guide = guide_key(&document.rel).unwrap_or("");
    markdown::render(
        &document.src,
        document.body,
        markdown::Context {
            item_stem: &stem,
            guide,
            callouts: strings.callouts(),
        },
    )
}
