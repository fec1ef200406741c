//! The Matrix bot: one logged-in device that syncs, joins the rooms it is invited to, turns
//! each message or reaction into an `Incoming` for `Bot::handle`, and sends the replies.
//!
//! The sync token is stored in the database (`transport_state`, key `matrix.sync_token`)
//! after the events of a batch are handled, and the next sync starts from it: a restart
//! neither skips nor repeats a message (except the batch being handled when the process
//! died, which is handled again).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use chrono::Utc;
use matrix_sdk::config::{RequestConfig, SyncSettings};
use matrix_sdk::deserialized_responses::TimelineEvent;
use matrix_sdk::room::Room;
use matrix_sdk::ruma::api::client::filter::{FilterDefinition, RoomEventFilter, RoomFilter};
use matrix_sdk::ruma::api::client::sync::sync_events::v3::Filter;
use matrix_sdk::ruma::events::reaction::ReactionEventContent;
use matrix_sdk::ruma::events::relation::Annotation;
use matrix_sdk::ruma::events::room::encrypted::OriginalSyncRoomEncryptedEvent;
use matrix_sdk::ruma::events::room::message::{MessageType, Relation};
use matrix_sdk::ruma::events::{AnySyncMessageLikeEvent, AnySyncTimelineEvent, SyncMessageLikeEvent};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{
    EventId, OwnedEventId, OwnedRoomId, OwnedTransactionId, OwnedUserId, RoomId, UInt, UserId,
};
use matrix_sdk::sync::SyncResponse;
use matrix_sdk::{Client, RoomMemberships, RoomState};
use panier_conversation::notify::BotDeliver;
use panier_conversation::{Audience, Bot, ChatKind, Incoming, Reply, Transport};
use panier_core::store::{matrix_extra, transport_state};
use serde_json::Value;
use tokio::sync::watch;

use crate::config::{Autojoin, MatrixConfig};
use crate::push::MatrixPush;
use crate::render::{self, Choice, Envelope, Mention};

/// Key of the sync token in `transport_state`.
pub const SYNC_TOKEN_KEY: &str = "matrix.sync_token";
/// Prefix of the remembered direct message of a user in `transport_state`.
pub const DM_KEY_PREFIX: &str = "matrix.dm.";
/// The transport name of outbox rows and chat accounts.
pub const TRANSPORT: &str = "matrix";

/// Long-poll time of a sync.
const SYNC_TIMEOUT: Duration = Duration::from_secs(30);
/// Events per room and sync: enough to catch up after a short downtime.
const TIMELINE_LIMIT: u32 = 50;
/// How many sent messages are remembered (for reactions and replies to them).
const SENT_CACHE: usize = 512;
/// How long a message that could not be decrypted yet is retried.
const UTD_RETRY: Duration = Duration::from_secs(300);
/// Joining an invited room: attempts and first delay (doubled each time).
const JOIN_ATTEMPTS: u32 = 4;
const JOIN_FIRST_DELAY: Duration = Duration::from_millis(500);

/// A connected Matrix bot. Cheap to clone; share one per data directory (its stores are
/// single-process).
#[derive(Clone)]
pub struct MatrixBot {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) client: Client,
    pub(crate) bot: Bot,
    autojoin: Autojoin,
    pub(crate) user_id: OwnedUserId,
    dm_lock: tokio::sync::Mutex<()>,
    sent: Mutex<SentCache>,
    undecrypted: Mutex<Vec<Undecrypted>>,
}

impl std::fmt::Debug for MatrixBot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MatrixBot").field("user_id", &self.inner.user_id).finish_non_exhaustive()
    }
}

/// Messages the bot sent recently, with the choices they offered.
#[derive(Default)]
struct SentCache {
    order: VecDeque<OwnedEventId>,
    choices: HashMap<OwnedEventId, Vec<Choice>>,
}

impl SentCache {
    fn insert(&mut self, id: OwnedEventId, choices: Vec<Choice>) {
        if self.choices.insert(id.clone(), choices).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > SENT_CACHE {
            if let Some(old) = self.order.pop_front() {
                self.choices.remove(&old);
            }
        }
    }
}

struct Undecrypted {
    room_id: OwnedRoomId,
    event: Raw<OriginalSyncRoomEncryptedEvent>,
    since: Instant,
}

