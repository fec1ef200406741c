-- Private calendar feeds (iCal): one per member. Only the SHA-256 (hex) of the random
-- 256-bit token is stored; a new token replaces the row, which revokes the old link.
-- Keep in step with the other backend's migration.
CREATE TABLE calendar_feed (
    member_id BIGINT PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
