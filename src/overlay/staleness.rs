//! Knowing when the base moved under a council's change. Each replacement
//! and patch records `base_hash:`, the hash of the base text it was written
//! against, and `.pins/` in the council folder keeps a copy of that text, so
//! a build can show what changed since. `council pin` writes both.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use similar::TextDiff;

use super::folder::Council;
use super::plan::Plan;
use crate::diagnostics::{Diagnostic, Result};

/// Where copies of the pinned base text live, inside the council folder.
pub const PINS: &str = ".pins";
/// At most this many lines of diff in a warning.
const DIFF_LINES: usize = 24;

/// A council change that depends on some base text.
#[derive(Debug, Clone)]
pub struct Pinned {
    /// The council's file.
    pub file: PathBuf,
    /// Its path inside the council folder.
    pub rel: PathBuf,
    /// 1-based line of `base_hash:` (or of the front matter's start).
    pub line: usize,
    /// What is recorded in the file, if anything.
    pub recorded: Option<String>,
    /// The base file the text comes from.
    pub base_file: PathBuf,
    /// "section", "glossary term" or "sub-section `#id` of".
    pub what: String,
    /// The base text now, normalised.
    pub base_text: String,
}

impl Pinned {
    pub fn current_hash(&self) -> String {
        hash(&self.base_text)
    }
}

/// Every replacement and patch of a plan, with the base text it depends on.
pub fn pinned(plan: &Plan) -> Vec<Pinned> {
    let mut out = Vec::new();
    for (file, base) in &plan.replaced_sections {
        out.push(Pinned {
            file: file.path.clone(),
            rel: file.rel.clone(),
            line: file.line_of_key("base_hash"),
            recorded: file.meta.base_hash.clone(),
            base_file: base.source.clone(),
            what: "section".into(),
            base_text: normalise(&format!(
                "title: {}\nsummary: {}\n---\n{}",
                base.meta.title, base.meta.summary, base.body
            )),
        });
    }
    for (file, base) in &plan.replaced_terms {
        out.push(Pinned {
            file: file.path.clone(),
            rel: file.rel.clone(),
            line: file.line_of_key("base_hash"),
            recorded: file.meta.base_hash.clone(),
            base_file: base.source.clone(),
            what: "glossary term".into(),
            base_text: normalise(&format!(
                "term: {}\n---\n{}",
                base.meta.term, base.definition
            )),
        });
    }
    for p in &plan.patches {
        out.push(Pinned {
            file: p.patch.path.clone(),
            rel: p.patch.rel.clone(),
            line: p.patch.line_of_key("base_hash"),
            recorded: p.patch.meta.base_hash.clone(),
            base_file: p.section.source.clone(),
            what: format!("sub-section `#{}` of", p.target.id),
            base_text: normalise(&p.section.body[p.target.range.clone()]),
        });
    }
    out
}

/// Line endings unified, trailing spaces and repeated blank lines dropped:
/// a change that does not change the text does not make a change stale.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

