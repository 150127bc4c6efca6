//! A section whose slug is a page or folder the site makes (`search`,
//! `index`, `404` ...) would silently replace that page; a slug that is no
//! safe file name would make a page some systems cannot hold. Both are
//! errors naming the file and the `slug:` line.

use std::fs;
use std::path::Path;

use firstdays::content::slugs;

use crate::support::site::{build, copy_of, error_over_previous_site, real_guide};

/// Renames `training.md` to `<slug>.md` with `slug: <slug>`.
fn section_named(guide: &Path, slug: &str) {
    let old = guide.join("training.md");
    let text = fs::read_to_string(&old).unwrap();
    assert!(text.contains("slug: training\n"));
    fs::remove_file(&old).unwrap();
    fs::write(
        guide.join(format!("{slug}.md")),
        text.replacen("slug: training\n", &format!("slug: \"{slug}\"\n"), 1),
    )
    .unwrap();
}

fn slug_line(guide: &Path, slug: &str) -> usize {
    fs::read_to_string(guide.join(format!("{slug}.md")))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("slug:"))
        .unwrap()
        + 1
}

#[test]
fn a_section_cannot_take_the_name_of_a_page_or_folder_the_site_makes() {
    for slug in [
        "search",
        "index",
        "404",
        "print",
        "resources",
        "glossary",
        "checklist",
        "sitemap",
        "robots",
        "static",
    ] {
        let guide = copy_of(&real_guide());
        section_named(guide.path(), slug);
        let line = slug_line(guide.path(), slug);
        let err = error_over_previous_site(guide.path(), |_| {});
        assert!(
            err.contains(&format!(
                "{slug}.md:{line}: slug `{slug}` is the name of a page the site makes"
            )),
            "{err}"
        );
        assert!(err.contains("hint: rename the file and its slug"), "{err}");
    }
}

#[test]
fn a_section_slug_must_be_a_safe_file_name() {
    for slug in ["Training", "tra ining", "café", "-training", "a_b"] {
        let guide = copy_of(&real_guide());
        section_named(guide.path(), slug);
        let line = slug_line(guide.path(), slug);
        let err = error_over_previous_site(guide.path(), |_| {});
        assert!(
            err.contains(&format!(
                "{slug}.md:{line}: slug `{slug}` is not a safe page name"
            )),
            "{slug}: {err}"
        );
        assert!(err.contains("lower-case letters, digits and `-`"), "{err}");
    }
}

/// The one list of reserved names and the files `render_site` writes agree:
/// every page and folder at the root of a built site is reserved, except
/// the sections' own pages.
#[test]
fn every_file_the_site_writes_at_its_root_is_reserved() {
    let site = build(&real_guide());
    let sections: Vec<String> = fs::read_dir(real_guide())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".md").map(str::to_string))
        .collect();
    for entry in fs::read_dir(&site.out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name.split('.').next().unwrap();
        // Hidden files (the output marker) cannot clash: a slug never starts with `.`.
        if stem.is_empty() || sections.iter().any(|s| s == stem) {
            continue;
        }
        assert!(
            slugs::is_reserved(stem),
            "`{name}` is written at the root of the site but `{stem}` is not in content::slugs"
        );
    }
}
