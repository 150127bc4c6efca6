//! The integration tests: one binary, one module per stage, the way mdBook's
//! `tests/testsuite/` is laid out. Each test builds a site into a temp dir
//! (or serves one) and checks what a reader, an editor or a browser would see.

mod browser;
mod build;
mod editions;
mod overlay;
mod props;
mod search;
mod serve;
mod support;
