//! The site's files, served as they are on disk by tower-http's `ServeFile`
//! (`ServeDir` for one file: `Range`, `Last-Modified`, `If-Modified-Since`,
//! HEAD, and `.gz`/`.br` twins when a site ships them), behind our guard.
//!
//! The guard decides what a request path names: it resolves the real
//! location of the file (symlinks followed) and refuses anything outside the
//! real site root, so a symlink out of the site is a `404` as if it were not
//! there. `ServeFile` is then handed that real path, so there is one place
//! that decides what a path means, and nothing decodes a path twice.

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use tower_http::services::ServeFile;

use super::path::SitePath;

/// A rebuild renames the old site away and the new one into place: for an
/// instant there is no site folder, or a file found a moment ago is gone.
/// A request that meets that instant waits and looks again (up to about
/// half a second) rather than failing.
const SWAP_RETRIES: u32 = 50;
const SWAP_WAIT: Duration = Duration::from_millis(10);

/// What a request path names inside the site.
enum Lookup {
    File(PathBuf, Metadata),
    /// A folder asked for without its trailing `/`: send the browser there so
    /// the folder page's relative links resolve.
    AddSlash,
    NotFound,
}

/// The response for a static file, `304` when the browser's copy is current,
/// or the site's 404 page.
pub async fn respond(site_dir: &Path, path: &SitePath, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    for _ in 0..SWAP_RETRIES {
        let Some(root) = site_root(site_dir).await else {
            break;
        };
        let (file, meta) = match lookup(&root, path) {
            Lookup::File(file, meta) => (file, meta),
            Lookup::AddSlash => return add_slash(&parts.uri),
            Lookup::NotFound => return not_found(&root),
        };
        let etag = etag(&meta);
        if if_none_match(&parts.headers, &etag) {
            let mut res = with_status(StatusCode::NOT_MODIFIED, Body::empty());
            insert_etag(&mut res, &etag);
            return res;
        }
        let mut request = Request::from_parts(parts.clone(), Body::empty());
        if request.headers().contains_key(IF_NONE_MATCH) {
            // RFC 9110 13.1.3: with an `If-None-Match` that did not match,
            // `If-Modified-Since` must be ignored (it has one-second steps, so
            // it could call a file rebuilt in the same second unchanged).
            request.headers_mut().remove(IF_MODIFIED_SINCE);
        }
        let mime = content_type(&file)
            .parse()
            .unwrap_or(mime::APPLICATION_OCTET_STREAM);
        let mut serve = ServeFile::new_with_mime(&file, &mime);
        if precompressed_twins_stay_inside(&root, &file) {
            serve = serve.precompressed_br().precompressed_gzip();
        }
        match serve.try_call(request).await {
            // Gone since the lookup: the site is being swapped; look again.
            Ok(res) if res.status() == StatusCode::NOT_FOUND => {}
            Ok(res) => {
                let mut res = res.map(Body::new);
                insert_etag(&mut res, &etag);
                return res;
            }
            Err(err) => return read_failed(&file, &err),
        }
        tokio::time::sleep(SWAP_WAIT).await;
    }
    plain(
        StatusCode::NOT_FOUND,
        "404 Not Found: the site folder is missing\n",
    )
}

/// The real (canonical) site root now; waits while a rebuild swaps it.
pub async fn site_root(site_dir: &Path) -> Option<PathBuf> {
    for _ in 0..SWAP_RETRIES {
        if let Ok(root) = fs::canonicalize(site_dir) {
            return Some(root);
        }
        tokio::time::sleep(SWAP_WAIT).await;
    }
    None
}

