//! Old editions inside a site: each is built by the same pipeline into
//! `editions/<name>/`, with a banner and a canonical link on every page to
//! the nearest page of the site it is published in, and a search index of
//! its own. See `crate::editions` for what an edition is and what changed.

use std::path::{Path, PathBuf};

use super::{check, search_docs};
use crate::diagnostics::Result;
use crate::editions::{Edition, banner};
use crate::links::{Anchors, Linked};
use crate::overlay::Council;
use crate::render::{self, OutputFile, Theme};
use crate::{output, script_check, search};

/// An old edition built for one site (its banners point at that site's pages).
#[derive(Clone)]
pub(super) struct OldEdition {
    /// `editions/2019/`, relative to the site's root.
    pub(super) dir: String,
    /// Its pages and its search index (none when only checking).
    files: Vec<OutputFile>,
    /// The ids on each of its pages, read once for its own link check.
    anchors: Anchors,
}

/// The old editions a site publishes: all of them, unless the council's
/// `council.yaml` says `editions: false`.
pub(super) fn published_by<'a>(
    editions: &'a [Edition],
    council: Option<&Council>,
) -> &'a [Edition] {
    match council {
        Some(c) if !c.config.config.editions => &[],
        _ => editions,
    }
}

/// One old edition as the LGA published it (the same theme, never a
/// council's words or branding), with a banner and canonical link on every
/// page to the nearest page of `current` (the site it is published in),
/// and its own search index when `index`.
pub(super) fn prepare(
    edition: &Edition,
    linked: &Linked,
    base_url: &str,
    current: &Anchors,
    theme_dirs: &[PathBuf],
    index: bool,
) -> Result<OldEdition> {
    let (pages, index) = rayon::join(
        || prepare_pages(edition, linked, base_url, current, theme_dirs),
        || build_index(Some(linked), index),
    );
    let mut edition = pages?;
    edition.add_index(index?);
    Ok(edition)
}

/// [`prepare`] without the search index: the edition's pages, checked.
pub(super) fn prepare_pages(
    edition: &Edition,
    linked: &Linked,
    base_url: &str,
    current: &Anchors,
    theme_dirs: &[PathBuf],
) -> Result<OldEdition> {
    let dir = edition.site_dir();
    let mut site = linked.guide.site.clone();
    site.base_url = format!("{base_url}{dir}");
    let theme = Theme::new(theme_dirs.iter().cloned());
    let up = banner::up_from(&dir);
    let marks = render::EditionMarks {
        banner: Some(banner::BannerSpec {
            label: edition.label().to_string(),
            up: up.clone(),
            base_url: base_url.to_string(),
            current: current.clone(),
        }),
        changes: None,
    };
    let files = render::render_site(linked, &site, &theme, &marks)?;
    let pages = check::pages(&files, &check::read_links);
    let produced = files.iter().map(|f| f.path.as_str());
    check::check_links(
        linked,
        produced,
        &pages,
        &theme,
        &prefixed(&up, current),
        &[],
    )?;
    script_check::check_site(
        &files,
        &site.base_url,
        |_| format!("the edition in `{}`", edition.guide.root.display()),
        |_| false,
    )?;
    Ok(OldEdition {
        dir,
        files,
        anchors: check::anchors(&pages),
    })
}

/// An old edition's search index when `index`. It needs only the
/// edition's linked content, not the site it is published in, so a build
/// can make it while that site's pages are rendered. None without linked
/// content (an edition that failed to link: that error is reported with
/// its pages).
pub(super) fn build_index(linked: Option<&Linked>, index: bool) -> Result<Vec<OutputFile>> {
    match (linked, index) {
        (Some(linked), true) => search::build_index(search_docs(linked), search::Beside::Pages),
        _ => Ok(Vec::new()),
    }
}

impl OldEdition {
    /// Adds the edition's search index (from [`build_index`]) to its files.
    pub(super) fn add_index(&mut self, files: Vec<OutputFile>) {
        self.files.extend(files);
    }
}

/// The pages of a site's old editions, by their paths from the site's root.
pub(super) fn anchors_of(old: &[OldEdition]) -> Anchors {
    old.iter()
        .flat_map(|e| prefixed(&e.dir, &e.anchors))
        .collect()
}

/// Pages of another site, as seen from this one (`../../people.html`).
fn prefixed(prefix: &str, anchors: &Anchors) -> Anchors {
    anchors
        .iter()
        .map(|(page, ids)| (format!("{prefix}{page}"), ids.clone()))
        .collect()
}

/// Each old edition as a nested site: its folder and its files, as
/// [`write_all`] writes them (without links to another site's).
pub(super) fn nested(old: &[OldEdition]) -> Vec<(&str, &[OutputFile])> {
    old.iter()
        .map(|e| (e.dir.as_str(), e.files.as_slice()))
        .collect()
}

/// A site's old editions (pages and search indexes), each into its own
/// folder under `dir`, the site's root. With `beside` (the base's editions
/// and the base's root), a council's files that are the same as the base's
/// edition's are hard links to them.
pub(super) fn write_all(
    old: &[OldEdition],
    dir: &Path,
    beside: Option<(&[OldEdition], &Path)>,
) -> Result<()> {
    use rayon::prelude::*;
    old.par_iter().try_for_each(|e| {
        let root = dir.join(&e.dir);
        let same = beside.and_then(|(base, base_root)| {
            base.iter()
                .find(|b| b.dir == e.dir)
                .map(|b| output::Written::new(&base_root.join(&b.dir), &b.files))
        });
        match same {
            Some(written) => output::write_nested_site_beside(&root, &e.files, &written),
            None => output::write_nested_site(&root, &e.files),
        }
    })
}
