//! What changed between an old edition and the current guide: section by
//! section (paired by slug), a word-level diff of the paragraphs that
//! changed; glossary terms added, removed, renamed and redefined; checklist
//! items added and removed. Plain data for the `changes.html` template.
//!
//! Differences that are not changes of content are folded away and only
//! counted: the role title ("lead member" → "portfolio holder") and the
//! style of quotation marks. Everything is in the guides' own order, so the
//! same input gives the same page.

use std::collections::BTreeSet;

use serde::Serialize;
use similar::{Algorithm, DiffOp, DiffTag, capture_diff_slices, get_diff_ratio};

use super::text::{Block, BlockKind, Sameness, Token, Tokeniser, blocks};
use crate::content::{Guide, Term};

/// Two blocks (or two definitions) this alike, by words, are one block
/// reworded; less alike, one was removed and another added.
const SAME_BLOCK: f32 = 0.5;

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// The old edition's folder name (`2019`).
    pub edition: String,
    /// How the old edition names itself ("April 2019 edition").
    pub label: String,
    /// Where the old edition is published, relative to the current root.
    pub old_root: String,
    /// The role title in the old edition and in this one (folded away).
    pub old_role_title: String,
    pub role_title: String,
    /// Every current section, in reading order.
    pub sections: Vec<SectionChange>,
    /// Old sections with no current section of the same slug.
    pub removed_sections: Vec<Link>,
    pub glossary: GlossaryChanges,
    pub checklist: ChecklistChanges,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionChange {
    pub slug: String,
    pub title: String,
    pub url: String,
    /// New since the old edition.
    pub added: bool,
    /// The old edition's page of the same slug.
    pub old_url: Option<String>,
    /// The old title, when it was different.
    pub old_title: Option<String>,
    /// Blocks added, removed or reworded, in reading order.
    pub blocks: Vec<BlockChange>,
    /// Blocks that differ only in the role title (folded away).
    pub role_only: usize,
    /// Blocks that differ only in quotation marks (folded away).
    pub quotes_only: usize,
    pub changed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlockChange {
    /// `heading`, `paragraph` or `item` (a list item).
    pub kind: &'static str,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub pieces: Vec<Piece>,
}

/// A run of text: `same`, `ins` (added) or `del` (removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub kind: &'static str,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct GlossaryChanges {
    pub added: Vec<Link>,
    /// Links into the old edition's glossary.
    pub removed: Vec<Link>,
    pub renamed: Vec<TermChange>,
    pub redefined: Vec<TermChange>,
    pub role_only: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermChange {
    pub term: Link,
    /// The old name, when it was different.
    pub old_name: Option<String>,
    /// The definition's diff; empty when only the name changed.
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ChecklistChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Items reworded: each one's word-level diff.
    pub reworded: Vec<Vec<Piece>>,
}

impl Changes {
    /// Compares `old` (published at `old_root`, such as `editions/2019/`)
    /// with the current guide `new` (for a council, already in its words).
    /// Both guides' role titles, and any in `other_roles` (the base's, for
    /// a council that renamed it), count as one word.
    pub fn between(
        edition: &str,
        label: &str,
        old_root: &str,
        old: &Guide,
        new: &Guide,
        other_roles: &[&str],
    ) -> Changes {
        let mut roles = vec![old.site.role_title.as_str(), new.site.role_title.as_str()];
        roles.extend(other_roles);
        let tokeniser = Tokeniser::new(&roles);
        let sections = new
            .sections
            .iter()
            .map(|s| {
                let slug = &s.meta.slug;
                let Some(o) = old.section(slug) else {
                    return SectionChange {
                        slug: slug.clone(),
                        title: s.meta.title.clone(),
                        url: s.url(),
                        added: true,
                        old_url: None,
                        old_title: None,
                        blocks: Vec::new(),
                        role_only: 0,
                        quotes_only: 0,
                        changed: true,
                    };
                };
                let diff = diff_blocks(&tokeniser, &blocks(&o.body), &blocks(&s.body));
                let old_title = (tokeniser.sameness(&o.meta.title, &s.meta.title)
                    == Sameness::Different)
                    .then(|| o.meta.title.clone());
                SectionChange {
                    slug: slug.clone(),
                    title: s.meta.title.clone(),
                    url: s.url(),
                    added: false,
                    old_url: Some(format!("{old_root}{}", o.url())),
                    changed: old_title.is_some() || !diff.blocks.is_empty(),
                    old_title,
                    blocks: diff.blocks,
                    role_only: diff.role_only,
                    quotes_only: diff.quotes_only,
                }
            })
            .collect();
        let removed_sections = old
            .sections
            .iter()
            .filter(|o| new.section(&o.meta.slug).is_none())
            .map(|o| Link {
                title: o.meta.title.clone(),
                url: format!("{old_root}{}", o.url()),
            })
            .collect();
        Changes {
            edition: edition.to_string(),
            label: label.to_string(),
            old_root: old_root.to_string(),
            old_role_title: old.site.role_title.clone(),
            role_title: new.site.role_title.clone(),
            sections,
            removed_sections,
            glossary: glossary(&tokeniser, old_root, old, new),
            checklist: checklist(&tokeniser, old, new),
        }
    }
}

struct BlockDiff {
    blocks: Vec<BlockChange>,
    role_only: usize,
    quotes_only: usize,
}

/// Aligns the blocks by their keys; blocks in a changed run are paired by
/// best match in order, and a pair shows its word-level diff.
fn diff_blocks(t: &Tokeniser, old: &[Block], new: &[Block]) -> BlockDiff {
    // Each block's word keys, worked out once: pairing compares them often.
    let words = |blocks: &[Block]| -> Vec<Vec<String>> {
        blocks.iter().map(|b| keys(&t.tokens(&b.text))).collect()
    };
    let (old_words, new_words) = (words(old), words(new));
    let key = |b: &Block, w: &Vec<String>| (b.kind, w.concat());
    let old_keys: Vec<_> = old.iter().zip(&old_words).map(|(b, w)| key(b, w)).collect();
    let new_keys: Vec<_> = new.iter().zip(&new_words).map(|(b, w)| key(b, w)).collect();
    let pair =
        |o: std::ops::Range<usize>, n: std::ops::Range<usize>, out: &mut Vec<BlockChange>| {
            pair_run(
                t,
                (&old[o.clone()], &old_words[o]),
                (&new[n.clone()], &new_words[n]),
                out,
            )
        };
    let mut out = BlockDiff {
        blocks: Vec::new(),
        role_only: 0,
        quotes_only: 0,
    };
    let ops = capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);
    let mut run: Option<(usize, usize, usize, usize)> = None;
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            if let Some((a, b, c, d)) = run.take() {
                pair(a..b, c..d, &mut out.blocks);
            }
            for (x, y) in old[o].iter().zip(&new[n]) {
                match t.sameness(&x.text, &y.text) {
                    Sameness::RoleTitle => out.role_only += 1,
                    Sameness::Quotes => out.quotes_only += 1,
                    _ => {}
                }
            }
        } else {
            run = Some(match run {
                Some((a, _, c, _)) => (a, o.end, c, n.end),
                None => (o.start, o.end, n.start, n.end),
            });
        }
    }
    if let Some((a, b, c, d)) = run {
        pair(a..b, c..d, &mut out.blocks);
    }
    out
}

