//! `cargo fuzz run site`: see `fuzz/src/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leidraad_fuzz::targets::site(data));
