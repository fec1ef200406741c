//! libFuzzer target: `cargo fuzz run season_toml` (see docs/fuzzing.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| panier_fuzz::season_toml(data));
