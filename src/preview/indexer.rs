//! The preview's search index, written on a thread of its own after the
//! pages: the rebuild thread hands over each rebuild's index and goes back
//! to watching, so a save made while an index is being written is rebuilt
//! at once rather than after it.
//!
//! Only the latest index matters: one handed over while another is being
//! written replaces any still waiting. Search requests are held (see
//! `serve::Reload::hold_search`) from the start of a rebuild, before any
//! page is written, until no rebuild is running and the latest index is
//! written; every change of that state happens under one lock, so a search
//! is never let through to an index older than the pages.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use crate::PendingIndex;
use crate::diagnostics::{Diagnostic, Result};
use crate::serve::{LiveIndex, Reload};

/// The hand-over between the rebuild thread and the index thread.
#[derive(Clone)]
pub struct Indexer {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    handed_over: Condvar,
    reload: Reload,
}

/// What stands between the pages and a current index.
#[derive(Default)]
struct State {
    rebuilding: bool,
    waiting: Option<PendingIndex>,
    writing: bool,
}

impl State {
    fn search_is_current(&self) -> bool {
        !self.rebuilding && self.waiting.is_none() && !self.writing
    }
}

impl Indexer {
    /// Starts the index thread: it writes each index handed over, then
    /// reopens `index` and lets held searches go on.
    pub fn start(reload: Reload, index: Arc<LiveIndex>, panicked: Diagnostic) -> Result<Indexer> {
        let shared = Arc::new(Shared {
            state: Mutex::default(),
            handed_over: Condvar::new(),
            reload,
        });
        let indexer = Indexer { shared };
        let worker = indexer.clone();
        let site = panicked.file.clone();
        std::thread::Builder::new()
            .name("search index".into())
            .spawn(move || worker.run(&index, &panicked))
            .map_err(|e| Diagnostic::new(site, format!("cannot start indexing: {e}")))?;
        Ok(indexer)
    }

    /// A rebuild starts: searches are held from now, before any page is
    /// written.
    pub fn rebuild_started(&self) {
        let mut state = self.lock();
        state.rebuilding = true;
        self.shared.reload.hold_search();
    }

    /// The rebuild wrote its pages and left `pending` (or, if `None`,
    /// wrote its index itself or failed): the index thread writes it, and
    /// searches go on once nothing newer is on its way.
    pub fn rebuild_done(&self, pending: Option<PendingIndex>) {
        let mut state = self.lock();
        state.rebuilding = false;
        match pending {
            Some(pending) => {
                state.waiting = Some(pending);
                self.shared.handed_over.notify_one();
            }
            None if state.search_is_current() => self.shared.reload.release_search(),
            None => {}
        }
    }

    fn run(&self, index: &LiveIndex, panicked: &Diagnostic) {
        loop {
            let pending = {
                let mut state = self.lock();
                loop {
                    if let Some(pending) = state.waiting.take() {
                        state.writing = true;
                        break pending;
                    }
                    state = self
                        .shared
                        .handed_over
                        .wait(state)
                        .unwrap_or_else(|e| e.into_inner());
                }
            };
            let started = Instant::now();
            let written = panic::catch_unwind(AssertUnwindSafe(|| pending.write()))
                .unwrap_or_else(|_| Err(panicked.clone().into()));
            index.refresh();
            let reload = &self.shared.reload;
            match written {
                Ok(()) => {
                    let ms = started.elapsed().as_secs_f64() * 1000.0;
                    println!("search index updated in {ms:.0} ms");
                }
                // Never silent: every page says so, over the pages as built.
                Err(errors) => {
                    eprintln!("{errors}");
                    reload.publish(errors.0, reload.status().warnings);
                }
            }
            let mut state = self.lock();
            state.writing = false;
            if state.search_is_current() {
                reload.release_search();
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
