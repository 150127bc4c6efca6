//! Editor lints: things that build but read badly or shut some readers out.
//! Each is a warning with file and line (`check --strict` makes them
//! errors); `check` and the live preview run them, `build` does not.
//!
//! - a glossary term nothing mentions (no section, no other definition,
//!   no `see_also`);
//! - an image without alt text;
//! - a heading that skips a level (the page title is the `h1`, so the
//!   first sub-heading is `##`);
//! - an empty section (or a term with no definition);
//! - link text that does not say where it goes ("click here", "here");
//! - the same sub-heading twice in a section;
//! - a sentence over 40 words (GOV.UK's plain-English rule of thumb).
//!
//! They read the markdown as written (not the rendered HTML), so a warning
//! points at the line the editor wrote.

mod body;
mod sentences;

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::links::Linked;

pub use body::Kind;
/// The lints of one text alone (what [`BodyLints`] stands in for).
pub use body::lint as body_lints;
pub use sentences::MAX_WORDS;

/// How the lints of one section's or term's own text are found: the text
/// (`file`, `markdown`, its first line and kind) is all they read, so the
/// preview keeps them for the texts that did not change.
pub type BodyLints<'a> = dyn Fn(&Path, &str, usize, Kind) -> Vec<Diagnostic> + 'a;

/// Every lint over the linked guide: sections in reading order, then terms.
pub fn lint(linked: &Linked) -> Vec<Diagnostic> {
    lint_with(linked, &body_lints)
}

/// [`lint`], each text's own lints found by `body_lints`.
pub fn lint_with(linked: &Linked, body_lints: &BodyLints) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for s in &linked.sections {
        let section = s.section;
        found.extend(body_lints(
            &section.source,
            &section.body,
            section.body_line,
            Kind::Section,
        ));
    }
    found.extend(unmentioned_terms(linked));
    for t in &linked.terms {
        let term = t.term;
        found.extend(body_lints(
            &term.source,
            &term.definition,
            term.body_line,
            Kind::Definition,
        ));
    }
    found
}

/// Terms that no section, no other term's definition and no `see_also`
/// mentions: a reader can only find them by browsing the A to Z.
fn unmentioned_terms(linked: &Linked) -> Vec<Diagnostic> {
    let mut mentioned: BTreeSet<&str> = linked.mentioned_in.keys().map(String::as_str).collect();
    mentioned.extend(linked.glossary_intro.terms.iter().map(String::as_str));
    for s in &linked.sections {
        // A term linked by hand (`[EHCP](glossary/ehcp.md)`) is mentioned too.
        for link in &s.rendered.links {
            if let Some(slug) = link.url.strip_prefix(crate::content::urls::GLOSSARY) {
                mentioned.insert(slug.trim_start_matches('#'));
            }
        }
    }
    for t in &linked.terms {
        let own = t.term.slug.as_str();
        mentioned.extend(
            t.rendered
                .terms
                .iter()
                .map(String::as_str)
                .filter(|s| *s != own),
        );
        mentioned.extend(
            t.term
                .meta
                .see_also
                .iter()
                .map(String::as_str)
                .filter(|s| *s != own),
        );
    }
    linked
        .terms
        .iter()
        .filter(|t| !mentioned.contains(t.term.slug.as_str()))
        .map(|t| {
            Diagnostic::new(
                &t.term.source,
                format!(
                    "no section mentions the glossary term `{}`",
                    t.term.meta.term
                ),
            )
            .at_line(t.term.line_of_key("term"))
            .hint("use the term (or one of its abbreviations or aliases) in a section, add the words the sections use as an alias, or delete the file if the guide no longer needs it")
            .warning()
        })
        .collect()
}
