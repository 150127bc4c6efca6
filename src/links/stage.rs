//! The link stage: every section, term and the glossary's introduction
//! rendered to HTML with glossary terms linked and links resolved, and the
//! back-links between terms and sections worked out.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::content::Guide;
use crate::diagnostics::{Errors, Result};
use crate::links::{GlossaryMatcher, LinkMap};
use crate::markdown::{self, Context, Origin, Rendered};

/// The guide with its markdown rendered and cross-linked.
pub struct Linked {
    pub guide: Guide,
    /// Parallel to `guide.sections`.
    pub sections: Vec<Rendered>,
    /// Parallel to `guide.glossary.terms`.
    pub terms: Vec<Rendered>,
    pub glossary_intro: Rendered,
    /// Term slug → slugs of the sections that mention it, in reading order.
    pub mentioned_in: BTreeMap<String, Vec<String>>,
}

impl Linked {
    pub fn section_html(&self, slug: &str) -> Option<&Rendered> {
        self.guide
            .sections
            .iter()
            .position(|s| s.meta.slug == slug)
            .map(|i| &self.sections[i])
    }

    pub fn term_html(&self, slug: &str) -> Option<&Rendered> {
        self.guide
            .glossary
            .terms
            .iter()
            .position(|t| t.slug == slug)
            .map(|i| &self.terms[i])
    }
}

pub fn link(guide: Guide) -> Result<Linked> {
    let map = LinkMap::new(&guide);
    let matcher = GlossaryMatcher::new(&guide.glossary);
    let mut errors = Vec::new();
    let mut keep = |r: std::result::Result<Rendered, Vec<crate::Diagnostic>>| {
        r.unwrap_or_else(|e| {
            errors.extend(e);
            Rendered::default()
        })
    };

    let sections: Vec<Rendered> = guide
        .sections
        .par_iter()
        .map(|s| {
            let page = s.url();
            let origin = Origin {
                file: &s.source,
                first_line: s.body_line,
                dir: "",
                page: &page,
            };
            markdown::render(
                &s.body,
                &origin,
                &Context {
                    links: &map,
                    glossary: Some(&matcher),
                    own_term: None,
                    shift_headings: 0,
                },
            )
        })
        // Rendered in parallel, kept in order (errors too).
        .collect::<Vec<_>>()
        .into_iter()
        .map(&mut keep)
        .collect();
    let terms: Vec<Rendered> = guide
        .glossary
        .terms
        .par_iter()
        .map(|t| {
            let origin = Origin {
                file: &t.source,
                first_line: t.body_line,
                dir: "glossary",
                page: "glossary.html",
            };
            let ctx = Context {
                links: &map,
                glossary: Some(&matcher),
                own_term: Some(&t.slug),
                shift_headings: 3,
            };
            markdown::render(&t.definition, &origin, &ctx)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(&mut keep)
        .collect();
    let g = &guide.glossary;
    let origin = Origin {
        file: &g.source,
        first_line: g.intro_line,
        dir: "glossary",
        page: "glossary.html",
    };
    let glossary_intro = keep(markdown::render(
        &g.intro,
        &origin,
        &Context {
            links: &map,
            glossary: None,
            own_term: None,
            shift_headings: 0,
        },
    ));
    if !errors.is_empty() {
        return Err(Errors(errors));
    }

    let mut mentioned_in: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (section, rendered) in guide.sections.iter().zip(&sections) {
        for term in &rendered.terms {
            mentioned_in
                .entry(term.clone())
                .or_default()
                .push(section.meta.slug.clone());
        }
    }
    Ok(Linked {
        guide,
        sections,
        terms,
        glossary_intro,
        mentioned_in,
    })
}
