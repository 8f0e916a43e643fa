#!/usr/bin/env bash
# CI's fuzz smoke run (issue 9): every fuzz target over its seeds and kept crash inputs, then
# random mutations for a few seconds per target. Stable Rust, inside the normal test build, so
# it costs no extra compile after `cargo test`. Long, coverage-guided runs: fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
LEIDRAAD_FUZZ_SECONDS="${LEIDRAAD_FUZZ_SECONDS:-5}" \
  cargo test --locked --test it -- --exact security::fuzz_smoke --nocapture
