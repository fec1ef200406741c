//! A realistic demo AMAP around a given date: 25 members, 3 farms, running and open
//! contracts, a few absences and duty sign-ups. Used by `panier demo` and by tests.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use serde::Serialize;

use crate::error::CoreResult;
use crate::model::{AbsenceMode, ContractRules, Role, TimeWindow};
use crate::rules::money::{GridCell, payment_schedule, subscription_total};
use crate::rules::season::Absence;
use crate::rules::state::{ContractState, SubscriptionState};
use crate::store::contracts::{self, ContractFields, ProductFields};
use crate::store::directory::{self, AmapFields, FarmFields, MemberFields};
use crate::store::{Store, duty, subscriptions};
use crate::types::{AmapId, Cents, ContractId, Email, MemberId, ProductId, Quantity, Slug};

pub const DEMO_AMAP: &str = "capucins";
/// The member the demo chat talks as.
pub const DEMO_MEMBER: &str = "camille.petit@example.org";

const PEOPLE: [(&str, &str); 25] = [
    ("Claire", "Dubois"),
    ("Marc", "Lefèvre"),
    ("Camille", "Petit"),
    ("Julien", "Roux"),
    ("Élise", "Fournier"),
    ("Thomas", "Girard"),
    ("Léa", "Bonnet"),
    ("Hugo", "Lambert"),
    ("Manon", "Fontaine"),
    ("Lucas", "Rousseau"),
    ("Chloé", "Vincent"),
    ("Antoine", "Muller"),
    ("Inès", "Faure"),
    ("Nicolas", "André"),
    ("Sarah", "Mercier"),
    ("Pierre", "Blanc"),
    ("Zoé", "Guérin"),
    ("Maxime", "Boyer"),
    ("Anaïs", "Garnier"),
    ("Romain", "Chevalier"),
    ("Juliette", "François"),
    ("Bastien", "Legrand"),
    ("Margaux", "Gauthier"),
    ("Théo", "Perrin"),
    ("Louise", "Robin"),
];

const FARMERS: [(&str, &str, &str); 3] = [
    ("Paul", "Martin", "ferme-des-saules"),
    ("Sophie", "Bernard", "poulailler-du-coteau"),
    ("Jean", "Moreau", "fournil-de-la-croix"),
];

/// What the demo created, for tests and the CLI.
#[derive(Debug, Clone, Serialize)]
pub struct DemoInfo {
    pub amap: AmapId,
    pub amap_slug: String,
    pub members: Vec<MemberId>,
    pub demo_member: MemberId,
    pub admin: MemberId,
    pub farmers: Vec<MemberId>,
    pub vegetables: ContractId,
    pub eggs: ContractId,
    pub bread: ContractId,
    pub tuesdays: Vec<NaiveDate>,
}

fn email_of(first: &str, last: &str) -> Result<Email, crate::error::Invalid> {
    let local = crate::text::fold(&format!("{first}.{last}")).replace([' ', '\''], "-");
    Email::parse(&format!("{local}@example.org"))
}

fn slug(s: &str) -> Slug {
    Slug::parse(s).unwrap_or_else(|_| Slug::parse("demo").unwrap_or_else(|_| unreachable!("constant slug")))
}

