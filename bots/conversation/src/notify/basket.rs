//! What a member collects: the distribution reminder, a referent's manual reminder of the
//! next delivery, and a delivery cancelled or moved.

use chrono::{Days, NaiveDate};
use panier_core::CoreError;
use panier_core::types::{AmapId, ContractId};
use panier_core::usecases::baskets::{DistributionView, GivenAway};
use panier_core::usecases::notify_extra::{self, ContractBrief, SenderRole};
use serde::Deserialize;

use super::{Push, Rendered, compose, join_and, merged, payload};
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::Reply;
use crate::views;

/// How many coming distributions are searched for a contract's next basket.
const LOOKAHEAD: usize = 30;

#[derive(Deserialize)]
struct AmapDate {
    amap: AmapId,
    date: NaiveDate,
}

#[derive(Deserialize)]
struct Manual {
    contract: ContractId,
    date: Option<NaiveDate>,
    #[serde(default)]
    from: String,
}

#[derive(Deserialize)]
struct Changed {
    contract: ContractId,
    from: NaiveDate,
    to: Option<NaiveDate>,
    #[serde(default)]
    merged: bool,
}

/// The member's distribution on `date` at `amap`, double lines added up.
async fn view_on(
    push: &Push<'_>,
    amap: AmapId,
    date: NaiveDate,
) -> Result<Option<DistributionView>, CoreError> {
    let views = push.ctx.panier.upcoming(push.member, date, 4).await?;
    Ok(views.into_iter().find(|v| v.date == date && v.amap_id == amap).map(merged))
}

/// Only what concerns one contract in a distribution; None when nothing does.
fn only_contract(mut view: DistributionView, contract: ContractId, name: &str) -> Option<DistributionView> {
    view.items.retain(|i| i.contract_id == contract);
    for other in &mut view.for_others {
        other.items.retain(|i| i.contract_id == contract);
    }
    view.for_others.retain(|o| !o.items.is_empty());
    view.given_away.retain(|g| match g {
        GivenAway::HandedTo { contract, .. }
        | GivenAway::Postponed { contract, .. }
        | GivenAway::Donated { contract } => contract == name,
    });
    view.on_duty = false;
    (!view.is_empty()).then_some(view)
}

/// The member's next distribution with something of `contract`, from `from` on.
async fn next_of_contract(
    push: &Push<'_>,
    brief: &ContractBrief,
    from: NaiveDate,
) -> Result<Option<DistributionView>, CoreError> {
    let views = push.ctx.panier.upcoming(push.member, from, LOOKAHEAD).await?;
    let id = brief.contract.id;
    Ok(views.into_iter().map(merged).find_map(|v| only_contract(v, id, &brief.contract.name)))
}

async fn brief_of(push: &Push<'_>, contract: ContractId) -> Result<Option<ContractBrief>, CoreError> {
    let member = push.member;
    push.ctx.panier.read(async |c| notify_extra::contract_brief(c, contract, member).await).await
}

/// The day before: what to collect, where, when, whether on duty. None when the member no
/// longer collects anything and is not on duty (an absence declared after planning).
pub(super) async fn distribution_reminder(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<AmapDate>(raw, "distribution_reminder") else { return Ok(None) };
    let Some(view) = view_on(push, p.amap, p.date).await? else { return Ok(None) };
    if view.items.is_empty() && view.for_others.is_empty() && !view.on_duty {
        return Ok(None);
    }
    let ctx = &push.ctx;
    let today = ctx.today();
    let heading = if p.date == today {
        "notify-distribution-today"
    } else if today.checked_add_days(Days::new(1)) == Some(p.date) {
        "notify-distribution-tomorrow"
    } else {
        "notify-distribution-soon"
    };
    let mut text = ctx.t(heading, &[]);
    text.append_line(views::distribution(ctx, &view));
    Ok(Some(Reply::new(text).with_buttons(views::distribution_buttons(ctx, &view))))
}

