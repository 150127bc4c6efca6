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
//! leave the site (`..`, `%2e%2e`, encoded `/`, `\`, NUL), bytes that are not
//! UTF-8, and queries over 1,000 bytes (refused, not truncated: a cut-off
//! query would search for something else). An empty query gives no results.
//! A symlink whose real target is outside the site is `404`, as if it were
//! not there.
//!
//! Files are sent by tower-http's `ServeFile` (`Range`, `Last-Modified`,
//! precompressed twins) behind our path guards, and responses are gzip- or
//! brotli-compressed when the browser asks. Every response carries
//! [`CONTENT_SECURITY_POLICY`], `X-Content-Type-Options: nosniff` and
//! `Referrer-Policy: same-origin`.
//!
//! The server follows rebuilds: `build` swaps a new site into place, files
//! are looked up afresh on each request (waiting out the instant of the
//! swap), and [`LiveIndex`] reopens the search index when it changed.

mod files;
mod listen;
mod live;
mod params;
mod path;
mod reload;
mod results;

use std::fs;
use std::net::SocketAddr;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::header::{
    ALLOW, CACHE_CONTROL, CONTENT_SECURITY_POLICY as CSP, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware;
use axum::response::Response;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

use crate::diagnostics::{Diagnostic, Result};
use crate::search::{Hit, Searcher};
pub use listen::{Limits, run};
pub use live::LiveIndex;
use params::{BadParams, SearchParams};
use path::SitePath;
pub use reload::{Reload, Status};
use results::RESULTS_MARKER;

/// The Content-Security-Policy `serve` sends with every response, the same
/// as the `<meta http-equiv>` on the built pages: only the site's own
/// scripts, styles and images (plus `data:` images), no inline script, no
/// plugins, and no framing.
pub use crate::script_check::CONTENT_SECURITY_POLICY_HEADER as CONTENT_SECURITY_POLICY;

/// What the server asks of a search index: [`LiveIndex`] in production, a
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
    only_loopback(site_dir, addr)?;
    open_site(site_dir)?;
    serve_with(site_dir, addr, Arc::new(LiveIndex::open(site_dir)?), None)
}

/// [`serve`] with the search index given, and with `reload`, the live
/// preview: pages reload on each rebuild and show its errors and warnings.
pub fn serve_with(
    site_dir: &Path,
    addr: SocketAddr,
    index: Arc<LiveIndex>,
    reload: Option<Reload>,
) -> Result<()> {
    only_loopback(site_dir, addr)?;
    open_site(site_dir)?;
    let app = router_for(site_dir, index, reload.as_ref());

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
        run(listener, app, Limits::default(), ctrl_c())
            .await
            .map_err(|e| Diagnostic::new(site_dir, format!("the server stopped: {e}")).into())
    })
}

/// The server is for this machine: publishing goes through a web server.
fn only_loopback(site_dir: &Path, addr: SocketAddr) -> Result<()> {
    if !addr.ip().is_loopback() {
        return Err(Diagnostic::new(
            site_dir,
            format!("refusing to serve on {addr}: only loopback addresses are allowed"),
        )
        .hint("use 127.0.0.1 and put a web server in front to publish the site")
        .into());
    }
    Ok(())
}

/// The server's routes over the built site in `site_dir`, for `serve` and for
/// tests that bind their own listener (and pass them to [`run`]). Fails if
/// `site_dir` is not a built site. `serve` passes a [`LiveIndex`].
pub fn router(site_dir: &Path, index: Arc<dyn SearchIndex>) -> Result<Router> {
    open_site(site_dir)?;
    Ok(router_for(site_dir, index, None))
}

/// [`router`] for the live preview (see [`Reload`]).
pub fn preview_router(
    site_dir: &Path,
    index: Arc<dyn SearchIndex>,
    reload: &Reload,
) -> Result<Router> {
    open_site(site_dir)?;
    Ok(router_for(site_dir, index, Some(reload)))
}

struct App {
    /// As given, not canonical: a rebuild puts a new folder at this path,
    /// so each request resolves it afresh.
    site_dir: PathBuf,
    index: Arc<dyn SearchIndex>,
}

fn router_for(site_dir: &Path, index: Arc<dyn SearchIndex>, reload: Option<&Reload>) -> Router {
    let app = App {
        site_dir: site_dir.to_path_buf(),
        index,
    };
    // Level 5 for both: brotli's default (11) costs tens of milliseconds a
    // response; 5 compresses the search shards nearly as well, at once.
    let compression = CompressionLayer::new().quality(CompressionLevel::Precise(5));
    let site = Router::new().fallback(handle).with_state(Arc::new(app));
    // The preview's injection sits inside compression: it reads plain HTML.
    let site = match reload {
        Some(reload) => reload.wrap(site),
        None => site,
    };
    site.layer(middleware::map_response(security_headers))
        .layer(compression)
}

/// Checks `site_dir` is a built site whose search page can take results.
fn open_site(site_dir: &Path) -> Result<()> {
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
    Ok(())
}

/// Every request comes here: the routes are few, and matching the decoded,
/// validated path ourselves keeps one place that decides what a path means.
async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        let mut res = files::plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: this server answers GET and HEAD only\n",
        );
        res.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let uri = request.uri();
    let path = match SitePath::parse(uri.path()) {
        Ok(path) => path,
        Err(e) => return files::plain(StatusCode::BAD_REQUEST, format!("400 Bad Request: {e}\n")),
    };
    let params = || SearchParams::check(Query::try_from_uri(uri), uri.query());
    match path.as_url().as_str() {
        "/api/search" => api_search(&app, params()),
        "/search" => search_page(&app, params()).await,
        // The static page itself, unless its form was submitted.
        "/search.html" if uri.query().is_some() => match params() {
            Ok(SearchParams { query: None, .. }) => {
                files::respond(&app.site_dir, &path, request).await
            }
            params => search_page(&app, params).await,
        },
        _ => files::respond(&app.site_dir, &path, request).await,
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

async fn search_page(app: &App, params: Result<SearchParams, BadParams>) -> Response {
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
    let root = files::site_root(&app.site_dir).await;
    let page = match root.map(|root| fs::read_to_string(root.join("search.html"))) {
        Some(Ok(page)) if page.contains(RESULTS_MARKER) => page,
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

/// On every response. Files carry no content hash in their names, so
/// browsers revalidate (with the ETag) instead of caching: a rebuilt site
/// shows at once.
async fn security_headers(mut res: Response) -> Response {
    let headers = res.headers_mut();
    headers.insert(CSP, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
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
