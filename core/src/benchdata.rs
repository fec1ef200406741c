//! A national-scale dataset for benchmarks (`panier bench-data`): N AMAPs of M members, each
//! with 4 farms and 4 running contracts (weekly vegetables in 2 basket sizes, biweekly eggs,
//! weekly bread, biweekly cheese) over a 26-week season around `today`, distributions spread
//! over Tuesday..Saturday (one AMAP in five per weekday), 2 to 4 subscriptions per member with
//! their grids and cheques, some absences, duty sign-ups, and Telegram accounts for most members.
//!
//! Rows are generated in memory and written with multi-row INSERTs (`store::bulk`), one
//! transaction per batch of AMAPs. Deterministic for a given seed and existing database.

use std::time::Instant;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::error::CoreResult;
use crate::store::bulk::{self, Cell};
use crate::store::{Backend, Store, date_to_sql};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub amaps: u32,
    pub members: u32,
    /// The season is placed so that `today` is in its 9th week.
    pub today: NaiveDate,
    pub seed: u64,
    /// AMAPs per transaction.
    pub batch: u32,
}

/// Counts of what was written, and how long it took.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub amaps: u64,
    pub members: u64,
    pub farmers: u64,
    pub roles: u64,
    pub contracts: u64,
    pub products: u64,
    pub deliveries: u64,
    pub subscriptions: u64,
    pub grid_lines: u64,
    pub cheques: u64,
    pub absences: u64,
    pub duty_shifts: u64,
    pub duty_signups: u64,
    pub chat_accounts: u64,
    pub total_rows: u64,
    pub seconds: f64,
}

/// Distribution weekdays, one AMAP in five each.
pub const WEEKDAYS: [Weekday; 5] = [Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat];

const FIRST: [&str; 24] = [
    "Claire", "Marc", "Camille", "Julien", "Élise", "Thomas", "Léa", "Hugo", "Manon", "Lucas", "Chloé",
    "Antoine", "Inès", "Nicolas", "Sarah", "Pierre", "Zoé", "Maxime", "Anaïs", "Romain", "Juliette",
    "Bastien", "Margaux", "Théo",
];
const LAST: [&str; 20] = [
    "Dubois",
    "Lefèvre",
    "Petit",
    "Roux",
    "Fournier",
    "Girard",
    "Bonnet",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
];
const TOWNS: [&str; 10] =
    ["Lyon", "Nantes", "Rennes", "Lille", "Toulouse", "Grenoble", "Dijon", "Tours", "Limoges", "Besançon"];

/// One contract template: slug, name, farm, weekly (or biweekly), products (slug, name, cents),
/// probability that a member subscribes.
struct Offer {
    slug: &'static str,
    name: &'static str,
    farm: &'static str,
    products: &'static [(&'static str, &'static str, i64)],
    uptake: f64,
    max_cheques: i64,
}

const OFFERS: [Offer; 4] = [
    Offer {
        slug: "legumes",
        name: "Légumes",
        farm: "Ferme des Saules",
        products: &[
            ("grand-panier", "Grand panier de légumes", 1700),
            ("petit-panier", "Petit panier de légumes", 1100),
        ],
        uptake: 0.85,
        max_cheques: 6,
    },
    Offer {
        slug: "oeufs",
        name: "Œufs",
        farm: "Poulailler du Coteau",
        products: &[("boite-6-oeufs", "Boîte de 6 œufs", 240)],
        uptake: 0.55,
        max_cheques: 3,
    },
    Offer {
        slug: "pain",
        name: "Pain",
        farm: "Fournil de la Croix",
        products: &[("miche", "Miche au levain 1 kg", 520), ("pain-graines", "Pain aux graines", 480)],
        uptake: 0.45,
        max_cheques: 4,
    },
    Offer {
        slug: "fromage",
        name: "Fromage",
        farm: "Chèvrerie des Combes",
        products: &[("tomme", "Tomme de chèvre", 650), ("faisselle", "Faisselle", 380)],
        uptake: 0.4,
        max_cheques: 3,
    },
];

/// Next free id of each table with ids we reference.
#[derive(Debug, Default)]
struct Ids {
    amap: i64,
    member: i64,
    farm: i64,
    contract: i64,
    product: i64,
    subscription: i64,
    shift: i64,
}

