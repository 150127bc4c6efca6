//! The write stage: the site is written into a staging folder beside
//! `public/` and swapped in only when everything succeeded, so a failed
//! build leaves the previous site untouched, and a crash at any moment
//! leaves a whole site (old or new) at `public/` or one the next run puts
//! back. The build replaces only a folder it may delete: see
//! [`destination`].

mod destination;
mod marker;
mod shared;
mod staging;
mod swap;
mod update;

use std::fs;
use std::path::{Path, PathBuf};

pub use destination::Protected;
pub use marker::MARKER;
pub use shared::Written;
pub use staging::{NEW_PREFIX, OLD_PREFIX};
pub use swap::{CRASH_VAR, SWAP_VAR};
pub use update::Updated;

use crate::diagnostics::{Diagnostic, Result};
use crate::render::OutputFile;

/// Where a build will write: checked, and repaired after any crash, before
/// the build does its work, so a bad `--out` fails fast and a site a crash
/// left aside is back even if this build then fails.
#[derive(Debug)]
pub struct Destination {
    out: PathBuf,
    parent: PathBuf,
    /// The live preview: update the site being served in place, file by
    /// file ([`update`]), instead of swapping in a whole new folder.
    in_place: bool,
    /// A folder of the site that this write leaves as it is (the preview's
    /// search index, written after the pages by [`update_folder`]).
    keep: Option<PathBuf>,
}

impl Destination {
    /// Refuses an `out` the build must not replace (see [`destination`]),
    /// then puts back a site a crashed build left aside and deletes our
    /// leftovers.
    pub fn prepare(out: &Path, protected: &[Protected]) -> Result<Destination> {
        destination::check(out, protected)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        swap::recover(out, &parent)?;
        Ok(Destination {
            out: out.to_path_buf(),
            parent,
            in_place: false,
            keep: None,
        })
    }

    /// Writes only the files whose bytes changed into the existing site
    /// (see [`update`]); a first build still swaps a whole site in.
    pub fn in_place(mut self) -> Destination {
        self.in_place = true;
        self
    }

    /// Whether [`Destination::write_site`] will update the site in place
    /// (there is a site of ours there to update).
    pub fn updates_in_place(&self) -> bool {
        self.in_place && marker::read(&self.out).is_some()
    }

    /// An in-place update that leaves `folder` (relative to the site) as it
    /// is: neither rewritten nor deleted.
    pub fn keeping(mut self, folder: &str) -> Destination {
        self.keep = Some(PathBuf::from(folder));
        self
    }

    /// Writes `files` (and whatever `finish` adds, such as the search index)
    /// to a fresh staging folder, marks it complete, then swaps it in.
    pub fn write_site(
        &self,
        files: &[OutputFile],
        finish: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<()> {
        if self.updates_in_place() {
            return self.update_in_place(files, finish);
        }
        let staged = self.stage()?;
        write_files(staged.path(), files)?;
        staged.finish(finish)
    }

    /// Starts a whole new site in a fresh staging folder beside `out`, for
    /// a build to fill file by file as each is ready ([`StagedSite::put`])
    /// rather than hold the whole site in memory until the end. `out` is
    /// untouched until [`StagedSite::finish`]; a `StagedSite` dropped
    /// unfinished (the build failed, even after writing thousands of
    /// files) deletes its folder.
    pub fn stage(&self) -> Result<StagedSite> {
        fs::create_dir_all(&self.parent).map_err(|e| Diagnostic::io("create", &self.parent, &e))?;
        Ok(StagedSite {
            staging: staging::Staging::create(&self.parent)?,
            out: self.out.clone(),
            parent: self.parent.clone(),
            folders: std::sync::Mutex::new(std::collections::HashSet::new()),
        })
    }
}

/// A new site being written into its staging folder (see
/// [`Destination::stage`]). Files may be put from several threads at once.
pub struct StagedSite {
    staging: staging::Staging,
    out: PathBuf,
    parent: PathBuf,
    /// Folders already created under the staging folder, so each is made once.
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl std::fmt::Debug for StagedSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StagedSite({})", self.staging.path().display())
    }
}

impl StagedSite {
    /// The staging folder (the new site's root until it is swapped in).
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// Writes one file of the site, creating its folder if need be.
    pub fn put(&self, file: &OutputFile) -> Result<()> {
        let path = self.staging.path().join(&file.path);
        if let Some(folder) = path.parent() {
            let mut made = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(folder) {
                fs::create_dir_all(folder).map_err(|e| Diagnostic::io("create", folder, &e))?;
                made.insert(folder.to_path_buf());
            }
        }
        fs::write(&path, &file.bytes).map_err(|e| Diagnostic::io("write", &path, &e).into())
    }

