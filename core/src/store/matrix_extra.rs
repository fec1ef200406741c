//! What the Matrix adapter needs beyond the shared account functions: where a member's
//! pushed messages go is their Matrix user id (the adapter resolves it to a direct message),
//! not the shared room where they happened to link.

use super::Conn;
use crate::error::CoreResult;

/// The accounts of `transport` whose push target is `chat_id` (external ids, oldest first).
pub async fn accounts_with_chat(conn: &mut Conn, transport: &str, chat_id: &str) -> CoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT external_id FROM chat_account WHERE transport = $1 AND chat_id = $2 ORDER BY id",
    )
    .bind(transport)
    .bind(chat_id)
    .fetch_all(&mut *conn)
    .await?)
}

/// Re-points the push target of one account from `from` to `to`; false when the account
/// does not exist or already points elsewhere.
pub async fn repoint_chat(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
    from: &str,
    to: &str,
) -> CoreResult<bool> {
    let done = sqlx::query(
        "UPDATE chat_account SET chat_id = $1 WHERE transport = $2 AND external_id = $3 AND chat_id = $4",
    )
    .bind(to)
    .bind(transport)
    .bind(external_id)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