/// What a timeline event asks of the bot.
enum Action {
    Message {
        event_id: OwnedEventId,
        sender: OwnedUserId,
        body: String,
        mentions_bot: bool,
        reply_to: Option<OwnedEventId>,
    },
    Reaction {
        sender: OwnedUserId,
        target: OwnedEventId,
        key: String,
    },
}

impl MatrixBot {
    /// Logs in (or restores the saved session) and prepares the bot; does not sync yet.
    pub async fn connect(bot: Bot, cfg: &MatrixConfig) -> Result<MatrixBot> {
        let client = crate::session::connect(cfg).await?;
        let user_id = client.user_id().ok_or_else(|| anyhow!("no Matrix user after login"))?.to_owned();
        Ok(MatrixBot {
            inner: Arc::new(Inner {
                client,
                bot,
                autojoin: cfg.autojoin,
                user_id,
                dm_lock: tokio::sync::Mutex::new(()),
                sent: Mutex::new(SentCache::default()),
                undecrypted: Mutex::new(Vec::new()),
            }),
        })
    }

    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    pub fn user_id(&self) -> &UserId {
        &self.inner.user_id
    }

    /// This device (the same across restarts with the same data directory).
    pub fn device_id(&self) -> Option<String> {
        self.inner.client.device_id().map(|d| d.to_string())
    }

    /// The outbox transport of this bot (pushes go to each member's direct message).
    pub fn push_transport(&self) -> MatrixPush {
        MatrixPush::new(self.clone())
    }

    /// Core's `Deliver` for the `matrix` rows of the outbox.
    pub fn deliverer(&self) -> BotDeliver<MatrixPush> {
        BotDeliver::new(self.inner.bot.clone(), self.push_transport())
    }

    /// Syncs and answers until `shutdown` becomes true (or its sender is dropped).
    pub async fn run(&self, mut shutdown: watch::Receiver<bool>) -> Result<()> {
        let mut token = self.load_token().await?;
        let mut joined_pending = false;
        let mut failures: u32 = 0;
        loop {
            if *shutdown.borrow() {
                break;
            }
            let first = token.is_none();
            // First start: take the rooms as they are, without answering old messages.
            let settings = match &token {
                Some(t) => self.sync_settings(Some(t.clone())),
                None => self.sync_settings(None).timeout(Duration::ZERO),
            };
            let result = tokio::select! {
                _ = stopped(&mut shutdown) => break,
                r = self.inner.client.sync_once(settings) => r,
            };
            match result {
                Ok(response) => {
                    failures = 0;
                    if first {
                        self.handle_invites(&response).await;
                        tracing::info!("Matrix bot ready (first sync: earlier messages are not answered)");
                    } else {
                        self.handle_batch(&response).await;
                    }
                    self.save_token(&response.next_batch).await;
                    token = Some(response.next_batch);
                    if !joined_pending {
                        joined_pending = true;
                        self.join_pending_invites().await;
                    }
                }
                Err(e) => {
                    let f = crate::errors::failure_of(&e);
                    if matches!(f.errcode.as_deref(), Some("M_UNKNOWN_TOKEN" | "M_MISSING_TOKEN")) {
                        return Err(anyhow!(
                            "the Matrix session was revoked; delete session.json to log in again"
                        ));
                    }
                    if !first && f.status == Some(400) {
                        tracing::warn!(error = %crate::errors::describe(&f), "stored Matrix sync token refused; syncing from now");
                        token = None;
                        continue;
                    }
                    failures = failures.saturating_add(1);
                    let wait = Duration::from_secs(1u64 << failures.min(6));
                    tracing::warn!(error = %crate::errors::describe(&f), retry_in = wait.as_secs(), "Matrix sync failed");
                    tokio::select! {
                        _ = stopped(&mut shutdown) => break,
                        _ = tokio::time::sleep(wait) => {}
                    }
                }
            }
        }
        tracing::info!("Matrix bot stopped");
        Ok(())
    }

    fn sync_settings(&self, token: Option<String>) -> SyncSettings {
        let mut timeline = RoomEventFilter::default();
        timeline.limit = Some(UInt::from(TIMELINE_LIMIT));
        let mut room = RoomFilter::default();
        room.timeline = timeline;
        let mut filter = FilterDefinition::default();
        filter.room = room;
        let settings = SyncSettings::default().filter(Filter::FilterDefinition(filter)).timeout(SYNC_TIMEOUT);
        match token {
            Some(t) => settings.token(t),
            None => settings,
        }
    }

