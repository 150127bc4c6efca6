//! An old edition is checked like the guide, and guarded against edits.

use std::fs;

use crate::support::site::{copy_of, error_over_previous_site, real_guide};

/// A copy of the real guide whose 2019 edition gets `edit` (then, with
/// `refreeze`, a new manifest, as for a deliberate correction).
fn guide_with(edit: impl FnOnce(&std::path::Path), refreeze: bool) -> tempfile::TempDir {
    let copy = copy_of(&real_guide());
    let edition = copy.path().join("editions/2019");
    edit(&edition);
    if refreeze {
        firstdays::editions::freeze(&edition).unwrap();
    }
    copy
}

fn append(path: &std::path::Path, text: &str) {
    let old = fs::read_to_string(path).unwrap();
    fs::write(path, old + text).unwrap();
}

#[test]
fn an_edited_frozen_file_fails_the_build_naming_it() {
    let copy = guide_with(
        |e| {
            append(
                &e.join("people.md"),
                "\nA sentence that was never in 2019.\n",
            )
        },
        false,
    );
    let err = error_over_previous_site(copy.path(), |_| {});
    assert!(
        err.contains("editions/2019/people.md: this file of the frozen `2019` edition moved"),
        "{err}"
    );
    assert!(
        err.contains("undo the change") && err.contains("firstdays edition freeze 2019"),
        "{err}"
    );
}

#[test]
fn a_file_added_to_or_removed_from_a_frozen_edition_fails_the_build() {
    let copy = guide_with(
        |e| {
            fs::write(
                e.join("glossary/new-term.md"),
                "---\nterm: New\n---\nNew.\n",
            )
            .unwrap();
            fs::remove_file(e.join("glossary/ria.md")).unwrap();
        },
        false,
    );
    let err = error_over_previous_site(copy.path(), |_| {});
    assert!(
        err.contains("editions/2019/glossary/new-term.md: this file was added"),
        "{err}"
    );
    assert!(
        err.contains("`glossary/ria.md` of the frozen `2019` edition moved: it was removed"),
        "{err}"
    );
}

#[test]
fn bad_front_matter_in_an_edition_is_an_error_with_file_and_line() {
    let copy = guide_with(
        |e| {
            let path = e.join("people.md");
            let text = fs::read_to_string(&path)
                .unwrap()
                .replacen("title:", "titel:", 1);
            fs::write(path, text).unwrap();
        },
        true,
    );
    let err = error_over_previous_site(copy.path(), |_| {});
    assert!(err.contains("editions/2019/people.md:2"), "{err}");
    assert!(err.contains("titel"), "{err}");
}

#[test]
fn a_broken_link_in_an_edition_is_an_error_with_file_and_line() {
    let copy = guide_with(
        |e| append(&e.join("training.md"), "\nSee [nowhere](nowhere.md).\n"),
        true,
    );
    let err = error_over_previous_site(copy.path(), |_| {});
    let lines = fs::read_to_string(copy.path().join("editions/2019/training.md"))
        .unwrap()
        .lines()
        .count();
    assert!(
        err.contains(&format!("editions/2019/training.md:{lines}")),
        "{err}"
    );
    assert!(err.contains("nowhere.md"), "{err}");
}

#[test]
fn an_edition_without_a_manifest_is_refused_with_the_command_that_writes_one() {
    let copy = guide_with(|e| fs::remove_file(e.join("edition.lock")).unwrap(), false);
    let err = error_over_previous_site(copy.path(), |_| {});
    assert!(
        err.contains("has no `edition.lock`") && err.contains("firstdays edition freeze 2019"),
        "{err}"
    );
}
