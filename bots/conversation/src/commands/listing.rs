//! `fiche` / `listing [slug] [champ valeur]`: the directory entry of an AMAP or a farm, as the
//! network's page shows it, for those who keep it up to date — the AMAP's admins, the farm's
//! farmers, the network's coordination (rights in core). One field changes per message.

use panier_core::error::{CoreError, Missing};
use panier_core::network::{DirectoryEdit, MAX_FIELD, check_location};
use panier_core::types::Email;
use panier_core::usecases::directory_entry::{self, Entry};

use crate::commands::totals::cmd;
use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::{Button, Reply};
use crate::parse::normalize;

/// Entries offered as buttons when no slug is given.
const SHOWN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Place,
    Address,
    Contact,
    Location,
    Products,
}

impl Field {
    fn parse(word: &str) -> Option<Field> {
        match word {
            "nom" | "name" => Some(Field::Name),
            "lieu" | "place" => Some(Field::Place),
            "adresse" | "address" => Some(Field::Address),
            "contact" | "email" | "mail" | "courriel" => Some(Field::Contact),
            "position" | "location" | "coordonnees" | "gps" | "carte" | "map" => Some(Field::Location),
            "produits" | "products" | "production" => Some(Field::Products),
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Place => "place",
            Field::Address => "address",
            Field::Contact => "contact",
            Field::Location => "location",
            Field::Products => "products",
        }
    }
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let args = args.trim();
    let slug_word = args.split_whitespace().next().unwrap_or("");
    if slug_word.is_empty() {
        return list(ctx).await;
    }
    let slug = normalize(slug_word);
    let found = ctx.panier.read(async |c| directory_entry::find(c, member, &slug).await).await;
    let entry = match found {
        Ok(entry) => entry,
        Err(CoreError::NotFound(Missing::Amap(_))) => {
            let shown: String = slug_word.chars().take(40).collect();
            let mut replies = list(ctx).await?;
            let unknown = ctx.reply("directory-unknown-entry", &[("input", Arg::from(shown))]);
            replies.insert(0, unknown);
            return Ok(replies);
        }
        Err(e) => return Err(e.into()),
    };
    let rest = args[slug_word.len()..].trim();
    let field_word = rest.split_whitespace().next().unwrap_or("");
    if field_word.is_empty() {
        return Ok(vec![show(ctx, &entry, None)]);
    }
    let field = match Field::parse(&normalize(field_word)) {
        Some(Field::Place) if matches!(entry, Entry::Farm(_)) => None,
        other => other,
    };
    let Some(field) = field else {
        let shown: String = field_word.chars().take(30).collect();
        return Ok(vec![
            ctx.reply("directory-unknown-field", &[("input", Arg::from(shown))]),
            usage(ctx, &entry),
        ]);
    };
    let value = rest[field_word.len()..].trim();
    if value.is_empty() {
        return Ok(vec![ctx.reply(
            "directory-ask-value",
            &[("field", Arg::from(field.key())), ("cmd", Arg::from(example(ctx, &entry, field)))],
        )]);
    }
    let change = match edit_of(field, value) {
        Ok(change) => change,
        Err(key) => {
            let args = [("max", Arg::from(MAX_FIELD)), ("cmd", Arg::from(example(ctx, &entry, field)))];
            return Ok(vec![ctx.reply(key, &args)]);
        }
    };
    let slug = entry.slug().to_owned();
    let stored = ctx.panier.write(async |c| directory_entry::edit(c, member, &slug, &change).await).await?;
    let done = ctx.raw("directory-saved", &[("field", Arg::from(field.key()))]);
    Ok(vec![show(ctx, &stored, Some(done))])
}

/// The change for one field, or the key of the message explaining what is wrong.
fn edit_of(field: Field, value: &str) -> Result<DirectoryEdit, &'static str> {
    let cleared = value == "-";
    let text = if cleared { String::new() } else { value.to_owned() };
    if text.chars().count() > MAX_FIELD {
        return Err("directory-too-long");
    }
    let mut change = DirectoryEdit::default();
    match field {
        Field::Name if cleared => return Err("directory-name-needed"),
        Field::Name => change.name = Some(text),
        Field::Place => change.place_name = Some(text),
        Field::Address => change.address = Some(text),
        Field::Products => change.products = Some(text),
        Field::Contact if cleared => change.contact_email = Some(None),
        Field::Contact => {
            change.contact_email = Some(Some(Email::parse(&text).map_err(|_| "directory-bad-contact")?));
        }
        Field::Location if cleared => change.location = Some(None),
        Field::Location => {
            change.location = Some(Some(parse_location(&text).ok_or("directory-bad-location")?))
        }
    }
    Ok(change)
}