/// Blocks with their word keys.
type Run<'a> = (&'a [Block], &'a [Vec<String>]);

fn pair_run(
    t: &Tokeniser,
    (old, old_words): Run,
    (new, new_words): Run,
    out: &mut Vec<BlockChange>,
) {
    let whole = |b: &Block, change: &'static str, kind: &'static str| BlockChange {
        kind: kind_name(b.kind),
        change,
        pieces: vec![Piece {
            kind,
            text: b.text.clone(),
        }],
    };
    let mut next = 0;
    for (o, ow) in old.iter().zip(old_words) {
        let best = (next..new.len())
            .filter(|&k| new[k].kind == o.kind)
            .map(|k| (k, ratio(ow, &new_words[k])))
            .filter(|(_, r)| *r >= SAME_BLOCK)
            // The best match; the earliest of equals.
            .fold(None, |best: Option<(usize, f32)>, (k, r)| match best {
                Some((_, br)) if br >= r => best,
                _ => Some((k, r)),
            });
        match best {
            Some((k, _)) => {
                for n in &new[next..k] {
                    out.push(whole(n, "added", "ins"));
                }
                out.push(BlockChange {
                    kind: kind_name(o.kind),
                    change: "changed",
                    pieces: word_diff(t, &o.text, &new[k].text),
                });
                next = k + 1;
            }
            None => out.push(whole(o, "removed", "del")),
        }
    }
    for n in &new[next..] {
        out.push(whole(n, "added", "ins"));
    }
}

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::Item => "item",
    }
}

