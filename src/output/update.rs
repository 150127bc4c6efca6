//! The live preview's write: the new site, complete in a staging folder,
//! is copied into the site being served file by file, and only the files
//! whose bytes changed are replaced (each by a rename, so a request never
//! reads half a file). A page that did not change keeps its file, its
//! modification time and its ETag.
//!
//! A search index is replaced segments first and `meta.json` last, then
//! the segments the old `meta.json` named are deleted: a search at any
//! moment opens a complete index, old or new.
//!
//! This is not the crash-safe swap `build` does: a preview killed half-way
//! leaves a site part old, part new, which the next build replaces whole.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::MARKER;
use crate::diagnostics::{Diagnostic, Result};

/// What an update changed, counted in files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Updated {
    pub written: usize,
    pub unchanged: usize,
    pub deleted: usize,
}

/// Makes `out` hold exactly what `staged` holds (our marker aside), moving
/// in only the files that differ, and deleting what `staged` no longer has.
/// `staged` is left with the files that were not needed.
pub fn update(out: &Path, staged: &Path) -> Result<Updated> {
    let mut done = Updated::default();
    let new_files = files_under(staged)?;
    // `meta.json` names an index's segments: it goes in after them.
    let (last, first): (Vec<&PathBuf>, Vec<&PathBuf>) = new_files
        .iter()
        .partition(|p| p.file_name().is_some_and(|n| n == "meta.json"));
    for rel in first.into_iter().chain(last) {
        let from = staged.join(rel);
        let to = out.join(rel);
        if same_bytes(&from, &to) {
            done.unchanged += 1;
            continue;
        }
        if let Some(dir) = to.parent() {
            // A file where a folder now belongs (or the reverse) is replaced.
            if dir.is_file() {
                fs::remove_file(dir).map_err(|e| Diagnostic::io("delete", dir, &e))?;
            }
            fs::create_dir_all(dir).map_err(|e| Diagnostic::io("create", dir, &e))?;
        }
        if to.is_dir() {
            fs::remove_dir_all(&to).map_err(|e| Diagnostic::io("delete", &to, &e))?;
        }
        fs::rename(&from, &to).map_err(|e| Diagnostic::io("write", &to, &e))?;
        done.written += 1;
    }
    let keep: BTreeSet<&PathBuf> = new_files.iter().collect();
    for rel in files_under(out)? {
        if !keep.contains(&rel) && rel.as_os_str() != MARKER {
            let path = out.join(&rel);
            fs::remove_file(&path).map_err(|e| Diagnostic::io("delete", &path, &e))?;
            done.deleted += 1;
        }
    }
    remove_empty_folders(out);
    Ok(done)
}

/// Every file under `root`, relative to it, in a stable order.
fn files_under(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(root).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Diagnostic::new(root, format!("failed to list the site's files: {e}")))?;
        if entry.file_type().is_file() {
            if let Ok(rel) = entry.path().strip_prefix(root) {
                files.push(rel.to_path_buf());
            }
        }
    }
    Ok(files)
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(ma), Ok(mb)) if ma.is_file() && mb.is_file() && ma.len() == mb.len() => {
            matches!((fs::read(a), fs::read(b)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// Folders left empty by deletions (a removed council's folder); the root stays.
fn remove_empty_folders(root: &Path) {
    for entry in WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_dir() {
            // Fails, harmlessly, on any folder that is not empty.
            let _ = fs::remove_dir(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_files_are_replaced_and_gone_files_deleted() {
        let out = tempfile::tempdir().unwrap();
        let staged = tempfile::tempdir().unwrap();
        for (dir, files) in [
            (
                out.path(),
                [("a.html", "same"), ("b.html", "old"), ("gone/c.html", "x")],
            ),
            (
                staged.path(),
                [("a.html", "same"), ("b.html", "new"), ("d/e.html", "y")],
            ),
        ] {
            for (name, text) in files {
                let path = dir.join(name);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, text).unwrap();
            }
        }
        fs::write(out.path().join(MARKER), "ours").unwrap();
        let a_before = fs::metadata(out.path().join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        let done = update(out.path(), staged.path()).unwrap();
        assert_eq!(
            done,
            Updated {
                written: 2,
                unchanged: 1,
                deleted: 1
            }
        );
        assert_eq!(
            fs::read_to_string(out.path().join("b.html")).unwrap(),
            "new"
        );
        assert_eq!(
            fs::read_to_string(out.path().join("d/e.html")).unwrap(),
            "y"
        );
        assert!(!out.path().join("gone").exists());
        assert!(out.path().join(MARKER).exists());
        let a_after = fs::metadata(out.path().join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(a_before, a_after, "an unchanged page is not rewritten");
    }
}
