//! Headless Chromium over built sites: what a reader sees with JavaScript on.
mod csp;
mod search;
mod site;
