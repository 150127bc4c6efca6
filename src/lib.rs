//! firstdays: builds the LGA guide into a static site.
//!
//! The pipeline, top to bottom, each stage a module taking plain data and
//! giving plain data (`build` runs them in this order):
//!
//! 1. load (`content`): `guide/` → [`content::Guide`]
//!    (and for a council, `overlay`: base guide + council folder → the
//!    localised [`content::Guide`])
//! 2. link (`links`, using `markdown`): markdown → HTML with glossary terms
//!    linked, links resolved, back-links → [`links::Linked`]
//! 3. render (`render`): templates → pages ([`render::OutputFile`]s)
//! 4. check (`build`, with `links`' checker): every internal link and
//!    anchor resolves
//! 5. index (`search`): the tantivy index and the browser's static index
//! 6. write (`output`): swap the new site in, atomically
//!
//! Dependencies point one way: `content` and `markdown` know nothing of
//! the stages after them, and `build` alone knows them all.

mod build;
pub mod content;
pub mod diagnostics;
pub mod editions;
pub mod html;
pub mod links;
pub mod lint;
pub(crate) mod markdown;
pub mod output;
pub mod overlay;
pub mod preview;
pub(crate) mod render;
pub mod scaffold;
pub mod script_check;
pub mod search;
pub mod serve;

pub use build::{
    AllSummary, BuildCache, BuildOptions, BuildSummary, PendingIndex, build, build_all_councils,
    build_pages_first, search_docs,
};
pub use diagnostics::{Diagnostic, Errors, Result};
