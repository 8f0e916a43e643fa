//! `leidraad import jekyll|hugo|zola SOURCE DEST`: the command line of `import/`, and what it
//! prints when it ends.

use std::path::PathBuf;

use clap::ValueEnum;

use super::Outcome;
use crate::diagnostics::{print_human, Diagnostics, Style};
use crate::import::{self, Dialect, Error, Options};

/// `leidraad import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The generator the source site is made for.
    #[arg(value_enum)]
    pub dialect: DialectArg,
    /// The other generator's site folder (only read, never written to).
    pub source: PathBuf,
    /// The folder for the new leidraad site: new or empty, not inside SOURCE.
    pub dest: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

/// How `import` prints its report (and the problems that stopped it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The counts of what was changed, then what needs a person as `file:line: what`.
    Human,
    /// A JSON object: `languages`, `changed` (a count for every kind) and `needs_a_person`
    /// (see docs/moving-in.md); problems that stop the import as `check --format json` does.
    Json,
}

/// The generators `import` reads.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DialectArg {
    /// Jekyll: `_config.yml`, `_posts/`, collections, kramdown.
    Jekyll,
    /// Hugo: `hugo.toml` or `config.toml|yaml`, `content/`, shortcodes.
    Hugo,
    /// Zola: `config.toml`, `content/`, `+++` TOML front matter.
    Zola,
}

/// Runs `leidraad import`.
pub fn run(args: ImportArgs, style: Style) -> Outcome {
    let dialect = match args.dialect {
        DialectArg::Jekyll => Dialect::Jekyll,
        DialectArg::Hugo => Dialect::Hugo,
        DialectArg::Zola => Dialect::Zola,
    };
    let options = Options {
        dialect,
        source: args.source,
        dest: args.dest.clone(),
    };
    match import::import(&options) {
        Ok(report) => {
            match args.format {
                ReportFormat::Human => {
                    print!("{}", report.render_human(&args.dest.display().to_string()));
                    println!("next: leidraad check --root {}", args.dest.display());
                }
                ReportFormat::Json => print!("{}", report.render_json()),
            }
            Outcome::Success
        }
        Err(Error::Source(problems)) => {
            let mut diags = Diagnostics::new();
            diags.extend(problems);
            diags.sort();
            match args.format {
                ReportFormat::Human => print_human(&diags, style),
                ReportFormat::Json => print!("{}", diags.render_json()),
            }
            eprintln!("error: {}", Error::Source(diags.items().to_vec()));
            Outcome::Failure
        }
        Err(err) => {
            eprintln!("error: {err}");
            if err.is_usage() {
                Outcome::Usage
            } else {
                Outcome::Failure
            }
        }
    }
}