/// How alike two texts are by their words' keys, 0 to 1.
fn similarity(t: &Tokeniser, old: &str, new: &str) -> f32 {
    ratio(&keys(&t.tokens(old)), &keys(&t.tokens(new)))
}

fn ratio(a: &[String], b: &[String]) -> f32 {
    let ops = capture_diff_slices(Algorithm::Patience, a, b);
    get_diff_ratio(&ops, a.len(), b.len())
}

fn keys(tokens: &[Token]) -> Vec<String> {
    tokens.iter().map(|t| t.key.clone()).collect()
}

/// The word-level diff of two texts: runs of unchanged, removed and added
/// text. Unchanged words are shown as the current edition has them.
pub fn word_diff(t: &Tokeniser, old: &str, new: &str) -> Vec<Piece> {
    let (a, b) = (t.tokens(old), t.tokens(new));
    let ops: Vec<DiffOp> = capture_diff_slices(Algorithm::Patience, &keys(&a), &keys(&b));
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |kind: &'static str, tokens: &[Token]| {
        let text: String = tokens.iter().map(|t| t.text).collect();
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(p) if p.kind == kind => p.text.push_str(&text),
            _ => pieces.push(Piece { kind, text }),
        }
    };
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push("same", &b[n]),
            DiffTag::Delete => push("del", &a[o]),
            DiffTag::Insert => push("ins", &b[n]),
            DiffTag::Replace => {
                push("del", &a[o]);
                push("ins", &b[n]);
            }
        }
    }
    tidy(pieces)
}

