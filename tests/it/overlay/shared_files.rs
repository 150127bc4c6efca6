//! `--all-councils`: a council's file with the same path and bytes as the
//! base's (the theme's stylesheet and scripts) is a hard link to it, not a
//! second file; every council folder still holds every file it needs.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::support::site::{files_under, options, real_guide};

/// Every file under `root`, by path from it (folders of other sites
/// inside it, `skip`, left out).
fn files(root: &Path, skip: &[&str]) -> BTreeMap<String, std::path::PathBuf> {
    files_under(root)
        .into_iter()
        .filter(|(rel, _)| !skip.iter().any(|s| rel.starts_with(&format!("{s}/"))))
        .collect()
}

fn inode(path: &Path) -> (u64, u64) {
    let m = fs::metadata(path).unwrap();
    (m.dev(), m.ino())
}

#[test]
fn a_councils_file_with_the_bases_bytes_is_a_hard_link_to_the_bases() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let all = firstdays::build_all_councils(&options(&real_guide(), &out)).unwrap();
    let slugs: Vec<&str> = all.councils.iter().map(|(s, _)| s.as_str()).collect();
    let base = files(&out, &slugs);
    for slug in &slugs {
        let mut linked = Vec::new();
        for (rel, path) in files(&out.join(slug), &[]) {
            // Each site's marker is its own (a council may be rebuilt alone).
            let marker = rel.ends_with(firstdays::output::MARKER);
            let Some(base_path) = base.get(&rel).filter(|_| !marker) else {
                continue;
            };
            let same_bytes = fs::read(&path).unwrap() == fs::read(base_path).unwrap();
            let same_file = inode(&path) == inode(base_path);
            assert_eq!(
                same_bytes, same_file,
                "{slug}/{rel}: same bytes as the base's {same_bytes}, same file {same_file}"
            );
            if same_file {
                linked.push(rel);
            }
        }
        for asset in ["static/style.css", "static/search.js"] {
            assert!(
                linked.iter().any(|l| l == asset),
                "{slug}/{asset} is not a link to the base's: {linked:?}"
            );
        }
        // A page in the council's own words is its own file.
        assert_ne!(
            inode(&out.join(slug).join("index.html")),
            inode(&out.join("index.html"))
        );
    }
}

#[test]
fn a_council_folder_keeps_every_file_when_the_base_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    firstdays::build_all_councils(&options(&real_guide(), &out)).unwrap();
    let north = out.join("northshire");
    let before: BTreeMap<String, Vec<u8>> = files(&north, &[])
        .into_iter()
        .map(|(rel, path)| (rel, fs::read(path).unwrap()))
        .collect();
    // Hosted on its own: the folder moved out and the rest deleted.
    let alone = dir.path().join("northshire-alone");
    fs::rename(&north, &alone).unwrap();
    fs::remove_dir_all(&out).unwrap();
    let after: BTreeMap<String, Vec<u8>> = files(&alone, &[])
        .into_iter()
        .map(|(rel, path)| (rel, fs::read(path).unwrap()))
        .collect();
    assert!(before.contains_key("static/style.css"));
    assert!(
        before == after,
        "the council's folder lost or changed files"
    );
}
