//! The site's files, served exactly as they are on disk.

use std::fs::{self, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;

use super::path::SitePath;

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
pub fn respond(root: &Path, path: &SitePath, uri: &Uri, request: &HeaderMap) -> Response {
    match lookup(root, path) {
        Lookup::File(file, meta) => {
            let etag = etag(&meta);
            if if_none_match(request, &etag) {
                let mut res = with_status(StatusCode::NOT_MODIFIED, Body::empty());
                insert_etag(&mut res, &etag);
                return res;
            }
            match fs::read(&file) {
                Ok(bytes) => {
                    let mut res = with_status(StatusCode::OK, Body::from(bytes));
                    set_content_type(&mut res, content_type(&file));
                    insert_etag(&mut res, &etag);
                    res
                }
                Err(err) if err.kind() == io::ErrorKind::NotFound => not_found(root),
                Err(err) => read_failed(&file, &err),
            }
        }
        Lookup::AddSlash => {
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
        Lookup::NotFound => not_found(root),
    }
}

/// `404` with the body of the site's own `404.html` (a plain line if it has none).
pub fn not_found(root: &Path) -> Response {
    match fs::read(root.join("404.html")) {
        Ok(page) => html(StatusCode::NOT_FOUND, page),
        Err(_) => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// Finds the file `path` names, refusing anything whose real location is
/// outside `root` (which must itself be canonical), such as a symlink out.
fn lookup(root: &Path, path: &SitePath) -> Lookup {
    let Some((file, meta)) = real_path_inside(root, &path.under(root)) else {
        return Lookup::NotFound;
    };
    if meta.is_file() {
        return Lookup::File(file, meta);
    }
    let folder_index = file.join("index.html");
    if meta.is_dir()
        && !path.is_folder()
        && real_path_inside(root, &folder_index).is_some_and(|(_, m)| m.is_file())
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

/// The media type for a file name. Unknown kinds, tantivy's segment files
/// among them, are `application/octet-stream`.
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

/// A validator that changes whenever the file is rebuilt; files carry no
/// content hash in their names, so browsers revalidate (`no-cache`) with it.
fn etag(meta: &Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("\"{:x}-{:x}\"", meta.len(), modified)
}

fn if_none_match(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

fn insert_etag(res: &mut Response, etag: &str) {
    if let Ok(value) = HeaderValue::from_str(etag) {
        res.headers_mut().insert(ETAG, value);
    }
}

fn read_failed(file: &Path, err: &io::Error) -> Response {
    eprintln!("error: failed to read `{}`: {err}", file.display());
    if err.kind() == io::ErrorKind::PermissionDenied {
        return plain(
            StatusCode::FORBIDDEN,
            "403 Forbidden: the server may not read this file\n",
        );
    }
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

fn set_content_type(res: &mut Response, content_type: &'static str) {
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
}

/// An HTML response.
pub fn html(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut res = with_status(status, body.into());
    set_content_type(&mut res, "text/html; charset=utf-8");
    res
}

/// A short plain-text response, for errors.
pub fn plain(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut res = with_status(status, body.into());
    set_content_type(&mut res, "text/plain; charset=utf-8");
    res
}

/// A JSON response.
pub fn json(status: StatusCode, body: Vec<u8>) -> Response {
    let mut res = with_status(status, Body::from(body));
    set_content_type(&mut res, "application/json");
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        for (name, ty) in [
            ("index.html", "text/html; charset=utf-8"),
            ("static/site.CSS", "text/css; charset=utf-8"),
            ("search/index.js", "text/javascript; charset=utf-8"),
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
        }
    }
}
