//! Orchestration: runs the pipeline's stages for one site (`build`) or for
//! the base and every council at once (`build_all_councils`), then checks
//! every link and writes the site and its search index.

mod cache;
mod check;
mod editions;
mod search_docs;

use std::collections::HashSet;
use std::mem;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use cache::BuildCache;
pub use search_docs::search_docs;

use crate::content::{self, Guide};
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::editions::{Changes, Edition};
use crate::links::PageLinks;
use crate::overlay::{self, Council};
use crate::render::{self, OutputFile, Theme};
use crate::{links, output, script_check, search};

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
    /// Run the editor lints (`crate::lint`): `check` and the preview do.
    pub lint: bool,
    /// Rewrite only the files of `out` whose bytes changed, in place (the
    /// live preview), rather than swap in a whole new site.
    pub in_place: bool,
    /// Work kept from earlier builds of a long-running preview, used where
    /// its inputs have not changed (see `BuildCache`).
    pub cache: Option<std::sync::Arc<BuildCache>>,
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
            lint: false,
            in_place: false,
            cache: None,
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
            .then(|| {
                let d = output::Destination::prepare(&self.out, &self.protected())?;
                Ok(if self.in_place { d.in_place() } else { d })
            })
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
    // A whole new site is written file by file as each is ready, into a
    // staging folder that is swapped in at the end (or deleted, with
    // everything written so far, if the build fails), so the site is
    // never in memory all at once. The preview's update in place compares
    // every file with the site being served, so it takes them all at the end.
    let staged = match &destination {
        Some(d) if !d.updates_in_place() => Some(d.stage()?),
        _ => None,
    };
    let checks = Checks {
        write_to: staged.as_ref(),
        ..Checks::of(opts)
    };
    let site = load_and_prepare(opts, checks)?;
    let old_editions = |dir: &Path| editions::write_all(&site.editions, dir, None);
    match (staged, destination) {
        (Some(staged), _) => staged.finish(old_editions)?,
        (None, Some(destination)) => destination.write_site(&site.files, old_editions)?,
        (None, None) => {}
    }
    Ok(site.summary(started.elapsed()))
}

/// Loads one site's sources (the guide, the council's folder if any, the
/// old editions) and prepares it.
fn load_and_prepare(opts: &BuildOptions, checks: Checks) -> Result<Prepared> {
    // The guide and its old editions are loaded side by side.
    let (guide, old_editions) = rayon::join(
        || Guide::load(&opts.guide),
        || crate::editions::load_all(&opts.guide),
    );
    let guide = guide?;
    let council = opts.council.as_deref().map(Council::load).transpose()?;
    let old_editions = old_editions?;
    prepare(
        guide,
        council.as_ref(),
        opts.base_url.as_deref(),
        &opts.theme_dirs,
        checks,
        OldEditions {
            editions: editions::published_by(&old_editions, council.as_ref()),
            shared: None,
        },
        !opts.check_only,
    )
}

/// [`build`] for the live preview, pages first: when the site being served
/// can be updated in place, everything but the current site's search index
/// is built and written (the previous index stays), and the index comes
/// back to be written by [`PendingIndex::write`] once open pages have been
/// told to reload. The site is then the one `build` gives, byte for byte.
/// A first build (nothing to update yet) is `build`'s, whole.
pub fn build_pages_first(opts: &BuildOptions) -> Result<(BuildSummary, Option<PendingIndex>)> {
    let started = Instant::now();
    let destination = opts.destination()?;
    let defer = destination
        .as_ref()
        .is_some_and(output::Destination::updates_in_place);
    if !defer {
        return Ok((build(opts)?, None));
    }
    let checks = Checks {
        defer_index: true,
        ..Checks::of(opts)
    };
    let site = load_and_prepare(opts, checks)?;
    if let Some(destination) = destination {
        destination
            .keeping(search::SITE_DIR)
            .update_site(&site.files, &editions::nested(&site.editions))?;
    }
    let summary = site.summary(started.elapsed());
    let pending = site.search_docs.map(|docs| PendingIndex {
        docs,
        out: opts.out.clone(),
    });
    Ok((summary, pending))
}

