//! Subscribing and signing through one-time links: the member fills in and signs their
//! subscription on a web page, the farmer countersigns, both get a copy. Every action is
//! authorised here from the link (bound to one member, one contract and one purpose) and the
//! member's current roles; the web layer only parses forms and renders.
//!
//! Functions that write must run in a write transaction (`Panier::write`): a refusal changes
//! nothing, and the evidence record, the state change and the messages to send are committed
//! together.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use super::loaded::{LoadedContract, load_contract};
use super::rights::Rights;
use crate::error::{Conflict, CoreError, CoreResult, Forbidden, Invalid, Missing};
use crate::model::{Amap, Contract, Farm, Member, Product, Role};
use crate::rules::deadlines::{can_still_change, local_today};
use crate::rules::money::{Cheque, GridCell, allowed_cheque_counts, payment_schedule, subscription_total};
use crate::rules::season::DeliveryState;
use crate::rules::state::{ContractState, SubscriptionState};
use crate::scheduler::notify::{Queued, to_members};
use crate::signature::{
    self, ChainBreak, ContractDocument, DOCUMENT_FORMAT, DocAmap, DocCell, DocCheque, DocContract,
    DocDelivery, DocFarm, DocMember, DocPayment, DocProduct, DocRules, EvidenceKind, EvidenceRecord, Purpose,
};
use crate::store::signing::{self as store, DocumentRow, Draft, LinkRow};
use crate::store::subscriptions::SubscriptionRow;
use crate::store::{Conn, directory, subscriptions};
use crate::types::{Cents, ContractId, MemberId, ProductId, Quantity, SubscriptionId};

/// How long a link stays valid.
pub const LINK_DAYS: i64 = 7;
/// The outbox kind asking farmers to countersign (payload: `{"contract": id}`), rendered with
/// a fresh farmer link at send time.
pub const COUNTERSIGN_LINK_KIND: &str = "countersign_link";
/// The outbox kind carrying a signed copy (payload: `contract`, `subscription`, `version`
/// and `document`: `filename`, `media_type`, `sha256`, `size`, `content_base64`).
pub const SIGNED_COPY_KIND: &str = "signed_copy";

/// The chat account a link is delivered to: recorded with the signature as how the signer
/// was identified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveredTo {
    pub transport: String,
    pub account: String,
}

/// A link just made. The token exists only here and in the message sent to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedLink {
    pub token: String,
    pub purpose: Purpose,
    pub contract_id: ContractId,
    pub expires_at: DateTime<Utc>,
}

/// How a contract accepts a member's subscription today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum Window {
    /// Open for subscription: every delivery still ahead.
    Open,
    /// Running, late subscription allowed: deliveries from `from` on (after the farmer's notice).
    Late { from: NaiveDate },
}

fn window(contract: &Contract, today: NaiveDate) -> Option<Window> {
    let rules = &contract.rules;
    let in_dates = rules.subscription_opens <= today && today <= rules.subscription_closes;
    match contract.state {
        ContractState::Open if in_dates => Some(Window::Open),
        ContractState::Open | ContractState::Running if rules.late_subscription => Some(Window::Late {
            from: today.checked_add_days(Days::new(u64::from(rules.farmer_notice_days))).unwrap_or(today),
        }),
        _ => None,
    }
}

async fn amap_of(conn: &mut Conn, contract: &Contract) -> CoreResult<Amap> {
    directory::amap_by_id(conn, contract.amap_id)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(contract.amap_id.to_string())))
}

async fn farm_of(conn: &mut Conn, contract: &Contract) -> CoreResult<Farm> {
    directory::farm_by_id(conn, contract.farm_id)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Farm(contract.farm_id.to_string())))
}

async fn member_of(conn: &mut Conn, id: MemberId) -> CoreResult<Member> {
    directory::member_by_id(conn, id)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Member(id.to_string())))
}

async fn insert_new_link(
    conn: &mut Conn,
    purpose: Purpose,
    member: MemberId,
    contract: ContractId,
    to: &DeliveredTo,
    now: DateTime<Utc>,
) -> CoreResult<IssuedLink> {
    let token = signature::new_token();
    let expires_at = now + Duration::days(LINK_DAYS);
    store::insert_link(
        conn,
        &LinkRow {
            token_hash: signature::hash_token(&token),
            purpose,
            member_id: member,
            contract_id: contract,
            transport: to.transport.clone(),
            account: to.account.clone(),
            csrf: signature::new_csrf(),
            expires_at,
            used_at: None,
            created_at: now,
        },
    )
    .await?;
    Ok(IssuedLink { token, purpose, contract_id: contract, expires_at })
}

/// A link for `actor` to fill in and sign their subscription to `contract`: the contract must
/// be open, or running with late subscription allowed.
pub async fn issue_member_link(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    to: &DeliveredTo,
    now: DateTime<Utc>,
) -> CoreResult<IssuedLink> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_member_of(loaded.contract.amap_id)?;
    let amap = amap_of(conn, &loaded.contract).await?;
    let today = local_today(now, amap.timezone);
    let Some(w) = window(&loaded.contract, today) else {
        return Err(CoreError::Conflict(Conflict::ContractNotOpen));
    };
    let existing = subscriptions::subscription_for(conn, contract, actor).await?;
    if existing.is_none() && subscription_dates(&loaded, w, false).is_empty() {
        return Err(CoreError::Conflict(Conflict::ContractNotOpen));
    }
    insert_new_link(conn, Purpose::Member, actor, contract, to, now).await
}

