//! The 2019 edition in `editions/2019/`: banners, canonical links, and
//! kept out of the current edition's sitemap and search.

use super::{BASE_URL, resolve, site};
use crate::support::search::shards_text;
use crate::support::site::{attr_values, html_files};
use firstdays::search::Searcher;

fn old_pages() -> Vec<(String, String)> {
    let pages: Vec<(String, String)> = html_files(&site().out)
        .into_iter()
        .filter(|(p, _)| p.starts_with("editions/2019/"))
        .collect();
    assert!(
        pages.len() >= 13,
        "the 2019 edition is a whole site: {}",
        pages.len()
    );
    pages
}

/// The banner's link on a page, as written.
fn banner_href(html: &str) -> String {
    let banner = &html[html
        .find("class=\"edition-banner\"")
        .expect("the page has a banner")..];
    let banner = &banner[..banner.find("</div>").unwrap()];
    assert!(
        banner.contains("This is the April 2019 edition.")
            && banner.contains(">Read the current version of this page</a>"),
        "{banner}"
    );
    attr_values(banner, "href").into_iter().next().unwrap()
}

#[test]
fn every_page_of_the_2019_edition_has_a_banner_whose_link_resolves_to_a_current_page() {
    for (page, html) in old_pages() {
        let href = banner_href(&html);
        assert!(
            !href.contains(':') && !href.starts_with('/'),
            "{page}: relative link {href}"
        );
        let (path, fragment) = href.split_once('#').unwrap_or((&href, ""));
        let target = resolve(&page, path);
        assert!(
            !target.starts_with("editions/"),
            "{page}: the banner leads out of the old edition, not to {target}"
        );
        let current = site().out.join(&target);
        assert!(
            current.is_file(),
            "{page}: banner link {href} → {target} does not exist"
        );
        if !fragment.is_empty() {
            let ids = attr_values(&std::fs::read_to_string(current).unwrap(), "id");
            assert!(
                ids.iter().any(|i| i == fragment),
                "{page}: no #{fragment} in {target}"
            );
        }
    }
}

#[test]
fn old_pages_link_to_the_same_current_page_or_the_home_page() {
    let pages = old_pages();
    let href = |name: &str| {
        banner_href(
            &pages
                .iter()
                .find(|(p, _)| p == &format!("editions/2019/{name}"))
                .unwrap()
                .1,
        )
    };
    for name in [
        "people.html",
        "getting-organised.html",
        "glossary.html",
        "checklist.html",
        "print.html",
        "index.html",
    ] {
        assert_eq!(href(name), format!("../../{name}"));
    }
    // The current pages carry no banner.
    assert!(!site().read("people.html").contains("edition-banner"));
}

#[test]
fn each_old_page_has_a_canonical_link_to_the_current_page_and_current_pages_have_none() {
    let link = regex::Regex::new(r#"<link rel="canonical" href="([^"]*)""#).unwrap();
    for (page, html) in old_pages() {
        let canonical: Vec<String> = link
            .captures_iter(&html)
            .map(|c| c[1].to_string())
            .collect();
        let target = resolve(&page, banner_href(&html).split('#').next().unwrap());
        let expected = if target == "index.html" {
            BASE_URL.to_string()
        } else {
            format!("{BASE_URL}{target}")
        };
        assert_eq!(canonical, vec![expected], "{page}");
    }
    assert!(!site().read("people.html").contains("rel=\"canonical\""));
}

#[test]
fn old_pages_are_in_neither_the_current_sitemap_nor_the_current_search_index() {
    let sitemap = site().read("sitemap.xml");
    assert!(
        sitemap.contains(&format!("{BASE_URL}people.html")),
        "{sitemap}"
    );
    assert!(!sitemap.contains("editions/"), "{sitemap}");
    assert!(!site().out.join("editions/2019/sitemap.xml").exists());
    assert!(!site().out.join("editions/2019/robots.txt").exists());
    // The current index knows nothing of 2019; the 2019 index nothing of now.
    let current = Searcher::open(&site().out).unwrap();
    let old = Searcher::open(&site().out.join("editions/2019")).unwrap();
    for q in [
        "lead member",
        "kinship foster care",
        "alternative delivery models",
        "EHCP",
    ] {
        for hit in current.search(q, 50) {
            assert!(
                !hit.url.contains("editions/"),
                "current search for {q}: {}",
                hit.url
            );
        }
    }
    let hits = old.search("Regional Improvement Alliance", 10);
    assert!(!hits.is_empty(), "the 2019 edition has its own index");
    assert!(
        old.search("alternative delivery models", 50)
            .iter()
            .all(|h| !h.url.contains("alternative-delivery-models"))
    );
    let js = shards_text(&site().out.join("editions/2019"));
    assert!(!js.contains("alternative-delivery-models.html"));
}
