//! The real guide in a real browser, opened straight from disk (file://):
//! the checklist's script enhances the page, and the search page answers
//! `?q=` with no server.

use crate::support::browser::{chromium_or_skip, dump_dom};

#[test]
fn checklist_script_shows_progress_from_disk() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let site = crate::support::site::build(&crate::support::site::real_guide());
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.out.join("checklist.html").display());
    let dom = dump_dom(&browser, profile.path(), &url);
    assert!(dom.contains("0 of 17 done."), "{dom}");
    // Without the script the same line is hidden, so nothing wrong is shown.
    assert!(
        site.read("checklist.html")
            .contains(r#"id="checklist-progress" aria-live="polite" hidden>"#)
    );
}

#[test]
fn search_page_answers_from_disk_with_the_real_index() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let site = crate::support::site::build(&crate::support::site::real_guide());
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}?q=EHCP", site.out.join("search.html").display());
    let dom = dump_dom(&browser, profile.path(), &url);
    let results = &dom[dom
        .find(r#"id="search-results""#)
        .expect("results container")..];
    let first_link = results
        .find("href=\"")
        .map(|i| &results[i + 6..])
        .expect("a result link");
    assert!(
        first_link.starts_with("glossary.html#ehcp"),
        "{}",
        &results[..results.len().min(600)]
    );
}
