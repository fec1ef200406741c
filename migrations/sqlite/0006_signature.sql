-- Online signing: one-time links, the working grid of a subscription being edited on the
-- signing page, the signed versions of each subscription (canonical documents) and the
-- append-only, hash-chained evidence log. Keep in step with migrations/postgres.

-- One-time links to the signing pages. Only the SHA-256 (hex) of the token is stored.
-- purpose: member (sign one's subscription) | farmer (countersign a contract's subscriptions).
-- transport / account: the chat account the link was delivered to (evidence of identity).
-- csrf: random value the page's forms must send back.
CREATE TABLE signing_link (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    contract_id BIGINT NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    transport TEXT NOT NULL,
    account TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX signing_link_member ON signing_link (member_id, contract_id);

-- The quantities and cheque count a member is choosing on the signing page, before signing.
-- grid: JSON [[product_id, "YYYY-MM-DD", quantity], ...] (non-zero cells only).
CREATE TABLE signing_draft (
    contract_id BIGINT NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    grid TEXT NOT NULL,
    cheque_count BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (contract_id, member_id)
);

-- Every version of a subscription that was signed: the exact canonical document shown to the
-- member and its SHA-256. A change after signing is a new version; earlier ones stay.
-- No foreign key: signed documents are kept as long as the evidence that refers to them.
CREATE TABLE subscription_document (
    subscription_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    contract_id BIGINT NOT NULL,
    member_id BIGINT NOT NULL,
    document TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, version)
);
CREATE INDEX subscription_document_contract ON subscription_document (contract_id);

-- The evidence log: one record per signature, each holding the hash of the previous one.
-- kind: member_signature | farmer_countersignature. seq starts at 1 and has no gap.
CREATE TABLE signature_evidence (
    seq BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    subscription_id BIGINT NOT NULL,
    contract_id BIGINT NOT NULL,
    document_version BIGINT NOT NULL,
    document_sha256 TEXT NOT NULL,
    member_id BIGINT NOT NULL,
    member_name TEXT NOT NULL,
    transport TEXT NOT NULL,
    account TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    consent_text TEXT NOT NULL,
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX signature_evidence_subscription ON signature_evidence (subscription_id, document_version);

-- Append-only: rows are never changed nor removed.
CREATE TRIGGER signature_evidence_no_update BEFORE UPDATE ON signature_evidence
BEGIN
    SELECT RAISE(ABORT, 'signature_evidence is append-only');
END;
CREATE TRIGGER signature_evidence_no_delete BEFORE DELETE ON signature_evidence
BEGIN
    SELECT RAISE(ABORT, 'signature_evidence is append-only');
END;
CREATE TRIGGER subscription_document_no_update BEFORE UPDATE ON subscription_document
BEGIN
    SELECT RAISE(ABORT, 'subscription_document is append-only');
END;
CREATE TRIGGER subscription_document_no_delete BEFORE DELETE ON subscription_document
BEGIN
    SELECT RAISE(ABORT, 'subscription_document is append-only');
END;