/// A link for a farmer of the contract's farm to countersign what its members signed.
pub async fn issue_farmer_link(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    to: &DeliveredTo,
    now: DateTime<Utc>,
) -> CoreResult<IssuedLink> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    if !rights.is_farmer_of(loaded.contract.farm_id) {
        return Err(CoreError::Forbidden(Forbidden::FarmersOnly));
    }
    if !loaded.contract.state.is_visible() {
        return Err(CoreError::NotFound(Missing::Contract(loaded.contract.slug.to_string())));
    }
    insert_new_link(conn, Purpose::Farmer, actor, contract, to, now).await
}

/// The link behind `token` for `purpose`; unknown when the token or the purpose does not
/// match (a member's link never opens the farmer's page), expired when too old. A used link
/// is returned: callers decide what it may still do.
async fn open_link(
    conn: &mut Conn,
    token: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> CoreResult<LinkRow> {
    if !signature::plausible_token(token) {
        return Err(Invalid::SigningLinkUnknown.into());
    }
    let link = store::link_by_hash(conn, &signature::hash_token(token)).await?;
    let Some(link) = link.filter(|l| l.purpose == purpose) else {
        return Err(Invalid::SigningLinkUnknown.into());
    };
    if link.expires_at <= now {
        return Err(Invalid::SigningLinkExpired.into());
    }
    Ok(link)
}

fn check_unused(link: &LinkRow) -> CoreResult<()> {
    if link.used_at.is_some() { Err(Invalid::SigningLinkUsed.into()) } else { Ok(()) }
}

fn check_csrf(link: &LinkRow, csrf: &str) -> CoreResult<()> {
    if signature::constant_time_eq(link.csrf.as_bytes(), csrf.as_bytes()) {
        Ok(())
    } else {
        Err(Invalid::FormExpired.into())
    }
}

/// The dates of a subscription (scheduled dates of planned deliveries): the whole season for
/// an existing subscription or an open contract, the remaining ones for a late subscriber.
fn subscription_dates(loaded: &LoadedContract, w: Window, existing: bool) -> Vec<NaiveDate> {
    loaded
        .deliveries
        .iter()
        .filter(|d| d.state == DeliveryState::Planned)
        .filter(|d| match w {
            Window::Late { from } if !existing => d.date >= from,
            _ => true,
        })
        .map(|d| d.scheduled)
        .collect()
}

/// A delivery of the page: its (scheduled) date, whether its quantities can still change,
/// and the products delivered that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateRow {
    pub date: NaiveDate,
    /// Where it happens now, when it was moved.
    pub moved_to: Option<NaiveDate>,
    pub editable: bool,
    pub products: Vec<ProductId>,
}

/// One choice of the payment schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChequeOption {
    pub count: u32,
    pub cheques: Vec<Cheque>,
}

/// What a link's page may show about the link itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkView {
    pub purpose: Purpose,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
    /// Sent back by the page's forms.
    pub csrf: String,
}

/// Everything the member's signing page shows: only this member's subscription to this
/// contract of this AMAP.
#[derive(Debug, Clone, Serialize)]
pub struct SigningPage {
    pub link: LinkView,
    pub amap: Amap,
    pub farm: Farm,
    pub contract: Contract,
    pub member: Member,
    pub window: Option<Window>,
    pub products: Vec<Product>,
    pub dates: Vec<DateRow>,
    /// The quantities shown (being chosen, or as signed).
    pub grid: Vec<GridCell>,
    /// Per product, the quantity when it is the same on every date it can still change.
    pub uniform: Vec<(ProductId, Option<u32>)>,
    pub total: Cents,
    pub cheque_count: u32,
    pub cheque_options: Vec<ChequeOption>,
    pub schedule: Vec<Cheque>,
    /// Quantities and cheques can be changed now.
    pub editable: bool,
    pub state: Option<SubscriptionState>,
    /// The latest signed version, if any.
    pub signed_version: Option<u32>,
    /// The latest signed version is countersigned: its copy can be downloaded.
    pub copy_available: bool,
    /// There is something to sign: a new subscription or changes since the last signature.
    pub needs_signature: bool,
    /// The document the member would sign now, and its hash (sent back by the sign form).
    pub document: ContractDocument,
    pub document_sha256: String,
}

/// The member's subscription as the page works on it.
struct Working {
    loaded: LoadedContract,
    amap: Amap,
    farm: Farm,
    member: Member,
    window: Option<Window>,
    sub: Option<SubscriptionRow>,
    latest: Option<DocumentRow>,
    /// The grid as committed (last signature or import).
    signed_grid: Vec<GridCell>,
    dates: Vec<DateRow>,
    grid: Vec<GridCell>,
    cheque_count: u32,
    needs_signature: bool,
}

fn normalized(grid: &[GridCell]) -> Vec<(NaiveDate, ProductId, Quantity)> {
    let mut cells: Vec<_> =
        grid.iter().filter(|c| !c.quantity.is_zero()).map(|c| (c.date, c.product, c.quantity)).collect();
    cells.sort();
    cells
}

