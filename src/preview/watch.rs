//! Watching the guide, theme and council folders for saves: notify's
//! events, debounced, with the files editors make on the way to a save
//! left out.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::diagnostics::{Diagnostic, Result};

/// How long a file must be quiet before its save counts: long enough to
/// see an editor's write-rename-delete as one save, short enough not to
/// be noticed.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// Keeps the watch running until dropped.
pub type Watch = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Watches every folder in `folders` (those that exist) recursively and
/// sends each debounced batch of events to `events`.
pub fn watch(folders: &[PathBuf], events: Sender<DebounceEventResult>) -> Result<Watch> {
    let mut debouncer = new_debouncer(DEBOUNCE, None, events).map_err(|e| {
        Diagnostic::new(
            folders.first().map_or(Path::new("."), PathBuf::as_path),
            format!("cannot watch for changes: {e}"),
        )
    })?;
    for folder in folders.iter().filter(|f| f.is_dir()) {
        debouncer
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|e| {
                Diagnostic::new(folder, format!("cannot watch this folder for changes: {e}")).hint(
                    "on Linux, raise the limit with `sysctl fs.inotify.max_user_watches=524288`",
                )
            })?;
    }
    Ok(debouncer)
}

/// The files a batch changed that could change the site: no reads, no
/// editor swap or backup files.
pub fn changed_files(batch: &DebounceEventResult) -> Vec<PathBuf> {
    let Ok(events) = batch else {
        // The watcher itself had trouble (events lost): rebuild to be sure.
        return vec![PathBuf::from(".")];
    };
    let mut paths: Vec<PathBuf> = events
        .iter()
        .filter(|e| changes_content(&e.kind))
        .flat_map(|e| e.paths.iter())
        .filter(|p| !is_editor_scratch(p))
        .cloned()
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn changes_content(kind: &EventKind) -> bool {
    match kind {
        // The build reads every file: opening and reading must not count.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Files editors write beside the real one: vim's `.x.md.swp` and its
/// `4913` write test, `x.md~` backups, emacs's `.#x.md` locks and `#x.md#`
/// autosaves, and the `.DS_Store` a Mac leaves.
pub fn is_editor_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name == "4913"
        || name == ".DS_Store"
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".swpx"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_scratch_files_are_told_from_content() {
        for scratch in [
            "guide/.people.md.swp",
            "guide/people.md~",
            "guide/4913",
            "guide/.#people.md",
            "guide/#people.md#",
            "guide/glossary/.ehcp.md.swx",
        ] {
            assert!(is_editor_scratch(Path::new(scratch)), "{scratch}");
        }
        for real in [
            "guide/people.md",
            "guide/site.yaml",
            "themes/default/static/style.css",
        ] {
            assert!(!is_editor_scratch(Path::new(real)), "{real}");
        }
    }
}
