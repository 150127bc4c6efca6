//! Named theme layers: a council's folder, then a theme folder on disk, then
//! the default theme embedded in the binary. A file in an upper layer
//! replaces its twin below.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Result};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// One place theme files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    /// A folder holding `templates/` and `static/`.
    Dir(PathBuf),
    /// The default theme compiled into the binary.
    Embedded,
}

/// A theme file found in some layer.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Relative name, such as `templates/base.html` or `static/style.css`.
    pub name: String,
    /// Where it came from, for error messages.
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

/// Layers, highest priority first.
#[derive(Debug, Clone)]
pub struct Theme {
    layers: Vec<Layer>,
}

impl Theme {
    /// `dirs` highest priority first; the embedded default is always last.
    pub fn new(dirs: impl IntoIterator<Item = PathBuf>) -> Theme {
        let mut layers: Vec<Layer> = dirs
            .into_iter()
            .filter(|d| d.is_dir())
            .map(Layer::Dir)
            .collect();
        layers.push(Layer::Embedded);
        Theme { layers }
    }

    /// Every file under `prefix` (`templates/` or `static/`), each name once,
    /// taken from the highest layer that has it; sorted by name.
    pub fn files(&self, prefix: &str) -> Result<Vec<ThemeFile>> {
        let mut found: std::collections::BTreeMap<String, ThemeFile> = Default::default();
        for layer in self.layers.iter().rev() {
            for file in layer_files(layer, prefix)? {
                found.insert(file.name.clone(), file);
            }
        }
        Ok(found.into_values().collect())
    }
}

/// The built-in theme's own file of this name, if it has one.
pub fn built_in(name: &str) -> Option<&'static [u8]> {
    embedded::FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
}

fn layer_files(layer: &Layer, prefix: &str) -> Result<Vec<ThemeFile>> {
    match layer {
        Layer::Embedded => Ok(embedded::FILES
            .iter()
            .filter(|(name, _)| name.starts_with(prefix))
            .map(|(name, bytes)| ThemeFile {
                name: name.to_string(),
                origin: Path::new("(built-in theme)").join(name),
                bytes: bytes.to_vec(),
            })
            .collect()),
        Layer::Dir(root) => {
            let dir = root.join(prefix);
            if !dir.is_dir() {
                return Ok(Vec::new());
            }
            let mut files = Vec::new();
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|e| {
                    Diagnostic::new(&dir, format!("failed to list `{}`: {e}", dir.display()))
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let path = entry.path();
                let name = path
                    .strip_prefix(root)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(path).map_err(|e| Diagnostic::io("read", path, &e))?;
                files.push(ThemeFile {
                    name,
                    origin: path.to_path_buf(),
                    bytes,
                });
            }
            Ok(files)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_theme_has_the_base_layout() {
        let files = Theme::new([]).files("templates/").unwrap();
        assert!(files.iter().any(|f| f.name == "templates/base.html"));
    }

    #[test]
    fn a_file_on_disk_replaces_its_embedded_twin() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/style.css"), "body{}").unwrap();
        let files = Theme::new([dir.path().to_path_buf()])
            .files("static/")
            .unwrap();
        let style = files.iter().find(|f| f.name == "static/style.css").unwrap();
        assert_eq!(style.bytes, b"body{}");
        assert!(files.len() > 1, "other embedded files are still there");
    }
}