async fn working(conn: &mut Conn, link: &LinkRow, now: DateTime<Utc>) -> CoreResult<Working> {
    let rights = Rights::load(conn, link.member_id).await?;
    let loaded = load_contract(conn, link.contract_id).await?;
    rights.require_member_of(loaded.contract.amap_id)?;
    let amap = amap_of(conn, &loaded.contract).await?;
    let farm = farm_of(conn, &loaded.contract).await?;
    let member = member_of(conn, link.member_id).await?;
    let today = local_today(now, amap.timezone);
    let w = window(&loaded.contract, today);
    let sub = subscriptions::subscription_for(conn, loaded.contract.id, member.id)
        .await?
        .filter(|s| s.state != SubscriptionState::Cancelled);
    let latest = match &sub {
        Some(s) => store::latest_document(conn, s.id).await?,
        None => None,
    };
    let signed_grid = match &sub {
        Some(s) => subscriptions::grid_of(conn, s.id).await?,
        None => Vec::new(),
    };
    let draft = store::draft_of(conn, loaded.contract.id, member.id).await?;
    let dates_in = match w {
        Some(w) => subscription_dates(&loaded, w, sub.is_some()),
        None => subscription_dates(&loaded, Window::Open, true),
    };
    let rules = &loaded.contract.rules;
    let dates: Vec<DateRow> = dates_in
        .iter()
        .map(|scheduled| {
            let d = loaded.deliveries.iter().find(|d| d.scheduled == *scheduled).copied();
            let actual = d.map_or(*scheduled, |d| d.date);
            let editable =
                match w {
                    None => false,
                    Some(Window::Open) => true,
                    Some(Window::Late { from }) => actual >= from,
                } && can_still_change(now, amap.timezone, actual, rules.modification_deadline_days);
            DateRow {
                date: *scheduled,
                moved_to: (actual != *scheduled).then_some(actual),
                editable,
                products: loaded.products.iter().filter(|p| p.offered_on(*scheduled)).map(|p| p.id).collect(),
            }
        })
        .collect();
    let committed_count = sub.as_ref().map_or(1, |s| s.cheque_count.max(1));
    let (grid, cheque_count) = match &draft {
        Some(d) => (d.grid.clone(), d.cheque_count),
        None => (signed_grid.clone(), committed_count),
    };
    let signed = sub.as_ref().is_some_and(|s| s.state.is_committed()) && latest.is_some();
    let changed = draft.as_ref().is_some_and(|d| {
        normalized(&d.grid) != normalized(&signed_grid) || d.cheque_count != committed_count
    });
    let needs_signature = !signed || changed;
    Ok(Working {
        loaded,
        amap,
        farm,
        member,
        window: w,
        sub,
        latest,
        signed_grid,
        dates,
        grid,
        cheque_count,
        needs_signature,
    })
}

impl Working {
    /// The grid restricted to the subscription's dates and the cells actually delivered.
    fn cells(&self) -> Vec<GridCell> {
        let mut cells: Vec<GridCell> = self
            .grid
            .iter()
            .filter(|c| !c.quantity.is_zero())
            .filter(|c| self.dates.iter().any(|d| d.date == c.date && d.products.contains(&c.product)))
            .copied()
            .collect();
        cells.sort_by_key(|c| (c.date, c.product));
        cells
    }

    fn total(&self) -> Cents {
        subscription_total(&self.loaded.products, &self.cells()).unwrap_or_default()
    }

    fn first_date(&self) -> NaiveDate {
        self.dates.first().map(|d| d.date).unwrap_or(self.loaded.contract.rules.subscription_opens)
    }

    fn allowed_cheques(&self) -> u32 {
        let rules = &self.loaded.contract.rules;
        allowed_cheque_counts(self.total(), rules.max_cheques, rules.min_cheque)
    }

    fn schedule(&self, count: u32) -> Vec<Cheque> {
        let rules = &self.loaded.contract.rules;
        payment_schedule(self.total(), count, rules.max_cheques, rules.min_cheque, self.first_date())
            .unwrap_or_default()
    }

    fn effective_cheques(&self) -> u32 {
        self.cheque_count.clamp(1, self.allowed_cheques())
    }

    fn next_version(&self) -> u32 {
        self.latest.as_ref().map_or(1, |d| d.version + 1)
    }

    fn document(&self, version: u32) -> ContractDocument {
        let c = &self.loaded.contract;
        let r = &c.rules;
        let cells = self.cells();
        ContractDocument {
            format: DOCUMENT_FORMAT.into(),
            version,
            amap: DocAmap {
                id: self.amap.id.0,
                name: self.amap.name.clone(),
                place: self.amap.place_name.clone(),
                address: self.amap.address.clone(),
            },
            farm: DocFarm {
                id: self.farm.id.0,
                name: self.farm.name.clone(),
                address: self.farm.address.clone(),
            },
            contract: DocContract {
                id: c.id.0,
                slug: c.slug.to_string(),
                name: c.name.clone(),
                season: c.season.clone(),
                rules: DocRules {
                    subscription_opens: r.subscription_opens,
                    subscription_closes: r.subscription_closes,
                    late_subscription: r.late_subscription,
                    farmer_notice_days: r.farmer_notice_days,
                    max_absences: r.max_absences,
                    absence_modes: r.absence_modes.iter().map(|m| m.as_str().to_owned()).collect(),
                    modification_deadline_days: r.modification_deadline_days,
                    required_shifts: r.required_shifts,
                    max_cheques: r.max_cheques,
                    min_cheque_cents: r.min_cheque.0,
                },
                commitment_text: r.commitment_text.clone(),
            },
            member: DocMember {
                id: self.member.id.0,
                first_name: self.member.first_name.clone(),
                last_name: self.member.last_name.clone(),
                email: self.member.email.to_string(),
            },
            products: self
                .loaded
                .products
                .iter()
                .map(|p| DocProduct {
                    id: p.id.0,
                    slug: p.slug.to_string(),
                    name: p.name.clone(),
                    unit: p.unit.clone(),
                    price_cents: p.price.0,
                })
                .collect(),
            deliveries: self
                .dates
                .iter()
                .map(|d| DocDelivery { date: d.date, products: d.products.iter().map(|p| p.0).collect() })
                .collect(),
            grid: cells
                .iter()
                .map(|cell| DocCell {
                    date: cell.date,
                    product: cell.product.0,
                    quantity: cell.quantity.get(),
                })
                .collect(),
            total_cents: self.total().0,
            payment: DocPayment {
                payee: r.payee.clone(),
                cheques: self
                    .schedule(self.effective_cheques())
                    .iter()
                    .map(|ch| DocCheque {
                        number: ch.number,
                        amount_cents: ch.amount.0,
                        cashing_month: ch.cashing_month,
                    })
                    .collect(),
            },
        }
    }

