//! Hostile names through the real input path (the members CSV import) and out as Matrix HTML:
//! markup shows literally and right-to-left overrides never reach a message. Needs no
//! homeserver: the conversation layer's reply goes through the adapter's renderer.

use chrono::{DateTime, Utc};
use panier_conversation::{Bot, Incoming, Transport};
use panier_core::import::import_members;
use panier_core::store::{Store, accounts, directory};
use panier_core::types::Email;
use panier_core::usecases::Panier;
use panier_matrix::render::{Envelope, message_content};

const HOSTILE_CSV: &str = "email,first_name,last_name,phone,roles\n\
zoe.hostile@example.org,<b>Zoé</b>,*gras* <a href=x>lien</a>,,\n\
ali.rtl@example.org,Ali\u{202E}ecnalab,Ben\u{0007}\u{200F}ali,,\n";

#[tokio::test]
async fn names_with_markup_or_rtl_overrides_are_shown_literally() {
    let path = std::env::temp_dir().join(format!("panier_matrix_hostile_{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path.to_string_lossy()).await.expect("open");
    let now: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2027-05-05T10:00:00+02:00").expect("now").with_timezone(&Utc);
    let info = panier_core::demo::seed(&store, now.date_naive(), now).await.expect("seed");
    import_members(&store, &info.amap_slug, "members.csv", HOSTILE_CSV, now).await.expect("import");
    let admin = "@claire:localhost";
    {
        let mut c = store.conn().await.expect("conn");
        let email = Email::parse("claire.dubois@example.org").expect("email");
        let claire = directory::member_by_email(&mut c, &email).await.expect("q").expect("admin");
        accounts::link_account(&mut c, claire.id, "matrix", admin, "!dm:localhost", now).await.expect("link");
    }
    let bot = Bot::new(Panier::new(store.clone()));
    let mut contents = Vec::new();
    for text in ["!membres zoé", "!membres ali"] {
        for reply in bot.handle(&Incoming::private(Transport::Matrix, admin, text), now).await {
            contents.push(message_content(&reply, &Envelope::default()));
        }
    }
    let html: Vec<String> =
        contents.iter().map(|c| c["formatted_body"].as_str().unwrap_or_default().to_owned()).collect();
    let body: Vec<String> =
        contents.iter().map(|c| c["body"].as_str().unwrap_or_default().to_owned()).collect();
    let zoe = &html[0];
    assert!(zoe.contains("&lt;b&gt;Zoé&lt;/b&gt;"), "{zoe}");
    assert!(zoe.contains("*gras* &lt;a href=x&gt;lien&lt;/a&gt;"), "{zoe}");
    assert!(!zoe.contains("<a href=x>") && !zoe.contains("<b>Zoé</b>"), "{zoe}");
    assert!(
        body[0].contains("<b>Zoé</b> *gras* <a href=x>lien</a>"),
        "the plain body is literal: {}",
        body[0]
    );
    assert!(html.iter().any(|h| h.contains("Aliecnalab") && h.contains("Benali")), "{html:?}");
    for text in html.iter().chain(&body) {
        assert!(!text.chars().any(|c| c == '\u{202E}' || c == '\u{200F}' || c == '\u{7}'), "{text:?}");
    }
}
