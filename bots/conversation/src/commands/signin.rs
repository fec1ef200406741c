//! `emargement` / `signin [date] [ok|non PERSONNE]`: the sign-in sheet of a distribution of
//! the member's AMAP (all contracts merged), and ticking it from the chat; `emargement pdf
//! [date]` / `emargement csv [date]` sends it as a file to print. Core lets the duty team of
//! the day, the referents and the admins see and tick it.

use chrono::NaiveDate;
use panier_core::error::{CoreError, Forbidden};
use panier_core::types::{AmapId, MemberId};
use panier_core::usecases::admin_extra::{self, MemberSheet, MemberSheetRow, SheetStatus};

use crate::commands::totals::{Step, cmd, date_label, finish, long_reply, short_date};
use crate::context::Ctx;
use crate::dates::{date_arg, iso};
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::escape;
use crate::message::{Button, Reply};
use crate::parse::normalize;
use crate::views;

/// Members offered as tick buttons at once (two buttons each); the others by name.
const TICK_BUTTONS: usize = 6;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    finish(signin(ctx, args).await)
}

/// What to do with the sheet.
enum Tick {
    Collected(String),
    NotCollected(String),
}

fn parse_args(args: &str) -> (String, Option<Tick>) {
    let tokens: Vec<&str> = args.split_whitespace().collect();
    let action =
        tokens.iter().position(|t| matches!(normalize(t).as_str(), "ok" | "oui" | "yes" | "non" | "no"));
    match action {
        Some(i) => {
            let target = tokens[i + 1..].join(" ");
            let date = tokens[..i].join(" ");
            let tick = if matches!(normalize(tokens[i]).as_str(), "ok" | "oui" | "yes") {
                Tick::Collected(target)
            } else {
                Tick::NotCollected(target)
            };
            (date, Some(tick))
        }
        None => (args.trim().to_owned(), None),
    }
}

async fn signin(ctx: &Ctx<'_>, args: &str) -> Step<Vec<Reply>> {
    let member = ctx.member()?.id;
    let amap = ctx
        .panier
        .amaps_of(member)
        .await?
        .first()
        .map(|a| a.id)
        .ok_or(Failure::Core(CoreError::Forbidden(Forbidden::NotAMember)))?;
    let (file, args) = file_format(args);
    let file = match file {
        FileArg::Unknown(input) => return Err(format_usage(ctx, &input).into()),
        FileArg::Pdf => Some("pdf"),
        FileArg::Csv => Some("csv"),
        FileArg::None => None,
    };
    let (date_text, tick) = parse_args(&args);
    if file.is_some() && tick.is_some() {
        return Err(usage(ctx, None).into());
    }
    if date_text.is_empty() {
        if tick.is_some() {
            return Err(usage(ctx, None).into());
        }
        return Err(ask_date(ctx, amap, None, file).await?.into());
    }
    let date = date_arg(ctx, &date_text)?;
    let today = ctx.today();
    let next = ctx
        .panier
        .read(async |c| admin_extra::distribution_dates(c, member, amap, date.min(today), 30).await)
        .await?;
    if !next.contains(&date) {
        return Err(ask_date(ctx, amap, Some(date), file).await?.into());
    }
    let mut sheet = load(ctx, amap, date).await?;
    if let Some(format) = file {
        return Ok(vec![send_file(ctx, &sheet, format)]);
    }
    let mut done = None;
    if let Some(tick) = tick {
        let (collected, target) = match tick {
            Tick::Collected(t) => (true, t),
            Tick::NotCollected(t) => (false, t),
        };
        if target.trim().is_empty() {
            return Err(usage(ctx, Some(date)).into());
        }
        let row = find_row(ctx, &sheet, &target, collected)?;
        if row.status == SheetStatus::Donated {
            return Err(ctx.reply("manage-signin-donated", &[("name", Arg::from(&row.full_name))]).into());
        }
        let (owner, name, now) = (row.member, row.full_name.clone(), ctx.now);
        ctx.panier.tick_sheet(member, amap, date, owner, collected, now).await?;
        let key = if collected { "manage-signin-ticked-ok" } else { "manage-signin-ticked-no" };
        done = Some(ctx.raw(key, &[("name", Arg::from(name))]));
        sheet = load(ctx, amap, date).await?;
    }
    Ok(render(ctx, &sheet, done))
}

