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

/// Splits the text at level-2 headings; deeper headings' text stays in its chunk.
pub fn chunks(events: &[Spanned], headings: &[Heading]) -> Vec<Chunk> {
    let mut chunks = vec![Chunk {
        heading: None,
        text: String::new(),
    }];
    let mut next_heading = headings.iter();
    let mut in_h2 = false;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let heading = next_heading.next();
                if *level == pulldown_cmark::HeadingLevel::H2 {
                    in_h2 = true;
                    chunks.push(Chunk {
                        heading: heading.cloned(),
                        text: String::new(),
                    });
                }
            }
            Event::End(TagEnd::Heading(_)) => in_h2 = false,
            Event::Text(t) | Event::Code(t) if !in_h2 => {
                chunks.last_mut().unwrap().text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                chunks.last_mut().unwrap().text.push(' ')
            }
            _ => {}
        }
    }
    for chunk in &mut chunks {
        chunk.text = chunk.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    chunks.retain(|c| c.heading.is_some() || !c.text.is_empty());
    chunks
}
