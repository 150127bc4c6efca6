//! A base change under a council's change: the build warns, naming both
//! files with a diff; `--strict` makes it an error; `council pin` settles it.

use std::fs;
use std::path::Path;

use crate::support::site::{copy_of, options, previous_site, real_guide};
use firstdays::content::Guide;
use firstdays::overlay::{self, Council};
use firstdays::{BuildOptions, Diagnostic};

fn opts(guide: &Path, slug: &str, out: &Path) -> BuildOptions {
    let mut opts = options(guide, out);
    opts.council = Some(guide.join("councils").join(slug));
    opts
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn warnings_of(guide: &Path, slug: &str) -> Vec<Diagnostic> {
    let out = tempfile::tempdir().unwrap();
    firstdays::build(&opts(guide, slug, &out.path().join("public")))
        .unwrap_or_else(|e| panic!("{e}"))
        .warnings
}

#[test]
fn a_changed_base_sub_section_makes_its_patch_stale() {
    let guide = copy_of(&real_guide());
    let root = guide.path();
    edit(
        &root.join("getting-organised.md"),
        "This will vary between councils, so find out",
        "This varies a great deal between councils, so find out",
    );
    let warnings = warnings_of(root, "northshire");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    let text = w.to_string();
    assert!(
        w.file
            .ends_with("councils/northshire/patches/support-staff.md"),
        "{text}"
    );
    assert_eq!(w.line, Some(4), "the base_hash line: {text}");
    assert!(
        text.contains("getting-organised.md") && text.contains("#meet-your-support-staff"),
        "{text}"
    );
    assert!(text.contains("stale"), "{text}");
    // The diff shows the base's old and new wording.
    assert!(
        text.contains("-As a portfolio holder") && text.contains("This will vary between councils"),
        "{text}"
    );
    assert!(
        text.contains("+As a portfolio holder") && text.contains("This varies a great deal"),
        "{text}"
    );
    assert!(
        text.contains("cargo run -- council pin northshire"),
        "{text}"
    );
    // The sub-section after it did not change: no warning for the insert_after patch.
    assert!(!text.contains("partnership-meetings"), "{text}");
}

#[test]
fn strict_makes_staleness_an_error_and_writes_nothing() {
    let guide = copy_of(&real_guide());
    let root = guide.path();
    edit(
        &root.join("training.md"),
        "The LGA offers a significant amount of support",
        "The LGA offers a great deal of support",
    );
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    previous_site(&out);
    let mut strict = opts(root, "northshire", &out);
    strict.strict = true;
    let err = firstdays::build(&strict).unwrap_err();
    assert_eq!(err.0.len(), 1, "{err}");
    let text = err.to_string();
    assert!(text.starts_with("error: "), "{text}");
    assert!(
        text.contains("councils/northshire/sections/training.md:"),
        "{text}"
    );
    assert!(
        text.contains("section `") && text.contains("training.md` has changed"),
        "{text}"
    );
    assert!(
        text.contains("+summary: The LGA offers a great deal of support"),
        "{text}"
    );
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "previous site"
    );
    // Without --strict it is a warning and the site is written.
    let summary = firstdays::build(&opts(root, "northshire", &out)).unwrap();
    assert_eq!(summary.warnings.len(), 1);
    assert!(
        fs::read_to_string(out.join("training.html"))
            .unwrap()
            .contains("Northshire")
    );
}

#[test]
fn pinning_records_the_new_base_and_keeps_the_rest_of_the_file() {
    let guide = copy_of(&real_guide());
    let root = guide.path();
    edit(
        &root.join("getting-organised.md"),
        "Set up regular meetings with your director",
        "Arrange regular meetings with your director",
    );
    let patch = root.join("councils/northshire/patches/partnership-meetings.md");
    let before = fs::read_to_string(&patch).unwrap();
    assert_eq!(warnings_of(root, "northshire").len(), 1);

    let base = Guide::load(root).unwrap();
    let council = Council::load(&root.join("councils/northshire")).unwrap();
    let changed = overlay::pin(&base, &council).unwrap();
    assert_eq!(changed, [patch.as_path()]);
    let after = fs::read_to_string(&patch).unwrap();
    let hash_line = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("base_hash:"))
            .unwrap()
            .to_string()
    };
    assert_ne!(hash_line(&before), hash_line(&after));
    assert_eq!(
        before.replace(&hash_line(&before), ""),
        after.replace(&hash_line(&after), ""),
        "only base_hash changed"
    );
    let copy = root.join("councils/northshire/.pins/patches/partnership-meetings.md.txt");
    assert!(
        fs::read_to_string(copy)
            .unwrap()
            .contains("Arrange regular meetings")
    );
    assert!(warnings_of(root, "northshire").is_empty());
}

#[test]
fn an_unpinned_change_is_a_warning_until_pinned() {
    let guide = copy_of(&real_guide());
    let root = guide.path();
    let patch = root.join("councils/riverton/patches/training.md");
    let text = fs::read_to_string(&patch).unwrap();
    let unpinned: String = text
        .lines()
        .filter(|l| !l.starts_with("base_hash:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&patch, &unpinned).unwrap();
    let warnings = warnings_of(root, "riverton");
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("not pinned"),
        "{}",
        warnings[0]
    );
    let base = Guide::load(root).unwrap();
    let council = Council::load(&root.join("councils/riverton")).unwrap();
    overlay::pin(&base, &council).unwrap();
    assert_eq!(
        fs::read_to_string(&patch).unwrap(),
        text,
        "the same hash as shipped"
    );
    assert!(warnings_of(root, "riverton").is_empty());
}

#[test]
fn a_base_change_that_is_only_spacing_is_not_a_change() {
    let guide = copy_of(&real_guide());
    let root = guide.path();
    edit(
        &root.join("getting-organised.md"),
        "## Meet your support staff\n\n",
        "## Meet your support staff   \n\n\n\n",
    );
    assert!(warnings_of(root, "northshire").is_empty());
}

#[test]
fn a_renamed_base_heading_under_a_pinned_patch_is_an_error_that_says_so() {
    let guide = copy_of(&real_guide());
    let root = guide.path();
    edit(
        &root.join("getting-organised.md"),
        "## Meet your support staff",
        "## Get to know your support staff",
    );
    edit(
        &root.join("checklist.yaml"),
        "heading: meet-your-support-staff",
        "heading: get-to-know-your-support-staff",
    );
    let out = tempfile::tempdir().unwrap();
    let err = firstdays::build(&opts(root, "northshire", &out.path().join("public")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("patches/support-staff.md:2: "), "{err}");
    assert!(
        err.contains("has no heading `#meet-your-support-staff`"),
        "{err}"
    );
    assert!(err.contains("`get-to-know-your-support-staff`"), "{err}");
    assert!(
        err.contains("renamed or removed the heading since"),
        "{err}"
    );
}
