//! `guide/site.yaml`: the guide's settings.

use serde::{Deserialize, Serialize};

use super::Source;
use super::front_matter::parse_yaml;
use crate::diagnostics::{Diagnostic, Result};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    /// The standfirst: home page lead and default meta description.
    pub description: String,
    /// Absolute URL the site is published at, ending in `/` (used for the sitemap and 404 page).
    pub base_url: String,
    pub language: String,
    /// How the guide names its reader's role ("portfolio holder"); councils override it.
    pub role_title: String,
    #[serde(default)]
    pub edition: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    pub publisher: Publisher,
    /// Set by a council overlay (never in `site.yaml`): who hosts this copy.
    #[serde(skip)]
    pub council: Option<CouncilBranding>,
}

/// A council's own copy of the guide: its name, logo and contact block,
/// shown in the header and footer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CouncilBranding {
    pub name: String,
    pub slug: String,
    /// Site path of the logo (`static/council/logo.svg`).
    pub logo: Option<String>,
    pub header_text: Option<String>,
    pub footer_text: Option<String>,
    pub contact: Option<Publisher>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub telephone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

pub fn parse(source: &Source) -> Result<Site> {
    let mut site: Site = parse_yaml(&source.path, &source.text, 1)?;
    site.base_url = normalise_base_url(&site.base_url).map_err(|msg| {
        Diagnostic::new(&source.path, msg)
            .at_line(super::line_of_key(&source.text, 1, "base_url"))
            .hint("write the full address, such as `https://www.example.gov.uk/first-ten-days/`")
    })?;
    Ok(site)
}

/// Checks a base URL is absolute http(s) and gives it a trailing slash.
pub fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() <= "https://".len()
    {
        return Err(format!(
            "base URL `{url}` is not an absolute http(s) address"
        ));
    }
    // It is written into robots.txt and sitemap.xml as it is: a line break
    // there would add lines (`Disallow: /`).
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "base URL `{}` contains spaces, line breaks or control characters",
            url.escape_debug()
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}
