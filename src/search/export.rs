//! The browser's static index, read back from the tantivy index so that the
//! browser scores with exactly the statistics tantivy scores with.
//!
//! Format (`window.FIRSTDAYS_SEARCH`, version 1). Documents are the indexed
//! passages, numbered in index order (segment by segment); several share a
//! URL when a long body was split (`passage.rs`).
//! - `n`: number of documents.
//! - `fields`: `[name, boost, match]` of each scored field, `match` 0 when
//!   the field is looked up with each stem of the query, 1 when with the
//!   whole query's name key, 2 when with each content word as typed; every per-field array below follows this order.
//! - `tokens[f]`: total number of tokens of field `f` (average field length
//!   is `tokens[f] / n`, in f32, as tantivy computes it).
//! - `norms[f][doc]`: field length as tantivy decoded it from its one-byte
//!   field norm; a number in place of the array when the field records no
//!   norms (tantivy then uses 1 for every document).
//! - `terms[f]`: the field's terms, one per line, in index order (name keys
//!   contain spaces).
//! - `postings[f][t]`: documents of term `t`, as gaps from the previous
//!   document (the first from -1); a gap is written `g` when the term occurs
//!   once, `-g, tf` otherwise. Document frequency is the number of postings.
//! - `phrases[c]`: `[field, boost, slop, whole]` of each phrase clause
//!   (`schema::PHRASE_CLAUSES`), `field` an index into `fields`, `whole` 1
//!   for the whole query's phrase, 0 for each two neighbouring words. The
//!   browser finds positions by tokenizing the stored title and body, as
//!   the index did.
//! - `stop`: the query stop words, space-separated; `max_words`,
//!   `max_typo_stems`: the query limits.
//! - `kinds`, `pages`: lists the documents refer to by position.
//! - `docs[doc]`: `[url, kind, page, title, body]`, then `keywords` (the
//!   abbreviations and aliases, an array) for a glossary term.
//!
//! The vocabulary typo tolerance corrects to is not exported: it is the set
//! of words of the titles, keywords and bodies, which the browser tokenizes
//! exactly as the index did (in byte order, as in the index).
//!
//! The browser ranks as `Searcher::search` does: BM25 summed over the
//! query's clauses, times the share of query words matched; passages
//! matching every word first, then best first, ties to the lower document,
//! one result per URL.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use tantivy::DocSet;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;

use super::DocKind;
use super::analysis::{MAX_QUERY_WORDS, STOP_WORDS};
use super::index::kind_name;
use super::plan::MAX_TYPO_STEMS;
use super::query::OpenIndex;
use super::schema::{Match, PHRASE_CLAUSES, SCORED_FIELDS};
use crate::diagnostics::{Diagnostic, Result};

const FORMAT_VERSION: u32 = 2;
pub(crate) const KINDS: [DocKind; 4] = [
    DocKind::Section,
    DocKind::Term,
    DocKind::Checklist,
    DocKind::Resource,
];

#[derive(Serialize)]
struct StaticIndex<'a> {
    v: u32,
    n: u32,
    fields: Vec<(&'static str, f32, u8)>,
    tokens: Vec<u64>,
    norms: Vec<Norms>,
    terms: Vec<String>,
    postings: Vec<Vec<Vec<i64>>>,
    phrases: Vec<(usize, f32, u32, u8)>,
    stop: String,
    max_words: usize,
    max_typo_stems: usize,
    kinds: Vec<&'static str>,
    pages: Vec<String>,
    docs: Vec<ExportedDoc<'a>>,
}

/// `[url, kind, page, title, body]`, then `keywords` for a glossary term;
/// borrowed, so the export holds no second copy of every body.
#[derive(Serialize)]
#[serde(untagged)]
enum ExportedDoc<'a> {
    Plain(&'a str, usize, usize, &'a str, &'a str),
    WithKeywords(&'a str, usize, usize, &'a str, &'a str, &'a [String]),
}

#[derive(Serialize)]
#[serde(untagged)]
enum Norms {
    Constant(u8),
    PerDoc(Vec<u32>),
}

pub(crate) fn export(index_dir: &Path) -> Result<String> {
    export_open(&OpenIndex::open(index_dir)?, index_dir)
}