/// "Rappel envoyé par Claire Dubois, référent·e Légumes :" (markup).
pub(super) async fn sent_by(push: &Push<'_>, brief: &ContractBrief, from: &str) -> Result<String, CoreError> {
    let ctx = &push.ctx;
    if from.trim().is_empty() {
        return Ok(ctx.raw("notify-sent-by-unknown", &[]));
    }
    let contract = &brief.contract;
    let role = push.ctx.panier.read(async |c| notify_extra::sender_role(c, contract, from).await).await?;
    let role = match role {
        Some(SenderRole::Referent) => {
            ctx.label("notify-role-referent", &[("contract", Arg::from(&contract.name))])
        }
        Some(SenderRole::Farmer) => ctx.label("notify-role-farmer", &[("farm", Arg::from(&brief.farm))]),
        Some(SenderRole::Admin) => ctx.label("notify-role-admin", &[]),
        None => return Ok(ctx.raw("notify-sent-by", &[("name", Arg::from(from))])),
    };
    Ok(ctx.raw("notify-sent-by-role", &[("name", Arg::from(from)), ("role", Arg::from(role))]))
}

/// A referent's reminder of the contract's next delivery, as it stands for this member.
pub(super) async fn manual_reminder(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<Manual>(raw, "manual_reminder") else { return Ok(None) };
    let Some(date) = p.date else { return Ok(None) };
    let Some(brief) = brief_of(push, p.contract).await? else { return Ok(None) };
    if !brief.contract.state.delivers() {
        return Ok(None);
    }
    let ctx = &push.ctx;
    let Some(view) = next_of_contract(push, &brief, date.max(ctx.today())).await? else { return Ok(None) };
    let mut text = Rich::parse(&sent_by(push, &brief, &p.from).await?);
    text.append_line(ctx.t("notify-manual-next", &[("contract", Arg::from(&brief.contract.name))]));
    text.append_line(views::distribution(ctx, &view));
    Ok(Some(Reply::new(text).with_buttons(views::distribution_buttons(ctx, &view))))
}

/// A delivery cancelled or moved: what it means for this member. None when they had no basket
/// in it.
pub(super) async fn delivery_changed(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<Changed>(raw, "delivery_changed") else { return Ok(None) };
    let Some(brief) = brief_of(push, p.contract).await? else { return Ok(None) };
    let ctx = &push.ctx;
    let name = &brief.contract.name;
    let mut text = Rich::default();
    let buttons = match p.to {
        None => {
            let (member, contract, from) = (push.member, p.contract, p.from);
            let items = ctx
                .panier
                .read(async |c| notify_extra::delivery_items(c, contract, member, from).await)
                .await?;
            if items.is_empty() {
                return Ok(None);
            }
            let items = super::merge_items(items);
            text.append_line(ctx.t(
                "notify-changed-cancelled",
                &[("contract", Arg::from(name)), ("date", Arg::from(ctx.date(p.from)))],
            ));
            let items = views::items_line(ctx, &items);
            text.append_line(Rich::parse(&compose(
                ctx,
                "notify-changed-cancelled-items",
                &[("items", Arg::from(items))],
            )));
            vec![ctx.button("button-deliveries", &[], "/livraisons")]
        }
        Some(to) => {
            let amap = brief.contract.amap_id;
            let Some(view) = view_on(push, amap, to).await? else { return Ok(None) };
            let Some(view) = only_contract(view, p.contract, name) else { return Ok(None) };
            let key = if p.merged { "notify-changed-merged" } else { "notify-changed-moved" };
            text.append_line(ctx.t(
                key,
                &[
                    ("contract", Arg::from(name)),
                    ("from", Arg::from(ctx.date(p.from))),
                    ("to", Arg::from(ctx.date(to))),
                ],
            ));
            text.append_line(views::distribution(ctx, &view));
            views::distribution_buttons(ctx, &view)
        }
    };
    if !brief.referents.is_empty() {
        let names = join_and(ctx, &brief.referents);
        let n = brief.referents.len();
        text.append_line(
            ctx.t("notify-changed-question", &[("names", Arg::from(names)), ("n", Arg::from(n))]),
        );
    }
    Ok(Some(Reply::new(text).with_buttons(buttons)))
}
