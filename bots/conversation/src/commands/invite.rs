//! `inviter` / `invite [e-mail]`: an admin invites someone to the AMAP. A short dialogue asks
//! for the e-mail, then the first and last name when the person is new; core creates or
//! updates the member and gives back a one-time linking code to pass on.

use panier_core::error::{CoreError, Invalid};
use panier_core::types::AmapId;
use panier_core::usecases::admin_extra::{self, InviteOutcome};
use panier_core::usecases::linking::DEFAULT_CODE_DAYS;

use crate::commands::cancel::is_stop_word;
use crate::context::Ctx;
use crate::dialogue::Pending;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::Reply;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let amap = ctx.panier.read(async |c| admin_extra::admin_amap(c, member).await).await?;
    if args.trim().is_empty() {
        ctx.dialogue.pending = Some(Pending::InviteEmail { amap: amap.0 });
        return Ok(vec![ctx.reply("manage-invite-ask-email", &[])]);
    }
    with_email(ctx, amap, args.trim()).await
}

/// The answer to "Quelle est l'adresse e-mail … ?".
pub async fn answer_email(ctx: &mut Ctx<'_>, amap: i64, text: &str) -> Result<Vec<Reply>, Failure> {
    if is_stop_word(text) {
        return Ok(vec![ctx.reply("manage-stop", &[])]);
    }
    with_email(ctx, AmapId(amap), text.trim()).await
}

async fn with_email(ctx: &mut Ctx<'_>, amap: AmapId, email: &str) -> Result<Vec<Reply>, Failure> {
    let (member, now) = (ctx.member()?.id, ctx.now);
    let outcome =
        ctx.panier.write(async |c| admin_extra::invite_member(c, member, amap, email, None, now).await).await;
    match outcome {
        Ok(InviteOutcome::NeedName) => {
            let email = email.to_lowercase();
            let reply = ctx.reply("manage-invite-ask-name", &[("email", Arg::from(&email))]);
            ctx.dialogue.pending = Some(Pending::InviteName { amap: amap.0, email });
            Ok(vec![reply])
        }
        Ok(InviteOutcome::Invited(invitation)) => Ok(vec![done(ctx, &invitation)]),
        Err(CoreError::Invalid(Invalid::Email)) => {
            ctx.dialogue.pending = Some(Pending::InviteEmail { amap: amap.0 });
            let shown: String = email.chars().take(60).collect();
            Ok(vec![ctx.reply("manage-invite-bad-email", &[("input", Arg::from(shown))])])
        }
        Err(e) => Err(e.into()),
    }
}

/// The answer to "Quels sont le prénom et le nom … ?": the first word is the first name.
pub async fn answer_name(
    ctx: &mut Ctx<'_>,
    amap: i64,
    email: &str,
    text: &str,
) -> Result<Vec<Reply>, Failure> {
    if is_stop_word(text) {
        return Ok(vec![ctx.reply("manage-stop", &[])]);
    }
    let text = text.trim();
    let retry = |ctx: &mut Ctx<'_>| {
        ctx.dialogue.pending = Some(Pending::InviteName { amap, email: email.to_owned() });
        Ok(vec![ctx.reply("manage-invite-bad-name", &[])])
    };
    let Some((first, last)) = text.split_once(char::is_whitespace) else {
        return retry(ctx);
    };
    let (member, now) = (ctx.member()?.id, ctx.now);
    let outcome = ctx
        .panier
        .write(async |c| {
            admin_extra::invite_member(c, member, AmapId(amap), email, Some((first, last.trim())), now).await
        })
        .await;
    match outcome {
        Ok(InviteOutcome::Invited(invitation)) => Ok(vec![done(ctx, &invitation)]),
        Ok(InviteOutcome::NeedName) | Err(CoreError::Invalid(Invalid::Name)) => retry(ctx),
        Err(e) => Err(e.into()),
    }
}

