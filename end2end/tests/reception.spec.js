// @ts-check
// Runs after ordering.spec.js (files run in name order): it closes the demo cycle.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('hub staff close the cycle, record the whole reception at once and see the orders it cut', async ({ browser }) => {
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
  const order = orderUrl.split('/').pop();

  const staff = await browser.newPage();
  await signIn(staff, 'hub@maillon.test');
  await staff.goto('/hub/cycles');
  await staff.locator('ul.order-list a').first().click();
  await staff.waitForLoadState('load');
  await staff.locator('details.confirm summary', { hasText: 'Clore maintenant' }).click();
  // The confirmation says what closing does, and closing says what it did, beside the button.
  await expect(staff.locator('details.confirm[open]')).toContainText('bons de commande partent aux producteurs');
  await staff.locator('details.confirm[open]').getByRole('button', { name: 'Clore maintenant' }).click();
  await expect(staff.locator('.form-result [role="status"]')).toContainText('Cycle clos :');
  await expect(staff.locator('.form-result [role="status"]')).toBeInViewport();
  await expect(staff.locator('.status').first()).toHaveText('Clos');
  // The next step of the normal flow is the main button; "delivered" is behind a confirmation.
  await expect(staff.locator('a.button.primary')).toHaveText('Bons de commande et réception');
  await expect(staff.getByRole('button', { name: 'Marquer comme livré' })).toBeHidden();
  await staff.getByRole('link', { name: 'Bons de commande et réception' }).click();
  await expect(staff.getByRole('heading', { name: /Bons de commande producteurs/ })).toBeVisible();
  await staff.waitForLoadState('load');

  // The two shortage rules read differently at a glance.
  await expect(staff.getByLabel('Premières commandes servies d\'abord')).toBeVisible();
  await expect(staff.getByLabel('Même part pour chaque commande (au prorata)')).toBeChecked();
  // One form for every line: a count far below the order asks for a confirmation first, and
  // nothing is recorded until then.
  await staff.locator(`#received-${variant}`).fill('0');
  await staff.getByRole('button', { name: 'Enregistrer toute la réception' }).click();
  const result = staff.locator('#reception .form-result');
  await expect(result.getByRole('alert')).toContainText('Rien n\'est enregistré');
  await expect(result.getByRole('alert')).toBeInViewport();
  await expect(staff.locator(`#received-${variant}`)).toHaveValue('0');
  await expect(staff.locator(`#far-${variant}`)).toContainText('à confirmer');
  expect(sql(`SELECT count(*) FROM receptions WHERE variant_id = ${variant}`)).toBe('0');
  await staff.locator(`#received-${variant}`).fill('1');
  await staff.getByRole('button', { name: 'Enregistrer toute la réception' }).click();
  await expect(result.getByRole('status')).toContainText('Réception enregistrée');
  await expect(result.getByRole('status')).toBeInViewport();
  const lines = Number(sql(`SELECT count(*) FROM receptions r JOIN orders o ON o.cycle_id = r.cycle_id WHERE o.id = ${order}`));
  expect(lines).toBeGreaterThan(1);
  // The orders it cut, with what they lack and where their money stands.
  const cut = staff.locator('#affected li', { hasText: new RegExp(`n° ${order} ·`) });
  await expect(cut).toContainText(`Manque 1 unité(s) : ${euros(price)} en moins`);
  await expect(cut).toContainText('Paiement au retrait');

  await resident.goto(orderUrl);
  await expect(resident.locator('table.lines')).toContainText('Manque 1');
  await expect(resident.locator('table.lines tfoot')).toContainText(euros(price));
});

test('without JavaScript, a reception far below the order is confirmed and recorded', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const staff = await context.newPage();
  await signIn(staff, 'hub@maillon.test');
  const cycle = sql(`SELECT id FROM order_cycles WHERE status = 'closed' ORDER BY id LIMIT 1`);
  // A line that a demo order holds, counted again from nothing.
  const [variant, order] = sql(`SELECT l.variant_id, min(l.order_id) FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.cycle_id = ${cycle} AND o.status = 'confirmed' AND l.missing = 0 GROUP BY l.variant_id
    ORDER BY l.variant_id LIMIT 1`).split('|');
  await staff.goto(`/hub/cycles/${cycle}/bons`);
  await staff.locator(`#received-${variant}`).fill('0');
  await staff.getByRole('button', { name: 'Enregistrer toute la réception' }).click();
  await expect(staff.locator('#reception .form-result').getByRole('alert')).toContainText('Rien n\'est enregistré');
  await expect(staff.locator(`#received-${variant}`)).toHaveValue('0');
  await staff.getByLabel('Je confirme ces quantités très inférieures à la commande').check();
  await staff.getByRole('button', { name: 'Enregistrer toute la réception' }).click();
  await expect(staff.locator('#affected li', { hasText: new RegExp(`n° ${order} ·`) })).toContainText('Manque');
  expect(sql(`SELECT received FROM receptions WHERE cycle_id = ${cycle} AND variant_id = ${variant}`)).toBe('0');
  // Put the line back for the specs that follow.
  await staff.locator(`#received-${variant}`).fill(sql(`SELECT ordered FROM receptions WHERE cycle_id = ${cycle} AND variant_id = ${variant}`));
  await staff.getByRole('button', { name: 'Enregistrer toute la réception' }).click();
  await expect(staff.locator(`#received-${variant}`)).toHaveValue(sql(`SELECT ordered FROM receptions WHERE cycle_id = ${cycle} AND variant_id = ${variant}`));
  expect(sql(`SELECT sum(missing) FROM order_lines WHERE variant_id = ${variant}`)).toBe('0');
  await context.close();
});
