//! The HTML of the contract editor: one plain form (no script) with every field labelled and
//! its problem written next to it, the delivery calendar as month tables of checkboxes, and
//! a preview of what members will see on the signing page (sample total and cheques from core).

use panier_conversation::i18n::Arg;
use panier_core::model::AbsenceMode;
use panier_core::rules::state::ContractState;
use panier_core::usecases::contract_editor::EditorPage;
use panier_core::usecases::contract_form::{Field, FieldError, Problem};

use crate::editor_parts::{calendar, preview, products};
use crate::pages::{Tx, document, esc};

/// The sentence explaining a problem.
pub fn problem_text(tx: &Tx, p: Problem) -> String {
    match p {
        Problem::Required => tx.t("ed-problem-required", &[]),
        Problem::TooLong { max } => tx.t("ed-problem-too-long", &[("max", Arg::from(max))]),
        Problem::NotADate => tx.t("ed-problem-not-a-date", &[]),
        Problem::NotANumber { min, max } => {
            tx.t("ed-problem-not-a-number", &[("min", Arg::from(min)), ("max", Arg::from(max))])
        }
        Problem::NotAnAmount => tx.t("ed-problem-not-an-amount", &[]),
        Problem::ZeroPrice => tx.t("ed-problem-zero-price", &[]),
        Problem::LastBeforeFirst => tx.t("ed-problem-last-before-first", &[]),
        Problem::ClosesBeforeOpens => tx.t("ed-problem-closes-before-opens", &[]),
        Problem::ClosesAfterSeason => tx.t("ed-problem-closes-after-season", &[]),
        Problem::ClosedAlready => tx.t("ed-problem-closed-already", &[]),
        Problem::EmptyCalendar => tx.t("ed-problem-empty-calendar", &[]),
        Problem::NoProduct => tx.t("ed-problem-no-product", &[]),
        Problem::NoDateForProduct => tx.t("ed-problem-no-date-for-product", &[]),
        Problem::DuplicateProduct => tx.t("ed-problem-duplicate-product", &[]),
        Problem::UnknownFarm => tx.t("ed-problem-unknown-farm", &[]),
        Problem::Locked => tx.t("ed-problem-locked", &[]),
        Problem::AgainstMembers => tx.t("ed-problem-against-members", &[]),
        Problem::NotATime => tx.t("ed-problem-not-a-time", &[]),
        Problem::EndBeforeStart => tx.t("ed-problem-end-before-start", &[]),
    }
}

/// A field's error (`<p class="field-error">`), or nothing.
pub fn error_of(tx: &Tx, errors: &[FieldError], field: Field) -> String {
    let id = field.id();
    errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| {
            format!("<p class=\"field-error\" id=\"{id}-error\">{}</p>", esc(&problem_text(tx, e.problem)))
        })
        .collect()
}

fn described(errors: &[FieldError], field: Field, hint: bool) -> String {
    let id = field.id();
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    let bad = errors.iter().any(|e| e.field == field);
    if bad {
        ids.push(format!("{id}-error"));
    }
    let mut out = String::new();
    if !ids.is_empty() {
        out.push_str(&format!(" aria-describedby=\"{}\"", ids.join(" ")));
    }
    if bad {
        out.push_str(" aria-invalid=\"true\"");
    }
    out
}

/// One labelled input with its hint and error.
pub fn input(
    tx: &Tx,
    errors: &[FieldError],
    field: Field,
    kind: &str,
    value: &str,
    label: &str,
    hint: Option<&str>,
) -> String {
    let id = field.id();
    let hint_html = hint
        .map_or(String::new(), |h| format!("<span class=\"hint\" id=\"{id}-hint\">{}</span>", tx.h(h, &[])));
    let extra = match kind {
        "number" => " inputmode=\"numeric\" min=\"0\" step=\"1\"",
        "money" => " inputmode=\"decimal\"",
        _ => "",
    };
    let kind = if kind == "money" { "text" } else { kind };
    format!(
        "<div class=\"field\"><label for=\"{id}\">{}</label>{hint_html}<input type=\"{kind}\" id=\"{id}\" name=\"{id}\" value=\"{}\"{extra}{}>{}</div>\n",
        tx.h(label, &[]),
        esc(value),
        described(errors, field, hint.is_some()),
        error_of(tx, errors, field),
    )
}

pub(crate) fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(name), esc(value))
}

fn state_key(s: ContractState) -> &'static str {
    match s {
        ContractState::Draft => "ed-state-draft",
        ContractState::Open => "ed-state-open",
        ContractState::Closed => "ed-state-closed",
        ContractState::Running => "ed-state-running",
        ContractState::Ended => "ed-state-ended",
        ContractState::Archived => "ed-state-archived",
    }
}

fn number_field(
    tx: &Tx,
    errors: &[FieldError],
    field: Field,
    value: &str,
    label: &str,
    hint: &str,
) -> String {
    input(tx, errors, field, "number", value, label, Some(hint))
}

