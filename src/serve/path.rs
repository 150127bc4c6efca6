//! A request path turned into site-relative segments that cannot leave the
//! site directory.
//!
//! This is the first of two guards: it rejects anything that could name a
//! parent or another root (`..`, `%2e%2e`, encoded `/`, `\`, NUL, empty
//! segments). The second, in `files`, canonicalises the result and checks it
//! still lies under the canonical site root, which catches symlinks.

use std::fmt;
use std::path::{Path, PathBuf};

use super::percent::{self, DecodeError};

/// A validated request path: decoded segments, each a plain file or folder name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    segments: Vec<String>,
    /// `/guides/` asks for a folder's `index.html`; `/` is an empty folder path.
    folder: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadPath {
    NotAbsolute,
    Decode(DecodeError),
    /// `.`, `..`, an empty segment, or a segment hiding `/`, `\` or NUL.
    Segment,
}

impl fmt::Display for BadPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadPath::NotAbsolute => f.write_str("the request path must start with `/`"),
            BadPath::Decode(e) => write!(f, "the request path has {e}"),
            BadPath::Segment => f.write_str(
                "the request path may not contain `.` or `..` segments, empty segments, \
                 encoded `/`, `\\` or NUL",
            ),
        }
    }
}

impl SitePath {
    /// Parses the raw (still percent-encoded) path of a request.
    pub fn parse(raw: &str) -> Result<SitePath, BadPath> {
        let rest = raw.strip_prefix('/').ok_or(BadPath::NotAbsolute)?;
        if rest.is_empty() {
            return Ok(SitePath {
                segments: Vec::new(),
                folder: true,
            });
        }
        let folder = rest.ends_with('/');
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let segments = rest
            .split('/')
            .map(decode_segment)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SitePath { segments, folder })
    }

    /// The decoded path as the site sees it, e.g. `/search.html` or `/guides/`.
    pub fn as_url(&self) -> String {
        let mut url = String::from("/");
        url.push_str(&self.segments.join("/"));
        if self.folder && !self.segments.is_empty() {
            url.push('/');
        }
        url
    }

    pub fn is_folder(&self) -> bool {
        self.folder
    }

    /// The file this path names under `root`; a folder path names its `index.html`.
    pub fn under(&self, root: &Path) -> PathBuf {
        let mut path = root.to_path_buf();
        path.extend(&self.segments);
        if self.folder {
            path.push("index.html");
        }
        path
    }
}

fn decode_segment(raw: &str) -> Result<String, BadPath> {
    let bytes = percent::decode_bytes(raw, false).map_err(BadPath::Decode)?;
    let plain = !bytes.is_empty()
        && bytes != b"."
        && bytes != b".."
        && !bytes.iter().any(|b| matches!(b, b'/' | b'\\' | 0));
    if !plain {
        return Err(BadPath::Segment);
    }
    String::from_utf8(bytes).map_err(|_| BadPath::Decode(DecodeError::NotUtf8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(raw: &str) -> Vec<String> {
        SitePath::parse(raw).unwrap().segments
    }

    #[test]
    fn plain_paths() {
        assert_eq!(segments("/"), Vec::<String>::new());
        assert_eq!(segments("/static/site.css"), ["static", "site.css"]);
        assert_eq!(segments("/a%20b.html"), ["a b.html"]);
        assert_eq!(SitePath::parse("/guides/").unwrap().as_url(), "/guides/");
        assert_eq!(
            SitePath::parse("/").unwrap().under(Path::new("/s")),
            Path::new("/s/index.html")
        );
        assert_eq!(
            SitePath::parse("/g/").unwrap().under(Path::new("/s")),
            Path::new("/s/g/index.html")
        );
        assert_eq!(
            SitePath::parse("/g").unwrap().under(Path::new("/s")),
            Path::new("/s/g")
        );
    }

    #[test]
    fn rejects_escapes_from_the_site() {
        for raw in [
            "/../etc/passwd",
            "/static/../../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/.%2e/x",
            "/static/..%2f..%2fCargo.toml",
            "/static/%2fetc%2fpasswd",
            "/static/..%5c..%5cCargo.toml",
            "/static\\..\\x",
            "/index.html%00.css",
            "//etc/passwd",
            "/./index.html",
            "/a//b",
        ] {
            assert!(SitePath::parse(raw).is_err(), "{raw} should be rejected");
        }
        assert_eq!(SitePath::parse("etc/passwd"), Err(BadPath::NotAbsolute));
        assert_eq!(
            SitePath::parse("/%ff%fe"),
            Err(BadPath::Decode(DecodeError::NotUtf8))
        );
        assert_eq!(
            SitePath::parse("/%zz"),
            Err(BadPath::Decode(DecodeError::BadEscape))
        );
    }
}
