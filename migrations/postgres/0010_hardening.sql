-- Brute-force lockout of one-time codes, and each AMAP's own privacy notice.
-- requester is a SHA-256 of who tried (a chat account), never the account itself.
CREATE TABLE attempt_guard (
    scope TEXT NOT NULL,
    requester TEXT NOT NULL,
    failures BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, requester)
);

ALTER TABLE amap ADD COLUMN privacy_notice TEXT;
