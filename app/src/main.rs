//! The panier binary.
fn main() {}
