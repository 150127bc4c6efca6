//! `serve`'s HTTP behaviour over the fixture site, with a stand-in index:
//! files, content types, HEAD, 404, 405, caching, and refusing every way out
//! of the site directory.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::sync::Arc;

use crate::support::serve::{
    FakeIndex, fixture_copy, fixture_site, get, request, send_raw, snapshot, start, start_fixture,
};

#[test]
fn serves_files_with_their_content_types() {
    let server = start_fixture();
    for (target, file, content_type) in [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/people.html", "people.html", "text/html; charset=utf-8"),
        ("/guides/", "guides/index.html", "text/html; charset=utf-8"),
        (
            "/static/site.css",
            "static/site.css",
            "text/css; charset=utf-8",
        ),
        (
            "/static/search.js",
            "static/search.js",
            "text/javascript; charset=utf-8",
        ),
        (
            "/search/shards/manifest.js",
            "search/shards/manifest.js",
            "text/javascript; charset=utf-8",
        ),
        ("/data.json", "data.json", "application/json"),
        ("/sitemap.xml", "sitemap.xml", "application/xml"),
        ("/robots.txt", "robots.txt", "text/plain; charset=utf-8"),
        ("/logo.svg", "logo.svg", "image/svg+xml"),
        ("/logo.png", "logo.png", "image/png"),
        ("/favicon.ico", "favicon.ico", "image/x-icon"),
        ("/static/font.woff2", "static/font.woff2", "font/woff2"),
        (
            "/search/index/meta.json",
            "search/index/meta.json",
            "application/json",
        ),
        (
            "/search/index/0123abcd.store",
            "search/index/0123abcd.store",
            "application/octet-stream",
        ),
        (
            "/search/index/0123abcd.idx",
            "search/index/0123abcd.idx",
            "application/octet-stream",
        ),
        // The static search page itself, marker and all, when no query is given.
        ("/search.html", "search.html", "text/html; charset=utf-8"),
        (
            "/people.html?utm=%ff",
            "people.html",
            "text/html; charset=utf-8",
        ),
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{target}");
        assert_eq!(
            reply.body,
            std::fs::read(fixture_site().join(file)).unwrap(),
            "{target}"
        );
        assert_eq!(
            reply.header("content-length"),
            Some(reply.body.len().to_string().as_str()),
            "{target}"
        );
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{target}"
        );
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{target}");
        assert!(reply.header("etag").is_some(), "{target}");
    }
}

#[test]
fn head_has_the_same_headers_and_no_body() {
    let server = start_fixture();
    for target in [
        "/",
        "/static/site.css",
        "/missing.html",
        "/search?q=ehcp",
        "/api/search?q=ehcp",
    ] {
        let got = get(server.addr, target);
        let head = request(server.addr, "HEAD", target, &[]);
        assert_eq!(head.status, got.status, "{target}");
        assert!(head.body.is_empty(), "{target}: HEAD sent a body");
        for name in [
            "content-type",
            "content-length",
            "cache-control",
            "x-content-type-options",
            "etag",
        ] {
            assert_eq!(head.header(name), got.header(name), "{target}: {name}");
        }
    }
}

#[test]
fn missing_files_get_the_sites_404_page() {
    let server = start_fixture();
    let page = std::fs::read(fixture_site().join("404.html")).unwrap();
    for target in [
        "/missing.html",
        "/static/",
        "/search/index/",
        "/nope/deeper/file.css",
        "/index.html/",
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{target}"
        );
        assert_eq!(reply.body, page, "{target}");
    }
}

#[test]
fn hidden_files_are_not_served() {
    let (_tmp, site) = crate::support::serve::fixture_copy();
    std::fs::write(site.join(".firstdays-site"), "marker").unwrap();
    std::fs::create_dir_all(site.join(".git")).unwrap();
    std::fs::write(site.join(".git/config"), "[core]").unwrap();
    std::fs::write(site.join("static/.style.css.swp"), "swap").unwrap();
    let server =
        crate::support::serve::start(&site, std::sync::Arc::new(crate::support::serve::FakeIndex));
    for target in [
        "/.firstdays-site",
        "/.git/config",
        "/.git/",
        "/static/.style.css.swp",
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 404, "{target}");
    }
    assert_eq!(get(server.addr, "/index.html").status, 200);
}

#[test]
fn a_folder_without_its_slash_redirects() {
    let server = start_fixture();
    let reply = get(server.addr, "/guides?x=1");
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("location"), Some("/guides/?x=1"));
}

#[test]
fn other_methods_are_405_with_allow() {
    let server = start_fixture();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
        for target in [
            "/",
            "/people.html",
            "/api/search?q=x",
            "/search?q=x",
            "/missing",
        ] {
            let reply = request(server.addr, method, target, &[]);
            assert_eq!(reply.status, 405, "{method} {target}");
            assert_eq!(
                reply.header("allow"),
                Some("GET, HEAD"),
                "{method} {target}"
            );
        }
    }
}

