//! Building the index: one segment, in memory, then written out as plain
//! files with the rest of the site.
//!
//! Why in memory: tantivy's own folder directory syncs every file and the
//! folder to disk as it commits (a dozen fsyncs per index), which is most
//! of a small site's build time and all of it when 150 councils each build
//! one; the site is swapped in as a whole once written, so per-file
//! durability buys nothing.

use std::fs;
use std::path::Path;

use tantivy::directory::{Directory, RamDirectory};
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument};

use super::{DocKind, SearchDoc, analysis, passage, schema};
use crate::diagnostics::{Diagnostic, Result};

/// tantivy's smallest per-thread indexing budget; the guide is a few
/// hundred kilobytes, far below it, so everything lands in one segment.
const WRITER_MEMORY_BYTES: usize = 15_000_000;

/// Bytes of budget per byte of text indexed: above it, tantivy flushes a
/// segment and the build has to merge. The text is indexed twice (`body`
/// and `words`), with positions.
const WRITER_MEMORY_PER_TEXT_BYTE: usize = 8;

/// tantivy refuses a per-thread budget at or above 4 GB; far more than any
/// guide needs.
const WRITER_MEMORY_MAX_BYTES: usize = 1_000_000_000;

/// An index built in memory: its files (names as tantivy gave them) and
/// the index itself, open for the static export.
pub(crate) struct Built {
    pub index: Index,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Indexes `docs` in memory; `dir` is where the index will be written (for messages).
pub(crate) fn build(docs: &[SearchDoc], dir: &Path) -> Result<Built> {
    let failed = |e: tantivy::TantivyError| {
        Diagnostic::new(
            dir,
            format!("failed to write the search index `{}`: {e}", dir.display()),
        )
    };

    let (schema, fields) = schema::build();
    let ram = RamDirectory::create();
    let settings = IndexSettings {
        // One small segment: a thread of its own to compress it costs more than it saves.
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let index = Index::create(ram.clone(), schema, settings).map_err(failed)?;
    analysis::register(&index);
    let text: usize = docs.iter().map(|d| d.body.len() + d.title.len()).sum();
    let budget =
        (WRITER_MEMORY_BYTES + text * WRITER_MEMORY_PER_TEXT_BYTE).min(WRITER_MEMORY_MAX_BYTES);
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, budget).map_err(failed)?;
    // We merge explicitly below; no background merges racing the commit.
    writer.set_merge_policy(Box::new(NoMergePolicy));

    for doc in docs {
        for passage in passage::passages(&doc.body) {
            let mut d = TantivyDocument::default();
            d.add_text(fields.title, &doc.title);
            for keyword in &doc.keywords {
                d.add_text(fields.keywords, keyword);
            }
            d.add_text(fields.body, &passage);
            d.add_text(fields.exact, &doc.title);
            d.add_text(fields.exact, &passage);
            if doc.kind == DocKind::Term {
                for name in std::iter::once(&doc.title).chain(&doc.keywords) {
                    let key = analysis::name_key(name);
                    if !key.is_empty() {
                        d.add_text(fields.names, key);
                    }
                }
            }
            d.add_text(fields.words, &doc.title);
            for keyword in &doc.keywords {
                d.add_text(fields.words, keyword);
            }
            d.add_text(fields.words, &passage);
            d.add_text(fields.url, &doc.url);
            d.add_text(fields.kind, kind_name(doc.kind));
            d.add_text(fields.page_title, &doc.page_title);
            writer.add_document(d).map_err(failed)?;
        }
    }
    writer.commit().map_err(failed)?;

    let segments = index.searchable_segment_ids().map_err(failed)?;
    if segments.len() > 1 {
        writer.merge(&segments).wait().map_err(failed)?;
    }
    writer.garbage_collect_files().wait().map_err(failed)?;
    writer.wait_merging_threads().map_err(failed)?;

    // What is left after garbage collection: `.managed.json` lists every
    // file tantivy still uses, `meta.json` among them.
    let managed = ".managed.json";
    let list = ram
        .atomic_read(Path::new(managed))
        .map_err(|e| failed(e.into()))?;
    let names: Vec<String> = serde_json::from_slice(&list)
        .map_err(|e| Diagnostic::new(dir, format!("failed to write the search index: {e}")))?;
    let mut files = vec![(managed.to_string(), list)];
    for name in names {
        let file = ram
            .open_read(Path::new(&name))
            .map_err(|e| failed(e.into()))?;
        let bytes = file.read_bytes().map_err(|e| failed(e.into()))?;
        files.push((name, bytes.as_slice().to_vec()));
    }
    files.sort();
    Ok(Built { index, files })
}

/// Writes the index for `docs` into `dir` (created; must not exist).
pub(crate) fn write(docs: &[SearchDoc], dir: &Path) -> Result<()> {
    if dir.exists() {
        return Err(Diagnostic::new(
            dir,
            format!(
                "cannot write the search index: `{}` already exists",
                dir.display()
            ),
        )
        .hint("the build writes the index into a fresh output folder")
        .into());
    }
    let built = build(docs, dir)?;
    fs::create_dir_all(dir).map_err(|e| Diagnostic::io("create", dir, &e))?;
    for (name, bytes) in &built.files {
        let path = dir.join(name);
        fs::write(&path, bytes).map_err(|e| Diagnostic::io("write", &path, &e))?;
    }
    Ok(())
}

pub(crate) fn kind_name(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Section => "section",
        DocKind::Term => "term",
        DocKind::Checklist => "checklist",
        DocKind::Resource => "resource",
    }
}

pub(crate) fn kind_from_name(name: &str) -> Option<DocKind> {
    Some(match name {
        "section" => DocKind::Section,
        "term" => DocKind::Term,
        "checklist" => DocKind::Checklist,
        "resource" => DocKind::Resource,
        _ => return None,
    })
}
