//! Typed errors of the core: what went wrong, as data the front-ends translate for people.
//!
//! No variant carries a sentence for a member: the conversation layer maps each one to a
//! localized message. Store failures stay opaque to members and are only logged.

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

/// Why an input value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Invalid {
    #[error("not an e-mail address")]
    Email,
    #[error("not a slug (lower-case letters, digits and dashes)")]
    Slug,
    #[error("not an amount in euros")]
    Amount,
    #[error("not a quantity between 0 and 999")]
    Quantity,
    #[error("not a name")]
    Name,
    #[error("not a date")]
    Date,
    #[error("not a time of day")]
    Time,
    #[error("not a timezone")]
    Timezone,
    #[error("not a weekday")]
    Weekday,
    #[error("the end comes before the start")]
    EndBeforeStart,
    #[error("no delivery date")]
    NoDeliveryDate,
    #[error("a price must be above zero")]
    ZeroPrice,
    #[error("not a number of cheques the contract allows")]
    ChequeCount,
    #[error("not a role")]
    Role,
    #[error("unknown absence mode")]
    AbsenceMode,
    #[error("this absence mode is not allowed by the contract")]
    AbsenceModeNotAllowed,
    #[error("the contract's absence limit is reached")]
    TooManyAbsences,
    #[error("the deadline for this change has passed")]
    DeadlinePassed,
    #[error("that date is not a delivery of this contract")]
    NotADeliveryDate,
    #[error("that date is outside the contract's season")]
    OutsideSeason,
    #[error("the product is not delivered on that date")]
    ProductNotOffered,
    #[error("the basket is handed to its own owner")]
    HandoverToSelf,
    #[error("the moment is already past")]
    InThePast,
    #[error("too early: the distribution has not happened yet")]
    TooEarly,
    #[error("nothing to collect on that date")]
    NothingToCollect,
    #[error("the code is unknown, used or expired")]
    LinkCode,
    #[error("the RSVP answer is not yes, no or maybe")]
    Rsvp,
    #[error("not a 6-field cron expression")]
    Cron,
    #[error("the signing link is unknown")]
    SigningLinkUnknown,
    #[error("the signing link has expired")]
    SigningLinkExpired,
    #[error("the signing link was already used")]
    SigningLinkUsed,
    #[error("the form does not come from this page (CSRF token)")]
    FormExpired,
    #[error("the explicit consent box was not ticked")]
    ConsentRequired,
    #[error("not a latitude and longitude")]
    Location,
    #[error("a privacy notice is plain text of at most 2000 characters")]
    PrivacyNotice,
}

/// What could not be found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "what", content = "key", rename_all = "snake_case")]
pub enum Missing {
    Amap(String),
    Member(String),
    Farm(String),
    Contract(String),
    Product(String),
    Delivery(NaiveDate),
    Subscription,
    Distribution(NaiveDate),
    Shift(NaiveDate),
    Event,
    Network(String),
    Announcement,
}

/// Why a member may not do this; tells the front-end whom to point them to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Forbidden {
    NotAMember,
    ReferentsOnly,
    FarmersOnly,
    AdminsOnly,
    NetworkAdminsOnly,
    OwnDataOnly,
}

/// The action clashes with the current state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    /// A state machine refused the transition.
    Transition {
        from: String,
        to: String,
    },
    /// No duty slot left on that date.
    ShiftFull,
    AlreadySignedUp,
    NotSignedUp,
    AlreadyAbsent,
    /// The delivery would land on a date a member declared absent.
    BreaksAbsence,
    /// Someone else changed the record meanwhile; reload and retry.
    StaleVersion,
    AlreadyLinked,
    Duplicate(String),
    Ambiguous(String),
    ContractNotOpen,
    /// Erasure refused: the member still has a running contract.
    RunningContract,
    SubscriptionLocked,
    /// Nothing changed since the member's last signature: nothing new to sign.
    AlreadySigned,
    /// Too many wrong codes from this account: locked out for a while.
    TooManyAttempts,
}

/// Every failure a use case can report.
#[derive(Debug, Error)]
pub enum CoreError {
    #[error("not found: {0:?}")]
    NotFound(Missing),
    #[error("forbidden: {0:?}")]
    Forbidden(Forbidden),
    #[error("invalid: {0}")]
    Invalid(#[from] Invalid),
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    #[error("store: {0}")]
    Store(#[from] sqlx::Error),
    #[error("store: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl CoreError {
    pub fn is_store(&self) -> bool {
        matches!(self, CoreError::Store(_) | CoreError::Migrate(_))
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
