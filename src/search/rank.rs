//! Ranking: the best passage of each of the best `limit` URLs, found
//! without scoring every passage that holds a query word.
//!
//! A passage's score is the sum of its clause scores (word clauses, then
//! phrase and nearness clauses), times the share of the query's word groups
//! it matches; passages matching every group rank first. Scoring every
//! match costs too much at 10,000 sections (174,000 passages, most holding
//! a common word), so passages are visited by a WAND (`wand`) over the
//! word clauses alone, each boosted so that it also covers the most the
//! phrase clauses over its word can add (see `query::phrase_bound`), and
//! each passage's bound scaled by the share of the query's word groups its
//! terms can give it. A passage whose bound cannot beat the worst of the
//! best `limit` URLs found so far is skipped unread; a passage that can is
//! scored exactly. The result is the same as ranking every match, which is
//! still how a query matching few passages is ranked (`every_match`).

use std::collections::{BTreeSet, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{
    Bm25Weight, BooleanQuery, EnableScoring, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED, Term,
};

/// Below this many passages matching every word, they are all scored
/// outright (their positions read); above it they are pruned like the rest.
const EVERY_WORD_SCORED_OUTRIGHT: usize = 512;

/// A query matching at most this many passages has them all scored, the
/// plainest way: pruning only pays on many (on the guide, 165 passages,
/// it halved the requests `serve` answered a second).
const EVERY_MATCH_SCORED_UP_TO: u64 = 2_000;

/// How far below the worst kept score a bound may fall and still be
/// visited: the bound and the exact score are f32 sums of up to a few
/// dozen terms in different orders, and may round apart by a few ulps.
const ROUNDING_MARGIN: f32 = 1e-4;

/// A scored passage, ordered worst to best: every word of the query, then
/// score, then (on a tie) the lower document, as in the browser.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    pub every_word: bool,
    pub score: f32,
    pub address: DocAddress,
    pub url: u32,
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

/// The best `limit` URLs seen so far, each by its best passage.
struct TopUrls {
    limit: usize,
    kept: BTreeSet<Ranked>,
    by_url: HashMap<u32, Ranked>,
}

impl TopUrls {
    fn new(limit: usize) -> TopUrls {
        TopUrls {
            limit,
            kept: BTreeSet::new(),
            by_url: HashMap::new(),
        }
    }

    fn push(&mut self, passage: Ranked) {
        if let Some(best) = self.by_url.get_mut(&passage.url) {
            if passage > *best {
                self.kept.remove(best);
                self.kept.insert(passage);
                *best = passage;
            }
            return;
        }
        if self.is_full() {
            match self.kept.first() {
                Some(worst) if passage > *worst => {
                    // An evicted URL may come back later with a better passage.
                    self.by_url.remove(&worst.url);
                    self.kept.pop_first();
                }
                _ => return,
            }
        }
        self.kept.insert(passage);
        self.by_url.insert(passage.url, passage);
    }

    /// The worst kept passage, once `limit` URLs are kept.
    fn worst(&self) -> Option<&Ranked> {
        self.kept.first().filter(|_| self.is_full())
    }

    fn is_full(&self) -> bool {
        self.kept.len() >= self.limit
    }

    /// Best first.
    fn into_ranked(self) -> Vec<Ranked> {
        self.kept.into_iter().rev().collect()
    }
}

/// A query's clauses, ready to rank with.
pub(crate) struct RankQuery {
    /// Every scored clause, in the order their scores are summed.
    pub clauses: Vec<Box<dyn Query>>,
    /// The word clauses (each a term in a scored field), which bound the
    /// whole score when boosted to cover the phrase clauses too.
    pub words: Vec<WordClause>,
    /// For each word group of the query, a query matching the passages
    /// that hold one of its stems (unscored).
    pub groups: Vec<Box<dyn Query>>,
    /// All groups at once (unscored); `None` for a query with no groups.
    pub every_word: Option<Box<dyn Query>>,
    /// At most how many passages match a word clause (the sum of their
    /// document frequencies).
    pub matches_at_most: u64,
}

/// One word clause: a term in a scored field, and its boosts.
pub(crate) struct WordClause {
    /// The term (in its field).
    pub term: Term,
    /// Its boost in the bound of a passage matching every word group: also
    /// covers the most the phrase and nearness clauses over its word add
    /// (see `query::phrase_bound`).
    pub bound_every_word: f32,
    /// The same for a passage missing a word group, which cannot hold the
    /// whole phrase: the nearness clauses alone are covered.
    pub bound_some_words: f32,
    /// A bit for each word group this term is a stem of, in a field that
    /// groups are matched on (title, keywords, body); 0 for other fields.
    /// The bits of the terms a passage holds are the groups it matches.
    pub groups: u64,
}

/// The best passage of each of the best `limit` URLs, best first; `url_of`
/// gives a passage's URL as a number. `None` if tantivy fails.
pub(crate) fn top(
    searcher: &tantivy::Searcher,
    query: &RankQuery,
    limit: usize,
    url_of: &dyn Fn(DocAddress) -> Option<u32>,
) -> Option<Vec<Ranked>> {
    if query.matches_at_most <= EVERY_MATCH_SCORED_UP_TO {
        return every_match(searcher, query, limit, url_of);
    }
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let unscored = EnableScoring::disabled_from_searcher(searcher);
    let weights = Weights {
        clauses: query
            .clauses
            .iter()
            .map(|c| c.weight(scoring))
            .collect::<tantivy::Result<_>>()
            .ok()?,
        words: query
            .words
            .iter()
            .map(|word| {
                TermQuery::new(word.term.clone(), IndexRecordOption::WithFreqs).weight(scoring)
            })
            .collect::<tantivy::Result<_>>()
            .ok()?,
        // The most each term scores any passage, unboosted (as tantivy's
        // own WAND bounds a term).
        word_max: query
            .words
            .iter()
            .map(|word| {
                Bm25Weight::for_terms(searcher, std::slice::from_ref(&word.term))
                    .map(|weight| weight.max_score())
            })
            .collect::<tantivy::Result<_>>()
            .ok()?,
        word_clauses: &query.words,
        groups: query.groups.len(),
    };
    let groups = query.groups.len();
    let mut top = TopUrls::new(limit);

    // Passages matching every word rank first: few of them are scored
    // outright, many are pruned like the rest.
    let every_word = match &query.every_word {
        Some(q) => every_word_passages(searcher, q.weight(unscored).ok()?.as_ref())?,
        None => None,
    };
    match every_word {
        Some(segments) => {
            for (segment_ord, reader) in searcher.segment_readers().iter().enumerate() {
                let mut segment = weights.segment(segment_ord as u32, reader);
                for &doc in &segments[segment_ord] {
                    let address = DocAddress::new(segment_ord as u32, doc);
                    top.push(Ranked {
                        every_word: true,
                        score: segment.score(doc),
                        address,
                        url: url_of(address)?,
                    });
                }
                if segment.failed {
                    return None;
                }
            }
        }
        None => weights.prune(searcher, &mut top, url_of, Tier::EveryWord)?,
    }

    // Passages matching some words, only when those matching every word
    // did not fill the list. Their scores are scaled by the share of groups
    // they match, at most (groups - 1) / groups.
    if !top.is_full() && groups > 0 {
        let most = super::plan::coverage(groups as u32 - 1, groups);
        weights.prune(searcher, &mut top, url_of, Tier::SomeWords { most })?;
    }
    Some(top.into_ranked())
}

/// Every passage matching a word clause scored by all the clauses at once
/// (tantivy's union), then ranked; as `top`, for a query matching few.
fn every_match(
    searcher: &tantivy::Searcher,
    query: &RankQuery,
    limit: usize,
    url_of: &dyn Fn(DocAddress) -> Option<u32>,
) -> Option<Vec<Ranked>> {
    let all = BooleanQuery::new(
        query
            .clauses
            .iter()
            .map(|clause| (Occur::Should, clause.box_clone()))
            .collect(),
    );
    let scored = searcher.search(&all, &AllScores).ok()?;
    // A bit per group each passage matches.
    let unscored = EnableScoring::disabled_from_searcher(searcher);
    let mut matched: Vec<Vec<u64>> = Vec::new();
    for reader in searcher.segment_readers() {
        let mut masks = vec![0u64; reader.max_doc() as usize];
        for (group, weight) in query.groups.iter().enumerate().take(64) {
            let mut scorer = weight.weight(unscored).ok()?.scorer(reader, 1.0).ok()?;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if let Some(mask) = masks.get_mut(doc as usize) {
                    *mask |= 1 << group;
                }
                doc = scorer.advance();
            }
        }
        matched.push(masks);
    }
    let groups = query.groups.len();
    let mut ranked = Vec::with_capacity(scored.len());
    for (score, address) in scored {
        let mask = matched
            .get(address.segment_ord as usize)
            .and_then(|segment| segment.get(address.doc_id as usize))
            .copied()
            .unwrap_or(0);
        ranked.push(Ranked {
            every_word: mask == all_groups(groups),
            score: score * super::plan::coverage(mask.count_ones(), groups),
            address,
            url: url_of(address)?,
        });
    }
    // Best first, popped from a heap until `limit` URLs.
    let mut ranked = std::collections::BinaryHeap::from(ranked);
    let mut urls = std::collections::HashSet::new();
    let mut top = Vec::new();
    while top.len() < limit {
        let Some(passage) = ranked.pop() else { break };
        if urls.insert(passage.url) {
            top.push(passage);
        }
    }
    Some(top)
}

