-- Catalogue: producer profiles, products, variants with stock, photos, CSV imports.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Accent- and case-insensitive form of a text, immutable so it can be indexed:
-- maillon_fold('Pâté') = maillon_fold('pate').
CREATE FUNCTION maillon_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

-- The share of the price before VAT the cooperative keeps, in basis points (1500 = 15 %).
ALTER TABLE coops ADD COLUMN commission_bp integer NOT NULL DEFAULT 1500 CHECK (commission_bp BETWEEN 0 AND 5000);

ALTER TABLE producers
    ADD COLUMN address text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    ADD COLUMN labels text[] NOT NULL DEFAULT '{}'
        CHECK (labels <@ ARRAY['ab', 'nature-progres', 'demeter', 'hve', 'label-rouge', 'aop', 'igp', 'bienvenue-ferme']),
    ADD COLUMN contact_email text NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254),
    ADD COLUMN phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 40);
ALTER TABLE producers ADD CONSTRAINT producers_story_length CHECK (length(story) <= 4000);
CREATE UNIQUE INDEX producers_one_farm_per_account ON producers (coop_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE products (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    producer_id  bigint NOT NULL REFERENCES producers (id),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description  text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    category     text NOT NULL
        CHECK (category IN ('legumes', 'fruits', 'produits-laitiers', 'viande', 'oeufs', 'pain', 'epicerie', 'boissons')),
    unit         text NOT NULL CHECK (unit IN ('kg', 'g', 'l', 'ml', 'piece', 'botte')),
    labels       text[] NOT NULL DEFAULT '{}'
        CHECK (labels <@ ARRAY['ab', 'nature-progres', 'demeter', 'hve', 'label-rouge', 'aop', 'igp', 'bienvenue-ferme']),
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_catalogue ON products (coop_id, category, name) WHERE active;
CREATE INDEX products_producer ON products (producer_id, name);
CREATE INDEX products_name_search ON products USING gin (maillon_fold(name) gin_trgm_ops);

CREATE TABLE variants (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id             bigint NOT NULL REFERENCES coops (id),
    product_id          bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name                text NOT NULL DEFAULT '' CHECK (length(name) <= 60),
    quantity            bigint NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
    retail_price_cents  bigint NOT NULL CHECK (retail_price_cents BETWEEN 1 AND 1000000),
    pro_price_cents     bigint NOT NULL CHECK (pro_price_cents BETWEEN 1 AND 1000000),
    case_size           integer NOT NULL DEFAULT 1 CHECK (case_size BETWEEN 1 AND 1000),
    vat_bp              integer NOT NULL CHECK (vat_bp IN (0, 210, 550, 1000, 2000)),
    weight_grams        integer NOT NULL DEFAULT 0 CHECK (weight_grams BETWEEN 0 AND 100000),
    stock_mode          text NOT NULL CHECK (stock_mode IN ('finite', 'on_demand')),
    -- Stock can never go negative, whatever the code above does.
    stock               bigint NOT NULL DEFAULT 0 CHECK (stock >= 0),
    on_demand_cap       bigint CHECK (on_demand_cap >= 0),
    active              boolean NOT NULL DEFAULT true,
    position            integer NOT NULL DEFAULT 0
);
CREATE INDEX variants_product ON variants (product_id, position, id);

-- Photos live in the database, so that any server can serve any of them.
CREATE TABLE photos (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    product_id   bigint REFERENCES products (id) ON DELETE CASCADE,
    producer_id  bigint REFERENCES producers (id) ON DELETE CASCADE,
    position     integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((product_id IS NULL) <> (producer_id IS NULL))
);
CREATE INDEX photos_product ON photos (product_id, position, id) WHERE product_id IS NOT NULL;
CREATE INDEX photos_producer ON photos (producer_id, position, id) WHERE producer_id IS NOT NULL;

CREATE TABLE photo_renditions (
    photo_id      bigint NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    coop_id       bigint NOT NULL REFERENCES coops (id),
    width         integer NOT NULL CHECK (width > 0),
    height        integer NOT NULL CHECK (height > 0),
    content_type  text NOT NULL,
    bytes         bytea NOT NULL,
    PRIMARY KEY (photo_id, width)
);

-- An uploaded CSV waiting for the producer to confirm its preview.
CREATE TABLE csv_imports (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    producer_id  bigint NOT NULL REFERENCES producers (id) ON DELETE CASCADE,
    created_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    content      text NOT NULL CHECK (length(content) <= 2000000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    applied_at   timestamptz
);
