//! `council.yaml`: who the council is, what it calls things, how its copy
//! looks, and what it removes from the base. Typed, unknown keys rejected.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::Publisher;
use crate::content::Source;
use crate::content::front_matter::parse_yaml;
use crate::content::normalise_base_url;
use crate::content::slugs;
use crate::diagnostics::{Diagnostic, Errors, Result};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilConfig {
    /// "Northshire County Council".
    pub name: String,
    /// The council's folder name and its sub-folder in `public/`.
    pub slug: String,
    /// Where the council publishes its copy.
    pub base_url: String,
    /// What the council calls the guide's reader ("lead member"): replaces
    /// the base's `role_title` everywhere, with plurals and capitals.
    #[serde(default)]
    pub role_title: Option<String>,
    /// Only when the plural is not the role title plus "s".
    #[serde(default)]
    pub role_title_plural: Option<String>,
    /// Other names the council uses ("Troubled Families" → its own programme).
    #[serde(default)]
    pub terms: Vec<TermReplacement>,
    /// The council's contact block, shown in the footer.
    #[serde(default)]
    pub contact: Option<Publisher>,
    /// A path inside the council folder; copied to `static/council/`.
    #[serde(default)]
    pub logo: Option<PathBuf>,
    #[serde(default)]
    pub colours: Colours,
    /// A line shown under the site name in the header.
    #[serde(default)]
    pub header_text: Option<String>,
    /// A paragraph shown in the footer.
    #[serde(default)]
    pub footer_text: Option<String>,
    #[serde(default)]
    pub remove: Removals,
    /// Publish the guide's old editions (`editions/<name>/`), the changes
    /// page and "Changed since" notes in this copy; `false` leaves them out.
    #[serde(default = "yes")]
    pub editions: bool,
}

fn yes() -> bool {
    true
}

/// `{from: "Troubled Families", to: "Families First"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermReplacement {
    pub from: String,
    pub to: String,
}

/// CSS colours as `#rrggbb` or `#rgb`; unset ones keep the theme's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// Header background.
    pub brand: Option<String>,
    /// Text on the header background.
    pub brand_text: Option<String>,
    pub link: Option<String>,
    pub link_visited: Option<String>,
    pub link_hover: Option<String>,
    /// Body text.
    pub text: Option<String>,
    /// Focus highlight (text is shown on it).
    pub focus: Option<String>,
}

/// What the council leaves out of its copy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removals {
    /// Section slugs.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Glossary term slugs.
    #[serde(default)]
    pub glossary: Vec<String>,
}

/// `council.yaml`, parsed, with its text kept for pointing at lines.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub source: Source,
    pub config: CouncilConfig,
}

impl ConfigFile {
    pub fn read(root: &Path) -> Result<ConfigFile> {
        let path = root.join("council.yaml");
        if !path.is_file() {
            return Err(Errors::from(Diagnostic::new(&path, "the council folder has no `council.yaml`")
                .hint("add `council.yaml` with at least `name`, `slug` and `base_url` (see docs/councils.md)")));
        }
        let source = Source::read(&path)?;
        let mut config: CouncilConfig = parse_yaml(&path, &source.text, 1)?;
        let file = ConfigFile {
            source,
            config: config.clone(),
        };
        config.base_url = normalise_base_url(&config.base_url).map_err(|msg| {
            Diagnostic::new(&path, msg)
                .at_line(file.line_of_key("base_url"))
                .hint(
                    "write the full address, such as `https://www.example.gov.uk/first-ten-days/`",
                )
        })?;
        if !is_slug(&config.slug) {
            return Err(Errors::from(Diagnostic::new(
                &path,
                format!("council slug `{}` is not a valid folder name", config.slug),
            )
            .at_line(file.line_of_key("slug"))
            .hint("use lower-case letters, digits and `-`, such as `northshire`; not `static` or `search`")));
        }
        if let Some(d) = file.term_problem() {
            return Err(Errors::from(d));
        }
        Ok(ConfigFile { config, ..file })
    }

