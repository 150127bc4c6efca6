//! `sections` (every section, for navigation) is documented as a variable
//! every template gets. The build only builds the list for templates that
//! read it (listing every section on every page would make the build
//! sections × sections), so a theme whose shared layout reads it must
//! still get it on every page.

use std::fs;

use crate::support::site::{project_root, real_guide, try_build_with};
use firstdays::content::Guide;

#[test]
fn a_theme_layout_that_lists_the_sections_gets_them_on_every_page() {
    let theme = tempfile::tempdir().unwrap();
    fs::create_dir_all(theme.path().join("templates")).unwrap();
    let base =
        fs::read_to_string(project_root().join("themes/default/templates/base.html")).unwrap();
    // On the print page `sections` is the whole text instead (docs/themes.md).
    let nav = r#"{% if page.kind != "print" %}<nav class="every-section">{% for s in sections %}<a href="{{ root }}{{ s.url }}"{% if s.current %} aria-current="page"{% endif %}>{{ s.title }}</a>{% endfor %}</nav>{% endif %}
{% block main %}"#;
    assert!(base.contains("{% block main %}"));
    fs::write(
        theme.path().join("templates/base.html"),
        base.replacen("{% block main %}", nav, 1),
    )
    .unwrap();
    let site = try_build_with(&real_guide(), |o| {
        o.theme_dirs.insert(0, theme.path().to_path_buf())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let guide = Guide::load(&real_guide()).unwrap();
    let first = &guide.sections[0];
    for page in [
        "index.html",
        "glossary.html",
        "checklist.html",
        "search.html",
        &first.url(),
    ] {
        let html = site.read(page);
        let nav = html
            .split_once(r#"<nav class="every-section">"#)
            .and_then(|(_, rest)| rest.split_once("</nav>"))
            .map(|(nav, _)| nav)
            .unwrap_or_else(|| panic!("{page} has no list of sections"));
        assert_eq!(
            nav.matches("<a ").count(),
            guide.sections.len(),
            "{page}: {nav}"
        );
        for s in &guide.sections {
            assert!(
                nav.contains(&format!(r#"href="{}""#, s.url())),
                "{page} lacks {}",
                s.url()
            );
        }
        assert_eq!(
            nav.contains("aria-current"),
            page == first.url(),
            "{page}: `current` marks the section's own page only"
        );
    }
}
