//! The query string of `/search` and `/api/search`: `q` and `limit`.

use std::fmt;

use super::percent::{self, DecodeError};

/// Queries longer than this (in bytes, once decoded) are refused with a 400
/// rather than truncated: a cut-off query would silently search for
/// something else, and no real question is this long.
pub const MAX_QUERY_BYTES: usize = 1_000;
/// Results per API call when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 10;
/// `limit` is clamped to `1..=MAX_LIMIT`.
pub const MAX_LIMIT: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchParams {
    /// `None` when the request had no `q` at all.
    pub query: Option<String>,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadParams {
    Decode { name: String, error: DecodeError },
    QueryTooLong(usize),
    Limit(String),
}

impl fmt::Display for BadParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadParams::Decode { name, error } => {
                write!(f, "the query string parameter `{name}` has {error}")
            }
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
    /// Parses a raw query string; the first `q` and `limit` win, others are ignored.
    pub fn parse(raw: Option<&str>) -> Result<SearchParams, BadParams> {
        let mut query = None;
        let mut limit = None;
        for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(raw_name, raw_name)?;
            let slot = match name.as_str() {
                "q" => &mut query,
                "limit" => &mut limit,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(decode(raw_value, &name)?);
            }
        }
        if let Some(q) = &query
            && q.len() > MAX_QUERY_BYTES
        {
            return Err(BadParams::QueryTooLong(q.len()));
        }
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(value) => parse_limit(&value).ok_or(BadParams::Limit(value))?,
        };
        Ok(SearchParams { query, limit })
    }

    /// The query with surrounding white space removed; empty when absent.
    pub fn query_text(&self) -> &str {
        self.query.as_deref().unwrap_or("").trim()
    }
}

fn decode(raw: &str, name: &str) -> Result<String, BadParams> {
    percent::decode(raw, true).map_err(|error| BadParams::Decode {
        name: name.to_string(),
        error,
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

    fn parse(raw: &str) -> Result<SearchParams, BadParams> {
        SearchParams::parse(Some(raw))
    }

    #[test]
    fn query_and_limit() {
        let p = parse("q=section+47&limit=5").unwrap();
        assert_eq!(p.query.as_deref(), Some("section 47"));
        assert_eq!(p.limit, 5);
        assert_eq!(
            SearchParams::parse(None).unwrap(),
            SearchParams {
                query: None,
                limit: DEFAULT_LIMIT
            }
        );
        assert_eq!(parse("q").unwrap().query.as_deref(), Some(""));
        assert_eq!(parse("q=a&q=b&x=%ff").unwrap().query.as_deref(), Some("a"));
        assert_eq!(
            parse("q=%22a%22+%3A+(b)*~%5E-").unwrap().query_text(),
            "\"a\" : (b)*~^-"
        );
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
        assert!(matches!(parse("q=%ff%fe"), Err(BadParams::Decode { .. })));
        assert!(matches!(parse("q=%"), Err(BadParams::Decode { .. })));
        let long = format!("q={}", "a".repeat(MAX_QUERY_BYTES + 1));
        assert_eq!(
            parse(&long),
            Err(BadParams::QueryTooLong(MAX_QUERY_BYTES + 1))
        );
        let just_fits = format!("q={}", "a".repeat(MAX_QUERY_BYTES));
        assert!(parse(&just_fits).is_ok());
    }
}
