//! Signing a contract: the request when it opens, the reminders to those who have not signed
//! (scheduled, or sent by a referent).

use panier_core::rules::state::ContractState;
use panier_core::types::ContractId;
use panier_core::usecases::notify_extra::{self, ContractBrief};
use serde::Deserialize;

use super::{Push, Rendered, payload};
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::Reply;

#[derive(Deserialize)]
struct Payload {
    contract: ContractId,
    #[serde(default)]
    from: String,
}

/// Which message about the same facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// The contract just opened.
    Request,
    /// Scheduled reminder while it is open.
    Reminder,
    /// Sent by a referent (`rappel CONTRAT non-signes`).
    Manual,
}

impl Style {
    fn kind(self) -> &'static str {
        match self {
            Style::Request => "signature_request",
            Style::Reminder => "signature_reminder",
            Style::Manual => "manual_signature_reminder",
        }
    }
}

/// None when the member signed meanwhile, subscriptions are no longer open, or the member is
/// a farmer of the contract's own farm.
pub(super) async fn request(push: &Push<'_>, raw: &str, style: Style) -> Rendered {
    let Some(p) = payload::<Payload>(raw, style.kind()) else { return Ok(None) };
    let member = push.member;
    let contract = p.contract;
    let brief: Option<ContractBrief> =
        push.ctx.panier.read(async |c| notify_extra::contract_brief(c, contract, member).await).await?;
    let Some(brief) = brief else { return Ok(None) };
    let ctx = &push.ctx;
    let rules = &brief.contract.rules;
    let own_farm = ctx.rights.as_ref().is_some_and(|r| r.is_farmer_of(brief.contract.farm_id));
    if brief.contract.state != ContractState::Open
        || brief.member_signed
        || own_farm
        || ctx.today() > rules.subscription_closes
    {
        return Ok(None);
    }
    let args = [
        ("contract", Arg::from(&brief.contract.name)),
        ("farm", Arg::from(&brief.farm)),
        ("closes", Arg::from(ctx.date(rules.subscription_closes))),
    ];
    let mut text = Rich::default();
    if style == Style::Manual {
        text.append_line(Rich::parse(&super::basket::sent_by(push, &brief, &p.from).await?));
    }
    let body = if style == Style::Request { "notify-signature-request" } else { "notify-signature-reminder" };
    text.append_line(ctx.t(body, &args));
    text.append_line(ctx.t("notify-signature-how", &[("cmd", Arg::from(push.cmd("signer", "sign")))]));
    let buttons = vec![
        ctx.button("notify-button-sign", &[], "/signer"),
        ctx.button("notify-button-contracts", &[], "/contrats"),
    ];
    Ok(Some(Reply::new(text).with_buttons(buttons)))
}
