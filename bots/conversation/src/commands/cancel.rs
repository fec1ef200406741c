//! `annuler` / `cancel [contrat] [date]`: a referent or farmer cancels a delivery, after a
//! confirmation button that says how many members are concerned. Without arguments while a
//! question is pending, it stops the dialogue instead.

use panier_core::error::{CoreError, Missing};
use panier_core::usecases::admin_extra;

use crate::commands::totals::{
    ContractArg, Scope, Step, ask_contract, contract_arg, date_or_ask, dates_of, finish, guard, no_delivery,
};
use crate::context::Ctx;
use crate::dates::{date_arg, iso};
use crate::dialogue::DialogueState;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::{MAX_BUTTON_DATA, Reply};
use crate::parse::normalize;

/// Words that stop a dialogue when typed as an answer.
pub(crate) fn is_stop_word(text: &str) -> bool {
    matches!(
        normalize(text).trim_end_matches(['.', '!']),
        "annuler" | "cancel" | "stop" | "arreter" | "abandon"
    )
}

/// Words that confirm an action, last in the arguments ("… confirmer").
pub(crate) fn strip_confirm(args: &str) -> (String, bool) {
    let tokens: Vec<&str> = args.split_whitespace().collect();
    match tokens.split_last() {
        Some((last, rest)) if matches!(normalize(last).as_str(), "confirmer" | "confirm") => {
            (rest.join(" "), true)
        }
        _ => (tokens.join(" "), false),
    }
}

/// Whether the member is in the middle of something: a question waiting for an answer, or a
/// confirmation button just offered.
async fn in_dialogue(ctx: &Ctx<'_>) -> bool {
    let (transport, sender, now) = (ctx.msg.transport.as_str(), ctx.msg.sender.as_str(), ctx.now);
    let stored =
        ctx.panier.read(async |c| panier_core::store::dialogue::load(c, transport, sender, now).await).await;
    match stored {
        Ok(Some(raw)) => {
            let state = DialogueState::from_json(&raw);
            state.pending.is_some()
                || state.choices.iter().any(|b| b.data.ends_with(" confirmer") || b.data == "/annuler")
        }
        _ => false,
    }
}

/// A question with "Yes" (`confirm`, a command line) and "No" buttons. When the command is
/// too long for a button (a very long contract slug), the text gives it to type instead.
pub(crate) fn confirmation(ctx: &Ctx<'_>, mut text: String, yes_key: &str, confirm: String) -> Reply {
    if confirm.len() > MAX_BUTTON_DATA {
        let typed = format!("{}{}", ctx.prefix(), confirm.trim_start_matches('/'));
        text.push('\n');
        text.push_str(&ctx.raw("manage-confirm-typed", &[("command", Arg::from(typed))]));
    }
    let buttons = vec![ctx.button(yes_key, &[], confirm), ctx.button("manage-button-no", &[], "/annuler")];
    Reply::new(Rich::parse(&text)).with_buttons(buttons)
}

/// "25 amapien·nes sont concerné·es."
pub(crate) fn concerned(ctx: &Ctx<'_>, members: usize) -> String {
    ctx.raw("manage-members-concerned", &[("members", Arg::from(members))])
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    if args.trim().is_empty() {
        if in_dialogue(ctx).await {
            return Ok(vec![ctx.reply("manage-stop", &[])]);
        }
        let member = ctx.member()?.id;
        if ctx.panier.managed_contracts(member).await?.is_empty() {
            let help = format!(
                "{}{}",
                ctx.prefix(),
                if ctx.lang == crate::i18n::Lang::En { "help" } else { "aide" }
            );
            return Ok(vec![ctx.reply("manage-nothing-to-stop", &[("help", Arg::from(help))])]);
        }
    }
    finish(cancel(ctx, args).await)
}

async fn cancel(ctx: &Ctx<'_>, args: &str) -> Step<Vec<Reply>> {
    let (args, confirmed) = strip_confirm(args);
    let (contract, rest) = match contract_arg(ctx, &args, "annuler", true).await? {
        ContractArg::Given(contract, rest) => (contract, rest),
        ContractArg::Ask(contracts, rest) => {
            let suffix =
                if rest.is_empty() { String::new() } else { format!(" {}", iso(date_arg(ctx, &rest)?)) };
            return Err(ask_contract(ctx, &contracts, "annuler", &suffix));
        }
    };
    let date = date_or_ask(ctx, &contract, &rest, ("annuler", "cancel"), Scope::Deliveries).await?;
    let (member, id, now) = (ctx.member()?.id, contract.id, ctx.now);
    let outcome = if confirmed {
        ctx.panier.cancel_delivery(member, id, date, now).await
    } else {
        ctx.panier.write(async |c| admin_extra::dry_run_cancel(c, member, id, date, now).await).await
    };
    let changed = match outcome {
        Err(CoreError::NotFound(Missing::Delivery(_))) => {
            let dates = dates_of(ctx, &contract, Scope::Deliveries).await?;
            return Err(no_delivery(ctx, &dates, date, "annuler").into());
        }
        other => guard(ctx, &contract, Scope::Deliveries, other).await?,
    };
    let args = [("contract", Arg::from(&contract.name)), ("date", Arg::from(ctx.date(date)))];
    if confirmed {
        let text =
            format!("{}\n{}", ctx.raw("manage-cancel-done", &args), concerned(ctx, changed.members.len()));
        return Ok(vec![Reply::new(Rich::parse(&text))]);
    }
    let text =
        format!("{}\n{}", ctx.raw("manage-cancel-confirm", &args), concerned(ctx, changed.members.len()));
    let confirm = format!("/annuler {} {} confirmer", contract.slug.as_str(), iso(date));
    Ok(vec![confirmation(ctx, text, "manage-button-cancel-yes", confirm)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_and_confirmation() {
        for word in ["annuler", "Annuler.", "CANCEL", " stop ", "arrêter"] {
            assert!(is_stop_word(word), "{word}");
        }
        assert!(!is_stop_word("annuler la livraison"));
        assert_eq!(strip_confirm("legumes 2027-05-11 confirmer"), ("legumes 2027-05-11".into(), true));
        assert_eq!(strip_confirm("legumes  11/05"), ("legumes 11/05".into(), false));
        assert_eq!(strip_confirm("Confirmer"), (String::new(), true));
        assert_eq!(strip_confirm(""), (String::new(), false));
    }
}
