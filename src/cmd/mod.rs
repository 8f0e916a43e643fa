//! The commands, on top of the stack: the only place that knows the command line (clap),
//! what is printed when a command ends, and the [`Outcome`] that `main.rs` maps to an exit
//! code. Below it, the library takes option structs and returns values and diagnostics.

mod import;
mod serve;
mod translations;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::{print_human, Style};
use crate::BuildOptions;

/// leidraad builds multilingual guidance with checklists into a static website.
#[derive(Debug, Parser)]
#[command(name = "leidraad", version, about, long_about = None)]
pub struct Cli {
    /// When to use colours in messages.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: `public/`).
    Build(BuildArgs),
    /// Check the whole site without writing anything.
    Check(CheckArgs),
    /// Build the site in memory, serve it on 127.0.0.1, and rebuild and reload on every change.
    Serve(ServeArgs),
    /// Show which translations are current, stale, missing, orphaned or untracked.
    Translations(TranslationsArgs),
    /// Start translations: copy source pages into another language's folder.
    Translate(TranslateArgs),
    /// Make a leidraad site from a Jekyll, Hugo or Zola site, and report what needs a person.
    Import(import::ImportArgs),
    /// Make a new site with one guide in two languages.
    Init {
        /// The folder to create (it must be new or empty).
        dir: PathBuf,
    },
    /// Print a shell completion script: `leidraad completions bash > /etc/bash_completion.d/leidraad`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `leidraad serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but a loopback address exposes the preview.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Also write every successful build to this folder (by default nothing is written).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Leave the search index out (faster rebuilds; the search field then says search is
    /// unavailable).
    #[arg(long)]
    pub no_search: bool,
}

/// `leidraad translations`.
#[derive(Debug, clap::Args)]
pub struct TranslationsArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print the status.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Record, in each of these translations, that it is up to date with its source.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub mark_current: Vec<PathBuf>,
    /// Show what changed in this translation's source since it was marked current (from the
    /// site's git history).
    #[arg(long, value_name = "FILE", conflicts_with = "mark_current")]
    pub diff: Option<PathBuf>,
}

/// `leidraad translate`.
#[derive(Debug, clap::Args)]
pub struct TranslateArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The language to translate into, such as `en`.
    #[arg(long)]
    pub to: String,
    /// The source pages to copy, such as `content/nl/waarden/01-ken-jezelf.md`.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Options shared by the commands that read a site.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site's folder, where `site.yaml` and `content/` are.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// `leidraad build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: `output_dir` of site.yaml, or `public`).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The address the site will have, for absolute URLs in the sitemap and feeds.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Make links name their `index.html`, so the site also works opened from disk or a zip.
    #[arg(long)]
    pub portable: bool,
    /// Leave the search index out (faster; the search field then says search is unavailable).
    #[arg(long)]
    pub no_search: bool,
}

/// `leidraad check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print the problems found.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

/// Output formats for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages for people, with the source line and a hint.
    Human,
    /// A JSON array for editors and CI (see docs/authoring.md).
    Json,
}

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked.
    Success,
    /// The site has errors (or, with `--strict`, warnings), or the output could not be written.
    Failure,
    /// The command line was wrong.
    Usage,
}

/// Runs a parsed command line. `give_back` hands the memory the calling thread freed back to
/// the system: `serve` calls it on its threads when the preview is idle.
pub fn run(cli: Cli, give_back: fn()) -> Outcome {
    let style = Style {
        color: use_color(cli.color),
    };
    match cli.command {
        Command::Build(args) => build(args, style),
        Command::Check(args) => check(args, style),
        Command::Serve(args) => serve::run(args, style, give_back),
        Command::Translations(args) => translations::run_status(args, style),
        Command::Translate(args) => translations::run_translate(args, style),
        Command::Import(args) => import::run(args, style),
        Command::Init { dir } => init(&dir),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "leidraad", &mut script);
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = std::io::stdout().write_all(&script);
            Outcome::Success
        }
    }
}

fn build(args: BuildArgs, style: Style) -> Outcome {
    let options = BuildOptions {
        root: args.site.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.site.drafts,
        portable: args.portable,
        search: !args.no_search,
        preview: false,
        exits_after: true,
        interrupt: Some(std::sync::Arc::default()),
    };
    if let Some(interrupt) = options.interrupt.clone() {
        // Ctrl-C or SIGTERM: no half-written staging folder is left behind.
        let _ = ctrlc::set_handler(move || {
            if interrupt.clean_up() {
                eprintln!("interrupted: nothing was written; the previous output is unchanged");
                std::process::exit(130);
            }
        });
    }
    match crate::build(&options) {
        Ok(outcome) => {
            print_human(&outcome.diagnostics, style);
            match outcome.written {
                Some((dir, pages)) => {
                    if !outcome.kept.is_empty() {
                        let kept: Vec<String> =
                            outcome.kept.iter().map(|p| format!("`{p}`")).collect();
                        println!(
                            "kept what leidraad did not write in {}: {} (files to publish with the site belong in `static/`)",
                            dir.display(),
                            kept.join(", ")
                        );
                    }
                    println!("built {pages} pages into {}", dir.display());
                    Outcome::Success
                }
                None => {
                    eprintln!("nothing was written; the previous output is unchanged");
                    Outcome::Failure
                }
            }
        }
        Err(err) => {
            eprintln!("error: {err}");
            Outcome::Failure
        }
    }
}

fn init(dir: &std::path::Path) -> Outcome {
    match crate::init::init(dir) {
        Ok(()) => {
            println!("made a new site in {}", dir.display());
            println!("next: cd {} && leidraad serve", dir.display());
            Outcome::Success
        }
        Err(err) => {
            eprintln!("error: {err}");
            Outcome::Failure
        }
    }
}

fn check(args: CheckArgs, style: Style) -> Outcome {
    let options = BuildOptions {
        root: args.site.root,
        drafts: args.site.drafts,
        ..BuildOptions::default()
    };
    let mut diags = crate::check(&options);
    if args.strict {
        diags.make_warnings_errors();
    }
    match args.format {
        Format::Json => print!("{}", diags.render_json()),
        Format::Human => {
            print_human(&diags, style);
            let (errors, warnings) = diags.counts();
            if errors + warnings == 0 {
                println!("no problems found");
            }
        }
    }
    if diags.has_errors() {
        Outcome::Failure
    } else {
        Outcome::Success
    }
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}
