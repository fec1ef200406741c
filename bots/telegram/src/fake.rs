//! A fake Telegram Bot API server (feature `fake-api`), for end-to-end tests through real
//! teloxide HTTP and as the load target of benchmarks.
//!
//! It listens on 127.0.0.1 (random port) and speaks the Bot API's JSON shapes
//! (`{"ok":true,"result":…}`, `{"ok":false,"error_code":…,"description":…,"parameters":…}`):
//! - `getUpdates` serves a script of updates, honouring `offset` (updates below it are
//!   confirmed and dropped), `limit` and `timeout` (capped by [`FakeBotApi::set_poll_cap`] so
//!   tests never wait long);
//! - `sendMessage`, `editMessageText`, `editMessageReplyMarkup`, `answerCallbackQuery`,
//!   `sendDocument`, `setMyCommands` (and `getMe`, `getMyCommands`, `deleteMyCommands`,
//!   `setWebhook`, `deleteWebhook`, `getWebhookInfo`) are recorded in order with their
//!   payloads; sent messages get ids and are kept, so a test can press their buttons;
//! - faults can be injected per method: 429 with `retry_after`, 5xx, a delay, 403, 400; a
//!   chat can be "blocked" (403 "Forbidden: bot was blocked by the user");
//! - a limits mode enforces 30 messages/s overall and 1 message/s per chat, answering 429
//!   above them and counting those answers;
//! - once a webhook is set, queued updates are posted to it like Telegram does (with the
//!   secret header), and getUpdates answers 409.
//!
//! Note: teloxide waits 10 seconds after any 5xx answer before reading it; inject 5xx
//! sparingly.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Map, Value, json};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// The fake bot's user id and username (what getMe answers).
pub const BOT_ID: i64 = 7_000_000_001;
pub const BOT_USERNAME: &str = "panier_test_bot";
/// The token the fake accepts unless told otherwise.
pub const TOKEN: &str = "123456:fake-token";

/// A failure to answer one call with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 429 "Too Many Requests: retry after N" with `parameters.retry_after`.
    TooManyRequests { retry_after: u32 },
    /// A 5xx with a JSON body (teloxide sleeps 10 s after any 5xx).
    ServerError { status: u16 },
    /// Answer normally, but only after this delay.
    Delay(Duration),
    /// 403 with this description.
    Forbidden(String),
    /// 400 with this description.
    BadRequest(String),
}

/// One call the fake received.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Order of arrival, from 0.
    pub seq: usize,
    /// The method, spelled as in the Bot API documentation (`sendMessage`).
    pub method: String,
    /// Parameters: the JSON body, or multipart fields (files as `{"file_name", "size"}`).
    pub payload: Value,
    /// The HTTP status answered.
    pub status: u16,
    /// The `result` answered (null on errors).
    pub result: Value,
    /// When it arrived, since the server started.
    pub at: Duration,
}

impl Call {
    pub fn ok(&self) -> bool {
        self.status == 200
    }

    /// The `chat_id` parameter as a number.
    pub fn chat_id(&self) -> Option<i64> {
        as_i64(self.payload.get("chat_id")?)
    }

    /// The buttons of the `reply_markup` parameter: (label, callback data), row after row.
    pub fn buttons(&self) -> Vec<(String, String)> {
        buttons_of(self.payload.get("reply_markup"))
    }

    /// The `text` (or `caption`) parameter.
    pub fn text(&self) -> String {
        self.payload
            .get("text")
            .or_else(|| self.payload.get("caption"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    }

    /// The id of the message the call created or edited.
    pub fn message_id(&self) -> Option<i32> {
        self.result.get("message_id").and_then(Value::as_i64).and_then(|n| i32::try_from(n).ok())
    }
}

/// A person writing to the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeUser {
    pub id: i64,
    pub first_name: String,
    pub language_code: Option<String>,
}

impl FakeUser {
    pub fn new(id: i64, first_name: &str) -> FakeUser {
        FakeUser { id, first_name: first_name.to_owned(), language_code: Some("fr".into()) }
    }

    pub fn lang(mut self, code: Option<&str>) -> FakeUser {
        self.language_code = code.map(str::to_owned);
        self
    }

