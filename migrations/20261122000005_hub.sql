-- Reception at the hub: what arrived per cycle and variant, and what each order line lacks.

CREATE TABLE receptions (
    cycle_id     bigint NOT NULL REFERENCES order_cycles (id) ON DELETE CASCADE,
    variant_id   bigint NOT NULL REFERENCES variants (id),
    coop_id      bigint NOT NULL REFERENCES coops (id),
    ordered      bigint NOT NULL CHECK (ordered >= 0),
    received     bigint NOT NULL CHECK (received >= 0),
    rule         text NOT NULL CHECK (rule IN ('earliest_first', 'pro_rata')),
    recorded_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cycle_id, variant_id)
);

-- Units ordered but not received; the order's totals count only what is handed over.
ALTER TABLE order_lines ADD COLUMN missing bigint NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD CONSTRAINT order_lines_missing CHECK (missing BETWEEN 0 AND quantity);

-- The basket checklist: a basket marked ready in the cold room.
ALTER TABLE orders ADD COLUMN prepared_at timestamptz;
