-- Networks: directory fields, farms known by a network, announcements.
-- Keep in step with migrations/postgres/0008_network.sql.

-- Products offered, one line of text ("Légumes, œufs, pain"); shown in the directory.
ALTER TABLE amap ADD COLUMN products TEXT NOT NULL DEFAULT '';
ALTER TABLE farm ADD COLUMN products TEXT NOT NULL DEFAULT '';
-- The farm's public contact (shown on the network's public page), never a member's own.
ALTER TABLE farm ADD COLUMN contact_email TEXT;

-- The farms a network knows (a farm may be known by several networks).
CREATE TABLE network_farm (
    network_id BIGINT NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    farm_id BIGINT NOT NULL REFERENCES farm(id) ON DELETE CASCADE,
    PRIMARY KEY (network_id, farm_id)
);
CREATE INDEX network_farm_farm ON network_farm (farm_id);

-- kind: farm_seeks_amap | amap_seeks_farm | news; state: pending | approved | rejected.
-- amap_id / farm_id: on whose behalf it was written (NULL for the network's own news).
CREATE TABLE announcement (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    network_id BIGINT NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    product TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    author_id BIGINT REFERENCES member(id) ON DELETE SET NULL,
    amap_id BIGINT REFERENCES amap(id) ON DELETE SET NULL,
    farm_id BIGINT REFERENCES farm(id) ON DELETE SET NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    moderated_by BIGINT REFERENCES member(id) ON DELETE SET NULL,
    moderated_at BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX announcement_network ON announcement (network_id, state, expires_at);