/// Joins changes separated only by a space, so a reworded phrase reads as
/// one removal and one addition ("<del>groups of</del><ins>one or
/// more</ins>"), not word by word.
fn tidy(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<Piece>, del: &mut String, ins: &mut String| {
        // Text kept in both that is only a space was a shared space.
        for (kind, text) in [("del", &mut *del), ("ins", &mut *ins)] {
            if !text.trim().is_empty() {
                out.push(Piece {
                    kind,
                    text: text.clone(),
                });
            }
            text.clear();
        }
    };
    for (i, p) in pieces.iter().enumerate() {
        match p.kind {
            "del" => del.push_str(&p.text),
            "ins" => ins.push_str(&p.text),
            _ => {
                let between_changes = !(del.is_empty() && ins.is_empty())
                    && p.text.trim().is_empty()
                    && pieces.get(i + 1).is_some_and(|n| n.kind != "same");
                if between_changes {
                    del.push_str(&p.text);
                    ins.push_str(&p.text);
                } else {
                    flush(&mut out, &mut del, &mut ins);
                    out.push(p.clone());
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

fn definition(term: &Term) -> String {
    blocks(&term.definition)
        .into_iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join(" ")
}

fn glossary(t: &Tokeniser, old_root: &str, old: &Guide, new: &Guide) -> GlossaryChanges {
    let mut changes = GlossaryChanges::default();
    let link = |term: &Term, root: &str| Link {
        title: term.heading(),
        url: format!("{root}{}", term.url()),
    };
    let old_only: Vec<&Term> = old
        .glossary
        .sorted()
        .into_iter()
        .filter(|o| new.glossary.term(&o.slug).is_none())
        .collect();
    let mut new_only: Vec<&Term> = Vec::new();
    for n in new.glossary.sorted() {
        let Some(o) = old.glossary.term(&n.slug) else {
            new_only.push(n);
            continue;
        };
        let (od, nd) = (definition(o), definition(n));
        let name = t.sameness(&o.heading(), &n.heading());
        let def = t.sameness(&od, &nd);
        if name != Sameness::Different && def != Sameness::Different {
            if name == Sameness::RoleTitle || def == Sameness::RoleTitle {
                changes.role_only += 1;
            }
            continue;
        }
        changes.redefined.push(TermChange {
            term: link(n, ""),
            old_name: (name == Sameness::Different).then(|| o.heading()),
            pieces: if def == Sameness::Different {
                word_diff(t, &od, &nd)
            } else {
                Vec::new()
            },
        });
    }
    // A term under a new name and slug with (nearly) the old definition
    // was renamed, not removed and added.
    let mut renamed_new = BTreeSet::new();
    for o in old_only {
        let od = definition(o);
        let best = new_only
            .iter()
            .filter(|n| !renamed_new.contains(&n.slug))
            .map(|n| (*n, similarity(t, &od, &definition(n))))
            .filter(|(_, r)| *r >= 0.8)
            .fold(None, |best: Option<(&Term, f32)>, (n, r)| match best {
                Some((_, br)) if br >= r => best,
                _ => Some((n, r)),
            });
        match best {
            Some((n, _)) => {
                renamed_new.insert(n.slug.clone());
                let nd = definition(n);
                changes.renamed.push(TermChange {
                    term: link(n, ""),
                    old_name: Some(o.heading()),
                    pieces: if t.sameness(&od, &nd) == Sameness::Different {
                        word_diff(t, &od, &nd)
                    } else {
                        Vec::new()
                    },
                });
            }
            None => changes.removed.push(link(o, old_root)),
        }
    }
    changes.added = new_only
        .into_iter()
        .filter(|n| !renamed_new.contains(&n.slug))
        .map(|n| link(n, ""))
        .collect();
    changes
}

fn checklist(t: &Tokeniser, old: &Guide, new: &Guide) -> ChecklistChanges {
    let leaves = |g: &Guide| -> Vec<String> {
        g.checklist
            .all_items()
            .into_iter()
            .filter(|i| i.items.is_empty())
            .map(|i| i.text.clone())
            .collect()
    };
    let key = |s: &str| -> String { t.tokens(s).into_iter().map(|t| t.key).collect() };
    let (old, new) = (leaves(old), leaves(new));
    let old_keys: BTreeSet<String> = old.iter().map(|s| key(s)).collect();
    let new_keys: BTreeSet<String> = new.iter().map(|s| key(s)).collect();
    let removed: Vec<&String> = old.iter().filter(|s| !new_keys.contains(&key(s))).collect();
    let mut added: Vec<&String> = new.iter().filter(|s| !old_keys.contains(&key(s))).collect();
    let mut changes = ChecklistChanges::default();
    // A removed item with a close added one was reworded.
    for o in removed {
        let best = added
            .iter()
            .enumerate()
            .map(|(k, n)| (k, similarity(t, o, n)))
            .filter(|(_, r)| *r >= SAME_BLOCK)
            .fold(None, |best: Option<(usize, f32)>, (k, r)| match best {
                Some((_, br)) if br >= r => best,
                _ => Some((k, r)),
            });
        match best {
            Some((k, _)) => {
                let n = added.remove(k);
                changes.reworded.push(word_diff(t, o, n));
            }
            None => changes.removed.push(o.clone()),
        }
    }
    changes.added = added.into_iter().cloned().collect();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.into(),
        }
    }

    #[test]
    fn a_reworded_paragraph_is_paired_and_diffed_by_word() {
        let t = Tokeniser::new(&["lead member", "portfolio holder"]);
        let old = [
            b(
                BlockKind::Paragraph,
                "As lead member you meet the director.",
            ),
            b(BlockKind::Paragraph, "Read the old report soon."),
            b(BlockKind::Paragraph, "Gone entirely now."),
        ];
        let new = [
            b(
                BlockKind::Paragraph,
                "As portfolio holder you meet the director.",
            ),
            b(BlockKind::Paragraph, "Read the latest report soon."),
            b(BlockKind::Paragraph, "Quite different words here."),
        ];
        let d = diff_blocks(&t, &old, &new);
        assert_eq!(d.role_only, 1);
        let changes: Vec<&str> = d.blocks.iter().map(|b| b.change).collect();
        assert_eq!(changes, ["changed", "removed", "added"]);
        assert_eq!(
            d.blocks[0].pieces,
            vec![
                Piece {
                    kind: "same",
                    text: "Read the ".into()
                },
                Piece {
                    kind: "del",
                    text: "old".into()
                },
                Piece {
                    kind: "ins",
                    text: "latest".into()
                },
                Piece {
                    kind: "same",
                    text: " report soon.".into()
                },
            ]
        );
    }
}
