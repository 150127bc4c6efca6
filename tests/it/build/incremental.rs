//! The preview's builds (in place, with the cache kept between builds)
//! give the same site as a fresh full build, byte for byte, after every
//! edit of a series: section text, a renamed heading, a glossary term, a
//! term's new abbreviation a section mentions, link text an editor lint
//! warns about, a new section, a deleted section, the theme; with the same
//! lint warnings; and a page the final check or the link check refuses is
//! refused by the preview too. The edits alternate between a
//! whole rebuild (`build`, as a preview of every council does) and the
//! preview's pages-first rebuild (`build_pages_first`, the search index
//! written after the pages), whose pages alone already equal the full
//! build's and whose search index then answers as the full build's does.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use firstdays::search::Searcher;
use firstdays::{BuildCache, build, build_pages_first};

use crate::support::site::{copy_dir, files_under, html_files, options, project_root, real_guide};

/// Every file under `root` with its bytes, except the tantivy index's
/// segment files, whose names are random (their content is searched in
/// the serve tests).
fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(root)
        .into_iter()
        .filter(|(rel, _)| !rel.contains("search/index/"))
        .map(|(rel, path)| (rel, fs::read(path).unwrap()))
        .collect()
}

/// The files of `files` outside the search index and shards.
fn pages(files: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .filter(|(rel, _)| !rel.starts_with("search/"))
        .cloned()
        .collect()
}

