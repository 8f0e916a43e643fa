//! The command line: parses arguments, runs a command, prints diagnostics. `main.rs` maps the
//! [`Outcome`] to an exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::{summary, Diagnostics, Style};
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

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Outcome {
    let style = Style {
        color: use_color(cli.color),
    };
    match cli.command {
        Command::Build(args) => build(args, style),
        Command::Check(args) => check(args, style),
    }
}

fn build(args: BuildArgs, style: Style) -> Outcome {
    let options = BuildOptions {
        root: args.site.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.site.drafts,
        portable: args.portable,
    };
    match crate::build(&options) {
        Ok(outcome) => {
            print_human(&outcome.diagnostics, style);
            match outcome.written {
                Some((dir, pages)) => {
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

fn print_human(diags: &Diagnostics, style: Style) {
    let text = diags.render_human(style);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = summary;
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
