//! Old editions of the guide (`guide/editions/<name>/`), published beside
//! the current one in `editions/<name>/`.
//!
//! Each old edition is a frozen full copy in the guide's own format, guarded
//! by `edition.lock` (`lock`). The build renders it through the same
//! pipeline as the current guide, with a banner on every page pointing to
//! the nearest current page (`banner`), and the current edition gets a page
//! of what changed since the newest old edition (`changes`).

pub mod banner;
pub mod changes;
mod lock;
mod text;

use std::path::{Path, PathBuf};

pub use changes::Changes;
pub use lock::{LOCK_FILE, freeze, verify};

use crate::content::Guide;
use crate::diagnostics::{Diagnostic, Errors, Result};

/// The folder of old editions inside a guide folder.
pub const EDITIONS_DIR: &str = "editions";

/// One old edition, checked against its manifest and loaded.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The folder name (`2019`): its place in the site, `editions/2019/`.
    pub name: String,
    pub guide: Guide,
}

impl Edition {
    /// Where the edition is published, relative to the current edition's root.
    pub fn site_dir(&self) -> String {
        site_dir(&self.name)
    }

    /// How the banner and the changes page name it ("April 2019 edition").
    pub fn label(&self) -> &str {
        self.guide.site.edition.as_deref().unwrap_or(&self.name)
    }
}

/// `editions/<name>/`, relative to the current edition's root.
pub fn site_dir(name: &str) -> String {
    format!("{EDITIONS_DIR}/{name}/")
}

/// The old editions' folders in `guide_root/editions/`, sorted by name.
pub fn discover(guide_root: &Path) -> Result<Vec<PathBuf>> {
    crate::content::subfolders(&guide_root.join(EDITIONS_DIR))
}

/// Every old edition of the guide in `guide_root`: each checked against its
/// `edition.lock`, then loaded like the guide. All problems at once.
pub fn load_all(guide_root: &Path) -> Result<Vec<Edition>> {
    let mut editions = Vec::new();
    let mut errors = Vec::new();
    for dir in discover(guide_root)? {
        match load(&dir) {
            Ok(e) => editions.push(e),
            Err(e) => errors.extend(e),
        }
    }
    Errors::check(errors)?;
    Ok(editions)
}

/// One edition folder: its name must make a clean URL, its files must match
/// the manifest, and it must load and name itself (`edition:` in site.yaml).
pub fn load(dir: &Path) -> Result<Edition> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(Diagnostic::new(
            dir,
            format!("the edition folder `{name}` is not a plain name"),
        )
        .hint("name an edition's folder with lower-case letters, digits and `-` only (such as `2019`): it becomes part of its web address")
        .into());
    }
    // A moved file is reported even if it no longer parses: the lock is the first guard.
    let locked = verify(dir, &name);
    let guide = Guide::load(dir);
    let guide = match (locked, guide) {
        (Ok(()), Ok(g)) => g,
        (l, g) => {
            let mut errors = l.err().map(|e| e.0).unwrap_or_default();
            errors.extend(g.err().map(|e| e.0).unwrap_or_default());
            return Err(Errors(errors));
        }
    };
    if guide.site.edition.is_none() {
        let path = dir.join("site.yaml");
        return Err(
            Diagnostic::new(&path, "an old edition needs `edition:` in its site.yaml")
                .at_line(1)
                .hint("name it as its banner should, such as `edition: April 2019 edition`")
                .into(),
        );
    }
    Ok(Edition { name, guide })
}
