//! A restart of the bot is the same device (no new login: the password is not even given)
//! and continues from the stored sync token: a message sent while it was down is answered
//! once, and nothing answered before is answered again.

use panier_core::store::transport_state;
use panier_matrix::SYNC_TOKEN_KEY;

use crate::support::{Member, bot_account, require_synapse, start, world};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_the_device_and_handles_no_message_twice() {
    let hs = require_synapse!();
    let w = world().await;
    let account = bot_account(&hs, &w).await;
    let member = Member::new(&hs, "camille").await;

    let running = start(&w, &account.cfg).await;
    let device = running.bot.device_id().expect("device id");
    let dm = member.open_dm(&account.user_id).await;
    let first = member.say(&dm, "!aide").await;
    member.reply_to(&account.user_id, &first).await;
    running.stop().await;
    let token =
        w.panier().read(async |c| transport_state::get(c, SYNC_TOKEN_KEY).await).await.expect("token");
    assert!(token.is_some(), "the sync token is stored");

    // Written while the bot is down.
    let offline = member.say(&dm, "!aide").await;

    let mut restored = account.cfg.clone();
    restored.password = None;
    let running = start(&w, &restored).await;
    assert_eq!(running.bot.device_id().as_deref(), Some(device.as_str()), "same device after a restart");
    member.reply_to(&account.user_id, &offline).await;
    // Answered in order in this room: once the reply to `last` is here, a repeated answer to
    // an earlier message would be here too.
    let last = member.say(&dm, "!aide").await;
    member.reply_to(&account.user_id, &last).await;
    let answers = |event| {
        member.from(&account.user_id).into_iter().filter(|r| r.reply_to.as_ref() == Some(event)).count()
    };
    let per_message = answers(&last);
    assert!(per_message >= 1);
    assert_eq!(answers(&first), per_message, "the message before the restart is not answered again");
    assert_eq!(answers(&offline), per_message, "the message sent while down is answered once");
    let devices = running.bot.client().devices().await.expect("devices").devices;
    assert_eq!(
        devices.len(),
        1,
        "no new device at each start: {:?}",
        devices.iter().map(|d| &d.device_id).collect::<Vec<_>>()
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_access_token_of_an_existing_device_is_enough_to_start() {
    let hs = require_synapse!();
    let w = world().await;
    let account = bot_account(&hs, &w).await;
    let password = account.cfg.password.clone().expect("password");
    // A device created elsewhere (e.g. a login with curl): only its access token is given.
    let login = matrix_sdk::Client::builder().homeserver_url(&hs).build().await.expect("client");
    let response =
        login.matrix_auth().login_username(account.user_id.as_str(), &password).send().await.expect("login");
    drop(login);
    let mut cfg = account.cfg.clone();
    cfg.password = None;
    cfg.access_token = Some(response.access_token.clone());
    assert!(!format!("{cfg:?}").contains(&response.access_token), "the token is not shown");

    let running = start(&w, &cfg).await;
    assert_eq!(running.bot.device_id().as_deref(), Some(response.device_id.as_str()), "the token's device");
    let member = Member::new(&hs, "camille").await;
    let dm = member.open_dm(&account.user_id).await;
    let asked = member.say(&dm, "!aide").await;
    let help = member.reply_to(&account.user_id, &asked).await;
    assert!(help.encrypted);
    running.stop().await;
}
