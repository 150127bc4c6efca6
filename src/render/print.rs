//! The printable page holds the whole guide, so links between pages become
//! links within it, and ids are made unique per section.
//!
//! Every section's HTML is rewritten in one scan (an aho-corasick automaton
//! over the few tags and attributes that change, and a set lookup for the
//! page a link names), so the whole page costs time linear in its size
//! rather than sections × sections.

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::content::urls;

/// What the scan looks for; the index of each pattern is its meaning below.
const PATTERNS: [&str; 10] = [
    "<h2", "<h3", "<h4", "<h5", "</h2>", "</h3>", "</h4>", "</h5>", " id=\"", "href=\"",
];
const ID: usize = 8;
const HREF: usize = 9;

fn automaton() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(PATTERNS)
            .expect("fixed plain-string patterns always build")
    })
}

/// Rewrites one section's HTML (or the glossary's, with `slug` "glossary")
/// for the printable page: headings one level down, ids prefixed, links to
/// other pages turned into in-page links. `section_slugs` is every
/// section's slug (a set, so each link costs one lookup).
pub fn for_print(html: &str, slug: &str, section_slugs: &HashSet<&str>) -> String {
    let in_section = slug != "glossary";
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut copied = 0;
    for m in automaton().find_iter(html) {
        out.push_str(&html[copied..m.start()]);
        copied = m.end();
        match m.pattern().as_usize() {
            // `<h2`..`<h5` and `</h2>`..`</h5>`: one level down, under the
            // print page's own `<h2>` per section.
            p @ 0..=3 => {
                out.push_str("<h");
                out.push(char::from(b'3' + p as u8));
            }
            p @ 4..=7 => {
                out.push_str("</h");
                out.push(char::from(b'3' + (p - 4) as u8));
                out.push('>');
            }
            ID => {
                out.push_str(" id=\"");
                if in_section {
                    out.push_str(slug);
                    out.push_str("--");
                }
            }
            HREF => {
                let rest = &html[m.end()..];
                let (replacement, consumed) = print_href(rest, slug, in_section, section_slugs);
                out.push_str("href=\"");
                out.push_str(&replacement);
                copied += consumed;
            }
            _ => unreachable!("one arm per pattern"),
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The start of an `href` value (`rest` begins just after `href="`) as it
/// reads on the print page, and how many bytes of `rest` that replaces.
/// Unchanged values replace nothing.
fn print_href(
    rest: &str,
    slug: &str,
    in_section: bool,
    section_slugs: &HashSet<&str>,
) -> (String, usize) {
    if rest.starts_with('#') {
        return match (in_section, rest.starts_with("#\"")) {
            // A bare `#` (the page itself) is the section's own heading here.
            (true, true) => (format!("#section-{slug}"), 1),
            (true, false) => (format!("#{slug}--"), 1),
            (false, _) => (String::new(), 0),
        };
    }
    let value = &rest[..rest.find('"').unwrap_or(rest.len())];
    let closed = value.len() < rest.len();
    let (path, fragment) = match value.split_once('#') {
        Some((p, _)) => (p, true),
        None => (value, false),
    };
    // A section's page: `people.html#x` → `#people--x`, `people.html` → `#section-people`.
    if let Some(page) = urls::section_slug(path).filter(|p| section_slugs.contains(p)) {
        if fragment {
            return (format!("#{page}--"), path.len() + 1);
        }
        if closed {
            return (format!("#section-{page}"), path.len());
        }
    }
    match (path, fragment, closed) {
        (urls::GLOSSARY, true, _) => ("#".into(), path.len() + 1),
        (urls::CHECKLIST, false, true) => ("#checklist".into(), path.len()),
        (urls::RESOURCES, false, true) => ("#resources".into(), path.len()),
        _ => (String::new(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules as they were first written, one `str::replace` per rule and
    /// per section (quadratic, but plainly right): the scan must agree.
    fn by_replace(html: &str, slug: &str, section_slugs: &[&str]) -> String {
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
        out.replace("href=\"glossary.html#", "href=\"#")
            .replace("href=\"checklist.html\"", "href=\"#checklist\"")
            .replace("href=\"resources.html\"", "href=\"#resources\"")
    }

    #[test]
    fn links_between_pages_become_in_page_links() {
        let html = r##"<h2 id="a">A <a href="#a">#</a></h2><p><a href="people.html#b">x</a> <a href="glossary.html#ehcp">EHCP</a> <a href="#">top</a></p>"##;
        let slugs = HashSet::from(["intro", "people"]);
        let out = for_print(html, "intro", &slugs);
        assert_eq!(
            out,
            r##"<h3 id="intro--a">A <a href="#intro--a">#</a></h3><p><a href="#people--b">x</a> <a href="#ehcp">EHCP</a> <a href="#section-intro">top</a></p>"##
        );
    }

    #[test]
    fn one_scan_agrees_with_one_replace_per_rule() {
        let slugs = ["intro", "people", "checklist-of-things", "a"];
        let set: HashSet<&str> = slugs.iter().copied().collect();
        let cases = [
            r##"<h1>t</h1><h2 id="x">X</h2><h3 id="y">Y</h3><h4>z</h4><h5>w</h5><h6>v</h6><hr><header>"##,
            r##"<p><a href="people.html">P</a> <a href="people.html#who">W</a> <a href="unknown.html#q">U</a></p>"##,
            r##"<a href="checklist.html">c</a><a href="checklist.html#item">ci</a><a href="resources.html">r</a><a href="resources.html#x">rx</a>"##,
            r##"<a href="glossary.html#ehcp">e</a><a href="glossary.html">g</a><a href="#local">l</a><a href="a.html">a</a>"##,
            r##"<a data-href="people.html">d</a><img src="x.png" id="img"><a href="https://example.org/people.html">ext</a>"##,
            r##"<a href="people.htm">typo</a><a href="people.html.html">double</a><a href="intro.html"##,
            "<p>no tags at all, &quot;href=&quot; in text</p>",
            r##"<a href="#">top</a><a href="#"x>odd</a><a href="people.html#">empty</a><a href="#people--">p</a>"##,
            "",
        ];
        for slug in ["intro", "glossary", "people"] {
            for html in cases {
                assert_eq!(
                    for_print(html, slug, &set),
                    by_replace(html, slug, &slugs),
                    "slug {slug}, html {html}"
                );
            }
        }
    }
}
