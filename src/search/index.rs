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

use tantivy::directory::{Directory, OwnedBytes, RamDirectory};
use tantivy::{Index, IndexSettings, TantivyDocument};

use super::{DocKind, SearchDoc, analysis, passage, schema};
use crate::diagnostics::{Diagnostic, Result};

/// The memory budget a part's writer is given per byte of its text. The
/// single-segment writer never flushes, so the budget only sizes its table
/// of terms (a third of it, zeroed up front, up to 4 MB): tantivy's
/// smallest budget for its threaded writer, 15 MB, gave every index that
/// largest table, a fixed cost each of 151 council copies paid.
const WRITER_MEMORY_PER_TEXT_BYTE: usize = 8;

/// The smallest budget tantivy takes (a table of 4,096 terms, which grows
/// as needed).
const WRITER_MEMORY_MIN_BYTES: usize = 100_000;

/// An index built in memory: its files (names as tantivy gave them) and
/// the index itself, open for the static export.
pub(crate) struct Built {
    pub index: Index,
    /// Each file's bytes as the index's memory holds them (not a copy: at
    /// 10,000 sections they are some 45 MB).
    pub files: Vec<(String, OwnedBytes)>,
    /// Every passage as the index stores it, in index order (document `i`
    /// is `passages[i]`): the static export's stored text, without reading
    /// and decompressing it back out of the index.
    pub passages: Vec<SearchDoc>,
}

/// Indexes `docs` in memory, in at most `parts` parts built in parallel
/// and merged in order (see [`part_count`]; 1: no merge); `dir` is where
/// the index will be written (for messages). `docs` are consumed as they
/// are indexed: each one's text is let go once cut into passages, so the
/// text is not held twice.
pub(crate) fn build(docs: Vec<SearchDoc>, parts: usize, dir: &Path) -> Result<Built> {
    build_in_parts(owned_parts(docs, parts.max(1)), dir)
}

/// Indexes the given parts (consecutive runs of the documents, in order),
/// each in its own writer on a rayon thread, then merges them in that
/// order into one segment.
///
/// Why not tantivy's own multi-threaded writer: it hands documents to its
/// threads as they come free, so which segment a passage lands in, and
/// with it the merged document order, the shards and every search
/// answer's tie-break, would change from run to run. Parts fixed by the
/// input, merged in their order, give the same document numbers as one
/// writer: doc `i` is the `i`-th passage.
fn build_in_parts(mut parts: Vec<Vec<SearchDoc>>, dir: &Path) -> Result<Built> {
    use rayon::prelude::*;

    let failed = |e: tantivy::TantivyError| {
        Diagnostic::new(
            dir,
            format!("failed to write the search index `{}`: {e}", dir.display()),
        )
    };
    let (ram, index, passages) = match parts.len() {
        0 | 1 => index_part(parts.pop().unwrap_or_default()).map_err(failed)?,
        _ => {
            let built = parts
                .into_par_iter()
                .map(|part| index_part(part).map(|(_, index, passages)| (index, passages)))
                .collect::<tantivy::Result<Vec<(Index, Vec<SearchDoc>)>>>()
                .map_err(failed)?;
            let (built, passages): (Vec<Index>, Vec<Vec<SearchDoc>>) = built.into_iter().unzip();
            let ram = RamDirectory::create();
            let index = tantivy::indexer::merge_indices(&built, ram.clone()).map_err(failed)?;
            (ram, index, passages.concat())
        }
    };

    // `.managed.json` lists every file of the index, `meta.json` among
    // them: the one segment a part's writer wrote (one part), or the
    // merge's segment alone (several).
    let managed = ".managed.json";
    let list = ram
        .atomic_read(Path::new(managed))
        .map_err(|e| failed(e.into()))?;
    let unreadable = |e: serde_json::Error| {
        Diagnostic::new(dir, format!("failed to write the search index: {e}"))
    };
    let mut names: Vec<String> = serde_json::from_slice(&list).map_err(unreadable)?;
    // tantivy writes the list from a hash set, in a different order each
    // run; sorted, it is the same bytes for the same index.
    names.sort();
    let mut list = serde_json::to_vec(&names).map_err(unreadable)?;
    list.push(b'\n');
    let mut files = vec![(managed.to_string(), OwnedBytes::new(list))];
    for name in names {
        let file = ram
            .open_read(Path::new(&name))
            .map_err(|e| failed(e.into()))?;
        let bytes = file.read_bytes().map_err(|e| failed(e.into()))?;
        files.push((name, bytes));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Built {
        index,
        files,
        passages,
    })
}

