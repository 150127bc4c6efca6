//! search.js in a real browser, from file:// (no server): the search page
//! renders `?q=` results, and the box on any other page (here one folder
//! down, `data-root="../"`) loads the index's shards on first input and lists
//! results under itself. Runs when headless Chromium is installed; skipped
//! (with a message) otherwise.

use std::fs;

use crate::support::browser::{chromium_or_skip, dom_and_log, dump_dom};
use crate::support::search::{Site, build_site, search_js};

const FORM: &str = r#"<form role="search" action="{root}search.html"><label>Search <input type="search" name="q"></label> <button>Search</button></form>"#;

fn page(root: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en-GB\" data-root=\"{root}\">\n<head><meta charset=\"utf-8\"><title>t</title></head>\n<body>\n{}\n{body}\n<script src=\"{root}static/search.js\"></script>\n</body></html>\n",
        FORM.replace("{root}", root)
    )
}

/// A site with the fixture's index, the runtime and a bare search page.
fn search_page_site() -> Site {
    let site = build_site();
    let root = &site.root;
    fs::create_dir_all(root.join("static")).unwrap();
    fs::copy(search_js(), root.join("static/search.js")).unwrap();
    fs::write(
        root.join("search.html"),
        page("", r#"<h1>Search</h1><div id="search-results"></div>"#),
    )
    .unwrap();
    site
}

#[test]
fn search_works_from_file_urls_in_a_browser() {
    // scripts/test.sh installs Chromium, so CI always runs this.
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let site = search_page_site();
    let root = &site.root;
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
    // Only the Independent fostering agency entry has both words; the
    // rest follow under their own heading.
    assert!(
        results.contains("1 result for “fostering agencies”"),
        "{results}"
    );
    assert!(
        results
            .contains(r#"<h3 class="search-more">More results matching some of your words</h3>"#),
        "{results}"
    );
    assert!(results.contains(r#"aria-live="polite""#), "{results}");
    let first = results
        .find("<li")
        .map(|i| &results[i..])
        .unwrap_or_else(|| panic!("no results: {results}"));
    assert!(first.starts_with(r#"<li class="search-result search-result--term"><a class="search-result__link" href="glossary.html#ifa">"#), "{first}");
    assert!(results.contains("<mark>fostering</mark>"), "{results}");

    // Ten results at a time: each shown result loads its stored text.
    let many = dump_dom(&browser, profile.path(), &url("search.html?q=children"));
    assert_eq!(
        many.matches("<li class=\"search-result ").count(),
        10,
        "{many}"
    );
    assert!(
        many.contains(
            r#"<button class="search-more-button" type="button">Show more results</button>"#
        ),
        "{many}"
    );

    let nothing = dump_dom(&browser, profile.path(), &url("search.html?q=zzzzqqqq"));
    assert!(nothing.contains("No results for “zzzzqqqq”"), "{nothing}");

    let dropdown = dump_dom(&browser, profile.path(), &url("sub/page.html"));
    assert!(
        dropdown.contains(r#"<script src="../search/shards/manifest.js"></script>"#),
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

#[test]
fn a_missing_or_corrupt_shard_says_search_is_unavailable_and_throws_nothing() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let site = search_page_site();
    let root = &site.root;
    let shards = site.shards_dir();
    let term_shards: Vec<std::path::PathBuf> = fs::read_dir(&shards)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with('t'))
        .collect();
    assert!(!term_shards.is_empty());
    let url = format!(
        "file://{}/search.html?q=fostering%20agencies",
        root.display()
    );

    // Intact, it works, and logs no error.
    let profile = tempfile::tempdir().unwrap();
    let (dom, log) = dom_and_log(&browser, profile.path(), &url);
    assert!(dom.contains("glossary.html#ifa"), "{dom}");
    assert!(!log.contains("Uncaught"), "{log}");

    // Corrupt: every term shard cut in half (a script that fails to parse).
    for path in &term_shards {
        let text = fs::read_to_string(path).unwrap();
        fs::write(path, &text[..text.len() / 2]).unwrap();
    }
    let profile = tempfile::tempdir().unwrap();
    let (dom, log) = dom_and_log(&browser, profile.path(), &url);
    assert!(
        dom.contains("Search is unavailable, use the <a href=\"index.html\">contents</a>."),
        "{dom}"
    );
    assert!(
        !log.contains("Uncaught"),
        "an error reached the console:\n{log}"
    );
    assert!(
        !log.contains("SyntaxError"),
        "an error reached the console:\n{log}"
    );

    // Missing: the term shards deleted.
    for path in &term_shards {
        fs::remove_file(path).unwrap();
    }
    let profile = tempfile::tempdir().unwrap();
    let (dom, log) = dom_and_log(&browser, profile.path(), &url);
    assert!(dom.contains("Search is unavailable, use the"), "{dom}");
    assert!(
        !log.contains("Uncaught"),
        "an error reached the console:\n{log}"
    );
}
