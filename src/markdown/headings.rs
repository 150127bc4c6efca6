//! Stable heading ids (an explicit `{#id}` wins), anchor links, and the
//! table of contents.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::Spanned;

/// A heading as the table of contents shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 2 for `##`, 3 for `###` (after shifting).
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Heading ids are slugs made the way every other anchor is.
use crate::content::urls::slugify;

/// Ids the theme's templates give their own elements on the pages headings
/// appear on. A heading never takes one (a `## Main content` gets
/// `main-content-1`), so a page never has an id twice. A test keeps this
/// list in step with the templates.
pub const TEMPLATE_IDS: [&str; 28] = [
    "main-content",
    "glossary-preview",
    "site-search-q",
    "site-search-suggestions",
    "toc-heading",
    "checklist-heading",
    "terms-heading",
    "checklist-progress",
    "contents",
    "tools",
    "print-contents",
    "checklist",
    "glossary",
    "resources",
    "search-page-q",
    "search-results",
    "search-status",
    // changes.html (its section parts take the sections' slugs, which are unique).
    "section-changes",
    "removed-sections",
    "glossary-changes",
    "terms-added",
    "terms-renamed",
    "terms-redefined",
    "terms-removed",
    "checklist-changes",
    "checklist-added",
    "checklist-removed",
    "checklist-reworded",
];

/// Hands out heading ids, unique within one page: an explicit `{#id}`
/// wins, else the text's slug; repeats, and the template's own ids, get
/// `-1`, `-2` ...
#[derive(Debug)]
pub struct HeadingIds {
    seen: HashMap<String, usize>,
}

impl Default for HeadingIds {
    fn default() -> HeadingIds {
        HeadingIds {
            seen: TEMPLATE_IDS.iter().map(|id| (id.to_string(), 1)).collect(),
        }
    }
}

impl HeadingIds {
    pub fn unique(&mut self, explicit: Option<&str>, text: &str) -> String {
        // An id written as `{#id}` is kept as written only when it is a
        // plain one (letters, digits, `-`, `_`): anything else could not be
        // linked to as `#id` without escaping, so it is made one.
        let base = match explicit {
            Some(id)
                if id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                id.to_string()
            }
            Some(id) => slugify(id),
            None => slugify(text),
        };
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let n = self.seen.entry(base.clone()).or_insert(0);
        let unique = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        unique
    }
}

/// A heading as written in the source, found by [`walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceHeading {
    /// 1 to 6, as written.
    pub level: u8,
    /// The id given with `{#id}`, if any.
    pub explicit_id: Option<String>,
    /// The heading's bytes in the source.
    pub range: Range<usize>,
    /// Its text (code spans included), from which ids are made.
    pub text: String,
    /// Where its last piece of text ends.
    pub text_end: usize,
}

/// Every heading in an event stream, in order: the one heading walk that
/// the render stage (for ids) and overlays (for sub-sections) share.
pub fn walk<'a, E: Borrow<Event<'a>>>(
    events: impl IntoIterator<Item = (E, Range<usize>)>,
) -> Vec<SourceHeading> {
    let mut found = Vec::new();
    let mut open: Option<SourceHeading> = None;
    for (event, range) in events {
        match event.borrow() {
            Event::Start(Tag::Heading { level, id, .. }) => {
                open = Some(SourceHeading {
                    level: *level as u8,
                    explicit_id: id.as_ref().map(|i| i.to_string()),
                    range: range.clone(),
                    text: String::new(),
                    text_end: range.start,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(heading) = open.as_mut() {
                    heading.text.push_str(t);
                    heading.text_end = range.end;
                }
            }
            Event::End(TagEnd::Heading(_)) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

/// Gives every heading an id, adds an anchor link to it, and collects the
/// headings. `shift` lowers every heading by that many levels (a term's
/// definition inside the glossary page starts at `h3`, say).
pub fn assign_ids(events: Vec<Spanned>, shift: u8) -> (Vec<Spanned>, Vec<Heading>) {
    // First pass: the text of each heading, to make ids from.
    let texts: Vec<String> = walk(events.iter().map(|(e, r)| (e, r.clone())))
        .into_iter()
        .map(|h| h.text)
        .collect();

    let mut ids = HeadingIds::default();
    let mut headings = Vec::new();
    let mut texts = texts.into_iter();
    let mut out = Vec::with_capacity(events.len() + texts.len() * 2);
    let mut open_id: Option<String> = None;
    for (event, range) in events {
        match event {
            // Only `{#id}` of pulldown-cmark's heading attributes is kept:
            // `{.class key=value}` would let content write any attribute
            // (`onfocus=...`, `style=...`) into the page.
            Event::Start(Tag::Heading { level, id, .. }) => {
                let text = texts.next().unwrap_or_default();
                let unique = ids.unique(id.as_deref(), &text);
                let level = shift_level(level, shift);
                headings.push(Heading {
                    level: level as u8,
                    id: unique.clone(),
                    text,
                });
                open_id = Some(unique.clone());
                out.push((
                    Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(unique)),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    }),
                    range,
                ));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(id) = open_id.take() {
                    let anchor = format!(
                        r##" <a class="heading-anchor" href="#{id}"><span class="visually-hidden">Link to this part</span><span aria-hidden="true">#</span></a>"##
                    );
                    out.push((Event::InlineHtml(CowStr::from(anchor)), range.clone()));
                }
                out.push((
                    Event::End(TagEnd::Heading(shift_level(level, shift))),
                    range,
                ));
            }
            other => out.push((other, range)),
        }
    }
    (out, headings)
}

fn shift_level(level: HeadingLevel, shift: u8) -> HeadingLevel {
    let n = (level as usize + shift as usize).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_id_that_is_not_plain_is_made_one() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.unique(Some("my-id_2"), "x"), "my-id_2");
        assert_eq!(ids.unique(Some("a\""), "x"), "a");
        assert_eq!(ids.unique(Some("Two Words"), "x"), "two-words");
    }

    #[test]
    fn every_id_the_templates_use_is_reserved_from_headings() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let literal = regex::Regex::new(r#"\bid="([a-z][a-z0-9-]*)""#).unwrap();
        let by_script =
            regex::Regex::new(r#"(?:getElementById\(|\.id = )['"]([a-z][a-z0-9-]*)['"]"#).unwrap();
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(&root).into_iter().map(|e| e.unwrap()) {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for re in [&literal, &by_script] {
                found.extend(re.captures_iter(&text).map(|c| c[1].to_string()));
            }
        }
        assert!(found.contains(&"main-content".to_string()), "{found:?}");
        // `search-dropdown-` and the like are prefixes the script numbers.
        for id in found.into_iter().filter(|id| !id.ends_with('-')) {
            assert!(
                TEMPLATE_IDS.contains(&id.as_str()),
                "the theme uses id `{id}`: add it to TEMPLATE_IDS in src/markdown/headings.rs"
            );
        }
    }

    #[test]
    fn slugs_drop_apostrophes_and_collapse_punctuation() {
        assert_eq!(
            slugify("Meet your support staff"),
            "meet-your-support-staff"
        );
        assert_eq!(
            slugify("Children’s social care: roles & duties"),
            "childrens-social-care-roles-duties"
        );
        assert_eq!(slugify("  Section 47 "), "section-47");
    }
}
