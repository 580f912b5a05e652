-- Producers' payout statements: drawn up when a cycle is delivered, one per producer, from
-- what was delivered of their products at the prices paid, split by the rule the product page
-- shows (VAT, the cooperative's commission, the producer's part); paid by SEPA transfer in
-- batches the board prepares, then marks paid.

-- Where a producer is paid: IBAN and BIC checked when typed.
CREATE TABLE bank_accounts (
    producer_id  bigint PRIMARY KEY REFERENCES producers (id),
    coop_id      bigint NOT NULL REFERENCES coops (id),
    holder       text NOT NULL CHECK (length(holder) BETWEEN 1 AND 70),
    iban         text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    bic          text NOT NULL CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The cooperative's own account, which the transfers are paid from.
ALTER TABLE billing_identities
    ADD COLUMN iban text NOT NULL DEFAULT '' CHECK (iban = '' OR iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    ADD COLUMN bic text NOT NULL DEFAULT '' CHECK (bic = '' OR bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$');

CREATE TABLE payout_batches (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id         bigint NOT NULL REFERENCES coops (id),
    created_at      timestamptz NOT NULL,
    created_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    execution_date  date NOT NULL,
    total_cents     bigint NOT NULL CHECK (total_cents > 0),
    paid_at         timestamptz,
    paid_by         bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX payout_batches_coop ON payout_batches (coop_id, id DESC);

CREATE TABLE payouts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id           bigint NOT NULL REFERENCES coops (id),
    cycle_id          bigint NOT NULL REFERENCES order_cycles (id),
    producer_id       bigint NOT NULL REFERENCES producers (id),
    cycle_name        text NOT NULL,
    farm_name         text NOT NULL,
    commission_bp     int NOT NULL CHECK (commission_bp BETWEEN 0 AND 5000),
    sales_cents       bigint NOT NULL CHECK (sales_cents >= 0),
    vat_cents         bigint NOT NULL CHECK (vat_cents >= 0),
    commission_cents  bigint NOT NULL CHECK (commission_cents >= 0),
    payout_cents      bigint NOT NULL CHECK (payout_cents >= 0),
    missing_units     bigint NOT NULL CHECK (missing_units >= 0),
    created_at        timestamptz NOT NULL,
    batch_id          bigint REFERENCES payout_batches (id),
    paid_at           timestamptz,
    paid_by           bigint REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (cycle_id, producer_id),
    CHECK (sales_cents = vat_cents + commission_cents + payout_cents)
);
CREATE INDEX payouts_coop_unpaid ON payouts (coop_id, id) WHERE paid_at IS NULL;
CREATE INDEX payouts_producer ON payouts (producer_id, id DESC);
CREATE INDEX payouts_batch ON payouts (batch_id);

CREATE TABLE payout_lines (
    payout_id          bigint NOT NULL REFERENCES payouts (id),
    line_no            int NOT NULL CHECK (line_no >= 1),
    description        text NOT NULL,
    unit_price_cents   bigint NOT NULL CHECK (unit_price_cents > 0),
    vat_bp             int NOT NULL,
    ordered            bigint NOT NULL CHECK (ordered > 0),
    delivered          bigint NOT NULL CHECK (delivered BETWEEN 0 AND ordered),
    unit_payout_cents  bigint NOT NULL CHECK (unit_payout_cents >= 0),
    sales_cents        bigint NOT NULL,
    vat_cents          bigint NOT NULL,
    commission_cents   bigint NOT NULL,
    payout_cents       bigint NOT NULL,
    PRIMARY KEY (payout_id, line_no),
    CHECK (sales_cents = vat_cents + commission_cents + payout_cents)
);

-- A statement's amounts are final once drawn up: only its payment may be recorded.
CREATE FUNCTION payouts_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payout statements are final';
    END IF;
    IF TG_TABLE_NAME = 'payout_lines' OR (to_jsonb(NEW) - 'batch_id' - 'paid_at' - 'paid_by')
                                          <> (to_jsonb(OLD) - 'batch_id' - 'paid_at' - 'paid_by') THEN
        RAISE EXCEPTION 'payout statements are final: only their payment is recorded';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payouts_final BEFORE UPDATE OR DELETE ON payouts
    FOR EACH ROW EXECUTE FUNCTION payouts_are_final();
CREATE TRIGGER payout_lines_final BEFORE UPDATE OR DELETE ON payout_lines
    FOR EACH ROW EXECUTE FUNCTION payouts_are_final();
