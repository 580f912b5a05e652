const { chromium } = require('@playwright/test');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  const base = 'http://127.0.0.1:3170';
  await page.goto(base + '/connexion');
  await page.getByLabel('Adresse e-mail').fill('mehdi.rahmani@maillon.test');
  await page.getByLabel('Mot de passe', { exact: true }).fill('maillon-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.goto(base + '/boutique');
  await page.locator('form button').filter({ hasText: 'Ajouter' }).first().click();
  await page.goto(base + '/panier');
  await page.waitForLoadState('load');
  await page.locator('input[name="slot"][data-delivery="false"]').first().check();
  await page.locator('input.qty').first().fill('12');
  await page.getByRole('button', { name: 'Mettre à jour le panier' }).click();
  await page.waitForLoadState('load');
  const delivery = page.locator('input[name="slot"][data-delivery="true"]').first();
  console.log('delivery enabled', await delivery.isEnabled());
  await delivery.check();
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(500);
    console.log(i, 'hydrated', await page.locator('html[data-hydrated]').count(), 'total', (await page.locator('dl.checkout-total').innerText()).replace(/\n/g, ' '));
  }
  console.log(await page.locator('leptos-island').first().evaluate((e) => e.getAttribute('data-props')));
  await browser.close();
})();
