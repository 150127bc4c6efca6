//! Shared by the `serve` tests: a fixture site, a server on 127.0.0.1:0 in
//! a background runtime, and raw HTTP/1.1 over `TcpStream`, so tests can send
//! paths no HTTP client would (`/../etc/passwd`, `/%2e%2e/`).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use firstdays::search::{DocKind, Hit};
use firstdays::serve::{self, Limits, SearchIndex};

/// The hand-written site in `tests/fixtures/serve-site/`.
pub fn fixture_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site")
}

/// A copy of the fixture site in a temp dir (`<tmp>/site`), for tests that
/// add symlinks, change modes or put files beside the site.
pub fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    super::site::copy_dir(&fixture_site(), &site);
    (tmp, site)
}

/// Every path under `dir` with its kind, size, mode and modification time:
/// equal snapshots before and after mean nothing was written.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, bool, u64, u32, SystemTime)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let meta = std::fs::symlink_metadata(&d).unwrap();
        out.push((
            d.clone(),
            meta.is_dir(),
            meta.len(),
            meta.permissions().mode(),
            meta.modified().unwrap(),
        ));
        if meta.is_dir() {
            for entry in std::fs::read_dir(&d).unwrap() {
                stack.push(entry.unwrap().path());
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A server on an ephemeral loopback port; stops when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

pub fn start(site: &Path, index: Arc<dyn SearchIndex>) -> TestServer {
    start_with_limits(site, index, Limits::default())
}

/// A server on the real accept loop ([`serve::run`]) with the given limits.
pub fn start_with_limits(site: &Path, index: Arc<dyn SearchIndex>, limits: Limits) -> TestServer {
    let app = serve::router(site, index).expect("router over the site");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let addr = std_listener.local_addr().unwrap();
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
        serve::run(listener, app, limits, std::future::pending())
            .await
            .unwrap();
    });
    TestServer {
        addr,
        runtime: Some(runtime),
    }
}

/// A stand-in index: `min(limit, 60)` hits whose titles echo the query (to
/// check escaping); the query `boom` panics, as a buggy index might.
pub struct FakeIndex;

impl SearchIndex for FakeIndex {
    fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        assert!(query != "boom", "FakeIndex: asked to panic");
        (0..limit.min(60))
            .map(|i| Hit {
                title: format!("Result {i} for {query}"),
                url: format!("glossary.html#term-{i}"),
                kind: DocKind::Term,
                page_title: "Glossary".to_string(),
                snippet: "an <mark>escaped</mark> snippet".to_string(),
                score: 10.0 - i as f32,
                every_word: true,
            })
            .collect()
    }
}

pub fn start_fixture() -> TestServer {
    start(&fixture_site(), Arc::new(FakeIndex))
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Sends `raw` bytes as they are and reads the reply until the server closes.
pub fn send_raw(addr: SocketAddr, raw: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    parse_reply(&bytes)
}

/// `METHOD target HTTP/1.1` with `Connection: close` and any extra header lines.
pub fn request(addr: SocketAddr, method: &str, target: &str, extra_headers: &[&str]) -> Reply {
    let mut raw = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for h in extra_headers {
        raw.push_str(h);
        raw.push_str("\r\n");
    }
    if method == "POST" || method == "PUT" {
        raw.push_str("Content-Length: 0\r\n");
    }
    raw.push_str("\r\n");
    send_raw(addr, raw.as_bytes())
}

pub fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target, &[])
}

fn parse_reply(bytes: &[u8]) -> Reply {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect(status_line);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = bytes[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
            .expect("chunk size");
        rest = &rest[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}
