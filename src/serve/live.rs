//! The search index of a site that may be rebuilt while it is served.
//!
//! `build` writes a new site beside the old one and renames it into place,
//! so every file of the new index is a new file. A tantivy searcher keeps
//! the old files mapped (they live on, unlinked, for as long as it holds
//! them), so without help it would answer from the old index until a
//! restart. [`LiveIndex`] checks the identity of `search/index/meta.json`
//! (device, inode, size, modification time: one `stat`) before each search,
//! and opens the new index when it changed. If the new index cannot be
//! opened (a build left it broken), it keeps answering from the one it has
//! until the site changes again; while the site is half swapped (no
//! `meta.json` at that instant) it simply keeps the one it has.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use super::SearchIndex;
use crate::diagnostics::Result;
use crate::search::{Hit, Searcher};

/// What changes when `meta.json` is replaced or rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: i64,
    mtime_nsec: i64,
}

impl Stamp {
    fn of(meta_json: &Path) -> Option<Stamp> {
        let m = fs::metadata(meta_json).ok()?;
        Some(Stamp {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime: m.mtime(),
            mtime_nsec: m.mtime_nsec(),
        })
    }
}

struct Opened {
    stamp: Option<Stamp>,
    searcher: Arc<Searcher>,
}

/// A [`Searcher`] over `site_dir` that follows rebuilds of the site.
pub struct LiveIndex {
    site_dir: PathBuf,
    meta_json: PathBuf,
    current: RwLock<Opened>,
}

impl LiveIndex {
    /// Opens the site's index now, so a missing or damaged index is an
    /// error at start-up rather than at the first search.
    pub fn open(site_dir: &Path) -> Result<LiveIndex> {
        let meta_json = site_dir.join("search").join("index").join("meta.json");
        // Stamp first: if the site is swapped between the two calls, the
        // stale stamp makes the next search reopen, never the reverse.
        let stamp = Stamp::of(&meta_json);
        let searcher = Arc::new(Searcher::open(site_dir)?);
        Ok(LiveIndex {
            site_dir: site_dir.to_path_buf(),
            meta_json,
            current: RwLock::new(Opened { stamp, searcher }),
        })
    }

    /// Opens the index now if the site was rebuilt, so the first search
    /// after a rebuild (the preview calls this after each one) does not
    /// pay for it.
    pub fn refresh(&self) {
        self.searcher();
    }

    /// The searcher for the index on disk now, reopened if the site was rebuilt.
    fn searcher(&self) -> Arc<Searcher> {
        let now = Stamp::of(&self.meta_json);
        {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            // No index on disk at this instant (mid-swap): keep the one we have.
            if now.is_none() || now == current.stamp {
                return Arc::clone(&current.searcher);
            }
        }
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if now != current.stamp {
            match Searcher::open(&self.site_dir) {
                Ok(searcher) => {
                    *current = Opened {
                        stamp: now,
                        searcher: Arc::new(searcher),
                    }
                }
                // Keep answering from the old index until the next rebuild;
                // the files behind this stamp were complete when renamed into
                // place, so trying them again would fail again.
                Err(e) => {
                    eprintln!("warning: keeping the previous search index: {e}");
                    current.stamp = now;
                }
            }
        }
        Arc::clone(&current.searcher)
    }
}

impl SearchIndex for LiveIndex {
    fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.searcher().search(query, limit)
    }
}
