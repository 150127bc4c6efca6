//! The live preview's write: the new site, complete in memory, is compared
//! with the site being served file by file, and only the files whose bytes
//! changed are replaced (each written beside itself and renamed over it, so
//! a request never reads half a file). A page that did not change keeps its
//! file, its modification time and its ETag.
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

/// A file of the new site: its path relative to the site, and its bytes.
pub type NewFile<'a> = (PathBuf, std::borrow::Cow<'a, [u8]>);

/// Makes `out` hold exactly `files` (our marker, and the folder `keep` if
/// given, aside), writing only the files that differ and deleting what the
/// new site no longer has.
pub fn update(out: &Path, mut files: Vec<NewFile>, keep: Option<&Path>) -> Result<Updated> {
    use rayon::prelude::*;
    let mut done = Updated::default();
    // `meta.json` names an index's segments: it goes in after them.
    files.sort_by_key(|(p, _)| p.file_name().is_some_and(|n| n == "meta.json"));
    // Reading the served files back to compare is most of an update that
    // changes a page or two (a thousand pages read at 1,000 sections), and
    // each file's comparison stands alone: both cores do it.
    let same: Vec<bool> = files
        .par_iter()
        .map(|(rel, bytes)| fs::read(out.join(rel)).is_ok_and(|old| old == **bytes))
        .collect();
    for ((rel, bytes), same) in files.iter().zip(same) {
        let to = out.join(rel);
        if same {
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
        let mut tmp = to.clone().into_os_string();
        tmp.push(".firstdays-tmp");
        let tmp = PathBuf::from(tmp);
        fs::write(&tmp, bytes).map_err(|e| Diagnostic::io("write", &tmp, &e))?;
        fs::rename(&tmp, &to).map_err(|e| Diagnostic::io("write", &to, &e))?;
        done.written += 1;
    }
    let keep_files: BTreeSet<&PathBuf> = files.iter().map(|(p, _)| p).collect();
    for rel in files_under(out)? {
        let kept = keep.is_some_and(|folder| rel.starts_with(folder));
        if !keep_files.contains(&rel) && rel.as_os_str() != MARKER && !kept {
            let path = out.join(&rel);
            fs::remove_file(&path).map_err(|e| Diagnostic::io("delete", &path, &e))?;
            done.deleted += 1;
        }
    }
    if done.deleted > 0 {
        remove_empty_folders(out);
    }
    Ok(done)
}

/// Every file under `root` with its bytes, relative to `root`.
pub fn read_all(root: &Path) -> Result<Vec<NewFile<'static>>> {
    files_under(root)?
        .into_iter()
        .map(|rel| {
            let path = root.join(&rel);
            let bytes = fs::read(&path).map_err(|e| Diagnostic::io("read", &path, &e))?;
            Ok((rel, std::borrow::Cow::Owned(bytes)))
        })
        .collect()
}

/// Every file under `root`, relative to it, in a stable order.
fn files_under(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(root).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Diagnostic::new(root, format!("failed to list the site's files: {e}")))?;
        if let (true, Ok(rel)) = (entry.file_type().is_file(), entry.path().strip_prefix(root)) {
            files.push(rel.to_path_buf());
        }
    }
    Ok(files)
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
        for (name, text) in [("a.html", "same"), ("b.html", "old"), ("gone/c.html", "x")] {
            let path = out.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let new: Vec<NewFile> = [("a.html", "same"), ("b.html", "new"), ("d/e.html", "y")]
            .iter()
            .map(|(p, t)| (PathBuf::from(p), std::borrow::Cow::Borrowed(t.as_bytes())))
            .collect();
        fs::write(out.path().join(MARKER), "ours").unwrap();
        let a_before = fs::metadata(out.path().join("a.html"))
            .unwrap()
            .modified()
            .unwrap();
        let done = update(out.path(), new, None).unwrap();
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
