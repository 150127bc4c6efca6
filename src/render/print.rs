//! The printable page holds the whole guide, so links between pages become
//! links within it, and ids are made unique per section.
//!
//! Every section's HTML is rewritten in one scan (an aho-corasick automaton
//! over the few tags and attributes that change, and a map lookup for the
//! page a link names), so the whole page costs time linear in its size
//! rather than sections × sections.
//!
//! Only the ids a section's own content has are moved: a link to an id the
//! template gives every page (`people.html#main-content`) still goes to
//! that page, where the id is.

use std::collections::{HashMap, HashSet};
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

/// Every section's content ids, by slug: which links the print page can
/// keep within itself.
pub type SectionIds<'a> = HashMap<&'a str, HashSet<&'a str>>;

/// The ids a piece of rendered HTML gives its elements (` id="…"`).
pub fn content_ids(html: &str) -> HashSet<&str> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        rest = &rest[at + 5..];
        let end = rest.find('"').unwrap_or(rest.len());
        ids.insert(&rest[..end]);
        rest = &rest[end..];
    }
    ids
}

/// Rewrites one section's HTML (or the glossary's, with `slug` "glossary")
/// for the printable page: headings one level down, ids prefixed, links to
/// other pages' content turned into in-page links. `sections` is every
/// section's content ids by slug (a map, so each link costs one lookup).
pub fn for_print(html: &str, slug: &str, sections: &SectionIds) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    for_print_into(&mut out, html, slug, sections);
    out
}

/// [`for_print`], written onto the end of `out`.
pub fn for_print_into(out: &mut String, html: &str, slug: &str, sections: &SectionIds) {
    let in_section = slug != "glossary";
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
                let (replacement, consumed) = print_href(rest, slug, in_section, sections);
                out.push_str("href=\"");
                out.push_str(&replacement);
                copied += consumed;
            }
            _ => unreachable!("one arm per pattern"),
        }
    }
    out.push_str(&html[copied..]);
}

/// The start of an `href` value (`rest` begins just after `href="`) as it
/// reads on the print page, and how many bytes of `rest` that replaces.
/// Unchanged values replace nothing.
fn print_href(rest: &str, slug: &str, in_section: bool, sections: &SectionIds) -> (String, usize) {
    let value = &rest[..rest.find('"').unwrap_or(rest.len())];
    let closed = value.len() < rest.len();
    let (path, fragment) = match value.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (value, None),
    };
    let has_id = |page: &str, id: &str| sections.get(page).is_some_and(|ids| ids.contains(id));
    if in_section && path.is_empty() {
        return match fragment {
            // A bare `#` (the page itself) is the section's own heading here.
            Some("") if closed => (format!("#section-{slug}"), 1),
            Some(id) if has_id(slug, id) => (format!("#{slug}--"), 1),
            // An id the template gives the section's page: that page has it.
            Some(_) => (urls::section(slug), 0),
            None => (String::new(), 0),
        };
    }
    if path.is_empty() {
        return (String::new(), 0);
    }
    // A section's page: `people.html#x` → `#people--x`, `people.html` → `#section-people`.
    if let Some(page) = urls::section_slug(path).filter(|p| sections.contains_key(p)) {
        match fragment {
            Some(id) if has_id(page, id) => return (format!("#{page}--"), path.len() + 1),
            // The page itself: its heading here (a bare `#` included).
            None | Some("") if closed => {
                let consumed = path.len() + usize::from(fragment.is_some());
                return (format!("#section-{page}"), consumed);
            }
            _ => {}
        }
    }
    let fragment = fragment.is_some();
    match (path, fragment, closed) {
        (urls::GLOSSARY, true, _) => ("#".into(), path.len() + 1),
        (urls::CHECKLIST, false, true) => ("#checklist".into(), path.len()),
        (urls::RESOURCES, false, true) => ("#resources".into(), path.len()),
        _ => (String::new(), 0),
    }
}

/// What the print page's template is given in place of section `i`'s
/// HTML, so that the 75 MB of a 10,000-section guide never goes through
/// the template's context: [`splice`] puts each section's HTML where its
/// placeholder came out. Only the template's output is searched for
/// placeholders (the sections' HTML is written after), and [`splice`]
/// refuses an output with the control character anywhere else.
pub fn placeholder(i: usize) -> String {
    format!("<\u{1}print-section-{i}\u{1}>")
}