    async fn load_token(&self) -> Result<Option<String>> {
        Ok(self.inner.bot.panier().read(async |c| transport_state::get(c, SYNC_TOKEN_KEY).await).await?)
    }

    async fn save_token(&self, token: &str) {
        let now = Utc::now();
        let saved = self
            .inner
            .bot
            .panier()
            .write(async |c| transport_state::set(c, SYNC_TOKEN_KEY, token, now).await)
            .await;
        if let Err(e) = saved {
            // The next sync still starts from it (kept in memory); a restart may repeat a batch.
            tracing::warn!(error = %e, "could not store the Matrix sync token");
        }
    }

    /// Handles one sync batch: invitations, then each joined room's new events in order.
    pub(crate) async fn handle_batch(&self, response: &SyncResponse) {
        self.handle_invites(response).await;
        for (room_id, update) in &response.rooms.joined {
            let Some(room) = self.inner.client.get_room(room_id) else { continue };
            // A room the bot just joined shows some history: what was said before it came
            // was not addressed to it.
            let start = update.timeline.events.iter().rposition(|e| self.is_own_join(e)).map_or(0, |i| i + 1);
            for event in &update.timeline.events[start..] {
                self.handle_event(&room, event).await;
            }
        }
        self.retry_undecrypted().await;
    }

    fn is_own_join(&self, event: &TimelineEvent) -> bool {
        let raw = event.raw();
        let kind: Option<String> = raw.get_field("type").ok().flatten();
        let state_key: Option<String> = raw.get_field("state_key").ok().flatten();
        let content: Option<Value> = raw.get_field("content").ok().flatten();
        let unsigned: Option<Value> = raw.get_field("unsigned").ok().flatten();
        let was_joined =
            unsigned.as_ref().and_then(|u| u.pointer("/prev_content/membership")).and_then(Value::as_str)
                == Some("join");
        kind.as_deref() == Some("m.room.member")
            && state_key.as_deref() == Some(self.inner.user_id.as_str())
            && content.as_ref().and_then(|c| c.get("membership")).and_then(Value::as_str) == Some("join")
            && event.sender().as_deref() == Some(self.user_id())
            && !was_joined
    }

    async fn handle_invites(&self, response: &SyncResponse) {
        for room_id in response.rooms.invited.keys() {
            if let Some(room) = self.inner.client.get_room(room_id) {
                self.on_invite(&room).await;
            }
        }
    }

    /// Invitations left from an earlier run (the join failed or the process stopped).
    async fn join_pending_invites(&self) {
        for room in self.inner.client.invited_rooms() {
            self.on_invite(&room).await;
        }
    }

    async fn on_invite(&self, room: &Room) {
        if room.state() != RoomState::Invited {
            return;
        }
        let inviter = match room.invite_details().await {
            Ok(invite) => invite.inviter_id,
            Err(e) => {
                tracing::warn!(error = %e, "could not read a Matrix invitation");
                return;
            }
        };
        if self.inner.autojoin == Autojoin::Members {
            let linked = self.inner.bot.panier().member_for_account(TRANSPORT, inviter.as_str()).await;
            if !matches!(linked, Ok(Some(_))) {
                tracing::info!("Matrix invitation from an account not linked to a member: declined");
                if let Err(e) = room.leave().await {
                    tracing::warn!(error = %crate::errors::failure_text(&e), "could not decline a Matrix invitation");
                }
                return;
            }
        }
        let mut delay = JOIN_FIRST_DELAY;
        for attempt in 1..=JOIN_ATTEMPTS {
            match room.join().await {
                Ok(()) => {
                    tracing::info!("joined a Matrix room on invitation");
                    return;
                }
                Err(e) if attempt < JOIN_ATTEMPTS => {
                    tracing::warn!(attempt, error = %crate::errors::failure_text(&e), "joining a Matrix room failed, retrying");
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                }
                Err(e) => {
                    tracing::warn!(error = %crate::errors::failure_text(&e), "could not join a Matrix room; retried at the next start");
                }
            }
        }
    }

    async fn handle_event(&self, room: &Room, event: &TimelineEvent) {
        if event.kind.is_utd() {
            if event.sender().as_deref() != Some(self.user_id()) {
                self.remember_undecrypted(room.room_id(), event.raw());
            }
            return;
        }
        let raw = event.raw();
        if let Some(action) = self.action_of(raw) {
            self.act(room, action).await;
        }
    }

