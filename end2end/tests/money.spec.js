// @ts-check
// Money members can check, on a phone: a shop opens last week's invoice from its order and
// downloads its e-invoice XML; the board cancels an invoice with a credit note, after saying
// why and confirming; a producer opens their sales statement; the board batches the
// transfers into a SEPA file and records that the bank paid them; the board sets how a
// category's prices split and its product page shows it.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./helpers');

test('a shopkeeper opens an invoice from their order and downloads its e-invoice', async ({ page }) => {
  await signIn(page, 'commerce@maillon.test');
  await page.goto('/commandes');
  await page.getByRole('link', { name: /^Commande n° \d+$/ }).first().click();
  await expect(page.getByRole('heading', { name: 'Factures' })).toBeVisible();
  // Where the order's money went: producers, the cooperative, VAT, in euros and percent.
  await expect(page.getByRole('heading', { name: 'Où va votre argent' })).toBeVisible();
  await expect(page.getByText('Au producteur', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: /^Facture n° \d{4}-\d{6}$/ }).click();
  await expect(page.getByRole('heading', { name: /^Facture n° \d{4}-\d{6}$/ })).toBeVisible();
  await expect(page.getByText('SCIC Maillon Lille Métropole')).toBeVisible();
  await expect(page.getByText('SIREN 850123456')).toBeVisible();
  await expect(page.getByRole('table', { name: 'TVA par taux' })).toBeVisible();
  await expect(page.getByText('Total TTC', { exact: true })).toBeVisible();
  await expect(page.getByText(/indemnité forfaitaire pour frais de recouvrement/)).toBeVisible();
  // The page fits a phone: nothing wider than the screen.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/invoice.png', fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Facture électronique (XML EN 16931)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^facture-\d{4}-\d{6}\.xml$/);
  const xml = require('fs').readFileSync(await file.path(), 'utf8');
  expect(xml).toContain('urn:cen.eu:en16931:2017');
  expect(xml).toContain('<ram:ID schemeID="0002">850123456</ram:ID>');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
});

test('the board cancels an invoice with a credit note', async ({ page }) => {
  await signIn(page, 'conseil@maillon.test');
  await page.getByRole('link', { name: 'Factures' }).first().click();
  await expect(page.getByRole('heading', { name: 'Factures et avoirs' })).toBeVisible();
  await page.getByRole('link', { name: /^Facture n° \d{4}-\d{6}$/ }).last().click();
  const title = await page.getByRole('heading', { level: 1 }).textContent();
  await page.locator('summary', { hasText: 'Annuler par un avoir' }).click();
  await expect(page.getByText('Une facture émise n\'est jamais supprimée')).toBeVisible();
  await page.getByLabel('Motif de l\'annulation').fill('Panier non retiré, remboursé');
  await page.getByRole('button', { name: 'Annuler par un avoir' }).click();
  await expect(page.getByRole('heading', { name: /^Avoir n° \d{4}-\d{6}$/ })).toBeVisible();
  await expect(page.getByText(`Annule la facture n° ${(title || '').replace('Facture n° ', '')}`)).toBeVisible();
  await expect(page.getByText('Panier non retiré, remboursé')).toBeVisible();
});

