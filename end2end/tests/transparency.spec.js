// @ts-check
// The territory's figures on a phone: an anonymous visitor opens the transparency page from the
// footer, reads the year's figures (a table beside each chart) and downloads the open data as
// CSV, whose figures are the page's; the dictionary explains every column.
const { test, expect } = require('@playwright/test');
const { sql } = require('./helpers');

test('an anonymous visitor reads the figures and downloads the CSV', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Transparence' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Transparence' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Année \d{4}$/ }).first()).toBeVisible();
  await expect(page.getByRole('img', { name: /Émissions par cycle/ }).first()).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/transparency.png', fullPage: true });

  // The year's sales on the page are the stored figures', in euros.
  const year = sql("SELECT max(year) FROM transparency_cycles");
  const cents = Number(sql(`SELECT sum(turnover_cents) FROM transparency_cycles WHERE year = ${year} AND households >= 5`));
  const euros = `${(cents / 100).toFixed(2).replace('.', ',')}`;
  await expect(page.locator('dl.figures').first()).toContainText(euros);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger en CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('transparence.csv');
  const csv = require('fs').readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '');
  const [header, first] = csv.trim().split('\n');
  const columns = header.split(';');
  const row = first.split(';');
  expect(row[columns.indexOf('periode')]).toBe(year);
  expect(row[columns.indexOf('chiffre_affaires_ttc_eur')]).toBe((cents / 100).toFixed(2));
  expect(csv).not.toContain('@');

  await page.getByRole('link', { name: 'Dictionnaire des données' }).click();
  await expect(page.getByRole('rowheader', { name: 'chiffre_affaires_ttc_eur' })).toBeVisible();
});
