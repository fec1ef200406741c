//! `Panier`: the use cases behind one handle, each in its own connection or transaction.

use chrono::{DateTime, NaiveDate, Utc};

use super::absence::{AbsenceRecorded, AbsenceRequest};
use super::baskets::{self, DistributionView};
use super::collection::{self, SignInSheet};
use super::contracts_view::{self, MyContract, PaymentLine};
use super::deliveries::{self, DeliveryChanged};
use super::duty::{self, ShiftView, SignedUp, Withdrawn};
use super::events::{self, EventView, Rsvp};
use super::linking::{self, Linked};
use super::rights::Rights;
use super::totals::{self, DeliveryTotals};
use super::{absence, preferences};
use crate::error::{Conflict, CoreError, CoreResult, Invalid, Missing};
use crate::model::{Amap, Contract, Member, NotificationKind};
use crate::store::{Conn, Store, accounts, contracts, directory};
use crate::types::{AmapId, ContractId, EventId, MemberId};

/// The use cases, ready for front-ends. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Panier {
    store: Store,
}

impl Panier {
    pub fn new(store: Store) -> Panier {
        Panier { store }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs `f` on a pooled connection (reads, single-statement writes).
    pub async fn read<T>(&self, f: impl AsyncFnOnce(&mut Conn) -> CoreResult<T>) -> CoreResult<T> {
        let mut conn = self.store.conn().await?;
        f(&mut conn).await
    }

    /// Runs `f` in a write transaction, committed only if `f` succeeds.
    pub async fn write<T>(&self, f: impl AsyncFnOnce(&mut Conn) -> CoreResult<T>) -> CoreResult<T> {
        let mut tx = self.store.write_tx().await?;
        let out = f(&mut tx).await?;
        tx.commit().await?;
        Ok(out)
    }

    // --- who is talking -------------------------------------------------------------

    pub async fn member_for_account(&self, transport: &str, external_id: &str) -> CoreResult<Option<Member>> {
        self.read(async |c| match accounts::member_by_account(c, transport, external_id).await? {
            Some(id) => directory::member_by_id(c, id).await,
            None => Ok(None),
        })
        .await
    }

    pub async fn rights(&self, member: MemberId) -> CoreResult<Rights> {
        self.read(async |c| Rights::load(c, member).await).await
    }

    pub async fn amaps_of(&self, member: MemberId) -> CoreResult<Vec<Amap>> {
        self.read(async |c| directory::amaps_of_member(c, member).await).await
    }

    /// The AMAP's own addition to the privacy notice, if it wrote one.
    pub async fn privacy_notice(&self, amap: AmapId) -> CoreResult<Option<String>> {
        self.read(async |c| super::privacy::privacy_notice(c, amap).await).await
    }

    /// The contract a member means by `slug`, among their AMAPs.
    pub async fn contract_for(&self, member: MemberId, slug: &str) -> CoreResult<Contract> {
        self.read(async |c| {
            let rights = Rights::load(c, member).await?;
            let mut found = Vec::new();
            for amap in rights.amaps() {
                found.extend(contracts::contracts_by_slug(c, slug, Some(amap)).await?);
            }
            if found.is_empty() {
                // Farmers and referents may manage contracts of AMAPs they are not members of.
                found = contracts::contracts_by_slug(c, slug, None)
                    .await?
                    .into_iter()
                    .filter(|k| rights.manages(k))
                    .collect();
            }
            match found.len() {
                0 => Err(CoreError::NotFound(Missing::Contract(slug.to_owned()))),
                1 => Ok(found.remove(0)),
                _ => Err(CoreError::Conflict(Conflict::Ambiguous(slug.to_owned()))),
            }
        })
        .await
    }

    /// Contracts the member manages (referent, farmer, admin), visible ones only.
    pub async fn managed_contracts(&self, member: MemberId) -> CoreResult<Vec<Contract>> {
        self.read(async |c| {
            let rights = Rights::load(c, member).await?;
            let mut out = Vec::new();
            for role in &rights.roles {
                let candidates = match role {
                    crate::model::Role::Referent(id) => {
                        contracts::contract_by_id(c, *id).await?.into_iter().collect()
                    }
                    crate::model::Role::Farmer(farm) => contracts::contracts_of_farm(c, *farm).await?,
                    crate::model::Role::Admin(amap) => contracts::contracts_of_amap(c, *amap).await?,
                    _ => Vec::new(),
                };
                for k in candidates {
                    if k.state.is_visible() && !out.iter().any(|o: &Contract| o.id == k.id) {
                        out.push(k);
                    }
                }
            }
            Ok(out)
        })
        .await
    }

    /// Members of the actor's AMAPs whose name or e-mail contains `query` (admins only see
    /// e-mails; everyone may find a member to hand a basket to).
    pub async fn find_members(&self, actor: MemberId, amap: AmapId, query: &str) -> CoreResult<Vec<Member>> {
        self.read(async |c| {
            let rights = Rights::load(c, actor).await?;
            rights.require_member_of(amap)?;
            // Only admins search by e-mail: members must not probe other people's addresses.
            let by_email = rights.is_admin_of(amap);
            let needle = crate::text::fold(query);
            Ok(directory::members_of_amap(c, amap)
                .await?
                .into_iter()
                .filter(|m| {
                    crate::text::fold(&m.full_name()).contains(&needle)
                        || (by_email && m.email.as_str().contains(&needle))
                })
                .collect())
        })
        .await
    }

    // --- members --------------------------------------------------------------------

    pub async fn link(
        &self,
        transport: &str,
        external_id: &str,
        chat_id: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<Linked> {
        let result = self
            .write(async |c| linking::redeem_link_code(c, transport, external_id, chat_id, code, now).await)
            .await;
        if let Err(CoreError::Invalid(Invalid::LinkCode)) = &result {
            // Counted in its own transaction: the refused attempt's transaction rolled back.
            let locked = self
                .write(async |c| linking::record_wrong_code(c, transport, external_id, now).await)
                .await?;
            if locked {
                tracing::warn!(transport, "a chat account is locked out after too many wrong linking codes");
                return Err(CoreError::Conflict(Conflict::TooManyAttempts));
            }
        }
        result
    }

    pub async fn create_link_code(
        &self,
        actor: Option<MemberId>,
        amap: AmapId,
        member: MemberId,
        now: DateTime<Utc>,
    ) -> CoreResult<String> {
        self.write(async |c| {
            linking::create_link_code(c, actor, amap, member, now, linking::DEFAULT_CODE_DAYS).await
        })
        .await
    }

    pub async fn next_distribution(
        &self,
        member: MemberId,
        now: DateTime<Utc>,
    ) -> CoreResult<Option<DistributionView>> {
        self.read(async |c| baskets::next_distribution(c, member, now).await).await
    }

    pub async fn upcoming(
        &self,
        member: MemberId,
        from: NaiveDate,
        limit: usize,
    ) -> CoreResult<Vec<DistributionView>> {
        self.read(async |c| baskets::upcoming_for_member(c, member, from, limit).await).await
    }

    pub async fn declare_absence(
        &self,
        actor: MemberId,
        request: &AbsenceRequest,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<AbsenceRecorded>> {
        self.write(async |c| absence::declare_absence(c, actor, request, now).await).await
    }

    pub async fn confirm_collection(
        &self,
        actor: MemberId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> CoreResult<usize> {
        self.write(async |c| collection::confirm_collection(c, actor, date, now).await).await
    }

    pub async fn duty_sign_up(
        &self,
        actor: MemberId,
        amap: AmapId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> CoreResult<SignedUp> {
        self.write(async |c| duty::sign_up(c, actor, amap, date, now).await).await
    }

    pub async fn duty_withdraw(
        &self,
        actor: MemberId,
        amap: AmapId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> CoreResult<Withdrawn> {
        self.write(async |c| duty::withdraw(c, actor, amap, date, now).await).await
    }

    pub async fn duty_rota(
        &self,
        actor: MemberId,
        amap: AmapId,
        now: DateTime<Utc>,
        count: i64,
    ) -> CoreResult<Vec<ShiftView>> {
        self.read(async |c| duty::rota(c, actor, amap, now, count).await).await
    }

    pub async fn my_contracts(&self, actor: MemberId) -> CoreResult<Vec<MyContract>> {
        self.read(async |c| contracts_view::my_contracts(c, actor).await).await
    }

    pub async fn events(&self, actor: MemberId, now: DateTime<Utc>) -> CoreResult<Vec<EventView>> {
        self.read(async |c| events::upcoming(c, actor, now).await).await
    }

    pub async fn rsvp(
        &self,
        actor: MemberId,
        event: EventId,
        answer: Rsvp,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.write(async |c| events::rsvp(c, actor, event, answer, now).await).await
    }

    pub async fn create_event(
        &self,
        actor: MemberId,
        amap: AmapId,
        title: &str,
        starts_at: DateTime<Utc>,
        place: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<EventId> {
        self.write(async |c| events::create(c, actor, amap, title, starts_at, place, body, now).await).await
    }

    pub async fn notifications(&self, actor: MemberId) -> CoreResult<Vec<(NotificationKind, bool)>> {
        self.read(async |c| preferences::notifications(c, actor).await).await
    }

    pub async fn set_notification(
        &self,
        actor: MemberId,
        kind: NotificationKind,
        enabled: bool,
    ) -> CoreResult<()> {
        self.write(async |c| preferences::set_notification(c, actor, kind, enabled).await).await
    }

    pub async fn set_language(&self, actor: MemberId, language: Option<&str>) -> CoreResult<()> {
        self.write(async |c| preferences::set_language(c, actor, language).await).await
    }

    /// Notes that the member used Panier (retention counts from the last activity).
    pub async fn touch(&self, member: MemberId, now: DateTime<Utc>) -> CoreResult<()> {
        self.read(async |c| directory::touch_member(c, member, now).await).await
    }

    pub async fn my_data(&self, actor: MemberId, now: DateTime<Utc>) -> CoreResult<serde_json::Value> {
        self.read(async |c| super::privacy::my_data(c, actor, now).await).await
    }

    pub async fn forget(&self, actor: MemberId, now: DateTime<Utc>) -> CoreResult<super::privacy::Forgotten> {
        self.write(async |c| super::privacy::forget(c, actor, now).await).await
    }

    // --- referents, farmers, admins -------------------------------------------------

    pub async fn farmer_totals(
        &self,
        actor: MemberId,
        contract: ContractId,
        date: NaiveDate,
    ) -> CoreResult<DeliveryTotals> {
        self.read(async |c| totals::farmer_totals(c, actor, contract, date).await).await
    }

    pub async fn signin_sheet(
        &self,
        actor: MemberId,
        amap: AmapId,
        date: NaiveDate,
    ) -> CoreResult<SignInSheet> {
        self.read(async |c| collection::signin_sheet(c, actor, amap, date).await).await
    }

    pub async fn tick_sheet(
        &self,
        actor: MemberId,
        amap: AmapId,
        date: NaiveDate,
        owner: MemberId,
        collected: bool,
        now: DateTime<Utc>,
    ) -> CoreResult<usize> {
        self.write(async |c| collection::tick_sheet(c, actor, amap, date, owner, collected, now).await).await
    }

    pub async fn cancel_delivery(
        &self,
        actor: MemberId,
        contract: ContractId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> CoreResult<DeliveryChanged> {
        self.write(async |c| deliveries::cancel_delivery(c, actor, contract, date, now).await).await
    }

    pub async fn move_delivery(
        &self,
        actor: MemberId,
        contract: ContractId,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> CoreResult<DeliveryChanged> {
        self.write(async |c| deliveries::move_delivery(c, actor, contract, from, to, now).await).await
    }

    pub async fn remind(
        &self,
        actor: MemberId,
        contract: ContractId,
        audience: super::remind::RemindAudience,
        now: DateTime<Utc>,
    ) -> CoreResult<crate::scheduler::notify::Queued> {
        self.write(async |c| super::remind::remind(c, actor, contract, audience, now).await).await
    }

    pub async fn payments(&self, actor: MemberId, contract: ContractId) -> CoreResult<Vec<PaymentLine>> {
        self.read(async |c| contracts_view::payments(c, actor, contract).await).await
    }
}
