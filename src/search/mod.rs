//! Search: a tantivy index built with the site, queried by `search` and
//! `serve`, and exported as a compact static index for the browser runtime.
//!
//! The pipeline hands over `SearchDoc`s; `write_index` writes
//! `public/search/index/`; `export_shards` writes the browser's sharded
//! index; `Searcher` answers queries.
//!
//! Inside: `schema` (fields and boosts), `analysis` (tokenizer, stemmer,
//! stop words, typo distance), `passage` (long bodies split for indexing),
//! `index` (writing), `readonly_dir` (lock-free reading), `plan` (query →
//! stems), `query` (`Searcher`), `rank` (the best URLs without scoring
//! every match), `snippet`, `shards`. The browser runtime
//! `themes/default/static/search.js` mirrors analysis, plan, scoring and
//! snippets; `tests/it/search/js.rs` holds the two together.

mod analysis;
mod index;
mod passage;
mod plan;
mod query;
mod rank;
mod readonly_dir;
mod schema;
mod shards;
mod snippet;

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Result};
use crate::render::OutputFile;

pub use analysis::{name_key, stem};
pub use query::Searcher;

/// The folder of a site that holds its search index (`index/`) and the
/// browser's shards (`shards/`), and nothing else.
pub const SITE_DIR: &str = "search";

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
    /// True when the passage matches every word of the query (a misspelt
    /// word by one of its corrections); these hits come first.
    pub every_word: bool,
}

/// What the machine's other cores are doing while an index is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    /// Rendering and checking pages (a build): the index is one part on one
    /// core while the pages keep the others busy. Parts merged afterwards
    /// would only add work: at 10,000 sections, 4 parts took about 0.4 s
    /// more CPU and 50-100 MB more peak memory for no shorter build
    /// (bench/RESULTS-scale.md, 25 November).
    Pages,
    /// Nothing (the preview's index, built after its pages are served): a
    /// large index is built in parts side by side and merged.
    Nothing,
}

/// The index stage: the tantivy index for `docs` (`search/index/...`) and
/// the browser's sharded static index (`search/shards/`), as files of the
/// site, built in memory, sorted by path. There is no whole-index file: at
/// 10,000 sections it was 89 MB that no page loaded.
pub fn build_index(docs: Vec<SearchDoc>, beside: Beside) -> Result<Vec<OutputFile>> {
    let files = std::sync::Mutex::new(Vec::new());
    build_index_into(docs, beside, &|file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// [`build_index`], handing each file to `put` as soon as it is made
/// (from several threads at once), so a build that writes files as they
/// are ready never holds the whole index: the tantivy index's files go
/// before the static export starts, and each shard once made.
pub fn build_index_into(
    docs: Vec<SearchDoc>,
    beside: Beside,
    put: &(dyn Fn(OutputFile) -> Result<()> + Sync),
) -> Result<()> {
    let dir = &Path::new(SITE_DIR).join("index");
    let parts = match beside {
        Beside::Pages => 1,
        Beside::Nothing => index::part_count(&docs),
    };
    let mut built = index::build(docs, parts, dir)?;
    // Each copied out of the index's memory only as it is handed over.
    for (name, bytes) in std::mem::take(&mut built.files) {
        put(OutputFile {
            path: format!("{SITE_DIR}/index/{name}"),
            bytes: bytes.as_slice().to_vec(),
        })?;
    }
    let open = query::OpenIndex::from_built(built, dir)?;
    export_shards_of(&open, dir, put)
}

/// The sharded static index (`search/shards/*.js`) of an open index, each
/// file handed to `put` as it is made.
fn export_shards_of(
    index: &query::OpenIndex,
    dir: &Path,
    put: &(dyn Fn(OutputFile) -> Result<()> + Sync),
) -> Result<()> {
    // A failure to put a file comes back through the export as its text.
    shards::export_each(index, &|name, text| {
        put(OutputFile {
            path: format!("{SITE_DIR}/{}/{name}", shards::SHARDS_DIR),
            bytes: text.into_bytes(),
        })
        .map_err(|e| e.to_string())
    })
    .map_err(|e| {
        Diagnostic::new(
            dir,
            format!("failed to export the search index `{}`: {e}", dir.display()),
        )
        .into()
    })
}

/// Reads the index in `index_dir` and writes its sharded static index into
/// `out_dir` (`search/shards/` of a site), as `build` does.
pub fn export_shards(index_dir: &Path, out_dir: &Path) -> Result<()> {
    let index = query::OpenIndex::open(index_dir)?;
    std::fs::create_dir_all(out_dir).map_err(|e| Diagnostic::io("create", out_dir, &e))?;
    export_shards_of(&index, index_dir, &|file| {
        let name = file.path.rsplit('/').next().unwrap_or_default();
        let path = out_dir.join(name);
        std::fs::write(&path, &file.bytes).map_err(|e| Diagnostic::io("write", &path, &e).into())
    })
}

/// Writes the tantivy index for `docs` into `dir` (created; must not exist).
pub fn write_index(docs: &[SearchDoc], dir: &Path) -> Result<()> {
    index::write(docs, dir)
}

/// The tests' synthetic passages: a small linear congruential generator,
/// the same numbers for the same seed; `next(n)` is in `0..n`.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    }
}
