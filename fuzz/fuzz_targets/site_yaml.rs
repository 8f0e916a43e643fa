//! `cargo fuzz run site_yaml`: see `fuzz/src/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leidraad_fuzz::targets::site_yaml(data));
