//! `new section`, `new term` and `new council`: a correctly formed file for
//! an editor to fill in, so nobody has to copy front matter by hand.
//!
//! What a new file holds is a choice: it builds at once (so a preview that
//! is running never breaks because an editor asked for a new page), but it
//! is visibly unfinished: a new section or term has no text yet, which
//! `check` reports as a warning ("an empty section", "a glossary term
//! nothing mentions") and `check --strict` refuses, so an unfinished page
//! cannot be published by a strict build. The instructions are YAML
//! comments in the front matter, which are never published.
//!
//! Names are checked with the rules the build itself applies
//! (`content::slugs`), and an existing file is never replaced.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::{Guide, slugs, urls};
use crate::diagnostics::{Diagnostic, Result};

/// The folder of glossary terms, inside the guide.
const GLOSSARY_DIR: &str = "glossary";
/// The folder of councils, inside the guide.
const COUNCILS_DIR: &str = "councils";

/// Writes `guide/<slug>.md` for a section called `title`, placed after the
/// last section (the next free `order`). Returns the file written.
pub fn new_section(guide_dir: &Path, title: &str) -> Result<PathBuf> {
    let title = check_title(guide_dir, title, "section title", "Working with schools")?;
    let slug = slug_for(guide_dir, &title, "section")?;
    let guide = Guide::load(guide_dir)?;
    let order = guide
        .sections
        .iter()
        .map(|s| s.meta.order)
        .max()
        .map_or(1, |o| o.saturating_add(1));
    let text = format!(
        "---\n\
         # Write the section below the second line of dashes: paragraphs, and\n\
         # sub-headings starting `## `. `check` warns until the section has text.\n\
         # `order` places it in the guide; `summary` is the one sentence shown\n\
         # on the contents page and to search engines.\n\
         title: {title}\n\
         slug: {slug}\n\
         order: {order}\n\
         summary: {summary}\n\
         ---\n",
        title = yaml_string(&title),
        summary = yaml_string(&format!(
            "What a new portfolio holder needs to know about {}.",
            lower_first(&title)
        )),
    );
    write_new(&guide_dir.join(format!("{slug}.md")), &text)
}

/// Writes `guide/glossary/<slug>.md` for `term`. Returns the file written.
pub fn new_term(guide_dir: &Path, term: &str) -> Result<PathBuf> {
    let term = check_title(guide_dir, term, "glossary term", "Virtual School Head")?;
    let slug = slug_for(guide_dir, &term, "term")?;
    let text = format!(
        "---\n\
         # Write the definition below the second line of dashes. Sections that\n\
         # use the term (or an abbreviation or alias) link to it by themselves;\n\
         # `check` warns until the definition is written and a section uses it.\n\
         # abbreviations: [ABC]\n\
         # aliases: [\"another name\"]\n\
         # see_also: [another-term-file-name]\n\
         term: {term}\n\
         ---\n",
        term = yaml_string(&term),
    );
    write_new(
        &guide_dir.join(GLOSSARY_DIR).join(format!("{slug}.md")),
        &text,
    )
}

/// Writes `guide/councils/<slug>/council.yaml`, a council that changes
/// nothing yet (it builds as the base guide with its own name). Returns
/// the file written.
pub fn new_council(guide_dir: &Path, slug: &str) -> Result<PathBuf> {
    let folder = guide_dir.join(COUNCILS_DIR).join(slug);
    if !crate::overlay::is_council_slug(slug) {
        return Err(Diagnostic::new(&folder, format!("`{slug}` cannot be a council's folder name"))
            .hint("use lower-case letters, digits and `-`, such as `northshire` or `city-of-riverton` (not `static`, `search` or `editions`)")
            .into());
    }
    let config = folder.join("council.yaml");
    if folder.exists() {
        return Err(refuse(&folder));
    }
    let name = format!("{} Council", title_case(slug));
    let text = format!(
        "# Your council's copy of the guide: every key is explained in\n\
         # docs/councils.md, and guide/councils/northshire/ uses them all.\n\
         # Add `sections/`, `glossary/` and `patches/` folders beside this file.\n\
         name: {name}\n\
         slug: {slug}\n\
         # The address your copy will be published at.\n\
         base_url: https://www.{slug}.example.org/first-ten-days/\n\
         # role_title: lead member\n",
        name = yaml_string(&name),
    );
    fs::create_dir_all(guide_dir.join(COUNCILS_DIR))
        .map_err(|e| Diagnostic::io("create", &guide_dir.join(COUNCILS_DIR), &e))?;
    // Creating the folder is the claim: if it appeared since the check
    // above, this fails rather than writing into someone else's council.
    fs::create_dir(&folder).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => refuse(&folder),
        _ => Diagnostic::io("create", &folder, &e).into(),
    })?;
    write_new(&config, &text)
}

