//! What a section or term slug may be. A slug becomes a file name
//! (`<slug>.html`) and an anchor (`glossary.html#<slug>`), so it must be
//! safe in both, and it must not take a name the site itself uses.

use super::urls;

/// Folders the build writes at the root of the site.
pub const GENERATED_FOLDERS: [&str; 3] = ["static", "search", "editions"];

/// The pages and files the build writes at the root of the site, by stem
/// (`index`, `glossary` ...): a section called one of these would silently
/// replace it. The names come from `urls`, where `render_site` takes them;
/// the test `every_file_the_site_writes_at_its_root_is_reserved` keeps the
/// two in step.
fn generated_pages() -> impl Iterator<Item = &'static str> {
    [
        urls::HOME,
        urls::GLOSSARY,
        urls::CHECKLIST,
        urls::RESOURCES,
        urls::PRINT,
        urls::SEARCH,
        urls::NOT_FOUND,
        urls::SITEMAP,
        urls::ROBOTS,
        urls::CHANGES,
    ]
    .into_iter()
    .map(|page| page.split('.').next().unwrap_or(page))
}

/// A name the site makes for itself, which content cannot take.
pub fn is_reserved(slug: &str) -> bool {
    generated_pages().any(|page| page == slug) || GENERATED_FOLDERS.contains(&slug)
}

/// Every reserved name, for a hint: "`index`, `glossary`, ...".
pub fn reserved_list() -> String {
    let folders = GENERATED_FOLDERS
        .into_iter()
        .filter(|f| !generated_pages().any(|page| page == *f));
    generated_pages()
        .chain(folders)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lower-case ASCII letters, digits and hyphens, starting with a letter or
/// digit: the same file name on every system, and an id that needs no
/// escaping in a URL or an attribute.
pub fn is_safe(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_slugs_are_lower_case_words_with_hyphens() {
        assert!(is_safe("getting-organised"));
        assert!(is_safe("section-47"));
        assert!(is_safe("404"));
        for bad in [
            "", "-x", "People", "café", "a b", "a_b", "../x", "a.b", "a\"b",
        ] {
            assert!(!is_safe(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_pages_and_folders_the_site_makes_are_reserved() {
        for name in ["index", "search", "404", "print", "resources", "static"] {
            assert!(is_reserved(name), "{name}");
        }
        assert!(!is_reserved("people"));
        assert_eq!(reserved_list().matches("`search`").count(), 1);
    }
}
