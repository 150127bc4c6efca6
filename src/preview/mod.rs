//! The editing loop (`firstdays serve` without `--site`): build, serve, and
//! on every save rebuild and reload the pages open in the browser.
//!
//! - The guide folder, the theme folders and the council's folder are
//!   watched ([`watch`]); a batch of saves is one rebuild, and saves made
//!   during a rebuild are one more, so a burst of saves ends with one site
//!   built from the files as they were last saved.
//! - A rebuild is the whole pipeline, in memory, with the editor lints; the
//!   site being served is then updated in place, rewriting only the files
//!   whose bytes changed (`BuildOptions::in_place`).
//! - A failed rebuild writes nothing: the last good site stays, with an
//!   overlay naming each problem on every page (`serve::Reload`).
//! - Pages first, search after: a rebuild writes the pages, tells open
//!   pages to reload, and hands the search index (at 1,000 sections, most
//!   of a rebuild's work; `build_pages_first`) to a thread of its own
//!   ([`indexer`]), going back to watching at once. Until the latest index
//!   is written, the server holds every search request (`/search`,
//!   `/api/search`, the search page and its `search/` files) and then
//!   answers it from the new index: no answer comes from an index older
//!   than the pages, and the browser never reads a mix of old and new
//!   shards through it. Once written, the site is the one `build` gives,
//!   byte for byte.
//! - Content never stops the server: bad files are errors on the page, and
//!   even a panic in the build is reported as one.

mod indexer;
mod watch;

use std::net::SocketAddr;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::Instant;

use notify_debouncer_full::DebounceEventResult;

pub use watch::{DEBOUNCE, is_editor_scratch};

use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::serve::{self, LiveIndex, Reload};
use crate::{BuildOptions, PendingIndex, build, build_all_councils, build_pages_first};
use indexer::Indexer;

/// What to preview: one site (the guide, or `opts.council`'s copy), or the
/// guide and every council.
#[derive(Debug, Clone)]
pub struct Preview {
    pub opts: BuildOptions,
    pub all_councils: bool,
}

impl Preview {
    pub fn new(mut opts: BuildOptions, all_councils: bool) -> Preview {
        opts.check_only = false;
        opts.lint = true;
        opts.in_place = true;
        opts.cache = Some(Default::default());
        Preview { opts, all_councils }
    }

    /// The folders whose files make the site.
    pub fn watched(&self) -> Vec<PathBuf> {
        let mut folders = vec![self.opts.guide.clone()];
        folders.extend(self.opts.theme_dirs.iter().cloned());
        folders.extend(self.opts.council.iter().cloned());
        folders.retain(|f| f.is_dir());
        // A council inside the guide folder is already watched with it.
        let all = folders.clone();
        folders.retain(|f| !all.iter().any(|other| other != f && f.starts_with(other)));
        folders.sort();
        folders.dedup();
        folders
    }

    /// One rebuild: the warnings of a good build, or what stopped it.
    pub fn rebuild(&self) -> Result<Vec<Diagnostic>> {
        let run = || -> Result<Vec<Diagnostic>> {
            if self.all_councils {
                let all = build_all_councils(&self.opts)?;
                let mut warnings = all.base.warnings;
                for (_, council) in all.councils {
                    warnings.extend(council.warnings);
                }
                Ok(warnings)
            } else {
                Ok(build(&self.opts)?.warnings)
            }
        };
        panic::catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| Err(self.panicked().into()))
    }

    /// One rebuild, pages first: the warnings of a good build and, when the
    /// site was updated in place, its search index still to write (see the
    /// module's notes). A preview of every council rebuilds whole.
    pub fn rebuild_pages_first(&self) -> Result<(Vec<Diagnostic>, Option<PendingIndex>)> {
        if self.all_councils {
            return self.rebuild().map(|warnings| (warnings, None));
        }
        let run =
            || build_pages_first(&self.opts).map(|(summary, index)| (summary.warnings, index));
        panic::catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|_| Err(self.panicked().into()))
    }

    fn panicked(&self) -> Diagnostic {
        Diagnostic::new(
            &self.opts.guide,
            "the build stopped on a bug in firstdays (a panic); the last good site is still served",
        )
        .hint(
            "save again to retry; if it happens again, please report it with the file you changed",
        )
    }

    fn site(&self) -> &Path {
        &self.opts.out
    }
}

