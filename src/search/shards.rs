//! The browser's sharded static index (`search/shards/`): a first query
//! loads a small manifest, the term shards holding its words and the
//! stored fields of the results it shows, not the whole index. Every file
//! is a script (`<script src>` works from `file://`, where `fetch` does
//! not) that stores one object in `window.FIRSTDAYS_SEARCH_SHARDS[key]`.
//!
//! Read back from the tantivy index, so the browser scores with exactly the
//! statistics tantivy scores with. Format version 2:
//!
//! - `manifest.js`, key `manifest`:
//!   - `n`: number of documents (indexed passages, in index order);
//!   - `fields[f]`: `[name, boost, match, norms, positions]` of each scored
//!     field (`match` 0 when the field is looked up with each stem of the
//!     query, 1 with the whole query's name key, 2 with each content word
//!     as typed; `norms`, `positions` 0 or 1: what each posting carries);
//!   - `tokens[f]`: the field's total number of tokens;
//!   - `phrases[c]`: `[field, boost, slop, whole]` of each phrase clause
//!     (`schema::PHRASE_CLAUSES`), `field` an index into `fields`, `whole`
//!     1 for the whole query's phrase, 0 for each two neighbouring words;
//!   - `stop`: the query stop words, space-separated; `max_words`,
//!     `max_typo_stems`: the query limits; `kinds`: the document kinds the
//!     stored fields refer to by position;
//!   - `terms`: the first term of each term shard after the first, in
//!     byte order (shard `t<i>` holds the terms from boundary `i - 1` up to
//!     boundary `i`);
//!   - `groups`: passages per URL, in document order (consecutive passages
//!     share a URL), as a string of base-36 digits, `z` continuing a run;
//!   - `doc_shard`: documents per document shard;
//!   - `vocab[i]`: `[first, last]`, the word lengths (in characters) that
//!     vocabulary shard `v<i>` holds.
//! - `t<i>.js`: `[[term, field, postings], ...]`; postings are, per
//!   document, the gap from the previous one (the first from -1), negated
//!   and followed by the term frequency when that is above 1, then the
//!   field norm (if the field has norms), then the positions as gaps (the
//!   first from -1, if the field has positions).
//! - `d<i>.js`: documents `i * doc_shard ..`: `[url, kind, page, title,
//!   body]` and, for a glossary term, its keywords.
//! - `v<i>.js`: the unstemmed vocabulary words of the lengths `vocab[i]`
//!   says, shortest first, each length in index order, for typo tolerance
//!   (loaded only for a word the index does not know).
//! - `glossary.js`: `[[url, term, definition], ...]`, every glossary term's
//!   first passage, for the definition previews (`glossary-preview.js`).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, SegmentReader};

use super::analysis::{MAX_QUERY_WORDS, STOP_WORDS};
use super::index::kind_name;
use super::plan::MAX_TYPO_STEMS;
use super::query::OpenIndex;
use super::schema::{Match, PHRASE_CLAUSES, SCORED_FIELDS, ScoredField};
use super::{DocKind, SearchDoc};

const FORMAT_VERSION: u32 = 2;
/// A term shard is closed once its JSON passes this many bytes (before
/// gzip): small enough that a query's few words cost a few kilobytes,
/// large enough that the manifest's list of boundaries stays short.
const TERM_SHARD_BYTES: usize = 8_000;
/// A vocabulary shard takes the words of one length after another until
/// its JSON would pass this many bytes. Only a word the index does not know
/// loads any (those within the typo distance in length). A shard per
/// length made 16 of the guide's 43 shard files and of each council
/// copy's 72, for 12 KB of words in all (15 KB at 10,000 sections).
const VOCABULARY_SHARD_BYTES: usize = 16_000;

/// Documents per stored-fields shard: a results page of ten shows ten
/// passages, which sit in at most ten shards. 16, not 4: at 10,000
/// sections the build writes 12,300 files, not 45,000, and a first query
/// costs 137 KiB, not 127 KiB (0.27 of Pagefind's; 32 would pass a third at
/// 1,000 sections). See `bench/RESULTS.md`.
const DOC_SHARD_SIZE: usize = 16;

/// Documents per stored-fields shard for a large index (more passages than
/// [`LARGE_INDEX_DOCS`]): 32. Pagefind's first query grows with the site
/// (199 KiB at 1,000 sections, 498 KiB at 10,000) faster than ours does,
/// so shards of 32 that would pass a third of it at 1,000 sections cost
/// 146 KiB, 0.29 of it, at 10,000; and they halve the stored-text files
/// there (10,900 to 5,450), which were half the files the build creates.
const LARGE_DOC_SHARD_SIZE: usize = 32;

