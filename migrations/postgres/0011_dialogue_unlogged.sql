-- The dialogue state (the choices a member may answer by number) is a convenience, not a
-- record: it need not wait for the WAL to reach the disk. Unlogged, its writes skip the WAL
-- (one flush less per command that offers buttons); a server crash empties it, a clean
-- restart keeps it. Nothing references it.
ALTER TABLE dialogue SET UNLOGGED;