    /// A `terms` entry whose `from` or `to` is empty or has no letters or
    /// digits: an empty `from` would match everywhere, an empty `to` would
    /// blank a glossary name and every mention of it.
    fn term_problem(&self) -> Option<Diagnostic> {
        for (i, term) in self.config.terms.iter().enumerate() {
            for (key, value) in [("from", &term.from), ("to", &term.to)] {
                if let Some(problem) = crate::content::name_problem(value, key) {
                    return Some(
                        self.error(self.line_of_term(i, key), format!("`terms`: {problem}"))
                            .hint(format!(
                                "each entry is the base guide's words and the council's, such as `- {{from: Troubled Families, to: Families First}}`; {}",
                                if key == "from" { "remove the entry if it has no `from`" } else { "to keep the base's words, remove the entry" }
                            )),
                    );
                }
            }
        }
        None
    }

    /// 1-based line of `key:` in the `index`th entry of `terms` (written as
    /// a block list), or of `terms:` itself.
    fn line_of_term(&self, index: usize, key: &str) -> usize {
        let from = self.line_of_key("terms");
        let mut entry = None;
        for (i, line) in self.source.text.lines().enumerate().skip(from) {
            let trimmed = line.trim_start();
            if !line.starts_with([' ', '-', '\t'])
                && !trimmed.is_empty()
                && !trimmed.starts_with('#')
            {
                break;
            }
            if trimmed.starts_with('-') {
                entry = Some(entry.map_or(0, |n| n + 1));
            }
            let keyed = trimmed.trim_start_matches(['-', ' ', '{']);
            if entry == Some(index)
                && keyed
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            {
                return i + 1;
            }
        }
        from
    }

    pub fn path(&self) -> &Path {
        &self.source.path
    }

    /// 1-based line of the first `key:` in the file.
    pub fn line_of_key(&self, key: &str) -> usize {
        crate::content::line_of_key(&self.source.text, 1, key)
    }

    /// 1-based line of the first line at or after `key:` that mentions `value`.
    pub fn line_of_value(&self, key: &str, value: &str) -> usize {
        let from = self.line_of_key(key);
        self.source
            .text
            .lines()
            .enumerate()
            .skip(from - 1)
            .find(|(_, l)| l.contains(value))
            .map_or(from, |(i, _)| i + 1)
    }

    pub fn error(&self, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.path(), message).at_line(line)
    }
}

/// Lower-case letters, digits and hyphens, and not a folder the site itself uses.
pub fn is_slug(s: &str) -> bool {
    slugs::is_safe(s) && !slugs::GENERATED_FOLDERS.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("council.yaml"), text).unwrap();
        dir
    }

    #[test]
    fn reads_a_minimal_council() {
        let dir = write("name: Testshire\nslug: testshire\nbase_url: https://example.org/guide\n");
        let file = ConfigFile::read(dir.path()).unwrap();
        assert_eq!(file.config.base_url, "https://example.org/guide/");
        assert!(file.config.terms.is_empty());
    }

    #[test]
    fn an_unknown_key_names_its_line_and_suggests() {
        let dir = write(
            "name: Testshire\nslug: testshire\nbase_url: https://example.org/\ncolours:\n  brnd: \"#000000\"\n",
        );
        let d = ConfigFile::read(dir.path()).unwrap_err().0[0].clone();
        assert_eq!(d.line, Some(5), "{d}");
        assert!(
            d.hint
                .as_deref()
                .unwrap_or_default()
                .contains("did you mean `brand`"),
            "{d}"
        );
    }

    #[test]
    fn slugs_are_folder_names() {
        assert!(is_slug("north-shire2"));
        assert!(!is_slug("North"));
        assert!(!is_slug("static"));
        assert!(!is_slug("../x"));
    }
}
