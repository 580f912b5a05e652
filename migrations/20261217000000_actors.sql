-- The actors directory: a member's public profile, what it shares and needs, and the messages
-- sent through the directory (kept to bound how many a member sends per day; their text goes
-- to the outbox only).
CREATE TABLE actor_profiles (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id     bigint NOT NULL REFERENCES coops (id),
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('farm', 'shop', 'association', 'local_authority', 'company')),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    activity    text NOT NULL CHECK (length(activity) BETWEEN 1 AND 1000),
    commune     text NOT NULL CHECK (length(commune) BETWEEN 1 AND 80),
    latitude    double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude   double precision CHECK (longitude BETWEEN -180 AND 180),
    published   boolean NOT NULL,
    updated_at  timestamptz NOT NULL,
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    UNIQUE (coop_id, user_id)
);
CREATE INDEX actor_profiles_listed ON actor_profiles (coop_id) WHERE published;

CREATE TABLE actor_items (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    profile_id    bigint NOT NULL REFERENCES actor_profiles (id) ON DELETE CASCADE,
    direction     text NOT NULL CHECK (direction IN ('share', 'need')),
    category      text NOT NULL CHECK (category IN ('tool', 'cold_room', 'space', 'vehicle', 'skill', 'other')),
    description   text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
    availability  text NOT NULL CHECK (length(availability) <= 120)
);
CREATE INDEX actor_items_profile ON actor_items (profile_id);

CREATE TABLE actor_contacts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id     bigint NOT NULL REFERENCES coops (id),
    from_user   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    profile_id  bigint NOT NULL REFERENCES actor_profiles (id) ON DELETE CASCADE,
    sent_at     timestamptz NOT NULL
);
CREATE INDEX actor_contacts_sender ON actor_contacts (from_user, sent_at);
