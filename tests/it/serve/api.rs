//! `/search` and `/api/search` with a stand-in index: page and JSON shape,
//! `limit`, and bad input (empty, 10 KB, query syntax, invalid UTF-8,
//! percent-encoded junk) that must never be a 500.

use crate::support::serve::{fixture_site, get, start_fixture};

#[test]
fn api_returns_query_and_results() {
    let server = start_fixture();
    let reply = get(server.addr, "/api/search?q=section+47");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    let json = reply.json();
    assert_eq!(json["query"], "section 47");
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 10, "default limit");
    let first = &results[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "every_word",
            "kind",
            "page_title",
            "score",
            "snippet",
            "title",
            "url"
        ]
    );
    assert_eq!(first["title"], "Result 0 for section 47");
    assert_eq!(first["url"], "glossary.html#term-0");
    assert_eq!(first["kind"], "term");
    assert_eq!(first["page_title"], "Glossary");
    assert_eq!(first["snippet"], "an <mark>escaped</mark> snippet");
    assert_eq!(first["score"], 10.0);
}

#[test]
fn api_limit_defaults_clamps_and_refuses() {
    let server = start_fixture();
    for (target, count) in [
        ("/api/search?q=x&limit=3", 3),
        ("/api/search?q=x&limit=0", 1),
        ("/api/search?q=x&limit=50", 50),
        ("/api/search?q=x&limit=51", 50),
        ("/api/search?q=x&limit=1000000000000000000000000", 50),
        ("/api/search?limit=5&q=x", 5),
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(
            reply.json()["results"].as_array().unwrap().len(),
            count,
            "{target}"
        );
    }
    for target in [
        "/api/search?q=x&limit=",
        "/api/search?q=x&limit=-1",
        "/api/search?q=x&limit=ten",
        "/api/search?q=x&limit=%ff",
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 400, "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/json"),
            "{target}"
        );
        let error = reply.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains("limit"), "{target}: {error}");
    }
}

#[test]
fn empty_queries_give_no_results() {
    let server = start_fixture();
    for target in [
        "/api/search",
        "/api/search?q=",
        "/api/search?q=+++",
        "/api/search?q=%20%09",
        "/api/search?&&",
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(
            reply.json()["results"].as_array().unwrap().len(),
            0,
            "{target}"
        );
    }
}

#[test]
fn a_10_kb_query_is_refused_with_a_message() {
    let server = start_fixture();
    let long = "fostering+".repeat(1024);
    let reply = get(server.addr, &format!("/api/search?q={long}"));
    assert_eq!(reply.status, 400);
    assert!(
        reply.json()["error"]
            .as_str()
            .unwrap()
            .contains("the most is 1000"),
        "{}",
        reply.text()
    );

    let reply = get(server.addr, &format!("/search?q={long}"));
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("the most is 1000"));
    assert!(
        reply.text().contains("<h1>Search</h1>"),
        "the error is shown on the site's search page"
    );
}

#[test]
fn junk_never_gives_a_500() {
    let server = start_fixture();
    for q in [
        "%22%20%3A%20(%20)%20*%20~%20%5E%20-",
        "%22unclosed",
        "a:b",
        "title:(x",
        "*",
        "~2",
        "^5",
        "-",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%00",
        "%ff%fe",
        "%c3%28",
        "%",
        "%%",
        "%2",
        "%zz",
        "a%2Bb",
        "%E2%80%9Csection%2047%E2%80%9D",
        "%F0%9F%98%80",
    ] {
        for target in [
            format!("/api/search?q={q}"),
            format!("/search?q={q}"),
            format!("/search.html?q={q}"),
        ] {
            let reply = get(server.addr, &target);
            assert!(
                matches!(reply.status, 200 | 400),
                "{target}: {}",
                reply.status
            );
            if target.starts_with("/api/") {
                assert_eq!(
                    reply.header("content-type"),
                    Some("application/json"),
                    "{target}"
                );
                let json = reply.json();
                assert!(
                    json["results"].is_array() || json["error"].is_string(),
                    "{target}: {json}"
                );
            }
        }
    }
}

#[test]
fn characters_not_allowed_in_a_url_are_refused_by_the_http_layer() {
    let server = start_fixture();
    for target in [
        "/api/search?q=\"a\"",
        "/api/search?q=a b",
        "/search?q=<x>",
        "/api/search?q={}",
    ] {
        let reply = get(server.addr, target);
        assert!(
            matches!(reply.status, 200 | 400),
            "{target}: {}",
            reply.status
        );
    }
    assert_eq!(get(server.addr, "/api/search?q=ok").status, 200);
}

#[test]
fn invalid_utf8_is_a_400_with_a_message() {
    let server = start_fixture();
    let reply = get(server.addr, "/api/search?q=%ff%fe");
    assert_eq!(reply.status, 400);
    assert!(reply.json()["error"].as_str().unwrap().contains("UTF-8"));
    let reply = get(server.addr, "/search?q=%ff%fe");
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("UTF-8"));
}

#[test]
fn results_page_is_the_search_page_with_results() {
    let server = start_fixture();
    let page = std::fs::read_to_string(fixture_site().join("search.html")).unwrap();
    let (before, after) = page.split_once("<!--firstdays:results-->").unwrap();
    for target in ["/search?q=%3Cb%3Eehcp", "/search.html?q=%3Cb%3Eehcp"] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
        let html = reply.text();
        assert!(
            html.starts_with(before) && html.ends_with(after),
            "{target}: the page around the results changed"
        );
        assert!(!html.contains("<!--firstdays:results-->"));
        assert!(
            html.contains("10 results for \u{201c}&lt;b&gt;ehcp\u{201d}"),
            "{html}"
        );
        assert!(html.contains("<ol class=\"search-results\">"), "{html}");
        assert!(
            html.contains(
                "<a class=\"search-result__link\" href=\"glossary.html#term-0\">\
                 <span class=\"search-result__title\">Result 0 for &lt;b&gt;ehcp</span></a>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"search-result__page\">Glossary</span>"),
            "{html}"
        );
        assert!(html.contains("an <mark>escaped</mark> snippet"), "{html}");
        assert!(!html.contains("<b>ehcp"), "the query was not escaped");
    }
    let reply = get(server.addr, "/search?q=x&limit=1");
    assert!(reply.text().contains("1 result for \u{201c}x\u{201d}"));
}

#[test]
fn results_page_without_a_query_prompts() {
    let server = start_fixture();
    for target in ["/search", "/search?q=", "/search.html?q=+"] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 200, "{target}");
        assert!(reply.text().contains("search-prompt"), "{target}");
    }
    // No `q` at all: the static page as it is, for its own script.
    let reply = get(server.addr, "/search.html?other=1");
    assert_eq!(
        reply.body,
        std::fs::read(fixture_site().join("search.html")).unwrap()
    );
}

#[test]
fn a_panicking_index_costs_one_request_not_the_server() {
    let server = start_fixture();
    let reply = get(server.addr, "/api/search?q=boom");
    assert_eq!(reply.status, 500);
    assert!(reply.json()["error"].is_string());
    let reply = get(server.addr, "/search?q=boom");
    assert_eq!(reply.status, 500);
    assert!(reply.text().contains("search-error"));
    assert_eq!(get(server.addr, "/api/search?q=fine").status, 200);
}
