-- A last-minute lot made of baskets nobody collected: their first buyers paid for them and the
-- cycle they came from paid their producer, so selling them again pays no producer. The flag
-- is on the sale's offer, which the payout statements read (`orders::store::sold_by_producer`).
ALTER TABLE cycle_offers ADD COLUMN already_paid boolean NOT NULL DEFAULT false;
