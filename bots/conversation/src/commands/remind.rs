//! `rappel` / `remind [contrat] [membres|non-signes]` (English `members|unsigned`): a referent,
//! farmer or admin reminds a contract's subscribers of its next delivery, or the AMAP's members
//! who have not signed it yet. Missing arguments are asked with buttons (contract, then
//! audience); nothing is queued before the person confirms with a button. Each recipient then
//! gets the reminder in their own language, rendered at send time (see `notify`).

use panier_core::error::{CoreError, Forbidden, Missing};
use panier_core::model::Contract;
use panier_core::usecases::notify_extra::{self, RemindPreview};
use panier_core::usecases::remind::RemindAudience;

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::{Button, Reply};
use crate::parse::normalize;

/// What the arguments say, in any order.
#[derive(Debug, Default, PartialEq, Eq)]
struct Args {
    contract: Option<String>,
    audience: Option<RemindAudience>,
    confirmed: bool,
    cancelled: bool,
}

fn audience_of(word: &str) -> Option<RemindAudience> {
    match word {
        "membres" | "members" | "inscrits" | "inscrites" | "inscrit-es" | "abonnes" | "subscribers"
        | "livraison" | "delivery" => Some(RemindAudience::Subscribers),
        "non-signes" | "nonsignes" | "non-signataires" | "unsigned" | "not-signed" | "signature" => {
            Some(RemindAudience::Unsigned)
        }
        _ => None,
    }
}

fn parse(args: &str) -> Args {
    let mut out = Args::default();
    for word in args.split_whitespace().map(normalize) {
        if let Some(a) = audience_of(&word) {
            out.audience = Some(a);
        } else if matches!(word.as_str(), "ok" | "oui" | "yes" | "envoyer" | "send" | "confirmer" | "confirm")
        {
            out.confirmed = true;
        } else if matches!(word.as_str(), "annuler" | "cancel" | "non" | "no" | "stop") {
            out.cancelled = true;
        } else if out.contract.is_none() {
            out.contract = Some(word);
        }
    }
    out
}

/// The word for an audience in button data (French, read back by `parse` in any language).
fn token(audience: RemindAudience) -> &'static str {
    match audience {
        RemindAudience::Subscribers => "membres",
        RemindAudience::Unsigned => "non-signes",
    }
}

fn contract_buttons(contracts: &[Contract]) -> Vec<Button> {
    contracts
        .iter()
        .map(|k| Button { label: k.name.clone(), data: format!("/rappel {}", k.slug.as_str()) })
        .collect()
}

fn referents_only() -> Failure {
    Failure::Core(CoreError::Forbidden(Forbidden::ReferentsOnly))
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let args = parse(args);
    if args.cancelled {
        return Ok(vec![ctx.reply("remind-cancelled", &[])]);
    }
    let managed: Vec<Contract> = ctx
        .panier
        .managed_contracts(member)
        .await?
        .into_iter()
        .filter(|k| k.state.delivers() || k.state == panier_core::rules::state::ContractState::Open)
        .collect();
    let contract = match &args.contract {
        Some(slug) => match ctx.panier.contract_for(member, slug).await {
            Ok(k) => k,
            Err(CoreError::NotFound(Missing::Contract(_))) if !managed.is_empty() => {
                let shown: String = slug.chars().take(30).collect();
                return Ok(vec![
                    ctx.reply("remind-unknown-contract", &[("input", Arg::from(shown))])
                        .with_buttons(contract_buttons(&managed)),
                ]);
            }
            Err(CoreError::NotFound(Missing::Contract(_))) => return Err(referents_only()),
            Err(e) => return Err(e.into()),
        },
        None => match managed.as_slice() {
            [] => return Err(referents_only()),
            [only] => only.clone(),
            _ => {
                return Ok(vec![
                    ctx.reply("remind-ask-contract", &[]).with_buttons(contract_buttons(&managed)),
                ]);
            }
        },
    };
    let now = ctx.now;
    // Core checks that the person manages this contract (plain members are refused here).
    let previewed =
        ctx.panier.read(async |c| notify_extra::remind_preview(c, member, contract.id, now).await).await;
    let preview = match previewed {
        Ok(p) => p,
        Err(CoreError::Forbidden(_)) => return refused(ctx, &contract).await,
        Err(e) => return Err(e.into()),
    };
    let name = Arg::from(&preview.contract.name);
    let deliveries_to_come = preview.next_delivery.is_some() && preview.contract.state.delivers();
    let audience = match args.audience {
        Some(a) => a,
        None => {
            let mut offered = Vec::new();
            if deliveries_to_come {
                offered.push(RemindAudience::Subscribers);
            }
            if preview.open {
                offered.push(RemindAudience::Unsigned);
            }
            match offered.as_slice() {
                [] => return Ok(vec![ctx.reply("remind-nothing", &[("contract", name)])]),
                [only] => *only,
                _ => return Ok(vec![ask_audience(ctx, &preview, &offered)]),
            }
        }
    };
    let size = preview.audience_size(audience);
    let refusal = match audience {
        RemindAudience::Subscribers if !deliveries_to_come => Some("remind-no-delivery"),
        RemindAudience::Subscribers if size == 0 => Some("remind-nobody-subscribers"),
        RemindAudience::Unsigned if !preview.open => Some("remind-not-open"),
        RemindAudience::Unsigned if size == 0 => Some("remind-nobody-unsigned"),
        _ => None,
    };
    if let Some(key) = refusal {
        return Ok(vec![ctx.reply(key, &[("contract", name)])]);
    }
    if !args.confirmed {
        return Ok(vec![confirm(ctx, &preview, audience)]);
    }
    let queued = ctx.panier.remind(member, contract.id, audience, now).await?;
    let reachable = size.saturating_sub(queued.unreachable);
    let mut replies = Vec::new();
    if queued.queued > 0 {
        replies.push(ctx.reply("remind-queued", &[("n", Arg::from(queued.queued))]));
        if queued.unreachable > 0 {
            replies.push(ctx.reply("remind-unreachable", &[("n", Arg::from(queued.unreachable))]));
        }
    } else if reachable > 0 {
        replies.push(ctx.reply("remind-already-sent", &[]));
    } else {
        replies.push(ctx.reply("remind-none-reachable", &[("n", Arg::from(size))]));
    }
    Ok(replies)
}

