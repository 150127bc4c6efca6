//! Building the guide and fixtures: output, errors, determinism.
mod errors;
mod fixture;
mod guide;
mod output_safety;
