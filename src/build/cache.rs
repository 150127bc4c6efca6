//! Work a long-running preview keeps between builds, keyed on everything
//! that work reads, so a cached result is the result a fresh build would
//! give, byte for byte (a test builds both ways after a series of edits).
//!
//! What is cached: each old edition as built for a site (its pages, banners
//! and search index). It is frozen, so an edit to the current guide
//! changes its output only through the anchors of the current site (its
//! banners link to the nearest current page), the site's address, or the
//! theme; all three are in the key, with the edition's whole loaded text.
//!
//! Each section's rendering of its markdown (the link stage), keyed on its
//! own text and place and on the permalinks and glossary it reads
//! (`links::stage::section_key`): a one-section edit renders one section.
//!
//! And each file of the current site as last built (`KeptFile`), by the
//! site's address and the file's path, with what two stages read from its
//! bytes alone: its ids and links (`links::PageLinks`, for the link check),
//! and whether it passed the final check (`script_check`, which reads
//! nothing else but the address). A file whose bytes are unchanged is
//! neither read nor parsed again. The bytes themselves are the key
//! (compared, not hashed: no collision can let a changed page through).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use sha2::{Digest, Sha256};

use super::editions::OldEdition;
use crate::diagnostics::Diagnostic;
use crate::editions::Edition;
use crate::links::{Anchors, PageLinks};
use crate::lint::Kind;
use crate::markdown::Rendered;
use crate::render::OutputFile;

/// Shared by the builds of one preview (`BuildOptions::cache`).
#[derive(Default)]
pub struct BuildCache {
    editions: Mutex<HashMap<[u8; 32], OldEdition>>,
    hits: AtomicUsize,
    files: RwLock<KeptFiles>,
    renderings: Mutex<KeptRenderings>,
    lints: Mutex<KeptLints>,
}

/// Each text's own lints, by its file and kind, with the text and first
/// line they were found in.
type KeptLints = HashMap<(PathBuf, Kind), (String, usize, Vec<Diagnostic>)>;

/// The files of each site, by the site's address (a council's differs
/// from the base's), then by path.
type KeptFiles = HashMap<String, HashMap<String, KeptFile>>;

/// A file as last built, and what was read from these very bytes.
struct KeptFile {
    bytes: Vec<u8>,
    /// Its ids and links, once the link check has read them.
    links: Option<Arc<PageLinks>>,
    /// Whether it passed the final check.
    passed_check: bool,
}

impl KeptFile {
    /// The entry for `bytes`: this one if its bytes are the same, else a
    /// fresh one, since nothing read from other bytes holds.
    fn of<'a>(site: &'a mut HashMap<String, KeptFile>, file: &OutputFile) -> &'a mut KeptFile {
        let fresh = || KeptFile {
            bytes: file.bytes.clone(),
            links: None,
            passed_check: false,
        };
        let kept = site.entry(file.path.clone()).or_insert_with(fresh);
        if kept.bytes != file.bytes {
            *kept = fresh();
        }
        kept
    }
}

/// Sections' renderings, and the keys the latest link used (the others are
/// dropped after it, so an edit of the glossary does not pile them up).
#[derive(Default)]
struct KeptRenderings {
    kept: HashMap<[u8; 32], Rendered>,
    used: std::collections::HashSet<[u8; 32]>,
}

impl crate::links::Renderings for BuildCache {
    fn get(&self, key: &[u8; 32]) -> Option<Rendered> {
        let mut r = self.renderings.lock().unwrap_or_else(|e| e.into_inner());
        let found = r.kept.get(key).cloned()?;
        r.used.insert(*key);
        Some(found)
    }

    fn put(&self, key: [u8; 32], rendered: &Rendered) {
        let mut r = self.renderings.lock().unwrap_or_else(|e| e.into_inner());
        r.kept.insert(key, rendered.clone());
        r.used.insert(key);
    }
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BuildCache {{ hits: {} }}", self.hits())
    }
}

