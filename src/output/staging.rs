//! Folders beside `out` that belong to a build: `.firstdays-new-*` (a site
//! being written) and `.firstdays-old-*` (the previous site, moved aside).
//! Each carries the marker from the moment it holds anything, so a later
//! run can tell ours from a stranger's, and a build holds a lock on each
//! folder it is using, so a later run can tell a crashed build's leftovers
//! from a live build's work.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::marker::{self, MARKER, State};
use crate::diagnostics::{Diagnostic, Result};

pub const NEW_PREFIX: &str = ".firstdays-new-";
pub const OLD_PREFIX: &str = ".firstdays-old-";

/// A staging folder this process is writing. Dropped before it is swapped
/// in (the build failed), it deletes itself.
pub struct Staging {
    path: PathBuf,
    _lock: Option<File>,
    swapped: bool,
}

impl Staging {
    /// `.firstdays-new-XXXXXX` in `parent`, locked, marked as being written.
    pub fn create(parent: &Path) -> Result<Staging> {
        let path = tempfile::Builder::new()
            .prefix(NEW_PREFIX)
            .tempdir_in(parent)
            .map_err(|e| Diagnostic::io("create a temporary folder in", parent, &e))?
            .keep();
        let staging = Staging {
            _lock: lock(&path),
            path,
            swapped: false,
        };
        write_marker(&staging.path, State::Writing)?;
        make_readable(&staging.path)?;
        Ok(staging)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The random part of the name, shared by the `.firstdays-old-` folder
    /// the previous site is moved to.
    pub fn suffix(&self) -> &str {
        self.path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(NEW_PREFIX))
            .unwrap_or("")
    }

    /// Makes the staging folder a complete site: every file and folder is
    /// flushed to disk first, and only then does the marker say `Complete`
    /// (replaced by rename, so it is never half-written). A power cut can
    /// therefore never leave a "complete" folder with empty files in it.
    pub fn seal(&self) -> Result<()> {
        sync_tree(&self.path)?;
        write_marker(&self.path, State::Complete)
    }

    /// Called once the folder has been renamed to `out`: nothing to delete.
    pub fn swapped(mut self) {
        self.swapped = true;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.swapped {
            let _ = retire(&self.path);
        }
    }
}

/// Holds an exclusive lock on `dir` until the returned file is dropped (or
/// the process dies, however it dies). `None` where folders cannot be locked
/// (outside Unix); there, cleanup cannot tell a live build from a dead one
/// and concurrent builds into the same `out` are not supported.
pub fn lock(dir: &Path) -> Option<File> {
    if !cfg!(unix) {
        return None;
    }
    let file = File::open(dir).ok()?;
    file.try_lock().ok()?;
    Some(file)
}

/// Whether another process holds the lock on `dir` (a build still running).
pub fn is_locked(dir: &Path) -> bool {
    cfg!(unix)
        && File::open(dir).is_ok_and(|f| matches!(f.try_lock(), Err(fs::TryLockError::WouldBlock)))
}

/// Writes the marker through a temporary file and a rename, so a reader
/// sees the old state or the new, never a half-written file.
pub fn write_marker(dir: &Path, state: State) -> Result<()> {
    let tmp = dir.join(marker_tmp());
    let path = dir.join(MARKER);
    let mut file = File::create(&tmp).map_err(|e| Diagnostic::io("write", &tmp, &e))?;
    file.write_all(state.text().as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Diagnostic::io("write", &tmp, &e))?;
    fs::rename(&tmp, &path).map_err(|e| Diagnostic::io("write", &path, &e))?;
    sync_dir(dir)
}

