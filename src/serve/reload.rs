//! The live preview's side of the server: pages reload themselves when the
//! site is rebuilt, and show the last rebuild's errors and warnings.
//!
//! Only `serve` (without `--site`) adds this; built pages never carry it.
//! Every HTML response gets, as it leaves the server:
//! - in `<head>`: `/_firstdays/live.css`, `/_firstdays/live.js` (same-origin
//!   files, so the pages' `script-src 'self'` policy allows them) and the
//!   site's generation;
//! - after `<body>`: an overlay (`role="alert"`) naming the file, line,
//!   message and hint of each error when the last rebuild failed (the files
//!   served are still the last good site), or a banner, which can be
//!   dismissed, listing the warnings.
//!
//! `/_firstdays/events` is a server-sent event stream: the generation now,
//! then each new one. The script reloads the page when it differs from the
//! one the page was served with, keeping its scroll position.
//!
//! Pages are written and announced before their search index is rebuilt
//! (`preview`); meanwhile ([`Reload::hold_search`] to
//! [`Reload::release_search`]) a search request (`/search`, `/api/search`,
//! `/search.html` and the files under `/search/`) waits, without holding a
//! thread, and is then answered from the new index.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, LAST_MODIFIED, RANGE,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use crate::diagnostics::Diagnostic;
use crate::html::escape;

/// Where the preview's own files live: no page of a site can be there,
/// since slugs never start with `_`.
pub const PREFIX: &str = "/_firstdays/";
const SCRIPT: &str = include_str!("reload/live.js");
const STYLE: &str = include_str!("reload/live.css");
/// Pages larger than this are sent as they are (no guide page comes near).
const MAX_PAGE: usize = 64 * 1024 * 1024;
/// The longest a search request waits for the index to be written; after
/// that it is answered from what is on disk (an index is seconds even at
/// 10,000 sections).
const SEARCH_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// What the last rebuild left: a generation that changes with every
/// rebuild, and its problems.
#[derive(Debug, Clone, Default)]
pub struct Status {
    pub generation: String,
    /// The rebuild failed: the site served is the last good one.
    pub errors: Vec<Diagnostic>,
    /// The site built, with these warnings (stale council changes, lints).
    pub warnings: Vec<Diagnostic>,
}

/// The handle the rebuild loop publishes to and the server reads from.
#[derive(Clone)]
pub struct Reload {
    status: Arc<watch::Sender<Status>>,
    /// Each server run's generations differ, so a page left open across a
    /// restart reloads too.
    run: String,
    count: Arc<std::sync::atomic::AtomicU64>,
    /// False while the pages are newer than the search index.
    search_ready: Arc<watch::Sender<bool>>,
}

impl Default for Reload {
    fn default() -> Self {
        Reload::new()
    }
}

impl Reload {
    pub fn new() -> Reload {
        let run = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let run = format!("{run:x}");
        let (status, _) = watch::channel(Status {
            generation: format!("{run}-0"),
            ..Status::default()
        });
        Reload {
            status: Arc::new(status),
            run,
            count: Arc::default(),
            search_ready: Arc::new(watch::channel(true).0),
        }
    }

    /// The pages are about to be newer than the search index: search
    /// requests wait from now until [`Reload::release_search`].
    pub fn hold_search(&self) {
        self.search_ready.send_replace(false);
    }

    /// The search index is current again (or failed, and said so): waiting
    /// search requests go on.
    pub fn release_search(&self) {
        self.search_ready.send_replace(true);
    }

    /// After a rebuild: its errors (the rebuild failed) or its warnings.
    /// Every open page reloads.
    pub fn publish(&self, errors: Vec<Diagnostic>, warnings: Vec<Diagnostic>) {
        let n = self
            .count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        self.status.send_replace(Status {
            generation: format!("{}-{n}", self.run),
            errors,
            warnings,
        });
    }

