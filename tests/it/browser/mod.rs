//! Headless Chromium over built sites: what a reader sees with JavaScript on.
mod a11y;
mod search;
mod site;
