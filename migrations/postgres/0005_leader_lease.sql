-- Leadership of single-consumer loops (Telegram long polling, Matrix sync) among several
-- `panier serve` processes: one row per loop, held by the owner that renews it in time.
CREATE TABLE leader_lease (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
