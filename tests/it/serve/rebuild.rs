//! Issue #7 row 13: `serve --site DIR` while DIR is rebuilt. The write stage
//! renames a new folder into place; the server must serve the new pages and
//! answer searches from the new index, with no restart and no failed
//! request while the site is swapped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::support::serve::{get, start};
use crate::support::site::{copy_of, options, real_guide};
use firstdays::serve::LiveIndex;

const NEW_WORD: &str = "zyzzyva";

#[test]
fn a_rebuilt_site_is_served_with_its_new_search_index_without_a_restart() {
    let guide = copy_of(&real_guide());
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    firstdays::build(&options(guide.path(), &out)).expect("first build");

    let server = start(
        &out,
        Arc::new(LiveIndex::open(&out).expect("open the index")),
    );
    let search = |q: &str| get(server.addr, &format!("/api/search?q={q}")).json();
    assert_eq!(search(NEW_WORD)["results"].as_array().unwrap().len(), 0);
    assert!(!get(server.addr, "/people.html").text().contains(NEW_WORD));

    // Requests all through the rebuild: pages, the 404 page and searches.
    let stop = Arc::new(AtomicBool::new(false));
    let addr = server.addr;
    let load = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut failures = Vec::new();
            let mut served = 0;
            while !stop.load(Ordering::Relaxed) {
                for (target, want) in [
                    ("/people.html", 200),
                    ("/", 200),
                    ("/static/search.js", 200),
                    ("/no-such-page.html", 404),
                    ("/api/search?q=children", 200),
                    ("/search?q=ehcp", 200),
                ] {
                    let reply = get(addr, target);
                    served += 1;
                    let ok =
                        reply.status == want && (want != 404 || reply.text().contains("<html"));
                    if !ok {
                        failures.push(format!("{target}: {}", reply.status));
                    }
                }
            }
            (served, failures)
        })
    };

    let people = guide.path().join("people.md");
    let text = std::fs::read_to_string(&people).unwrap();
    std::fs::write(
        &people,
        format!("{text}\nA {NEW_WORD} is the last word in some dictionaries.\n"),
    )
    .unwrap();
    firstdays::build(&options(guide.path(), &out)).expect("rebuild");

    let json = search(NEW_WORD);
    stop.store(true, Ordering::Relaxed);
    let (served, failures) = load.join().unwrap();
    let results = json["results"].as_array().unwrap();
    assert!(
        !results.is_empty(),
        "search still answers from the old index: {json}"
    );
    assert!(
        results[0]["url"]
            .as_str()
            .unwrap()
            .starts_with("people.html"),
        "{json}"
    );
    assert!(get(server.addr, "/people.html").text().contains(NEW_WORD));
    assert!(served > 0);
    assert!(
        failures.is_empty(),
        "{} of {served} requests failed during the rebuild: {failures:?}",
        failures.len()
    );
}
