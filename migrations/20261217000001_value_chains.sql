-- Partners from local authorities read the value chains: a role of their own, read-only.
ALTER TABLE member_roles DROP CONSTRAINT member_roles_role_check;
ALTER TABLE member_roles ADD CONSTRAINT member_roles_role_check
    CHECK (role IN ('resident', 'shopkeeper', 'producer', 'hub_staff', 'board', 'local_authority'));

-- What went where in each delivered cycle, computed with its transparency figures: from the
-- producers of a commune, of one product category, to one destination (a pickup point's
-- commune or a delivery zone). No buyer is named; households is a count.
CREATE TABLE transparency_flows (
    coop_id        bigint NOT NULL REFERENCES coops (id),
    cycle_id       bigint NOT NULL REFERENCES order_cycles (id),
    closed_on      date NOT NULL,
    producer_id    bigint NOT NULL REFERENCES producers (id),
    producer_town  text NOT NULL,
    -- The producer's road distance to the hub (as the crow flies × the detour factor), in
    -- metres; NULL when the producer or the hub is not placed.
    producer_m     bigint CHECK (producer_m >= 0),
    category       text NOT NULL,
    destination    text NOT NULL,
    grams          bigint NOT NULL CHECK (grams >= 0),
    cents          bigint NOT NULL CHECK (cents >= 0),
    households     bigint NOT NULL CHECK (households >= 0)
);
CREATE INDEX transparency_flows_period ON transparency_flows (coop_id, closed_on);
CREATE INDEX transparency_flows_cycle ON transparency_flows (cycle_id);

-- Every cycle's figures are computed again at the clock's next pass, with their flows.
DELETE FROM transparency_cycles;
