//! firstdays: builds the LGA guide into a static site.
//!
//! The pipeline, top to bottom: load → overlay → link → render → index → write.

pub mod diagnostics;
pub mod search;
pub mod serve;

use std::path::PathBuf;

pub use diagnostics::{Diagnostic, Errors, Result};

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The guide's source folder (`guide/`).
    pub guide: PathBuf,
    /// Where the site goes (`public/`); replaced only when the build succeeds.
    pub out: PathBuf,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Validate everything, write nothing.
    pub check_only: bool,
}

/// What a successful build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub glossary_terms: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site (CONTRACT; the pipeline is being written).
pub fn build(_opts: &BuildOptions) -> Result<BuildSummary> {
    todo!("pipeline")
}
