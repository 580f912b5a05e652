-- For BENCHMARKS.md ("Territory"): on a throwaway demo database only (never a real one).
-- 51 more delivered cycles, weekly through the year, each with the demo cycle's figures
-- scaled by its week, so that the page shows a year of 52 cycles.
WITH t AS (SELECT * FROM transparency_cycles LIMIT 1),
c AS (
  INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, opened_at, closed_at)
  SELECT t.coop_id, 'Semaine ' || g, make_timestamptz(2026, 1, 6, 18, 0, 0) + (g || ' weeks')::interval - interval '6 days',
         make_timestamptz(2026, 1, 6, 18, 0, 0) + (g || ' weeks')::interval, 'delivered',
         make_timestamptz(2026, 1, 6, 18, 0, 0) + (g || ' weeks')::interval - interval '6 days',
         make_timestamptz(2026, 1, 6, 18, 0, 0) + (g || ' weeks')::interval
  FROM t, generate_series(0, 50) g RETURNING id, closes_at)
INSERT INTO transparency_cycles (cycle_id, coop_id, year, closed_on, orders, households, producers, turnover_cents,
  producers_cents, delivered_grams, hub_m, hub_g_co2e, alone_m, alone_g_co2e, cars_m, cars_g_co2e, load_grams,
  capacity_grams, fund_in_cents, fund_out_cents, computed_at, rescued_grams, rescued_cents, changes)
SELECT c.id, t.coop_id, 2026, (c.closes_at AT TIME ZONE 'Europe/Paris')::date, 2000, 1800 + (c.id % 200), 150,
  t.turnover_cents * (250 + c.id % 40), t.producers_cents * (250 + c.id % 40), t.delivered_grams * 300,
  t.hub_m * 20, t.hub_g_co2e * 20, t.alone_m * 300, t.alone_g_co2e * 300, t.cars_m * 300, t.cars_g_co2e * 300,
  t.load_grams * 300, t.capacity_grams * 300, t.fund_in_cents * 200, t.fund_out_cents * 200, now(),
  t.rescued_grams * 3, t.rescued_cents * 3, 0
FROM c, t;
UPDATE transparency_years SET households = 2000, producers = 200 WHERE year = 2026;
