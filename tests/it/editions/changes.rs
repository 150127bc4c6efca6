//! `changes.html`: what changed since the 2019 edition, and the notes on
//! the sections that changed.

use std::fs;

use super::{built, site};
use crate::support::site::{attr_values, copy_dir, real_guide, try_build_with};

fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from:?}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn the_home_page_links_to_the_changes_page() {
    let home = site().read("index.html");
    assert!(home.contains("<a href=\"changes.html\">What changed since the 2019 edition</a>"));
}

#[test]
fn the_changes_page_marks_added_and_removed_words_and_folds_role_title_only_changes() {
    let html = site().read("changes.html");
    let people = between(&html, "<h3 id=\"people\">", "</section>");
    assert!(
        people.contains("<ins>") && people.contains("<del>"),
        "{people}"
    );
    let intro = between(&html, "<h3 id=\"introduction\">", "</section>");
    assert!(
        intro.contains(
            "1 paragraph differs only in the role title (lead member → portfolio holder)."
        ),
        "{intro}"
    );
    // The role title never shows as a change of words.
    let lower = html.to_lowercase();
    assert!(
        !lower.contains("<del>lead member") && !lower.contains("<ins>portfolio holder"),
        "role title diffed"
    );
    // A reworded paragraph is shown once, as its diff.
    assert!(
        intro.contains("vision for <ins>supporting </ins>children and young people<del>&#39;s services</del>, to take"),
        "{intro}"
    );
    assert!(
        !intro.contains("class=\"change-removed change-paragraph\""),
        "{intro}"
    );
}

#[test]
fn the_changes_page_lists_new_renamed_and_redefined_glossary_terms() {
    let html = site().read("changes.html");
    let added = between(&html, "id=\"terms-added\"", "</ul>");
    for term in [
        "Kinship care",
        "Pupil premium",
        "Child exploitation (CE)",
        "Joint targeted area inspection (JTAI)",
        "Voluntary controlled school",
    ] {
        assert!(
            added.contains(&format!(">{term}</a>")),
            "{term} new: {added}"
        );
    }
    // Child criminal exploitation was in the 2019 glossary: reworded, not new.
    assert!(!added.contains("Child criminal exploitation"));
    let redefined = between(&html, "id=\"terms-redefined\"", "</ul>");
    assert!(
        redefined.contains("Child criminal exploitation (CCE)</a>: "),
        "{redefined}"
    );
    assert!(redefined.contains("<ins>(see below) </ins>"), "{redefined}");
    let renamed = between(&html, "id=\"terms-renamed\"", "</ul>");
    assert!(
        renamed.contains("Family and friends foster care</a>, was <del>Kinship foster care</del>"),
        "{renamed}"
    );
    assert!(
        renamed.contains("was <del>Regional Improvement Alliance (RIA)</del>"),
        "{renamed}"
    );
}

#[test]
fn the_changes_page_lists_checklist_items_reworded() {
    let html = site().read("changes.html");
    let reworded = between(&html, "id=\"checklist-reworded\"", "</ul>");
    assert!(
        reworded.contains("action <del>plans</del><ins>plan</ins>"),
        "{reworded}"
    );
}

#[test]
fn sections_that_changed_say_so_with_a_link_to_their_part_of_the_changes_page() {
    let changes = site().read("changes.html");
    let ids = attr_values(&changes, "id");
    for page in [
        "people.html",
        "introduction.html",
        "alternative-delivery-models.html",
    ] {
        let html = site().read(page);
        let slug = page.trim_end_matches(".html");
        assert!(
            html.contains(&format!(
                "<a href=\"changes.html#{slug}\">Changed since the 2019 edition</a>"
            )),
            "{page}"
        );
        assert!(ids.iter().any(|i| i == slug), "changes.html#{slug}");
    }
    assert!(!site().read("glossary.html").contains("Changed since"));
}

#[test]
fn the_changes_page_and_the_old_edition_are_byte_identical_across_builds() {
    let again = built(&real_guide());
    for page in [
        "changes.html",
        "people.html",
        "editions/2019/people.html",
        "editions/2019/glossary.html",
    ] {
        assert!(
            site().read(page) == again.read(page),
            "{page} differs between builds"
        );
    }
}

fn council_copy(extra_yaml: &str) -> (tempfile::TempDir, crate::support::site::Built) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&real_guide().join("councils/northshire"), dir.path());
    let yaml = dir.path().join("council.yaml");
    let text = fs::read_to_string(&yaml).unwrap() + extra_yaml;
    fs::write(&yaml, text).unwrap();
    let council = dir.path().to_path_buf();
    let site = try_build_with(&real_guide(), |opts| opts.council = Some(council))
        .unwrap_or_else(|e| panic!("{e}"));
    (dir, site)
}

#[test]
fn a_council_copy_gets_the_changes_page_in_its_own_words_and_banners_to_its_own_pages() {
    let (_dir, site) = council_copy("");
    let changes = site.read("changes.html");
    // Northshire says "lead member", as 2019 mostly did; where 2019 said
    // "portfolio holders", the change is folded too, never shown.
    assert!(
        !changes.to_lowercase().contains("portfolio holder"),
        "northshire's own words"
    );
    assert!(!changes.contains("(lead member → lead member)"));
    assert!(changes.contains("Northshire Families Together"));
    // The old edition is the LGA's, but its banner leads to Northshire's pages.
    let old = site.read("editions/2019/people.html");
    assert!(
        old.contains("<a href=\"../../people.html\">Read the current version of this page</a>")
    );
    assert!(old.contains("<link rel=\"canonical\" href=\"https://www.northshire.example.org/first-ten-days/people.html\">"));
    assert!(
        !old.contains("Northshire"),
        "the old edition is published as the LGA wrote it"
    );
}

#[test]
fn a_council_can_leave_the_editions_out_of_its_copy() {
    let (_dir, site) = council_copy("editions: false\n");
    assert!(!site.out.join("editions").exists());
    assert!(!site.out.join("changes.html").exists());
    assert!(!site.read("index.html").contains("changes.html"));
    assert!(!site.read("people.html").contains("Changed since"));
}
