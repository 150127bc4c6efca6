//! What the tests share: building a site, searching one, serving one, driving Chromium.
pub mod browser;
pub mod preview;
pub mod search;
pub mod serve;
pub mod site;