/// The template's output, `skeleton`, with the placeholder of each of the
/// `count` sections replaced by what `write` writes for it, in a page of
/// `capacity` bytes; `None` unless every placeholder came out exactly once,
/// in order, as written (a theme may show a section's HTML twice, filter
/// it, or leave it out, and is then rendered with the HTML itself).
pub fn splice(
    skeleton: &str,
    count: usize,
    capacity: usize,
    mut write: impl FnMut(usize, &mut String),
) -> Option<String> {
    if skeleton.matches('\u{1}').count() != 2 * count {
        return None;
    }
    let mut page = String::with_capacity(capacity.max(skeleton.len()));
    let mut rest = skeleton;
    for i in 0..count {
        let marker = placeholder(i);
        let at = rest.find(&marker)?;
        page.push_str(&rest[..at]);
        write(i, &mut page);
        rest = &rest[at + marker.len()..];
    }
    page.push_str(rest);
    Some(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_puts_each_section_where_its_placeholder_came_out_and_only_then() {
        let write = |i: usize, page: &mut String| page.push_str(["<p>a</p>", "<p>b</p>"][i]);
        let skeleton = format!("<h1>x</h1>{}<hr>{}<footer>", placeholder(0), placeholder(1));
        assert_eq!(
            splice(&skeleton, 2, 0, write).as_deref(),
            Some("<h1>x</h1><p>a</p><hr><p>b</p><footer>")
        );
        for wrong in [
            // Out of order, twice, left out, the character elsewhere, escaped.
            format!("{}{}", placeholder(1), placeholder(0)),
            format!("{}{}{}", placeholder(0), placeholder(1), placeholder(1)),
            placeholder(0),
            format!("\u{1}{}{}", placeholder(0), placeholder(1)),
            crate::html::escape(&format!("{}{}", placeholder(0), placeholder(1))),
        ] {
            assert_eq!(splice(&wrong, 2, 0, write), None, "{wrong:?}");
        }
    }

    /// The rules as they were first written, one `str::replace` per rule,
    /// per section and per id (quadratic, but plainly right): the scan must
    /// agree. Within a section, `#x` means `<slug>.html#x`.
    fn by_replace(html: &str, slug: &str, sections: &[(&str, &[&str])]) -> String {
        let mut out = html.to_string();
        for level in (2..=5).rev() {
            out = out
                .replace(&format!("<h{level}"), &format!("<h{}", level + 1))
                .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
        }
        if slug != "glossary" {
            out = out
                .replace(" id=\"", &format!(" id=\"{slug}--"))
                .replace("href=\"#", &format!("href=\"{slug}.html#"));
        }
        for (other, ids) in sections {
            for id in *ids {
                out = out.replace(
                    &format!("href=\"{}#{id}\"", urls::section(other)),
                    &format!("href=\"#{other}--{id}\""),
                );
            }
            for page in [urls::section(other), format!("{}#", urls::section(other))] {
                out = out.replace(
                    &format!("href=\"{page}\""),
                    &format!("href=\"#section-{other}\""),
                );
            }
        }
        out.replace("href=\"glossary.html#", "href=\"#")
            .replace("href=\"checklist.html\"", "href=\"#checklist\"")
            .replace("href=\"resources.html\"", "href=\"#resources\"")
    }

    fn ids<'a>(sections: &[(&'a str, &[&'a str])]) -> SectionIds<'a> {
        sections
            .iter()
            .map(|(slug, ids)| (*slug, ids.iter().copied().collect()))
            .collect()
    }

    #[test]
    fn links_between_pages_become_in_page_links() {
        let html = r##"<h2 id="a">A <a href="#a">#</a></h2><p><a href="people.html#b">x</a> <a href="glossary.html#ehcp">EHCP</a> <a href="#">top</a></p>"##;
        let sections = ids(&[("intro", &["a"]), ("people", &["b"])]);
        let out = for_print(html, "intro", &sections);
        assert_eq!(
            out,
            r##"<h3 id="intro--a">A <a href="#intro--a">#</a></h3><p><a href="#people--b">x</a> <a href="#ehcp">EHCP</a> <a href="#section-intro">top</a></p>"##
        );
    }

    #[test]
    fn a_link_to_an_id_of_the_template_goes_to_the_page_that_has_it() {
        let html = r##"<p id="a"><a href="people.html#main-content">p</a> <a href="#main-content">skip</a> <a href="#a">a</a></p>"##;
        let sections = ids(&[("intro", &["a"]), ("people", &["b"])]);
        assert_eq!(
            for_print(html, "intro", &sections),
            r##"<p id="intro--a"><a href="people.html#main-content">p</a> <a href="intro.html#main-content">skip</a> <a href="#intro--a">a</a></p>"##
        );
    }

    #[test]
    fn content_ids_are_the_values_of_id_attributes() {
        let found = content_ids(r#"<h2 id="who">W</h2><p data-id="no" id="">x</p><a id="last"#);
        assert_eq!(found, HashSet::from(["who", "", "last"]));
    }

    #[test]
    fn one_scan_agrees_with_one_replace_per_rule() {
        let sections: [(&str, &[&str]); 4] = [
            ("intro", &["x", "y", "local", "q"]),
            ("people", &["who", "b", "people--"]),
            ("checklist-of-things", &["item"]),
            ("a", &[]),
        ];
        let set = ids(&sections);
        let cases = [
            r##"<h1>t</h1><h2 id="x">X</h2><h3 id="y">Y</h3><h4>z</h4><h5>w</h5><h6>v</h6><hr><header>"##,
            r##"<p><a href="people.html">P</a> <a href="people.html#who">W</a> <a href="people.html#whom">W2</a> <a href="unknown.html#q">U</a></p>"##,
            r##"<a href="checklist.html">c</a><a href="checklist.html#item">ci</a><a href="resources.html">r</a><a href="resources.html#x">rx</a>"##,
            r##"<a href="glossary.html#ehcp">e</a><a href="glossary.html">g</a><a href="#local">l</a><a href="#main">m</a><a href="a.html">a</a>"##,
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
                    by_replace(html, slug, &sections),
                    "slug {slug}, html {html}"
                );
            }
        }
    }
}
