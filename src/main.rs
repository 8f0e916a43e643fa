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

/// How long `serve` lets freed memory lie before mimalloc hands it back to the system, in
/// milliseconds: longer than a rebuild, so that one rebuild reuses what the one before freed.
const SERVE_PURGE_DELAY: std::ffi::c_long = 1000;

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
    // process, so it keeps what it freed. `serve` runs for hours and rebuilds again and again:
    // a rebuild reuses what the one before it freed (handing it back at once made each edit at
    // 3 × 10,000 sections about 70 ms slower, in page faults), and once the preview is idle it
    // hands back everything freed ([`give_back`]), since a delayed return never comes while
    // no memory is allocated (docs/performance.md).
    let delay = if matches!(cli.command, cmd::Command::Serve(_)) {
        SERVE_PURGE_DELAY
    } else {
        -1
    };
    // SAFETY: sets an option of the allocator; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
    match cmd::run(cli, give_back) {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Failure => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}

/// Hands the memory the calling thread freed back to the system, now: `serve` calls it on
/// each of its threads when the preview is idle.
fn give_back() {
    // SAFETY: asks the allocator to collect the calling thread's free memory; it may be called
    // at any time from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) };
}
