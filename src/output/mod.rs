//! The write stage: the site is written into a temporary folder beside
//! `public/` and swapped in only when everything succeeded, so a failed
//! build leaves the previous site untouched.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Result};
use crate::render::OutputFile;

/// Writes `files` (and whatever `finish` adds, such as the search index) to
/// a fresh folder, then replaces `out` with it.
pub fn write_site(
    out: &Path,
    files: &[OutputFile],
    finish: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(
            Diagnostic::new(out, "the output path exists and is not a folder")
                .hint("choose another `--out`, or remove the file")
                .into(),
        );
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| Diagnostic::io("create", &parent, &e))?;
    let staging = tempfile::Builder::new()
        .prefix(".firstdays-new-")
        .tempdir_in(&parent)
        .map_err(|e| Diagnostic::io("create a temporary folder in", &parent, &e))?;
    write_files(staging.path(), files)?;
    finish(staging.path())?;
    make_readable(staging.path())?;
    swap_in(staging, out, &parent)
}

/// Writes `files` under `root`, creating folders as needed: each folder
/// once, then the files in parallel (creating a file is mostly the
/// kernel's work, which two threads share).
pub fn write_files(root: &Path, files: &[OutputFile]) -> Result<()> {
    use rayon::prelude::*;
    let dirs: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| root.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| Diagnostic::io("create", dir, &e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = root.join(&file.path);
        fs::write(&path, &file.bytes).map_err(|e| Diagnostic::io("write", &path, &e).into())
    })
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

fn swap_in(staging: tempfile::TempDir, out: &Path, parent: &Path) -> Result<()> {
    let retired = tempfile::Builder::new()
        .prefix(".firstdays-old-")
        .tempdir_in(parent)
        .map_err(|e| Diagnostic::io("create a temporary folder in", parent, &e))?;
    let old = retired.path().join("site");
    let had_old = out.exists();
    if had_old {
        fs::rename(out, &old).map_err(|e| Diagnostic::io("move aside", out, &e))?;
    }
    let new = staging.keep();
    if let Err(e) = fs::rename(&new, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&new);
        return Err(Diagnostic::io("move the new site into", out, &e).into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_old_site_and_leaves_no_temporary_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.html"), "old").unwrap();
        let files = [OutputFile {
            path: "a/b.html".into(),
            bytes: b"new".to_vec(),
        }];
        write_site(&out, &files, |_| Ok(())).unwrap();
        assert_eq!(fs::read(out.join("a/b.html")).unwrap(), b"new");
        assert!(!out.join("stale.html").exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "only public/ is left"
        );
    }

    #[test]
    fn a_failure_before_the_swap_keeps_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        let files = [OutputFile {
            path: "index.html".into(),
            bytes: b"new".to_vec(),
        }];
        let err = write_site(&out, &files, |_| Err(Diagnostic::new("x", "boom").into()));
        assert!(err.is_err());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
