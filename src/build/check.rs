//! The check stage: every link written in the content, and every link in
//! the built pages, lands on a page and anchor that exist.

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::content::urls;
use crate::diagnostics::{Errors, Result};
use crate::links::{self, Linked};
use crate::markdown;
use crate::render::theme::ThemeFile;
use crate::render::{OutputFile, Theme};

/// Every link written in the content, and every link in the built pages,
/// must land on a page and anchor that exist.
pub(super) fn check_links(linked: &Linked, files: &[OutputFile], theme: &Theme) -> Result<()> {
    let html: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                std::str::from_utf8(&f.bytes).unwrap_or_default(),
            )
        })
        .collect();
    let anchors = links::anchors(html.iter().copied());
    let mut errors = Vec::new();
    let guide = &linked.guide;
    for s in &linked.sections {
        errors.extend(links::check_content_links(
            &s.section.source,
            &s.rendered.links,
            &anchors,
        ));
    }
    for t in &linked.terms {
        errors.extend(links::check_content_links(
            &t.term.source,
            &t.rendered.links,
            &anchors,
        ));
    }
    errors.extend(links::check_content_links(
        &guide.glossary.source,
        &linked.glossary_intro.links,
        &anchors,
    ));
    for item in guide.checklist.all_items() {
        if let Some(url) = item.target() {
            let link = markdown::LinkRef {
                // As the editor wrote it: `section` and `heading` in checklist.yaml.
                written: match (&item.section, &item.heading) {
                    (Some(section), Some(heading)) => format!("{section}#{heading}"),
                    _ => item.section.clone().unwrap_or_default(),
                },
                url,
                line: item.line,
            };
            errors.extend(links::check_content_links(
                &guide.checklist.source,
                &[link],
                &anchors,
            ));
        }
    }
    if errors.is_empty() {
        // Content is fine; anything left is the theme's (the 404 page links absolutely by design).
        let mut produced: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        produced.insert(urls::SEARCH_INDEX_JS.into());
        let pages = html.iter().copied().filter(|(p, _)| *p != urls::NOT_FOUND);
        // Read again only if a link is broken, to name the file holding it.
        let templates = OnceCell::new();
        let written_in = |link: &str| {
            template_holding(templates.get_or_init(|| theme.files("templates/")), link)
        };
        errors.extend(links::check_output_links(
            pages,
            &produced,
            &anchors,
            &written_in,
        ));
    }
    Errors::check(errors)
}

/// The template that holds a link the built pages make, and its line: the
/// first (by name) whose text has the link as the page shows it. Each
/// template is named by the layer it came from, so a broken link in a base
/// template is not blamed on the council's folder above it.
fn template_holding(
    templates: &Result<Vec<ThemeFile>, crate::Diagnostic>,
    link: &str,
) -> (PathBuf, Option<usize>) {
    let found = templates.iter().flatten().find_map(|t| {
        let text = std::str::from_utf8(&t.bytes).ok()?;
        let at = text.find(link)?;
        Some((t.origin.clone(), Some(text[..at].matches('\n').count() + 1)))
    });
    found.unwrap_or_else(|| (PathBuf::from("templates"), None))
}
