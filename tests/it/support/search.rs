//! Shared by the search tests: the built site they query, and the query set.

use std::fs;
use std::path::{Path, PathBuf};

use firstdays::search::{DocKind, SearchDoc, write_index};
use serde::Deserialize;
use tempfile::TempDir;

pub use super::site::project_root as repo;

/// A built site in a temp folder, removed on drop unless the environment
/// variable `FIRSTDAYS_KEEP_SEARCH_SITE` is set (to look at it after a failure).
pub struct Site {
    _tmp: TempDir,
    pub root: PathBuf,
}

impl Drop for Site {
    fn drop(&mut self) {
        if std::env::var_os("FIRSTDAYS_KEEP_SEARCH_SITE").is_some() {
            let kept = std::mem::replace(&mut self._tmp, tempfile::tempdir().expect("temp dir"));
            eprintln!("kept the search test site in {}", kept.keep().display());
        }
    }
}

impl Site {
    pub fn index_dir(&self) -> PathBuf {
        self.root.join("search").join("index")
    }

    pub fn shards_dir(&self) -> PathBuf {
        self.root.join("search").join("shards")
    }

    /// The stored fields of the sharded static index, read back from its
    /// shards: `{"kinds": [...], "docs": [[url, kind, page, title, body], ...]}`
    /// in document order.
    pub fn static_index(&self) -> serde_json::Value {
        let dir = self.shards_dir();
        let manifest = read_shard(&dir, "manifest");
        let docs: Vec<serde_json::Value> = (0..)
            .map(|i| dir.join(format!("d{i}.js")))
            .take_while(|path| path.exists())
            .flat_map(|path| {
                let key = path.file_stem().unwrap().to_string_lossy().into_owned();
                read_shard(&dir, &key).as_array().unwrap().clone()
            })
            .collect();
        assert_eq!(
            docs.len() as u64,
            manifest["n"].as_u64().unwrap(),
            "the document shards hold every document"
        );
        serde_json::json!({"kinds": manifest["kinds"], "docs": docs})
    }
}

/// Every file of a site's sharded static index (`<site>/search/shards/`),
/// in name order, as one text: what the browser can ever read.
pub fn shards_text(site: &Path) -> String {
    let dir = site.join("search").join("shards");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "{} is empty", dir.display());
    paths
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect()
}

/// `search/shards/<key>.js`, parsed: the value it stores in
/// `window.FIRSTDAYS_SEARCH_SHARDS[key]`.
pub fn read_shard(dir: &Path, key: &str) -> serde_json::Value {
    let path = dir.join(format!("{key}.js"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let json = text
        .strip_prefix(&format!(
            "(window.FIRSTDAYS_SEARCH_SHARDS=window.FIRSTDAYS_SEARCH_SHARDS||{{}})[\"{key}\"]="
        ))
        .and_then(|t| t.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("{} stores one shard", path.display()));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{} holds JSON: {e}", path.display()))
}

/// The site every search test runs on: the real guide, built by the real
/// pipeline into a temp folder (which must write `search/index/` and
/// `search/shards/`). `site_from_docs(&fixture_docs())` runs the same
/// checks on the hand-made documents in `tests/fixtures/search/docs.json`.
pub fn build_site() -> Site {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("public");
    let opts = super::site::options(&super::site::real_guide(), &root);
    firstdays::build(&opts).unwrap_or_else(|e| panic!("build: {e}"));
    Site { _tmp: tmp, root }
}

/// Indexes `docs` into `<tmp>/search/index/` and exports `<tmp>/search/shards/`, as `build` does.
pub fn site_from_docs(docs: &[SearchDoc]) -> Site {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("public");
    let index_dir = root.join("search").join("index");
    fs::create_dir_all(index_dir.parent().unwrap()).unwrap();
    write_index(docs, &index_dir).unwrap_or_else(|e| panic!("write_index: {e}"));
    firstdays::search::export_shards(&index_dir, &root.join("search").join("shards"))
        .unwrap_or_else(|e| panic!("export_shards: {e}"));
    Site { _tmp: tmp, root }
}

/// `tests/fixtures/search/docs.json`, or the file named by the environment
/// variable `FIRSTDAYS_SEARCH_DOCS` (to try the query set on other content).
pub fn fixture_docs() -> Vec<SearchDoc> {
    let path = std::env::var_os("FIRSTDAYS_SEARCH_DOCS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("tests/fixtures/search/docs.json"));
    let text = fs::read_to_string(&path).expect("read docs.json");
    let docs: Vec<FixtureDoc> = serde_json::from_str(&text).expect("parse docs.json");
    docs.into_iter().map(FixtureDoc::into_search_doc).collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureDoc {
    url: String,
    title: String,
    kind: String,
    page_title: String,
    body: String,
    keywords: Vec<String>,
}

impl FixtureDoc {
    fn into_search_doc(self) -> SearchDoc {
        let kind = match self.kind.as_str() {
            "section" => DocKind::Section,
            "term" => DocKind::Term,
            "checklist" => DocKind::Checklist,
            "resource" => DocKind::Resource,
            other => panic!("docs.json: unknown kind {other}"),
        };
        SearchDoc {
            url: self.url,
            title: self.title,
            kind,
            page_title: self.page_title,
            body: self.body,
            keywords: self.keywords,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct QueryCase {
    pub query: String,
    pub top: String,
    pub why: String,
}

pub fn query_cases() -> Vec<QueryCase> {
    let path = repo().join("tests/search-queries.yaml");
    let text = fs::read_to_string(&path).expect("read search-queries.yaml");
    serde_yaml::from_str(&text).expect("parse search-queries.yaml")
}

pub fn search_js() -> PathBuf {
    repo().join("themes/default/static/search.js")
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}
