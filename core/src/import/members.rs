//! The members file (CSV): `email,first_name,last_name,phone,roles`, one person a row.
//! Everyone becomes a member of the AMAP; `roles` adds admin, referent:CONTRACT, farmer:FARM.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::csv_in::{Row, Table};
use super::error::{At, ImportError, Problem};
use super::records::{OrStore, grant, upsert_member};
use super::{Tally, clean_phone};
use crate::error::Invalid;
use crate::model::Role;
use crate::store::directory::{self, MemberFields};
use crate::store::{Conn, Store, contracts};
use crate::types::{AmapId, Email, PersonName, Slug};

const KNOWN: &[&str] = &["email", "first_name", "last_name", "phone", "roles"];
const REQUIRED: &[&str] = &["email", "first_name", "last_name"];

/// What a members import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MembersReport {
    pub amap: String,
    pub members: Tally,
    /// Roles granted (created) or already held (unchanged), the implicit `member` included.
    pub roles: Tally,
}

impl fmt::Display for MembersReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "members of AMAP {}:", self.amap)?;
        writeln!(f, "  members: {}", self.members)?;
        write!(f, "  roles:   {} granted, {} already held", self.roles.created, self.roles.unchanged)
    }
}

/// A role as written in the file, before its contract or farm is looked up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum RoleIn {
    Admin,
    Referent(Slug),
    Farmer(Slug),
}

struct MemberIn<'r> {
    row: &'r Row,
    fields: MemberFields,
    roles: Vec<RoleIn>,
}

/// Imports the members of the AMAP `amap_slug`, in one transaction.
pub async fn import_members(
    store: &Store,
    amap_slug: &str,
    file_name: &str,
    csv_text: &str,
    now: DateTime<Utc>,
) -> Result<MembersReport, ImportError> {
    let table = Table::read(file_name, csv_text, KNOWN, REQUIRED)?;
    let members = parse(&table)?;
    let mut tx = store.write_tx().await.or_store(file_name)?;
    let amap = directory::amap_by_slug(&mut tx, amap_slug).await.or_store(file_name)?.ok_or_else(|| {
        let problem = Problem::UnknownAmap(amap_slug.to_owned());
        ImportError::new(file_name, At::File, "amap", problem)
    })?;
    let mut report = MembersReport { amap: amap.slug.to_string(), ..MembersReport::default() };
    let mut resolved: HashMap<RoleIn, Role> = HashMap::new();
    for m in &members {
        let (member, change) = upsert_member(&mut tx, file_name, &m.fields, now).await?;
        report.members.count(change);
        let mut roles = vec![Role::Member(amap.id)];
        for role in &m.roles {
            let role = match resolved.get(role) {
                Some(r) => *r,
                None => {
                    let r = resolve(&mut tx, &table, m.row, amap.id, role).await?;
                    resolved.insert(role.clone(), r);
                    r
                }
            };
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        for role in roles {
            let change = grant(&mut tx, file_name, member, role, amap.id).await?;
            report.roles.count(change);
        }
    }
    tx.commit().await.or_store(file_name)?;
    Ok(report)
}

fn parse(table: &Table) -> Result<Vec<MemberIn<'_>>, ImportError> {
    let mut seen: HashMap<Email, u64> = HashMap::new();
    let mut members = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let email = table.parse(row, "email", Email::parse)?;
        if let Some(first_line) = seen.get(&email) {
            let problem = Problem::DuplicateEmail { first_line: *first_line };
            return Err(table.err(row, "email", problem));
        }
        seen.insert(email.clone(), row.line);
        let fields = MemberFields {
            email,
            first_name: table.parse(row, "first_name", PersonName::parse)?.into(),
            last_name: table.parse(row, "last_name", PersonName::parse)?.into(),
            phone: table.parse(row, "phone", clean_phone)?,
        };
        let roles = table.parse(row, "roles", parse_roles)?;
        members.push(MemberIn { row, fields, roles });
    }
    Ok(members)
}

/// `admin;referent:legumes-2027;farmer:ferme-des-saules`; `member` and empty parts add nothing.
fn parse_roles(raw: &str) -> Result<Vec<RoleIn>, Problem> {
    let mut roles = Vec::new();
    for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let lower = part.to_lowercase();
        let role = match lower.split_once(':') {
            None if lower == "member" => continue,
            None if lower == "admin" => RoleIn::Admin,
            Some(("referent", slug)) => RoleIn::Referent(Slug::parse(slug).map_err(|_| Invalid::Slug)?),
            Some(("farmer", slug)) => RoleIn::Farmer(Slug::parse(slug).map_err(|_| Invalid::Slug)?),
            _ => return Err(Problem::UnknownRole(part.to_owned())),
        };
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

async fn resolve(
    conn: &mut Conn,
    table: &Table,
    row: &Row,
    amap: AmapId,
    role: &RoleIn,
) -> Result<Role, ImportError> {
    let file = &table.file;
    match role {
        RoleIn::Admin => Ok(Role::Admin(amap)),
        RoleIn::Referent(slug) => {
            let found = contracts::contracts_by_slug(conn, slug.as_str(), Some(amap)).await.or_store(file)?;
            match found.first() {
                Some(contract) => Ok(Role::Referent(contract.id)),
                None => Err(table.err(row, "roles", Problem::UnknownContract(slug.to_string()))),
            }
        }
        RoleIn::Farmer(slug) => {
            let found = directory::farm_by_slug(conn, slug.as_str()).await.or_store(file)?;
            match found {
                Some(farm) => Ok(Role::Farmer(farm.id)),
                None => Err(table.err(row, "roles", Problem::UnknownFarm(slug.to_string()))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        let slug = |s: &str| Slug::parse(s).expect("slug");
        let cases = [
            ("", Ok(vec![])),
            ("member", Ok(vec![])),
            (
                " admin ; referent:legumes-2027;;Farmer:ferme-des-saules;admin",
                Ok(vec![
                    RoleIn::Admin,
                    RoleIn::Referent(slug("legumes-2027")),
                    RoleIn::Farmer(slug("ferme-des-saules")),
                ]),
            ),
            ("boss", Err(Problem::UnknownRole("boss".into()))),
            ("referent:Légumes", Err(Problem::Invalid(Invalid::Slug))),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_roles(raw), expected, "{raw:?}");
        }
    }
}
