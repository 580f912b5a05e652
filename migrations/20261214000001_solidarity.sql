-- The solidarity price (src/solidarity): the cooperative's discount rate and the share of its
-- margin it gives to the fund; statuses granted by the board or a partner association; the
-- fund, a ledger whose balance is the sum of its entries and never negative.
ALTER TABLE coops
    ADD COLUMN solidarity_bp        int NOT NULL DEFAULT 0 CHECK (solidarity_bp BETWEEN 0 AND 5000),
    ADD COLUMN solidarity_margin_bp int NOT NULL DEFAULT 0 CHECK (solidarity_margin_bp BETWEEN 0 AND 10000);

-- An association the cooperative trusts: its account grants the status to people it follows.
CREATE TABLE solidarity_partners (
    coop_id   bigint NOT NULL REFERENCES coops (id),
    user_id   bigint NOT NULL REFERENCES users (id),
    name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    added_by  bigint NOT NULL REFERENCES users (id),
    added_at  timestamptz NOT NULL,
    PRIMARY KEY (coop_id, user_id)
);

CREATE TABLE solidarity_grants (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id          bigint NOT NULL REFERENCES coops (id),
    user_id          bigint NOT NULL REFERENCES users (id),
    granted_by       bigint NOT NULL REFERENCES users (id),
    -- The association's account when a partner granted it; NULL for the board.
    partner_user_id  bigint REFERENCES users (id),
    starts_on        date NOT NULL,
    ends_on          date NOT NULL,
    created_at       timestamptz NOT NULL,
    revoked_at       timestamptz,
    CHECK (ends_on > starts_on AND ends_on <= starts_on + 366)
);
CREATE INDEX solidarity_grants_member ON solidarity_grants (coop_id, user_id, ends_on);

CREATE TABLE solidarity_funds (
    coop_id        bigint PRIMARY KEY REFERENCES coops (id),
    balance_cents  bigint NOT NULL DEFAULT 0 CHECK (balance_cents >= 0)
);

CREATE TABLE solidarity_entries (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id        bigint NOT NULL REFERENCES solidarity_funds (coop_id),
    kind           text NOT NULL CHECK (kind IN ('round_up', 'donation', 'margin', 'discount', 'return')),
    amount_cents   bigint NOT NULL CHECK (amount_cents <> 0),
    balance_cents  bigint NOT NULL CHECK (balance_cents >= 0),
    order_id       bigint REFERENCES orders (id),
    cycle_id       bigint REFERENCES order_cycles (id),
    note           text NOT NULL DEFAULT '' CHECK (length(note) <= 300),
    recorded_by    bigint REFERENCES users (id),
    at             timestamptz NOT NULL,
    CHECK ((kind = 'discount') = (amount_cents < 0))
);
CREATE INDEX solidarity_entries_fund ON solidarity_entries (coop_id, id);

CREATE FUNCTION solidarity_entries_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'solidarity fund entries are final';
END $$;
CREATE TRIGGER solidarity_entries_final BEFORE UPDATE OR DELETE ON solidarity_entries
    FOR EACH ROW EXECUTE FUNCTION solidarity_entries_are_final();

-- What the fund paid towards an order (counted in paid_cents), what the solidarity price asked
-- of it (more when the fund could not cover it all), and the buyer's round-up (a donation to
-- the fund, not part of the order's total).
ALTER TABLE orders
    ADD COLUMN solidarity_cents        bigint NOT NULL DEFAULT 0 CHECK (solidarity_cents >= 0),
    ADD COLUMN solidarity_wanted_cents bigint NOT NULL DEFAULT 0 CHECK (solidarity_wanted_cents >= solidarity_cents),
    ADD COLUMN round_up_cents          bigint NOT NULL DEFAULT 0 CHECK (round_up_cents BETWEEN 0 AND 99);
