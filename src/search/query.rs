//! Answering queries from a built site's index.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Index, ReloadPolicy, TERMINATED, TantivyDocument, Term};

use super::index::kind_from_name;
use super::plan::{self, VocabularyWord};
use super::readonly_dir::ReadOnlyDirectory;
use super::schema::{Fields, Match};
use super::{Hit, SearchDoc, analysis, snippet};
use crate::diagnostics::{Diagnostic, Result};

const BUILD_HINT: &str = "run `cargo run -- build` first";

/// An opened index, read-only; shared by `Searcher` and the static export.
pub(crate) struct OpenIndex {
    pub dir: PathBuf,
    pub searcher: tantivy::Searcher,
    pub fields: Fields,
    /// Stored fields by segment, then doc id.
    pub docs: Vec<Vec<SearchDoc>>,
    /// The unstemmed vocabulary in index order.
    pub vocabulary: Vec<VocabularyWord>,
    /// Every stem of a scored field.
    pub stems: HashSet<String>,
}

impl OpenIndex {
    /// Opens `dir` without writing to it or locking it; checks every file's
    /// checksum and loads stored fields and the vocabulary, so a damaged
    /// index fails here and never at the first query.
    pub fn open(dir: &Path) -> Result<OpenIndex> {
        if !dir.join("meta.json").is_file() {
            return Err(
                Diagnostic::new(dir, format!("no search index in `{}`", dir.display()))
                    .hint(BUILD_HINT)
                    .into(),
            );
        }
        let corrupt = |what: String| {
            Diagnostic::new(
                dir,
                format!("the search index in `{}` is damaged: {what}", dir.display()),
            )
            .hint(format!("rebuild the site: {BUILD_HINT}"))
        };
        let mmap = MmapDirectory::open(dir).map_err(|e| corrupt(e.to_string()))?;
        let index =
            Index::open(ReadOnlyDirectory::new(mmap)).map_err(|e| corrupt(e.to_string()))?;
        OpenIndex::from_index(index, dir)
    }

    /// Loads an index already open (such as one just built in memory);
    /// `dir` is where it lives or will live, for messages.
    pub fn from_index(index: Index, dir: &Path) -> Result<OpenIndex> {
        let corrupt = |what: String| {
            Diagnostic::new(
                dir,
                format!("the search index in `{}` is damaged: {what}", dir.display()),
            )
            .hint(format!("rebuild the site: {BUILD_HINT}"))
        };
        analysis::register(&index);
        let fields = Fields::from_schema(&index.schema()).ok_or_else(|| {
            corrupt("it was not written by this version of firstdays".to_string())
        })?;
        let damaged = index
            .validate_checksum()
            .map_err(|e| corrupt(e.to_string()))?;
        if let Some(file) = damaged.iter().min() {
            return Err(corrupt(format!("checksum mismatch in `{}`", file.display())).into());
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| corrupt(e.to_string()))?;
        let searcher = reader.searcher();
        let docs = load_docs(&searcher, fields).map_err(corrupt)?;
        let (vocabulary, stems) = load_vocabulary(&searcher, fields).map_err(corrupt)?;
        Ok(OpenIndex {
            dir: dir.to_path_buf(),
            searcher,
            fields,
            docs,
            vocabulary,
            stems,
        })
    }
}

fn load_docs(searcher: &tantivy::Searcher, fields: Fields) -> Result<Vec<Vec<SearchDoc>>, String> {
    let text = |doc: &TantivyDocument, field| {
        doc.get_first(field)
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let mut segments = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let mut docs = Vec::with_capacity(segment.max_doc() as usize);
        for doc_id in 0..segment.max_doc() {
            let doc: TantivyDocument = searcher
                .doc(DocAddress::new(segment_ord as u32, doc_id))
                .map_err(|e| e.to_string())?;
            let kind_name = text(&doc, fields.kind);
            let kind = kind_from_name(&kind_name)
                .ok_or_else(|| format!("unknown result kind `{kind_name}`"))?;
            docs.push(SearchDoc {
                url: text(&doc, fields.url),
                title: text(&doc, fields.title),
                kind,
                page_title: text(&doc, fields.page_title),
                body: text(&doc, fields.body),
                keywords: doc
                    .get_all(fields.keywords)
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            });
        }
        segments.push(docs);
    }
    Ok(segments)
}

type Vocab = (Vec<VocabularyWord>, HashSet<String>);

fn load_vocabulary(searcher: &tantivy::Searcher, fields: Fields) -> Result<Vocab, String> {
    let mut words: Vec<String> = Vec::new();
    let mut stems = HashSet::new();
    for segment in searcher.segment_readers() {
        for_each_term(segment, fields.words, |w| words.push(w.to_owned()))?;
        for (field, _) in fields
            .scored()
            .into_iter()
            .filter(|(_, f)| f.matches == Match::Stems)
        {
            for_each_term(segment, field, |s| {
                stems.insert(s.to_owned());
            })?;
        }
    }
    words.sort();
    words.dedup();
    let vocabulary = words
        .into_iter()
        .map(|w| VocabularyWord {
            chars: w.chars().collect(),
            stem: analysis::stem(&w),
            text: w,
        })
        .collect();
    Ok((vocabulary, stems))
}

