//! libFuzzer target: `cargo fuzz run date` (see docs/fuzzing.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| panier_fuzz::date(data));
