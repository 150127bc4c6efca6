//! One function per kind of page, each building a typed context for its template.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::{OutputFile, Templates, Theme, print};
use crate::content::{ChecklistItem, CouncilBranding, Publisher, Site, urls};
use crate::diagnostics::{Errors, Result};
use crate::editions::Changes;
use crate::editions::banner::{Banner, BannerSpec};
use crate::links::{Linked, LinkedSection};
use crate::markdown::{Heading, highlight};

/// What every page's template gets.
#[derive(Serialize)]
struct Common<'a> {
    site: SiteView<'a>,
    /// Prefix that turns a site path into a link from this page: `""` for
    /// pages at the root, the absolute base URL for `404.html` (which a
    /// server may show at any depth).
    root: &'a str,
    page: PageMeta,
    /// The guide's sections, in order, for navigation and the contents.
    /// Left out (not serialised at all) for a template that never reads
    /// it: every page listing every section would make the build
    /// sections × sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    sections: Option<Vec<NavLink>>,
    breadcrumbs: Vec<NavLink>,
    /// On an old edition's page: the banner to the current page.
    edition_banner: Option<Banner>,
    /// On the current edition: its changes page (the home page links to it).
    changes: Option<ChangesNote>,
}

#[derive(Serialize)]
struct ChangesNote {
    url: &'static str,
    /// The old edition's folder name ("2019").
    edition: String,
}

/// What the editions add to a site's pages (none for a guide without them).
#[derive(Default)]
pub struct EditionMarks {
    /// Set when rendering an old edition: every page gets a banner and a
    /// canonical link, and the site gets no sitemap, robots.txt or 404 page
    /// (those belong to the current edition).
    pub banner: Option<BannerSpec>,
    /// Set when rendering the current edition: `changes.html`, and a
    /// "Changed since" note on each section that changed.
    pub changes: Option<Changes>,
}

/// The page of what changed since an old edition.

#[derive(Serialize)]
struct ChangesPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    changes: &'a Changes,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    role_title: &'a str,
    edition: Option<&'a str>,
    date: Option<&'a str>,
    publisher: &'a Publisher,
    /// The council whose copy this is, if any: logo, header and footer text, contact.
    council: Option<&'a CouncilBranding>,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    url: String,
    description: String,
    kind: PageKind,
}

/// What a page is, for templates (`page.kind`): serialised as `home`,
/// `section`, `glossary`, `checklist`, `resources`, `print`, `search`, `404`,
/// `changes`.
#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum PageKind {
    Home,
    Section,
    Glossary,
    Checklist,
    Resources,
    Print,
    Search,
    #[serde(rename = "404")]
    NotFound,
    /// What changed since the old edition.
    Changes,
}

#[derive(Serialize, Clone)]
struct NavLink {
    title: String,
    url: String,
    summary: String,
    current: bool,
}

#[derive(Serialize)]
struct SectionPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    html: &'a str,
    toc: Vec<&'a Heading>,
    previous: Option<NavLink>,
    next: Option<NavLink>,
    terms: Vec<TermLink>,
    /// Checklist items this section explains.
    checklist: Vec<TermLink>,
    /// `changes.html#<slug>` when this section changed since the old edition.
    changed_since: Option<String>,
}

#[derive(Serialize, Clone)]
struct TermLink {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct GlossaryPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    intro: &'a str,
    /// A to Z: every letter, with the terms under it (empty letters are shown but not linked).
    letters: Vec<Letter>,
}

#[derive(Serialize)]
struct Letter {
    letter: char,
    id: String,
    terms: Vec<TermEntry>,
}

#[derive(Serialize)]
struct TermEntry {
    slug: String,
    heading: String,
    definition: String,
    mentioned_in: Vec<TermLink>,
    see_also: Vec<TermLink>,
}

#[derive(Serialize)]
struct ChecklistPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    items: Vec<ChecklistEntry>,
    total: usize,
}

#[derive(Serialize)]
struct ChecklistEntry {
    id: String,
    text: String,
    /// The section (and heading) that explains it.
    explained_by: Option<TermLink>,
    items: Vec<ChecklistEntry>,
}

#[derive(Serialize)]
struct ResourcesPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    topics: Vec<Topic<'a>>,
}

#[derive(Serialize)]
struct Topic<'a> {
    title: &'a str,
    id: String,
    resources: Vec<ResourceEntry<'a>>,
}