/// The refusal for someone who does not manage this contract, naming its referents.
async fn refused(ctx: &Ctx<'_>, contract: &Contract) -> Result<Vec<Reply>, Failure> {
    let (id, member) = (contract.id, ctx.member()?.id);
    let brief = ctx.panier.read(async |c| notify_extra::contract_brief(c, id, member).await).await?;
    match brief {
        Some(b) if !b.referents.is_empty() => {
            let names = b.referents.join(", ");
            let n = b.referents.len();
            Ok(vec![ctx.reply(
                "remind-refused",
                &[("contract", Arg::from(&contract.name)), ("names", Arg::from(names)), ("n", Arg::from(n))],
            )])
        }
        _ => Err(referents_only()),
    }
}

fn ask_audience(ctx: &Ctx<'_>, preview: &RemindPreview, offered: &[RemindAudience]) -> Reply {
    let slug = preview.contract.slug.as_str();
    let buttons = offered
        .iter()
        .map(|a| {
            let key = match a {
                RemindAudience::Subscribers => "remind-button-subscribers",
                RemindAudience::Unsigned => "remind-button-unsigned",
            };
            ctx.button(
                key,
                &[("n", Arg::from(preview.audience_size(*a)))],
                format!("/rappel {slug} {}", token(*a)),
            )
        })
        .collect();
    ctx.reply("remind-ask-audience", &[("contract", Arg::from(&preview.contract.name))]).with_buttons(buttons)
}

fn confirm(ctx: &Ctx<'_>, preview: &RemindPreview, audience: RemindAudience) -> Reply {
    let k = &preview.contract;
    let n = Arg::from(preview.audience_size(audience));
    let text = match audience {
        RemindAudience::Subscribers => {
            let date = preview.next_delivery.map(|d| ctx.date(d)).unwrap_or_default();
            ctx.reply(
                "remind-confirm-subscribers",
                &[("contract", Arg::from(&k.name)), ("n", n), ("date", Arg::from(date))],
            )
        }
        RemindAudience::Unsigned => ctx.reply(
            "remind-confirm-unsigned",
            &[
                ("contract", Arg::from(&k.name)),
                ("n", n),
                ("closes", Arg::from(ctx.date(k.rules.subscription_closes))),
            ],
        ),
    };
    text.with_buttons(vec![
        ctx.button("remind-button-send", &[], format!("/rappel {} {} ok", k.slug.as_str(), token(audience))),
        ctx.button("remind-button-cancel", &[], "/rappel annuler"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arguments_in_any_order_and_language() {
        let a = parse("legumes membres ok");
        assert_eq!(a.contract.as_deref(), Some("legumes"));
        assert_eq!(a.audience, Some(RemindAudience::Subscribers));
        assert!(a.confirmed && !a.cancelled);
        let b = parse("Non-Signés pain");
        assert_eq!((b.contract.as_deref(), b.audience), (Some("pain"), Some(RemindAudience::Unsigned)));
        assert_eq!(parse("unsigned").audience, Some(RemindAudience::Unsigned));
        assert_eq!(parse("members eggs").contract.as_deref(), Some("eggs"));
        assert!(parse("annuler").cancelled);
        assert_eq!(parse(""), Args::default());
    }
}
