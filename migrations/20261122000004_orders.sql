-- Ordering: order cycles with their offers, pickup and delivery slots, carts, orders, payments.
-- Stock is reserved inside the checkout transaction; the CHECK constraints below (and the one on
-- variants.stock) make overselling impossible whatever the code above them does.

ALTER TABLE memberships ADD COLUMN notify_cycles boolean NOT NULL DEFAULT false;

-- A pickup point may be a partner shop, whose shopkeeper then runs its pickup desk.
ALTER TABLE pickup_points
    ADD COLUMN shop_id bigint REFERENCES shops (id) ON DELETE SET NULL,
    ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE pickup_points ADD CONSTRAINT pickup_points_name_length CHECK (length(name) BETWEEN 1 AND 120);

CREATE TABLE delivery_zones (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id        bigint NOT NULL REFERENCES coops (id),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    postcodes      text[] NOT NULL CHECK (cardinality(postcodes) BETWEEN 1 AND 500),
    fee_cents      bigint NOT NULL CHECK (fee_cents BETWEEN 0 AND 100000),
    minimum_cents  bigint NOT NULL DEFAULT 0 CHECK (minimum_cents BETWEEN 0 AND 1000000),
    active         boolean NOT NULL DEFAULT true
);
CREATE INDEX delivery_zones_coop ON delivery_zones (coop_id);

CREATE TABLE order_cycles (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id     bigint NOT NULL REFERENCES coops (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    opens_at    timestamptz NOT NULL,
    closes_at   timestamptz NOT NULL,
    status      text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'open', 'closed', 'delivered', 'archived')),
    -- A draft opens by itself at opens_at once staff have scheduled it.
    scheduled   boolean NOT NULL DEFAULT false,
    opened_at   timestamptz,
    closed_at   timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (closes_at > opens_at)
);
CREATE INDEX order_cycles_coop ON order_cycles (coop_id, opens_at DESC);
CREATE INDEX order_cycles_due ON order_cycles (status, opens_at, closes_at) WHERE status IN ('draft', 'open');

-- What a cycle offers: variants, with an optional cap on what this cycle may sell and optional
-- prices for this cycle only.
CREATE TABLE cycle_offers (
    cycle_id             bigint NOT NULL REFERENCES order_cycles (id) ON DELETE CASCADE,
    variant_id           bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    coop_id              bigint NOT NULL REFERENCES coops (id),
    stock_cap            bigint CHECK (stock_cap >= 0),
    retail_price_cents   bigint CHECK (retail_price_cents BETWEEN 1 AND 1000000),
    pro_price_cents      bigint CHECK (pro_price_cents BETWEEN 1 AND 1000000),
    sold                 bigint NOT NULL DEFAULT 0 CHECK (sold >= 0),
    PRIMARY KEY (cycle_id, variant_id),
    CHECK (stock_cap IS NULL OR sold <= stock_cap)
);
CREATE INDEX cycle_offers_variant ON cycle_offers (variant_id);

-- A time window at a pickup point, or for home delivery in a zone, with a capacity in orders.
CREATE TABLE slots (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id          bigint NOT NULL REFERENCES coops (id),
    cycle_id         bigint NOT NULL REFERENCES order_cycles (id) ON DELETE CASCADE,
    pickup_point_id  bigint REFERENCES pickup_points (id),
    zone_id          bigint REFERENCES delivery_zones (id),
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    capacity         integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    booked           integer NOT NULL DEFAULT 0,
    CHECK ((pickup_point_id IS NULL) <> (zone_id IS NULL)),
    CHECK (ends_at > starts_at),
    CHECK (booked BETWEEN 0 AND capacity)
);
CREATE INDEX slots_cycle ON slots (cycle_id, starts_at);

