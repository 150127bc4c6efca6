//! `council report`: what a council changes against the base, for an
//! editor deciding what to review after an LGA update.

use std::fmt;
use std::path::{Path, PathBuf};

use super::folder::Council;
use super::plan::plan;
use super::staleness;
use crate::content::Guide;
use crate::diagnostics::{Diagnostic, Result};
use crate::render::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub name: String,
    pub folder: PathBuf,
    /// (base's, council's singular, council's plural)
    pub role_title: Option<(String, String, String)>,
    pub terms: Vec<(String, String)>,
    /// (slug, council file) for each.
    pub added: Vec<(String, PathBuf)>,
    pub replaced: Vec<(String, PathBuf)>,
    /// `section#heading (action)` and the patch file.
    pub patched: Vec<(String, PathBuf)>,
    /// `section x` / `glossary term y`.
    pub removed: Vec<String>,
    /// Theme files the council provides, and whether each replaces a built-in one.
    pub theme: Vec<(String, bool)>,
    pub stale: Vec<Diagnostic>,
}

pub fn report(base: &Guide, council: &Council) -> Result<Report> {
    let plan = plan(base, council)?;
    let pinned = staleness::pinned(&plan);
    let stale: Vec<Diagnostic> = staleness::check(council, &pinned)
        .into_iter()
        .filter(Diagnostic::is_warning)
        .collect();
    let config = &council.config.config;
    let role_title = config.role_title.as_ref().map(|r| {
        (
            base.site.role_title.clone(),
            r.clone(),
            config
                .role_title_plural
                .clone()
                .unwrap_or_else(|| format!("{r}s")),
        )
    });
    let mut added: Vec<(String, PathBuf)> = plan
        .added_sections
        .iter()
        .map(|f| (format!("section `{}`", f.stem), f.path.clone()))
        .collect();
    added.extend(
        plan.added_terms
            .iter()
            .map(|f| (format!("glossary term `{}`", f.stem), f.path.clone())),
    );
    let mut replaced: Vec<(String, PathBuf)> = plan
        .replaced_sections
        .iter()
        .map(|(f, _)| (format!("section `{}`", f.stem), f.path.clone()))
        .collect();
    replaced.extend(
        plan.replaced_terms
            .iter()
            .map(|(f, _)| (format!("glossary term `{}`", f.stem), f.path.clone())),
    );
    let patched = plan
        .patches
        .iter()
        .map(|p| {
            (
                format!("{} ({})", p.target_name(), p.patch.meta.action.name()),
                p.patch.path.clone(),
            )
        })
        .collect();
    let mut removed: Vec<String> = plan
        .removed_sections
        .iter()
        .map(|s| format!("section `{}`", s.meta.slug))
        .collect();
    removed.extend(
        plan.removed_terms
            .iter()
            .map(|t| format!("glossary term `{}`", t.slug)),
    );
    Ok(Report {
        name: council.name().to_string(),
        folder: council.root.clone(),
        role_title,
        terms: config
            .terms
            .iter()
            .map(|t| (t.from.clone(), t.to.clone()))
            .collect(),
        added,
        replaced,
        patched,
        removed,
        theme: theme_files(&council.root),
        stale,
    })
}

/// The council's `templates/` and `static/` files.
fn theme_files(root: &Path) -> Vec<(String, bool)> {
    let council = Theme::new([root.to_path_buf()]);
    let built_in = Theme::new([]);
    let mut out = Vec::new();
    for prefix in ["templates/", "static/"] {
        let (Ok(mine), Ok(theirs)) = (council.files(prefix), built_in.files(prefix)) else {
            continue;
        };
        for f in mine {
            if f.origin.starts_with(root) {
                let replaces = theirs.iter().any(|t| t.name == f.name);
                out.push((f.name, replaces));
            }
        }
    }
    out
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({})", self.name, self.folder.display())?;
        match &self.role_title {
            Some((base, one, many)) => {
                writeln!(f, "role title: \"{base}\" → \"{one}\" (plural \"{many}\")")?
            }
            None => writeln!(f, "role title: unchanged")?,
        }
        let list = |f: &mut fmt::Formatter<'_>, heading: &str, items: &[(String, PathBuf)]| {
            if items.is_empty() {
                return writeln!(f, "{heading}: none");
            }
            writeln!(f, "{heading}:")?;
            for (what, file) in items {
                writeln!(f, "  {what}  ({})", file.display())?;
            }
            Ok(())
        };
        list(f, "added", &self.added)?;
        list(f, "replaced", &self.replaced)?;
        list(f, "patched", &self.patched)?;
        writeln!(
            f,
            "removed: {}",
            if self.removed.is_empty() {
                "none".to_string()
            } else {
                self.removed.join(", ")
            }
        )?;
        if self.terms.is_empty() {
            writeln!(f, "terms: none")?;
        } else {
            writeln!(f, "terms:")?;
        }
        for (from, to) in &self.terms {
            writeln!(f, "  \"{from}\" → \"{to}\"")?;
        }
        if !self.theme.is_empty() {
            writeln!(f, "theme files:")?;
            for (name, replaces) in &self.theme {
                let how = if *replaces {
                    "replaces the built-in one"
                } else {
                    "new"
                };
                writeln!(f, "  {name} ({how})")?;
            }
        }
        if self.stale.is_empty() {
            write!(f, "stale: none")?;
        } else {
            write!(f, "stale: {}", self.stale.len())?;
        }
        for d in &self.stale {
            let text = d.to_string().replace('\n', "\n    ");
            write!(f, "\n  {text}")?;
        }
        Ok(())
    }
}
