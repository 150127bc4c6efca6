//! Loading `guide/`: typed settings, sections, glossary terms, checklist and
//! resources. Nothing here knows about HTML; every value remembers its file.

mod checklist;
pub mod front_matter;
mod glossary;
mod resources;
mod section;
mod site;
pub mod slugs;
mod texts;
pub mod urls;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub use checklist::{Checklist, ChecklistItem};
pub use glossary::{Abbreviation, Glossary, NAME_HINT, Term, TermMeta, name_problem};
pub use resources::{Resource, Resources};
pub use section::{Section, SectionMeta};
pub use site::{CouncilBranding, Publisher, Site, normalise_base_url};
pub use texts::Text;

use crate::diagnostics::{Diagnostic, Errors, Result};

/// The whole guide as loaded from disk: the input of every later stage.
#[derive(Debug, Clone)]
pub struct Guide {
    /// The folder it was loaded from.
    pub root: PathBuf,
    pub site: Site,
    /// In reading order (`order` ascending).
    pub sections: Vec<Section>,
    pub glossary: Glossary,
    pub checklist: Checklist,
    pub resources: Resources,
}

/// A file's text as read from disk, with the path it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

impl Source {
    /// Every file of a guide or council folder is read here, so this is the
    /// one place a byte-order mark is dropped: Windows editors (Notepad,
    /// Excel's "UTF-8 CSV") write one, and YAML would otherwise read it as
    /// part of the first key. It is not a line, so line numbers stay right.
    pub fn read(path: &Path) -> Result<Source> {
        let mut text = fs::read_to_string(path).map_err(|e| Diagnostic::io("read", path, &e))?;
        if text.starts_with(BOM) {
            text.drain(..BOM.len_utf8());
        }
        Ok(Source {
            path: path.to_path_buf(),
            text,
        })
    }
}

/// The UTF-8 byte-order mark, as a character.
pub(crate) const BOM: char = '\u{feff}';

/// The folders directly inside `dir`, sorted by name; none if `dir` does
/// not exist. Councils (`councils/`) and old editions (`editions/`) are
/// listed this way.
pub fn subfolders(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    entries(dir, |entry| entry.file_type().is_dir())
}

/// The entries directly inside `dir` that `keep` accepts, sorted by name
/// (so every build reads files in the same order).
fn entries(dir: &Path, keep: impl Fn(&walkdir::DirEntry) -> bool) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            Diagnostic::new(dir, format!("failed to list `{}`: {e}", dir.display()))
        })?;
        if keep(&entry) {
            found.push(entry.into_path());
        }
    }
    Ok(found)
}

impl Guide {
    /// Loads `root` (usually `guide/`), reporting every problem found, not just the first.
    pub fn load(root: &Path) -> Result<Guide> {
        if !root.is_dir() {
            return Err(Diagnostic::new(root, "the guide folder does not exist")
                .hint("run the command from the project folder, or pass `--guide DIR`")
                .into());
        }
        let mut errors = Vec::new();
        let site = keep(
            Source::read(&root.join("site.yaml")).and_then(|s| site::parse(&s)),
            &mut errors,
        );
        let sections = keep(section::load_all(root), &mut errors);
        let glossary = keep(glossary::load(&root.join("glossary")), &mut errors);
        let checklist = keep(
            Source::read(&root.join("checklist.yaml")).and_then(|s| checklist::parse(&s)),
            &mut errors,
        );
        let resources = keep(
            Source::read(&root.join("resources.yaml")).and_then(|s| resources::parse(&s)),
            &mut errors,
        );

        match (site, sections, glossary, checklist, resources) {
            (Some(site), Some(sections), Some(glossary), Some(checklist), Some(resources))
                if errors.is_empty() =>
            {
                let guide = Guide {
                    root: root.to_path_buf(),
                    site,
                    sections,
                    glossary,
                    checklist,
                    resources,
                };
                guide.validate()?;
                Ok(guide)
            }
            _ => Err(Errors(errors)),
        }
    }

