-- The territory's public figures, computed once per delivered cycle (and again after a return
-- or a credit note), so that the transparency page and the open data read a few rows.
ALTER TABLE coops ADD COLUMN open_data_licence text NOT NULL DEFAULT 'etalab-2.0'
    CHECK (open_data_licence IN ('etalab-2.0', 'odbl-1.0', 'cc-by-4.0'));

CREATE TABLE transparency_cycles (
    cycle_id bigint PRIMARY KEY REFERENCES order_cycles (id),
    coop_id bigint NOT NULL REFERENCES coops (id),
    year integer NOT NULL,
    closed_on date NOT NULL,
    orders bigint NOT NULL CHECK (orders >= 0),
    households bigint NOT NULL CHECK (households >= 0),
    producers bigint NOT NULL CHECK (producers >= 0),
    turnover_cents bigint NOT NULL,
    producers_cents bigint NOT NULL,
    delivered_grams bigint NOT NULL CHECK (delivered_grams >= 0),
    hub_m bigint NOT NULL CHECK (hub_m >= 0),
    hub_g_co2e bigint NOT NULL CHECK (hub_g_co2e >= 0),
    alone_m bigint NOT NULL CHECK (alone_m >= 0),
    alone_g_co2e bigint NOT NULL CHECK (alone_g_co2e >= 0),
    cars_m bigint NOT NULL CHECK (cars_m >= 0),
    cars_g_co2e bigint NOT NULL CHECK (cars_g_co2e >= 0),
    load_grams bigint NOT NULL CHECK (load_grams >= 0),
    capacity_grams bigint NOT NULL CHECK (capacity_grams >= 0),
    fund_in_cents bigint NOT NULL CHECK (fund_in_cents >= 0),
    fund_out_cents bigint NOT NULL CHECK (fund_out_cents >= 0),
    computed_at timestamptz NOT NULL
);
CREATE INDEX transparency_cycles_year ON transparency_cycles (coop_id, year, closed_on);

-- Distinct households and producers of a year (not the sum of its cycles').
CREATE TABLE transparency_years (
    coop_id bigint NOT NULL REFERENCES coops (id),
    year integer NOT NULL,
    households bigint NOT NULL CHECK (households >= 0),
    producers bigint NOT NULL CHECK (producers >= 0),
    fund_in_cents bigint NOT NULL CHECK (fund_in_cents >= 0),
    fund_out_cents bigint NOT NULL CHECK (fund_out_cents >= 0),
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (coop_id, year)
);
