//! Text analysis shared by indexing and querying. The browser runtime
//! (`themes/default/static/search.js`) mirrors every rule here; change both
//! together, the parity tests in `tests/it/search/js.rs` will tell you if not.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    TokenFilter, TokenStream, Tokenizer,
};

/// tantivy's own stemming analyzer: SimpleTokenizer, tokens of 40 bytes or
/// more dropped, lower-cased, Snowball English stemmer.
pub(crate) const EN_STEM: &str = "en_stem";
/// The same without the stemmer: the vocabulary typo tolerance works on.
pub(crate) const WORDS: &str = "firstdays_words";

/// Tokens at least this long (in UTF-8 bytes, before lower-casing) are dropped.
const MAX_TOKEN_BYTES: usize = 40;

/// At most this many distinct query words are used: a pasted essay must not
/// cost more than a question.
pub(crate) const MAX_QUERY_WORDS: usize = 32;

/// Words dropped from queries (never from the index) so that questions like
/// "what is an EHCP" or "who inspects children's services" rank on their
/// content words. "s" and "t" are what is left of "children's" and "don't"
/// once the tokenizer splits at the apostrophe.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "could", "do", "does", "for",
    "from", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "s",
    "should", "t", "that", "the", "their", "them", "there", "these", "they", "this", "those", "to",
    "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with",
    "would", "you", "your",
];

pub(crate) fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

pub(crate) fn en_stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(MemoStemmer)
        .build()
}

/// tantivy's `LowerCaser` then its Snowball English stemmer, remembering
/// the stem of each word as written (in this thread's `STEMS`).
///
/// A guide says the same words again and again: at 10,000 sections the
/// stemmer was a tenth of the build's CPU, nearly all of it spent on words
/// it had stemmed before (bench/RESULTS-scale.md, 25 November).
#[derive(Clone)]
pub(crate) struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemFilter<T> {
        MemoStemFilter { inner }
    }
}

#[derive(Clone)]
pub(crate) struct MemoStemFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemFilter<T> {
    type TokenStream<'a> = MemoStemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub(crate) struct MemoStemStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for MemoStemStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        STEMS.with_borrow_mut(|stems| stems.lower_stems.apply(text));
        true
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        self.tail.token_mut()
    }
}

thread_local! {
    /// The stems this thread has made. Stemming is a function of the word
    /// alone, so a memo kept for the thread's life serves every index it
    /// builds (150 councils' each) and every query it answers, with no lock.
    static STEMS: RefCell<Stems> = RefCell::new(Stems {
        lower_stems: Memo::new(lower_stemmer()),
        stems: Memo::new(stemmer()),
    });
}

struct Stems {
    /// Word as written → its lower-cased stem (`MemoStemmer`).
    lower_stems: Memo,
    /// Lower-cased word → its stem (`stem`).
    stems: Memo,
}

/// One analyzer's output for each word it has been given.
struct Memo {
    analyzer: TextAnalyzer,
    outputs: FxHashMap<String, String>,
}

/// Words a memo remembers at most. A memo that reaches it is emptied and
/// starts again, so text with more distinct words (a huge guide, or a
/// council's folder made to waste memory) costs at most this many words'
/// memory per thread, and is stemmed as without a memo.
const MEMO_WORDS: usize = 50_000;

impl Memo {
    fn new(analyzer: TextAnalyzer) -> Memo {
        Memo {
            analyzer,
            outputs: FxHashMap::default(),
        }
    }

    /// Replaces `word` with the analyzer's one token for it (empty if it
    /// makes none).
    fn apply(&mut self, word: &mut String) {
        if let Some(output) = self.outputs.get(word) {
            word.clear();
            word.push_str(output);
            return;
        }
        let mut stream = self.analyzer.token_stream(word);
        let output = stream.next().map(|t| t.text.clone()).unwrap_or_default();
        drop(stream);
        if self.outputs.len() >= MEMO_WORDS {
            self.outputs.clear();
        }
        let written = std::mem::replace(word, output);
        self.outputs.insert(written, word.clone());
    }
}

