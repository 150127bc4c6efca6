//! Writing the index: one segment, readable by any web-server user.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::{DocKind, SearchDoc, analysis, passage, schema};
use crate::diagnostics::{Diagnostic, Result};

/// tantivy's smallest per-thread indexing budget; the guide is a few
/// hundred kilobytes, far below it, so everything lands in one segment.
const WRITER_MEMORY_BYTES: usize = 15_000_000;

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
    fs::create_dir_all(dir).map_err(|e| Diagnostic::io("create", dir, &e))?;
    let failed = |e: tantivy::TantivyError| {
        Diagnostic::new(
            dir,
            format!("failed to write the search index `{}`: {e}", dir.display()),
        )
    };

    let (schema, fields) = schema::build();
    let index = Index::create_in_dir(dir, schema).map_err(failed)?;
    analysis::register(&index);
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, WRITER_MEMORY_BYTES)
        .map_err(failed)?;
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
    drop(index);

    remove_lock_files(dir)?;
    make_world_readable(dir)
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

/// The memory-mapped directory leaves its (empty) lock files behind; a
/// published site has no use for them.
fn remove_lock_files(dir: &Path) -> Result<()> {
    for name in [".tantivy-writer.lock", ".tantivy-meta.lock"] {
        let path = dir.join(name);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Diagnostic::io("remove", &path, &e).into()),
        }
    }
    Ok(())
}

/// tantivy creates some files with mode 0600; a web server running as
/// another user must be able to read them all.
fn make_world_readable(dir: &Path) -> Result<()> {
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
        .map_err(|e| Diagnostic::io("set permissions on", dir, &e))?;
    let entries = fs::read_dir(dir).map_err(|e| Diagnostic::io("read", dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Diagnostic::io("read", dir, &e))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| Diagnostic::io("read", &path, &e))?;
        if file_type.is_dir() {
            make_world_readable(&path)?;
        } else {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o644))
                .map_err(|e| Diagnostic::io("set permissions on", &path, &e))?;
        }
    }
    Ok(())
}
