//! `guide/resources.yaml`: the useful resources, by topic.

use std::path::PathBuf;

use serde::Deserialize;

use super::Source;
use super::front_matter::parse_yaml;
use crate::diagnostics::{Diagnostic, Errors, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resources {
    pub source: PathBuf,
    pub title: String,
    pub summary: String,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResourcesFile {
    title: String,
    summary: String,
    resources: Vec<Resource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub title: String,
    /// Only where a source gives one: never guessed.
    #[serde(default)]
    pub url: Option<String>,
    pub topic: String,
}

impl Resources {
    /// Topics in the order they first appear, each with its resources.
    pub fn by_topic(&self) -> Vec<(&str, Vec<&Resource>)> {
        let mut topics: Vec<(&str, Vec<&Resource>)> = Vec::new();
        for r in &self.resources {
            match topics.iter_mut().find(|(t, _)| *t == r.topic) {
                Some((_, list)) => list.push(r),
                None => topics.push((&r.topic, vec![r])),
            }
        }
        topics
    }
}

pub fn parse(source: &Source) -> Result<Resources> {
    let file: ResourcesFile = parse_yaml(&source.path, &source.text, 1)?;
    for r in &file.resources {
        if let Some(url) = &r.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            let line = source
                .text
                .find(url.as_str())
                .map_or(1, |i| source.text[..i].matches('\n').count() + 1);
            return Err(Errors::from(
                Diagnostic::new(
                    &source.path,
                    format!("resource URL `{url}` is not an absolute web address"),
                )
                .at_line(line)
                .hint("write the full address, starting with `https://`"),
            ));
        }
    }
    Ok(Resources {
        source: source.path.clone(),
        title: file.title,
        summary: file.summary,
        resources: file.resources,
    })
}
