//! Links between the guide's pages: where each guide file ends up, the
//! link stage (render every piece of markdown, then back-links), and the
//! link check once every page exists.

mod check;
mod stage;

pub(crate) use check::{Anchors, PageLinks, check_content_links, check_output_links};
pub use stage::{Linked, LinkedSection, LinkedTerm, Renderings, link, link_with};

use crate::content::{Guide, urls};
use crate::markdown::Permalinks;

/// Where each guide file ends up: `people.md` → `people.html`,
/// `glossary/ehcp.md` → `glossary.html#ehcp`.
pub(crate) fn permalinks(guide: &Guide) -> Permalinks {
    let sections = guide
        .sections
        .iter()
        .map(|s| (format!("{}.md", s.meta.slug), s.url()));
    let terms = guide
        .glossary
        .terms
        .iter()
        .map(|t| (format!("glossary/{}.md", t.slug), t.url()));
    let pages = [
        ("glossary/_index.md", urls::GLOSSARY),
        ("checklist.yaml", urls::CHECKLIST),
        ("resources.yaml", urls::RESOURCES),
    ]
    .map(|(file, url)| (file.to_string(), url.to_string()));
    sections.chain(terms).chain(pages).collect()
}
