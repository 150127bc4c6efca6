//! The scale benchmark's smoke run (`bash bench/scale.sh --smoke`): the
//! generator, the Hugo comparison and the report must keep working. A
//! benchmark is not a test: nothing here looks at a time.

use std::path::Path;
use std::process::Command;

use crate::support::site::project_root;

fn hugo_installed() -> bool {
    Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_scale_benchmark_smoke_run_generates_builds_and_reports() {
    if !hugo_installed() {
        // scripts/test.sh installs hugo; CI must not pass by skipping.
        assert!(
            std::env::var_os("CI").is_none(),
            "hugo is missing (scripts/test.sh installs it: apt-get install hugo)"
        );
        eprintln!("skipped: hugo is not installed (scripts/test.sh installs it)");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let results = work.path().join("RESULTS-smoke.md");
    let output = Command::new("bash")
        .arg(project_root().join("bench/scale.sh"))
        .arg("--smoke")
        .arg("--results")
        .arg(&results)
        .current_dir(project_root())
        .env("FIRSTDAYS_BIN", env!("CARGO_BIN_EXE_firstdays"))
        // Its own work folder, so the run never touches target/bench-scale/.
        .env("CARGO_TARGET_DIR", work.path())
        .output()
        .expect("run bash");
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "bench/scale.sh --smoke failed:\n{log}"
    );
    let report = std::fs::read_to_string(&results)
        .unwrap_or_else(|e| panic!("no report at {}: {e}\n{log}", results.display()));
    for expected in ["| 20, 50 |", "`firstdays build --all-councils`", "Hugo"] {
        assert!(
            report.contains(expected),
            "the report has no `{expected}`:\n{report}"
        );
    }
    assert!(
        Path::new(&work.path().join("bench-scale/smoke")).is_dir(),
        "the run worked elsewhere than its CARGO_TARGET_DIR"
    );
}
