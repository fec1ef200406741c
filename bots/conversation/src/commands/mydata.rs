//! `mesdonnees` / `mydata`: everything Panier holds about the member, as a JSON file with a
//! readable summary (right of access and portability).

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::{Document, Reply};

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let data = ctx.panier.my_data(member, ctx.now).await?;
    let count = |key: &str| data[key].as_array().map_or(0, Vec::len) as i64;
    let summary = ctx.t(
        "mydata-summary",
        &[
            ("name", Arg::from(data["identity"]["first_name"].as_str().unwrap_or_default().to_owned())),
            ("email", Arg::from(data["identity"]["email"].as_str().unwrap_or_default().to_owned())),
            ("roles", Arg::from(count("roles"))),
            ("accounts", Arg::from(count("chat_accounts"))),
            ("subscriptions", Arg::from(count("subscriptions"))),
            ("shifts", Arg::from(count("duty_shifts"))),
            ("answers", Arg::from(count("event_answers"))),
            ("announcements", Arg::from(count("announcements"))),
            ("help", Arg::from(ctx.help_command())),
        ],
    );
    let bytes = serde_json::to_vec_pretty(&data).map_err(|e| {
        tracing::error!(error = %e, "could not serialise a data export");
        Failure::Core(panier_core::CoreError::Invalid(panier_core::Invalid::Name))
    })?;
    let document = Document {
        file_name: format!("panier-mes-donnees-{}.json", ctx.today()),
        mime: "application/json".into(),
        bytes,
    };
    Ok(vec![Reply::new(summary).with_document(document).private()])
}