/// The editor page. `ok`: "saved" or "published" after a redirect; `errors`: a refused save.
pub fn render(tx: &Tx, page: &EditorPage, token: &str, ok: Option<&str>, errors: &[FieldError]) -> String {
    let form = &page.form;
    let title = match &page.contract {
        Some(c) => tx.t("ed-title-edit", &[("contract", Arg::from(&c.name))]),
        None => tx.t("ed-title-new", &[]),
    };
    let mut b =
        format!("<header><h1>{}</h1><p class=\"sub\">{}</p>", esc(&title), esc(&page.access.amap.name));
    if let Some(c) = &page.contract {
        b.push_str(&format!(
            "<p><span class=\"tag\">{}</span> <code>{}</code></p>",
            tx.h(state_key(c.state), &[]),
            esc(c.slug.as_str())
        ));
    }
    b.push_str("</header>\n");
    match ok {
        Some("published") => b.push_str(&format!(
            "<div class=\"notice\" role=\"status\"><p>{}</p></div>\n",
            tx.h(
                "ed-published",
                &[(
                    "date",
                    Arg::from(
                        tx.date(page.contract.as_ref().map_or(page.today, |c| c.rules.subscription_opens))
                    )
                )]
            )
        )),
        Some(_) => b.push_str(&format!(
            "<div class=\"notice\" role=\"status\"><p>{}</p></div>\n",
            tx.h("ed-saved", &[])
        )),
        None => {}
    }
    if !errors.is_empty() {
        let items: String = errors
            .iter()
            .map(|e| {
                format!("<li><a href=\"#{}\">{}</a></li>", e.field.id(), esc(&problem_text(tx, e.problem)))
            })
            .collect();
        b.push_str(&format!(
            "<div class=\"notice error\" role=\"alert\" id=\"error\"><h2>{}</h2><ul>{items}</ul></div>\n",
            tx.h("ed-errors-heading", &[("n", Arg::from(errors.len()))])
        ));
    }
    let locked = page.contract.as_ref().is_some_and(|c| c.state != ContractState::Draft);
    if locked {
        b.push_str(&format!("<div class=\"notice warn\"><p>{}</p></div>\n", tx.h("ed-locked-notice", &[])));
    }
    b.push_str(&format!(
        "<form method=\"post\" action=\"/e/{}/save\" novalidate>{}",
        esc(token),
        hidden("csrf", &page.access.csrf)
    ));

    // Farm.
    b.push_str(&format!("<fieldset><legend>{}</legend><div class=\"field\"><label for=\"farm\">{}</label><select id=\"farm\" name=\"farm\"{}>", tx.h("ed-farm-legend", &[]), tx.h("ed-farm", &[]), described(errors, Field::Farm, false)));
    if page.farms.is_empty() || form.farm.is_empty() {
        b.push_str(&format!("<option value=\"\">{}</option>", tx.h("ed-farm-choose", &[])));
    }
    for f in &page.farms {
        let id = f.id.0.to_string();
        b.push_str(&format!(
            "<option value=\"{id}\"{}>{}</option>",
            if form.farm == id { " selected" } else { "" },
            esc(&f.name)
        ));
    }
    if page.can_create_farm {
        b.push_str(&format!(
            "<option value=\"new\"{}>{}</option>",
            if form.farm == "new" { " selected" } else { "" },
            tx.h("ed-farm-new-option", &[])
        ));
    }
    b.push_str(&format!("</select>{}</div>", error_of(tx, errors, Field::Farm)));
    if page.can_create_farm {
        b.push_str(&input(
            tx,
            errors,
            Field::NewFarm,
            "text",
            &form.new_farm,
            "ed-new-farm",
            Some("ed-new-farm-hint"),
        ));
    }
    b.push_str("</fieldset>\n");

    // Contract.
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("ed-contract-legend", &[])));
    b.push_str(&input(tx, errors, Field::Name, "text", &form.name, "ed-name", Some("ed-name-hint")));
    b.push_str(&input(tx, errors, Field::Season, "text", &form.season, "ed-season", Some("ed-season-hint")));
    b.push_str("</fieldset>\n");

    b.push_str(&products(tx, form, errors));

    // Calendar.
    b.push_str(&format!("<fieldset id=\"calendar\"><legend>{}</legend>", tx.h("ed-calendar-legend", &[])));
    b.push_str(&input(tx, errors, Field::First, "date", &form.first, "ed-first", None));
    b.push_str(&input(tx, errors, Field::Last, "date", &form.last, "ed-last", None));
    b.push_str(&number_field(
        tx,
        errors,
        Field::EveryWeeks,
        &form.every_weeks,
        "ed-every-weeks",
        "ed-every-weeks-hint",
    ));
    b.push_str(&format!("<p class=\"hint\">{}</p>", tx.h("ed-calendar-hint", &[])));
    b.push_str(&calendar(tx, form));
    b.push_str(&error_of(tx, errors, Field::Calendar));
    b.push_str(&format!(
        "<p><button type=\"submit\" name=\"action\" value=\"save\">{}</button></p></fieldset>\n",
        tx.h("ed-calendar-refresh", &[])
    ));

    // Subscriptions.
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("ed-subscription-legend", &[])));
    b.push_str(&input(tx, errors, Field::Opens, "date", &form.opens, "ed-opens", Some("ed-opens-hint")));
    b.push_str(&input(tx, errors, Field::Closes, "date", &form.closes, "ed-closes", None));
    b.push_str(&format!(
        "<div class=\"choice\"><input type=\"checkbox\" id=\"late\" name=\"late\" value=\"yes\"{}><label for=\"late\">{}</label></div>",
        if form.late { " checked" } else { "" },
        tx.h("ed-late", &[])
    ));
    b.push_str(&number_field(
        tx,
        errors,
        Field::NoticeDays,
        &form.notice_days,
        "ed-notice-days",
        "ed-notice-days-hint",
    ));
    b.push_str("</fieldset>\n");

    // Absences and changes.
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("ed-absences-legend", &[])));
    b.push_str(&number_field(
        tx,
        errors,
        Field::MaxAbsences,
        &form.max_absences,
        "ed-max-absences",
        "ed-max-absences-hint",
    ));
    b.push_str(&format!("<fieldset id=\"modes\"><legend>{}</legend>", tx.h("ed-modes", &[])));
    for m in AbsenceMode::ALL {
        let id = format!("mode-{}", m.as_str());
        b.push_str(&format!(
            "<div class=\"choice\"><input type=\"checkbox\" id=\"{id}\" name=\"modes\" value=\"{}\"{}><label for=\"{id}\">{}</label></div>",
            m.as_str(),
            if form.modes.contains(&m) { " checked" } else { "" },
            tx.h(&format!("web-sign-mode-{}", m.as_str()), &[])
        ));
    }
    b.push_str(&error_of(tx, errors, Field::Modes));
    b.push_str("</fieldset>");
    b.push_str(&number_field(
        tx,
        errors,
        Field::DeadlineDays,
        &form.deadline_days,
        "ed-deadline-days",
        "ed-deadline-days-hint",
    ));
    b.push_str(&number_field(tx, errors, Field::Shifts, &form.shifts, "ed-shifts", "ed-shifts-hint"));
    b.push_str("</fieldset>\n");

    // Payment.
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("ed-payment-legend", &[])));
    b.push_str(&number_field(
        tx,
        errors,
        Field::MaxCheques,
        &form.max_cheques,
        "ed-max-cheques",
        "ed-max-cheques-hint",
    ));
    b.push_str(&input(
        tx,
        errors,
        Field::MinCheque,
        "money",
        &form.min_cheque,
        "ed-min-cheque",
        Some("ed-min-cheque-hint"),
    ));
    b.push_str(&input(tx, errors, Field::Payee, "text", &form.payee, "ed-payee", Some("ed-payee-hint")));
    b.push_str("</fieldset>\n");

    // Commitment text.
    b.push_str(&format!(
        "<fieldset><legend>{}</legend><div class=\"field\"><label for=\"commitment\">{}</label><span class=\"hint\" id=\"commitment-hint\">{}</span><textarea id=\"commitment\" name=\"commitment\" rows=\"6\"{}>{}</textarea>{}</div></fieldset>\n",
        tx.h("ed-commitment-legend", &[]),
        tx.h("ed-commitment", &[]),
        tx.h("ed-commitment-hint", &[]),
        described(errors, Field::Commitment, true),
        esc(&form.commitment),
        error_of(tx, errors, Field::Commitment),
    ));

    b.push_str("<div class=\"actions\">");
    b.push_str(&format!(
        "<button type=\"submit\" name=\"action\" value=\"save\" id=\"save\">{}</button>",
        tx.h(if locked { "ed-save-changes" } else { "ed-save-draft" }, &[])
    ));
    if !locked {
        b.push_str(&format!(
            "<button type=\"submit\" name=\"action\" value=\"publish\" class=\"primary\" id=\"publish\">{}</button><p class=\"hint\">{}</p>",
            tx.h("ed-publish", &[]),
            tx.h("ed-publish-hint", &[])
        ));
    }
    b.push_str("</div></form>\n");
    b.push_str(&preview(tx, page));
    b.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        tx.h("web-expires", &[("date", Arg::from(tx.date(page.access.expires_at.date_naive())))])
    ));
    let full_title = format!("{title} — {}", page.access.amap.name);
    let page_html = document(tx, &full_title, &b);
    page_html.replacen("<link rel=\"stylesheet\" href=\"/assets/panier.css\">", "<link rel=\"stylesheet\" href=\"/assets/panier.css\">\n<link rel=\"stylesheet\" href=\"/assets/editor.css\">", 1)
}
