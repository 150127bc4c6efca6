//! Stable heading ids (an explicit `{#id}` wins), anchor links, and the
//! table of contents.

use std::collections::HashMap;

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

/// "Children’s social care" → "childrens-social-care": lower case,
/// apostrophes dropped, other runs of non-alphanumerics become one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().filter(|c| !matches!(c, '\'' | '’' | '‘')) {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// Ids the theme's templates give their own elements on the pages headings
/// appear on. A heading never takes one (a `## Main content` gets
/// `main-content-1`), so a page never has an id twice. A test keeps this
/// list in step with the templates.
pub const TEMPLATE_IDS: [&str; 17] = [
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
        let base = explicit
            .map(str::to_string)
            .unwrap_or_else(|| slugify(text));
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

/// Gives every heading an id, adds an anchor link to it, and collects the
/// headings. `shift` lowers every heading by that many levels (a term's
/// definition inside the glossary page starts at `h3`, say).
pub fn assign_ids(events: Vec<Spanned>, shift: u8) -> (Vec<Spanned>, Vec<Heading>) {
    // First pass: the text of each heading, to make ids from.
    let mut texts = Vec::new();
    let mut current: Option<String> = None;
    for (event, _) in &events {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => texts.push(current.take().unwrap_or_default()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(t)
                }
            }
            _ => {}
        }
    }

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
