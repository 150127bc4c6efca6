//! Text-level passes: merging split text events, and plain text per
//! sub-section for the search index.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Heading, Spanned};

/// pulldown-cmark may split one run of text into several events; the
/// glossary matcher needs it whole.
pub fn merge_text(events: Vec<Spanned>) -> Vec<Spanned> {
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut())
        {
            *prev = CowStr::from(format!("{prev}{next}"));
            prev_range.end = range.end;
            continue;
        }
        out.push((event, range));
    }
    out
}

/// The plain text under one heading (or before the first one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// `None` for text before the first sub-heading.
    pub heading: Option<Heading>,
    pub text: String,
}

/// Splits the text at level-2 and level-3 headings, so that each
/// sub-section is found on its own; deeper headings' text stays in its
/// chunk. Paragraphs and list items end with a line break: the search
/// index cuts passages there, so one long list is not one long sentence.
pub fn chunks(events: &[Spanned], headings: &[Heading]) -> Vec<Chunk> {
    use pulldown_cmark::HeadingLevel;
    let mut chunks = vec![Chunk {
        heading: None,
        text: String::new(),
    }];
    let mut next_heading = headings.iter();
    let mut in_split_heading = false;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let heading = next_heading.next();
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    in_split_heading = true;
                    chunks.push(Chunk {
                        heading: heading.cloned(),
                        text: String::new(),
                    });
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                in_split_heading = false;
                chunks.last_mut().unwrap().text.push('\n')
            }
            Event::Text(t) | Event::Code(t) if !in_split_heading => {
                chunks.last_mut().unwrap().text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => chunks.last_mut().unwrap().text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                chunks.last_mut().unwrap().text.push('\n')
            }
            _ => {}
        }
    }
    for chunk in &mut chunks {
        chunk.text = chunk
            .text
            .lines()
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }
    chunks.retain(|c| c.heading.is_some() || !c.text.is_empty());
    chunks
}
