//! Which folders `--out` may replace. A build deletes whatever was at `out`,
//! so it refuses any folder whose loss would cost someone their work: one
//! that is, holds or sits inside the sources, one that holds the current
//! folder, and any non-empty folder firstdays did not write.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::marker;
use crate::diagnostics::{Diagnostic, Result};

/// A folder the build reads from, which `out` must neither replace nor sit in.
#[derive(Debug, Clone)]
pub struct Protected {
    pub path: PathBuf,
    /// What it holds, for the message: "the guide's sources".
    pub holds: &'static str,
}

impl Protected {
    pub fn guide(path: &Path) -> Protected {
        Protected {
            path: path.to_path_buf(),
            holds: "the guide's sources",
        }
    }

    pub fn council(path: &Path) -> Protected {
        Protected {
            path: path.to_path_buf(),
            holds: "the council's folder",
        }
    }

    pub fn theme(path: &Path) -> Protected {
        Protected {
            path: path.to_path_buf(),
            holds: "a theme",
        }
    }
}

/// Refuses an `out` the build must not replace; `Ok` means the build may
/// delete whatever is at `out` and put a site there.
pub fn check(out: &Path, protected: &[Protected]) -> Result<()> {
    let shown = out.display();
    // Named after the option, as `--base-url` errors are: the path is in the message.
    let refuse =
        |message: String, hint: String| Err(Diagnostic::new("--out", message).hint(hint).into());
    let target = resolve(out).map_err(|e| Diagnostic::io("find", out, &e))?;
    for p in protected {
        // A theme that does not exist on disk (the default, when the
        // binary runs elsewhere) has nothing to lose.
        let Ok(source) = fs::canonicalize(&p.path) else {
            continue;
        };
        let (name, holds) = (p.path.display(), p.holds);
        if source == target {
            return refuse(
                format!("`{shown}` holds {holds}; building into it would delete them"),
                "choose a new or empty folder for `--out`, such as `public`".into(),
            );
        }
        if source.starts_with(&target) {
            return refuse(
                format!(
                    "`{shown}` contains `{name}`, which holds {holds}; building into it would delete them"
                ),
                "choose a new or empty folder for `--out`, such as `public`".into(),
            );
        }
        if target.starts_with(&source) {
            return refuse(
                format!(
                    "`{shown}` is inside `{name}`, which holds {holds}; the site would be mixed into them"
                ),
                format!("choose a folder outside `{name}` for `--out`, such as `public`"),
            );
        }
    }
    if let Ok(cwd) = std::env::current_dir().and_then(fs::canonicalize)
        && cwd.starts_with(&target)
    {
        let what = if cwd == target {
            "is the current folder"
        } else {
            "contains the current folder"
        };
        return refuse(
            format!("`{shown}` {what}; building into it would delete everything in it"),
            "choose a new or empty folder for `--out`, such as `public`".into(),
        );
    }
    let meta = match fs::symlink_metadata(&target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Diagnostic::io("read", out, &e).into()),
    };
    if !meta.is_dir() {
        return refuse(
            "the output path exists and is not a folder".into(),
            "choose another `--out`, or remove the file".into(),
        );
    }
    if marker::read(&target).is_some() || marker::is_legacy_site(&target) || is_empty(&target)? {
        return Ok(());
    }
    refuse(
        format!(
            "`{shown}` is not empty and was not written by firstdays; building into it would delete everything in it"
        ),
        format!(
            "choose an empty or new folder for `--out`, or delete `{shown}` yourself if you no longer need what is in it"
        ),
    )
}

fn is_empty(dir: &Path) -> Result<bool> {
    let mut entries = fs::read_dir(dir).map_err(|e| Diagnostic::io("read", dir, &e))?;
    Ok(entries.next().is_none())
}

/// `path` made absolute with every symlink resolved, even when its last
/// components do not exist yet: the longest existing prefix is
/// canonicalised and the rest appended (`..` in the rest taken lexically).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::canonicalize(existing) {
            Ok(mut resolved) => {
                for part in rest.iter().rev() {
                    match part {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::Normal(name) => resolved.push(name),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            Err(e) => {
                let (Some(parent), Some(last)) =
                    (existing.parent(), existing.components().next_back())
                else {
                    return Err(e);
                };
                rest.push(last);
                existing = parent;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_does_not_exist_yet_resolves_through_its_existing_parent() {
        let dir = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            resolve(&dir.path().join("new/deeper/..")).unwrap(),
            real.join("new")
        );
        assert_eq!(
            resolve(&dir.path().join("new/../../x")).unwrap(),
            real.parent().unwrap().join("x")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_the_guide_is_the_guide() {
        let dir = tempfile::tempdir().unwrap();
        let guide = dir.path().join("guide");
        fs::create_dir(&guide).unwrap();
        fs::write(guide.join("site.yaml"), "x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&guide, &link).unwrap();
        let err = check(&link, &[Protected::guide(&guide)]).unwrap_err();
        assert!(
            err.to_string().contains("holds the guide's sources"),
            "{err}"
        );
    }
}
