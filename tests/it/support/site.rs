//! Shared helpers: build a guide into a temp dir and read the output,
//! the way mdBook's and Zola's fixture tests do.

use std::fs;
use std::path::{Path, PathBuf};

use firstdays::{BuildOptions, BuildSummary, Errors};

pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn real_guide() -> PathBuf {
    project_root().join("guide")
}

pub fn fixture(name: &str) -> PathBuf {
    project_root().join("tests/fixtures").join(name)
}

/// A built site in a temp dir, kept alive as long as this value.
pub struct Built {
    _dir: tempfile::TempDir,
    pub out: PathBuf,
    pub summary: BuildSummary,
}

impl Built {
    pub fn read(&self, path: &str) -> String {
        let p = self.out.join(path);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Every HTML page, by site path.
    pub fn pages(&self) -> Vec<(String, String)> {
        html_files(&self.out)
    }
}

pub fn options(guide: &Path, out: &Path) -> BuildOptions {
    let mut opts = BuildOptions::new(guide, out);
    opts.theme_dirs = vec![project_root().join("themes/default")];
    opts
}

pub fn build(guide: &Path) -> Built {
    try_build(guide).unwrap_or_else(|e| panic!("build of {} failed:\n{e}", guide.display()))
}

pub fn try_build(guide: &Path) -> Result<Built, Errors> {
    try_build_with(guide, |_| {})
}

/// Builds `guide` into a temp dir with `configure` applied to the options
/// (a council, a theme, `--strict` ...).
pub fn try_build_with(
    guide: &Path,
    configure: impl FnOnce(&mut BuildOptions),
) -> Result<Built, Errors> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut opts = options(guide, &out);
    configure(&mut opts);
    let summary = firstdays::build(&opts)?;
    Ok(Built {
        _dir: dir,
        out,
        summary,
    })
}

/// Builds `guide` (with `configure` applied to the options) over an
/// existing site, expects it to fail, and checks the previous site survived
/// and no temporary folder was left. Returns the error text.
pub fn error_over_previous_site(guide: &Path, configure: impl FnOnce(&mut BuildOptions)) -> String {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    previous_site(&out);
    let mut opts = options(guide, &out);
    configure(&mut opts);
    let err = firstdays::build(&opts)
        .expect_err("the build should fail")
        .to_string();
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "previous site",
        "previous public/ untouched"
    );
    assert_eq!(
        fs::read_dir(out_dir.path()).unwrap().count(),
        1,
        "no temporary folders left behind"
    );
    err
}

/// A stand-in for a site an earlier build wrote at `out`: an `index.html`
/// saying "previous site", and the marker that lets a build replace it.
pub fn previous_site(out: &Path) {
    fs::create_dir_all(out).unwrap();
    fs::write(out.join("index.html"), "previous site").unwrap();
    firstdays::output::mark_as_site(out).unwrap();
}

/// A copy of a guide folder in a temp dir, to break on purpose.
pub fn copy_of(guide: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(guide, dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `root`, by its `/`-separated path from it, sorted.
pub fn files_under(root: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, e.into_path())
        })
        .collect();
    files.sort();
    files
}

pub fn html_files(root: &Path) -> Vec<(String, String)> {
    files_under(root)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, path)| (rel, fs::read_to_string(path).unwrap()))
        .collect()
}

/// Values of an attribute, parsed independently of the tool's own checker.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let re = regex::Regex::new(&format!(r#"\s{attr}\s*=\s*"([^"]*)""#)).unwrap();
    re.captures_iter(html)
        .map(|c| c[1].replace("&amp;", "&"))
        .collect()
}
