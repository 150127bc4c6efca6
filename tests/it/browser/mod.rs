//! Headless Chromium over built sites: what a reader sees with JavaScript on.
mod search;
mod site;
