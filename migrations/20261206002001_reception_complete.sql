-- Reception is final once staff say so (or the cycle is marked delivered): only then do
-- shortage refunds go out, so that a recount before it never strands a refunded card order.
ALTER TABLE order_cycles ADD COLUMN reception_completed_at timestamptz;
ALTER TABLE order_cycles ADD COLUMN reception_completed_by bigint REFERENCES users (id) ON DELETE SET NULL;
