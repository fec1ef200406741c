//! The planner's recipients, batched: every person of some AMAPs (`recipients_of`, for the
//! messages to all members), or only the people the jobs name (`recipients_named`: reminders,
//! duty teams, farmers and referents), each with their chat account and opt-outs, exactly as
//! `accounts::recipients_of_amap` gives them.

use std::collections::{BTreeSet, HashMap};

use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::accounts::{Recipient, recipient_from_row};
use super::planning::{chunked, ids};
use crate::error::CoreResult;
use crate::types::{AmapId, MemberId};

/// Named people per statement.
const PEOPLE_CHUNK: usize = 2000;

/// The recipient columns over `x (amap_id, member_id)`, newest usable chat account first;
/// `also` is added to the `WHERE` (PostgreSQL hashes the whole `member` table to join a
/// chunk of people unless told their ids again: 200 -> 60 ms per chunk of 2,000).
fn recipients_sql(people: &str, also: &str) -> String {
    format!(
        "SELECT x.amap_id, m.id, m.email, ca.transport, ca.chat_id,
                (SELECT COUNT(*) FROM role r WHERE r.member_id = m.id AND r.kind IN ('member', 'admin')
                   AND r.scope_id = x.amap_id) AS memberships
         FROM ({people}) x
         JOIN member m ON m.id = x.member_id
         LEFT JOIN chat_account ca ON ca.member_id = m.id AND ca.unreachable = 0
              AND ca.transport IN ('telegram', 'matrix')
         WHERE m.status = 'active' {also}
         ORDER BY x.amap_id, m.id, ca.linked_at DESC, ca.id DESC"
    )
}

/// Adds the recipients of `rows` that `keep` accepts, then their opt-outs.
fn assemble(
    out: &mut HashMap<AmapId, Vec<Recipient>>,
    rows: &[AnyRow],
    opt_outs: &[AnyRow],
    keep: impl Fn(AmapId, MemberId) -> bool,
) -> CoreResult<()> {
    for r in rows {
        let amap = AmapId(r.try_get("amap_id")?);
        let id = MemberId(r.try_get("id")?);
        if !keep(amap, id) {
            continue;
        }
        let list = out.entry(amap).or_default();
        if list.last().is_some_and(|last| last.member_id == id) {
            continue;
        }
        list.push(recipient_from_row(r, id)?);
    }
    for r in opt_outs {
        let amap = AmapId(r.try_get("amap_id")?);
        let id = MemberId(r.try_get("member_id")?);
        if let Some(rec) = out.get_mut(&amap).and_then(|l| l.iter_mut().find(|x| x.member_id == id)) {
            rec.opt_outs.push(r.try_get("kind")?);
        }
    }
    Ok(())
}

/// `accounts::recipients_of_amap` for many AMAPs at once (same people, same order).
pub async fn recipients_of(conn: &mut Conn, amaps: &[AmapId]) -> CoreResult<HashMap<AmapId, Vec<Recipient>>> {
    let list = |c: &[AmapId]| ids(c, |a| a.0);
    let people = |l: &str| {
        format!(
            "SELECT amap_id, member_id FROM role WHERE amap_id IN ({l})
             UNION
             SELECT c.amap_id, r.member_id FROM contract c
               JOIN role r ON r.kind = 'farmer' AND r.scope_id = c.farm_id
             WHERE c.amap_id IN ({l})"
        )
    };
    let rows = chunked(conn, amaps, list, |l| recipients_sql(&people(l), "")).await?;
    // As recipients_of_amap: opt-outs of the people the AMAP granted a role to.
    let opt_outs = chunked(conn, amaps, list, |l| {
        format!(
            "SELECT DISTINCT r.amap_id, o.member_id, o.kind FROM notification_optout o
             JOIN role r ON r.member_id = o.member_id WHERE r.amap_id IN ({l})"
        )
    })
    .await?;
    let mut out = HashMap::new();
    assemble(&mut out, &rows, &opt_outs, |_, _| true)?;
    Ok(out)
}

/// The same recipients as `recipients_of`, but only the people named for each AMAP: a named
/// person who is not one of the AMAP's people (no role there, not one of its farmers) is left
/// out, as `recipients_of` would. Each AMAP's list is in member order.
pub async fn recipients_named(
    conn: &mut Conn,
    named: &HashMap<AmapId, BTreeSet<MemberId>>,
) -> CoreResult<HashMap<AmapId, Vec<Recipient>>> {
    let mut out = HashMap::new();
    let people: Vec<MemberId> =
        named.values().flatten().copied().collect::<BTreeSet<_>>().into_iter().collect();
    let keep = |a: AmapId, m: MemberId| named.get(&a).is_some_and(|s| s.contains(&m));
    // By the people's ids only (indexed on role, member, chat account): the pairs of other
    // AMAPs are dropped by `keep`. Ascending chunks keep each AMAP's list in member order.
    for chunk in people.chunks(PEOPLE_CHUNK) {
        let m = ids(chunk, |x| x.0);
        let pairs = format!(
            "SELECT amap_id, member_id FROM role WHERE member_id IN ({m}) AND amap_id IS NOT NULL
             UNION
             SELECT c.amap_id, r.member_id FROM role r
               JOIN contract c ON c.farm_id = r.scope_id
             WHERE r.kind = 'farmer' AND r.member_id IN ({m})"
        );
        let sql = recipients_sql(&pairs, &format!("AND m.id IN ({m})"));
        let rows = sqlx::query(sql!("{sql}")).persistent(false).fetch_all(&mut *conn).await?;
        let sql = format!(
            "SELECT DISTINCT r.amap_id, o.member_id, o.kind FROM notification_optout o
             JOIN role r ON r.member_id = o.member_id WHERE o.member_id IN ({m}) AND r.amap_id IS NOT NULL"
        );
        let opt_outs = sqlx::query(sql!("{sql}")).persistent(false).fetch_all(&mut *conn).await?;
        assemble(&mut out, &rows, &opt_outs, keep)?;
    }
    Ok(out)
}
