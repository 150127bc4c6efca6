//! The site under its own Content-Security-Policy, in headless Chromium:
//! search, the checklist's ticks and the styles still work, from `file://`
//! and from a sub-folder of a web server, for the base and a council copy,
//! and the browser reports no policy violation. A control page with an
//! inline script shows a violation would be reported.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use crate::support::browser::{chromium_or_skip, dom_and_log};
use crate::support::site::{options, real_guide};

/// The DOM after scripts ran, and Chromium's log (console messages included).
fn open(browser: &Path, url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    dom_and_log(browser, profile.path(), url)
}

/// A static file server on 127.0.0.1 for `root`, for the life of the tests.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split(' ').nth(1).unwrap_or("/");
                let path = path.split(['?', '#']).next().unwrap_or("/");
                let file = root.join(path.trim_start_matches('/'));
                let (status, body) = match std::fs::read(&file) {
                    Ok(body) if !path.contains("..") => ("200 OK", body),
                    _ => ("404 Not Found", Vec::new()),
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("svg") => "image/svg+xml",
                    _ => "application/octet-stream",
                };
                let mut stream = &stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    format!("http://{addr}")
}

fn violations(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("Content Security Policy") || l.contains("Refused to"))
        .collect()
}

#[test]
fn the_site_works_under_its_content_security_policy_from_disk_and_a_sub_folder() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let www = tempfile::tempdir().unwrap();
    // Published one folder down, as a council intranet would: /guide/, and
    // the councils below it.
    let site = www.path().join("guide");
    firstdays::build_all_councils(&options(&real_guide(), &site)).unwrap();

    // The control: an inline script under the same policy is refused, and
    // Chromium says so in its log.
    std::fs::write(
        site.join("control.html"),
        format!(
            "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"></head><body><script>document.title='ran'</script></body></html>",
            firstdays::script_check::CONTENT_SECURITY_POLICY
        ),
    )
    .unwrap();
    let (dom, log) = open(&browser, &format!("file://{}/control.html", site.display()));
    assert!(!dom.contains("<title>ran</title>"), "{dom}");
    assert!(!violations(&log).is_empty(), "no violation logged:\n{log}");

    let server = serve(www.path().to_path_buf());
    let roots = [
        format!("file://{}", site.display()),
        format!("{server}/guide"),
    ];
    for root in &roots {
        for copy in ["", "northshire/"] {
            let (dom, log) = open(&browser, &format!("{root}/{copy}search.html?q=EHCP"));
            assert!(
                dom.contains("href=\"glossary.html#ehcp\""),
                "{root}/{copy}: no search results:\n{dom}"
            );
            assert!(
                violations(&log).is_empty(),
                "{root}/{copy}search.html: {:?}",
                violations(&log)
            );

            let (dom, log) = open(&browser, &format!("{root}/{copy}checklist.html"));
            assert!(
                dom.contains("0 of 17 done."),
                "{root}/{copy}: checklist script did not run"
            );
            assert!(
                violations(&log).is_empty(),
                "{root}/{copy}checklist.html: {:?}",
                violations(&log)
            );

            let (_, log) = open(&browser, &format!("{root}/{copy}getting-organised.html"));
            assert!(
                violations(&log).is_empty(),
                "{root}/{copy}getting-organised.html: {:?}",
                violations(&log)
            );
        }
    }
}
