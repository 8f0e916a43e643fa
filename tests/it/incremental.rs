//! Issue 23: after every kind of edit of Markdown files, what `serve` renders again into the
//! last build is byte for byte what a full build of the same files gives, and so are the
//! diagnostics.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use leidraad::output::{Contents, OutputFile};
use leidraad::session::{generate_session, Rebuilt};
use leidraad::{BuildOptions, Diagnostics};

use crate::support::Site;

fn options(root: &Path) -> BuildOptions {
    // As `serve` builds: the preview's own address, so the sitemap and feeds are made too.
    BuildOptions {
        root: root.to_path_buf(),
        preview: true,
        base_url: Some("http://127.0.0.1:1111/".to_owned()),
        ..BuildOptions::default()
    }
}

/// The output as paths and what each holds.
fn output(files: Vec<OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|f| {
            let bytes = match &f.contents {
                Contents::Copy(path) | Contents::Svg(path) => {
                    format!("copy of {}", path.display()).into_bytes()
                }
                held => held.in_memory().map(<[u8]>::to_vec).unwrap_or_default(),
            };
            (f.path, bytes)
        })
        .collect()
}

/// The output of the last build, with what an incremental build `removed` and `made` since.
fn edited(files: &mut BTreeMap<String, Vec<u8>>, removed: &[String], made: Vec<OutputFile>) {
    for path in removed {
        files.remove(path);
    }
    files.extend(output(made));
}

/// Asserts that the output `files` is byte for byte the output `full` of a full build.
#[track_caller]
fn assert_as_full(name: &str, files: &BTreeMap<String, Vec<u8>>, full: Vec<OutputFile>) {
    let full = output(full);
    let differ: Vec<&String> = files
        .keys()
        .chain(full.keys())
        .filter(|path| files.get(*path) != full.get(*path))
        .collect();
    assert!(
        differ.is_empty(),
        "{name}: these differ from a full build: {differ:?}"
    );
}

fn json(mut diags: Diagnostics) -> String {
    diags.sort();
    diags.render_json()
}

/// Replaces `from` by `to` in a file of the site, which must hold it.
fn replace(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    fs::write(&path, text).unwrap();
    path
}

fn delete(root: &Path, rel: &str) -> PathBuf {
    let path = root.join(rel);
    fs::remove_file(&path).unwrap();
    path
}

const LISTEN: &str = "content/nl/waarden/03-luister.md";

/// An edit of the files of a site at a root: returns the files it touched.
type Edit = fn(&Path) -> Vec<PathBuf>;