    fn quantity(&self, product: ProductId, date: NaiveDate) -> Quantity {
        self.grid
            .iter()
            .find(|c| c.product == product && c.date == date)
            .map_or(Quantity::ZERO, |c| c.quantity)
    }

    fn set(&mut self, product: ProductId, date: NaiveDate, quantity: Quantity) {
        self.grid.retain(|c| !(c.product == product && c.date == date));
        if !quantity.is_zero() {
            self.grid.push(GridCell { product, date, quantity });
        }
    }

    fn editable(&self, link: &LinkRow) -> bool {
        self.window.is_some() && link.used_at.is_none()
    }

    fn page(self, link: &LinkRow) -> SigningPage {
        let editable = self.editable(link);
        let allowed = self.allowed_cheques();
        let cheque_count = self.effective_cheques();
        let version = if self.needs_signature {
            self.next_version()
        } else {
            self.latest.as_ref().map_or(1, |d| d.version)
        };
        let document = self.document(version);
        let document_sha256 = document.sha256();
        let uniform = self
            .loaded
            .products
            .iter()
            .map(|p| {
                let mut values = self
                    .dates
                    .iter()
                    .filter(|d| d.editable && d.products.contains(&p.id))
                    .map(|d| self.quantity(p.id, d.date).get());
                let first = values.next();
                let same = first.filter(|f| values.all(|v| v == *f));
                (p.id, same)
            })
            .collect();
        SigningPage {
            link: LinkView {
                purpose: link.purpose,
                expires_at: link.expires_at,
                used: link.used_at.is_some(),
                csrf: link.csrf.clone(),
            },
            total: self.total(),
            cheque_options: (1..=allowed)
                .map(|n| ChequeOption { count: n, cheques: self.schedule(n) })
                .collect(),
            schedule: self.schedule(cheque_count),
            cheque_count,
            grid: self.cells(),
            uniform,
            editable,
            state: self.sub.as_ref().map(|s| s.state),
            signed_version: self.latest.as_ref().map(|d| d.version),
            copy_available: self.sub.as_ref().is_some_and(|s| s.state == SubscriptionState::Countersigned),
            needs_signature: self.needs_signature,
            document,
            document_sha256,
            window: self.window,
            products: self.loaded.products,
            dates: self.dates,
            amap: self.amap,
            farm: self.farm,
            contract: self.loaded.contract,
            member: self.member,
        }
    }
}

/// The member's page behind `token`. A used link still shows (read-only) what was signed.
pub async fn member_page(conn: &mut Conn, token: &str, now: DateTime<Utc>) -> CoreResult<SigningPage> {
    let link = open_link(conn, token, Purpose::Member, now).await?;
    Ok(working(conn, &link, now).await?.page(&link))
}

/// A change of quantities from the page's forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityChange {
    /// The same quantity of each product on every delivery that can still change.
    EveryDate(Vec<(ProductId, Quantity)>),
    /// Quantities date by date.
    PerDate(Vec<(ProductId, NaiveDate, Quantity)>),
}

async fn editable_working(
    conn: &mut Conn,
    token: &str,
    csrf: &str,
    now: DateTime<Utc>,
) -> CoreResult<(LinkRow, Working)> {
    let link = open_link(conn, token, Purpose::Member, now).await?;
    check_unused(&link)?;
    check_csrf(&link, csrf)?;
    let w = working(conn, &link, now).await?;
    if w.window.is_none() {
        return Err(CoreError::Conflict(Conflict::ContractNotOpen));
    }
    Ok((link, w))
}

/// Saves quantities chosen on the page (not signed yet). Refuses unknown products, dates
/// outside the subscription, deliveries past their deadline and products not delivered on a
/// date. After a signature, a change is an amendment: it needs new signatures.
pub async fn save_quantities(
    conn: &mut Conn,
    token: &str,
    csrf: &str,
    change: &QuantityChange,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let (link, mut w) = editable_working(conn, token, csrf, now).await?;
    let known = |w: &Working, p: ProductId| -> CoreResult<()> {
        if w.loaded.products.iter().any(|x| x.id == p) {
            Ok(())
        } else {
            Err(CoreError::NotFound(Missing::Product(p.to_string())))
        }
    };
    match change {
        QuantityChange::EveryDate(values) => {
            for (product, quantity) in values {
                known(&w, *product)?;
                let targets: Vec<NaiveDate> = w
                    .dates
                    .iter()
                    .filter(|d| d.editable && d.products.contains(product))
                    .map(|d| d.date)
                    .collect();
                for date in targets {
                    w.set(*product, date, *quantity);
                }
            }
        }
        QuantityChange::PerDate(values) => {
            for (product, date, quantity) in values {
                known(&w, *product)?;
                let Some(row) = w.dates.iter().find(|d| d.date == *date) else {
                    return Err(Invalid::NotADeliveryDate.into());
                };
                if !row.products.contains(product) {
                    if quantity.is_zero() {
                        continue;
                    }
                    return Err(Invalid::ProductNotOffered.into());
                }
                if !row.editable {
                    if w.quantity(*product, *date) == *quantity {
                        continue;
                    }
                    return Err(Invalid::DeadlinePassed.into());
                }
                w.set(*product, *date, *quantity);
            }
        }
    }
    let draft = Draft { grid: w.cells(), cheque_count: w.cheque_count };
    store::save_draft(conn, link.contract_id, link.member_id, &draft, now).await
}

/// Chooses the number of cheques, within what the contract and the total allow.
pub async fn choose_cheques(
    conn: &mut Conn,
    token: &str,
    csrf: &str,
    count: u32,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let (link, w) = editable_working(conn, token, csrf, now).await?;
    if count == 0 || count > w.allowed_cheques() {
        return Err(Invalid::ChequeCount.into());
    }
    let draft = Draft { grid: w.cells(), cheque_count: count };
    store::save_draft(conn, link.contract_id, link.member_id, &draft, now).await
}

