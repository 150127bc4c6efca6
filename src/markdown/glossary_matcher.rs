//! Finding glossary terms in text: one aho-corasick automaton over every
//! term, abbreviation and alias; whole words only; longest match wins.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use unicode_segmentation::GraphemeCursor;

use crate::content::Glossary;

/// What a matched name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub term_slug: String,
    /// `Some(expansion)` when the name is an abbreviation, shown as `<abbr title>`.
    pub expansion: Option<String>,
    case_sensitive: bool,
    text: String,
}

/// A mention found in a piece of text (byte offsets into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'m> {
    pub start: usize,
    pub end: usize,
    pub name: &'m Name,
}

pub struct GlossaryMatcher {
    automaton: AhoCorasick,
    /// Parallel to the automaton's patterns.
    names: Vec<Name>,
}

impl GlossaryMatcher {
    pub fn new(glossary: &Glossary) -> GlossaryMatcher {
        let mut names = Vec::new();
        for term in &glossary.terms {
            let mut add = |text: &str, expansion: Option<&str>, case_sensitive: bool| {
                // Validation refuses such names with a message; skipping them
                // here too means an empty name can never match between every
                // two bytes, whatever path a guide took to get here.
                let text = text.trim();
                if !text.chars().any(char::is_alphanumeric) {
                    return;
                }
                // The guide writes ’; editors type '. Match either.
                for variant in [text.replace('’', "'"), text.replace('\'', "’")] {
                    if !names
                        .iter()
                        .any(|n: &Name| n.text == variant && n.term_slug == term.slug)
                    {
                        names.push(Name {
                            term_slug: term.slug.clone(),
                            expansion: expansion.map(str::to_string),
                            case_sensitive,
                            text: variant,
                        });
                    }
                }
            };
            add(&term.meta.term, None, term.meta.match_case);
            for a in &term.meta.abbreviations {
                add(a.abbr(), Some(a.expansion(&term.meta.term)), true);
            }
            for alias in &term.meta.aliases {
                add(alias, None, term.meta.match_case);
            }
        }
        // A contiguous NFA whatever the size: below 100 names aho-corasick
        // would pick a DFA, which for the guide's glossary took 1.0 ms to
        // build against 0.35 ms, to search its 18 KB of text 50 µs sooner;
        // and every build makes a matcher per site and old edition. Above
        // 100 names this is the kind it picks anyway.
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(names.iter().map(|n| &n.text))
            .expect("glossary names are plain strings, which always build an automaton");
        GlossaryMatcher { automaton, names }
    }

    /// Every mention in `text`: whole words, with the right capitals where
    /// that matters, and where two overlap, the one that starts first and
    /// then the longest ("child sexual exploitation" before "child").
    pub fn find<'m>(&'m self, text: &str) -> Vec<Mention<'m>> {
        let mut candidates: Vec<Mention> = self
            .automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let name = &self.names[m.pattern().as_usize()];
                // Names are whole UTF-8 strings, so matches fall on character
                // boundaries; `get` keeps that an assumption, not a panic.
                let found = text.get(m.start()..m.end())?;
                let case_ok = !name.case_sensitive || found == name.text;
                (case_ok && is_whole_word(text, m.start(), m.end())).then_some(Mention {
                    start: m.start(),
                    end: m.end(),
                    name,
                })
            })
            .collect();
        candidates.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut chosen: Vec<Mention> = Vec::new();
        for m in candidates {
            if chosen.last().is_none_or(|last| m.start >= last.end) {
                chosen.push(m);
            }
        }
        chosen
    }
}

/// Letters, digits and hyphens make words: "care" in "childcare" or
/// "after-care" is no mention of "care". A match must also start and end
/// between whole characters as a reader sees them (grapheme clusters), so
/// "Cafe" is not found in "Café" written with a combining accent.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let word_char = |c: char| c.is_alphanumeric() || c == '-';
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let boundary = |at: usize| {
        GraphemeCursor::new(at, text.len(), true)
            .is_boundary(text, 0)
            .unwrap_or(false)
    };
    boundary(start)
        && boundary(end)
        && !before.chars().next_back().is_some_and(word_char)
        && !after.chars().next().is_some_and(word_char)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::content::{Term, TermMeta};

    fn glossary(names: &[(&str, &[&str], &[&str])]) -> Glossary {
        let terms = names
            .iter()
            .enumerate()
            .map(|(i, (term, abbreviations, aliases))| {
                let meta = TermMeta {
                    term: term.to_string(),
                    abbreviations: abbreviations
                        .iter()
                        .map(|a| crate::content::Abbreviation::Plain(a.to_string()))
                        .collect(),
                    aliases: aliases.iter().map(|a| a.to_string()).collect(),
                    see_also: Vec::new(),
                    match_case: false,
                };
                Term::new(
                    PathBuf::from("t.md"),
                    format!("t{i}"),
                    meta,
                    String::new(),
                    1,
                )
            })
            .collect();
        Glossary {
            source: PathBuf::from("_index.md"),
            title: String::new(),
            summary: String::new(),
            intro: String::new(),
            intro_line: 1,
            terms,
        }
    }

    fn found(glossary: &Glossary, text: &str) -> Vec<String> {
        GlossaryMatcher::new(glossary)
            .find(text)
            .iter()
            .map(|m| text[m.start..m.end].to_string())
            .collect()
    }

    #[test]
    fn empty_blank_and_punctuation_names_never_match() {
        let g = glossary(&[("", &["", " "], &["\t", "&&", "’"]), ("Care", &[], &[])]);
        let text = "Café care, && ’ – naïve 子供 care";
        assert_eq!(found(&g, text), ["care", "care"]);
    }

    #[test]
    fn names_with_accents_and_other_scripts_match_whole_words() {
        let g = glossary(&[("Café", &[], &[]), ("子供", &[], &[]), ("naïve", &[], &[])]);
        assert_eq!(
            found(&g, "The Café, a naïve plan; 子供 and naïveté"),
            ["Café", "naïve", "子供"]
        );
    }

    #[test]
    fn a_name_does_not_match_part_of_a_letter_with_a_combining_accent() {
        let g = glossary(&[("Cafe", &[], &[])]);
        assert!(found(&g, "Cafe\u{301} society").is_empty());
        assert_eq!(found(&g, "Cafe society"), ["Cafe"]);
        // A name that itself ends in a combining accent matches as written.
        let g = glossary(&[("Cafe\u{301}", &[], &[])]);
        assert_eq!(found(&g, "the Cafe\u{301}."), ["Cafe\u{301}"]);
    }

    #[test]
    fn names_with_surrounding_spaces_match_the_words_alone() {
        let g = glossary(&[(" EHCP ", &[], &[])]);
        assert_eq!(found(&g, "An EHCP."), ["EHCP"]);
    }
}
