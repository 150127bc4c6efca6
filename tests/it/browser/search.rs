//! search.js in a real browser, from file:// (no server): the search page
//! renders `?q=` results, and the box on any other page (here one folder
//! down, `data-root="../"`) loads the index on first input and lists
//! results under itself. Runs when headless Chromium is installed; skipped
//! (with a message) otherwise.

use std::fs;

use crate::support::browser::{chromium_or_skip, dump_dom};
use crate::support::search::{build_site, search_js};

const FORM: &str = r#"<form role="search" action="{root}search.html"><label>Search <input type="search" name="q"></label> <button>Search</button></form>"#;

fn page(root: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en-GB\" data-root=\"{root}\">\n<head><meta charset=\"utf-8\"><title>t</title></head>\n<body>\n{}\n{body}\n<script src=\"{root}static/search.js\"></script>\n</body></html>\n",
        FORM.replace("{root}", root)
    )
}

#[test]
fn search_works_from_file_urls_in_a_browser() {
    // scripts/test.sh installs Chromium, so CI always runs this.
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let site = build_site();
    let root = &site.root;
    fs::create_dir_all(root.join("static")).unwrap();
    fs::copy(search_js(), root.join("static/search.js")).unwrap();
    fs::write(
        root.join("search.html"),
        page("", r#"<h1>Search</h1><div id="search-results"></div>"#),
    )
    .unwrap();
    fs::create_dir_all(root.join("sub")).unwrap();
    // Types into the box once search.js has set it up (on load).
    let typing = r#"<script>window.addEventListener('load', function () {
      var input = document.querySelector('input[name=q]');
      input.focus(); input.value = 'safegaurding'; input.dispatchEvent(new Event('input'));
    });</script>"#;
    fs::write(
        root.join("sub/page.html"),
        page("../", &format!("<p>Some page.</p>{typing}")),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let url = |path: &str| format!("file://{}/{path}", root.display());

    let results = dump_dom(
        &browser,
        profile.path(),
        &url("search.html?q=fostering%20agencies"),
    );
    assert!(
        results.contains("results for “fostering agencies”"),
        "{results}"
    );
    assert!(results.contains(r#"aria-live="polite""#), "{results}");
    let first = results
        .find("<li")
        .map(|i| &results[i..])
        .unwrap_or_else(|| panic!("no results: {results}"));
    assert!(first.starts_with(r#"<li class="search-result search-result--term"><a class="search-result__link" href="glossary.html#ifa">"#), "{first}");
    assert!(results.contains("<mark>fostering</mark>"), "{results}");

    let nothing = dump_dom(&browser, profile.path(), &url("search.html?q=zzzzqqqq"));
    assert!(nothing.contains("No results for “zzzzqqqq”"), "{nothing}");

    let dropdown = dump_dom(&browser, profile.path(), &url("sub/page.html"));
    assert!(
        dropdown.contains(r#"<script src="../search/index.js"></script>"#),
        "index not loaded on demand: {dropdown}"
    );
    assert!(
        dropdown.contains(r#"<div class="search-dropdown">"#),
        "dropdown hidden: {dropdown}"
    );
    assert!(
        dropdown.contains(r#"href="../glossary.html#mash""#),
        "{dropdown}"
    );
    assert!(
        dropdown.contains(r#"href="../search.html?q=safegaurding""#),
        "{dropdown}"
    );
    assert!(
        dropdown.contains("results for “safegaurding”"),
        "{dropdown}"
    );
}