#[derive(Serialize)]
struct ResourceEntry<'a> {
    id: String,
    title: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct PrintPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    sections: Vec<PrintSection<'a>>,
    checklist: Vec<ChecklistEntry>,
    glossary_intro: String,
    terms: Vec<TermEntry>,
    topics: Vec<Topic<'a>>,
}

#[derive(Serialize)]
struct PrintSection<'a> {
    id: String,
    title: &'a str,
    html: ForPrint<'a>,
}

/// A section's HTML as the print page shows it, rewritten only as it is
/// passed to the template: at 10,000 sections the rewritten text is some
/// 75 MB, which would otherwise be held twice (here and in the template's
/// context).
struct ForPrint<'a> {
    html: &'a str,
    slug: &'a str,
    sections: &'a print::SectionIds<'a>,
    /// Passed as this section's placeholder instead (`print::splice`).
    placeholder: Option<usize>,
}

impl Serialize for ForPrint<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match self.placeholder {
            Some(i) => serializer.serialize_str(&print::placeholder(i)),
            None => {
                serializer.serialize_str(&print::for_print(self.html, self.slug, self.sections))
            }
        }
    }
}

/// Every file of the site except the search index: pages, assets, sitemap;
/// with what the editions add (`marks`): a banner on an old edition's
/// pages, or the changes page and notes on the current one. Sorted by path.
pub fn render_site(
    linked: &Linked,
    site: &Site,
    theme: &Theme,
    marks: &EditionMarks,
) -> Result<Vec<OutputFile>> {
    let RenderedSite { pages, others } = render_pages(linked, site, theme, marks, Ok)?;
    let mut files = pages;
    files.extend(others);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}

/// What [`render_pages`] gives: what its `take` made of each page, in the
/// site's page order, and the site's other files.
pub struct RenderedSite<T> {
    pub pages: Vec<T>,
    /// The sitemap, robots.txt and the theme's assets, by path, none at a
    /// page's path (a page wins over an asset of the same name).
    pub others: Vec<OutputFile>,
}

/// As [`render_site`], each page handed to `take` as soon as it is
/// rendered (pages are rendered in parallel), so that a build can check
/// and write it and keep only what later stages need: at 10,000 sections
/// the pages are some 190 MB. Errors (rendering's, then `take`'s) come in
/// page order, whatever the timing.
pub fn render_pages<T: Send>(
    linked: &Linked,
    site: &Site,
    theme: &Theme,
    marks: &EditionMarks,
    take: impl Fn(OutputFile) -> Result<T> + Sync,
) -> Result<RenderedSite<T>> {
    let templates = Templates::shared(theme)?;
    let pages = Pages::new(linked, site, &templates, marks);
    // An old edition inside a site has no 404 page, sitemap or robots.txt
    // of its own: the site's serve for it.
    let old_edition = marks.banner.is_some();
    let mut jobs = vec![Page::Home];
    jobs.extend((0..linked.sections.len()).map(Page::Section));
    jobs.extend([
        Page::Glossary,
        Page::Checklist,
        Page::Resources,
        Page::Print,
        Page::Search,
    ]);
    if marks.changes.is_some() {
        jobs.push(Page::Changes);
    }
    if !old_edition {
        jobs.push(Page::NotFound);
    }
    let page_paths: Vec<String> = jobs.iter().map(|&job| pages.path(job)).collect();
    let render_one = |i: usize| {
        let bytes = pages.render(jobs[i])?.into_bytes();
        take(OutputFile {
            path: page_paths[i].clone(),
            bytes,
        })
    };
    // The print page, by far the largest (75 MB at 10,000 sections, with
    // its template context as large again), is rendered and handed over
    // first, while the search index being built alongside is still
    // small, rather than whenever the pool reaches it: the two at once
    // made the build's peak memory depend on timing.
    let print_at = jobs.iter().position(|job| matches!(job, Page::Print));
    let print = print_at.map(render_one);
    // Every other page on its own (in parallel); collected in order, so the
    // output and the order of any errors never depend on timing.
    let mut rest: Vec<Result<T>> = (0..jobs.len())
        .into_par_iter()
        .filter(|&i| Some(i) != print_at)
        .map(render_one)
        .collect();
    if let (Some(at), Some(print)) = (print_at, print) {
        rest.insert(at, print);
    }
    let mut taken_pages = Vec::with_capacity(rest.len());
    let mut errors = Vec::new();
    for page in rest {
        match page {
            Ok(t) => taken_pages.push(t),
            Err(e) => errors.extend(e.0),
        }
    }
    Errors::check(errors)?;
    let mut others = Vec::new();
    if !old_edition {
        let in_sitemap: Vec<&String> = page_paths.iter().filter(|p| urls::in_sitemap(p)).collect();
        others.push(OutputFile {
            path: urls::SITEMAP.into(),
            bytes: sitemap(&site.base_url, &in_sitemap).into_bytes(),
        });
        others.push(OutputFile {
            path: urls::ROBOTS.into(),
            bytes: format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}{}\n",
                site.base_url,
                urls::SITEMAP
            )
            .into_bytes(),
        });
    }
    for file in theme.files("static/")? {
        others.push(OutputFile {
            path: file.name,
            bytes: file.bytes,
        });
    }
    others.push(OutputFile {
        path: "static/highlight.css".into(),
        bytes: highlight::stylesheet().as_bytes().to_vec(),
    });
    // The first of a name wins, as listed above.
    others.sort_by(|a, b| a.path.cmp(&b.path));
    others.dedup_by(|a, b| a.path == b.path);
    let page_paths: HashSet<&str> = page_paths.iter().map(String::as_str).collect();
    others.retain(|f| !page_paths.contains(f.path.as_str()));
    Ok(RenderedSite {
        pages: taken_pages,
        others,
    })
}

