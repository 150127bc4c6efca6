//! The local server: serves a built site and answers searches from its
//! prebuilt index.
//!
//! `firstdays serve --site DIR` serves an already built site exactly as it
//! is and writes nothing: this is how the LGA runs it in production, behind
//! its own web server, and it works when `DIR` is read-only and owned by
//! another user. Without `--site`, the CLI first builds the guide into
//! `public/` and then serves that.
//!
//! It listens on a loopback address only. The index is opened (read-only,
//! lock-free) before the server listens, so a missing or corrupt index is an
//! error at start-up rather than at the first search.
//!
//! What it answers (GET and HEAD; anything else is `405` with `Allow`):
//! - `/search?q=` (and `/search.html?q=`, so the static page's form works
//!   with JavaScript off): the site's `search.html` with its
//!   `<!--firstdays:results-->` marker replaced by the results.
//! - `/api/search?q=&limit=`: JSON `{ "query", "results": [Hit] }`; `limit`
//!   defaults to 10 and is clamped to 1..=50; a `limit` that is not a whole
//!   number is a `400` with `{ "error" }`.
//! - Everything else: the site's files as they are on disk (`/` and `/dir/`
//!   serve `index.html`), or `404` with the site's `404.html`.
//!
//! Bad input is a `400` with a short message, never a `500`: paths that could
//! leave the site (`..`, `%2e%2e`, encoded `/`, `\`, NUL), bad
//! percent-encoding, bytes that are not UTF-8, and queries over 1,000 bytes
//! (refused, not truncated: a cut-off query would search for something else).
//! An empty query gives no results. A symlink whose real target is outside
//! the site is `404`, as if it were not there.

mod files;
mod params;
mod path;
mod percent;
mod results;

use std::fs;
use std::net::SocketAddr;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::{ALLOW, CACHE_CONTROL, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware;
use axum::response::Response;

use crate::diagnostics::{Diagnostic, Result};
use crate::search::{Hit, Searcher};
use params::{BadParams, SearchParams};
use path::SitePath;
use results::RESULTS_MARKER;

/// What the server asks of a search index: [`Searcher`] in production, a
/// stand-in in tests of the HTTP layer.
pub trait SearchIndex: Send + Sync + 'static {
    fn search(&self, query: &str, limit: usize) -> Vec<Hit>;
}

impl SearchIndex for Searcher {
    fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        Searcher::search(self, query, limit)
    }
}

/// Serves the built site in `site_dir` on `addr` (a loopback address) until
/// Ctrl+C. Blocks; starts its own tokio runtime.
pub fn serve(site_dir: &Path, addr: SocketAddr) -> Result<()> {
    if !addr.ip().is_loopback() {
        return Err(Diagnostic::new(
            site_dir,
            format!("refusing to serve on {addr}: only loopback addresses are allowed"),
        )
        .hint("use 127.0.0.1 and put a web server in front to publish the site")
        .into());
    }
    let root = open_site(site_dir)?;
    let searcher = Searcher::open(site_dir)?;
    let app = router_for(root, Arc::new(searcher));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Diagnostic::new(
                site_dir,
                format!("failed to start the server's runtime: {e}"),
            )
        })?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            Diagnostic::new(site_dir, format!("failed to listen on {addr}: {e}"))
                .hint("is another server using this port? choose another with --port")
        })?;
        let bound = listener.local_addr().unwrap_or(addr);
        let shown = site_dir.display().to_string();
        println!(
            "serving {}/ at http://{bound}/ (Ctrl+C to stop)",
            shown.trim_end_matches('/')
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(ctrl_c())
            .await
            .map_err(|e| Diagnostic::new(site_dir, format!("the server stopped: {e}")).into())
    })
}

/// The server's routes over the built site in `site_dir`, for `serve` and for
/// tests that bind their own listener. Fails if `site_dir` is not a built site.
pub fn router(site_dir: &Path, index: Arc<dyn SearchIndex>) -> Result<Router> {
    Ok(router_for(open_site(site_dir)?, index))
}

struct App {
    /// Canonical, so a file's canonical path can be checked to lie under it.
    root: PathBuf,
    index: Arc<dyn SearchIndex>,
}

fn router_for(root: PathBuf, index: Arc<dyn SearchIndex>) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(Arc::new(App { root, index }))
        .layer(middleware::map_response(common_headers))
}

