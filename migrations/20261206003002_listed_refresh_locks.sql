-- A product's `listed` flag depends on whether it and one of its variants are active, never on
-- stock. The refresh now updates only the products whose flag changes: a checkout taking stock
-- locks no product row, and edits take a product's lock before its variants' (see
-- catalogue::store), so concurrent edits and checkouts cannot deadlock on products.
CREATE OR REPLACE FUNCTION variants_refresh_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products p
       SET listed = NOT p.listed
     WHERE p.id IN (SELECT product_id FROM changed)
       AND p.listed IS DISTINCT FROM
           (p.active AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.active));
    RETURN NULL;
END $$;
