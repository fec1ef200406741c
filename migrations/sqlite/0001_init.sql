-- Panier schema, SQLite flavour. Dates are ISO text (YYYY-MM-DD), instants are UTC unix
-- seconds (BIGINT), money is integer cents. Keep in step with migrations/postgres.
-- Flags are BIGINT 0/1 on both backends: the Any driver cannot decode SQLite BOOLEAN.

CREATE TABLE network (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE amap (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    network_id BIGINT REFERENCES network(id),
    timezone TEXT NOT NULL DEFAULT 'Europe/Paris',
    place_name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    weekday BIGINT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    duty_slots BIGINT NOT NULL DEFAULT 3,
    default_language TEXT NOT NULL DEFAULT 'fr',
    contact_email TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE member (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT,
    language TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    created_at BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL
);

CREATE TABLE farm (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    created_at BIGINT NOT NULL
);

-- kind: member | admin (scope = amap) | referent (scope = contract) | farmer (scope = farm)
--       | network_admin (scope = network). amap_id says which AMAP granted it (NULL for network).
CREATE TABLE role (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    amap_id BIGINT REFERENCES amap(id) ON DELETE CASCADE,
    UNIQUE (member_id, kind, scope_id)
);
CREATE INDEX role_scope ON role (kind, scope_id);
CREATE INDEX role_amap ON role (amap_id, kind);

CREATE TABLE contract (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    amap_id BIGINT NOT NULL REFERENCES amap(id) ON DELETE CASCADE,
    farm_id BIGINT NOT NULL REFERENCES farm(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    season TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft',
    subscription_opens TEXT NOT NULL,
    subscription_closes TEXT NOT NULL,
    late_subscription BIGINT NOT NULL DEFAULT 0,
    farmer_notice_days BIGINT NOT NULL DEFAULT 7,
    max_absences BIGINT NOT NULL DEFAULT 0,
    absence_modes TEXT NOT NULL DEFAULT '',
    modification_deadline_days BIGINT NOT NULL DEFAULT 2,
    max_cheques BIGINT NOT NULL DEFAULT 1,
    min_cheque_cents BIGINT NOT NULL DEFAULT 0,
    payee TEXT NOT NULL DEFAULT '',
    required_shifts BIGINT NOT NULL DEFAULT 0,
    commitment_text TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (amap_id, slug)
);
CREATE INDEX contract_slug ON contract (slug);
CREATE INDEX contract_farm ON contract (farm_id);

CREATE TABLE product (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id BIGINT NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT,
    price_cents BIGINT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    has_date_subset BIGINT NOT NULL DEFAULT 0,
    UNIQUE (contract_id, slug)
);

-- Dates a product with a subset is delivered on (has_date_subset = TRUE).
CREATE TABLE product_date (
    product_id BIGINT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    scheduled TEXT NOT NULL,
    PRIMARY KEY (product_id, scheduled)
);

-- (date, product) cells the farmer does not deliver.
CREATE TABLE product_exclusion (
    product_id BIGINT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    scheduled TEXT NOT NULL,
    PRIMARY KEY (product_id, scheduled)
);

-- scheduled: the date in the contract (identity); date: where it happens now (moves).
CREATE TABLE delivery (
    contract_id BIGINT NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    scheduled TEXT NOT NULL,
    date TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'planned',
    PRIMARY KEY (contract_id, scheduled)
);
CREATE INDEX delivery_date ON delivery (date, contract_id);

CREATE TABLE subscription (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id BIGINT NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES member(id),
    state TEXT NOT NULL DEFAULT 'draft',
    on_paper BIGINT NOT NULL DEFAULT 0,
    cheque_count BIGINT NOT NULL DEFAULT 1,
    version BIGINT NOT NULL DEFAULT 1,
    member_signed_at BIGINT,
    farmer_signed_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (contract_id, member_id)
);
CREATE INDEX subscription_member ON subscription (member_id);

CREATE TABLE subscription_line (
    subscription_id BIGINT NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    scheduled TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, product_id, scheduled)
);

CREATE TABLE cheque (
    subscription_id BIGINT NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    cashing_month TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'to_provide',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, number)
);

CREATE TABLE absence (
    subscription_id BIGINT NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
    scheduled TEXT NOT NULL,
    mode TEXT NOT NULL,
    postpone_to TEXT,
    handover_member_id BIGINT REFERENCES member(id),
    handover_guest TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, scheduled)
);
CREATE INDEX absence_handover ON absence (handover_member_id);

-- outcome: collected | handed_over | postponed | donated | not_collected | unconfirmed
-- source: member | sheet | closeout
CREATE TABLE basket_outcome (
    subscription_id BIGINT NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
    scheduled TEXT NOT NULL,
    outcome TEXT NOT NULL,
    source TEXT NOT NULL,
    recorded_by BIGINT REFERENCES member(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, scheduled)
);

CREATE TABLE duty_shift (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    amap_id BIGINT NOT NULL REFERENCES amap(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    slots BIGINT NOT NULL,
    taken BIGINT NOT NULL DEFAULT 0,
    UNIQUE (amap_id, date)
);

CREATE TABLE duty_signup (
    shift_id BIGINT NOT NULL REFERENCES duty_shift(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES member(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (shift_id, member_id)
);
CREATE INDEX duty_signup_member ON duty_signup (member_id);

CREATE TABLE event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    amap_id BIGINT NOT NULL REFERENCES amap(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES member(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX event_amap ON event (amap_id, starts_at);

CREATE TABLE rsvp (
    event_id BIGINT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES member(id),
    answer TEXT NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, member_id)
);

-- transport: telegram | matrix | console; external_id: the account on that transport.
CREATE TABLE chat_account (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    transport TEXT NOT NULL,
    external_id TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    unreachable BIGINT NOT NULL DEFAULT 0,
    linked_at BIGINT NOT NULL,
    UNIQUE (transport, external_id)
);
CREATE INDEX chat_account_member ON chat_account (member_id);

-- One-time linking codes, stored as SHA-256 hex.
CREATE TABLE link_code (
    code_hash TEXT PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    amap_id BIGINT NOT NULL REFERENCES amap(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE notification_optout (
    member_id BIGINT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    PRIMARY KEY (member_id, kind)
);
