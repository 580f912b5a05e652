// @ts-check
// Anti-waste on a phone: hub staff give what was left of last week's cycle to the partner
// association, after confirming; the association confirms receipt from its phone, and the
// kilograms rescued reach the transparency page once the clock has computed them again.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('hub staff give a surplus to an association, which confirms receipt', async ({ browser }) => {
  const hub = await browser.newPage();
  await signIn(hub, 'hub@maillon.test');
  await hub.getByRole('link', { name: 'Anti-gaspi' }).first().click();
  await expect(hub.getByRole('heading', { level: 1, name: 'Anti-gaspi' })).toBeVisible();
  // The demo's donation of last week, received.
  await expect(hub.locator('li', { hasText: 'Le Relais Solidaire' }).filter({ hasText: 'reçu le' }).first()).toBeVisible();

  const cycle = sql("SELECT id FROM order_cycles WHERE status = 'delivered' AND rescued_from IS NULL ORDER BY closes_at DESC LIMIT 1");
  await hub.getByLabel('Cycle', { exact: true }).selectOption(cycle);
  await hub.getByRole('button', { name: 'Afficher' }).click();
  const carrots = await hub.locator('#rescue-variant option', { hasText: 'Carottes' }).first().getAttribute('value');
  await hub.locator('#rescue-variant').selectOption(carrots || '');
  await hub.getByLabel('Unités données').fill('4');
  await hub.getByLabel('Association', { exact: true }).selectOption({ label: 'Le Relais Solidaire' });
  await hub.locator('summary', { hasText: 'Donner à une association' }).click();
  await hub.getByRole('button', { name: 'Confirmer' }).click();
  await expect(hub.getByText('Don enregistré ; l\'association est prévenue.')).toBeVisible();
  const given = hub.locator('li', { hasText: '4 × Carottes' }).first();
  await expect(given).toContainText('à retirer');
  const width = await hub.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await hub.screenshot({ path: 'test-results/rescue.png', fullPage: true });

  const association = await browser.newPage();
  await signIn(association, 'association@maillon.test');
  await association.goto('/solidarite/association/dons');
  const waiting = association.locator('li', { hasText: '4 × Carottes' }).first();
  await waiting.locator('summary', { hasText: 'J\'ai reçu ce don' }).click();
  await waiting.getByRole('button', { name: 'Confirmer' }).click();
  await expect(association.locator('li', { hasText: '4 × Carottes' }).first()).toContainText('reçu le');
  await association.screenshot({ path: 'test-results/donations.png', fullPage: true });

  // Rescued: the donations received and what the cycle's last-minute lots sold.
  const grams = Number(sql(`SELECT (SELECT sum(grams) FROM rescue_donations WHERE cycle_id = ${cycle} AND received_at IS NOT NULL)
    + (SELECT coalesce(sum(sold * unit_grams), 0) FROM rescue_lots WHERE source_cycle_id = ${cycle} AND settled_at IS NOT NULL)`));
  await expect.poll(() => Number(sql(`SELECT rescued_grams FROM transparency_cycles WHERE cycle_id = ${cycle}`)), { timeout: 20_000 })
    .toBe(grams);
});
