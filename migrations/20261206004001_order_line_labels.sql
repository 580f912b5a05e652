-- Order lines now keep the variant's own label (name and size, "Pot · 250 g") beside the
-- product's name; lines written before repeated the product in it ("Miel — Pot"), which
-- packing lists and purchase orders then showed twice.
UPDATE order_lines
   SET variant_label = substr(variant_label, length(product_name) + 4)
 WHERE left(variant_label, length(product_name) + 3) = product_name || ' — '
   AND length(variant_label) > length(product_name) + 3;
