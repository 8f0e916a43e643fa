//! `cargo fuzz run front_matter`: see `fuzz/src/targets.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| leidraad_fuzz::targets::front_matter(data));
