//! `guide/checklist.yaml`: groups and items, each pointing at the section
//! (and heading) that explains it.

use std::path::PathBuf;

use serde::Deserialize;

use super::front_matter::parse_yaml;
use super::{Section, Source};
use crate::diagnostics::{Diagnostic, Result, did_you_mean};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub source: PathBuf,
    pub title: String,
    pub summary: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistFile {
    title: String,
    summary: String,
    items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub text: String,
    /// Slug of the section that explains this item.
    #[serde(default)]
    pub section: Option<String>,
    /// Heading id within that section.
    #[serde(default)]
    pub heading: Option<String>,
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
    /// Line in checklist.yaml, found after parsing (serde gives no spans).
    #[serde(skip)]
    pub line: usize,
    /// Stable anchor on the checklist page: `item-1`, `item-2` ... in reading order.
    #[serde(skip)]
    pub id: String,
}

impl ChecklistItem {
    /// Site URL of what explains this item, if it names a section.
    pub fn target(&self) -> Option<String> {
        let section = self.section.as_ref()?;
        Some(match &self.heading {
            Some(h) => super::urls::section_heading(section, h),
            None => super::urls::section(section),
        })
    }

    /// This item and every item below it, in reading order.
    pub fn walk(&self) -> Vec<&ChecklistItem> {
        let mut out = vec![self];
        for child in &self.items {
            out.extend(child.walk());
        }
        out
    }
}

pub fn parse(source: &Source) -> Result<Checklist> {
    let file: ChecklistFile = parse_yaml(&source.path, &source.text, 1)?;
    let mut checklist = Checklist {
        source: source.path.clone(),
        title: file.title,
        summary: file.summary,
        items: file.items,
    };
    let mut cursor = 0;
    let mut number = 0;
    for item in &mut checklist.items {
        locate(item, &source.text, &mut cursor, &mut number);
    }
    Ok(checklist)
}

/// Gives each item its line (searching forward for its text, since items
/// appear in document order) and its anchor.
fn locate(item: &mut ChecklistItem, text: &str, cursor: &mut usize, number: &mut usize) {
    *number += 1;
    item.id = format!("item-{number}");
    // Only the text before any apostrophe: YAML may write `'` as `''`.
    let needle = item.text.split('\'').next().unwrap_or(&item.text);
    if let Some(found) = text[*cursor..].find(needle) {
        *cursor += found;
    }
    item.line = text[..*cursor].matches('\n').count() + 1;
    for child in &mut item.items {
        locate(child, text, cursor, number);
    }
}

impl Checklist {
    pub fn all_items(&self) -> Vec<&ChecklistItem> {
        self.items.iter().flat_map(ChecklistItem::walk).collect()
    }

    /// Leaf items must name a section, and every named section must exist.
    /// (Heading ids are checked with the other links, once pages are rendered.)
    pub fn validate(&self, sections: &[Section]) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for item in self.all_items() {
            match &item.section {
                None if item.items.is_empty() => errors.push(
                    Diagnostic::new(&self.source, format!("checklist item \"{}\" names no section", item.text))
                        .at_line(item.line)
                        .hint("add `section: <slug>` (and `heading: <id>`) for the section that explains it"),
                ),
                Some(slug) if !sections.iter().any(|s| &s.meta.slug == slug) => {
                    let hint = match did_you_mean(slug, sections.iter().map(|s| s.meta.slug.as_str())) {
                        Some(good) => format!("did you mean `{good}`?"),
                        None => "`section` takes a section's slug, its file name without `.md`".into(),
                    };
                    errors.push(
                        Diagnostic::new(&self.source, format!("checklist item \"{}\" names section `{slug}`, which does not exist", item.text))
                            .at_line(item.line)
                            .hint(hint),
                    )
                }
                _ => {}
            }
            if item.heading.is_some() && item.section.is_none() {
                errors.push(
                    Diagnostic::new(
                        &self.source,
                        format!(
                            "checklist item \"{}\" has a `heading` but no `section`",
                            item.text
                        ),
                    )
                    .at_line(item.line)
                    .hint("add `section: <slug>`"),
                );
            }
        }
        errors
    }
}
