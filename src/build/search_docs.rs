//! The index stage's input: what the search index holds, taken from the
//! same linked content the pages were rendered from.

use crate::content::urls;
use crate::links::Linked;
use crate::search::{DocKind, SearchDoc};

/// One document per section sub-heading, glossary term, checklist item and resource.
pub fn search_docs(linked: &Linked) -> Vec<SearchDoc> {
    let guide = &linked.guide;
    let mut docs = Vec::new();
    for s in &linked.sections {
        let section = s.section;
        for chunk in &s.rendered.chunks {
            let (url, title) = match &chunk.heading {
                Some(h) => (
                    urls::section_heading(&section.meta.slug, &h.id),
                    h.text.clone(),
                ),
                None => (section.url(), section.meta.title.clone()),
            };
            docs.push(SearchDoc {
                url,
                title,
                kind: DocKind::Section,
                page_title: section.meta.title.clone(),
                body: chunk.text.clone(),
                keywords: vec![],
            });
        }
    }
    for t in &linked.terms {
        let (term, rendered) = (t.term, &t.rendered);
        let mut keywords: Vec<String> = term
            .meta
            .abbreviations
            .iter()
            .map(|a| a.abbr().to_string())
            .collect();
        keywords.extend(term.meta.aliases.iter().cloned());
        let body = rendered
            .chunks
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
