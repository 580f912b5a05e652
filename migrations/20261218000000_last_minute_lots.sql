-- Last-minute lots: after reception, or at the end of a pickup day, hub staff put what is
-- left of a cycle on sale at a discount for a few hours, with pickup the same day. The sale
-- is an order cycle of its own (`rescued_from` names the cycle the goods come from), so the
-- same checkout sells it without overselling; its offers are capped at the lot's units and
-- never touch the producers' stock, since the goods are already at the hub.
ALTER TABLE order_cycles ADD COLUMN rescued_from bigint REFERENCES order_cycles (id);
CREATE INDEX order_cycles_rescued_from ON order_cycles (rescued_from) WHERE rescued_from IS NOT NULL;

-- A lot: units of one variant a cycle offered, at a discount. When its sale ends, what was
-- not sold goes to a partner association (a donation) or is counted as lost.
CREATE TABLE rescue_lots (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id bigint NOT NULL REFERENCES coops (id),
    sale_cycle_id bigint NOT NULL REFERENCES order_cycles (id),
    source_cycle_id bigint NOT NULL REFERENCES order_cycles (id),
    variant_id bigint NOT NULL REFERENCES variants (id),
    producer_id bigint NOT NULL REFERENCES producers (id),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    quantity bigint NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    discount_pct integer NOT NULL CHECK (discount_pct BETWEEN 10 AND 90),
    unit_grams bigint NOT NULL CHECK (unit_grams >= 0),
    unit_price_cents bigint NOT NULL CHECK (unit_price_cents > 0),
    unsold_to bigint REFERENCES users (id),
    recorded_by bigint REFERENCES users (id) ON DELETE SET NULL,
    recorded_at timestamptz NOT NULL,
    settled_at timestamptz,
    sold bigint CHECK (sold BETWEEN 0 AND quantity),
    donation_id bigint REFERENCES rescue_donations (id),
    UNIQUE (sale_cycle_id, variant_id),
    CHECK ((settled_at IS NULL) = (sold IS NULL)),
    FOREIGN KEY (coop_id, unsold_to) REFERENCES solidarity_partners (coop_id, user_id)
);
CREATE INDEX rescue_lots_coop ON rescue_lots (coop_id, id DESC);
CREATE INDEX rescue_lots_unsettled ON rescue_lots (sale_cycle_id) WHERE settled_at IS NULL;
CREATE INDEX rescue_lots_source ON rescue_lots (source_cycle_id) WHERE settled_at IS NOT NULL;
