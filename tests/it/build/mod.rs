//! Building the guide and fixtures: output, errors, determinism.
mod bench_smoke;
mod bom;
mod closed_stdout;
mod errors;
mod fixture;
mod found_by_props;
mod glossary_names;
mod guide;
mod incremental;
mod lints;
mod module_graph;
mod output_safety;
mod print_page;
mod reserved_slugs;
mod scaffold;
mod sections_in_templates;
mod streamed;
