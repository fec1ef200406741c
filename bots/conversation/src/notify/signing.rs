//! Online signing: the farmer's request to countersign (with a fresh one-time link made at
//! send time, so no usable token ever sits in the outbox), and the signed copy sent to both
//! parties, with the PDF (from the row's `document` field) attached to the reply as a file.

use panier_core::signature::Purpose;
use panier_core::types::ContractId;
use panier_core::usecases::signing::{self, DeliveredTo, IssuedLink};
use serde::Deserialize;

use super::{Push, Rendered, lines, payload};
use crate::commands::sign::link_url;
use crate::i18n::Arg;
use crate::message::{Document, Reply};

#[derive(Deserialize)]
struct ContractOnly {
    contract: ContractId,
}

/// Members signed: a link for the farmer to countersign. None when nothing waits any more.
pub(super) async fn countersign_link(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<ContractOnly>(raw, signing::COUNTERSIGN_LINK_KIND) else { return Ok(None) };
    let ctx = &push.ctx;
    let (member, now) = (push.member, ctx.now);
    let waiting = ctx.panier.read(async |c| signing::contracts_to_countersign(c, member).await).await?;
    let Some(k) = waiting.into_iter().find(|k| k.contract_id == p.contract) else { return Ok(None) };
    let to =
        DeliveredTo { transport: ctx.msg.transport.as_str().to_owned(), account: ctx.msg.sender.clone() };
    let issued: Result<IssuedLink, _> = ctx
        .panier
        .write(async |c| signing::issue_farmer_link(c, member, k.contract_id, &to, now).await)
        .await;
    let link = match issued {
        Ok(link) if link.purpose == Purpose::Farmer => link,
        Ok(_) => return Ok(None),
        Err(e) if e.is_store() => return Err(e),
        Err(_) => return Ok(None),
    };
    let expires = ctx.date(link.expires_at.with_timezone(&ctx.tz).date_naive());
    let text = lines(&[
        ctx.raw(
            "signing-countersign-request",
            &[("contract", Arg::from(&k.contract)), ("n", Arg::from(k.waiting))],
        ),
        ctx.raw("signing-countersign-link", &[("url", Arg::from(link_url(ctx.public_url, &link)))]),
        ctx.raw("signing-link-note", &[("expires", Arg::from(expires))]),
    ]);
    Ok(Some(Reply::new(text)))
}

#[derive(Deserialize)]
struct CopyFile {
    filename: String,
}

#[derive(Deserialize)]
struct Copy {
    contract_name: String,
    member_name: String,
    version: u32,
    document: CopyFile,
}

/// Both parties signed: the copy (the adapter attaches `document` as a file).
pub(super) async fn signed_copy(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<Copy>(raw, signing::SIGNED_COPY_KIND) else { return Ok(None) };
    let ctx = &push.ctx;
    let text = ctx.t(
        "signing-copy",
        &[
            ("contract", Arg::from(&p.contract_name)),
            ("member", Arg::from(&p.member_name)),
            ("version", Arg::from(p.version)),
            ("filename", Arg::from(&p.document.filename)),
        ],
    );
    let reply = Reply::new(text).with_buttons(vec![ctx.button("signing-button-contracts", &[], "/contrats")]);
    // The PDF itself: the adapters send it as a file (Telegram document, Matrix m.file).
    Ok(Some(match signing::copy_file_from_payload(raw) {
        Some(file) => reply.with_document(Document {
            file_name: file.filename,
            mime: file.media_type,
            bytes: file.bytes,
        }),
        None => {
            tracing::warn!("signed copy without a readable file, sent as text only");
            reply
        }
    }))
}
