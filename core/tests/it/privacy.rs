//! GDPR rights on every backend: export, erasure (refused while a contract runs), retention.

use chrono::Duration;
use panier_core::demo;
use panier_core::error::{Conflict, CoreError};
use panier_core::rules::state::ContractState;
use panier_core::store::{accounts, contracts, directory};
use panier_core::usecases::Panier;
use panier_core::usecases::privacy;

use crate::support::{at, date, stores};

#[tokio::test]
async fn export_erase_and_retention() {
    for (backend, store) in stores().await {
        let now = at("2027-05-05T08:00:00Z");
        let info = demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let panier = Panier::new(store.clone());
        let me = info.demo_member;
        let mut c = store.conn().await.expect("conn");
        accounts::link_account(&mut c, me, "telegram", "555", "555", now).await.expect("link");
        accounts::set_opt_out(&mut c, me, "duty_alert", true).await.expect("opt out");
        drop(c);

        let data = panier.my_data(me, now).await.expect("export");
        assert_eq!(data["identity"]["email"], "camille.petit@example.org", "{backend}");
        assert_eq!(data["chat_accounts"][0]["transport"], "telegram", "{backend}");
        assert_eq!(
            data["subscriptions"].as_array().map(Vec::len),
            Some(3),
            "{backend}: vegetables, eggs, bread"
        );
        assert_eq!(data["notifications_turned_off"][0], "duty_alert", "{backend}");
        assert!(data["roles"].as_array().is_some_and(|r| !r.is_empty()), "{backend}");

        let refused = panier.forget(me, now).await;
        assert!(
            matches!(refused, Err(CoreError::Conflict(Conflict::RunningContract))),
            "{backend}: {refused:?}"
        );
        let mut c = store.conn().await.expect("conn");
        assert_eq!(
            accounts::accounts_of(&mut c, me).await.expect("accounts").len(),
            1,
            "{backend}: refusal changed nothing"
        );
        for contract in [info.vegetables, info.eggs, info.bread] {
            contracts::set_contract_state(&mut c, contract, ContractState::Ended).await.expect("end");
        }
        drop(c);
        let done = panier.forget(me, now).await.expect("forget");
        assert_eq!(done.contracts_kept, 3, "{backend}");
        let mut c = store.conn().await.expect("conn");
        let m = directory::member_by_id(&mut c, me).await.expect("q").expect("row kept for accounting");
        assert!(m.email.as_str().starts_with("forgotten-"), "{backend}");
        assert_eq!(
            (m.first_name.as_str(), m.phone.as_deref()),
            ("Camille", None),
            "{backend}: name on signed contracts"
        );
        assert!(accounts::accounts_of(&mut c, me).await.expect("accounts").is_empty(), "{backend}");
        assert!(
            directory::roles_of(&mut c, me).await.expect("roles").is_empty(),
            "{backend}: out of the directory"
        );
        assert!(
            accounts::member_by_account(&mut c, "telegram", "555").await.expect("q").is_none(),
            "{backend}"
        );

        // Retention: Julien was last active 4 years ago; his contracts ended; the dry run
        // lists him without erasing, the real run erases him and archives nothing yet.
        let julien = info.members[3];
        sqlx::query("UPDATE member SET last_active_at = $1 WHERE id = $2")
            .bind((now - Duration::days(4 * 365)).timestamp())
            .bind(julien.0)
            .execute(store.pool())
            .await
            .expect("age");
        let later = now + Duration::days(10);
        let dry = privacy::retention(&mut c, later, 3, true).await.expect("dry run");
        assert_eq!(dry.members, [julien], "{backend}");
        let m = directory::member_by_id(&mut c, julien).await.expect("q").expect("row");
        assert_eq!(m.email.as_str(), "julien.roux@example.org", "{backend}: dry run writes nothing");
        let real = privacy::retention(&mut c, later, 3, false).await.expect("run");
        assert_eq!(real.members, [julien], "{backend}");
        assert!(real.contracts_archived.is_empty(), "{backend}: deliveries ended less than 3 years ago");
        let m = directory::member_by_id(&mut c, julien).await.expect("q").expect("row");
        assert!(m.email.as_str().starts_with("forgotten-"), "{backend}");
        let again = privacy::retention(&mut c, later, 3, false).await.expect("run");
        assert!(again.members.is_empty(), "{backend}: erased once");
    }
}