/// How a signature was given: the explicit consent and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureContext {
    /// The consent box was ticked.
    pub consent: bool,
    /// The consent sentence exactly as shown next to the box.
    pub consent_text: String,
    pub ip: String,
    pub user_agent: String,
}

impl SignatureContext {
    fn check(&self) -> CoreResult<()> {
        if self.consent && !self.consent_text.trim().is_empty() {
            Ok(())
        } else {
            Err(Invalid::ConsentRequired.into())
        }
    }
}

/// Bounds what is recorded from the request (headers are attacker-controlled).
fn bounded(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

fn evidence(
    kind: EvidenceKind,
    sub: SubscriptionId,
    doc: &DocumentRow,
    signer: &Member,
    link: &LinkRow,
    ctx: &SignatureContext,
    now: DateTime<Utc>,
) -> EvidenceRecord {
    EvidenceRecord {
        seq: 0,
        kind: kind.as_str().into(),
        subscription_id: sub.0,
        contract_id: doc.contract_id.0,
        document_version: i64::from(doc.version),
        document_sha256: doc.sha256.clone(),
        member_id: signer.id.0,
        member_name: signer.full_name(),
        transport: link.transport.clone(),
        account: link.account.clone(),
        signed_at: now.timestamp(),
        consent_text: bounded(&ctx.consent_text, 2000),
        ip: bounded(&ctx.ip, 64),
        user_agent: bounded(&ctx.user_agent, 512),
        prev_hash: String::new(),
        hash: String::new(),
    }
}

/// The member signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signed {
    pub subscription: SubscriptionId,
    pub version: u32,
    pub document_sha256: String,
    pub evidence_seq: i64,
    /// Countersignature requests queued to the farm's farmers.
    pub farmers: Queued,
}

/// Signs the subscription as displayed (`document_sha256` is the hash of the document the
/// page showed; any change since is refused as stale). Spends the link, records the evidence,
/// moves the subscription to member-signed and asks the farmers to countersign.
pub async fn sign(
    conn: &mut Conn,
    token: &str,
    csrf: &str,
    document_sha256: &str,
    ctx: &SignatureContext,
    now: DateTime<Utc>,
) -> CoreResult<Signed> {
    let (link, w) = editable_working(conn, token, csrf, now).await?;
    ctx.check()?;
    if !w.needs_signature {
        return Err(CoreError::Conflict(Conflict::AlreadySigned));
    }
    let version = w.next_version();
    let document = w.document(version);
    let hash = document.sha256();
    if !signature::constant_time_eq(hash.as_bytes(), document_sha256.as_bytes()) {
        return Err(CoreError::Conflict(Conflict::StaleVersion));
    }
    let mut cells = w.cells();
    if cells.is_empty() {
        return Err(Invalid::Quantity.into());
    }
    // Cells on deliveries outside the page (cancelled ones) stay as they were.
    cells.extend(w.signed_grid.iter().filter(|c| !w.dates.iter().any(|d| d.date == c.date)).copied());
    let contract = &w.loaded.contract;
    let count = w.effective_cheques();
    if let Some(s) = &w.sub
        && !matches!(
            s.state,
            SubscriptionState::Draft | SubscriptionState::MemberSigned | SubscriptionState::Countersigned
        )
    {
        return Err(CoreError::Conflict(Conflict::Transition {
            from: s.state.as_str().into(),
            to: SubscriptionState::MemberSigned.as_str().into(),
        }));
    }
    let sub = subscriptions::upsert_subscription(
        conn,
        contract.id,
        w.member.id,
        SubscriptionState::MemberSigned,
        false,
        count,
        now,
    )
    .await?;
    let grid_version = subscriptions::subscription_by_id(conn, sub).await?.map_or(1, |s| s.version);
    if !subscriptions::replace_grid(conn, sub, grid_version, &cells, now).await? {
        return Err(CoreError::Conflict(Conflict::StaleVersion));
    }
    subscriptions::replace_cheques(conn, sub, &w.schedule(count), now).await?;
    subscriptions::mark_signed(conn, sub, SubscriptionState::MemberSigned, now).await?;
    let doc = DocumentRow {
        subscription_id: sub,
        version,
        contract_id: contract.id,
        member_id: w.member.id,
        document: document.canonical_json(),
        sha256: hash.clone(),
        created_at: now,
    };
    store::insert_document(conn, &doc).await?;
    let record = store::append_evidence(
        conn,
        evidence(EvidenceKind::MemberSignature, sub, &doc, &w.member, &link, ctx, now),
    )
    .await?;
    store::delete_draft(conn, contract.id, w.member.id).await?;
    if !store::use_link(conn, &link.token_hash, now).await? {
        return Err(Invalid::SigningLinkUsed.into());
    }
    let farmers: Vec<MemberId> =
        directory::holders_of(conn, Role::Farmer(contract.farm_id)).await?.iter().map(|m| m.id).collect();
    let today = local_today(now, w.amap.timezone);
    let queued = to_members(
        conn,
        contract.amap_id,
        &farmers,
        COUNTERSIGN_LINK_KIND,
        &format!("contract{}:{today}", contract.id),
        json!({"contract": contract.id}),
        now,
        None,
    )
    .await?;
    Ok(Signed {
        subscription: sub,
        version,
        document_sha256: hash,
        evidence_seq: record.seq,
        farmers: queued,
    })
}

// --- the farmer's countersignature -------------------------------------------------------

/// A subscription signed by its member, waiting for the farmer.
#[derive(Debug, Clone, Serialize)]
pub struct AwaitingCountersignature {
    pub subscription: SubscriptionId,
    /// The member's full name: the farmer needs to know who they commit to.
    pub member_name: String,
    pub version: u32,
    pub document_sha256: String,
    pub document: ContractDocument,
    pub member_signed_at: DateTime<Utc>,
}