    fn json(&self) -> Value {
        let mut user = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        user
    }
}

#[derive(Debug, Default)]
struct Windows {
    overall: VecDeque<Duration>,
    per_chat: HashMap<i64, VecDeque<Duration>>,
}

#[derive(Debug)]
struct Webhook {
    url: String,
    secret: Option<String>,
}

#[derive(Debug)]
struct FakeState {
    token: String,
    next_update_id: u32,
    queue: VecDeque<Value>,
    highest_offset: i64,
    next_message_id: i32,
    messages: HashMap<(i64, i32), Value>,
    calls: Vec<Call>,
    faults: HashMap<String, VecDeque<Fault>>,
    blocked: HashMap<i64, String>,
    limits: Option<Windows>,
    rate_limited: u64,
    webhook: Option<Webhook>,
    webhook_posts: u64,
    commands: HashMap<(String, String), Value>,
    poll_cap: Duration,
}

struct Inner {
    state: Mutex<FakeState>,
    changed: Notify,
    started: Instant,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The running fake server. Dropping it stops it.
pub struct FakeBotApi {
    inner: Arc<Inner>,
    addr: SocketAddr,
    server: JoinHandle<()>,
    webhook_pusher: JoinHandle<()>,
}

impl std::fmt::Debug for FakeBotApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeBotApi").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        self.server.abort();
        self.webhook_pusher.abort();
    }
}

impl FakeBotApi {
    /// Starts a server on 127.0.0.1 with a random port, accepting [`TOKEN`].
    pub async fn start() -> std::io::Result<FakeBotApi> {
        FakeBotApi::start_with_token(TOKEN).await
    }

