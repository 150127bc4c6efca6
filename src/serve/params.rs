//! The query string of `/search` and `/api/search`: `q` and `limit`, read
//! with axum's `Query` extractor and then checked.

use std::fmt;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use percent_encoding::percent_decode_str;
use serde::Deserialize;

/// Queries longer than this (in bytes, once decoded) are refused with a 400
/// rather than truncated: a cut-off query would silently search for
/// something else, and no real question is this long.
pub const MAX_QUERY_BYTES: usize = 1_000;
/// Results per API call when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 10;
/// `limit` is clamped to `1..=MAX_LIMIT`.
pub const MAX_LIMIT: usize = 50;

/// The parameters as sent; other parameters are ignored.
#[derive(Debug, Deserialize)]
pub struct RawParams {
    q: Option<String>,
    /// A string, not a number, so that `limit=ten` gets our message and a
    /// number too big for `usize` is simply clamped.
    limit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchParams {
    /// `None` when the request had no `q` at all.
    pub query: Option<String>,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadParams {
    /// The query string could not be read (a parameter given twice, say).
    Malformed(String),
    NotUtf8(String),
    QueryTooLong(usize),
    Limit(String),
}

impl fmt::Display for BadParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadParams::Malformed(why) => write!(f, "the query string cannot be read: {why}"),
            BadParams::NotUtf8(name) => write!(
                f,
                "the query string parameter `{name}` is not valid UTF-8 once percent-decoded"
            ),
            BadParams::QueryTooLong(len) => {
                write!(
                    f,
                    "the query is {len} bytes long; the most is {MAX_QUERY_BYTES}"
                )
            }
            BadParams::Limit(value) => {
                write!(
                    f,
                    "`limit` must be a whole number from 1 to {MAX_LIMIT}, not `{value}`"
                )
            }
        }
    }
}

impl SearchParams {
    /// Checks what the `Query` extractor read from `raw_query`.
    pub fn check(
        extracted: Result<Query<RawParams>, QueryRejection>,
        raw_query: Option<&str>,
    ) -> Result<SearchParams, BadParams> {
        // The extractor replaces bytes that are not UTF-8 with U+FFFD; we
        // refuse them instead, so what we search for is what was sent.
        if let Some(name) = not_utf8(raw_query.unwrap_or("")) {
            return Err(BadParams::NotUtf8(name));
        }
        let Query(raw) = extracted.map_err(|e| BadParams::Malformed(e.body_text()))?;
        if let Some(q) = &raw.q
            && q.len() > MAX_QUERY_BYTES
        {
            return Err(BadParams::QueryTooLong(q.len()));
        }
        let limit = match raw.limit {
            None => DEFAULT_LIMIT,
            Some(value) => parse_limit(&value).ok_or(BadParams::Limit(value))?,
        };
        Ok(SearchParams {
            query: raw.q,
            limit,
        })
    }

    /// The query with surrounding white space removed; empty when absent.
    pub fn query_text(&self) -> &str {
        self.query.as_deref().unwrap_or("").trim()
    }
}

/// The name of the first `q` or `limit` whose value is not UTF-8 once decoded.
fn not_utf8(raw_query: &str) -> Option<String> {
    raw_query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode_str(name).decode_utf8_lossy();
        let ours = name == "q" || name == "limit";
        (ours && percent_decode_str(value).decode_utf8().is_err()).then(|| name.into_owned())
    })
}

/// A whole number, clamped to `1..=MAX_LIMIT`; a number too big for `usize` is just big.
fn parse_limit(value: &str) -> Option<usize> {
    let digits = value.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits.parse::<usize>().unwrap_or(MAX_LIMIT);
    Some(n.clamp(1, MAX_LIMIT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Uri;

    fn parse(raw: &str) -> Result<SearchParams, BadParams> {
        let uri: Uri = format!("/api/search?{raw}").parse().unwrap();
        SearchParams::check(Query::try_from_uri(&uri), uri.query())
    }

    #[test]
    fn query_and_limit() {
        let p = parse("q=section+47&limit=5").unwrap();
        assert_eq!(p.query.as_deref(), Some("section 47"));
        assert_eq!(p.limit, 5);
        assert_eq!(
            parse("").unwrap(),
            SearchParams {
                query: None,
                limit: DEFAULT_LIMIT
            }
        );
        assert_eq!(parse("q").unwrap().query.as_deref(), Some(""));
        assert_eq!(parse("q=a&x=%ff").unwrap().query.as_deref(), Some("a"));
        assert_eq!(
            parse("q=%22a%22+%3A+(b)*~%5E-").unwrap().query_text(),
            "\"a\" : (b)*~^-"
        );
        assert!(matches!(parse("q=a&q=b"), Err(BadParams::Malformed(_))));
    }

    #[test]
    fn limit_is_clamped_or_refused() {
        assert_eq!(parse("limit=0").unwrap().limit, 1);
        assert_eq!(parse("limit=51").unwrap().limit, MAX_LIMIT);
        assert_eq!(
            parse("limit=99999999999999999999999").unwrap().limit,
            MAX_LIMIT
        );
        for bad in ["limit=", "limit=-1", "limit=ten", "limit=1.5", "limit=0x10"] {
            assert!(matches!(parse(bad), Err(BadParams::Limit(_))), "{bad}");
        }
    }

    #[test]
    fn bad_encoding_and_long_queries_are_refused() {
        assert_eq!(parse("q=%ff%fe"), Err(BadParams::NotUtf8("q".to_string())));
        assert_eq!(
            parse("q=x&limit=%ff"),
            Err(BadParams::NotUtf8("limit".to_string()))
        );
        let long = format!("q={}", "a".repeat(MAX_QUERY_BYTES + 1));
        assert_eq!(
            parse(&long),
            Err(BadParams::QueryTooLong(MAX_QUERY_BYTES + 1))
        );
        let just_fits = format!("q={}", "a".repeat(MAX_QUERY_BYTES));
        assert!(parse(&just_fits).is_ok());
    }
}
