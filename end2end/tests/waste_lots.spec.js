// @ts-check
// Last-minute lots on a phone: hub staff put surplus of last week's cycle on sale at half
// price, a member buys it through the shop's usual checkout, and when the sale ends the clock
// gives what was not sold to the partner association. Runs last (files run in name order):
// the sale it opens would be a second open cycle for the specs that expect one.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('hub staff turn a surplus into a lot, a member buys it, the rest is given', async ({ browser }) => {
  const cycle = sql("SELECT id FROM order_cycles WHERE status = 'delivered' AND rescued_from IS NULL ORDER BY closes_at DESC LIMIT 1");
  const variant = sql(`SELECT o.variant_id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
    JOIN products p ON p.id = v.product_id WHERE o.cycle_id = ${cycle} AND p.name = 'Jus de pomme' ORDER BY v.id LIMIT 1`);
  const price = Number(sql(`SELECT coalesce(o.retail_price_cents, v.retail_price_cents) FROM cycle_offers o
    JOIN variants v ON v.id = o.variant_id WHERE o.cycle_id = ${cycle} AND v.id = ${variant}`));

  const hub = await browser.newPage();
  await signIn(hub, 'hub@maillon.test');
  await hub.goto('/hub/anti-gaspi');
  await hub.getByLabel('Cycle', { exact: true }).selectOption(cycle);
  await hub.getByRole('button', { name: 'Afficher' }).click();
  await expect(hub.getByRole('heading', { name: 'Lots de dernière minute' })).toBeVisible();
  // Last week's demo lots, settled.
  await expect(hub.locator('li', { hasText: 'Carottes' }).filter({ hasText: 'donné(s) à Le Relais Solidaire' })).toBeVisible();
  await hub.locator('#lot-variant').selectOption(variant);
  await hub.getByLabel('Unités mises en vente').fill('3');
  await hub.getByLabel('Remise (%)').fill('50');
  await hub.getByLabel('Les invendus iront à').selectOption({ label: 'Le Relais Solidaire' });
  await hub.locator('summary', { hasText: 'Mettre en vente' }).click();
  await hub.getByRole('button', { name: 'Confirmer' }).click();
  await expect(hub.getByText('Lot mis en vente.')).toBeVisible();
  await expect(hub.locator('li', { hasText: '3 × Jus de pomme' }).first()).toContainText('en vente jusqu');
  const sale = sql(`SELECT id FROM order_cycles WHERE rescued_from = ${cycle} AND status = 'open'`);
  expect(sale).not.toBe('');
  const width = await hub.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await hub.screenshot({ path: 'test-results/lots.png', fullPage: true });

  // A member finds the sale in the shop (beside the week's cycle, if one is open) and buys a
  // bottle at half price.
  const member = await browser.newPage();
  await signIn(member, 'mehdi.rahmani@maillon.test');
  await member.goto('/boutique');
  await expect(member.getByText(/Dernière minute/).first()).toBeVisible();
  await member.goto(`/boutique?cycle=${sale}`);
  await member.locator(`#v${variant}`).getByRole('button').click();
  await member.waitForLoadState('load');
  await expect.poll(() => sql(`SELECT count(*) FROM cart_lines l JOIN carts c ON c.id = l.cart_id
    WHERE c.cycle_id = ${sale} AND l.variant_id = ${variant}`)).toBe('1');
  await member.goto(`/panier?cycle=${sale}`);
  await member.waitForLoadState('load');
  await member.locator('input[name="slot"]:not([disabled])').first().check();
  await member.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(member).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  await expect(member.getByRole('status')).toContainText('Votre commande est confirmée');
  await member.screenshot({ path: 'test-results/lot-bought.png', fullPage: true });
  expect(sql(`SELECT sold FROM cycle_offers WHERE cycle_id = ${sale} AND variant_id = ${variant}`)).toBe('1');
  expect(Number(sql(`SELECT l.unit_price_cents FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.cycle_id = ${sale} AND l.variant_id = ${variant}`))).toBe(Math.floor((price * 50 + 50) / 100));

  // The sale ends: the clock closes it and gives the two bottles left to the association.
  sql(`UPDATE order_cycles SET closes_at = now() WHERE id = ${sale}`);
  await expect.poll(() => sql(`SELECT d.quantity FROM rescue_lots l JOIN rescue_donations d ON d.id = l.donation_id
    WHERE l.sale_cycle_id = ${sale}`), { timeout: 20_000 }).toBe('2');
  await hub.reload();
  await expect(hub.locator('li', { hasText: '3 × Jus de pomme' }).first()).toContainText('2 invendu(s) donné(s) à Le Relais Solidaire');
});
