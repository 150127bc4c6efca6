//! The link stage: every section, term and the glossary's introduction
//! rendered to HTML with glossary terms linked and links resolved, and the
//! back-links between terms and sections worked out.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::content::{Guide, Section, Term, urls};
use crate::diagnostics::{Errors, Result};
use crate::markdown::{self, Context, GlossaryMatcher, Origin, Rendered};

/// The guide with its markdown rendered and cross-linked. It borrows the
/// guide, so each section and term travels with its own rendering.
pub struct Linked<'g> {
    /// Settings, glossary page, checklist and resources, as loaded.
    pub guide: &'g Guide,
    /// In reading order, as `guide.sections`.
    pub sections: Vec<LinkedSection<'g>>,
    /// In slug order, as `guide.glossary.terms`.
    pub terms: Vec<LinkedTerm<'g>>,
    pub glossary_intro: Rendered,
    /// Term slug → slugs of the sections that mention it, in reading order.
    pub mentioned_in: BTreeMap<String, Vec<String>>,
}

/// A section with its rendering.
pub struct LinkedSection<'g> {
    pub section: &'g Section,
    pub rendered: Rendered,
}

/// A glossary term with the rendering of its definition.
pub struct LinkedTerm<'g> {
    pub term: &'g Term,
    pub rendered: Rendered,
}

impl<'g> Linked<'g> {
    pub fn section(&self, slug: &str) -> Option<&LinkedSection<'g>> {
        self.sections.iter().find(|s| s.section.meta.slug == slug)
    }

    pub fn term(&self, slug: &str) -> Option<&LinkedTerm<'g>> {
        self.terms.iter().find(|t| t.term.slug == slug)
    }
}

pub fn link(guide: &Guide) -> Result<Linked<'_>> {
    link_with(guide, None)
}

/// Sections' renderings kept from earlier links (the preview's cache), by
/// a key of everything a section's rendering reads (`section_key`).
pub trait Renderings: Sync {
    fn get(&self, key: &[u8; 32]) -> Option<Rendered>;
    fn put(&self, key: [u8; 32], rendered: &Rendered);
}

/// What rendering any section reads from the rest of the guide: the
/// permalinks and the glossary its matcher is built from.
fn shared_key(guide: &Guide, map: &markdown::Permalinks) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [format!("{map:?}"), format!("{:?}", guide.glossary)] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().into()
}

/// A section's own inputs to its rendering (its file, first line, page
/// and markdown), with the `shared` ones.
fn section_key(shared: &[u8; 32], section: &Section) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(shared);
    let file = section.source.as_os_str().as_encoded_bytes();
    let page = section.url();
    for part in [file, page.as_bytes(), section.body.as_bytes()] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.update((section.body_line as u64).to_le_bytes());
    h.finalize().into()
}

/// As `link`, reusing the sections' renderings `kept` from earlier links
/// whose inputs were the same.
pub fn link_with<'g>(guide: &'g Guide, kept: Option<&dyn Renderings>) -> Result<Linked<'g>> {
    let map = super::permalinks(guide);
    let matcher = GlossaryMatcher::new(&guide.glossary);
    let shared = kept.map(|_| shared_key(guide, &map));
    let mut errors = Vec::new();
    let mut keep = |r: Result<Rendered>| {
        r.unwrap_or_else(|e| {
            errors.extend(e.0);
            Rendered::default()
        })
    };

    // Sections and terms are rendered in parallel, then kept in order
    // (their errors too).
    let sections: Vec<LinkedSection> = guide
        .sections
        .par_iter()
        .map(|section| {
            let key = shared.map(|shared| section_key(&shared, section));
            if let (Some(kept), Some(key)) = (kept, &key)
                && let Some(rendered) = kept.get(key)
            {
                return (section, Ok(rendered));
            }
            let page = section.url();
            let origin = Origin {
                file: &section.source,
                first_line: section.body_line,
                dir: "",
                page: &page,
            };
            let rendered = markdown::render(
                &section.body,
                &origin,
                &Context {
                    links: &map,
                    glossary: Some(&matcher),
                    own_term: None,
                    shift_headings: 0,
                },
            );
            if let (Some(kept), Some(key), Ok(r)) = (kept, key, &rendered) {
                kept.put(key, r);
            }
            (section, rendered)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(section, rendered)| LinkedSection {
            section,
            rendered: keep(rendered),
        })
        .collect();
    let terms: Vec<LinkedTerm> = guide
        .glossary
        .terms
        .par_iter()
        .map(|term| {
            let origin = Origin {
                file: &term.source,
                first_line: term.body_line,
                dir: "glossary",
                page: urls::GLOSSARY,
            };
            let ctx = Context {
                links: &map,
                glossary: Some(&matcher),
                own_term: Some(&term.slug),
                shift_headings: 3,
            };
            (term, markdown::render(&term.definition, &origin, &ctx))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(term, rendered)| LinkedTerm {
            term,
            rendered: keep(rendered),
        })
        .collect();
    let g = &guide.glossary;
    let origin = Origin {
        file: &g.source,
        first_line: g.intro_line,
        dir: "glossary",
        page: urls::GLOSSARY,
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
    Errors::check(errors)?;

    let mut mentioned_in: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &sections {
        for term in &s.rendered.terms {
            mentioned_in
                .entry(term.clone())
                .or_default()
                .push(s.section.meta.slug.clone());
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
