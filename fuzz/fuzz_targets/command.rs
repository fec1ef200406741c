//! libFuzzer target: `cargo fuzz run command` (see docs/fuzzing.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| panier_fuzz::command(data));
