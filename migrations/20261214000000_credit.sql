-- Member credit (src/credit): one account per member of a cooperative. Its balance is the sum
-- of its entries and never negative; every movement is an entry, written in the transaction of
-- what caused it (a top-up, a refund, a checkout paid by credit, a board adjustment).
CREATE TABLE credit_accounts (
    coop_id            bigint NOT NULL REFERENCES coops (id),
    user_id            bigint NOT NULL REFERENCES users (id),
    balance_cents      bigint NOT NULL DEFAULT 0 CHECK (balance_cents >= 0),
    -- The member's choice: refunds of card orders go to their credit instead of the card.
    refunds_to_credit  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (coop_id, user_id)
);

CREATE TABLE credit_entries (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id        bigint NOT NULL,
    user_id        bigint NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('top_up_card', 'top_up_hub', 'refund', 'payment', 'adjustment')),
    amount_cents   bigint NOT NULL CHECK (amount_cents <> 0),
    -- The account's balance once this entry is applied.
    balance_cents  bigint NOT NULL CHECK (balance_cents >= 0),
    order_id       bigint REFERENCES orders (id),
    reason         text NOT NULL DEFAULT '' CHECK (length(reason) <= 300),
    recorded_by    bigint REFERENCES users (id),
    at             timestamptz NOT NULL,
    FOREIGN KEY (coop_id, user_id) REFERENCES credit_accounts (coop_id, user_id),
    CHECK ((kind IN ('top_up_card', 'top_up_hub', 'refund')) = (amount_cents > 0) OR kind = 'adjustment'),
    CHECK (kind <> 'payment' OR order_id IS NOT NULL)
);
CREATE INDEX credit_entries_account ON credit_entries (coop_id, user_id, id);

CREATE FUNCTION credit_entries_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit entries are final: correct with an adjustment';
END $$;
CREATE TRIGGER credit_entries_final BEFORE UPDATE OR DELETE ON credit_entries
    FOR EACH ROW EXECUTE FUNCTION credit_entries_are_final();

-- A top-up paid by card: the Stripe Checkout page opened for it, credited once when paid.
CREATE TABLE credit_top_ups (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id             bigint NOT NULL REFERENCES coops (id),
    user_id             bigint NOT NULL REFERENCES users (id),
    amount_cents        bigint NOT NULL CHECK (amount_cents BETWEEN 500 AND 50000),
    stripe_session_id   text UNIQUE,
    stripe_session_url  text,
    payment_intent      text,
    paid_at             timestamptz,
    created_at          timestamptz NOT NULL
);
CREATE INDEX credit_top_ups_user ON credit_top_ups (coop_id, user_id);

-- Orders paid from the buyer's credit; refunds that went to it rather than to a card.
ALTER TABLE orders DROP CONSTRAINT orders_payment_method_check;
ALTER TABLE orders ADD CONSTRAINT orders_payment_method_check CHECK (payment_method IN ('pickup', 'card', 'credit'));
ALTER TABLE carts DROP CONSTRAINT carts_draft_payment_check;
ALTER TABLE carts ADD CONSTRAINT carts_draft_payment_check CHECK (draft_payment IN ('pickup', 'card', 'credit'));
ALTER TABLE refunds ADD COLUMN to_credit boolean NOT NULL DEFAULT false;
-- A credit top-up refunded to its card (paid twice).
ALTER TABLE refunds ADD COLUMN top_up_id bigint REFERENCES credit_top_ups (id);
ALTER TABLE refunds DROP CONSTRAINT refunds_one_subject;
ALTER TABLE refunds ADD CONSTRAINT refunds_one_subject CHECK (num_nonnulls(order_id, member_id, top_up_id) = 1);