    pub async fn start_with_token(token: &str) -> std::io::Result<FakeBotApi> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(Inner {
            state: Mutex::new(FakeState {
                token: token.to_owned(),
                next_update_id: 100_000,
                queue: VecDeque::new(),
                highest_offset: 0,
                next_message_id: 1,
                messages: HashMap::new(),
                calls: Vec::new(),
                faults: HashMap::new(),
                blocked: HashMap::new(),
                limits: None,
                rate_limited: 0,
                webhook: None,
                webhook_posts: 0,
                commands: HashMap::new(),
                poll_cap: Duration::from_millis(200),
            }),
            changed: Notify::new(),
            started: Instant::now(),
        });
        let app = Router::new().route("/{bot}/{method}", any(api)).with_state(inner.clone());
        let server = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::warn!(error = %e, "fake Bot API server stopped");
            }
        });
        let webhook_pusher = tokio::spawn(push_webhooks(inner.clone()));
        Ok(FakeBotApi { inner, addr, server, webhook_pusher })
    }

    /// The base URL to give teloxide (`telegram.api_url`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The longest a getUpdates call waits when there is nothing new (default 200 ms),
    /// whatever `timeout` the client asked for.
    pub fn set_poll_cap(&self, cap: Duration) {
        self.inner.lock().poll_cap = cap;
    }

    // --- the script -------------------------------------------------------------------

    /// Queues a raw update; an `update_id` is given when it has none. Returns the id.
    pub fn push_update(&self, mut update: Value) -> u32 {
        let id = {
            let mut s = self.inner.lock();
            let id = match update.get("update_id").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok())
            {
                Some(id) => id,
                None => {
                    let id = s.next_update_id;
                    update["update_id"] = json!(id);
                    id
                }
            };
            s.next_update_id = s.next_update_id.max(id + 1);
            s.queue.push_back(update);
            id
        };
        self.inner.changed.notify_waiters();
        id
    }

    fn new_message_id(&self) -> i32 {
        let mut s = self.inner.lock();
        let id = s.next_message_id;
        s.next_message_id += 1;
        id
    }

    /// `user` writes `text` to the bot in their private chat.
    pub fn send_text(&self, user: &FakeUser, text: &str) -> u32 {
        let chat = json!({"id": user.id, "type": "private", "first_name": user.first_name});
        self.push_message(user, chat, text, None)
    }

    /// `user` writes `text` in the group `group_id` (a negative id).
    pub fn send_group_text(&self, group_id: i64, user: &FakeUser, text: &str) -> u32 {
        self.push_message(user, group_chat(group_id), text, None)
    }

    /// `user` answers, in a group, a message the bot sent there.
    pub fn reply_in_group(&self, group_id: i64, user: &FakeUser, to_message: i32, text: &str) -> u32 {
        let original = self.message(group_id, to_message);
        self.push_message(user, group_chat(group_id), text, original)
    }

    fn push_message(&self, user: &FakeUser, chat: Value, text: &str, reply_to: Option<Value>) -> u32 {
        let message_id = self.new_message_id();
        let mut message = json!({
            "message_id": message_id,
            "date": unix_now(),
            "chat": chat,
            "from": user.json(),
            "text": text,
        });
        if text.starts_with('/') {
            let len = text.split_whitespace().next().map(|c| c.encode_utf16().count()).unwrap_or(0);
            message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
        }
        if let Some(original) = reply_to {
            message["reply_to_message"] = original;
        }
        self.push_update(json!({"message": message}))
    }

    /// `user` presses the button with `data` under the bot's message (as it is now: a
    /// keyboard already removed stays removed in the callback).
    pub fn press(&self, user: &FakeUser, chat_id: i64, message_id: i32, data: &str) -> u32 {
        let mut query = json!({
            "id": format!("cbq-{}-{}", user.id, self.inner.lock().next_update_id),
            "from": user.json(),
            "chat_instance": format!("ci{chat_id}"),
            "data": data,
        });
        if let Some(message) = self.message(chat_id, message_id) {
            query["message"] = message;
        }
        self.push_update(json!({"callback_query": query}))
    }

    // --- faults -----------------------------------------------------------------------

    /// The next call of `method` (e.g. "sendMessage", or "*" for any) fails with `fault`.
    /// Several faults for one method apply to successive calls.
    pub fn fail_next(&self, method: &str, fault: Fault) {
        self.inner.lock().faults.entry(method.to_ascii_lowercase()).or_default().push_back(fault);
    }

    /// Sends to `chat_id` answer 403 "Forbidden: bot was blocked by the user".
    pub fn block_chat(&self, chat_id: i64) {
        self.inner.lock().blocked.insert(chat_id, "Forbidden: bot was blocked by the user".into());
    }

    /// Sends to `chat_id` answer 403 with this description ("Forbidden: user is deactivated").
    pub fn forbid_chat(&self, chat_id: i64, description: &str) {
        self.inner.lock().blocked.insert(chat_id, description.to_owned());
    }

    /// Enforces 30 messages/s overall and 1 message/s per chat (429 above), or stops.
    pub fn enforce_limits(&self, on: bool) {
        self.inner.lock().limits = on.then(Windows::default);
    }

    /// How many 429 the limits mode answered.
    pub fn rate_limited(&self) -> u64 {
        self.inner.lock().rate_limited
    }

    // --- what happened -----------------------------------------------------------------

    /// Every call so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().calls.clone()
    }

    /// The calls of one method (case-insensitive), in order.
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        self.inner.lock().calls.iter().filter(|c| c.method.eq_ignore_ascii_case(method)).cloned().collect()
    }

    /// Successful sendMessage / sendDocument calls to `chat_id`, in order.
    pub fn sent_to(&self, chat_id: i64) -> Vec<Call> {
        self.inner
            .lock()
            .calls
            .iter()
            .filter(|c| c.ok() && c.chat_id() == Some(chat_id))
            .filter(|c| {
                c.method.eq_ignore_ascii_case("sendMessage") || c.method.eq_ignore_ascii_case("sendDocument")
            })
            .cloned()
            .collect()
    }

    /// Successful sendMessage / sendDocument calls to any chat.
    pub fn sent(&self) -> Vec<Call> {
        self.inner
            .lock()
            .calls
            .iter()
            .filter(|c| c.ok())
            .filter(|c| {
                c.method.eq_ignore_ascii_case("sendMessage") || c.method.eq_ignore_ascii_case("sendDocument")
            })
            .cloned()
            .collect()
    }

    /// A message the bot sent (or a user wrote), as it is now.
    pub fn message(&self, chat_id: i64, message_id: i32) -> Option<Value> {
        self.inner.lock().messages.get(&(chat_id, message_id)).cloned()
    }

    /// The buttons a message shows now.
    pub fn buttons_of(&self, chat_id: i64, message_id: i32) -> Vec<(String, String)> {
        buttons_of(self.message(chat_id, message_id).as_ref().and_then(|m| m.get("reply_markup")))
    }

    /// Updates not yet confirmed by an offset.
    pub fn pending_updates(&self) -> usize {
        self.inner.lock().queue.len()
    }

    /// The highest offset a getUpdates call gave.
    pub fn highest_offset(&self) -> i64 {
        self.inner.lock().highest_offset
    }

    /// The menu registered for a scope type ("all_private_chats") and language ("" for none).
    pub fn commands(&self, scope: &str, language: &str) -> Option<Value> {
        self.inner.lock().commands.get(&(scope.to_owned(), language.to_owned())).cloned()
    }

    /// The webhook URL set, if any.
    pub fn webhook_url(&self) -> Option<String> {
        self.inner.lock().webhook.as_ref().map(|w| w.url.clone())
    }

    /// Updates posted to the webhook and acknowledged.
    pub fn webhook_posts(&self) -> u64 {
        self.inner.lock().webhook_posts
    }

    /// Waits (polling every 10 ms) until `cond` holds or `timeout` passes; true if it held.
    pub async fn wait_until(&self, timeout: Duration, cond: impl Fn(&FakeBotApi) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if cond(self) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

fn group_chat(group_id: i64) -> Value {
    let kind = if group_id < -1_000_000_000_000 { "supergroup" } else { "group" };
    json!({"id": group_id, "type": kind, "title": "AMAP des Capucins"})
}

fn chat_json(chat_id: i64) -> Value {
    if chat_id < 0 {
        group_chat(chat_id)
    } else {
        json!({"id": chat_id, "type": "private", "first_name": "Amapien"})
    }
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Panier", "username": BOT_USERNAME})
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0)
}

fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn buttons_of(markup: Option<&Value>) -> Vec<(String, String)> {
    let Some(rows) = markup.and_then(|m| m.get("inline_keyboard")).and_then(Value::as_array) else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(Value::as_array)
        .flatten()
        .map(|b| {
            let label = b.get("text").and_then(Value::as_str).unwrap_or_default().to_owned();
            let data = b.get("callback_data").and_then(Value::as_str).unwrap_or_default().to_owned();
            (label, data)
        })
        .collect()
}

fn has_keyboard(markup: Option<&Value>) -> bool {
    !buttons_of(markup).is_empty()
}

/// Text as a Telegram client shows it: tags dropped, entities decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

// --- the HTTP side ----------------------------------------------------------------------

fn ok(result: Value) -> (StatusCode, Value) {
    (StatusCode::OK, json!({"ok": true, "result": result}))
}

fn error(status: u16, description: &str) -> (StatusCode, Value) {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (code, json!({"ok": false, "error_code": status, "description": description}))
}

fn too_many(retry_after: u32) -> (StatusCode, Value) {
    (
        StatusCode::TOO_MANY_REQUESTS,
        json!({
            "ok": false,
            "error_code": 429,
            "description": format!("Too Many Requests: retry after {retry_after}"),
            "parameters": {"retry_after": retry_after},
        }),
    )
}

fn server_error_text(status: u16) -> &'static str {
    match status {
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Internal Server Error",
    }
}

async fn params(request: Request) -> Value {
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let query = request.uri().query().map(str::to_owned);
    let mut out = Map::new();
    if let Some(q) = query {
        read_form(q.as_bytes(), &mut out);
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        // What aiohttp (aiogram) posts when a call carries no file.
        if let Ok(body) = Bytes::from_request(request, &()).await {
            read_form(&body, &mut out);
        }
    } else if content_type.starts_with("multipart/form-data") {
        if let Ok(mut multipart) = Multipart::from_request(request, &()).await {
            while let Ok(Some(field)) = multipart.next_field().await {
                let name = field.name().unwrap_or_default().to_owned();
                let file_name = field.file_name().map(str::to_owned);
                let bytes = field.bytes().await.unwrap_or_default();
                let value = match file_name {
                    Some(file_name) => json!({"file_name": file_name, "size": bytes.len()}),
                    None => field_value(String::from_utf8_lossy(&bytes).into_owned()),
                };
                out.insert(name, value);
            }
        }
        // Files sent as `"document": "attach://<part>"` point at another part: inline it.
        let attached: Vec<(String, String)> = out
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.strip_prefix("attach://")?.to_owned())))
            .collect();
        for (field, part) in attached {
            if let Some(file) = out.remove(&part) {
                out.insert(field, file);
            }
        }
    } else if let Ok(body) = Bytes::from_request(request, &()).await
        && let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(&body)
    {
        out.extend(map);
    }
    Value::Object(out)
}

