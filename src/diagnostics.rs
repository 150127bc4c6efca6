//! Errors and warnings for editors: every one names a file, and where it can,
//! the line and column, what is wrong, and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// Nothing is written until it is fixed.
    #[default]
    Error,
    /// Printed, and the build goes on (`--strict` makes it an error).
    Warning,
}

/// One problem found in the guide, a theme or an overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line in `file`, when known.
    pub line: Option<usize>,
    /// 1-based column in `file`, when known.
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem, as a warning rather than an error.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// A filesystem error, naming the path once, where every diagnostic
    /// names its file: "guide/people.md: failed to read: ...".
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        Diagnostic::new(path, format!("failed to {action}: {err}"))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A failed stage: one or more diagnostics, all reported together so an
/// editor can fix every broken link in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Diagnostic>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl Errors {
    /// The one way a stage that collects problems ends: `Ok(())` if it
    /// found none, else all of them at once. Use as `Errors::check(errors)?`.
    pub fn check(errors: Vec<Diagnostic>) -> Result<()> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Errors(errors))
        }
    }
}

/// So that `errors.extend(result_error)` collects every diagnostic of a
/// failed step.
impl IntoIterator for Errors {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl From<Diagnostic> for Errors {
    fn from(d: Diagnostic) -> Self {
        Errors(vec![d])
    }
}

pub type Result<T, E = Errors> = std::result::Result<T, E>;

/// The closest candidate to a misspelt name, for "did you mean" hints.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filesystem_error_names_the_path_once() {
        let err = std::io::Error::new(std::io::ErrorKind::NotFound, "not found");
        let shown = Diagnostic::io("read", Path::new("guide/people.md"), &err).to_string();
        assert_eq!(shown, "guide/people.md: failed to read: not found");
    }

    #[test]
    fn errors_are_collected_into_one_result() {
        assert!(Errors::check(Vec::new()).is_ok());
        let both = vec![Diagnostic::new("a", "one"), Diagnostic::new("b", "two")];
        assert_eq!(Errors::check(both.clone()), Err(Errors(both)));
        assert!(Diagnostic::new("a", "x").warning().is_warning());
    }
}
