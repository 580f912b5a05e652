// @ts-check
// Hub staff setting up next week on a phone: one tap copies this week's cycle as a draft, with
// its products, prices and slots a week later (issue 13, item 11).
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('"Préparer la semaine suivante" lands on a draft copy with the same offers and slots', async ({ page }) => {
  const cycle = sql(`SELECT id FROM order_cycles WHERE status = 'open' ORDER BY id LIMIT 1`);
  const offers = sql(`SELECT count(*) FROM cycle_offers WHERE cycle_id = ${cycle}`);
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/hub/cycles/${cycle}`);
  await page.getByRole('button', { name: 'Préparer la semaine suivante' }).first().click();
  await expect(page).toHaveURL(/\/hub\/cycles\/\d+\?copie=1/);
  await expect(page.getByRole('status').first()).toBeVisible();
  await expect(page.locator('.status').first()).toHaveText('Brouillon');
  const copy = page.url().match(/cycles\/(\d+)/)?.[1];
  expect(copy).not.toBe(cycle);
  expect(sql(`SELECT count(*) FROM cycle_offers WHERE cycle_id = ${copy}`)).toBe(offers);
  expect(sql(`SELECT bool_and(s.starts_at = o.starts_at + interval '7 days')
    FROM slots s JOIN slots o ON o.cycle_id = ${cycle} AND o.pickup_point_id IS NOT DISTINCT FROM s.pickup_point_id
      AND o.zone_id IS NOT DISTINCT FROM s.zone_id AND o.capacity = s.capacity
    WHERE s.cycle_id = ${copy}`)).toBe('t');
  // Nothing of it is on sale until staff open it.
  await page.goto('/boutique');
  await expect(page.getByRole('heading', { level: 1 })).not.toContainText(sql(`SELECT name FROM order_cycles WHERE id = ${copy}`));
  // Leave the demo as it was for the next specs.
  sql(`DELETE FROM order_cycles WHERE id = ${copy}`);
});