fn done(ctx: &Ctx<'_>, invitation: &admin_extra::Invitation) -> Reply {
    let name = [("name", Arg::from(&invitation.full_name))];
    let first = if invitation.already_member {
        ctx.raw("manage-invite-done-existing", &name)
    } else {
        ctx.raw("manage-invite-done-new", &name)
    };
    let code = [("code", Arg::from(&invitation.code)), ("days", Arg::from(DEFAULT_CODE_DAYS))];
    let text =
        format!("{first}\n{}\n{}", ctx.raw("manage-invite-code", &code), ctx.raw("manage-invite-how", &code));
    Reply::new(Rich::parse(&text)).with_buttons(vec![ctx.button(
        "manage-button-invite-other",
        &[],
        "/inviter",
    )])
}

#[cfg(test)]
mod tests {
    //! The whole invitation, down to the new person linking their account with the code: the
    //! code is random, so this is not a transcript.

    use chrono::{DateTime, Utc};
    use panier_core::store::Store;
    use panier_core::usecases::Panier;

    use crate::message::{Incoming, Transport};
    use crate::{Bot, Reply};

    fn text(replies: &[Reply]) -> String {
        replies.iter().map(|r| r.text.plain()).collect::<Vec<_>>().join("\n---\n")
    }

    #[tokio::test]
    async fn an_admin_invites_a_new_person_who_links_with_the_code() {
        let path = std::env::temp_dir().join(format!("panier_invite_{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let store = Store::open(&path.to_string_lossy()).await.expect("store");
        let now: DateTime<Utc> =
            DateTime::parse_from_rfc3339("2027-05-05T10:00:00+02:00").expect("now").with_timezone(&Utc);
        let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
        panier_core::demo::seed(&store, today, now).await.expect("seed");
        let admin = "claire.dubois@example.org";
        {
            let mut conn = store.conn().await.expect("conn");
            let email = panier_core::types::Email::parse(admin).expect("email");
            let claire = panier_core::store::directory::member_by_email(&mut conn, &email)
                .await
                .expect("lookup")
                .expect("claire");
            panier_core::store::accounts::link_account(&mut conn, claire.id, "console", admin, admin, now)
                .await
                .expect("link");
        }
        let bot = Bot::new(Panier::new(store.clone()));
        let say = async |sender: &str, message: &str| {
            bot.handle(&Incoming::private(Transport::Console, sender, message), now).await
        };

        let asked = text(&say(admin, "/inviter").await);
        assert!(asked.contains("adresse e-mail"), "{asked}");
        let bad = text(&say(admin, "pas une adresse").await);
        assert!(bad.contains("ne ressemble pas"), "{bad}");
        let name = text(&say(admin, "Marie.Durand@Example.org").await);
        assert!(name.contains("marie.durand@example.org n'est pas encore dans Panier"), "{name}");
        let replies = say(admin, "Marie Durand").await;
        let done = text(&replies);
        assert!(done.contains("Marie Durand est maintenant membre"), "{done}");
        assert_eq!(replies[0].buttons[0].data, "/inviter");
        let code = replies[0]
            .text
            .spans
            .iter()
            .find(|s| s.bold && s.text.len() == 10)
            .map(|s| s.text.clone())
            .expect("the code is shown in bold");
        assert!(done.contains(&format!("/lier {code} sur Telegram, ou !lier {code} sur Matrix")), "{done}");

        // The dialogue is over: free text is not taken as a name any more.
        let after = text(&say(admin, "Jean Dupont").await);
        assert!(after.contains("Je n'ai pas compris"), "{after}");

        // The new person links their account with the code, once.
        let linked = text(&say("marie-telegram", &format!("/lier {code}")).await);
        assert!(linked.contains("Bienvenue Marie"), "{linked}");
        let again = text(&say("someone-else", &format!("/lier {code}")).await);
        assert!(again.contains("Ce code ne fonctionne pas"), "{again}");

        // Inviting an existing member gives a new code without asking their name.
        let existing = text(&say(admin, "/inviter camille.petit@example.org").await);
        assert!(existing.contains("Camille Petit est déjà membre"), "{existing}");

        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
