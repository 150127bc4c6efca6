//! A council folder is untrusted: each way found to put script or markup
//! into a council's copy (issue #7, rows 1-5, 12, 15, 16) is refused with a
//! clear error or comes out as text, and the final check refuses whatever
//! a council's own templates or files try.

use std::fs;

use super::errors::{CONFIG, Case, assert_has};

const XSS: &str = "<img src=x onerror=alert(1)>";

fn config(extra: &str) -> String {
    format!("{CONFIG}{extra}")
}

#[test]
fn a_role_title_with_markup_is_refused_at_its_line() {
    let case = Case::new(&[("council.yaml", &config(&format!("role_title: '{XSS}'\n")))]);
    assert_has(
        &case.error(),
        &[
            "councils/testshire/council.yaml:4: ",
            "`role_title` contains `<`",
            "a role title is plain words",
        ],
    );
}

#[test]
fn a_term_replacement_with_markup_is_refused() {
    let case = Case::new(&[(
        "council.yaml",
        &config(&format!(
            "terms:\n  - from: Troubled Families\n    to: '{XSS}'\n"
        )),
    )]);
    assert_has(
        &case.error(),
        &["council.yaml:6: ", "`terms` contains `<`", "plain words"],
    );
}

#[test]
fn an_empty_role_title_is_refused() {
    for value in ["''", "'   '"] {
        let case = Case::new(&[("council.yaml", &config(&format!("role_title: {value}\n")))]);
        assert_has(
            &case.error(),
            &["council.yaml:4: ", "`role_title` is empty", "hint:"],
        );
    }
}

#[test]
fn heading_attributes_other_than_an_id_are_dropped() {
    let case = Case::new(&[(
        "sections/local.md",
        "---\ntitle: Local\nsummary: Ours.\nafter: getting-organised\n---\n## Leadership {tabindex=0 autofocus=autofocus onfocus=alert(1) .x style=color:red}\n\nText.\n\n## Kept {#our-id}\n",
    )]);
    let (_dir, out) = case.build();
    let page = fs::read_to_string(out.join("local.html")).unwrap();
    assert!(page.contains("<h2 id=\"leadership\">"), "{page}");
    assert!(page.contains("<h2 id=\"our-id\">"), "{page}");
    for bad in ["onfocus", "autofocus", "tabindex=\"0\"", "style="] {
        assert!(!page.contains(bad), "{bad} in the page");
    }
}

#[test]
fn a_patch_title_with_markup_is_refused() {
    let case = Case::new(&[(
        "patches/meetings.md",
        &format!(
            "---\ntarget: getting-organised#get-important-meetings-in-your-diary\naction: insert_after\ntitle: '{XSS}Meetings'\n---\nText.\n"
        ),
    )]);
    assert_has(
        &case.error(),
        &[
            "councils/testshire/patches/meetings.md:4: ",
            "`title` contains `<`",
        ],
    );
}

#[test]
fn a_patch_title_with_markdown_stays_text() {
    let case = Case::new(&[(
        "patches/meetings.md",
        "---\ntarget: getting-organised#get-important-meetings-in-your-diary\naction: insert_after\ntitle: 'Meetings [x](javascript:alert(1)) &lt;b&gt; {onclick=x}'\n---\nText.\n",
    )]);
    let (_dir, out) = case.build();
    let page = fs::read_to_string(out.join("getting-organised.html")).unwrap();
    assert!(
        page.contains("Meetings [x](javascript:alert(1)) &amp;lt;b&amp;gt; {onclick=x}"),
        "{page}"
    );
}

#[test]
fn a_logo_with_a_prefixed_svg_script_is_refused_where_it_is() {
    let case = Case::new(&[
        ("council.yaml", &config("logo: logo.svg\n")),
        (
            "logo.svg",
            "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\">\n  <svg:script>alert(1)</svg:script>\n</svg:svg>\n",
        ),
    ]);
    assert_has(
        &case.error(),
        &[
            "councils/testshire/logo.svg:2:3: ",
            "logo refused: element `<script>` is not allowed",
            "plain SVG",
        ],
    );
}

#[test]
fn a_logo_with_an_event_handler_in_another_namespace_prefix_is_refused() {
    let case = Case::new(&[
        ("council.yaml", &config("logo: logo.svg\n")),
        (
            "logo.svg",
            "<s:svg xmlns:s=\"http://www.w3.org/2000/svg\" xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:img src=\"x\" onerror=\"alert(1)\"/></s:svg>",
        ),
    ]);
    assert_has(&case.error(), &["logo.svg:1:", "namespace"]);
}

