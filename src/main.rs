//! The `leidraad` binary: parses the command line, runs it, and picks the exit code.

use std::process::ExitCode;

use clap::Parser;
use leidraad::cmd::{self, Cli, Outcome};

/// A build allocates millions of small strings from both cores at once; mimalloc does that
/// about a fifth faster than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, which libmimalloc-sys does not name (15 in mimalloc 2
/// and 3 alike).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

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
    // By default mimalloc hands freed memory back to the system after a delay, and the kernel
    // zeroes it again when it is reused: at 3 × 10,000 sections a build freed and faulted in
    // the same memory many times over, a quarter of its system time. A build is one short
    // process, so it keeps what it freed. `serve` runs for hours, rebuilds again and again and
    // makes a search index in the background after each: it hands freed memory back at once,
    // since a delayed return never comes while the preview sits idle between edits (after 100
    // edits at 3 × 1,000 sections: 1.42× the memory of the first build with the default delay,
    // 1.10× without one; docs/performance.md).
    let delay = if matches!(cli.command, cmd::Command::Serve(_)) {
        0
    } else {
        -1
    };
    // SAFETY: sets an option of the allocator; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
    match cmd::run(cli) {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Failure => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}
