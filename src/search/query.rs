//! Answering queries from a built site's index.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryClone, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, ReloadPolicy, TantivyDocument, Term};

use super::index::{Built, kind_from_name};
use super::plan::{self, VocabularyWord};
use super::rank::{self, RankQuery, WordClause};
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

    /// Loads an index already open; `dir` is where it lives, for messages.
    pub fn from_index(index: Index, dir: &Path) -> Result<OpenIndex> {
        OpenIndex::load(index, dir, None)
    }

    /// An index just built in memory, with the passages it stores (in
    /// index order, one segment): nothing to checksum or read back.
    pub(crate) fn from_built(built: Built, dir: &Path) -> Result<OpenIndex> {
        OpenIndex::load(built.index, dir, Some(built.passages))
    }

    /// `passages` (every stored document, in order) when the caller has
    /// them; else the index's files are checked and its documents read.
    fn load(mut index: Index, dir: &Path, passages: Option<Vec<SearchDoc>>) -> Result<OpenIndex> {
        let corrupt = |what: String| {
            Diagnostic::new(
                dir,
                format!("the search index in `{}` is damaged: {what}", dir.display()),
            )
            .hint(format!("rebuild the site: {BUILD_HINT}"))
        };
        index.set_tokenizers(analysis::tokenizers());
        let fields = Fields::from_schema(&index.schema()).ok_or_else(|| {
            corrupt("it was not written by this version of firstdays".to_string())
        })?;
        if passages.is_none() {
            let damaged = index
                .validate_checksum()
                .map_err(|e| corrupt(e.to_string()))?;
            if let Some(file) = damaged.iter().min() {
                return Err(corrupt(format!("checksum mismatch in `{}`", file.display())).into());
            }
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| corrupt(e.to_string()))?;
        let searcher = reader.searcher();
        let docs = match passages {
            Some(passages) if searcher.segment_readers().len() == 1 => vec![passages],
            _ => load_docs(&searcher, fields).map_err(corrupt)?,
        };
        let (vocabulary, stems) = load_vocabulary(&searcher, fields, &docs).map_err(corrupt)?;
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

/// The vocabulary is every word of `exact` (titles and passages as
/// written) and of the glossary's keywords, which `exact` leaves out: the
/// words a typo may have meant.
fn load_vocabulary(
    searcher: &tantivy::Searcher,
    fields: Fields,
    docs: &[Vec<SearchDoc>],
) -> Result<Vocab, String> {
    let mut words: Vec<String> = Vec::new();
    let mut stems = HashSet::new();
    for doc in docs.iter().flatten() {
        for keyword in &doc.keywords {
            words.extend(analysis::words(keyword).into_iter().map(|w| w.text));
        }
    }
    for segment in searcher.segment_readers() {
        for_each_term(segment, fields.exact, |w| words.push(w.to_owned()))?;
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
    /// Each passage's URL as a number, by segment then doc id: ranking
    /// keeps one passage per URL.
    url_ids: Vec<Vec<u32>>,
    num_docs: usize,
}

impl Searcher {
    /// Opens `site_dir/search/index/` read-only; fails clearly if it is missing or corrupt.
    pub fn open(site_dir: &Path) -> Result<Searcher> {
        let index = OpenIndex::open(&site_dir.join("search").join("index"))?;
        Ok(Searcher::from_open(index))
    }

    fn from_open(index: OpenIndex) -> Searcher {
        let stem_of = index
            .vocabulary
            .iter()
            .map(|w| (w.text.clone(), w.stem.clone()))
            .collect();
        let num_docs = index.docs.iter().map(Vec::len).sum();
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let url_ids = index
            .docs
            .iter()
            .map(|segment| {
                segment
                    .iter()
                    .map(|doc| {
                        let next = ids.len() as u32;
                        *ids.entry(doc.url.as_str()).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        Searcher {
            index,
            stem_of,
            url_ids,
            num_docs,
        }
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
        let Some(rank_query) = self.rank_query(&plan) else {
            return Vec::new();
        };
        let url_of = |address: DocAddress| {
            self.url_ids
                .get(address.segment_ord as usize)?
                .get(address.doc_id as usize)
                .copied()
        };
        let Some(ranked) = rank::top(&self.index.searcher, &rank_query, limit, &url_of) else {
            return Vec::new();
        };
        let marks = Marks {
            stems: plan.stems.into_iter().collect(),
            typed: plan.typed,
        };
        ranked
            .into_iter()
            .filter_map(|r| Some((r, self.doc(r.address)?)))
            .map(|(r, doc)| self.hit(doc, r.score, r.every_word, &marks))
            .collect()
    }

    /// The clauses `plan` is scored by, and the queries that rank with
    /// them; `None` when no clause can match.
    fn rank_query(&self, plan: &plan::QueryPlan) -> Option<RankQuery> {
        let phrase_clauses = self.phrase_clauses(&plan.phrase);
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        let mut words: Vec<WordClause> = Vec::new();
        let mut matches_at_most: u64 = 0;
        for (field, scored) in self.index.fields.scored() {
            let keys = match scored.matches {
                Match::Stems => plan.stems.as_slice(),
                Match::Name => std::slice::from_ref(&plan.name),
                Match::Words => plan.words.as_slice(),
            };
            for key in keys.iter().filter(|k| !k.is_empty()) {
                let term = Term::from_field_text(field, key);
                let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                clauses.push(Box::new(BoostQuery::new(Box::new(query), scored.boost)));
                matches_at_most = matches_at_most
                    .saturating_add(self.index.searcher.doc_freq(&term).unwrap_or(u64::MAX));
                // A stem field's term tells which word groups a passage
                // matches (`rank` reads them off the terms it visits).
                let groups = match scored.matches {
                    Match::Stems => plan
                        .groups
                        .iter()
                        .enumerate()
                        .take(64)
                        .filter(|(_, stems)| stems.contains(key))
                        .fold(0u64, |mask, (group, _)| mask | 1 << group),
                    Match::Name | Match::Words => 0,
                };
                // Plus the most the phrase clauses over this word can add:
                // all of them, or the nearness clauses alone for passages
                // missing a word (a whole phrase needs every word).
                let bound = |whole| {
                    scored.boost
                        * (1.0 + phrase_bound(&plan.phrase, scored.name, scored.boost, key, whole))
                };
                words.push(WordClause {
                    term,
                    bound_every_word: bound(true),
                    bound_some_words: bound(false),
                    groups,
                });
            }
        }
        if clauses.is_empty() {
            return None;
        }
        clauses.extend(phrase_clauses);

        let stem_fields: Vec<_> = self
            .index
            .fields
            .scored()
            .into_iter()
            .filter(|(_, scored)| scored.matches == Match::Stems)
            .map(|(field, _)| field)
            .collect();
        // A passage matches a group when a stem field holds one of its stems.
        let groups: Vec<Box<dyn Query>> = plan
            .groups
            .iter()
            .map(|stems| {
                let any_stem: Vec<(Occur, Box<dyn Query>)> = stem_fields
                    .iter()
                    .flat_map(|field| stems.iter().map(move |stem| (*field, stem)))
                    .map(|(field, stem)| {
                        let term = TermQuery::new(
                            Term::from_field_text(field, stem),
                            IndexRecordOption::Basic,
                        );
                        (Occur::Should, Box::new(term) as Box<dyn Query>)
                    })
                    .collect();
                Box::new(BooleanQuery::new(any_stem)) as Box<dyn Query>
            })
            .collect();
        let every_word = (!groups.is_empty()).then(|| {
            Box::new(BooleanQuery::new(
                groups
                    .iter()
                    .map(|g| (Occur::Must, g.box_clone()))
                    .collect(),
            )) as Box<dyn Query>
        });
        Some(RankQuery {
            clauses,
            words,
            groups,
            every_word,
            matches_at_most: matches_at_most.min(self.num_docs as u64),
        })
    }

    /// The phrase and nearness clauses for the query's known words (none
    /// for a one-word query).
    fn phrase_clauses(&self, phrase: &[(usize, String)]) -> Vec<Box<dyn Query>> {
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
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
            for words in phrase_groups(phrase, clause.whole) {
                let query = PhraseQuery::new_with_offset_and_slop(terms(words), clause.slop);
                clauses.push(Box::new(BoostQuery::new(Box::new(query), clause.boost)));
            }
        }
        clauses
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

/// The word runs a phrase clause matches: the whole phrase, or each two
/// neighbouring words.
fn phrase_groups(phrase: &[(usize, String)], whole: bool) -> Vec<&[(usize, String)]> {
    if whole {
        vec![phrase]
    } else {
        phrase.windows(2).collect()
    }
}

/// At most how many times its own score the phrase and nearness clauses
/// add to a passage for `key` in the field `field` (boosted `boost`).
///
/// A phrase clause scores BM25 of the phrase's count in the passage, with
/// the idf of its words summed: `boost × (1 + k1) × Σ idf(w) × tf(count)`,
/// where `tf` grows with the count and is normalised by the same field
/// length as each word's own clause. The count is at most each word's own
/// count in the field, so the clause scores at most `boost / field boost`
/// times the sum of its words' own clauses; a word appearing in several
/// clauses (or twice in one) counts each time. Ranking boosts the word
/// clauses by this much to bound the whole score (`rank`). Without `whole`,
/// only the nearness clauses count: a passage missing one of the query's
/// words cannot hold the whole phrase.
fn phrase_bound(
    phrase: &[(usize, String)],
    field: &str,
    boost: f32,
    key: &str,
    whole: bool,
) -> f32 {
    if phrase.len() < 2 {
        return 0.0;
    }
    PHRASE_CLAUSES
        .iter()
        .filter(|clause| clause.field == field && (whole || !clause.whole))
        .map(|clause| {
            let uses: usize = phrase_groups(phrase, clause.whole)
                .iter()
                .map(|words| words.iter().filter(|(_, stem)| stem == key).count())
                .sum();
            clause.boost / boost * uses as f32
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{DocKind, index};

    fn searcher(docs: &[SearchDoc]) -> Searcher {
        let dir = Path::new("search/index");
        let built = index::build(docs.to_vec(), 1, dir).unwrap();
        Searcher::from_open(OpenIndex::from_index(built.index, dir).unwrap())
    }

    fn doc(url: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.to_string(),
            title: "Notes".to_string(),
            kind: DocKind::Section,
            page_title: "Notes".to_string(),
            body: body.to_string(),
            keywords: vec![],
        }
    }

    /// Short passages holding both words far apart (more than are scored
    /// without pruning), and one longer passage holding them as a phrase:
    /// on its words alone it scores below every short one, and only its
    /// phrase lifts it to the top.
    fn phrase_behind_its_words() -> Vec<SearchDoc> {
        let mut docs: Vec<SearchDoc> = (0..600)
            .map(|i| {
                doc(
                    &format!("apart-{i:03}.html"),
                    "Care plans are written each year by staff and then the council agrees them.",
                )
            })
            .collect();
        docs.push(doc(
            "phrase.html",
            "Members of the care council meet in the spring and the autumn, with notes \
             from officers, to hear what young people want.",
        ));
        docs
    }

    /// The best `limit` URLs of `query` by pruning (however few passages
    /// it matches); without `phrase_bound`, bounded by the word clauses
    /// alone, as if the phrase clauses added nothing.
    fn pruned(
        searcher: &Searcher,
        query: &str,
        limit: usize,
        phrase_bound: bool,
    ) -> Vec<(String, bool, f32)> {
        let plan = plan::plan(query, &searcher.index);
        let mut query = searcher.rank_query(&plan).unwrap();
        query.matches_at_most = u64::MAX;
        if !phrase_bound {
            for word in &mut query.words {
                let (_, scored) = searcher
                    .index
                    .fields
                    .scored()
                    .into_iter()
                    .find(|(field, _)| *field == word.term.field())
                    .unwrap();
                word.bound_every_word = scored.boost;
                word.bound_some_words = scored.boost;
            }
        }
        let url_of =
            |a: DocAddress| Some(searcher.url_ids[a.segment_ord as usize][a.doc_id as usize]);
        rank::top(&searcher.index.searcher, &query, limit, &url_of)
            .unwrap()
            .into_iter()
            .map(|r| {
                let doc = searcher.doc(r.address).unwrap();
                (doc.url.clone(), r.every_word, r.score)
            })
            .collect()
    }

    /// The same URLs in the same order as ranking every match, with the
    /// same scores (summed in another order, so to a few ulps).
    fn assert_same_ranking(searcher: &Searcher, query: &str, limit: usize) {
        let all: Vec<(String, bool, f32)> = searcher
            .search(query, usize::MAX)
            .into_iter()
            .take(limit)
            .map(|h| (h.url, h.every_word, h.score))
            .collect();
        let got = pruned(searcher, query, limit, true);
        let urls = |hits: &[(String, bool, f32)]| -> Vec<(String, bool)> {
            hits.iter().map(|(u, e, _)| (u.clone(), *e)).collect()
        };
        assert_eq!(urls(&got), urls(&all), "{query} (limit {limit})");
        for ((_, _, a), (_, _, b)) in got.iter().zip(&all) {
            assert!((a - b).abs() <= b.abs() * 1e-5, "{query}: {a} against {b}");
        }
    }

    #[test]
    fn a_passage_lifted_only_by_its_phrase_is_not_pruned() {
        let searcher = searcher(&phrase_behind_its_words());
        let all = searcher.search("care council", usize::MAX);
        assert_eq!(all[0].url, "phrase.html", "{all:?}");
        // Its word clauses alone score below the others': a bound without
        // the phrase clauses prunes it.
        let on_words = pruned(&searcher, "care council", 1, false);
        assert_ne!(on_words[0].0, "phrase.html", "{on_words:?}");
        // With the phrase clauses bounded, the short list starts the whole ranking.
        for limit in [1, 2, 5] {
            assert_same_ranking(&searcher, "care council", limit);
        }
    }

    #[test]
    fn pruning_ranks_as_scoring_every_match_does() {
        // Passages of 4 to 60 words drawn from a small vocabulary, so that
        // every query matches most of them with many lengths, counts and
        // distances, and some hold the query's words as a phrase.
        let vocabulary = [
            "care", "council", "children", "school", "budget", "plan", "young", "people", "social",
            "worker", "meeting", "report", "service", "local", "the", "and",
        ];
        let mut next = crate::search::test_rng(7);
        let docs: Vec<SearchDoc> = (0..3_000)
            .map(|i| {
                let words: Vec<&str> = (0..4 + next(57))
                    .map(|_| vocabulary[next(vocabulary.len())])
                    .collect();
                // Three pages of one URL share passages now and then.
                doc(
                    &format!("page-{}.html", i / (1 + next(3))),
                    &words.join(" "),
                )
            })
            .collect();
        let searcher = searcher(&docs);
        for query in [
            "care",
            "care council",
            "children in care council",
            "young people social worker",
            "school budget plan report",
            "local service meeting notes",
            "council care",
            "the budget",
        ] {
            for limit in [1, 5, 10, 50] {
                assert_same_ranking(&searcher, query, limit);
            }
        }
    }

    #[test]
    fn a_long_question_that_few_passages_answer_whole_ranks_as_scoring_every_match_does() {
        // One passage holds every word of the question; hundreds hold one
        // to four of them, short ones (which BM25 favours) as well as long,
        // so the passages missing a word fill most of the list and their
        // pass bounds each by its own share of the words.
        let words = ["clarify", "needs", "expectations", "support", "staff"];
        let mut next = crate::search::test_rng(11);
        let mut docs: Vec<SearchDoc> = (0..2_500)
            .map(|i| {
                let held = 1 + next(4);
                let mut text: Vec<&str> = (0..held).map(|_| words[next(words.len())]).collect();
                text.extend((0..next(40)).map(|_| ["the", "council", "plan", "notes"][next(4)]));
                doc(&format!("page-{}.html", i / 2), &text.join(" "))
            })
            .collect();
        docs.push(doc(
            "answer.html",
            "Clarify your needs and expectations with any support staff you have.",
        ));
        let searcher = searcher(&docs);
        let question = "clarify your needs and expectations with any support staff";
        assert_eq!(searcher.search(question, 1)[0].url, "answer.html");
        for query in [question, "support staff needs", "clarify expectations"] {
            for limit in [1, 5, 10, 50] {
                assert_same_ranking(&searcher, query, limit);
            }
        }
    }

    #[test]
    fn the_phrase_bound_counts_each_clause_over_the_word() {
        let phrase = |words: &[&str]| -> Vec<(usize, String)> {
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (i, w.to_string()))
                .collect()
        };
        // Body (boost 1): whole phrase 1, and nearness 0.5 for each of the
        // two pairs "care" sits in; an end word sits in one pair.
        assert_eq!(
            phrase_bound(&phrase(&["a", "care", "b"]), "body", 1.0, "care", true),
            2.0
        );
        assert_eq!(
            phrase_bound(&phrase(&["a", "care", "b"]), "body", 1.0, "a", true),
            1.5
        );
        assert_eq!(
            phrase_bound(&phrase(&["a", "care", "b"]), "body", 1.0, "care", false),
            1.0
        );
        // Title (boost 1.5): whole 1.5 and nearness 0.75, over the field's boost.
        assert_eq!(
            phrase_bound(&phrase(&["a", "care"]), "title", 1.5, "care", true),
            1.5
        );
        // A word twice counts twice; other fields and one-word queries get nothing.
        assert_eq!(
            phrase_bound(&phrase(&["care", "care"]), "body", 1.0, "care", true),
            3.0
        );
        assert_eq!(
            phrase_bound(&phrase(&["a", "care"]), "keywords", 1.5, "care", true),
            0.0
        );
        assert_eq!(
            phrase_bound(&phrase(&["care"]), "body", 1.0, "care", true),
            0.0
        );
    }
}
