//! Write helpers shared by the imports: upsert a member or grant a role only when it changes
//! something, and turn store failures into an `ImportError`.

use chrono::{DateTime, Utc};

use super::error::ImportError;
use super::{Change, change_of};
use crate::error::CoreError;
use crate::model::Role;
use crate::store::Conn;
use crate::store::directory::{self, MemberFields};
use crate::types::{AmapId, MemberId};

/// Store failures become an `ImportError` naming the file.
pub(crate) trait OrStore<T> {
    fn or_store(self, file: &str) -> Result<T, ImportError>;
}

impl<T, E: Into<CoreError>> OrStore<T> for Result<T, E> {
    fn or_store(self, file: &str) -> Result<T, ImportError> {
        self.map_err(|e| ImportError::store(file, e.into()))
    }
}

/// Inserts the member, or updates their names and phone if they differ. An empty phone in
/// the file keeps the one already known.
pub(crate) async fn upsert_member(
    conn: &mut Conn,
    file: &str,
    m: &MemberFields,
    now: DateTime<Utc>,
) -> Result<(MemberId, Change), ImportError> {
    let old = directory::member_by_email(conn, &m.email).await.or_store(file)?;
    let old_id = old.as_ref().map(|o| o.id);
    let change = change_of(old, |o| {
        o.first_name == m.first_name
            && o.last_name == m.last_name
            && (m.phone.is_none() || o.phone == m.phone)
    });
    let id = match (change, old_id) {
        (Change::Unchanged, Some(id)) => id,
        _ => directory::upsert_member(conn, m, now).await.or_store(file)?,
    };
    Ok((id, change))
}

/// Grants `role` unless the member already holds it.
pub(crate) async fn grant(
    conn: &mut Conn,
    file: &str,
    member: MemberId,
    role: Role,
    amap: AmapId,
) -> Result<Change, ImportError> {
    let held = directory::roles_of(conn, member).await.or_store(file)?;
    if held.contains(&role) {
        return Ok(Change::Unchanged);
    }
    directory::grant_role(conn, member, role, Some(amap)).await.or_store(file)?;
    Ok(Change::Created)
}