    /// Test-only ([`CRASH_VAR`]): aborts the process here if asked to at
    /// `point`, as a kill -9 would, leaving the staging folder as it is.
    pub fn crash_point(&self, point: &str) {
        swap::crash_point(point);
    }

    /// Writes what `last` adds (such as the old editions), marks the site
    /// complete, then swaps it in for the previous one.
    pub fn finish(self, last: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        last(self.staging.path())?;
        self.staging.seal()?;
        swap::swap_in(self.staging, &self.out, &self.parent)
    }
}

impl Destination {
    /// The preview's write: `files` compared in memory with the site being
    /// served; what `finish` writes (old editions) goes to a scratch
    /// folder first, to be compared the same way.
    fn update_in_place(
        &self,
        files: &[OutputFile],
        finish: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<()> {
        let scratch = tempfile::tempdir()
            .map_err(|e| Diagnostic::io("create a temporary folder for", &self.out, &e))?;
        finish(scratch.path())?;
        let mut all: Vec<update::NewFile> = files
            .iter()
            .map(|f| {
                (
                    PathBuf::from(&f.path),
                    std::borrow::Cow::Borrowed(&f.bytes[..]),
                )
            })
            .collect();
        all.extend(update::read_all(scratch.path())?);
        update::update(&self.out, all, self.keep.as_deref()).map(|_| ())
    }
}

impl Destination {
    /// The preview's write when [`Destination::updates_in_place`]: `files`,
    /// and each nested site (`(folder, files)`, such as an old edition,
    /// marked as a site of its own as [`write_nested_site`] marks it),
    /// compared in memory with the site being served; nothing is written
    /// aside first.
    pub fn update_site(
        &self,
        files: &[OutputFile],
        nested: &[(&str, &[OutputFile])],
    ) -> Result<()> {
        fn borrowed(path: PathBuf, bytes: &[u8]) -> update::NewFile<'_> {
            (path, std::borrow::Cow::Borrowed(bytes))
        }
        let mut all: Vec<update::NewFile> = files
            .iter()
            .map(|f| borrowed(PathBuf::from(&f.path), &f.bytes[..]))
            .collect();
        for (folder, files) in nested {
            let root = Path::new(folder);
            all.extend(
                files
                    .iter()
                    .map(|f| borrowed(root.join(&f.path), &f.bytes[..])),
            );
            all.push(borrowed(
                root.join(MARKER),
                marker::State::Complete.text().as_bytes(),
            ));
        }
        update::update(&self.out, all, self.keep.as_deref()).map(|_| ())
    }
}

/// Makes `folder` of the site being served in `out` (such as `search`) hold
/// exactly those of `files` under it (paths relative to the site), writing
/// only the files whose bytes changed: the preview's second write, after
/// one [`Destination::keeping`] that folder.
pub fn update_folder(out: &Path, folder: &str, files: &[OutputFile]) -> Result<()> {
    let prefix = format!("{folder}/");
    let inside: Vec<update::NewFile> = files
        .iter()
        .filter_map(|f| {
            let rel = f.path.strip_prefix(&prefix)?;
            Some((PathBuf::from(rel), std::borrow::Cow::Borrowed(&f.bytes[..])))
        })
        .collect();
    let root = out.join(folder);
    fs::create_dir_all(&root).map_err(|e| Diagnostic::io("create", &root, &e))?;
    update::update(&root, inside, None).map(|_| ())
}

/// Writes `files` under `root`, creating folders as needed: each folder
/// once, then the files in parallel (creating a file is mostly the
/// kernel's work, which two threads share).
pub fn write_files(root: &Path, files: &[OutputFile]) -> Result<()> {
    write_files_beside(root, files, None)
}

/// As [`write_files`], each file that `outer` has too (same path, same
/// bytes) a hard link to it.
fn write_files_beside(root: &Path, files: &[OutputFile], outer: Option<&Written>) -> Result<()> {
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
        match outer {
            Some(outer) => outer.put(file, &path),
            None => {
                fs::write(&path, &file.bytes).map_err(|e| Diagnostic::io("write", &path, &e).into())
            }
        }
    })
}

