// @ts-check
// Returns after delivery, on a phone: hub staff take back a damaged unit of last week's
// basket, after confirming; the buyer sees the refund and the credit note on their order.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./helpers');

test('hub staff take back a unit and the buyer sees the refund on their order', async ({ browser }) => {
  const hub = await browser.newPage();
  await signIn(hub, 'hub@maillon.test');
  await hub.getByRole('link', { name: 'Retours' }).first().click();
  await expect(hub.getByRole('heading', { name: 'Retours après livraison' })).toBeVisible();
  // The demo's return of last week: Hugo's damaged unit, with its credit note.
  const latest = hub.locator('li', { hasText: 'Abîmé à la livraison' });
  await expect(latest).toContainText(/remboursé/);
  await expect(latest.getByRole('link', { name: /^Avoir n° \d{4}-\d{6}$/ })).toBeVisible();
  await latest.getByRole('link', { name: /^Commande n° \d+$/ }).click();
  const title = hub.getByRole('heading', { name: /^Commande n° \d+ · / });
  await expect(title).toContainText('Hugo');
  const order = ((await title.textContent()) || '').match(/n° (\d+)/)?.[1];

  const line = hub.locator('li', { has: hub.getByRole('spinbutton', { name: 'Unités rendues' }) }).first();
  await line.getByLabel('Unités rendues').fill('1');
  await line.getByLabel('Motif (figure sur l\'avoir)').fill('Trop mûr');
  await line.locator('summary', { hasText: 'Enregistrer le retour' }).click();
  await expect(line.getByText('Le remboursement, l\'avoir et la déduction au producteur sont définitifs.')).toBeVisible();
  await line.getByRole('button', { name: 'Confirmer' }).click();
  await expect(hub.getByText('Retour enregistré : l\'acheteur est remboursé.')).toBeVisible();
  await expect(hub.locator('li', { hasText: 'Trop mûr' }).first()).toBeVisible();
  const width = await hub.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await hub.screenshot({ path: 'test-results/returns.png', fullPage: true });

  const buyer = await browser.newPage();
  await signIn(buyer, 'hugo.bernard@maillon.test');
  await buyer.goto(`/commandes/${order}`);
  await expect(buyer.getByRole('heading', { name: 'Retours après livraison' })).toBeVisible();
  await expect(buyer.getByText('Trop mûr')).toBeVisible();
  await expect(buyer.getByText('Abîmé à la livraison')).toBeVisible();
  await buyer.getByRole('link', { name: /^Avoir n° \d{4}-\d{6}$/ }).first().click();
  await expect(buyer.getByText(/^Avoir partiel \(retour\) sur la facture n° /)).toBeVisible();
});
