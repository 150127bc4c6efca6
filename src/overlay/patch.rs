//! Applying patches to a base section's markdown: each edits one
//! sub-section (a heading up to the next heading of its level or higher).

use std::ops::Range;

use super::folder::Action;
use super::plan::PlannedPatch;
use super::terminology::{apply_edits, escape_markdown};

/// `body` with every patch applied. Targets were found in this same text,
/// and overlapping replacements were refused when planning.
pub fn apply(body: &str, patches: &[&PlannedPatch]) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for p in patches {
        let target = &p.target;
        let added = p.patch.body.trim_matches('\n').trim_end();
        let hashes = "#".repeat(usize::from(target.level));
        match p.patch.meta.action {
            Action::Replace => {
                if let Some(title) = &p.patch.meta.title {
                    edits.push((
                        target.range.start..target.body_start,
                        format!(
                            "{hashes} {} {{#{}}}\n",
                            escape_markdown(title.trim()),
                            target.id
                        ),
                    ));
                }
                edits.push((
                    target.body_start..target.range.end,
                    format!("\n{added}\n\n"),
                ));
            }
            Action::Prepend => {
                edits.push((target.body_start..target.body_start, format!("\n{added}\n")))
            }
            Action::Append => {
                let end = target.range.end;
                edits.push((end..end, format!("{}{added}\n\n", separator(body, end))));
            }
            Action::InsertAfter => {
                let end = target.range.end;
                let title =
                    escape_markdown(p.patch.meta.title.as_deref().unwrap_or_default().trim());
                edits.push((
                    end..end,
                    format!("{}{hashes} {title}\n\n{added}\n\n", separator(body, end)),
                ));
            }
        }
    }
    apply_edits(body, edits)
}

/// What must come before text added at `at` so it starts a new block.
fn separator(body: &str, at: usize) -> &'static str {
    let before = &body[..at];
    if before.is_empty() || before.ends_with("\n\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    }
}
