-- A product is listed in the public catalogue when it is active and has an active variant.
-- Kept by triggers, so the catalogue counts and pages through one partial index instead of
-- checking every variant of every product on each request.

ALTER TABLE products ADD COLUMN listed boolean NOT NULL DEFAULT false;

CREATE FUNCTION products_set_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.listed := NEW.active AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = NEW.id AND v.active);
    RETURN NEW;
END $$;

CREATE TRIGGER products_listed BEFORE INSERT OR UPDATE OF active ON products
    FOR EACH ROW EXECUTE FUNCTION products_set_listed();

-- One statement over the changed variants' products, however many rows the statement touched.
CREATE FUNCTION variants_refresh_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products p
       SET listed = p.active AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.active)
     WHERE p.id IN (SELECT product_id FROM changed);
    RETURN NULL;
END $$;

CREATE TRIGGER variants_listed_insert AFTER INSERT ON variants
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION variants_refresh_listed();
CREATE TRIGGER variants_listed_update AFTER UPDATE ON variants
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION variants_refresh_listed();
CREATE TRIGGER variants_listed_delete AFTER DELETE ON variants
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION variants_refresh_listed();

UPDATE products p SET listed = p.active AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.active);

DROP INDEX products_catalogue;
CREATE INDEX products_listed ON products (coop_id, category, name, id) WHERE listed;
CREATE INDEX variants_active_product ON variants (product_id, position, id) WHERE active;
