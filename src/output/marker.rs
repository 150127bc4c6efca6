//! How firstdays recognises a folder it wrote: a small marker file in every
//! site it writes, and, for sites written before the marker existed, the
//! exact shape of our output.

use std::fs;
use std::path::Path;

/// The marker's name. A dotfile, so static hosts that hide dotfiles hide it;
/// served anyway it is one harmless sentence. It is written by the write
/// stage, after rendering, so the sitemap and the link check never see it.
pub const MARKER: &str = ".firstdays-site";

/// What the marker says about its folder. The text is for a person who
/// finds the file; the first words are what the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A whole site: written, synced to disk, ready to be (or already) `out`.
    Complete,
    /// A staging folder still being written; never restored.
    Writing,
    /// An old site being deleted; never restored.
    Retiring,
}

impl State {
    pub fn text(self) -> &'static str {
        match self {
            State::Complete => {
                "Written by firstdays. The next build replaces this whole folder, so keep nothing else in it.\n"
            }
            State::Writing => "Being written by firstdays; incomplete, safe to delete.\n",
            State::Retiring => "Being deleted by firstdays: an old copy of the site.\n",
        }
    }

    fn from_text(text: &str) -> Option<State> {
        [State::Complete, State::Writing, State::Retiring]
            .into_iter()
            .find(|s| text.starts_with(first_words(s.text())))
    }
}

/// "Written by firstdays", "Being written by firstdays", ...: enough to
/// recognise the marker if its explanation is reworded in a later release.
fn first_words(text: &str) -> &str {
    let end = text
        .find("firstdays")
        .map_or(text.len(), |i| i + "firstdays".len());
    &text[..end]
}

/// The marker's state, if `dir` holds a marker we wrote (a small regular
/// file, not a symlink, starting with our words).
pub fn read(dir: &Path) -> Option<State> {
    let path = dir.join(MARKER);
    let meta = fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 1024 {
        return None;
    }
    State::from_text(&fs::read_to_string(&path).ok()?)
}

/// Whether `dir` looks exactly like a site from a release before the marker
/// existed. We accept it rather than make every existing `public/` an error,
/// but only when it matches our output's fingerprint closely: the pages and
/// files every build writes, `robots.txt` in our exact words, and nothing at
/// the top level that a build does not write (any other file or folder means
/// a person put it there, and we will not delete it). Council copies from
/// `--all-councils` are sub-folders that must match the same fingerprint.
pub fn is_legacy_site(dir: &Path) -> bool {
    legacy_site(dir, 0)
}

fn legacy_site(dir: &Path, depth: usize) -> bool {
    const FILES: [&str; 10] = [
        "index.html",
        "404.html",
        "search.html",
        "glossary.html",
        "checklist.html",
        "print.html",
        "sitemap.xml",
        "robots.txt",
        "search/index.js",
        "search/index/meta.json",
    ];
    let is_file = |p: &str| fs::symlink_metadata(dir.join(p)).is_ok_and(|m| m.is_file());
    let is_dir = |p: &str| fs::symlink_metadata(dir.join(p)).is_ok_and(|m| m.is_dir());
    if !FILES.iter().all(|f| is_file(f)) || !is_dir("static") {
        return false;
    }
    let robots = fs::read_to_string(dir.join("robots.txt")).unwrap_or_default();
    if !robots.starts_with("User-agent: *\nAllow: /\n\nSitemap: ") {
        return false;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            return false;
        };
        if kind.is_file() {
            name.ends_with(".html") || name == "sitemap.xml" || name == "robots.txt"
        } else if kind.is_dir() {
            name == "static"
                || name == "search"
                || (depth == 0 && legacy_site(&entry.path(), depth + 1))
        } else {
            false
        }
    })
}

/// Whether `dir`, a folder with our staging prefix, is what a build of a
/// release before the marker left when it was killed (they piled up: issue
/// #7, row 9): nothing but the kinds of entries a build writes, at any stage
/// of writing, including that release's `.firstdays-old-*/site/`. Only ever
/// asked of folders named with our prefixes.
pub fn is_legacy_leftover(dir: &Path) -> bool {
    only_site_entries(dir, 0)
}

fn only_site_entries(dir: &Path, depth: usize) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        match entry.file_type() {
            Ok(kind) if kind.is_file() => {
                name.ends_with(".html") || name == "sitemap.xml" || name == "robots.txt"
            }
            // `static/` and `search/` hold whatever the theme and the index
            // wrote; other folders are council copies (or `site/`).
            Ok(kind) if kind.is_dir() => {
                name == "static"
                    || name == "search"
                    || (depth < 2 && only_site_entries(&entry.path(), depth + 1))
            }
            _ => false,
        }
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn each_state_reads_back_from_its_own_text() {
        let dir = tempfile::tempdir().unwrap();
        for state in [State::Complete, State::Writing, State::Retiring] {
            fs::write(dir.path().join(MARKER), state.text()).unwrap();
            assert_eq!(read(dir.path()), Some(state));
        }
    }

    #[test]
    fn a_marker_with_other_words_or_a_folder_of_that_name_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(MARKER), "my notes\n").unwrap();
        assert_eq!(read(dir.path()), None);
        fs::remove_file(dir.path().join(MARKER)).unwrap();
        fs::create_dir(dir.path().join(MARKER)).unwrap();
        assert_eq!(read(dir.path()), None);
    }

    /// A site as the previous release wrote it, every file holding `body`
    /// (also used by the swap's tests).
    pub(in crate::output) fn previous_release_site(dir: &Path, body: &str) {
        for f in [
            "index.html",
            "404.html",
            "search.html",
            "glossary.html",
            "checklist.html",
            "print.html",
            "people.html",
            "sitemap.xml",
            "search/index.js",
            "search/index/meta.json",
            "static/style.css",
        ] {
            let p = dir.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, body).unwrap();
        }
        fs::write(
            dir.join("robots.txt"),
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n",
        )
        .unwrap();
    }

    fn legacy(dir: &Path) {
        previous_release_site(dir, "x");
    }

    #[test]
    fn a_site_from_the_previous_release_matches_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        legacy(dir.path());
        legacy(&dir.path().join("northshire"));
        assert!(is_legacy_site(dir.path()));
    }

    #[test]
    fn one_file_a_build_does_not_write_breaks_the_fingerprint() {
        for extra in ["notes.txt", ".htaccess", "photos/cat.jpg"] {
            let dir = tempfile::tempdir().unwrap();
            legacy(dir.path());
            let p = dir.path().join(extra);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "mine").unwrap();
            assert!(!is_legacy_site(dir.path()), "{extra}");
        }
    }

    #[test]
    fn a_half_written_site_from_the_previous_release_is_a_leftover_but_notes_are_not() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("site/static")).unwrap();
        fs::write(dir.path().join("site/index.html"), "x").unwrap();
        assert!(is_legacy_leftover(dir.path()));
        fs::write(dir.path().join("site/notes.txt"), "mine").unwrap();
        assert!(!is_legacy_leftover(dir.path()));
    }

    #[test]
    fn a_missing_page_or_other_robots_txt_breaks_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        legacy(dir.path());
        fs::remove_file(dir.path().join("search/index.js")).unwrap();
        assert!(!is_legacy_site(dir.path()));
        legacy(dir.path());
        fs::write(dir.path().join("robots.txt"), "User-agent: *\n").unwrap();
        assert!(!is_legacy_site(dir.path()));
    }
}
