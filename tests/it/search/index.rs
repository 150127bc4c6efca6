//! The index on disk: one segment, readable by a web server, opened
//! read-only without locks, and a clear error when missing or damaged.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::search::{build_site, fixture_docs, site_from_docs};
use firstdays::search::{DocKind, SearchDoc, Searcher, export_shards, write_index};
use walkdir::WalkDir;

fn listing(dir: &Path) -> BTreeSet<String> {
    WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().path().display().to_string())
        .collect()
}

fn set_mode_recursively(dir: &Path, dir_mode: u32, file_mode: u32) {
    // Files first, then folders from the deepest up, so a 0555 folder is not
    // left unreadable half-way.
    let entries: Vec<_> = WalkDir::new(dir)
        .contents_first(true)
        .into_iter()
        .map(|e| e.unwrap())
        .collect();
    for entry in entries {
        let mode = if entry.file_type().is_dir() {
            dir_mode
        } else {
            file_mode
        };
        fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[test]
fn every_file_is_world_readable_and_there_is_one_segment() {
    let site = build_site();
    let index_dir = site.index_dir();
    for entry in WalkDir::new(&index_dir) {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        let expected = if entry.file_type().is_dir() {
            0o755
        } else {
            0o644
        };
        assert_eq!(
            mode,
            expected,
            "{} has mode {mode:o}",
            entry.path().display()
        );
        let name = entry.file_name().to_string_lossy();
        assert!(!name.ends_with(".lock"), "lock file left behind: {name}");
    }
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(index_dir.join("meta.json")).unwrap()).unwrap();
    assert_eq!(meta["segments"].as_array().unwrap().len(), 1, "{meta}");
}

#[test]
fn writing_into_an_existing_folder_fails_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let err = write_index(&fixture_docs(), tmp.path())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&tmp.path().display().to_string()) && err.contains("already exists"),
        "{err}"
    );
}

#[test]
fn the_sharded_export_is_deterministic_and_a_query_needs_few_shards() {
    let read_all = |site: &crate::support::search::Site| {
        let mut files: Vec<(String, String)> = fs::read_dir(site.shards_dir())
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                (
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read_to_string(&path).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let a = read_all(&site_from_docs(&fixture_docs()));
    let b = read_all(&site_from_docs(&fixture_docs()));
    assert!(a == b, "two exports of the same docs differ");
    let names: Vec<&str> = a.iter().map(|(name, _)| name.as_str()).collect();
    assert!(names.contains(&"manifest.js"), "{names:?}");
    for (name, text) in &a {
        let key = name.strip_suffix(".js").unwrap();
        assert!(
            text.starts_with(&format!(
                "(window.FIRSTDAYS_SEARCH_SHARDS=window.FIRSTDAYS_SEARCH_SHARDS||{{}})[\"{key}\"]="
            )),
            "{name}"
        );
    }
    // The manifest is a small part of the whole.
    let total: usize = a.iter().map(|(_, t)| t.len()).sum();
    let manifest = a.iter().find(|(n, _)| n == "manifest.js").unwrap().1.len();
    assert!(
        manifest * 10 < total,
        "manifest {manifest} of {total} bytes"
    );
}

#[test]
fn an_empty_guide_gives_an_index_that_finds_nothing() {
    let site = site_from_docs(&[]);
    let searcher = Searcher::open(&site.root).unwrap();
    assert!(searcher.search("fostering", 10).is_empty());
}

#[test]
fn opens_and_searches_a_read_only_site_without_writing_anything() {
    let site = build_site();
    let before = listing(&site.root);
    set_mode_recursively(&site.root, 0o555, 0o444);

    let exported = tempfile::tempdir().unwrap();
    let result = std::panic::catch_unwind(|| {
        let searcher = Searcher::open(&site.root).unwrap_or_else(|e| panic!("{e}"));
        let hits = searcher.search("fostering", 5);
        assert!(!hits.is_empty());
        // A second searcher at the same time: no lock to contend for.
        let second = Searcher::open(&site.root).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(second.search("fostering", 5), hits);
        export_shards(&site.index_dir(), exported.path()).unwrap_or_else(|e| panic!("{e}"));
        fs::read_dir(exported.path()).unwrap().count()
    });
    let after = listing(&site.root);
    set_mode_recursively(&site.root, 0o755, 0o644);

    let shard_files = result.expect("searching a read-only site");
    assert!(shard_files > 0);
    assert_eq!(before, after, "opening the index created or removed files");
}

#[test]
fn tantivys_own_reader_would_have_written_a_lock_file() {
    // Why the read-only directory wrapper exists: the stock reader creates
    // `.tantivy-meta.lock` in the index folder.
    let site = build_site();
    let index = tantivy::Index::open_in_dir(site.index_dir()).unwrap();
    let _reader = index.reader().unwrap();
    assert!(site.index_dir().join(".tantivy-meta.lock").exists());
}

fn assert_clear_error(site: &Path, what: &str) {
    let err = match Searcher::open(site) {
        Ok(_) => panic!("{what}: opened without error"),
        Err(e) => e.to_string(),
    };
    let index_dir = site.join("search").join("index");
    assert!(
        err.contains(&index_dir.display().to_string()),
        "{what}: the error does not name the index: {err}"
    );
    assert!(err.contains("cargo run -- build"), "{what}: no hint: {err}");
}

#[test]
fn a_missing_index_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    assert_clear_error(tmp.path(), "no search folder");
    fs::create_dir_all(tmp.path().join("search/index")).unwrap();
    assert_clear_error(tmp.path(), "empty index folder");
}

/// Each way of damaging the index, applied to a fresh copy.
#[test]
fn a_damaged_index_is_a_clear_error_at_open() {
    type Damage = fn(&Path);
    let damages: &[(&str, Damage)] = &[
        ("meta.json is not JSON", |dir| {
            fs::write(dir.join("meta.json"), "{not json").unwrap()
        }),
        ("meta.json is empty", |dir| {
            fs::write(dir.join("meta.json"), "").unwrap()
        }),
        ("a segment file is missing", |dir| {
            fs::remove_file(segment_file(dir, "store")).unwrap()
        }),
        ("a segment file is truncated", |dir| {
            let path = segment_file(dir, "idx");
            let bytes = fs::read(&path).unwrap();
            fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("a segment file has a flipped byte", |dir| {
            let path = segment_file(dir, "store");
            let mut bytes = fs::read(&path).unwrap();
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x5a;
            fs::write(&path, &bytes).unwrap();
        }),
        ("a segment file is empty", |dir| {
            fs::write(segment_file(dir, "term"), b"").unwrap()
        }),
        (".managed.json is garbage", |dir| {
            fs::write(dir.join(".managed.json"), "garbage").unwrap()
        }),
    ];
    for (what, damage) in damages {
        let site = build_site();
        damage(&site.index_dir());
        assert_clear_error(&site.root, what);
    }
}

fn segment_file(dir: &Path, extension: &str) -> std::path::PathBuf {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == extension))
        .unwrap_or_else(|| panic!("no .{extension} file in {}", dir.display()))
}

#[test]
fn searcher_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Searcher>();
}

