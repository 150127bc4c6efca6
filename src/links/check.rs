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
/// site-relative `href` and `src` values it links with. A function of the
/// page's bytes alone, so the preview keeps it for pages that did not change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLinks {
    pub ids: BTreeSet<String>,
    pub links: Vec<String>,
}

impl PageLinks {
    pub fn of(html: &str) -> PageLinks {
        PageLinks {
            ids: attribute_slices(html, "id").map(str::to_string).collect(),
            links: attribute_slices(html, "href")
                .chain(attribute_slices(html, "src"))
                // Not site-relative (`&amp;` never makes or hides a `:`).
                .filter(|raw| !raw.contains(':') && !raw.starts_with("//"))
                .map(str::to_string)
                .collect(),
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
/// A link written once but shown on several pages (a template's, or a
/// section's on its page and the print page) is reported once.
pub fn check_output_links<'a>(
    pages: impl IntoIterator<Item = (&'a str, &'a PageLinks)>,
    files: &BTreeSet<String>,
    anchors: &Anchors,
    written_in: LinkSource,
) -> Vec<Diagnostic> {
    // (link as written, link resolved) → what is wrong, and on which pages.
    let mut problems: Vec<((String, String), OutputProblem, Vec<&str>)> = Vec::new();
    for (page, found) in pages {
        for raw in &found.links {
            let target = match raw.contains('&') {
                true => std::borrow::Cow::Owned(raw.replace("&amp;", "&")),
                false => std::borrow::Cow::Borrowed(raw.as_str()),
            };
            let full = match target.starts_with('#') {
                true => std::borrow::Cow::Owned(format!("{page}{target}")),
                false => target.clone(),
            };
            let (path, fragment) = full.split_once('#').unwrap_or((&full, ""));
            let path = path.split('?').next().unwrap_or(path);
            let problem = if target.starts_with('/') {
                OutputProblem::RootAbsolute
            } else if !files.contains(path) && !anchors.contains_key(path) {
                OutputProblem::Missing
            } else if !fragment.is_empty()
                && anchors.get(path).is_some_and(|ids| !ids.contains(fragment))
            {
                OutputProblem::NoAnchor(format!("`{path}` has no `#{fragment}`"))
            } else {
                continue;
            };
            let key = (raw.to_string(), full.into_owned());
            match problems.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, _, on)) => on.push(page),
                None => problems.push((key, problem, vec![page])),
            }
        }
    }
    problems
        .into_iter()
        .map(|((raw, _), problem, on)| {
            let target = raw.replace("&amp;", "&");
            let (page, also) = match on.as_slice() {
                [one] => (one, String::new()),
                [first, other] => (first, format!(" (also on `{other}`)")),
                [first, rest @ ..] => (first, format!(" (also on {} other pages)", rest.len())),
                [] => unreachable!("a problem is found on a page"),
            };
            let (message, hint) = match problem {
                OutputProblem::RootAbsolute => (
                    format!("page `{page}` links to root-absolute `{target}`{also}"),
                    "use a relative link, so the site works in a sub-folder and from disk",
                ),
                OutputProblem::Missing => (
                    format!("page `{page}` links to `{target}`, which the build does not produce{also}"),
                    "check the link where it is written (a template, or raw HTML in the content or a council patch), or the file it names",
                ),
                OutputProblem::NoAnchor(missing) => (
                    format!("page `{page}` links to `{target}`, but {missing}{also}"),
                    "check the link's `#anchor` where it is written (a template, or raw HTML in the content or a council patch)",
                ),
            };
            let (file, line) = written_in(&raw);
            let d = Diagnostic::new(file, message).hint(hint);
            match line {
                Some(line) => d.at_line(line),
                None => d,
            }
        })
        .collect()
}

/// What is wrong with a link in a built page.
enum OutputProblem {
    /// `/page.html`: breaks in a sub-folder and from disk.
    RootAbsolute,
    /// No such file in the build.
    Missing,
    /// The page exists without the `#fragment`; says which.
    NoAnchor(String),
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
/// (always double-quoted), borrowed from `html`. Every page is scanned
/// three times (`id`, `href`, `src`), 193 MB of HTML at 10,000 sections:
/// `memmem` finds the needle with SIMD where `str::find` did not, and
/// nothing is copied for the links that are fine.
fn attribute_slices<'a>(html: &'a str, name: &str) -> impl Iterator<Item = &'a str> {
    let needle = format!(" {name}=\"");
    let finder = memchr::memmem::Finder::new(needle.as_bytes()).into_owned();
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let i = finder.find(rest.as_bytes())?;
            // The needle is ASCII, so `i + len` is a char boundary.
            rest = &rest[i + finder.needle().len()..];
            if let Some(end) = memchr::memchr(b'"', rest.as_bytes()) {
                let value = &rest[..end];
                rest = &rest[end..];
                return Some(value);
            }
        }
    })
}
