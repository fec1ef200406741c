//! A real Synapse (tests/synapse/start.sh), throw-away accounts, a seeded demo database, the
//! bot under test and a second matrix-sdk client (with encryption) playing the member.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use matrix_sdk::config::SyncSettings;
use matrix_sdk::encryption::EncryptionSettings;
use matrix_sdk::media::{MediaFormat, MediaRequestParameters};
use matrix_sdk::room::Room;
use matrix_sdk::ruma::api::client::account::register;
use matrix_sdk::ruma::api::client::uiaa::{AuthData, Dummy};
use matrix_sdk::ruma::events::reaction::ReactionEventContent;
use matrix_sdk::ruma::events::relation::Annotation;
use matrix_sdk::ruma::events::room::MediaSource;
use matrix_sdk::ruma::events::room::member::{MembershipState, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation, RoomMessageEventContent,
};
use matrix_sdk::ruma::{OwnedEventId, OwnedUserId, UserId};
use matrix_sdk::{Client, EncryptionState};
use panier_conversation::Bot;
use panier_core::demo::DemoInfo;
use panier_core::store::{Store, accounts};
use panier_core::types::MemberId;
use panier_core::usecases::Panier;
use panier_matrix::{MatrixBot, MatrixConfig};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Bounded waits: long enough for a loaded 2-core machine, short enough to fail fast.
pub const WAIT: Duration = Duration::from_secs(45);

/// The test homeserver, or None (the test is skipped with a note) when it is not set.
pub fn synapse() -> Option<String> {
    match std::env::var("PANIER_TEST_SYNAPSE_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().trim_end_matches('/').to_owned()),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("PANIER_TEST_SYNAPSE_URL must be set in CI (source tests/synapse/ci.sh in .ci/run)")
        }
        _ => {
            // Written to the real stderr (not captured): once per run, visible in the output.
            static NOTE: std::sync::Once = std::sync::Once::new();
            NOTE.call_once(|| {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "note: PANIER_TEST_SYNAPSE_URL is not set; the Matrix tests against Synapse are skipped \
                     (start one with `source tests/synapse/ci.sh`, see tests/synapse/README.md)"
                );
            });
            None
        }
    }
}

