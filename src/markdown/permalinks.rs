//! Resolving a link as written in a guide file (`people.md#heading`,
//! `../people.md`, `glossary/ehcp.md`) to the site URL it lands on.

use std::collections::BTreeMap;

use crate::diagnostics::did_you_mean;

/// Where each guide file ends up: `people.md` → `people.html`,
/// `glossary/ehcp.md` → `glossary.html#ehcp`. Like Zola's `permalinks`:
/// plain data handed down by the link stage, so markdown needs to know
/// nothing about how the guide is laid out.
#[derive(Debug, Clone, Default)]
pub struct Permalinks {
    files: BTreeMap<String, String>,
}

impl FromIterator<(String, String)> for Permalinks {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Permalinks {
        Permalinks {
            files: pairs.into_iter().collect(),
        }
    }
}

/// What a link in the markdown turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A web address, `mailto:` or similar: left alone.
    External,
    /// A page of the site, maybe with an anchor (still to be checked).
    Internal(String),
    Missing {
        hint: String,
    },
}

impl Permalinks {
    /// Resolves `target` as written in a file in folder `dir` ("" or
    /// "glossary") that renders into `page`.
    pub fn resolve(&self, dir: &str, page: &str, target: &str) -> Resolved {
        if target.contains(':') || target.starts_with("//") {
            return Resolved::External;
        }
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        // `page.md#` and `#` mean the page itself, as `page.md` and `` do:
        // an empty anchor would become a broken one on the printable page.
        let fragment = fragment.filter(|f| !f.is_empty());
        if path.is_empty() {
            return Resolved::Internal(match fragment {
                Some(f) => format!("{page}#{f}"),
                None => page.to_string(),
            });
        }
        let Some(key) = normalise(dir, path) else {
            return Resolved::Missing {
                hint: "the link leaves the guide folder; link to a file inside `guide/`".into(),
            };
        };
        match self.files.get(&key) {
            // A term's URL already has its anchor: the glossary page's.
            Some(url) if url.contains('#') && fragment.is_some() => Resolved::Missing {
                hint: "a glossary term is one entry: link to it without `#...`".into(),
            },
            Some(url) => Resolved::Internal(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url.clone(),
            }),
            None => {
                let guess = did_you_mean(&key, self.files.keys().map(String::as_str));
                Resolved::Missing {
                    hint: match guess {
                        Some(g) => format!("did you mean `{}`?", relative_from(dir, g)),
                        None => "link to a section's file (`people.md#heading`), a term (`glossary/ehcp.md`), `checklist.yaml` or `resources.yaml`".into(),
                    },
                }
            }
        }
    }
}

/// `dir` + `path`, with `.` and `..` worked out; `None` if it climbs out.
pub fn normalise(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// How a file at guide path `key` is written from folder `dir`.
fn relative_from(dir: &str, key: &str) -> String {
    if dir.is_empty() {
        key.to_string()
    } else {
        match key.strip_prefix(&format!("{dir}/")) {
            Some(rest) => rest.to_string(),
            None => format!("../{key}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> Permalinks {
        let mut files = BTreeMap::new();
        files.insert("people.md".to_string(), "people.html".to_string());
        files.insert(
            "glossary/ehcp.md".to_string(),
            "glossary.html#ehcp".to_string(),
        );
        Permalinks { files }
    }

    #[test]
    fn resolves_relative_to_the_file() {
        let m = map();
        assert_eq!(
            m.resolve("", "a.html", "people.md#x"),
            Resolved::Internal("people.html#x".into())
        );
        assert_eq!(
            m.resolve("glossary", "glossary.html", "../people.md"),
            Resolved::Internal("people.html".into())
        );
        assert_eq!(
            m.resolve("glossary", "glossary.html", "ehcp.md"),
            Resolved::Internal("glossary.html#ehcp".into())
        );
        assert_eq!(
            m.resolve("", "a.html", "#top"),
            Resolved::Internal("a.html#top".into())
        );
        assert_eq!(
            m.resolve("", "a.html", "https://www.gov.uk/"),
            Resolved::External
        );
        assert_eq!(
            m.resolve("", "a.html", "mailto:info@local.gov.uk"),
            Resolved::External
        );
    }

    #[test]
    fn an_empty_link_or_anchor_is_the_page_itself() {
        let m = map();
        for target in ["", "#"] {
            assert_eq!(
                m.resolve("", "a.html", target),
                Resolved::Internal("a.html".into()),
                "{target:?}"
            );
        }
        assert_eq!(
            m.resolve("", "a.html", "people.md#"),
            Resolved::Internal("people.html".into())
        );
    }

    #[test]
    fn missing_files_get_a_hint() {
        let Resolved::Missing { hint } = map().resolve("", "a.html", "peple.md") else {
            panic!()
        };
        assert!(hint.contains("people.md"), "{hint}");
        assert!(matches!(
            map().resolve("", "a.html", "../x.md"),
            Resolved::Missing { .. }
        ));
    }
}
