//! One markdown file per section of the guide.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::front_matter::{parse_yaml, split};
use super::{Source, parse_markdown_files};
use crate::diagnostics::{Diagnostic, Errors, Result};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    pub title: String,
    pub slug: String,
    pub order: u32,
    /// One sentence: the meta description and the line on the contents page.
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub source: PathBuf,
    pub meta: SectionMeta,
    /// The markdown body, below the front matter.
    pub body: String,
    /// 1-based line of `source` on which `body` starts.
    pub body_line: usize,
    /// The front matter's text, for pointing at a key.
    front_matter: String,
}

impl Section {
    pub fn parse(source: &Source) -> Result<Section> {
        let parts = split(&source.path, &source.text)?;
        let meta: SectionMeta = parse_yaml(&source.path, parts.yaml, parts.yaml_line)?;
        let section = Section {
            source: source.path.clone(),
            body: parts.body.to_string(),
            body_line: parts.body_line,
            front_matter: parts.yaml.to_string(),
            meta,
        };
        let stem = source
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if section.meta.slug != stem {
            return Err(Errors::from(
                Diagnostic::new(
                    &source.path,
                    format!("slug `{}` does not match the file name", section.meta.slug),
                )
                .at_line(section.line_of_key("slug"))
                .hint(format!(
                    "rename the file to `{}.md` or set `slug: {stem}`",
                    section.meta.slug
                )),
            ));
        }
        Ok(section)
    }

    /// A section written in code (council overlays, tests).
    pub fn new(source: PathBuf, meta: SectionMeta, body: String, body_line: usize) -> Section {
        Section {
            source,
            meta,
            body,
            body_line,
            front_matter: String::new(),
        }
    }

    pub fn line_of_key(&self, key: &str) -> usize {
        super::line_of_key(&self.front_matter, 2, key)
    }

    /// The page this section becomes.
    pub fn url(&self) -> String {
        super::urls::section(&self.meta.slug)
    }
}

/// Every `*.md` directly in `root`, in reading order.
pub fn load_all(root: &Path) -> Result<Vec<Section>> {
    let mut sections = parse_markdown_files(root, Section::parse)?;
    if sections.is_empty() {
        return Err(Diagnostic::new(root, "the guide has no sections")
            .hint("add a markdown file such as `introduction.md` with `title`, `slug`, `order` and `summary` front matter")
            .into());
    }
    sections.sort_by_key(|s| s.meta.order);
    Ok(sections)
}
