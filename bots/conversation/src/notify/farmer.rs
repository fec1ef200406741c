//! For farmers and referents: the order totals once the deadline has passed (with the sign-in
//! sheet's summary), the close-out summary after a distribution, the countersignature request.

use chrono::NaiveDate;
use panier_core::error::{CoreError, Missing};
use panier_core::scheduler::closeout;
use panier_core::types::ContractId;
use panier_core::usecases::notify_extra::{self, ContractBrief};
use panier_core::usecases::totals;
use serde::Deserialize;

use super::{Push, Rendered, join_and, lines, payload};
use crate::dates::iso;
use crate::i18n::Arg;
use crate::message::Reply;

#[derive(Deserialize)]
struct ContractDate {
    contract: ContractId,
    date: NaiveDate,
}

#[derive(Deserialize)]
struct ContractOnly {
    contract: ContractId,
}

/// A count as a plural-driving argument.
fn count(n: u64) -> Arg<'static> {
    Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
}

async fn brief_of(push: &Push<'_>, contract: ContractId) -> Result<Option<ContractBrief>, CoreError> {
    let member = push.member;
    push.ctx.panier.read(async |c| notify_extra::contract_brief(c, contract, member).await).await
}

/// Order totals per product, baskets, subscribers and amount, then who collects how.
/// None when the delivery no longer happens that day (cancelled or moved) or is empty.
pub(super) async fn totals(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<ContractDate>(raw, "farmer_totals") else { return Ok(None) };
    let Some(brief) = brief_of(push, p.contract).await? else { return Ok(None) };
    let (contract, date) = (p.contract, p.date);
    let found = push
        .ctx
        .panier
        .read(async |c| match totals::delivery_totals(c, contract, date).await {
            Ok(t) => Ok(Some((t, notify_extra::handout(c, contract, date).await?))),
            Err(CoreError::NotFound(Missing::Delivery(_))) => Ok(None),
            Err(e) => Err(e),
        })
        .await?;
    let Some((totals, handout)) = found else { return Ok(None) };
    if totals.products.iter().all(|t| t.quantity == 0) {
        return Ok(None);
    }
    let ctx = &push.ctx;
    let amap = push.amap_of(brief.contract.amap_id).map(|a| a.name.clone()).unwrap_or_default();
    let mut out = vec![
        ctx.raw("notify-totals-title", &[("date", Arg::from(ctx.date(date))), ("amap", Arg::from(amap))]),
        ctx.raw(
            "notify-totals-contract",
            &[("contract", Arg::from(&brief.contract.name)), ("farm", Arg::from(&brief.farm))],
        ),
    ];
    for t in &totals.products {
        out.push(ctx.raw(
            "notify-totals-product",
            &[("product", Arg::from(&t.name)), ("quantity", count(t.quantity))],
        ));
    }
    out.push(ctx.raw(
        "notify-totals-summary",
        &[
            ("baskets", Arg::from(handout.baskets)),
            ("subscribers", count(totals.subscribers)),
            ("amount", Arg::from(ctx.money(totals.amount_cents))),
        ],
    ));
    let mut sheet = vec![ctx.raw("notify-sheet-owners", &[("n", Arg::from(handout.owners))])];
    for (n, key) in [
        (handout.handed_over, "notify-sheet-handovers"),
        (handout.donated, "notify-sheet-donations"),
        (handout.postponed, "notify-sheet-postponed"),
    ] {
        if n > 0 {
            sheet.push(ctx.raw(key, &[("n", Arg::from(n))]));
        }
    }
    out.push(ctx.raw("notify-sheet", &[]) + &sheet.join(", ") + ".");
    let button = ctx.button("notify-button-sheet", &[], format!("/emargement {}", iso(date)));
    Ok(Some(Reply::new(lines(&out)).with_buttons(vec![button])))
}

/// After the distribution: what each basket of the contract became.
pub(super) async fn closeout(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<ContractDate>(raw, "closeout_summary") else { return Ok(None) };
    let Some(brief) = brief_of(push, p.contract).await? else { return Ok(None) };
    let (contract, date) = (p.contract, p.date);
    let counts = push.ctx.panier.read(async |c| closeout::counts(c, contract, date).await).await?;
    if counts.total() == 0 {
        return Ok(None);
    }
    let ctx = &push.ctx;
    let mut out = vec![
        ctx.raw(
            "notify-closeout-title",
            &[("date", Arg::from(ctx.date(date))), ("contract", Arg::from(&brief.contract.name))],
        ),
        ctx.raw("notify-closeout-collected", &[("n", Arg::from(counts.collected))]),
    ];
    for (n, key) in [
        (counts.handed_over, "notify-closeout-handed-over"),
        (counts.postponed, "notify-closeout-postponed"),
        (counts.donated, "notify-closeout-donated"),
        (counts.not_collected, "notify-closeout-not-collected"),
        (counts.unconfirmed, "notify-closeout-unconfirmed"),
    ] {
        if n > 0 {
            out.push(ctx.raw(key, &[("n", Arg::from(n))]));
        }
    }
    if counts.unconfirmed > 0 {
        out.push(ctx.raw("notify-closeout-unconfirmed-hint", &[]));
    }
    let button = ctx.button("notify-button-sheet", &[], format!("/emargement {}", iso(date)));
    Ok(Some(Reply::new(lines(&out)).with_buttons(vec![button])))
}

/// Subscriptions closed: the farmer countersigns those their members signed. None when none
/// waits any more.
pub(super) async fn countersign(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<ContractOnly>(raw, "countersign_request") else { return Ok(None) };
    let Some(brief) = brief_of(push, p.contract).await? else { return Ok(None) };
    if brief.awaiting_countersignature == 0 || !brief.contract.state.is_visible() {
        return Ok(None);
    }
    let ctx = &push.ctx;
    let mut out = vec![ctx.raw(
        "notify-countersign",
        &[("contract", Arg::from(&brief.contract.name)), ("n", Arg::from(brief.awaiting_countersignature))],
    )];
    if brief.referents.is_empty() {
        out.push(ctx.raw("notify-countersign-how-admins", &[]));
    } else {
        let names = join_and(ctx, &brief.referents);
        out.push(ctx.raw(
            "notify-countersign-how",
            &[("names", Arg::from(names)), ("n", Arg::from(brief.referents.len()))],
        ));
    }
    let data = format!("/paiements {}", brief.contract.slug.as_str());
    let button = ctx.button("notify-button-subscriptions", &[], data);
    Ok(Some(Reply::new(lines(&out)).with_buttons(vec![button])))
}
