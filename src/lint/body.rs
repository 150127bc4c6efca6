//! The lints that read one piece of markdown: a section's body or a term's
//! definition. One pass over pulldown-cmark's events, with source offsets
//! for the line of each warning.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::sentences::{self, MAX_WORDS};
use crate::diagnostics::Diagnostic;
use crate::markdown::OPTIONS;

/// Headings are linted in sections only: a definition has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Section,
    Definition,
}

/// Link text that says nothing about where the link goes, compared in
/// lower case without surrounding punctuation.
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "click",
    "here",
    "click this link",
    "this link",
    "link",
    "read more",
    "more",
    "find out more",
    "more information",
    "more info",
    "this",
    "this page",
    "go here",
];

/// Text gathered inside an element (a heading, a link, an image).
struct Open {
    start: usize,
    text: String,
}

/// The block whose sentences are being gathered: its text, and where each
/// piece of it came from, so a long sentence names its own line.
#[derive(Default)]
struct Block {
    text: String,
    /// (byte position in `text`, source offset of that byte)
    pieces: Vec<(usize, usize)>,
}

pub fn lint(file: &Path, markdown: &str, first_line: usize, kind: Kind) -> Vec<Diagnostic> {
    let line_of =
        |offset: usize| first_line + markdown[..offset.min(markdown.len())].matches('\n').count();
    let at = |offset: usize, message: String, hint: &str| {
        Diagnostic::new(file, message)
            .at_line(line_of(offset))
            .hint(hint)
            .warning()
    };
    let mut found = Vec::new();
    let mut has_text = false;
    // The page title is the `h1`: the first sub-heading may be `##`.
    let mut previous_level = 1;
    let mut headings: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading: Option<(HeadingLevel, Open)> = None;
    let mut link: Option<Open> = None;
    let mut image: Option<Open> = None;
    let mut block = Block::default();
    let mut long_sentences = Vec::new();

    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut block, &mut long_sentences);
                heading = Some((
                    level,
                    Open {
                        start: range.start,
                        text: String::new(),
                    },
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, open)) = heading.take() else {
                    continue;
                };
                let level = level as usize;
                let text = open.text.trim().to_string();
                if kind == Kind::Section && level > previous_level + 1 {
                    let wanted = "#".repeat(previous_level + 1);
                    found.push(at(
                        open.start,
                        format!(
                            "the heading `{text}` is level {level} straight after level {previous_level}, skipping a level"
                        ),
                        &format!(
                            "make it `{wanted} {text}`: screen reader users move between headings by level, and a missing level looks like missing content"
                        ),
                    ));
                }
                previous_level = level;
                if kind == Kind::Section && !text.is_empty() {
                    let key = text.to_lowercase();
                    match headings.get(&key) {
                        Some(first) => found.push(at(
                            open.start,
                            format!("the sub-heading `{text}` is used twice in this section (first on line {first})"),
                            "give each sub-heading its own words, so the contents and links to it say which part they mean",
                        )),
                        None => {
                            headings.insert(key, line_of(open.start));
                        }
                    }
                }
            }
            Event::Start(Tag::Link { .. }) => {
                link = Some(Open {
                    start: range.start,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Link) => {
                let Some(open) = link.take() else { continue };
                let said = open
                    .text
                    .trim()
                    .trim_matches(|c: char| c.is_ascii_punctuation())
                    .to_lowercase();
                if VAGUE_LINK_TEXT.contains(&said.as_str()) {
                    found.push(at(
                        open.start,
                        format!("the link text `{}` does not say where the link goes", open.text.trim()),
                        "use words that make sense on their own, such as the name of the page or document: screen reader users often hear a page's links as a list",
                    ));
                }
            }
            Event::Start(Tag::Image { .. }) => {
                has_text = true;
                image = Some(Open {
                    start: range.start,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Image) => {
                let Some(open) = image.take() else { continue };
                if open.text.trim().is_empty() {
                    found.push(at(
                        open.start,
                        "an image without alt text".into(),
                        "describe what the image shows between the square brackets: `![A chart of referrals by month](chart.png)`",
                    ));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(offset) = img_without_alt(&html) {
                    found.push(at(
                        range.start + offset,
                        "an image without alt text".into(),
                        "add `alt=\"...\"` describing what the image shows (or `alt=\"\"` if it is only decoration)",
                    ));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if !text.trim().is_empty() {
                    has_text = true;
                }
                for open in [
                    heading.as_mut().map(|(_, o)| o),
                    link.as_mut(),
                    image.as_mut(),
                ]
                .into_iter()
                .flatten()
                {
                    open.text.push_str(&text);
                }
                if heading.is_none() && image.is_none() {
                    block.pieces.push((block.text.len(), range.start));
                    block.text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => block.text.push(' '),
            Event::Start(
                Tag::Paragraph | Tag::Item | Tag::List(_) | Tag::TableCell | Tag::BlockQuote(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => {
                flush(&mut block, &mut long_sentences);
            }
            _ => {}
        }
    }
    flush(&mut block, &mut long_sentences);
    for (offset, words, start) in long_sentences {
        found.push(at(
            offset,
            format!("a sentence of {words} words (over {MAX_WORDS}): “{start}…”"),
            "split it into shorter sentences: GOV.UK's plain-English advice is 25 words or fewer, and long sentences are hard to follow for every reader",
        ));
    }
    found.sort_by_key(|d| d.line);
    if !has_text {
        let (message, hint) = match kind {
            Kind::Section => (
                "the section has no text",
                "write the section below the front matter (its last `---` line), or delete the file if the guide does not need it",
            ),
            Kind::Definition => (
                "the glossary term has no definition",
                "write the definition below the front matter (its last `---` line)",
            ),
        };
        found.insert(0, at(0, message.into(), hint));
    }
    found
}

/// Ends the block being gathered: each of its sentences over the limit, as
/// (source offset, words, first words).
fn flush(block: &mut Block, long: &mut Vec<(usize, usize, String)>) {
    let Block { text, pieces } = std::mem::take(block);
    for sentence in sentences::split(&text) {
        let words = sentences::words(sentence.text);
        if words <= MAX_WORDS {
            continue;
        }
        // The piece the sentence starts in; the source offset inside it is
        // exact for plain text (entities and escapes shift it a little).
        let offset = pieces
            .iter()
            .rev()
            .find(|(at, _)| *at <= sentence.start)
            .map_or(0, |(at, source)| source + (sentence.start - at));
        let start: String = sentence
            .text
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ");
        long.push((offset, words, start));
    }
}

/// The offset of an `<img>` tag with no `alt` attribute in raw HTML.
fn img_without_alt(html: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<img") {
        let start = from + found;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        let has_alt = tag
            .split(|c: char| c.is_ascii_whitespace())
            .any(|attr| attr == "alt" || attr.starts_with("alt="));
        if !has_alt {
            return Some(start);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(markdown: &str, kind: Kind) -> Vec<String> {
        lint(Path::new("x.md"), markdown, 10, kind)
            .iter()
            .map(|d| format!("{}: {}", d.line.unwrap_or(0), d.message))
            .collect()
    }

    #[test]
    fn a_clean_section_has_no_warnings() {
        let md = "Some text.\n\n## One\n\nMore, with [the people section](people.md).\n\n### Deeper\n\n## Two\n\n![A chart](a.png)\n";
        assert!(
            messages(md, Kind::Section).is_empty(),
            "{:?}",
            messages(md, Kind::Section)
        );
    }

    #[test]
    fn each_lint_names_its_line() {
        let md = "Text.\n\n### Skipped\n\n## Same\n\n## same\n\n[Click here](a.md) and ![](b.png)\n\n<img src=\"c.png\">\n";
        let got = messages(md, Kind::Section);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(
            got[0].starts_with("12: the heading `Skipped` is level 3 straight after level 1"),
            "{got:?}"
        );
        assert!(
            got[1].starts_with(
                "16: the sub-heading `same` is used twice in this section (first on line 14)"
            ),
            "{got:?}"
        );
        assert!(
            got[2].starts_with("18: the link text `Click here`"),
            "{got:?}"
        );
        assert_eq!(got[3], "18: an image without alt text");
        assert_eq!(got[4], "20: an image without alt text");
    }

    #[test]
    fn empty_bodies_and_long_sentences() {
        assert_eq!(
            messages("\n<!-- later -->\n", Kind::Section),
            ["10: the section has no text"]
        );
        assert_eq!(
            messages("", Kind::Definition),
            ["10: the glossary term has no definition"]
        );
        let long = format!("Short one. {} end.\n", "word ".repeat(45));
        let got = messages(&format!("Intro.\n\n{long}"), Kind::Section);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("12: a sentence of 46 words (over 40): “word word"),
            "{got:?}"
        );
    }
}
