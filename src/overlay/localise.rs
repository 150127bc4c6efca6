//! The overlay stage itself: base guide + council folder → localised guide,
//! plus the files the council adds (logo, colours) and its warnings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::colours;
use super::folder::{Council, OverlayFile, SectionOverride, TermOverride};
use super::patch;
use super::plan::{Plan, PlannedPatch, plan};
use super::references::{council_links, links_to_removed};
use super::staleness;
use super::terminology::Terminology;
use crate::content::{self, CouncilBranding, Guide, Section, Term, TermMeta, Text};
use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::render::OutputFile;
use crate::script_check;

/// The guide as the council publishes it.
pub struct Localised {
    pub guide: Guide,
    /// Files the council adds to the site: `static/council/brand.css` and its logo.
    pub files: Vec<OutputFile>,
    /// The council folder, a theme layer above all others (`templates/`, `static/`).
    pub theme_dir: PathBuf,
    /// Changes whose base moved since they were pinned, or never pinned.
    pub warnings: Vec<Diagnostic>,
}

/// Logo formats a browser shows in `<img>`.
const LOGO_TYPES: [&str; 6] = ["svg", "png", "jpg", "jpeg", "gif", "webp"];

pub fn localise(base: Guide, council: &Council) -> Result<Localised> {
    let plan = plan(&base, council)?;
    let mut errors = Vec::new();
    let pinned = staleness::pinned(&plan);
    let (warnings, pin_errors): (Vec<Diagnostic>, Vec<Diagnostic>) =
        staleness::check(council, &pinned)
            .into_iter()
            .partition(Diagnostic::is_warning);
    errors.extend(pin_errors);

    let sections = assemble_sections(&base, &plan);
    let mut terms: Vec<Term> = base
        .glossary
        .terms
        .iter()
        .filter(|t| !plan.removed_terms.iter().any(|r| r.slug == t.slug))
        .map(
            |t| match plan.replaced_terms.iter().find(|(_, b)| b.slug == t.slug) {
                Some((file, base_term)) => replaced_term(file, base_term),
                None => t.clone(),
            },
        )
        .collect();
    terms.extend(plan.added_terms.iter().map(|f| added_term(f)));
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));

    let mut guide = Guide {
        root: base.root.clone(),
        site: base.site.clone(),
        sections,
        glossary: content::Glossary {
            terms,
            ..base.glossary.clone()
        },
        checklist: base.checklist.clone(),
        resources: base.resources.clone(),
    };
    errors.extend(links_to_removed(&guide, council, &plan));

    let config = &council.config.config;
    let terms: Vec<(String, String)> = config
        .terms
        .iter()
        .map(|t| (t.from.clone(), t.to.clone()))
        .collect();
    let words = Terminology::new(
        &base.site.role_title,
        config.role_title.as_deref(),
        config.role_title_plural.as_deref(),
        &terms,
    );
    in_council_words(&mut guide, &words);
    if let Some(role) = &config.role_title {
        guide.site.role_title = role.clone();
    }
    guide.site.base_url = config.base_url.clone();

    let mut files = Vec::new();
    match colours::palette(&council.config) {
        Ok(palette) => files.push(OutputFile {
            path: "static/council/brand.css".into(),
            bytes: palette.stylesheet(&config.name).into_bytes(),
        }),
        Err(e) => errors.extend(e),
    }
    let logo = match logo_file(council) {
        Ok(Some(file)) => {
            let path = file.path.clone();
            files.push(file);
            Some(path)
        }
        Ok(None) => None,
        Err(d) => {
            errors.extend(d);
            None
        }
    };
    guide.site.council = Some(CouncilBranding {
        name: config.name.clone(),
        slug: config.slug.clone(),
        logo,
        header_text: config.header_text.clone(),
        footer_text: config.footer_text.clone(),
        contact: config.contact.clone(),
    });

    if errors.is_empty() {
        if let Err(e) = guide.validate() {
            errors.extend(e);
        }
        errors.extend(council_links(&guide, council, &plan));
    }
    Errors::check(errors)?;
    Ok(Localised {
        guide,
        files,
        theme_dir: council.root.clone(),
        warnings,
    })
}

