//! The real guide, built into a temp dir and checked page by page.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use crate::support::site::{Built, attr_values, build, real_guide};
use firstdays::content::Guide;

fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build(&real_guide()))
}

fn guide() -> Guide {
    Guide::load(&real_guide()).unwrap()
}

#[test]
fn every_section_has_a_page_with_its_title_as_the_only_h1() {
    let guide = guide();
    assert_eq!(guide.sections.len(), 8);
    for s in &guide.sections {
        let html = site().read(&s.url());
        assert_eq!(html.matches("<h1").count(), 1, "{}", s.url());
        let h1 = format!("<h1>{}</h1>", firstdays::html::escape(&s.meta.title));
        assert!(html.contains(&h1), "{} has no {h1}", s.url());
    }
}

#[test]
fn all_46_glossary_terms_are_on_the_glossary_page_with_anchors() {
    let guide = guide();
    assert_eq!(guide.glossary.terms.len(), 46);
    let html = site().read("glossary.html");
    let ids: BTreeSet<String> = attr_values(&html, "id").into_iter().collect();
    for term in &guide.glossary.terms {
        assert!(ids.contains(&term.slug), "no anchor for {}", term.slug);
    }
    assert_eq!(html.matches(r#"class="term""#).count(), 46);
}

#[test]
fn every_checklist_item_is_listed_and_linked_to_the_section_that_explains_it() {
    let guide = guide();
    let html = site().read("checklist.html");
    let items = guide.checklist.all_items();
    assert_eq!(items.iter().filter(|i| i.items.is_empty()).count(), 17);
    for item in items {
        let text = item.text.replace('\'', "&#39;");
        assert!(
            html.contains(&text) || html.contains(&item.text),
            "missing: {}",
            item.text
        );
        if let Some(target) = item.target() {
            assert!(
                html.contains(&format!(r#"href="{target}""#)),
                "{} not linked to {target}",
                item.text
            );
        }
    }
    assert!(html.contains(r#"href="getting-organised.html#speak-to-your-employer""#));
}

#[test]
fn glossary_terms_are_linked_from_the_text_with_abbreviation_expansions() {
    let legislation = site().read("legislation.html");
    assert!(
        legislation.contains(r#"<a class="glossary-term" href="glossary.html#send"><abbr title="Special educational needs and disability">SEND</abbr></a>"#),
        "SEND in Legislation"
    );
    let info = site().read("information-and-statistics.html");
    assert!(
        info.contains(
            r#"href="glossary.html#ehcp"><abbr title="Education, Health and Care Plan">EHCP</abbr>"#
        ),
        "EHCP in Information and statistics"
    );
    // Longest match: "children in need" is one term, not "children" + something.
    let organised = site().read("getting-organised.html");
    assert!(organised.contains(r#"href="glossary.html#children-in-need">children in need</a>"#));
}

#[test]
fn glossary_entries_link_back_to_sections_and_sections_list_their_terms() {
    let glossary = site().read("glossary.html");
    let send = &glossary[glossary.find(r#"id="send""#).unwrap()..];
    let send = &send[..send.find(r#"class="term""#).unwrap_or(send.len())];
    assert!(
        send.contains(r#"<a href="legislation.html">Legislation</a>"#),
        "{send}"
    );
    let legislation = site().read("legislation.html");
    let terms = &legislation[legislation.find("Terms used in this section").unwrap()..];
    assert!(terms.contains(r#"<a href="glossary.html#send">"#));
}

#[test]
fn glossary_definitions_link_each_other_including_see_above_and_below() {
    let glossary = site().read("glossary.html");
    let definition = |slug: &str| {
        let start = glossary.find(&format!(r#"id="{slug}""#)).unwrap();
        let rest = &glossary[start..];
        rest[..rest.find("term-meta").unwrap_or(rest.len())].to_string()
    };
    // "County lines (see below) is a form of CCE."
    assert!(definition("cce").contains(r#"href="glossary.html#county-lines""#));
    // "A maintained school (see above), ..."
    assert!(
        definition("voluntary-aided-school").contains(r#"href="glossary.html#maintained-school""#)
    );
    // A term never links to itself.
    assert!(!definition("cse").contains(r#"href="glossary.html#cse""#));
}

#[test]
fn no_false_glossary_hits() {
    assert!(
        site()
            .read("getting-organised.html")
            .contains("early education and childcare</li>")
    );
    let heading = regex::Regex::new(r"(?s)<h[1-6][^>]*>.*?</h[1-6]>").unwrap();
    for (path, html) in site().pages() {
        // "care" inside "childcare" is not a mention of any care term.
        assert!(!html.contains(r#"child<a class="glossary-term""#), "{path}");
        // Headings never carry glossary links.
        for h in heading.find_iter(&html) {
            assert!(
                !h.as_str().contains("glossary-term"),
                "{path}: {}",
                h.as_str()
            );
        }
    }
}

#[test]
fn sections_link_to_each_other_with_previous_next_and_breadcrumbs() {
    let people = site().read("people.html");
    assert!(people.contains(r#"href="legislation.html" rel="prev""#));
    assert!(people.contains(r#"href="alternative-delivery-models.html" rel="next""#));
    assert!(people.contains(r#"aria-label="Breadcrumb""#));
    let legislation = site().read("legislation.html");
    assert!(legislation.contains(
        r#"href="getting-organised.html#be-clear-on-your-responsibilities">previous section</a>"#
    ));
}

#[test]
fn every_internal_link_and_anchor_in_the_output_resolves() {
    let pages = site().pages();
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(p, h)| (p.as_str(), attr_values(h, "id").into_iter().collect()))
        .collect();
    let mut checked = 0;
    for (page, html) in &pages {
        if page == "404.html" {
            continue;
        }
        for link in attr_values(html, "href")
            .into_iter()
            .chain(attr_values(html, "src"))
        {
            if link.contains(':') {
                continue;
            }
            let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
            // Relative to the page's folder (old editions are in `editions/<name>/`).
            let path = if path.is_empty() {
                page.clone()
            } else {
                let mut parts: Vec<&str> = page.split('/').collect();
                parts.pop();
                for seg in path.split('/') {
                    match seg {
                        ".." => drop(parts.pop()),
                        s => parts.push(s),
                    }
                }
                parts.join("/")
            };
            let path = path.as_str();
            assert!(
                site().out.join(path).is_file(),
                "{page} links to missing {link}"
            );
            if !anchor.is_empty() {
                let page_ids = ids
                    .get(path)
                    .unwrap_or_else(|| panic!("{page} links to non-page {link}"));
                assert!(
                    page_ids.contains(anchor),
                    "{page} links to missing anchor {link}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn no_root_absolute_urls_so_the_site_works_in_a_sub_folder_and_from_disk() {
    // An old edition's canonical link is absolute on purpose.
    let canonical = regex::Regex::new(r#"<link rel="canonical" href="[^"]*">"#).unwrap();
    for (page, html) in site().pages() {
        let html = canonical.replace_all(&html, "").into_owned();
        for link in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            assert!(!link.starts_with('/'), "{page}: {link}");
            if page != "404.html" && !link.starts_with("mailto:") {
                assert!(!link.starts_with("http://127.0.0.1"), "{page}: {link}");
            }
        }
        assert!(
            !html.contains("cdn") && !html.contains("googleapis"),
            "{page} loads something from outside"
        );
    }
    let not_found = site().read("404.html");
    assert!(
        not_found.contains(r#"href="http://127.0.0.1:8000/index.html""#),
        "404 links absolutely, from the base URL"
    );
}

#[test]
fn pages_are_accessible_html() {
    let heading_level = regex::Regex::new(r"<h([1-6])").unwrap();
    let image = regex::Regex::new(r"<img [^>]*>").unwrap();
    for (page, html) in site().pages() {
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\""),
            "{page}"
        );
        assert!(
            html.contains(r##"<a class="skip-link" href="#main-content">"##),
            "{page}"
        );
        assert!(html.contains(r#"<main id="main-content""#), "{page}");
        assert_eq!(html.matches("<h1").count(), 1, "{page} has one h1");
        let mut last = 1;
        for level in heading_level
            .captures_iter(&html)
            .map(|c| c[1].parse::<u32>().unwrap())
        {
            assert!(level <= last + 1, "{page} skips from h{last} to h{level}");
            last = level;
        }
        for img in image.find_iter(&html) {
            assert!(img.as_str().contains("alt="), "{page}: {}", img.as_str());
        }
    }
}

#[test]
fn sitemap_robots_printable_page_and_search_page() {
    let sitemap = site().read("sitemap.xml");
    assert!(sitemap.contains("<loc>http://127.0.0.1:8000/people.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    assert!(
        site()
            .read("robots.txt")
            .contains("Sitemap: http://127.0.0.1:8000/sitemap.xml")
    );
    let print = site().read("print.html");
    for s in &guide().sections {
        assert!(print.contains(&format!(r#"id="section-{}""#, s.meta.slug)));
    }
    assert!(print.contains(r#"id="ehcp""#) && print.contains(r#"id="print-item-1""#));
    assert!(
        site()
            .read("search.html")
            .contains("<!--firstdays:results-->")
    );
    assert!(site().out.join("static/highlight.css").is_file());
}

#[test]
fn faithful_to_the_seed_text() {
    // A few sentences, word for word, from across the current edition.
    let all: String = site()
        .pages()
        .into_iter()
        .filter(|(p, _)| p == "print.html")
        .map(|(_, h)| h)
        .collect();
    let text = regex::Regex::new(r"<[^>]+>").unwrap().replace_all(&all, "");
    for sentence in [
        "It’s the only role for elected members that’s defined in legislation",
        "Potholes might spark more debate, but children’s services can bust the budget when things go wrong.",
        "Percentage of EHCP assessments taking place within the statutory timeframe of six weeks.",
        "Some councils choose to operate via an alternative delivery model, while others have this imposed on them by the Government.",
        "These are referred to as welfare beds and youth justice beds respectively.",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}");
    }
}

#[test]
fn glossary_terms_keep_the_seeds_names() {
    let glossary = site().read("glossary.html");
    // The seed names this term "Special guardianship and SGOs"; it once lost its second half.
    assert!(
        glossary.contains(">Special guardianship and SGOs"),
        "glossary.html has no heading for `Special guardianship and SGOs`"
    );
}

#[test]
fn summary_counts_pages_and_terms() {
    assert_eq!(site().summary.glossary_terms, 46);
    // Eight sections, home, glossary, checklist, resources, print, search,
    // 404 and changes.html (old editions' pages are not counted).
    assert_eq!(site().summary.pages, 16);
}

#[test]
fn two_builds_give_byte_identical_html() {
    let again = build(&real_guide());
    let first = site().pages();
    let second = again.pages();
    assert_eq!(first.len(), second.len());
    for ((p1, h1), (p2, h2)) in first.iter().zip(&second) {
        assert_eq!(p1, p2);
        assert!(h1 == h2, "{p1} differs between builds");
    }
}

#[test]
fn search_documents_cover_sub_sections_and_keep_words_that_became_links() {
    let guide = guide();
    let linked = firstdays::links::link(&guide).unwrap();
    let docs = firstdays::search_docs(&linked);
    let vsh = docs
        .iter()
        .find(|d| d.url == "glossary.html#virtual-school-head")
        .unwrap();
    assert!(
        vsh.body.contains("special guardianship order"),
        "{}",
        vsh.body
    );
    assert!(
        docs.iter()
            .any(|d| d.url == "getting-organised.html#speak-to-your-employer")
    );
    assert_eq!(
        docs.iter()
            .filter(|d| d.url.starts_with("glossary.html#"))
            .count(),
        46
    );
    assert!(docs.iter().any(|d| d.url == "checklist.html#item-1"));
}

#[test]
fn the_search_command_prints_ranked_results_and_json() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_firstdays"))
            .args(args)
            .arg("--site")
            .arg(&site().out)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value =
        serde_json::from_str(&run(&["search", "EHCP", "--json"])).unwrap();
    assert_eq!(json["results"][0]["url"], "glossary.html#ehcp");
    let json: serde_json::Value =
        serde_json::from_str(&run(&["search", "fostering", "--json"])).unwrap();
    let snippet = json["results"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>"), "{snippet}");
    let text = run(&["search", "section 47", "--limit", "1"]);
    assert!(
        text.starts_with("1. Section 47 (Glossary)\n   glossary.html#section-47\n"),
        "{text}"
    );
}
