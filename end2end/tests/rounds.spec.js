// @ts-check
// Runs after reception.spec.js (files run in name order), on the demo cycle it closed: the
// residents' home deliveries and the partner shop's crates become rounds on a map, a driver
// works through a round on a phone, and basket labels carry a QR code for the pickup desk.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('hub staff plan delivery rounds on a map and a driver marks a basket delivered', async ({ page }) => {
  const cycle = sql(`SELECT cycle_id FROM orders ORDER BY id LIMIT 1`);
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/hub/cycles/${cycle}`);
  await page.getByRole('link', { name: 'Tournées et impact' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Tournées');

  const delivery = page.locator('section#delivery');
  await expect(delivery.getByText('Hors tournée')).toBeVisible();
  await expect(delivery.getByLabel(/Vélo-cargo 1/)).toBeChecked();
  await delivery.getByRole('button', { name: 'Calculer les tournées' }).click();
  await expect(page.getByRole('status').first()).toContainText('arrêt(s) planifié(s)', { timeout: 30_000 });
  await expect(delivery.getByRole('img', { name: /Carte/ })).toBeVisible();
  await expect(delivery.locator('article.round').first()).toContainText('Départ');
  await expect(delivery.getByText('Hors tournée')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Impact du cycle' })).toBeVisible();
  await expect(page.locator('dl.impact')).toContainText('kg CO2e');

  // The driver's manifest on a phone: the first stop marked delivered.
  await delivery.locator('article.round').first().getByRole('link', { name: 'Feuille de route' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('trajet');
  const stop = page.locator('ol.manifest > li').first();
  await stop.getByRole('button', { name: /Livré|Chargé/ }).click();
  await expect(page.locator('ol.manifest > li').first()).toContainText('Fait');
  await expect(page.locator('p.muted').first()).toContainText('1 arrêt(s) sur');
});

test('basket labels carry a QR code that opens the order at the pickup desk', async ({ page, request }) => {
  const cycle = sql(`SELECT cycle_id FROM orders ORDER BY id LIMIT 1`);
  const order = sql(`SELECT min(id) FROM orders WHERE cycle_id = ${cycle} AND status = 'confirmed'`);
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/hub/cycles/${cycle}/preparation?par=etiquettes`);
  const qr = page.getByRole('img', { name: `QR code de la commande n° ${order} : à scanner au retrait` });
  await expect(qr).toBeVisible();
  const src = await qr.getAttribute('src');
  const svg = await page.request.get(src || '');
  expect(svg.status()).toBe(200);
  expect(svg.headers()['content-type']).toContain('image/svg+xml');
  // Nobody else gets the code.
  const anonymous = await request.get(src || '');
  expect(anonymous.status()).toBe(401);
  // What the code holds: the desk, on that order.
  await page.goto(`/retrait?cycle=${cycle}&q=${order}`);
  await expect(page.locator('.desk-order')).toHaveCount(1);
  await expect(page.locator('.desk-order')).toContainText(`n° ${order}`);
});