/// Text (bytes of bodies and titles) per part, when an index is built with
/// nothing beside it (`Beside::Nothing`; a build renders pages beside its
/// index and uses one part). The merge costs CPU: 4 parts of 1 MB cost
/// about 15 % more index CPU at 1,000 sections (3.9 MB of text), but 3 %
/// at 10,000 sections (38 MB), where the index alone took 3.7-4.7 s in 4
/// parts against 5.5-6.8 s whole (load 6.5). So the guide (0.2 MB), a
/// council's copy and 1,000 sections stay whole and pay no merge.
const PART_TEXT_BYTES: usize = 8_000_000;

/// The most parts: enough to keep 2 cores busy when nothing else runs,
/// few enough that the merge stays cheap.
const MAX_PARTS: usize = 4;

/// How many parts `docs` are indexed in: fixed by the text's size alone
/// (never by the machine's cores), so the same input always gives the
/// same index.
pub(crate) fn part_count(docs: &[SearchDoc]) -> usize {
    let text: usize = docs.iter().map(text_bytes).sum();
    text.div_ceil(PART_TEXT_BYTES).clamp(1, MAX_PARTS)
}

/// `docs` cut as [`split`] cuts them, each part owned.
fn owned_parts(mut docs: Vec<SearchDoc>, count: usize) -> Vec<Vec<SearchDoc>> {
    let lengths: Vec<usize> = split(&docs, count).iter().map(|p| p.len()).collect();
    let mut parts: Vec<Vec<SearchDoc>> = lengths
        .iter()
        .rev()
        .map(|len| docs.split_off(docs.len() - len))
        .collect();
    parts.reverse();
    parts
}

/// `docs` cut into at most `count` consecutive runs of about `total / count`
/// bytes of text each.
fn split(docs: &[SearchDoc], count: usize) -> Vec<&[SearchDoc]> {
    let total: usize = docs.iter().map(text_bytes).sum();
    let mut parts = Vec::with_capacity(count);
    let mut start = 0;
    let mut filled = 0;
    for (i, doc) in docs.iter().enumerate() {
        filled += text_bytes(doc);
        // Close part `k` once the text so far reaches `k / count` of the whole.
        if parts.len() + 1 < count && filled * count >= total * (parts.len() + 1) {
            parts.push(&docs[start..=i]);
            start = i + 1;
        }
    }
    if start < docs.len() || parts.is_empty() {
        parts.push(&docs[start..]);
    }
    parts
}

fn text_bytes(doc: &SearchDoc) -> usize {
    doc.body.len() + doc.title.len()
}

