//! Hostile names through the real input path (the members CSV import) and out through
//! Telegram's HTML: markup shows literally, right-to-left overrides and control characters
//! never reach a message.

use panier_core::import::import_members;

use panier_telegram::fake::FakeUser;

use crate::support::Env;

const HOSTILE_CSV: &str = "email,first_name,last_name,phone,roles\n\
zoe.hostile@example.org,<b>Zoé</b>,*gras* _x_ </pre>,,\n\
ali.rtl@example.org,Ali\u{202E}ecnalab,Ben\u{0007}\u{200F}ali,,\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_with_markup_or_rtl_overrides_are_shown_literally() {
    let env = Env::new().await;
    import_members(&env.store, &env.info.amap_slug, "members.csv", HOSTILE_CSV, env.now)
        .await
        .expect("the import accepts the names, cleaned");
    let claire = FakeUser::new(5002, "Claire");
    env.link("claire.dubois@example.org", &claire).await;
    let running = env.start();
    env.fake.send_text(&claire, "/membres zoé");
    env.fake.send_text(&claire, "/membres ali");
    let sent = env.wait_sent(claire.id, 2).await;
    running.stop().await;

    let zoe = sent[0].text();
    assert_eq!(sent[0].payload["parse_mode"], "HTML");
    assert!(zoe.contains("&lt;b&gt;Zoé&lt;/b&gt;"), "markup in a name is escaped: {zoe}");
    assert!(zoe.contains("*gras* _x_ &lt;/pre&gt;"), "{zoe}");
    assert!(!zoe.contains("<b>Zoé</b>") && !zoe.contains("</pre>"), "{zoe}");
    let ali = sent[1].text();
    assert!(ali.contains("Aliecnalab") && ali.contains("Benali"), "{ali}");
    for call in &sent {
        let text = call.text();
        assert!(!text.chars().any(|c| c == '\u{202E}' || c == '\u{200F}' || c == '\u{7}'), "{text:?}");
    }
}