impl BuildCache {
    /// How many times cached work was used instead of done again.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// The old edition built from these inputs before, or `make`'s result,
    /// kept for next time.
    pub(super) fn edition(
        &self,
        key: [u8; 32],
        make: impl FnOnce() -> crate::Result<OldEdition>,
    ) -> crate::Result<OldEdition> {
        if let Some(found) = self.lock().get(&key) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(found.clone());
        }
        let made = make()?;
        let mut kept = self.lock();
        // Only the latest inputs are worth keeping: a preview edits forward.
        kept.retain(|_, e| e.dir != made.dir);
        kept.insert(key, made.clone());
        Ok(made)
    }

    /// Whether `file` passed the final check in an earlier build of a site
    /// at `base_url`, with these very bytes.
    pub(super) fn passed_check(&self, file: &OutputFile, base_url: &str) -> bool {
        self.kept(file, base_url, |k| k.passed_check)
    }

    /// Keeps the files of a site that has just passed the final check (a
    /// copy only of those that changed), and forgets the files it no
    /// longer has.
    pub(super) fn remember_checked(&self, files: &[OutputFile], base_url: &str) {
        let mut kept = self.files.write().unwrap_or_else(|e| e.into_inner());
        let site = kept.entry(base_url.to_string()).or_default();
        let paths: std::collections::HashSet<&str> =
            files.iter().map(|f| f.path.as_str()).collect();
        site.retain(|path, _| paths.contains(path.as_str()));
        for file in files {
            KeptFile::of(site, file).passed_check = true;
        }
    }

    /// `file`'s ids and links, read again only if its bytes changed since
    /// an earlier build of the site at `base_url`.
    pub(super) fn page_links(&self, file: &OutputFile, base_url: &str) -> Arc<PageLinks> {
        if let Some(links) = self.kept(file, base_url, |k| k.links.clone()) {
            return links;
        }
        let links = super::check::read_links(file);
        let mut kept = self.files.write().unwrap_or_else(|e| e.into_inner());
        let site = kept.entry(base_url.to_string()).or_default();
        KeptFile::of(site, file).links = Some(Arc::clone(&links));
        links
    }

    /// What `read` finds in the kept entry of `file`, if it was kept with
    /// these very bytes.
    fn kept<T: Default>(
        &self,
        file: &OutputFile,
        base_url: &str,
        read: impl Fn(&KeptFile) -> T,
    ) -> T {
        let kept = self.files.read().unwrap_or_else(|e| e.into_inner());
        kept.get(base_url)
            .and_then(|site| site.get(&file.path))
            .filter(|k| k.bytes == file.bytes)
            .map(read)
            .unwrap_or_default()
    }

    /// The lints of one section's or term's own text, found again only if
    /// its text, first line or file changed since an earlier build.
    pub(super) fn body_lints(
        &self,
        file: &Path,
        markdown: &str,
        first_line: usize,
        kind: Kind,
    ) -> Vec<Diagnostic> {
        let key = (file.to_path_buf(), kind);
        {
            let kept = self.lints.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((text, line, found)) = kept.get(&key)
                && text == markdown
                && *line == first_line
            {
                return found.clone();
            }
        }
        let found = crate::lint::body_lints(file, markdown, first_line, kind);
        let mut kept = self.lints.lock().unwrap_or_else(|e| e.into_inner());
        kept.insert(key, (markdown.to_string(), first_line, found.clone()));
        found
    }

    /// Drops the renderings the latest link did not use.
    pub(super) fn prune_renderings(&self) {
        let mut r = self.renderings.lock().unwrap_or_else(|e| e.into_inner());
        let used = std::mem::take(&mut r.used);
        r.kept.retain(|key, _| used.contains(key));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], OldEdition>> {
        self.editions.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Everything `editions::prepare` reads: the edition as loaded, the site's
/// address, the current site's anchors, the theme folders and every file
/// in them, and whether a search index is built.
pub(super) fn edition_key(
    edition: &Edition,
    base_url: &str,
    current: &Anchors,
    theme_dirs: &[PathBuf],
    index: bool,
) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut part = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part(edition.name.as_bytes());
    part(format!("{:?}", edition.guide).as_bytes());
    part(base_url.as_bytes());
    part(format!("{current:?}").as_bytes());
    part(&[u8::from(index)]);
    for dir in theme_dirs {
        part(dir.as_os_str().as_encoded_bytes());
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                part(entry.path().as_os_str().as_encoded_bytes());
                part(&std::fs::read(entry.path()).unwrap_or_default());
            }
        }
    }
    h.finalize().into()
}
