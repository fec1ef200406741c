//! Integration tests of the conversation layer: scripted transcripts on a seeded database.

mod member;
mod network;
mod notify;
mod signing;
mod transcript;
