//! Long bodies are indexed as several passages.
//!
//! BM25 divides a match by the length of the text it sits in: a rare word in
//! a 700-word section ("organisational chart" in People) scores below a
//! common word in a three-word glossary title. Indexing each section as
//! passages of about a paragraph lets the passage that talks about the query
//! win; results are then merged back to one per URL (the best passage), and
//! its snippet comes from that passage.

use super::analysis;

/// Passages are packed from whole sentences up to about this many words.
pub(crate) const PASSAGE_WORDS: usize = 50;

/// Splits `body` into passages of whole sentences (a sentence ends at a
/// line break or at `.`, `?` or `!` followed by a space), each of at most
/// `PASSAGE_WORDS` words unless one sentence alone is longer. A short body is
/// one passage; an empty body is one empty passage.
pub(crate) fn passages(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut current_words = 0;
    for sentence in sentences(body) {
        let words = analysis::word_count(sentence);
        if current_words > 0 && current_words + words > PASSAGE_WORDS {
            out.push(std::mem::take(&mut current).trim().to_string());
            current_words = 0;
        }
        current.push_str(sentence);
        current_words += words;
    }
    let last = current.trim();
    if !last.is_empty() || out.is_empty() {
        out.push(last.to_string());
    }
    out
}

/// `body` cut after each sentence end; the pieces concatenate back to `body`.
fn sentences(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends =
            c == '\n' || (matches!(c, '.' | '?' | '!') && next.is_some_and(char::is_whitespace));
        if ends {
            let end = i + c.len_utf8();
            out.push(&body[start..end]);
            start = end;
        }
    }
    if start < body.len() {
        out.push(&body[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_bodies_stay_whole() {
        assert_eq!(passages("One. Two."), vec!["One. Two."]);
        assert_eq!(passages(""), vec![""]);
    }

    #[test]
    fn long_bodies_split_at_sentence_ends() {
        let sentence = "Ten words make up this sentence for the test here. ";
        let body = sentence.repeat(20);
        let parts = passages(&body);
        assert_eq!(parts.len(), 4);
        assert!(parts.iter().all(|p| p.ends_with('.')));
        assert!(
            parts
                .iter()
                .all(|p| analysis::words(p).len() <= PASSAGE_WORDS)
        );
        assert_eq!(parts.join(" "), body.trim());
    }

    #[test]
    fn a_long_sentence_is_a_passage_of_its_own() {
        let long = "word ".repeat(200);
        assert_eq!(passages(&long).len(), 1);
    }
}