/// Set in the child process of the next test: the site it must search.
const OTHER_USER_SITE: &str = "FIRSTDAYS_TEST_SITE_OWNED_BY_ANOTHER_USER";

#[test]
fn opens_a_site_owned_by_another_user() {
    if let Some(site) = std::env::var_os(OTHER_USER_SITE) {
        // The child, running as `nobody`: the site belongs to root.
        let site = Path::new(&site);
        let searcher = Searcher::open(site).unwrap_or_else(|e| panic!("{e}"));
        assert!(!searcher.search("fostering", 5).is_empty());
        let stock = tantivy::Index::open_in_dir(site.join("search/index")).and_then(|i| i.reader());
        assert!(
            stock.is_err(),
            "tantivy's own reader opened a site it cannot lock"
        );
        return;
    }
    // Only root can run a process as another user; as any other user the
    // read-only test above already searches a folder it cannot write.
    if !is_root() || !Path::new("/usr/bin/setpriv").exists() {
        eprintln!("skipped: needs root and setpriv");
        return;
    }
    let site = build_site();
    for dir in site.root.ancestors().take(2) {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let child = std::process::Command::new("/usr/bin/setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "opens_a_site_owned_by_another_user",
            "--test-threads=1",
        ])
        .env(OTHER_USER_SITE, &site.root)
        .output()
        .expect("run the test as nobody");
    assert!(
        child.status.success(),
        "searching as another user failed:\n{}{}",
        String::from_utf8_lossy(&child.stdout),
        String::from_utf8_lossy(&child.stderr)
    );
}

fn is_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

#[test]
fn a_word_only_a_terms_alias_holds_is_in_the_vocabulary_and_forgives_a_typo() {
    // The vocabulary is `exact`'s words plus the keywords' words, which
    // `exact` leaves out: "Kinsmanship" is in no title and no body.
    let mut docs = fixture_docs();
    docs.push(SearchDoc {
        url: "glossary.html#family-and-friends-care".into(),
        title: "Family and friends care".into(),
        kind: DocKind::Term,
        page_title: "Glossary".into(),
        body: "A child looked after by a relative or friend.".into(),
        keywords: vec!["Kinsmanship care".into()],
    });
    let site = site_from_docs(&docs);
    let searcher = Searcher::open(&site.root).unwrap();
    assert!(searcher.vocabulary().iter().any(|w| w == "kinsmanship"));
    let hits = searcher.search("kinsmanshp", 3);
    assert_eq!(
        hits.first().map(|h| h.url.as_str()),
        Some("glossary.html#family-and-friends-care"),
        "{hits:?}"
    );
    // The browser's vocabulary shard for 11-letter words holds it too.
    let manifest = crate::support::search::read_shard(&site.shards_dir(), "manifest");
    let shard = manifest["vocab"]
        .as_array()
        .unwrap()
        .iter()
        .position(|lengths| lengths[0].as_u64() <= Some(11) && Some(11) <= lengths[1].as_u64())
        .expect("a vocabulary shard holds 11-letter words");
    let words = crate::support::search::read_shard(&site.shards_dir(), &format!("v{shard}"));
    assert!(
        words.as_array().unwrap().iter().any(|w| w == "kinsmanship"),
        "{words}"
    );
}
