//! `guide/glossary/`: one file per term, and `_index.md` for the page itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::front_matter::{parse_yaml, split};
use super::{Source, parse_markdown_files};
use crate::diagnostics::{Diagnostic, Result, did_you_mean};

/// The glossary page: its own title and introduction, and the terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    pub source: PathBuf,
    pub title: String,
    pub summary: String,
    pub intro: String,
    pub intro_line: usize,
    /// Sorted by slug on load; the page sorts by term.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexMeta {
    title: String,
    summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermMeta {
    pub term: String,
    #[serde(default)]
    pub abbreviations: Vec<Abbreviation>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub see_also: Vec<String>,
    /// A proper name that must match with its capitals ("Solace").
    #[serde(default)]
    pub match_case: bool,
}

/// `EHCP`, or `{abbr: SGO, expansion: Special Guardianship Order}` when the
/// short form stands for something other than the term.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Abbreviation {
    Plain(String),
    Expanded { abbr: String, expansion: String },
}

impl Abbreviation {
    pub fn abbr(&self) -> &str {
        match self {
            Abbreviation::Plain(a) => a,
            Abbreviation::Expanded { abbr, .. } => abbr,
        }
    }

    /// What it stands for; `term` when not given.
    pub fn expansion<'a>(&'a self, term: &'a str) -> &'a str {
        match self {
            Abbreviation::Plain(_) => term,
            Abbreviation::Expanded { expansion, .. } => expansion,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub source: PathBuf,
    /// The file name without `.md`; the anchor on the glossary page.
    pub slug: String,
    pub meta: TermMeta,
    /// The definition, markdown.
    pub definition: String,
    pub body_line: usize,
    front_matter: String,
}

impl Term {
    pub fn parse(source: &Source) -> Result<Term> {
        let parts = split(&source.path, &source.text)?;
        let meta: TermMeta = parse_yaml(&source.path, parts.yaml, parts.yaml_line)?;
        let slug = source
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Term {
            source: source.path.clone(),
            slug,
            meta,
            definition: parts.body.to_string(),
            body_line: parts.body_line,
            front_matter: parts.yaml.to_string(),
        })
    }

    /// A term written in code (council overlays, tests).
    pub fn new(
        source: PathBuf,
        slug: String,
        meta: TermMeta,
        definition: String,
        body_line: usize,
    ) -> Term {
        Term {
            source,
            slug,
            meta,
            definition,
            body_line,
            front_matter: String::new(),
        }
    }

    pub fn line_of_key(&self, key: &str) -> usize {
        super::line_of_key(&self.front_matter, 2, key)
    }

    /// The glossary heading: "Education, Health and Care Plan (EHCP)".
    pub fn heading(&self) -> String {
        let shown: Vec<&str> = self
            .meta
            .abbreviations
            .iter()
            .map(Abbreviation::abbr)
            .filter(|a| !self.meta.term.contains(a))
            .collect();
        if shown.is_empty() {
            self.meta.term.clone()
        } else {
            format!("{} ({})", self.meta.term, shown.join(", "))
        }
    }

    /// Where the term lives in the site.
    pub fn url(&self) -> String {
        super::urls::term(&self.slug)
    }
}

pub fn load(dir: &Path) -> Result<Glossary> {
    let index_path = dir.join("_index.md");
    let index = Source::read(&index_path)?;
    let parts = split(&index.path, &index.text)?;
    let meta: IndexMeta = parse_yaml(&index.path, parts.yaml, parts.yaml_line)?;

    let terms = parse_markdown_files(dir, Term::parse)?;
    Ok(Glossary {
        source: index.path.clone(),
        title: meta.title,
        summary: meta.summary,
        intro: parts.body.to_string(),
        intro_line: parts.body_line,
        terms,
    })
}

impl Glossary {
    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }

    /// Terms in the order the glossary page lists them: A to Z by term.
    pub fn sorted(&self) -> Vec<&Term> {
        let mut terms: Vec<&Term> = self.terms.iter().collect();
        terms.sort_by_key(|t| (t.meta.term.to_lowercase(), t.slug.clone()));
        terms
    }

    /// Unusable names (empty, or no letters or digits), duplicate names (a
    /// term, abbreviation or alias claimed twice), file names that cannot
    /// be anchors, and `see_also` entries that name no term.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let mut names: BTreeMap<String, &Term> = BTreeMap::new();
        for term in &self.terms {
            if !super::slugs::is_safe(&term.slug) {
                errors.push(
                    Diagnostic::new(
                        &term.source,
                        format!("`{}` cannot be a glossary term's file name", term.slug),
                    )
                    .at_line(1)
                    .hint("the file name is the term's anchor on the glossary page: use lower-case letters, digits and `-`, such as `ehcp.md`"),
                );
            }
            let mut claim = |name: &str, key: &str, case_sensitive: bool| {
                if let Some(problem) = name_problem(name, key) {
                    errors.push(
                        Diagnostic::new(&term.source, problem)
                            .at_line(term.line_of_key(key))
                            .hint(NAME_HINT),
                    );
                    return;
                }
                let name = name.trim();
                let normal = if case_sensitive {
                    name.to_string()
                } else {
                    name.to_lowercase()
                };
                let normal = normal.replace('’', "'");
                match names.get(&normal) {
                    Some(first) if first.slug != term.slug => errors.push(
                        Diagnostic::new(
                            &term.source,
                            format!("`{name}` is already used by the term `{}`", first.meta.term),
                        )
                        .at_line(term.line_of_key(key))
                        .hint(format!(
                            "each name links to one term: remove it here or from `{}`",
                            first.source.display()
                        )),
                    ),
                    _ => {
                        names.insert(normal, term);
                    }
                }
            };
            claim(&term.meta.term, "term", term.meta.match_case);
            for a in &term.meta.abbreviations {
                claim(a.abbr(), "abbreviations", true);
            }
            for a in &term.meta.aliases {
                claim(a, "aliases", term.meta.match_case);
            }
            for target in &term.meta.see_also {
                if self.term(target).is_none() {
                    let hint =
                        match did_you_mean(target, self.terms.iter().map(|t| t.slug.as_str())) {
                            Some(good) => format!("did you mean `{good}`?"),
                            None => {
                                "`see_also` takes term slugs: glossary file names without `.md`"
                                    .to_string()
                            }
                        };
                    errors.push(
                        Diagnostic::new(
                            &term.source,
                            format!("`see_also` names `{target}`, which is not a glossary term"),
                        )
                        .at_line(term.line_of_key("see_also"))
                        .hint(hint),
                    );
                }
            }
        }
        errors
    }
}

/// How to write a glossary name, for every error about one.
pub const NAME_HINT: &str = "the build links every mention of a term, abbreviation or alias, so each must be words, such as `Education, Health and Care Plan` or `EHCP`; remove empty entries such as `\"\"` or `-` from lists";

/// What is wrong with `name` as the `key` (`term`, `abbreviations`,
/// `aliases`) of a glossary term, if anything. Names are found in every
/// text of the guide: an empty one would match between every two letters,
/// and one of only punctuation or spaces at every comma.
pub fn name_problem(name: &str, key: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some(match key {
            "abbreviations" | "aliases" => format!("`{key}` has an empty entry"),
            _ => format!("`{key}` is empty"),
        })
    } else if !name.chars().any(char::is_alphanumeric) {
        Some(format!(
            "`{key}` has `{name}`, which has no letters or digits"
        ))
    } else {
        None
    }
}
