//! Files a nested site has in common with the site around it (the same
//! path, the same bytes: a council's copy of the theme's stylesheet and
//! scripts) are hard links to the outer site's file instead of new files.
//! Creating a file is most of the write stage's cost on ext4 (an inode
//! found and initialised for each), and with 150 councils a sixth of the
//! files are such copies. Each folder still holds every file it needs, so
//! a council's folder hosted on its own (or copied elsewhere, which copies
//! the bytes) works as before. Where a link cannot be made (another
//! filesystem, one without hard links), the file is written.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Result};
use crate::render::OutputFile;

/// A site already written under `root`, whose files others may link to.
pub struct Written<'a> {
    root: PathBuf,
    /// Site path → bytes, as written under `root`.
    files: HashMap<&'a str, &'a [u8]>,
}

impl<'a> Written<'a> {
    pub fn new(root: &Path, files: &'a [OutputFile]) -> Written<'a> {
        Written {
            root: root.to_path_buf(),
            files: files
                .iter()
                .map(|f| (f.path.as_str(), f.bytes.as_slice()))
                .collect(),
        }
    }

    /// Puts `file` at `path`: a hard link to the same file of this site
    /// when it has one with the same bytes, else a new file.
    pub(super) fn put(&self, file: &OutputFile, path: &Path) -> Result<()> {
        if self.files.get(file.path.as_str()) == Some(&file.bytes.as_slice())
            && fs::hard_link(self.root.join(&file.path), path).is_ok()
        {
            return Ok(());
        }
        fs::write(path, &file.bytes).map_err(|e| Diagnostic::io("write", path, &e).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_file_that_cannot_be_linked_is_written() {
        let dir = tempfile::tempdir().unwrap();
        // The outer site says it has the file, but it is not on disk.
        let outer_files = [file("static/style.css", "body{}")];
        let outer = Written::new(&dir.path().join("missing"), &outer_files);
        let path = dir.path().join("style.css");
        outer.put(&outer_files[0], &path).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "body{}");
    }

    #[test]
    fn a_file_with_other_bytes_is_written_not_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let outer_files = [file("a.css", "one")];
        fs::write(dir.path().join("a.css"), "one").unwrap();
        let outer = Written::new(dir.path(), &outer_files);
        fs::create_dir(dir.path().join("council")).unwrap();
        let same = dir.path().join("council/same.css");
        let other = dir.path().join("council/a.css");
        outer.put(&file("a.css", "one"), &same).unwrap();
        outer.put(&file("a.css", "two"), &other).unwrap();
        assert_eq!(
            fs::metadata(&same).unwrap().nlink(),
            2,
            "same bytes: a link"
        );
        assert_eq!(fs::read_to_string(&other).unwrap(), "two");
        assert_eq!(
            fs::metadata(&other).unwrap().nlink(),
            1,
            "other bytes: a file"
        );
    }
}