-- A cart belongs to an account, or to a browser session before sign-in (anon_token).
CREATE TABLE carts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id     bigint NOT NULL REFERENCES coops (id),
    cycle_id    bigint NOT NULL REFERENCES order_cycles (id) ON DELETE CASCADE,
    user_id     bigint REFERENCES users (id) ON DELETE CASCADE,
    anon_token  text,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((user_id IS NULL) <> (anon_token IS NULL))
);
CREATE UNIQUE INDEX carts_user ON carts (cycle_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX carts_anon ON carts (cycle_id, anon_token) WHERE anon_token IS NOT NULL;
CREATE INDEX carts_anon_token ON carts (anon_token) WHERE anon_token IS NOT NULL;

CREATE TABLE cart_lines (
    cart_id     bigint NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    variant_id  bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    quantity    bigint NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    PRIMARY KEY (cart_id, variant_id)
);

CREATE TABLE orders (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id                bigint NOT NULL REFERENCES coops (id),
    cycle_id               bigint NOT NULL REFERENCES order_cycles (id),
    user_id                bigint NOT NULL REFERENCES users (id),
    status                 text NOT NULL
        CHECK (status IN ('pending_payment', 'confirmed', 'cancelled', 'expired')),
    pricing                text NOT NULL CHECK (pricing IN ('retail', 'pro')),
    slot_id                bigint NOT NULL REFERENCES slots (id),
    delivery_address       text NOT NULL DEFAULT '' CHECK (length(delivery_address) <= 300),
    delivery_postcode      text NOT NULL DEFAULT '' CHECK (length(delivery_postcode) <= 10),
    payment_method         text NOT NULL CHECK (payment_method IN ('pickup', 'card')),
    subtotal_cents         bigint NOT NULL CHECK (subtotal_cents >= 0),
    fee_cents              bigint NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    total_cents            bigint NOT NULL CHECK (total_cents = subtotal_cents + fee_cents),
    paid_cents             bigint NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
    paid_at                timestamptz,
    payment_recorded_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    collected_at           timestamptz,
    -- The checkout form's attempt: a double submission finds the order it already made.
    attempt_key            text NOT NULL CHECK (length(attempt_key) BETWEEN 8 AND 64),
    stripe_session_id      text,
    stripe_session_url     text,
    stripe_payment_intent  text,
    payment_expires_at     timestamptz,
    reminder_sent_at       timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (coop_id, user_id, attempt_key)
);
CREATE INDEX orders_user ON orders (user_id, created_at DESC);
CREATE INDEX orders_cycle ON orders (cycle_id, status);
CREATE INDEX orders_pending ON orders (payment_expires_at) WHERE status = 'pending_payment';
CREATE UNIQUE INDEX orders_stripe_session ON orders (stripe_session_id) WHERE stripe_session_id IS NOT NULL;

-- Lines keep the names and prices the buyer saw, whatever the catalogue becomes.
CREATE TABLE order_lines (
    order_id          bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    variant_id        bigint NOT NULL REFERENCES variants (id),
    coop_id           bigint NOT NULL REFERENCES coops (id),
    product_name      text NOT NULL,
    variant_label     text NOT NULL,
    quantity          bigint NOT NULL CHECK (quantity > 0),
    unit_price_cents  bigint NOT NULL CHECK (unit_price_cents > 0),
    vat_bp            integer NOT NULL,
    PRIMARY KEY (order_id, variant_id)
);
CREATE INDEX order_lines_variant ON order_lines (variant_id);

-- Every Stripe event is stored by id and applied once, whatever Stripe replays.
CREATE TABLE stripe_events (
    id           text PRIMARY KEY,
    type         text NOT NULL,
    order_id     bigint REFERENCES orders (id),
    received_at  timestamptz NOT NULL DEFAULT now()
);

-- Card refunds to make (a payment that arrived for an order no longer pending), retried by the
-- worker until Stripe accepts them.
CREATE TABLE refunds (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id         bigint NOT NULL REFERENCES coops (id),
    order_id        bigint NOT NULL REFERENCES orders (id),
    amount_cents    bigint NOT NULL CHECK (amount_cents > 0),
    reason          text NOT NULL,
    stripe_refund   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    done_at         timestamptz
);
