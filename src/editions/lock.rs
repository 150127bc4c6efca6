//! `edition.lock`: the manifest that keeps an old edition frozen. One line
//! per source file, `sha256  path` (the path relative to the edition's
//! folder, with `/`), sorted by path, as `sha256sum` prints them. `build`
//! and `check` refuse an edition whose files no longer match it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Errors, Result};

/// The manifest's file name, inside the edition's folder.
pub const LOCK_FILE: &str = "edition.lock";

/// Path (relative, `/`-separated) → hex SHA-256 of the file's bytes.
type Hashes = BTreeMap<String, String>;

/// `edition freeze`: writes the manifest of every file in `dir` as it is
/// now. Returns how many files it lists.
pub fn freeze(dir: &Path) -> Result<usize> {
    let hashes = hash_files(dir)?;
    let mut text = String::new();
    for (path, hash) in &hashes {
        let _ = writeln!(text, "{hash}  {path}");
    }
    let lock = dir.join(LOCK_FILE);
    fs::write(&lock, text).map_err(|e| Diagnostic::io("write", &lock, &e))?;
    Ok(hashes.len())
}

/// Every file that differs from the manifest, was added or was removed,
/// named, each with the way out (undo, or freeze again on purpose).
pub fn verify(dir: &Path, name: &str) -> Result<()> {
    let lock = dir.join(LOCK_FILE);
    let freeze_hint = format!(
        "if the change is a deliberate correction to the old edition, run `firstdays edition freeze {name}`"
    );
    if !lock.is_file() {
        return Err(Diagnostic::new(
            dir,
            format!(
                "the edition `{name}` has no `{LOCK_FILE}`, so nothing guards it against edits"
            ),
        )
        .hint(format!(
            "run `firstdays edition freeze {name}` once its text is checked against the publication"
        ))
        .into());
    }
    let text = fs::read_to_string(&lock).map_err(|e| Diagnostic::io("read", &lock, &e))?;
    let (frozen, mut errors) = parse(&lock, &text);
    let now = hash_files(dir)?;
    let undo = |path: &str| {
        format!(
            "an old edition never changes with the guide: undo the change (`git checkout -- {}`); {freeze_hint}",
            dir.join(path).display()
        )
    };
    for (path, (hash, line)) in &frozen {
        match now.get(path) {
            Some(h) if h == hash => {}
            Some(_) => errors.push(
                Diagnostic::new(
                    dir.join(path),
                    format!("this file of the frozen `{name}` edition moved: it differs from `{LOCK_FILE}`"),
                )
                .hint(undo(path)),
            ),
            None => errors.push(
                Diagnostic::new(
                    &lock,
                    format!("`{path}` of the frozen `{name}` edition moved: it was removed"),
                )
                .at_line(*line)
                .hint(undo(path)),
            ),
        }
    }
    for path in now.keys().filter(|p| !frozen.contains_key(*p)) {
        errors.push(
            Diagnostic::new(
                dir.join(path),
                format!("this file was added to the frozen `{name}` edition after `{LOCK_FILE}` was written"),
            )
            .hint(format!(
                "an old edition never changes with the guide: remove the file; {freeze_hint}"
            )),
        );
    }
    Errors::check(errors)
}

/// The manifest's lines: path → (hash, line number). Malformed lines are errors.
fn parse(lock: &Path, text: &str) -> (BTreeMap<String, (String, usize)>, Vec<Diagnostic>) {
    let mut entries = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match line.split_once("  ") {
            Some((hash, path))
                if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                entries.insert(path.to_string(), (hash.to_ascii_lowercase(), i + 1));
            }
            _ => errors.push(
                Diagnostic::new(lock, "this line is not `<sha256>  <path>`")
                    .at_line(i + 1)
                    .hint("the manifest is written by `firstdays edition freeze`; do not edit it by hand"),
            ),
        }
    }
    (entries, errors)
}

/// Every file under `dir` except the manifest itself, hashed.
fn hash_files(dir: &Path) -> Result<Hashes> {
    let mut hashes = Hashes::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::new(dir, format!("failed to list `{}`: {e}", dir.display()))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(dir, entry.path());
        if rel == LOCK_FILE {
            continue;
        }
        let bytes = fs::read(entry.path()).map_err(|e| Diagnostic::io("read", entry.path(), &e))?;
        hashes.insert(rel, hex(&Sha256::digest(&bytes)));
    }
    Ok(hashes)
}

fn relative(dir: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_folder_verifies_and_an_edit_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("glossary")).unwrap();
        fs::write(dir.path().join("a.md"), "one").unwrap();
        fs::write(dir.path().join("glossary/b.md"), "two").unwrap();
        assert_eq!(freeze(dir.path()).unwrap(), 2);
        let lock = fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert!(lock.lines().next().unwrap().ends_with("  a.md"), "{lock}");
        verify(dir.path(), "x").unwrap();
        fs::write(dir.path().join("glossary/b.md"), "changed").unwrap();
        fs::write(dir.path().join("c.md"), "new").unwrap();
        fs::remove_file(dir.path().join("a.md")).unwrap();
        let errors = verify(dir.path(), "x").unwrap_err().to_string();
        assert!(
            errors.contains("b.md") && errors.contains("moved"),
            "{errors}"
        );
        assert!(
            errors.contains("c.md") && errors.contains("added"),
            "{errors}"
        );
        assert!(
            errors.contains("a.md") && errors.contains("removed"),
            "{errors}"
        );
        assert!(errors.contains("edition freeze x"), "{errors}");
    }
}
