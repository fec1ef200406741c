-- Durable outbox: every pushed message is a row, planned once (unique dedupe key), claimed
-- with a lease, marked sent with the transport's message id. See core/src/scheduler/.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    member_id BIGINT REFERENCES member(id) ON DELETE CASCADE,
    transport TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    amap_id BIGINT REFERENCES amap(id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    expires_at BIGINT,
    state TEXT NOT NULL DEFAULT 'queued',
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    sent_at BIGINT,
    message_id TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX outbox_ready ON outbox (state, next_attempt_at);
CREATE INDEX outbox_member ON outbox (member_id);

-- Per-AMAP reminder schedules (cron, 6 fields, AMAP timezone); a missing row means the default.
CREATE TABLE amap_schedule (
    amap_id BIGINT NOT NULL REFERENCES amap(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    cron TEXT NOT NULL,
    PRIMARY KEY (amap_id, kind)
);
