//! firstdays: builds the LGA guide into a static site.
//!
//! The pipeline, top to bottom, each stage a module taking plain data and
//! giving plain data:
//!
//! 1. load (`content`): `guide/` → [`content::Guide`]
//!    (and for a council, `overlay`: base guide + council folder → the
//!    localised [`content::Guide`])
//! 2. link (`links`, using `markdown`): markdown → HTML with glossary terms
//!    linked, links resolved, back-links → [`links::Linked`]
//! 3. render (`render`): templates → pages ([`render::OutputFile`]s)
//! 4. check: every internal link and anchor resolves
//! 5. index (`search`): the tantivy index and the browser's static index
//! 6. write (`output`): swap the new site in, atomically

pub mod content;
pub mod diagnostics;
pub mod html;
pub mod links;
pub mod markdown;
pub mod output;
pub mod overlay;
pub mod render;
pub mod script_check;
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
use overlay::Council;
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
    /// A council overlay folder: build that council's localised copy.
    pub council: Option<PathBuf>,
    /// Warnings (such as a council change whose base moved) are errors.
    pub strict: bool,
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
            council: None,
            strict: false,
        }
    }

    /// The folders `out` may neither replace nor sit inside.
    fn protected(&self) -> Vec<output::Protected> {
        let mut folders = vec![output::Protected::guide(&self.guide)];
        folders.extend(self.council.iter().map(|c| output::Protected::council(c)));
        folders.extend(self.theme_dirs.iter().map(|t| output::Protected::theme(t)));
        folders
    }

    /// Checks `out` (and repairs it after a crash) before any work, so a
    /// bad `--out` fails fast; `None` for `check`, which writes nothing.
    fn destination(&self) -> Result<Option<output::Destination>> {
        (!self.check_only)
            .then(|| output::Destination::prepare(&self.out, &self.protected()))
            .transpose()
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

/// Loads, links, renders, checks, indexes and writes the guide (or, with
/// `opts.council`, that council's localised copy of it).
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let destination = opts.destination()?;
    let guide = Guide::load(&opts.guide)?;
    let council = opts.council.as_deref().map(Council::load).transpose()?;
    let site = prepare(guide, council.as_ref(), opts.base_url.as_deref(), opts)?;
    if let Some(destination) = destination {
        destination.write_site(&site.files, |_| Ok(()))?;
    }
    Ok(site.summary(started.elapsed()))
}

/// One site, built in memory and checked, ready to write.
struct Prepared {
    /// Every file of the site, the search index's included (none when only checking).
    files: Vec<OutputFile>,
    glossary_terms: usize,
    warnings: Vec<Diagnostic>,
    /// How long this site took to prepare (councils are prepared in parallel).
    took: Duration,
}

impl Prepared {
    fn summary(&self, elapsed: Duration) -> BuildSummary {
        BuildSummary {
            pages: self
                .files
                .iter()
                .filter(|f| f.path.ends_with(".html"))
                .count(),
            glossary_terms: self.glossary_terms,
            warnings: self.warnings.clone(),
            elapsed,
        }
    }
}

/// overlay (for a council) → link → render → check → search documents.
fn prepare(
    mut guide: Guide,
    council: Option<&Council>,
    base_url: Option<&str>,
    opts: &BuildOptions,
) -> Result<Prepared> {
    let started = Instant::now();
    let mut theme_dirs = opts.theme_dirs.clone();
    let mut council_files = Vec::new();
    let mut warnings = Vec::new();
    if let Some(council) = council {
        let localised = overlay::localise(guide, council)?;
        if opts.strict && !localised.warnings.is_empty() {
            return Err(Errors(localised.warnings));
        }
        guide = localised.guide;
        council_files = localised.files;
        warnings = localised.warnings;
        theme_dirs.insert(0, localised.theme_dir);
    }
    if let Some(url) = base_url {
        guide.site.base_url = content::normalise_base_url(url).map_err(|msg| {
            Diagnostic::new("--base-url", msg)
                .hint("write the full address, such as `https://www.example.gov.uk/guide/`")
        })?;
    }
    let theme = Theme::new(theme_dirs.iter().cloned());
    let site = guide.site.clone();
    let linked = links::link(guide)?;
    // The search index needs only the linked content: build it while the
    // pages are rendered and checked (the two halves of a build, on 2 cores).
    let (pages, index) = rayon::join(
        || -> Result<Vec<OutputFile>> {
            let mut files = render::render_site(&linked, &site, &theme)?;
            // The council's logo and colours win over any theme file of the same name.
            council_files.append(&mut files);
            let mut files = council_files;
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files.dedup_by(|a, b| a.path == b.path);
            check_links(&linked, &files, &theme_dirs)?;
            script_check::check_site(&files, &site.base_url, |page| {
                probable_origin(&linked, council, page)
            })?;
            Ok(files)
        },
        || match opts.check_only {
            true => Ok(Vec::new()),
            false => search::build_index(&search_docs(&linked)),
        },
    );
    let mut files = pages?;
    files.extend(index?);
    Ok(Prepared {
        glossary_terms: linked.guide.glossary.terms.len(),
        files,
        warnings,
        took: started.elapsed(),
    })
}

