// @ts-check
// Value chains on a phone: the local authority's partner opens the territory's flows for the
// last twelve months (the demo's past cycle), reads the diagram's tables, narrows the period;
// a resident has no access.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('a local authority reads where the food comes from and goes', async ({ page }) => {
  await signIn(page, 'collectivite@maillon.test');
  await page.getByRole('link', { name: 'Filières' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Filières du territoire' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Flux des communes des producteurs/ })).toBeVisible();
  const origins = page.locator('table', { has: page.locator('caption', { hasText: 'Communes des producteurs' }) });
  await expect(origins.locator('tbody tr').first()).toBeVisible();
  // The page's period (the last twelve months by default), as its form shows it.
  const from = await page.getByLabel('Du', { exact: true }).inputValue();
  const to = await page.getByLabel('Au', { exact: true }).inputValue();
  const grams = Number(sql(`SELECT sum(grams) FROM transparency_flows WHERE closed_on BETWEEN '${from}' AND '${to}'`));
  expect(grams).toBeGreaterThan(0);
  const kg = (grams / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 }).replace(/\u202f| /g, '\u202f');
  await expect(page.locator('dl.figures')).toContainText('Livré');
  await expect(page.locator('dl.figures')).toContainText(kg.split(',')[0]);
  await expect(page.locator('dl.figures')).toContainText('Produit à moins de 50 km du hub');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/value-chains.png', fullPage: true });

  // A period before any delivery, then one the wrong way round.
  await page.getByLabel('Du', { exact: true }).fill('2020-01-01');
  await page.getByLabel('Au', { exact: true }).fill('2020-06-30');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page.getByText('Aucun cycle livré sur cette période.')).toBeVisible();
  const wrong = await page.goto('/territoire/filieres?du=2021-06-01&au=2020-01-01');
  expect(wrong?.status()).toBe(422);
  await expect(page.getByRole('alert')).toContainText('Choisissez une période d\'un an au plus');
  // The form stays, with the dates as typed, to mend them.
  await expect(page.getByLabel('Du', { exact: true })).toHaveValue('2021-06-01');
  await page.getByLabel('Du', { exact: true }).fill('2019-06-01');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page.getByText('Aucun cycle livré sur cette période.')).toBeVisible();
});

test('a resident cannot read the value chains', async ({ page }) => {
  await signIn(page, 'habitant@maillon.test');
  await expect(page.getByRole('link', { name: 'Filières' })).toHaveCount(0);
  const response = await page.goto('/territoire/filieres');
  expect(response?.status()).toBe(403);
});

test('the board publishes the value chains as open data', async ({ page }) => {
  const anonymous = await page.context().browser().newPage();
  expect((await anonymous.request.get('/donnees/filieres.csv')).status()).toBe(404);
  await signIn(page, 'conseil@maillon.test');
  await page.goto('/conseil/reglages');
  await page.getByLabel('Publier aussi les filières en données ouvertes').check();
  await page.locator('form', { has: page.locator('#value-chains-open') }).getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByLabel('Publier aussi les filières en données ouvertes')).toBeChecked();
  await anonymous.goto('/donnees');
  await expect(anonymous.getByRole('link', { name: 'Filières (CSV)' })).toBeVisible();
  const csv = await anonymous.request.get('/donnees/filieres.csv');
  expect(csv.status()).toBe(200);
  expect((await csv.text()).replace(/^\uFEFF/, '').split('\n')[0]).toBe('annee;commune_producteurs;categorie;destination;kg_livres;ventes_ttc_eur;livraisons_foyers');
});
