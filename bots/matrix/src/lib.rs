//! Panier's Matrix adapter (matrix-sdk, end-to-end encryption): members talk to the bot in
//! direct messages and shared rooms, answer choices with a number or a reaction, and receive
//! their reminders from the outbox in a direct message. I/O only: every text comes from
//! `panier-conversation`.
//!
//! For `panier serve`:
//! ```ignore
//! let matrix = panier_matrix::MatrixBot::connect(bot.clone(), &cfg).await?;
//! let deliver = matrix.deliverer(); // core's `Deliver` for the dispatcher's "matrix" rows
//! tokio::spawn(async move { matrix.run(shutdown).await });
//! ```
//! or [`run`] when nothing else needs the connection.

mod adapter;
pub mod config;
pub mod errors;
mod push;
pub mod render;
mod session;

pub use adapter::{DM_KEY_PREFIX, MatrixBot, SYNC_TOKEN_KEY, TRANSPORT};
pub use config::{Autojoin, MatrixConfig};
pub use push::MatrixPush;

/// Logs in (or restores the saved device) and answers until `shutdown` becomes true.
pub async fn run(
    bot: panier_conversation::Bot,
    cfg: MatrixConfig,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<()> {
    MatrixBot::connect(bot, &cfg).await?.run(shutdown).await
}

/// The outbox deliverer of an already connected bot (same device as its sync loop).
pub fn deliverer(bot: &MatrixBot) -> panier_conversation::notify::BotDeliver<MatrixPush> {
    bot.deliverer()
}
