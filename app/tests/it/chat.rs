//! `panier demo` and `panier chat`: scripted conversations piped into the real binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::TempDir;

/// Runs `panier ARGS` in `dir`, writing `script` on its standard input.
fn converse(dir: &Path, args: &[&str], script: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_panier"))
        .args(args)
        .current_dir(dir)
        .env("PANIER_DATABASE_URL", "not-the-demo.db")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run panier");
    // Panier may stop reading early (an unknown member): a broken pipe is not a failure here.
    let _ = child.stdin.take().expect("stdin").write_all(script.as_bytes());
    child.wait_with_output().expect("wait for panier")
}

fn stdout_of(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {stdout}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn the_demo_then_a_chat_as_a_referent() {
    let tmp = TempDir::new("chat");

    // The demo: its own file by default (the environment's database is left alone), a banner,
    // no prompt when the input is not a terminal, choices as numbered options.
    let out = stdout_of(&converse(&tmp.0, &["demo"], "/prochaine\n1\n"));
    assert!(tmp.0.join("panier-demo.db").exists());
    assert!(!tmp.0.join("not-the-demo.db").exists());
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Démo de Panier"), "{out}");
    assert!(lines[0].contains("AMAP des Capucins") && lines[0].contains("Camille Petit"), "{out}");
    assert!(lines[1].contains("Ctrl-D"), "{out}");
    assert!(!out.contains("vous>"), "{out}");
    assert!(
        out.contains(
            "\n  1. Je serai absent·e\n  2. Quelqu'un d'autre viendra\n  3. Voir mes livraisons\n\n"
        ),
        "{out}"
    );
    // "1" pressed the first button: the absence question, not "I did not understand".
    let after = out.split("  3. Voir mes livraisons\n\n").nth(1).expect("a reply to 1");
    assert!(!after.trim().is_empty() && !after.contains("Je n'ai pas compris"), "{out}");

    // Running the demo again refreshes the same file; --db chooses another one.
    stdout_of(&converse(&tmp.0, &["demo"], ""));
    stdout_of(&converse(&tmp.0, &["demo", "--db", "other.db"], ""));
    assert!(tmp.0.join("other.db").exists());

    // A referent on the demo database: contract, date, totals, by numbers.
    let args = ["--db", "panier-demo.db", "chat", "--as", "claire.dubois@example.org"];
    let out = stdout_of(&converse(&tmp.0, &args, "/totaux\n1\n1\n"));
    assert!(out.starts_with("Pour quel contrat"), "{out}");
    assert!(out.contains("\n  1. Légumes\n"), "{out}");
    assert!(out.contains("Commande du mardi"), "{out}");
    assert!(
        out.contains("25 paniers pour 25 amapien·nes · 371,00\u{a0}€\n  1. Feuille d'émargement\n"),
        "{out}"
    );
}

#[test]
fn an_unknown_member_is_one_line_and_exit_2() {
    let tmp = TempDir::new("chat_unknown");
    stdout_of(&converse(&tmp.0, &["demo", "--db", "demo.db"], ""));
    let out = converse(&tmp.0, &["--db", "demo.db", "chat", "--as", "nobody@example.org"], "/aide\n");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: no member has the e-mail address nobody@example.org in this database\n"
    );
    assert!(out.stdout.is_empty());
}