/// Collects every matching passage with its score, unordered.
struct AllScores;

impl Collector for AllScores {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentScores;

    fn for_segment(
        &self,
        segment_ord: u32,
        _segment: &SegmentReader,
    ) -> tantivy::Result<SegmentScores> {
        Ok(SegmentScores {
            segment_ord,
            scores: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(Score, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

struct SegmentScores {
    segment_ord: u32,
    scores: Vec<(Score, DocAddress)>,
}

impl SegmentCollector for SegmentScores {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.scores
            .push((score, DocAddress::new(self.segment_ord, doc)));
    }

    fn harvest(self) -> Self::Fruit {
        self.scores
    }
}

/// Which passages a pruned pass ranks.
#[derive(Clone, Copy)]
enum Tier {
    EveryWord,
    /// Those matching some word groups but not all; `most` is the largest
    /// share of the groups such a passage can match.
    SomeWords {
        most: f32,
    },
}

/// A bit for each of `groups` word groups (the planner keeps at most
/// `MAX_QUERY_WORDS`, 32).
fn all_groups(groups: usize) -> u64 {
    u64::MAX
        .checked_shr(64u32.saturating_sub(groups as u32))
        .unwrap_or(0)
}

impl Tier {
    /// What a passage matching the groups `matched` (of `groups`) has its
    /// score multiplied by, when it belongs to this tier.
    fn scale(self, matched: u64, groups: usize) -> Option<f32> {
        let every_word = matched == all_groups(groups);
        match self {
            Tier::EveryWord if every_word => Some(1.0),
            Tier::SomeWords { .. } if !every_word => {
                Some(super::plan::coverage(matched.count_ones(), groups))
            }
            _ => None,
        }
    }

    /// What a passage's bound, scaled by the share of groups it can have,
    /// must exceed to be worth scoring, given the worst kept passage.
    fn threshold(self, worst: Option<&Ranked>) -> Score {
        let Some(worst) = worst else {
            return Score::MIN;
        };
        let needed = match self {
            // The list holds only every-word passages then.
            Tier::EveryWord => worst.score,
            // Any every-word passage is already kept.
            Tier::SomeWords { .. } if worst.every_word => return Score::INFINITY,
            // With one group, no passage matches some but not all of it:
            // those left score 0 and lose ties to the earlier kept ones.
            Tier::SomeWords { most } if most <= 0.0 => return Score::INFINITY,
            Tier::SomeWords { .. } => worst.score,
        };
        lowered(needed)
    }

    /// The most a passage of this tier holding at most the groups `held`
    /// (of `groups`) can have its score multiplied by; `None` when such a
    /// passage cannot belong to the tier.
    fn most_scale(self, held: u64, groups: usize) -> Option<f32> {
        let all = all_groups(groups);
        match self {
            Tier::EveryWord => (held & all == all).then_some(1.0),
            // It misses a group, so holds at most all but one.
            Tier::SomeWords { .. } => Some(super::plan::coverage(
                (held & all)
                    .count_ones()
                    .min(groups.saturating_sub(1) as u32),
                groups,
            )),
        }
    }
}

/// `score`, less the rounding margin: what a bound must reach to be sure
/// the exact score might beat `score`.
fn lowered(score: Score) -> Score {
    score - score.abs() * ROUNDING_MARGIN
}

/// The passages matching every group, by segment, when there are at most
/// `EVERY_WORD_SCORED_OUTRIGHT` of them; `Some(None)` when there are more.
fn every_word_passages(
    searcher: &tantivy::Searcher,
    every_word: &dyn Weight,
) -> Option<Option<Vec<Vec<DocId>>>> {
    let mut found = 0;
    let mut segments = Vec::new();
    for reader in searcher.segment_readers() {
        let mut scorer = every_word.scorer(reader, 1.0).ok()?;
        let mut docs = Vec::new();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if reader.is_deleted(doc) {
                doc = scorer.advance();
                continue;
            }
            found += 1;
            if found > EVERY_WORD_SCORED_OUTRIGHT {
                return Some(None);
            }
            docs.push(doc);
            doc = scorer.advance();
        }
        segments.push(docs);
    }
    Some(Some(segments))
}

struct Weights<'q> {
    clauses: Vec<Box<dyn Weight>>,
    /// The word clauses' terms, unboosted; boosted as `word_clauses` says.
    words: Vec<Box<dyn Weight>>,
    word_max: Vec<Score>,
    word_clauses: &'q [WordClause],
    /// How many word groups the query has.
    groups: usize,
}

impl Weights<'_> {
    fn segment<'a>(&'a self, segment_ord: u32, reader: &'a SegmentReader) -> SegmentScorers<'a> {
        SegmentScorers {
            segment_ord,
            clauses: self
                .clauses
                .iter()
                .map(|w| Clause::new(w.as_ref(), reader))
                .collect(),
            failed: false,
        }
    }

    /// The word clauses' scorers in a segment, boosted to bound the
    /// passages of `tier`; terms the segment lacks are left out.
    fn cursors(&self, reader: &SegmentReader, tier: Tier) -> tantivy::Result<Vec<Cursor>> {
        let mut cursors = Vec::with_capacity(self.words.len());
        for ((weight, clause), max) in self.words.iter().zip(self.word_clauses).zip(&self.word_max)
        {
            let boost = match tier {
                Tier::EveryWord => clause.bound_every_word,
                Tier::SomeWords { .. } => clause.bound_some_words,
            };
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                cursors.push(Cursor {
                    doc: scorer.doc(),
                    max: max * boost,
                    scorer,
                    groups: clause.groups,
                });
            }
        }
        Ok(cursors)
    }