/// Where a page's content most probably came from, for the final check's hint.
fn probable_origin(linked: &Linked, council: Option<&Council>, page: &str) -> String {
    let guide = &linked.guide;
    if let Some(s) = guide.sections.iter().find(|s| s.url() == page) {
        return format!("`{}` (or a patch to it)", s.source.display());
    }
    match council {
        Some(c) if page.starts_with("static/council/") => {
            format!("`{}` (its logo or colours)", c.config.path().display())
        }
        Some(c) if page.starts_with("static/") => {
            format!("the council's `{}`", c.root.join(page).display())
        }
        Some(c) => format!(
            "the glossary, checklist or resources, `{}`, or the council's `templates/`",
            c.config.path().display()
        ),
        None => "the theme's templates or the glossary, checklist or resources".into(),
    }
}

/// What `build_all_councils` built: the base, then each council by slug.
#[derive(Debug, Clone)]
pub struct AllSummary {
    /// The base guide, with the time it took to prepare.
    pub base: BuildSummary,
    /// Each council by slug, with the time its own copy took to prepare.
    pub councils: Vec<(String, BuildSummary)>,
    /// The whole run: load, every site in parallel, and the write.
    pub elapsed: Duration,
}

/// Builds the base into `opts.out` and every council in `guide/councils/`
/// into `opts.out/<slug>/`, in parallel. All or nothing: every site is
/// built and checked in memory first, then the whole folder is swapped in.
pub fn build_all_councils(opts: &BuildOptions) -> Result<AllSummary> {
    use rayon::prelude::*;
    let started = Instant::now();
    let destination = opts.destination()?;
    let guide = Guide::load(&opts.guide)?;
    let mut errors = Vec::new();
    let mut councils = Vec::new();
    for dir in overlay::list(&opts.guide)? {
        match Council::load(&dir) {
            Ok(c) if dir.file_name().is_some_and(|n| n != c.slug()) => errors.push(
                Diagnostic::new(
                    c.config.path(),
                    format!("slug `{}` does not match the folder name", c.slug()),
                )
                .at_line(c.config.line_of_key("slug"))
                .hint("a council in `guide/councils/` is built into `public/<slug>/`: rename the folder or change `slug`"),
            ),
            Ok(c) => councils.push(c),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let jobs: Vec<Option<&Council>> = std::iter::once(None)
        .chain(councils.iter().map(Some))
        .collect();
    let results: Vec<Result<Prepared>> = jobs
        .par_iter()
        .map(|council| {
            let base_url = match (council, &opts.base_url) {
                (Some(c), Some(url)) => {
                    Some(format!("{}/{}/", url.trim_end_matches('/'), c.slug()))
                }
                (None, url) => url.clone(),
                (Some(_), None) => None,
            };
            prepare(guide.clone(), *council, base_url.as_deref(), opts)
        })
        .collect();
    let mut sites = Vec::new();
    for result in results {
        match result {
            Ok(site) => sites.push(site),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let base = sites.remove(0);
    let slugs: Vec<String> = councils.iter().map(|c| c.slug().to_string()).collect();
    if let Some(destination) = destination {
        destination.write_site(&base.files, |dir| {
            slugs.par_iter().zip(&sites).try_for_each(|(slug, site)| {
                output::write_nested_site(&dir.join(slug), &site.files)
            })
        })?;
    }
    Ok(AllSummary {
        base: base.summary(base.took),
        councils: slugs
            .into_iter()
            .zip(sites.iter().map(|s| s.summary(s.took)))
            .collect(),
        elapsed: started.elapsed(),
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
                // As the editor wrote it: `section` and `heading` in checklist.yaml.
                written: match (&item.section, &item.heading) {
                    (Some(section), Some(heading)) => format!("{section}#{heading}"),
                    _ => item.section.clone().unwrap_or_default(),
                },
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
