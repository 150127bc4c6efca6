//! `serve` over a real tantivy index written by `search::write_index`:
//! results through the API and the page, junk queries, a read-only site,
//! and a missing or corrupt index refused at start-up.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crate::support::serve::{fixture_copy, get, snapshot, start};
use firstdays::search::{DocKind, SearchDoc, Searcher, write_index};
use firstdays::serve;

fn doc(
    url: &str,
    title: &str,
    kind: DocKind,
    page_title: &str,
    body: &str,
    keywords: &[&str],
) -> SearchDoc {
    SearchDoc {
        url: url.to_string(),
        title: title.to_string(),
        kind,
        page_title: page_title.to_string(),
        body: body.to_string(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
    }
}

/// The fixture site with a real index in `search/index/`.
fn site_with_index() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = fixture_copy();
    let index_dir = site.join("search/index");
    std::fs::remove_dir_all(&index_dir).unwrap();
    let docs = [
        doc(
            "glossary.html#ehcp",
            "Education, health and care plan",
            DocKind::Term,
            "Glossary",
            "A plan for a child or young person with special educational needs.",
            &["EHCP"],
        ),
        doc(
            "people.html#meet-your-support-staff",
            "Meet your support staff",
            DocKind::Section,
            "People",
            "Your support staff help you prepare for meetings about fostering and adoption.",
            &[],
        ),
        doc(
            "legislation.html#section-47",
            "Section 47 enquiries",
            DocKind::Section,
            "Legislation",
            "A section 47 enquiry is made when a child may be suffering significant harm; safeguarding.",
            &[],
        ),
    ];
    write_index(&docs, &index_dir).expect("write the index");
    (tmp, site)
}

fn start_real(site: &Path) -> crate::support::serve::TestServer {
    let searcher = Searcher::open(site).expect("open the index");
    start(site, Arc::new(searcher))
}

#[test]
fn api_answers_from_the_real_index() {
    let (_tmp, site) = site_with_index();
    let server = start_real(&site);
    let reply = get(server.addr, "/api/search?q=ehcp");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json = reply.json();
    assert_eq!(json["query"], "ehcp");
    let top = &json["results"][0];
    assert_eq!(top["url"], "glossary.html#ehcp", "{json}");
    assert_eq!(top["kind"], "term");
    assert_eq!(top["page_title"], "Glossary");
    assert!(top["score"].as_f64().unwrap() > 0.0);
    assert!(top["snippet"].is_string());

    let json = get(server.addr, "/api/search?q=fostering&limit=1").json();
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["results"][0]["url"], "people.html#meet-your-support-staff",
        "{json}"
    );
}

#[test]
fn results_page_links_to_the_real_hits() {
    let (_tmp, site) = site_with_index();
    let server = start_real(&site);
    let reply = get(server.addr, "/search.html?q=section+47");
    assert_eq!(reply.status, 200);
    let html = reply.text();
    assert!(
        html.contains("for \u{201c}section 47\u{201d}</h2>"),
        "{html}"
    );
    assert!(
        html.contains(
            "href=\"legislation.html#section-47\">\
             <span class=\"search-result__title\">Section 47 enquiries</span></a>"
        ),
        "{html}"
    );
    assert!(html.contains("<mark>"), "{html}");
}

#[test]
fn junk_queries_on_the_real_index_are_never_a_500() {
    let (_tmp, site) = site_with_index();
    let server = start_real(&site);
    let long_junk = "%22%3A()*~%5E-".repeat(70); // 980 bytes decoded
    for q in [
        "%22",
        "%22%20%3A%20(%20)%20*%20~%20%5E%20-",
        "title%3Aehcp",
        "ehcp~2",
        "ehcp%5E10",
        "-ehcp",
        "*",
        "(((",
        "AND+OR+NOT",
        "%00",
        "%F0%9F%98%80",
        "safegaurding",
        long_junk.as_str(),
    ] {
        for path in ["/api/search", "/search"] {
            let reply = get(server.addr, &format!("{path}?q={q}"));
            assert_eq!(reply.status, 200, "{path}?q={q}: {}", reply.text());
        }
    }
}

#[test]
fn a_read_only_site_with_its_index_is_served_and_nothing_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, site) = site_with_index();
    let set_modes = |dir_mode: u32, file_mode: u32| {
        for entry in walkdir::WalkDir::new(&site).contents_first(true) {
            let entry = entry.unwrap();
            let mode = if entry.file_type().is_dir() {
                dir_mode
            } else {
                file_mode
            };
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        }
    };
    set_modes(0o555, 0o444);
    let before = snapshot(&site);
    {
        let server = start_real(&site);
        assert_eq!(get(server.addr, "/api/search?q=ehcp").status, 200);
        assert_eq!(get(server.addr, "/search?q=fostering").status, 200);
        assert_eq!(get(server.addr, "/people.html").status, 200);
    }
    let after = snapshot(&site);
    set_modes(0o755, 0o644);
    assert_eq!(
        after, before,
        "opening or querying the index wrote to the site (a lock file?)"
    );
}

/// Runs `serve` in a thread and waits for it to return: it must fail
/// before it would listen, not block.
fn serve_result(site: &Path) -> firstdays::Result<()> {
    let site = site.to_path_buf();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let _ = tx.send(serve::serve(&site, addr));
    });
    rx.recv_timeout(Duration::from_secs(30))
        .expect("serve should fail at start-up, not serve")
}

#[test]
fn a_missing_index_is_an_error_at_start_up() {
    let (_tmp, site) = site_with_index();
    std::fs::remove_dir_all(site.join("search/index")).unwrap();
    let err = serve_result(&site).unwrap_err().to_string();
    assert!(err.contains("search"), "{err}");
}

#[test]
fn a_corrupt_index_is_an_error_at_start_up() {
    let (_tmp, site) = site_with_index();
    std::fs::write(site.join("search/index/meta.json"), "{ not json").unwrap();
    let err = serve_result(&site).unwrap_err().to_string();
    assert!(err.contains("search"), "{err}");
}
