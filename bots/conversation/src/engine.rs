//! The conversation engine: one incoming message in, a list of replies out.
//!
//! It identifies the member, picks the language, reads the command (typed with `/` or `!`,
//! a pressed button, a number answering offered choices, or free text answering a pending
//! question), checks that the command exists and fits the chat, runs it and stores the
//! dialogue state. Adapters call `Bot::handle` and only do I/O.

use chrono::{DateTime, Utc};
use panier_core::store::dialogue;
use panier_core::usecases::Panier;
use panier_core::usecases::rights::{self, Identity, Rights};

use crate::commands::{self, CommandId};
use crate::context::Ctx;
use crate::dialogue::DialogueState;
use crate::failure::Failure;
use crate::i18n::{Arg, Catalog, Lang};
use crate::message::{Audience, ChatKind, Incoming, Reply};
use crate::parse::normalize;

/// Longer messages are refused before any work (Telegram's own limit is 4096).
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// `web.public_url` when nothing else is configured (the default `web.listen`).
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// The bot, shared by every adapter. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Bot {
    panier: Panier,
    catalog: &'static Catalog,
    /// Base of the web links the bot gives (signing pages): `web.public_url`.
    public_url: std::sync::Arc<str>,
}

impl Bot {
    pub fn new(panier: Panier) -> Bot {
        Bot { panier, catalog: Catalog::shared(), public_url: DEFAULT_PUBLIC_URL.into() }
    }

    /// The base of the links the bot sends (`web.public_url`, without a trailing slash).
    pub fn with_public_url(mut self, url: &str) -> Bot {
        self.public_url = url.trim_end_matches('/').into();
        self
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    pub fn panier(&self) -> &Panier {
        &self.panier
    }

    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    /// Handles one message or button press and returns the replies, in order.
    pub async fn handle(&self, msg: &Incoming, now: DateTime<Utc>) -> Vec<Reply> {
        let started = std::time::Instant::now();
        panier_core::metrics::inc("panier_messages_received_total", msg.transport.as_str());
        let replies = self.handle_inner(msg, now).await;
        panier_core::metrics::observe_command(started.elapsed());
        // Shape only: never the text, the sender or anything a reply says.
        tracing::debug!(
            transport = msg.transport.as_str(),
            replies = replies.len(),
            micros = started.elapsed().as_micros() as u64,
            "message handled"
        );
        replies
    }

    /// Said where a command was typed when its personal answer could not be delivered in
    /// private (on Telegram, the person never opened a chat with the bot): how to fix it.
    pub async fn private_unreachable(&self, msg: &Incoming, bot_link: &str, now: DateTime<Utc>) -> Reply {
        match self.context(msg, now).await {
            Ok((ctx, _, _)) => {
                ctx.reply("private-unreachable", &[("link", crate::i18n::Arg::from(bot_link))])
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not load the context of an unreachable member");
                let lang = msg.lang_hint.as_deref().and_then(Lang::parse).unwrap_or_default();
                let text = self.catalog.text(
                    lang,
                    "private-unreachable",
                    &[("link", crate::i18n::Arg::from(crate::markup::escape(bot_link)))],
                );
                Reply::new(crate::markup::Rich::parse(&text))
            }
        }
    }

    async fn handle_inner(&self, msg: &Incoming, now: DateTime<Utc>) -> Vec<Reply> {
        let (mut ctx, stale, stored) = match self.context(msg, now).await {
            Ok(found) => found,
            Err(e) => {
                tracing::error!(error = %e, "could not load the conversation context");
                let lang = msg.lang_hint.as_deref().and_then(Lang::parse).unwrap_or_default();
                return vec![Reply::new(crate::markup::Rich::parse(&self.catalog.text(
                    lang,
                    "error-internal",
                    &[],
                )))];
            }
        };
        if msg.text.chars().count() > MAX_MESSAGE_CHARS {
            return vec![ctx.reply("error-too-long", &[])];
        }
        if msg.text.trim().is_empty() {
            // Nothing to answer, and the offered choices stay valid.
            return Vec::new();
        }
        if let Some(member) = &ctx.member
            && stale
            && let Err(e) = self.panier.touch(member.id, now).await
        {
            tracing::warn!(error = %e, "could not record activity");
        }
        let (previous, stored) = dialogue_state(stored);
        let replies = self.dispatch(&mut ctx, &previous).await;
        self.save_dialogue(&ctx, &replies, stored).await;
        replies
    }

    /// The conversation context, whether the member's activity is due to be recorded, and the
    /// stored dialogue state (`dialogue::load`).
    async fn context<'a>(
        &'a self,
        msg: &'a Incoming,
        now: DateTime<Utc>,
    ) -> panier_core::CoreResult<(Ctx<'a>, bool, panier_core::CoreResult<Option<String>>)> {
        let (transport, sender) = (msg.transport.as_str(), msg.sender.as_str());
        // Who is talking and the dialogue state, on one connection.
        let (id, dialogue) = self
            .panier
            .read(async |c| {
                let id = rights::identify(c, transport, sender, now).await?;
                Ok((id, dialogue::load(c, transport, sender, now).await))
            })
            .await?;
        let Identity { member, rights, amaps, stale } = id;
        let lang = member
            .as_ref()
            .and_then(|m| m.language.as_deref())
            .and_then(Lang::parse)
            .or_else(|| msg.lang_hint.as_deref().and_then(Lang::parse))
            .or_else(|| amaps.first().and_then(|a| Lang::parse(&a.default_language)))
            .unwrap_or_default();
        let tz = amaps.first().map(|a| a.timezone).unwrap_or(chrono_tz::Europe::Paris);
        Ok((
            Ctx {
                panier: &self.panier,
                catalog: self.catalog,
                msg,
                now,
                lang,
                tz,
                member,
                rights,
                dialogue: DialogueState::default(),
                public_url: &self.public_url,
            },
            stale,
            dialogue,
        ))
    }

