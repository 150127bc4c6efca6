//! Finding glossary terms in text: one aho-corasick automaton over every
//! term, abbreviation and alias; whole words only; longest match wins.

use aho_corasick::{AhoCorasick, MatchKind};

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
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
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
                let found = &text[m.start()..m.end()];
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
/// "after-care" is no mention of "care".
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let word_char = |c: char| c.is_alphanumeric() || c == '-';
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(word_char) && !after.is_some_and(word_char)
}