/// A subscription already countersigned (its latest version).
#[derive(Debug, Clone, Serialize)]
pub struct Countersigned {
    pub subscription: SubscriptionId,
    pub member_name: String,
    pub version: u32,
    pub total: Cents,
    pub countersigned_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountersignPage {
    pub link: LinkView,
    pub amap: Amap,
    pub farm: Farm,
    pub contract: Contract,
    pub farmer: Member,
    pub pending: Vec<AwaitingCountersignature>,
    pub countersigned: Vec<Countersigned>,
    /// Subscriptions signed on paper (no online signature to countersign here).
    pub on_paper: usize,
}

struct FarmerView {
    link: LinkRow,
    contract: Contract,
    amap: Amap,
    farm: Farm,
    farmer: Member,
    pending: Vec<AwaitingCountersignature>,
    countersigned: Vec<Countersigned>,
    on_paper: usize,
}

async fn farmer_view(conn: &mut Conn, token: &str, now: DateTime<Utc>) -> CoreResult<FarmerView> {
    let link = open_link(conn, token, Purpose::Farmer, now).await?;
    let rights = Rights::load(conn, link.member_id).await?;
    let loaded = load_contract(conn, link.contract_id).await?;
    if !rights.is_farmer_of(loaded.contract.farm_id) {
        return Err(CoreError::Forbidden(Forbidden::FarmersOnly));
    }
    let amap = amap_of(conn, &loaded.contract).await?;
    let farm = farm_of(conn, &loaded.contract).await?;
    let farmer = member_of(conn, link.member_id).await?;
    let mut pending = Vec::new();
    let mut countersigned = Vec::new();
    let mut on_paper = 0;
    for sub in subscriptions::subscriptions_of_contract(conn, loaded.contract.id).await? {
        if !sub.state.is_committed() {
            continue;
        }
        let Some(doc) = store::latest_document(conn, sub.id).await? else {
            on_paper += 1;
            continue;
        };
        let Ok(document) = serde_json::from_str::<ContractDocument>(&doc.document) else {
            tracing::warn!(subscription = %sub.id, "signed document unreadable, skipped");
            continue;
        };
        let member_name = format!("{} {}", document.member.first_name, document.member.last_name);
        let records = store::evidence_of(conn, sub.id, doc.version).await?;
        let signed_at = |kind: EvidenceKind| {
            records
                .iter()
                .filter(|r| r.kind == kind.as_str())
                .map(|r| crate::store::instant_from_sql(r.signed_at))
                .next_back()
        };
        match sub.state {
            SubscriptionState::MemberSigned => pending.push(AwaitingCountersignature {
                subscription: sub.id,
                member_name,
                version: doc.version,
                document_sha256: doc.sha256.clone(),
                member_signed_at: signed_at(EvidenceKind::MemberSignature).unwrap_or(doc.created_at),
                document,
            }),
            _ => countersigned.push(Countersigned {
                subscription: sub.id,
                member_name,
                version: doc.version,
                total: Cents(document.total_cents),
                countersigned_at: signed_at(EvidenceKind::FarmerCountersignature).unwrap_or(doc.created_at),
            }),
        }
    }
    pending.sort_by(|a, b| a.member_name.cmp(&b.member_name));
    countersigned.sort_by(|a, b| a.member_name.cmp(&b.member_name));
    Ok(FarmerView { link, contract: loaded.contract, amap, farm, farmer, pending, countersigned, on_paper })
}

/// The farmer's page behind `token`: the subscriptions of this contract waiting for them.
pub async fn farmer_page(conn: &mut Conn, token: &str, now: DateTime<Utc>) -> CoreResult<CountersignPage> {
    let v = farmer_view(conn, token, now).await?;
    Ok(CountersignPage {
        link: LinkView {
            purpose: v.link.purpose,
            expires_at: v.link.expires_at,
            used: v.link.used_at.is_some(),
            csrf: v.link.csrf.clone(),
        },
        amap: v.amap,
        farm: v.farm,
        contract: v.contract,
        farmer: v.farmer,
        pending: v.pending,
        countersigned: v.countersigned,
        on_paper: v.on_paper,
    })
}

/// A copy of a signed contract, with both signatures.
#[derive(Debug, Clone, Serialize)]
pub struct SignedCopy {
    pub subscription: SubscriptionId,
    pub version: u32,
    pub document: ContractDocument,
    pub document_sha256: String,
    pub member_signature: EvidenceRecord,
    pub farmer_signature: EvidenceRecord,
}

/// A file made from a signed copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedCopy {
    pub filename: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// Turns a signed copy into a file in a language ("fr", "en"): the PDF maker of the web layer.
pub trait CopyRenderer: Send + Sync {
    fn render(&self, copy: &SignedCopy, language: &str) -> RenderedCopy;
}

/// What the farmer countersigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountersignOutcome {
    pub subscriptions: Vec<SubscriptionId>,
    /// Copies queued to the members and to the farmer.
    pub copies: Queued,
}

async fn copy_of(conn: &mut Conn, sub: SubscriptionId, doc: &DocumentRow) -> CoreResult<Option<SignedCopy>> {
    let records = store::evidence_of(conn, sub, doc.version).await?;
    let last = |kind: EvidenceKind| records.iter().rfind(|r| r.kind == kind.as_str()).cloned();
    let (Some(member_signature), Some(farmer_signature)) =
        (last(EvidenceKind::MemberSignature), last(EvidenceKind::FarmerCountersignature))
    else {
        return Ok(None);
    };
    let document: ContractDocument = serde_json::from_str(&doc.document)
        .map_err(|e| CoreError::Store(sqlx::Error::Decode(Box::new(e))))?;
    Ok(Some(SignedCopy {
        subscription: sub,
        version: doc.version,
        document,
        document_sha256: doc.sha256.clone(),
        member_signature,
        farmer_signature,
    }))
}

