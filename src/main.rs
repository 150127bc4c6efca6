//! The `firstdays` command line: parse arguments, call the library, print
//! diagnostics. Exit code 1 on any error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use firstdays::{BuildOptions, Errors};

#[derive(Parser)]
#[command(
    name = "firstdays",
    version,
    about = "Builds the LGA guide for portfolio holders into a static website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the guide into a static site.
    Build {
        #[command(flatten)]
        source: SourceArgs,
        /// Where to write the site.
        #[arg(long, default_value = "public")]
        out: PathBuf,
    },
    /// Check the guide (front matter, links, templates) without writing anything.
    Check {
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Search a built site's index and print ranked results.
    Search {
        /// What to look for, such as "EHCP" or "who inspects children's services".
        query: String,
        /// The built site whose index to search.
        #[arg(long, default_value = "public")]
        site: PathBuf,
        /// How many results at most.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON for machines instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
struct SourceArgs {
    /// The guide's source folder.
    #[arg(long, default_value = "guide")]
    guide: PathBuf,
    /// The address the site is published at (overrides `base_url` in site.yaml).
    #[arg(long)]
    base_url: Option<String>,
    /// A theme folder whose files replace the built-in theme's.
    #[arg(long, default_value = "themes/default")]
    theme: PathBuf,
}

impl SourceArgs {
    fn options(&self, out: PathBuf, check_only: bool) -> BuildOptions {
        BuildOptions {
            guide: self.guide.clone(),
            out,
            base_url: self.base_url.clone(),
            theme_dirs: vec![self.theme.clone()],
            check_only,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let writes = matches!(cli.command, Command::Build { .. });
    let result = match cli.command {
        Command::Build { source, out } => build(source.options(out, false)),
        Command::Check { source } => build(source.options(PathBuf::from("public"), true)),
        Command::Search {
            query,
            site,
            limit,
            json,
        } => search(&query, &site, limit, json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            eprintln!("{errors}");
            let n = errors.0.len();
            let plural = if n == 1 { "" } else { "s" };
            let outcome = if writes { "; nothing was written" } else { "" };
            eprintln!("\n{n} error{plural} found{outcome}.");
            ExitCode::FAILURE
        }
    }
}

fn build(opts: BuildOptions) -> Result<(), Errors> {
    let summary = firstdays::build(&opts)?;
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    let verb = if opts.check_only { "checked" } else { "built" };
    let place = if opts.check_only {
        String::new()
    } else {
        format!(" into {}/", opts.out.display())
    };
    println!(
        "{verb} {} pages and {} glossary terms in {:.2} s{place}",
        summary.pages,
        summary.glossary_terms,
        summary.elapsed.as_secs_f64()
    );
    Ok(())
}

fn search(query: &str, site: &std::path::Path, limit: usize, json: bool) -> Result<(), Errors> {
    let searcher = firstdays::search::Searcher::open(site)?;
    let hits = searcher.search(query, limit.clamp(1, 100));
    if json {
        let body = serde_json::json!({ "query": query, "results": hits });
        println!(
            "{}",
            serde_json::to_string_pretty(&body).unwrap_or_default()
        );
        return Ok(());
    }
    if hits.is_empty() {
        println!("no results for \"{query}\"");
    }
    for (i, hit) in hits.iter().enumerate() {
        println!(
            "{}. {} ({})\n   {}\n   {}\n",
            i + 1,
            hit.title,
            hit.page_title,
            hit.url,
            strip_marks(&hit.snippet)
        );
    }
    Ok(())
}

/// Snippets carry `<mark>` for browsers; a terminal shows plain text.
fn strip_marks(snippet: &str) -> String {
    snippet
        .replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
