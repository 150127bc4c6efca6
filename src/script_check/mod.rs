//! The last check before anything is written: every file of the site, read
//! as a browser reads it, carries no script the theme did not put there.
//!
//! Council input is escaped or refused where it enters the site (the
//! overlay stage, the templates' escaper); this stage proves it held, so a
//! gap anywhere upstream fails the build instead of reaching a reader:
//!
//! - HTML pages (html5ever's tokenizer): no `<script>` but the theme's own
//!   files, no inline script, no `on*` handlers, no `style` attributes, no
//!   `javascript:`/`vbscript:`/`data:` URLs (a `data:` image in `img src`
//!   aside), no `<iframe>`, `<object>`, `<embed>`, `<base>`, `<style>`, no
//!   `<meta http-equiv>` but the Content-Security-Policy (which every page
//!   must carry), no form but the search form, no id twice on a page;
//! - SVG files: the logo rules (`svg`);
//! - CSS files: nothing that runs or imports (`css`);
//! - scripts: only the theme's own.

mod css;
mod page;
mod svg;
mod urls;

pub use css::check_css;
pub use page::{
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER, THEME_SCRIPTS, Violation, check_page,
};
pub use svg::{SvgProblem, check_svg};
pub use urls::{is_active_scheme, scheme};

use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::render::OutputFile;

/// Checks every file of a built site. `origin(page)` names the source a
/// page's content most probably came from, for the hint. `passed(file)`
/// says a file is known to pass already (the preview's cache: the same
/// path and bytes, checked against the same `base_url`), so it is skipped.
pub fn check_site(
    files: &[OutputFile],
    base_url: &str,
    origin: impl Fn(&str) -> String + Sync,
    passed: impl Fn(&OutputFile) -> bool + Sync,
) -> Result<()> {
    use rayon::prelude::*;
    // Each file is checked on its own, in parallel; errors kept in file order.
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter(|file| !passed(file))
        .map(|file| check_file(file, base_url, &origin))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    Errors::check(errors)
}

/// The final check of one file of the site (a build that writes each
/// page as soon as it is ready checks them one by one).
pub fn check_file(
    file: &OutputFile,
    base_url: &str,
    origin: &(impl Fn(&str) -> String + Sync),
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // Borrowed when UTF-8 (every built page); anything else is read as a
    // browser would, with replacement characters.
    let text = String::from_utf8_lossy(&file.bytes);
    let path = file.path.as_str();
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" | "htm" | "xhtml" => {
            for v in check_page(&text, base_url) {
                errors.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "the built page has {}: `{}`",
                            v.problem, v.element
                        ),
                    )
                    .at_line(usize::try_from(v.line).unwrap_or(usize::MAX))
                    .hint(format!(
                        "the site must carry no script but the theme's own; this most probably came from {}",
                        origin(path)
                    )),
                );
            }
        }
        "svg" => {
            if let Err(p) = check_svg(&text) {
                let (line, column) = line_column(&text, p.offset);
                errors.push(
                    Diagnostic::new(path, format!("the SVG file is refused: {}", p.message))
                        .at(line, column)
                        .hint(format!("it came from {}", origin(path))),
                );
            }
        }
        "css" => {
            if let Err(problem) = check_css(&text) {
                errors.push(
                    Diagnostic::new(path, format!("the stylesheet is refused: {problem}"))
                        .hint(format!("it came from {}", origin(path))),
                );
            }
        }
        "js" | "mjs" if !THEME_SCRIPTS.contains(&path) => errors.push(
            Diagnostic::new(path, "a script that is not one of the theme's own")
                .hint(format!("it came from {}", origin(path))),
        ),
        _ => {}
    }
    errors
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