#[test]
fn unchanged_files_revalidate_with_304() {
    let server = start_fixture();
    let first = get(server.addr, "/static/site.css");
    let etag = first.header("etag").unwrap().to_string();
    let again = request(
        server.addr,
        "GET",
        "/static/site.css",
        &[&format!("If-None-Match: {etag}")],
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let other = request(
        server.addr,
        "GET",
        "/static/site.css",
        &["If-None-Match: \"other\""],
    );
    assert_eq!(other.status, 200);
}

/// What must never appear in a reply: contents of files outside the site.
fn assert_nothing_leaked(reply: &crate::support::serve::Reply, what: &str) {
    assert!(
        matches!(reply.status, 400 | 404),
        "{what}: status {}",
        reply.status
    );
    let text = reply.text();
    for secret in ["root:", "[package]", "TOP SECRET"] {
        assert!(!text.contains(secret), "{what} leaked {secret:?}: {text}");
    }
}

#[test]
fn traversal_attempts_are_refused() {
    let (tmp, site) = fixture_copy();
    std::fs::write(tmp.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = start(&site, Arc::new(FakeIndex));
    for target in [
        "/../etc/passwd",
        "/../../../../../../etc/passwd",
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/%2fetc%2fpasswd",
        "/static/..%5c..%5csecret.txt",
        "/static/..\\..\\secret.txt",
        "/secret.txt%00.html",
        "/index.html%00",
        "//etc/passwd",
        "///etc/passwd",
        "/./../secret.txt",
        "/etc/passwd",
        "/proc/self/environ",
        "http://127.0.0.1/../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%252e%252e/secret.txt",
        "/..;/secret.txt",
    ] {
        let reply = get(server.addr, target);
        assert_nothing_leaked(&reply, target);
    }
}

#[test]
fn request_targets_that_are_not_paths_are_refused() {
    let server = start_fixture();
    for raw in [
        "GET etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /a\x00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let reply = send_raw(server.addr, raw.as_bytes());
        assert!(
            matches!(reply.status, 400 | 404),
            "{raw:?}: {}",
            reply.status
        );
    }
    // Raw bytes that are not UTF-8 in the request line.
    let reply = send_raw(
        server.addr,
        b"GET /\xff\xfe.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(matches!(reply.status, 400 | 404), "{}", reply.status);
    // The server is still there.
    assert_eq!(get(server.addr, "/").status, 200);
}

#[test]
fn bad_paths_are_400_with_a_message() {
    let server = start_fixture();
    let reply = get(server.addr, "/%2e%2e/Cargo.toml");
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(reply.text().contains("`..`"), "{}", reply.text());
    let reply = get(server.addr, "/%ff%fe");
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("UTF-8"), "{}", reply.text());
}

#[test]
fn symlinks_out_of_the_site_are_not_followed() {
    let (tmp, site) = fixture_copy();
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "TOP SECRET").unwrap();
    symlink(outside.join("secret.txt"), site.join("secret.txt")).unwrap();
    symlink(&outside, site.join("outdir")).unwrap();
    symlink("../outside/secret.txt", site.join("static/relative.txt")).unwrap();
    symlink("/etc/passwd", site.join("passwd.txt")).unwrap();
    symlink("/etc", site.join("etc")).unwrap();
    // A symlink that stays inside the site is fine.
    symlink("people.html", site.join("folks.html")).unwrap();

    let server = start(&site, Arc::new(FakeIndex));
    for target in [
        "/secret.txt",
        "/outdir/secret.txt",
        "/outdir/",
        "/static/relative.txt",
        "/passwd.txt",
        "/etc/passwd",
    ] {
        let reply = get(server.addr, target);
        assert_eq!(reply.status, 404, "{target}");
        assert_nothing_leaked(&reply, target);
    }
    let reply = get(server.addr, "/folks.html");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, std::fs::read(site.join("people.html")).unwrap());
}

#[test]
fn a_read_only_site_is_served_and_nothing_is_written() {
    let (_tmp, site) = fixture_copy();
    set_modes(&site, 0o555, 0o444);
    let before = snapshot(&site);
    {
        let server = start(&site, Arc::new(FakeIndex));
        for target in [
            "/",
            "/people.html",
            "/guides/",
            "/static/site.css",
            "/missing",
            "/search?q=ehcp",
            "/api/search?q=x",
        ] {
            let reply = get(server.addr, target);
            assert!(
                matches!(reply.status, 200 | 404),
                "{target}: {}",
                reply.status
            );
        }
        assert_eq!(get(server.addr, "/people.html").status, 200);
    }
    assert_eq!(snapshot(&site), before, "the server wrote to the site");
    set_modes(&site, 0o755, 0o644);
}

fn set_modes(dir: &std::path::Path, dir_mode: u32, file_mode: u32) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            set_modes(&path, dir_mode, file_mode);
        } else {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(file_mode)).unwrap();
        }
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(dir_mode)).unwrap();
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    use std::io::{Read, Write};
    let server = start_fixture();
    let mut stream = std::net::TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(
            b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
}
