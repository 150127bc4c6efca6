//! Ranking on word positions and on how many of the query's words match
//! (issue #10's examples, on the real guide).

use crate::support::search::{build_site, site_from_docs};
use firstdays::search::{DocKind, SearchDoc, Searcher};

fn open() -> (crate::support::search::Site, Searcher) {
    let site = build_site();
    let searcher = Searcher::open(&site.root).unwrap_or_else(|e| panic!("{e}"));
    (site, searcher)
}

fn urls(searcher: &Searcher, query: &str, limit: usize) -> Vec<String> {
    searcher
        .search(query, limit)
        .into_iter()
        .map(|h| h.url)
        .collect()
}

#[test]
fn a_phrase_beats_a_one_line_entry_holding_its_words_apart() {
    let (_site, searcher) = open();
    // People says "the Children in Care Council"; the Children's social
    // care resource is one short line with "children" and "care".
    let got = urls(&searcher, "children in care council", 3);
    assert_eq!(
        got.first().map(String::as_str),
        Some("people.html"),
        "{got:?}"
    );
}

#[test]
fn corporate_parent_finds_the_duty_in_legislation() {
    let (_site, searcher) = open();
    // Legislation: "act as a corporate parent for looked after children".
    let got = urls(&searcher, "corporate parent", 3);
    assert_eq!(
        got.first().map(String::as_str),
        Some("legislation.html"),
        "{got:?}"
    );
}

#[test]
fn a_four_word_query_counts_only_results_matching_every_word() {
    let (_site, searcher) = open();
    let hits = searcher.search("children in care council", 50);
    let every = hits.iter().take_while(|h| h.every_word).count();
    assert!(every >= 1, "the People page matches every word");
    assert!(
        every < 10,
        "{every} results match every word of a four-word phrase"
    );
    // Every hit matching all words comes before any matching some.
    assert!(
        hits[every..].iter().all(|h| !h.every_word),
        "hits matching every word are not all first"
    );
    assert!(hits.len() > every, "results matching some words follow");
}

#[test]
fn words_together_rank_above_the_same_words_apart() {
    let doc = |url: &str, body: &str| SearchDoc {
        url: url.to_string(),
        title: "Notes".to_string(),
        kind: DocKind::Section,
        page_title: "Notes".to_string(),
        body: body.to_string(),
        keywords: vec![],
    };
    // Two passages of about the same length (the shorter one a little
    // shorter, which plain BM25 prefers): one has the words far apart, the
    // other near each other, though not as a phrase.
    let docs = vec![
        doc(
            "apart.html",
            "Panels review every placement twice a year, in the spring and the autumn. Each member brings notes on budget pressures, on schools, on inspections and then on any training.",
        ),
        doc(
            "together.html",
            "The council offers training for each placement to every new councillor in the first month, with sessions on safeguarding, on the budget, on schools and on how inspections work in practice.",
        ),
    ];
    // Other passages, so that the two words are rare, as in a real guide.
    let docs: Vec<SearchDoc> = docs
        .into_iter()
        .chain((0..20).map(|i| doc(&format!("other-{i}.html"), "Nothing here about schools.")))
        .collect();
    let site = site_from_docs(&docs);
    let searcher = Searcher::open(&site.root).unwrap();
    let got: Vec<String> = searcher
        .search("placement training", 2)
        .into_iter()
        .map(|h| h.url)
        .collect();
    assert_eq!(got, ["together.html", "apart.html"]);
}

#[test]
fn typos_are_still_forgiven_inside_a_phrase() {
    let (_site, searcher) = open();
    let hits = searcher.search("childrn in care councel", 3);
    assert_eq!(
        hits.first().map(|h| h.url.as_str()),
        Some("people.html"),
        "{hits:?}"
    );
    assert!(hits[0].every_word);
}

#[test]
fn highlighting_marks_the_typed_word_and_its_inflections_only() {
    let (_site, searcher) = open();
    // Introduction: "it requires careful working with partners"; "careful"
    // shares the stem of "care" but is another word.
    let hits = searcher.search("care working partners", 50);
    let snippets: Vec<String> = hits.iter().map(|h| h.snippet.to_lowercase()).collect();
    assert!(
        snippets.iter().any(|s| s.contains("<mark>care</mark>")),
        "{snippets:#?}"
    );
    let intro = hits
        .iter()
        .find(|h| h.url == "introduction.html")
        .expect("the introduction is found");
    assert!(
        intro.snippet.contains("careful <mark>working</mark>"),
        "{}",
        intro.snippet
    );
}
