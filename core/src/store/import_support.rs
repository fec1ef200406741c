//! Read-only views of the whole database, to check that an import changed nothing: the
//! list of tables, their row counts, and every row rendered as text.

use std::collections::BTreeMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use crate::error::CoreResult;

/// The application's tables (migration bookkeeping left out), sorted.
pub async fn table_names(conn: &mut Conn) -> CoreResult<Vec<String>> {
    let query = if conn.backend_name().eq_ignore_ascii_case("sqlite") {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    } else {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    };
    let mut names: Vec<String> = sqlx::query_scalar(query).fetch_all(&mut *conn).await?;
    names.retain(|n| !n.starts_with("_sqlx") && is_identifier(n));
    names.sort();
    Ok(names)
}

/// Rows per table.
pub async fn row_counts(conn: &mut Conn) -> CoreResult<BTreeMap<String, i64>> {
    let mut counts = BTreeMap::new();
    for table in table_names(conn).await? {
        let count: i64 =
            sqlx::query_scalar(sql!("SELECT COUNT(*) FROM \"{table}\"")).fetch_one(&mut *conn).await?;
        counts.insert(table, count);
    }
    Ok(counts)
}

/// Every row of every table, each rendered as `value|value|…` and sorted.
pub async fn dump(conn: &mut Conn) -> CoreResult<BTreeMap<String, Vec<String>>> {
    let mut all = BTreeMap::new();
    for table in table_names(conn).await? {
        let rows = sqlx::query(sql!("SELECT * FROM \"{table}\"")).fetch_all(&mut *conn).await?;
        let mut rendered: Vec<String> = rows.iter().map(render).collect();
        rendered.sort();
        all.insert(table, rendered);
    }
    Ok(all)
}

/// Table names come from the catalog; still, only plain identifiers are put into SQL.
fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn render(row: &AnyRow) -> String {
    (0..row.len())
        .map(|i| {
            if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                v.map_or("NULL".into(), |v| v.to_string())
            } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
                v.map_or("NULL".into(), |v| v.to_string())
            } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                v.unwrap_or_else(|| "NULL".into())
            } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
                v.map_or("NULL".into(), |v| v.to_string())
            } else {
                "?".into()
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}
