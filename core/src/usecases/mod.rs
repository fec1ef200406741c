//! Use cases: one function per thing a person does, taking the acting member and checking
//! their right here in core. Each returns a typed outcome or a typed error, never a sentence.
//!
//! Functions take a connection; those that write several rows must be given a transaction
//! (`Store::write_tx`) so a refusal changes nothing. `Panier` wraps them for front-ends.

pub mod absence;
pub mod admin_extra;
pub mod announcements;
pub mod baskets;
pub mod calendar;
pub mod collection;
pub mod contract_change;
pub mod contract_editor;
pub mod contract_form;
pub mod contracts_view;
pub mod deliveries;
pub mod directory_entry;
pub mod duty;
pub mod editor;
pub mod events;
pub mod exports;
mod facade;
pub mod linking;
pub mod loaded;
pub mod member_extra;
pub mod members_admin;
pub mod network;
pub mod notify_extra;
pub mod preferences;
pub mod privacy;
pub mod remind;
pub mod rights;
pub mod season_export;
pub mod settings_editor;
pub mod signing;
pub mod totals;

pub use facade::Panier;
