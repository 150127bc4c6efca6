//! Edge cases on a small fixture guide.

use crate::support::site::{build, fixture};

#[test]
fn longest_match_whole_words_and_case() {
    let site = build(&fixture("mini-guide"));
    let html = site.read("first.html");
    // "Child sexual exploitation" wins over "child exploitation" and "care".
    assert!(
        html.contains(
            r#"<a class="glossary-term" href="glossary.html#cse">Child sexual exploitation</a>"#
        ),
        "{html}"
    );
    assert!(html.contains(r#"href="glossary.html#ce">child exploitation</a>"#));
    // "care" inside "childcare" is no mention; the later whole word is.
    assert!(html.contains("Good childcare matters, and so does <a class=\"glossary-term\" href=\"glossary.html#care\">care</a>."));
    // A proper name matches with its capitals only; abbreviations too.
    assert!(html.contains(r#"<a class="glossary-term" href="glossary.html#solace">Solace</a> is an organisation; solace is a feeling."#));
    assert!(html.contains("while an ehcp in lower case"));
}

#[test]
fn first_mention_per_sub_section_never_in_headings_links_or_code() {
    let site = build(&fixture("mini-guide"));
    let page = site.read("first.html");
    let html =
        &page[page.find(r#"<div class="prose">"#).unwrap()..page.find("</article>").unwrap()];
    let html = &html[..html.find("<aside").unwrap()];
    // Linked once before the first sub-heading, and again after it.
    assert_eq!(
        html.matches(r#"href="glossary.html#ehcp""#).count(),
        2,
        "{html}"
    );
    assert!(html.contains("<code>EHCP in code</code>"));
    assert!(html.contains(r#"<a href="second.html">EHCP in a link</a>"#));
}

#[test]
fn heading_ids_explicit_wins_and_duplicates_are_unique() {
    let site = build(&fixture("mini-guide"));
    let html = site.read("first.html");
    assert!(html.contains(r#"<h2 id="chosen">"#));
    assert!(html.contains(r#"<h2 id="explicit-id">"#));
    assert!(html.contains(r##"<a class="heading-anchor" href="#chosen">"##));
    let second = site.read("second.html");
    assert!(second.contains(r#"href="first.html#chosen""#));
}

#[test]
fn links_to_guide_files_are_rewritten() {
    let site = build(&fixture("mini-guide"));
    let html = site.read("first.html");
    assert!(html.contains(r#"href="second.html#details""#));
    assert!(html.contains(r#"href="glossary.html#care""#));
    assert!(html.contains(r#"href="checklist.html""#));
}

#[test]
fn code_is_highlighted_with_classes() {
    let site = build(&fixture("mini-guide"));
    let html = site.read("first.html");
    assert!(
        html.contains(r#"<pre class="highlight"><code class="language-rust">"#),
        "{html}"
    );
    assert!(html.contains("hl-"));
    let code = &html[html.find("<pre").unwrap()..html.find("</pre>").unwrap()];
    assert!(!code.contains("style="), "no inline colours");
    assert!(site.read("static/highlight.css").contains(".hl-"));
}

#[test]
fn base_url_override_reaches_the_sitemap() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts =
        crate::support::site::options(&fixture("mini-guide"), &dir.path().join("public"));
    opts.base_url = Some("https://www.example.gov.uk/guide".into());
    firstdays::build(&opts).unwrap();
    let sitemap = std::fs::read_to_string(dir.path().join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://www.example.gov.uk/guide/first.html</loc>"),
        "{sitemap}"
    );
    opts.base_url = Some("not a url".into());
    let err = firstdays::build(&opts).unwrap_err().to_string();
    assert!(err.contains("is not an absolute http(s) address"), "{err}");
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts =
        crate::support::site::options(&fixture("mini-guide"), &dir.path().join("public"));
    opts.check_only = true;
    let summary = firstdays::build(&opts).unwrap();
    assert_eq!(summary.glossary_terms, 5);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
