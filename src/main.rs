//! The `firstdays` command line: parse arguments, call the library, print
//! diagnostics. Exit code 1 on any error.

use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use firstdays::content::Guide;
use firstdays::overlay::{self, Council};
use firstdays::{BuildOptions, BuildSummary, Diagnostic, Errors};

// A build allocates and frees many small strings on every thread, and each
// council's search index a few large buffers: mimalloc is markedly quicker
// at both than the system allocator (measured in bench/RESULTS-scale.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `println!`, except that a reader who stops early (`firstdays search x |
/// head -1`) ends the program quietly with exit code 0, as `cat` and `rg`
/// do, where `println!` would panic on the closed pipe.
macro_rules! say {
    ($($arg:tt)*) => { print_line(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics: if the terminal or log is gone, there is
/// nowhere left to report to.
macro_rules! warn {
    ($($arg:tt)*) => { print_error_line(format_args!($($arg)*)) };
}

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
        #[command(flatten)]
        councils: CouncilArgs,
    },
    /// Check the guide (front matter, links, templates) without writing anything.
    Check {
        #[command(flatten)]
        source: SourceArgs,
        #[command(flatten)]
        councils: CouncilArgs,
        /// Skip the editor lints (long sentences, vague link text ...): only
        /// errors and council warnings.
        #[arg(long)]
        no_lint: bool,
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
    /// Serve the site on 127.0.0.1 with search: builds the guide into public/,
    /// then rebuilds and reloads the browser on every save (a live preview);
    /// or with --site serves an already built site as it is.
    Serve {
        /// Serve this built site exactly as it is, writing nothing.
        #[arg(long)]
        site: Option<PathBuf>,
        /// The port on 127.0.0.1.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        #[command(flatten)]
        source: SourceArgs,
        #[command(flatten)]
        councils: CouncilArgs,
    },
    /// Council overlays: pin a council's changes to the base, or report them.
    Council {
        #[command(subcommand)]
        action: CouncilAction,
    },
    /// Old editions in guide/editions/: freeze one after checking its text.
    Edition {
        #[command(subcommand)]
        action: EditionAction,
    },
    /// Start a new section, glossary term or council: writes a file to fill in.
    New {
        #[command(subcommand)]
        what: NewAction,
        /// The guide's source folder.
        #[arg(long, default_value = "guide", global = true)]
        guide: PathBuf,
    },
}

#[derive(Subcommand)]
enum NewAction {
    /// guide/<slug>.md, placed after the last section.
    Section {
        /// The section's title, such as "Working with schools".
        title: String,
    },
    /// guide/glossary/<slug>.md.
    Term {
        /// The term, such as "Virtual School Head".
        term: String,
    },
    /// guide/councils/<slug>/council.yaml.
    Council {
        /// The council's folder name: lower case, digits and `-`, such as `northshire`.
        slug: String,
    },
}

#[derive(Subcommand)]
enum EditionAction {
    /// Write guide/editions/<NAME>/edition.lock: the hash of every file, so
    /// `build` fails if the edition is ever edited.
    Freeze {
        /// The edition's folder name in guide/editions/, such as 2019.
        name: String,
        /// The guide's source folder.
        #[arg(long, default_value = "guide")]
        guide: PathBuf,
    },
}

#[derive(clap::Args)]
struct CouncilArgs {
    /// Build one council's localised copy: a slug from guide/councils/ or a council folder.
    #[arg(long, value_name = "SLUG|PATH", conflicts_with = "all_councils")]
    council: Option<String>,
    /// Build the base into OUT and every council in guide/councils/ into OUT/<slug>/.
    #[arg(long)]
    all_councils: bool,
    /// Treat warnings (such as a council change whose base has moved) as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Subcommand)]
enum CouncilAction {
    /// Record in each replacement and patch the base text it now matches.
    Pin {
        /// A slug from guide/councils/ or a council folder.
        council: String,
        /// The guide's source folder.
        #[arg(long, default_value = "guide")]
        guide: PathBuf,
    },
    /// List what a council changes: added, replaced, patched, removed, terms, stale.
    Report {
        /// A slug from guide/councils/ or a council folder.
        council: String,
        /// The guide's source folder.
        #[arg(long, default_value = "guide")]
        guide: PathBuf,
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
    /// A theme folder whose files replace the built-in theme's
    /// [default: themes/default, when it exists].
    #[arg(long)]
    theme: Option<PathBuf>,
}

impl SourceArgs {
    fn options(
        &self,
        out: PathBuf,
        check_only: bool,
        councils: &CouncilArgs,
    ) -> Result<BuildOptions, Errors> {
        let council = match &councils.council {
            Some(name) => Some(overlay::find(&self.guide, name)?),
            None => None,
        };
        let theme = match &self.theme {
            Some(dir) if !dir.is_dir() => {
                return Err(Diagnostic::new(dir, "the theme folder does not exist")
                    .hint("check the spelling of `--theme`: it names a folder holding `templates/` or `static/` (see docs/themes.md)")
                    .into());
            }
            Some(dir) => dir.clone(),
            // The project's own theme folder, if run from the project; the
            // built-in copy of it otherwise.
            None => PathBuf::from("themes/default"),
        };
        Ok(BuildOptions {
            guide: self.guide.clone(),
            out,
            base_url: self.base_url.clone(),
            theme_dirs: vec![theme],
            check_only,
            council,
            strict: councils.strict,
            // The editor lints are for `check` (and the preview).
            lint: check_only,
            in_place: false,
            cache: None,
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let writes = matches!(cli.command, Command::Build { .. } | Command::Serve { .. });
    let result = match cli.command {
        Command::Build {
            source,
            out,
            councils,
        } => source
            .options(out, false, &councils)
            .and_then(|opts| build(opts, councils.all_councils)),
        Command::Check {
            source,
            councils,
            no_lint,
        } => source
            .options(PathBuf::from("public"), true, &councils)
            .and_then(|mut opts| {
                opts.lint = !no_lint;
                build(opts, councils.all_councils)
            }),
        Command::Council { action } => council(action),
        Command::Edition { action } => edition(action),
        Command::New { what, guide } => new(what, &guide),
        Command::Search {
            query,
            site,
            limit,
            json,
        } => search(&query, &site, limit, json),
        Command::Serve {
            site,
            port,
            source,
            councils,
        } => serve(site, port, &source, &councils),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(errors) => {
            warn!("{errors}");
            let n = errors.0.len();
            let plural = if n == 1 { "" } else { "s" };
            let outcome = if writes { "; nothing was written" } else { "" };
            warn!("\n{n} error{plural} found{outcome}.");
            ExitCode::FAILURE
        }
    }
}

fn build(opts: BuildOptions, all_councils: bool) -> Result<(), Errors> {
    if all_councils {
        let all = firstdays::build_all_councils(&opts)?;
        print_summary(&opts, &all.base, None);
        for (slug, summary) in &all.councils {
            print_summary(&opts, summary, Some(slug));
        }
        let n = all.councils.len();
        let verb = if opts.check_only { "checked" } else { "built" };
        let place = if opts.check_only {
            String::new()
        } else {
            format!(" into {}/", opts.out.display())
        };
        println!(
            "{verb} the guide and {n} council{} in {:.2} s{place}",
            if n == 1 { "" } else { "s" },
            all.elapsed.as_secs_f64()
        );
        return Ok(());
    }
    let summary = firstdays::build(&opts)?;
    print_summary(&opts, &summary, None);
    Ok(())
}

fn print_summary(opts: &BuildOptions, summary: &BuildSummary, council: Option<&str>) {
    for w in &summary.warnings {
        warn!("warning: {w}");
    }
    let verb = if opts.check_only { "checked" } else { "built" };
    let what = council.map_or(String::new(), |slug| format!(" {slug}:"));
    let place = match (opts.check_only, council) {
        (true, _) => String::new(),
        (false, None) => format!(" into {}/", opts.out.display()),
        (false, Some(slug)) => format!(" into {}/", opts.out.join(slug).display()),
    };
    say!(
        "{verb}{what} {} pages and {} glossary terms in {:.2} s{place}",
        summary.pages,
        summary.glossary_terms,
        summary.elapsed.as_secs_f64()
    );
}

/// `council pin` and `council report`.
fn council(action: CouncilAction) -> Result<(), Errors> {
    let (name, guide) = match &action {
        CouncilAction::Pin { council, guide } | CouncilAction::Report { council, guide } => {
            (council, guide)
        }
    };
    let base = Guide::load(guide)?;
    let council = Council::load(&overlay::find(guide, name)?)?;
    match action {
        CouncilAction::Pin { .. } => {
            let changed = overlay::pin(&base, &council)?;
            for file in &changed {
                say!("pinned {}", file.display());
            }
            match changed.len() {
                0 => say!(
                    "{}: every change was already pinned to the current base",
                    council.name()
                ),
                n => say!(
                    "{}: {n} file{} pinned to the current base",
                    council.name(),
                    if n == 1 { "" } else { "s" }
                ),
            }
        }
        CouncilAction::Report { .. } => say!("{}", overlay::report(&base, &council)?),
    }
    Ok(())
}

/// `new section|term|council`: writes the file and says where it went.
fn new(what: NewAction, guide: &std::path::Path) -> Result<(), Errors> {
    let (written, next) = match what {
        NewAction::Section { title } => (
            firstdays::scaffold::new_section(guide, &title)?,
            "write the section in it, then run `cargo run -- check`",
        ),
        NewAction::Term { term } => (
            firstdays::scaffold::new_term(guide, &term)?,
            "write the definition in it, then run `cargo run -- check`",
        ),
        NewAction::Council { slug } => (
            firstdays::scaffold::new_council(guide, &slug)?,
            "set your council's name and address in it (see docs/councils.md)",
        ),
    };
    say!("wrote {}: {next}", written.display());
    Ok(())
}

/// `edition freeze`: checks the edition loads, then writes its manifest.
fn edition(action: EditionAction) -> Result<(), Errors> {
    let EditionAction::Freeze { name, guide } = action;
    let dir = guide.join(firstdays::editions::EDITIONS_DIR).join(&name);
    if !dir.is_dir() {
        let known: Vec<String> = firstdays::editions::discover(&guide)?
            .iter()
            .filter_map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        return Err(Diagnostic::new(&dir, "no such edition folder")
            .hint(if known.is_empty() {
                format!(
                    "copy the guide to `{}` first (see docs/editions.md)",
                    dir.display()
                )
            } else {
                format!("editions found: {}", known.join(", "))
            })
            .into());
    }
    Guide::load(&dir)?;
    let n = firstdays::editions::freeze(&dir)?;
    println!(
        "froze the {name} edition: {n} files listed in {}",
        dir.join(firstdays::editions::LOCK_FILE).display()
    );
    Ok(())
}

fn search(query: &str, site: &std::path::Path, limit: usize, json: bool) -> Result<(), Errors> {
    let searcher = firstdays::search::Searcher::open(site)?;
    let hits = searcher.search(query, limit.clamp(1, 100));
    if json {
        let body = serde_json::json!({ "query": query, "results": hits });
        say!(
            "{}",
            serde_json::to_string_pretty(&body).unwrap_or_default()
        );
        return Ok(());
    }
    if hits.is_empty() {
        say!("no results for \"{query}\"");
    }
    for (i, hit) in hits.iter().enumerate() {
        if !hit.every_word && (i == 0 || hits[i - 1].every_word) {
            say!("more results matching some of your words:\n");
        }
        say!(
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

fn serve(
    site: Option<PathBuf>,
    port: u16,
    source: &SourceArgs,
    councils: &CouncilArgs,
) -> Result<(), Errors> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    match site {
        Some(dir) => firstdays::serve::serve(&dir, addr),
        // The editing loop: build, serve, rebuild and reload on each save.
        None => {
            let opts = source.options(PathBuf::from("public"), false, councils)?;
            let preview = firstdays::preview::Preview::new(opts, councils.all_councils);
            firstdays::preview::run(preview, addr)
        }
    }
}

fn print_line(line: fmt::Arguments) {
    let mut out = io::stdout().lock();
    let written = out.write_fmt(line).and_then(|()| out.write_all(b"\n"));
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            warn!("error: cannot write to standard output: {e}");
            std::process::exit(1);
        }
    }
}

fn print_error_line(line: fmt::Arguments) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(line).and_then(|()| err.write_all(b"\n"));
}
