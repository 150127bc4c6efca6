//! `build` writes each page into its staging folder as soon as the page is
//! rendered and checked, so the site is never in memory all at once; the
//! link check runs only after every page is written. A failure then must
//! still leave the previous `public/` exactly as it was and nothing beside it.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use firstdays::output::{CRASH_VAR, MARKER, NEW_PREFIX};

use crate::support::site::{copy_of, options, real_guide};

/// Every file under `root`, with its bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The names in `parent` other than `public`.
fn beside_public(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect();
    names.sort();
    names
}

/// A copy of the real guide whose `legislation.md` links to a heading no
/// page has: only the link check, after every page is written, finds it.
fn guide_with_a_broken_anchor() -> tempfile::TempDir {
    let guide = copy_of(&real_guide());
    let path = guide.path().join("legislation.md");
    let text = fs::read_to_string(&path).unwrap();
    let from = "#be-clear-on-your-responsibilities";
    assert!(text.contains(from));
    fs::write(
        &path,
        text.replacen(from, "#be-clear-on-responsibilities", 1),
    )
    .unwrap();
    guide
}

#[test]
fn a_broken_link_found_after_every_page_was_written_leaves_the_previous_site_and_no_staging_folder()
{
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    firstdays::build(&options(&real_guide(), &out)).unwrap();
    let before = snapshot(&out);
    let guide = guide_with_a_broken_anchor();
    let err = firstdays::build(&options(guide.path(), &out))
        .expect_err("the broken anchor fails the build")
        .to_string();
    assert!(
        err.contains("legislation.md:") && err.contains("broken link"),
        "{err}"
    );
    assert!(
        snapshot(&out) == before,
        "the previous public/ is untouched"
    );
    assert_eq!(
        beside_public(dir.path()),
        Vec::<String>::new(),
        "the staging folder, pages and all, is deleted"
    );
}

#[test]
fn a_build_killed_at_its_link_check_has_written_its_pages_aside_and_the_next_build_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    firstdays::build(&options(&real_guide(), &out)).unwrap();
    let before = snapshot(&out);
    let guide = guide_with_a_broken_anchor();
    let run = Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .args(["build", "--guide"])
        .arg(guide.path())
        .arg("--out")
        .arg(&out)
        .env(CRASH_VAR, "link-check")
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr).contains(&format!("{CRASH_VAR}=link-check")),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The pages were written before the link check, into the staging folder
    // only, which still says it is being written (never to be restored).
    let aside = beside_public(dir.path());
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(aside[0].starts_with(NEW_PREFIX), "{aside:?}");
    let staged = snapshot(&dir.path().join(&aside[0]));
    for page in ["index.html", "glossary.html", "search.html"] {
        assert!(staged.get(page) == before.get(page), "{page} written aside");
    }
    let legislation = String::from_utf8_lossy(&staged["legislation.html"]);
    assert!(legislation.contains("#be-clear-on-responsibilities"));
    assert!(
        String::from_utf8_lossy(&staged[MARKER]).contains("Being written"),
        "{:?}",
        String::from_utf8_lossy(&staged[MARKER])
    );
    assert!(
        snapshot(&out) == before,
        "the previous public/ is untouched"
    );
    // The next build, failing or not, deletes what the killed one left.
    assert!(firstdays::build(&options(guide.path(), &out)).is_err());
    assert_eq!(beside_public(dir.path()), Vec::<String>::new());
    assert!(snapshot(&out) == before);
}
