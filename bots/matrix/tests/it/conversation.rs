//! A member talks to the bot: invitation, linking with a code, the next distribution in an
//! encrypted direct message, the absence dialogue answered with a number and a reaction, and
//! a shared room where personal answers go to a direct message, and a data export as an m.file.

use matrix_sdk::ruma::api::client::room::create_room;
use matrix_sdk::ruma::events::room::MediaSource;
use matrix_sdk::ruma::events::room::member::MembershipState;
use panier_core::store::subscriptions;
use panier_matrix::Autojoin;

use crate::support::{Member, bot_account, require_synapse, start, world};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invited_bot_joins_links_with_a_code_and_answers_in_the_encrypted_dm() {
    let hs = require_synapse!();
    let w = world().await;
    let account = bot_account(&hs, &w).await;
    let running = start(&w, &account.cfg).await;
    let member = Member::new(&hs, "camille").await;

    // Invite -> auto-join (open_dm waits for the bot's join).
    let dm = member.open_dm(&account.user_id).await;
    assert!(member.is_encrypted(&dm).await, "Element-like DMs are encrypted");

    let code =
        w.panier().create_link_code(None, w.demo.amap, w.demo.demo_member, w.now()).await.expect("code");
    let asked = member.say(&dm, &format!("!lier {code}")).await;
    let linked = member.reply_to(&account.user_id, &asked).await;
    assert!(linked.encrypted, "the bot's reply must be encrypted in an encrypted room");
    assert!(linked.body.contains("Camille"), "{}", linked.body);
    assert!(linked.mentions.contains(&member.user_id), "the member is mentioned");
    let html = linked.html.as_deref().expect("HTML body");
    assert!(html.contains("<b>") && !html.contains('\n'), "{html}");
    let member_id = w.panier().member_for_account("matrix", member.user_id.as_str()).await.expect("lookup");
    assert_eq!(member_id.map(|m| m.id), Some(w.demo.demo_member));

    let asked = member.say(&dm, "!prochaine").await;
    let next = member.reply_to(&account.user_id, &asked).await;
    assert!(next.encrypted);
    assert!(next.body.contains("📅") && next.body.contains("🥕"), "{}", next.body);
    assert!(next.body.contains("1\u{fe0f}\u{20e3} 1. "), "options are numbered with keycaps: {}", next.body);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absence_dialogue_answered_with_a_number_then_a_reaction() {
    let hs = require_synapse!();
    let w = world().await;
    let account = bot_account(&hs, &w).await;
    let running = start(&w, &account.cfg).await;
    let member = Member::new(&hs, "camille").await;
    w.link_from_cli(w.demo.demo_member, &member.user_id).await;
    let dm = member.open_dm(&account.user_id).await;

    let asked = member.say(&dm, "!absence").await;
    let dates = member.reply_to(&account.user_id, &asked).await;
    assert!(dates.body.contains("1\u{fe0f}\u{20e3} 1. "), "dates offered as options: {}", dates.body);

    // A number picks a date: the second one offered, a week or more ahead, so that leaving
    // the basket is still open whatever the day the test runs (the bot reads the real clock
    // and the demo contract closes changes 2 days before a distribution).
    assert!(dates.body.contains("2\u{fe0f}\u{20e3} 2. "), "a second date: {}", dates.body);
    let answered = member.say(&dm, "2").await;
    let modes = member.reply_to(&account.user_id, &answered).await;
    let donate = option_number(&modes.body, "Le laisser aux bénévoles");

    // A reaction with the option's emoji on the bot's message picks "leave it".
    let key = panier_matrix::render::option_emoji(donate).expect("emoji");
    member.react(&dm, &modes.event_id, key).await;
    let done = member.reply_to(&account.user_id, &modes.event_id).await;
    assert!(done.body.contains("✅"), "{}", done.body);

    let mut conn = w.store.conn().await.expect("conn");
    let sub = subscriptions::subscription_for(&mut conn, w.demo.vegetables, w.demo.demo_member)
        .await
        .expect("subscription")
        .expect("subscribed");
    let absences = subscriptions::absences_of(&mut conn, sub.id).await.expect("absences");
    assert_eq!(absences.len(), 1, "one absence recorded: {absences:?}");
    running.stop().await;
}

/// The option number of the line showing `label` ("3️⃣ 3. Le laisser aux bénévoles").
fn option_number(body: &str, label: &str) -> usize {
    body.lines()
        .find(|l| l.contains(label))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.trim_end_matches('.').parse().ok())
        .unwrap_or_else(|| panic!("no option {label:?} in:\n{body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_shared_room_personal_answers_go_to_a_direct_message() {
    let hs = require_synapse!();
    let w = world().await;
    let account = bot_account(&hs, &w).await;
    let running = start(&w, &account.cfg).await;
    let camille = Member::new(&hs, "camille").await;
    let other = Member::new(&hs, "marc").await;
    w.link_from_cli(w.demo.demo_member, &camille.user_id).await;

    let mut request = create_room::v3::Request::new();
    request.name = Some("AMAP des Capucins".to_owned());
    request.invite = vec![account.user_id.clone(), other.user_id.clone()];
    let room = camille.client.create_room(request).await.expect("room");
    camille.wait_joined(&room, &account.user_id).await;
    camille.wait_joined(&room, &other.user_id).await;

    // Chatter between members is not for the bot.
    let chatter = camille.say(&room, "Qui apporte des cagettes mardi ?").await;
    let asked = camille.say(&room, "!prochaine").await;
    let pointer = camille.reply_to(&account.user_id, &asked).await;
    assert_eq!(pointer.room_id, room.room_id().as_str());
    assert!(pointer.html.as_deref().unwrap_or_default().contains("https://matrix.to/#/"), "pill mention");
    let private = camille
        .wait_for("with the next distribution in a DM", |r| {
            r.sender == account.user_id && r.room_id != room.room_id().as_str() && r.body.contains("📅")
        })
        .await;
    assert!(private.encrypted, "the bot's DM is encrypted");
    assert!(
        camille.from(&account.user_id).iter().all(|r| r.reply_to.as_ref() != Some(&chatter)),
        "the bot must not answer members' chatter"
    );
    assert!(
        other.from(&account.user_id).iter().all(|r| !r.body.contains("📅")),
        "the other member must not see Camille's basket"
    );
    let remembered = w
        .panier()
        .read(async |c| {
            panier_core::store::transport_state::get(c, &format!("matrix.dm.{}", camille.user_id)).await
        })
        .await
        .expect("state");
    assert_eq!(remembered.as_deref(), Some(private.room_id.as_str()));
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_autojoin_members_only_linked_accounts_are_joined() {
    let hs = require_synapse!();
    let w = world().await;
    let mut account = bot_account(&hs, &w).await;
    account.cfg.autojoin = Autojoin::Members;
    let running = start(&w, &account.cfg).await;
    let stranger = Member::new(&hs, "inconnu").await;
    let camille = Member::new(&hs, "camille").await;
    w.link_from_cli(w.demo.demo_member, &camille.user_id).await;

    let declined = stranger.client.create_dm(&account.user_id).await.expect("stranger's DM");
    stranger.wait_membership(&declined, &account.user_id, MembershipState::Leave).await;
    let dm = camille.open_dm(&account.user_id).await;
    let asked = camille.say(&dm, "!prochaine").await;
    camille.reply_to(&account.user_id, &asked).await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_export_arrives_as_an_encrypted_file_the_member_can_open() {
    let hs = require_synapse!();
    let w = world().await;
    let account = bot_account(&hs, &w).await;
    let running = start(&w, &account.cfg).await;
    let member = Member::new(&hs, "camille").await;
    w.link_from_cli(w.demo.demo_member, &member.user_id).await;
    let dm = member.open_dm(&account.user_id).await;

    let asked = member.say(&dm, "!mesdonnees").await;
    let summary = member.reply_to(&account.user_id, &asked).await;
    assert!(summary.body.contains("Camille"), "{}", summary.body);
    let file = member
        .wait_for("with the data export as an m.file", |r| r.sender == account.user_id && r.file.is_some())
        .await;
    assert_eq!(file.room_id, dm.room_id().as_str(), "the file goes where the member asked");
    assert!(file.encrypted, "the file event is encrypted in an encrypted DM");
    let (name, source) = file.file.expect("file");
    assert!(name.starts_with("panier-mes-donnees-") && name.ends_with(".json"), "{name}");
    assert!(matches!(source, MediaSource::Encrypted(_)), "the media itself is encrypted: {source:?}");

    let bytes = member.download(&source).await;
    let export: serde_json::Value = serde_json::from_slice(&bytes).expect("the file is JSON");
    let email = w
        .panier()
        .read(async |c| panier_core::store::directory::member_by_id(c, w.demo.demo_member).await)
        .await
        .expect("lookup")
        .expect("member")
        .email;
    assert_eq!(export["identity"]["email"].as_str(), Some(email.as_str()), "{export}");
    assert_eq!(export["identity"]["first_name"].as_str(), Some("Camille"));
    running.stop().await;
}