/// Builds, serves on `addr` and rebuilds on every save until Ctrl+C.
pub fn run(preview: Preview, addr: SocketAddr) -> Result<()> {
    let (sender, events) = mpsc::channel();
    // Watching starts first, so a save during the first build is seen.
    let folders = preview.watched();
    let _watch = watch::watch(&folders, sender)?;
    let reload = Reload::new();
    let started = Instant::now();
    let first = preview.rebuild();
    report(&first, started, None);
    let has_site = preview.site().join("index.html").is_file();
    match first {
        Err(e) if !has_site => {
            eprintln!("waiting for a fix: save a file to try again (Ctrl+C to stop)");
            wait_for_good_build(&preview, &events, e)?;
            reload.publish(Vec::new(), Vec::new());
        }
        Err(e) => reload.publish(e.0, Vec::new()),
        Ok(warnings) => reload.publish(Vec::new(), warnings),
    }
    let shown: Vec<String> = folders
        .iter()
        .map(|f| format!("{}/", f.display().to_string().trim_end_matches('/')))
        .collect();
    println!("watching {} for changes", shown.join(", "));
    let index = Arc::new(LiveIndex::open(preview.site())?);
    let indexer = Indexer::start(reload.clone(), Arc::clone(&index), preview.panicked())?;
    {
        let (looping, reload, index) = (preview.clone(), reload.clone(), Arc::clone(&index));
        std::thread::Builder::new()
            .name("rebuild".into())
            .spawn(move || rebuild_on_change(&looping, &events, &reload, &index, &indexer))
            .map_err(|e| Diagnostic::new(preview.site(), format!("cannot start watching: {e}")))?;
    }
    serve::serve_with(preview.site(), addr, index, Some(reload))
}

/// Before there is any site to serve: rebuild on each save until one builds.
fn wait_for_good_build(
    preview: &Preview,
    events: &Receiver<DebounceEventResult>,
    mut last: Errors,
) -> Result<()> {
    while let Some(changed) = next_change(events) {
        let started = Instant::now();
        let outcome = preview.rebuild();
        report(&outcome, started, Some(&changed));
        match outcome {
            Ok(_) => return Ok(()),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// The rebuild loop, on its own thread for as long as the server runs.
fn rebuild_on_change(
    preview: &Preview,
    events: &Receiver<DebounceEventResult>,
    reload: &Reload,
    index: &LiveIndex,
    indexer: &Indexer,
) {
    while let Some(changed) = next_change(events) {
        let started = Instant::now();
        // Searches wait from before the first page is written until the
        // index thread has written this rebuild's index.
        indexer.rebuild_started();
        let outcome = preview.rebuild_pages_first();
        let (outcome, pending) = match outcome {
            Ok((warnings, pending)) => (Ok(warnings), pending),
            Err(errors) => (Err(errors), None),
        };
        report(&outcome, started, Some(&changed));
        if outcome.is_ok() && pending.is_none() {
            index.refresh();
        }
        indexer.rebuild_done(pending);
        match outcome {
            Ok(warnings) => reload.publish(Vec::new(), warnings),
            Err(errors) => reload.publish(errors.0, Vec::new()),
        }
    }
}

/// Waits for a batch that changes content, then takes every batch already
/// waiting too (saves made during the last rebuild): one rebuild for all.
/// `None` when the watch has stopped.
fn next_change(events: &Receiver<DebounceEventResult>) -> Option<Vec<PathBuf>> {
    loop {
        let mut changed = watch::changed_files(&events.recv().ok()?);
        while let Ok(more) = events.try_recv() {
            changed.extend(watch::changed_files(&more));
        }
        if !changed.is_empty() {
            changed.sort();
            changed.dedup();
            return Some(changed);
        }
    }
}

/// Paths as the editor typed them: relative to the current folder when inside it.
fn shown(path: &Path) -> &Path {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path)
}

fn report(outcome: &Result<Vec<Diagnostic>>, started: Instant, changed: Option<&[PathBuf]>) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let what = match changed {
        None => "built".to_string(),
        Some([one]) => format!("{} changed: rebuilt", shown(one).display()),
        Some(many) => format!("{} files changed: rebuilt", many.len()),
    };
    match outcome {
        // Every warning once, at the start; after that, the page lists them.
        Ok(warnings) if changed.is_none() => {
            for w in warnings {
                eprintln!("warning: {w}");
            }
            println!("{what} in {ms:.0} ms");
        }
        Ok(warnings) => match warnings.len() {
            0 => println!("{what} in {ms:.0} ms"),
            n => println!(
                "{what} in {ms:.0} ms ({n} warning{}, listed on the page)",
                if n == 1 { "" } else { "s" }
            ),
        },
        Err(errors) => {
            eprintln!("{errors}");
            let n = errors.0.len();
            eprintln!(
                "{n} error{} found; still serving the last good site",
                if n == 1 { "" } else { "s" }
            );
        }
    }
}