/// Checks `site_dir` is a built site whose search page can take results;
/// returns its canonical path.
fn open_site(site_dir: &Path) -> Result<PathBuf> {
    let root = fs::canonicalize(site_dir).map_err(|e| {
        Diagnostic::io("open the site folder", site_dir, &e)
            .hint("build the site first (`cargo run -- build`), or pass the folder holding index.html with --site")
    })?;
    if !root.is_dir() {
        return Err(Diagnostic::new(
            site_dir,
            format!("`{}` is not a folder", site_dir.display()),
        )
        .hint("pass the folder holding the built site's index.html with --site")
        .into());
    }
    let search_page = site_dir.join("search.html");
    let page = fs::read_to_string(&search_page).map_err(|e| {
        Diagnostic::io("read", &search_page, &e)
            .hint("is this a site built by firstdays? rebuild it with `cargo run -- build`")
    })?;
    if !page.contains(RESULTS_MARKER) {
        return Err(Diagnostic::new(&search_page, format!("the search page has no `{RESULTS_MARKER}` marker for results"))
            .hint("rebuild the site with `cargo run -- build`; a theme's search page must keep the marker in its results container")
            .into());
    }
    Ok(root)
}

/// Every request comes here: the routes are few, and matching the decoded,
/// validated path ourselves keeps one place that decides what a path means.
async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut res = files::plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: this server answers GET and HEAD only\n",
        );
        res.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let path = match SitePath::parse(uri.path()) {
        Ok(path) => path,
        Err(e) => return files::plain(StatusCode::BAD_REQUEST, format!("400 Bad Request: {e}\n")),
    };
    match path.as_url().as_str() {
        "/api/search" => api_search(&app, SearchParams::parse(uri.query())),
        "/search" => search_page(&app, SearchParams::parse(uri.query())),
        // The static page itself, unless its form was submitted.
        "/search.html" if uri.query().is_some() => match SearchParams::parse(uri.query()) {
            Ok(SearchParams { query: None, .. }) => {
                files::respond(&app.root, &path, &uri, &headers)
            }
            params => search_page(&app, params),
        },
        _ => files::respond(&app.root, &path, &uri, &headers),
    }
}

fn api_search(app: &App, params: Result<SearchParams, BadParams>) -> Response {
    let params = match params {
        Ok(params) => params,
        Err(e) => return files::json(StatusCode::BAD_REQUEST, results::api_error(&e.to_string())),
    };
    let query = params.query_text();
    match run_search(app, query, params.limit) {
        Some(hits) => files::json(StatusCode::OK, results::api_results(query, &hits)),
        None => files::json(
            StatusCode::INTERNAL_SERVER_ERROR,
            results::api_error("the search failed"),
        ),
    }
}

fn search_page(app: &App, params: Result<SearchParams, BadParams>) -> Response {
    let query = params.as_ref().map_or("", |p| p.query_text()).to_string();
    let (status, fragment) = match params {
        Err(e) => (
            StatusCode::BAD_REQUEST,
            results::message_fragment("search-error", &e.to_string()),
        ),
        Ok(params) if params.query_text().is_empty() => (
            StatusCode::OK,
            results::message_fragment(
                "search-prompt",
                "Type a word or phrase to search the guide.",
            ),
        ),
        Ok(params) => match run_search(app, params.query_text(), params.limit) {
            Some(hits) => (
                StatusCode::OK,
                results::results_fragment(params.query_text(), &hits),
            ),
            None => (
                StatusCode::INTERNAL_SERVER_ERROR,
                results::message_fragment(
                    "search-error",
                    "The search failed. Please try other words.",
                ),
            ),
        },
    };
    let page_path = app.root.join("search.html");
    let page = match fs::read_to_string(&page_path) {
        Ok(page) if page.contains(RESULTS_MARKER) => page,
        // Changed on disk since start-up: still answer, on a bare page.
        _ => format!(
            "<!doctype html>\n<html lang=\"en\"><title>Search</title><main>{RESULTS_MARKER}</main></html>\n"
        ),
    };
    files::html(status, results::fill_search_page(&page, &fragment, &query))
}

/// The hits for a non-empty query, or none for an empty one. A panic in the
/// index is a bug, but it must cost one request, not the connection.
fn run_search(app: &App, query: &str, limit: usize) -> Option<Vec<Hit>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    panic::catch_unwind(AssertUnwindSafe(|| app.index.search(query, limit))).ok()
}

/// Files carry no content hash in their names, so browsers revalidate
/// (with the ETag) instead of caching: a rebuilt site shows at once.
async fn common_headers(mut res: Response) -> Response {
    let headers = res.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    res
}

async fn ctrl_c() {
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("warning: Ctrl+C cannot stop the server ({e}); stop it another way");
        std::future::pending::<()>().await;
    }
    println!("stopping");
}