/// A form field as the Bot API reads it: objects and arrays (`reply_markup`) are JSON text.
fn field_value(text: String) -> Value {
    match serde_json::from_str::<Value>(&text) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => v,
        _ => Value::String(text),
    }
}

/// Reads `a=1&b=x%20y+z` (a query string or an `application/x-www-form-urlencoded` body).
fn read_form(raw: &[u8], out: &mut Map<String, Value>) {
    for pair in raw.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        out.insert(percent_decode(k), field_value(percent_decode(v)));
    }
}

/// `+` is a space, `%XX` a byte; the bytes are UTF-8 (invalid sequences replaced).
fn percent_decode(raw: &[u8]) -> String {
    let hex = |b: u8| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => bytes.push(b' '),
            b'%' => match (raw.get(i + 1).copied().and_then(hex), raw.get(i + 2).copied().and_then(hex)) {
                (Some(hi), Some(lo)) => {
                    bytes.push(hi * 16 + lo);
                    i += 2;
                }
                _ => bytes.push(b'%'),
            },
            b => bytes.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `SendMessage` (teloxide's spelling) or `sendmessage` (the API is case-insensitive) as
/// the documentation spells it: `sendMessage`.
fn canonical(method: &str) -> String {
    const KNOWN: [&str; 14] = [
        "getUpdates",
        "getMe",
        "sendMessage",
        "sendDocument",
        "editMessageText",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
        "setMyCommands",
        "getMyCommands",
        "deleteMyCommands",
        "setWebhook",
        "deleteWebhook",
        "getWebhookInfo",
        "sendChatAction",
    ];
    KNOWN
        .iter()
        .find(|k| k.eq_ignore_ascii_case(method))
        .map(|k| (*k).to_owned())
        .unwrap_or_else(|| method.to_owned())
}

async fn api(
    State(inner): State<Arc<Inner>>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    let method = canonical(&method);
    let payload = params(request).await;
    let at = inner.started.elapsed();
    let token_ok = bot.strip_prefix("bot").is_some_and(|t| t == inner.lock().token);
    let (status, body) =
        if token_ok { answer(&inner, &method, &payload).await } else { error(401, "Unauthorized") };
    let result = if status == StatusCode::OK {
        body.get("result").cloned().unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    {
        let mut s = inner.lock();
        let seq = s.calls.len();
        s.calls.push(Call { seq, method: method.clone(), payload, status: status.as_u16(), result, at });
    }
    inner.changed.notify_waiters();
    (status, axum::Json(body)).into_response()
}

const SEND_METHODS: [&str; 6] =
    ["sendmessage", "senddocument", "sendphoto", "copymessage", "forwardmessage", "sendmediagroup"];

async fn answer(inner: &Arc<Inner>, method: &str, p: &Value) -> (StatusCode, Value) {
    let m = method.to_ascii_lowercase();
    let fault = {
        let mut s = inner.lock();
        let own = s.faults.get_mut(&m).and_then(VecDeque::pop_front);
        own.or_else(|| s.faults.get_mut("*").and_then(VecDeque::pop_front))
    };
    match fault {
        Some(Fault::TooManyRequests { retry_after }) => return too_many(retry_after),
        Some(Fault::ServerError { status }) => return error(status, server_error_text(status)),
        Some(Fault::Forbidden(d)) => return error(403, &d),
        Some(Fault::BadRequest(d)) => return error(400, &d),
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    let chat = p.get("chat_id").and_then(as_i64);
    if SEND_METHODS.contains(&m.as_str()) {
        let Some(chat) = chat else { return error(400, "Bad Request: chat_id is empty") };
        let mut s = inner.lock();
        if let Some(description) = s.blocked.get(&chat) {
            return error(403, &description.clone());
        }
        if let Some(retry_after) = over_limits(&mut s, chat, inner.started.elapsed()) {
            s.rate_limited += 1;
            return too_many(retry_after);
        }
    }
    match m.as_str() {
        "getupdates" => get_updates(inner, p).await,
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Panier", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false, "has_main_web_app": false,
        })),
        "sendmessage" => {
            let text = p.get("text").and_then(Value::as_str).unwrap_or_default();
            if text.trim().is_empty() {
                return error(400, "Bad Request: message text is empty");
            }
            if p.get("parse_mode").and_then(Value::as_str).is_some_and(|m| m.eq_ignore_ascii_case("html"))
                && !balanced_html(text)
            {
                return error(400, "Bad Request: can't parse entities: unclosed tag");
            }
            if visible_text(text).chars().count() > 4096 {
                return error(400, "Bad Request: message is too long");
            }
            let extra = json!({"text": visible_text(text)});
            store_message(inner, chat.unwrap_or_default(), extra, p.get("reply_markup"))
        }
        "senddocument" => {
            let document = p.get("document").cloned().unwrap_or(Value::Null);
            let file_name = document.get("file_name").cloned().unwrap_or(json!("document"));
            let mut extra = json!({"document": {
                "file_id": "fake-file", "file_unique_id": "fake-unique", "file_name": file_name,
                "file_size": document.get("size").cloned().unwrap_or(json!(0)),
            }});
            if let Some(caption) = p.get("caption").and_then(Value::as_str) {
                extra["caption"] = json!(visible_text(caption));
            }
            store_message(inner, chat.unwrap_or_default(), extra, p.get("reply_markup"))
        }
        "editmessagetext" | "editmessagereplymarkup" => edit_message(inner, &m, chat, p),
        "answercallbackquery" | "deletemycommands" | "close" | "logout" | "sendchataction" => ok(json!(true)),
        "setmycommands" => {
            let scope =
                p.get("scope").and_then(|s| s.get("type")).and_then(Value::as_str).unwrap_or("default");
            let lang = p.get("language_code").and_then(Value::as_str).unwrap_or("");
            let commands = p.get("commands").cloned().unwrap_or(json!([]));
            inner.lock().commands.insert((scope.to_owned(), lang.to_owned()), commands);
            ok(json!(true))
        }
        "getmycommands" => {
            let scope =
                p.get("scope").and_then(|s| s.get("type")).and_then(Value::as_str).unwrap_or("default");
            let lang = p.get("language_code").and_then(Value::as_str).unwrap_or("");
            ok(inner.lock().commands.get(&(scope.to_owned(), lang.to_owned())).cloned().unwrap_or(json!([])))
        }
        "setwebhook" => {
            let url = p.get("url").and_then(Value::as_str).unwrap_or("").to_owned();
            let secret = p.get("secret_token").and_then(Value::as_str).map(str::to_owned);
            inner.lock().webhook = (!url.is_empty()).then_some(Webhook { url, secret });
            inner.changed.notify_waiters();
            ok(json!(true))
        }
        "deletewebhook" => {
            let drop_pending =
                p.get("drop_pending_updates").is_some_and(|v| v == &json!(true) || v == "true");
            let mut s = inner.lock();
            s.webhook = None;
            if drop_pending {
                s.queue.clear();
            }
            ok(json!(true))
        }
        "getwebhookinfo" => {
            let s = inner.lock();
            let url = s.webhook.as_ref().map(|w| w.url.clone()).unwrap_or_default();
            ok(json!({"url": url, "has_custom_certificate": false, "pending_update_count": s.queue.len()}))
        }
        _ => error(404, "Not Found"),
    }
}

fn balanced_html(text: &str) -> bool {
    let mut depth = 0i32;
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { return false };
        let tag = &rest[start + 1..start + end];
        if tag.starts_with('/') {
            depth -= 1;
        } else {
            depth += 1;
        }
        if depth < 0 {
            return false;
        }
        rest = &rest[start + end + 1..];
    }
    depth == 0
}

