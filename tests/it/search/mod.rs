//! The search index, the query set, and the browser runtime under Node.js.
mod bad_input;
mod index;
mod js;
mod queries;
mod ranking;
mod subsections;
