-- PostgreSQL only (its dialogue table becomes UNLOGGED); SQLite in WAL mode with
-- synchronous = NORMAL already commits without waiting for the disk. Kept so that both
-- backends number their migrations alike.
SELECT 1;
