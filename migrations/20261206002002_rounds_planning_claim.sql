-- One rounds planning at a time per cycle, claimed before the solver runs and released after;
-- a claim older than a few minutes (a server that died mid-way) no longer counts.
ALTER TABLE order_cycles ADD COLUMN rounds_planning_since timestamptz;
