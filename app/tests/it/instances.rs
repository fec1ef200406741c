//! Two `panier serve` processes on one PostgreSQL with the fake Telegram Bot API: one of them
//! polls; when it is killed (SIGKILL), the other takes over within 30 s; no update is handled
//! twice and no reminder is sent twice. Runs when PANIER_TEST_POSTGRES_URL is set.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use panier_telegram::fake::{FakeBotApi, FakeUser, TOKEN};

use crate::{TempDir, ok, panier};

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

fn serve(dir: &std::path::Path, db: &str, api: &str, port: u16) -> Serve {
    Serve(
        Command::new(env!("CARGO_BIN_EXE_panier"))
            .args(["--db", db, "serve"])
            .current_dir(dir)
            .env("PANIER_TELEGRAM__TOKEN", TOKEN)
            .env("PANIER_TELEGRAM__API_URL", api)
            .env("PANIER_TELEGRAM__BOT_USERNAME", "panier_test_bot")
            .env("PANIER_WEB__LISTEN", format!("127.0.0.1:{port}"))
            .env("PANIER_SCHEDULER__TICK_SECONDS", "1")
            .env_remove("PANIER_DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve"),
    )
}

fn health(port: u16) -> Option<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
    write!(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").ok()?;
    let mut r = String::new();
    s.read_to_string(&mut r).ok()?;
    Some(r)
}

fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql").args([url, "-Atqc", sql]).output().expect("psql");
    assert!(out.status.success(), "psql: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_process_takes_over_telegram_without_doubles() {
    let Ok(admin) = std::env::var("PANIER_TEST_POSTGRES_URL") else {
        eprintln!("PANIER_TEST_POSTGRES_URL not set: several-instances test skipped");
        return;
    };
    let dir = TempDir::new("instances");
    let name = format!("panier_test_instances_{}", std::process::id());
    psql(&admin, &format!("DROP DATABASE IF EXISTS {name}"));
    psql(&admin, &format!("CREATE DATABASE {name}"));
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin).to_owned();
    let db = format!("{base}/{name}");
    crate::import_examples(&dir.0, &db);
    ok(&panier(&dir.0, &["--db", &db, "link", "--email", "claire.dupont@example.org", "--telegram", "4242"]));

    let api = FakeBotApi::start().await.expect("fake api");
    let (pa, pb) = (free_port(), free_port());
    let mut a = Some(serve(&dir.0, &db, &api.url(), pa));
    let mut b = Some(serve(&dir.0, &db, &api.url(), pb));
    let claire = FakeUser::new(4242, "Claire");

    // Reminders queued for Claire: whichever process sends them, each goes out once.
    let member = psql(&db, "SELECT id FROM member WHERE email = 'claire.dupont@example.org'");
    let queue = |from: usize| {
        let now = chrono::Utc::now().timestamp();
        for i in from..from + 10 {
            psql(
                &db,
                &format!(
                    "INSERT INTO outbox (dedupe_key, kind, member_id, transport, chat_id, payload, due_at, state, attempts, \
                 next_attempt_at, created_at) VALUES ('test-{i}', 'manual_reminder', {member}, 'telegram', '4242', \
                 '{{\"contract\": 1, \"date\": \"2027-05-04\", \"from\": \"Rémi Test\"}}', {now}, 'queued', 0, {now}, {now})"
                ),
            );
        }
    };
    let sent = |n: usize| {
        let db = db.clone();
        move |_: &FakeBotApi| {
            psql(&db, "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'test-%' AND state = 'sent'")
                == n.to_string()
        }
    };
    queue(0);
    api.send_text(&claire, "/aide");
    let answered = |n: usize| {
        move |f: &FakeBotApi| f.sent_to(4242).iter().filter(|c| c.text().contains("/prochaine")).count() >= n
    };
    assert!(api.wait_until(Duration::from_secs(40), answered(1)).await, "nobody answered the first message");
    assert!(api.wait_until(Duration::from_secs(40), sent(10)).await, "the first reminders were not sent");

    // Kill whichever process leads Telegram.
    let leader_is_a = health(pa).is_some_and(|h| h.contains("\"telegram\":\"running\""));
    let (dead, alive_port) = if leader_is_a { (a.take(), pb) } else { (b.take(), pa) };
    let mut dead = dead.expect("leader process");
    dead.0.kill().expect("SIGKILL");
    let killed_at = Instant::now();

    api.send_text(&claire, "/help");
    queue(10);
    assert!(api.wait_until(Duration::from_secs(45), answered(2)).await, "the other process never took over");
    assert!(killed_at.elapsed() < Duration::from_secs(35), "took over in {:?}", killed_at.elapsed());
    assert!(health(alive_port).is_some_and(|h| h.contains("\"telegram\":\"running\"")));
    assert!(
        api.wait_until(Duration::from_secs(40), sent(20)).await,
        "the survivor did not send the new reminders"
    );

    // Each message answered once, each reminder sent once.
    let help_answers = api.sent_to(4242).iter().filter(|c| c.text().contains("/prochaine")).count();
    assert_eq!(help_answers, 2, "an update was handled twice or skipped");
    let reminders = api.sent_to(4242).iter().filter(|c| c.text().contains("Rémi Test")).count();
    assert_eq!(reminders, 20, "a reminder went out twice or not at all");
    drop((a, b));
    psql(&admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}
