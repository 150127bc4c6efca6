//! The browser runtime, run under node: its stemmer against tantivy's on the
//! whole vocabulary, and the query set against the native Searcher (same
//! first result, same top 5, same snippets). See tests/js/search.test.js.

use std::process::Command;

use crate::support::search::{build_site, path_str, query_cases, repo, search_js};
use firstdays::search::{Searcher, name_key, stem};
use serde_json::json;

/// Words the Snowball English stemmer treats specially, on top of the guide's vocabulary.
const TRICKY_WORDS: &[&str] = &[
    "a",
    "is",
    "as",
    "us",
    "ys",
    "sky",
    "skies",
    "skis",
    "dying",
    "lying",
    "tying",
    "news",
    "andes",
    "atlas",
    "bias",
    "cosmos",
    "early",
    "gently",
    "howe",
    "idly",
    "only",
    "singly",
    "ugly",
    "generate",
    "generous",
    "generously",
    "general",
    "communism",
    "community",
    "commune",
    "emergency",
    "emerging",
    "arsenal",
    "arsenic",
    "organ",
    "organise",
    "organisational",
    "organization",
    "university",
    "universe",
    "past",
    "pasting",
    "later",
    "interest",
    "internal",
    "succeed",
    "succeeded",
    "proceed",
    "proceeding",
    "exceed",
    "exceedingly",
    "agreed",
    "feed",
    "bleed",
    "innings",
    "outing",
    "canning",
    "herring",
    "earring",
    "evening",
    "hoping",
    "hopping",
    "filing",
    "filling",
    "fizzed",
    "failing",
    "luxuriated",
    "conditional",
    "rational",
    "valenci",
    "hesitanci",
    "digitizer",
    "conformabli",
    "radicalli",
    "differentli",
    "vileli",
    "analogousli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "callousness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "triplicate",
    "formative",
    "formalize",
    "electriciti",
    "electrical",
    "hopeful",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologou",
    "communism",
    "activate",
    "angulariti",
    "homologous",
    "effective",
    "bowdlerize",
    "probate",
    "rate",
    "cease",
    "controll",
    "roll",
    "caresses",
    "ponies",
    "ties",
    "cats",
    "gaps",
    "gas",
    "this",
    "kiwis",
    "ied",
    "cried",
    "died",
    "bled",
    "bleed",
    "plastered",
    "motoring",
    "sing",
    "conflated",
    "troubled",
    "sized",
    "hopping",
    "tanned",
    "falling",
    "hissing",
    "fizzing",
    "failing",
    "filing",
    "happy",
    "sky",
    "yes",
    "yellow",
    "says",
    "sayings",
    "toy",
    "toys",
    "player",
    "enjoyed",
    "ogist",
    "ecologist",
    "logist",
    "biologist",
    "fearlessli",
    "fearlessly",
    "consignment",
    "apology",
    "apologies",
    "y",
    "yy",
    "aye",
    "eye",
    "ay",
    "children",
    "children’s",
    "café",
    "naïve",
    "façade",
    "straße",
    "日本",
    "ΣΊΣΥΦΟΣ",
    "x²",
    "ⅻ",
    "47",
    "18",
    "2004",
];

const BAD_QUERIES: &[&str] = &[
    "",
    "   ",
    "\" : ( ) * ~ ^ -",
    "\"section 47\"",
    "title:EHCP",
    "(fostering OR adoption) AND -care",
    "foster* ~2 ^3",
    "%2e%2e%2f%00",
    "\u{0}\u{1}\u{7f}",
    "<script>alert(1)</script>",
    "😀😀😀",
    "ÆØÅ ñ ß",
    "\u{fffd}\u{fffd}",
];

#[test]
fn browser_runtime_agrees_with_the_native_searcher() {
    let site = build_site();
    let searcher = Searcher::open(&site.root).unwrap_or_else(|e| panic!("{e}"));

    let hit_json = |query: &str| -> Vec<serde_json::Value> {
        searcher
            .search(query, 10)
            .into_iter()
            .map(|h| json!({ "url": h.url, "score": h.score, "snippet": h.snippet }))
            .collect()
    };
    let cases: Vec<serde_json::Value> = query_cases()
        .into_iter()
        .map(|c| json!({ "query": c.query, "top": c.top, "why": c.why, "native": hit_json(&c.query) }))
        .collect();

    let vocabulary = searcher.vocabulary();
    let mut words: Vec<&str> = vocabulary.iter().map(String::as_str).collect();
    words.extend(TRICKY_WORDS);
    let stems: Vec<(String, String)> = words.iter().map(|w| (w.to_string(), stem(w))).collect();
    assert!(
        stems.len() > 1000,
        "the vocabulary has only {} words",
        stems.len()
    );

    let mut name_texts: Vec<String> = TRICKY_WORDS
        .iter()
        .map(|w| format!("What is {w}?"))
        .collect();
    name_texts.extend(
        [
            "Education, Health and Care Plan",
            "Children’s home",
            "who are we",
            "IT'S 40 CHARACTERS: abcdefghijklmnopqrstuvwxyzabcdefghijklmn xyz",
            "ΣΊΣΥΦΟΣ İstanbul café naïve",
            "x² ⅻ ٣ ༣ 𝟘𝟙",
            "foo_bar foo-bar foo.bar 3.14",
            "\u{301}accent",
        ]
        .map(String::from),
    );
    let names: Vec<(String, String)> = name_texts
        .iter()
        .map(|t| (t.clone(), name_key(t)))
        .collect();

    let bad: Vec<serde_json::Value> = BAD_QUERIES
        .iter()
        .map(|q| json!({ "query": q, "native": searcher.search(q, 10).into_iter().map(|h| h.url).collect::<Vec<_>>() }))
        .collect();

    let expected = json!({ "cases": cases, "vocabulary": vocabulary, "stems": stems, "names": names, "bad": bad });
    let expected_path = site.root.join("expected.json");
    std::fs::write(&expected_path, serde_json::to_string(&expected).unwrap()).unwrap();

    let output = Command::new("node")
        .arg(repo().join("tests/js/search.test.js"))
        .arg(search_js())
        .arg(site.shards_dir())
        .arg(path_str(&expected_path))
        .output()
        .unwrap_or_else(|e| {
            panic!("could not run `node` ({e}): install Node.js to test the browser runtime")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "the browser runtime disagrees:\n{stdout}\n{stderr}"
    );
}