test('a producer opens their sales statement from last week', async ({ page }) => {
  await signIn(page, 'producteur@maillon.test');
  await page.goto('/producteur');
  await page.getByRole('link', { name: 'Mes relevés' }).first().click();
  await expect(page.getByRole('heading', { name: 'Mes relevés de ventes' })).toBeVisible();
  await expect(page.getByText(/payé le/)).toBeVisible();
  await page.getByRole('link', { name: /^Relevé de ventes : Semaine du/ }).first().click();
  await expect(page.getByRole('heading', { name: /^Relevé de ventes : Semaine du/ })).toBeVisible();
  await expect(page.getByText('Poireaux — 1 kg')).toBeVisible();
  await expect(page.getByText('À vous verser', { exact: true })).toBeVisible();
  // Hugo's damaged unit came back after delivery: its part is deducted.
  await expect(page.getByRole('heading', { name: 'Retours déduits' })).toBeVisible();
  await expect(page.getByText('À vous verser, retours déduits')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/statement.png', fullPage: true });
});

test('the board prepares a SEPA transfer batch and marks it paid', async ({ page }) => {
  await signIn(page, 'conseil@maillon.test');
  await page.getByRole('link', { name: 'Versements' }).first().click();
  await expect(page.getByRole('heading', { name: 'Versements aux producteurs' })).toBeVisible();
  await page.locator('summary', { hasText: 'Préparer un lot de virements' }).click();
  await page.getByRole('button', { name: 'Préparer un lot de virements' }).click();
  await expect(page.getByText('Lot préparé : téléchargez son fichier SEPA.')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Fichier SEPA (pain.001)' }).first().click();
  const file = await download;
  const xml = require('fs').readFileSync(await file.path(), 'utf8');
  expect(xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.03');
  const batch = page.locator('li', { has: page.locator('summary', { hasText: 'Marquer comme payé' }) }).first();
  await batch.locator('summary', { hasText: 'Marquer comme payé' }).click();
  await batch.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.getByText('Lot marqué payé.')).toBeVisible();
});

test('the board reads the year\'s accounts and downloads them for the accountant', async ({ page }) => {
  await signIn(page, 'conseil@maillon.test');
  await page.getByRole('link', { name: 'Comptes' }).first().click();
  await expect(page.getByRole('heading', { name: /^Comptes de l'année \d{4}$/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Total de l\'année' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'TVA par taux' })).toBeVisible();
  await expect(page.getByText('Part des producteurs').first()).toBeVisible();
  // The solidarity fund's year: the donation in, the solidarity prices paid out.
  await expect(page.getByRole('heading', { name: 'Fonds de solidarité' })).toBeVisible();
  await expect(page.getByText('Entrées du fonds dans l\'année')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/accounts.png', fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger pour le comptable (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^comptes-\d{4}\.csv$/);
  const csv = require('fs').readFileSync(await file.path(), 'utf8');
  expect(csv).toContain('cycle;factures;avoirs;ca_ttc;tva;ca_ht;part_producteurs;part_hub;part_solidarite;part_cooperative');
  expect(csv).toContain('fonds de solidarite donation;;;150.00;;;;');
});

test('the board sets how a category\'s prices split and its product page shows it', async ({ page }, testInfo) => {
  // One category per project, as both run at once.
  const [category, search, hub] = testInfo.project.name === 'js'
    ? ['Pain', 'levain', '0,36']
    : ['Boissons', 'jus', '0,30'];
  await signIn(page, 'conseil@maillon.test');
  await page.goto('/conseil/reglages');
  await expect(page.getByRole('heading', { name: 'Où va l\'argent : la répartition des prix' })).toBeVisible();
  await expect(page.getByText('Catégorie : Œufs')).toBeVisible();
  const form = page.locator('form', { has: page.getByLabel('S\'applique à') });
  await form.getByLabel('S\'applique à').selectOption({ label: category });
  await form.getByLabel('Logistique du hub (% du HT)').fill('10');
  await form.getByLabel('Marge de la coopérative (% du HT)').fill('45');
  await form.getByLabel('Contribution au fonds de solidarité (% du HT)').fill('2');
  await form.getByRole('button', { name: 'Ajouter ou remplacer une règle' }).click();
  await expect(page.getByText('Les trois parts ensemble ne peuvent dépasser 50 % du prix hors TVA.')).toBeVisible();
  await form.getByLabel('S\'applique à').selectOption({ label: category });
  await form.getByLabel('Logistique du hub (% du HT)').fill('10');
  await form.getByLabel('Marge de la coopérative (% du HT)').fill('5');
  await form.getByLabel('Contribution au fonds de solidarité (% du HT)').fill('2');
  await form.getByRole('button', { name: 'Ajouter ou remplacer une règle' }).click();
  await expect(page.getByText('Règle enregistrée.')).toBeVisible();
  const rule = page.locator('li', { hasText: `Catégorie : ${category}` });
  await expect(rule).toContainText('hub 10 % · marge 5 % · solidarité 2 % · producteur 83 % (du HT)');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: `test-results/split-${testInfo.project.name}.png`, fullPage: true });

  // The category's product page splits its price by the new rule.
  await page.goto(`/catalogue?q=${search}`);
  await page.locator('.product').first().getByRole('link').first().click();
  const share = page.locator('.share-list');
  await expect(share).toContainText('À la logistique du hub');
  await expect(share).toContainText(hub);
  await expect(share).toContainText('Au fonds de solidarité');

  // Deleting the rule asks first.
  await page.goto('/conseil/reglages');
  await rule.locator('summary', { hasText: 'Supprimer la règle' }).click();
  await expect(rule.getByText('Supprimer cette règle ?')).toBeVisible();
  await rule.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.locator('li', { hasText: `Catégorie : ${category}` })).toHaveCount(0);
});
