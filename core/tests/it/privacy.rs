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

/// A member's own announcements are part of their data; erasure removes them (their words may
/// carry their phone number) and keeps the others' announcements they moderated, unsigned.
#[tokio::test]
async fn announcements_are_exported_and_erased() {
    use panier_core::model::Role;
    use panier_core::network::{AnnouncementDraft, AnnouncementKind};
    use panier_core::types::Slug;
    use panier_core::usecases::{announcements, network};

    for (backend, store) in stores().await {
        let now = at("2027-05-05T08:00:00Z");
        let info = demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let mut c = store.conn().await.expect("conn");
        network::create_network(&mut c, &Slug::parse("rhone").expect("slug"), "Réseau Rhône", now)
            .await
            .expect("network");
        let (_, amap) = network::attach_amap(&mut c, "rhone", demo::DEMO_AMAP).await.expect("attach");
        let admin = info.admin;
        let admin_email = directory::member_by_id(&mut c, admin).await.expect("q").expect("admin").email;
        let coordinator = network::grant_network_admin(&mut c, "rhone", &admin_email).await.expect("grant");
        assert_eq!(coordinator, admin);
        let writer = info.members[3];
        directory::grant_role(&mut c, writer, Role::Admin(amap), Some(amap)).await.expect("role");
        let draft = AnnouncementDraft {
            kind: AnnouncementKind::AmapSeeksFarm,
            product: "Fromage".into(),
            area: "Lyon".into(),
            body: "Appelez Julien au 06 12 34 56 78".into(),
        };
        let mine = announcements::create(&mut c, writer, &draft, now).await.expect("create").announcement;
        let news =
            AnnouncementDraft { kind: AnnouncementKind::News, body: "AG le 12 juin".into(), ..draft.clone() };
        let theirs = announcements::create(&mut c, admin, &news, now).await.expect("news").announcement;
        announcements::moderate(&mut c, admin, mine.id, true, now).await.expect("approve");

        let data = privacy::my_data(&mut c, writer, now).await.expect("export");
        let written = data["announcements"].as_array().expect("announcements");
        assert_eq!(written.len(), 1, "{backend}: only what he wrote");
        assert_eq!(written[0]["text"], "Appelez Julien au 06 12 34 56 78", "{backend}");
        assert_eq!(written[0]["state"], "approved", "{backend}");
        assert_eq!(written[0]["kind"], "amap_seeks_farm", "{backend}");
        let admin_data = privacy::my_data(&mut c, admin, now).await.expect("export");
        assert_eq!(admin_data["announcements"].as_array().map(Vec::len), Some(1), "{backend}: the news");

        // Contracts ended: both may be forgotten. The admin first: the news they wrote goes,
        // Julien's announcement they approved stays, without their name.
        for contract in [info.vegetables, info.eggs, info.bread] {
            contracts::set_contract_state(&mut c, contract, ContractState::Ended).await.expect("end");
        }
        drop(c);
        let panier = Panier::new(store.clone());
        panier.forget(admin, now).await.expect("forget admin");
        let mut c = store.conn().await.expect("conn");
        assert_eq!(announcements::live(&mut c, theirs.id, now).await.expect("q"), None, "{backend}: gone");
        assert!(announcements::live(&mut c, mine.id, now).await.expect("q").is_some(), "{backend}: kept");
        let moderator: Option<i64> =
            sqlx::query_scalar("SELECT moderated_by FROM announcement WHERE id = $1")
                .bind(mine.id.0)
                .fetch_one(store.pool())
                .await
                .expect("moderator");
        assert_eq!(moderator, None, "{backend}");
        drop(c);
        panier.forget(writer, now).await.expect("forget");
        let mut c = store.conn().await.expect("conn");
        assert_eq!(announcements::live(&mut c, mine.id, now).await.expect("q"), None, "{backend}: gone");
        let left: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM announcement").fetch_one(&mut *c).await.expect("count");
        assert_eq!(left, 0, "{backend}");
    }
}

/// Signing and editor links name the chat account they were sent to: erasure removes the
/// member's links, and the retention job removes links a week after they expired.
#[tokio::test]
async fn links_go_with_erasure_and_after_expiry() {
    use panier_core::store::editor::EditorPurpose;
    use panier_core::usecases::editor;
    use panier_core::usecases::signing::{self, DeliveredTo};

    async fn links(store: &panier_core::store::Store, member: panier_core::types::MemberId) -> (i64, i64) {
        let signing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signing_link WHERE member_id = $1")
            .bind(member.0)
            .fetch_one(store.pool())
            .await
            .expect("signing links");
        let editor: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM editor_link WHERE member_id = $1")
            .bind(member.0)
            .fetch_one(store.pool())
            .await
            .expect("editor links");
        (signing, editor)
    }

    for (backend, store) in stores().await {
        let now = at("2027-05-05T08:00:00Z");
        let info = demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let to = DeliveredTo { transport: "telegram".into(), account: "4242".into() };
        let (julien, admin) = (info.members[3], info.admin);
        let mut c = store.conn().await.expect("conn");
        signing::issue_member_link(&mut c, julien, info.bread, &to, now).await.expect("julien's link");
        signing::issue_member_link(&mut c, admin, info.bread, &to, now).await.expect("admin's link");
        editor::issue_admin_link(&mut c, admin, EditorPurpose::Settings, &to, now).await.expect("editor");
        assert_eq!(links(&store, julien).await, (1, 0), "{backend}");
        assert_eq!(links(&store, admin).await, (1, 1), "{backend}");

        // Six days after the signing link expired: kept (the page still says "expired").
        let soon = now + Duration::days(signing::LINK_DAYS + 6);
        privacy::retention(&mut c, soon, 3, false).await.expect("retention");
        assert_eq!(links(&store, admin).await, (1, 0), "{backend}: the 48-hour editor link went");
        let dry = now + Duration::days(signing::LINK_DAYS + 30);
        privacy::retention(&mut c, dry, 3, true).await.expect("dry run");
        assert_eq!(links(&store, admin).await, (1, 0), "{backend}: a dry run removes nothing");

        for contract in [info.vegetables, info.eggs, info.bread] {
            contracts::set_contract_state(&mut c, contract, ContractState::Ended).await.expect("end");
        }
        drop(c);
        Panier::new(store.clone()).forget(julien, now).await.expect("forget");
        assert_eq!(links(&store, julien).await, (0, 0), "{backend}: erased with him");
        assert_eq!(links(&store, admin).await, (1, 0), "{backend}: others' links stay");
        let mut c = store.conn().await.expect("conn");
        privacy::retention(&mut c, dry, 3, false).await.expect("retention");
        assert_eq!(links(&store, admin).await, (0, 0), "{backend}: a week after expiry");
    }
}
