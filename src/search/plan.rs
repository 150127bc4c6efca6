//! From a query string to the stems to look up: stop words, stemming and
//! typo tolerance. Mirrored by `plan()` in `search.js`.

use std::collections::HashMap;

use super::analysis::{self, MAX_QUERY_WORDS};

/// At most this many stems stand in for one misspelt word.
pub(crate) const MAX_TYPO_STEMS: usize = 5;

/// What the planner needs to know about the index.
pub(crate) trait Vocabulary {
    /// True when `stem` occurs in a field matched by stems.
    fn has_stem(&self, stem: &str) -> bool;
    /// Every distinct unstemmed word of the index, in index (byte) order,
    /// as characters, with its stem.
    fn words(&self) -> &[VocabularyWord];
}

#[derive(Debug, Clone)]
pub(crate) struct VocabularyWord {
    pub text: String,
    pub chars: Vec<char>,
    pub stem: String,
}

/// What a query looks up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryPlan {
    /// For each distinct content word of the query that the index knows
    /// (at most `MAX_QUERY_WORDS`), the stems standing for it: its own, or
    /// for a misspelt word those of the closest vocabulary words.
    pub groups: Vec<Vec<String>>,
    /// All stems of `groups`, in query order, without duplicates.
    pub stems: Vec<String>,
    /// The whole query as a name key, for exact glossary names.
    pub name: String,
    /// Each content word of the query the index knows, in query order
    /// (repeats kept), as its position among the query's words (stop words
    /// count) and the stem it is looked up by (a misspelt word's first
    /// correction): what the phrase and nearness clauses match.
    pub phrase: Vec<(usize, String)>,
    /// The distinct content words of `groups` as typed (lower-cased), for
    /// the exact-form field; a misspelt word is left out.
    pub words: Vec<String>,
    /// What highlighting marks inflections of: `words`, and the vocabulary
    /// words each misspelt word was corrected to.
    pub typed: Vec<String>,
}

pub(crate) fn plan(query: &str, vocabulary: &impl Vocabulary) -> QueryPlan {
    let words = analysis::words(query);
    let mut seen_words: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut phrase: Vec<(usize, String)> = Vec::new();
    let mut exact: Vec<String> = Vec::new();
    let mut typed: Vec<String> = Vec::new();
    for (position, word) in analysis::content_word_positions(&words) {
        if let Some(&group) = seen_words.get(word) {
            if let Some(first) = groups.get(group).and_then(|g| g.first()) {
                phrase.push((position, first.clone()));
            }
            continue;
        }
        if seen_words.len() >= MAX_QUERY_WORDS {
            break;
        }
        let stem = analysis::stem(word);
        let group = if vocabulary.has_stem(&stem) {
            exact.push(word.to_owned());
            typed.push(word.to_owned());
            vec![stem]
        } else {
            let (stems, corrections) = typo_stems(word, vocabulary);
            typed.extend(corrections);
            stems
        };
        // Unknown words get an index past every group, so repeats skip them.
        seen_words.insert(
            word,
            if group.is_empty() {
                usize::MAX
            } else {
                groups.len()
            },
        );
        if let Some(first) = group.first() {
            phrase.push((position, first.clone()));
            groups.push(group);
        }
    }
    let mut stems: Vec<String> = Vec::new();
    for stem in groups.iter().flatten() {
        push_new(&mut stems, stem.clone());
    }
    QueryPlan {
        groups,
        stems,
        name: analysis::name_key(query),
        phrase,
        words: exact,
        typed,
    }
}

fn push_new(stems: &mut Vec<String>, stem: String) {
    if !stems.contains(&stem) {
        stems.push(stem);
    }
}

/// The share of the query's words a document matches, which multiplies its
/// BM25 score (Lucene's classic "coord" factor): "section 17" should rank
/// the definition that mentions section 17 above the "Section 47" entry,
/// whose one-word title match alone scores higher.
pub(crate) fn coverage(matched_groups: u32, groups: usize) -> f32 {
    if groups == 0 {
        1.0
    } else {
        matched_groups as f32 / groups as f32
    }
}

/// The stems of the vocabulary words closest to `word`, when within its
/// typo distance: all words at the smallest distance found, first ones in
/// index order (at most `MAX_TYPO_STEMS`); and those words, for marking.
fn typo_stems(word: &str, vocabulary: &impl Vocabulary) -> (Vec<String>, Vec<String>) {
    let chars: Vec<char> = word.chars().collect();
    let max = analysis::max_typo_distance(chars.len());
    if max == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut best = max;
    let mut found: Vec<&str> = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for candidate in vocabulary.words() {
        let Some(distance) = analysis::osa_distance(&chars, &candidate.chars, best) else {
            continue;
        };
        if distance < best {
            best = distance;
            found.clear();
            words.clear();
        }
        if !found.contains(&candidate.stem.as_str()) {
            found.push(&candidate.stem);
        }
        words.push(&candidate.text);
    }
    let stems = found
        .into_iter()
        .take(MAX_TYPO_STEMS)
        .map(str::to_owned)
        .collect();
    (stems, words.into_iter().map(str::to_owned).collect())
}
