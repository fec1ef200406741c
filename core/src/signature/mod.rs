//! Electronic signature, the pure parts: one-time link tokens, the canonical document of a
//! subscription and its hash, and the hash chain of the evidence log.
//!
//! A simple electronic signature holds when the signer is identified, consent is explicit and
//! the document's integrity is preserved: the link is delivered to the member's linked chat
//! account, the consent text is recorded, and the SHA-256 of the exact document shown is kept
//! in an append-only log where each record carries the hash of the previous one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Random bytes in a link token: 256 bits (at least 128 are required).
pub const TOKEN_BYTES: usize = 32;
/// Tokens longer than this are refused before any lookup.
pub const MAX_TOKEN_CHARS: usize = 64;
/// The `prev_hash` of the first evidence record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// The format tag of canonical documents; a change of shape is a new tag.
pub const DOCUMENT_FORMAT: &str = "panier-subscription/1";

/// A new random token for a link (URL-safe base64, 43 characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A random value the page's forms send back (CSRF).
pub fn new_csrf() -> String {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `token` has the shape of a token this module makes (checked before hashing).
pub fn plausible_token(token: &str) -> bool {
    (20..=MAX_TOKEN_CHARS).contains(&token.len())
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Tokens are stored as the SHA-256 of their text; a lookup compares digests.
pub fn hash_token(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// Equality that takes the same time wherever the first difference is.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The member views, fills in and signs their own subscription.
    Member,
    /// A farmer countersigns the subscriptions their members signed.
    Farmer,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Member => "member",
            Purpose::Farmer => "farmer",
        }
    }

    pub fn parse(raw: &str) -> Option<Purpose> {
        match raw {
            "member" => Some(Purpose::Member),
            "farmer" => Some(Purpose::Farmer),
            _ => None,
        }
    }
}

// --- the canonical document ---------------------------------------------------------------

/// Everything a member commits to, as one deterministic JSON text: the AMAP, the farm, the
/// contract and its rules, the products with unit prices, the delivery dates with the products
/// delivered on each, the member's quantity grid, the total, the payment schedule and the
/// commitment text. Its SHA-256 is what is signed. Field order is the declaration order;
/// lists are sorted; amounts are integer cents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractDocument {
    pub format: String,
    /// 1 for the first signature, then one more per amendment.
    pub version: u32,
    pub amap: DocAmap,
    pub farm: DocFarm,
    pub contract: DocContract,
    pub member: DocMember,
    pub products: Vec<DocProduct>,
    pub deliveries: Vec<DocDelivery>,
    /// Non-zero cells only, by date then product.
    pub grid: Vec<DocCell>,
    pub total_cents: i64,
    pub payment: DocPayment,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocAmap {
    pub id: i64,
    pub name: String,
    pub place: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocFarm {
    pub id: i64,
    pub name: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocContract {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub season: String,
    pub rules: DocRules,
    pub commitment_text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRules {
    pub subscription_opens: NaiveDate,
    pub subscription_closes: NaiveDate,
    pub late_subscription: bool,
    pub farmer_notice_days: u32,
    pub max_absences: u32,
    pub absence_modes: Vec<String>,
    pub modification_deadline_days: u32,
    pub required_shifts: u32,
    pub max_cheques: u32,
    pub min_cheque_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocMember {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocProduct {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub unit: Option<String>,
    pub price_cents: i64,
}

/// One delivery of the subscription (its scheduled date) and the products delivered that day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocDelivery {
    pub date: NaiveDate,
    pub products: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocCell {
    pub date: NaiveDate,
    pub product: i64,
    pub quantity: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocPayment {
    pub payee: String,
    pub cheques: Vec<DocCheque>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocCheque {
    pub number: u32,
    pub amount_cents: i64,
    pub cashing_month: NaiveDate,
}

impl ContractDocument {
    /// The exact text that is hashed and stored.
    pub fn canonical_json(&self) -> String {
        // Serializing plain structs of strings, numbers and dates cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn sha256(&self) -> String {
        sha256_hex(self.canonical_json().as_bytes())
    }

    pub fn product(&self, id: i64) -> Option<&DocProduct> {
        self.products.iter().find(|p| p.id == id)
    }

    pub fn quantity(&self, product: i64, date: NaiveDate) -> u32 {
        self.grid.iter().find(|c| c.product == product && c.date == date).map_or(0, |c| c.quantity)
    }
}

// --- the evidence chain -------------------------------------------------------------------

/// What was signed by whom: a member's signature or a farmer's countersignature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    MemberSignature,
    FarmerCountersignature,
}

impl EvidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::MemberSignature => "member_signature",
            EvidenceKind::FarmerCountersignature => "farmer_countersignature",
        }
    }

    pub fn parse(raw: &str) -> Option<EvidenceKind> {
        match raw {
            "member_signature" => Some(EvidenceKind::MemberSignature),
            "farmer_countersignature" => Some(EvidenceKind::FarmerCountersignature),
            _ => None,
        }
    }
}

/// One record of the evidence log. `hash` is the SHA-256 of every other field (previous
/// record's hash included), serialized in declaration order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRecord {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// `member_signature` or `farmer_countersignature` (kept as text: a record must hash the
    /// same whatever this version of the code knows).
    pub kind: String,
    pub subscription_id: i64,
    pub contract_id: i64,
    pub document_version: i64,
    pub document_sha256: String,
    /// The signer: the member, or the farmer countersigning.
    pub member_id: i64,
    pub member_name: String,
    /// The chat account the one-time link was delivered to.
    pub transport: String,
    pub account: String,
    /// UTC unix seconds.
    pub signed_at: i64,
    pub consent_text: String,
    pub ip: String,
    pub user_agent: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Serialize)]
struct Hashed<'a> {
    seq: i64,
    kind: &'a str,
    subscription_id: i64,
    contract_id: i64,
    document_version: i64,
    document_sha256: &'a str,
    member_id: i64,
    member_name: &'a str,
    transport: &'a str,
    account: &'a str,
    signed_at: i64,
    consent_text: &'a str,
    ip: &'a str,
    user_agent: &'a str,
    prev_hash: &'a str,
}

