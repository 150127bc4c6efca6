//! The render stage: tera templates from the theme layers, fed typed page
//! contexts, produce every page of the site.

mod pages;
mod print;
pub mod theme;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use tera::Tera;

pub use pages::{EditionMarks, render_pages, render_site};
pub use theme::Theme;

use crate::diagnostics::{Diagnostic, Errors, Result};
use crate::html::escape as escape_html;

/// One file of the built site, by its path relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The theme's templates, parsed.
pub struct Templates {
    tera: Tera,
    /// Template name → the file it came from, for error messages.
    origins: Vec<(String, PathBuf)>,
    /// Templates whose tags mention `sections`.
    reads_sections: HashSet<String>,
    /// Every template the built-in theme has is its own, unchanged (a
    /// theme may add others, which those never include): the print page
    /// shows each section's HTML once, as it is, so it can be spliced in
    /// after the template has run (`print::splice`).
    built_in: bool,
}

/// The templates rendered as pages; any other template (`base.html`,
/// `macros.html`, a theme's own partials) may be pulled into any page.
const PAGE_TEMPLATES: [&str; 9] = [
    "index.html",
    "section.html",
    "glossary.html",
    "checklist.html",
    "resources.html",
    "print.html",
    "search.html",
    "404.html",
    "changes.html",
];

/// The files a set of templates was parsed from: name, origin and bytes.
type TemplateSources = Vec<(String, PathBuf, Vec<u8>)>;

/// How many parsed template sets [`Templates::shared`] keeps.
const SHARED_TEMPLATES: usize = 8;

impl Templates {
    /// The theme's templates, parsed once per distinct set of template
    /// files: 150 councils that keep the default templates share one parse.
    /// Keyed by content, so an edited template (under `serve`) is parsed again.
    pub fn shared(theme: &Theme) -> Result<Arc<Templates>> {
        static CACHE: Mutex<Vec<(TemplateSources, Arc<Templates>)>> = Mutex::new(Vec::new());
        let files = theme.files("templates/")?;
        let key: TemplateSources = files
            .iter()
            .map(|f| (f.name.clone(), f.origin.clone(), f.bytes.clone()))
            .collect();
        let cached = |cache: &Vec<(TemplateSources, Arc<Templates>)>| {
            cache
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, t)| t.clone())
        };
        if let Some(templates) = cached(&CACHE.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(templates);
        }
        let templates = Arc::new(Templates::parse(files)?);
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(first) = cached(&cache) {
            return Ok(first);
        }
        if cache.len() >= SHARED_TEMPLATES {
            cache.remove(0);
        }
        cache.push((key, templates.clone()));
        Ok(templates)
    }

    fn parse(files: Vec<theme::ThemeFile>) -> Result<Templates> {
        let mut tera = Tera::default();
        // Tera's own escaper also escapes `/`, which makes every URL unreadable.
        tera.set_escape_fn(escape_html);
        let mut origins = Vec::new();
        let mut raw = Vec::new();
        let mut errors = Vec::new();
        let built_in = files
            .iter()
            .all(|f| theme::built_in(&f.name).is_none_or(|b| b == f.bytes));
        for file in files {
            let name = file.name.trim_start_matches("templates/").to_string();
            match String::from_utf8(file.bytes) {
                Ok(text) => raw.push((name.clone(), text)),
                Err(_) => errors.push(Diagnostic::new(&file.origin, "template is not UTF-8 text")),
            }
            origins.push((name, file.origin));
        }
        Errors::check(errors)?;
        let reads_sections = raw
            .iter()
            .filter(|(_, text)| mentions_sections(text))
            .map(|(name, _)| name.clone())
            .collect();
        let templates = Templates {
            tera: Tera::default(),
            origins,
            reads_sections,
            built_in,
        };
        tera.add_raw_templates(raw)
            .map_err(|e| templates.diagnostic(&e, None))?;
        Ok(Templates { tera, ..templates })
    }

    /// Whether these are the built-in theme's templates, unchanged (a
    /// theme's own additions aside).
    pub fn built_in(&self) -> bool {
        self.built_in
    }

    /// Whether rendering `template` may read the `sections` variable: its
    /// own tags mention it, or a shared template's do (which it might
    /// extend, include or import). Conservative: a mention in a comment or
    /// string counts too.
    pub fn reads_sections(&self, template: &str) -> bool {
        self.reads_sections
            .iter()
            .any(|name| name == template || !PAGE_TEMPLATES.contains(&name.as_str()))
    }

    pub fn render(&self, template: &str, context: &impl Serialize) -> Result<String> {
        self.render_sized(template, context, 0)
    }

    /// As [`Templates::render`], into a buffer of `size` bytes to start
    /// with. A page whose size is roughly known beforehand and large (the
    /// print page: some 75 MB at 10,000 sections) is then written once,
    /// not copied each time its buffer doubles, which for a moment holds
    /// it three times over. Keep the guess close: capacity never written
    /// to still counted in peak RSS here (1 MiB spare on each of 151
    /// councils' print pages cost 140 MB).
    pub fn render_sized(
        &self,
        template: &str,
        context: &impl Serialize,
        size: usize,
    ) -> Result<String> {
        let context = tera::Context::from_serialize(context).map_err(|e| {
            Diagnostic::new(
                self.origin(template),
                format!("cannot pass the page to the template: {e}"),
            )
        })?;
        let mut out = Vec::with_capacity(size.max(2000));
        self.tera
            .render_to(template, &context, &mut out)
            .map_err(|e| self.diagnostic(&e, Some(template)))?;
        // Tera writes only `str`s, so this is never refused.
        String::from_utf8(out).map_err(|e| {
            Diagnostic::new(self.origin(template), format!("template error: {e}")).into()
        })
    }

    fn origin(&self, template: &str) -> PathBuf {
        self.origins
            .iter()
            .find(|(n, _)| n == template)
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| template.into())
    }

    /// Tera's error chain, flattened, naming the template file.
    fn diagnostic(&self, err: &tera::Error, template: Option<&str>) -> Diagnostic {
        let mut messages = vec![err.to_string()];
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            messages.push(s.to_string());
            source = s.source();
        }
        let text = messages.join(": ");
        // Tera names the template in its message ("... '/page.html' ..."); prefer that file.
        let named = self
            .origins
            .iter()
            .find(|(n, _)| text.contains(&format!("'{n}'")))
            .map(|(n, _)| n.as_str());
        let file = self.origin(named.or(template).unwrap_or("templates"));
        let mut d = Diagnostic::new(file, format!("template error: {text}"))
            .hint("check the template's `{{ }}` and `{% %}` tags; variables available are listed in docs/themes.md");
        if let Some((line, column)) = line_column(&text) {
            d = d.at(line, column);
        }
        d
    }
}

/// Whether any tera tag (`{{ }}`, `{% %}`, `{# #}`) in `text` has the word
/// `sections` (or dumps the whole context).
fn mentions_sections(text: &str) -> bool {
    static TAG: OnceLock<regex::Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        regex::Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}").expect("a fixed pattern")
    });
    tag.find_iter(text).any(|m| {
        m.as_str()
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| word == "sections" || word == "__tera_context")
    })
}

/// Tera parse errors carry " --> 3:14" positions.
fn line_column(text: &str) -> Option<(usize, usize)> {
    let at = text.find("--> ")?;
    let rest = &text[at + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}