/// The retry_after to answer when a send to `chat` now would break the limits.
fn over_limits(s: &mut FakeState, chat: i64, now: Duration) -> Option<u32> {
    let windows = s.limits.as_mut()?;
    let second = Duration::from_secs(1);
    while windows.overall.front().is_some_and(|t| now.saturating_sub(*t) >= second) {
        windows.overall.pop_front();
    }
    let per_chat = windows.per_chat.entry(chat).or_default();
    while per_chat.front().is_some_and(|t| now.saturating_sub(*t) >= second) {
        per_chat.pop_front();
    }
    let busy_chat = per_chat.front().copied().filter(|_| !per_chat.is_empty());
    let busy_overall = windows.overall.front().copied().filter(|_| windows.overall.len() >= 30);
    match busy_chat.into_iter().chain(busy_overall).max() {
        Some(oldest) => {
            let wait = (oldest + second).saturating_sub(now);
            Some(u32::try_from(wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).unwrap_or(1).max(1))
        }
        None => {
            windows.overall.push_back(now);
            per_chat.push_back(now);
            None
        }
    }
}

fn store_message(inner: &Arc<Inner>, chat: i64, extra: Value, markup: Option<&Value>) -> (StatusCode, Value) {
    let mut s = inner.lock();
    let id = s.next_message_id;
    s.next_message_id += 1;
    let mut message =
        json!({"message_id": id, "date": unix_now(), "chat": chat_json(chat), "from": bot_user()});
    if let (Value::Object(m), Value::Object(e)) = (&mut message, extra) {
        m.extend(e);
    }
    if has_keyboard(markup) {
        message["reply_markup"] = markup.cloned().unwrap_or(Value::Null);
    }
    s.messages.insert((chat, id), message.clone());
    ok(message)
}

