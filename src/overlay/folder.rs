//! Reading a council folder: `council.yaml`, and markdown that mirrors the
//! base guide's layout (`sections/` or the folder itself, `glossary/`,
//! `patches/`). Nothing may point outside the folder.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::config::ConfigFile;
use super::sanitise::{sanitise_markdown, unsafe_links};
use crate::content::front_matter::{parse_yaml, split};
use crate::content::{Abbreviation, Source};
use crate::diagnostics::{Diagnostic, Errors, Result, did_you_mean};

/// A council folder, loaded and checked on its own (not yet against the base).
#[derive(Debug, Clone)]
pub struct Council {
    /// The folder as given.
    pub root: PathBuf,
    pub config: ConfigFile,
    /// Replacements and additions, by file name.
    pub sections: Vec<OverlayFile<SectionOverride>>,
    pub terms: Vec<OverlayFile<TermOverride>>,
    pub patches: Vec<OverlayFile<PatchMeta>>,
}

/// Front matter of a council's section. A replacement may leave out what
/// it keeps from the base (title, summary, place); an addition needs
/// `title`, `summary`, and `after` or `order`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionOverride {
    pub title: Option<String>,
    /// Must equal the file name when given.
    pub slug: Option<String>,
    pub summary: Option<String>,
    /// Place by number among the base's sections (a tie goes after the base's).
    pub order: Option<u32>,
    /// Place after the section with this slug.
    pub after: Option<String>,
    /// The base content this was written against (`council pin` writes it).
    pub base_hash: Option<String>,
}

/// Front matter of a council's glossary term: anything left out of a
/// replacement keeps the base term's value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermOverride {
    pub term: Option<String>,
    pub abbreviations: Option<Vec<Abbreviation>>,
    pub aliases: Option<Vec<String>>,
    pub see_also: Option<Vec<String>>,
    pub match_case: Option<bool>,
    pub base_hash: Option<String>,
}

/// Front matter of a patch to one sub-section of a base section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchMeta {
    /// `section-slug#heading-id`.
    pub target: String,
    pub action: Action,
    /// The heading of the new sub-section (`insert_after`), or a new
    /// heading text for the target (`replace`; its id stays).
    pub title: Option<String>,
    pub base_hash: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Replace the text under the heading (the heading and its id stay).
    Replace,
    /// Add to the end of the sub-section.
    Append,
    /// Add just below the heading.
    Prepend,
    /// Add a new sub-section after it, at the same level.
    InsertAfter,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Replace => "replace",
            Action::Append => "append",
            Action::Prepend => "prepend",
            Action::InsertAfter => "insert_after",
        }
    }
}

/// One markdown file of the council folder.
#[derive(Debug, Clone)]
pub struct OverlayFile<M> {
    pub path: PathBuf,
    /// Path inside the council folder (`patches/support-staff.md`), for `.pins/`.
    pub rel: PathBuf,
    /// File name without `.md`.
    pub stem: String,
    pub meta: M,
    /// Sanitised markdown below the front matter.
    pub body: String,
    pub body_line: usize,
    front_matter: String,
}

impl<M> OverlayFile<M> {
    /// 1-based line of `key:` in the front matter (line 2 if absent).
    pub fn line_of_key(&self, key: &str) -> usize {
        crate::content::line_of_key(&self.front_matter, 2, key)
    }
}