/// The current site's search index, not yet built: what
/// [`build_pages_first`] leaves for after the reload.
#[derive(Debug)]
pub struct PendingIndex {
    docs: Vec<search::SearchDoc>,
    out: PathBuf,
}

impl PendingIndex {
    /// Builds the index and its static shards, as `build` does, and puts
    /// them in the site's `search/` folder, rewriting only what changed.
    pub fn write(self) -> Result<()> {
        let files = search::build_index(self.docs, search::Beside::Nothing)?;
        output::update_folder(&self.out, search::SITE_DIR, &files)
    }
}

/// The old editions a site publishes, and what every site's copy of them
/// has in common, if it was made once for several sites.
#[derive(Clone, Copy)]
struct OldEditions<'a> {
    editions: &'a [Edition],
    shared: Option<&'a SharedEditions<'a>>,
}

/// What every site's copy of the old editions has in common (they are
/// published as the LGA wrote them, never with a council's words): their
/// linked content and their search indexes, made once for `--all-councils`
/// rather than once a council. Each site still renders their pages, whose
/// banners point at its own.
struct SharedEditions<'e> {
    linked: Vec<Result<links::Linked<'e>>>,
    indexes: Vec<Result<Vec<OutputFile>>>,
}

impl<'e> SharedEditions<'e> {
    fn of(old_editions: &'e [Edition], index: bool) -> SharedEditions<'e> {
        let linked: Vec<_> = old_editions
            .par_iter()
            .map(|e| links::link(&e.guide))
            .collect();
        let indexes = linked
            .par_iter()
            .map(|linked| editions::build_index(linked.as_ref().ok(), index))
            .collect();
        SharedEditions { linked, indexes }
    }
}

/// What `prepare` is asked beyond building: checks, the preview's cache,
/// and where each file goes once it is ready.
#[derive(Debug, Clone, Copy)]
struct Checks<'a> {
    /// Warnings are errors.
    strict: bool,
    /// Run the editor lints.
    lint: bool,
    /// Work kept from earlier builds (the preview).
    cache: Option<&'a BuildCache>,
    /// Leave the current site's search index out of `files` and hand over
    /// its documents instead (`build_pages_first`).
    defer_index: bool,
    /// Write each file into this new site as soon as it has passed the
    /// final check (and the search index's as soon as they are built),
    /// rather than return it in `Prepared::files`.
    write_to: Option<&'a output::StagedSite>,
}

impl Checks<'_> {
    fn of(opts: &BuildOptions) -> Checks<'_> {
        Checks {
            strict: opts.strict,
            lint: opts.lint,
            cache: opts.cache.as_deref(),
            defer_index: false,
            write_to: None,
        }
    }
}

/// One site, built and checked, ready to write (or, with
/// `Checks::write_to`, written but for its old editions).
struct Prepared {
    /// Every file of the site, its search index's included (none when only
    /// checking, or when each was written as it was ready, unless the
    /// preview's cache keeps them).
    files: Vec<OutputFile>,
    /// How many HTML pages the site has.
    pages: usize,
    glossary_terms: usize,
    warnings: Vec<Diagnostic>,
    /// How long this site took to prepare (councils are prepared in parallel).
    took: Duration,
    /// The old editions, each a whole site of its own in `editions/<name>/`.
    editions: Vec<editions::OldEdition>,
    /// The search index's documents, when its building is deferred
    /// (`Checks::defer_index`); its files are then not in `files`.
    search_docs: Option<Vec<search::SearchDoc>>,
}

impl Prepared {
    fn summary(&self, elapsed: Duration) -> BuildSummary {
        BuildSummary {
            pages: self.pages,
            glossary_terms: self.glossary_terms,
            warnings: self.warnings.clone(),
            elapsed,
        }
    }
}

