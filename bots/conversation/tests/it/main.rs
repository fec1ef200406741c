//! Integration tests of the conversation layer: scripted transcripts on a seeded database.

mod exports;
mod fuzz_replay;
mod hostile;
mod logs;
mod member;
mod network;
mod notify;
mod privacy_notice;
mod signing;
mod transcript;