/// tantivy's own tokenizers and both analyzers. tantivy does not persist
/// custom tokenizers, so an index is given these when it is created and
/// again when it is opened.
pub(crate) fn tokenizers() -> tantivy::tokenizer::TokenizerManager {
    let tokenizers = tantivy::tokenizer::TokenizerManager::default();
    tokenizers.register(EN_STEM, en_stem_analyzer());
    tokenizers.register(WORDS, words_analyzer());
    tokenizers
}

/// One word of a text: lower-cased, with its byte range in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// How many words `words(text)` would give, without making them.
pub(crate) fn word_count(text: &str) -> usize {
    let mut tokenizer = SimpleTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut count = 0;
    while stream.advance() {
        let token = stream.token();
        // The length filter runs before lower-casing: the bytes as written.
        count += usize::from(token.offset_to - token.offset_from < MAX_TOKEN_BYTES);
    }
    count
}

/// Splits `text` exactly as the index does, before stemming.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut analyzer = words_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(Word {
            text: token.text.clone(),
            start: token.offset_from,
            end: token.offset_to,
        });
    }
    out
}

/// Stems one lower-cased word with the index's stemmer.
///
/// The word goes through tantivy's `Stemmer` filter alone (not the whole
/// `en_stem` chain) so that the length filter is not applied a second time
/// after lower-casing, which can lengthen a word.
pub fn stem(word: &str) -> String {
    let mut word = word.to_string();
    STEMS.with_borrow_mut(|stems| stems.stems.apply(&mut word));
    word
}

/// The stemmer alone, for `stem`.
fn stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .build()
}

/// `LowerCaser` and the stemmer, for one word: what `MemoStemmer` remembers.
fn lower_stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// The words of a query that carry its meaning: all but the stop words,
/// or all of them when every one is a stop word ("who are we").
pub(crate) fn content_words(words: &[Word]) -> Vec<&str> {
    let content: Vec<&str> = words
        .iter()
        .map(|w| w.text.as_str())
        .filter(|w| !is_stop_word(w))
        .collect();
    if content.is_empty() {
        words.iter().map(|w| w.text.as_str()).collect()
    } else {
        content
    }
}

/// `content_words` with each word's position among all the words.
pub(crate) fn content_word_positions(words: &[Word]) -> Vec<(usize, &str)> {
    let all = words.iter().enumerate().map(|(i, w)| (i, w.text.as_str()));
    if words.iter().all(|w| is_stop_word(&w.text)) {
        all.collect()
    } else {
        all.filter(|(_, w)| !is_stop_word(w)).collect()
    }
}

