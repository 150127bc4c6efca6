//! Markdown to HTML as small passes over pulldown-cmark's event stream:
//! merge text → heading ids → glossary terms → link rewriting → code
//! highlighting → HTML (table alignment as classes). Each pass is a plain
//! function, testable alone.

mod glossary_matcher;
mod glossary_terms;
mod headings;
pub mod highlight;
mod link_rewrite;
mod permalinks;
mod plain_text;
mod tables;

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser};

pub use glossary_matcher::GlossaryMatcher;
pub use headings::{Heading, HeadingIds, walk as walk_headings};
pub(crate) use permalinks::normalise;
pub use permalinks::{Permalinks, Resolved};
pub use plain_text::Chunk;

use crate::diagnostics::{Diagnostic, Errors, Result};

/// The markdown the guide is written in: CommonMark with `{#id}` on
/// headings, tables and strikethrough. Everything that reads guide or
/// council markdown parses with these, so it sees what the pages show.
pub const OPTIONS: Options = Options::ENABLE_HEADING_ATTRIBUTES
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_STRIKETHROUGH);

/// An event with the byte range of the source it came from.
pub(crate) type Spanned = (Event<'static>, Range<usize>);

/// What a piece of markdown is, for resolving its relative links.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The file, for error messages.
    pub file: &'a Path,
    /// 1-based line of the file on which the markdown starts.
    pub first_line: usize,
    /// Folder of the file within the guide's layout ("" or "glossary"),
    /// against which `people.md` or `../people.md` are resolved.
    pub dir: &'a str,
    /// The site URL of the page it renders into (`people.html`), for `#anchor` links.
    pub page: &'a str,
}

/// Everything rendering needs besides the markdown itself.
pub struct Context<'a> {
    pub links: &'a Permalinks,
    /// Glossary linking; `None` to leave terms alone.
    pub glossary: Option<&'a GlossaryMatcher>,
    /// A term never links to itself (in its own definition).
    pub own_term: Option<&'a str>,
    /// Heading level below which each sub-section starts linking terms afresh.
    pub shift_headings: u8,
}

/// An internal link found in the markdown, to be checked once every page exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// Site URL, maybe with `#anchor`.
    pub url: String,
    pub line: usize,
    /// As written, for messages.
    pub written: String,
}

/// The result of rendering one piece of markdown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// Glossary term slugs mentioned, in order of first mention.
    pub terms: Vec<String>,
    /// Plain text split at sub-headings, for the search index.
    pub chunks: Vec<Chunk>,
}

/// The parser's events with their byte ranges, and a way to turn an offset
/// into a line of `origin`'s file.
fn parse<'m>(markdown: &'m str, origin: &Origin) -> (Vec<Spanned>, impl Fn(usize) -> usize + 'm) {
    let first_line = origin.first_line;
    let line_of = move |offset: usize| {
        first_line + markdown[..offset.min(markdown.len())].matches('\n').count()
    };
    let events = Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .map(|(e, r)| (e.into_static(), r))
        .collect();
    (events, line_of)
}

/// The internal links of a piece of markdown, resolved as `render` would
/// resolve them, without rendering it; links to no file of the guide are
/// errors at their line. An overlay checks a council's markdown with this
/// before it is merged into the guide, so errors name the council's file.
pub fn links(markdown: &str, origin: &Origin, map: &Permalinks) -> (Vec<LinkRef>, Vec<Diagnostic>) {
    let (events, line_of) = parse(markdown, origin);
    let (_, links, errors) = link_rewrite::rewrite(events, origin, map, &line_of);
    (links, errors)
}

pub fn render(markdown: &str, origin: &Origin, ctx: &Context) -> Result<Rendered> {
    let (events, line_of) = parse(markdown, origin);

    let events = plain_text::merge_text(events);
    let (events, headings) = headings::assign_ids(events, ctx.shift_headings);
    // Plain text for search is taken before terms become inline HTML links.
    let chunks = plain_text::chunks(&events, &headings);
    let (events, terms) = match ctx.glossary {
        Some(matcher) => glossary_terms::link_terms(events, matcher, ctx.own_term),
        None => (events, Vec::new()),
    };
    let (events, links, errors) = link_rewrite::rewrite(events, origin, ctx.links, &line_of);
    Errors::check(errors)?;
    let events = highlight::highlight_code(events);
    let aligned = tables::any_aligned(&events);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    if aligned {
        html = tables::alignment_as_class(&html);
    }
    Ok(Rendered {
        html,
        headings,
        links,
        terms,
        chunks,
    })
}