/// "45.77, 4.83", "45,77 4,83", "45.77;4.83": latitude then longitude, decimal point or comma.
fn parse_location(raw: &str) -> Option<(f64, f64)> {
    let spaced = raw.replace(';', " ");
    let parts: Vec<&str> =
        spaced.split_whitespace().map(|p| p.trim_matches(',')).filter(|p| !p.is_empty()).collect();
    let (lat, lon) = match parts.as_slice() {
        [lat, lon] => (lat.replace(',', "."), lon.replace(',', ".")),
        [both] => {
            let (lat, lon) = both.split_once(',')?;
            (lat.to_owned(), lon.to_owned())
        }
        _ => return None,
    };
    let number = |s: &str| -> Option<f64> {
        // Only plain decimals: no "inf", "NaN" or exponents from a mistyped message.
        s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-').then(|| s.parse().ok()).flatten()
    };
    let (lat, lon) = (number(&lat)?, number(&lon)?);
    check_location(lat, lon).ok().map(|()| (lat, lon))
}

fn example(ctx: &Ctx<'_>, entry: &Entry, field: Field) -> String {
    let sample = ctx.label(&format!("directory-example-{}", field.key()), &[]);
    format!("{} {} {} {sample}", cmd(ctx, "fiche", "listing"), entry.slug(), field_name(ctx, field))
}

fn field_name(ctx: &Ctx<'_>, field: Field) -> String {
    ctx.label(&format!("directory-field-word-{}", field.key()), &[])
}

/// What the member may correct, as buttons; a polite refusal when nothing.
async fn list(ctx: &Ctx<'_>) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let entries = ctx.panier.read(async |c| directory_entry::editable(c, member).await).await?;
    if entries.is_empty() {
        return Ok(vec![ctx.reply("directory-nothing-to-edit", &[])]);
    }
    let buttons: Vec<Button> = entries
        .iter()
        .take(SHOWN)
        .map(|e| Button { label: crate::markup::clean(e.name()), data: format!("/fiche {}", e.slug()) })
        .collect();
    let example = format!("{} {}", cmd(ctx, "fiche", "listing"), entries[0].slug());
    Ok(vec![
        ctx.reply("directory-choose", &[("count", Arg::from(entries.len())), ("cmd", Arg::from(example))])
            .with_buttons(buttons),
    ])
}

fn usage(ctx: &Ctx<'_>, entry: &Entry) -> Reply {
    let fields = match entry {
        Entry::Amap(_) => "directory-fields-amap",
        Entry::Farm(_) => "directory-fields-farm",
    };
    ctx.reply(fields, &[("cmd", Arg::from(example(ctx, entry, Field::Address)))])
}

/// The entry's fields, with what was just saved on top and how to change a field below.
fn show(ctx: &Ctx<'_>, entry: &Entry, done: Option<String>) -> Reply {
    let none = ctx.label("directory-empty-field", &[]);
    let or_none = |s: &str| if s.trim().is_empty() { none.clone() } else { s.to_owned() };
    let mut lines: Vec<String> = done.into_iter().collect();
    let (title, location, contact) = match entry {
        Entry::Amap(a) => ("directory-title-amap", a.latitude.zip(a.longitude), a.contact_email.as_ref()),
        Entry::Farm(f) => ("directory-title-farm", f.latitude.zip(f.longitude), f.contact_email.as_ref()),
    };
    lines.push(ctx.raw(title, &[("name", Arg::from(entry.name())), ("slug", Arg::from(entry.slug()))]));
    let mut field = |field: Field, value: String| {
        let name = crate::format::capitalize(&field_name(ctx, field));
        lines.push(
            ctx.raw("directory-field-line", &[("field", Arg::from(name)), ("value", Arg::from(value))]),
        );
    };
    field(Field::Name, entry.name().to_owned());
    match entry {
        Entry::Amap(a) => {
            field(Field::Place, or_none(&a.place_name));
            field(Field::Address, or_none(&a.address));
        }
        Entry::Farm(f) => field(Field::Address, or_none(&f.address)),
    }
    field(Field::Contact, contact.map_or(none.clone(), |e| e.as_str().to_owned()));
    let position = match location {
        Some((lat, lon)) => format!("{lat:.4}, {lon:.4}"),
        None => ctx.label("directory-not-on-map", &[]),
    };
    field(Field::Location, position);
    let products = match entry {
        Entry::Amap(a) => or_none(&a.products),
        Entry::Farm(f) => or_none(&f.products),
    };
    field(Field::Products, products);
    let mut text = lines.join("\n");
    text.push_str("\n\n");
    let fields = match entry {
        Entry::Amap(_) => "directory-fields-amap",
        Entry::Farm(_) => "directory-fields-farm",
    };
    text.push_str(&ctx.raw(fields, &[("cmd", Arg::from(example(ctx, entry, Field::Address)))]));
    Reply::new(crate::markup::Rich::parse(&text))
}

#[cfg(test)]
mod tests {
    use super::parse_location;

    #[test]
    fn locations_people_type() {
        let cases = [
            ("45.77, 4.83", Some((45.77, 4.83))),
            ("45,77 4,83", Some((45.77, 4.83))),
            ("45.77,4.83", Some((45.77, 4.83))),
            ("45.77;4.83", Some((45.77, 4.83))),
            ("-12.5 -70", Some((-12.5, -70.0))),
            ("91 4", None),
            ("NaN 4", None),
            ("inf, 2", None),
            ("1e2 3", None),
            ("45.77", None),
            ("45 4 3", None),
            ("Lyon", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_location(input), want, "{input}");
        }
    }
}
