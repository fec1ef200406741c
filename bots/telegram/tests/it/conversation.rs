//! Conversations through Telegram: linking by deep link, the next distribution, the absence
//! dialogue with inline buttons, double presses, group privacy, command menus.

use panier_core::store::accounts;
use panier_core::usecases::linking;
use panier_telegram::fake::{BOT_USERNAME, FakeUser};
use serde_json::Value;

use crate::support::{Env, SOON, camille, texts};

#[tokio::test]
async fn deep_link_links_the_account() {
    let env = Env::new().await;
    let julien = env.member("julien.roux@example.org").await;
    let code = {
        let mut c = env.store.conn().await.expect("conn");
        linking::create_link_code(&mut c, None, env.info.amap, julien, env.now, 30).await.expect("code")
    };
    let running = env.start();
    let user = FakeUser::new(4242, "Julien");
    let update = env.fake.send_text(&user, &format!("/start {code}"));
    let sent = env.wait_sent(4242, 1).await;
    assert!(sent[0].text().contains("Bienvenue Julien"), "{:?}", texts(&sent));
    assert!(sent[0].text().contains("<b>AMAP des Capucins</b>"), "{:?}", texts(&sent));
    assert_eq!(sent[0].payload["parse_mode"], "HTML");

    // The account is linked to Julien, on his private chat.
    let linked = {
        let mut c = env.store.conn().await.expect("conn");
        accounts::accounts_of(&mut c, julien).await.expect("accounts")
    };
    assert_eq!(linked.len(), 1);
    assert_eq!(
        (linked[0].transport.as_str(), linked[0].external_id.as_str(), linked[0].chat_id.as_str()),
        ("telegram", "4242", "4242")
    );

    // The code is single-use; /start without a code explains how to get one.
    let stranger = FakeUser::new(4343, "Zoé");
    env.fake.send_text(&stranger, &format!("/start {code}"));
    let refused = env.wait_sent(4343, 1).await;
    assert!(refused[0].text().contains("ne fonctionne pas"), "{:?}", texts(&refused));
    env.fake.send_text(&stranger, "/start");
    let how = env.wait_sent(4343, 2).await;
    assert!(how[1].text().contains("demandez un code"), "{:?}", texts(&how));
    running.stop().await;

    // The first update's id was stored as handled, then the later ones.
    let stored = {
        let mut c = env.store.conn().await.expect("conn");
        panier_core::store::transport_state::get(&mut c, panier_telegram::OFFSET_KEY).await.expect("offset")
    };
    assert_eq!(stored, Some((update + 2).to_string()));
}

#[tokio::test]
async fn next_distribution_in_html_with_buttons() {
    let env = Env::new().await;
    let user = camille();
    env.link("camille.petit@example.org", &user).await;
    let running = env.start();
    env.fake.send_text(&user, "/prochaine");
    let sent = env.wait_sent(user.id, 1).await;
    running.stop().await;
    let next = &sent[0];
    assert!(next.text().starts_with("📅 <b>Mardi 11 mai</b>, 18h30–19h45"), "{}", next.text());
    assert!(next.text().contains("📍 Salle des Capucins"), "{}", next.text());
    assert_eq!(next.payload["parse_mode"], "HTML");
    let data: Vec<String> = next.buttons().into_iter().map(|(_, d)| d).collect();
    assert!(data.contains(&"/absence 2027-05-11".to_owned()), "{data:?}");
    assert!(data.iter().all(|d| d.len() <= 64));
    // The message Telegram keeps shows the keyboard.
    let id = next.message_id().expect("message id");
    assert!(!env.fake.buttons_of(user.id, id).is_empty());
}

/// The position of the first call matching `method` and `pred` after `from`.
fn position(
    calls: &[panier_telegram::fake::Call],
    from: usize,
    method: &str,
    pred: impl Fn(&Value) -> bool,
) -> usize {
    calls
        .iter()
        .position(|c| c.seq >= from && c.ok() && c.method == method && pred(&c.payload))
        .unwrap_or_else(|| panic!("no {method} after call {from}"))
}

