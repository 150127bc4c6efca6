//! Headless Chromium over built sites: what a reader sees with JavaScript on.
mod a11y;
mod csp;
mod preview;
mod search;
mod site;
