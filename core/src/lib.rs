//! Panier's core: the AMAP domain, its rules, the store and the use cases. Knows nothing of chat.

pub mod benchdata;
pub mod demo;
pub mod error;
pub mod import;
pub mod metrics;
pub mod model;
pub mod network;
pub mod rules;
pub mod scheduler;
pub mod signature;
pub mod store;
pub mod text;
pub mod types;
pub mod usecases;

pub use error::{Conflict, CoreError, CoreResult, Forbidden, Invalid, Missing};
