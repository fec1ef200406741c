//! Why a command could not answer normally, and the localized reply for each case.
//! Internal errors are logged (without personal data) and never shown.

use panier_core::error::{Conflict, CoreError, Forbidden, Invalid, Missing};

use crate::context::Ctx;
use crate::i18n::Arg;
use crate::message::Reply;
use crate::parse::DateError;

#[derive(Debug)]
pub enum Failure {
    Core(CoreError),
    Date {
        input: String,
        error: DateError,
    },
    /// A required argument is missing or malformed; the key explains the expected form.
    Usage(&'static str),
    NotLinked,
    /// The command exists but is not available on this server yet.
    NotYet,
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure::Core(e)
    }
}

fn invalid_key(i: Invalid) -> &'static str {
    match i {
        Invalid::Email => "error-invalid-email",
        Invalid::Quantity => "error-invalid-quantity",
        Invalid::Name => "error-invalid-name",
        Invalid::Date | Invalid::NotADeliveryDate | Invalid::OutsideSeason => "error-invalid-date",
        Invalid::AbsenceMode | Invalid::AbsenceModeNotAllowed => "error-absence-mode",
        Invalid::TooManyAbsences => "error-too-many-absences",
        Invalid::DeadlinePassed => "error-deadline-passed",
        Invalid::HandoverToSelf => "error-handover-self",
        Invalid::InThePast => "error-in-the-past",
        Invalid::TooEarly => "error-too-early",
        Invalid::NothingToCollect => "error-nothing-to-collect",
        Invalid::LinkCode => "error-link-code",
        Invalid::Rsvp => "error-rsvp",
        _ => "error-invalid-value",
    }
}

fn missing_key(m: &Missing) -> &'static str {
    match m {
        Missing::Contract(_) => "error-unknown-contract",
        Missing::Member(_) => "error-unknown-member",
        Missing::Delivery(_) | Missing::Distribution(_) | Missing::Shift(_) => "error-no-delivery",
        Missing::Event => "error-unknown-event",
        _ => "error-not-found",
    }
}

fn forbidden_key(f: Forbidden) -> &'static str {
    match f {
        Forbidden::ReferentsOnly => "error-referents-only",
        Forbidden::FarmersOnly => "error-farmers-only",
        Forbidden::AdminsOnly | Forbidden::NetworkAdminsOnly => "error-admins-only",
        Forbidden::NotAMember | Forbidden::OwnDataOnly => "error-not-a-member",
    }
}

fn conflict_key(c: &Conflict) -> &'static str {
    match c {
        Conflict::ShiftFull => "error-shift-full",
        Conflict::AlreadySignedUp => "error-already-signed-up",
        Conflict::NotSignedUp => "error-not-signed-up",
        Conflict::AlreadyAbsent => "error-already-absent",
        Conflict::BreaksAbsence => "error-breaks-absence",
        Conflict::AlreadyLinked => "error-already-linked",
        Conflict::Ambiguous(_) => "error-ambiguous",
        Conflict::StaleVersion => "error-stale",
        Conflict::TooManyAttempts => "error-too-many-attempts",
        _ => "error-conflict",
    }
}

impl Failure {
    pub fn reply(self, ctx: &Ctx<'_>) -> Reply {
        let help = ctx.help_command();
        match self {
            Failure::Core(CoreError::Invalid(i)) => ctx.reply(invalid_key(i), &[("help", Arg::from(help))]),
            Failure::Core(CoreError::NotFound(m)) => ctx.reply(missing_key(&m), &[("help", Arg::from(help))]),
            Failure::Core(CoreError::Forbidden(f)) => ctx.reply(forbidden_key(f), &[]),
            Failure::Core(CoreError::Conflict(c)) => {
                ctx.reply(conflict_key(&c), &[("help", Arg::from(help))])
            }
            Failure::Core(e) => {
                tracing::error!(error = %e, "store failure while handling a command");
                ctx.reply("error-internal", &[])
            }
            Failure::Date { input, error } => crate::dates::date_error_reply(ctx, &input, error),
            Failure::Usage(key) => ctx.reply(key, &[("prefix", Arg::from(ctx.prefix()))]),
            Failure::NotLinked => ctx.reply("error-not-linked", &[("prefix", Arg::from(ctx.prefix()))]),
            Failure::NotYet => ctx.reply("error-not-yet", &[]),
        }
    }
}
