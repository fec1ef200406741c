//! Operations commands: run the scheduler once (`tick`), link a chat account (`link`).

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};
use panier_core::scheduler::{self, dispatcher::DispatchConfig};
use panier_core::store::{Store, accounts, directory};
use panier_core::types::Email;

use crate::cli::{Format, ScheduleCommand};

/// The lease owner of this process: host-independent but unique enough per run.
pub fn owner_id(role: &str) -> String {
    format!("{role}-{}-{}", std::process::id(), Utc::now().timestamp_micros())
}

pub async fn tick(store: &Store, now: DateTime<Utc>, dry_run: bool, format: Format) -> Result<()> {
    let cfg = DispatchConfig::new(owner_id("tick"));
    // No transport is configured for a one-off tick: queued rows wait for `panier serve`.
    let report = scheduler::tick(store, now, dry_run, &[], &cfg).await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => {
            for p in &report.planned {
                println!(
                    "{}  {:<22} {:<28} {}",
                    p.due_at.to_rfc3339(),
                    p.kind,
                    p.recipient,
                    p.transport.as_deref().unwrap_or("(no chat account)")
                );
            }
            println!(
                "planned {}, queued {}, sent {}, failed {}, expired {}{}",
                report.planned.len(),
                report.queued,
                report.sent,
                report.failed,
                report.expired,
                if dry_run { " (dry run: nothing written)" } else { "" }
            );
        }
    }
    Ok(())
}

pub async fn link(store: &Store, email: &str, telegram: Option<i64>, matrix: Option<String>) -> Result<()> {
    let email = Email::parse(email).map_err(|_| anyhow!("not an e-mail address"))?;
    let (transport, id) = match (telegram, matrix) {
        (Some(chat), None) => ("telegram", chat.to_string()),
        (None, Some(user)) => {
            let valid = user.starts_with('@')
                && user.split_once(':').is_some_and(|(l, s)| l.len() > 1 && !s.is_empty());
            if !valid {
                bail!("a Matrix user id looks like @name:server.org");
            }
            ("matrix", user)
        }
        _ => bail!("give exactly one of --telegram or --matrix"),
    };
    let mut tx = store.write_tx().await?;
    let member = directory::member_by_email(&mut tx, &email)
        .await?
        .ok_or_else(|| anyhow!("no member has this e-mail address"))?;
    if let Some(other) = accounts::member_by_account(&mut tx, transport, &id).await?
        && other != member.id
    {
        bail!("this {transport} account is already linked to another member");
    }
    accounts::link_account(&mut tx, member.id, transport, &id, &id, Utc::now()).await?;
    tx.commit().await?;
    println!("linked {transport} account to member #{}", member.id);
    Ok(())
}

pub async fn schedule(store: &Store, what: ScheduleCommand) -> Result<()> {
    use panier_core::scheduler::schedule::{Cron, Scheduled};
    let slug = match &what {
        ScheduleCommand::List { amap } | ScheduleCommand::Set { amap, .. } => amap.clone(),
    };
    let mut conn = store.conn().await?;
    let amap = directory::amap_by_slug(&mut conn, &slug)
        .await?
        .ok_or_else(|| anyhow!("no AMAP with slug {slug:?}"))?;
    if let ScheduleCommand::Set { kind, cron, .. } = &what {
        let known: Vec<&str> = Scheduled::ALL.iter().map(|k| k.as_str()).collect();
        let Some(kind) = Scheduled::parse(kind) else {
            return Err(crate::ops::UsageError(format!(
                "unknown kind {kind:?}; one of {}",
                known.join(", ")
            ))
            .into());
        };
        if Cron::parse(cron).is_err() {
            return Err(crate::ops::UsageError(format!(
                "{cron:?} is not a 6-field cron expression (seconds minutes hours day month weekday)"
            ))
            .into());
        }
        accounts::set_schedule(&mut conn, amap.id, kind.as_str(), cron).await?;
    }
    let custom = accounts::schedules_of(&mut conn, amap.id).await?;
    for kind in Scheduled::ALL {
        let set = custom.iter().find(|(k, _)| k == kind.as_str()).map(|(_, c)| c.as_str());
        let shown = set.unwrap_or(kind.default_cron());
        println!("{:<22} {:<16} {}", kind.as_str(), shown, if set.is_some() { "" } else { "(default)" });
    }
    println!("timezone: {}", amap.timezone.name());
    Ok(())
}

/// A mistake in what the admin typed: exit code 2, like clap's own usage errors.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Sets the AMAP's privacy notice from a file, or removes it when `file` is None.
pub async fn privacy_notice(store: &Store, amap: &str, file: Option<&std::path::Path>) -> Result<()> {
    let text = match file {
        Some(path) => {
            Some(std::fs::read_to_string(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))?)
        }
        None => None,
    };
    let mut tx = store.write_tx().await?;
    let found = panier_core::store::directory::amap_by_slug(&mut tx, amap)
        .await?
        .ok_or_else(|| UsageError(format!("no AMAP with slug {amap}")))?;
    panier_core::usecases::privacy::set_privacy_notice(&mut tx, None, found.id, text.as_deref())
        .await
        .map_err(|e| UsageError(e.to_string()))?;
    tx.commit().await?;
    match text {
        Some(_) => println!("privacy notice of {amap} set"),
        None => println!("privacy notice of {amap} removed"),
    }
    Ok(())
}

pub async fn retention(store: &Store, dry_run: bool, years: i64, format: Format) -> Result<()> {
    if years < 1 {
        return Err(UsageError("--years must be at least 1".into()).into());
    }
    let mut tx = store.write_tx().await?;
    let report = panier_core::usecases::privacy::retention(&mut tx, Utc::now(), years, dry_run).await?;
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => {
            let verb = if dry_run { "would erase" } else { "erased" };
            println!(
                "{verb} {} member(s) inactive for {years} years: {:?}",
                report.members.len(),
                report.members
            );
            println!("kept {} member(s) with a running contract", report.kept_running.len());
            let verb = if dry_run { "would archive" } else { "archived" };
            println!(
                "{verb} {} ended contract(s): {:?}",
                report.contracts_archived.len(),
                report.contracts_archived
            );
        }
    }
    Ok(())
}