    async fn save_dialogue(&self, ctx: &Ctx<'_>, replies: &[Reply], stored: bool) {
        let mut state = ctx.dialogue.clone();
        if state.choices.is_empty()
            && let Some(last) = replies.iter().rev().find(|r| !r.buttons.is_empty())
        {
            state.choices = last.buttons.clone();
        }
        let (transport, sender, now) = (ctx.msg.transport.as_str(), ctx.msg.sender.as_str(), ctx.now);
        // Most commands leave no state where there was none: no write transaction then.
        if state.is_empty() && !stored {
            return;
        }
        // One statement each, atomic on its own: no transaction around it (on SQLite a
        // `BEGIN IMMEDIATE … COMMIT` pair more per message).
        let saved = if state.is_empty() {
            self.panier.read(async |c| dialogue::clear(c, transport, sender).await).await
        } else {
            let json = state.to_json();
            self.panier.read(async |c| dialogue::save(c, transport, sender, &json, now).await).await
        };
        if let Err(e) = saved {
            tracing::warn!(error = %e, "could not store the dialogue state");
        }
    }

    async fn dispatch(&self, ctx: &mut Ctx<'_>, previous: &DialogueState) -> Vec<Reply> {
        let text = ctx.msg.text.trim().to_owned();
        let line = if let Some(rest) = text.strip_prefix('/').or_else(|| text.strip_prefix('!')) {
            rest.to_owned()
        } else if let Some(data) = previous.choice(&text) {
            data.trim_start_matches(['/', '!']).to_owned()
        } else if let Some(pending) = previous.pending.clone() {
            if ctx.member.is_none() {
                return vec![Failure::NotLinked.reply(ctx)];
            }
            return match commands::continue_pending(ctx, pending, &text).await {
                Ok(replies) => replies,
                Err(f) => vec![f.reply(ctx)],
            };
        } else if text.is_empty() {
            return Vec::new();
        } else {
            let help = ctx.help_command();
            return vec![ctx.reply("not-understood", &[("help", Arg::from(help))])];
        };
        let (name, args) = match line.split_once(char::is_whitespace) {
            Some((name, args)) => (name, args.trim()),
            None => (line.as_str(), ""),
        };
        // Telegram appends the bot's name in groups: /aide@panier_bot.
        let name = normalize(name.split('@').next().unwrap_or(name));
        let Some(spec) = commands::lookup(&name) else {
            let shown: String = name.chars().take(30).collect();
            return vec![match commands::closest(&name) {
                Some(guess) => ctx.reply(
                    "unknown-command-suggest",
                    &[
                        ("input", Arg::from(shown)),
                        ("suggestion", Arg::from(format!("{}{guess}", ctx.prefix()))),
                    ],
                ),
                None => ctx.reply(
                    "unknown-command",
                    &[("input", Arg::from(shown)), ("help", Arg::from(ctx.help_command()))],
                ),
            }];
        };
        if ctx.member.is_none() && !spec.unlinked {
            return vec![Failure::NotLinked.reply(ctx)];
        }
        let in_group = ctx.msg.chat_kind == ChatKind::Group;
        let result = commands::run(ctx, spec.id, args).await;
        let mut replies = match result {
            Ok(replies) => replies,
            Err(f) => vec![f.reply(ctx)],
        };
        if in_group && !spec.public && spec.id != CommandId::Help {
            for r in &mut replies {
                r.audience = Audience::Private;
            }
            replies.insert(0, ctx.reply("answered-in-private", &[]));
        }
        replies
    }
}

/// Whether the member sees referent-level commands (used by help and menus).
pub fn is_manager(rights: &Rights) -> bool {
    rights.has_referent_role() || rights.has_farmer_role() || rights.has_admin_role()
}

/// The dialogue state, and whether a row may be stored (false: nothing to clear after).
fn dialogue_state(loaded: panier_core::CoreResult<Option<String>>) -> (DialogueState, bool) {
    match loaded {
        Ok(Some(raw)) => (DialogueState::from_json(&raw), true),
        Ok(None) => (DialogueState::default(), false),
        Err(e) => {
            tracing::warn!(error = %e, "dialogue state unavailable");
            (DialogueState::default(), true)
        }
    }
}
