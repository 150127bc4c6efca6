//! Rewriting links to guide files (`people.md#heading`) into the built
//! page's URL, and collecting them for the link check.

use pulldown_cmark::{CowStr, Event, Tag};

use super::{LinkRef, Origin, Permalinks, Resolved, Spanned};
use crate::diagnostics::Diagnostic;

pub fn rewrite(
    events: Vec<Spanned>,
    origin: &Origin,
    map: &Permalinks,
    line_of: &dyn Fn(usize) -> usize,
) -> (Vec<Spanned>, Vec<LinkRef>, Vec<Diagnostic>) {
    let mut links = Vec::new();
    let mut errors = Vec::new();
    let events = events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = line_of(range.start);
                let dest = match map.resolve(origin.dir, origin.page, &dest_url) {
                    Resolved::External => dest_url,
                    Resolved::Internal(url) => {
                        links.push(LinkRef {
                            url: url.clone(),
                            line,
                            written: dest_url.to_string(),
                        });
                        CowStr::from(url)
                    }
                    Resolved::Missing { hint } => {
                        errors.push(
                            Diagnostic::new(
                                origin.file,
                                format!("broken link `{dest_url}`: no such page in the guide"),
                            )
                            .at_line(line)
                            .hint(hint),
                        );
                        dest_url
                    }
                };
                (
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }),
                    range,
                )
            }
            // The build copies no image files from the guide, so an image
            // must be a web address; otherwise the page check would blame
            // the theme, with no line.
            // (A theme's or council's own `static/` files are checked with the pages.)
            Event::Start(Tag::Image { ref dest_url, .. })
                if !dest_url.starts_with("static/")
                    && map.resolve(origin.dir, origin.page, dest_url) != Resolved::External =>
            {
                errors.push(
                    Diagnostic::new(
                        origin.file,
                        format!("image `{dest_url}` is not a web address"),
                    )
                    .at_line(line_of(range.start))
                    .hint("the guide has no image files of its own: give the image's full address, such as `https://www.example.org/chart.png`"),
                );
                (event, range)
            }
            other => (other, range),
        })
        .collect();
    (events, links, errors)
}
