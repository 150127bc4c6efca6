//! `cargo run -- serve --site DIR` as an operator runs it: the real guide,
//! built once, served as it is, answering pages, the HTML results page and
//! the JSON API, and writing nothing into the site.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::support::serve::{get, snapshot};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_site_answers_pages_search_and_api_and_writes_nothing() {
    let site = crate::support::site::build(&crate::support::site::real_guide());
    let before = snapshot(&site.out);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_firstdays"))
            .args(["serve", "--port", &port.to_string(), "--site"])
            .arg(&site.out)
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "serve never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.text()
            .contains("<h1>Your first ten days as a portfolio holder")
    );
    let api = get(addr, "/api/search?q=EHCP&limit=3").json();
    assert_eq!(api["results"][0]["url"], "glossary.html#ehcp");
    let page = get(addr, "/search?q=safegaurding").text();
    assert!(page.contains("results for"), "{page}");
    // The server answered: the box keeps the query, and the note for static
    // hosting without JavaScript is gone.
    assert!(
        page.contains(r#"id="search-page-q" value="safegaurding""#),
        "{page}"
    );
    assert!(!page.contains("<noscript>"), "{page}");
    // A typo still finds the word, highlighted.
    assert!(page.contains("<mark>safeguarding</mark>"), "{page}");
    assert_eq!(get(addr, "/no-such-page.html").status, 404);
    assert_eq!(snapshot(&site.out), before, "serve --site writes nothing");
}
