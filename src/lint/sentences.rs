//! Sentences and words, roughly: good enough to find a sentence far over
//! the limit, never meant to parse English.

/// GOV.UK's plain-English rule of thumb: a sentence over this is too long.
pub const MAX_WORDS: usize = 40;

/// One sentence, and the byte position in the block where it starts.
pub struct Sentence<'a> {
    pub start: usize,
    pub text: &'a str,
}

/// Splits at `.`, `!` or `?` (and any closing quote or bracket after it)
/// followed by white space. "e.g. this" splits early, which can only make
/// a sentence look shorter: the lint errs towards silence.
pub fn split(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if matches!(next, '"' | '\'' | '”' | '’' | ')' | ']' | '.' | '!' | '?') {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
            push(text, start, end, &mut out);
            start = end;
        }
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Sentence<'a>>) {
    let piece = &text[start..end];
    let trimmed = piece.trim_start();
    let start = start + (piece.len() - trimmed.len());
    if !trimmed.trim().is_empty() {
        out.push(Sentence {
            start,
            text: trimmed.trim_end(),
        });
    }
}

/// Words: runs of non-space holding a letter or digit ("–" is not a word).
pub fn words(sentence: &str) -> usize {
    sentence
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_followed_by_space() {
        let got: Vec<_> = split("One two. “Three?” Four 1.5 five! Six")
            .iter()
            .map(|s| (s.start, s.text))
            .collect();
        assert_eq!(
            got,
            [
                (0, "One two."),
                (9, "“Three?”"),
                (22, "Four 1.5 five!"),
                (37, "Six")
            ]
        );
        assert_eq!(words("Pace yourself – use your judgement."), 5);
    }
}
