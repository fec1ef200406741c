//! `panier evidence verify`: checks the hash chain of the signature evidence log.

use anyhow::{Result, bail};
use panier_core::store::Store;
use panier_core::usecases::signing;

/// Prints "chain intact, N records" or fails naming the first broken record.
pub async fn verify(store: &Store) -> Result<()> {
    let mut conn = store.conn().await?;
    match signing::verify_evidence(&mut conn).await? {
        Ok(n) => {
            println!("chain intact, {n} records");
            Ok(())
        }
        Err(broken) => bail!("evidence chain broken: {broken}"),
    }
}