async fn load(ctx: &Ctx<'_>, amap: AmapId, date: NaiveDate) -> Step<MemberSheet> {
    let member = ctx.member()?.id;
    match ctx.panier.read(async |c| admin_extra::signin_sheet_by_member(c, member, amap, date).await).await {
        Ok(sheet) => Ok(sheet),
        Err(CoreError::Forbidden(_)) => Err(ctx
            .reply("manage-signin-forbidden", &[("shifts", Arg::from(cmd(ctx, "permanences", "shifts")))])
            .into()),
        Err(e) => Err(e.into()),
    }
}

/// The sheet line meant by an id (from a button) or a name someone typed.
fn find_row<'s>(
    ctx: &Ctx<'_>,
    sheet: &'s MemberSheet,
    target: &str,
    collected: bool,
) -> Step<&'s MemberSheetRow> {
    let target = target.trim();
    let found: Vec<&MemberSheetRow> = match target.parse::<i64>() {
        Ok(id) => sheet.rows.iter().filter(|r| r.member == MemberId(id)).collect(),
        Err(_) => {
            let needle = normalize(target);
            sheet.rows.iter().filter(|r| normalize(&r.full_name).contains(&needle)).collect()
        }
    };
    let shown: String = target.chars().take(40).collect();
    match found.as_slice() {
        [row] => Ok(row),
        [] => Err(ctx
            .reply(
                "manage-signin-who-none",
                &[("input", Arg::from(shown)), ("date", Arg::from(ctx.date(sheet.date)))],
            )
            .into()),
        many => {
            let buttons = many.iter().map(|r| tick_button(ctx, sheet.date, r, collected)).collect();
            Err(ctx
                .reply("manage-signin-who-many", &[("input", Arg::from(shown))])
                .with_buttons(buttons)
                .into())
        }
    }
}

fn tick_button(ctx: &Ctx<'_>, date: NaiveDate, row: &MemberSheetRow, collected: bool) -> Button {
    let (key, word) =
        if collected { ("manage-button-tick-ok", "ok") } else { ("manage-button-tick-no", "non") };
    ctx.button(
        key,
        &[("name", Arg::from(&row.short_name))],
        format!("/emargement {} {word} {}", iso(date), row.member),
    )
}

fn usage(ctx: &Ctx<'_>, date: Option<NaiveDate>) -> Reply {
    let day = short_date(date.unwrap_or(ctx.today()));
    let example = format!("{} {day} ok Camille", cmd(ctx, "emargement", "signin"));
    ctx.reply("manage-signin-usage", &[("example", Arg::from(example))])
}

/// A file format among the words: `pdf`, `csv`, or a spreadsheet word Panier does not write.
enum FileArg {
    None,
    Pdf,
    Csv,
    Unknown(String),
}

fn file_format(args: &str) -> (FileArg, String) {
    let mut found = FileArg::None;
    let mut rest = Vec::new();
    for token in args.split_whitespace() {
        match (normalize(token).as_str(), &found) {
            ("pdf", FileArg::None) => found = FileArg::Pdf,
            ("csv", FileArg::None) => found = FileArg::Csv,
            ("xlsx" | "xls" | "excel" | "ods" | "tableur" | "spreadsheet", FileArg::None) => {
                found = FileArg::Unknown(token.chars().take(20).collect());
            }
            _ => rest.push(token),
        }
    }
    (found, rest.join(" "))
}

fn format_usage(ctx: &Ctx<'_>, input: &str) -> Reply {
    let name = cmd(ctx, "emargement", "signin");
    ctx.reply(
        "export-signin-format",
        &[
            ("input", Arg::from(input)),
            ("pdf", Arg::from(format!("{name} pdf"))),
            ("csv", Arg::from(format!("{name} csv"))),
        ],
    )
}

/// The sheet as a file, sent privately: it carries the members' full names.
fn send_file(ctx: &Ctx<'_>, sheet: &MemberSheet, format: &str) -> Reply {
    let document = if format == "csv" {
        crate::export::sheet::csv(sheet, ctx.lang)
    } else {
        crate::export::sheet::pdf(sheet, ctx.lang)
    };
    let command = format!("{} {}", cmd(ctx, "emargement", "signin"), short_date(sheet.date));
    ctx.reply(
        "export-signin-sent",
        &[
            ("date", Arg::from(ctx.date(sheet.date))),
            ("n", Arg::from(sheet.rows.len())),
            ("format", Arg::from(format)),
            ("command", Arg::from(command)),
        ],
    )
    .with_document(document)
    .private()
}