/// Passages above which an index is large: 1,000 sections make about
/// 17,000 passages, 10,000 sections about 174,000.
const LARGE_INDEX_DOCS: usize = 64_000;

/// Documents per stored-fields shard for an index of `docs` passages.
fn doc_shard_size(docs: usize) -> usize {
    if docs > LARGE_INDEX_DOCS {
        LARGE_DOC_SHARD_SIZE
    } else {
        DOC_SHARD_SIZE
    }
}

/// The document kinds, in the order stored fields number them.
const KINDS: [DocKind; 4] = [
    DocKind::Section,
    DocKind::Term,
    DocKind::Checklist,
    DocKind::Resource,
];

/// The folder, inside `search/`, that holds the shards.
pub(crate) const SHARDS_DIR: &str = "shards";

#[derive(Serialize)]
struct Manifest {
    v: u32,
    n: u32,
    fields: Vec<FieldHeader>,
    tokens: Vec<u64>,
    phrases: Vec<(usize, f32, u32, u8)>,
    stop: String,
    max_words: usize,
    max_typo_stems: usize,
    kinds: Vec<&'static str>,
    terms: Vec<String>,
    groups: String,
    doc_shard: usize,
    vocab: Vec<(usize, usize)>,
}

/// One posting list: a term of one field, its postings already written as
/// JSON numbers separated by commas (each number is written once, straight
/// to text: at 10,000 sections, a `serde_json::Value` per number made the
/// export an eighth of the build and most of its memory).
struct TermPostings {
    term: String,
    field: usize,
    postings: String,
}

impl TermPostings {
    /// Appends `[term,field,[postings]]`, as `serde_json` writes it.
    fn push_json(&self, out: &mut String) {
        out.push('[');
        push_json_str(out, &self.term);
        out.push(',');
        push_number(out, self.field as i64);
        out.push_str(",[");
        out.push_str(&self.postings);
        out.push_str("]]");
    }

    /// The length of [`TermPostings::push_json`]'s text, given the length
    /// of the term as a JSON string.
    fn json_len(&self, term_json: usize) -> usize {
        term_json + itoa::Buffer::new().format(self.field).len() + self.postings.len() + 6
    }
}

/// `lists` one after another, in one vector allocated once (at 10,000
/// sections there are millions of posting lists).
fn concat(lists: Vec<Vec<TermPostings>>) -> Vec<TermPostings> {
    let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    for list in lists {
        all.extend(list);
    }
    all
}

/// The term shards of `lists` (sorted by term, then field): each shard's
/// range in `lists`, and the first term of each shard after the first.
/// All fields of one term stay in one shard; a shard takes terms until its
/// entries' JSON would pass [`TERM_SHARD_BYTES`].
fn term_shards(lists: &[TermPostings]) -> (Vec<std::ops::Range<usize>>, Vec<String>) {
    let mut ranges = Vec::new();
    let mut boundaries = Vec::new();
    let (mut start, mut shard_bytes, mut i) = (0, 0, 0);
    let mut term_json = String::new();
    while i < lists.len() {
        let first = i;
        term_json.clear();
        push_json_str(&mut term_json, &lists[first].term);
        // Each entry and the comma after it.
        let mut bytes = 0;
        while i < lists.len() && lists[i].term == lists[first].term {
            bytes += lists[i].json_len(term_json.len()) + 1;
            i += 1;
        }
        shard_bytes += bytes;
        if first > start && shard_bytes > TERM_SHARD_BYTES {
            ranges.push(start..first);
            boundaries.push(lists[first].term.clone());
            start = first;
            shard_bytes = bytes;
        }
    }
    // The last shard (an empty index has one, empty).
    ranges.push(start..lists.len());
    (ranges, boundaries)
}

/// Appends `n` to a comma-separated list of JSON numbers.
fn push_posting(out: &mut String, n: i64) {
    if !out.is_empty() {
        out.push(',');
    }
    push_number(out, n);
}

