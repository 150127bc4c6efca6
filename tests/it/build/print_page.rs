//! The print page holds every section's HTML. With the built-in templates
//! the build puts that HTML in after the template has run, rather than
//! passing it through the template (75 MB at 10,000 sections); a theme
//! with its own templates gets it passed as before. Both give the same page.

use std::fs;

use crate::support::site::{project_root, real_guide, try_build_with};

/// A theme whose `templates/<name>` is the built-in one with `edit` made.
fn theme_with(name: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let theme = tempfile::tempdir().unwrap();
    fs::create_dir_all(theme.path().join("templates")).unwrap();
    let built_in =
        fs::read_to_string(project_root().join("themes/default/templates").join(name)).unwrap();
    let edited = edit(built_in.clone());
    assert_ne!(edited, built_in);
    fs::write(theme.path().join("templates").join(name), edited).unwrap();
    theme
}

#[test]
fn the_print_page_is_the_same_whether_its_sections_are_spliced_in_or_passed_to_the_template() {
    let spliced = try_build_with(&real_guide(), |_| {}).unwrap_or_else(|e| panic!("{e}"));
    // A comment writes nothing, but the template is no longer the built-in one.
    let theme = theme_with("print.html", |t| format!("{{# a council's copy #}}{t}"));
    let passed = try_build_with(&real_guide(), |o| {
        o.theme_dirs.insert(0, theme.path().to_path_buf())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let page = spliced.read("print.html");
    assert_eq!(page, passed.read("print.html"));
    assert!(page.contains(r#"id="section-people""#), "{page}");
    assert!(!page.contains('\u{1}'));
}

#[test]
fn a_theme_that_escapes_the_sections_html_on_the_print_page_gets_it_escaped() {
    let theme = theme_with("print.html", |t| {
        t.replacen("{{ s.html | safe }}", "{{ s.html }}", 1)
    });
    let site = try_build_with(&real_guide(), |o| {
        o.theme_dirs.insert(0, theme.path().to_path_buf())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let page = site.read("print.html");
    // Each section's rewritten HTML, shown as text: its headings one level down.
    let at = page.find("&lt;h3 id=").unwrap_or_else(|| panic!("{page}"));
    assert!(
        page[at..].contains("getting-organised--"),
        "{}",
        &page[at..]
    );
    assert!(!page.contains('\u{1}') && !page.contains("print-section-"));
}

#[test]
fn a_theme_that_reads_the_sections_html_on_the_print_page_reads_the_html() {
    // A filter over the HTML sees the HTML, not a stand-in for it.
    let theme = theme_with("print.html", |t| {
        t.replacen(
            "{{ s.html | safe }}",
            "{{ s.html | safe }}<p class=\"size\">{{ s.html | length }}</p>",
            1,
        )
    });
    let site = try_build_with(&real_guide(), |o| {
        o.theme_dirs.insert(0, theme.path().to_path_buf())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let page = site.read("print.html");
    let sizes: Vec<usize> = page
        .match_indices("<p class=\"size\">")
        .map(|(at, m)| {
            let rest = &page[at + m.len()..];
            rest[..rest.find('<').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(sizes.len() > 5, "{sizes:?}");
    assert!(sizes.iter().all(|&n| n > 200), "{sizes:?}");
}
