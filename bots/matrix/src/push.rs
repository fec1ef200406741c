//! Outbox delivery: a rendered reminder pushed to the member's direct message, with the
//! outbox row's idempotency key as the Matrix transaction id, so a resend after a crash
//! (same key, same device) is de-duplicated by the homeserver.

use std::time::Duration;

use matrix_sdk::RoomState;
use matrix_sdk::config::RequestConfig;
use matrix_sdk::room::Room;
use matrix_sdk::ruma::{RoomId, UserId};
use panier_conversation::Reply;
use panier_conversation::notify::{PushFuture, PushTransport};
use panier_core::scheduler::dispatcher::SendError;
use panier_core::store::matrix_extra;

use crate::adapter::{MatrixBot, TRANSPORT};
use crate::errors::{classify, failure_of};
use crate::render::Envelope;

/// One push: no retry inside (the dispatcher owns retries and honours 429s).
const PUSH_TIMEOUT: Duration = Duration::from_secs(30);

/// The Matrix side of `BotDeliver`.
#[derive(Clone, Debug)]
pub struct MatrixPush {
    bot: MatrixBot,
}

impl MatrixPush {
    pub fn new(bot: MatrixBot) -> MatrixPush {
        MatrixPush { bot }
    }

    /// The room to push to: `chat_id` is a Matrix user id (accounts linked from the CLI or
    /// from a shared room) or a room id (linked in a direct message).
    async fn target(&self, chat_id: &str) -> Result<Room, SendError> {
        if let Ok(user) = <&UserId>::try_from(chat_id) {
            return self.bot.dm_for(user).await.map_err(|e| classify(&failure_of(&e)));
        }
        let room_id = <&RoomId>::try_from(chat_id)
            .map_err(|_| SendError::Unreachable("not a Matrix room or user".into()))?;
        let client = self.bot.client();
        if let Some(room) = client.get_room(room_id)
            && room.state() == RoomState::Joined
            && room.active_members_count() == 2
        {
            return Ok(room);
        }
        // The direct message was left, or the account was linked in a shared room: write
        // to the account's own direct message and push there from now on.
        let panier = self.bot.inner.bot.panier();
        let owners = panier
            .read(async |c| matrix_extra::accounts_with_chat(c, TRANSPORT, chat_id).await)
            .await
            .map_err(|_| SendError::Temporary("database unavailable".into()))?;
        let [owner] = owners.as_slice() else {
            return Err(SendError::Unreachable("room not reachable".into()));
        };
        let user = <&UserId>::try_from(owner.as_str())
            .map_err(|_| SendError::Unreachable("not a Matrix user".into()))?;
        let room = self.bot.dm_for(user).await.map_err(|e| classify(&failure_of(&e)))?;
        let owner = owner.clone();
        if let Err(e) = panier
            .write(async |c| matrix_extra::repoint_chat(c, TRANSPORT, &owner, chat_id, &owner).await)
            .await
        {
            tracing::warn!(error = %e, "could not update a Matrix account's push target");
        }
        Ok(room)
    }
}

impl PushTransport for MatrixPush {
    fn name(&self) -> &str {
        TRANSPORT
    }

    fn push(&self, chat_id: &str, reply: &Reply, idempotency_key: &str) -> PushFuture<'_> {
        let (chat_id, reply, key) = (chat_id.to_owned(), reply.clone(), idempotency_key.to_owned());
        Box::pin(async move {
            let room = self.target(&chat_id).await?;
            let config = RequestConfig::new().disable_retry().timeout(PUSH_TIMEOUT);
            let event_id = self
                .bot
                .send(&room, &reply, &Envelope::default(), Some(&key), Some(config))
                .await
                .map_err(|e| classify(&failure_of(&e)))?;
            Ok(event_id.to_string())
        })
    }
}
