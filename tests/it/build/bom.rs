//! A UTF-8 byte-order mark, as Notepad and some Windows tools write it, at
//! the start of any file: `build`, `check`, `council pin` and `council
//! report` read the file as if it were not there, and line numbers stay right.

use std::fs;
use std::path::Path;

use firstdays::content::Guide;
use firstdays::overlay::{self, Council};

use crate::support::site::{copy_of, error_over_previous_site, options, real_guide, try_build};

const BOM: &str = "\u{feff}";

fn add_bom(path: &Path) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        !text.starts_with(BOM),
        "{} has a BOM already",
        path.display()
    );
    fs::write(path, format!("{BOM}{text}")).unwrap();
}

/// Every YAML and markdown file of the base guide and of Northshire's folder.
fn files_to_mark(root: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "md"))
        .filter(|p| {
            !p.starts_with(root.join("councils")) || p.starts_with(root.join("councils/northshire"))
        })
        .collect()
}

#[test]
fn a_byte_order_mark_on_every_yaml_and_markdown_file_is_accepted() {
    let guide = copy_of(&real_guide());
    let marked = files_to_mark(guide.path());
    for name in ["site.yaml", "checklist.yaml", "resources.yaml", "people.md"] {
        assert!(
            marked.contains(&guide.path().join(name)),
            "{name} is among the marked files"
        );
    }
    for path in &marked {
        add_bom(path);
    }
    // The 2019 edition's files are marked too: a deliberate change, frozen again.
    firstdays::editions::freeze(&guide.path().join("editions/2019")).unwrap();
    let with_bom = try_build(guide.path()).unwrap_or_else(|e| panic!("{e}"));
    let without = try_build(&real_guide()).unwrap();
    assert_eq!(
        with_bom.read("people.html"),
        without.read("people.html"),
        "the mark changes nothing in the output"
    );
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(guide.path(), &out.path().join("public"));
    opts.council = Some(guide.path().join("councils/northshire"));
    opts.check_only = true;
    firstdays::build(&opts).unwrap_or_else(|e| panic!("council check: {e}"));
}

#[test]
fn line_numbers_after_a_byte_order_mark_stay_right() {
    let guide = copy_of(&real_guide());
    let people = guide.path().join("people.md");
    add_bom(&people);
    let text = fs::read_to_string(&people).unwrap();
    fs::write(&people, text.replacen("title:", "titel:", 1)).unwrap();
    let site = guide.path().join("site.yaml");
    add_bom(&site);
    let text = fs::read_to_string(&site).unwrap();
    fs::write(&site, text.replacen("title:", "titel:", 1)).unwrap();
    let line_of_title = text
        .lines()
        .position(|l| l.trim_start_matches(BOM).starts_with("title:"))
        .unwrap()
        + 1;
    let err = error_over_previous_site(guide.path(), |_| {});
    assert!(
        err.contains("people.md:2:1: unknown field `titel`"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "site.yaml:{line_of_title}:1: unknown field `titel`"
        )),
        "{err}"
    );
}

#[test]
fn council_pin_and_report_read_a_file_with_a_byte_order_mark() {
    let guide = copy_of(&real_guide());
    let council_dir = guide.path().join("councils/northshire");
    let patch = council_dir.join("patches/support-staff.md");
    let section = council_dir.join("sections/training.md");
    for path in [&patch, &section, &council_dir.join("council.yaml")] {
        add_bom(path);
    }
    // Unpin the patch so that `pin` has to write into its front matter.
    let text = fs::read_to_string(&patch).unwrap();
    let unpinned: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("base_hash:"))
        .collect();
    assert_ne!(unpinned, text, "the patch was pinned");
    fs::write(&patch, &unpinned).unwrap();

    let base = Guide::load(guide.path()).unwrap();
    let council = Council::load(&council_dir).unwrap_or_else(|e| panic!("{e}"));
    let changed = overlay::pin(&base, &council).unwrap_or_else(|e| panic!("{e}"));
    assert!(changed.contains(&patch), "{changed:?}");
    let pinned = fs::read_to_string(&patch).unwrap();
    assert!(pinned.starts_with(&format!("{BOM}---")), "{pinned}");
    assert!(
        pinned
            .lines()
            .take_while(|l| !l.is_empty())
            .any(|l| l.starts_with("base_hash: sha256:")),
        "{pinned}"
    );
    let report = overlay::report(&base, &Council::load(&council_dir).unwrap())
        .unwrap_or_else(|e| panic!("{e}"))
        .to_string();
    assert!(report.contains("training"), "{report}");
}