    /// Visits, in document order, the passages of `tier` whose bound can
    /// beat the worst kept one, and keeps those that do, scored exactly.
    ///
    /// (A first pass over the word clauses alone, to start with a high
    /// worst score, paid with tantivy's block-max WAND; with the groups
    /// pruning here it cost more than it saved: 0.84 against 0.57 ms of CPU
    /// a query at 10,000 sections.)
    fn prune(
        &self,
        searcher: &tantivy::Searcher,
        top: &mut TopUrls,
        url_of: &dyn Fn(DocAddress) -> Option<u32>,
        tier: Tier,
    ) -> Option<()> {
        let groups = self.groups;
        let all_groups = all_groups(groups);
        for (segment_ord, reader) in searcher.segment_readers().iter().enumerate() {
            let mut segment = self.segment(segment_ord as u32, reader);
            let mut failed = false;
            let start = tier.threshold(top.worst());
            let mut visit = |doc: DocId, bound: Score, matched: u64| -> Score {
                if reader.is_deleted(doc) {
                    return tier.threshold(top.worst());
                }
                let matched = matched & all_groups;
                let every_word = matched == all_groups;
                let scale = tier.scale(matched, groups);
                // The passage's own bound, scaled, may already fall short.
                let scale = scale.filter(|scale| {
                    top.worst()
                        .is_none_or(|worst| scale * bound >= lowered(worst.score))
                });
                if let Some(scale) = scale {
                    let address = DocAddress::new(segment.segment_ord, doc);
                    match url_of(address) {
                        Some(url) => top.push(Ranked {
                            every_word,
                            score: segment.score(doc) * scale,
                            address,
                            url,
                        }),
                        None => failed = true,
                    }
                }
                tier.threshold(top.worst())
            };
            let mut cursors = self.cursors(reader, tier).ok()?;
            wand(&mut cursors, tier, groups, start, &mut visit);
            if failed || segment.failed {
                return None;
            }
        }
        Some(())
    }
}

