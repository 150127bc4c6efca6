//! Ctrl+C (SIGINT) stops `serve` gracefully: `serve` returns `Ok`. In its own
//! test binary, because the signal goes to the whole process.

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::serve::{fixture_copy, get};
use firstdays::search::{DocKind, SearchDoc, write_index};

#[test]
fn ctrl_c_stops_the_server() {
    let (_tmp, site) = fixture_copy();
    let index_dir = site.join("search/index");
    std::fs::remove_dir_all(&index_dir).unwrap();
    let doc = SearchDoc {
        url: "people.html".to_string(),
        title: "People".to_string(),
        kind: DocKind::Section,
        page_title: "People".to_string(),
        body: "Meet your support staff.".to_string(),
        keywords: vec![],
    };
    write_index(&[doc], &index_dir).unwrap();

    // A free port: bind, note it, let it go.
    let addr: SocketAddr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let serve_site = site.clone();
    std::thread::spawn(move || {
        let _ = tx.send(firstdays::serve::serve(&serve_site, addr));
    });

    // Up and answering, so its Ctrl+C handler is in place.
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "serve never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(get(addr, "/people.html").status, 200);
    std::thread::sleep(Duration::from_millis(200));

    let status = std::process::Command::new("kill")
        .args(["-INT", &std::process::id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let result = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("serve did not stop on Ctrl+C");
    assert!(result.is_ok(), "{result:?}");
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "still listening"
    );
}