/// overlay (for a council) → link → render → check, and the search index
/// (when `index`) alongside, then the old editions' indexes; then each old
/// edition's pages, their banners pointing at the pages just built.
/// `base_url` is this site's own: a council's sits below the base's.
fn prepare(
    mut guide: Guide,
    council: Option<&Council>,
    base_url: Option<&str>,
    theme_dirs: &[PathBuf],
    checks: Checks,
    old: OldEditions,
    index: bool,
) -> Result<Prepared> {
    let old_editions = old.editions;
    let strict = checks.strict;
    let cache = checks.cache;
    // Shared only by sites that publish the editions, and not with the
    // preview's cache (which keeps each edition whole, index and all).
    let shared = old
        .shared
        .filter(|_| !old_editions.is_empty() && cache.is_none());
    let started = Instant::now();
    // A council may rename the role; the changes page folds the base's name too.
    let base_role = guide.site.role_title.clone();
    // Old editions are published as the LGA wrote them: no council layer.
    let lga_theme_dirs = theme_dirs;
    let mut theme_dirs = theme_dirs.to_vec();
    let mut council_files = Vec::new();
    let mut warnings = Vec::new();
    if let Some(council) = council {
        let localised = overlay::localise(guide, council)?;
        if strict && !localised.warnings.is_empty() {
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
    // The old editions are linked while the current one is linked (with
    // the preview's cache, only those not cached, when they are needed;
    // with `--all-councils`, once for every site).
    let (linked, own_old_linked) = rayon::join(
        || {
            let linked = links::link_with(&guide, cache.map(|c| c as &dyn links::Renderings));
            if let Some(cache) = cache {
                cache.prune_renderings();
            }
            linked
        },
        || match shared {
            Some(_) => Vec::new(),
            None => old_editions
                .iter()
                .map(|e| cache.is_none().then(|| links::link(&e.guide)))
                .collect::<Vec<_>>(),
        },
    );
    let old_linked: Vec<Option<&Result<links::Linked>>> = match shared {
        Some(shared) => shared.linked.iter().map(Some).collect(),
        None => own_old_linked.iter().map(Option::as_ref).collect(),
    };
    let mut linked = linked?;
    if checks.lint {
        let found = match cache {
            Some(cache) => crate::lint::lint_with(&linked, &|file, text, line, kind| {
                cache.body_lints(file, text, line, kind)
            }),
            None => crate::lint::lint(&linked),
        };
        if strict && !found.is_empty() {
            return Err(Errors(found));
        }
        warnings.extend(found);
    }
    let glossary_terms = linked.guide.glossary.terms.len();
    let search_text = search_docs::take_text(&mut linked);
    // The search index needs only the linked content: it is built while the
    // pages are rendered and checked (the two halves of a build, on 2 cores).
    // Each half lets go of the linked content when done with it, so it is
    // freed as soon as neither needs it (the index's documents are taken
    // from it first; at 10,000 sections it is some 150 MB).
    let linked = Arc::new(linked);
    let (for_pages, for_index) = (Arc::clone(&linked), linked);
    let (pages, index) = rayon::join(
        || -> Result<_> {
            let linked = for_pages;
            // The changes page compares with the newest old edition.
            let marks = render::EditionMarks {
                banner: None,
                changes: old_editions.last().map(|e| {
                    Changes::between(
                        &e.name,
                        e.label(),
                        &e.site_dir(),
                        &e.guide,
                        &guide,
                        &[&base_role],
                    )
                }),
            };
            let base_url = &guide.site.base_url;
            let final_check = FinalCheck {
                base_url,
                origin: &|page| probable_origin(&guide, council, page),
                // Each page's ids and links, read once (the preview keeps
                // them for the pages that did not change).
                links_of: &|file| match cache {
                    Some(cache) => cache.page_links(file, base_url),
                    None => check::read_links(file),
                },
                passed: &|file| cache.is_some_and(|c| c.passed_check(file, base_url)),
                write_to: checks.write_to,
                // The preview's cache keeps every file it has checked.
                keep: checks.write_to.is_none() || cache.is_some(),
            };
            // The council's logo and colours win over any file of the same name.
            let council_paths: HashSet<String> =
                council_files.iter().map(|f| f.path.clone()).collect();
            let rendered = render::render_pages(&linked, &guide.site, &theme, &marks, |page| {
                match council_paths.contains(&page.path) {
                    true => Ok(None),
                    false => final_check.take(page).map(Some),
                }
            })?;
            let mut others = council_files;
            others.extend(
                rendered
                    .others
                    .into_iter()
                    .filter(|f| !council_paths.contains(&f.path)),
            );
            let others: Vec<Checked> = others
                .into_par_iter()
                .map(|f| final_check.take(f))
                .collect::<Result<_>>()?;
            let mut site: Vec<Checked> = rendered.pages.into_iter().flatten().collect();
            site.extend(others);
            site.sort_by(|a, b| a.path.cmp(&b.path));
            let pages: check::Pages = site
                .iter()
                .filter_map(|c| Some((c.path.clone(), c.links.clone()?)))
                .collect();
            let mut old = Vec::new();
            let mut errors = Vec::new();
            // Every id of every page, for the old editions' banners (none without them).
            let current = match old_editions.is_empty() {
                true => Default::default(),
                false => check::anchors(&pages),
            };
            for (edition, linked) in old_editions.iter().zip(&old_linked) {
                let base_url = &guide.site.base_url;
                // Linked here, its pages and its search index.
                let whole = || {
                    let l = links::link(&edition.guide)?;
                    editions::prepare(edition, &l, base_url, &current, lga_theme_dirs, index)
                };
                let built = match (cache, linked) {
                    (Some(cache), _) => {
                        let key =
                            cache::edition_key(edition, base_url, &current, lga_theme_dirs, index);
                        cache.edition(key, whole)
                    }
                    // Linked above: its search index is built by the other half.
                    (None, Some(linked)) => linked.as_ref().map_err(Clone::clone).and_then(|l| {
                        editions::prepare_pages(edition, l, base_url, &current, lga_theme_dirs)
                    }),
                    (None, None) => whole(),
                };
                match built {
                    Ok(e) => old.push(e),
                    Err(e) => errors.extend(e.0),
                }
            }
            Errors::check(errors)?;
            // The changes page links into the old editions.
            let outside = editions::anchors_of(&old);
            // Raw HTML a council's patch writes is its author's, for errors.
            let patches: Vec<check::WrittenText> = council
                .iter()
                .flat_map(|c| &c.patches)
                .map(|p| check::WrittenText {
                    file: &p.path,
                    text: &p.body,
                    first_line: p.body_line,
                })
                .collect();
            if let Some(staged) = checks.write_to {
                staged.crash_point("link-check");
            }
            let produced = site.iter().map(|c| c.path.as_str());
            check::check_links(&linked, produced, &pages, &theme, &outside, &patches)?;
            // What the final check found, reported after any broken link
            // (as when it ran over the whole site after the link check).
            Errors::check(
                site.iter_mut()
                    .flat_map(|c| mem::take(&mut c.problems))
                    .collect(),
            )?;
            let files: Vec<OutputFile> = site.into_iter().filter_map(|c| c.file).collect();
            if let Some(cache) = cache {
                cache.remember_checked(&files, base_url);
            }
            Ok((files, pages.len(), old))
        },
        || {
            let docs = index.then(|| search_docs::docs_of(&for_index, search_text));
            drop(for_index);
            let current = match (docs, checks.defer_index, checks.write_to) {
                (Some(docs), false, None) => {
                    search::build_index(docs, search::Beside::Pages).map(|f| (f, None))
                }
                // Written as soon as they are built, while the pages may still
                // be rendering: at 10,000 sections they are some 200 MB.
                (Some(docs), false, Some(staged)) => {
                    // Each written as it is made, and dropped.
                    search::build_index_into(docs, search::Beside::Pages, &|f| staged.put(&f))
                        .map(|()| (Vec::new(), None))
                }
                (docs, true, _) => Ok((Vec::new(), docs)),
                (None, false, _) => Ok((Vec::new(), None)),
            };
            // The old editions' indexes need only their linked content, so
            // they are built here too, while the current pages render (with
            // the preview's cache, each edition is prepared whole, above;
            // with `--all-councils`, they are built once for every site).
            let old = match shared {
                Some(shared) => shared.indexes.iter().cloned().collect(),
                None => old_linked
                    .iter()
                    .map(|linked| {
                        editions::build_index(linked.and_then(|l| l.as_ref().ok()), index)
                    })
                    .collect::<Result<Vec<_>>>(),
            };
            (current, old)
        },
    );
    let (mut files, pages, mut old) = pages?;
    let (current_index, old_indexes) = index;
    let (index_files, deferred) = current_index?;
    files.extend(index_files);
    // Every old edition was prepared (or the pages half failed).
    for (edition, index) in old.iter_mut().zip(old_indexes?) {
        edition.add_index(index);
    }
    Ok(Prepared {
        glossary_terms,
        files,
        pages,
        warnings,
        took: started.elapsed(),
        editions: old,
        search_docs: deferred,
    })
}

/// The final check of each file of a site as it is ready, with what the
/// later stages need of it.
struct FinalCheck<'a> {
    base_url: &'a str,
    /// Where a page's content most probably came from, for the hint.
    origin: &'a (dyn Fn(&str) -> String + Sync),
    links_of: &'a check::LinksOf<'a>,
    /// Whether a file is known to pass already (the preview's cache).
    passed: &'a (dyn Fn(&OutputFile) -> bool + Sync),
    /// Where a file that passed is written at once, if anywhere.
    write_to: Option<&'a output::StagedSite>,
    /// Keep each file's bytes, written or not.
    keep: bool,
}

/// A file of the site once through the final check: all that is kept of
/// it once it is written.
struct Checked {
    path: String,
    /// Its ids and links, if it is a page (for the link check).
    links: Option<Arc<PageLinks>>,
    /// What the final check found wrong with it.
    problems: Vec<Diagnostic>,
    /// The file itself, unless it was written and need not be kept.
    file: Option<OutputFile>,
}

impl FinalCheck<'_> {
    /// Checks `file`, reads its ids and links, and writes it if it passed.
    fn take(&self, file: OutputFile) -> Result<Checked> {
        let links = check::is_page(&file.path).then(|| (self.links_of)(&file));
        let problems = match (self.passed)(&file) {
            true => Vec::new(),
            false => script_check::check_file(&file, self.base_url, &self.origin),
        };
        let mut written = false;
        if let Some(staged) = self.write_to
            && problems.is_empty()
        {
            staged.put(&file)?;
            written = true;
        }
        Ok(Checked {
            path: file.path.clone(),
            links,
            problems,
            file: (self.keep || !written).then_some(file),
        })
    }
}

