//! Shared by the search tests: the built site they query, and the query set.

use std::fs;
use std::path::{Path, PathBuf};

use firstdays::search::{DocKind, SearchDoc, export_static, write_index};
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

    pub fn index_js_path(&self) -> PathBuf {
        self.root.join("search").join("index.js")
    }

    /// The exported static index, parsed.
    pub fn static_index(&self) -> serde_json::Value {
        let text = fs::read_to_string(self.index_js_path()).expect("read search/index.js");
        parse_index_js(&text)
    }
}

/// The site every search test runs on: the real guide, built by the real
/// pipeline into a temp folder (which must write `search/index/` and
/// `search/index.js`). `site_from_docs(&fixture_docs())` runs the same
/// checks on the hand-made documents in `tests/fixtures/search/docs.json`.
pub fn build_site() -> Site {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("public");
    let opts = super::site::options(&super::site::real_guide(), &root);
    firstdays::build(&opts).unwrap_or_else(|e| panic!("build: {e}"));
    Site { _tmp: tmp, root }
}

/// Indexes `docs` into `<tmp>/search/index/` and exports `<tmp>/search/index.js`, as `build` does.
pub fn site_from_docs(docs: &[SearchDoc]) -> Site {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("public");
    let index_dir = root.join("search").join("index");
    fs::create_dir_all(index_dir.parent().unwrap()).unwrap();
    write_index(docs, &index_dir).unwrap_or_else(|e| panic!("write_index: {e}"));
    let js = export_static(&index_dir).unwrap_or_else(|e| panic!("export_static: {e}"));
    fs::write(root.join("search").join("index.js"), js).unwrap();
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

/// `window.FIRSTDAYS_SEARCH={...};` → the JSON object.
pub fn parse_index_js(text: &str) -> serde_json::Value {
    let json = text
        .strip_prefix("window.FIRSTDAYS_SEARCH=")
        .and_then(|t| t.trim_end().strip_suffix(';'))
        .expect("index.js sets window.FIRSTDAYS_SEARCH");
    serde_json::from_str(json).expect("index.js holds JSON")
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
