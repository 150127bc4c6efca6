//! The link check, run once every page exists: every internal link and
//! `#anchor` must resolve. Content links are reported at their source line;
//! links in the built pages (templates) are checked too, so a theme cannot
//! ship a broken link either.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::markdown::LinkRef;

/// The ids on each page of the built site, read from the HTML itself.
pub type Anchors = BTreeMap<String, BTreeSet<String>>;

/// What the link check reads from one built page: its ids, and the
/// `href` and `src` values it links with. A function of the page's bytes
/// alone, so the preview keeps it for pages that did not change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLinks {
    pub ids: BTreeSet<String>,
    pub links: Vec<String>,
}

impl PageLinks {
    pub fn of(html: &str) -> PageLinks {
        let mut links = attribute_values(html, "href");
        links.extend(attribute_values(html, "src"));
        PageLinks {
            ids: attribute_values(html, "id").into_iter().collect(),
            links,
        }
    }
}

/// Checks links found in a source file against the built pages.
pub fn check_content_links(file: &Path, links: &[LinkRef], anchors: &Anchors) -> Vec<Diagnostic> {
    links
        .iter()
        .filter_map(|link| {
            let problem = problem(&link.url, anchors)?;
            Some(
                Diagnostic::new(file, format!("broken link `{}`: {problem}", link.written))
                    .at_line(link.line)
                    .hint(hint(&link.url, anchors)),
            )
        })
        .collect()
}

/// Where a link in the built pages is written (a template file, and the
/// line if known), given the link as it appears in the page's HTML.
pub type LinkSource<'a> = &'a dyn Fn(&str) -> (PathBuf, Option<usize>);

/// Checks every `href` and `src` in the built HTML pages (site-relative
/// ones); each problem names the file `written_in` says holds the link.
pub fn check_output_links<'a>(
    pages: impl IntoIterator<Item = (&'a str, &'a PageLinks)>,
    files: &BTreeSet<String>,
    anchors: &Anchors,
    written_in: LinkSource,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (page, found) in pages {
        for raw in &found.links {
            let target = raw.replace("&amp;", "&");
            let at = |message: String| {
                let (file, line) = written_in(raw);
                let d = Diagnostic::new(file, message);
                match line {
                    Some(line) => d.at_line(line),
                    None => d,
                }
            };
            if target.contains(':') || target.starts_with("//") {
                continue;
            }
            if target.starts_with('/') {
                errors.push(
                    at(format!("page `{page}` links to root-absolute `{target}`")).hint(
                        "use a relative link, so the site works in a sub-folder and from disk",
                    ),
                );
                continue;
            }
            let full = if target.starts_with('#') {
                format!("{page}{target}")
            } else {
                target.clone()
            };
            let (path, fragment) = full.split_once('#').unwrap_or((&full, ""));
            let path = path.split('?').next().unwrap_or(path);
            if !files.contains(path) && !anchors.contains_key(path) {
                errors.push(
                    at(format!(
                        "page `{page}` links to `{target}`, which the build does not produce"
                    ))
                    .hint("check the link where it is written (a template, or raw HTML in the content or a council patch), or the file it names"),
                );
            } else if !fragment.is_empty()
                && anchors.get(path).is_some_and(|ids| !ids.contains(fragment))
            {
                errors.push(
                    at(format!(
                        "page `{page}` links to `{target}`, but `{path}` has no `#{fragment}`"
                    ))
                    .hint("check the link's `#anchor` where it is written (a template, or raw HTML in the content or a council patch)"),
                );
            }
        }
    }
    errors
}

fn problem(url: &str, anchors: &Anchors) -> Option<String> {
    let (page, fragment) = url.split_once('#').unwrap_or((url, ""));
    let ids = anchors.get(page)?;
    (!fragment.is_empty() && !ids.contains(fragment))
        .then(|| format!("`{page}` has no heading or anchor `#{fragment}`"))
}

fn hint(url: &str, anchors: &Anchors) -> String {
    let (page, fragment) = url.split_once('#').unwrap_or((url, ""));
    let ids = anchors
        .get(page)
        .map(|ids| ids.iter().map(String::as_str).collect::<Vec<_>>())
        .unwrap_or_default();
    match crate::diagnostics::did_you_mean(fragment, ids.iter().copied()) {
        Some(good) => format!("did you mean `#{good}`?"),
        None if ids.is_empty() => format!("`{page}` has no headings; link to the page itself"),
        None => "heading ids are the heading's text in lower case with `-` between words".into(),
    }
}

/// The values of `name="..."` attributes in HTML we generated ourselves
/// (always double-quoted).
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    values
}
