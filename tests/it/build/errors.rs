//! Bad input: a clear message naming file, line and hint, exit code 1, no
//! panic, and the previous `public/` left untouched.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::site::{copy_of, error_over_previous_site, options, real_guide};

/// Breaks a copy of the real guide with `edit`, builds it over an existing
/// site, and returns the error text after checking the old site survived.
fn error_after(edit: impl FnOnce(&Path)) -> String {
    let guide = copy_of(&real_guide());
    edit(guide.path());
    error_over_previous_site(guide.path(), |_| {})
}

fn edit_file(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn unknown_front_matter_key_names_line_column_and_suggests() {
    let err = error_after(|g| edit_file(&g.join("people.md"), "title:", "titel:"));
    assert!(
        err.contains("people.md:2:1: unknown field `titel`"),
        "{err}"
    );
    assert!(
        err.contains("hint: unknown key `titel`; did you mean `title`?"),
        "{err}"
    );
}

#[test]
fn missing_front_matter_key() {
    let err = error_after(|g| edit_file(&g.join("training.md"), "summary:", "# summary:"));
    assert!(
        err.contains("training.md:2:1: missing field `summary`")
            || err.contains("training.md") && err.contains("missing field `summary`"),
        "{err}"
    );
    assert!(err.contains("hint: add the key `summary`"), "{err}");
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let err = error_after(|g| {
        edit_file(
            &g.join("checklist.yaml"),
            "title: Checklist",
            "title: [Checklist",
        )
    });
    assert!(err.contains("checklist.yaml:"), "{err}");
    let err = error_after(|g| edit_file(&g.join("glossary/ehcp.md"), "term:", "term: : :\n  - x"));
    assert!(err.contains("glossary/ehcp.md:"), "{err}");
}

#[test]
fn duplicate_term_names_and_orders() {
    let err = error_after(|g| {
        edit_file(
            &g.join("glossary/fsm.md"),
            "abbreviations: [FSM]",
            "abbreviations: [EHCP]",
        )
    });
    assert!(err.contains("`EHCP` is already used by the term"), "{err}");
    let err = error_after(|g| edit_file(&g.join("training.md"), "order: 8", "order: 7"));
    assert!(err.contains("duplicate section order 7"), "{err}");
}

#[test]
fn slug_must_match_file_name() {
    let err = error_after(|g| edit_file(&g.join("people.md"), "slug: people", "slug: legislation"));
    assert!(
        err.contains("slug `legislation` does not match the file name"),
        "{err}"
    );
}

#[test]
fn see_also_naming_no_term() {
    let err = error_after(|g| {
        edit_file(
            &g.join("glossary/ehcp.md"),
            "see_also: [",
            "see_also: [sendd, ",
        )
    });
    assert!(
        err.contains("`see_also` names `sendd`, which is not a glossary term"),
        "{err}"
    );
    assert!(err.contains("did you mean `send`?"), "{err}");
}

#[test]
fn broken_link_and_broken_anchor_name_file_and_line() {
    let err = error_after(|g| {
        edit_file(
            &g.join("legislation.md"),
            "getting-organised.md#",
            "getting-organized.md#",
        )
    });
    assert!(
        err.contains("legislation.md:") && err.contains("broken link `getting-organized.md#"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `getting-organised.md`?"),
        "{err}"
    );
    let err = error_after(|g| {
        edit_file(
            &g.join("legislation.md"),
            "#be-clear-on-your-responsibilities",
            "#be-clear-on-responsibilities",
        )
    });
    let line = fs::read_to_string(real_guide().join("legislation.md"))
        .unwrap()
        .lines()
        .position(|l| l.contains("previous section"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("legislation.md:{line}: broken link")),
        "{err}"
    );
    assert!(
        err.contains("did you mean `#be-clear-on-your-responsibilities`?"),
        "{err}"
    );
}

#[test]
fn checklist_pointing_at_a_missing_heading_or_section() {
    let err = error_after(|g| {
        edit_file(
            &g.join("checklist.yaml"),
            "heading: speak-to-your-employer",
            "heading: speak-to-the-employer",
        )
    });
    assert!(
        err.contains("checklist.yaml:")
            && err.contains("has no heading or anchor `#speak-to-the-employer`"),
        "{err}"
    );
    let err = error_after(|g| {
        edit_file(
            &g.join("checklist.yaml"),
            "section: people",
            "section: peple",
        )
    });
    assert!(
        err.contains("names section `peple`, which does not exist")
            && err.contains("did you mean `people`?"),
        "{err}"
    );
}

#[test]
fn template_error_names_the_template() {
    let guide = real_guide();
    let theme = tempfile::tempdir().unwrap();
    fs::create_dir_all(theme.path().join("templates")).unwrap();
    fs::write(
        theme.path().join("templates/section.html"),
        "{% extends \"base.html\" %}{% block main %}{{ page.title }\n{% endblock main %}",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(&guide, &out.path().join("public"));
    opts.theme_dirs = vec![theme.path().to_path_buf()];
    let err = firstdays::build(&opts)
        .expect_err("broken template")
        .to_string();
    assert!(
        err.contains("templates/section.html") && err.contains("template error"),
        "{err}"
    );
    assert!(!out.path().join("public").exists());
}

#[test]
fn the_command_exits_1_with_the_message_and_no_panic() {
    let guide = copy_of(&real_guide());
    edit_file(&guide.path().join("people.md"), "title:", "titel:");
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .args(["build", "--guide"])
        .arg(guide.path())
        .arg("--out")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: ") && stderr.contains("did you mean `title`?"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let missing = Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .args(["check", "--guide", "no/such/guide"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("the guide folder does not exist"));
}

/// Appends `html` to the guide's `file` and builds: the error must name
/// that file at the appended line (not the templates) for `page`'s `link`.
fn raw_html_is_blamed_on_its_file(file: &str, html: &str, page: &str, link: &str) {
    let err = error_after(|g| {
        let path = g.join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}\n{html}\n")).unwrap();
    });
    let lines = fs::read_to_string(real_guide().join(file))
        .unwrap()
        .lines()
        .count();
    let name = file.rsplit('/').next().unwrap();
    assert!(
        err.contains(&format!(
            "{name}:{}: page `{page}` links to `{link}`",
            lines + 2
        )),
        "{err}"
    );
    assert!(!err.contains("templates"), "{err}");
}

#[test]
fn a_broken_raw_html_link_in_a_section_is_reported_against_that_section() {
    raw_html_is_blamed_on_its_file(
        "people.md",
        "<img src=\"missing.png\" alt=\"\">",
        "people.html",
        "missing.png",
    );
}

#[test]
fn a_broken_raw_html_link_in_a_glossary_term_is_reported_against_that_term() {
    // The term's definition is shown on the glossary page (and, linked, in
    // the sections that mention it); the error names the term's own file.
    raw_html_is_blamed_on_its_file(
        "glossary/adcs.md",
        "<a href=\"nowhere-else.html\">more</a>",
        "glossary.html",
        "nowhere-else.html",
    );
}

#[test]
fn a_misspelt_theme_folder_is_an_error_naming_it() {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--theme", "themes/defualt", "--out"])
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("themes/defualt: the theme folder does not exist"),
        "{stderr}"
    );
    assert!(!out.path().join("public").exists(), "nothing was written");
}

#[test]
fn a_resource_url_that_is_not_a_web_address() {
    let err = error_after(|g| {
        edit_file(
            &g.join("resources.yaml"),
            "url: https://www.local.gov.uk/bright-futures",
            "url: www.local.gov.uk/bright-futures",
        )
    });
    assert!(
        err.contains("resources.yaml:") && err.contains("is not an absolute web address"),
        "{err}"
    );
    assert!(err.contains("starting with `https://`"), "{err}");
}

#[test]
fn an_output_path_that_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fs::write(&out, "not a folder").unwrap();
    let err = firstdays::build(&options(&real_guide(), &out))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the output path exists and is not a folder"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "not a folder");
}