/// Deletes a folder of ours so that a crash part-way leaves something the
/// next run still recognises and never restores: the marker says `Retiring`
/// first, is deleted last, and an empty folder with our prefix is ours.
pub fn retire(dir: &Path) -> Result<()> {
    // `out` may have been a symlink, now swapped aside: delete the link,
    // never what it points to.
    if fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return fs::remove_file(dir).map_err(|e| Diagnostic::io("delete", dir, &e).into());
    }
    write_marker(dir, State::Retiring)?;
    let entries = fs::read_dir(dir).map_err(|e| Diagnostic::io("read", dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Diagnostic::io("read", dir, &e))?;
        if entry.file_name() == MARKER {
            continue;
        }
        let path = entry.path();
        let removed = match entry.file_type() {
            Ok(kind) if kind.is_dir() => fs::remove_dir_all(&path),
            _ => fs::remove_file(&path),
        };
        removed.map_err(|e| Diagnostic::io("delete", &path, &e))?;
    }
    let marker = dir.join(MARKER);
    fs::remove_file(&marker).map_err(|e| Diagnostic::io("delete", &marker, &e))?;
    fs::remove_dir(dir).map_err(|e| Diagnostic::io("delete", dir, &e).into())
}

/// Whether a leftover folder is one of ours: our marker in any state, what
/// a release before the marker left (see [`marker::is_legacy_leftover`]),
/// or nothing but a marker being written (a crash in [`Staging::create`],
/// which writes the marker before anything else).
pub fn is_ours(dir: &Path) -> bool {
    let marker_files = [MARKER.to_string(), marker_tmp()];
    marker::read(dir).is_some()
        || marker::is_legacy_leftover(dir)
        || fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .into_iter()
                .all(|e| e.is_ok_and(|e| marker_files.iter().any(|m| e.file_name() == **m)))
        })
}

fn marker_tmp() -> String {
    format!("{MARKER}.tmp")
}

/// Web servers run as another user: folders 0755 (tempdirs start 0700).
fn make_readable(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
            .map_err(|e| Diagnostic::io("set permissions on", dir, &e))?;
    }
    Ok(())
}

/// Flushes every file under `root`, then every folder (so the names are on
/// disk too). Only a power cut needs this; a killed process loses nothing
/// the kernel has been given. On Linux one `syncfs` of the filesystem
/// holding `root` does it in one call, where a file-by-file walk costs an
/// `fsync` per file (thousands with `--all-councils`).
#[cfg(target_os = "linux")]
fn sync_tree(root: &Path) -> Result<()> {
    File::open(root)
        .and_then(|dir| rustix::fs::syncfs(&dir).map_err(std::io::Error::from))
        .map_err(|e| Diagnostic::io("flush", root, &e).into())
}

#[cfg(not(target_os = "linux"))]
fn sync_tree(root: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(root).contents_first(true) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            Diagnostic::new(&path, format!("failed to read `{}`: {e}", path.display()))
        })?;
        if entry.file_type().is_file() {
            let path = entry.path();
            File::open(path)
                .and_then(|f| f.sync_all())
                .map_err(|e| Diagnostic::io("flush", path, &e))?;
        } else if entry.file_type().is_dir() {
            sync_dir(entry.path())?;
        }
    }
    Ok(())
}

/// Flushes a folder's list of names (a rename or a new file in it).
pub fn sync_dir(dir: &Path) -> Result<()> {
    if cfg!(unix) {
        File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(|e| Diagnostic::io("flush", dir, &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_staging_folder_deletes_itself() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(dir.path()).unwrap();
        fs::create_dir_all(staging.path().join("a/b")).unwrap();
        fs::write(staging.path().join("a/b/c.html"), "x").unwrap();
        drop(staging);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_sealed_staging_folder_is_complete() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(dir.path()).unwrap();
        assert_eq!(marker::read(staging.path()), Some(State::Writing));
        staging.seal().unwrap();
        assert_eq!(marker::read(staging.path()), Some(State::Complete));
        assert!(!staging.path().join(".firstdays-site.tmp").exists());
    }

    #[test]
    fn a_folder_killed_while_its_first_marker_was_written_is_ours() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".firstdays-site.tmp"), "Being wr").unwrap();
        assert!(is_ours(dir.path()));
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(!is_ours(dir.path()));
    }

    #[cfg(unix)]
    #[test]
    fn a_live_staging_folder_is_locked_and_a_dropped_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(dir.path()).unwrap();
        // flock locks belong to the open file, so a second open in this
        // process sees the lock just as another process would.
        assert!(is_locked(staging.path()));
        let path = staging.path().to_path_buf();
        staging.swapped();
        assert!(!is_locked(&path));
    }
}
