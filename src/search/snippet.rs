//! Snippets: about 160 characters of a body around the best cluster of
//! matched words, HTML-escaped, matched words in `<mark>`. Mirrored by
//! `snippet()` in `search.js`; lengths are counted in characters.

use std::collections::HashSet;

use super::analysis;
use crate::html::escape_into;

const WINDOW_CHARS: usize = 160;
/// How much text to keep before the first matched word of the window.
const LEAD_CHARS: usize = 30;

struct Span {
    start: usize,
    end: usize,
    marked: Option<String>,
}

/// What a snippet marks: a word with one of the stems the query looked up
/// that is also a word the reader typed, or an inflection of one
/// (`analysis::same_word`): "care" marks "cared", not "careful".
pub(crate) struct Marks {
    pub stems: HashSet<String>,
    /// The query's content words as typed (lower-cased), and for a misspelt
    /// word the vocabulary words it was corrected to.
    pub typed: Vec<String>,
}

impl Marks {
    fn marks(&self, word: &str, stem: &str) -> bool {
        self.stems.contains(stem) && self.typed.iter().any(|t| analysis::same_word(word, t))
    }
}

/// `stem_of` maps a lower-cased body word to its stem.
pub(crate) fn snippet(body: &str, marks: &Marks, stem_of: impl Fn(&str) -> String) -> String {
    // Character offsets of every byte boundary, so windows are measured in characters.
    let chars: Vec<char> = body
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    if chars.is_empty() {
        return String::new();
    }
    let mut char_index = vec![0usize; body.len() + 1];
    let mut n = 0;
    for (byte, _) in body.char_indices() {
        char_index[byte] = n;
        n += 1;
    }
    char_index[body.len()] = n;

    let spans: Vec<Span> = analysis::words(body)
        .into_iter()
        .map(|w| {
            let stem = stem_of(&w.text);
            Span {
                start: char_index[w.start],
                end: char_index[w.end],
                marked: marks.marks(&w.text, &stem).then_some(stem),
            }
        })
        .collect();

    let start = pull_back(&spans, best_window_start(&spans), chars.len());
    let end = window_end(&spans, start, chars.len());

    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for span in spans
        .iter()
        .filter(|s| s.marked.is_some() && s.start >= start && s.end <= end)
    {
        escape_into(&mut out, chars[at..span.start].iter().copied());
        out.push_str("<mark>");
        escape_into(&mut out, chars[span.start..span.end].iter().copied());
        out.push_str("</mark>");
        at = span.end;
    }
    escape_into(&mut out, chars[at..end].iter().copied());
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// The window start (a word start) that shows the most distinct matched
/// stems, then the most matched words; the earliest on a tie.
fn best_window_start(spans: &[Span]) -> usize {
    let mut best = (0, 0, 0usize);
    for anchor in spans.iter().filter(|s| s.marked.is_some()) {
        let lead_from = anchor.start.saturating_sub(LEAD_CHARS);
        let start = spans
            .iter()
            .find(|s| s.start >= lead_from)
            .map_or(anchor.start, |s| s.start);
        let limit = start + WINDOW_CHARS;
        let inside: Vec<&Span> = spans
            .iter()
            .filter(|s| s.start >= start && s.end <= limit && s.marked.is_some())
            .collect();
        let distinct: HashSet<&str> = inside.iter().filter_map(|s| s.marked.as_deref()).collect();
        let score = (distinct.len(), inside.len());
        if score > (best.0, best.1) {
            best = (score.0, score.1, start);
        }
    }
    best.2
}

/// A window that would run past the end of the text starts earlier instead,
/// at a word start: a short body is shown whole.
fn pull_back(spans: &[Span], start: usize, len: usize) -> usize {
    if start + WINDOW_CHARS <= len {
        return start;
    }
    let earliest = len.saturating_sub(WINDOW_CHARS);
    if earliest == 0 {
        return 0;
    }
    spans
        .iter()
        .find(|s| s.start >= earliest)
        .map_or(start, |s| s.start.min(start))
}

/// The window end: `start + WINDOW_CHARS`, pulled back to the end of the
/// last whole word, or the end of the text.
fn window_end(spans: &[Span], start: usize, len: usize) -> usize {
    let limit = start + WINDOW_CHARS;
    if limit >= len {
        return len;
    }
    spans
        .iter()
        .rev()
        .find(|s| s.start >= start && s.end <= limit)
        .map_or(limit, |s| s.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marks for a query of `typed` words.
    fn marks(typed: &[&str]) -> Marks {
        Marks {
            stems: typed.iter().map(|w| analysis::stem(w)).collect(),
            typed: typed.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn marks_and_escapes() {
        let got = snippet(
            "Fostering & adoption <b>",
            &marks(&["fostering"]),
            analysis::stem,
        );
        assert_eq!(got, "<mark>Fostering</mark> &amp; adoption &lt;b&gt;");
    }

    #[test]
    fn windows_long_text_around_the_match() {
        let body = format!(
            "{} safeguarding {}",
            "word ".repeat(100),
            "more ".repeat(100)
        );
        let got = snippet(&body, &marks(&["safeguarding"]), analysis::stem);
        assert!(got.starts_with('…') && got.ends_with('…'), "{got}");
        assert!(got.contains("<mark>safeguarding</mark>"));
        assert!(got.chars().count() < WINDOW_CHARS + 40);
    }

    #[test]
    fn short_bodies_are_shown_whole() {
        let body = "Regional arrangements for providing adoption services, which can include councils \
                    working together and joining with voluntary adoption agencies.";
        let got = snippet(body, &marks(&["agency"]), analysis::stem);
        assert!(
            got.starts_with("Regional") && got.ends_with("<mark>agencies</mark>."),
            "{got}"
        );
    }

    #[test]
    fn a_match_near_the_end_fills_the_window_from_before() {
        let body = format!("{}the end of fostering.", "word ".repeat(100));
        let got = snippet(&body, &marks(&["fostering"]), analysis::stem);
        assert!(
            got.starts_with('…') && got.ends_with("<mark>fostering</mark>."),
            "{got}"
        );
        assert!(got.chars().count() > WINDOW_CHARS - 10, "{got}");
    }

    #[test]
    fn marks_inflections_of_the_typed_word_not_other_words_of_its_stem() {
        let got = snippet(
            "Careful carers care, cared and are caring.",
            &marks(&["care"]),
            analysis::stem,
        );
        assert_eq!(
            got,
            "Careful carers <mark>care</mark>, <mark>cared</mark> and are <mark>caring</mark>."
        );
    }

    #[test]
    fn empty_body() {
        assert_eq!(snippet("", &marks(&["x"]), analysis::stem), "");
    }
}