/// "Quelle distribution ?" (or "no distribution that day") with the next dates as buttons.
async fn ask_date(ctx: &Ctx<'_>, amap: AmapId, asked: Option<NaiveDate>, file: Option<&str>) -> Step<Reply> {
    let member = ctx.member()?.id;
    let today = ctx.today();
    let dates =
        ctx.panier.read(async |c| admin_extra::distribution_dates(c, member, amap, today, 4).await).await?;
    let Some(example) = dates.first() else {
        return Ok(ctx.reply("manage-signin-none", &[]));
    };
    let buttons: Vec<Button> = dates
        .iter()
        .map(|d| Button {
            label: date_label(ctx, *d),
            data: match file {
                Some(format) => format!("/emargement {format} {}", iso(*d)),
                None => format!("/emargement {}", iso(*d)),
            },
        })
        .collect();
    let reply = match asked {
        Some(d) => ctx.reply("manage-signin-no-distribution", &[("date", Arg::from(ctx.date(d)))]),
        None => {
            let name = cmd(ctx, "emargement", "signin");
            let example = match file {
                Some(format) => format!("{name} {format} {}", short_date(*example)),
                None => format!("{name} {}", short_date(*example)),
            };
            ctx.reply("manage-signin-ask-date", &[("example", Arg::from(example))])
        }
    };
    Ok(reply.with_buttons(buttons))
}

fn row_line(ctx: &Ctx<'_>, row: &MemberSheetRow) -> String {
    // `items_line` gives markup already escaped: these messages take it as is (`label` does
    // not escape), and names are escaped here.
    let parts: Vec<String> = row
        .parts
        .iter()
        .map(|p| {
            let items = Arg::from(views::items_line(ctx, &p.items));
            if p.donated {
                ctx.label("manage-signin-part-donated", &[("items", items)])
            } else if let Some(collector) = &p.collector {
                ctx.label(
                    "manage-signin-part-collector",
                    &[("items", items), ("collector", Arg::from(escape(collector)))],
                )
            } else {
                views::items_line(ctx, &p.items)
            }
        })
        .collect();
    let key = match row.status {
        SheetStatus::Pending => "manage-signin-row-pending",
        SheetStatus::Collected => "manage-signin-row-collected",
        SheetStatus::NotCollected => "manage-signin-row-not-collected",
        SheetStatus::Donated => "manage-signin-row-donated",
    };
    ctx.label(key, &[("name", Arg::from(escape(&row.full_name))), ("items", Arg::from(parts.join(" · ")))])
}

fn render(ctx: &Ctx<'_>, sheet: &MemberSheet, done: Option<String>) -> Vec<Reply> {
    let mut lines = Vec::new();
    if let Some(done) = done {
        lines.push(done);
        lines.push(String::new());
    }
    if sheet.rows.is_empty() {
        lines.push(ctx.raw("manage-signin-empty", &[("date", Arg::from(ctx.date(sheet.date)))]));
        return long_reply(lines, Vec::new());
    }
    lines.push(ctx.raw(
        "manage-signin-header",
        &[("date", Arg::from(ctx.date(sheet.date))), ("amap", Arg::from(&sheet.amap_name))],
    ));
    lines.extend(sheet.rows.iter().map(|r| row_line(ctx, r)));
    let count = |s: SheetStatus| sheet.rows.iter().filter(|r| r.status == s).count();
    let pending: Vec<&MemberSheetRow> =
        sheet.rows.iter().filter(|r| r.status == SheetStatus::Pending).collect();
    lines.push(String::new());
    lines.push(ctx.raw(
        "manage-signin-summary",
        &[
            ("collected", Arg::from(count(SheetStatus::Collected))),
            ("missing", Arg::from(count(SheetStatus::NotCollected))),
            ("pending", Arg::from(pending.len())),
        ],
    ));
    let mut buttons = Vec::new();
    if let Some(first) = pending.get(TICK_BUTTONS).or(pending.first()) {
        let first_name = first.short_name.split_whitespace().next().unwrap_or("");
        let example =
            format!("{} {} ok {first_name}", cmd(ctx, "emargement", "signin"), short_date(sheet.date));
        lines.push(ctx.raw("manage-signin-hint", &[("example", Arg::from(example))]));
        for row in pending.iter().take(TICK_BUTTONS) {
            buttons.push(tick_button(ctx, sheet.date, row, true));
            buttons.push(tick_button(ctx, sheet.date, row, false));
        }
    } else {
        lines.push(ctx.raw("manage-signin-all-done", &[]));
    }
    long_reply(lines, buttons)
}
