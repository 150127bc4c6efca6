//! Linking glossary terms in text: the first mention of each term in each
//! sub-section links to its entry (headings start a new sub-section).
//! Never inside headings, links, images or code.
//!
//! Why per sub-section rather than per page: readers arrive at sub-sections
//! directly (search results, checklist items and contents links all point at
//! `page#heading`), so each sub-section must stand on its own; linking every
//! mention would bury the text in links.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{GlossaryMatcher, Spanned};
use crate::content::urls;
use crate::html::escape as escape_html;

pub fn link_terms(
    events: Vec<Spanned>,
    matcher: &GlossaryMatcher,
    own_term: Option<&str>,
) -> (Vec<Spanned>, Vec<String>) {
    let mut out = Vec::with_capacity(events.len());
    let mut mentioned: Vec<String> = Vec::new();
    let mut linked_here: HashSet<String> = HashSet::new();
    // Depth inside elements whose text must not be linked.
    let mut no_link_depth = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                linked_here.clear();
                no_link_depth += 1;
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                no_link_depth += 1
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                no_link_depth = no_link_depth.saturating_sub(1)
            }
            Event::Text(text) if no_link_depth == 0 => {
                let mut last = 0;
                let mut pieces: Vec<Event<'static>> = Vec::new();
                for m in matcher.find(text) {
                    let slug = &m.name.term_slug;
                    if Some(slug.as_str()) == own_term {
                        continue;
                    }
                    if !mentioned.contains(slug) {
                        mentioned.push(slug.clone());
                    }
                    if !linked_here.insert(slug.clone()) {
                        continue;
                    }
                    if m.start > last {
                        pieces.push(Event::Text(CowStr::from(text[last..m.start].to_string())));
                    }
                    let words = escape_html(&text[m.start..m.end]);
                    let inner = match &m.name.expansion {
                        Some(expansion) => {
                            format!(r#"<abbr title="{}">{words}</abbr>"#, escape_html(expansion))
                        }
                        None => words,
                    };
                    let href = urls::term(slug);
                    pieces.push(Event::InlineHtml(CowStr::from(format!(
                        r#"<a class="glossary-term" href="{href}">{inner}</a>"#
                    ))));
                    last = m.end;
                }
                if pieces.is_empty() {
                    out.push((event, range));
                } else {
                    if last < text.len() {
                        pieces.push(Event::Text(CowStr::from(text[last..].to_string())));
                    }
                    out.extend(pieces.into_iter().map(|e| (e, range.clone())));
                }
                continue;
            }
            _ => {}
        }
        out.push((event, range));
    }
    (out, mentioned)
}
