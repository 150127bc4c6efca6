//! The editor lints in `check`: each a warning naming file and line,
//! `--strict` making them errors; `build` does not run them.

use std::fs;
use std::path::Path;
use std::process::Command;

use firstdays::Diagnostic;

use crate::support::site::{copy_of, real_guide, try_build_with};

/// A copy of the real guide with `lint-me.md` holding `body`, checked with
/// the lints on; the warnings about that file, as `line: message`.
fn warnings_for(body: &str) -> Vec<String> {
    let guide = copy_of(&real_guide());
    add_section(guide.path(), body);
    let summary = check(guide.path(), false).expect("warnings do not stop `check`");
    summary
        .iter()
        .filter(|d| d.file.ends_with("lint-me.md"))
        .map(|d| {
            assert!(d.is_warning(), "{d}");
            assert!(d.hint.is_some(), "every lint has a hint: {d}");
            format!("{}: {}", d.line.unwrap_or(0), d.message)
        })
        .collect()
}

fn add_section(guide: &Path, body: &str) {
    let text = format!(
        "---\ntitle: Lint me\nslug: lint-me\norder: 99\nsummary: A page for the lints.\n---\n{body}"
    );
    fs::write(guide.join("lint-me.md"), text).unwrap();
}

fn check(guide: &Path, strict: bool) -> Result<Vec<Diagnostic>, firstdays::Errors> {
    try_build_with(guide, |o| {
        o.check_only = true;
        o.lint = true;
        o.strict = strict;
    })
    .map(|built| built.summary.warnings)
}

// The body starts on line 7 of `lint-me.md`.

#[test]
fn an_image_without_alt_text_is_a_warning_on_its_line() {
    let got = warnings_for(
        "Text.\n\n![](https://www.example.org/chart.png)\n\n![A chart](https://www.example.org/chart.png)\n\n<img src=\"https://www.example.org/x.png\">\n",
    );
    assert_eq!(
        got,
        [
            "9: an image without alt text",
            "13: an image without alt text"
        ]
    );
}

#[test]
fn a_heading_that_skips_a_level_is_a_warning() {
    let got = warnings_for("Text.\n\n## Fine\n\nText.\n\n#### Too deep\n\nText.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("13: the heading `Too deep` is level 4 straight after level 2"),
        "{got:?}"
    );
}

#[test]
fn an_empty_section_is_a_warning() {
    let got = warnings_for("\n");
    assert_eq!(got, ["7: the section has no text"]);
}

#[test]
fn vague_link_text_is_a_warning() {
    let got = warnings_for(
        "For the rules [click here](people.md). [Here](training.md)! [The training section](training.md) is fine.\n",
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got[0].starts_with("7: the link text `click here` does not say where the link goes"),
        "{got:?}"
    );
    assert!(got[1].starts_with("7: the link text `Here`"), "{got:?}");
}

#[test]
fn the_same_sub_heading_twice_in_a_section_is_a_warning() {
    let got = warnings_for("Text.\n\n## Next steps\n\nText.\n\n## Next Steps\n\nText.\n");
    assert_eq!(
        got,
        ["13: the sub-heading `Next Steps` is used twice in this section (first on line 9)"]
    );
}

#[test]
fn a_sentence_over_forty_words_is_a_warning_and_forty_is_not() {
    let forty = vec!["word"; 40].join(" ");
    let forty_one = vec!["word"; 41].join(" ");
    let got = warnings_for(&format!("{forty}.\n\nFirst. {forty_one}.\n"));
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("9: a sentence of 41 words (over 40)"),
        "{got:?}"
    );
}

#[test]
fn a_glossary_term_nothing_mentions_is_a_warning_and_a_mentioned_one_is_not() {
    let guide = copy_of(&real_guide());
    let glossary = guide.path().join("glossary");
    fs::write(
        glossary.join("zebra-crossing.md"),
        "---\nterm: Zebra crossing\n---\nA crossing.\n",
    )
    .unwrap();
    let warnings = check(guide.path(), false).unwrap();
    let about: Vec<String> = warnings
        .iter()
        .filter(|d| d.file.ends_with("zebra-crossing.md"))
        .map(|d| format!("{}: {}", d.line.unwrap_or(0), d.message))
        .collect();
    assert_eq!(
        about,
        ["2: no section mentions the glossary term `Zebra crossing`"]
    );
    // EHCP is used in the sections: never reported.
    assert!(
        !warnings
            .iter()
            .any(|d| d.file.ends_with("glossary/ehcp.md"))
    );
    add_section(guide.path(), "Mind the zebra crossing.\n");
    let warnings = check(guide.path(), false).unwrap();
    assert!(
        !warnings
            .iter()
            .any(|d| d.file.ends_with("zebra-crossing.md")),
        "{warnings:?}"
    );
}

#[test]
fn strict_makes_the_lints_errors() {
    let guide = copy_of(&real_guide());
    add_section(guide.path(), "[here](people.md)\n");
    let err = check(guide.path(), true)
        .expect_err("--strict fails")
        .to_string();
    assert!(err.contains("lint-me.md:7: the link text `here`"), "{err}");
}

#[test]
fn the_real_guide_passes_check_with_only_long_sentences_and_unmentioned_terms() {
    // The guide's wording is the LGA's: it trips two lints, as warnings.
    let warnings = check(&real_guide(), false).expect("check passes without --strict");
    for d in &warnings {
        assert!(
            d.message.starts_with("a sentence of ")
                || d.message
                    .starts_with("no section mentions the glossary term"),
            "{d}"
        );
    }
    let run = Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .arg("check")
        .current_dir(crate::support::site::project_root())
        .output()
        .unwrap();
    assert!(run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("warning: guide/people.md:"), "{err}");
}

#[test]
fn build_does_not_run_the_lints() {
    let guide = copy_of(&real_guide());
    add_section(guide.path(), "[here](people.md)\n");
    let built = try_build_with(guide.path(), |_| {}).unwrap();
    assert!(
        built.summary.warnings.is_empty(),
        "{:?}",
        built.summary.warnings
    );
}
