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
  // A day with nothing to deliver: said beside the button, not at the top of the page.
  const day = delivery.getByLabel('Jour de la tournée');
  const planned = await day.inputValue();
  await day.fill('2030-01-07');
  await delivery.getByRole('button', { name: 'Calculer les tournées' }).click();
  await expect(delivery.locator('.form-result').getByRole('alert')).toContainText('Rien à planifier ce jour-là.');
  await expect(delivery.locator('.form-result').getByRole('alert')).toBeInViewport();
  await expect(page.locator('section#collection .form-result').getByRole('alert')).toHaveCount(0);
  await day.fill(planned);
  await delivery.getByRole('button', { name: 'Calculer les tournées' }).click();
  await expect(delivery.locator('.form-result').getByRole('status')).toContainText('arrêt(s) planifié(s)', { timeout: 30_000 });
  await expect(delivery.locator('.form-result').getByRole('status')).toBeInViewport();
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

  // A home on the manifest: the driver can call the number the buyer gave at checkout.
  const home = sql(`SELECT rs.round_id || ' ' || o.delivery_phone FROM round_stops rs JOIN orders o ON o.id = rs.order_id
    WHERE o.delivery_phone <> '' ORDER BY rs.round_id LIMIT 1`).split(' ');
  await page.goto(`/hub/tournees/${home[0]}`);
  await expect(page.locator(`ol.manifest a[href="tel:${home[1]}"]`)).toBeVisible();
});

test('basket labels carry a QR code that opens the order at the pickup desk', async ({ page, request }) => {
  const cycle = sql(`SELECT cycle_id FROM orders ORDER BY id LIMIT 1`);
  // A basket collected at a pickup point: home deliveries are handed over from the manifest.
  const order = sql(`SELECT min(o.id) FROM orders o JOIN slots s ON s.id = o.slot_id
    WHERE o.cycle_id = ${cycle} AND o.status = 'confirmed' AND s.pickup_point_id IS NOT NULL`);
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/hub/cycles/${cycle}/preparation?par=etiquettes`);
  const qr = page.getByRole('img', { name: `QR code de la commande n° ${order} : à scanner au retrait` });
  await expect(qr).toBeVisible();
  // A home delivery's label says where it goes.
  const address = sql(`SELECT o.delivery_address FROM orders o JOIN slots s ON s.id = o.slot_id
    WHERE o.cycle_id = ${cycle} AND o.status = 'confirmed' AND s.zone_id IS NOT NULL ORDER BY o.id LIMIT 1`);
  await expect(page.locator('.label-address', { hasText: address }).first()).toBeVisible();
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

// The pickup desk on a phone: only baskets collected at a pickup point, each with its contents
// and what is due; money is recorded only when staff say it was received.
test('the pickup desk shows each basket and records a payment only when told', async ({ page }) => {
  const cycle = sql(`SELECT cycle_id FROM orders ORDER BY id LIMIT 1`);
  const [order, total] = sql(`SELECT o.id, o.total_cents FROM orders o JOIN slots s ON s.id = o.slot_id
    WHERE o.cycle_id = ${cycle} AND o.status = 'confirmed' AND s.pickup_point_id IS NOT NULL
      AND o.payment_method = 'pickup' AND o.collected_at IS NULL AND o.total_cents > 0 ORDER BY o.id LIMIT 1`).split('|');
  const home = sql(`SELECT min(o.id) FROM orders o JOIN slots s ON s.id = o.slot_id
    WHERE o.cycle_id = ${cycle} AND o.status = 'confirmed' AND s.zone_id IS NOT NULL`);
  const item = sql(`SELECT product_name FROM order_lines WHERE order_id = ${order} AND quantity > missing ORDER BY product_name LIMIT 1`);
  const euros = (cents) => (Number(cents) / 100).toFixed(2).replace('.', ',') + '\u00a0€';
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/retrait?cycle=${cycle}`);
  await page.waitForLoadState('load');
  const search = page.getByLabel('Nom, e-mail ou n° de commande');
  expect((await search.boundingBox())?.width).toBeGreaterThan(150);
  // A home delivery is not handed over here.
  await search.fill(home);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByText('Aucune commande trouvée.')).toBeVisible();
  await page.getByLabel('Nom, e-mail ou n° de commande').fill(order);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${order}`));
  await page.waitForLoadState('load');
  const card = page.locator('.desk-order');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(`n° ${order}`);
  await expect(card.locator('.basket-contents')).toContainText(item);
  await expect(card).toContainText(`À encaisser : ${euros(total)}`);
  await expect(card.locator('input[type="checkbox"]')).toHaveCount(0);
  // Handed over without the money: none recorded, still due.
  await card.getByRole('button', { name: 'Remettre sans encaisser' }).click();
  await expect(card.getByRole('status')).toContainText(`Commande n° ${order} enregistrée.`);
  await expect(card).toContainText('Remise');
  expect(sql(`SELECT paid_cents FROM orders WHERE id = ${order}`)).toBe('0');
  await card.getByRole('button', { name: `Paiement reçu (${euros(total)})` }).click();
  await expect(card).toContainText('déjà payée');
  expect(sql(`SELECT paid_cents FROM orders WHERE id = ${order}`)).toBe(total);
});

test('without JavaScript, the desk hands a basket over with its payment', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const cycle = sql(`SELECT cycle_id FROM orders ORDER BY id LIMIT 1`);
  const found = sql(`SELECT o.id, o.total_cents FROM orders o JOIN slots s ON s.id = o.slot_id
    WHERE o.cycle_id = ${cycle} AND o.status = 'confirmed' AND s.pickup_point_id IS NOT NULL
      AND o.payment_method = 'pickup' AND o.collected_at IS NULL AND o.total_cents > 0 ORDER BY o.id LIMIT 1`);
  test.skip(!found, 'every pickup basket of the demo is handed over already');
  const [order, total] = found.split('|');
  const euros = (cents) => (Number(cents) / 100).toFixed(2).replace('.', ',') + '\u00a0€';
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/retrait?cycle=${cycle}&q=${order}`);
  const card = page.locator('.desk-order');
  await card.getByRole('button', { name: `Paiement reçu (${euros(total)}) et panier remis` }).click();
  await expect(page.locator('.desk-order')).toContainText('Remise');
  await expect(page.locator('.desk-order')).toContainText('déjà payée');
  expect(sql(`SELECT paid_cents FROM orders WHERE id = ${order}`)).toBe(total);
  await context.close();
});