/// A word clause's scorer in a WAND pass.
struct Cursor {
    /// The scorer's document (kept here: asked for at every step).
    doc: DocId,
    scorer: Box<dyn Scorer>,
    /// The most it scores any passage.
    max: Score,
    /// The word groups a passage holding its term matches.
    groups: u64,
}

impl Cursor {
    fn doc(&self) -> DocId {
        self.doc
    }
}

/// WAND (Broder et al., 2003) over the word clauses, aware of word groups:
/// a passage's bound is the sum of its word clauses' scores times the
/// share of groups that its tier can give it (`Tier::most_scale`) for the
/// groups its terms belong to. Tantivy's block-max WAND sees only a sum,
/// so it visited every passage whose words' scores were high whatever
/// share of the query's words it held (a passage matching one word of
/// five, in a pass for passages matching every word); here the groups
/// themselves prune, as a conjunction would. It bounds each term by its
/// most over the whole index, not block by block: tantivy 0.27 does not
/// export `TermScorer` nor its block skipping. Even so it costs about half
/// the CPU (1.15 against 0.57 ms a query at 10,000 sections).
///
/// Calls `visit(doc, bound, groups)`, in document order, for every passage
/// whose bound exceeds the threshold, with the unscaled bound and the
/// groups it matches (exactly: every term it holds is on it then);
/// `visit` returns the new threshold, in scaled score.
fn wand(
    cursors: &mut Vec<Cursor>,
    tier: Tier,
    groups: usize,
    mut threshold: Score,
    visit: &mut dyn FnMut(DocId, Score, u64) -> Score,
) {
    cursors.sort_unstable_by_key(Cursor::doc);
    loop {
        // The pivot: the first passage whose bound, counting every clause
        // positioned at or before it, passes the threshold.
        let mut most = 0.0;
        let mut matched = 0u64;
        let mut pivot = None;
        for (i, cursor) in cursors.iter().enumerate() {
            most += cursor.max;
            matched |= cursor.groups;
            if tier
                .most_scale(matched, groups)
                .is_some_and(|scale| most * scale > threshold)
            {
                pivot = Some((i, cursor.doc()));
                break;
            }
        }
        let Some((last, pivot)) = pivot else { return };
        if cursors[0].doc() == pivot {
            // Every clause holding the pivot is on it.
            let on = last
                + 1
                + cursors[last + 1..]
                    .iter()
                    .take_while(|c| c.doc() == pivot)
                    .count();
            let mut bound = 0.0;
            let mut matched = 0u64;
            for cursor in &mut cursors[..on] {
                bound += cursor.scorer.score();
                matched |= cursor.groups;
            }
            let scaled = tier
                .most_scale(matched, groups)
                .map_or(Score::MIN, |scale| bound * scale);
            if scaled > threshold {
                threshold = visit(pivot, bound, matched);
            }
            for cursor in &mut cursors[..on] {
                cursor.doc = cursor.scorer.advance();
            }
        } else {
            // Bring the clauses before the pivot up to it (or past it).
            for cursor in &mut cursors[..last] {
                if cursor.doc < pivot {
                    cursor.doc = cursor.scorer.seek(pivot);
                }
            }
        }
        cursors.sort_unstable_by_key(Cursor::doc);
        while cursors.last().is_some_and(|c| c.doc() == TERMINATED) {
            cursors.pop();
        }
    }
}

