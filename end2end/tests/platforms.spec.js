// @ts-check
// Another platform's access on a phone: the board issues CoopCircuits a token for a member's
// account, sees it once, the platform reads that member's orders through the DFC API with it,
// and the board revokes it after a confirmation.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./helpers');

test('the board issues a platform a token, shown once, and revokes it', async ({ page, request }) => {
  await signIn(page, 'conseil@maillon.test');
  await page.goto('/conseil/plateformes');
  await expect(page.getByText('Aucun jeton pour l\'instant.')).toBeVisible();
  await page.getByLabel('Plateforme', { exact: true }).fill('CoopCircuits');
  await page.getByLabel('E-mail du membre pour qui elle commande').fill('habitant@maillon.test');
  await page.getByRole('button', { name: 'Créer un jeton' }).click();
  await expect(page.getByText('Jeton de CoopCircuits, à copier maintenant')).toBeVisible();
  const token = (await page.locator('#issued-token').textContent() || '').trim();
  expect(token.length).toBeGreaterThanOrEqual(40);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/platform-token.png', fullPage: true });

  const orders = () => request.get('/dfc/orders', { headers: { authorization: `Bearer ${token}` } });
  const read = await orders();
  expect(read.status()).toBe(200);
  expect(read.headers()['content-type']).toBe('application/ld+json');
  expect((await read.json())['@graph'].some((o) => o['@type'] === 'dfc-b:Order')).toBe(true);

  // Shown once: the page no longer holds it, and says when it was last used.
  await page.goto('/conseil/plateformes');
  await expect(page.locator('#issued-token')).toHaveCount(0);
  const item = page.locator('li', { hasText: 'CoopCircuits' });
  await expect(item).toContainText('Pour habitant@maillon.test');
  await expect(item).toContainText('Dernier usage');

  await item.locator('summary', { hasText: 'Révoquer' }).click();
  await item.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.locator('li', { hasText: 'CoopCircuits' })).toContainText('Révoqué le');
  expect((await orders()).status()).toBe(401);
});
