-- Shares paid by card (Stripe Checkout) when applying for membership (src/governance/store/card.rs).
-- The payment is held on the application until the board decides: approving records it in the
-- share register, refusing sends it back to the card.
ALTER TABLE members DROP CONSTRAINT members_payment_check;
ALTER TABLE members ADD CONSTRAINT members_payment_check CHECK (payment IN ('transfer', 'cheque', 'card'));
ALTER TABLE members
    ADD COLUMN stripe_session_id     text UNIQUE,
    ADD COLUMN stripe_session_url    text,
    -- Pages opened so far: each new page (after one expired) gets a new idempotency key.
    ADD COLUMN card_attempts         int NOT NULL DEFAULT 0,
    ADD COLUMN stripe_payment_intent text,
    ADD COLUMN card_paid_cents       bigint NOT NULL DEFAULT 0 CHECK (card_paid_cents >= 0),
    ADD COLUMN card_paid_on          date;

-- A refund goes back to the card that paid an order, or the shares of a refused application.
ALTER TABLE refunds ALTER COLUMN order_id DROP NOT NULL;
ALTER TABLE refunds ADD COLUMN member_id bigint REFERENCES members (id);
ALTER TABLE refunds ADD CONSTRAINT refunds_one_subject CHECK (num_nonnulls(order_id, member_id) = 1);