impl Council {
    /// Reads and checks a council folder, reporting every problem found.
    pub fn load(root: &Path) -> Result<Council> {
        if !root.is_dir() {
            return Err(Diagnostic::new(root, "the council folder does not exist")
                .hint("pass a council's slug (a folder in `guide/councils/`) or the path of a council folder")
                .into());
        }
        let mut errors = links_out_of(root);
        let config = match ConfigFile::read(root) {
            Ok(c) => Some(c),
            Err(d) => {
                errors.extend(d);
                None
            }
        };
        if let Some(config) = &config
            && let Some(logo) = &config.config.logo
            && let Err(d) = inside(root, logo)
        {
            errors.push(
                config
                    .error(config.line_of_key("logo"), d)
                    .hint("put the logo file in the council folder and name it relative to the folder, such as `logo.svg`"),
            );
        }
        if let Some(config) = &config {
            errors.extend(unknown_folders(root, config));
            errors.extend(super::validate::check(config));
            errors.extend(active_static_files(root));
        }
        let mut sections = Vec::new();
        for dir in [root.to_path_buf(), root.join("sections")] {
            sections.extend(read_all::<SectionOverride>(root, &dir, &mut errors));
        }
        let terms = read_all::<TermOverride>(root, &root.join("glossary"), &mut errors);
        let patches = read_all::<PatchMeta>(root, &root.join("patches"), &mut errors);
        errors.extend(front_matter_text(&sections, &terms, &patches));
        for (i, s) in sections.iter().enumerate() {
            if let Some(first) = sections[..i].iter().find(|f| f.stem == s.stem) {
                errors.push(
                    Diagnostic::new(&s.path, format!("section `{}` is given twice", s.stem))
                        .at_line(1)
                        .hint(format!(
                            "`{}` already gives it; keep one of the two",
                            first.path.display()
                        )),
                );
            }
            if let Some(slug) = s.meta.slug.as_ref().filter(|slug| **slug != s.stem) {
                errors.push(
                    Diagnostic::new(
                        &s.path,
                        format!("slug `{slug}` does not match the file name"),
                    )
                    .at_line(s.line_of_key("slug"))
                    .hint(format!(
                        "rename the file to `{slug}.md` or set `slug: {}`",
                        s.stem
                    )),
                );
            }
        }
        errors.extend(terms.iter().flat_map(unusable_names));
        match config {
            Some(config) if errors.is_empty() => Ok(Council {
                root: root.to_path_buf(),
                config,
                sections,
                terms,
                patches,
            }),
            _ => Err(Errors(errors)),
        }
    }

    pub fn name(&self) -> &str {
        &self.config.config.name
    }

    pub fn slug(&self) -> &str {
        &self.config.config.slug
    }

    /// The logo's path on disk, once checked to be inside the folder.
    pub fn logo_path(&self) -> Option<PathBuf> {
        self.config.config.logo.as_ref().map(|l| self.root.join(l))
    }
}

/// A council term's empty or punctuation-only names, at the council's line
/// (the base's check would point at the base's file).
fn unusable_names(file: &OverlayFile<TermOverride>) -> Vec<Diagnostic> {
    let m = &file.meta;
    let names = m.term.iter().map(|t| ("term", t.as_str()));
    let abbreviations = m
        .abbreviations
        .iter()
        .flatten()
        .map(|a| ("abbreviations", a.abbr()));
    let aliases = m.aliases.iter().flatten().map(|a| ("aliases", a.as_str()));
    names
        .chain(abbreviations)
        .chain(aliases)
        .filter_map(|(key, name)| {
            let problem = crate::content::name_problem(name, key)?;
            Some(
                Diagnostic::new(&file.path, problem)
                    .at_line(file.line_of_key(key))
                    .hint(crate::content::NAME_HINT),
            )
        })
        .collect()
}

/// Folders the council folder may hold; a misspelt one (`patch/`) would
/// otherwise be silently ignored.
const FOLDERS: [&str; 6] = [
    "sections",
    "glossary",
    "patches",
    "templates",
    "static",
    ".pins",
];

fn unknown_folders(root: &Path, config: &ConfigFile) -> Vec<Diagnostic> {
    let logo_dir = config
        .config
        .logo
        .as_ref()
        .and_then(|l| l.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type().is_dir()
            || FOLDERS.contains(&name.as_str())
            || logo_dir.as_deref() == Some(name.as_str())
        {
            continue;
        }
        let hint = match did_you_mean(&name, FOLDERS) {
            Some(good) => format!("did you mean `{good}/`?"),
            None => "a council folder holds `sections/`, `glossary/`, `patches/`, `templates/`, `static/` and the logo's folder".into(),
        };
        errors.push(
            Diagnostic::new(
                entry.path(),
                format!("unknown folder `{name}/` in the council folder"),
            )
            .hint(hint),
        );
    }
    if root.join("glossary/_index.md").is_file() {
        errors.push(
            Diagnostic::new(
                root.join("glossary/_index.md"),
                "a council cannot replace the glossary's introduction",
            )
            .hint("remove the file; the base's introduction is used (in the council's words)"),
        );
    }
    errors
}

