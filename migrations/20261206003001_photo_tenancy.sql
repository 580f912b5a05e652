-- A photo belongs to a product or a farm of its own cooperative, whatever the code above does:
-- the product or farm is found by (coop_id, id), so a row pointing at another cooperative's
-- cannot be written.
ALTER TABLE products ADD CONSTRAINT products_coop_id_id UNIQUE (coop_id, id);
ALTER TABLE producers ADD CONSTRAINT producers_coop_id_id UNIQUE (coop_id, id);
ALTER TABLE photos
    ADD CONSTRAINT photos_product_same_coop
        FOREIGN KEY (coop_id, product_id) REFERENCES products (coop_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT photos_producer_same_coop
        FOREIGN KEY (coop_id, producer_id) REFERENCES producers (coop_id, id) ON DELETE CASCADE;