async fn queue_copy(
    conn: &mut Conn,
    copy: &SignedCopy,
    contract: &Contract,
    recipient: &Member,
    amap: &Amap,
    renderer: &dyn CopyRenderer,
    now: DateTime<Utc>,
) -> CoreResult<Queued> {
    use base64::Engine;
    let language = recipient.language.clone().unwrap_or_else(|| amap.default_language.clone());
    let file = renderer.render(copy, &language);
    let payload = json!({
        "contract": contract.id,
        "contract_name": contract.name,
        "member_name": format!("{} {}", copy.document.member.first_name, copy.document.member.last_name),
        "subscription": copy.subscription,
        "version": copy.version,
        "document": {
            "filename": file.filename,
            "media_type": file.media_type,
            "sha256": signature::sha256_hex(&file.bytes),
            "size": file.bytes.len(),
            "content_base64": base64::engine::general_purpose::STANDARD.encode(&file.bytes),
        },
    });
    to_members(
        conn,
        amap.id,
        &[recipient.id],
        SIGNED_COPY_KIND,
        &format!("sub{}v{}", copy.subscription, copy.version),
        payload,
        now,
        None,
    )
    .await
}

/// Countersigns the listed subscriptions, each as displayed (`(subscription, document hash)`):
/// one, or all those the page listed. Records the evidence, moves them to countersigned, and
/// sends both parties a copy (rendered by `renderer`) through the outbox.
pub async fn countersign(
    conn: &mut Conn,
    token: &str,
    csrf: &str,
    which: &[(SubscriptionId, String)],
    ctx: &SignatureContext,
    renderer: &dyn CopyRenderer,
    now: DateTime<Utc>,
) -> CoreResult<CountersignOutcome> {
    let v = farmer_view(conn, token, now).await?;
    check_unused(&v.link)?;
    check_csrf(&v.link, csrf)?;
    ctx.check()?;
    if which.is_empty() {
        return Err(CoreError::NotFound(Missing::Subscription));
    }
    let mut done = Vec::new();
    let mut copies = Queued::default();
    for (sub, hash) in which {
        let Some(p) = v.pending.iter().find(|p| p.subscription == *sub) else {
            // Another contract's subscription, or not waiting for a countersignature.
            return match v.countersigned.iter().any(|c| c.subscription == *sub) {
                true => Err(CoreError::Conflict(Conflict::AlreadySigned)),
                false => Err(CoreError::NotFound(Missing::Subscription)),
            };
        };
        if !signature::constant_time_eq(p.document_sha256.as_bytes(), hash.as_bytes()) {
            return Err(CoreError::Conflict(Conflict::StaleVersion));
        }
        let doc = DocumentRow {
            subscription_id: *sub,
            version: p.version,
            contract_id: v.contract.id,
            member_id: MemberId(p.document.member.id),
            document: String::new(),
            sha256: p.document_sha256.clone(),
            created_at: now,
        };
        subscriptions::mark_signed(conn, *sub, SubscriptionState::Countersigned, now).await?;
        store::append_evidence(
            conn,
            evidence(EvidenceKind::FarmerCountersignature, *sub, &doc, &v.farmer, &v.link, ctx, now),
        )
        .await?;
        let Some(stored) = store::latest_document(conn, *sub).await? else { continue };
        if let Some(copy) = copy_of(conn, *sub, &stored).await? {
            let member = member_of(conn, MemberId(p.document.member.id)).await?;
            for recipient in [&member, &v.farmer] {
                let q = queue_copy(conn, &copy, &v.contract, recipient, &v.amap, renderer, now).await?;
                copies.queued += q.queued;
                copies.unreachable += q.unreachable;
            }
        }
        done.push(*sub);
    }
    if done.len() == v.pending.len() {
        // Nothing left to countersign: the link is spent.
        store::use_link(conn, &v.link.token_hash, now).await?;
    }
    Ok(CountersignOutcome { subscriptions: done, copies })
}

/// The signed copy behind a link, for download: the member's latest countersigned version,
/// or (farmer link) the one of `subscription` in the link's contract. Works on used links.
pub async fn copy_for_link(
    conn: &mut Conn,
    token: &str,
    purpose: Purpose,
    subscription: Option<SubscriptionId>,
    now: DateTime<Utc>,
) -> CoreResult<(SignedCopy, String)> {
    let link = open_link(conn, token, purpose, now).await?;
    let loaded = load_contract(conn, link.contract_id).await?;
    let rights = Rights::load(conn, link.member_id).await?;
    let sub = match purpose {
        Purpose::Member => {
            rights.require_member_of(loaded.contract.amap_id)?;
            subscriptions::subscription_for(conn, link.contract_id, link.member_id).await?
        }
        Purpose::Farmer => {
            if !rights.is_farmer_of(loaded.contract.farm_id) {
                return Err(CoreError::Forbidden(Forbidden::FarmersOnly));
            }
            match subscription {
                Some(id) => subscriptions::subscription_by_id(conn, id)
                    .await?
                    .filter(|s| s.contract_id == link.contract_id),
                None => None,
            }
        }
    };
    let sub = sub
        .filter(|s| s.state == SubscriptionState::Countersigned)
        .ok_or(CoreError::NotFound(Missing::Subscription))?;
    let doc =
        store::latest_document(conn, sub.id).await?.ok_or(CoreError::NotFound(Missing::Subscription))?;
    let copy = copy_of(conn, sub.id, &doc).await?.ok_or(CoreError::NotFound(Missing::Subscription))?;
    let amap = amap_of(conn, &loaded.contract).await?;
    let viewer = member_of(conn, link.member_id).await?;
    let language = viewer.language.unwrap_or(amap.default_language);
    Ok((copy, language))
}

