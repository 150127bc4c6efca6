//! `serve` refuses to start on a bad site or a non-loopback address, before
//! it opens the index or listens.

use std::net::SocketAddr;
use std::sync::Arc;

use firstdays::serve::{self, SearchIndex};

use crate::support::serve::{FakeIndex, fixture_copy, fixture_site};

fn index() -> Arc<dyn SearchIndex> {
    Arc::new(FakeIndex)
}

#[test]
fn only_loopback_addresses() {
    let addr: SocketAddr = "0.0.0.0:0".parse().unwrap();
    let err = serve::serve(&fixture_site(), addr).unwrap_err().to_string();
    assert!(err.contains("only loopback addresses"), "{err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn a_missing_site_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("public");
    let err = serve::router(&missing, index()).unwrap_err().to_string();
    assert!(err.contains("public"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let err = serve::serve(&missing, addr).unwrap_err().to_string();
    assert!(err.contains("failed to open the site folder"), "{err}");
}

#[test]
fn a_site_without_a_results_marker_is_a_clear_error() {
    let (_tmp, site) = fixture_copy();
    std::fs::write(site.join("search.html"), "<html><main></main></html>").unwrap();
    let err = serve::router(&site, index()).unwrap_err().to_string();
    assert!(err.contains("search.html"), "{err}");
    assert!(err.contains("<!--firstdays:results-->"), "{err}");

    std::fs::remove_file(site.join("search.html")).unwrap();
    let err = serve::router(&site, index()).unwrap_err().to_string();
    assert!(err.contains("search.html"), "{err}");
}

#[test]
fn a_file_is_not_a_site() {
    let err = serve::router(&fixture_site().join("index.html"), index())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a folder"), "{err}");
}
