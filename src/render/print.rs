//! The printable page holds the whole guide, so links between pages become
//! links within it, and ids are made unique per section.

use crate::content::urls;

/// Rewrites one section's HTML (or the glossary's, with `slug` "glossary")
/// for the printable page: headings one level down, ids prefixed, links to
/// other pages turned into in-page links.
pub fn for_print(html: &str, slug: &str, section_slugs: &[&str]) -> String {
    let mut out = html.to_string();
    for level in (2..=5).rev() {
        out = out
            .replace(&format!("<h{level}"), &format!("<h{}", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    if slug != "glossary" {
        out = out
            .replace(" id=\"", &format!(" id=\"{slug}--"))
            .replace("href=\"#", &format!("href=\"#{slug}--"))
            // A bare `#` (the page itself) is the section's own heading here.
            .replace(
                &format!("href=\"#{slug}--\""),
                &format!("href=\"#section-{slug}\""),
            );
    }
    for other in section_slugs {
        out = out
            .replace(
                &format!("href=\"{}#", urls::section(other)),
                &format!("href=\"#{other}--"),
            )
            .replace(
                &format!("href=\"{}\"", urls::section(other)),
                &format!("href=\"#section-{other}\""),
            );
    }
    out.replace(&format!("href=\"{}#", urls::GLOSSARY), "href=\"#")
        .replace(
            &format!("href=\"{}\"", urls::CHECKLIST),
            "href=\"#checklist\"",
        )
        .replace(
            &format!("href=\"{}\"", urls::RESOURCES),
            "href=\"#resources\"",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_pages_become_in_page_links() {
        let html = r##"<h2 id="a">A <a href="#a">#</a></h2><p><a href="people.html#b">x</a> <a href="glossary.html#ehcp">EHCP</a> <a href="#">top</a></p>"##;
        let out = for_print(html, "intro", &["intro", "people"]);
        assert_eq!(
            out,
            r##"<h3 id="intro--a">A <a href="#intro--a">#</a></h3><p><a href="#people--b">x</a> <a href="#ehcp">EHCP</a> <a href="#section-intro">top</a></p>"##
        );
    }
}
