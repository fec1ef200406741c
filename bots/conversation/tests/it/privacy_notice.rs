//! The AMAP's own privacy notice: shown after the common text when a member links their
//! account and by `confidentialite`; escaped like any other value; absent when not written.

use chrono::{DateTime, Utc};
use panier_conversation::{Bot, Incoming, Reply, Transport};
use panier_core::store::Store;
use panier_core::usecases::{Panier, privacy};

fn plain(replies: &[Reply]) -> Vec<String> {
    replies.iter().map(|r| r.text.plain()).collect()
}

#[tokio::test]
async fn the_amaps_notice_follows_the_common_text_at_linking_and_on_request() {
    let path = std::env::temp_dir().join(format!("panier_notice_{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path.to_string_lossy()).await.expect("open");
    let now: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2027-05-05T10:00:00+02:00").expect("now").with_timezone(&Utc);
    let info = panier_core::demo::seed(&store, now.date_naive(), now).await.expect("seed");
    let panier = Panier::new(store.clone());
    let bot = Bot::new(panier.clone());
    let say = async |who: &str, text: &str| {
        bot.handle(&Incoming::private(Transport::Console, who, text), now).await
    };

    // Without a notice of its own, only the common text.
    let before = plain(&say("nobody@chat", "/confidentialite").await);
    assert_eq!(before.len(), 1, "{before:?}");

    let notice = "Responsable : le bureau <b>collégial</b>.\nContact : bureau@capucins.example";
    let mut tx = store.write_tx().await.expect("tx");
    privacy::set_privacy_notice(&mut tx, Some(info.admin), info.amap, Some(notice)).await.expect("set");
    tx.commit().await.expect("commit");

    let code =
        panier.create_link_code(Some(info.admin), info.amap, info.members[6], now).await.expect("code");
    let linked = say("new@chat", &format!("/lier {code}")).await;
    let texts = plain(&linked);
    assert_eq!(texts.len(), 3, "welcome, common notice, the AMAP's notice: {texts:?}");
    assert!(texts[2].contains("AMAP des Capucins") && texts[2].contains(notice), "{}", texts[2]);
    assert!(
        linked[2].text.html().contains("&lt;b&gt;collégial&lt;/b&gt;"),
        "escaped: {}",
        linked[2].text.html()
    );

    let asked = plain(&say("new@chat", "/confidentialite").await);
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked[0].contains("3 ans") && asked[1].contains("bureau@capucins.example"), "{asked:?}");
}
