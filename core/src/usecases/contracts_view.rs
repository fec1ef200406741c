//! A member's contracts and their state; a referent's view of payments.

use serde::Serialize;

use super::loaded::load_contract;
use super::rights::Rights;
use crate::error::CoreResult;
use crate::rules::money::subscription_total;
use crate::rules::state::{ContractState, SubscriptionState};
use crate::store::subscriptions::ChequeRow;
use crate::store::{Conn, contracts, directory, subscriptions};
use crate::types::{ContractId, MemberId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MyContract {
    pub contract_id: ContractId,
    pub slug: String,
    pub name: String,
    pub farm: String,
    pub state: ContractState,
    pub subscription: Option<SubscriptionState>,
    pub on_paper: bool,
    pub total_cents: Option<i64>,
    pub cheques: Vec<ChequeRow>,
}

/// Visible contracts of the member's AMAPs, with their own subscription if any.
pub async fn my_contracts(conn: &mut Conn, actor: MemberId) -> CoreResult<Vec<MyContract>> {
    let rights = Rights::load(conn, actor).await?;
    let mut out = Vec::new();
    for amap in rights.amaps() {
        for contract in contracts::contracts_of_amap(conn, amap).await? {
            if !contract.state.is_visible() {
                continue;
            }
            let farm =
                directory::farm_by_id(conn, contract.farm_id).await?.map(|f| f.name).unwrap_or_default();
            let sub = subscriptions::subscription_for(conn, contract.id, actor).await?;
            let (total, cheques) = match &sub {
                Some(s) => {
                    let products = contracts::products_of(conn, contract.id).await?;
                    let grid = subscriptions::grid_of(conn, s.id).await?;
                    (
                        subscription_total(&products, &grid).map(|c| c.0),
                        subscriptions::cheques_of(conn, s.id).await?,
                    )
                }
                None => (None, Vec::new()),
            };
            out.push(MyContract {
                contract_id: contract.id,
                slug: contract.slug.to_string(),
                name: contract.name.clone(),
                farm,
                state: contract.state,
                subscription: sub.as_ref().map(|s| s.state),
                on_paper: sub.as_ref().is_some_and(|s| s.on_paper),
                total_cents: total,
                cheques,
            });
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentLine {
    pub member: String,
    pub state: SubscriptionState,
    pub total_cents: i64,
    pub cheques: Vec<ChequeRow>,
}

/// Who has given which cheque, for the contract's referents, farmers and AMAP admins.
pub async fn payments(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
) -> CoreResult<Vec<PaymentLine>> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_manager_of(&loaded.contract)?;
    let mut lines = Vec::new();
    for sub in subscriptions::subscriptions_of_contract(conn, contract).await? {
        if sub.state == SubscriptionState::Cancelled {
            continue;
        }
        let member =
            directory::member_by_id(conn, sub.member_id).await?.map(|m| m.full_name()).unwrap_or_default();
        let grid = subscriptions::grid_of(conn, sub.id).await?;
        lines.push(PaymentLine {
            member,
            state: sub.state,
            total_cents: subscription_total(&loaded.products, &grid).map(|c| c.0).unwrap_or(0),
            cheques: subscriptions::cheques_of(conn, sub.id).await?,
        });
    }
    lines.sort_by(|a, b| a.member.cmp(&b.member));
    Ok(lines)
}
