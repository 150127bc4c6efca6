//! Council overlays: localised copies, their errors and staleness.
mod colours;
mod councils;
mod errors;
mod injection;
mod shared_files;
mod stale;
mod xss_corpus;