/// Titles, summaries and names in council front matter are plain lines.
fn front_matter_text(
    sections: &[OverlayFile<SectionOverride>],
    terms: &[OverlayFile<TermOverride>],
    patches: &[OverlayFile<PatchMeta>],
) -> Vec<Diagnostic> {
    use super::validate::front_matter;
    let mut errors = Vec::new();
    for s in sections {
        let fields: Vec<(&str, &str)> = [("title", &s.meta.title), ("summary", &s.meta.summary)]
            .into_iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
            .collect();
        errors.extend(front_matter(&fields, &s.path, |k| s.line_of_key(k)));
    }
    for t in terms {
        let m = &t.meta;
        let mut fields: Vec<(&str, &str)> = Vec::new();
        fields.extend(m.term.as_deref().map(|v| ("term", v)));
        for a in m.aliases.iter().flatten() {
            fields.push(("aliases", a));
        }
        for a in m.abbreviations.iter().flatten() {
            fields.push(("abbreviations", a.abbr()));
            if let Abbreviation::Expanded { expansion, .. } = a {
                fields.push(("abbreviations", expansion));
            }
        }
        errors.extend(front_matter(&fields, &t.path, |k| t.line_of_key(k)));
    }
    for p in patches {
        if let Some(title) = &p.meta.title {
            errors.extend(front_matter(&[("title", title)], &p.path, |k| {
                p.line_of_key(k)
            }));
        }
    }
    errors
}

/// File types a browser runs or renders as a page: a council's `static/`
/// may hold stylesheets, images and fonts, never code or pages (a council
/// `search.js` would replace the theme's script on every page).
const ACTIVE_TYPES: [&str; 11] = [
    "js", "mjs", "html", "htm", "xhtml", "xml", "xsl", "xslt", "swf", "wasm", "svgz",
];

