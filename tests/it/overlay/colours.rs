//! Council colours the browser shows one on another, beyond text on the
//! white page: the focus ring on the header and links on the footer's grey.

use std::fs;

use crate::support::site::{copy_of, error_over_previous_site, real_guide};

const CONFIG: &str = "name: Testshire Council\nslug: testshire\nbase_url: https://www.testshire.example.org/guide/\n";

/// The build error for a council `testshire` with these `colours:` lines.
fn error_for(colours: &str) -> String {
    let guide = copy_of(&real_guide());
    let council = guide.path().join("councils/testshire");
    fs::create_dir_all(&council).unwrap();
    fs::write(
        council.join("council.yaml"),
        format!("{CONFIG}colours:\n{colours}"),
    )
    .unwrap();
    error_over_previous_site(guide.path(), |opts| opts.council = Some(council))
}

#[test]
fn a_focus_colour_too_close_to_the_header_fails_the_build_at_three_to_one() {
    // A silver focus colour on the default blue header: black text on the
    // silver is 10.7:1, but the ring around a focused header link is 2.84:1.
    let err = error_for("  focus: \"#c0c0c0\"\n");
    assert!(
        err.contains("council.yaml:5: colour contrast too low: `focus` (#c0c0c0) on `brand` (#1d70b8) is 2.84:1")
            && err.contains("(the focus ring on the header); WCAG AA needs at least 3:1 for a focus indicator"),
        "{err}"
    );
    assert!(!err.contains("`brand_text`"), "{err}");
}

#[test]
fn a_link_colour_that_passes_on_white_but_not_on_the_footer_fails_the_build() {
    // #3a7d50 is 4.96:1 on the white page, but 4.44:1 on the footer's grey.
    let err = error_for("  link: \"#3a7d50\"\n");
    assert!(
        err.contains("council.yaml:5: colour contrast too low: `link` (#3a7d50) on the footer's grey (#f3f2f1) is 4.44:1")
            && err.contains("(links in the footer)"),
        "{err}"
    );
    assert!(!err.contains("on the white page"), "{err}");
}
