//! What tower-http's `ServeFile` brings: gzip and brotli on request,
//! `Range`, `Last-Modified`, and precompressed twins, which the symlink
//! guard covers too.

use std::io::Read;
use std::os::unix::fs::symlink;
use std::sync::Arc;

use crate::support::serve::{FakeIndex, fixture_copy, request, start};

/// A script big enough to be worth compressing.
fn big_script() -> String {
    "var firstdays = 'your first ten days as a portfolio holder';\n".repeat(200)
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("gzip");
    out
}

#[test]
fn responses_are_gzip_or_brotli_compressed_when_asked() {
    let (_tmp, site) = fixture_copy();
    std::fs::write(site.join("static/big.js"), big_script()).unwrap();
    let server = start(&site, Arc::new(FakeIndex));

    let plain = request(server.addr, "GET", "/static/big.js", &[]);
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), big_script());

    let gzip = request(
        server.addr,
        "GET",
        "/static/big.js",
        &["Accept-Encoding: gzip"],
    );
    assert_eq!(gzip.status, 200);
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert!(
        gzip.header("vary")
            .unwrap_or("")
            .contains("accept-encoding")
    );
    assert_eq!(
        gzip.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(gzip.body.len() < big_script().len() / 4);
    assert_eq!(gunzip(&gzip.body), big_script());

    let br = request(
        server.addr,
        "GET",
        "/static/big.js",
        &["Accept-Encoding: br"],
    );
    assert_eq!(br.header("content-encoding"), Some("br"));
    let mut text = String::new();
    brotli_decompressor::Decompressor::new(&br.body[..], 4096)
        .read_to_string(&mut text)
        .expect("brotli");
    assert_eq!(text, big_script());

    // The search API and results page are compressed too.
    let api = request(
        server.addr,
        "GET",
        "/api/search?q=ehcp",
        &["Accept-Encoding: gzip"],
    );
    assert_eq!(api.header("content-encoding"), Some("gzip"));
    let json: serde_json::Value = serde_json::from_str(&gunzip(&api.body)).unwrap();
    assert_eq!(json["query"], "ehcp");
}

#[test]
fn ranges_and_last_modified_are_honoured() {
    let (_tmp, site) = fixture_copy();
    std::fs::write(site.join("static/big.js"), big_script()).unwrap();
    let server = start(&site, Arc::new(FakeIndex));
    let part = request(
        server.addr,
        "GET",
        "/static/big.js",
        &["Range: bytes=4-12", "Accept-Encoding: gzip"],
    );
    assert_eq!(part.status, 206);
    assert_eq!(
        part.header("content-encoding"),
        None,
        "a range is not compressed"
    );
    let total = big_script().len();
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 4-12/{total}").as_str())
    );
    assert_eq!(part.text(), &big_script()[4..=12]);

    let full = request(server.addr, "GET", "/static/big.js", &[]);
    let modified = full
        .header("last-modified")
        .expect("Last-Modified")
        .to_string();
    let again = request(
        server.addr,
        "GET",
        "/static/big.js",
        &[&format!("If-Modified-Since: {modified}")],
    );
    assert_eq!(again.status, 304);
}

#[test]
fn a_precompressed_twin_is_sent_unless_it_leads_out_of_the_site() {
    let (tmp, site) = fixture_copy();
    std::fs::write(site.join("static/big.js"), big_script()).unwrap();
    // A twin with different words, so we can tell which one was sent.
    let twin_text = "var twin = 'precompressed';\n".repeat(50);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, twin_text.as_bytes()).unwrap();
    let twin = gz.finish().unwrap();
    std::fs::write(site.join("static/big.js.gz"), &twin).unwrap();
    // And a file whose twin is a symlink out of the site.
    std::fs::write(site.join("static/other.js"), big_script()).unwrap();
    std::fs::write(tmp.path().join("outside.gz"), &twin).unwrap();
    symlink(
        tmp.path().join("outside.gz"),
        site.join("static/other.js.gz"),
    )
    .unwrap();
    let server = start(&site, Arc::new(FakeIndex));

    let reply = request(
        server.addr,
        "GET",
        "/static/big.js",
        &["Accept-Encoding: gzip"],
    );
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(
        reply.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(reply.body, twin);

    let reply = request(
        server.addr,
        "GET",
        "/static/other.js",
        &["Accept-Encoding: gzip"],
    );
    assert_eq!(reply.status, 200);
    assert_eq!(
        gunzip(&reply.body),
        big_script(),
        "followed a symlinked twin"
    );
}