impl EvidenceRecord {
    /// The hash this record should carry.
    pub fn compute_hash(&self) -> String {
        let hashed = Hashed {
            seq: self.seq,
            kind: &self.kind,
            subscription_id: self.subscription_id,
            contract_id: self.contract_id,
            document_version: self.document_version,
            document_sha256: &self.document_sha256,
            member_id: self.member_id,
            member_name: &self.member_name,
            transport: &self.transport,
            account: &self.account,
            signed_at: self.signed_at,
            consent_text: &self.consent_text,
            ip: &self.ip,
            user_agent: &self.user_agent,
            prev_hash: &self.prev_hash,
        };
        sha256_hex(serde_json::to_string(&hashed).unwrap_or_default().as_bytes())
    }

    /// Seals a new record after `previous` (None for the first one): sets seq, prev_hash, hash.
    pub fn seal(mut self, previous: Option<(i64, &str)>) -> EvidenceRecord {
        let (seq, prev) = previous.map_or((1, GENESIS), |(s, h)| (s + 1, h));
        self.seq = seq;
        self.prev_hash = prev.to_owned();
        self.hash = self.compute_hash();
        self
    }
}

/// Why the chain breaks at a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum BreakReason {
    /// Records are missing before this one (deleted), or numbered out of order.
    Gap { expected: i64 },
    /// The record does not point to the previous record's hash.
    PreviousHash,
    /// The record's content no longer matches its own hash (edited).
    OwnHash,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    /// The first record that does not verify.
    pub seq: i64,
    pub reason: BreakReason,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.reason {
            BreakReason::Gap { expected } => {
                write!(f, "record {}: expected record {expected} here (records deleted or moved)", self.seq)
            }
            BreakReason::PreviousHash => {
                write!(f, "record {}: does not chain to the previous record's hash", self.seq)
            }
            BreakReason::OwnHash => {
                write!(f, "record {}: content does not match its hash (edited)", self.seq)
            }
        }
    }
}

