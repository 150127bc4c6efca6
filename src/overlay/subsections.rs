//! Sub-sections of a section's markdown source: a heading and everything
//! up to the next heading of the same or a higher level. Ids are made the
//! way the render stage makes them (`urls::slugify`, an explicit `{#id}`
//! winning, repeats numbered), so a patch's `target` is the id readers see.

use std::ops::Range;

use pulldown_cmark::Parser;

use crate::markdown::{HeadingIds, OPTIONS, walk_headings};

/// One heading of a markdown text, with the byte ranges of its sub-section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubSection {
    pub id: String,
    /// Whether the source gives the id (`{#id}`).
    pub explicit_id: bool,
    /// 1 to 6.
    pub level: u8,
    pub text: String,
    /// From the start of the heading line to the end of the sub-section.
    pub range: Range<usize>,
    /// Where the text below the heading starts.
    pub body_start: usize,
    /// The end of the heading's (last) line, from the end of its text:
    /// an ATX heading's closing `#`s, if any. Replaced by ` {#id}` to pin an id.
    pub attribute_at: Range<usize>,
}

/// Every heading in `markdown`, in order.
pub fn sub_sections(markdown: &str) -> Vec<SubSection> {
    let mut found: Vec<SubSection> = Vec::new();
    let mut ids = HeadingIds::default();
    for heading in walk_headings(Parser::new_ext(markdown, OPTIONS).into_offset_iter()) {
        let explicit_id = heading.explicit_id.is_some();
        let unique = ids.unique(heading.explicit_id.as_deref(), &heading.text);
        let line_start = markdown[..heading.range.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        found.push(SubSection {
            id: unique,
            explicit_id,
            level: heading.level,
            text: heading.text,
            range: line_start..markdown.len(),
            body_start: end_of_line(markdown, heading.range.end.saturating_sub(1)),
            attribute_at: attribute_range(markdown, heading.text_end.max(heading.range.start)),
        });
    }
    // A sub-section ends where the next heading of its level or higher starts.
    for i in 0..found.len() {
        let level = found[i].level;
        if let Some(next) = found[i + 1..].iter().find(|s| s.level <= level) {
            found[i].range.end = next.range.start;
        }
    }
    found
}

/// Where ` {#id}` can go on the line holding `at`: its end, before
/// trailing spaces, replacing an ATX heading's closing `#`s.
fn attribute_range(text: &str, at: usize) -> Range<usize> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[line_start..line_end].trim_end();
    let mut content = line;
    if line.trim_start().starts_with('#') {
        let without = line.trim_end_matches('#');
        if without.len() < line.len() && (without.ends_with(' ') || without.ends_with('\t')) {
            content = without.trim_end();
        }
    }
    let point = line_start + content.len().max(at - line_start);
    point..(line_start + line.len()).max(point)
}

/// The offset just past the newline that ends the line holding `at`.
fn end_of_line(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    match text[at..].find('\n') {
        Some(i) => at + i + 1,
        None => text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: &str = "Intro.\n\n## Meet your support staff\n\nText.\n\n### Deeper\n\nMore.\n\n## Next one {#chosen}\n\nEnd.\n";

    #[test]
    fn ids_and_ranges_follow_the_heading_levels() {
        let subs = sub_sections(MD);
        let ids: Vec<&str> = subs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["meet-your-support-staff", "deeper", "chosen"]);
        let first = &subs[0];
        assert_eq!(
            &MD[first.range.clone()],
            "## Meet your support staff\n\nText.\n\n### Deeper\n\nMore.\n\n"
        );
        assert_eq!(
            &MD[first.body_start..first.range.end],
            "\nText.\n\n### Deeper\n\nMore.\n\n"
        );
        assert_eq!(&MD[subs[1].range.clone()], "### Deeper\n\nMore.\n\n");
        assert_eq!(
            &MD[subs[2].range.clone()],
            "## Next one {#chosen}\n\nEnd.\n"
        );
        assert!(subs[2].explicit_id);
        assert_eq!(first.attribute_at, 34..34);
        assert_eq!(&MD[..34], "Intro.\n\n## Meet your support staff");
        let closed = "## Closed *heading* ##\n";
        assert_eq!(sub_sections(closed)[0].attribute_at, 19..22);
    }

    #[test]
    fn repeated_headings_are_numbered_like_the_rendered_ids() {
        let subs = sub_sections("## Notes\n\na\n\n## Notes\n\nb\n");
        assert_eq!(subs[0].id, "notes");
        assert_eq!(subs[1].id, "notes-1");
    }
}
