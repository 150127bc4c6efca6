//! Council overlays: base guide + council folder → localised guide, like an
//! mdBook preprocessor. A council folder (`guide/councils/<slug>/` or any
//! path) holds `council.yaml` and markdown mirroring the base's layout:
//!
//! - `sections/<slug>.md` (or `<slug>.md`): replaces the base section with
//!   that slug, or adds a new one;
//! - `glossary/<slug>.md`: replaces or adds a glossary term;
//! - `patches/*.md`: replaces, appends to, prepends to, or inserts a new
//!   sub-section after, one sub-section of a base section;
//! - `remove:` in `council.yaml`: sections and terms left out;
//! - `templates/`, `static/`: theme files above the theme and the built-in one.
//!
//! The stage, in order: load the folder (`folder`), match it against the
//! base (`plan`), apply (`localise`: patches, replacements, the council's
//! words, branding), and check what the base changed since each change was
//! pinned (`staleness`).

mod colours;
mod config;
mod folder;
mod localise;
mod patch;
mod plan;
mod references;
mod report;
mod sanitise;
mod staleness;
mod subsections;
mod terminology;
mod validate;

use std::path::PathBuf;

pub use config::is_slug as is_council_slug;
pub use folder::{Council, find, list};
pub use localise::localise;
pub use report::{Report, report};

use crate::content::Guide;
use crate::diagnostics::Result;

/// `council pin`: records in each replacement and patch the hash of the
/// base text it now matches, and keeps a copy in `.pins/`. Returns the
/// council files whose `base_hash` changed.
pub fn pin(base: &Guide, council: &Council) -> Result<Vec<PathBuf>> {
    let plan = plan::plan(base, council)?;
    let pinned = staleness::pinned(&plan);
    staleness::pin(council, &pinned)
}
