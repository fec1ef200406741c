//! Replays the fuzzing corpus and every kept crashing input (fuzz/corpus, fuzz/regressions)
//! through the very harness the libFuzzer targets use, so a fixed crash stays fixed.

#[path = "../../../../fuzz/src/lib.rs"]
#[allow(dead_code, unreachable_pub)]
mod harness;

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut found = Vec::new();
    for kind in ["corpus", "regressions"] {
        let Ok(dir) = std::fs::read_dir(fuzz.join(kind).join(target)) else { continue };
        for entry in dir.flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

/// Not a tokio test: the harness drives its own runtime, as under libFuzzer.
#[test]
fn kept_fuzz_inputs_neither_panic_nor_break_an_invariant() {
    let targets: [(&str, fn(&[u8])); 4] = [
        ("command", harness::command),
        ("date", harness::date),
        ("season_toml", harness::season_toml),
        ("csv_import", harness::csv_import),
    ];
    for (target, run) in targets {
        let all = inputs(target);
        assert!(!all.is_empty(), "fuzz/corpus/{target} has seed inputs");
        for (path, bytes) in all {
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{target}: {} panics", path.display());
        }
    }
}
