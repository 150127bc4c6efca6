//! CSS that a council can reach (its own stylesheets, an SVG's `<style>`
//! and `style=""`): nothing that runs script, binds behaviour or imports
//! another sheet.

/// `css` with comments removed, `\hex` escapes decoded and lower-cased, so
/// `\75 rl(` and `u/**/rl(` are seen as the `url(` a browser sees.
fn normalise(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '\\' => {
                let mut hex = String::new();
                while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
                    hex.extend(chars.next());
                }
                if hex.is_empty() {
                    out.extend(chars.next());
                } else {
                    if chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                    out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                }
            }
            c => out.push(c),
        }
    }
    out.to_lowercase()
}

/// Refuses what can run script or pull in other code from CSS.
pub fn check_css(css: &str) -> Result<(), String> {
    let normal = normalise(css);
    let squeezed = super::urls::squeeze(&normal);
    for (bad, why) in [
        ("@import", "`@import` is not allowed"),
        ("expression(", "`expression(...)` is not allowed"),
        ("javascript:", "a `javascript:` URL is not allowed"),
        ("vbscript:", "a `vbscript:` URL is not allowed"),
        ("-moz-binding", "`-moz-binding` is not allowed"),
        ("behavior:", "`behavior:` is not allowed"),
        ("</style", "`</style` is not allowed in CSS"),
    ] {
        if squeezed.contains(bad) {
            return Err(why.to_string());
        }
    }
    Ok(())
}

/// Every `url(...)` in `value` points inside the same file (`url(#id)`).
pub fn only_local_urls(value: &str) -> Result<(), String> {
    let squeezed = super::urls::squeeze(&normalise(value));
    let mut rest = squeezed.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return Err("a `url(...)` that points outside the file is not allowed".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_and_commented_tricks_are_seen_through() {
        assert!(check_css("a { background: url(jav\\61script:alert(1)) }").is_err());
        assert!(check_css("@im/**/port 'x.css';").is_err());
        assert!(check_css("a { width: ex\\70 ression(alert(1)) }").is_err());
        assert!(check_css(":root { --brand: #00594c; }").is_ok());
        assert!(only_local_urls("fill: url( '#g' )").is_ok());
        assert!(only_local_urls("fill: u\\72l(https://x)").is_err());
    }
}
