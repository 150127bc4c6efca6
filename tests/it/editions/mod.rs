//! Old editions: the 2019 edition built beside the current guide, its
//! banners and canonical links, the changes page, and the frozen copy's guard.
mod changes;
mod errors;
mod publish;
mod seed;

use std::path::Path;
use std::sync::OnceLock;

use crate::support::site::{Built, real_guide, try_build_with};

/// Where the real guide is said to be published, so canonical links can be checked.
pub const BASE_URL: &str = "https://guide.example.org/first-ten-days/";

/// The real guide with its editions, built once for this module.
pub fn site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| built(&real_guide()))
}

pub fn built(guide: &Path) -> Built {
    try_build_with(guide, |opts| opts.base_url = Some(BASE_URL.into()))
        .unwrap_or_else(|e| panic!("build of {} failed:\n{e}", guide.display()))
}

/// Resolves `href` (relative) from the page at `page`, both site paths.
pub fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}
