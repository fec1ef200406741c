//! Pushed messages: an outbox row (a reminder, an alert, the farmer's totals…) rendered for
//! its recipient, in their language, at send time from the current database, so a reminder
//! reflects the latest absences, moves and sign-ups.
//!
//! [`render`] returns `Ok(None)` when there is nothing to say any more (the member no longer
//! collects anything that day, the contract was cancelled, the slot was filled…): the caller
//! then marks the row sent without sending anything — [`BotDeliver`] does so by answering
//! `"skipped"` to the dispatcher. Adapters implement [`PushTransport`] and stay I/O-only.
//!
//! One file per group of kinds: `basket` (distribution reminder, manual reminder, delivery
//! changed), `farmer` (totals, close-out, countersignature), `duty` (reminder, alert, urgent
//! call), `signature` (request, reminders), `event` (event reminder).

mod announcement;
mod basket;
mod bridge;
mod duty;
mod event;
mod farmer;
mod signature;
mod signing;

pub use bridge::{BotDeliver, Clock, PushFuture, PushTransport, Pushed, RecordingTransport, SKIPPED};

use chrono::{DateTime, NaiveDate, Utc};
use panier_core::CoreError;
use panier_core::model::Amap;
use panier_core::scheduler::planner::opt_out_kind;
use panier_core::store::outbox::OutboxMessage;
use panier_core::types::{AmapId, MemberId};
use panier_core::usecases::baskets::{BasketItem, DistributionView};
use panier_core::usecases::notify_extra::{self, PushRecipient};
use serde::de::DeserializeOwned;

use crate::Bot;
use crate::context::Ctx;
use crate::dialogue::DialogueState;
use crate::i18n::{Arg, Lang};
use crate::markup::Rich;
use crate::message::{ChatKind, Incoming, Reply, Transport};

/// What a kind renders to: a reply, nothing any more, or a store failure.
pub(crate) type Rendered = Result<Option<Reply>, CoreError>;

/// Renders an outbox row for its recipient at `now` (the instant of sending).
///
/// `Ok(None)`: nothing to say any more (see each kind), the member opted out of this kind
/// since it was planned, or a row this version cannot read (unknown kind, malformed payload,
/// member gone) — logged without personal data. The caller then marks the row sent without
/// sending anything. `Err`: the database failed; try again later.
pub async fn render(
    bot: &Bot,
    message: &OutboxMessage,
    now: DateTime<Utc>,
) -> Result<Option<Reply>, CoreError> {
    let Some(member) = message.member_id else {
        tracing::warn!(kind = %message.kind, id = %message.id, "outbox row without a member, skipped");
        return Ok(None);
    };
    let (transport, chat_id) = (message.transport.as_str(), message.chat_id.as_str());
    let amap = message.amap_id;
    let found = bot
        .panier()
        .read(async |c| notify_extra::push_recipient(c, member, amap, transport, chat_id).await)
        .await?;
    let Some(recipient) = found else { return Ok(None) };
    // Opted out after the row was planned: respect it at send time too.
    if let Some(kind) = opt_out_kind(&message.kind) {
        let settings = bot.panier().notifications(member).await?;
        if settings.iter().any(|(k, enabled)| *k == kind && !enabled) {
            return Ok(None);
        }
    }
    let incoming = incoming_for(message, &recipient);
    let push = Push::new(bot, &incoming, recipient, now);
    let raw = message.payload.as_str();
    match message.kind.as_str() {
        "distribution_reminder" => basket::distribution_reminder(&push, raw).await,
        "manual_reminder" => basket::manual_reminder(&push, raw).await,
        "delivery_changed" => basket::delivery_changed(&push, raw).await,
        "farmer_totals" => farmer::totals(&push, raw).await,
        "closeout_summary" => farmer::closeout(&push, raw).await,
        "countersign_request" => farmer::countersign(&push, raw).await,
        "duty_reminder" => duty::reminder(&push, raw).await,
        "duty_alert" => duty::alert(&push, raw, false).await,
        "duty_urgent" => duty::alert(&push, raw, true).await,
        "signature_request" => signature::request(&push, raw, signature::Style::Request).await,
        "signature_reminder" => signature::request(&push, raw, signature::Style::Reminder).await,
        "manual_signature_reminder" => signature::request(&push, raw, signature::Style::Manual).await,
        "event_reminder" => event::reminder(&push, raw).await,
        "announcement" => announcement::push(&push, raw).await,
        "announcement_pending" => announcement::pending(&push, raw).await,
        "countersign_link" => signing::countersign_link(&push, raw).await,
        "signed_copy" => signing::signed_copy(&push, raw).await,
        other => {
            tracing::warn!(kind = other, id = %message.id, "unknown outbox message kind, skipped");
            Ok(None)
        }
    }
}

