//! End-to-end tests of the Telegram adapter: real teloxide HTTP against the fake Bot API
//! server, on a seeded demo database (a temporary SQLite file), with the clock fixed.

mod conversation;
mod forms;
mod hostile;
mod outbox;
mod restart;
mod support;
mod webhook;
