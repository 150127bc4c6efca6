//! Answering queries from a built site's index.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Index, ReloadPolicy, TERMINATED, TantivyDocument, Term};

use super::index::kind_from_name;
use super::plan::{self, VocabularyWord};
use super::readonly_dir::ReadOnlyDirectory;
use super::schema::{Fields, Match, PHRASE_CLAUSES};
use super::snippet::{self, Marks};
use super::{Hit, SearchDoc, analysis};
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

/// A scored passage, ordered best first: every word of the query, then
/// score, then (on a tie) the lower document, as in the browser.
struct Ranked {
    every_word: bool,
    score: f32,
    address: DocAddress,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Ranked) -> std::cmp::Ordering {
        self.every_word
            .cmp(&other.every_word)
            .then(self.score.total_cmp(&other.score))
            .then(other.address.cmp(&self.address))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Ranked) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Ranked) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Ranked {}

/// Collects every matching document with its score, unordered: ranking
/// needs them all (passages matching every word first, then one per URL),
/// and a top-N heap as large as the index costs more than a plain list.
struct AllScores;

impl Collector for AllScores {
    type Fruit = Vec<(f32, DocAddress)>;
    type Child = SegmentScores;

    fn for_segment(
        &self,
        segment_ord: u32,
        _segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentScores> {
        Ok(SegmentScores {
            segment_ord,
            scores: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(f32, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

struct SegmentScores {
    segment_ord: u32,
    scores: Vec<(f32, DocAddress)>,
}

impl SegmentCollector for SegmentScores {
    type Fruit = Vec<(f32, DocAddress)>;

    fn collect(&mut self, doc: tantivy::DocId, score: f32) {
        self.scores
            .push((score, DocAddress::new(self.segment_ord, doc)));
    }

    fn harvest(self) -> Self::Fruit {
        self.scores
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
    /// A passage's score is tantivy's BM25 over the query's clauses (each
    /// word in each scored field, the whole name, and the phrase and
    /// nearness clauses of `schema::PHRASE_CLAUSES`), times the share of the
    /// query's words it matches. Passages matching every word come first
    /// (`Hit::every_word`), then the rest, each best first; one hit per URL,
    /// its best passage. `search.js` computes the same from the static index.
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
                Match::Words => plan.words.as_slice(),
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
        clauses.extend(self.phrase_clauses(&plan.phrase));
        let Ok(scored) = self
            .index
            .searcher
            .search(&BooleanQuery::new(clauses), &AllScores)
        else {
            return Vec::new();
        };
        let matched = self.matched_groups(&plan.groups);
        let ranked: Vec<Ranked> = scored
            .into_iter()
            .map(|(score, address)| {
                let groups = matched
                    .get(address.segment_ord as usize)
                    .and_then(|segment| segment.get(address.doc_id as usize))
                    .map_or(0, |mask| mask.count_ones());
                Ranked {
                    every_word: groups as usize == plan.groups.len(),
                    score: score * plan::coverage(groups, plan.groups.len()),
                    address,
                }
            })
            .collect();
        // Best first, popped from a heap: a common word matches most of a
        // large guide, and only the first `limit` URLs are wanted.
        let mut ranked = std::collections::BinaryHeap::from(ranked);
        let ranked =
            std::iter::from_fn(move || ranked.pop()).map(|r| (r.every_word, r.score, r.address));

        // One hit per URL: its best passage.
        let marks = Marks {
            stems: plan.stems.into_iter().collect(),
            typed: plan.typed,
        };
        let mut seen_urls = HashSet::new();
        ranked
            .into_iter()
            .filter_map(|(every_word, score, address)| {
                Some((every_word, score, self.doc(address)?))
            })
            .filter(|(_, _, doc)| seen_urls.insert(doc.url.as_str()))
            .take(limit)
            .map(|(every_word, score, doc)| self.hit(doc, score, every_word, &marks))
            .collect()
    }

    /// The phrase and nearness clauses for the query's known words (none
    /// for a one-word query).
    fn phrase_clauses(&self, phrase: &[(usize, String)]) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if phrase.len() < 2 {
            return clauses;
        }
        for clause in PHRASE_CLAUSES {
            let Some(field) = self.index.fields.by_name(clause.field) else {
                continue;
            };
            let terms = |words: &[(usize, String)]| -> Vec<(usize, Term)> {
                words
                    .iter()
                    .map(|(offset, stem)| (*offset, Term::from_field_text(field, stem)))
                    .collect()
            };
            let groups: Vec<&[(usize, String)]> = if clause.whole {
                vec![phrase]
            } else {
                phrase.windows(2).collect()
            };
            for words in groups {
                let query = PhraseQuery::new_with_offset_and_slop(terms(words), clause.slop);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(query), clause.boost)),
                ));
            }
        }
        clauses
    }

    /// For each segment and document: a bit per query word group it matches.
    fn matched_groups(&self, groups: &[Vec<String>]) -> Vec<Vec<u64>> {
        let mut matched: Vec<Vec<u64>> = Vec::new();
        for segment in self.index.searcher.segment_readers() {
            let mut masks = vec![0u64; segment.max_doc() as usize];
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
                            if let Some(mask) = masks.get_mut(postings.doc() as usize) {
                                *mask |= 1 << group;
                            }
                            postings.advance();
                        }
                    }
                }
            }
            matched.push(masks);
        }
        matched
    }

    fn doc(&self, address: DocAddress) -> Option<&SearchDoc> {
        self.index
            .docs
            .get(address.segment_ord as usize)?
            .get(address.doc_id as usize)
    }

    fn hit(&self, doc: &SearchDoc, score: f32, every_word: bool, marks: &Marks) -> Hit {
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
            every_word,
        }
    }
}
