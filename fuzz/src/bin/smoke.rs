//! The stable fuzzing harness: runs every target (or those named) over its seeds and kept
//! crash inputs, then over random mutations of them for a number of seconds per target.
//!
//! `cargo run --release --no-default-features --bin smoke -- [--seconds N] [TARGET...]`
//! or `-- --write-seeds DIR`, which writes every target's seeds into `DIR/<target>/`.
//!
//! A failure prints the input's file (saved under `fuzz/artifacts/<target>/`) and exits 1.
//! Coverage-guided fuzzing is `cargo fuzz run <target>` (nightly); this one is blind, but it
//! needs nothing beyond stable Rust, so CI runs it.

use std::panic;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use leidraad_fuzz::{mutate, seeds, targets::TARGETS, Rng};

fn main() -> ExitCode {
    let mut seconds = 5.0;
    let mut names = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--write-seeds" => {
                // Writes each target's seeds into DIR/<target>/, as a corpus for cargo fuzz.
                let dir = PathBuf::from(args.next().expect("--write-seeds takes a folder"));
                let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("in the repo");
                for (name, _) in TARGETS {
                    let target_dir = dir.join(name);
                    std::fs::create_dir_all(&target_dir).expect("the seed folder can be made");
                    for (n, seed) in seeds(repo, name).iter().enumerate() {
                        std::fs::write(target_dir.join(format!("seed-{n:04}")), seed)
                            .expect("seeds can be written");
                    }
                }
                return ExitCode::SUCCESS;
            }
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--seconds takes a number");
            }
            name => names.push(name.to_owned()),
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ is inside the repository")
        .to_path_buf();
    // Panics are caught and reported with their input; the default hook would print each
    // one of them as well.
    panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    for (name, target) in TARGETS {
        if !names.is_empty() && !names.iter().any(|n| n == name) {
            continue;
        }
        let seeds = seeds(&repo, name);
        let started = Instant::now();
        let mut runs = 0u64;
        let mut failure = None;
        for input in &seeds {
            runs += 1;
            if let Some(message) = run(*target, input) {
                failure = Some((input.clone(), message));
                break;
            }
        }
        let mut rng = Rng::new(0x1ead_5eed ^ runs);
        let deadline = Duration::from_secs_f64(seconds);
        while failure.is_none() && started.elapsed() < deadline && !seeds.is_empty() {
            let base = &seeds[rng.below(seeds.len())];
            let input = mutate(&mut rng, base, &seeds);
            runs += 1;
            if let Some(message) = run(*target, &input) {
                failure = Some((input, message));
            }
        }
        let secs = started.elapsed().as_secs_f64();
        match failure {
            None => println!(
                "{name}: {runs} runs in {secs:.1} s ({} seeds), no failure",
                seeds.len()
            ),
            Some((input, message)) => {
                failed = true;
                let file = save(&repo, name, &input);
                println!(
                    "{name}: FAILED after {runs} runs: {message}\n  input: {}",
                    file.display()
                );
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run(target: fn(&[u8]), input: &[u8]) -> Option<String> {
    panic::catch_unwind(|| target(input)).err().map(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

fn save(repo: &Path, target: &str, input: &[u8]) -> PathBuf {
    let dir = repo.join("fuzz/artifacts").join(target);
    let _ = std::fs::create_dir_all(&dir);
    let hash = input
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    let file = dir.join(format!("crash-{hash:016x}"));
    let _ = std::fs::write(&file, input);
    file
}