/// Every kind of edit, by name: what it does to the example site, and the files it touched.
fn edits() -> Vec<(&'static str, Edit)> {
    vec![
        ("body", |r| {
            vec![replace(
                r,
                LISTEN,
                "Wie goed wil helpen",
                "Wie echt goed wil helpen",
            )]
        }),
        ("title", |r| {
            vec![replace(
                r,
                LISTEN,
                "title: Luister naar je cliënt",
                "title: Luister eerst",
            )]
        }),
        ("description", |r| {
            vec![replace(
                r,
                "content/nl/doorverwijzen/02-overdragen.md",
                "description: Draag",
                "description: Geef",
            )]
        }),
        ("weight", |r| {
            vec![replace(r, LISTEN, "authors:", "weight: -1\nauthors:")]
        }),
        ("slug", |r| {
            vec![replace(r, LISTEN, "authors:", "slug: luisteren\nauthors:")]
        }),
        ("heading", |r| {
            vec![replace(
                r,
                LISTEN,
                "## Voorbeeld: de schuldhulpverlener {#voorbeeld}",
                "## Een voorbeeld {#een-voorbeeld}",
            )]
        }),
        ("dates", |r| {
            vec![replace(
                r,
                LISTEN,
                "updated: 2026-10-20",
                "updated: 2026-11-02",
            )]
        }),
        ("new section", |r| {
            vec![write(
                r,
                "content/nl/waarden/05-samen.md",
                "---\ntitle: Samen verder\n---\nEen nieuw deel.\n\n- [ ] Maak een plan {#plan}\n",
            )]
        }),
        ("deleted translation", |r| {
            vec![delete(r, "content/en/waarden/04-doorverwijzen.md")]
        }),
        ("new translation", |r| {
            let text =
                fs::read_to_string(r.join("content/en/waarden/04-doorverwijzen.md")).unwrap();
            vec![write(
                r,
                "content/de/waarden/04-doorverwijzen.md",
                &text.replacen("title: ", "title: DE ", 1),
            )]
        }),
        ("draft", |r| {
            vec![replace(
                r,
                "content/en/waarden/04-doorverwijzen.md",
                "---\n",
                "---\ndraft: true\n",
            )]
        }),
        ("guide index", |r| {
            vec![replace(
                r,
                "content/nl/waarden/_index.md",
                "title: ",
                "title: Nieuw: ",
            )]
        }),
        // Every page of the guide moves.
        ("guide slug", |r| {
            vec![replace(
                r,
                "content/nl/waarden/_index.md",
                "weight: 1\n",
                "weight: 1\nslug: eigen-waarden\n",
            )]
        }),
        ("standalone page", |r| {
            vec![replace(r, "content/nl/over.md", "title: ", "title: Meer ")]
        }),
        ("two files", |r| {
            vec![
                replace(
                    r,
                    LISTEN,
                    "title: Luister naar je cliënt",
                    "title: Luister eerst",
                ),
                replace(
                    r,
                    "content/en/waarden/03-luister.md",
                    "title: ",
                    "title: First, ",
                ),
            ]
        }),
        ("image", |r| {
            vec![write(
                r,
                "content/nl/waarden/waarden-cirkel.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )]
        }),
        // A section other pages link to: the full build fails, and so does the edit.
        ("deleted section", |r| {
            vec![delete(r, "content/nl/waarden/04-doorverwijzen.md")]
        }),
        ("broken link", |r| {
            vec![replace(
                r,
                LISTEN,
                "(04-doorverwijzen.md#signalen)",
                "(04-doorverwijzen.md#nergens)",
            )]
        }),
    ]
}

/// Builds `site`, makes the edit and builds it again incrementally, and asserts that the
/// result is a full build's of the same files, byte for byte, diagnostics and failures
/// included. Returns what the incremental build made, when the site still builds.
fn compared(name: &str, site: &Site, edit: Edit) -> Option<Rebuilt> {
    let mut diags = Diagnostics::new();
    let (generated, mut session) =
        generate_session(&options(&site.root), &mut diags).expect("the site builds");
    let mut files = output(generated.files);
    let changed = edit(&site.root);
    let incremental = session
        .rebuild(&changed)
        .unwrap_or_else(|| panic!("{name}: not built incrementally"));
    let mut full_diags = Diagnostics::new();
    let full = generate_session(&options(&site.root), &mut full_diags);
    match (incremental, full) {
        (Ok(mut rebuilt), Some((full, _))) => {
            edited(&mut files, &rebuilt.removed, rebuilt.files.clone());
            assert_as_full(name, &files, full.files);
            let diagnostics = std::mem::take(&mut rebuilt.diagnostics);
            assert_eq!(json(diagnostics), json(full_diags), "{name}");
            Some(rebuilt)
        }
        (Err(diags), None) => {
            assert_eq!(json(diags), json(full_diags), "{name}");
            None
        }
        (Ok(_), None) => panic!("{name}: a full build fails:\n{}", json(full_diags)),
        (Err(diags), Some(_)) => panic!("{name}: only the edit fails:\n{}", json(diags)),
    }
}

#[test]
fn every_kind_of_edit_renders_what_a_full_build_renders() {
    for (name, edit) in edits() {
        let Some(rebuilt) = compared(name, &Site::example(), edit) else {
            continue;
        };
        // A new slug moves the page; so does a translation with a slug of its own coming or
        // going (a fallback page has the source's), but no other edit.
        let moved = rebuilt
            .moved
            .get("/nl/waarden/luister/")
            .map(String::as_str);
        let expected = match name {
            "slug" => Some("/nl/waarden/luisteren/"),
            "guide slug" => Some("/nl/eigen-waarden/luister/"),
            _ => None,
        };
        assert_eq!(moved, expected, "{name}");
        let moves = [
            "slug",
            "guide slug",
            "deleted translation",
            "new translation",
            "draft",
        ];
        let moves = moves.contains(&name);
        assert_eq!(
            !rebuilt.moved.is_empty(),
            moves,
            "{name}: {:?}",
            rebuilt.moved
        );
        // An image is read when it is asked for: nothing to render, but the pages that show
        // it reload.
        if name == "image" {
            assert!(rebuilt.files.is_empty(), "{:?}", rebuilt.files);
            let shown = "nl/waarden/ken-jezelf/index.html".to_owned();
            assert!(rebuilt.showing.contains(&shown), "{:?}", rebuilt.showing);
            continue;
        }
        // The sitemap is made again only when what it shows changed.
        let sitemap = rebuilt.files.iter().any(|f| f.path == "sitemap.xml");
        // The sitemap lists pages by path, not in the order of their weights.
        let changes_sitemap = [
            "slug",
            "guide slug",
            "dates",
            "new section",
            "deleted translation",
            "new translation",
            "draft",
        ];
        assert_eq!(
            sitemap,
            changes_sitemap.contains(&name),
            "{name}: the sitemap"
        );
        // A section of the other guide that does not link to the edited texts is left as it
        // was (a standalone page's title is in the header of every page).
        let other = "nl/doorverwijzen/voorbereiden/index.html";
        let again = rebuilt.files.iter().any(|f| f.path == other);
        let expected = ["description", "standalone page"].contains(&name);
        assert_eq!(again, expected, "{name}: {other} rendered again");
        // The home lists the guides: their titles, sections and checklists.
        let home = rebuilt.files.iter().any(|f| f.path == "nl/index.html");
        let lists = [
            "new section",
            "guide index",
            "guide slug",
            "standalone page",
        ];
        let lists = lists.contains(&name);
        assert_eq!(home, lists, "{name}: the home rendered again");
    }
}

const MESSY_LISTEN: &str = "content/nl/gids/02-luister.md";

/// Edits of a site moved in from another generator: raw HTML links and `srcset`, five
/// languages that translate part of the guide, scripts with combining marks.
fn messy_edits() -> Vec<(&'static str, Edit)> {
    vec![
        ("title", |r| {
            vec![replace(
                r,
                MESSY_LISTEN,
                "title: Luister",
                "title: Luister goed",
            )]
        }),
        ("raw html", |r| {
            let rel = "content/nl/gids/01-ken-jezelf.md";
            vec![replace(
                r,
                rel,
                "de details</a>",
                "de details</a> <a href=\"02-luister.md\">nu</a>",
            )]
        }),
        // Another text links to `#details` in raw HTML: both builds fail.
        ("heading", |r| {
            vec![replace(r, MESSY_LISTEN, "## Details", "## Meer")]
        }),
        ("srcset image", |r| {
            vec![write(
                r,
                "content/nl/gids/schema@2x.png",
                "not a png any more",
            )]
        }),
        ("deleted translation", |r| {
            vec![delete(r, "content/ta/gids/02-luister.md")]
        }),
        ("new translation", |r| {
            let text = fs::read_to_string(r.join(MESSY_LISTEN)).unwrap();
            vec![write(
                r,
                "content/de/gids/01-ken-jezelf.md",
                &text.replacen("title: ", "title: DE ", 1),
            )]
        }),
    ]
}

#[test]
fn edits_of_a_messy_site_render_what_a_full_build_renders() {
    for (name, edit) in messy_edits() {
        compared(name, &Site::fixture("messy"), edit);
    }
}

/// A link that a body edit adds (serve's quick path, `Session::update`) is known to the next
/// edits: when the text it leads to moves, the page with the link is rendered again, and when
/// it goes, the link is an error.
#[test]
fn a_link_added_on_the_quick_path_follows_its_target_when_it_moves() {
    let site = Site::example();
    let root = &site.root;
    let (generated, mut session) =
        generate_session(&options(root), &mut Diagnostics::new()).expect("the site builds");
    let mut files = output(generated.files);
    let listen = replace(
        root,
        LISTEN,
        "Wie goed wil helpen",
        "Wie goed wil helpen ([ken jezelf](01-ken-jezelf.md))",
    );
    let quick = session
        .update(&[listen])
        .expect("a body edit takes the quick path");
    files.extend(output(quick));
    let target = "content/nl/waarden/01-ken-jezelf.md";
    let moved = replace(root, target, "---\n", "---\nslug: jezelf\n");
    let rebuilt = session
        .rebuild(&[moved])
        .expect("built incrementally")
        .expect("without errors");
    edited(&mut files, &rebuilt.removed, rebuilt.files);
    let page = String::from_utf8_lossy(&files["nl/waarden/luister/index.html"]).into_owned();
    assert!(page.contains("href=\"../jezelf/\""), "{page}");
    let (full, _) =
        generate_session(&options(root), &mut Diagnostics::new()).expect("the site builds");
    assert_as_full("a moved link target", &files, full.files);
    // When it goes, the link is broken there too, as a full build says; and the English
    // translation of the text edited on the quick path is stale, as a full build says.
    let gone = delete(root, target);
    let Some(Err(diags)) = session.rebuild(&[gone]) else {
        panic!("the edit does not fail")
    };
    let mut full_diags = Diagnostics::new();
    assert!(generate_session(&options(root), &mut full_diags).is_none());
    let (said, full_said) = (json(diags), json(full_diags));
    assert!(said.contains("03-luister.md"), "{said}");
    assert_eq!(said, full_said);
}

/// A section without checklist items, which no text links to.
const EXTRA: &str = "content/nl/waarden/05-samen.md";
const TEXT: &str = "---\ntitle: Samen verder\n---\nEen nieuw deel zonder lijst.\n";

/// A section without checklist items that comes or goes changes nothing the language homes
/// and the pages of checklists show but the number of sections of its guide. The built-in
/// templates do not show it, so those long pages are not rendered again; a site's own
/// template that shows it gets them rendered again.
#[test]
fn homes_are_rendered_again_for_a_section_count_only_when_a_template_shows_it() {
    let built_in = fs::read_to_string(crate::support::repo().join("templates/home.html")).unwrap();
    let counting = built_in.replace(
        "{{ g.title }}</a></h3>",
        "{{ g.title }}</a> ({{ g.sections }})</h3>",
    );
    assert_ne!(
        counting, built_in,
        "the built-in home.html changed: mend this test"
    );
    let add: Edit = |r| vec![write(r, EXTRA, TEXT)];
    let remove: Edit = |r| vec![delete(r, EXTRA)];
    for own in [false, true] {
        let site = |with_extra: bool| {
            let mut site = Site::example();
            if own {
                site = site.file("templates/home.html", &counting);
            }
            if with_extra {
                site = site.file(EXTRA, TEXT);
            }
            site
        };
        for (name, edit, site) in [("new", add, site(false)), ("deleted", remove, site(true))] {
            let rebuilt = compared(name, &site, edit).expect("the site builds");
            let home = rebuilt.files.iter().any(|f| f.path == "nl/index.html");
            assert_eq!(home, own, "{name} section, a home of the site's own: {own}");
        }
    }
}

/// A section renamed (gone under one name, there under another, as `git mv` or a file manager
/// does it): what a full build of the same files gives, with the old address gone; when other
/// texts link to the old name, the same errors.
#[test]
fn a_renamed_section_renders_what_a_full_build_renders() {
    fn rename(root: &Path, from: &str, to: &str) -> Vec<PathBuf> {
        let (from, to) = (root.join(from), root.join(to));
        fs::rename(&from, &to).unwrap();
        vec![from, to]
    }
    let rebuilt = compared("renamed section", &Site::example().file(EXTRA, TEXT), |r| {
        rename(r, EXTRA, "content/nl/waarden/05-samen-verder.md")
    })
    .expect("the site builds");
    assert!(
        rebuilt
            .removed
            .contains(&"nl/waarden/samen/index.html".to_owned()),
        "{:?}",
        rebuilt.removed
    );
    let linked = compared("renamed linked section", &Site::example(), |r| {
        rename(r, LISTEN, "content/nl/waarden/03-luisteren.md")
    });
    assert!(linked.is_none(), "the links to the old name are errors");
}

/// The search index plans from the session's site on a thread of its own
/// (`Session::site`): a body edit made meanwhile changes a copy, never the site being read.
#[cfg(feature = "search")]
#[test]
fn a_body_edit_leaves_the_site_the_index_reads_as_it_was() {
    let site = Site::example();
    let mut diags = Diagnostics::new();
    let (_, mut session) =
        generate_session(&options(&site.root), &mut diags).expect("the site builds");
    let held = session.site();
    let changed = vec![replace(
        &site.root,
        LISTEN,
        "Wie goed wil helpen",
        "Wie echt goed wil helpen",
    )];
    let files = session
        .update(&changed)
        .expect("a body edit takes the quick path");
    assert!(files
        .iter()
        .any(|f| f.path == "nl/waarden/luister/index.html"));
    let body = |site: &leidraad::model::Site| {
        let doc = (site.docs.iter())
            .find(|d| d.document.lang == "nl" && d.document.rel == "waarden/03-luister.md")
            .expect("the edited text");
        doc.rendered.html.contains("echt goed")
    };
    assert!(!body(&held), "the site the index reads changed");
    assert!(body(&session.site()), "the session missed the edit");
}
