//! The live preview as an editor runs it: `firstdays serve` in a folder
//! holding a copy of the guide, its output read line by line, and the
//! server-sent events read from a raw connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::serve::get;

/// How long a test waits for the preview to react before failing (a
/// deadline for a hung server, never a measure of speed).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// `firstdays serve` running in `dir` (which holds `guide/`); killed when dropped.
pub struct Preview {
    child: Child,
    pub addr: SocketAddr,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    /// Starts `firstdays serve --port 0 ARGS` in `dir` and waits until it listens.
    pub fn start(dir: &Path, args: &[&str]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_firstdays"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let deadline = Instant::now() + PATIENCE;
        let addr = loop {
            let said = stdout.lock().unwrap().clone();
            if let Some(addr) = said.iter().find_map(|l| {
                l.split("at http://")
                    .nth(1)?
                    .split('/')
                    .next()?
                    .parse()
                    .ok()
            }) {
                break addr;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "serve exited ({status}):\n{}",
                    stderr.lock().unwrap().join("\n")
                );
            }
            assert!(Instant::now() < deadline, "serve never listened: {said:?}");
            std::thread::sleep(Duration::from_millis(20));
        };
        Preview {
            child,
            addr,
            stdout,
            stderr,
        }
    }

    pub fn stdout(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// The server is still running (content never stops it).
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// A page as the browser gets it.
    pub fn page(&self, path: &str) -> String {
        let reply = get(self.addr, path);
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
        reply.text()
    }

    /// Opens the event stream; its first event is the generation now.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
            .write_all(b"GET /_firstdays/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if line.to_ascii_lowercase().starts_with("content-type:") {
                assert!(line.contains("text/event-stream"), "{line}");
            }
        }
        Events { reader }
    }

    /// Waits until `check` holds for the page at `path`; returns the page.
    pub fn wait_for_page(&self, path: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let page = self.page(path);
            if check(&page) {
                return page;
            }
            assert!(
                Instant::now() < deadline,
                "the page never changed as expected: {path}\nstdout: {:?}\nstderr: {:?}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

pub fn generation_of(page: &str) -> String {
    page.split("name=\"firstdays-generation\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no generation in the page: {page}"))
        .to_string()
}

/// A server-sent event stream (chunked; the data lines are read as they come).
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event's data.
    pub fn next(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.reader.read_line(&mut line).unwrap();
            assert!(n > 0, "the event stream ended");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                return data.to_string();
            }
        }
    }
}

fn collect(pipe: impl std::io::Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

/// A folder holding a copy of the real guide as `guide/`, for `serve` to
/// build into `public/` beside it.
pub fn project_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    super::site::copy_dir(&super::site::real_guide(), &dir.path().join("guide"));
    dir
}

/// Replaces the first `from` in a file with `to`.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}
