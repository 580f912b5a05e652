// @ts-check
// Runs after ordering.spec.js (files run in name order): it closes the demo cycle.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('hub staff record a shortage and the resident sees the adjusted order and total', async ({ browser }) => {
  const variant = sql(`SELECT v.id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
    JOIN order_cycles c ON c.id = o.cycle_id
    WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1
      AND v.id NOT IN (SELECT variant_id FROM order_lines) ORDER BY v.id LIMIT 1`);
  sql(`UPDATE variants SET stock = 50 WHERE id = ${variant}`);
  const price = Number(sql(`SELECT coalesce(o.retail_price_cents, v.retail_price_cents) FROM cycle_offers o
    JOIN variants v ON v.id = o.variant_id JOIN order_cycles c ON c.id = o.cycle_id WHERE c.status = 'open' AND v.id = ${variant}`));
  const euros = (cents) => (cents / 100).toFixed(2).replace('.', ',') + '\u00a0€';

  const resident = await browser.newPage();
  await signIn(resident, 'emma.caron@maillon.test');
  await resident.goto('/boutique');
  await resident.locator(`#v${variant}`).getByRole('button').click();
  await expect(resident.locator('.toast')).toContainText('Ajouté');
  await resident.locator(`#v${variant}`).getByRole('button').click();
  await expect(resident.locator(`#v${variant}`)).toContainText('2 au panier');
  await resident.goto('/panier');
  await resident.locator('input[name="slot"]:not([disabled])').first().check();
  await resident.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(resident).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  const orderUrl = resident.url().split('?')[0];

  const staff = await browser.newPage();
  await signIn(staff, 'hub@maillon.test');
  await staff.goto('/hub/cycles');
  await staff.locator('ul.order-list a').first().click();
  await staff.locator('details.confirm summary', { hasText: 'Clore maintenant' }).click();
  await staff.locator('details.confirm[open]').getByRole('button', { name: 'Clore maintenant' }).click();
  await expect(staff.locator('.status').first()).toHaveText('Clos');
  await staff.getByRole('link', { name: 'Bons de commande et réception' }).click();
  await expect(staff.getByRole('heading', { name: /Bons de commande producteurs/ })).toBeVisible();
  const reception = staff.locator(`form.reception:has(input[name="variant_id"][value="${variant}"])`);
  await reception.getByLabel('Reçu').fill('1');
  await reception.getByRole('button', { name: 'Enregistrer la réception' }).click();
  await expect(staff.getByRole('status')).toContainText('Réception enregistrée');

  await resident.goto(orderUrl);
  await expect(resident.locator('table.lines')).toContainText('Manque 1');
  await expect(resident.locator('table.lines tfoot')).toContainText(euros(price));
});
