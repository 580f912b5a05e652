-- The solidarity discount per product category: a category listed here has its own rate, the
-- others the cooperative's general one (coops.solidarity_bp).
CREATE TABLE solidarity_category_rates (
    coop_id   bigint NOT NULL REFERENCES coops (id),
    category  text NOT NULL
        CHECK (category IN ('legumes', 'fruits', 'produits-laitiers', 'viande', 'oeufs', 'pain', 'epicerie', 'boissons')),
    rate_bp   int NOT NULL CHECK (rate_bp BETWEEN 0 AND 5000),
    PRIMARY KEY (coop_id, category)
);
