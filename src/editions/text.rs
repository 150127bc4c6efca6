//! Plain text for comparing two editions: markdown split into blocks
//! (headings, paragraphs, list items), and each block split into words
//! whose comparison key ignores what is not a change of content: the role
//! title ("lead member" / "portfolio holder", any case or plural) and the
//! style of quotation marks.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;

/// What kind of block a piece of text was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BlockKind {
    Heading,
    Paragraph,
    Item,
}

/// One block's plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// The blocks of a markdown body, in order. A list item's own text is one
/// block; a list nested inside it gives blocks of its own.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    // Open blocks, innermost last: text goes to the innermost.
    let mut open: Vec<Block> = Vec::new();
    let flush = |b: Block, out: &mut Vec<Block>| {
        let text = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push(Block { kind: b.kind, text });
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => open.push(block(BlockKind::Heading)),
            Event::Start(Tag::Item) => open.push(block(BlockKind::Item)),
            // A paragraph inside an item is the item's text.
            Event::Start(Tag::Paragraph) if open.is_empty() => {
                open.push(block(BlockKind::Paragraph))
            }
            Event::Start(Tag::List(_)) => {
                // The item's own text ends where its nested list starts.
                if let Some(item) = open.pop() {
                    flush(item.clone(), &mut out);
                    open.push(Block {
                        kind: item.kind,
                        text: String::new(),
                    });
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Item) => {
                if let Some(b) = open.pop() {
                    flush(b, &mut out);
                }
            }
            Event::End(TagEnd::Paragraph) => match open.last_mut() {
                Some(b) if b.kind == BlockKind::Paragraph => {
                    let b = open.pop().unwrap_or_else(|| block(BlockKind::Paragraph));
                    flush(b, &mut out);
                }
                Some(b) => b.text.push(' '),
                None => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if let Some(b) = open.last_mut() {
                    b.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = open.last_mut() {
                    b.text.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

fn block(kind: BlockKind) -> Block {
    Block {
        kind,
        text: String::new(),
    }
}

/// One word, space or punctuation mark, with the key it is compared by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub key: String,
}

/// Why two texts with equal keys are not byte-equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sameness {
    Identical,
    /// Only the role title differs (and maybe quotation marks).
    RoleTitle,
    /// Only quotation marks (’ for ') differ.
    Quotes,
    Different,
}

/// Splits text into tokens; knows the role titles of both editions.
pub struct Tokeniser {
    pattern: Regex,
    roles: Regex,
}

/// The key every role title gets, so "lead member" equals "portfolio holder".
const ROLE_KEY: &str = "\u{1}role";

impl Tokeniser {
    /// `roles`: the role titles (singular; plurals are matched too) whose
    /// differences are not a change of content.
    pub fn new(roles: &[&str]) -> Tokeniser {
        let mut alternatives: Vec<String> = roles
            .iter()
            .filter(|r| !r.trim().is_empty())
            .map(|r| {
                r.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
                    + "s?"
            })
            .collect();
        // Longest first, so "lead members" wins over a shorter role.
        alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
        alternatives.dedup();
        let roles_src = if alternatives.is_empty() {
            r"[^\s\S]".to_string()
        } else {
            format!(r"(?i)\b(?:{})\b", alternatives.join("|"))
        };
        let pattern =
            Regex::new(&format!(r"{roles_src}|\w+|\s+|[^\w\s]")).expect("token pattern is valid");
        let roles = Regex::new(&format!("^(?:{roles_src})$")).expect("role pattern is valid");
        Tokeniser { pattern, roles }
    }

    pub fn tokens<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        self.pattern
            .find_iter(text)
            .map(|m| {
                let t = m.as_str();
                let key = if self.roles.is_match(t) {
                    ROLE_KEY.to_string()
                } else if t.trim().is_empty() {
                    " ".to_string()
                } else {
                    straight_quotes(t)
                };
                Token { text: t, key }
            })
            .collect()
    }

    /// Compares two texts by key, and says why equal keys differ.
    pub fn sameness(&self, old: &str, new: &str) -> Sameness {
        if old == new {
            return Sameness::Identical;
        }
        let (a, b) = (self.tokens(old), self.tokens(new));
        if a.len() != b.len() || a.iter().zip(&b).any(|(x, y)| x.key != y.key) {
            return Sameness::Different;
        }
        let role_differs = a
            .iter()
            .zip(&b)
            .any(|(x, y)| x.key == ROLE_KEY && x.text != y.text);
        if role_differs {
            Sameness::RoleTitle
        } else {
            Sameness::Quotes
        }
    }
}

fn straight_quotes(t: &str) -> String {
    t.chars()
        .map(|c| match c {
            '‘' | '’' | '′' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_and_nested_items_are_blocks_of_their_own() {
        let b = blocks("Intro **bold** [link](x.md).\n\n- one\n  - inner\n- two\n\n## Head\n");
        let texts: Vec<(&BlockKind, &str)> = b.iter().map(|b| (&b.kind, b.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (&BlockKind::Paragraph, "Intro bold link."),
                (&BlockKind::Item, "one"),
                (&BlockKind::Item, "inner"),
                (&BlockKind::Item, "two"),
                (&BlockKind::Heading, "Head"),
            ]
        );
    }

    #[test]
    fn role_titles_in_any_case_or_plural_compare_equal() {
        let t = Tokeniser::new(&["lead member", "portfolio holder"]);
        assert_eq!(
            t.sameness(
                "Lead members and the lead member",
                "Portfolio holders and the portfolio holder"
            ),
            Sameness::RoleTitle
        );
        assert_eq!(
            t.sameness("the council's", "the council’s"),
            Sameness::Quotes
        );
        assert_eq!(
            t.sameness("the lead member", "the leader"),
            Sameness::Different
        );
        assert_eq!(t.sameness("same", "same"), Sameness::Identical);
    }
}
