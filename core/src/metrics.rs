//! Process-wide counters and the command latency histogram, rendered in the Prometheus text
//! format by the web server. No labels carry personal data: only transport and kind names.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Upper bounds (seconds) of the latency buckets.
const BUCKETS: [f64; 10] = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Debug, Default)]
struct Registry {
    counters: BTreeMap<(&'static str, String), u64>,
    latency_buckets: [u64; BUCKETS.len()],
    latency_count: u64,
    latency_sum: f64,
}

fn registry() -> &'static Mutex<Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(|| Mutex::new(Registry::default()))
}

/// Adds one to counter `name` with label `label` (e.g. "panier_messages_received_total", "telegram").
pub fn inc(name: &'static str, label: &str) {
    add(name, label, 1);
}

pub fn add(name: &'static str, label: &str, n: u64) {
    if let Ok(mut r) = registry().lock() {
        *r.counters.entry((name, label.to_owned())).or_default() += n;
    }
}

/// Records how long a command took.
pub fn observe_command(elapsed: Duration) {
    let secs = elapsed.as_secs_f64();
    if let Ok(mut r) = registry().lock() {
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                r.latency_buckets[i] += 1;
            }
        }
        r.latency_count += 1;
        r.latency_sum += secs;
    }
}

pub fn counter(name: &'static str, label: &str) -> u64 {
    registry().lock().map(|r| r.counters.get(&(name, label.to_owned())).copied().unwrap_or(0)).unwrap_or(0)
}

/// The counters and the histogram in Prometheus text format.
pub fn render() -> String {
    let mut out = String::new();
    let Ok(r) = registry().lock() else { return out };
    let mut last = "";
    for ((name, label), value) in &r.counters {
        if *name != last {
            let _ = writeln!(out, "# TYPE {name} counter");
            last = name;
        }
        let _ = writeln!(out, "{name}{{transport=\"{label}\"}} {value}");
    }
    let _ = writeln!(out, "# TYPE panier_command_duration_seconds histogram");
    for (bound, n) in BUCKETS.iter().zip(r.latency_buckets.iter()) {
        let _ = writeln!(out, "panier_command_duration_seconds_bucket{{le=\"{bound}\"}} {n}");
    }
    let _ = writeln!(out, "panier_command_duration_seconds_bucket{{le=\"+Inf\"}} {}", r.latency_count);
    let _ = writeln!(out, "panier_command_duration_seconds_sum {}", r.latency_sum);
    let _ = writeln!(out, "panier_command_duration_seconds_count {}", r.latency_count);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histogram() {
        inc("panier_test_total", "telegram");
        inc("panier_test_total", "telegram");
        observe_command(Duration::from_millis(3));
        let text = render();
        assert!(text.contains("panier_test_total{transport=\"telegram\"} 2"), "{text}");
        assert!(text.contains("panier_command_duration_seconds_bucket{le=\"0.005\"}"), "{text}");
        assert_eq!(counter("panier_test_total", "telegram"), 2);
    }
}