/// One part's index: every passage of `docs`, in order, in one segment of
/// a fresh `RamDirectory`; and those passages.
///
/// tantivy's single-segment writer adds the passages in order on this
/// thread and writes one segment: no indexing, merging or committing
/// threads to start, no commit, no merge, no garbage collection, and a
/// table of terms sized to the text. For the guide and each council copy
/// those fixed costs were much of the index's: `--all-councils` took 22 %
/// less time without them, the guide 10 ms less (bench/RESULTS-scale.md).
/// tantivy marks the writer "dragons ahead" (`doc(hidden)`): it expects an
/// empty directory, which a fresh `RamDirectory` is, and runs no garbage
/// collection, which nothing here needs. Its API may change in a minor
/// version; the tests build, merge and export indexes through it.
fn index_part(docs: Vec<SearchDoc>) -> tantivy::Result<(RamDirectory, Index, Vec<SearchDoc>)> {
    let (schema, fields) = schema::build();
    let ram = RamDirectory::create();
    let settings = IndexSettings {
        // One small segment: a thread of its own to compress it costs more than it saves.
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let text: usize = docs.iter().map(text_bytes).sum();
    let budget = (text * WRITER_MEMORY_PER_TEXT_BYTE).max(WRITER_MEMORY_MIN_BYTES);
    let mut writer = Index::builder()
        .schema(schema)
        .settings(settings)
        .tokenizers(analysis::tokenizers())
        .single_segment_index_writer::<TantivyDocument>(ram.clone(), budget)?;

    let mut passages = Vec::new();
    for doc in docs {
        for passage in passage::passages(&doc.body) {
            writer.add_document(tantivy_doc(&fields, &doc, &passage))?;
            passages.push(SearchDoc {
                url: doc.url.clone(),
                title: doc.title.clone(),
                kind: doc.kind,
                page_title: doc.page_title.clone(),
                body: passage,
                keywords: doc.keywords.clone(),
            });
        }
    }
    let index = writer.finalize()?;
    Ok((ram, index, passages))
}

/// The document tantivy indexes for one passage of `doc`.
fn tantivy_doc(fields: &schema::Fields, doc: &SearchDoc, passage: &str) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(fields.title, &doc.title);
    for keyword in &doc.keywords {
        d.add_text(fields.keywords, keyword);
    }
    d.add_text(fields.body, passage);
    d.add_text(fields.exact, &doc.title);
    d.add_text(fields.exact, passage);
    if doc.kind == DocKind::Term {
        for name in std::iter::once(&doc.title).chain(&doc.keywords) {
            let key = analysis::name_key(name);
            if !key.is_empty() {
                d.add_text(fields.names, key);
            }
        }
    }
    d.add_text(fields.url, &doc.url);
    d.add_text(fields.kind, kind_name(doc.kind));
    d.add_text(fields.page_title, &doc.page_title);
    d
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
    let built = build(docs.to_vec(), part_count(docs), dir)?;
    fs::create_dir_all(dir).map_err(|e| Diagnostic::io("create", dir, &e))?;
    for (name, bytes) in &built.files {
        let path = dir.join(name);
        fs::write(&path, bytes.as_slice()).map_err(|e| Diagnostic::io("write", &path, &e))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{query::OpenIndex, shards};

    /// `n` documents of a few hundred bytes, some of several passages,
    /// every kind, keywords on the terms.
    fn docs(n: usize) -> Vec<SearchDoc> {
        let words = [
            "care", "council", "children", "school", "budget", "plan", "young", "people", "social",
            "worker", "meeting", "report", "service", "local", "the", "and",
        ];
        let mut next = crate::search::test_rng(11);
        (0..n)
            .map(|i| {
                let kind = [DocKind::Section, DocKind::Term, DocKind::Checklist][i % 3];
                let sentences: Vec<String> = (0..1 + next(8))
                    .map(|_| {
                        let sentence: Vec<&str> = (0..3 + next(20))
                            .map(|_| words[next(words.len())])
                            .collect();
                        format!("{}.", sentence.join(" "))
                    })
                    .collect();
                SearchDoc {
                    url: format!("page-{}.html#part-{i}", i / 4),
                    title: format!("{} {i}", words[next(words.len())]),
                    kind,
                    page_title: format!("Page {}", i / 4),
                    body: sentences.join(" "),
                    keywords: match kind {
                        DocKind::Term => vec![format!("K{i}"), words[next(words.len())].into()],
                        _ => Vec::new(),
                    },
                }
            })
            .collect()
    }

    fn exported(docs: &[SearchDoc], parts: usize) -> Vec<(String, String)> {
        let dir = Path::new("search/index");
        let built = build_in_parts(owned_parts(docs.to_vec(), parts), dir).unwrap();
        let open = OpenIndex::from_index(built.index, dir).unwrap();
        shards::export(&open).unwrap()
    }

    #[test]
    fn the_passages_kept_from_the_build_are_what_the_index_stores() {
        let docs = docs(200);
        let dir = Path::new("search/index");
        for parts in [1, 3] {
            let read_back = exported(&docs, parts);
            let built = build_in_parts(owned_parts(docs.clone(), parts), dir).unwrap();
            let kept = shards::export(&OpenIndex::from_built(built, dir).unwrap()).unwrap();
            assert!(kept == read_back, "{parts} parts: the exports differ");
        }
    }

    #[test]
    fn a_part_with_more_terms_than_its_first_table_holds_indexes_them_all() {
        // 20,000 distinct words in about 170 KB of text: the writer's table
        // of terms starts at 2^15 entries (a third of the 1.4 MB budget, 8
        // bytes an entry), and each word is a term of `body` and `exact` at
        // least, so the table has to grow.
        let words: Vec<String> = (0..20_000).map(|i| format!("zq{i:x}qx")).collect();
        let docs: Vec<SearchDoc> = words
            .chunks(50)
            .enumerate()
            .map(|(i, chunk)| SearchDoc {
                url: format!("page-{i}.html"),
                title: format!("Page {i}"),
                kind: DocKind::Section,
                page_title: format!("Page {i}"),
                body: format!("{}.", chunk.join(" ")),
                keywords: Vec::new(),
            })
            .collect();
        let parts = part_count(&docs);
        let built = build(docs, parts, Path::new("search/index")).unwrap();
        let (_, fields) = schema::build();
        let searcher = built.index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        let segment = &searcher.segment_readers()[0];
        for field in [fields.body, fields.exact] {
            let inverted = segment.inverted_index(field).unwrap();
            let indexed = words
                .iter()
                .filter(|w| inverted.terms().get(w.as_bytes()).unwrap().is_some())
                .count();
            assert_eq!(indexed, words.len());
        }
    }

    #[test]
    fn parts_are_consecutive_runs_of_about_equal_text() {
        let docs = docs(300);
        for count in [1, 2, 3, 4] {
            let parts = split(&docs, count);
            assert_eq!(parts.len(), count);
            // Consecutive and whole: the parts put together are `docs`.
            let joined: Vec<&SearchDoc> = parts.iter().flat_map(|p| p.iter()).collect();
            assert!(joined.iter().copied().eq(docs.iter()));
            let total: usize = docs.iter().map(text_bytes).sum();
            for part in &parts {
                let text: usize = part.iter().map(text_bytes).sum();
                assert!(
                    text.abs_diff(total / count) < total / 20,
                    "{text} of {total}"
                );
            }
        }
        assert_eq!(split(&docs[..1], 4).len(), 1);
        assert_eq!(split(&[], 3).len(), 1);
    }

    #[test]
    fn the_number_of_parts_depends_on_the_text_alone() {
        let small = docs(50);
        assert_eq!(part_count(&small), 1, "a small index pays no merge");
        let mut large = docs(300);
        while large.iter().map(text_bytes).sum::<usize>() < PART_TEXT_BYTES * (MAX_PARTS + 1) {
            large.extend_from_within(..300);
        }
        assert_eq!(part_count(&large), MAX_PARTS);
    }

    #[test]
    fn an_index_built_in_parts_exports_the_same_shards_as_one_built_whole() {
        let docs = docs(600);
        let whole = exported(&docs, 1);
        for parts in [2, 3] {
            let merged = exported(&docs, parts);
            assert_eq!(whole.len(), merged.len());
            for (a, b) in whole.iter().zip(&merged) {
                assert!(a == b, "{} differs when built in {parts} parts", a.0);
            }
        }
    }

    #[test]
    fn an_index_built_in_parts_is_the_same_bytes_twice_but_for_segment_names() {
        // tantivy names segments (and the merge's note in `meta.json`) by
        // random ids; everything else must not depend on the run.
        let docs = docs(600);
        let dir = Path::new("search/index");
        let id = regex::bytes::Regex::new(
            "[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}",
        )
        .unwrap();
        let files = || -> Vec<(Vec<u8>, Vec<u8>)> {
            let built = build_in_parts(owned_parts(docs.clone(), 3), dir).unwrap();
            built
                .files
                .into_iter()
                .map(|(name, bytes)| {
                    let name = id.replace_all(name.as_bytes(), &b"ID"[..]).into_owned();
                    (
                        name,
                        id.replace_all(bytes.as_slice(), &b"ID"[..]).into_owned(),
                    )
                })
                .collect()
        };
        let (a, b) = (files(), files());
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.0, y.0);
            assert!(
                x.1 == y.1,
                "{} differs between two builds",
                String::from_utf8_lossy(&x.0)
            );
        }
    }
}