    /// Checks that hold across files: unique slugs, orders and terms, and
    /// `see_also` and checklist references that name something real.
    pub fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        let mut slugs: BTreeMap<&str, &Path> = BTreeMap::new();
        let mut orders: BTreeMap<u32, &Path> = BTreeMap::new();
        for s in &self.sections {
            errors.extend(slug_problem(s));
            if let Some(first) = slugs.insert(&s.meta.slug, &s.source) {
                errors.push(
                    Diagnostic::new(
                        &s.source,
                        format!("duplicate section slug `{}`", s.meta.slug),
                    )
                    .at_line(s.line_of_key("slug"))
                    .hint(format!(
                        "`{}` already uses it; slugs must be unique",
                        first.display()
                    )),
                );
            }
            if let Some(first) = orders.insert(s.meta.order, &s.source) {
                errors.push(
                    Diagnostic::new(
                        &s.source,
                        format!("duplicate section order {}", s.meta.order),
                    )
                    .at_line(s.line_of_key("order"))
                    .hint(format!(
                        "`{}` already has order {}",
                        first.display(),
                        s.meta.order
                    )),
                );
            }
        }
        errors.extend(self.glossary.validate());
        errors.extend(self.checklist.validate(&self.sections));
        Errors::check(errors)
    }

    pub fn section(&self, slug: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.meta.slug == slug)
    }
}

/// A section's slug names its page: it must be a safe file name and not
/// one of the pages the site makes (a section `search` would silently
/// replace the search page).
fn slug_problem(section: &Section) -> Option<Diagnostic> {
    let slug = &section.meta.slug;
    let at = |message: String| {
        Diagnostic::new(&section.source, message).at_line(section.line_of_key("slug"))
    };
    if !slugs::is_safe(slug) {
        Some(
            at(format!("slug `{slug}` is not a safe page name")).hint(
                "use lower-case letters, digits and `-`, such as `working-with-schools`, for the slug and the file name",
            ),
        )
    } else if slugs::is_reserved(slug) {
        Some(
            at(format!(
                "slug `{slug}` is the name of a page the site makes"
            ))
            .hint(format!(
                "rename the file and its slug, such as `{slug}-guide`; these names are taken: {}",
                slugs::reserved_list()
            )),
        )
    } else {
        None
    }
}

/// The value of a step that worked; a failed step's errors join `errors`,
/// so loading goes on and reports every problem at once.
fn keep<T>(r: Result<T>, errors: &mut Vec<Diagnostic>) -> Option<T> {
    r.map_err(|e| errors.extend(e)).ok()
}

/// The 1-based line of the first line in `text` that starts with `key:`, for
/// pointing at a value that is wrong only in context (a duplicate slug).
pub(crate) fn line_of_key(text: &str, first_line: usize, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.starts_with(':'))
        })
        .map_or(first_line, |i| first_line + i)
}

/// Every markdown file directly inside `dir` (as [`markdown_files`] lists
/// them), read and parsed by `parse` on rayon threads (10,000 sections
/// take half a second on one), in file order; all their problems at once.
pub(crate) fn parse_markdown_files<T: Send>(
    dir: &Path,
    parse: impl Fn(&Source) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    use rayon::prelude::*;
    let parsed: Vec<Result<T>> = markdown_files(dir)?
        .par_iter()
        .map(|path| Source::read(path).and_then(|s| parse(&s)))
        .collect();
    let mut items = Vec::with_capacity(parsed.len());
    let mut errors = Vec::new();
    for item in parsed {
        match item {
            Ok(item) => items.push(item),
            Err(e) => errors.extend(e),
        }
    }
    Errors::check(errors)?;
    Ok(items)
}

/// Markdown files directly inside `dir`, sorted by name, skipping
/// `README.md` and `_index.md`.
pub(crate) fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    entries(dir, |entry| {
        let name = entry.file_name().to_string_lossy();
        // Hidden files are editors' (emacs's `.#people.md` lock, where the
        // folder cannot hold the symlink it usually is), never content.
        entry.file_type().is_file()
            && name.ends_with(".md")
            && !name.starts_with('.')
            && name != "README.md"
            && name != "_index.md"
    })
}
