//! A reader that stops early (`firstdays search children | head -1`): the
//! command ends quietly with exit code 0, as `cat` and `rg` do, never with
//! "failed printing to stdout: Broken pipe" and exit code 101.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::site::{build, real_guide};

/// Runs the binary with its standard output a pipe whose reading end is
/// already closed, so the first line it prints meets a broken pipe (the
/// program opens an index or loads the guide before printing, long after
/// the close). Returns the exit code and what it wrote to stderr.
fn with_stdout_closed(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn search_into_a_closed_pipe_exits_quietly_with_zero() {
    let site = build(&real_guide());
    let site_arg = site.out.to_string_lossy().into_owned();
    for args in [
        vec!["search", "children", "--site", &site_arg],
        vec!["search", "children", "--site", &site_arg, "--json"],
        vec!["search", "zzzznothing", "--site", &site_arg],
    ] {
        let (code, stderr) = with_stdout_closed(&args, &site.out);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn check_and_council_report_into_a_closed_pipe_exit_quietly_with_zero() {
    let root = crate::support::site::project_root();
    let guide = real_guide().to_string_lossy().into_owned();
    for args in [
        vec!["check", "--guide", &guide],
        vec!["council", "report", "northshire", "--guide", &guide],
    ] {
        let (code, stderr) = with_stdout_closed(&args, &root);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
