-- A credit checkout's round-up leaves the buyer's credit in the checkout's transaction but
-- reaches the solidarity fund just after, with others, in one transaction that locks the
-- fund's row once (orders::store::collect_round_ups): checkouts no longer queue on that row.
ALTER TABLE orders ADD COLUMN round_up_pending boolean NOT NULL DEFAULT false;
CREATE INDEX orders_round_up_pending ON orders (coop_id, id) WHERE round_up_pending;
