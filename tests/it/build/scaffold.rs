//! `new section`, `new term`, `new council`: the file written builds at
//! once, lands where the build looks for it, and nothing is overwritten.

use std::fs;
use std::process::Command;

use firstdays::scaffold::{new_council, new_section, new_term};

use crate::support::site::{build, copy_of, real_guide, try_build_with};

#[test]
fn a_new_section_comes_after_the_last_one_and_the_guide_still_builds() {
    let guide = copy_of(&real_guide());
    let written = new_section(guide.path(), "Working with schools").unwrap();
    assert_eq!(written, guide.path().join("working-with-schools.md"));
    let text = fs::read_to_string(&written).unwrap();
    assert!(text.contains("title: \"Working with schools\"\n"), "{text}");
    let last = firstdays::content::Guide::load(&real_guide())
        .unwrap()
        .sections
        .iter()
        .map(|s| s.meta.order)
        .max()
        .unwrap();
    assert!(text.contains(&format!("order: {}\n", last + 1)), "{text}");
    let site = build(guide.path());
    let contents = site.read("index.html");
    assert!(
        contents.contains("working-with-schools.html"),
        "on the contents page"
    );
    assert!(
        site.read("working-with-schools.html")
            .contains("Working with schools")
    );
}

#[test]
fn a_new_term_and_a_new_council_build_with_the_guide() {
    let guide = copy_of(&real_guide());
    let term = new_term(guide.path(), "Early help assessment").unwrap();
    assert_eq!(term, guide.path().join("glossary/early-help-assessment.md"));
    let council = new_council(guide.path(), "newtown").unwrap();
    assert_eq!(council, guide.path().join("councils/newtown/council.yaml"));
    let site = build(guide.path());
    assert!(
        site.read("glossary.html")
            .contains("id=\"early-help-assessment\"")
    );
    let copy = try_build_with(guide.path(), |o| {
        o.council = Some(guide.path().join("councils/newtown"))
    })
    .unwrap_or_else(|e| panic!("the new council builds:\n{e}"));
    assert!(copy.read("index.html").contains("Newtown Council"));
}

#[test]
fn a_title_with_quotes_and_colons_is_written_as_one_yaml_string() {
    let guide = copy_of(&real_guide());
    let title = r#"Schools: the "academy" question \ trusts"#;
    let written = new_section(guide.path(), title).unwrap();
    assert!(written.ends_with("schools-the-academy-question-trusts.md"));
    let site = build(guide.path());
    let page = site.read("schools-the-academy-question-trusts.html");
    assert!(
        page.contains("Schools: the &quot;academy&quot; question \\ trusts"),
        "{page}"
    );
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let guide = copy_of(&real_guide());
    let people = guide.path().join("people.md");
    let before = fs::read(&people).unwrap();
    let err = new_section(guide.path(), "People").unwrap_err().to_string();
    assert!(
        err.contains("people.md: already exists; nothing was written"),
        "{err}"
    );
    assert_eq!(fs::read(&people).unwrap(), before);

    let ehcp = guide.path().join("glossary/ehcp.md");
    let before = fs::read(&ehcp).unwrap();
    let err = new_term(guide.path(), "EHCP").unwrap_err().to_string();
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(fs::read(&ehcp).unwrap(), before);

    let yaml = guide.path().join("councils/northshire/council.yaml");
    let before = fs::read(&yaml).unwrap();
    let err = new_council(guide.path(), "northshire")
        .unwrap_err()
        .to_string();
    assert!(err.contains("councils/northshire: already exists"), "{err}");
    assert_eq!(fs::read(&yaml).unwrap(), before);
}

#[test]
fn bad_titles_and_slugs_are_refused_with_a_hint_and_write_nothing() {
    let guide = copy_of(&real_guide());
    let listing = || {
        let mut names: Vec<_> = walkdir::WalkDir::new(guide.path())
            .into_iter()
            .map(|e| e.unwrap().path().to_path_buf())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    for (title, expected) in [
        ("", "the section title is empty"),
        ("   ", "the section title is empty"),
        ("Two\nlines", "must be one line"),
        ("!!!", "has no letters or digits"),
        (
            "Search",
            "makes the page name `search`, which the site already uses",
        ),
        ("Café society", "not a safe page name"),
    ] {
        let err = new_section(guide.path(), title).unwrap_err().to_string();
        assert!(err.contains(expected), "{title:?}: {err}");
        assert!(err.contains("hint:"), "{title:?}: {err}");
    }
    let err = new_term(guide.path(), "").unwrap_err().to_string();
    assert!(err.contains("the glossary term is empty"), "{err}");
    for slug in ["Newtown", "new town", "../x", "static", "-x"] {
        let err = new_council(guide.path(), slug).unwrap_err().to_string();
        assert!(
            err.contains("cannot be a council's folder name"),
            "{slug:?}: {err}"
        );
    }
    assert_eq!(listing(), before, "nothing was written");
}

#[test]
fn the_command_says_where_the_file_went_and_fails_on_a_second_try() {
    let guide = copy_of(&real_guide());
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_firstdays"))
            .args(["new", "term", "Early help", "--guide"])
            .arg(guide.path())
            .output()
            .unwrap()
    };
    let first = run();
    assert!(first.status.success());
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        said.contains("wrote ") && said.contains("glossary/early-help.md"),
        "{said}"
    );
    let second = run();
    assert_eq!(second.status.code(), Some(1));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("already exists"), "{err}");
}
