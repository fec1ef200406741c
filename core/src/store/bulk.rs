//! Bulk loading for generated datasets (`panier bench-data`): multi-row INSERTs with explicit
//! ids, chunked under each backend's bind-parameter limit, run in the caller's transaction.

use super::Conn;
use crate::error::CoreResult;

/// One cell of a bulk row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Int(i64),
    Real(f64),
    Text(String),
    Null,
}

impl From<i64> for Cell {
    fn from(v: i64) -> Cell {
        Cell::Int(v)
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Text(v)
    }
}

impl From<&str> for Cell {
    fn from(v: &str) -> Cell {
        Cell::Text(v.to_owned())
    }
}

impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Cell {
        v.map_or(Cell::Null, Cell::Int)
    }
}

/// Bind parameters per statement on PostgreSQL (its limit is 65,535).
const MAX_PARAMS_POSTGRES: usize = 30_000;
/// On SQLite: binding `$N` parameters looks each name up in a list (linear), so a statement of
/// n parameters costs O(n²); a few hundred per statement is the fastest (measured: 30,000 per
/// statement loaded 2,200 rows/s).
const MAX_PARAMS_SQLITE: usize = 600;

/// Inserts `rows` into `table (columns)` with as few statements as the parameter limit allows.
/// `table` and `columns` are constants of the caller, never input. Returns the rows inserted.
pub async fn insert(conn: &mut Conn, table: &str, columns: &[&str], rows: &[Vec<Cell>]) -> CoreResult<u64> {
    if rows.is_empty() || columns.is_empty() {
        return Ok(0);
    }
    let max = if conn.backend_name().to_ascii_lowercase().starts_with("postgres") {
        MAX_PARAMS_POSTGRES
    } else {
        MAX_PARAMS_SQLITE
    };
    let per_chunk = (max / columns.len()).max(1);
    let mut inserted = 0;
    for chunk in rows.chunks(per_chunk) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for j in 0..row.len() {
                if j > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                sql.push('$');
                sql.push_str(&n.to_string());
            }
            sql.push(')');
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
        for row in chunk {
            for cell in row {
                query = match cell {
                    Cell::Int(v) => query.bind(*v),
                    Cell::Real(v) => query.bind(*v),
                    Cell::Text(v) => query.bind(v.clone()),
                    Cell::Null => query.bind(None::<i64>),
                };
            }
        }
        inserted += query.execute(&mut *conn).await?.rows_affected();
    }
    Ok(inserted)
}

/// The largest id of `table` (0 when empty): generated rows take ids above it.
pub async fn max_id(conn: &mut Conn, table: &str) -> CoreResult<i64> {
    let max: Option<i64> =
        sqlx::query_scalar(sql!("SELECT CAST(MAX(id) AS BIGINT) FROM {table}")).fetch_one(&mut *conn).await?;
    Ok(max.unwrap_or(0))
}

/// After explicit ids, moves PostgreSQL's identity sequence of `table` past them (SQLite's
/// AUTOINCREMENT follows on its own).
pub async fn sync_identity(conn: &mut Conn, postgres: bool, table: &str) -> CoreResult<()> {
    if postgres {
        sqlx::query(sql!(
            "SELECT CAST(setval(pg_get_serial_sequence('{table}', 'id'), \
             GREATEST((SELECT MAX(id) FROM {table}), 1)) AS BIGINT)"
        ))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Members of generated AMAPs (`bench-…`) with a Telegram account: (Telegram id, AMAP weekday
/// 0 = Monday), for the benchmarks.
pub async fn bench_members(conn: &mut Conn) -> CoreResult<Vec<(String, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT ca.external_id, a.weekday FROM chat_account ca
         JOIN role r ON r.member_id = ca.member_id AND r.kind = 'member'
         JOIN amap a ON a.id = r.amap_id
         WHERE ca.transport = 'telegram' AND a.slug LIKE 'bench-%'
         ORDER BY ca.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows)
}

/// Referents of generated AMAPs with a Telegram account: (Telegram id, contract slug, AMAP
/// weekday 0 = Monday).
pub async fn bench_referents(conn: &mut Conn) -> CoreResult<Vec<(String, String, i64)>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT ca.external_id, c.slug, a.weekday FROM role r
         JOIN contract c ON c.id = r.scope_id
         JOIN amap a ON a.id = c.amap_id
         JOIN chat_account ca ON ca.member_id = r.member_id AND ca.transport = 'telegram'
         WHERE r.kind = 'referent' AND a.slug LIKE 'bench-%'
         ORDER BY r.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows)
}

/// Removes the outbox rows a benchmark queued (dedupe keys starting with `prefix`).
pub async fn delete_outbox(conn: &mut Conn, prefix: &str) -> CoreResult<u64> {
    let done = sqlx::query("DELETE FROM outbox WHERE dedupe_key LIKE $1")
        .bind(format!("{prefix}%"))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Outbox rows of a benchmark (dedupe keys starting with `prefix`) by state.
pub async fn outbox_states(conn: &mut Conn, prefix: &str) -> CoreResult<Vec<(String, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state, CAST(COUNT(*) AS BIGINT) FROM outbox WHERE dedupe_key LIKE $1 GROUP BY state ORDER BY state",
    )
    .bind(format!("{prefix}%"))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows)
}
