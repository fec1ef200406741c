//! libFuzzer target: `cargo fuzz run csv_import` (see docs/fuzzing.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| panier_fuzz::csv_import(data));
