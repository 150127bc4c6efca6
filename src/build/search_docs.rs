//! The index stage's input: what the search index holds, taken from the
//! same linked content the pages were rendered from.

use crate::content::urls;
use crate::links::Linked;
use crate::markdown::Chunk;
use crate::search::{DocKind, SearchDoc};

/// One document per section sub-heading, glossary term, checklist item and resource.
pub fn search_docs(linked: &Linked) -> Vec<SearchDoc> {
    let text = SearchText {
        sections: linked
            .sections
            .iter()
            .map(|s| s.rendered.chunks.clone())
            .collect(),
        terms: linked
            .terms
            .iter()
            .map(|t| t.rendered.chunks.clone())
            .collect(),
    };
    docs_of(linked, text)
}

/// The passages of every section and term (`sections[i]` is
/// `linked.sections[i]`'s), taken out of their renderings.
pub(super) struct SearchText {
    sections: Vec<Vec<Chunk>>,
    terms: Vec<Vec<Chunk>>,
}

/// Moves the passages out of `linked`: nothing but the search index reads
/// them, so the build takes them before the pages are rendered rather than
/// hold them there, and again in the index's documents, until the end (at
/// 10,000 sections they are some 40 MB).
pub(super) fn take_text(linked: &mut Linked) -> SearchText {
    SearchText {
        sections: linked
            .sections
            .iter_mut()
            .map(|s| std::mem::take(&mut s.rendered.chunks))
            .collect(),
        terms: linked
            .terms
            .iter_mut()
            .map(|t| std::mem::take(&mut t.rendered.chunks))
            .collect(),
    }
}

/// [`search_docs`], from passages already taken out of `linked` ([`take_text`]).
pub(super) fn docs_of(linked: &Linked, text: SearchText) -> Vec<SearchDoc> {
    let guide = &linked.guide;
    let mut docs = Vec::new();
    for (s, chunks) in linked.sections.iter().zip(text.sections) {
        let section = s.section;
        for chunk in chunks {
            let (url, title) = match chunk.heading {
                Some(h) => (urls::section_heading(&section.meta.slug, &h.id), h.text),
                None => (section.url(), section.meta.title.clone()),
            };
            docs.push(SearchDoc {
                url,
                title,
                kind: DocKind::Section,
                page_title: section.meta.title.clone(),
                body: chunk.text,
                keywords: vec![],
            });
        }
    }
    for (t, chunks) in linked.terms.iter().zip(text.terms) {
        let term = t.term;
        let mut keywords: Vec<String> = term
            .meta
            .abbreviations
            .iter()
            .map(|a| a.abbr().to_string())
            .collect();
        keywords.extend(term.meta.aliases.iter().cloned());
        let body = chunks
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        docs.push(SearchDoc {
            url: term.url(),
            title: term.meta.term.clone(),
            kind: DocKind::Term,
            page_title: guide.glossary.title.clone(),
            body,
            keywords,
        });
    }
    // An item's body is its group's text, for context: repeating its own
    // text would count its words twice and rank it above the section.
    let mut checklist = Vec::new();
    for group in &guide.checklist.items {
        for item in group.walk() {
            let context = if std::ptr::eq(item, group) {
                String::new()
            } else {
                group.text.clone()
            };
            checklist.push((item, context));
        }
    }
    for (item, context) in checklist {
        docs.push(SearchDoc {
            url: urls::checklist_item(&item.id),
            title: item.text.clone(),
            kind: DocKind::Checklist,
            page_title: guide.checklist.title.clone(),
            body: context,
            keywords: vec![],
        });
    }
    for r in &guide.resources.resources {
        docs.push(SearchDoc {
            url: urls::resource(&r.title),
            title: r.title.clone(),
            kind: DocKind::Resource,
            page_title: guide.resources.title.clone(),
            body: format!("{} {}", r.title, r.topic),
            keywords: vec![],
        });
    }
    docs
}