/// A name reduced to the stems of its content words, space-separated:
/// "Education, Health and Care Plan" and "what is an education health
/// care plan" both give "educ health care plan".
pub fn name_key(text: &str) -> String {
    let words = words(text);
    let content = content_words(&words);
    content
        .iter()
        .take(MAX_QUERY_WORDS)
        .map(|w| stem(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Endings that make another form of the same word (care, cares, cared,
/// caring; family, families), as against endings that make another word
/// sharing its stem (careful, carefully).
const INFLECTIONS: &[&str] = &[
    "", "d", "e", "ed", "es", "ie", "ied", "ies", "ing", "s", "y",
];

/// True when `word` is `typed` or an inflection of it (both lower-cased):
/// after their longest common beginning, what is left of each is an
/// inflection ending, or a doubled last letter and one ("planned" for
/// "plan"). Highlighting marks only these, though the index matches every
/// word sharing the stem.
pub(crate) fn same_word(word: &str, typed: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (word.chars().collect(), typed.chars().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let ending = |rest: &[char]| {
        let text: String = rest.iter().collect();
        if INFLECTIONS.contains(&text.as_str()) {
            return true;
        }
        // A doubled consonant: "plan" + "ned".
        match (common.checked_sub(1).map(|i| a[i]), rest.split_first()) {
            (Some(last), Some((first, tail))) if *first == last && !"aeiou".contains(last) => {
                let tail: String = tail.iter().collect();
                matches!(tail.as_str(), "ed" | "ing")
            }
            _ => false,
        }
    };
    ending(&a[common..]) && ending(&b[common..])
}

/// The largest typo distance allowed for a query word of `chars` characters.
pub(crate) fn max_typo_distance(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Damerau-Levenshtein distance in its optimal-string-alignment form
/// (adjacent transpositions count 1, no substring edited twice), or `None`
/// when it exceeds `max`.
pub(crate) fn osa_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![0usize; 3 * width];
    let (mut two_back, mut one_back, mut current) = (0, width, 2 * width);
    for (j, cell) in rows[one_back..one_back + width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[current] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[one_back + j] + 1)
                .min(rows[current + j - 1] + 1)
                .min(rows[one_back + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[two_back + j - 2] + 1);
            }
            rows[current + j] = best;
            row_min = row_min.min(best);
        }
        if row_min > max {
            return None;
        }
        (two_back, one_back, current) = (one_back, current, two_back);
    }
    let distance = rows[one_back + b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_split_like_tantivy() {
        let got: Vec<String> = words("Children’s services: EHCP-ready")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(got, ["children", "s", "services", "ehcp", "ready"]);
    }

    #[test]
    fn word_count_counts_the_words_that_words_makes() {
        let long = "x".repeat(MAX_TOKEN_BYTES);
        let just_short = "y".repeat(MAX_TOKEN_BYTES - 1);
        // 'İ' is 2 bytes and lower-cases to 3: the limit is on the bytes as written.
        let widening = "İ".repeat(MAX_TOKEN_BYTES / 2 - 1);
        for text in [
            "",
            "  ,. ",
            "Children’s services: EHCP-ready",
            &format!("{long} {just_short} a{long}b {widening}"),
            "café naïve 2019/20 — x",
        ] {
            assert_eq!(word_count(text), words(text).len(), "{text:?}");
        }
    }

    /// Every token of `text` through tantivy's own chain and through ours.
    fn stems_both_ways(analyzer: &mut TextAnalyzer, text: &str) -> (Vec<String>, Vec<String>) {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let tokens = |analyzer: &mut TextAnalyzer| {
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while let Some(token) = stream.next() {
                out.push(format!(
                    "{} {} {}-{}",
                    token.text, token.position, token.offset_from, token.offset_to
                ));
            }
            out
        };
        (tokens(&mut plain), tokens(analyzer))
    }

    #[test]
    fn the_memo_stems_as_the_stemmer_does_seen_or_not() {
        let mut analyzer = en_stem_analyzer();
        let text = "Fostering fostered FOSTERS; the carers cared, caring for careful care. \
            İSTANBUL Straße ΣΊΣΥΦΟΣ";
        for _ in 0..2 {
            let (plain, memo) = stems_both_ways(&mut analyzer, text);
            assert_eq!(memo, plain);
        }
        // Past the memo's size, it starts again: words are still stemmed.
        let many: String = (0..MEMO_WORDS + 100)
            .map(|i| format!("fostering{i}s "))
            .collect();
        for _ in 0..2 {
            let (plain, memo) = stems_both_ways(&mut analyzer, &many);
            assert_eq!(memo, plain);
        }
    }

    #[test]
    fn stems_like_en_stem() {
        assert_eq!(stem("fostering"), "foster");
        assert_eq!(stem("safeguarded"), "safeguard");
        assert_eq!(stem("inspections"), "inspect");
    }

    #[test]
    fn inflections_are_the_same_word_and_derivations_are_not() {
        for word in [
            "care",
            "cares",
            "cared",
            "caring",
            "Care".to_lowercase().as_str(),
        ] {
            assert!(same_word(word, "care"), "{word}");
            assert!(same_word("care", word), "{word}");
        }
        assert!(same_word("families", "family"));
        assert!(same_word("planned", "plan"));
        assert!(same_word("planning", "plans"));
        assert!(same_word("safeguarded", "safeguarding"));
        for word in ["careful", "carefully", "career", "carer"] {
            assert!(!same_word(word, "care"), "{word}");
        }
        assert!(!same_word("inspection", "inspect"));
    }

    #[test]
    fn osa() {
        let d = |a: &str, b: &str, m| {
            osa_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
                m,
            )
        };
        assert_eq!(d("safegaurding", "safeguarding", 2), Some(1));
        assert_eq!(d("adoptoin", "adoption", 1), Some(1));
        assert_eq!(d("ofstead", "ofsted", 1), Some(1));
        assert_eq!(d("ca", "abc", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("", "abc", 3), Some(3));
    }
}
