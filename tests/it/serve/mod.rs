//! The local server: files, search API, command line, shutdown, limits and
//! rebuilds.
mod api;
mod cli;
mod files;
mod guide;
mod http;
mod limits;
mod preview;
mod rebuild;
mod search;
mod security;
mod shutdown;
mod start;