/// A site inside the site (a council copy under `public/<slug>/`): its files
/// and its own marker, so it can later be rebuilt on its own with `--out`.
pub fn write_nested_site(root: &Path, files: &[OutputFile]) -> Result<()> {
    write_files(root, files)?;
    mark_as_site(root)
}

/// As [`write_nested_site`], its files that `outer` has too hard links to
/// them (see [`Written`]).
pub fn write_nested_site_beside(root: &Path, files: &[OutputFile], outer: &Written) -> Result<()> {
    write_files_beside(root, files, Some(outer))?;
    mark_as_site(root)
}

/// Writes the marker that says firstdays wrote the site in `dir`, so a later
/// build may replace it. (Tests use it to stand in for a previous build.)
pub fn mark_as_site(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER);
    fs::write(&path, marker::State::Complete.text())
        .map_err(|e| Diagnostic::io("write", &path, &e).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_site(
        out: &Path,
        files: &[OutputFile],
        finish: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<()> {
        Destination::prepare(out, &[])?.write_site(files, finish)
    }

    fn previous_site(out: &Path, index: &str) {
        fs::create_dir_all(out).unwrap();
        fs::write(out.join("index.html"), index).unwrap();
        mark_as_site(out).unwrap();
    }

    fn page(path: &str, body: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_the_old_site_and_leaves_no_temporary_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        previous_site(&out, "old");
        fs::write(out.join("stale.html"), "old").unwrap();
        write_site(&out, &[page("a/b.html", "new")], |_| Ok(())).unwrap();
        assert_eq!(fs::read(out.join("a/b.html")).unwrap(), b"new");
        assert!(!out.join("stale.html").exists());
        assert_eq!(marker::read(&out), Some(marker::State::Complete));
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "only public/ is left"
        );
    }

    #[test]
    fn the_portable_two_rename_swap_replaces_the_old_site_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        previous_site(&out, "old");
        let staging = staging::Staging::create(dir.path()).unwrap();
        write_files(staging.path(), &[page("index.html", "new")]).unwrap();
        staging.seal().unwrap();
        swap::two_renames(staging, &out, dir.path()).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failure_before_the_swap_keeps_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        previous_site(&out, "old");
        let err = write_site(&out, &[page("index.html", "new")], |_| {
            Err(Diagnostic::new("x", "boom").into())
        });
        assert!(err.is_err());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_crash_between_the_renames_is_repaired_by_putting_the_new_site_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // As the two-rename swap leaves things when killed between renames.
        previous_site(&dir.path().join(".firstdays-old-abc"), "old");
        previous_site(&dir.path().join(".firstdays-new-abc"), "new");
        Destination::prepare(&out, &[]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unfinished_staging_folder_is_never_restored_but_the_old_site_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        previous_site(&dir.path().join(".firstdays-old-abc"), "old");
        let new = dir.path().join(".firstdays-new-abc");
        fs::create_dir(&new).unwrap();
        fs::write(new.join("index.html"), "half").unwrap();
        fs::write(new.join(MARKER), marker::State::Writing.text()).unwrap();
        fs::create_dir(dir.path().join(".firstdays-new-empty")).unwrap();
        Destination::prepare(&out, &[]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_with_our_prefix_but_not_our_marker_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        previous_site(&out, "old");
        let stranger = dir.path().join(".firstdays-new-mine");
        fs::create_dir(&stranger).unwrap();
        fs::write(stranger.join("notes.txt"), "mine").unwrap();
        write_site(&out, &[page("index.html", "new")], |_| Ok(())).unwrap();
        assert_eq!(fs::read(stranger.join("notes.txt")).unwrap(), b"mine");
    }

    #[test]
    fn a_site_the_previous_release_left_aside_in_a_crash_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // The previous release moved the old site to `.firstdays-old-*/site`
        // and, killed there, left no `public/`, and a half-written new site.
        let site = dir.path().join(".firstdays-old-Ab12/site");
        marker::tests::previous_release_site(&site, "old");
        let half = dir.path().join(".firstdays-new-Cd34");
        fs::create_dir_all(half.join("static")).unwrap();
        fs::write(half.join("people.html"), "new").unwrap();
        Destination::prepare(&out, &[]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn an_out_that_is_a_symlink_is_replaced_without_touching_what_it_pointed_to() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("www");
        previous_site(&target, "old");
        let out = dir.path().join("public");
        std::os::unix::fs::symlink(&target, &out).unwrap();
        write_site(&out, &[page("index.html", "new")], |_| Ok(())).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        assert_eq!(fs::read(target.join("index.html")).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
