//! Every page's address and every anchor rule, in one place: the render
//! stage names its pages here, links resolve to these addresses, the
//! search index points at them, and overlays may not take their names.

/// The home page, with the contents.
pub const HOME: &str = "index.html";
/// The glossary, A to Z; each term is an anchor on it.
pub const GLOSSARY: &str = "glossary.html";
/// The checklist; each item is an anchor on it.
pub const CHECKLIST: &str = "checklist.html";
/// Useful resources; each resource is an anchor on it.
pub const RESOURCES: &str = "resources.html";
/// What changed since the old edition (see the `editions` module).
pub const CHANGES: &str = "changes.html";
/// The whole guide on one page.
pub const PRINT: &str = "print.html";
/// The search page.
pub const SEARCH: &str = "search.html";
/// The page a server shows for a missing address.
pub const NOT_FOUND: &str = "404.html";
/// Absolute addresses of every page, for search engines.
pub const SITEMAP: &str = "sitemap.xml";
/// Points search engines at the sitemap.
pub const ROBOTS: &str = "robots.txt";
/// The browser's search index, written beside the pages by the index stage.
pub const SEARCH_INDEX_JS: &str = "search/index.js";

/// Whether a page belongs in the sitemap: the 404 and search pages do not.
pub fn in_sitemap(page: &str) -> bool {
    page.ends_with(".html") && page != NOT_FOUND && page != SEARCH
}

/// The page a section becomes: `people.html`.
pub fn section(slug: &str) -> String {
    format!("{slug}.html")
}

/// The slug a section's page is named for (`people.html` → `people`), if
/// `page` has a section page's shape; the inverse of [`section`].
pub fn section_slug(page: &str) -> Option<&str> {
    page.strip_suffix(".html")
}

/// A place on a section's page: `people.html#meet-your-support-staff`.
pub fn section_heading(slug: &str, heading_id: &str) -> String {
    format!("{slug}.html#{heading_id}")
}

/// Where a glossary term lives: `glossary.html#ehcp`.
pub fn term(slug: &str) -> String {
    format!("{GLOSSARY}#{slug}")
}

/// Where a checklist item lives: `checklist.html#read-the-ofsted-report`.
pub fn checklist_item(id: &str) -> String {
    format!("{CHECKLIST}#{id}")
}

/// Where a resource lives: `resources.html#resource-working-together`.
pub fn resource(title: &str) -> String {
    format!("{RESOURCES}#{}", resource_id(title))
}

/// The anchor of a resource on the resources page.
pub fn resource_id(title: &str) -> String {
    format!("resource-{}", slugify(title))
}

/// The anchor of a resources topic.
pub fn topic_id(title: &str) -> String {
    format!("topic-{}", slugify(title))
}

/// The anchor of a letter of the glossary's A to Z.
pub fn letter_id(letter: char) -> String {
    format!("letter-{}", letter.to_ascii_lowercase())
}

/// "Children’s social care" → "childrens-social-care": lower case,
/// apostrophes dropped, other runs of non-alphanumerics become one `-`.
/// Heading ids are made this way, so links written by hand can guess them.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().filter(|c| !matches!(c, '\'' | '’' | '‘')) {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_relative_pages_with_anchors() {
        assert_eq!(section("people"), "people.html");
        assert_eq!(section_slug(&section("people")), Some("people"));
        assert_eq!(section_heading("people", "a"), "people.html#a");
        assert_eq!(term("ehcp"), "glossary.html#ehcp");
        assert_eq!(checklist_item("x"), "checklist.html#x");
        assert_eq!(
            resource("Working Together"),
            "resources.html#resource-working-together"
        );
        assert!(in_sitemap("people.html") && !in_sitemap("404.html") && !in_sitemap("search.html"));
    }
}