#[tokio::test]
async fn absence_dialogue_with_inline_buttons() {
    let env = Env::new().await;
    let user = camille();
    env.link("camille.petit@example.org", &user).await;
    let running = env.start();

    env.fake.send_text(&user, "/absence");
    let sent = env.wait_sent(user.id, 1).await;
    let dates = &sent[0];
    assert!(dates.text().contains("Pour quelle distribution"), "{}", dates.text());
    let dates_id = dates.message_id().expect("id");
    let (label, data) = dates.buttons()[0].clone();
    assert_eq!((label.as_str(), data.as_str()), ("Mardi 11 mai", "/absence 2027-05-11"));

    // Press: the query is answered, the keyboard removed, then the next question comes.
    let before = env.fake.calls().len();
    env.fake.press(&user, user.id, dates_id, &data);
    let sent = env.wait_sent(user.id, 2).await;
    let modes = &sent[1];
    assert!(modes.text().contains("que voulez-vous en faire"), "{}", modes.text());
    let calls = env.fake.calls();
    let answered = position(&calls, before, "answerCallbackQuery", |_| true);
    let edited = position(&calls, before, "editMessageReplyMarkup", |p| p["message_id"] == dates_id);
    let asked = position(&calls, before, "sendMessage", |_| true);
    assert!(answered < edited && edited < asked, "order: answer {answered}, edit {edited}, send {asked}");
    assert!(env.fake.buttons_of(user.id, dates_id).is_empty(), "old keyboard removed");
    let mode_buttons = modes.buttons();
    assert_eq!(mode_buttons[0].1, "/absence 2027-05-11 reporter");

    // Second step by button: the absence is recorded.
    env.fake.press(&user, user.id, modes.message_id().expect("id"), &mode_buttons[0].1);
    let sent = env.wait_sent(user.id, 3).await;
    assert!(sent[2].text().contains("C'est noté pour le <b>mardi 11 mai</b>"), "{}", sent[2].text());
    assert!(sent[2].text().contains("Il vous reste 2 absences"), "{}", sent[2].text());
    running.stop().await;
}

#[tokio::test]
async fn a_button_pressed_twice_acts_once() {
    let env = Env::new().await;
    let user = camille();
    env.link("camille.petit@example.org", &user).await;
    let running = env.start();
    env.fake.send_text(&user, "/absence 2027-05-11");
    let sent = env.wait_sent(user.id, 1).await;
    let modes = sent[0].message_id().expect("id");
    let postpone = sent[0].buttons()[0].1.clone();

    // A fast double tap: both presses reach the bot before the keyboard is removed.
    env.fake.press(&user, user.id, modes, &postpone);
    env.fake.press(&user, user.id, modes, &postpone);
    env.wait_sent(user.id, 2).await;
    assert!(
        env.fake
            .wait_until(SOON, |f| f.calls_of("answerCallbackQuery").len() == 2 && f.pending_updates() == 0)
            .await,
        "both presses answered"
    );
    // A late press on the message whose keyboard is gone.
    env.fake.press(&user, user.id, modes, &postpone);
    assert!(env.fake.wait_until(SOON, |f| f.calls_of("answerCallbackQuery").len() == 3).await);
    // Then a command, to be sure the presses were all handled before counting.
    env.fake.send_text(&user, "/livraisons");
    let sent = env.wait_sent(user.id, 3).await;
    running.stop().await;

    let confirmations = sent.iter().filter(|c| c.text().contains("C'est noté")).count();
    assert_eq!(confirmations, 1, "{:?}", texts(&sent));
    assert_eq!(sent.len(), 3, "{:?}", texts(&sent));
    assert_eq!(env.fake.calls_of("editMessageReplyMarkup").len(), 1);
    // One absence in the database: the 18th holds the postponed basket.
    assert!(sent[2].text().contains("reporté du mardi 11 mai"), "{}", sent[2].text());
}

#[tokio::test]
async fn personal_commands_in_a_group_are_answered_in_private() {
    let env = Env::new().await;
    let user = camille();
    env.link("camille.petit@example.org", &user).await;
    let running = env.start();
    let group = -1_001_234_567_890;

    env.fake.send_group_text(group, &user, &format!("/prochaine@{BOT_USERNAME}"));
    let private = env.wait_sent(user.id, 1).await;
    assert!(private[0].text().contains("Mardi 11 mai"), "{}", private[0].text());
    let in_group = env.fake.sent_to(group);
    assert_eq!(texts(&in_group), ["Je vous réponds en privé 📩"]);

    // Chatter and commands for another bot are not for Panier; /aide is public.
    env.fake.send_group_text(group, &user, "bonjour à tous");
    env.fake.send_group_text(group, &user, "/prochaine@autre_bot");
    env.fake.send_group_text(group, &user, "/aide");
    let in_group = env.wait_sent(group, 2).await;
    running.stop().await;
    assert!(in_group[1].text().contains("Voici ce que je sais faire"), "{}", in_group[1].text());
    assert_eq!(env.fake.sent_to(user.id).len(), 1, "nothing more in private");
    for message in env.fake.sent_to(group) {
        assert!(
            !message.text().contains("Salle des Capucins") && !message.text().contains("Mardi 11 mai"),
            "{}",
            message.text()
        );
    }
}

#[tokio::test]
async fn someone_who_never_opened_a_private_chat_is_told_how_in_the_group() {
    let env = Env::new().await;
    let user = camille();
    env.link("camille.petit@example.org", &user).await;
    env.fake.forbid_chat(user.id, "Forbidden: bot can't initiate conversation with a user");
    let running = env.start();
    let group = -1_001_234_567_891;
    env.fake.send_group_text(group, &user, &format!("/prochaine@{BOT_USERNAME}"));
    let in_group = env.wait_sent(group, 2).await;
    running.stop().await;
    assert_eq!(in_group[0].text(), "Je vous réponds en privé 📩");
    let notice = in_group[1].text();
    assert!(notice.contains(&format!("https://t.me/{BOT_USERNAME}")), "{notice}");
    assert!(notice.contains("ouvrez d'abord une conversation"), "{notice}");
    assert!(
        !notice.contains("Salle des Capucins") && !notice.contains("Mardi 11 mai"),
        "nothing personal: {notice}"
    );
    assert_eq!(env.fake.sent_to(group).len(), 2, "told once");
}

