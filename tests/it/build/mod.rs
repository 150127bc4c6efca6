//! Building the guide and fixtures: output, errors, determinism.
mod errors;
mod fixture;
mod guide;
mod module_graph;
mod output_safety;
