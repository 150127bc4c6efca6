//! firstdays: builds the LGA guide into a static site.
//!
//! The pipeline, top to bottom, each stage a module taking plain data and
//! giving plain data:
//!
//! 1. load (`content`): `guide/` → [`content::Guide`]
//! 2. link (`links`, using `markdown`): markdown → HTML with glossary terms
//!    linked, links resolved, back-links → [`links::Linked`]
//! 3. render (`render`): templates → pages ([`render::OutputFile`]s)
//! 4. check: every internal link and anchor resolves
//! 5. index (`search`): the tantivy index and the browser's static index
//! 6. write (`output`): swap the new site in, atomically

pub mod content;
pub mod diagnostics;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod search;
mod search_docs;
pub mod serve;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Errors, Result};
pub use search_docs::search_docs;

use content::Guide;
use links::Linked;
use render::{OutputFile, Theme};

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The guide's source folder (`guide/`).
    pub guide: PathBuf,
    /// Where the site goes (`public/`); replaced only when the build succeeds.
    pub out: PathBuf,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Theme folders on disk, highest priority first; the built-in default
    /// theme is always the last layer.
    pub theme_dirs: Vec<PathBuf>,
    /// Validate everything, write nothing.
    pub check_only: bool,
}

impl BuildOptions {
    /// Defaults for a guide folder: `public/` beside it and `themes/default/` if present.
    pub fn new(guide: impl Into<PathBuf>, out: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            guide: guide.into(),
            out: out.into(),
            base_url: None,
            theme_dirs: vec![PathBuf::from("themes/default")],
            check_only: false,
        }
    }
}

/// What a successful build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub glossary_terms: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Loads, links, renders, checks, indexes and writes the guide.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut guide = Guide::load(&opts.guide)?;
    if let Some(url) = &opts.base_url {
        guide.site.base_url = content::normalise_base_url(url).map_err(|msg| {
            Diagnostic::new("--base-url", msg)
                .hint("write the full address, such as `https://www.example.gov.uk/guide/`")
        })?;
    }
    let theme = Theme::new(opts.theme_dirs.iter().cloned());
    let site = guide.site.clone();
    let linked = links::link(guide)?;
    let files = render::render_site(&linked, &site, &theme)?;
    check_links(&linked, &files, &opts.theme_dirs)?;

    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let summary = BuildSummary {
        pages,
        glossary_terms: linked.guide.glossary.terms.len(),
        warnings: Vec::new(),
        elapsed: Duration::ZERO,
    };
    if !opts.check_only {
        let docs = search_docs(&linked);
        output::write_site(&opts.out, &files, |dir| {
            let search_dir = dir.join("search");
            std::fs::create_dir_all(&search_dir)
                .map_err(|e| Diagnostic::io("create", &search_dir, &e))?;
            let index_dir = search_dir.join("index");
            search::write_index(&docs, &index_dir)?;
            let js = search::export_static(&index_dir)?;
            let path = search_dir.join("index.js");
            std::fs::write(&path, js).map_err(|e| Diagnostic::io("write", &path, &e).into())
        })?;
    }
    Ok(BuildSummary {
        elapsed: started.elapsed(),
        ..summary
    })
}

/// Every link written in the content, and every link in the built pages,
/// must land on a page and anchor that exist.
fn check_links(linked: &Linked, files: &[OutputFile], theme_dirs: &[PathBuf]) -> Result<()> {
    let html: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                std::str::from_utf8(&f.bytes).unwrap_or_default(),
            )
        })
        .collect();
    let anchors = links::anchors(html.iter().copied());
    let mut errors = Vec::new();
    let guide = &linked.guide;
    for (section, rendered) in guide.sections.iter().zip(&linked.sections) {
        errors.extend(links::check_content_links(
            &section.source,
            &rendered.links,
            &anchors,
        ));
    }
    for (term, rendered) in guide.glossary.terms.iter().zip(&linked.terms) {
        errors.extend(links::check_content_links(
            &term.source,
            &rendered.links,
            &anchors,
        ));
    }
    errors.extend(links::check_content_links(
        &guide.glossary.source,
        &linked.glossary_intro.links,
        &anchors,
    ));
    for item in guide.checklist.all_items() {
        if let Some(url) = item.target() {
            let link = markdown::LinkRef {
                written: url.replace(".html", ""),
                url,
                line: item.line,
            };
            errors.extend(links::check_content_links(
                &guide.checklist.source,
                &[link],
                &anchors,
            ));
        }
    }
    if errors.is_empty() {
        // Content is fine; anything left is the theme's (404.html links absolutely by design).
        let mut produced: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        produced.insert("search/index.js".into());
        let theme = theme_dirs
            .first()
            .cloned()
            .unwrap_or_else(|| PathBuf::from("themes/default"));
        let pages = html.iter().copied().filter(|(p, _)| *p != "404.html");
        errors.extend(links::check_output_links(
            pages,
            &produced,
            &anchors,
            &theme.join("templates"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors))
    }
}
