-- Anti-waste: surplus and unsold goods of a cycle given to a partner food-aid association,
-- which confirms receipt. Kilograms and value are fixed when the donation is recorded.
CREATE TABLE rescue_donations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id bigint NOT NULL REFERENCES coops (id),
    cycle_id bigint NOT NULL REFERENCES order_cycles (id),
    variant_id bigint NOT NULL REFERENCES variants (id),
    producer_id bigint NOT NULL REFERENCES producers (id),
    description text NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    quantity bigint NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    grams bigint NOT NULL CHECK (grams >= 0),
    value_cents bigint NOT NULL CHECK (value_cents >= 0),
    association_user_id bigint NOT NULL REFERENCES users (id),
    association_name text NOT NULL,
    recorded_by bigint REFERENCES users (id) ON DELETE SET NULL,
    recorded_at timestamptz NOT NULL,
    received_at timestamptz,
    FOREIGN KEY (coop_id, association_user_id) REFERENCES solidarity_partners (coop_id, user_id)
);
CREATE INDEX rescue_donations_coop ON rescue_donations (coop_id, id DESC);
CREATE INDEX rescue_donations_cycle ON rescue_donations (cycle_id);
CREATE INDEX rescue_donations_association ON rescue_donations (coop_id, association_user_id, id DESC);

-- The figures count the food rescued, and how many changes of the cycle they have seen (its
-- returns, credit notes and received donations: counts that only grow), so that a change
-- committed while they were computed is never missed.
ALTER TABLE transparency_cycles ADD COLUMN rescued_grams bigint NOT NULL DEFAULT 0 CHECK (rescued_grams >= 0),
                                ADD COLUMN rescued_cents bigint NOT NULL DEFAULT 0 CHECK (rescued_cents >= 0),
                                ADD COLUMN changes bigint NOT NULL DEFAULT 0 CHECK (changes >= 0);
CREATE INDEX invoices_credit_notes ON invoices (coop_id) WHERE kind = 'credit_note';