fn push_number(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// A JSON string literal, escaped exactly as `serde_json` escapes it.
fn push_json_str(out: &mut String, s: &str) {
    // serde_json escapes only `"`, `\` and control characters: a word
    // without them (nearly every term) is written as it is, with no
    // `String` made for it first.
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        // Writing a `&str` to JSON cannot fail.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

/// The shard files, as (name inside `search/shards/`, contents).
/// Every file of the static index, `(name, text)`, sorted by name (the
/// tests compare exports whole).
#[cfg(test)]
pub(crate) fn export(index: &OpenIndex) -> Result<Vec<(String, String)>, String> {
    let files = std::sync::Mutex::new(Vec::new());
    export_each(index, &|name, text| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, text));
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort();
    Ok(files)
}

/// Where [`export_each`] puts each file, `(name, text)`, as soon as it is
/// made; called from several threads at once.
pub(crate) type Emit<'a> = dyn Fn(String, String) -> Result<(), String> + Sync + 'a;

/// Makes every file of the static index and hands each to `emit` as soon
/// as it is made, so the shards (at 10,000 sections some 158 MB of text)
/// are never all in memory at once.
pub(crate) fn export_each(index: &OpenIndex, emit: &Emit) -> Result<(), String> {
    let segments = index.searcher.segment_readers();
    let mut bases = Vec::with_capacity(segments.len());
    let mut n = 0u32;
    for segment in segments {
        bases.push(n);
        n += segment.max_doc();
    }
    let emit_file = |(name, text): (String, String)| emit(name, text);
    let Written {
        fields,
        tokens,
        boundaries,
    } = write_term_shards(index, segments, &bases, BYTES_PER_RUN, &emit_file)?;

    // Stored fields, and the runs of passages sharing a URL.
    let docs: Vec<_> = index.docs.iter().flatten().collect();
    let mut groups = String::new();
    let mut run = 0usize;
    for (d, doc) in docs.iter().enumerate() {
        run += 1;
        if docs.get(d + 1).is_none_or(|next| next.url != doc.url) {
            groups.push_str(&encode_run(run));
            run = 0;
        }
    }
    let doc_shard = doc_shard_size(docs.len());
    // Each shard's JSON is made and handed over on whichever thread is free.
    docs.par_chunks(doc_shard)
        .enumerate()
        .try_for_each(|(s, chunk)| {
            emit_file(shard_file_of_json(&format!("d{s}"), &docs_json(chunk)))
        })?;

    // The glossary's definitions, for the previews on glossary links.
    let mut seen = std::collections::HashSet::new();
    let glossary: Vec<(&str, &str, &str)> = docs
        .iter()
        .filter(|doc| doc.kind == super::DocKind::Term && seen.insert(doc.url.as_str()))
        .map(|doc| (doc.url.as_str(), doc.title.as_str(), doc.body.as_str()))
        .collect();
    emit_file(shard_file("glossary", &glossary)?)?;

    // The vocabulary by word length, for typo tolerance.
    let mut by_length: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for word in &index.vocabulary {
        by_length
            .entry(word.chars.len())
            .or_default()
            .push(&word.text);
    }
    let vocab = vocabulary_shards(&by_length);
    for (i, lengths) in vocab.iter().enumerate() {
        // A small site may have no words of some length inside the range.
        let words: Vec<&str> = by_length
            .range(lengths.clone())
            .flat_map(|(_, words)| words.iter().copied())
            .collect();
        emit_file(shard_file(&format!("v{i}"), &words)?)?;
    }

    let manifest = Manifest {
        v: FORMAT_VERSION,
        n,
        fields,
        tokens,
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
        terms: boundaries,
        groups,
        doc_shard,
        vocab: vocab
            .iter()
            .map(|lengths| (*lengths.start(), *lengths.end()))
            .collect(),
    };
    emit_file(shard_file("manifest", &manifest)?)
}

/// Writes the term shards, each handed to `emit` once full, and returns
/// the fields' manifest headers, their token counts and the first term of
/// each shard after the first.
///
/// The terms are read in runs of about `bytes_per_run` bytes of postings
/// (cut at terms of the field with the most), as many runs at once as
/// there are threads, every field's terms of a run together; each run's
/// lists are cut into shards as [`term_shards`] cuts the whole, the last,
/// unfinished shard carried into the next run. So only a few runs' posting
/// lists are held at once: at 10,000 sections the lists of every field
/// were some 125 MB, the build's peak, when they were all read first.
fn write_term_shards(
    index: &OpenIndex,
    segments: &[SegmentReader],
    bases: &[u32],
    bytes_per_run: usize,
    emit: &(dyn Fn((String, String)) -> Result<(), String> + Sync),
) -> Result<Written, String> {
    let scored = index.fields.scored();
    let infos: Vec<FieldInfo> = scored
        .par_iter()
        .map(|&field| field_info(segments, field, bytes_per_run))
        .collect::<Result<_, String>>()?;
    let starts = infos
        .iter()
        .max_by_key(|info| info.bytes)
        .map(|info| info.starts.clone())
        .unwrap_or_default();
    let run_range = |r: usize| {
        let from = r.checked_sub(1).map(|r| starts[r].as_slice());
        (from, starts.get(r).map(Vec::as_slice))
    };
    let read_run = |r: usize| -> Result<Vec<TermPostings>, String> {
        let lists = scored
            .iter()
            .zip(&infos)
            .enumerate()
            .map(|(f, (&(field, _), info))| {
                read_terms(segments, bases, f, field, info.option, run_range(r))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let mut lists = concat(lists);
        // Byte order of the term, then field: the order the browser's
        // binary search over the boundaries assumes.
        lists.sort_by(|a, b| a.term.cmp(&b.term).then(a.field.cmp(&b.field)));
        Ok(lists)
    };
    let write = |s: usize, entries: &[TermPostings]| {
        let mut shard = String::with_capacity(entries.iter().map(|e| e.postings.len() + 32).sum());
        for (e, entry) in entries.iter().enumerate() {
            if e > 0 {
                shard.push(',');
            }
            entry.push_json(&mut shard);
        }
        emit(shard_file_of_json(&format!("t{s}"), &json_array(&shard)))
    };
    let (mut shards, mut boundaries) = (0, Vec::new());
    // The last shard so far: it may take terms of the next run too.
    let mut carried: Vec<TermPostings> = Vec::new();
    let runs: Vec<usize> = (0..=starts.len()).collect();
    for window in runs.chunks(rayon::current_num_threads().max(1)) {
        let read: Vec<Vec<TermPostings>> = window
            .par_iter()
            .map(|&r| read_run(r))
            .collect::<Result<_, String>>()?;
        for run in read {
            let mut lists = std::mem::take(&mut carried);
            lists.extend(run);
            let (ranges, cuts) = term_shards(&lists);
            // Every shard but the last is full; each after the first
            // starts at its boundary.
            boundaries.extend(cuts);
            let last = ranges.last().cloned().unwrap_or(0..0);
            for range in &ranges[..ranges.len().saturating_sub(1)] {
                write(shards, &lists[range.clone()])?;
                shards += 1;
            }
            carried = lists.split_off(last.start);
        }
    }
    // The last shard (an empty index has one, empty).
    write(shards, &carried)?;
    Ok(Written {
        fields: infos.iter().map(|i| i.header).collect(),
        tokens: infos.iter().map(|i| i.tokens).collect(),
        boundaries,
    })
}

/// What the manifest needs from [`write_term_shards`].
#[derive(Debug, PartialEq)]
struct Written {
    fields: Vec<FieldHeader>,
    tokens: Vec<u64>,
    /// The first term of each term shard after the first.
    boundaries: Vec<String>,
}

/// The word lengths of each vocabulary shard: consecutive lengths of those
/// `by_length` has, a shard closed once its JSON would pass
/// [`VOCABULARY_SHARD_BYTES`].
fn vocabulary_shards(by_length: &BTreeMap<usize, Vec<&str>>) -> Vec<RangeInclusive<usize>> {
    let mut shards: Vec<RangeInclusive<usize>> = Vec::new();
    let mut size = 0;
    for (&length, words) in by_length {
        // `"word",` each.
        let bytes: usize = words.iter().map(|w| w.len() + 3).sum();
        match shards.last_mut() {
            Some(lengths) if size + bytes <= VOCABULARY_SHARD_BYTES => {
                *lengths = *lengths.start()..=length;
                size += bytes;
            }
            _ => {
                shards.push(length..=length);
                size = bytes;
            }
        }
    }
    shards
}

/// `[[url, kind, page, title, body(, keywords)], ...]` of `docs`.
fn docs_json(docs: &[&SearchDoc]) -> String {
    let mut json = String::from("[");
    for (e, doc) in docs.iter().enumerate() {
        let kind = KINDS.iter().position(|k| *k == doc.kind).unwrap_or(0);
        if e > 0 {
            json.push(',');
        }
        // `[url, kind, page, title, body]`, and a term's keywords.
        json.push('[');
        push_json_str(&mut json, &doc.url);
        json.push(',');
        push_number(&mut json, kind as i64);
        for text in [&doc.page_title, &doc.title, &doc.body] {
            json.push(',');
            push_json_str(&mut json, text);
        }
        if !doc.keywords.is_empty() {
            json.push_str(",[");
            for (k, keyword) in doc.keywords.iter().enumerate() {
                if k > 0 {
                    json.push(',');
                }
                push_json_str(&mut json, keyword);
            }
            json.push(']');
        }
        json.push(']');
    }
    json.push(']');
    json
}

/// A field as the manifest describes it: name, boost, what it is matched
/// against, whether it has length norms, whether it has positions.
type FieldHeader = (&'static str, f32, u8, u8, u8);

/// One scored field's header for the manifest, its number of tokens, how
/// its postings are read, the bytes they take in the index, and where its
/// runs of about `bytes_per_run` of them start.
struct FieldInfo {
    header: FieldHeader,
    tokens: u64,
    option: IndexRecordOption,
    bytes: usize,
    /// The first term of each run after the first, from the segment with
    /// the most postings.
    starts: Vec<Vec<u8>>,
}

/// At most this many runs of terms the posting lists are read in: one
/// field (`body`, with positions) holds most of the postings, and read
/// whole it kept one core busy while the other waited.
const READ_RUNS: usize = 16;

/// Bytes of postings and positions (in the index) for each run of terms.
const BYTES_PER_RUN: usize = 256 * 1024;

/// Field `field` (scored as `scored`) in every segment: its header and
/// tokens, and runs of about `bytes_per_run` bytes of postings and
/// positions in the index (at most [`READ_RUNS`]; a common word's postings
/// are thousands of times a rare one's, so runs of as many terms would not
/// be as much work).
fn field_info(
    segments: &[SegmentReader],
    (field, scored): (Field, ScoredField),
    bytes_per_run: usize,
) -> Result<FieldInfo, String> {
    let with_positions = PHRASE_CLAUSES.iter().any(|c| c.field == scored.name);
    let mut has_norms = true;
    let mut total = 0u64;
    let mut starts: Vec<Vec<u8>> = Vec::new();
    let mut most = 0;
    for segment in segments {
        let inverted = segment.inverted_index(field).map_err(|e| e.to_string())?;
        total += inverted.total_num_tokens();
        has_norms &= segment
            .fieldnorms_readers()
            .get_field(field)
            .map_err(|e| e.to_string())?
            .is_some();
        // The bytes each term's postings (and positions) take, by the
        // term's ordinal.
        let terms = inverted.terms();
        let mut sizes = Vec::with_capacity(terms.num_terms());
        let mut stream = terms.stream().map_err(|e| e.to_string())?;
        while stream.advance() {
            let info = stream.value();
            sizes.push(
                info.postings_range.len()
                    + usize::from(with_positions) * info.positions_range.len(),
            );
        }
        let bytes: usize = sizes.iter().sum();
        if bytes > most {
            most = bytes;
            let runs = (bytes / bytes_per_run.max(1)).clamp(1, READ_RUNS);
            starts.clear();
            let mut so_far = 0;
            for (ord, size) in sizes.into_iter().enumerate() {
                // Run k (after the first) starts at the first term with
                // at least k shares of the bytes before it.
                if so_far >= (starts.len() + 1) * bytes / runs && starts.len() + 1 < runs {
                    let mut term = Vec::new();
                    terms
                        .ord_to_term(ord as u64, &mut term)
                        .map_err(|e| e.to_string())?;
                    starts.push(term);
                }
                so_far += size;
            }
        }
    }
    Ok(FieldInfo {
        header: (
            scored.name,
            scored.boost,
            match_code(scored.matches),
            u8::from(has_norms),
            u8::from(with_positions),
        ),
        tokens: total,
        option: if with_positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        },
        bytes: most,
        starts,
    })
}

/// The posting lists of `field` (number `f`) for the terms from
/// `range.0` (inclusive) up to `range.1` (exclusive; `None` for no
/// bound), every segment's in turn, in term order.
fn read_terms(
    segments: &[SegmentReader],
    bases: &[u32],
    f: usize,
    field: Field,
    option: IndexRecordOption,
    range: (Option<&[u8]>, Option<&[u8]>),
) -> Result<Vec<TermPostings>, String> {
    let with_positions = option == IndexRecordOption::WithFreqsAndPositions;
    // Each term's postings so far, and the last document they hold.
    let mut by_term: BTreeMap<String, (String, i64)> = BTreeMap::new();
    for (segment, base) in segments.iter().zip(bases) {
        let inverted = segment.inverted_index(field).map_err(|e| e.to_string())?;
        let norms = segment
            .fieldnorms_readers()
            .get_field(field)
            .map_err(|e| e.to_string())?;
        let mut terms = inverted.terms().range();
        if let Some(from) = range.0 {
            terms = terms.ge(from);
        }
        if let Some(to) = range.1 {
            terms = terms.lt(to);
        }
        let mut stream = terms.into_stream().map_err(|e| e.to_string())?;
        let mut positions = Vec::new();
        while stream.advance() {
            let term = std::str::from_utf8(stream.key())
                .map_err(|e| e.to_string())?
                .to_owned();
            let mut docs = inverted
                .read_postings_from_terminfo(stream.value(), option)
                .map_err(|e| e.to_string())?;
            let (out, previous) = by_term.entry(term).or_insert_with(|| (String::new(), -1));
            while docs.doc() != tantivy::TERMINATED {
                let doc = i64::from(base + docs.doc());
                let tf = docs.term_freq();
                let gap = doc - *previous;
                *previous = doc;
                if tf == 1 {
                    push_posting(out, gap);
                } else {
                    push_posting(out, -gap);
                    push_posting(out, i64::from(tf));
                }
                if let Some(reader) = &norms {
                    push_posting(out, i64::from(reader.fieldnorm(docs.doc())));
                }
                if with_positions {
                    docs.positions(&mut positions);
                    let mut at = -1i64;
                    for &p in &positions {
                        push_posting(out, i64::from(p) - at);
                        at = i64::from(p);
                    }
                }
                docs.advance();
            }
        }
    }
    Ok(by_term
        .into_iter()
        .map(|(term, (postings, _))| TermPostings {
            term,
            field: f,
            postings,
        })
        .collect())
}

fn match_code(matches: Match) -> u8 {
    match matches {
        Match::Stems => 0,
        Match::Name => 1,
        Match::Words => 2,
    }
}

/// A run of `n` passages: base-36 digits, `z` (35) meaning "35, and the
/// run goes on".
fn encode_run(mut n: usize) -> String {
    let mut out = String::new();
    while n >= 35 {
        out.push('z');
        n -= 35;
    }
    out.push(char::from_digit(n as u32, 36).unwrap_or('0'));
    out
}

fn shard_file(key: &str, value: &impl Serialize) -> Result<(String, String), String> {
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    Ok(shard_file_of_json(key, &json))
}

/// `[` + `items` + `]`.
fn json_array(items: &str) -> String {
    let mut out = String::with_capacity(items.len() + 2);
    out.push('[');
    out.push_str(items);
    out.push(']');
    out
}

/// The shard script storing `json` (a value already written as JSON) under `key`.
fn shard_file_of_json(key: &str, json: &str) -> (String, String) {
    const PREFIX: &str = "(window.FIRSTDAYS_SEARCH_SHARDS=window.FIRSTDAYS_SEARCH_SHARDS||{})[\"";
    let mut script = String::with_capacity(PREFIX.len() + key.len() + json.len() + 8);
    script.push_str(PREFIX);
    script.push_str(key);
    script.push_str("\"]=");
    // U+2028 and U+2029 end a line inside a string literal in pre-2019 JavaScript.
    if json.contains(['\u{2028}', '\u{2029}']) {
        script.push_str(
            &json
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029"),
        );
    } else {
        script.push_str(json);
    }
    script.push_str(";\n");
    (format!("{key}.js"), script)
}

#[cfg(test)]
mod tests {
    use super::encode_run;

    #[test]
    fn vocabulary_shards_take_whole_lengths_in_order_up_to_the_size() {
        use super::{BTreeMap, VOCABULARY_SHARD_BYTES, vocabulary_shards};
        let word = |n: usize| "w".repeat(n);
        let words: Vec<String> = (1..=9).map(word).collect();
        let mut by_length: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for w in &words {
            by_length.insert(w.len(), vec![w.as_str()]);
        }
        assert_eq!(
            vocabulary_shards(&by_length),
            vec![1..=9],
            "small: one shard"
        );
        // Lengths 4 and 7 too large to share a shard with anything.
        let big4 = vec!["abcd"; VOCABULARY_SHARD_BYTES / 7];
        let big7 = vec!["abcdefg"; VOCABULARY_SHARD_BYTES / 10];
        by_length.insert(4, big4);
        by_length.insert(7, big7);
        assert_eq!(
            vocabulary_shards(&by_length),
            vec![1..=3, 4..=4, 5..=6, 7..=7, 8..=9]
        );
        assert!(vocabulary_shards(&BTreeMap::new()).is_empty());
        // A length with no words is inside a range, not a shard of its own.
        let gappy: BTreeMap<usize, Vec<&str>> = [(2, vec!["ab"]), (5, vec!["abcde"])].into();
        assert_eq!(vocabulary_shards(&gappy), vec![2..=5]);
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "",
            "care",
            "children’s",
            "naïve café 子供",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "\u{0}\u{1f}\u{7f}\u{80}",
            "</script>",
        ] {
            let mut out = String::from("x");
            super::push_json_str(&mut out, s);
            assert_eq!(
                out,
                format!("x{}", serde_json::to_string(s).unwrap()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn term_shards_split_where_the_written_json_would_pass_the_size() {
        use super::{TERM_SHARD_BYTES, TermPostings, push_json_str, term_shards};
        // Terms JSON escapes differently (quotes, controls, non-ASCII), in
        // one to three fields each, with postings of every length.
        let terms = ["a\"b", "caf\u{e9}", "tab\there", "x", "\u{2028}", "zz"];
        let mut next = crate::search::test_rng(5);
        let mut lists = Vec::new();
        for i in 0..600 {
            let term = format!("{}{i:04}", terms[next(terms.len())]);
            for field in 0..1 + next(3) {
                let postings: Vec<String> = (0..next(400)).map(|p| p.to_string()).collect();
                lists.push(TermPostings {
                    term: term.clone(),
                    field: field * 5,
                    postings: postings.join(","),
                });
            }
        }
        lists.sort_by(|a, b| a.term.cmp(&b.term).then(a.field.cmp(&b.field)));
        let json = |range: std::ops::Range<usize>| {
            let mut out = String::new();
            for (e, entry) in lists[range].iter().enumerate() {
                if e > 0 {
                    out.push(',');
                }
                entry.push_json(&mut out);
            }
            out
        };
        let (ranges, boundaries) = term_shards(&lists);
        assert!(ranges.len() > 20, "{} shards", ranges.len());
        assert_eq!(boundaries.len(), ranges.len() - 1);
        // Whole, in order, each shard starting a term, named by its boundary.
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges.last().map(|r| r.end), Some(lists.len()));
        for (pair, boundary) in ranges.windows(2).zip(&boundaries) {
            let (this, next) = (&pair[0], &pair[1]);
            assert_eq!(this.end, next.start);
            assert_eq!(&lists[next.start].term, boundary);
            assert_ne!(lists[next.start - 1].term, lists[next.start].term);
            // Within the size with the comma after each entry, and over it
            // with the next term's entries too (unless it is the only term).
            let term_end = lists[next.start..]
                .iter()
                .position(|l| l.term != *boundary)
                .map_or(lists.len(), |k| next.start + k);
            let first_term_end = lists[this.clone()]
                .iter()
                .position(|l| l.term != lists[this.start].term)
                .map_or(this.end, |k| this.start + k);
            let entries = this.len();
            if first_term_end < this.end {
                assert!(json(this.clone()).len() + entries <= TERM_SHARD_BYTES);
            }
            let with_next = json(this.start..term_end).len() + (term_end - this.start);
            assert!(with_next > TERM_SHARD_BYTES);
        }
        // The lengths counted are those written.
        for entry in &lists {
            let mut out = String::new();
            entry.push_json(&mut out);
            let mut term = String::new();
            push_json_str(&mut term, &entry.term);
            assert_eq!(entry.json_len(term.len()), out.len(), "{out}");
            let value: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(value[0], entry.term.as_str());
        }
    }

    #[test]
    fn the_term_shards_are_the_same_however_the_terms_are_read_in_runs() {
        use super::{READ_RUNS, field_info, write_term_shards};
        use crate::search::{DocKind, SearchDoc, index, query::OpenIndex};
        // 3,000 words, each in a few passages, at several positions.
        let words: Vec<String> = (0..3_000).map(|i| format!("w{i:x}")).collect();
        let mut next = crate::search::test_rng(7);
        let docs: Vec<SearchDoc> = (0..400)
            .map(|i| {
                let body: Vec<&str> = (0..60).map(|_| words[next(words.len())].as_str()).collect();
                SearchDoc {
                    url: format!("page-{}.html#part-{i}", i / 4),
                    title: format!("{} {}", words[next(words.len())], words[i]),
                    kind: DocKind::Section,
                    page_title: format!("Page {}", i / 4),
                    body: format!("{}.", body.join(" ")),
                    keywords: Vec::new(),
                }
            })
            .collect();
        let dir = std::path::Path::new("search/index");
        let index = OpenIndex::from_built(index::build(docs, 1, dir).unwrap(), dir).unwrap();
        let segments = index.searcher.segment_readers();
        let shards = |bytes_per_run: usize| {
            let files = std::sync::Mutex::new(Vec::new());
            let written = write_term_shards(&index, segments, &[0], bytes_per_run, &|file| {
                files.lock().unwrap().push(file);
                Ok(())
            })
            .unwrap();
            (written, files.into_inner().unwrap())
        };
        let whole = shards(usize::MAX);
        assert!(whole.1.len() > 10, "{} term shards", whole.1.len());
        assert_eq!(
            whole.0.boundaries.len(),
            whole.1.len() - 1,
            "a boundary per shard after the first"
        );
        for bytes_per_run in [1, 700, 5_000, 60_000] {
            assert!(
                shards(bytes_per_run) == whole,
                "runs of {bytes_per_run} bytes"
            );
        }
        // Small runs cut `body` (every word, with positions) into the most runs.
        let body = field_info(segments, index.fields.scored()[2], 1).unwrap();
        assert_eq!(body.starts.len() + 1, READ_RUNS);
    }

    #[test]
    fn a_large_index_stores_its_passages_32_to_a_document_shard_in_order() {
        use super::{LARGE_DOC_SHARD_SIZE, LARGE_INDEX_DOCS, export};
        use crate::search::{DocKind, SearchDoc, index, query::OpenIndex};
        // One short passage each, just over the size where shards grow.
        let n = LARGE_INDEX_DOCS + 45;
        let docs: Vec<SearchDoc> = (0..n)
            .map(|i| SearchDoc {
                url: format!("page-{}.html#part-{i}", i / 8),
                title: format!("title{i}"),
                kind: DocKind::Section,
                page_title: format!("Page {}", i / 8),
                body: format!("word{} word{}.", i % 97, i % 89),
                keywords: Vec::new(),
            })
            .collect();
        let dir = std::path::Path::new("search/index");
        let built = index::build(docs.clone(), 1, dir).unwrap();
        let files = export(&OpenIndex::from_built(built, dir).unwrap()).unwrap();
        let value = |name: &str| -> serde_json::Value {
            let (_, text) = files.iter().find(|(f, _)| f == name).unwrap();
            let (_, json) = text.split_once("\"]=").unwrap();
            serde_json::from_str(json.trim_end().trim_end_matches(';')).unwrap()
        };
        let manifest = value("manifest.js");
        assert_eq!(manifest["n"], n);
        assert_eq!(manifest["doc_shard"], LARGE_DOC_SHARD_SIZE);
        let shards = files.iter().filter(|(f, _)| f.starts_with('d')).count();
        assert_eq!(shards, n.div_ceil(LARGE_DOC_SHARD_SIZE));
        // Where the browser looks for passage `d` (`search.js`, `doc`).
        for d in (0..n).step_by(997).chain([31, 32, 33, n - 1]) {
            let shard = value(&format!("d{}.js", d / LARGE_DOC_SHARD_SIZE));
            let stored = &shard[d % LARGE_DOC_SHARD_SIZE];
            assert_eq!(stored[0], docs[d].url.as_str(), "passage {d}");
            assert_eq!(stored[3], docs[d].title.as_str(), "passage {d}");
        }
        let last = value(&format!("d{}.js", shards - 1));
        assert_eq!(
            last.as_array().unwrap().len(),
            n - (shards - 1) * LARGE_DOC_SHARD_SIZE
        );
    }

    #[test]
    fn runs_are_base_36_with_z_continuing() {
        assert_eq!(encode_run(1), "1");
        assert_eq!(encode_run(10), "a");
        assert_eq!(encode_run(35), "z0");
        assert_eq!(encode_run(36), "z1");
        assert_eq!(encode_run(71), "zz1");
    }
}
