//! Glossary names that cannot be found in text (empty, blank, punctuation
//! only), in the base or a council, and council `terms` with an empty side:
//! each is an error naming the file and line with a hint, never a panic.
//! Names in other alphabets and with accents link as words.

use std::fs;
use std::path::Path;

use crate::support::site::{copy_of, error_over_previous_site, real_guide, try_build_with};

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn line_of(path: &Path, starts: &str) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.trim_start().starts_with(starts))
        .unwrap_or_else(|| panic!("{} has no line {starts:?}", path.display()))
        + 1
}

fn base_error(edit_guide: impl FnOnce(&Path)) -> String {
    let guide = copy_of(&real_guide());
    edit_guide(guide.path());
    error_over_previous_site(guide.path(), |_| {})
}

fn council_error(edit_guide: impl FnOnce(&Path)) -> String {
    let guide = copy_of(&real_guide());
    edit_guide(guide.path());
    let council = guide.path().join("councils/northshire");
    error_over_previous_site(guide.path(), |o| o.council = Some(council))
}

#[test]
fn an_empty_term_abbreviation_or_alias_in_the_base_names_file_and_line() {
    let cases = [
        (
            "term: \"Education, Health and Care Plan\"",
            "term: \"\"",
            "term:",
            "`term` is empty",
        ),
        (
            "abbreviations: [EHCP]",
            "abbreviations: [\"\"]",
            "abbreviations:",
            "`abbreviations` has an empty entry",
        ),
        (
            "abbreviations: [EHCP]",
            "abbreviations: [EHCP, \"  \"]",
            "abbreviations:",
            "`abbreviations` has an empty entry",
        ),
        (
            "abbreviations: [EHCP]",
            "abbreviations: [EHCP]\naliases: [\"\"]",
            "aliases:",
            "`aliases` has an empty entry",
        ),
        (
            "abbreviations: [EHCP]",
            "abbreviations: [EHCP]\naliases: [\"&&\"]",
            "aliases:",
            "`aliases` has `&&`, which has no letters or digits",
        ),
        (
            "term: \"Education, Health and Care Plan\"",
            "term: \"—\"",
            "term:",
            "`term` has `—`, which has no letters or digits",
        ),
    ];
    for (from, to, key, message) in cases {
        let mut line = 0;
        let err = base_error(|g| {
            let file = g.join("glossary/ehcp.md");
            edit(&file, from, to);
            line = line_of(&file, key);
        });
        assert!(
            err.contains(&format!("glossary/ehcp.md:{line}: {message}")),
            "{to}: {err}"
        );
        assert!(err.contains("hint: the build links every mention"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn an_empty_side_of_a_council_terms_entry_names_its_line() {
    for (to, message) in [
        ("    to: \"\"", "`terms`: `to` is empty"),
        ("    to: \"   \"", "`terms`: `to` is empty"),
        (
            "    to: \"!!\"",
            "`terms`: `to` has `!!`, which has no letters or digits",
        ),
    ] {
        let mut line = 0;
        let err = council_error(|g| {
            let file = g.join("councils/northshire/council.yaml");
            edit(&file, "    to: Northshire Families Together", to);
            line = line_of(&file, "to:");
        });
        assert!(
            err.contains(&format!("northshire/council.yaml:{line}: {message}")),
            "{err}"
        );
        assert!(
            err.contains("hint: each entry is the base guide's words"),
            "{err}"
        );
    }
    let mut line = 0;
    let err = council_error(|g| {
        let file = g.join("councils/northshire/council.yaml");
        edit(
            &file,
            "  - from: Troubled Families\n    to: Northshire Families Together",
            "  - from: Troubled Families\n    to: Northshire Families Together\n  - {from: \"\", to: Anything}",
        );
        line = line_of(&file, "- {from");
    });
    assert!(
        err.contains(&format!(
            "northshire/council.yaml:{line}: `terms`: `from` is empty"
        )),
        "{err}"
    );
}

#[test]
fn an_empty_name_in_a_council_glossary_term_names_the_council_file() {
    let mut line = 0;
    let err = council_error(|g| {
        let file = g.join("councils/northshire/glossary/troubled-families.md");
        let text = fs::read_to_string(&file).unwrap();
        fs::write(
            &file,
            text.replacen("---\n", "---\naliases: [\"\", Families]\n", 1),
        )
        .unwrap();
        line = line_of(&file, "aliases:");
    });
    assert!(
        err.contains(&format!(
            "glossary/troubled-families.md:{line}: `aliases` has an empty entry"
        )),
        "{err}"
    );
}

#[test]
fn a_glossary_file_name_that_cannot_be_an_anchor_is_an_error() {
    let err = base_error(|g| {
        fs::rename(g.join("glossary/ehcp.md"), g.join("glossary/EHCP plan.md")).unwrap();
    });
    assert!(
        err.contains("EHCP plan.md:1: `EHCP plan` cannot be a glossary term's file name"),
        "{err}"
    );
}

#[test]
fn terms_in_other_alphabets_and_with_accents_link_as_words() {
    let guide = copy_of(&real_guide());
    let g = guide.path();
    fs::write(
        g.join("glossary/cafe.md"),
        "---\nterm: Café\naliases: [\"Cafe\\u0301 Club\", 子供]\n---\nA place.\n",
    )
    .unwrap();
    edit(
        &g.join("people.md"),
        "\n\n",
        "\n\nThe Café, the Cafe\u{301} Club, the cafe\u{301}s and 子供 meet.\n\n",
    );
    let site = try_build_with(g, |_| {}).unwrap_or_else(|e| panic!("{e}"));
    let people = site.read("people.html");
    assert!(
        people.contains(r#"<a class="glossary-term" href="glossary.html#cafe">Café</a>"#),
        "{people}"
    );
    // Each sub-section links the first mention only; the others stay text.
    assert!(
        people.contains("the Cafe\u{301} Club, the cafe\u{301}s and 子供 meet."),
        "{people}"
    );
}
