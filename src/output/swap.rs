//! Putting a complete staging folder at `out` so that a crash at any moment
//! leaves a whole site at `out`, or one the next run puts back.
//!
//! On Linux, when `out` exists, one `renameat2(RENAME_EXCHANGE)` swaps the
//! two folders atomically: `out` is the old site until the call and the new
//! one after it, and the old site is left under the staging name, to be
//! deleted. Elsewhere (or on a filesystem without the call) it is two
//! renames, `out` → `.firstdays-old-*` then staging → `out`, with a moment
//! between them when `out` is missing; a crash there is repaired by
//! [`recover`], which the next run calls before anything else.

use std::fs;
use std::path::{Path, PathBuf};

use super::marker::{self, State};
use super::staging::{self, NEW_PREFIX, OLD_PREFIX, Staging};
use crate::diagnostics::{Diagnostic, Result};

/// Test-only: `FIRSTDAYS_TEST_CRASH_AT=<point>` aborts the process at that
/// point of the swap, as a kill -9 would (no destructors, no cleanup).
/// Points: `link-check` (every page written into the staging folder, the
/// link check about to run), `sealed` (staging complete, nothing swapped),
/// `between-renames` (which also forces the two-rename swap), `swapped`
/// (new site in place, old one not yet deleted). Read only here, in the
/// write stage.
pub const CRASH_VAR: &str = "FIRSTDAYS_TEST_CRASH_AT";

/// Test-only: `FIRSTDAYS_TEST_SWAP=two-renames` uses the portable swap on
/// Linux too, so tests cover both.
pub const SWAP_VAR: &str = "FIRSTDAYS_TEST_SWAP";

pub(super) fn crash_point(point: &str) {
    if std::env::var_os(CRASH_VAR).is_some_and(|v| v == point) {
        eprintln!("{CRASH_VAR}={point}: aborting");
        std::process::abort();
    }
}

fn two_renames_forced() -> bool {
    std::env::var_os(SWAP_VAR).is_some_and(|v| v == "two-renames")
        || std::env::var_os(CRASH_VAR).is_some_and(|v| v == "between-renames")
}

/// Moves the sealed `staging` to `out`, then deletes the previous site.
pub fn swap_in(staging: Staging, out: &Path, parent: &Path) -> Result<()> {
    crash_point("sealed");
    if fs::symlink_metadata(out).is_err() {
        rename(staging.path(), out)?;
        staging.swapped();
        return staging::sync_dir(parent);
    }
    if two_renames_forced() || !exchange(staging.path(), out)? {
        return two_renames(staging, out, parent);
    }
    let old = staging.path().to_path_buf();
    staging.swapped();
    staging::sync_dir(parent)?;
    crash_point("swapped");
    // The new site is in place; a failure to delete the old one is retried
    // by the next run, so it does not fail this build.
    let _ = staging::retire(&old);
    Ok(())
}

/// The portable swap: `out` → `.firstdays-old-*`, then staging → `out`.
pub(super) fn two_renames(staging: Staging, out: &Path, parent: &Path) -> Result<()> {
    let old = parent.join(format!("{OLD_PREFIX}{}", staging.suffix()));
    // Locked so that a run starting now does not mistake the moment between
    // the renames for a crash and put the old site back under our feet.
    let _lock = staging::lock(out);
    fs::rename(out, &old).map_err(|e| Diagnostic::io("move aside", out, &e))?;
    crash_point("between-renames");
    if let Err(e) = fs::rename(staging.path(), out) {
        let _ = fs::rename(&old, out);
        return Err(Diagnostic::io("move the new site into", out, &e).into());
    }
    staging.swapped();
    staging::sync_dir(parent)?;
    crash_point("swapped");
    let _ = staging::retire(&old);
    Ok(())
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| Diagnostic::io("move the new site into", to, &e).into())
}

/// Atomically exchanges two folders; `Ok(false)` when this system or
/// filesystem cannot, and the caller should fall back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(Diagnostic::io("move the new site into", b, &e.into()).into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}

/// Repairs what a crashed build left beside `out`: if `out` is missing and
/// a complete site was left aside, it goes back to `out` (a sealed new site
/// first, since that is what was asked for, else the old one); then every
/// other leftover of ours that no live build holds is deleted. Folders with
/// our prefix but without our marker are left alone: they are not ours.
pub fn recover(out: &Path, parent: &Path) -> Result<()> {
    let leftovers = leftovers(parent)?;
    if fs::symlink_metadata(out).is_err()
        && let Some(site) = restorable(&leftovers)
    {
        fs::rename(&site, out).map_err(|e| Diagnostic::io("restore the site into", out, &e))?;
        staging::sync_dir(parent)?;
    }
    for dir in leftovers {
        if fs::symlink_metadata(&dir).is_ok() && staging::is_ours(&dir) {
            // Gone already is fine: another run cleaned it at the same time.
            if let Err(e) = staging::retire(&dir)
                && fs::symlink_metadata(&dir).is_ok()
            {
                return Err(e);
            }
        }
    }
    Ok(())
}

/// The whole site a crash left aside, if any: a sealed new site first
/// (that is what was asked for), else the old site moved aside, newest
/// first. A release before the marker moved the old site to
/// `.firstdays-old-*/site`; that is looked for too.
fn restorable(leftovers: &[PathBuf]) -> Option<PathBuf> {
    let is_site =
        |dir: &Path| marker::read(dir) == Some(State::Complete) || marker::is_legacy_site(dir);
    let newest = |candidates: Vec<PathBuf>| candidates.into_iter().max_by_key(|d| modified(d));
    let new: Vec<PathBuf> = leftovers
        .iter()
        .filter(|d| name_of(d).starts_with(NEW_PREFIX) && is_site(d))
        .cloned()
        .collect();
    let old: Vec<PathBuf> = leftovers
        .iter()
        .filter(|d| name_of(d).starts_with(OLD_PREFIX))
        .flat_map(|d| [d.clone(), d.join("site")])
        .filter(|d| is_site(d))
        .collect();
    newest(new).or_else(|| newest(old))
}

/// Folders (not symlinks) with our prefixes in `parent` that no live build holds.
fn leftovers(parent: &Path) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Diagnostic::io("read", parent, &e).into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Diagnostic::io("read", parent, &e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(NEW_PREFIX) || name.starts_with(OLD_PREFIX);
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) && !staging::is_locked(&entry.path())
        {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

fn name_of(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn modified(dir: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(dir.join(marker::MARKER))
        .or_else(|_| fs::metadata(dir))
        .and_then(|m| m.modified())
        .ok()
}
