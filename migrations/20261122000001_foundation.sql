-- Foundation: cooperatives, accounts, memberships and roles, email outbox, background jobs.
-- Every tenant-owned table carries coop_id so the schema can be distributed by it (Citus).

CREATE TABLE coops (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    timezone    text NOT NULL DEFAULT 'Europe/Paris',
    is_default  boolean NOT NULL DEFAULT false,
    is_demo     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX coops_single_default ON coops (is_default) WHERE is_default;

-- People are global: one account can belong to several cooperatives.
CREATE TABLE users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email                text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    password_hash        text NOT NULL,
    display_name         text NOT NULL DEFAULT '' CHECK (length(display_name) <= 80),
    locale               text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
    email_verified_at    timestamptz,
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
    coop_id    bigint NOT NULL REFERENCES coops (id),
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (coop_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE member_roles (
    coop_id     bigint NOT NULL,
    user_id     bigint NOT NULL,
    role        text NOT NULL CHECK (role IN ('resident', 'shopkeeper', 'producer', 'hub_staff', 'board')),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    granted_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (coop_id, user_id, role),
    FOREIGN KEY (coop_id, user_id) REFERENCES memberships (coop_id, user_id) ON DELETE CASCADE
);

-- Single-use links sent by email; only the SHA-256 of the token is kept.
CREATE TABLE account_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    token_hash  bytea NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Failed sign-ins, keyed by normalised email and by client address, for throttling.
CREATE TABLE sign_in_failures (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key  text NOT NULL,
    at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);

-- Every email is written here in the same transaction as what caused it, then delivered
-- by a worker that retries: an SMTP server that is down delays mail, it loses none.
CREATE TABLE outbox_emails (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id          bigint REFERENCES coops (id),
    to_address       text NOT NULL,
    subject          text NOT NULL,
    body_text        text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_emails_due ON outbox_emails (next_attempt_at) WHERE sent_at IS NULL;

-- Background jobs, claimed with FOR UPDATE SKIP LOCKED so that several servers can share them;
-- dedupe_key makes a periodic job exist once per period however many servers schedule it.
CREATE TABLE jobs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL,
    dedupe_key  text UNIQUE,
    payload     jsonb NOT NULL DEFAULT '{}',
    run_at      timestamptz NOT NULL DEFAULT now(),
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text,
    done_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;

-- The places of the cooperative and the people it works with, enough for the demo and
-- for the catalogue and ordering to build on.
CREATE TABLE hubs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    name         text NOT NULL,
    address      text NOT NULL,
    latitude     double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude    double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);

CREATE TABLE producers (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    user_id      bigint REFERENCES users (id) ON DELETE SET NULL,
    farm_name    text NOT NULL CHECK (length(farm_name) BETWEEN 1 AND 120),
    town         text NOT NULL,
    story        text NOT NULL DEFAULT '',
    produce      text NOT NULL DEFAULT '',
    latitude     double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude    double precision CHECK (longitude BETWEEN -180 AND 180),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX producers_coop ON producers (coop_id);

CREATE TABLE shops (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    user_id      bigint REFERENCES users (id) ON DELETE SET NULL,
    name         text NOT NULL,
    address      text NOT NULL,
    latitude     double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude    double precision CHECK (longitude BETWEEN -180 AND 180)
);

CREATE TABLE pickup_points (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id       bigint NOT NULL REFERENCES coops (id),
    name          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('hub', 'shop', 'other')),
    address       text NOT NULL,
    instructions  text NOT NULL DEFAULT '',
    latitude      double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude     double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);
CREATE INDEX pickup_points_coop ON pickup_points (coop_id);