/// `404` with the body of the site's own `404.html` (a plain line if it has none).
pub fn not_found(root: &Path) -> Response {
    let page = real_path_inside(root, &root.join("404.html"))
        .filter(|(_, meta)| meta.is_file())
        .and_then(|(file, _)| fs::read(file).ok());
    match page {
        Some(page) => html(StatusCode::NOT_FOUND, page),
        None => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// Finds the file `path` names, refusing hidden files and anything whose
/// real location is outside `root` (which must itself be canonical), such
/// as a symlink out.
fn lookup(root: &Path, path: &SitePath) -> Lookup {
    // Hidden files (the build's marker, an editor's swap file, a `.git`
    // left in a copied folder) are never part of the site.
    if path.segments().iter().any(|s| s.starts_with('.')) {
        return Lookup::NotFound;
    }
    let mut file = root.to_path_buf();
    file.extend(path.segments());
    if path.is_folder() {
        file.push("index.html");
    }
    let Some((file, meta)) = real_path_inside(root, &file) else {
        return Lookup::NotFound;
    };
    if meta.is_file() {
        return Lookup::File(file, meta);
    }
    if meta.is_dir()
        && !path.is_folder()
        && real_path_inside(root, &file.join("index.html")).is_some_and(|(_, m)| m.is_file())
    {
        return Lookup::AddSlash;
    }
    Lookup::NotFound
}

fn real_path_inside(root: &Path, path: &Path) -> Option<(PathBuf, Metadata)> {
    let real = fs::canonicalize(path).ok()?;
    if !real.starts_with(root) {
        return None;
    }
    let meta = fs::metadata(&real).ok()?;
    Some((real, meta))
}

/// `ServeFile` would send `file.gz` or `file.br` in place of `file`; only
/// let it look if those twins, where they exist, are inside the site too.
fn precompressed_twins_stay_inside(root: &Path, file: &Path) -> bool {
    ["gz", "br"].iter().all(|ext| {
        let mut twin = file.as_os_str().to_owned();
        twin.push(".");
        twin.push(ext);
        let twin = PathBuf::from(twin);
        fs::symlink_metadata(&twin).is_err() || real_path_inside(root, &twin).is_some()
    })
}

fn add_slash(uri: &axum::http::Uri) -> Response {
    // The raw path, still percent-encoded as the client sent it, so it is header-safe.
    let location = match uri.query() {
        Some(query) => format!("{}/?{query}", uri.path()),
        None => format!("{}/", uri.path()),
    };
    let mut res = with_status(StatusCode::MOVED_PERMANENTLY, Body::empty());
    if let Ok(value) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(LOCATION, value);
    }
    res
}

/// The media type for a file name, with `charset=utf-8` on text (the site
/// is all UTF-8, and a browser must not guess). Unknown kinds, tantivy's
/// segment files among them, are `application/octet-stream`.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A validator that changes whenever the file is rebuilt: `ServeFile` only
/// sends `Last-Modified`, whose one-second steps can miss a quick rebuild.
/// Weak, because `CompressionLayer` may send the same file gzipped.
fn etag(meta: &Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("W/\"{:x}-{:x}\"", meta.len(), modified)
}

/// Weak comparison, as RFC 9110 asks for `If-None-Match`.
fn if_none_match(request: &HeaderMap, etag: &str) -> bool {
    let ours = etag.trim_start_matches("W/");
    request
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == ours || tag == "*")
}

fn insert_etag(res: &mut Response, etag: &str) {
    if let Ok(value) = HeaderValue::from_str(etag) {
        res.headers_mut().insert(ETAG, value);
    }
}

fn read_failed(file: &Path, err: &std::io::Error) -> Response {
    eprintln!("error: failed to read `{}`: {err}", file.display());
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        "500 Internal Server Error: the file could not be read\n",
    )
}

fn with_status(status: StatusCode, body: Body) -> Response {
    let mut res = Response::new(body);
    *res.status_mut() = status;
    res
}

fn with_type(status: StatusCode, body: Body, content_type: &'static str) -> Response {
    let mut res = with_status(status, body);
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

/// An HTML response.
pub fn html(status: StatusCode, body: impl Into<Body>) -> Response {
    with_type(status, body.into(), "text/html; charset=utf-8")
}

/// A short plain-text response, for errors.
pub fn plain(status: StatusCode, body: impl Into<Body>) -> Response {
    with_type(status, body.into(), "text/plain; charset=utf-8")
}

/// A JSON response.
pub fn json(status: StatusCode, body: Vec<u8>) -> Response {
    with_type(status, Body::from(body), "application/json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        for (name, ty) in [
            ("index.html", "text/html; charset=utf-8"),
            ("static/site.CSS", "text/css; charset=utf-8"),
            (
                "search/shards/manifest.js",
                "text/javascript; charset=utf-8",
            ),
            ("search/index/meta.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("favicon.ico", "image/x-icon"),
            ("font.woff2", "font/woff2"),
            ("search/index/0a1b.store", "application/octet-stream"),
            ("search/index/0a1b.idx", "application/octet-stream"),
            ("search/index/.managed.json", "application/json"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), ty, "{name}");
            assert!(ty.parse::<mime::Mime>().is_ok(), "{ty}");
        }
    }

    #[test]
    fn if_none_match_compares_weakly() {
        let mut headers = HeaderMap::new();
        headers.insert(IF_NONE_MATCH, HeaderValue::from_static("\"x\", \"a-1\""));
        assert!(if_none_match(&headers, "W/\"a-1\""));
        assert!(!if_none_match(&headers, "W/\"a-2\""));
        headers.insert(IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(if_none_match(&headers, "W/\"a-2\""));
    }
}
