//! `panier serve` as a process: health and metrics over HTTP, clean stop on SIGTERM; and
//! `panier config check`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::TempDir;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

#[test]
fn serve_answers_health_and_metrics_and_stops_on_sigterm() {
    let dir = TempDir::new("serve");
    let db = dir.0.join("p.db").to_string_lossy().into_owned();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_panier"))
        .args(["--db", &db, "serve"])
        .env("PANIER_WEB__LISTEN", format!("127.0.0.1:{port}"))
        .env("PANIER_SCHEDULER__TICK_SECONDS", "1")
        .env_remove("PANIER_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let deadline = Instant::now() + Duration::from_secs(20);
    let health = loop {
        if let Some(r) = get(port, "/healthz") {
            break r;
        }
        assert!(Instant::now() < deadline, "serve did not answer in time");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"database\":\"ok\""), "{health}");
    let metrics = get(port, "/metrics").expect("metrics");
    assert!(metrics.contains("panier_command_duration_seconds_count"), "{metrics}");
    assert!(metrics.contains("panier_active_members"), "{metrics}");

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let stopped_by = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < stopped_by, "serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child.stderr.take().map(|mut e| e.read_to_string(&mut stderr));
    assert!(status.success(), "exit {status:?}: {stderr}");
    assert!(stderr.contains("leases released"), "{stderr}");
}

#[test]
fn config_check_names_unknown_keys_and_redacts_secrets() {
    let dir = TempDir::new("config");
    let file = dir.0.join("panier.toml");
    std::fs::write(&file, "[web]\nlisten = \"127.0.0.1:9999\"\n[telegram]\ntoken = \"123:SECRET\"\n")
        .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_panier"))
        .args(["config", "check", "--config", &file.to_string_lossy()])
        .env_remove("PANIER_DATABASE_URL")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("127.0.0.1:9999") && stdout.contains("<redacted>") && !stdout.contains("SECRET"),
        "{stdout}"
    );

    std::fs::write(&file, "[web]\nlisen = \"x\"\n").expect("write");
    let bad = Command::new(env!("CARGO_BIN_EXE_panier"))
        .args(["config", "check", "--config", &file.to_string_lossy()])
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("lisen"));
}
