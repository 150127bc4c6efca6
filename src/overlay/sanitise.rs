//! Council content may come from outside the LGA: its raw HTML is cleaned
//! (no scripts, no event handlers, no `javascript:` URLs) before it joins
//! the guide, and a markdown link to anything but a web page, an email
//! address, a telephone number or a guide file is an error.
//! The base guide is trusted and never passes through here.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, Tag};

use super::terminology::apply_edits;
use crate::diagnostics::Diagnostic;
use crate::markdown::OPTIONS;

/// Link schemes a council's markdown may use.
const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

fn cleaner() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(SCHEMES.into_iter().collect::<HashSet<_>>());
        b
    })
}

/// Cleans every piece of raw HTML in `markdown`, leaving the rest as written.
pub fn sanitise_markdown(markdown: &str) -> String {
    let mut text = markdown.to_string();
    // Cleaning can turn HTML into text that parses differently; go again
    // until nothing changes (twice is the most real input needs).
    for _ in 0..4 {
        let cleaned = sanitise_once(&text);
        if cleaned == text {
            break;
        }
        text = cleaned;
    }
    text
}

fn sanitise_once(markdown: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut in_block = false;
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                in_block = true;
                let raw = &markdown[range.clone()];
                let mut clean = cleaner().clean(raw).to_string();
                if raw.ends_with('\n') && !clean.ends_with('\n') {
                    clean.push('\n');
                }
                if clean != raw {
                    edits.push((range, clean));
                }
            }
            Event::End(pulldown_cmark::TagEnd::HtmlBlock) => in_block = false,
            Event::InlineHtml(tag) | Event::Html(tag) if !in_block => {
                let clean = clean_tag(&tag);
                if clean != tag.as_ref() {
                    edits.push((range, clean));
                }
            }
            _ => {}
        }
    }
    apply_edits(markdown, edits)
}

/// One inline tag (`<span class="x">`, `</span>`, `<!-- -->`) cleaned on
/// its own: the allowed part of an opening tag, a closing tag only for an
/// allowed element, comments and everything else dropped.
fn clean_tag(tag: &str) -> String {
    let trimmed = tag.trim();
    if let Some(name) = trimmed.strip_prefix("</") {
        let name: String = name
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let allowed = allowed_tags().contains(name.as_str());
        return if allowed && !name.is_empty() {
            format!("</{name}>")
        } else {
            String::new()
        };
    }
    let cleaned = cleaner().clean(trimmed).to_string();
    // ammonia closes what it opens: keep just the opening tag.
    match cleaned.find("</") {
        Some(i) if cleaned.starts_with('<') => cleaned[..i].to_string(),
        _ if cleaned.starts_with('<') => cleaned,
        _ => String::new(),
    }
}

fn allowed_tags() -> &'static HashSet<&'static str> {
    static TAGS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    TAGS.get_or_init(|| ammonia::Builder::default().clone_tags())
}

/// Markdown links and images whose target is a script, a data URL or any
/// scheme other than the web, email and telephone.
pub fn unsafe_links(markdown: &str, file: &Path, first_line: usize) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if let Some(scheme) = forbidden_scheme(dest) {
            let line = first_line + markdown[..range.start].matches('\n').count();
            errors.push(
                Diagnostic::new(
                    file,
                    format!("link to `{scheme}:` is not allowed in council content"),
                )
                .at_line(line)
                .hint("link to a web page (`https://...`), an email address (`mailto:`), a telephone number (`tel:`) or a guide file (`people.md`)"),
            );
        }
    }
    errors
}

/// The scheme of `url` if it is not allowed. Browsers ignore spaces and
/// control characters inside a scheme, so they are ignored here too.
fn forbidden_scheme(url: &str) -> Option<String> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let end = squeezed.find([':', '/', '?', '#'])?;
    if !squeezed[end..].starts_with(':') {
        return None;
    }
    let scheme = squeezed[..end].to_ascii_lowercase();
    (!SCHEMES.contains(&scheme.as_str())).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let md = "Hello <span onclick=\"steal()\">you</span> <a href=\"javascript:alert(1)\">x</a>.\n\n<script>alert(1)</script>\n\n<div onmouseover=\"x()\"><img src=\"a.png\" onerror=\"x()\"></div>\n";
        let clean = sanitise_markdown(md);
        for bad in ["onclick", "javascript", "script", "onmouseover", "onerror"] {
            assert!(!clean.contains(bad), "{bad} left in:\n{clean}");
        }
        assert!(clean.contains("<span>you</span>"), "{clean}");
        assert!(clean.contains("<img src=\"a.png\">"), "{clean}");
    }

    #[test]
    fn markdown_without_html_is_untouched() {
        let md = "# Title\n\nSome *text* & a [link](people.md).\n";
        assert_eq!(sanitise_markdown(md), md);
    }

    #[test]
    fn script_links_are_errors_with_their_line() {
        let md = "Fine [a](https://example.org) [b](mailto:x@example.org) [c](people.md#x).\n\n[bad](javascript:alert(1)) ![img](data:text/html,x)\n\n<java&#9;script:alert(1)>\n";
        let errors = unsafe_links(md, Path::new("x.md"), 5);
        let found: Vec<(String, Option<usize>)> =
            errors.iter().map(|d| (d.message.clone(), d.line)).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].0.contains("`javascript:`") && found[0].1 == Some(7));
        assert!(found[1].0.contains("`data:`"));
        assert_eq!(
            forbidden_scheme("java\tscript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(forbidden_scheme("people.md#a:b"), None);
    }
}
