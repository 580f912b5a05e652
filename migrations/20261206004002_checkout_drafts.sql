-- What a buyer typed on the checkout form, kept with their cart: a refused checkout (slot full,
-- below the delivery minimum, a line sold out) shows the form again as it was, even to a
-- browser without JavaScript whose plain form post is redirected back to the cart.
ALTER TABLE carts
    ADD COLUMN draft_slot_id bigint REFERENCES slots (id) ON DELETE SET NULL,
    ADD COLUMN draft_address text NOT NULL DEFAULT '' CHECK (length(draft_address) <= 300),
    ADD COLUMN draft_postcode text NOT NULL DEFAULT '' CHECK (length(draft_postcode) <= 10),
    ADD COLUMN draft_payment text CHECK (draft_payment IN ('pickup', 'card'));