/// What the site's own index answers to queries the edits touch.
fn answers(site: &Path) -> Vec<Vec<firstdays::search::Hit>> {
    let searcher = Searcher::open(site).unwrap();
    [
        "pace yourself",
        "PACE",
        "legally-binding EHCP",
        "working with schools",
        "training",
        "preview",
    ]
    .iter()
    .map(|q| searcher.search(q, 10))
    .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn builds_with_the_cache_in_place_equal_full_builds_after_every_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let guide = tmp.path().join("guide");
    copy_dir(&real_guide(), &guide);
    let theme = tmp.path().join("theme");
    copy_dir(&project_root().join("themes/default"), &theme);
    let cache = Arc::new(BuildCache::default());
    let live = tmp.path().join("live");
    let preview_opts = || {
        let mut o = options(&guide, &live);
        o.theme_dirs = vec![theme.clone()];
        o.in_place = true;
        o.cache = Some(Arc::clone(&cache));
        // The preview lints: its warnings are compared too.
        o.lint = true;
        o
    };
    let warnings =
        |w: Vec<firstdays::Diagnostic>| w.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    let full_warnings = std::cell::RefCell::new(Vec::new());
    let full_build = |n: usize| {
        let out = tmp.path().join(format!("full-{n}"));
        let mut o = options(&guide, &out);
        o.theme_dirs = vec![theme.clone()];
        o.lint = true;
        *full_warnings.borrow_mut() = warnings(build(&o).unwrap().warnings);
        out
    };
    build(&preview_opts()).unwrap();
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let edits: Vec<Edit> = vec![
        (
            "section text",
            Box::new(|| {
                edit(
                    &guide.join("people.md"),
                    "Pace yourself",
                    "Pace yourself, please",
                )
            }),
        ),
        (
            "a renamed heading",
            Box::new(|| {
                let text = fs::read_to_string(guide.join("getting-organised.md")).unwrap();
                let heading = text
                    .lines()
                    .find(|l| l.starts_with("## "))
                    .unwrap()
                    .to_string();
                // Other pages link to it by its id, which it keeps.
                let id = firstdays::content::urls::slugify(&heading[3..]);
                edit(
                    &guide.join("getting-organised.md"),
                    &heading,
                    &format!("## A heading renamed in the preview {{#{id}}}"),
                );
            }),
        ),
        (
            "a glossary term",
            Box::new(|| {
                edit(
                    &guide.join("glossary/ehcp.md"),
                    "legally binding",
                    "legally-binding",
                )
            }),
        ),
        (
            "a section mentioning a word no term has yet",
            Box::new(|| edit(&guide.join("people.md"), "Pace yourself", "PACE yourself")),
        ),
        // The term now links that word in the section, which is otherwise
        // unchanged: its cached rendering must not be used (nor would it
        // be, with the glossary in the key; the permalinks do not change).
        (
            "a term's new abbreviation a section already mentions",
            Box::new(|| {
                edit(
                    &guide.join("glossary/ehcp.md"),
                    "abbreviations: [EHCP]",
                    "abbreviations: [EHCP, PACE]",
                )
            }),
        ),
        // A text's lints are kept by its text: this one now warns.
        (
            "link text that says nothing",
            Box::new(|| {
                edit(
                    &guide.join("legislation.md"),
                    "\n\n",
                    "\n\nRead [click here](people.md).\n\n",
                )
            }),
        ),
        (
            "a new section",
            Box::new(|| {
                firstdays::scaffold::new_section(&guide, "Working with schools").unwrap();
            }),
        ),
        // The old edition's banners link to the nearest current page: its
        // training page's banner now points elsewhere.
        (
            "a deleted section",
            Box::new(|| fs::remove_file(guide.join("training.md")).unwrap()),
        ),
        (
            "the theme's stylesheet",
            Box::new(|| {
                let css = theme.join("static/style.css");
                let mut text = fs::read_to_string(&css).unwrap();
                text.push_str("\n/* edited in the preview */\n");
                fs::write(css, text).unwrap();
            }),
        ),
        ("nothing", Box::new(|| {})),
    ];
    for (n, (what, apply)) in edits.iter().enumerate() {
        apply();
        let full = full_build(n);
        let found = if n % 2 == 0 {
            build(&preview_opts())
                .unwrap_or_else(|e| panic!("{what}: {e}"))
                .warnings
        } else {
            let search_before: Vec<_> = files(&live)
                .into_iter()
                .filter(|(rel, _)| rel.starts_with("search/"))
                .collect();
            let (summary, index) =
                build_pages_first(&preview_opts()).unwrap_or_else(|e| panic!("{what}: {e}"));
            let index = index.expect("a site to update in place: the index comes after");
            let now = files(&live);
            assert!(
                pages(&now) == pages(&files(&full)),
                "after {what}: the pages, before the index, are a full build's"
            );
            let search_now: Vec<_> = now
                .into_iter()
                .filter(|(rel, _)| rel.starts_with("search/"))
                .collect();
            assert!(
                search_now == search_before,
                "after {what}: the old index is kept until written"
            );
            index.write().unwrap_or_else(|e| panic!("{what}: {e}"));
            summary.warnings
        };
        assert_eq!(
            warnings(found),
            *full_warnings.borrow(),
            "after {what}: the same warnings"
        );
        assert_eq!(
            answers(&live),
            answers(&full),
            "after {what}: the same answers"
        );
        let (a, b) = (files(&live), files(&full));
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b), "after {what}: the same files");
        for ((path, x), (_, y)) in a.iter().zip(&b) {
            assert!(x == y, "after {what}: {path} differs from a full build");
        }
        assert!(!html_files(&live).is_empty());
    }
    assert!(cache.hits() > 0, "the old edition was reused at least once");

    // The final check's cache is keyed on each page's bytes: a page it
    // passed before, now carrying a handler, is refused as a full build
    // refuses it (a key of the path alone, or of the page's length, would
    // let it through: the two versions are the same length).
    let people = guide.join("people.md");
    let clean = fs::read_to_string(&people).unwrap();
    let with = |html: &str| fs::write(&people, format!("{clean}\n{html}\n")).unwrap();
    with("<span data-xy=\"x()\">Pace</span>");
    build(&preview_opts()).unwrap();
    with("<span onclick=\"x()\">Pace</span>");
    let refused = |o| build(&o).map(|_| ()).unwrap_err().to_string();
    let full = {
        let mut o = options(&guide, &tmp.path().join("full-refused"));
        o.theme_dirs = vec![theme.clone()];
        refused(o)
    };
    assert!(full.contains("event handler `onclick`"), "{full}");
    assert_eq!(refused(preview_opts()), full);
    // The link check's reading of each page is kept by the page's bytes
    // too: a page it read before, now linking to an anchor nowhere, is
    // refused as a full build refuses it (a key of the path alone would
    // check the page's old links; so would a key of its length).
    with("<a href=\"getting-organised.html#speak-to-your-employer\">Pace</a>");
    build(&preview_opts()).unwrap();
    with("<a href=\"getting-organised.html#speak-to-your-employee\">Pace</a>");
    let full = {
        let mut o = options(&guide, &tmp.path().join("full-refused"));
        o.theme_dirs = vec![theme.clone()];
        refused(o)
    };
    assert!(full.contains("has no `#speak-to-your-employee`"), "{full}");
    assert_eq!(refused(preview_opts()), full);
    // Put back, the preview builds the site a full build gives.
    fs::write(&people, clean).unwrap();
    build(&preview_opts()).unwrap();
    assert!(files(&live) == files(&full_build(edits.len())));
}
