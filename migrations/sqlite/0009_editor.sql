-- Editor links: one-time links from the bot to the contract editor, the AMAP settings and the
-- member list. Only the SHA-256 (hex) of the 256-bit token is stored. Keep in step with
-- migrations/postgres.
-- purpose: contract | settings | members. contract_id: the contract being edited (set when a
-- "new contract" link saves its first draft). session_hash: SHA-256 of the browser session
-- secret set by the first visit; the link then only works in that browser.
CREATE TABLE editor_link (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    amap_id BIGINT NOT NULL REFERENCES amap(id) ON DELETE CASCADE,
    contract_id BIGINT REFERENCES contract(id) ON DELETE CASCADE,
    transport TEXT NOT NULL,
    account TEXT NOT NULL,
    csrf TEXT NOT NULL,
    session_hash TEXT,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX editor_link_member ON editor_link (member_id);
