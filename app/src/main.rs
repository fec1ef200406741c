//! The `panier` binary: parses the command line, sets up logging, runs one command and maps
//! failures to exit codes (2 for a bad file or bad usage, 1 for anything else).

mod bench_data;
mod chat;
mod cli;
mod commands;
mod config;
mod evidence;
mod export;
mod export_season;
mod invite;
mod network;
mod ops;
mod output;
mod serve;
mod serve_cmd;
mod transports;

use std::process::ExitCode;

use clap::Parser;
use panier_core::import::ImportError;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_logs(cli.log_format, matches!(cli.command, cli::Command::Serve { .. }));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(code) = chat::run(&cli, &runtime) {
        return code;
    }
    if let Some(code) = serve_cmd::run(&cli, &runtime) {
        return code;
    }
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit_for(&e),
    }
}

/// Logs go to stderr, filtered by RUST_LOG (default: warnings). They never carry personal data.
fn init_logs(format: cli::LogFormat, serving: bool) {
    // A server tells what it does; a one-off command stays quiet but for warnings.
    let default = if serving { "info,sqlx=warn" } else { "warn,sqlx=error" };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        cli::LogFormat::Json => logs.json().init(),
        cli::LogFormat::Text => logs.init(),
    }
}

/// A file at fault prints exactly one `error: FILE:LINE: FIELD: problem` line and exits 2.
fn exit_for(e: &anyhow::Error) -> ExitCode {
    if let Some(usage) = e.downcast_ref::<ops::UsageError>() {
        eprintln!("error: {usage}");
        return ExitCode::from(2);
    }
    match e.downcast_ref::<ImportError>() {
        Some(import) if import.is_input() => {
            eprintln!("error: {import}");
            ExitCode::from(2)
        }
        _ => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
