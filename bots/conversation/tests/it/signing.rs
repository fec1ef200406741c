//! Online signing in the chat: after a member signs, the farmer gets a fresh countersignature
//! link; after the countersignature, both parties get their copy (the PDF travels in the
//! outbox row's `document` field for the adapter to attach).

use chrono::{DateTime, Utc};
use panier_conversation::Bot;
use panier_conversation::notify::{BotDeliver, RecordingTransport};
use panier_core::demo;
use panier_core::scheduler::dispatcher::{self, DispatchConfig};
use panier_core::store::{Store, accounts, contracts};
use panier_core::types::Quantity;
use panier_core::usecases::Panier;
use panier_core::usecases::signing::{
    self, CopyRenderer, DeliveredTo, QuantityChange, RenderedCopy, SignatureContext, SignedCopy,
};

struct Stub;

impl CopyRenderer for Stub {
    fn render(&self, copy: &SignedCopy, _language: &str) -> RenderedCopy {
        RenderedCopy {
            filename: format!("contrat-pain-v{}.pdf", copy.version),
            media_type: "application/pdf".into(),
            bytes: b"%PDF-stub".to_vec(),
        }
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

#[tokio::test]
async fn the_farmer_gets_a_link_and_both_parties_a_copy() {
    let path = std::env::temp_dir().join(format!("panier_signing_chat_{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path.to_string_lossy()).await.expect("open");
    let now = at("2027-05-05T08:00:00Z");
    let info = demo::seed(&store, chrono::NaiveDate::from_ymd_opt(2027, 5, 5).expect("date"), now)
        .await
        .expect("seed");
    let (julien, jean, bread) = (info.members[3], info.farmers[2], info.bread);
    let mut c = store.conn().await.expect("conn");
    accounts::link_account(&mut c, julien, "telegram", "1003", "1003", now).await.expect("link");
    accounts::link_account(&mut c, jean, "telegram", "2003", "2003", now).await.expect("link");
    let miche = contracts::products_of(&mut c, bread).await.expect("products")[0].id;
    drop(c);
    let panier = Panier::new(store.clone());
    let to = DeliveredTo { transport: "telegram".into(), account: "1003".into() };
    let token = panier
        .write(async |c| signing::issue_member_link(c, julien, bread, &to, now).await)
        .await
        .expect("link")
        .token;
    let page = panier.read(async |c| signing::member_page(c, &token, now).await).await.expect("page");
    let csrf = page.link.csrf.clone();
    let change = QuantityChange::EveryDate(vec![(miche, Quantity::new(1).expect("q"))]);
    panier
        .write(async |c| signing::save_quantities(c, &token, &csrf, &change, now).await)
        .await
        .expect("save");
    let doc = panier
        .read(async |c| signing::member_page(c, &token, now).await)
        .await
        .expect("page")
        .document_sha256;
    let ctx = SignatureContext {
        consent: true,
        consent_text: "Je m'engage.".into(),
        ip: "192.0.2.1".into(),
        user_agent: "test".into(),
    };
    panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, now).await).await.expect("sign");

    let bot = Bot::new(panier.clone()).with_public_url("https://panier.example.org/");
    let deliver = BotDeliver::new(bot, RecordingTransport::new("telegram"))
        .with_clock(std::sync::Arc::new(move || now));
    let cfg = DispatchConfig::new("test".to_owned());
    dispatcher::run_once(&store, &deliver, &cfg, now).await.expect("dispatch");
    let pushed = deliver.transport_ref().pushed();
    assert_eq!(pushed.len(), 1);
    assert_eq!(pushed[0].chat_id, "2003");
    let text = &pushed[0].text;
    assert!(text.contains("Pain") && text.contains("1 contrat attend votre signature"), "{text}");
    let url_start = text.find("https://panier.example.org/c/").expect("a farmer link");
    let ftoken: String = text[url_start + "https://panier.example.org/c/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    // The link in the message opens the farmer's page; it was made at send time for the chat
    // account the message went to (the outbox row itself holds no token).
    let fp = panier.read(async |c| signing::farmer_page(c, &ftoken, now).await).await.expect("farmer page");
    let hash = panier_core::signature::hash_token(&ftoken);
    let mut c = store.conn().await.expect("conn");
    let row =
        panier_core::store::signing::link_by_hash(&mut c, &hash).await.expect("lookup").expect("link row");
    assert_eq!((row.transport.as_str(), row.account.as_str()), ("telegram", "2003"));
    drop(c);

    let which = vec![(fp.pending[0].subscription, fp.pending[0].document_sha256.clone())];
    let fcsrf = fp.link.csrf.clone();
    panier
        .write(async |c| signing::countersign(c, &ftoken, &fcsrf, &which, &ctx, &Stub, now).await)
        .await
        .expect("countersign");
    // Both copies, rendered as the dispatcher would: the text and the PDF attached.
    let mut c = store.conn().await.expect("conn");
    let lease = now + chrono::Duration::minutes(5);
    let rows = panier_core::store::outbox::claim(&mut c, store.backend(), "telegram", "test", now, lease, 10)
        .await
        .expect("claim");
    drop(c);
    assert_eq!(rows.len(), 2);
    let bot = Bot::new(panier.clone());
    let mut chats = Vec::new();
    for row in &rows {
        assert_eq!(row.kind, "signed_copy");
        let reply =
            panier_conversation::notify::render(&bot, row, now).await.expect("render").expect("a reply");
        let text = reply.text.plain();
        assert!(text.contains("Julien Roux") && text.contains("contrat-pain-v1.pdf"), "{text}");
        let document = reply.document.expect("the PDF is attached");
        assert_eq!(
            (document.file_name.as_str(), document.mime.as_str()),
            ("contrat-pain-v1.pdf", "application/pdf")
        );
        assert_eq!(document.bytes, b"%PDF-stub");
        chats.push(row.chat_id.clone());
    }
    chats.sort();
    assert_eq!(chats, ["1003", "2003"]);
    store.close().await;
    let _ = std::fs::remove_file(&path);
}
