//! Linking a chat account to a member with a one-time code an admin hands out.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::rights::Rights;
use crate::error::{Conflict, CoreError, CoreResult, Invalid, Missing};
use crate::store::guard::{self, Lockout};
use crate::store::{Conn, accounts, directory};
use crate::types::{AmapId, MemberId};

/// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 10;
pub const DEFAULT_CODE_DAYS: i64 = 30;

pub fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// Codes are stored hashed; input is normalised (case, spaces, dashes) before hashing.
pub fn hash_code(code: &str) -> String {
    let normalized: String =
        code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    let digest = Sha256::digest(normalized.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a code for `member` of `amap`. `actor` None is the server admin (CLI).
pub async fn create_link_code(
    conn: &mut Conn,
    actor: Option<MemberId>,
    amap: AmapId,
    member: MemberId,
    now: DateTime<Utc>,
    days: i64,
) -> CoreResult<String> {
    if let Some(actor) = actor {
        Rights::load(conn, actor).await?.require_admin_of(amap)?;
    }
    if !Rights::load(conn, member).await?.is_member_of(amap) {
        return Err(CoreError::NotFound(Missing::Member(member.to_string())));
    }
    let code = new_code();
    accounts::insert_link_code(conn, &hash_code(&code), member, amap, now + Duration::days(days), now)
        .await?;
    Ok(code)
}

/// Wrong codes from one chat account: 5 in 15 minutes lock it out for an hour. With 31^10
/// possible codes this makes guessing hopeless, and it stops a script hammering the bot.
pub const LINK_LOCKOUT: Lockout =
    Lockout { max_failures: 5, window: Duration::minutes(15), lock: Duration::hours(1) };
const LINK_SCOPE: &str = "link";

/// Who is trying, as stored for the lockout: a hash, so the table holds no account id.
pub fn requester_key(transport: &str, external_id: &str) -> String {
    let digest = Sha256::digest(format!("{transport}\u{1f}{external_id}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses at once when this account is locked out after too many wrong codes.
pub async fn ensure_not_locked_out(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    match guard::locked_until(conn, LINK_SCOPE, &requester_key(transport, external_id), now).await? {
        Some(_) => Err(CoreError::Conflict(Conflict::TooManyAttempts)),
        None => Ok(()),
    }
}

/// Counts a wrong code; true when it starts a lockout.
pub async fn record_wrong_code(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    let key = requester_key(transport, external_id);
    Ok(guard::record_failure(conn, LINK_SCOPE, &key, now, LINK_LOCKOUT).await?.is_some())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Linked {
    pub member: MemberId,
    pub amap: AmapId,
    pub first_name: String,
    pub amap_name: String,
}

/// Redeems a code for this transport account. Run in a write transaction: a refused link
/// leaves the code unused.
pub async fn redeem_link_code(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
    chat_id: &str,
    code: &str,
    now: DateTime<Utc>,
) -> CoreResult<Linked> {
    ensure_not_locked_out(conn, transport, external_id, now).await?;
    if code.len() > 64 {
        return Err(Invalid::LinkCode.into());
    }
    let (member, amap) =
        accounts::consume_link_code(conn, &hash_code(code), now).await?.ok_or(Invalid::LinkCode)?;
    if let Some(existing) = accounts::member_by_account(conn, transport, external_id).await?
        && existing != member
    {
        return Err(CoreError::Conflict(Conflict::AlreadyLinked));
    }
    accounts::link_account(conn, member, transport, external_id, chat_id, now).await?;
    guard::clear(conn, LINK_SCOPE, &requester_key(transport, external_id)).await?;
    directory::touch_member(conn, member, now).await?;
    let m = directory::member_by_id(conn, member)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Member(member.to_string())))?;
    let a = directory::amap_by_id(conn, amap)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap.to_string())))?;
    Ok(Linked { member, amap, first_name: m.first_name, amap_name: a.name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_before_hashing() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
        let spaced = format!(" {}-{} ", &code[..5].to_lowercase(), &code[5..]);
        assert_eq!(hash_code(&code), hash_code(&spaced));
        assert_ne!(hash_code(&code), hash_code(&new_code()));
    }
}
