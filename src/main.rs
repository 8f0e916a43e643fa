//! The `leidraad` binary: parses the command line, runs it, and picks the exit code.

use std::process::ExitCode;

use clap::Parser;
use leidraad::cli::{self, Cli, Outcome};

/// A build allocates millions of small strings from both cores at once; mimalloc does that
/// about a fifth faster than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli::run(cli) {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Failure => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}
