// @ts-check
// Member credit on a phone: hub staff record cash a member left at the hub, after confirming;
// the member pays a basket with that credit, and their statement shows both movements with
// the balance each left.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

const MEMBER = 'zoe.lemaire@maillon.test';

test('cash left at the hub becomes credit that pays a basket', async ({ browser }) => {
  const hub = await browser.newPage();
  await signIn(hub, 'hub@maillon.test');
  await hub.getByRole('link', { name: 'Avoirs' }).first().click();
  await expect(hub.getByRole('heading', { name: 'Avoirs des membres' })).toBeVisible();
  await hub.getByLabel('Adresse e-mail du membre').fill(MEMBER);
  await hub.getByLabel('Montant reçu').fill('30');
  await hub.getByLabel(/^Note/).fill('espèces');
  await hub.locator('summary', { hasText: 'Enregistrer' }).click();
  await expect(hub.getByText('Confirmez que vous avez reçu cet argent')).toBeVisible();
  await hub.getByRole('button', { name: 'Confirmer' }).click();
  await expect(hub.getByText('Enregistré.')).toBeVisible();
  await expect(hub.locator('li', { hasText: 'Zoé Lemaire' })).toContainText('30,00');
  // Hub staff record money received; adjusting a credit is the board's.
  await expect(hub.getByRole('heading', { name: 'Ajuster un avoir' })).toHaveCount(0);
  const width = await hub.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await hub.screenshot({ path: 'test-results/credit-accounts.png', fullPage: true });
  await hub.close();

  const variant = sql(`SELECT v.id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
    JOIN order_cycles c ON c.id = o.cycle_id
    WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1 AND v.retail_price_cents <= 1500
    ORDER BY v.id LIMIT 1`);
  sql(`UPDATE variants SET stock = greatest(stock, 20) WHERE id = ${variant}`);
  const price = Number(sql(`SELECT retail_price_cents FROM variants WHERE id = ${variant}`));
  const page = await browser.newPage();
  await signIn(page, MEMBER);
  await page.goto('/boutique');
  await page.locator(`#v${variant}`).getByRole('button').click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
  await page.goto('/panier');
  await page.locator('input[name="slot"]:not([disabled])').first().check();
  await expect(page.getByText('Solde disponible : 30,00 €')).toBeVisible();
  await page.getByLabel(/Payer avec mon avoir/).check();
  await page.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  const number = /\/commandes\/(\d+)/.exec(page.url())[1];

  await page.getByRole('link', { name: 'Mon avoir' }).first().click();
  await expect(page.getByRole('heading', { name: 'Mon avoir' })).toBeVisible();
  const left = (3000 - price) / 100;
  const euros = left.toFixed(2).replace('.', ',');
  await expect(page.locator('p.total')).toContainText(euros);
  const payment = page.locator('li', { hasText: 'Paiement de commande' });
  await expect(payment).toContainText(`Commande n° ${number}`);
  await expect(page.locator('li', { hasText: 'Recharge reçue au hub' })).toContainText('espèces');
  const phone = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(phone).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/credit-statement.png', fullPage: true });
  await page.close();
});
