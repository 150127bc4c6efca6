//! The local server: files, search API, command line, shutdown.
mod api;
mod cli;
mod guide;
mod http;
mod search;
mod shutdown;
mod start;
