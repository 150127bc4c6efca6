//! Splitting `---` front matter from a markdown body, and reading YAML with
//! errors that point at the right line of the right file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Errors, Result, did_you_mean};

/// A markdown file cut in two.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// Cuts `text` into front matter and body. The file must open with a `---`
/// line, and the front matter ends at the next `---` line.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>> {
    let text = text.strip_prefix(super::BOM).unwrap_or(text);
    let missing = || {
        Diagnostic::new(path, "missing front matter")
            .at(1, 1)
            .hint("start the file with a `---` line, the keys (such as `title: ...`), and another `---` line")
    };
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(missing)?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_line: 2,
                body: &rest[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Errors::from(
        Diagnostic::new(path, "front matter is not closed")
            .at(1, 1)
            .hint("add a line with only `---` after the last front matter key"),
    ))
}

/// Deserialises YAML that starts on line `first_line` of `path`, turning
/// serde's errors into diagnostics with a file position and a hint.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, yaml: &str, first_line: usize) -> Result<T> {
    serde_yaml::from_str(yaml).map_err(|err| yaml_diagnostic(path, &err, first_line).into())
}

fn yaml_diagnostic(path: &Path, err: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let text = err.to_string();
    // serde_yaml appends " at line L column C"; we report the position ourselves.
    let message = match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text.clone(),
    };
    let mut diagnostic = Diagnostic::new(path, message.clone());
    if let Some(loc) = err.location() {
        diagnostic = diagnostic.at(loc.line() + first_line - 1, loc.column());
    }
    if let Some(hint) = hint_for(&message) {
        diagnostic = diagnostic.hint(hint);
    }
    diagnostic
}

/// "unknown field `titel`, expected one of `title`, `slug`" → "did you mean `title`?"
fn hint_for(message: &str) -> Option<String> {
    // A nested key's message starts with its path ("colours: unknown field ...").
    let message = message
        .find("unknown field ")
        .or_else(|| message.find("missing field "))
        .map_or(message, |i| &message[i..]);
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let wrong = quoted.first()?;
        let expected = &quoted[1..];
        let _ = rest;
        return Some(match did_you_mean(wrong, expected.iter().copied()) {
            Some(good) => format!("unknown key `{wrong}`; did you mean `{good}`?"),
            None => format!(
                "the keys allowed here are: {}",
                expected
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    if message.starts_with("missing field ") {
        return Some(format!("add the key `{}`", quoted.first()?));
    }
    if message.contains("invalid type") {
        return Some(
            "check the value's type: text, a number, a list (`[a, b]`) or `true`/`false`".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        order: u32,
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split(Path::new("a.md"), "---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_an_error() {
        assert!(
            split(Path::new("a.md"), "Body").unwrap_err().0[0]
                .message
                .contains("missing")
        );
        assert!(
            split(Path::new("a.md"), "---\ntitle: A\n").unwrap_err().0[0]
                .message
                .contains("not closed")
        );
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let d = parse_yaml::<Meta>(Path::new("a.md"), "title: A\ntitel: B\norder: 1\n", 2)
            .unwrap_err()
            .0[0]
            .clone();
        assert_eq!(d.line, Some(3), "{d}");
        assert!(
            d.hint.as_deref().unwrap().contains("did you mean `title`"),
            "{d}"
        );
    }

    #[test]
    fn missing_key_and_bad_type_have_hints() {
        let d = parse_yaml::<Meta>(Path::new("a.md"), "title: A\n", 2)
            .unwrap_err()
            .0[0]
            .clone();
        assert!(d.message.contains("missing field `order`"), "{d}");
        let d = parse_yaml::<Meta>(Path::new("a.md"), "title: A\norder: first\n", 2)
            .unwrap_err()
            .0[0]
            .clone();
        assert!(d.hint.is_some(), "{d}");
        assert_eq!(d.line, Some(3), "{d}");
    }
}
