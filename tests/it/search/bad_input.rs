//! Junk queries: never a panic, never an error; no hits or sensible ones.

use crate::support::search::build_site;
use firstdays::search::Searcher;

fn searcher() -> (crate::support::search::Site, Searcher) {
    let site = build_site();
    let searcher = Searcher::open(&site.root).unwrap_or_else(|e| panic!("{e}"));
    (site, searcher)
}

#[test]
fn empty_and_blank_queries_find_nothing() {
    let (_site, searcher) = searcher();
    for query in [
        "",
        " ",
        "\t\n",
        "   \u{a0}  ",
        "-",
        "\"\"",
        "()",
        "*",
        "~",
        "^",
        ":",
    ] {
        assert!(searcher.search(query, 10).is_empty(), "{query:?}");
    }
}

#[test]
fn query_syntax_characters_are_just_separators() {
    let (_site, searcher) = searcher();
    let plain = searcher.search("section 47", 5);
    for query in [
        "\"section 47\"",
        "section:47",
        "(section 47)",
        "section* 47~",
        "section^ -47",
        "+section +47",
    ] {
        assert_eq!(searcher.search(query, 5), plain, "{query:?}");
    }
    assert_eq!(plain[0].url, "glossary.html#section-47");
    for query in ["EHCP:", "-EHCP", "(EHCP)", "EHCP*", "\"EHCP\"~"] {
        assert_eq!(
            searcher.search(query, 1)[0].url,
            "glossary.html#ehcp",
            "{query:?}"
        );
    }
}

#[test]
fn a_ten_kilobyte_query_is_answered() {
    let (_site, searcher) = searcher();
    let words = [
        "fostering",
        "safegaurding",
        "\"",
        "(",
        "adoptoin",
        "zzzzzzzzz",
        "EHCP",
        "~",
        "qwertyuiop",
        "Ofsted:",
    ];
    let mut query = String::new();
    let mut i = 0;
    while query.len() < 10 * 1024 {
        query.push_str(words[i % words.len()]);
        query.push_str(&format!("{i} "));
        i += 1;
    }
    let hits = searcher.search(&query, 10);
    assert!(hits.len() <= 10);

    // One 10 KB token, and 10 KB of distinct short words.
    assert!(searcher.search(&"a".repeat(10 * 1024), 10).is_empty());
    let many: String = (0..2000).map(|n| format!("w{n} ")).collect();
    assert!(many.len() > 10 * 1024);
    let _ = searcher.search(&many, 10);
}

#[test]
fn invalid_utf8_and_odd_unicode_do_not_break_anything() {
    let (_site, searcher) = searcher();
    let lossy =
        String::from_utf8_lossy(&[0xff, 0xfe, b'f', b'o', 0xc3, b's', b't', b'e', b'r', 0x80])
            .into_owned();
    let inputs = [
        lossy,
        "\u{0}\u{1}\u{7f}\u{fffd}".to_string(),
        "😀 fostering 😀".to_string(),
        "ΣΊΣΥΦΟΣ İstanbul ß ǅ".to_string(),
        "\u{301}\u{301}\u{301}".to_string(),
        "\u{202e}gniretsof".to_string(),
        "%2e%2e%2f%00%ff".to_string(),
        "<script>alert(1)</script>".to_string(),
        "x\u{200b}y".to_string(),
        "日本語のテキスト".to_string(),
    ];
    for query in &inputs {
        for hit in searcher.search(query, 10) {
            assert!(
                !hit.snippet.contains("<script"),
                "{query:?}: unescaped snippet {}",
                hit.snippet
            );
        }
    }
    let fostering = searcher.search("😀 fostering 😀", 3);
    assert_eq!(fostering, searcher.search("fostering", 3));
}

#[test]
fn stop_words_alone_still_search() {
    let (_site, searcher) = searcher();
    // Every word is a stop word: they are all kept rather than dropping the query.
    assert!(!searcher.search("who are you", 5).is_empty());
    assert!(!searcher.search("the", 5).is_empty());
}