pub(crate) fn for_each_term(
    segment: &tantivy::SegmentReader,
    field: tantivy::schema::Field,
    mut each: impl FnMut(&str),
) -> Result<(), String> {
    let inverted = segment.inverted_index(field).map_err(|e| e.to_string())?;
    let mut stream = inverted.terms().stream().map_err(|e| e.to_string())?;
    while stream.advance() {
        let term = std::str::from_utf8(stream.key()).map_err(|e| e.to_string())?;
        each(term);
    }
    Ok(())
}

impl plan::Vocabulary for OpenIndex {
    fn has_stem(&self, stem: &str) -> bool {
        self.stems.contains(stem)
    }

    fn words(&self) -> &[VocabularyWord] {
        &self.vocabulary
    }
}

/// A read-only, lock-free view of a built site's index.
pub struct Searcher {
    index: OpenIndex,
    /// Unstemmed word → stem, for marking snippets without re-stemming.
    stem_of: HashMap<String, String>,
    num_docs: usize,
}

impl Searcher {
    /// Opens `site_dir/search/index/` read-only; fails clearly if it is missing or corrupt.
    pub fn open(site_dir: &Path) -> Result<Searcher> {
        let index = OpenIndex::open(&site_dir.join("search").join("index"))?;
        let stem_of = index
            .vocabulary
            .iter()
            .map(|w| (w.text.clone(), w.stem.clone()))
            .collect();
        let num_docs = index.docs.iter().map(Vec::len).sum();
        Ok(Searcher {
            index,
            stem_of,
            num_docs,
        })
    }

    /// Every distinct unstemmed word of the index, in index (byte) order:
    /// the words typo tolerance corrects to. For tests and tools.
    pub fn vocabulary(&self) -> Vec<String> {
        self.index
            .vocabulary
            .iter()
            .map(|w| w.text.clone())
            .collect()
    }

    /// The index folder this searcher reads.
    pub fn index_dir(&self) -> &Path {
        &self.index.dir
    }

    /// Ranked hits; an empty or junk query gives no hits, never an error.
    ///
    /// A hit's score is tantivy's BM25 score of its best passage times the
    /// share of the query's words that passage matches; `search.js` computes
    /// the same from the static index.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let limit = limit.min(self.num_docs);
        if limit == 0 {
            return Vec::new();
        }
        let plan = plan::plan(query, &self.index);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, scored) in self.index.fields.scored() {
            let keys = match scored.matches {
                Match::Stems => plan.stems.as_slice(),
                Match::Name => std::slice::from_ref(&plan.name),
            };
            for key in keys.iter().filter(|k| !k.is_empty()) {
                let term = TermQuery::new(
                    Term::from_field_text(field, key),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term), scored.boost)),
                ));
            }
        }
        if clauses.is_empty() {
            return Vec::new();
        }
        let Ok(scored) = self.index.searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(self.num_docs).order_by_score(),
        ) else {
            return Vec::new();
        };
        let matched = self.matched_groups(&plan.groups);
        let mut ranked: Vec<(f32, DocAddress)> = scored
            .into_iter()
            .map(|(score, address)| {
                let groups = matched.get(&address).map_or(0, |mask| mask.count_ones());
                (score * plan::coverage(groups, plan.groups.len()), address)
            })
            .collect();
        // Best first; ties go to the lower document, as in the browser.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

        // One hit per URL: its best passage.
        let marks: HashSet<String> = plan.stems.into_iter().collect();
        let mut seen_urls = HashSet::new();
        ranked
            .into_iter()
            .filter_map(|(score, address)| Some((score, self.doc(address)?)))
            .filter(|(_, doc)| seen_urls.insert(doc.url.as_str()))
            .take(limit)
            .map(|(score, doc)| self.hit(doc, score, &marks))
            .collect()
    }

    /// For each document matching any stem: a bit per query word group it matches.
    fn matched_groups(&self, groups: &[Vec<String>]) -> HashMap<DocAddress, u64> {
        let mut matched: HashMap<DocAddress, u64> = HashMap::new();
        for (segment_ord, segment) in self.index.searcher.segment_readers().iter().enumerate() {
            for (field, scored) in self.index.fields.scored() {
                if scored.matches != Match::Stems {
                    continue;
                }
                let Ok(inverted) = segment.inverted_index(field) else {
                    continue;
                };
                for (group, stems) in groups.iter().enumerate().take(64) {
                    for stem in stems {
                        let term = Term::from_field_text(field, stem);
                        let Ok(Some(mut postings)) =
                            inverted.read_postings(&term, IndexRecordOption::Basic)
                        else {
                            continue;
                        };
                        while postings.doc() != TERMINATED {
                            *matched
                                .entry(DocAddress::new(segment_ord as u32, postings.doc()))
                                .or_default() |= 1 << group;
                            postings.advance();
                        }
                    }
                }
            }
        }
        matched
    }

    fn doc(&self, address: DocAddress) -> Option<&SearchDoc> {
        self.index
            .docs
            .get(address.segment_ord as usize)?
            .get(address.doc_id as usize)
    }

    fn hit(&self, doc: &SearchDoc, score: f32, marks: &HashSet<String>) -> Hit {
        let stem_of = |word: &str| {
            self.stem_of
                .get(word)
                .cloned()
                .unwrap_or_else(|| analysis::stem(word))
        };
        Hit {
            title: doc.title.clone(),
            url: doc.url.clone(),
            kind: doc.kind,
            page_title: doc.page_title.clone(),
            snippet: snippet::snippet(&doc.body, marks, stem_of),
            score,
        }
    }
}
