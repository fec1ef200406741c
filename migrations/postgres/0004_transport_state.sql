-- Small durable state of the transport adapters: Telegram's last handled update_id, Matrix's
-- sync token, leader locks of single-consumer loops. One row per key.
CREATE TABLE transport_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