/// One page of the site, as a job for [`Pages::render`].
#[derive(Clone, Copy)]
enum Page {
    Home,
    Section(usize),
    Glossary,
    Checklist,
    Resources,
    Print,
    Search,
    Changes,
    NotFound,
}

struct Pages<'a> {
    linked: &'a Linked<'a>,
    site: &'a Site,
    templates: &'a Templates,
    marks: &'a EditionMarks,
    /// Section slug → index in `linked.sections`.
    sections: HashMap<&'a str, usize>,
    /// Term slug → index in `linked.terms`.
    terms: HashMap<&'a str, usize>,
    /// Section slug → the checklist items it explains, in checklist order.
    checklist_by_section: HashMap<&'a str, Vec<TermLink>>,
    /// Slugs of the sections changed since the old edition.
    changed: HashSet<&'a str>,
}

impl<'a> Pages<'a> {
    fn new(
        linked: &'a Linked<'a>,
        site: &'a Site,
        templates: &'a Templates,
        marks: &'a EditionMarks,
    ) -> Pages<'a> {
        let guide = linked.guide;
        let mut checklist_by_section: HashMap<&str, Vec<TermLink>> = HashMap::new();
        for item in guide.checklist.all_items() {
            if let (Some(slug), true) = (item.section.as_deref(), item.items.is_empty()) {
                checklist_by_section
                    .entry(slug)
                    .or_default()
                    .push(TermLink {
                        title: item.text.clone(),
                        url: urls::checklist_item(&item.id),
                    });
            }
        }
        let changed = marks
            .changes
            .iter()
            .flat_map(|c| c.sections.iter())
            .filter(|s| s.changed)
            .map(|s| s.slug.as_str())
            .collect();
        Pages {
            linked,
            site,
            templates,
            marks,
            sections: first_index(linked.sections.iter().map(|s| s.section.meta.slug.as_str())),
            terms: first_index(linked.terms.iter().map(|t| t.term.slug.as_str())),
            checklist_by_section,
            changed,
        }
    }

    /// A page's path in the site.
    fn path(&self, page: Page) -> String {
        match page {
            Page::Home => urls::HOME.into(),
            Page::Section(i) => self.linked.sections[i].section.url(),
            Page::Glossary => urls::GLOSSARY.into(),
            Page::Checklist => urls::CHECKLIST.into(),
            Page::Resources => urls::RESOURCES.into(),
            Page::Print => urls::PRINT.into(),
            Page::Search => urls::SEARCH.into(),
            Page::Changes => urls::CHANGES.into(),
            Page::NotFound => urls::NOT_FOUND.into(),
        }
    }

    /// A page's HTML.
    fn render(&self, page: Page) -> Result<String> {
        match page {
            Page::Home => self.home(),
            Page::Section(i) => self.section(i),
            Page::Glossary => self.glossary(),
            Page::Checklist => self.checklist(),
            Page::Resources => self.resources(),
            Page::Print => self.print(),
            Page::Search => self.simple(
                urls::SEARCH,
                "Search",
                PageKind::Search,
                "Search the guide.",
            ),
            Page::Changes => match &self.marks.changes {
                Some(changes) => self.changes(changes),
                None => unreachable!("the changes page is a job only with changes"),
            },
            Page::NotFound => self.simple(
                urls::NOT_FOUND,
                "Page not found",
                PageKind::NotFound,
                "Page not found.",
            ),
        }
    }

    /// A section with its rendering, by slug.
    fn section_by_slug(&self, slug: &str) -> Option<&'a LinkedSection<'a>> {
        self.sections.get(slug).map(|&i| &self.linked.sections[i])
    }

    fn common(&self, url: &str, title: &str, kind: PageKind, description: &str) -> Common<'a> {
        let root = if kind == PageKind::NotFound {
            self.site.base_url.as_str()
        } else {
            ""
        };
        let mut breadcrumbs = vec![];
        if kind != PageKind::Home {
            breadcrumbs.push(NavLink {
                title: "Home".into(),
                url: urls::HOME.into(),
                summary: String::new(),
                current: false,
            });
        }
        // The print page's own `sections` (the whole text) replaces this list.
        let template = match kind {
            PageKind::Home => Some(urls::HOME),
            PageKind::Section => Some("section.html"),
            PageKind::Glossary => Some(urls::GLOSSARY),
            PageKind::Checklist => Some(urls::CHECKLIST),
            PageKind::Resources => Some(urls::RESOURCES),
            PageKind::Print => None,
            PageKind::Search => Some(urls::SEARCH),
            PageKind::NotFound => Some(urls::NOT_FOUND),
            PageKind::Changes => Some(urls::CHANGES),
        };
        let sections = template
            .filter(|t| self.templates.reads_sections(t))
            .map(|_| {
                self.linked
                    .sections
                    .iter()
                    .map(|s| {
                        let section_url = s.section.url();
                        NavLink {
                            title: s.section.meta.title.clone(),
                            current: section_url == url,
                            url: section_url,
                            summary: s.section.meta.summary.clone(),
                        }
                    })
                    .collect()
            });
        Common {
            site: SiteView {
                title: &self.site.title,
                description: &self.site.description,
                language: &self.site.language,
                role_title: &self.site.role_title,
                edition: self.site.edition.as_deref(),
                date: self.site.date.as_deref(),
                publisher: &self.site.publisher,
                council: self.site.council.as_ref(),
            },
            root,
            page: PageMeta {
                title: title.to_string(),
                url: url.to_string(),
                description: description.to_string(),
                kind,
            },
            sections,
            breadcrumbs,
            edition_banner: self.marks.banner.as_ref().map(|b| b.banner(url)),
            changes: self.marks.changes.as_ref().map(|c| ChangesNote {
                url: urls::CHANGES,
                edition: c.edition.clone(),
            }),
        }
    }

    fn changes(&self, changes: &Changes) -> Result<String> {
        let context = ChangesPage {
            common: self.common(
                urls::CHANGES,
                &format!("What changed since the {}", changes.label),
                PageKind::Changes,
                &format!(
                    "What changed in this guide since the {}, section by section.",
                    changes.label
                ),
            ),
            changes,
        };
        self.templates.render(urls::CHANGES, &context)
    }

    fn home(&self) -> Result<String> {
        let common = self.common(
            urls::HOME,
            &self.site.title,
            PageKind::Home,
            &self.site.description,
        );
        self.templates.render(urls::HOME, &common)
    }

    fn simple(&self, url: &str, title: &str, kind: PageKind, description: &str) -> Result<String> {
        self.templates
            .render(url, &self.common(url, title, kind, description))
    }

    fn section(&self, i: usize) -> Result<String> {
        let guide = &self.linked.guide;
        let section = self.linked.sections[i].section;
        let rendered = &self.linked.sections[i].rendered;
        let nav = |j: usize| {
            guide.sections.get(j).map(|s| NavLink {
                title: s.meta.title.clone(),
                url: s.url(),
                summary: s.meta.summary.clone(),
                current: false,
            })
        };
        let url = section.url();
        let checklist = self
            .checklist_by_section
            .get(section.meta.slug.as_str())
            .cloned()
            .unwrap_or_default();
        let context = SectionPage {
            common: self.common(
                &url,
                &section.meta.title,
                PageKind::Section,
                &section.meta.summary,
            ),
            html: &rendered.html,
            toc: rendered.headings.iter().filter(|h| h.level == 2).collect(),
            previous: i.checked_sub(1).and_then(nav),
            next: nav(i + 1),
            terms: self.term_links(&rendered.terms),
            checklist,
            changed_since: self
                .changed
                .contains(section.meta.slug.as_str())
                .then(|| format!("{}#{}", urls::CHANGES, section.meta.slug)),
        };
        self.templates.render("section.html", &context)
    }

    fn term_links(&self, slugs: &[String]) -> Vec<TermLink> {
        let mut links: Vec<TermLink> = slugs
            .iter()
            .filter_map(|slug| self.terms.get(slug.as_str()))
            .map(|&i| self.linked.terms[i].term)
            .map(|t| TermLink {
                title: t.heading(),
                url: t.url(),
            })
            .collect();
        links.sort_by_key(|l| l.title.to_lowercase());
        links
    }

    fn term_entries(&self) -> Vec<TermEntry> {
        let guide = &self.linked.guide;
        guide
            .glossary
            .sorted()
            .into_iter()
            .map(|t| TermEntry {
                slug: t.slug.clone(),
                heading: t.heading(),
                definition: self
                    .terms
                    .get(t.slug.as_str())
                    .map(|&i| self.linked.terms[i].rendered.html.clone())
                    .unwrap_or_default(),
                mentioned_in: self
                    .linked
                    .mentioned_in
                    .get(&t.slug)
                    .into_iter()
                    .flatten()
                    .filter_map(|s| self.section_by_slug(s))
                    .map(|s| TermLink {
                        title: s.section.meta.title.clone(),
                        url: s.section.url(),
                    })
                    .collect(),
                see_also: self.term_links(&t.meta.see_also),
            })
            .collect()
    }

    fn glossary(&self) -> Result<String> {
        let g = &self.linked.guide.glossary;
        let mut by_letter: BTreeMap<char, Vec<TermEntry>> = BTreeMap::new();
        for entry in self.term_entries() {
            let letter = entry
                .heading
                .chars()
                .find(|c| c.is_alphanumeric())
                .map_or('#', |c| c.to_ascii_uppercase());
            by_letter.entry(letter).or_default().push(entry);
        }
        let mut letters: Vec<Letter> = ('A'..='Z')
            .map(|letter| Letter {
                letter,
                id: urls::letter_id(letter),
                terms: by_letter.remove(&letter).unwrap_or_default(),
            })
            .collect();
        // Terms that start with a digit, an accent or another script ("2-year-old
        // offer", "Émile") would otherwise vanish from the page: list them last.
        let others: Vec<TermEntry> = by_letter.into_values().flatten().collect();
        if !others.is_empty() {
            letters.push(Letter {
                letter: '#',
                id: "letter-other".into(),
                terms: others,
            });
        }
        let context = GlossaryPage {
            common: self.common(urls::GLOSSARY, &g.title, PageKind::Glossary, &g.summary),
            intro: &self.linked.glossary_intro.html,
            letters,
        };
        self.templates.render(urls::GLOSSARY, &context)
    }

    fn checklist_entries(&self) -> Vec<ChecklistEntry> {
        fn entry(pages: &Pages, item: &ChecklistItem) -> ChecklistEntry {
            let explained_by = item.target().map(|url| {
                let slug = item.section.as_deref().unwrap_or_default();
                let section = pages.section_by_slug(slug);
                let mut title = section
                    .map(|s| s.section.meta.title.clone())
                    .unwrap_or_default();
                if let (Some(h), Some(section)) = (&item.heading, section)
                    && let Some(heading) = section.rendered.headings.iter().find(|x| &x.id == h)
                {
                    title = format!("{title}: {}", heading.text);
                }
                TermLink { title, url }
            });
            ChecklistEntry {
                id: item.id.clone(),
                text: item.text.clone(),
                explained_by,
                items: item.items.iter().map(|i| entry(pages, i)).collect(),
            }
        }
        self.linked
            .guide
            .checklist
            .items
            .iter()
            .map(|i| entry(self, i))
            .collect()
    }

    fn checklist(&self) -> Result<String> {
        let c = &self.linked.guide.checklist;
        let context = ChecklistPage {
            common: self.common(urls::CHECKLIST, &c.title, PageKind::Checklist, &c.summary),
            items: self.checklist_entries(),
            total: c.all_items().iter().filter(|i| i.items.is_empty()).count(),
        };
        self.templates.render(urls::CHECKLIST, &context)
    }

    fn topics(&self) -> Vec<Topic<'a>> {
        self.linked
            .guide
            .resources
            .by_topic()
            .into_iter()
            .map(|(title, list)| Topic {
                title,
                id: urls::topic_id(title),
                resources: list
                    .into_iter()
                    .map(|r| ResourceEntry {
                        id: urls::resource_id(&r.title),
                        title: &r.title,
                        url: r.url.as_deref(),
                    })
                    .collect(),
            })
            .collect()
    }

    fn resources(&self) -> Result<String> {
        let r = &self.linked.guide.resources;
        let context = ResourcesPage {
            common: self.common(urls::RESOURCES, &r.title, PageKind::Resources, &r.summary),
            topics: self.topics(),
        };
        self.templates.render(urls::RESOURCES, &context)
    }

    fn print(&self) -> Result<String> {
        let ids: print::SectionIds = self
            .linked
            .sections
            .iter()
            .map(|s| {
                (
                    s.section.meta.slug.as_str(),
                    print::content_ids(&s.rendered.html),
                )
            })
            .collect();
        // With the built-in templates, which show each section's HTML once
        // as it is, the sections' HTML is put into the page after the
        // template has run (`print::splice`).
        let linked_sections = &self.linked.sections;
        let splice = self.templates.built_in();
        let sections = |splice: bool| -> Vec<PrintSection> {
            linked_sections
                .iter()
                .enumerate()
                .map(|(i, s)| PrintSection {
                    id: format!("section-{}", s.section.meta.slug),
                    title: &s.section.meta.title,
                    html: ForPrint {
                        html: &s.rendered.html,
                        slug: &s.section.meta.slug,
                        sections: &ids,
                        placeholder: splice.then_some(i),
                    },
                })
                .collect()
        };
        let terms: Vec<TermEntry> = self
            .term_entries()
            .into_iter()
            .map(|mut t| {
                t.definition = print::for_print(&t.definition, "glossary", &ids);
                t
            })
            .collect();
        // The page is the sections' and terms' HTML (a little longer for
        // print) and some markup around each: a generous guess, so its
        // buffer never has to grow (at 10,000 sections, doubling it copied
        // and held 64 + 128 MB for a moment). Its slack stays small: a
        // built site is held until written, and with `--all-councils` that
        // is 151 print pages, which a fixed megabyte each made 140 MB more.
        let section_text: usize = linked_sections.iter().map(|s| s.rendered.html.len()).sum();
        let text = section_text + terms.iter().map(|t| t.definition.len()).sum::<usize>();
        let size = (text + 512 * (linked_sections.len() + terms.len())) / 4 * 5 + (1 << 16);
        let mut context = PrintPage {
            common: self.common(
                urls::PRINT,
                &format!("{} (printable version)", self.site.title),
                PageKind::Print,
                &self.site.description,
            ),
            sections: sections(splice),
            checklist: self.checklist_entries(),
            glossary_intro: print::for_print(&self.linked.glossary_intro.html, "glossary", &ids),
            terms,
            topics: self.topics(),
        };
        if splice {
            let skeleton_size = size.saturating_sub(section_text / 4 * 5);
            let skeleton = self
                .templates
                .render_sized(urls::PRINT, &context, skeleton_size)?;
            let page = print::splice(&skeleton, linked_sections.len(), size, |i, page| {
                let s = &linked_sections[i];
                print::for_print_into(page, &s.rendered.html, &s.section.meta.slug, &ids);
            });
            if let Some(page) = page {
                return Ok(page);
            }
            context.sections = sections(false);
        }
        self.templates.render_sized(urls::PRINT, &context, size)
    }
}

/// Slug → position of its first holder (slugs are unique once the guide
/// validates; the first wins anyway, as a linear `find` would).
fn first_index<'a>(slugs: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut index = HashMap::new();
    for (i, slug) in slugs.enumerate() {
        index.entry(slug).or_insert(i);
    }
    index
}

fn sitemap(base_url: &str, urls: &[&String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls.iter().filter(|u| u.ends_with(".html")) {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::html::escape(&format!("{base_url}{url}"))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