fn active_static_files(root: &Path) -> Vec<Diagnostic> {
    walkdir::WalkDir::new(root.join("static"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let ext = e
                .path()
                .extension()
                .map(|x| x.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            ACTIVE_TYPES.contains(&ext.as_str())
        })
        .map(|e| {
            Diagnostic::new(
                e.path(),
                "a council's `static/` folder may not hold scripts or pages",
            )
            .hint("keep stylesheets, images and fonts in `static/`; the theme provides the site's scripts and pages")
        })
        .collect()
}

/// Reads every `*.md` directly in `dir` (skipping `README.md`), if it exists.
fn read_all<M: DeserializeOwned>(
    root: &Path,
    dir: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<OverlayFile<M>> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let paths = match crate::content::markdown_files(dir) {
        Ok(p) => p,
        Err(d) => {
            errors.extend(d);
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for path in paths {
        match read_file::<M>(root, &path) {
            Ok(f) => files.push(f),
            Err(e) => errors.extend(e),
        }
    }
    files
}

fn read_file<M: DeserializeOwned>(root: &Path, path: &Path) -> Result<OverlayFile<M>> {
    let source = Source::read(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The file name becomes the page's address and an id in the HTML.
    if !super::config::is_slug(&stem) && !matches!(stem.as_str(), "static" | "search") {
        return Err(
            Diagnostic::new(path, format!("file name `{stem}.md` is not a valid slug"))
                .hint("name council files with lower-case letters, digits and `-`, such as `local-contacts.md`")
                .into(),
        );
    }
    let parts = split(path, &source.text)?;
    let meta: M = parse_yaml(path, parts.yaml, parts.yaml_line)?;
    let body = sanitise_markdown(parts.body);
    let unsafe_links = unsafe_links(&body, path, parts.body_line);
    Errors::check(unsafe_links)?;
    Ok(OverlayFile {
        path: path.to_path_buf(),
        rel: path.strip_prefix(root).unwrap_or(path).to_path_buf(),
        stem,
        meta,
        body,
        body_line: parts.body_line,
        front_matter: parts.yaml.to_string(),
    })
}

/// `relative` names a file inside `root`: no `..`, not absolute, not a
/// link that leads out, and it exists.
pub fn inside(root: &Path, relative: &Path) -> std::result::Result<(), String> {
    let shown = relative.display();
    if relative.is_absolute() || relative.has_root() {
        return Err(format!(
            "`{shown}` is an absolute path; files must be inside the council folder"
        ));
    }
    if relative
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
    {
        return Err(format!(
            "`{shown}` climbs out of the council folder with `..`"
        ));
    }
    let full = root.join(relative);
    let real = full
        .canonicalize()
        .map_err(|e| format!("cannot read `{}`: {e}", full.display()))?;
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("cannot read `{}`: {e}", root.display()))?;
    if !real.starts_with(&real_root) {
        return Err(format!(
            "`{shown}` is a link to `{}`, outside the council folder",
            real.display()
        ));
    }
    if !real.is_file() {
        return Err(format!("`{shown}` is not a file"));
    }
    Ok(())
}

/// Symbolic links anywhere in the folder that lead outside it (or nowhere):
/// a council folder must carry its own files.
fn links_out_of(root: &Path) -> Vec<Diagnostic> {
    let Ok(real_root) = root.canonicalize() else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false) {
        let Ok(entry) = entry else { continue };
        if !entry.path_is_symlink() {
            continue;
        }
        let path = entry.path();
        match path.canonicalize() {
            Ok(real) if real.starts_with(&real_root) => {}
            Ok(real) => errors.push(
                Diagnostic::new(
                    path,
                    format!(
                        "`{}` is a link to `{}`, outside the council folder",
                        path.display(),
                        real.display()
                    ),
                )
                .hint("copy the file into the council folder instead of linking to it"),
            ),
            Err(e) => errors.push(Diagnostic::new(
                path,
                format!("`{}` is a link that leads nowhere: {e}", path.display()),
            )),
        }
    }
    errors
}

/// Every council folder under `guide/councils/`, sorted by name.
pub fn list(guide: &Path) -> Result<Vec<PathBuf>> {
    let mut found = crate::content::subfolders(&guide.join("councils"))?;
    found.retain(|dir| dir.join("council.yaml").is_file());
    Ok(found)
}

/// A council named on the command line: the slug of a folder in
/// `guide/councils/`, or the path of a council folder anywhere.
pub fn find(guide: &Path, name: &str) -> Result<PathBuf> {
    let known = list(guide)?;
    let slugs: Vec<String> = known
        .iter()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    let looks_like_path = name.contains('/') || name.contains('\\') || name.starts_with('.');
    if !looks_like_path && let Some(i) = slugs.iter().position(|s| s == name) {
        return Ok(known[i].clone());
    }
    let as_path = Path::new(name);
    if as_path.join("council.yaml").is_file() {
        return Ok(as_path.to_path_buf());
    }
    let list = if slugs.is_empty() {
        "there are no councils in `guide/councils/`".to_string()
    } else {
        format!(
            "the councils are: {}",
            slugs
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let hint = match did_you_mean(name, slugs.iter().map(String::as_str)) {
        Some(good) => format!("did you mean `{good}`? {list}"),
        None => format!("{list}; or pass the path of a folder holding a `council.yaml`"),
    };
    Err(Errors::from(
        Diagnostic::new(guide.join("councils"), format!("unknown council `{name}`")).hint(hint),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("logo.png"), b"x").unwrap();
        assert!(inside(dir.path(), Path::new("logo.png")).is_ok());
        assert!(
            inside(dir.path(), Path::new("../logo.png"))
                .unwrap_err()
                .contains("`..`")
        );
        assert!(
            inside(dir.path(), Path::new("/etc/hostname"))
                .unwrap_err()
                .contains("absolute")
        );
        assert!(
            inside(dir.path(), Path::new("missing.png"))
                .unwrap_err()
                .contains("cannot read")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_an_error() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.png"),
            dir.path().join("logo.png"),
        )
        .unwrap();
        assert!(
            inside(dir.path(), Path::new("logo.png"))
                .unwrap_err()
                .contains("outside the council folder")
        );
        assert_eq!(links_out_of(dir.path()).len(), 1);
    }
}
