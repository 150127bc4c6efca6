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
pub mod editions;
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
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Errors, Result};
pub use search_docs::search_docs;

use content::Guide;
use editions::Edition;
use links::{Anchors, Linked};
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
    let editions = editions::load_all(&opts.guide)?;
    let editions = editions_for(&editions, council.as_ref());
    let site = prepare(
        guide,
        council.as_ref(),
        opts.base_url.as_deref(),
        opts,
        editions,
    )?;
    if let Some(destination) = destination {
        destination.write_site(&site.files, |dir| write_search_and_editions(&site, dir))?;
    }
    Ok(site.summary(started.elapsed()))
}

/// One site, built in memory and checked, ready to write.
struct Prepared {
    files: Vec<OutputFile>,
    docs: Vec<search::SearchDoc>,
    glossary_terms: usize,
    warnings: Vec<Diagnostic>,
    /// How long this site took to prepare (councils are prepared in parallel).
    took: Duration,
    /// The old editions, each a whole site of its own in `editions/<name>/`.
    editions: Vec<OldEdition>,
}

/// An old edition built for one site (its banners point at that site's pages).
struct OldEdition {
    /// `editions/2019/`, relative to the site's root.
    dir: String,
    files: Vec<OutputFile>,
    docs: Vec<search::SearchDoc>,
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

/// overlay (for a council) → link → render → check → search documents;
/// then each old edition, its banners pointing at the pages just built.
fn prepare(
    mut guide: Guide,
    council: Option<&Council>,
    base_url: Option<&str>,
    opts: &BuildOptions,
    editions: &[Edition],
) -> Result<Prepared> {
    let started = Instant::now();
    let mut theme_dirs = opts.theme_dirs.clone();
    let mut council_files = Vec::new();
    let mut warnings = Vec::new();
    // A council may rename the role; the changes page folds the base's name too.
    let base_role = guide.site.role_title.clone();
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
    // The old editions are linked while the current one is linked and rendered.
    let (current, old_linked) = rayon::join(
        || -> Result<_> {
            let linked = links::link(guide)?;
            // The changes page compares with the newest old edition.
            let marks = render::EditionMarks {
                banner: None,
                changes: editions.last().map(|e| {
                    editions::Changes::between(
                        &e.name,
                        e.label(),
                        &e.site_dir(),
                        &e.guide,
                        &linked.guide,
                        &[&base_role],
                    )
                }),
            };
            let files = render::render_site_with(&linked, &site, &theme, &marks)?;
            Ok((linked, files))
        },
        || {
            editions
                .iter()
                .map(|e| links::link(e.guide.clone()))
                .collect::<Vec<_>>()
        },
    );
    let (linked, mut files) = current?;
    // The council's logo and colours win over any theme file of the same name.
    council_files.append(&mut files);
    let mut files = council_files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    let current = html_anchors(&files);
    let mut old = Vec::new();
    let mut errors = Vec::new();
    for (edition, linked) in editions.iter().zip(old_linked) {
        match linked.and_then(|l| prepare_edition(edition, l, &site.base_url, &current, opts)) {
            Ok(e) => old.push(e),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    // The changes page links into the old editions.
    let mut outside = Anchors::new();
    for e in &old {
        outside.extend(prefixed(&e.dir, &html_anchors(&e.files)));
    }
    check_links(&linked, &files, &theme_dirs, &outside)?;
    script_check::check_site(&files, &site.base_url, |page| {
        probable_origin(&linked, council, page)
    })?;
    Ok(Prepared {
        docs: search_docs(&linked),
        glossary_terms: linked.guide.glossary.terms.len(),
        files,
        warnings,
        took: started.elapsed(),
        editions: old,
    })
}

/// The old editions a site publishes: all of them, unless the council's
/// `council.yaml` says `editions: false`.
fn editions_for<'a>(editions: &'a [Edition], council: Option<&Council>) -> &'a [Edition] {
    match council {
        Some(c) if !c.config.config.editions => &[],
        _ => editions,
    }
}

/// One old edition as LGA published it (the same theme, never a council's
/// words or branding), with a banner and canonical link on every page to
/// the nearest page of `current` (the site it is published in), and a
/// search index of its own.
fn prepare_edition(
    edition: &Edition,
    linked: Linked,
    base_url: &str,
    current: &Anchors,
    opts: &BuildOptions,
) -> Result<OldEdition> {
    let dir = edition.site_dir();
    let mut site = linked.guide.site.clone();
    site.base_url = format!("{base_url}{dir}");
    let theme = Theme::new(opts.theme_dirs.iter().cloned());
    let up = editions::banner::up_from(&dir);
    let marks = render::EditionMarks {
        banner: Some(editions::banner::BannerSpec {
            label: edition.label().to_string(),
            up: up.clone(),
            base_url: base_url.to_string(),
            current: current.clone(),
        }),
        changes: None,
    };
    let files = render::render_site_with(&linked, &site, &theme, &marks)?;
    check_links(&linked, &files, &opts.theme_dirs, &prefixed(&up, current))?;
    script_check::check_site(&files, &site.base_url, |page| {
        probable_origin(&linked, None, page)
    })?;
    Ok(OldEdition {
        docs: search_docs(&linked),
        dir,
        files,
    })
}

/// The ids on every HTML page of `files`.
fn html_anchors(files: &[OutputFile]) -> Anchors {
    links::anchors(files.iter().filter(|f| f.path.ends_with(".html")).map(|f| {
        (
            f.path.as_str(),
            std::str::from_utf8(&f.bytes).unwrap_or_default(),
        )
    }))
}

/// Pages of another site, as seen from this one (`../../people.html`).
fn prefixed(prefix: &str, anchors: &Anchors) -> Anchors {
    anchors
        .iter()
        .map(|(page, ids)| (format!("{prefix}{page}"), ids.clone()))
        .collect()
}

/// The search index of a site, and its old editions with theirs, side by
/// side (each index is written by one thread).
fn write_search_and_editions(site: &Prepared, dir: &Path) -> Result<()> {
    use rayon::prelude::*;
    let (current, old) = rayon::join(
        || write_search(&site.docs, dir),
        || {
            site.editions.par_iter().try_for_each(|e| {
                let root = dir.join(&e.dir);
                output::write_nested_site(&root, &e.files)?;
                write_search(&e.docs, &root)
            })
        },
    );
    current.and(old)
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

/// The index stage: `search/index/` and the browser's `search/index.js`.
fn write_search(docs: &[search::SearchDoc], dir: &Path) -> Result<()> {
    let search_dir = dir.join("search");
    std::fs::create_dir_all(&search_dir).map_err(|e| Diagnostic::io("create", &search_dir, &e))?;
    let index_dir = search_dir.join("index");
    search::write_index(docs, &index_dir)?;
    let js = search::export_static(&index_dir)?;
    let path = search_dir.join("index.js");
    std::fs::write(&path, js).map_err(|e| Diagnostic::io("write", &path, &e).into())
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
    let editions = editions::load_all(&opts.guide)?;
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
            let editions = editions_for(&editions, *council);
            prepare(guide.clone(), *council, base_url.as_deref(), opts, editions)
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
            write_search_and_editions(&base, dir)?;
            slugs.par_iter().zip(&sites).try_for_each(|(slug, site)| {
                let root = dir.join(slug);
                output::write_nested_site(&root, &site.files)?;
                write_search_and_editions(site, &root)
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
/// `outside`: pages of the other editions, by their paths as linked from here.
fn check_links(
    linked: &Linked,
    files: &[OutputFile],
    theme_dirs: &[PathBuf],
    outside: &Anchors,
) -> Result<()> {
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
    let mut anchors = links::anchors(html.iter().copied());
    anchors.extend(outside.iter().map(|(k, v)| (k.clone(), v.clone())));
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
        produced.extend(outside.keys().cloned());
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