/// A segment's clause scorers, each made at the first passage it is asked
/// about and then moved to each next one (in document order).
struct SegmentScorers<'a> {
    segment_ord: u32,
    clauses: Vec<Clause<'a>>,
    /// Set when tantivy failed to make a scorer.
    failed: bool,
}

impl SegmentScorers<'_> {
    /// The sum of the clause scores of `doc`, in clause order (so the same
    /// passage always gets the same score, whichever way it was reached).
    fn score(&mut self, doc: DocId) -> Score {
        let mut score = 0.0;
        for clause in &mut self.clauses {
            if let Some(scorer) = clause.at(doc, &mut self.failed) {
                score += scorer.score();
            }
        }
        score
    }
}

/// One clause's scorer in a segment, asked about one passage after another.
///
/// Moving a phrase scorer with `seek` reads the positions of every passage
/// holding all its words on the way to the target; `seek_danger` looks at
/// the target alone, which is what is wanted here: a few passages spread
/// over the whole segment.
struct Clause<'a> {
    weight: &'a dyn Weight,
    reader: &'a SegmentReader,
    scorer: Option<Box<dyn Scorer>>,
    /// No document below this matches.
    next: DocId,
}

impl<'a> Clause<'a> {
    fn new(weight: &'a dyn Weight, reader: &'a SegmentReader) -> Clause<'a> {
        Clause {
            weight,
            reader,
            scorer: None,
            next: 0,
        }
    }

    /// The scorer, on `doc`, when the clause matches `doc`. Each call must
    /// ask about a later document than the one before.
    fn at(&mut self, doc: DocId, failed: &mut bool) -> Option<&mut Box<dyn Scorer>> {
        // Nothing matches below the bound the last miss gave (and the
        // scorer must not be asked about it).
        if doc < self.next {
            return None;
        }
        let found = match &mut self.scorer {
            Some(scorer) => scorer.seek_danger(doc),
            None => match self.weight.scorer_danger(self.reader, doc, 1.0) {
                Ok((found, scorer)) => {
                    self.scorer = Some(scorer);
                    found
                }
                Err(_) => {
                    *failed = true;
                    return None;
                }
            },
        };
        match found {
            SeekDangerResult::Found => self.scorer.as_mut(),
            SeekDangerResult::SeekLowerBound(next) => {
                self.next = next;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(every_word: bool, score: f32, doc: u32, url: u32) -> Ranked {
        Ranked {
            every_word,
            score,
            address: DocAddress::new(0, doc),
            url,
        }
    }

    fn urls_and_docs(top: TopUrls) -> Vec<(u32, u32)> {
        top.into_ranked()
            .iter()
            .map(|r| (r.url, r.address.doc_id))
            .collect()
    }

    #[test]
    fn keeps_the_best_passage_of_each_of_the_best_urls() {
        let mut top = TopUrls::new(2);
        top.push(passage(true, 1.0, 0, 10));
        top.push(passage(true, 3.0, 1, 10)); // a better passage of URL 10
        top.push(passage(true, 2.0, 2, 11));
        top.push(passage(true, 0.5, 3, 12)); // below the worst kept
        assert_eq!(urls_and_docs(top), vec![(10, 1), (11, 2)]);
    }

    #[test]
    fn an_evicted_url_comes_back_with_a_better_passage() {
        let mut top = TopUrls::new(2);
        top.push(passage(true, 1.0, 0, 10));
        top.push(passage(true, 2.0, 1, 11));
        top.push(passage(true, 3.0, 2, 12)); // evicts URL 10
        assert_eq!(top.worst().map(|w| w.url), Some(11));
        top.push(passage(true, 4.0, 3, 10));
        assert_eq!(urls_and_docs(top), vec![(10, 3), (12, 2)]);
    }

    #[test]
    fn every_word_comes_first_and_ties_go_to_the_earlier_passage() {
        let mut top = TopUrls::new(3);
        top.push(passage(false, 9.0, 0, 10));
        top.push(passage(true, 1.0, 2, 11));
        top.push(passage(true, 1.0, 1, 12));
        assert_eq!(urls_and_docs(top), vec![(12, 1), (11, 2), (10, 0)]);
    }

    #[test]
    fn a_passage_is_bounded_by_the_share_of_words_its_terms_can_give_it() {
        // Three groups: a passage of the every-word tier must hold all three.
        assert_eq!(Tier::EveryWord.most_scale(0b011, 3), None);
        assert_eq!(Tier::EveryWord.most_scale(0b111, 3), Some(1.0));
        // One missing a word: by the groups its terms belong to, and never
        // more than all but one.
        let some = Tier::SomeWords { most: 2.0 / 3.0 };
        assert_eq!(some.most_scale(0b001, 3), Some(1.0 / 3.0));
        assert_eq!(some.most_scale(0b011, 3), Some(2.0 / 3.0));
        assert_eq!(some.most_scale(0b111, 3), Some(2.0 / 3.0));
        // Bits past the query's groups (none are set) do not count.
        assert_eq!(some.most_scale(0b1000, 3), Some(0.0));
    }

    #[test]
    fn passages_missing_a_word_stop_once_the_list_holds_only_every_word_ones() {
        let every = passage(true, 1.0, 0, 10);
        let some = passage(false, 1.0, 0, 10);
        assert_eq!(Tier::EveryWord.threshold(None), Score::MIN);
        assert!(Tier::EveryWord.threshold(Some(&every)) < 1.0);
        let tier = Tier::SomeWords { most: 0.5 };
        assert_eq!(tier.threshold(Some(&every)), Score::INFINITY);
        // A scaled bound must pass the worst score (less the rounding margin).
        let needed = tier.threshold(Some(&some));
        assert!(needed < 1.0 && needed > 0.99, "{needed}");
    }
}
