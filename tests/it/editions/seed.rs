//! The built 2019 edition held against the 2019 PDF's text (seed
//! `000_54e26fa3b44ec370.txt`): every body paragraph, glossary term and
//! definition, checklist item and resource address is in the built pages.

use std::path::PathBuf;

use super::site;
use crate::support::site::{attr_values, project_root};

/// The 2019 edition's text, copied unchanged from the project's seeds, so
/// this runs on any clean clone.
fn seed_text() -> String {
    let path = project_root().join("tests/fixtures/seeds/2019-edition.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seeds folder, where it sits beside the repository (or two levels up
/// for a git worktree in `wt/<name>/`).
fn seeds_original() -> Option<PathBuf> {
    let root = project_root();
    [
        root.join("../shared/seeds"),
        root.join("../../shared/seeds"),
    ]
    .into_iter()
    .map(|d| d.join("000_54e26fa3b44ec370.txt"))
    .find(|f| f.is_file())
}

#[test]
fn the_fixture_copy_of_the_2019_seed_matches_the_seeds_folder_where_present() {
    if let Some(original) = seeds_original() {
        assert_eq!(
            std::fs::read_to_string(original).unwrap(),
            seed_text(),
            "tests/fixtures/seeds/2019-edition.txt has drifted from the seeds"
        );
    }
}

/// What we compare: straight quotes, no bold markers or footnote marks,
/// single spaces.
fn normalise(text: &str) -> String {
    text.replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace("**", "")
        .replace(['¹', '²', '³'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page's visible text: block tags become spaces, inline tags vanish.
fn page_text(html: &str) -> String {
    let block = regex::Regex::new(
        r"(?i)</?(p|li|ul|ol|h[1-6]|div|dt|dd|dl|section|article|nav|main|header|footer|address|br|td|th|tr|table|blockquote)\b[^>]*>",
    )
    .unwrap();
    let tag = regex::Regex::new(r"<[^>]*>").unwrap();
    let text = tag
        .replace_all(&block.replace_all(html, " "), "")
        .into_owned();
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The seed's body lines: page furniture left out (the contents table,
/// the back cover after the last resource), bullets and ticks stripped.
fn seed_lines(seed: &str) -> Vec<String> {
    let lines: Vec<&str> = seed.lines().collect();
    // The back cover starts at the publisher's name after the last resource.
    let end = lines
        .iter()
        .rposition(|l| l.trim() == "Local Government Association")
        .unwrap_or(lines.len());
    lines[..end]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('|') && *l != "Contents")
        .filter(|l| !l.chars().all(|c| c.is_ascii_digit()))
        .map(|l| {
            let l = l.trim_start_matches(['•', '✓']).trim_start();
            let l = l.strip_prefix("- ").unwrap_or(l);
            let l = l.trim_start_matches('✓').trim_start();
            normalise(l)
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_built_2019_edition_holds_every_paragraph_term_item_and_resource_of_the_2019_pdf() {
    let seed = seed_text();
    let mut text = String::new();
    for page in [
        "print.html",
        "resources.html",
        "checklist.html",
        "glossary.html",
    ] {
        let html = site().read(&format!("editions/2019/{page}"));
        text.push_str(&normalise(&page_text(&html)));
        text.push(' ');
        // Web addresses printed in the PDF are links' targets on the web.
        for href in attr_values(&html, "href") {
            text.push_str(
                href.trim_start_matches("https://")
                    .trim_start_matches("http://"),
            );
            text.push(' ');
        }
    }
    let lines = seed_lines(&seed);
    // The PDF heads some terms "EHCP (Education, Health and Care plan)"; the
    // site heads every term "name (abbreviations)", with all of them
    // ("Looked-after child (LAC, CLA)"): the same term either way.
    let heading = regex::Regex::new(r"^([^()]+) \(([^()]+)\)$").unwrap();
    let present = |line: &str| {
        text.contains(line)
            || heading.captures(line).is_some_and(|c| {
                text.contains(&format!("{} ({})", &c[2], &c[1]))
                    || text.contains(&format!("{} ({}, ", &c[1], &c[2]))
            })
    };
    let missing: Vec<&String> = lines.iter().filter(|l| !present(l)).collect();
    assert!(
        lines.len() > 200,
        "the seed's body was read: {} lines",
        lines.len()
    );
    assert!(
        missing.is_empty(),
        "{} of {} lines of the 2019 PDF are not in the built edition:\n{}",
        missing.len(),
        lines.len(),
        missing
            .iter()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