/// The transport of an outbox row (`telegram`, `matrix`; anything else reads as the console).
pub fn transport_of(name: &str) -> Transport {
    match name {
        "telegram" => Transport::Telegram,
        "matrix" => Transport::Matrix,
        _ => Transport::Console,
    }
}

/// A synthetic message from the recipient, so the pushed text is built exactly like a reply
/// in a private chat with them (language, command prefix of their transport).
fn incoming_for(message: &OutboxMessage, recipient: &PushRecipient) -> Incoming {
    Incoming {
        transport: transport_of(&message.transport),
        chat_id: message.chat_id.clone(),
        sender: recipient.external_id.clone().unwrap_or_else(|| message.chat_id.clone()),
        text: String::new(),
        lang_hint: None,
        chat_kind: ChatKind::Private,
        is_button: false,
    }
}

/// The recipient's context while rendering one row.
pub(crate) struct Push<'a> {
    pub ctx: Ctx<'a>,
    pub member: MemberId,
    /// The AMAP of the row (or the member's first one).
    pub amap: Option<Amap>,
}

impl<'a> Push<'a> {
    fn new(bot: &'a Bot, incoming: &'a Incoming, recipient: PushRecipient, now: DateTime<Utc>) -> Push<'a> {
        let PushRecipient { member, amap, rights, .. } = recipient;
        let lang = member
            .language
            .as_deref()
            .and_then(Lang::parse)
            .or_else(|| amap.as_ref().and_then(|a| Lang::parse(&a.default_language)))
            .unwrap_or_default();
        let tz = amap.as_ref().map(|a| a.timezone).unwrap_or(chrono_tz::Europe::Paris);
        let id = member.id;
        let ctx = Ctx {
            panier: bot.panier(),
            catalog: bot.catalog(),
            msg: incoming,
            now,
            lang,
            tz,
            member: Some(member),
            rights: Some(rights),
            dialogue: DialogueState::default(),
            public_url: bot.public_url(),
        };
        Push { ctx, member: id, amap }
    }

    /// The AMAP named in the payload, when it is the row's (it always is for planned rows).
    fn amap_of(&self, id: AmapId) -> Option<&Amap> {
        self.amap.as_ref().filter(|a| a.id == id)
    }

    /// A command as the recipient would type it on their transport: "/permanences", "!shifts".
    fn cmd(&self, fr: &str, en: &str) -> String {
        let name = if self.ctx.lang == Lang::En { en } else { fr };
        format!("{}{name}", self.ctx.prefix())
    }
}

/// Reads the JSON payload of a row; None (logged, without the payload) when it does not fit.
pub(crate) fn payload<T: DeserializeOwned>(raw: &str, kind: &'static str) -> Option<T> {
    match serde_json::from_str(raw) {
        Ok(p) => Some(p),
        Err(e) => {
            tracing::warn!(kind, error = %e, "outbox payload does not fit its kind, skipped");
            None
        }
    }
}

/// Lines of markup, joined and parsed.
pub(crate) fn lines(lines: &[String]) -> Rich {
    Rich::parse(&lines.join("\n"))
}

/// A message whose arguments are already markup (escaped by the caller, e.g. an items line).
pub(crate) fn compose(ctx: &Ctx<'_>, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    ctx.label(key, args)
}

/// "Chloé Vincent, Inès Faure et Marc Lefèvre" (plain text: escape when used in markup).
pub(crate) fn join_and(ctx: &Ctx<'_>, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), ctx.label("notify-and", &[])),
    }
}

/// A date at the start of a line: "Mardi 11 mai".
pub(crate) fn capital_date(ctx: &Ctx<'_>, date: NaiveDate) -> String {
    crate::format::capitalize(&ctx.date(date))
}

/// Adds up identical lines (a double delivery: "2 × Grand panier" rather than twice "1 ×").
pub(crate) fn merge_items(items: Vec<BasketItem>) -> Vec<BasketItem> {
    let mut out: Vec<BasketItem> = Vec::with_capacity(items.len());
    for item in items {
        match out.iter_mut().find(|o| {
            o.contract_id == item.contract_id
                && o.product == item.product
                && o.postponed_from == item.postponed_from
        }) {
            Some(same) => same.quantity = same.quantity.saturating_add(item.quantity),
            None => out.push(item),
        }
    }
    out
}

/// The view with double lines added up.
pub(crate) fn merged(mut view: DistributionView) -> DistributionView {
    view.items = merge_items(std::mem::take(&mut view.items));
    for other in &mut view.for_others {
        other.items = merge_items(std::mem::take(&mut other.items));
    }
    view
}