/// Seeds (or refreshes) the demo AMAP so that `today` falls in the middle of the season.
pub async fn seed(store: &Store, today: NaiveDate, now: DateTime<Utc>) -> CoreResult<DemoInfo> {
    let mut tx = store.write_tx().await?;
    let c = &mut *tx;
    // The Tuesday on or before `today`, then 8 weeks back and 17 weeks on.
    let back = (7 + today.weekday().num_days_from_monday() - Weekday::Tue.num_days_from_monday()) % 7;
    let this_tuesday = today - Days::new(u64::from(back));
    let first = this_tuesday - Days::new(56);
    let tuesdays: Vec<NaiveDate> = (0..26).map(|w| first + Days::new(7 * w)).collect();

    let amap = directory::upsert_amap(
        c,
        &AmapFields {
            slug: slug(DEMO_AMAP),
            name: "AMAP des Capucins".into(),
            network_id: None,
            timezone: chrono_tz::Europe::Paris,
            place_name: "Salle des Capucins".into(),
            address: "3 rue des Lilas, 69001 Lyon".into(),
            latitude: Some(45.7700),
            longitude: Some(4.8300),
            weekday: Weekday::Tue,
            window: TimeWindow::parse("18:30", "19:45")?,
            duty_slots: 3,
            default_language: "fr".into(),
            contact_email: Some(Email::parse("bureau@amap-capucins.example.org")?),
        },
        now,
    )
    .await?;

    let mut members = Vec::new();
    for (first_name, last_name) in PEOPLE {
        let fields = MemberFields {
            email: email_of(first_name, last_name)?,
            first_name: first_name.into(),
            last_name: last_name.into(),
            phone: None,
        };
        let id = directory::upsert_member(c, &fields, now).await?;
        directory::grant_role(c, id, Role::Member(amap), Some(amap)).await?;
        members.push(id);
    }
    let admin = members[0];
    directory::grant_role(c, admin, Role::Admin(amap), Some(amap)).await?;

    let mut farms = Vec::new();
    let mut farmers = Vec::new();
    let farm_names = ["Ferme des Saules", "Poulailler du Coteau", "Fournil de la Croix"];
    for ((first_name, last_name, farm_slug), farm_name) in FARMERS.into_iter().zip(farm_names) {
        let farm = directory::upsert_farm(
            c,
            &FarmFields {
                slug: slug(farm_slug),
                name: farm_name.into(),
                address: "Monts du Lyonnais".into(),
                latitude: None,
                longitude: None,
            },
            now,
        )
        .await?;
        let fields = MemberFields {
            email: email_of(first_name, last_name)?,
            first_name: first_name.into(),
            last_name: last_name.into(),
            phone: None,
        };
        let id = directory::upsert_member(c, &fields, now).await?;
        directory::grant_role(c, id, Role::Farmer(farm), Some(amap)).await?;
        directory::grant_role(c, id, Role::Member(amap), Some(amap)).await?;
        farms.push((farm, farm_name));
        farmers.push(id);
    }

    let rules = |opens: NaiveDate, closes: NaiveDate, payee: &str, max_cheques: u32| ContractRules {
        subscription_opens: opens,
        subscription_closes: closes,
        late_subscription: true,
        farmer_notice_days: 7,
        max_absences: 3,
        absence_modes: vec![AbsenceMode::Postpone, AbsenceMode::Handover, AbsenceMode::Donate],
        modification_deadline_days: 2,
        max_cheques,
        min_cheque: Cents(2000),
        payee: payee.into(),
        required_shifts: 2,
        commitment_text: "Je m'engage à venir chercher mon panier chaque semaine, ou à le faire récupérer."
            .into(),
    };
    let season_start = first - Days::new(60);
    let season_label = format!("Saison {}", first.year());
    let contract = async |c: &mut crate::store::Conn,
                          farm: usize,
                          key: &str,
                          name: &str,
                          state: ContractState,
                          rules: ContractRules,
                          dates: &[NaiveDate],
                          products: Vec<ProductFields>|
           -> CoreResult<(ContractId, Vec<ProductId>)> {
        let id = contracts::upsert_contract(
            c,
            &ContractFields {
                amap_id: amap,
                farm_id: farms[farm].0,
                slug: slug(key),
                name: name.into(),
                season: season_label.clone(),
                state,
                rules,
            },
            now,
        )
        .await?;
        let mut ids = Vec::new();
        for p in &products {
            ids.push(contracts::upsert_product(c, id, p).await?);
        }
        contracts::set_delivery_dates(c, id, dates).await?;
        Ok((id, ids))
    };
    let product = |key: &str, name: &str, unit: Option<&str>, cents: i64, position: u32| ProductFields {
        slug: slug(key),
        name: name.into(),
        unit: unit.map(str::to_owned),
        price: Cents(cents),
        position,
        only_dates: None,
        excluded_dates: Vec::new(),
    };
    let every_other: Vec<NaiveDate> = tuesdays.iter().copied().step_by(2).collect();
    let (vegetables, veg_products) = contract(
        c,
        0,
        "legumes",
        "Légumes",
        ContractState::Running,
        rules(season_start, first - Days::new(14), farm_names[0], 6),
        &tuesdays,
        vec![
            product("grand-panier", "Grand panier de légumes", None, 1700, 0),
            product("petit-panier", "Petit panier de légumes", None, 1100, 1),
        ],
    )
    .await?;
    let (eggs, egg_products) = contract(
        c,
        1,
        "oeufs",
        "Œufs",
        ContractState::Running,
        rules(season_start, first - Days::new(14), farm_names[1], 3),
        &every_other,
        vec![product("boite-6-oeufs", "Boîte de 6 œufs", Some("boîte"), 240, 0)],
    )
    .await?;
    let bread_dates: Vec<NaiveDate> =
        tuesdays.iter().copied().filter(|d| *d > today + Days::new(14)).collect();
    let (bread, bread_products) = contract(
        c,
        2,
        "pain",
        "Pain",
        ContractState::Open,
        rules(today - Days::new(10), today + Days::new(12), farm_names[2], 4),
        &bread_dates,
        vec![
            product("miche", "Miche au levain 1 kg", None, 520, 0),
            product("pain-graines", "Pain aux graines", None, 480, 1),
        ],
    )
    .await?;
    directory::grant_role(c, admin, Role::Referent(vegetables), Some(amap)).await?;
    directory::grant_role(c, members[1], Role::Referent(eggs), Some(amap)).await?;
    directory::grant_role(c, members[4], Role::Referent(bread), Some(amap)).await?;

    // Subscriptions: everybody takes vegetables, two in three take eggs, a few signed bread.
    for (i, member) in members.iter().enumerate() {
        let veg = if i % 3 == 0 { veg_products[1] } else { veg_products[0] };
        let mut plans = vec![(vegetables, vec![(veg, 1)], &tuesdays, 6u32)];
        if i % 3 != 1 {
            plans.push((eggs, vec![(egg_products[0], 1 + (i % 2) as i64)], &every_other, 3));
        }
        if i % 5 == 2 {
            plans.push((bread, vec![(bread_products[0], 1)], &bread_dates, 4));
        }
        for (contract_id, lines, dates, cheques) in plans {
            let state = if contract_id == bread {
                SubscriptionState::MemberSigned
            } else {
                SubscriptionState::Countersigned
            };
            let sub = subscriptions::upsert_subscription(c, contract_id, *member, state, false, cheques, now)
                .await?;
            let grid: Vec<GridCell> = dates
                .iter()
                .flat_map(|d| {
                    lines.iter().filter_map(move |(p, q)| {
                        Some(GridCell { product: *p, date: *d, quantity: Quantity::new(*q).ok()? })
                    })
                })
                .collect();
            let version = subscriptions::subscription_by_id(c, sub).await?.map(|s| s.version).unwrap_or(1);
            subscriptions::replace_grid(c, sub, version, &grid, now).await?;
            let products = contracts::products_of(c, contract_id).await?;
            let total = subscription_total(&products, &grid).unwrap_or_default();
            if let Some(first_date) = dates.first() {
                let count = crate::rules::money::allowed_cheque_counts(total, cheques, Cents(2000)).min(3);
                if let Ok(schedule) = payment_schedule(total, count, cheques, Cents(2000), *first_date) {
                    subscriptions::replace_cheques(c, sub, &schedule, now).await?;
                }
            }
        }
    }

    // A few absences on coming distributions, and duty sign-ups partly filling the rota.
    let next = tuesdays.iter().copied().find(|d| *d >= today).unwrap_or(this_tuesday);
    let after = next + Days::new(7);
    let absences = [
        (members[5], next, AbsenceMode::Donate, None),
        (members[7], after, AbsenceMode::Handover, Some(members[2])),
        (members[9], after, AbsenceMode::Postpone, None),
    ];
    for (member, date, mode, extra) in absences {
        let Some(sub) = subscriptions::subscription_for(c, vegetables, member).await? else { continue };
        let absence = Absence {
            scheduled: date,
            mode,
            postpone_to: if mode == AbsenceMode::Postpone { Some(date + Days::new(7)) } else { None },
            handover_member: if mode == AbsenceMode::Handover { extra } else { None },
            handover_guest: None,
        };
        subscriptions::delete_absence(c, sub.id, date).await?;
        subscriptions::insert_absence(c, sub.id, &absence, now).await?;
    }
    for (week, volunteers) in [(0u64, 3usize), (1, 1), (2, 0), (3, 2)] {
        let date = next + Days::new(7 * week);
        let shift = duty::ensure_shift(c, amap, date, 3).await?;
        for k in 0..volunteers {
            let member = members[(10 + 3 * week as usize + k) % members.len()];
            if !duty::team_of(c, shift.id).await?.contains(&member) {
                duty::take_slot(c, shift.id, member, now).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(DemoInfo {
        amap,
        amap_slug: DEMO_AMAP.into(),
        demo_member: members[2],
        admin,
        farmers,
        members,
        vegetables,
        eggs,
        bread,
        tuesdays,
    })
}
