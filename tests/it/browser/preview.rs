//! The live preview in headless Chromium (`tests/browser/preview.mjs`):
//! reload on save keeping the scroll position, the error overlay and its
//! removal, the dismissible warnings banner, no policy violation.

use std::process::Command;

use crate::support::preview::{Preview, project_copy};
use crate::support::site::project_root;

#[test]
fn the_preview_reloads_keeps_the_scroll_position_and_shows_errors_in_the_browser() {
    if !super::a11y::tools_ready() {
        return;
    }
    let dir = project_copy();
    let preview = Preview::start(dir.path(), &[]);
    let run = Command::new("node")
        .arg(project_root().join("tests/browser/preview.mjs"))
        .arg(format!("http://{}/", preview.addr))
        .arg(dir.path().join("guide"))
        .current_dir(project_root())
        .output()
        .expect("run node");
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{said}\n{}\nserve said: {:?}",
        String::from_utf8_lossy(&run.stderr),
        preview.stderr()
    );
    assert!(said.contains("all preview checks passed"), "{said}");
}