    fn action_of(&self, raw: &Raw<AnySyncTimelineEvent>) -> Option<Action> {
        let event = raw.deserialize().ok()?;
        if event.sender() == self.user_id() {
            return None;
        }
        match event {
            AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::RoomMessage(
                SyncMessageLikeEvent::Original(m),
            )) => {
                let body = match &m.content.msgtype {
                    MessageType::Text(t) => t.body.clone(),
                    _ => return None,
                };
                let reply_to = match &m.content.relates_to {
                    Some(Relation::Replacement(_)) => return None,
                    Some(Relation::Reply(reply)) => Some(reply.in_reply_to.event_id.clone()),
                    _ => None,
                };
                let mentions_bot = m
                    .content
                    .mentions
                    .as_ref()
                    .is_some_and(|mentions| mentions.user_ids.contains(self.user_id()));
                Some(Action::Message {
                    event_id: m.event_id,
                    sender: m.sender,
                    body: render::strip_reply_fallback(&body).trim().to_owned(),
                    mentions_bot,
                    reply_to,
                })
            }
            AnySyncTimelineEvent::MessageLike(AnySyncMessageLikeEvent::Reaction(
                SyncMessageLikeEvent::Original(r),
            )) => Some(Action::Reaction {
                sender: r.sender,
                target: r.content.relates_to.event_id,
                key: r.content.relates_to.key,
            }),
            _ => None,
        }
    }

    async fn act(&self, room: &Room, action: Action) {
        let kind = self.chat_kind(room).await;
        match action {
            Action::Message { event_id, sender, body, mentions_bot, reply_to } => {
                if kind == ChatKind::Group {
                    let command = body.starts_with('!') || body.starts_with('/');
                    let to_bot = match &reply_to {
                        Some(target) if !command && !mentions_bot => {
                            self.sent_by_bot(room, target).await.is_some()
                        }
                        _ => false,
                    };
                    if !(command || mentions_bot || to_bot) {
                        return;
                    }
                }
                let text = if mentions_bot { self.without_mention(room, &body).await } else { body };
                if kind == ChatKind::Private {
                    self.remember_dm(&sender, room.room_id()).await;
                }
                let incoming = self.incoming(room, &sender, text, kind, false);
                self.answer(room, &incoming, &sender, kind, &event_id).await;
            }
            Action::Reaction { sender, target, key } => {
                let Some(n) = render::option_of_reaction(&key) else { return };
                let Some(choices) = self.sent_by_bot(room, &target).await else { return };
                let Some(choice) = choices.get(n - 1) else { return };
                if kind == ChatKind::Private {
                    self.remember_dm(&sender, room.room_id()).await;
                }
                let incoming = self.incoming(room, &sender, choice.data.clone(), kind, true);
                self.answer(room, &incoming, &sender, kind, &target).await;
            }
        }
    }

    fn incoming(
        &self,
        room: &Room,
        sender: &UserId,
        text: String,
        kind: ChatKind,
        is_button: bool,
    ) -> Incoming {
        Incoming {
            transport: Transport::Matrix,
            chat_id: room.room_id().to_string(),
            sender: sender.to_string(),
            text,
            lang_hint: None,
            chat_kind: kind,
            is_button,
        }
    }

    /// Runs the message through the bot and sends the replies: in the same room as a reply
    /// to the member's message, or in their direct message when personal and asked in a
    /// shared room.
    async fn answer(
        &self,
        room: &Room,
        incoming: &Incoming,
        sender: &UserId,
        kind: ChatKind,
        reply_to: &EventId,
    ) {
        let replies = self.inner.bot.handle(incoming, Utc::now()).await;
        if kind == ChatKind::Group {
            // An account linked from a shared room is pushed to in a direct message.
            let (user, room_id) = (sender.as_str(), room.room_id().as_str());
            let repointed = self
                .inner
                .bot
                .panier()
                .write(async |c| matrix_extra::repoint_chat(c, TRANSPORT, user, room_id, user).await)
                .await;
            if let Err(e) = repointed {
                tracing::warn!(error = %e, "could not update a Matrix account's push target");
            }
        }
        let mention =
            Mention { user_id: sender.to_string(), display_name: self.display_name(room, sender).await };
        for reply in replies {
            let result = if reply.audience == Audience::Private && kind == ChatKind::Group {
                match self.dm_for(sender).await {
                    Ok(dm) => {
                        let envelope =
                            Envelope { in_reply_to: None, mention: Some(mention.clone()), pill: false };
                        self.send(&dm, &reply, &envelope, None, None).await.map(|_| ())
                    }
                    Err(e) => Err(e),
                }
            } else {
                let envelope = Envelope {
                    in_reply_to: Some(reply_to.to_string()),
                    mention: Some(mention.clone()),
                    pill: kind == ChatKind::Group,
                };
                self.send(room, &reply, &envelope, None, None).await.map(|_| ())
            };
            if let Err(e) = result {
                tracing::warn!(error = %crate::errors::failure_text(&e), "could not send a Matrix reply");
            }
        }
    }

    /// Sends a reply; with choices, the bot reacts with each option's emoji so the member
    /// only has to tap one. `txn` makes a resend of the same message a no-op on the server.
    pub(crate) async fn send(
        &self,
        room: &Room,
        reply: &Reply,
        envelope: &Envelope,
        txn: Option<&str>,
        config: Option<RequestConfig>,
    ) -> Result<OwnedEventId, matrix_sdk::Error> {
        let content = render::message_content(reply, envelope);
        let choices = render::choices_in(&content);
        let mut request = room.send_raw("m.room.message", content);
        let txn_id = txn.map(OwnedTransactionId::from);
        if let Some(txn_id) = &txn_id {
            request = request.with_transaction_id(txn_id);
        }
        if let Some(config) = config {
            request = request.with_request_config(config);
        }
        let event_id = request.await?.response.event_id;
        if let Some(document) = &reply.document {
            // A data export, a signed contract, a sign-in sheet: an m.file (encrypted in an
            // encrypted room), after the text that explains it.
            let mime: mime::Mime = document.mime.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
            let mut config = matrix_sdk::attachment::AttachmentConfig::new();
            if let Some(txn) = txn {
                config = config.txn_id(OwnedTransactionId::from(format!("{txn}.file")));
            }
            room.send_attachment(document.file_name.clone(), &mime, document.bytes.clone(), config).await?;
        }
        let offered = choices.len().min(10);
        if let Ok(mut sent) = self.inner.sent.lock() {
            sent.insert(event_id.clone(), choices);
        }
        for n in 1..=offered {
            let Some(emoji) = render::option_emoji(n) else { break };
            let reaction = ReactionEventContent::new(Annotation::new(event_id.clone(), emoji.to_owned()));
            let mut request = room.send(reaction);
            if let Some(txn) = txn {
                request = request.with_transaction_id(OwnedTransactionId::from(format!("{txn}.r{n}")));
            }
            if let Err(e) = request.await {
                tracing::debug!(error = %crate::errors::failure_text(&e), "could not offer a reaction");
                break;
            }
        }
        Ok(event_id)
    }

    /// The choices of a message the bot sent (empty when it offered none); None when the
    /// event is not the bot's.
    async fn sent_by_bot(&self, room: &Room, event_id: &EventId) -> Option<Vec<Choice>> {
        if let Some(choices) = self.inner.sent.lock().ok().and_then(|s| s.choices.get(event_id).cloned()) {
            return Some(choices);
        }
        let event = room.event(event_id, None).await.ok()?;
        let raw = event.raw();
        let sender: OwnedUserId = raw.get_field("sender").ok().flatten()?;
        if sender != self.inner.user_id {
            return None;
        }
        let content: Value = raw.get_field("content").ok().flatten()?;
        let choices = render::choices_in(&content);
        if let Ok(mut sent) = self.inner.sent.lock() {
            sent.insert(event_id.to_owned(), choices.clone());
        }
        Some(choices)
    }

    /// 2 members (the bot and one person, joined or invited): a direct message.
    async fn chat_kind(&self, room: &Room) -> ChatKind {
        let mut count = room.active_members_count();
        if count == 0 {
            count = room.members(RoomMemberships::ACTIVE).await.map(|m| m.len() as u64).unwrap_or(0);
        }
        if count <= 2 { ChatKind::Private } else { ChatKind::Group }
    }

    async fn display_name(&self, room: &Room, user: &UserId) -> String {
        match room.get_member_no_sync(user).await {
            Ok(Some(member)) => member.display_name().unwrap_or(user.localpart()).to_owned(),
            _ => user.localpart().to_owned(),
        }
    }

    /// "Panier: !aide" -> "!aide" when the message starts with the bot's name.
    async fn without_mention(&self, room: &Room, body: &str) -> String {
        let mut names = vec![self.inner.user_id.to_string(), self.inner.user_id.localpart().to_owned()];
        if let Ok(Some(me)) = room.get_member_no_sync(&self.inner.user_id).await
            && let Some(name) = me.display_name()
        {
            names.push(name.to_owned());
        }
        for name in names {
            if let Some(rest) = body.strip_prefix(name.as_str()) {
                let rest = rest.trim_start_matches([':', ',']).trim();
                if !rest.is_empty() {
                    return rest.to_owned();
                }
            }
        }
        body.to_owned()
    }

    async fn remember_dm(&self, user: &UserId, room_id: &RoomId) {
        let key = format!("{DM_KEY_PREFIX}{user}");
        let panier = self.inner.bot.panier();
        let current = panier.read(async |c| transport_state::get(c, &key).await).await.ok().flatten();
        if current.as_deref() == Some(room_id.as_str()) {
            return;
        }
        if let Some(current) = current
            && let Ok(id) = <&RoomId>::try_from(current.as_str())
            && let Some(room) = self.inner.client.get_room(id)
            && self.is_dm_with(&room, user).await
        {
            return;
        }
        let (room_id, now) = (room_id.as_str(), Utc::now());
        if let Err(e) = panier.write(async |c| transport_state::set(c, &key, room_id, now).await).await {
            tracing::warn!(error = %e, "could not remember a Matrix direct message");
        }
    }

    async fn is_dm_with(&self, room: &Room, user: &UserId) -> bool {
        if room.state() != RoomState::Joined {
            return false;
        }
        let member = match room.get_member_no_sync(user).await {
            Ok(Some(m)) => Some(m),
            _ => room.get_member(user).await.ok().flatten(),
        };
        let active = member.is_some_and(|m| {
            matches!(
                m.membership(),
                matrix_sdk::ruma::events::room::member::MembershipState::Join
                    | matrix_sdk::ruma::events::room::member::MembershipState::Invite
            )
        });
        active && self.chat_kind(room).await == ChatKind::Private
    }

    /// The direct message with `user`: the remembered one while it is still theirs, else a
    /// new encrypted one (remembered in `transport_state`).
    pub(crate) async fn dm_for(&self, user: &UserId) -> Result<Room, matrix_sdk::Error> {
        let _guard = self.inner.dm_lock.lock().await;
        let key = format!("{DM_KEY_PREFIX}{user}");
        let panier = self.inner.bot.panier();
        let known = panier.read(async |c| transport_state::get(c, &key).await).await.ok().flatten();
        if let Some(id) = known
            && let Ok(room_id) = <&RoomId>::try_from(id.as_str())
            && let Some(room) = self.inner.client.get_room(room_id)
            && self.is_dm_with(&room, user).await
        {
            return Ok(room);
        }
        let room = self.inner.client.create_dm(user).await?;
        let (room_id, now) = (room.room_id().to_string(), Utc::now());
        if let Err(e) = panier.write(async |c| transport_state::set(c, &key, &room_id, now).await).await {
            tracing::warn!(error = %e, "could not remember a Matrix direct message");
        }
        tracing::info!("created a Matrix direct message");
        Ok(room)
    }

    fn remember_undecrypted(&self, room_id: &RoomId, raw: &Raw<AnySyncTimelineEvent>) {
        if let Ok(mut list) = self.inner.undecrypted.lock() {
            list.push(Undecrypted {
                room_id: room_id.to_owned(),
                event: raw.clone().cast_unchecked(),
                since: Instant::now(),
            });
        }
    }

    /// Messages whose room key arrived after them: decrypted and handled now.
    async fn retry_undecrypted(&self) {
        let pending = match self.inner.undecrypted.lock() {
            Ok(mut list) => std::mem::take(&mut *list),
            Err(_) => return,
        };
        let mut keep = Vec::new();
        for item in pending {
            let Some(room) = self.inner.client.get_room(&item.room_id) else { continue };
            match room.decrypt_event(&item.event, None).await {
                Ok(event) if !event.kind.is_utd() => {
                    if let Some(action) = self.action_of(event.raw()) {
                        self.act(&room, action).await;
                    }
                }
                _ if item.since.elapsed() < UTD_RETRY => keep.push(item),
                _ => tracing::warn!("a Matrix message could not be decrypted and was dropped"),
            }
        }
        if let Ok(mut list) = self.inner.undecrypted.lock() {
            list.extend(keep);
        }
    }
}

/// Resolves when shutdown is asked (true) or its sender is gone.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        if shutdown.changed().await.is_err() {
            return;
        }
    }
}
