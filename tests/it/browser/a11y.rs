//! Every page of every copy (the base guide and each council in
//! guide/councils/) in Chromium, driven by tests/browser/a11y.mjs with
//! playwright-core and axe-core from npm: WCAG 2.1 A and AA (axe-core), no
//! sideways scrolling at 320 px, text at 200 %, a heading outline, the skip
//! link, Tab order, visible focus against each council's colours, search,
//! glossary links and previews, the checklist with and without JavaScript,
//! and the printed guide and checklist (PDF, read back with pdftotext).
//!
//! The script prints each failure as `FAIL <page> [<rule>] <element>: ...`;
//! these tests show that output when it fails.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::support::browser::chromium;
use crate::support::site::{copy_of, project_root, real_guide};

/// Node.js with the npm packages installed (`npm ci`, run by scripts/test.sh)
/// and Chromium; on CI their absence is a failure, elsewhere a skip.
pub(super) fn tools_ready() -> bool {
    let root = project_root();
    let missing: Vec<&str> = [
        ("node", which("node").is_some()),
        ("chromium", chromium().is_some()),
        (
            "node_modules/playwright-core",
            root.join("node_modules/playwright-core/package.json")
                .is_file(),
        ),
        (
            "node_modules/axe-core",
            root.join("node_modules/axe-core/axe.min.js").is_file(),
        ),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(name, _)| name)
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI=true but {} missing: run scripts/test.sh",
        missing.join(", ")
    );
    eprintln!(
        "skipped: {} missing (scripts/test.sh installs them)",
        missing.join(", ")
    );
    false
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.is_file())
}

/// `firstdays build --all-councils` of `guide` into a temp dir: the base in
/// its root and each council in `<slug>/`.
fn build_all(guide: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .current_dir(project_root())
        .arg("build")
        .arg("--all-councils")
        .arg("--guide")
        .arg(guide)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run firstdays build");
    assert!(
        run.status.success(),
        "build --all-councils failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

/// `firstdays serve --site` on an ephemeral port, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(site: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_firstdays"))
            .args(["serve", "--port", "0", "--site"])
            .arg(site)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("run firstdays serve");
        // "serving <dir>/ at http://127.0.0.1:PORT/ (Ctrl+C to stop)"
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read the server's first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("serve printed no address: {line:?}")
            })
            .to_string();
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the browser checks; returns (passed, everything they printed).
fn run_checks(site: &Path, base_url: &str, extra: &[&str]) -> (bool, String) {
    let run = Command::new("timeout")
        .arg("1200")
        .arg("node")
        .arg("tests/browser/a11y.mjs")
        .arg(site)
        .arg(base_url)
        .args(extra)
        .current_dir(project_root())
        .env("CHROMIUM", chromium().expect("chromium"))
        .output()
        .expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (run.status.success(), text)
}

fn file_url(dir: &Path) -> String {
    format!("file://{}/", dir.display())
}

#[test]
fn every_page_of_every_copy_passes_the_browser_checks_served_over_http() {
    if !tools_ready() {
        return;
    }
    let (_dir, site) = build_all(&real_guide());
    let server = Server::start(&site);
    let (passed, output) = run_checks(&site, &server.url, &[]);
    eprintln!("{output}");
    assert!(passed, "browser checks failed over HTTP:\n{output}");
    // Every council in guide/councils/ was among the copies checked.
    let summary = output
        .lines()
        .find(|l| l.contains(" copies ("))
        .unwrap_or_else(|| panic!("no summary line:\n{output}"));
    for council in std::fs::read_dir(real_guide().join("councils")).unwrap() {
        let slug = council.unwrap().file_name().to_string_lossy().into_owned();
        assert!(summary.contains(&slug), "{slug} was not checked: {summary}");
    }
}

#[test]
fn search_glossary_checklist_and_print_work_opened_from_disk() {
    if !tools_ready() {
        return;
    }
    let (_dir, site) = build_all(&real_guide());
    // The layout checks are the same page by page over HTTP; from disk what
    // differs is what the scripts can load, so only the behaviour is rerun.
    let (passed, output) = run_checks(&site, &file_url(&site), &["--behaviour-only"]);
    eprintln!("{output}");
    assert!(passed, "browser checks failed from file://:\n{output}");
}

#[test]
fn a_council_stylesheet_that_breaks_reflow_and_contrast_fails_naming_page_rule_and_element() {
    if !tools_ready() {
        return;
    }
    let guide = copy_of(&real_guide());
    let council = guide.path().join("councils/wideshire");
    std::fs::create_dir_all(council.join("static")).unwrap();
    std::fs::write(
        council.join("council.yaml"),
        "name: Wideshire Council\nslug: wideshire\nbase_url: https://www.wideshire.example.org/guide/\n",
    )
    .unwrap();
    // The theme's stylesheet, then a fixed-width header and pale nav links.
    let theme_css =
        std::fs::read_to_string(project_root().join("themes/default/static/style.css")).unwrap();
    std::fs::write(
        council.join("static/style.css"),
        format!(
            "{theme_css}\n.site-header {{ min-width: 30rem; }}\n.site-nav a {{ color: #b1b4b6; }}\n"
        ),
    )
    .unwrap();
    let (_dir, site) = build_all(guide.path());
    let (passed, output) = run_checks(
        &site,
        &file_url(&site),
        &["--only", r"^wideshire/index\.html$"],
    );
    assert!(!passed, "a broken council stylesheet passed:\n{output}");
    for expected in [
        "FAIL wideshire/index.html [reflow 320px] header.site-header",
        "the page is 480 px wide at a 320 px viewport",
        "FAIL wideshire/index.html [axe color-contrast]",
        r#"<a href="checklist.html">Checklist</a>"#,
    ] {
        assert!(output.contains(expected), "no `{expected}` in:\n{output}");
    }
}