/// The base's sections less those removed, replaced or patched as planned,
/// with the council's new sections in their places; `order` renumbered.
fn assemble_sections(base: &Guide, plan: &Plan) -> Vec<Section> {
    let mut patches: BTreeMap<&str, Vec<&PlannedPatch>> = BTreeMap::new();
    for p in &plan.patches {
        patches
            .entry(p.section.meta.slug.as_str())
            .or_default()
            .push(p);
    }
    let mut placed: Vec<Section> = Vec::new();
    let mut to_place: Vec<(&OverlayFile<SectionOverride>, Section)> = Vec::new();
    for s in &base.sections {
        if plan
            .removed_sections
            .iter()
            .any(|r| r.meta.slug == s.meta.slug)
        {
            continue;
        }
        match plan
            .replaced_sections
            .iter()
            .find(|(_, b)| b.meta.slug == s.meta.slug)
        {
            Some((file, _)) => {
                let section = council_section(file, Some(s));
                if file.meta.after.is_some() || file.meta.order.is_some() {
                    to_place.push((file, section));
                } else {
                    placed.push(section);
                }
            }
            None => match patches.get(s.meta.slug.as_str()) {
                Some(list) => {
                    let mut patched = s.clone();
                    patched.body = patch::apply(&s.body, list);
                    placed.push(patched);
                }
                None => placed.push(s.clone()),
            },
        }
    }
    for file in &plan.added_sections {
        to_place.push((file, council_section(file, None)));
    }
    // `after` may name another new section: place in rounds until done.
    let mut after_count: BTreeMap<String, usize> = BTreeMap::new();
    while !to_place.is_empty() {
        let before = to_place.len();
        let mut waiting = Vec::new();
        for (file, section) in to_place {
            let at = match (&file.meta.after, file.meta.order) {
                (Some(after), _) => placed.iter().position(|s| &s.meta.slug == after).map(|i| {
                    let n = after_count.entry(after.clone()).or_insert(0);
                    *n += 1;
                    i + *n
                }),
                (None, Some(order)) => Some(
                    placed
                        .iter()
                        .position(|s| {
                            base.section(&s.meta.slug)
                                .is_some_and(|b| b.meta.order > order)
                        })
                        .unwrap_or(placed.len()),
                ),
                (None, None) => Some(placed.len()),
            };
            match at {
                Some(i) => placed.insert(i.min(placed.len()), section),
                None => waiting.push((file, section)),
            }
        }
        if waiting.len() == before {
            // `after` names nothing placeable (checked when planning): put them last.
            placed.extend(waiting.into_iter().map(|(_, s)| s));
            break;
        }
        to_place = waiting;
    }
    for (i, s) in placed.iter_mut().enumerate() {
        s.meta.order = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    placed
}

fn council_section(file: &OverlayFile<SectionOverride>, base: Option<&Section>) -> Section {
    let meta = content::SectionMeta {
        title: file
            .meta
            .title
            .clone()
            .or_else(|| base.map(|b| b.meta.title.clone()))
            .unwrap_or_default(),
        slug: file.stem.clone(),
        order: base.map_or(0, |b| b.meta.order),
        summary: file
            .meta
            .summary
            .clone()
            .or_else(|| base.map(|b| b.meta.summary.clone()))
            .unwrap_or_default(),
    };
    match base {
        // An empty body keeps the base's text (a change of title or summary only).
        Some(b) if file.body.trim().is_empty() => {
            Section::new(b.source.clone(), meta, b.body.clone(), b.body_line)
        }
        _ => Section::new(file.path.clone(), meta, file.body.clone(), file.body_line),
    }
}

fn replaced_term(file: &OverlayFile<TermOverride>, base: &Term) -> Term {
    let m = &file.meta;
    let b = &base.meta;
    let meta = TermMeta {
        term: m.term.clone().unwrap_or_else(|| b.term.clone()),
        abbreviations: m
            .abbreviations
            .clone()
            .unwrap_or_else(|| b.abbreviations.clone()),
        aliases: m.aliases.clone().unwrap_or_else(|| b.aliases.clone()),
        see_also: m.see_also.clone().unwrap_or_else(|| b.see_also.clone()),
        match_case: m.match_case.unwrap_or(b.match_case),
    };
    if file.body.trim().is_empty() {
        Term::new(
            base.source.clone(),
            base.slug.clone(),
            meta,
            base.definition.clone(),
            base.body_line,
        )
    } else {
        Term::new(
            file.path.clone(),
            base.slug.clone(),
            meta,
            file.body.clone(),
            file.body_line,
        )
    }
}

fn added_term(file: &OverlayFile<TermOverride>) -> Term {
    let m = &file.meta;
    let meta = TermMeta {
        term: m.term.clone().unwrap_or_default(),
        abbreviations: m.abbreviations.clone().unwrap_or_default(),
        aliases: m.aliases.clone().unwrap_or_default(),
        see_also: m.see_also.clone().unwrap_or_default(),
        match_case: m.match_case.unwrap_or(false),
    };
    Term::new(
        file.path.clone(),
        file.stem.clone(),
        meta,
        file.body.clone(),
        file.body_line,
    )
}

/// Every string readers see, in the council's words.
fn in_council_words(guide: &mut Guide, words: &Terminology) {
    if words.is_empty() {
        return;
    }
    guide.for_each_text_mut(|text| match text {
        Text::Plain(s) => *s = words.text(s),
        Text::Markdown(s) => *s = words.markdown(s),
    });
}

/// The logo, checked (inside the folder, a known image type, an SVG without
/// scripts) and named for `static/council/`.
fn logo_file(council: &Council) -> Result<Option<OutputFile>> {
    let Some(relative) = &council.config.config.logo else {
        return Ok(None);
    };
    let config = &council.config;
    let line = config.line_of_key("logo");
    let ext = relative
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !LOGO_TYPES.contains(&ext.as_str()) {
        return Err(Errors::from(
            config
                .error(
                    line,
                    format!(
                        "logo `{}` is not an image type browsers show",
                        relative.display()
                    ),
                )
                .hint("use an .svg, .png, .jpg, .gif or .webp file"),
        ));
    }
    let path = council.root.join(relative);
    let bytes = std::fs::read(&path).map_err(|e| Diagnostic::io("read", &path, &e))?;
    if ext == "svg" {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(problem) = script_check::check_svg(&text) {
            let (l, column) = script_check::line_column(&text, problem.offset);
            return Err(Errors::from(Diagnostic::new(&path, format!("logo refused: {}", problem.message))
                .at(l, column)
                .hint(format!(
                    "`logo` in `{}` (line {line}) names this file; export it again as a plain SVG (shapes, text and gradients; no scripts, links, embedded images, styles that fetch, or other namespaces), or use a .png",
                    config.path().display()
                ))));
        }
    }
    Ok(Some(OutputFile {
        path: format!("static/council/logo.{ext}"),
        bytes,
    }))
}
