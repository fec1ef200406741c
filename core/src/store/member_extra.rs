//! Lookups the member self-service commands need beyond the other store modules.

use sqlx::Row;

use super::Conn;
use super::codec::corrupt;
use crate::error::CoreResult;
use crate::model::Network;
use crate::types::{NetworkId, Slug};

pub async fn network_by_id(conn: &mut Conn, id: NetworkId) -> CoreResult<Option<Network>> {
    let row = sqlx::query("SELECT id, slug, name FROM network WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(Network {
            id: NetworkId(r.try_get("id")?),
            slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("network.slug"))?,
            name: r.try_get("name")?,
        })
    })
    .transpose()
}