// Last: marking the cycle delivered ends reception and rounds.
test('marking a cycle delivered asks for confirmation, with or without JavaScript, and says what it did', async ({ browser }) => {
  const cycle = sql(`SELECT cycle_id FROM orders ORDER BY id LIMIT 1`);
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await signIn(plain, 'hub@maillon.test');
  await plain.goto(`/hub/cycles/${cycle}`);
  await expect(plain.getByRole('button', { name: 'Marquer comme livré' })).toBeHidden();
  await plain.locator('details.confirm summary', { hasText: 'Marquer comme livré' }).click();
  await expect(plain.locator('details.confirm[open]')).toContainText('C\'est définitif');
  await expect(plain.locator('details.confirm[open]').getByRole('button', { name: 'Marquer comme livré' })).toBeVisible();
  await noJs.close();
  expect(sql(`SELECT status FROM order_cycles WHERE id = ${cycle}`)).toBe('closed');

  const page = await browser.newPage();
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/hub/cycles/${cycle}`);
  await page.waitForLoadState('load');
  await page.locator('details.confirm summary', { hasText: 'Marquer comme livré' }).click();
  await page.locator('details.confirm[open]').getByRole('button', { name: 'Marquer comme livré' }).click();
  await expect(page.locator('.form-result [role="status"]')).toContainText('Cycle marqué livré');
  await expect(page.locator('.status').first()).toHaveText('Livré');
  expect(sql(`SELECT reception_completed_at IS NOT NULL FROM order_cycles WHERE id = ${cycle}`)).toBe('t');
});
