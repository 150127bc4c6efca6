//! Search: a tantivy index built with the site, queried by `search` and
//! `serve`, and exported as a compact static index for the browser runtime.
//!
//! The pipeline hands over `SearchDoc`s; `write_index` writes
//! `public/search/index/`; `export_static` writes the browser's index;
//! `Searcher` answers queries.
//!
//! Inside: `schema` (fields and boosts), `analysis` (tokenizer, stemmer,
//! stop words, typo distance), `passage` (long bodies split for indexing),
//! `index` (writing), `readonly_dir` (lock-free reading), `plan` (query →
//! stems), `query` (`Searcher`), `snippet`, `export`. The browser runtime
//! `themes/default/static/search.js` mirrors analysis, plan, scoring and
//! snippets; `tests/it/search/js.rs` holds the two together.

mod analysis;
mod export;
mod index;
mod passage;
mod plan;
mod query;
mod readonly_dir;
mod schema;
mod snippet;

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Result;
use crate::render::OutputFile;

pub use analysis::{name_key, stem};
pub use query::Searcher;

/// What a search result points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Section,
    Term,
    Checklist,
    Resource,
}

/// One searchable unit, as the pipeline hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// Site-relative URL with anchor, e.g. `people.html` or `getting-organised.html#speak-to-your-employer`.
    pub url: String,
    /// The sub-heading, term, checklist item or resource title.
    pub title: String,
    pub kind: DocKind,
    /// The page it sits on, e.g. "Getting organised" (shown as context in results).
    pub page_title: String,
    /// Plain text, no markup.
    pub body: String,
    /// Boosted exact names: a term's abbreviations and aliases. Empty for other kinds.
    pub keywords: Vec<String>,
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub title: String,
    pub url: String,
    pub kind: DocKind,
    pub page_title: String,
    /// HTML-escaped text with `<mark>` around matched words.
    pub snippet: String,
    pub score: f32,
}

/// The index stage: the tantivy index for `docs` (`search/index/...`) and
/// the browser's static index (`search/index.js`), as files of the site,
/// built in memory.
pub fn build_index(docs: &[SearchDoc]) -> Result<Vec<OutputFile>> {
    let dir = Path::new("search/index");
    let built = index::build(docs, dir)?;
    let js = export::export_open(&query::OpenIndex::from_index(built.index, dir)?, dir)?;
    let mut files: Vec<OutputFile> = built
        .files
        .into_iter()
        .map(|(name, bytes)| OutputFile {
            path: format!("search/index/{name}"),
            bytes,
        })
        .collect();
    files.push(OutputFile {
        path: "search/index.js".into(),
        bytes: js.into_bytes(),
    });
    Ok(files)
}

/// Writes the tantivy index for `docs` into `dir` (created; must not exist).
pub fn write_index(docs: &[SearchDoc], dir: &Path) -> Result<()> {
    index::write(docs, dir)
}

/// Reads the index in `index_dir` and returns the browser's static index, a
/// JavaScript file (`search/index.js`) that sets `window.FIRSTDAYS_SEARCH`.
pub fn export_static(index_dir: &Path) -> Result<String> {
    export::export(index_dir)
}
