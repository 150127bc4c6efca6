//! URLs as a browser reads them: it ignores whitespace and control
//! characters inside a scheme (`java&#9;script:` is `javascript:`) and
//! compares schemes without regard to case.

/// `value` lower-cased with whitespace and control characters removed.
pub fn squeeze(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The scheme of `url` (lower case), if it has one: `javascript` for
/// ` JaVa\tScRiPt:alert(1)`; `None` for `people.html#a:b` or `//host/x`.
pub fn scheme(url: &str) -> Option<String> {
    // No `:`, no scheme: most links of a site (`people.html#who`).
    if !url.contains(':') {
        return None;
    }
    // As `squeeze`, but only up to the first `:`, `/`, `?` or `#`: every
    // link of every page comes here, and the rest of it never matters.
    let mut squeezed = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase);
    let mut scheme = String::new();
    let end = loop {
        match squeezed.next()? {
            c @ (':' | '/' | '?' | '#') => break c,
            c => scheme.push(c),
        }
    };
    if end != ':' || scheme.is_empty() {
        return None;
    }
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Not a scheme by the URL standard; a browser reads it as a relative path.
    valid.then_some(scheme)
}

/// Schemes that run script or carry a whole document.
pub fn is_active_scheme(scheme: &str) -> bool {
    matches!(
        scheme,
        "javascript" | "vbscript" | "data" | "livescript" | "mocha"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(
            scheme(" JaVa\tScRiPt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("java\u{0}script:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("https://example.org").as_deref(), Some("https"));
        assert_eq!(scheme("people.html#a:b"), None);
        assert_eq!(scheme("//evil.example/x"), None);
        assert_eq!(scheme("a b/c:d"), None);
    }
}
