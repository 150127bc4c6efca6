//! The banner on every page of an old edition: "This is the April 2019
//! edition. Read the current version of this page", linked to the nearest
//! page of the current edition, and the page's canonical address.
//!
//! The target is chosen from the current edition's *built* pages and ids,
//! so a section or heading that no longer exists falls back to a page that
//! does (the term's entry → the glossary; a section → the home page), never
//! to a broken link.

use serde::Serialize;

use crate::links::Anchors;

/// The index page, where anything without a current twin goes.
const HOME: &str = "index.html";

/// What an old edition's pages need to point at the current edition.
#[derive(Debug, Clone)]
pub struct BannerSpec {
    /// "April 2019 edition".
    pub label: String,
    /// From a page of the old edition to the current root (`../../`).
    pub up: String,
    /// The current edition's published address (for canonical links).
    pub base_url: String,
    /// The current edition's pages and their ids, as built.
    pub current: Anchors,
}

/// One page's banner, for the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Banner {
    pub label: String,
    /// Relative link to the current page (works from `file://` and a sub-folder).
    pub href: String,
    /// Absolute address of the current page, for `<link rel="canonical">`.
    pub canonical: String,
}

impl BannerSpec {
    /// `page` (such as `people.html`) with maybe an `anchor` of the old
    /// edition → the current page (and anchor) it maps to, site-relative.
    pub fn target(&self, page: &str, anchor: Option<&str>) -> String {
        match self.current.get(page) {
            Some(ids) => match anchor {
                Some(a) if ids.contains(a) => format!("{page}#{a}"),
                _ => page.to_string(),
            },
            None => HOME.to_string(),
        }
    }

    pub fn banner(&self, page: &str) -> Banner {
        let target = self.target(page, None);
        Banner {
            label: self.label.clone(),
            href: format!("{}{target}", self.up),
            canonical: format!(
                "{}{}",
                self.base_url,
                if target == HOME { "" } else { &target }
            ),
        }
    }
}

/// `editions/2019/` → `../../`: from a page of the edition up to the root.
pub fn up_from(site_dir: &str) -> String {
    "../".repeat(site_dir.trim_end_matches('/').split('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> BannerSpec {
        let mut current = Anchors::new();
        current.insert("people.html".into(), ["meet-your-team".to_string()].into());
        current.insert("glossary.html".into(), ["ehcp".to_string()].into());
        current.insert("index.html".into(), Default::default());
        BannerSpec {
            label: "April 2019 edition".into(),
            up: up_from("editions/2019/"),
            base_url: "https://example.org/guide/".into(),
            current,
        }
    }

    #[test]
    fn targets_fall_back_to_the_page_then_home() {
        let s = spec();
        assert_eq!(
            s.target("people.html", Some("meet-your-team")),
            "people.html#meet-your-team"
        );
        assert_eq!(s.target("people.html", Some("gone")), "people.html");
        assert_eq!(
            s.target("glossary.html", Some("ehcp")),
            "glossary.html#ehcp"
        );
        assert_eq!(s.target("glossary.html", Some("ria")), "glossary.html");
        assert_eq!(s.target("old-section.html", None), "index.html");
        let b = s.banner("people.html");
        assert_eq!(b.href, "../../people.html");
        assert_eq!(b.canonical, "https://example.org/guide/people.html");
        assert_eq!(
            s.banner("index.html").canonical,
            "https://example.org/guide/"
        );
    }
}