fn edit_message(inner: &Arc<Inner>, method: &str, chat: Option<i64>, p: &Value) -> (StatusCode, Value) {
    let Some(chat) = chat else { return error(400, "Bad Request: chat_id is empty") };
    let Some(id) = p.get("message_id").and_then(as_i64).and_then(|n| i32::try_from(n).ok()) else {
        return error(400, "Bad Request: message identifier is not specified");
    };
    let mut s = inner.lock();
    let Some(message) = s.messages.get_mut(&(chat, id)) else {
        return error(400, "Bad Request: message to edit not found");
    };
    let new_markup = p.get("reply_markup").filter(|m| has_keyboard(Some(m))).cloned();
    let old_markup = message.get("reply_markup").cloned();
    let new_text = if method == "editmessagetext" {
        p.get("text").and_then(Value::as_str).map(visible_text)
    } else {
        None
    };
    let text_same = new_text.as_ref().is_none_or(|t| message.get("text").and_then(Value::as_str) == Some(t));
    if text_same && new_markup == old_markup {
        return error(
            400,
            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        );
    }
    if let Some(text) = new_text {
        message["text"] = json!(text);
    }
    match new_markup {
        Some(markup) => message["reply_markup"] = markup,
        None => {
            if let Value::Object(m) = message {
                m.remove("reply_markup");
            }
        }
    }
    message["edit_date"] = json!(unix_now());
    ok(message.clone())
}

async fn get_updates(inner: &Arc<Inner>, p: &Value) -> (StatusCode, Value) {
    let offset = p.get("offset").and_then(as_i64).unwrap_or(0);
    let limit = p.get("limit").and_then(as_i64).unwrap_or(100).clamp(1, 100) as usize;
    let timeout = p.get("timeout").and_then(as_i64).unwrap_or(0).max(0) as u64;
    let cap = {
        let mut s = inner.lock();
        if s.webhook.is_some() {
            return error(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            );
        }
        if offset > 0 {
            s.queue.retain(|u| u.get("update_id").and_then(Value::as_i64).unwrap_or(0) >= offset);
            s.highest_offset = s.highest_offset.max(offset);
        }
        s.poll_cap
    };
    let deadline = Instant::now() + Duration::from_secs(timeout).min(cap);
    loop {
        let notified = inner.changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let s = inner.lock();
            if !s.queue.is_empty() {
                return ok(Value::Array(s.queue.iter().take(limit).cloned().collect()));
            }
        }
        if Instant::now() >= deadline {
            return ok(json!([]));
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

/// Posts queued updates to the webhook, one at a time, like Telegram.
async fn push_webhooks(inner: Arc<Inner>) {
    let client = match teloxide::net::default_reqwest_settings().timeout(Duration::from_secs(30)).build() {
        Ok(c) => c,
        Err(_) => return,
    };
    loop {
        let next = {
            let s = inner.lock();
            s.webhook
                .as_ref()
                .and_then(|w| s.queue.front().map(|u| (w.url.clone(), w.secret.clone(), u.clone())))
        };
        let Some((url, secret, update)) = next else {
            let _ = tokio::time::timeout(Duration::from_millis(50), inner.changed.notified()).await;
            continue;
        };
        let mut request =
            client.post(&url).header("content-type", "application/json").body(update.to_string());
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let delivered = matches!(request.send().await, Ok(r) if r.status().is_success());
        if delivered {
            let mut s = inner.lock();
            if s.queue.front() == Some(&update) {
                s.queue.pop_front();
            }
            s.webhook_posts += 1;
        } else {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