#[tokio::test]
async fn command_menus_in_french_and_english() {
    let env = Env::new().await;
    let running = env.start();
    assert!(env.fake.wait_until(SOON, |f| f.calls_of("setMyCommands").len() == 6).await, "six menus");
    running.stop().await;
    let names = |scope: &str, lang: &str| -> Vec<String> {
        let list = env.fake.commands(scope, lang).unwrap_or_else(|| panic!("menu {scope} {lang}"));
        list.as_array()
            .expect("list")
            .iter()
            .map(|c| c["command"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let fr = names("all_private_chats", "fr");
    let en = names("all_private_chats", "en");
    assert!(fr.contains(&"prochaine".to_owned()) && fr.contains(&"absence".to_owned()), "{fr:?}");
    assert!(en.contains(&"next".to_owned()) && en.contains(&"absent".to_owned()), "{en:?}");
    assert_eq!(fr.len(), en.len());
    assert_eq!(names("all_private_chats", ""), fr, "French is the default");
    // In groups, only what may be answered there.
    let public = |name: &String| panier_conversation::commands::lookup(name).is_some_and(|c| c.public);
    let (group_fr, group_en) = (names("all_group_chats", "fr"), names("all_group_chats", "en"));
    assert!(group_fr.contains(&"aide".to_owned()) && group_fr.iter().all(public), "{group_fr:?}");
    assert!(group_en.contains(&"help".to_owned()) && group_en.iter().all(public), "{group_en:?}");
    assert!(!group_fr.contains(&"prochaine".to_owned()));
    let fr_list = env.fake.commands("all_private_chats", "fr").expect("fr");
    let next =
        fr_list.as_array().expect("list").iter().find(|c| c["command"] == "prochaine").expect("prochaine");
    assert_eq!(next["description"], "Votre prochaine distribution");
    let en_list = env.fake.commands("all_private_chats", "en").expect("en");
    let next = en_list.as_array().expect("list").iter().find(|c| c["command"] == "next").expect("next");
    assert_eq!(next["description"], "Your next distribution");
}

#[tokio::test]
async fn english_speakers_get_english() {
    let env = Env::new().await;
    let running = env.start();
    let user = FakeUser::new(6001, "Sam").lang(Some("en-GB"));
    env.fake.send_text(&user, "/start");
    let sent = env.wait_sent(user.id, 1).await;
    running.stop().await;
    assert!(
        sent[0].text().contains("ask your AMAP's admins for a code, then type /link CODE"),
        "{}",
        sent[0].text()
    );
    assert!(!sent[0].text().contains("demandez"), "{}", sent[0].text());
}

#[tokio::test]
async fn bot_username_from_the_configuration_or_get_me() {
    let env = Env::new().await;
    let asked = env.telegram().bot_username().await.expect("getMe");
    assert_eq!(asked, BOT_USERNAME);
    assert_eq!(env.fake.calls_of("getMe").len(), 1);
    let mut cfg = env.config();
    cfg.bot_username = Some("@panier_capucins_bot".into());
    let configured = env.telegram_at(cfg, env.now).bot_username().await.expect("configured");
    assert_eq!(configured, "panier_capucins_bot");
    assert_eq!(env.fake.calls_of("getMe").len(), 1, "no call when configured");
    let wrong = panier_telegram::TelegramConfig::new("999:wrong").with_api_url(env.fake.url());
    assert!(env.telegram_at(wrong.clone(), env.now).bot_username().await.is_err());
    // A refused token stops the adapter with an error instead of polling forever.
    let (_stop, shutdown) = tokio::sync::watch::channel(false);
    let ended = env.telegram_at(wrong, env.now).run(env.bot.clone(), shutdown).await;
    assert!(ended.is_err_and(|e| !e.to_string().contains("999:wrong")));
}

#[tokio::test]
async fn a_data_export_arrives_as_a_file_in_private() {
    let env = Env::new().await;
    let user = camille();
    env.link("camille.petit@example.org", &user).await;
    let running = env.start();
    let group = -1_001_234_567_891;
    env.fake.send_group_text(group, &user, "/mesdonnees");
    let sent = env.wait_sent(user.id, 1).await;
    running.stop().await;
    assert_eq!(sent[0].method, "sendDocument");
    let name = sent[0].payload["document"]["file_name"].as_str().unwrap_or_default().to_owned();
    assert!(name.starts_with("panier-mes-donnees-") && name.ends_with(".json"), "{name}");
    assert!(sent[0].payload["document"]["size"].as_u64().unwrap_or(0) > 100);
    assert!(sent[0].text().contains("camille.petit@example.org"), "{}", sent[0].text());
    assert_eq!(texts(&env.fake.sent_to(group)), ["Je vous réponds en privé 📩"]);
}