/// Rows of one batch, per table.
#[derive(Default)]
struct Rows {
    amap: Vec<Vec<Cell>>,
    member: Vec<Vec<Cell>>,
    farm: Vec<Vec<Cell>>,
    role: Vec<Vec<Cell>>,
    contract: Vec<Vec<Cell>>,
    product: Vec<Vec<Cell>>,
    delivery: Vec<Vec<Cell>>,
    subscription: Vec<Vec<Cell>>,
    line: Vec<Vec<Cell>>,
    cheque: Vec<Vec<Cell>>,
    absence: Vec<Vec<Cell>>,
    shift: Vec<Vec<Cell>>,
    signup: Vec<Vec<Cell>>,
    chat: Vec<Vec<Cell>>,
}

/// The season dates of an AMAP distributing on `weekday`: the weekday on or before `today`,
/// 8 weeks back and 17 weeks on (26 weeks).
pub fn season_dates(today: NaiveDate, weekday: Weekday) -> Vec<NaiveDate> {
    let back = (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    let this_week = today - Days::new(u64::from(back));
    let first = this_week - Days::new(56);
    (0..26).map(|w| first + Days::new(7 * w)).collect()
}

/// Slugs of the generated contracts, in order.
pub const CONTRACTS: [&str; 4] = ["legumes", "oeufs", "pain", "fromage"];

/// The delivery dates of the generated contract `slug` among its AMAP's season dates: weekly
/// contracts every week; biweekly ones alternate, eggs on even weeks and cheese on odd weeks.
pub fn contract_dates(season: &[NaiveDate], slug: &str) -> Vec<NaiveDate> {
    match slug {
        "oeufs" => season.iter().copied().step_by(2).collect(),
        "fromage" => season.iter().copied().skip(1).step_by(2).collect(),
        _ => season.to_vec(),
    }
}

/// Generates the dataset into `store`.
pub async fn generate(store: &Store, spec: &Spec, now: DateTime<Utc>) -> CoreResult<Report> {
    let started = Instant::now();
    let postgres = store.backend() == Backend::Postgres;
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let mut report = Report::default();
    let (mut ids, first_index) = {
        let mut conn = store.conn().await?;
        let c = &mut *conn;
        let ids = Ids {
            amap: bulk::max_id(c, "amap").await? + 1,
            member: bulk::max_id(c, "member").await? + 1,
            farm: bulk::max_id(c, "farm").await? + 1,
            contract: bulk::max_id(c, "contract").await? + 1,
            product: bulk::max_id(c, "product").await? + 1,
            subscription: bulk::max_id(c, "subscription").await? + 1,
            shift: bulk::max_id(c, "duty_shift").await? + 1,
        };
        let existing: i64 =
            sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM amap WHERE slug LIKE 'bench-%'")
                .fetch_one(c)
                .await?;
        (ids, existing)
    };
    let batch = spec.batch.max(1);
    let mut done = 0u32;
    while done < spec.amaps {
        let n = batch.min(spec.amaps - done);
        let mut rows = Rows::default();
        for k in 0..n {
            let index = first_index + i64::from(done + k);
            amap_rows(&mut rows, &mut ids, &mut rng, spec, index, now);
        }
        let mut tx = store.write_tx().await?;
        write(&mut tx, &rows, &mut report).await?;
        tx.commit().await?;
        done += n;
        tracing::info!(done, of = spec.amaps, "bench-data");
    }
    let mut tx = store.write_tx().await?;
    for table in [
        "amap",
        "member",
        "farm",
        "role",
        "contract",
        "product",
        "subscription",
        "duty_shift",
        "chat_account",
    ] {
        bulk::sync_identity(&mut tx, postgres, table).await?;
    }
    tx.commit().await?;
    if postgres {
        let mut conn = store.conn().await?;
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
    } else {
        let mut conn = store.conn().await?;
        sqlx::query("PRAGMA optimize").execute(&mut *conn).await?;
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

async fn write(c: &mut crate::store::Conn, r: &Rows, report: &mut Report) -> CoreResult<()> {
    report.amaps += bulk::insert(
        c,
        "amap",
        &[
            "id",
            "slug",
            "name",
            "timezone",
            "place_name",
            "address",
            "latitude",
            "longitude",
            "weekday",
            "start_time",
            "end_time",
            "duty_slots",
            "default_language",
            "created_at",
        ],
        &r.amap,
    )
    .await?;
    let members = bulk::insert(
        c,
        "member",
        &["id", "email", "first_name", "last_name", "status", "created_at", "last_active_at"],
        &r.member,
    )
    .await?;
    report.members += members;
    report.farmers +=
        bulk::insert(c, "farm", &["id", "slug", "name", "address", "created_at"], &r.farm).await?;
    report.roles += bulk::insert(c, "role", &["member_id", "kind", "scope_id", "amap_id"], &r.role).await?;
    report.contracts += bulk::insert(
        c,
        "contract",
        &[
            "id",
            "amap_id",
            "farm_id",
            "slug",
            "name",
            "season",
            "state",
            "subscription_opens",
            "subscription_closes",
            "late_subscription",
            "farmer_notice_days",
            "max_absences",
            "absence_modes",
            "modification_deadline_days",
            "max_cheques",
            "min_cheque_cents",
            "payee",
            "required_shifts",
            "commitment_text",
            "created_at",
        ],
        &r.contract,
    )
    .await?;
    report.products += bulk::insert(
        c,
        "product",
        &["id", "contract_id", "slug", "name", "unit", "price_cents", "position", "has_date_subset"],
        &r.product,
    )
    .await?;
    report.deliveries +=
        bulk::insert(c, "delivery", &["contract_id", "scheduled", "date", "state"], &r.delivery).await?;
    report.subscriptions += bulk::insert(
        c,
        "subscription",
        &[
            "id",
            "contract_id",
            "member_id",
            "state",
            "on_paper",
            "cheque_count",
            "version",
            "member_signed_at",
            "farmer_signed_at",
            "created_at",
            "updated_at",
        ],
        &r.subscription,
    )
    .await?;
    report.grid_lines += bulk::insert(
        c,
        "subscription_line",
        &["subscription_id", "product_id", "scheduled", "quantity"],
        &r.line,
    )
    .await?;
    report.cheques += bulk::insert(
        c,
        "cheque",
        &["subscription_id", "number", "amount_cents", "cashing_month", "state", "updated_at"],
        &r.cheque,
    )
    .await?;
    report.absences += bulk::insert(
        c,
        "absence",
        &["subscription_id", "scheduled", "mode", "postpone_to", "handover_member_id", "created_at"],
        &r.absence,
    )
    .await?;
    report.duty_shifts +=
        bulk::insert(c, "duty_shift", &["id", "amap_id", "date", "slots", "taken"], &r.shift).await?;
    report.duty_signups +=
        bulk::insert(c, "duty_signup", &["shift_id", "member_id", "created_at"], &r.signup).await?;
    report.chat_accounts += bulk::insert(
        c,
        "chat_account",
        &["member_id", "transport", "external_id", "chat_id", "unreachable", "linked_at"],
        &r.chat,
    )
    .await?;
    report.total_rows = report.amaps
        + report.members
        + report.farmers
        + report.roles
        + report.contracts
        + report.products
        + report.deliveries
        + report.subscriptions
        + report.grid_lines
        + report.cheques
        + report.absences
        + report.duty_shifts
        + report.duty_signups
        + report.chat_accounts;
    Ok(())
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The Telegram user id (and private chat id) of a generated member.
pub fn telegram_id(member: i64) -> i64 {
    7_000_000_000 + member
}

fn amap_rows(r: &mut Rows, ids: &mut Ids, rng: &mut StdRng, spec: &Spec, index: i64, now: DateTime<Utc>) {
    let at = now.timestamp();
    let amap = ids.amap;
    ids.amap += 1;
    let weekday = WEEKDAYS[(index % 5) as usize];
    let town = TOWNS[(index % 10) as usize];
    let dates = season_dates(spec.today, weekday);
    let (start, end) = if weekday == Weekday::Sat { ("10:00", "12:00") } else { ("18:30", "19:45") };
    r.amap.push(vec![
        amap.into(),
        format!("bench-{index:05}").into(),
        format!("AMAP {town} n°{index}").into(),
        "Europe/Paris".into(),
        "Salle des fêtes".into(),
        format!("{} place du Marché, {town}", 1 + index % 40).into(),
        Cell::Real(43.0 + (index % 70) as f64 * 0.1),
        Cell::Real(-1.0 + (index % 80) as f64 * 0.1),
        i64::from(weekday.num_days_from_monday()).into(),
        start.into(),
        end.into(),
        3i64.into(),
        "fr".into(),
        at.into(),
    ]);

    let member = |r: &mut Rows, rng: &mut StdRng, ids: &mut Ids| -> i64 {
        let id = ids.member;
        ids.member += 1;
        r.member.push(vec![
            id.into(),
            format!("m{id}@bench.example.org").into(),
            FIRST[rng.random_range(0..FIRST.len())].into(),
            LAST[rng.random_range(0..LAST.len())].into(),
            "active".into(),
            at.into(),
            at.into(),
        ]);
        r.role.push(vec![id.into(), "member".into(), amap.into(), amap.into()]);
        if rng.random_bool(0.85) {
            let tg = telegram_id(id).to_string();
            r.chat.push(vec![
                id.into(),
                "telegram".into(),
                tg.clone().into(),
                tg.into(),
                0i64.into(),
                at.into(),
            ]);
        }
        id
    };
    let members: Vec<i64> = (0..spec.members.max(4)).map(|_| member(r, rng, ids)).collect();
    r.role.push(vec![members[0].into(), "admin".into(), amap.into(), amap.into()]);

    let season = format!("Saison {}", spec.today.year());
    let opens = dates[0] - Days::new(90);
    let closes = dates[0] - Days::new(14);
    // Per offer: contract id, its delivery dates, its products.
    let mut offers: Vec<(i64, Vec<NaiveDate>, Vec<(i64, i64)>)> = Vec::new();
    for (o, offer) in OFFERS.iter().enumerate() {
        let farm = ids.farm;
        ids.farm += 1;
        r.farm.push(vec![
            farm.into(),
            format!("bench-{index:05}-{}", offer.slug).into(),
            format!("{} ({town} {index})", offer.farm).into(),
            format!("Campagne de {town}").into(),
            at.into(),
        ]);
        let farmer = member(r, rng, ids);
        r.role.push(vec![farmer.into(), "farmer".into(), farm.into(), amap.into()]);
        let contract = ids.contract;
        ids.contract += 1;
        r.contract.push(vec![
            contract.into(),
            amap.into(),
            farm.into(),
            offer.slug.into(),
            offer.name.into(),
            season.clone().into(),
            "running".into(),
            date_to_sql(opens).into(),
            date_to_sql(closes).into(),
            1i64.into(),
            7i64.into(),
            3i64.into(),
            "postpone,handover,donate".into(),
            2i64.into(),
            offer.max_cheques.into(),
            2000i64.into(),
            offer.farm.into(),
            2i64.into(),
            "Je m'engage à venir chercher mon panier à chaque livraison, ou à le faire récupérer.".into(),
            at.into(),
        ]);
        r.role.push(vec![members[o].into(), "referent".into(), contract.into(), amap.into()]);
        let mut products = Vec::new();
        for (p, (slug, name, cents)) in offer.products.iter().enumerate() {
            let id = ids.product;
            ids.product += 1;
            r.product.push(vec![
                id.into(),
                contract.into(),
                (*slug).into(),
                (*name).into(),
                Cell::Null,
                (*cents).into(),
                (p as i64).into(),
                0i64.into(),
            ]);
            products.push((id, *cents));
        }
        let own = contract_dates(&dates, offer.slug);
        for d in &own {
            let s = date_to_sql(*d);
            r.delivery.push(vec![contract.into(), s.clone().into(), s.into(), "planned".into()]);
        }
        offers.push((contract, own, products));
    }

    // Subscriptions: 2 to 4 contracts per member.
    for &m in &members {
        let mut chosen: Vec<usize> =
            (0..OFFERS.len()).filter(|&o| rng.random_bool(OFFERS[o].uptake)).collect();
        while chosen.len() < 2 {
            let o = rng.random_range(0..OFFERS.len());
            if !chosen.contains(&o) {
                chosen.push(o);
            }
        }
        chosen.sort_unstable();
        for o in chosen {
            let (contract, own, products) = &offers[o];
            let sub = ids.subscription;
            ids.subscription += 1;
            let (product, cents) = products[rng.random_range(0..products.len())];
            let quantity: i64 = if OFFERS[o].slug == "oeufs" { rng.random_range(1..=2) } else { 1 };
            let total = cents * quantity * own.len() as i64;
            let cheques = rng.random_range(1..=3i64).min(OFFERS[o].max_cheques).min((total / 2000).max(1));
            r.subscription.push(vec![
                sub.into(),
                (*contract).into(),
                m.into(),
                "countersigned".into(),
                0i64.into(),
                cheques.into(),
                1i64.into(),
                at.into(),
                at.into(),
                at.into(),
                at.into(),
            ]);
            for d in own {
                r.line.push(vec![sub.into(), product.into(), date_to_sql(*d).into(), quantity.into()]);
            }
            let first_month = first_of_month(own[0]);
            for i in 0..cheques {
                let amount = total / cheques + if i == 0 { total % cheques } else { 0 };
                let month =
                    first_month.checked_add_months(chrono::Months::new(i as u32)).unwrap_or(first_month);
                r.cheque.push(vec![
                    sub.into(),
                    (i + 1).into(),
                    amount.into(),
                    date_to_sql(month).into(),
                    if own[0] < spec.today { "received" } else { "to_provide" }.into(),
                    at.into(),
                ]);
            }
            // About one subscription in twelve has an absence on a coming delivery.
            let future: Vec<NaiveDate> = own.iter().copied().filter(|d| *d >= spec.today).collect();
            if future.len() >= 2 && rng.random_bool(1.0 / 12.0) {
                let i = rng.random_range(0..future.len() - 1);
                let (mode, postpone, handover): (&str, Cell, Cell) = match rng.random_range(0..4) {
                    0 => ("postpone", date_to_sql(future[i + 1]).into(), Cell::Null),
                    1 => {
                        let other = members[rng.random_range(0..members.len())];
                        if other == m {
                            ("donate", Cell::Null, Cell::Null)
                        } else {
                            ("handover", Cell::Null, other.into())
                        }
                    }
                    _ => ("donate", Cell::Null, Cell::Null),
                };
                r.absence.push(vec![
                    sub.into(),
                    date_to_sql(future[i]).into(),
                    mode.into(),
                    postpone,
                    handover,
                    at.into(),
                ]);
            }
        }
    }

    // Duty: a shift per distribution; past ones full, the next four partly taken.
    for d in &dates {
        let shift = ids.shift;
        ids.shift += 1;
        let weeks_ahead = (*d - spec.today).num_days().div_euclid(7);
        let taken: i64 = if *d < spec.today {
            3
        } else if weeks_ahead < 4 {
            rng.random_range(0..=3)
        } else {
            rng.random_range(0..=1)
        };
        let mut team: Vec<i64> = Vec::new();
        while (team.len() as i64) < taken {
            let m = members[rng.random_range(0..members.len())];
            if !team.contains(&m) {
                team.push(m);
            }
        }
        r.shift.push(vec![shift.into(), amap.into(), date_to_sql(*d).into(), 3i64.into(), taken.into()]);
        for m in team {
            r.signup.push(vec![shift.into(), m.into(), at.into()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::directory;
    use crate::types::{ContractId, MemberId};
    use crate::usecases::{baskets, totals};

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn seasons_and_biweekly_contracts() {
        let dates = season_dates(date("2027-05-05"), Weekday::Tue);
        assert_eq!(dates.len(), 26);
        assert_eq!(dates[8], date("2027-05-04"));
        let eggs = contract_dates(&dates, "oeufs");
        let cheese = contract_dates(&dates, "fromage");
        assert_eq!((eggs.len(), cheese.len()), (13, 13));
        assert!(eggs.iter().all(|d| !cheese.contains(d)));
    }

    #[tokio::test]
    async fn a_small_dataset_is_consistent() {
        let path = std::env::temp_dir().join(format!("panier_benchdata_{}.db", std::process::id()));
        let store = Store::open(&path.to_string_lossy()).await.expect("store");
        let today = date("2027-05-05");
        let now =
            DateTime::parse_from_rfc3339("2027-05-05T08:00:00Z").map(|d| d.to_utc()).unwrap_or_default();
        let spec = Spec { amaps: 20, members: 10, today, seed: 3, batch: 7 };
        let report = generate(&store, &spec, now).await.expect("generate");
        assert_eq!(report.amaps, 20);
        assert_eq!(report.members, 20 * 14);
        assert_eq!(report.contracts, 80);
        assert_eq!(report.deliveries, 20 * (26 + 13 + 26 + 13));
        assert!(report.subscriptions >= 20 * 10 * 2 && report.subscriptions <= 20 * 10 * 4 + 20 * 4);
        assert!(report.chat_accounts > report.members / 2);
        // A second run adds AMAPs after the first ones.
        let again = generate(&store, &Spec { amaps: 2, ..spec.clone() }, now).await.expect("again");
        assert_eq!(again.amaps, 2);
        let mut conn = store.conn().await.expect("conn");
        let amap = directory::amap_by_slug(&mut conn, "bench-00021").await.expect("query").expect("amap");
        assert_eq!(amap.weekday, WEEKDAYS[1]);
        // The first member of the first AMAP collects baskets, and the vegetables have totals.
        let first: i64 = sqlx::query_scalar("SELECT CAST(MIN(id) AS BIGINT) FROM member")
            .fetch_one(&mut *conn)
            .await
            .expect("min");
        let views = baskets::upcoming_for_member(&mut conn, MemberId(first), today, 4).await.expect("views");
        assert_eq!(views.len(), 4);
        assert!(views.iter().any(|v| !v.items.is_empty()));
        let contract: i64 = sqlx::query_scalar("SELECT CAST(MIN(id) AS BIGINT) FROM contract")
            .fetch_one(&mut *conn)
            .await
            .expect("contract");
        let next = season_dates(today, WEEKDAYS[0]).into_iter().find(|d| *d >= today).unwrap_or(today);
        let t = totals::delivery_totals(&mut conn, ContractId(contract), next).await.expect("totals");
        assert!(t.subscribers > 0);
        drop(conn);
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
