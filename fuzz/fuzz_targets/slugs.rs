//! `cargo fuzz run slugs`: see `fuzz/src/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leidraad_fuzz::targets::slugs(data));