/// Where a page's content most probably came from, for the final check's hint.
fn probable_origin(guide: &Guide, council: Option<&Council>, page: &str) -> String {
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
    let started = Instant::now();
    let destination = opts.destination()?;
    let guide = Guide::load(&opts.guide)?;
    let old_editions = crate::editions::load_all(&opts.guide)?;
    let councils = load_councils(&opts.guide)?;
    let index = !opts.check_only;
    // The preview's cache keeps each edition whole instead.
    let shared = opts
        .cache
        .is_none()
        .then(|| SharedEditions::of(&old_editions, index));
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
            prepare(
                guide.clone(),
                *council,
                base_url.as_deref(),
                &opts.theme_dirs,
                Checks::of(opts),
                OldEditions {
                    editions: editions::published_by(&old_editions, *council),
                    shared: shared.as_ref(),
                },
                index,
            )
        })
        .collect();
    let mut errors = Vec::new();
    let mut sites = Vec::new();
    for result in results {
        match result {
            Ok(site) => sites.push(site),
            Err(e) => errors.extend(e.0),
        }
    }
    Errors::check(errors)?;
    let base = sites.remove(0);
    let slugs: Vec<String> = councils.iter().map(|c| c.slug().to_string()).collect();
    if let Some(destination) = destination {
        destination.write_site(&base.files, |dir| {
            editions::write_all(&base.editions, dir, None)?;
            // Files a council has in common with the base are links to the base's.
            let written = output::Written::new(dir, &base.files);
            slugs.par_iter().zip(&sites).try_for_each(|(slug, site)| {
                let root = dir.join(slug);
                output::write_nested_site_beside(&root, &site.files, &written)?;
                editions::write_all(&site.editions, &root, Some((&base.editions, dir)))
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

/// Every council in `guide/councils/`, each in the folder named by its
/// slug, since it is built into `public/<slug>/`.
fn load_councils(guide: &Path) -> Result<Vec<Council>> {
    let mut errors = Vec::new();
    let mut councils = Vec::new();
    for dir in overlay::list(guide)? {
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
    Errors::check(errors)?;
    Ok(councils)
}