/// The static index of an index already open; `index_dir` names it in messages.
pub(crate) fn export_open(index: &OpenIndex, index_dir: &Path) -> Result<String> {
    let failed = |e: String| {
        Diagnostic::new(
            index_dir,
            format!(
                "failed to export the search index `{}`: {e}",
                index_dir.display()
            ),
        )
    };
    let segments = index.searcher.segment_readers();
    // Global document numbers: segments one after the other.
    let mut bases = Vec::with_capacity(segments.len());
    let mut n = 0u32;
    for segment in segments {
        bases.push(n);
        n += segment.max_doc();
    }

    let mut tokens = Vec::new();
    let mut norms = Vec::new();
    let mut terms = Vec::new();
    let mut postings = Vec::new();
    for (field, _) in index.fields.scored() {
        let mut total = 0u64;
        let mut field_norms: Option<Vec<u32>> = Some(Vec::with_capacity(n as usize));
        let mut by_term: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
        for (segment, base) in segments.iter().zip(&bases) {
            let inverted = segment
                .inverted_index(field)
                .map_err(|e| failed(e.to_string()))?;
            total += inverted.total_num_tokens();
            match segment
                .fieldnorms_readers()
                .get_field(field)
                .map_err(|e| failed(e.to_string()))?
            {
                Some(reader) => {
                    if let Some(norms) = field_norms.as_mut() {
                        norms.extend((0..segment.max_doc()).map(|doc| reader.fieldnorm(doc)));
                    }
                }
                None => field_norms = None,
            }
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(|e| failed(e.to_string()))?;
            while stream.advance() {
                let term = std::str::from_utf8(stream.key())
                    .map_err(|e| failed(e.to_string()))?
                    .to_owned();
                let mut docs = inverted
                    .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)
                    .map_err(|e| failed(e.to_string()))?;
                let list = by_term.entry(term).or_default();
                while docs.doc() != tantivy::TERMINATED {
                    list.push((base + docs.doc(), docs.term_freq()));
                    docs.advance();
                }
            }
        }
        tokens.push(total);
        norms.push(field_norms.map_or(Norms::Constant(1), Norms::PerDoc));
        terms.push(
            by_term
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        );
        postings.push(by_term.values().map(|list| encode_postings(list)).collect());
    }

    // Page titles in order of first use; a map finds each doc's (one per
    // section, so a linear search would be documents × sections).
    let mut pages: Vec<String> = Vec::new();
    let mut page_numbers: HashMap<&str, usize> = HashMap::new();
    let mut docs = Vec::with_capacity(n as usize);
    for doc in index.docs.iter().flatten() {
        let page = *page_numbers
            .entry(doc.page_title.as_str())
            .or_insert_with(|| {
                pages.push(doc.page_title.clone());
                pages.len() - 1
            });
        let kind = KINDS.iter().position(|k| *k == doc.kind).unwrap_or(0);
        let (url, title, body) = (doc.url.as_str(), doc.title.as_str(), doc.body.as_str());
        docs.push(match doc.keywords.is_empty() {
            true => ExportedDoc::Plain(url, kind, page, title, body),
            false => ExportedDoc::WithKeywords(url, kind, page, title, body, &doc.keywords),
        });
    }

    let exported = StaticIndex {
        v: FORMAT_VERSION,
        n,
        fields: SCORED_FIELDS
            .iter()
            .map(|f| (f.name, f.boost, match_code(f.matches)))
            .collect(),
        tokens,
        norms,
        terms,
        postings,
        phrases: PHRASE_CLAUSES
            .iter()
            .filter_map(|c| {
                let field = SCORED_FIELDS.iter().position(|f| f.name == c.field)?;
                Some((field, c.boost, c.slop, u8::from(c.whole)))
            })
            .collect(),
        stop: STOP_WORDS.join(" "),
        max_words: MAX_QUERY_WORDS,
        max_typo_stems: MAX_TYPO_STEMS,
        kinds: KINDS.iter().map(|k| kind_name(*k)).collect(),
        pages,
        docs,
    };
    // Written straight into the file's text: at 10,000 sections it is tens
    // of megabytes, and each extra copy of it costs time and memory.
    let mut js = b"window.FIRSTDAYS_SEARCH=".to_vec();
    serde_json::to_writer(&mut js, &exported).map_err(|e| failed(e.to_string()))?;
    js.extend_from_slice(b";\n");
    let json = String::from_utf8(js).map_err(|e| failed(e.to_string()))?;
    // U+2028 and U+2029 end a line inside a string literal in pre-2019 JavaScript.
    if json.contains(['\u{2028}', '\u{2029}']) {
        return Ok(json
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029"));
    }
    Ok(json)
}

pub(crate) fn match_code(matches: Match) -> u8 {
    match matches {
        Match::Stems => 0,
        Match::Name => 1,
        Match::Words => 2,
    }
}

/// Gaps from the previous document; `-gap, tf` when the term occurs more than once.
fn encode_postings(list: &[(u32, u32)]) -> Vec<i64> {
    let mut out = Vec::with_capacity(list.len());
    let mut previous = -1i64;
    for &(doc, tf) in list {
        let gap = i64::from(doc) - previous;
        previous = i64::from(doc);
        if tf == 1 {
            out.push(gap);
        } else {
            out.push(-gap);
            out.push(i64::from(tf));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_postings;

    #[test]
    fn postings_are_gaps_with_term_frequencies() {
        assert_eq!(
            encode_postings(&[(0, 1), (3, 2), (4, 1)]),
            vec![1, -3, 2, 1]
        );
    }
}
