//! Headless Chromium for tests that need a real browser (Debian's
//! `chromium`, installed by scripts/test.sh).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The browser on PATH, if any.
pub fn chromium() -> Option<PathBuf> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|name| {
        std::env::var_os("PATH")?
            .to_str()?
            .split(':')
            .map(|dir| Path::new(dir).join(name))
            .find(|p| p.is_file())
    })
}

/// The browser, or `None` where there is none and the test should skip;
/// under CI (`CI` set) a missing browser fails the test instead, since
/// scripts/test.sh installs it.
pub fn chromium_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI=true but no chromium on PATH: run scripts/test.sh"
        );
        eprintln!("skipped: no chromium on PATH");
    }
    found
}

/// Headless Chromium, killed after `seconds`, with a fresh `profile` and
/// nothing that reaches the network (updates, sync, QUIC); the caller adds
/// its own flags and the URL.
pub fn headless(browser: &Path, profile: &Path, seconds: u32) -> Command {
    let mut command = Command::new("timeout");
    command
        .arg(seconds.to_string())
        .arg(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// The DOM after the page's scripts ran.
pub fn dump_dom(browser: &Path, profile: &Path, url: &str) -> String {
    let output = headless(browser, profile, 60)
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The DOM after the page's scripts ran, and what the browser logged
/// (console messages, uncaught errors and CSP refusals go to stderr with
/// `--enable-logging=stderr`).
pub fn dom_and_log(browser: &Path, profile: &Path, url: &str) -> (String, String) {
    let output = headless(browser, profile, 120)
        .args([
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(url)
        .output()
        .expect("run chromium");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