/// A title or term: one line of text with at least one letter or digit.
fn check_title(guide_dir: &Path, title: &str, what: &str, example: &str) -> Result<String> {
    let trimmed = title.trim();
    let problem = if trimmed.is_empty() {
        Some(format!("the {what} is empty"))
    } else if trimmed.contains(['\n', '\r']) {
        Some(format!("the {what} must be one line"))
    } else if trimmed.chars().any(char::is_control) {
        Some(format!("the {what} contains a control character"))
    } else if urls::slugify(trimmed).is_empty() {
        Some(format!("the {what} `{trimmed}` has no letters or digits"))
    } else {
        None
    };
    match problem {
        Some(message) => Err(Diagnostic::new(guide_dir, message)
            .hint(format!("write it in quotes, such as \"{example}\""))
            .into()),
        None => Ok(trimmed.to_string()),
    }
}

/// The file name the build would accept for `title`: the heading-id rule,
/// then the safe-name and reserved-name rules the loader applies.
fn slug_for(guide_dir: &Path, title: &str, what: &str) -> Result<String> {
    let slug = urls::slugify(title);
    if !slugs::is_safe(&slug) {
        return Err(Diagnostic::new(
            guide_dir,
            format!("`{title}` makes the file name `{slug}`, which is not a safe page name"),
        )
        .hint(format!(
            "a {what}'s file name is made from its letters and digits; write them in plain English letters, such as \"Cafe\" for \"Café\""
        ))
        .into());
    }
    if what == "section" && slugs::is_reserved(&slug) {
        return Err(Diagnostic::new(
            guide_dir,
            format!("`{title}` makes the page name `{slug}`, which the site already uses"),
        )
        .hint(format!(
            "choose a longer title, such as \"{title} guide\"; these names are taken: {}",
            slugs::reserved_list()
        ))
        .into());
    }
    Ok(slug)
}

/// Writes `text` to `path` only if nothing is there, without a window in
/// which another file could be replaced.
fn write_new(path: &Path, text: &str) -> Result<PathBuf> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => refuse(path),
            _ => Diagnostic::io("create", path, &e).into(),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::io("write", path, &e))?;
    Ok(path.to_path_buf())
}

fn refuse(path: &Path) -> crate::diagnostics::Errors {
    Diagnostic::new(path, "already exists; nothing was written")
        .hint("edit that file, or choose another name")
        .into()
}

/// A YAML double-quoted scalar: JSON's string syntax is valid YAML, and
/// escapes quotes, backslashes and anything else that could end the value.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn lower_first(s: &str) -> String {
    // Keep acronyms ("SEND") and proper names as they are.
    let mut words = s.split(' ');
    let first = words.next().unwrap_or_default();
    let shout = first.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first.chars().all(|c| !c.is_lowercase());
    let mut out = if shout {
        first.to_string()
    } else {
        first.to_lowercase()
    };
    for w in words {
        out.push(' ');
        out.push_str(w);
    }
    out
}

fn title_case(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_keep_acronyms_and_council_names_read_as_names() {
        assert_eq!(lower_first("Working with schools"), "working with schools");
        assert_eq!(lower_first("SEND reforms"), "SEND reforms");
        assert_eq!(title_case("city-of-riverton"), "City Of Riverton");
    }

    #[test]
    fn yaml_strings_cannot_end_early() {
        assert_eq!(yaml_string("a \"b\": c"), r#""a \"b\": c""#);
    }
}
