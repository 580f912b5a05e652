-- A home delivery's phone number, so that the driver can call when nobody answers the door.
-- Optional; kept with the checkout draft like the address.
ALTER TABLE orders
    ADD COLUMN delivery_phone text NOT NULL DEFAULT '' CHECK (length(delivery_phone) <= 20);
ALTER TABLE carts
    ADD COLUMN draft_phone text NOT NULL DEFAULT '' CHECK (length(draft_phone) <= 20);
