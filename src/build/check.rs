//! The check stage: every link written in the content, and every link in
//! the built pages, lands on a page and anchor that exist.

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::urls;
use crate::diagnostics::{Errors, Result};
use crate::links::{self, Anchors, Linked, PageLinks};
use crate::markdown;
use crate::render::theme::ThemeFile;
use crate::render::{OutputFile, Theme};

/// How a built page's ids and links are read: `PageLinks::of` its text,
/// or the preview's copy from an earlier build of the same bytes.
pub(super) type LinksOf<'a> = dyn Fn(&OutputFile) -> Arc<PageLinks> + Sync + 'a;

/// A page's ids and links, read afresh.
pub(super) fn read_links(file: &OutputFile) -> Arc<PageLinks> {
    Arc::new(PageLinks::of(
        std::str::from_utf8(&file.bytes).unwrap_or_default(),
    ))
}

/// Each HTML page of a site, by path, with its ids and links: all the link
/// check keeps of a page, so that the page itself can be written and
/// dropped as soon as it is rendered and checked.
pub(super) type Pages = Vec<(String, Arc<PageLinks>)>;

/// Whether a file of the site is a page the link check reads.
pub(super) fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}

/// Reads each HTML page of `files` once, with `links_of`, for both the link
/// check and the old editions' banners.
pub(super) fn pages(files: &[OutputFile], links_of: &LinksOf) -> Pages {
    files
        .iter()
        .filter(|f| is_page(&f.path))
        .map(|f| (f.path.clone(), links_of(f)))
        .collect()
}

/// The ids on each page.
pub(super) fn anchors(pages: &Pages) -> Anchors {
    pages
        .iter()
        .map(|(page, found)| (page.to_string(), found.ids.clone()))
        .collect()
}

/// Every link written in the content, and every link in the built pages,
/// must land on a page and anchor that exist. `outside`: the pages of the
/// other editions, by their paths as linked from this site.
/// `produced` is the path of every file of the site, and `html` each of
/// its HTML pages with its ids and links ([`pages`]).
pub(super) fn check_links<'p>(
    linked: &Linked,
    produced: impl IntoIterator<Item = &'p str>,
    html: &Pages,
    theme: &Theme,
    outside: &Anchors,
    patches: &[WrittenText],
) -> Result<()> {
    let mut anchors = anchors(html);
    anchors.extend(outside.iter().map(|(k, v)| (k.clone(), v.clone())));
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
        let mut produced: BTreeSet<String> = produced.into_iter().map(str::to_string).collect();
        produced.extend(outside.keys().cloned());
        let pages = html
            .iter()
            .filter(|(p, _)| p != urls::NOT_FOUND)
            .map(|(p, found)| (p.as_str(), &**found));
        // Read again only if a link is broken, to name the file holding it.
        let templates = OnceCell::new();
        let written_in = |link: &str| {
            template_holding(templates.get_or_init(|| theme.files("templates/")), link)
                .or_else(|| content_holding(linked, patches, link))
                .unwrap_or_else(|| (PathBuf::from("templates"), None))
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
/// first (by name) with the link as an attribute value (`="link"`, or
/// `}}link"` after `{{ root }}`). Each template is named by the layer it
/// came from, so a broken link in a base template is not blamed on the
/// council's folder above it.
fn template_holding(
    templates: &Result<Vec<ThemeFile>>,
    link: &str,
) -> Option<(PathBuf, Option<usize>)> {
    let patterns = [format!("=\"{link}\""), format!("}}}}{link}\"")];
    templates.iter().flatten().find_map(|t| {
        let text = std::str::from_utf8(&t.bytes).ok()?;
        let at = patterns.iter().find_map(|p| text.find(p.as_str()))?;
        Some((t.origin.clone(), Some(line_at(text, at))))
    })
}

/// The file that writes a link found in a section's or term's own HTML
/// (raw HTML in its markdown, which link rewriting leaves alone), and the
/// line there. A council patch spliced into the section is the author if its
/// text holds the link; otherwise the section's file, read again as written
/// (the section's text may have patches and terminology in it, which would
/// put the line out).
fn content_holding(
    linked: &Linked,
    patches: &[WrittenText],
    link: &str,
) -> Option<(PathBuf, Option<usize>)> {
    let attribute = format!("=\"{link}\"");
    let sections = linked
        .sections
        .iter()
        .map(|s| (&s.rendered.html, &s.section.source));
    let terms = linked
        .terms
        .iter()
        .map(|t| (&t.rendered.html, &t.term.source));
    let source = sections
        .chain(terms)
        .find_map(|(html, source)| html.contains(&attribute).then_some(source))?;
    let as_written = std::fs::read_to_string(source).unwrap_or_default();
    let from_disk = WrittenText {
        file: source,
        text: &as_written,
        first_line: 1,
    };
    patches
        .iter()
        .chain([&from_disk])
        .find_map(|w| Some((w.file.to_path_buf(), Some(w.line_of(link)?))))
        .or_else(|| Some((source.clone(), None)))
}

/// Markdown as its author wrote it: a council's patch, or a guide file.
pub(super) struct WrittenText<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// The line of the file `text` starts on.
    pub first_line: usize,
}

impl WrittenText<'_> {
    /// The line that writes `link` as an attribute value (quoted or not).
    fn line_of(&self, link: &str) -> Option<usize> {
        [format!("\"{link}\""), format!("={link}")]
            .iter()
            .find_map(|written| self.text.find(written.as_str()))
            .map(|at| self.first_line + line_at(self.text, at) - 1)
    }
}

/// 1-based line of byte offset `at` in `text`.
fn line_at(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}
