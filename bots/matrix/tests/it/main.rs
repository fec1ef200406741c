//! Integration tests of the Matrix adapter against a real Synapse (`PANIER_TEST_SYNAPSE_URL`,
//! started by tests/synapse/start.sh); each test registers its own bot and members. Skipped
//! with a note when the variable is not set.

mod conversation;
mod hostile;
mod outbox;
mod restart;
mod support;