macro_rules! require_synapse {
    () => {
        match crate::support::synapse() {
            Some(url) => url,
            None => return,
        }
    };
}
pub(crate) use require_synapse;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A name no earlier run used: lowercase, digits.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000_000)
        .unwrap_or(0);
    format!("{prefix}{}x{nanos}x{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

pub fn temp_dir(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(&format!("panier-matrix-{prefix}-")));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Registers `localpart` (open registration on the test server, dummy auth).
pub async fn register(hs: &str, localpart: &str, password: &str) -> OwnedUserId {
    let client = Client::builder().homeserver_url(hs).build().await.expect("client");
    let mut request = register::v3::Request::new();
    request.username = Some(localpart.to_owned());
    request.password = Some(password.to_owned());
    request.inhibit_login = true;
    let response = match client.matrix_auth().register(request.clone()).await {
        Ok(r) => r,
        Err(e) => {
            let session = e
                .as_uiaa_response()
                .unwrap_or_else(|| panic!("registration of {localpart} refused: {e}"))
                .session
                .clone();
            let mut dummy = Dummy::new();
            dummy.session = session;
            request.auth = Some(AuthData::Dummy(dummy));
            client
                .matrix_auth()
                .register(request)
                .await
                .unwrap_or_else(|e| panic!("register {localpart}: {e}"))
        }
    };
    response.user_id
}

/// The demo AMAP around today, the bot over it.
pub struct World {
    pub store: Store,
    pub bot: Bot,
    pub demo: DemoInfo,
    pub dir: PathBuf,
}

pub async fn world() -> World {
    let dir = temp_dir("world");
    let store = Store::open(&dir.join("panier.db").to_string_lossy()).await.expect("open store");
    let now = Utc::now();
    let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
    let demo = panier_core::demo::seed(&store, today, now).await.expect("seed demo");
    let bot = Bot::new(Panier::new(store.clone()));
    World { store, bot, demo, dir }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl World {
    pub fn panier(&self) -> &Panier {
        self.bot.panier()
    }

    /// Links a Matrix account to the demo member as `panier link --matrix` does.
    pub async fn link_from_cli(&self, member: MemberId, user: &UserId) {
        let mut conn = self.store.conn().await.expect("conn");
        accounts::link_account(&mut conn, member, "matrix", user.as_str(), user.as_str(), Utc::now())
            .await
            .expect("link");
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The bot account and its configuration (password login the first time).
pub struct BotAccount {
    pub cfg: MatrixConfig,
    pub user_id: OwnedUserId,
}

pub async fn bot_account(hs: &str, world: &World) -> BotAccount {
    let localpart = unique("panier");
    let password = format!("{localpart}-pw");
    let user_id = register(hs, &localpart, &password).await;
    let cfg = MatrixConfig::new(hs, user_id.as_str(), world.dir.join("matrix")).with_password(password);
    BotAccount { cfg, user_id }
}

/// The bot under test, syncing in the background.
pub struct Running {
    pub bot: MatrixBot,
    stop: watch::Sender<bool>,
    task: JoinHandle<anyhow::Result<()>>,
}

pub async fn start(world: &World, cfg: &MatrixConfig) -> Running {
    let bot = MatrixBot::connect(world.bot.clone(), cfg).await.expect("bot connects");
    let (stop, rx) = watch::channel(false);
    let runner = bot.clone();
    let task = tokio::spawn(async move { runner.run(rx).await });
    Running { bot, stop, task }
}

impl Running {
    /// Asks the bot to stop and waits for it (bounded).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        match tokio::time::timeout(WAIT, self.task).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => panic!("bot stopped with an error: {e}"),
            Ok(Err(e)) => panic!("bot task failed: {e}"),
            Err(_) => panic!("bot did not stop within {WAIT:?}"),
        }
    }
}

/// A message the member's client received (decrypted when it was encrypted).
#[derive(Debug, Clone)]
pub struct Received {
    pub room_id: String,
    pub event_id: OwnedEventId,
    pub sender: OwnedUserId,
    pub body: String,
    pub html: Option<String>,
    pub reply_to: Option<OwnedEventId>,
    pub encrypted: bool,
    pub mentions: Vec<OwnedUserId>,
    /// For an m.file: its name and where to download it (encrypted in an encrypted room).
    pub file: Option<(String, MediaSource)>,
}

/// The member's own client: encryption on, joins what it is invited to, keeps every
/// message it receives.
pub struct Member {
    pub client: Client,
    pub user_id: OwnedUserId,
    inbox: Arc<Mutex<Vec<Received>>>,
    sync: JoinHandle<()>,
    dir: PathBuf,
}

impl Drop for Member {
    fn drop(&mut self) {
        self.sync.abort();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Member {
    pub async fn new(hs: &str, name: &str) -> Member {
        let localpart = unique(name);
        let password = format!("{localpart}-pw");
        register(hs, &localpart, &password).await;
        let dir = temp_dir(name);
        let client = Client::builder()
            .homeserver_url(hs)
            .sqlite_store(dir.join("store"), None)
            .with_encryption_settings(EncryptionSettings::default())
            .build()
            .await
            .expect("member client");
        client.matrix_auth().login_username(&localpart, &password).send().await.expect("member login");
        let user_id = client.user_id().expect("user id").to_owned();
        let inbox: Arc<Mutex<Vec<Received>>> = Arc::default();
        let keep = inbox.clone();
        client.add_event_handler(
            move |ev: OriginalSyncRoomMessageEvent,
                  room: Room,
                  info: Option<matrix_sdk::deserialized_responses::EncryptionInfo>| {
                let keep = keep.clone();
                async move {
                    let (body, html, file) = match &ev.content.msgtype {
                        MessageType::Text(t) => {
                            (t.body.clone(), t.formatted.as_ref().map(|f| f.body.clone()), None)
                        }
                        MessageType::Notice(t) => {
                            (t.body.clone(), t.formatted.as_ref().map(|f| f.body.clone()), None)
                        }
                        MessageType::File(f) => {
                            let name = f.filename.clone().unwrap_or_else(|| f.body.clone());
                            (f.body.clone(), None, Some((name, f.source.clone())))
                        }
                        _ => return,
                    };
                    let reply_to = match &ev.content.relates_to {
                        Some(Relation::Reply(reply)) => Some(reply.in_reply_to.event_id.clone()),
                        _ => None,
                    };
                    let mentions = ev
                        .content
                        .mentions
                        .as_ref()
                        .map(|m| m.user_ids.iter().cloned().collect())
                        .unwrap_or_default();
                    if let Ok(mut inbox) = keep.lock() {
                        inbox.push(Received {
                            room_id: room.room_id().to_string(),
                            event_id: ev.event_id.clone(),
                            sender: ev.sender.clone(),
                            body,
                            html,
                            reply_to,
                            encrypted: info.is_some(),
                            mentions,
                            file,
                        });
                    }
                }
            },
        );
        client.add_event_handler(|ev: StrippedRoomMemberEvent, room: Room, client: Client| async move {
            if Some(ev.state_key.as_ref()) != client.user_id() {
                return;
            }
            tokio::spawn(async move {
                for _ in 0..5 {
                    if room.join().await.is_ok() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
            });
        });
        // Upload the device keys before anyone encrypts for us.
        client.sync_once(SyncSettings::default().timeout(Duration::ZERO)).await.expect("first member sync");
        let syncing = client.clone();
        let sync = tokio::spawn(async move {
            let _ = syncing.sync(SyncSettings::default().timeout(Duration::from_secs(5))).await;
        });
        Member { client, user_id, inbox, sync, dir }
    }

    /// An encrypted direct message with `user` (who joins it on invitation).
    pub async fn open_dm(&self, user: &UserId) -> Room {
        let room = self.client.create_dm(user).await.expect("create DM");
        self.wait_joined(&room, user).await;
        room
    }

    /// Waits until `user` has joined `room`.
    pub async fn wait_joined(&self, room: &Room, user: &UserId) {
        self.wait_membership(room, user, MembershipState::Join).await;
    }

    /// Waits until `user`'s membership in `room` is `state`.
    pub async fn wait_membership(&self, room: &Room, user: &UserId, state: MembershipState) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Ok(Some(m)) = room.get_member(user).await
                && *m.membership() == state
            {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "{user} not {state:?} within {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(200)).await;
            let _ = room.sync_members().await;
        }
    }

    pub async fn say(&self, room: &Room, text: &str) -> OwnedEventId {
        room.send(RoomMessageEventContent::text_plain(text)).await.expect("member sends").response.event_id
    }

    pub async fn react(&self, room: &Room, event: &OwnedEventId, key: &str) {
        room.send(ReactionEventContent::new(Annotation::new(event.clone(), key.to_owned())))
            .await
            .expect("member reacts");
    }

    pub fn received(&self) -> Vec<Received> {
        self.inbox.lock().map(|i| i.clone()).unwrap_or_default()
    }

    /// Messages from `sender` so far.
    pub fn from(&self, sender: &UserId) -> Vec<Received> {
        self.received().into_iter().filter(|r| r.sender == sender).collect()
    }

    /// Waits (bounded) for a message matching `pred` and returns it.
    pub async fn wait_for(&self, what: &str, pred: impl Fn(&Received) -> bool) -> Received {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(found) = self.received().into_iter().find(|r| pred(r)) {
                return found;
            }
            if tokio::time::Instant::now() >= deadline {
                let seen: Vec<String> =
                    self.received().iter().map(|r| format!("{}: {}", r.sender, r.body)).collect();
                panic!("no message {what} within {WAIT:?}; received:\n{}", seen.join("\n---\n"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the bot's reply to `event`.
    pub async fn reply_to(&self, bot: &UserId, event: &OwnedEventId) -> Received {
        let what = format!("from the bot replying to {event}");
        self.wait_for(&what, |r| r.sender == bot && r.reply_to.as_ref() == Some(event)).await
    }

    /// Downloads (and decrypts) the file of an m.file message.
    pub async fn download(&self, source: &MediaSource) -> Vec<u8> {
        let request = MediaRequestParameters { source: source.clone(), format: MediaFormat::File };
        self.client.media().get_media_content(&request, false).await.expect("download the file")
    }

    pub async fn is_encrypted(&self, room: &Room) -> bool {
        matches!(room.latest_encryption_state().await, Ok(EncryptionState::Encrypted))
    }
}
