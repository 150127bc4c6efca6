//! `serve` over the real guide, built by the pipeline into a temp dir: the
//! pieces fit (the built search page has the results marker, the index
//! answers, every result links to a page the server has).

use std::path::Path;
use std::sync::Arc;

use crate::support::serve::{get, start};
use firstdays::search::Searcher;
use firstdays::{BuildOptions, build};

fn built_guide() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("guide");
    build(&BuildOptions {
        guide,
        out: out.clone(),
        base_url: None,
        theme_dirs: Vec::new(),
        check_only: false,
        council: None,
        strict: false,
        lint: false,
        in_place: false,
        cache: None,
    })
    .expect("the guide builds");
    (tmp, out)
}

#[test]
fn the_built_guide_is_served_with_search() {
    let (_tmp, site) = built_guide();
    let server = start(
        &site,
        Arc::new(Searcher::open(&site).expect("open the index")),
    );

    for (target, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/glossary.html", "text/html; charset=utf-8"),
        ("/static/search.js", "text/javascript; charset=utf-8"),
        ("/search/index.js", "text/javascript; charset=utf-8"),
        ("/search/index/meta.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{target}");
    }

    let missing = get(server.addr, "/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, std::fs::read(site.join("404.html")).unwrap());

    let json = get(server.addr, "/api/search?q=EHCP").json();
    assert_eq!(json["results"][0]["url"], "glossary.html#ehcp", "{json}");
    assert_eq!(json["results"][0]["kind"], "term");

    let reply = get(server.addr, "/search.html?q=section+47");
    assert_eq!(reply.status, 200);
    let html = reply.text();
    // Only the Section 47 entry has "47"; passages with "section" alone
    // follow under their own heading.
    assert!(
        html.contains("1 result for \u{201c}section 47\u{201d}"),
        "{html}"
    );
    assert!(
        html.contains("<h3 class=\"search-more\">More results matching some of your words</h3>"),
        "{html}"
    );
    assert!(!html.contains("<!--firstdays:results-->"));
    // Every result links to a page the server has.
    let hrefs: Vec<&str> = html
        .split("<li class=\"search-result ")
        .skip(1)
        .filter_map(|li| li.split("href=\"").nth(1)?.split('"').next())
        .collect();
    assert!(!hrefs.is_empty(), "{html}");
    for href in hrefs {
        let page = href.split('#').next().unwrap();
        assert_eq!(get(server.addr, &format!("/{page}")).status, 200, "{href}");
    }
}
