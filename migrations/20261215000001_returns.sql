-- Returns after delivery (issue 17, item 2). Hub staff take back part of a delivered line: the
-- buyer is refunded (to their credit, or to their card if they paid by card and chose so),
-- the solidarity fund gets back what it paid of it, a partial credit note corrects the
-- invoice, and the producer's part of it is deducted from their statement for that cycle, or
-- from their next one when that statement is already in a transfer batch.

-- An invoice has at most one credit note that cancels it, and any number of partial ones
-- (returns). An invoice with a partial credit note is not cancelled whole.
ALTER TABLE invoices ADD COLUMN partial boolean NOT NULL DEFAULT false;
ALTER TABLE invoices ADD CONSTRAINT invoices_partial_credit_note CHECK (NOT partial OR kind = 'credit_note');
ALTER TABLE invoices DROP CONSTRAINT invoices_cancels_key;
CREATE UNIQUE INDEX invoices_one_cancellation ON invoices (cancels) WHERE cancels IS NOT NULL AND NOT partial;
CREATE INDEX invoices_corrections ON invoices (cancels) WHERE partial;

CREATE TABLE order_returns (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id         bigint NOT NULL REFERENCES coops (id),
    order_id        bigint NOT NULL REFERENCES orders (id),
    cycle_id        bigint NOT NULL REFERENCES order_cycles (id),
    variant_id      bigint NOT NULL REFERENCES variants (id),
    producer_id     bigint NOT NULL REFERENCES producers (id),
    description     text NOT NULL,
    quantity        bigint NOT NULL CHECK (quantity > 0),
    unit_price_cents bigint NOT NULL CHECK (unit_price_cents > 0),
    vat_bp          int NOT NULL,
    amount_cents    bigint NOT NULL CHECK (amount_cents = quantity * unit_price_cents),
    -- What goes back to the buyer and to the solidarity fund: the amount, split as it was paid.
    refund_cents    bigint NOT NULL CHECK (refund_cents >= 0),
    fund_cents      bigint NOT NULL CHECK (fund_cents >= 0),
    -- The producer's part of the amount, deducted from a statement.
    producer_cents  bigint NOT NULL CHECK (producer_cents BETWEEN 0 AND amount_cents),
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 300),
    credit_note_id  bigint NOT NULL REFERENCES invoices (id),
    -- The statement it is deducted from; NULL until the producer has one not yet batched.
    payout_id       bigint REFERENCES payouts (id),
    recorded_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    recorded_at     timestamptz NOT NULL,
    CHECK (refund_cents + fund_cents = amount_cents)
);
CREATE INDEX order_returns_order ON order_returns (order_id);
CREATE INDEX order_returns_payout ON order_returns (payout_id);
CREATE INDEX order_returns_pending ON order_returns (coop_id, producer_id, id) WHERE payout_id IS NULL;
CREATE INDEX order_returns_coop ON order_returns (coop_id, id DESC);

-- What the returns deducted from a statement come to: a statement pays its payout less this.
CREATE FUNCTION payout_returns(payout bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(producer_cents), 0)::bigint FROM order_returns WHERE payout_id = payout
$$;
