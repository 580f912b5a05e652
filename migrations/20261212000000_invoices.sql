-- Invoices: each confirmed order delivered gets one, numbered without gaps per cooperative and
-- per year; a cancelled invoice is cancelled by a credit note (avoir) of the same sequence,
-- never deleted. What an invoice says is written once, when it is issued: the seller's legal
-- identity, the buyer, the lines, the VAT per rate and the totals.

-- The cooperative's legal identity as its invoices state it.
CREATE TABLE billing_identities (
    coop_id      bigint PRIMARY KEY REFERENCES coops (id),
    legal_name   text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 120),
    legal_form   text NOT NULL CHECK (length(legal_form) BETWEEN 1 AND 120),
    street       text NOT NULL CHECK (length(street) BETWEEN 1 AND 200),
    postcode     text NOT NULL CHECK (postcode ~ '^[0-9]{5}$'),
    city         text NOT NULL CHECK (length(city) BETWEEN 1 AND 80),
    siren        text NOT NULL CHECK (siren ~ '^[0-9]{9}$'),
    vat_number   text NOT NULL DEFAULT '' CHECK (vat_number = '' OR vat_number ~ '^FR[0-9]{11}$'),
    registry     text NOT NULL DEFAULT '' CHECK (length(registry) <= 120),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- A business buyer's SIREN, stated on its invoices.
ALTER TABLE shops ADD COLUMN siren text NOT NULL DEFAULT '' CHECK (siren = '' OR siren ~ '^[0-9]{9}$');

-- The last number taken per cooperative and year. Taking numbers updates this row in the
-- transaction that issues the invoices: a rollback gives the numbers back, and two issuers
-- wait for each other on the row, so numbers have no gap and no duplicate.
CREATE TABLE invoice_counters (
    coop_id      bigint NOT NULL REFERENCES coops (id),
    year         int NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    last_number  int NOT NULL CHECK (last_number >= 0),
    PRIMARY KEY (coop_id, year)
);

CREATE TABLE invoices (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id          bigint NOT NULL REFERENCES coops (id),
    year             int NOT NULL,
    number           int NOT NULL CHECK (number >= 1),
    kind             text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    cycle_id         bigint NOT NULL REFERENCES order_cycles (id),
    order_id         bigint NOT NULL REFERENCES orders (id),
    buyer_user_id    bigint NOT NULL REFERENCES users (id),
    -- A credit note cancels one invoice, and an invoice is cancelled once.
    cancels          bigint UNIQUE REFERENCES invoices (id),
    reason           text NOT NULL DEFAULT '' CHECK (length(reason) <= 300),
    issued_at        timestamptz NOT NULL,
    sale_date        date NOT NULL,
    issued_by        bigint REFERENCES users (id) ON DELETE SET NULL,
    seller           jsonb NOT NULL,
    buyer_name       text NOT NULL,
    buyer_address    text NOT NULL,
    buyer_siren      text NOT NULL DEFAULT '',
    business         boolean NOT NULL,
    paid_by_card     boolean NOT NULL,
    total_ht_cents   bigint NOT NULL CHECK (total_ht_cents >= 0),
    total_vat_cents  bigint NOT NULL CHECK (total_vat_cents >= 0),
    total_cents      bigint NOT NULL CHECK (total_cents = total_ht_cents + total_vat_cents),
    UNIQUE (coop_id, year, number),
    CHECK ((kind = 'credit_note') = (cancels IS NOT NULL))
);
CREATE UNIQUE INDEX invoices_one_per_order ON invoices (order_id) WHERE kind = 'invoice';
CREATE INDEX invoices_coop_year ON invoices (coop_id, year, number DESC);
CREATE INDEX invoices_cycle ON invoices (cycle_id);
CREATE INDEX invoices_buyer ON invoices (buyer_user_id);

CREATE TABLE invoice_lines (
    invoice_id        bigint NOT NULL REFERENCES invoices (id),
    line_no           int NOT NULL CHECK (line_no >= 1),
    description       text NOT NULL,
    quantity          bigint NOT NULL CHECK (quantity > 0),
    unit_price_cents  bigint NOT NULL CHECK (unit_price_cents >= 0),
    vat_bp            int NOT NULL CHECK (vat_bp BETWEEN 0 AND 10000),
    total_cents       bigint NOT NULL CHECK (total_cents >= 0),
    total_ht_cents    bigint NOT NULL CHECK (total_ht_cents BETWEEN 0 AND total_cents),
    PRIMARY KEY (invoice_id, line_no)
);

-- Issued is final: an invoice and its lines are never changed nor deleted.
CREATE FUNCTION invoices_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'invoices are final: cancel one with a credit note';
END $$;
CREATE TRIGGER invoices_final BEFORE UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoices_are_final();
CREATE TRIGGER invoice_lines_final BEFORE UPDATE OR DELETE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoices_are_final();
