-- :products products (psql -v products=N) (4 variants each) on top of the demo cooperative: :bench_farm of them
-- (psql -v bench_farm=N; 125, i.e. 500 variants, for the catalogue bench) belong to a dedicated farm whose account signs in as bench@maillon.test.

INSERT INTO users (email, password_hash, display_name, email_verified_at)
SELECT 'bench@maillon.test', password_hash, 'Banc d''essai', now() FROM users WHERE email = 'producteur@maillon.test';
INSERT INTO memberships (coop_id, user_id) SELECT c.id, u.id FROM coops c, users u WHERE c.slug = 'lille' AND u.email = 'bench@maillon.test';
INSERT INTO member_roles (coop_id, user_id, role) SELECT c.id, u.id, 'producer' FROM coops c, users u WHERE c.slug = 'lille' AND u.email = 'bench@maillon.test';
INSERT INTO producers (coop_id, user_id, farm_name, town)
SELECT c.id, u.id, 'Ferme du Banc d''essai', 'Lille' FROM coops c, users u WHERE c.slug = 'lille' AND u.email = 'bench@maillon.test';

WITH farms AS (
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS total FROM producers
    WHERE farm_name <> 'Ferme du Banc d''essai'
)
INSERT INTO products (coop_id, producer_id, name, description, category, unit, labels)
SELECT c.id,
       CASE WHEN g <= :bench_farm THEN (SELECT id FROM producers WHERE farm_name = 'Ferme du Banc d''essai')
            ELSE (SELECT id FROM farms WHERE n = g % (SELECT max(total) FROM farms)) END,
       (ARRAY['Pâté', 'Poireaux', 'Pommes', 'Tomme', 'Œufs', 'Pain', 'Bière', 'Confiture'])[1 + g % 8] || ' n° ' || g,
       'Produit de démonstration pour les mesures.',
       (ARRAY['epicerie', 'legumes', 'fruits', 'produits-laitiers', 'oeufs', 'pain', 'boissons', 'epicerie'])[1 + g % 8],
       'g',
       CASE WHEN g % 3 = 0 THEN '{ab}'::text[] ELSE '{}'::text[] END
FROM generate_series(1, :products) AS g, coops c WHERE c.slug = 'lille';

INSERT INTO variants (coop_id, product_id, quantity, retail_price_cents, pro_price_cents, case_size, vat_bp, weight_grams,
                      stock_mode, stock, position)
SELECT p.coop_id, p.id, v * 250, 150 + (p.id % 700) + v * 100, 120 + (p.id % 600) + v * 80, 6, 550, v * 250 + 40,
       'finite', (p.id + v) % 40, v
FROM products p, generate_series(1, 4) AS v
WHERE p.description = 'Produit de démonstration pour les mesures.';
ANALYZE;
