//! Every value of `council.yaml`, checked for what it is before it is used:
//! a role title is a few plain words, a web address is an `http(s)` URL, an
//! email address is one address. A council folder is untrusted input; these
//! checks give an editor a clear error at the line, and the templates'
//! escaping and the final script check stand behind them.

use super::config::ConfigFile;
use crate::diagnostics::Diagnostic;

/// How strict a text field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Words substituted into the guide's text (role titles, terms): no
    /// markup characters at all.
    Words,
    /// A line of text shown as it is (names, header and footer text,
    /// address lines): no `<` or `>`, no line breaks or control characters.
    Line,
}

/// Every problem with the values in `council.yaml`.
pub fn check(file: &ConfigFile) -> Vec<Diagnostic> {
    let c = &file.config;
    let mut errors = Vec::new();
    let mut text = |key: &str, value: &str, kind: Kind, what: &str| {
        if let Err(problem) = check_text(value, kind) {
            let hint = match kind {
                Kind::Words => format!(
                    "{what} is plain words, such as `lead member`: letters, digits, spaces, hyphens and apostrophes"
                ),
                Kind::Line => format!("{what} is one line of plain text; markup is not allowed"),
            };
            errors.push(
                file.error(
                    file.line_of_value(key, first_line(value)),
                    format!("`{key}` {problem}"),
                )
                .hint(hint),
            );
        }
    };
    text("name", &c.name, Kind::Line, "a council's name");
    if let Some(role) = &c.role_title {
        text("role_title", role, Kind::Words, "a role title");
    }
    if let Some(plural) = &c.role_title_plural {
        text("role_title_plural", plural, Kind::Words, "a role title");
    }
    for t in &c.terms {
        text("terms", &t.from, Kind::Words, "a term's `from`");
        text("terms", &t.to, Kind::Words, "a term's `to`");
    }
    if let Some(h) = &c.header_text {
        text("header_text", h, Kind::Line, "the header text");
    }
    if let Some(f) = &c.footer_text {
        text("footer_text", f, Kind::Line, "the footer text");
    }
    if let Some(contact) = &c.contact {
        text("contact", &contact.name, Kind::Line, "a contact name");
        for line in &contact.address {
            text("address", line, Kind::Line, "an address line");
        }
        if let Some(phone) = &contact.telephone {
            text("telephone", phone, Kind::Line, "a telephone number");
            if !phone
                .chars()
                .all(|ch| ch.is_ascii_digit() || " +()-.".contains(ch))
            {
                errors.push(
                    file.error(
                        file.line_of_key("telephone"),
                        format!("`telephone` `{phone}` is not a telephone number"),
                    )
                    .hint("write digits, spaces and `+ ( ) -` only, such as `01632 960100`"),
                );
            }
        }
        if let Some(email) = &contact.email
            && !is_email(email)
        {
            errors.push(
                file.error(
                    file.line_of_key("email"),
                    format!("`email` `{}` is not an email address", shown(email)),
                )
                .hint("write one address, such as `democratic.services@example.gov.uk`"),
            );
        }
        if let Some(site) = &contact.website
            && let Err(problem) = web_address(site)
        {
            errors.push(
                file.error(
                    file.line_of_key("website"),
                    format!("`website` `{}` {problem}", shown(site)),
                )
                .hint("write the full address of a web page, such as `https://www.example.gov.uk`"),
            );
        }
    }
    errors
}

/// The front matter text of a council's sections, glossary terms and
/// patches (titles, summaries, term names): one line each, no markup.
pub fn front_matter(
    fields: &[(&str, &str)],
    file: &std::path::Path,
    line_of: impl Fn(&str) -> usize,
) -> Vec<Diagnostic> {
    fields
        .iter()
        .filter_map(|(key, value)| {
            check_text(value, Kind::Line).err().map(|problem| {
                Diagnostic::new(file, format!("`{key}` {problem}"))
                    .at_line(line_of(key))
                    .hint(format!(
                        "`{key}` is one line of plain text; markup is not allowed"
                    ))
            })
        })
        .collect()
}

/// Why `value` is not acceptable text of this kind, if it is not.
fn check_text(value: &str, kind: Kind) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("is empty".into());
    }
    if value.chars().any(|c| c == '\n' || c == '\r') {
        return Err("has a line break".into());
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(format!("has a control character (U+{:04X})", u32::from(c)));
    }
    let forbidden: &[char] = match kind {
        Kind::Words => &[
            '<', '>', '&', '"', '`', '\\', '{', '}', '[', ']', '*', '_', '|', '#', '=',
        ],
        Kind::Line => &['<', '>'],
    };
    if let Some(c) = value.chars().find(|c| forbidden.contains(c)) {
        return Err(format!("contains `{c}`, which is not allowed here"));
    }
    Ok(())
}

/// An absolute `http:` or `https:` address with a host, and nothing a
/// browser would drop or read differently (spaces, control characters).
pub fn web_address(url: &str) -> Result<(), String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("contains spaces, line breaks or control characters".into());
    }
    if url.contains(['<', '>', '"', '\'', '`', '\\']) {
        return Err("contains characters that are not allowed in a web address".into());
    }
    let parsed = url::Url::parse(url).map_err(|e| format!("is not a web address ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "is a `{}:` address; only `https:` and `http:` are allowed",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("has no host name".into());
    }
    Ok(())
}

/// One plain email address: `local@domain.tld`, nothing a `mailto:` link
/// would read as more (no `?`, `,`, `:` or spaces).
fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let ok_local = |c: char| c.is_alphanumeric() || ".+-_'".contains(c);
    let ok_domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && local.chars().all(ok_local)
        && domain.chars().all(ok_domain)
}

fn first_line(value: &str) -> &str {
    value.lines().next().unwrap_or_default().trim()
}

/// A value for an error message: one line, not too long.
fn shown(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(80)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_plain() {
        assert!(check_text("lead member", Kind::Words).is_ok());
        assert!(check_text("children's services lead", Kind::Words).is_ok());
        assert!(check_text("<img src=x onerror=alert(1)>", Kind::Words).is_err());
        assert!(check_text("  ", Kind::Words).is_err());
        assert!(check_text("a\nb", Kind::Line).is_err());
        assert!(check_text("Tyne & Wear \"Council\"", Kind::Line).is_ok());
    }

    #[test]
    fn only_web_addresses_are_websites() {
        assert!(web_address("https://www.example.gov.uk/x?y=1").is_ok());
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "https://x.org/\nDisallow: /",
            "//evil.example",
            "www.example.org",
            "https://",
        ] {
            assert!(web_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_are_one_address() {
        assert!(is_email("member.services@riverton.example.org"));
        assert!(!is_email("a@b.org?subject=x"));
        assert!(!is_email("a@b.org,c@d.org"));
        assert!(!is_email("javascript:alert(1)//@x.org"));
    }
}
