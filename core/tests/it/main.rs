//! Integration tests of panier-core: the store conformance suite (SQLite always, PostgreSQL
//! when PANIER_TEST_POSTGRES_URL is set), imports and use cases.

mod support;

mod authz;
mod calendar;
mod dispatch;
mod exports;
mod hardening;
mod network;
mod planning_slices;
mod privacy;
mod scheduler;
mod signing;
mod store_basics;
mod usecases;

mod import;
