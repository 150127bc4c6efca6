//! Matching a council folder against the base guide: which sections and
//! terms it replaces, adds and removes, and which sub-section each patch
//! targets. Every mismatch is an error naming the council's file and line.

use std::collections::BTreeMap;

use super::folder::{Action, Council, OverlayFile, PatchMeta, SectionOverride, TermOverride};
use super::subsections::{SubSection, sub_sections};
use crate::content::{Guide, Section, Term, slugs};
use crate::diagnostics::{Diagnostic, Errors, Result, did_you_mean};

/// What the council changes, matched against the base.
pub struct Plan<'a> {
    pub replaced_sections: Vec<(&'a OverlayFile<SectionOverride>, &'a Section)>,
    pub added_sections: Vec<&'a OverlayFile<SectionOverride>>,
    pub removed_sections: Vec<&'a Section>,
    pub replaced_terms: Vec<(&'a OverlayFile<TermOverride>, &'a Term)>,
    pub added_terms: Vec<&'a OverlayFile<TermOverride>>,
    pub removed_terms: Vec<&'a Term>,
    pub patches: Vec<PlannedPatch<'a>>,
}

/// A patch and the base sub-section it applies to.
pub struct PlannedPatch<'a> {
    pub patch: &'a OverlayFile<PatchMeta>,
    pub section: &'a Section,
    pub target: SubSection,
}

impl PlannedPatch<'_> {
    /// `getting-organised#meet-your-support-staff`.
    pub fn target_name(&self) -> String {
        format!("{}#{}", self.section.meta.slug, self.target.id)
    }
}

pub fn plan<'a>(base: &'a Guide, council: &'a Council) -> Result<Plan<'a>> {
    let mut errors = Vec::new();
    let config = &council.config;
    let section_slugs = || base.sections.iter().map(|s| s.meta.slug.as_str());
    let term_slugs = || base.glossary.terms.iter().map(|t| t.slug.as_str());

    let mut removed_sections = Vec::new();
    for slug in &config.config.remove.sections {
        match base.section(slug) {
            Some(s) => removed_sections.push(s),
            None => errors.push(
                config
                    .error(
                        config.line_of_value("sections", slug),
                        format!(
                            "`remove` names section `{slug}`, which the base guide does not have"
                        ),
                    )
                    .hint(unknown_hint(
                        slug,
                        section_slugs(),
                        "section slugs: file names in `guide/` without `.md`",
                    )),
            ),
        }
    }
    let mut removed_terms = Vec::new();
    for slug in &config.config.remove.glossary {
        match base.glossary.term(slug) {
            Some(t) => removed_terms.push(t),
            None => errors.push(
                config
                    .error(
                        config.line_of_value("glossary", slug),
                        format!("`remove` names glossary term `{slug}`, which the base guide does not have"),
                    )
                    .hint(unknown_hint(slug, term_slugs(), "term slugs: file names in `guide/glossary/` without `.md`")),
            ),
        }
    }

    let mut replaced_sections = Vec::new();
    let mut added_sections = Vec::new();
    for file in &council.sections {
        match base.section(&file.stem) {
            Some(_) if config.config.remove.sections.contains(&file.stem) => errors.push(
                Diagnostic::new(
                    &file.path,
                    format!("section `{}` is both replaced and removed", file.stem),
                )
                .at_line(1)
                .hint("delete this file, or take the slug out of `remove:` in council.yaml"),
            ),
            Some(section) => replaced_sections.push((file, section)),
            None => {
                if slugs::is_reserved(&file.stem) || !slugs::is_safe(&file.stem) {
                    errors.push(
                        Diagnostic::new(
                            &file.path,
                            format!("`{}` cannot name a new section", file.stem),
                        )
                        .at_line(1)
                        .hint(format!(
                            "use lower-case letters, digits and `-` for the file name, and none of: {}",
                            slugs::reserved_list()
                        )),
                    );
                }
                for key in ["title", "summary"] {
                    let missing = match key {
                        "title" => file.meta.title.is_none(),
                        _ => file.meta.summary.is_none(),
                    };
                    if missing {
                        errors.push(
                            Diagnostic::new(&file.path, format!("missing field `{key}`"))
                                .at_line(1)
                                .hint(format!("a new section needs `{key}`; no base section is called `{}` (a replacement uses the base's file name)", file.stem)),
                        );
                    }
                }
                match (&file.meta.after, file.meta.order) {
                    (None, None) => errors.push(
                        Diagnostic::new(&file.path, "a new section needs a place in the guide")
                            .at_line(1)
                            .hint(
                                "add `after: <slug>` (the section it follows) or `order: <number>`",
                            ),
                    ),
                    (Some(after), _)
                        if base.section(after).is_none()
                            && !council.sections.iter().any(|s| &s.stem == after) =>
                    {
                        errors.push(
                            Diagnostic::new(
                                &file.path,
                                format!("`after` names section `{after}`, which does not exist"),
                            )
                            .at_line(file.line_of_key("after"))
                            .hint(unknown_hint(
                                after,
                                section_slugs(),
                                "section slugs",
                            )),
                        )
                    }
                    _ => {}
                }
                added_sections.push(file);
            }
        }
    }

    let mut replaced_terms = Vec::new();
    let mut added_terms = Vec::new();
    for file in &council.terms {
        match base.glossary.term(&file.stem) {
            Some(_) if config.config.remove.glossary.contains(&file.stem) => errors.push(
                Diagnostic::new(
                    &file.path,
                    format!("glossary term `{}` is both replaced and removed", file.stem),
                )
                .at_line(1)
                .hint("delete this file, or take the slug out of `remove:` in council.yaml"),
            ),
            Some(term) => replaced_terms.push((file, term)),
            None => {
                if file.meta.term.is_none() {
                    errors.push(
                        Diagnostic::new(&file.path, "missing field `term`")
                            .at_line(1)
                            .hint(format!(
                                "a new glossary term needs `term`; no base term is called `{}`",
                                file.stem
                            )),
                    );
                }
                added_terms.push(file);
            }
        }
    }

    let mut patches: Vec<PlannedPatch> = Vec::new();
    let mut by_target: BTreeMap<String, &OverlayFile<PatchMeta>> = BTreeMap::new();
    for patch in &council.patches {
        match plan_patch(base, council, patch) {
            Ok(planned) => {
                let name = planned.target_name();
                if let Some(first) = by_target.insert(name.clone(), patch) {
                    errors.push(
                        Diagnostic::new(&patch.path, format!("two patches on `{name}`"))
                            .at_line(patch.line_of_key("target"))
                            .hint(format!(
                                "`{}` already patches it; put both changes in one patch",
                                first.path.display()
                            )),
                    );
                    continue;
                }
                patches.push(planned);
            }
            Err(d) => errors.extend(d),
        }
    }
    errors.extend(nested_replacements(&patches));

    Errors::check(errors)?;
    Ok(Plan {
        replaced_sections,
        added_sections,
        removed_sections,
        replaced_terms,
        added_terms,
        removed_terms,
        patches,
    })
}

