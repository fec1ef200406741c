//! Pure rules of the AMAP domain: no I/O, table-tested.

pub mod deadlines;
pub mod money;
pub mod season;
pub mod state;