/// Checks records sorted by `seq`; returns how many verified, or the first broken one.
pub fn verify_chain(records: &[EvidenceRecord]) -> Result<usize, ChainBreak> {
    let mut prev = GENESIS;
    for (i, r) in records.iter().enumerate() {
        let expected = i as i64 + 1;
        if r.seq != expected {
            return Err(ChainBreak { seq: r.seq, reason: BreakReason::Gap { expected } });
        }
        if r.prev_hash != prev {
            return Err(ChainBreak { seq: r.seq, reason: BreakReason::PreviousHash });
        }
        if !constant_time_eq(r.compute_hash().as_bytes(), r.hash.as_bytes()) {
            return Err(ChainBreak { seq: r.seq, reason: BreakReason::OwnHash });
        }
        prev = &r.hash;
    }
    Ok(records.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str) -> EvidenceRecord {
        EvidenceRecord {
            seq: 0,
            kind: EvidenceKind::MemberSignature.as_str().into(),
            subscription_id: 7,
            contract_id: 3,
            document_version: 1,
            document_sha256: sha256_hex(b"doc"),
            member_id: 12,
            member_name: name.into(),
            transport: "telegram".into(),
            account: "4242".into(),
            signed_at: 1_800_000_000,
            consent_text: "Je m'engage".into(),
            ip: "192.0.2.1".into(),
            user_agent: "Mozilla/5.0".into(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn chain(n: usize) -> Vec<EvidenceRecord> {
        let mut out: Vec<EvidenceRecord> = Vec::new();
        for i in 0..n {
            let prev = out.last().map(|r| (r.seq, r.hash.clone()));
            out.push(record(&format!("Member {i}")).seal(prev.as_ref().map(|(s, h)| (*s, h.as_str()))));
        }
        out
    }

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "32 bytes in unpadded base64url");
        assert!(plausible_token(&a));
        assert!(!plausible_token("short"));
        assert!(!plausible_token(&"a".repeat(65)));
        assert!(!plausible_token("abc/def+ghi=jklmnopqrstuvwx"));
        assert_eq!(hash_token(&a).len(), 64);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), hash_token(&b));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify_chain(&[]), Ok(0));
        let records = chain(4);
        assert_eq!(records[0].prev_hash, GENESIS);
        assert_eq!(records[1].prev_hash, records[0].hash);
        assert_eq!(verify_chain(&records), Ok(4));
    }

    #[test]
    fn edits_deletions_and_relinks_are_named() {
        let mut edited = chain(4);
        edited[2].ip = "198.51.100.7".into();
        assert_eq!(verify_chain(&edited), Err(ChainBreak { seq: 3, reason: BreakReason::OwnHash }));

        let mut deleted = chain(4);
        deleted.remove(1);
        assert_eq!(
            verify_chain(&deleted),
            Err(ChainBreak { seq: 3, reason: BreakReason::Gap { expected: 2 } })
        );

        // Editing a record and re-sealing it breaks the link from the next one.
        let mut resealed = chain(4);
        resealed[1].member_name = "Someone else".into();
        resealed[1].hash = resealed[1].compute_hash();
        assert_eq!(verify_chain(&resealed), Err(ChainBreak { seq: 3, reason: BreakReason::PreviousHash }));
    }

    #[test]
    fn documents_hash_deterministically() {
        let doc = ContractDocument {
            format: DOCUMENT_FORMAT.into(),
            version: 1,
            amap: DocAmap { id: 1, name: "AMAP".into(), place: "Salle".into(), address: "Rue".into() },
            farm: DocFarm { id: 2, name: "Ferme".into(), address: String::new() },
            contract: DocContract {
                id: 3,
                slug: "pain".into(),
                name: "Pain".into(),
                season: "2027".into(),
                rules: DocRules {
                    subscription_opens: NaiveDate::from_ymd_opt(2027, 4, 1).unwrap_or_default(),
                    subscription_closes: NaiveDate::from_ymd_opt(2027, 5, 1).unwrap_or_default(),
                    late_subscription: false,
                    farmer_notice_days: 7,
                    max_absences: 2,
                    absence_modes: vec!["donate".into()],
                    modification_deadline_days: 2,
                    required_shifts: 1,
                    max_cheques: 3,
                    min_cheque_cents: 0,
                },
                commitment_text: "Je m'engage.".into(),
            },
            member: DocMember {
                id: 4,
                first_name: "Zoé".into(),
                last_name: "Guérin".into(),
                email: "z@example.org".into(),
            },
            products: vec![],
            deliveries: vec![],
            grid: vec![],
            total_cents: 0,
            payment: DocPayment { payee: "Ferme".into(), cheques: vec![] },
        };
        let json = doc.canonical_json();
        assert!(json.starts_with(r#"{"format":"panier-subscription/1","version":1,"amap":"#), "{json}");
        assert_eq!(doc.sha256(), doc.clone().sha256());
        let back: ContractDocument = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back.canonical_json(), json);
        let mut other = doc.clone();
        other.total_cents = 1;
        assert_ne!(other.sha256(), doc.sha256());
    }
}
