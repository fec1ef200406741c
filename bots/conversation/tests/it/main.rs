//! Integration tests of the conversation layer: scripted transcripts on a seeded database.

mod transcript;
