//! Bad import files, one per case: each must give exactly the expected `FILE:LINE: FIELD:
//! problem` error and leave every table of the database exactly as it was.

use panier_core::import::{import_members, import_season, import_subscriptions};
use panier_core::store::import_support;

use super::import_examples;
use crate::support::{at, stores};

/// A small valid season; bad cases replace one of its lines (1-based).
const MINI: &str = r#"[amap]
slug = "capucins"
name = "AMAP des Capucins"
place = "Salle"
address = "Lyon"
weekday = "mardi"
start = "18:30"
end = "19:45"

[[contract]]
slug = "legumes-2027"
name = "Légumes 2027"
farm = "ferme-des-saules"
season = "2027"
subscription_opens = 2027-03-01
subscription_closes = 2027-04-20

[contract.deliveries]
first = 2027-05-04
last = 2027-10-26

[[contract.product]]
slug = "grand-panier"
name = "Grand panier"
price = "17,00"
"#;

pub(super) fn mini(line: usize, replacement: &str) -> String {
    MINI.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { replacement } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

enum Bad {
    Season(String),
    Members(&'static str),
    Subscriptions(Option<&'static str>, &'static str),
}

const SUBS_HEADER: &str = "contract,email,product,quantity,date,cheques\n";

fn subs(rows: &str) -> &'static str {
    Box::leak(format!("{SUBS_HEADER}{rows}").into_boxed_str())
}

#[tokio::test]
async fn bad_files_give_one_error_and_change_nothing() {
    let members_header = "email,first_name,last_name,phone,roles\n";
    let members =
        |rows: &str| -> &'static str { Box::leak(format!("{members_header}{rows}").into_boxed_str()) };
    let cases: Vec<(&str, Bad, &str)> = vec![
        (
            "unknown contract slug in roles",
            Bad::Members(members("anne.neuve@example.org,Anne,Neuve,,referent:fromages-2027\n")),
            r#"bad:2: roles: no contract with slug "fromages-2027""#,
        ),
        (
            "unknown farm slug in roles, after a valid row",
            Bad::Members(members(
                "anne.neuve@example.org,Anne,Neuve,,admin\nluc.neuf@example.org,Luc,Neuf,,farmer:la-lune\n",
            )),
            r#"bad:3: roles: no farm with slug "la-lune""#,
        ),
        (
            "a role that is no role",
            Bad::Members(members("anne.neuve@example.org,Anne,Neuve,,chef\n")),
            r#"bad:2: roles: unknown role "chef" (expected member, admin, referent:CONTRACT or farmer:FARM)"#,
        ),
        (
            "duplicate email, differently cased",
            Bad::Members(members(
                "anne.neuve@example.org,Anne,Neuve,,\nAnne.Neuve@Example.org,Anne,Neuve,,\n",
            )),
            "bad:3: email: this e-mail address is already on line 2",
        ),
        (
            "missing column",
            Bad::Members("email,first_name,phone,roles\nanne.neuve@example.org,Anne,,\n"),
            "bad:1: last_name: missing column",
        ),
        (
            "unknown column",
            Bad::Members("email,first_name,last_name,colour\nanne.neuve@example.org,Anne,Neuve,red\n"),
            "bad:1: colour: unknown column",
        ),
        (
            "not an e-mail address",
            Bad::Members(members("anne.neuve,Anne,Neuve,,\n")),
            "bad:2: email: not an e-mail address",
        ),
        (
            "malformed date in subscriptions",
            Bad::Subscriptions(
                None,
                subs("legumes-2027,thomas.petit@example.org,grand-panier,2,2027-13-01,\n"),
            ),
            "bad:2: date: not a date (write YYYY-MM-DD)",
        ),
        (
            "negative quantity",
            Bad::Subscriptions(None, subs("legumes-2027,thomas.petit@example.org,grand-panier,-1,,\n")),
            "bad:2: quantity: not a quantity between 0 and 999",
        ),
        (
            "non-numeric quantity",
            Bad::Subscriptions(None, subs("legumes-2027,thomas.petit@example.org,grand-panier,un,,\n")),
            "bad:2: quantity: not a quantity between 0 and 999",
        ),
        (
            "product not offered on the override date, after a valid change",
            Bad::Subscriptions(
                None,
                subs(
                    "oeufs-2027,thomas.petit@example.org,boite-12-oeufs,3,,\noeufs-2027,claire.dupont@example.org,boite-6-oeufs,1,2027-05-11,\n",
                ),
            ),
            "bad:3: date: the product is not delivered on 2027-05-11",
        ),
        (
            "date that is no delivery",
            Bad::Subscriptions(
                None,
                subs("pain-2027,claire.dupont@example.org,pain-complet,1,2027-05-04,\n"),
            ),
            "bad:2: date: 2027-05-04 is not a delivery date of this contract",
        ),
        (
            "unknown contract",
            Bad::Subscriptions(None, subs("fromages-2027,claire.dupont@example.org,tomme,1,,\n")),
            r#"bad:2: contract: no contract with slug "fromages-2027""#,
        ),
        (
            "unknown product",
            Bad::Subscriptions(None, subs("pain-2027,claire.dupont@example.org,brioche,1,,\n")),
            r#"bad:2: product: no product "brioche" in this contract"#,
        ),
        (
            "unknown member",
            Bad::Subscriptions(None, subs("pain-2027,nobody@example.org,pain-complet,1,,\n")),
            "bad:2: email: nobody has this e-mail address (import the members file first)",
        ),
        (
            "too many cheques for the contract",
            Bad::Subscriptions(None, subs("legumes-2027,claire.dupont@example.org,grand-panier,1,,7\n")),
            "bad:2: cheques: the contract allows 1 to 6 cheques for this total",
        ),
        (
            "conflicting cheque counts",
            Bad::Subscriptions(
                None,
                subs(
                    "pain-2027,sophie.bernard@example.org,pain-complet,1,,1\npain-2027,sophie.bernard@example.org,pain-aux-graines,1,,2\n",
                ),
            ),
            "bad:3: cheques: a different number of cheques is given on line 2",
        ),
        (
            "same cell twice",
            Bad::Subscriptions(
                None,
                subs(
                    "pain-2027,sophie.bernard@example.org,pain-complet,1,,\npain-2027,sophie.bernard@example.org,pain-complet,2,,\n",
                ),
            ),
            "bad:3: product: same member, product and date as line 2",
        ),
        (
            "contract both as argument and column",
            Bad::Subscriptions(
                Some("pain-2027"),
                subs("pain-2027,claire.dupont@example.org,pain-complet,1,,\n"),
            ),
            "bad:1: contract: the contract is given both as an argument and as a column",
        ),
        (
            "unknown contract argument",
            Bad::Subscriptions(
                Some("fromages"),
                "email,product,quantity\nclaire.dupont@example.org,tomme,1\n",
            ),
            r#"bad: contract: no contract with slug "fromages""#,
        ),
        (
            "a row with a missing field",
            Bad::Subscriptions(
                Some("pain-2027"),
                "email,product,quantity\nclaire.dupont@example.org,pain-complet\n",
            ),
            "bad:2: row: expected 3 fields, found 2",
        ),
        (
            "float price",
            Bad::Season(mini(25, "price = 17.5")),
            r#"bad:25: price: an amount must be written as text ("17,50") or as whole euros (17), not as a decimal number"#,
        ),
        (
            "unknown TOML key",
            Bad::Season(mini(25, "price = \"17,00\"\ncolour = \"red\"")),
            "bad:26: colour: unknown key",
        ),
        (
            "last date before first",
            Bad::Season(mini(20, "last = 2027-04-01")),
            "bad:20: last: the end comes before the start",
        ),
        (
            "malformed TOML date",
            Bad::Season(mini(19, "first = 2027-02-30")),
            "bad:19: first: invalid date, expected day between 01 and 28",
        ),
        (
            "date of the wrong type",
            Bad::Season(mini(19, "first = \"4 mai\"")),
            "bad:19: first: not a date (write YYYY-MM-DD)",
        ),
        ("missing key", Bad::Season(mini(14, "")), "bad:10: season: missing key"),
        (
            "TOML syntax",
            Bad::Season(mini(3, "name = \"AMAP des Capucins")),
            "bad:3: name: invalid basic string, expected `\"`",
        ),
        ("weekday", Bad::Season(mini(6, "weekday = \"mardy\"")), "bad:6: weekday: not a weekday"),
        ("time window", Bad::Season(mini(8, "end = \"17h\"")), "bad:8: end: the end comes before the start"),
        (
            "unknown farm, after the AMAP was changed",
            Bad::Season(mini(13, "farm = \"ferme-inconnue\"")),
            r#"bad:13: farm: no farm with slug "ferme-inconnue""#,
        ),
        (
            "skip date outside the calendar",
            Bad::Season(mini(20, "last = 2027-10-26\nskip = [2027-08-11]")),
            "bad:21: skip: 2027-08-11 is not a delivery date of this contract",
        ),
        ("zero price", Bad::Season(mini(25, "price = \"0\"")), "bad:25: price: a price must be above zero"),
        (
            "bad slug",
            Bad::Season(mini(23, "slug = \"Grand Panier\"")),
            "bad:23: slug: not a slug (lower-case letters, digits and dashes)",
        ),
        (
            "both calendar forms",
            Bad::Season(mini(20, "last = 2027-10-26\ndates = [2027-05-04]")),
            "bad:19: dates: give either `dates` or `first` and `last`, not both",
        ),
    ];

    for (backend, store) in stores().await {
        import_examples(&store, at("2027-04-25T08:00:00Z")).await;
        let mut conn = store.conn().await.expect("conn");
        let before = import_support::dump(&mut conn).await.expect("dump");
        drop(conn);
        let now = at("2027-05-20T08:00:00Z");
        for (name, bad, expected) in &cases {
            let result = match bad {
                Bad::Season(text) => import_season(&store, "bad", text, now).await.map(|_| ()),
                Bad::Members(text) => import_members(&store, "capucins", "bad", text, now).await.map(|_| ()),
                Bad::Subscriptions(contract, text) => {
                    import_subscriptions(&store, *contract, None, "bad", text, now).await.map(|_| ())
                }
            };
            let err = result.expect_err(name);
            assert_eq!(err.to_string(), *expected, "{backend}: {name}");
            assert!(err.is_input(), "{backend}: {name}");
            let mut conn = store.conn().await.expect("conn");
            let after = import_support::dump(&mut conn).await.expect("dump");
            assert!(after == before, "{backend}: {name}: the database changed");
        }
    }
}
