//! Each `##` and `###` sub-section is a result of its own: it links to its
//! heading's anchor and shows the sub-heading, with the section as context;
//! so do a council's patches and inserted sub-sections.

use std::fs;

use crate::support::site::{copy_of, real_guide, try_build_with};
use firstdays::search::{Hit, Searcher};

fn first_hit(site: &std::path::Path, query: &str) -> Hit {
    let searcher = Searcher::open(site).unwrap_or_else(|e| panic!("{e}"));
    searcher
        .search(query, 3)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no results for {query:?}"))
}

#[test]
fn a_level_three_sub_section_is_a_result_of_its_own() {
    let guide = copy_of(&real_guide());
    let page = guide.path().join("getting-organised.md");
    let mut text = fs::read_to_string(&page).unwrap();
    text.push_str(
        "\n### Our youth parliament\n\nThe youth parliament meets termly in the council chamber.\n",
    );
    fs::write(&page, text).unwrap();
    let built = try_build_with(guide.path(), |_| {}).unwrap_or_else(|e| panic!("{e}"));

    let hit = first_hit(&built.out, "youth parliament termly");
    assert_eq!(hit.url, "getting-organised.html#our-youth-parliament");
    assert_eq!(hit.title, "Our youth parliament");
    assert_eq!(hit.page_title, "Getting organised");
    let html = fs::read_to_string(built.out.join("getting-organised.html")).unwrap();
    assert!(
        html.contains("id=\"our-youth-parliament\""),
        "no such anchor"
    );
}

#[test]
fn a_councils_inserted_and_patched_sub_sections_are_found_at_their_headings() {
    let built = try_build_with(&real_guide(), |opts| {
        opts.council = Some(real_guide().join("councils/northshire"));
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let html = fs::read_to_string(built.out.join("getting-organised.html")).unwrap();

    // Inserted after "Get important meetings in your diary".
    let hit = first_hit(&built.out, "partnership business manager");
    assert_eq!(hit.title, "Northshire's partnership meetings");
    assert_eq!(hit.page_title, "Getting organised");
    let anchor = hit
        .url
        .strip_prefix("getting-organised.html#")
        .unwrap_or_else(|| panic!("{}", hit.url));
    assert!(
        html.contains(&format!("id=\"{anchor}\"")),
        "no anchor {anchor}"
    );

    // Appended to "Meet your support staff".
    let hit = first_hit(&built.out, "cabinet support officer");
    assert_eq!(hit.url, "getting-organised.html#meet-your-support-staff");
    assert_eq!(hit.title, "Meet your support staff");
    assert!(
        hit.snippet.contains("<mark>officer</mark>"),
        "{}",
        hit.snippet
    );
}