#[test]
fn a_javascript_website_is_refused() {
    for url in [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "//evil.example",
    ] {
        let case = Case::new(&[(
            "council.yaml",
            &config(&format!("contact:\n  name: Us\n  website: '{url}'\n")),
        )]);
        assert_has(
            &case.error(),
            &[
                "council.yaml:6: ",
                "`website`",
                "https://www.example.gov.uk",
            ],
        );
    }
}

#[test]
fn a_bad_email_is_refused() {
    let case = Case::new(&[(
        "council.yaml",
        &config("contact:\n  name: Us\n  email: 'x@y.org?body=<script>'\n"),
    )]);
    assert_has(&case.error(), &["council.yaml:6: ", "not an email address"]);
}

#[test]
fn a_council_name_cannot_close_the_css_comment() {
    let case = Case::new(&[(
        "council.yaml",
        &CONFIG.replace(
            "Testshire Council",
            "'Testshire **// } body { display: none } /*'",
        ),
    )]);
    let (_dir, out) = case.build();
    let css = fs::read_to_string(out.join("static/council/brand.css")).unwrap();
    assert_eq!(css.matches("*/").count(), 1, "{css}");
    assert!(!css.contains("display: none"), "{css}");
}

#[test]
fn a_base_url_with_a_line_break_is_refused() {
    let case = Case::new(&[(
        "council.yaml",
        &CONFIG.replace(
            "base_url: https://www.testshire.example.org/guide/",
            "base_url: \"https://www.testshire.example.org/\\nDisallow: /\"",
        ),
    )]);
    assert_has(
        &case.error(),
        &["council.yaml:3: ", "line breaks or control characters"],
    );
}

#[test]
fn a_heading_cannot_take_an_id_the_template_uses() {
    let case = Case::new(&[(
        "sections/local.md",
        "---\ntitle: Local\nsummary: Ours.\nafter: getting-organised\n---\n## Main content\n\nText.\n\n## Skip {#main-content}\n\n## Contents\n",
    )]);
    let (_dir, out) = case.build();
    let page = fs::read_to_string(out.join("local.html")).unwrap();
    assert_eq!(page.matches("id=\"main-content\"").count(), 1, "{page}");
    assert_has(
        &page,
        &[
            "<h2 id=\"main-content-1\">",
            "<h2 id=\"main-content-2\">",
            "<h2 id=\"contents-1\">",
        ],
    );
}

#[test]
fn a_council_template_with_script_fails_the_final_check() {
    let case = Case::new(&[(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1><p onmouseover=\"alert(1)\">x</p><script>alert(1)</script>{% endblock main %}",
    )]);
    assert_has(
        &case.error(),
        &[
            "404.html:",
            "an event handler `onmouseover`",
            "an inline script",
            "council's `templates/`",
        ],
    );
}

#[test]
fn a_council_template_cannot_drop_the_content_security_policy() {
    let case = Case::new(&[(
        "templates/search.html",
        "<!DOCTYPE html><html><head><title>Search</title></head><body><form action=\"search.html\"></form></body></html>",
    )]);
    assert_has(
        &case.error(),
        &["search.html:1: ", "no Content-Security-Policy"],
    );
}

#[test]
fn a_council_cannot_ship_scripts_or_pages_in_static() {
    let case = Case::new(&[
        ("static/search.js", "alert(1)"),
        ("static/page.html", "<script>alert(1)</script>"),
    ]);
    assert_has(
        &case.error(),
        &[
            "testshire/static/search.js: a council's `static/` folder may not hold scripts or pages",
            "testshire/static/page.html: ",
        ],
    );
}

#[test]
fn a_council_file_name_must_be_a_slug() {
    let case = Case::new(&[(
        "sections/a\"onmouseover=alert(1).md",
        "---\ntitle: Local\nsummary: Ours.\nafter: getting-organised\n---\nText.\n",
    )]);
    assert_has(&case.error(), &["is not a valid slug"]);
}

#[test]
fn a_base_heading_cannot_take_an_id_the_template_uses_either() {
    let guide = crate::support::site::copy_of(&crate::support::site::fixture("mini-guide"));
    let first = guide.path().join("first.md");
    let text = fs::read_to_string(&first).unwrap();
    fs::write(
        &first,
        format!("{text}\n## Main content\n\n## Search results {{#search-results}}\n"),
    )
    .unwrap();
    let built = crate::support::site::build(guide.path());
    let page = built.read("first.html");
    assert_eq!(page.matches("id=\"main-content\"").count(), 1, "{page}");
    assert_has(
        &page,
        &["<h2 id=\"main-content-1\">", "<h2 id=\"search-results-1\">"],
    );
}
