//! Security headers on every kind of response `serve` gives.

use crate::support::serve::{get, request, start_fixture};
use firstdays::serve::CONTENT_SECURITY_POLICY;

#[test]
fn every_response_carries_the_security_headers() {
    let server = start_fixture();
    let etag = get(server.addr, "/static/site.css")
        .header("etag")
        .unwrap()
        .to_string();
    let replies = [
        ("page", get(server.addr, "/people.html")),
        ("folder", get(server.addr, "/guides/")),
        ("redirect", get(server.addr, "/guides")),
        ("missing", get(server.addr, "/missing.html")),
        ("bad path", get(server.addr, "/%2e%2e/x")),
        ("api", get(server.addr, "/api/search?q=ehcp")),
        ("api error", get(server.addr, "/api/search?q=x&limit=ten")),
        ("results page", get(server.addr, "/search?q=ehcp")),
        ("head", request(server.addr, "HEAD", "/", &[])),
        ("post", request(server.addr, "POST", "/", &[])),
        (
            "not modified",
            request(
                server.addr,
                "GET",
                "/static/site.css",
                &[&format!("If-None-Match: {etag}")],
            ),
        ),
    ];
    for (what, reply) in &replies {
        assert_eq!(
            reply.header("content-security-policy"),
            Some(CONTENT_SECURITY_POLICY),
            "{what}: {}",
            reply.status
        );
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(
            reply.header("referrer-policy"),
            Some("same-origin"),
            "{what}"
        );
    }
    assert_eq!(replies.last().unwrap().1.status, 304);
}
