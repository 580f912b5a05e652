-- Where a price goes, set by the cooperative per product category or per producer (issue 17,
-- item 1): of the price before VAT, a share for the hub's logistics, one for the cooperative's
-- margin and one for the solidarity fund; the producer receives the rest. A producer's rule
-- wins over its category's, which wins over the cooperative's general rule (on `coops`).

-- The general rule: `commission_bp` stays the cooperative's margin; the hub's share and the
-- solidarity contribution are new. The old "share of the commission given to the fund"
-- becomes the same amount taken out of the margin as a contribution, so no producer's part
-- changes.
ALTER TABLE coops
    ADD COLUMN hub_bp int NOT NULL DEFAULT 0 CHECK (hub_bp BETWEEN 0 AND 5000),
    ADD COLUMN contribution_bp int NOT NULL DEFAULT 0 CHECK (contribution_bp BETWEEN 0 AND 5000);
UPDATE coops SET contribution_bp = commission_bp * solidarity_margin_bp / 10000,
                 commission_bp = commission_bp - commission_bp * solidarity_margin_bp / 10000;
ALTER TABLE coops DROP COLUMN solidarity_margin_bp;
ALTER TABLE coops ADD CONSTRAINT coops_split_check CHECK (hub_bp + commission_bp + contribution_bp <= 5000);

CREATE TABLE price_splits (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id        bigint NOT NULL REFERENCES coops (id),
    category       text CHECK (category IN ('legumes', 'fruits', 'produits-laitiers', 'viande', 'oeufs', 'pain', 'epicerie', 'boissons')),
    producer_id    bigint REFERENCES producers (id),
    hub_bp         int NOT NULL CHECK (hub_bp BETWEEN 0 AND 5000),
    coop_bp        int NOT NULL CHECK (coop_bp BETWEEN 0 AND 5000),
    solidarity_bp  int NOT NULL CHECK (solidarity_bp BETWEEN 0 AND 5000),
    CHECK (hub_bp + coop_bp + solidarity_bp <= 5000),
    CHECK ((category IS NULL) <> (producer_id IS NULL))
);
CREATE UNIQUE INDEX price_splits_category ON price_splits (coop_id, category) WHERE category IS NOT NULL;
CREATE UNIQUE INDEX price_splits_producer ON price_splits (coop_id, producer_id) WHERE producer_id IS NOT NULL;

-- Statements state the hub's share and the solidarity contribution beside the commission.
-- Their amounts are final (a trigger refuses changes), so existing ones keep zero for both.
ALTER TABLE payouts
    ADD COLUMN hub_cents bigint NOT NULL DEFAULT 0 CHECK (hub_cents >= 0),
    ADD COLUMN solidarity_cents bigint NOT NULL DEFAULT 0 CHECK (solidarity_cents >= 0);
ALTER TABLE payouts DROP CONSTRAINT payouts_check;
ALTER TABLE payouts ADD CONSTRAINT payouts_adds_up
    CHECK (sales_cents = vat_cents + hub_cents + commission_cents + solidarity_cents + payout_cents);
ALTER TABLE payout_lines
    ADD COLUMN hub_cents bigint NOT NULL DEFAULT 0,
    ADD COLUMN solidarity_cents bigint NOT NULL DEFAULT 0;
ALTER TABLE payout_lines DROP CONSTRAINT payout_lines_check1;
ALTER TABLE payout_lines ADD CONSTRAINT payout_lines_adds_up
    CHECK (sales_cents = vat_cents + hub_cents + commission_cents + solidarity_cents + payout_cents);
-- A statement's lines may follow different rules: the single rate it stated is gone.
ALTER TABLE payouts DROP COLUMN commission_bp;
