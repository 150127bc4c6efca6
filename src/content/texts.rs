//! Every string of the guide a reader sees, in one walk, so that a stage
//! that changes words (a council's terminology) reaches a new field the day
//! the field is added, without anyone remembering to list it. Like mdBook's
//! `Book::for_each_mut`.

use super::{Abbreviation, ChecklistItem, Guide};

/// One of the guide's strings, by the syntax it is written in.
pub enum Text<'a> {
    /// A title, summary or list item: plain words.
    Plain(&'a mut String),
    /// A section body, the glossary's introduction or a definition.
    Markdown(&'a mut String),
}

impl Guide {
    /// Calls `f` with every reader-visible string, in reading order. Slugs,
    /// addresses, file paths and abbreviations (`SGO`) are not text and are
    /// not visited.
    pub fn for_each_text_mut(&mut self, mut f: impl FnMut(Text<'_>)) {
        let site = &mut self.site;
        f(Text::Plain(&mut site.title));
        f(Text::Plain(&mut site.description));
        for s in &mut self.sections {
            f(Text::Plain(&mut s.meta.title));
            f(Text::Plain(&mut s.meta.summary));
            f(Text::Markdown(&mut s.body));
        }
        let g = &mut self.glossary;
        f(Text::Plain(&mut g.title));
        f(Text::Plain(&mut g.summary));
        f(Text::Markdown(&mut g.intro));
        for t in &mut g.terms {
            f(Text::Plain(&mut t.meta.term));
            for alias in &mut t.meta.aliases {
                f(Text::Plain(alias));
            }
            for a in &mut t.meta.abbreviations {
                if let Abbreviation::Expanded { expansion, .. } = a {
                    f(Text::Plain(expansion));
                }
            }
            f(Text::Markdown(&mut t.definition));
        }
        let c = &mut self.checklist;
        f(Text::Plain(&mut c.title));
        f(Text::Plain(&mut c.summary));
        fn items(list: &mut [ChecklistItem], f: &mut impl FnMut(Text<'_>)) {
            for item in list {
                f(Text::Plain(&mut item.text));
                items(&mut item.items, f);
            }
        }
        items(&mut c.items, &mut f);
        let r = &mut self.resources;
        f(Text::Plain(&mut r.title));
        f(Text::Plain(&mut r.summary));
        for res in &mut r.resources {
            f(Text::Plain(&mut res.title));
            f(Text::Plain(&mut res.topic));
        }
    }
}
