//! Panier's conversation layer: transport-agnostic commands. An adapter turns a chat update
//! into an `Incoming`, calls `Bot::handle`, and sends the `Reply`s; it holds no business rule
//! and builds no text.

pub mod commands;
pub mod context;
pub mod dates;
pub mod dialogue;
pub mod engine;
pub mod export;
pub mod failure;
pub mod format;
pub mod i18n;
pub mod markup;
pub mod message;
pub mod notify;
pub mod parse;
pub mod views;

pub use engine::Bot;
pub use message::{Audience, Button, ChatKind, Document, Incoming, Reply, Transport};
