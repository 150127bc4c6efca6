//! Links that must hold once the council's changes are in: nothing may
//! link to what the council removes, and the council's own markdown must
//! link to pages and headings that exist. Errors name the file and line
//! where the link is written.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use super::folder::Council;
use super::plan::Plan;
use super::subsections::sub_sections;
use crate::content::{Guide, urls};
use crate::diagnostics::Diagnostic;
use crate::links::{Anchors, check_content_links, permalinks};
use crate::markdown::{self, OPTIONS, Origin};

/// A piece of markdown whose links are checked: file, text, first line,
/// folder its links are relative to, page it renders into.
struct Piece<'a> {
    file: &'a Path,
    text: &'a str,
    first_line: usize,
    dir: &'static str,
    page: String,
}

/// Links from what remains (base or council) to what the council removes.
pub fn links_to_removed(guide: &Guide, council: &Council, plan: &Plan) -> Vec<Diagnostic> {
    let config = &council.config;
    let mut removed: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for s in &plan.removed_sections {
        removed.insert(
            format!("{}.md", s.meta.slug),
            (
                format!("section `{}`", s.meta.slug),
                config.line_of_value("sections", &s.meta.slug),
            ),
        );
    }
    for t in &plan.removed_terms {
        removed.insert(
            format!("glossary/{}.md", t.slug),
            (
                format!("glossary term `{}`", t.slug),
                config.line_of_value("glossary", &t.slug),
            ),
        );
    }
    if removed.is_empty() {
        return Vec::new();
    }
    let mut errors = Vec::new();
    let mut report = |key: &str, from: String| {
        if let Some((what, line)) = removed.get(key) {
            errors.push(
                config
                    .error(*line, format!("cannot remove {what}: {from} links to it"))
                    .hint("change or drop that link (a patch or a replacement can), or keep it"),
            );
        }
    };
    for piece in pieces(guide) {
        for (dest, line) in link_targets(piece.text, piece.first_line) {
            if let Some(key) = file_key(piece.dir, &dest) {
                report(&key, format!("`{}` line {line}", piece.file.display()));
            }
        }
    }
    for term in &guide.glossary.terms {
        for target in &term.meta.see_also {
            report(
                &format!("glossary/{target}.md"),
                format!("the `see_also` of `{}`", term.source.display()),
            );
        }
    }
    for item in guide.checklist.all_items() {
        if let Some(section) = &item.section {
            report(
                &format!("{section}.md"),
                format!(
                    "`{}` line {} (checklist item \"{}\")",
                    guide.checklist.source.display(),
                    item.line,
                    item.text
                ),
            );
        }
    }
    errors
}

fn pieces(guide: &Guide) -> Vec<Piece<'_>> {
    let mut out: Vec<Piece> = guide
        .sections
        .iter()
        .map(|s| Piece {
            file: &s.source,
            text: &s.body,
            first_line: s.body_line,
            dir: "",
            page: s.url(),
        })
        .collect();
    out.extend(guide.glossary.terms.iter().map(|t| Piece {
        file: &t.source,
        text: &t.definition,
        first_line: t.body_line,
        dir: "glossary",
        page: urls::GLOSSARY.into(),
    }));
    out.push(Piece {
        file: &guide.glossary.source,
        text: &guide.glossary.intro,
        first_line: guide.glossary.intro_line,
        dir: "glossary",
        page: urls::GLOSSARY.into(),
    });
    out
}

/// Link and image targets in markdown, with their lines.
fn link_targets(markdown: &str, first_line: usize) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => Some((
                dest_url.to_string(),
                first_line + markdown[..range.start].matches('\n').count(),
            )),
            _ => None,
        })
        .collect()
}

/// The guide file a link names (`people.md`, `glossary/ehcp.md`), if any.
fn file_key(dir: &str, target: &str) -> Option<String> {
    if target.contains(':') || target.starts_with("//") {
        return None;
    }
    let path = target.split('#').next().unwrap_or_default();
    if path.is_empty() {
        return None;
    }
    crate::markdown::normalise(dir, path)
}

/// The council's own markdown (sections, terms, patches): every link must
/// land, and errors name the council's file and line. Links are resolved
/// and checked by the same code as the guide's own (`markdown::links`,
/// `links::check`), against the base's pages and heading ids, because the
/// council's markdown is checked before it is merged into the guide.
pub fn council_links(guide: &Guide, council: &Council, plan: &Plan) -> Vec<Diagnostic> {
    let map = permalinks(guide);
    let anchors: Anchors = guide
        .sections
        .iter()
        .map(|s| {
            (
                s.url(),
                sub_sections(&s.body).into_iter().map(|h| h.id).collect(),
            )
        })
        .collect();
    let mut pieces: Vec<Piece> = Vec::new();
    for f in &council.sections {
        if guide.section(&f.stem).is_some() {
            pieces.push(Piece {
                file: &f.path,
                text: &f.body,
                first_line: f.body_line,
                dir: "",
                page: urls::section(&f.stem),
            });
        }
    }
    for f in &council.terms {
        pieces.push(Piece {
            file: &f.path,
            text: &f.body,
            first_line: f.body_line,
            dir: "glossary",
            page: urls::GLOSSARY.into(),
        });
    }
    for p in &plan.patches {
        pieces.push(Piece {
            file: &p.patch.path,
            text: &p.patch.body,
            first_line: p.patch.body_line,
            dir: "",
            page: p.section.url(),
        });
    }
    let mut errors = Vec::new();
    for piece in pieces {
        let origin = Origin {
            file: piece.file,
            first_line: piece.first_line,
            dir: piece.dir,
            page: &piece.page,
        };
        let (links, missing) = markdown::links(piece.text, &origin, &map);
        errors.extend(missing);
        errors.extend(check_content_links(piece.file, &links, &anchors));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_keys_resolve_relative_links() {
        assert_eq!(file_key("", "people.md#x").as_deref(), Some("people.md"));
        assert_eq!(
            file_key("glossary", "../people.md").as_deref(),
            Some("people.md")
        );
        assert_eq!(
            file_key("glossary", "solace.md").as_deref(),
            Some("glossary/solace.md")
        );
        assert_eq!(file_key("", "https://example.org/a.md"), None);
        assert_eq!(file_key("", "#top"), None);
    }
}
