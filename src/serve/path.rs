//! The first guard on a request path: refuse, with a `400` and a reason,
//! anything that could name a parent or another root (`..`, `%2e%2e`,
//! encoded `/`, `\`, NUL, empty segments) or is not UTF-8 once decoded.
//!
//! `ServeDir` would quietly answer `404` to most of these; a `400` that says
//! why is kinder to whoever typed the address. The second guard, in
//! `files`, checks the real location of the file (symlinks resolved).

use std::fmt;

use percent_encoding::percent_decode_str;

/// A request path that cannot leave the site: decoded segments, each a
/// plain file or folder name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    segments: Vec<String>,
    /// `/guides/` asks for a folder's `index.html`; `/` is an empty folder path.
    folder: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadPath {
    NotAbsolute,
    NotUtf8,
    /// `.`, `..`, an empty segment, or a segment hiding `/`, `\` or NUL.
    Segment,
}

impl fmt::Display for BadPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BadPath::NotAbsolute => "the request path must start with `/`",
            BadPath::NotUtf8 => "the request path is not valid UTF-8 once percent-decoded",
            BadPath::Segment => {
                "the request path may not contain `.` or `..` segments, empty segments, \
                 encoded `/`, `\\` or NUL"
            }
        })
    }
}

impl SitePath {
    /// Checks the raw (still percent-encoded) path of a request.
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

    /// The decoded segments, each safe to join onto the site root.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    pub fn is_folder(&self) -> bool {
        self.folder
    }
}

fn decode_segment(raw: &str) -> Result<String, BadPath> {
    let bytes: Vec<u8> = percent_decode_str(raw).collect();
    let plain = !bytes.is_empty()
        && bytes != b"."
        && bytes != b".."
        && !bytes.iter().any(|b| matches!(b, b'/' | b'\\' | 0));
    if !plain {
        return Err(BadPath::Segment);
    }
    String::from_utf8(bytes).map_err(|_| BadPath::NotUtf8)
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
        assert!(SitePath::parse("/guides/").unwrap().is_folder());
        assert!(!SitePath::parse("/guides").unwrap().is_folder());
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
        assert_eq!(SitePath::parse("/%ff%fe"), Err(BadPath::NotUtf8));
    }
}