pub fn hash(normalised: &str) -> String {
    let digest = Sha256::digest(normalised.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    format!("sha256:{hex}")
}

fn well_formed(recorded: &str) -> bool {
    recorded
        .strip_prefix("sha256:")
        .is_some_and(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The copy of the pinned base text for a council file:
/// `.pins/patches/support-staff.md.txt` (not `.md`, so nothing takes it for content).
fn pin_copy(root: &Path, rel: &Path) -> PathBuf {
    let mut name = rel.as_os_str().to_owned();
    name.push(".txt");
    root.join(PINS).join(name)
}

/// A warning for each change whose base moved (or that was never pinned),
/// and an error for each hash that is not a hash.
pub fn check(council: &Council, pinned: &[Pinned]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let pin_command = format!("cargo run -- council pin {}", council.slug());
    for p in pinned {
        let base = p.base_file.display();
        let Some(recorded) = &p.recorded else {
            found.push(
                Diagnostic::new(&p.file, format!("not pinned to a version of {} `{base}`", p.what))
                    .at_line(p.line)
                    .hint(format!("run `{pin_command}` to record the base text this change was written against, so the build can tell you when it changes"))
                    .warning(),
            );
            continue;
        };
        if !well_formed(recorded) {
            found.push(
                Diagnostic::new(
                    &p.file,
                    format!("`base_hash` is `{recorded}`, which is not a hash"),
                )
                .at_line(p.line)
                .hint(format!(
                    "let `{pin_command}` write it: `sha256:` and 64 hex digits"
                )),
            );
            continue;
        }
        if *recorded == p.current_hash() {
            continue;
        }
        let copy = fs::read_to_string(pin_copy(&council.root, &p.rel)).ok();
        let changes = match copy {
            Some(old) if hash(&normalise(&old)) == *recorded => {
                format!(
                    "what changed in the base since:\n{}",
                    diff(&old, &p.base_text)
                )
            }
            _ => format!(
                "(no copy of the pinned text in `{}` to compare with)",
                pin_copy(&council.root, &p.rel).display()
            ),
        };
        found.push(
            Diagnostic::new(
                &p.file,
                format!(
                    "stale: {} `{base}` has changed since this was written against it",
                    p.what
                ),
            )
            .at_line(p.line)
            .hint(format!(
                "{changes}\n  review `{}` against `{base}`, then run `{pin_command}`",
                p.file.display()
            ))
            .warning(),
        );
    }
    found
}

/// A short unified diff, old (pinned) to new (base now).
fn diff(old: &str, new: &str) -> String {
    let old = normalise(old);
    let text = TextDiff::from_lines(old.as_str(), new)
        .unified_diff()
        .context_radius(1)
        .header("pinned", "base now")
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines
        .iter()
        .take(DIFF_LINES)
        .map(|l| format!("    {l}"))
        .collect();
    if lines.len() > DIFF_LINES {
        out.push(format!("    ... ({} more lines)", lines.len() - DIFF_LINES));
    }
    out.join("\n")
}

/// Writes `base_hash:` into every replacement and patch, and the base text
/// into `.pins/`; removes copies nothing refers to. Returns the files
/// whose hash changed.
pub fn pin(council: &Council, pinned: &[Pinned]) -> Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for p in pinned {
        let text = fs::read_to_string(&p.file).map_err(|e| Diagnostic::io("read", &p.file, &e))?;
        let new_hash = p.current_hash();
        let updated = with_base_hash(&text, &new_hash).ok_or_else(|| {
            Diagnostic::new(
                &p.file,
                "cannot find the front matter to write `base_hash` into",
            )
        })?;
        if updated != text {
            fs::write(&p.file, &updated).map_err(|e| Diagnostic::io("write", &p.file, &e))?;
            changed.push(p.file.clone());
        }
        let copy = pin_copy(&council.root, &p.rel);
        if let Some(dir) = copy.parent() {
            fs::create_dir_all(dir).map_err(|e| Diagnostic::io("create", dir, &e))?;
        }
        fs::write(&copy, &p.base_text).map_err(|e| Diagnostic::io("write", &copy, &e))?;
    }
    let pins = council.root.join(PINS);
    if pins.is_dir() {
        let wanted: Vec<PathBuf> = pinned
            .iter()
            .map(|p| pin_copy(&council.root, &p.rel))
            .collect();
        for entry in walkdir::WalkDir::new(&pins).into_iter().flatten() {
            if entry.file_type().is_file() && !wanted.iter().any(|w| w == entry.path()) {
                fs::remove_file(entry.path())
                    .map_err(|e| Diagnostic::io("remove", entry.path(), &e))?;
            }
        }
    }
    Ok(changed)
}

/// `text` (a markdown file) with `base_hash: <hash>` in its front matter,
/// replacing an old value or added as the last key; nothing else changes.
pub fn with_base_hash(text: &str, hash: &str) -> Option<String> {
    // A byte-order mark (which `build` ignores) stays as the editor wrote it.
    match text.strip_prefix('\u{feff}') {
        Some(rest) => with_base_hash(rest, hash).map(|t| format!("\u{feff}{t}")),
        None => front_matter_with_base_hash(text, hash),
    }
}

fn front_matter_with_base_hash(text: &str, hash: &str) -> Option<String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.first()?.trim_end() != "---" {
        return None;
    }
    let close = lines.iter().skip(1).position(|l| l.trim_end() == "---")? + 1;
    let entry = format!("base_hash: {hash}{newline}");
    if let Some(i) = (1..close).find(|&i| lines[i].starts_with("base_hash:")) {
        lines[i] = &entry;
        return Some(lines.concat());
    }
    lines.insert(close, &entry);
    Some(lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_ignores_trailing_spaces_and_blank_runs() {
        assert_eq!(normalise("\n\na  \r\n\n\n\nb\n\n"), "a\n\nb\n");
        assert_eq!(
            hash(&normalise("a\n\nb")),
            hash(&normalise("a  \n\n\n\nb\n"))
        );
        assert_ne!(hash("a\n"), hash("b\n"));
        assert!(well_formed(&hash("x")));
    }

    #[test]
    fn base_hash_is_written_into_the_front_matter_only() {
        let text = "---\ntarget: a#b\naction: append\n---\nBody\n---\n";
        let once = with_base_hash(text, "sha256:00").unwrap();
        assert_eq!(
            once,
            "---\ntarget: a#b\naction: append\nbase_hash: sha256:00\n---\nBody\n---\n"
        );
        let twice = with_base_hash(&once, "sha256:11").unwrap();
        assert_eq!(
            twice,
            "---\ntarget: a#b\naction: append\nbase_hash: sha256:11\n---\nBody\n---\n"
        );
        assert!(with_base_hash("no front matter", "x").is_none());
    }

    #[test]
    fn the_diff_shows_what_changed() {
        let d = diff("one\ntwo\nthree\n", "one\n2\nthree\n");
        assert!(d.contains("-two") && d.contains("+2"), "{d}");
    }
}
