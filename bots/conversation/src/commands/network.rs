//! `reseau` / `network`: a network's coordination sees its directory — each AMAP with its
//! place, day and time and its figures per season (counts only, never a member), and the
//! farms it knows — with the public page's address and how to correct an entry (`fiche`).

use panier_core::network::{AmapFigures, Directory, DirectoryAmap};
use panier_core::usecases::network;

use crate::commands::totals::{cmd, long_reply};
use crate::context::Ctx;
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::message::{Button, Reply};

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let networks = network::administered(ctx.rights()?);
    if networks.is_empty() {
        let listing = cmd(ctx, "fiche", "listing");
        return Ok(vec![ctx.reply("directory-coordination-only", &[("cmd", Arg::from(listing))])]);
    }
    let mut lines = Vec::new();
    let mut buttons = Vec::new();
    let mut first_slug = None;
    for id in networks {
        let (dir, figures) = ctx
            .panier
            .read(async |c| {
                let dir = network::network_directory(c, member, id).await?;
                let figures = network::network_figures(c, member, id).await?;
                Ok((dir, figures))
            })
            .await?;
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(directory_lines(ctx, &dir, &figures));
        if let Some(first) = dir.amaps.first() {
            first_slug.get_or_insert_with(|| first.slug.to_string());
            buttons.push(ctx.button(
                "directory-button-entry",
                &[("name", Arg::from(&first.name))],
                format!("/fiche {}", first.slug),
            ));
        }
    }
    lines.push(String::new());
    let example = format!("{} {}", cmd(ctx, "fiche", "listing"), first_slug.unwrap_or_default());
    lines.push(ctx.raw("directory-network-hint", &[("cmd", Arg::from(example.trim_end().to_owned()))]));
    Ok(long_reply(lines, buttons.into_iter().take(1).collect::<Vec<Button>>()))
}

fn directory_lines(ctx: &Ctx<'_>, dir: &Directory, figures: &[AmapFigures]) -> Vec<String> {
    let page = format!("{}/n/{}", ctx.public_url.trim_end_matches('/'), dir.network.slug);
    let mut lines = vec![
        ctx.raw(
            "directory-network-header",
            &[
                ("network", Arg::from(&dir.network.name)),
                ("amaps", Arg::from(dir.amaps.len())),
                ("farms", Arg::from(dir.farms.len())),
            ],
        ),
        ctx.raw("directory-network-page", &[("url", Arg::from(page))]),
    ];
    for amap in &dir.amaps {
        lines.push(String::new());
        lines.extend(amap_lines(ctx, amap, figures));
    }
    if !dir.farms.is_empty() {
        lines.push(String::new());
        lines.push(ctx.raw("directory-farms-header", &[]));
        for farm in &dir.farms {
            let key = if farm.products.trim().is_empty() {
                "directory-farm-line"
            } else {
                "directory-farm-line-products"
            };
            lines.push(ctx.raw(
                key,
                &[
                    ("name", Arg::from(&farm.name)),
                    ("slug", Arg::from(farm.slug.as_str())),
                    ("products", Arg::from(&farm.products)),
                ],
            ));
        }
    }
    lines
}

fn amap_lines(ctx: &Ctx<'_>, amap: &DirectoryAmap, figures: &[AmapFigures]) -> Vec<String> {
    let when = format!(
        "{} {}",
        format::weekday_name(ctx.lang, amap.weekday),
        format::time_range(ctx.lang, amap.window.start, amap.window.end)
    );
    let place = [amap.place_name.trim(), amap.address.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let mut lines = vec![
        ctx.raw(
            "directory-amap-title",
            &[("name", Arg::from(&amap.name)), ("slug", Arg::from(amap.slug.as_str()))],
        ),
        ctx.raw("directory-amap-where", &[("place", Arg::from(place)), ("when", Arg::from(when))]),
    ];
    if let Some(contact) = &amap.contact_email {
        lines.push(ctx.raw("directory-amap-contact", &[("email", Arg::from(contact.as_str()))]));
    }
    let seasons: Vec<&AmapFigures> = figures.iter().filter(|f| f.amap == amap.id).collect();
    if seasons.is_empty() {
        lines.push(ctx.raw("directory-amap-no-season", &[]));
    }
    for f in seasons {
        lines.push(ctx.raw(
            "directory-amap-figures",
            &[
                ("season", Arg::from(&f.season)),
                ("members", Arg::from(i64::try_from(f.members).unwrap_or(i64::MAX))),
                ("contracts", Arg::from(i64::try_from(f.contracts).unwrap_or(i64::MAX))),
                ("subscriptions", Arg::from(i64::try_from(f.subscriptions).unwrap_or(i64::MAX))),
                ("deliveries", Arg::from(i64::try_from(f.deliveries).unwrap_or(i64::MAX))),
            ],
        ));
    }
    lines
}