    pub fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    /// `site` (the server's routes) with the preview's files and events,
    /// and every HTML response injected.
    pub fn wrap(&self, site: Router) -> Router {
        let routes = Router::new()
            .route(
                &format!("{PREFIX}live.js"),
                get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
            )
            .route(
                &format!("{PREFIX}live.css"),
                get(|| async { asset("text/css; charset=utf-8", STYLE) }),
            )
            .route(&format!("{PREFIX}events"), get(events))
            .with_state(self.clone());
        let site = site
            .layer(middleware::from_fn_with_state(self.clone(), inject))
            .layer(middleware::from_fn_with_state(
                self.clone(),
                wait_for_search,
            ));
        routes.merge(site)
    }
}

/// Whether `path` reads the search index: the server's search, the search
/// page, and the index and shards it loads.
fn reads_search_index(path: &str) -> bool {
    let search = crate::search::SITE_DIR;
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    rest == search
        || rest == format!("{search}.html")
        || rest == format!("api/{search}")
        || rest.starts_with(&format!("{search}/"))
}

/// Holds a search request while the index is older than the pages.
async fn wait_for_search(State(reload): State<Reload>, request: Request, next: Next) -> Response {
    if reads_search_index(request.uri().path()) {
        let mut ready = reload.search_ready.subscribe();
        // A timeout or a closed channel: answer from the index on disk.
        let _ = tokio::time::timeout(SEARCH_PATIENCE, ready.wait_for(|r| *r)).await;
    }
    next.run(request).await
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// The generation now, then each new one; a comment every 15 s keeps the
/// connection open through idle proxies.
async fn events(State(reload): State<Reload>) -> impl IntoResponse {
    let stream = WatchStream::new(reload.status.subscribe())
        .map(|status| Ok::<_, std::convert::Infallible>(Event::default().data(status.generation)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Adds the script, the generation and any overlay or banner to an HTML
/// response. Conditional and range headers are dropped from the request:
/// a page's bytes now depend on the rebuild's status as well as the file.
async fn inject(State(reload): State<Reload>, mut request: Request, next: Next) -> Response {
    for name in [IF_NONE_MATCH, IF_MODIFIED_SINCE, RANGE] {
        request.headers_mut().remove(name);
    }
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html
        || response.headers().contains_key(CONTENT_ENCODING)
        || response.status() == StatusCode::NOT_MODIFIED
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the page could not be read\n",
        )
            .into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let injected = inject_into(&page, &reload.status());
    for name in [CONTENT_LENGTH, ETAG, LAST_MODIFIED] {
        parts.headers.remove(name);
    }
    parts
        .headers
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(injected))
}

/// `page` with the preview's head tags and, after `<body>`, its notices.
pub fn inject_into(page: &str, status: &Status) -> String {
    let head = format!(
        "<meta name=\"firstdays-generation\" content=\"{}\">\
         <link rel=\"stylesheet\" href=\"{PREFIX}live.css\">\
         <script src=\"{PREFIX}live.js\" defer></script>",
        escape(&status.generation)
    );
    let notices = notices(status);
    let mut out = String::with_capacity(page.len() + head.len() + notices.len());
    let lower = page.to_ascii_lowercase();
    let head_end = lower.find("</head>");
    let body_open = lower
        .find("<body")
        .and_then(|at| lower[at..].find('>').map(|end| at + end + 1));
    match (head_end, body_open) {
        (Some(h), Some(b)) if h < b => {
            out.push_str(&page[..h]);
            out.push_str(&head);
            out.push_str(&page[h..b]);
            out.push_str(&notices);
            out.push_str(&page[b..]);
        }
        // Not a page with a head and a body: still reload it.
        _ => {
            out.push_str(&head);
            out.push_str(&notices);
            out.push_str(page);
        }
    }
    out
}

/// The error overlay, or the warnings banner, or nothing.
fn notices(status: &Status) -> String {
    if !status.errors.is_empty() {
        let n = status.errors.len();
        let title = if n == 1 {
            "The guide could not be rebuilt: 1 problem".to_string()
        } else {
            format!("The guide could not be rebuilt: {n} problems")
        };
        return format!(
            "<div class=\"firstdays-overlay\" role=\"alert\" aria-labelledby=\"firstdays-overlay-title\">\
             <div class=\"firstdays-overlay-box\">\
             <p class=\"firstdays-title\" id=\"firstdays-overlay-title\">{title}</p>\
             <p>This page is the last version that built. Fix the file and save it: the page reloads by itself.</p>\
             {}</div></div>",
            list(&status.errors)
        );
    }
    if !status.warnings.is_empty() {
        let n = status.warnings.len();
        let title = if n == 1 {
            "1 warning".to_string()
        } else {
            format!("{n} warnings")
        };
        // The key tells one set of warnings from another, so dismissing
        // this set does not hide the next.
        let key = {
            use sha2::{Digest, Sha256};
            let mut h = Sha256::new();
            for w in &status.warnings {
                h.update(w.to_string().as_bytes());
            }
            h.finalize()
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        return format!(
            "<section class=\"firstdays-banner\" aria-labelledby=\"firstdays-banner-title\" data-key=\"{key}\">\
             <p class=\"firstdays-title\" id=\"firstdays-banner-title\">The guide built, with {title}</p>\
             <details><summary>Show the {title}</summary>{}</details>\
             <button type=\"button\" class=\"firstdays-dismiss\">Dismiss</button>\
             </section>",
            list(&status.warnings)
        );
    }
    String::new()
}

/// Each problem as the terminal shows it: where, what, and the hint.
fn list(problems: &[Diagnostic]) -> String {
    let mut out = String::from("<ul class=\"firstdays-problems\">");
    for d in problems {
        let mut place = d.file.display().to_string();
        if let Some(line) = d.line {
            place.push_str(&format!(":{line}"));
            if let Some(column) = d.column {
                place.push_str(&format!(":{column}"));
            }
        }
        out.push_str("<li><p><code class=\"firstdays-where\">");
        out.push_str(&escape(&place));
        out.push_str("</code> ");
        out.push_str(&escape(&d.message));
        out.push_str("</p>");
        if let Some(hint) = &d.hint {
            out.push_str("<p class=\"firstdays-hint\">Hint: ");
            out.push_str(&escape(hint));
            out.push_str("</p>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_in_the_head_and_the_overlay_after_body() {
        let status = Status {
            generation: "g-1".into(),
            errors: vec![
                Diagnostic::new("guide/people.md", "bad <b>thing</b>")
                    .at(2, 1)
                    .hint("fix it"),
            ],
            warnings: Vec::new(),
        };
        let page = "<!doctype html><html><head><title>x</title></head><body class=\"a\"><main>m</main></body></html>";
        let out = inject_into(page, &status);
        let head = out.find("/_firstdays/live.js").unwrap();
        assert!(head < out.find("</head>").unwrap());
        let overlay = out.find("role=\"alert\"").unwrap();
        assert!(overlay > out.find("<body class=\"a\">").unwrap());
        assert!(overlay < out.find("<main>").unwrap());
        assert!(out.contains("guide/people.md:2:1</code> bad &lt;b&gt;thing&lt;/b&gt;"));
        assert!(out.contains("Hint: fix it"));
        assert!(out.contains("content=\"g-1\""));
    }

    #[test]
    fn warnings_are_a_banner_and_a_clean_build_adds_nothing_visible() {
        let page = "<html><head></head><body></body></html>";
        let mut status = Status {
            generation: "g".into(),
            ..Status::default()
        };
        assert!(!inject_into(page, &status).contains("firstdays-banner"));
        status.warnings = vec![Diagnostic::new("a.md", "w").warning()];
        let out = inject_into(page, &status);
        assert!(out.contains("firstdays-banner") && out.contains("firstdays-dismiss"));
        assert!(!out.contains("role=\"alert\""));
    }
}