// --- the referents' view and the evidence check -------------------------------------------

/// Who has signed a contract, for its referents, farmers and the AMAP's admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureStatus {
    /// Members of the AMAP without a signed subscription (full names, sorted).
    pub unsigned: Vec<String>,
    /// Signed by the member, waiting for the farmer.
    pub awaiting_countersignature: Vec<String>,
    pub countersigned: usize,
}

pub async fn signature_status(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
) -> CoreResult<SignatureStatus> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_manager_of(&loaded.contract)?;
    let subs = subscriptions::subscriptions_of_contract(conn, contract).await?;
    let farmers: Vec<MemberId> = directory::holders_of(conn, Role::Farmer(loaded.contract.farm_id))
        .await?
        .iter()
        .map(|m| m.id)
        .collect();
    let mut status =
        SignatureStatus { unsigned: Vec::new(), awaiting_countersignature: Vec::new(), countersigned: 0 };
    for m in directory::members_of_amap(conn, loaded.contract.amap_id).await? {
        if farmers.contains(&m.id) {
            continue;
        }
        match subs.iter().find(|s| s.member_id == m.id).map(|s| s.state) {
            Some(SubscriptionState::MemberSigned) => status.awaiting_countersignature.push(m.full_name()),
            Some(SubscriptionState::Countersigned) => status.countersigned += 1,
            _ => status.unsigned.push(m.full_name()),
        }
    }
    status.unsigned.sort();
    status.awaiting_countersignature.sort();
    Ok(status)
}

/// Checks the whole evidence log: the number of records, or the first broken one.
pub async fn verify_evidence(conn: &mut Conn) -> CoreResult<Result<usize, ChainBreak>> {
    let records = store::all_evidence(conn).await?;
    Ok(signature::verify_chain(&records))
}

// --- what the chat offers to sign ---------------------------------------------------------

/// A contract the member already signed and may still change (an amendment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amendable {
    pub contract_id: ContractId,
    pub contract: String,
    pub farm: String,
    pub closes: NaiveDate,
}

/// The member's signed subscriptions to contracts that still accept changes.
pub async fn amendable_contracts(
    conn: &mut Conn,
    actor: MemberId,
    now: DateTime<Utc>,
) -> CoreResult<Vec<Amendable>> {
    let rights = Rights::load(conn, actor).await?;
    let mut out = Vec::new();
    for sub in subscriptions::subscriptions_of_member(conn, actor).await? {
        if !sub.state.is_committed() {
            continue;
        }
        let Some(contract) = crate::store::contracts::contract_by_id(conn, sub.contract_id).await? else {
            continue;
        };
        if !rights.is_member_of(contract.amap_id) {
            continue;
        }
        let amap = amap_of(conn, &contract).await?;
        if window(&contract, local_today(now, amap.timezone)).is_none() {
            continue;
        }
        let farm = farm_of(conn, &contract).await?;
        out.push(Amendable {
            contract_id: contract.id,
            contract: contract.name.clone(),
            farm: farm.name,
            closes: contract.rules.subscription_closes,
        });
    }
    Ok(out)
}

/// A contract of the farmer's farm with online signatures waiting for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToCountersign {
    pub contract_id: ContractId,
    pub contract: String,
    pub amap_id: crate::types::AmapId,
    pub waiting: usize,
}

pub async fn contracts_to_countersign(conn: &mut Conn, actor: MemberId) -> CoreResult<Vec<ToCountersign>> {
    let rights = Rights::load(conn, actor).await?;
    let mut out = Vec::new();
    for role in &rights.roles {
        let Role::Farmer(farm) = role else { continue };
        for contract in crate::store::contracts::contracts_of_farm(conn, *farm).await? {
            if !contract.state.is_visible() {
                continue;
            }
            let mut waiting = 0;
            for sub in subscriptions::subscriptions_of_contract(conn, contract.id).await? {
                if sub.state == SubscriptionState::MemberSigned
                    && store::latest_document(conn, sub.id).await?.is_some()
                {
                    waiting += 1;
                }
            }
            if waiting > 0 {
                out.push(ToCountersign {
                    contract_id: contract.id,
                    contract: contract.name.clone(),
                    amap_id: contract.amap_id,
                    waiting,
                });
            }
        }
    }
    Ok(out)
}

/// The contracts of the farms the member farms (they countersign them, never subscribe).
pub async fn contracts_of_own_farms(conn: &mut Conn, actor: MemberId) -> CoreResult<Vec<ContractId>> {
    let rights = Rights::load(conn, actor).await?;
    let mut out = Vec::new();
    for role in &rights.roles {
        if let Role::Farmer(farm) = role {
            out.extend(crate::store::contracts::contracts_of_farm(conn, *farm).await?.iter().map(|c| c.id));
        }
    }
    Ok(out)
}

/// The file carried by a `signed_copy` outbox row (`document`: file name, media type and the
/// bytes in base64), for the renderer that attaches it. None when the row has no valid file.
pub fn copy_file_from_payload(raw: &str) -> Option<RenderedCopy> {
    use base64::Engine;
    let value: serde_json::Value = serde_json::from_str(raw).ok()?;
    let document = value.get("document")?;
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(document.get("content_base64")?.as_str()?).ok()?;
    if document.get("sha256").and_then(|h| h.as_str()) != Some(signature::sha256_hex(&bytes).as_str()) {
        return None;
    }
    Some(RenderedCopy {
        filename: document.get("filename")?.as_str()?.to_owned(),
        media_type: document.get("media_type")?.as_str()?.to_owned(),
        bytes,
    })
}