fn plan_patch<'a>(
    base: &'a Guide,
    council: &Council,
    patch: &'a OverlayFile<PatchMeta>,
) -> Result<PlannedPatch<'a>> {
    let line = patch.line_of_key("target");
    let at = |message: String| Diagnostic::new(&patch.path, message).at_line(line);
    let written = patch.meta.target.trim();
    let Some((slug, id)) = written.split_once('#') else {
        return Err(Errors::from(at(format!("patch target `{written}` names no heading"))
            .hint("write `target: <section>#<heading-id>`, such as `getting-organised#meet-your-support-staff`")));
    };
    let slug = slug.trim_end_matches(".md");
    let Some(section) = base.section(slug) else {
        return Err(Errors::from(
            at(format!(
                "patch target `{written}`: the base guide has no section `{slug}`"
            ))
            .hint(unknown_hint(
                slug,
                base.sections.iter().map(|s| s.meta.slug.as_str()),
                "section slugs",
            )),
        ));
    };
    if council
        .config
        .config
        .remove
        .sections
        .iter()
        .any(|s| s == slug)
    {
        return Err(Errors::from(
            at(format!(
                "patch target `{written}`: the council removes section `{slug}`"
            ))
            .hint("delete the patch, or keep the section"),
        ));
    }
    if council.sections.iter().any(|s| s.stem == slug) {
        return Err(Errors::from(at(format!(
            "patch target `{written}`: the council replaces section `{slug}` as a whole"
        ))
        .hint(format!(
            "make this change in the replacement (`sections/{slug}.md`), or patch instead of replacing"
        ))));
    }
    let subs = sub_sections(&section.body);
    let Some(target) = subs.iter().find(|s| s.id == id).cloned() else {
        let ids: Vec<&str> = subs.iter().map(|s| s.id.as_str()).collect();
        let known = if ids.is_empty() {
            format!(
                "`{slug}` has no headings; patch a section that has `##` headings, or replace the section"
            )
        } else {
            format!(
                "the headings of `{slug}` are: {}",
                ids.iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let mut hint = match did_you_mean(id, ids.iter().copied()) {
            Some(good) => format!("did you mean `{good}`? {known}"),
            None => known,
        };
        if patch.meta.base_hash.is_some() {
            hint.push_str(&format!(
                "; this patch was pinned, so the guide may have renamed or removed the heading since (the text it was written against is in `{}/.pins/`)",
                council.root.display()
            ));
        }
        return Err(Errors::from(
            at(format!(
                "patch target `{written}`: `{}` has no heading `#{id}`",
                section.source.display()
            ))
            .hint(hint),
        ));
    };
    if patch.meta.action == Action::InsertAfter && patch.meta.title.is_none() {
        return Err(Errors::from(
            Diagnostic::new(&patch.path, "missing field `title`")
                .at_line(patch.line_of_key("action"))
                .hint("`insert_after` adds a new sub-section: give its heading as `title`"),
        ));
    }
    Ok(PlannedPatch {
        patch,
        section,
        target,
    })
}

/// A patch inside a sub-section that another patch replaces would vanish.
fn nested_replacements(patches: &[PlannedPatch]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for outer in patches
        .iter()
        .filter(|p| p.patch.meta.action == Action::Replace)
    {
        for inner in patches {
            let same_section = std::ptr::eq(inner.section, outer.section);
            let r = &outer.target.range;
            let i = &inner.target.range;
            if same_section && !std::ptr::eq(inner, outer) && i.start > r.start && i.end <= r.end {
                errors.push(
                    Diagnostic::new(
                        &inner.patch.path,
                        format!(
                            "patch target `{}` is inside `{}`, which `{}` replaces",
                            inner.target_name(),
                            outer.target_name(),
                            outer.patch.path.display()
                        ),
                    )
                    .at_line(inner.patch.line_of_key("target"))
                    .hint("put this change into the replacing patch"),
                );
            }
        }
    }
    errors
}

fn unknown_hint<'a>(
    wrong: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    match did_you_mean(wrong, known.clone()) {
        Some(good) => format!("did you mean `{good}`?"),
        None => format!(
            "the {what} are: {}",
            known
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
