// @ts-check
// Dates, times and numbers as each language writes them (issue 13, item 10), on the shop's
// closing time, a resident's order and the hub's packing labels.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

const ISO = /\d{4}-\d{2}-\d{2}/;

async function english(page) {
  await page.goto('/');
  await page.getByLabel('Langue').selectOption('en');
  await page.getByRole('button', { name: 'Changer' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

test('French dates read "13 déc. 2026 à 20 h 00", English ones "13 Dec 2026, 20:00"', async ({ browser }) => {
  const fr = await browser.newPage();
  await fr.goto('/boutique');
  const frText = await fr.locator('main').innerText();
  expect(frText).toMatch(/\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4} à \d{1,2} h \d{2}/);
  expect(frText).not.toMatch(ISO);

  const en = await browser.newPage();
  await english(en);
  await en.goto('/boutique');
  const enText = await en.locator('main').innerText();
  expect(enText).toMatch(/\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}/);
  expect(enText).not.toMatch(ISO);
  expect(enText).not.toMatch(/ : /);
});

test('an order in English has no French number signs, and its slot reads in English', async ({ page }) => {
  await signIn(page, 'amadou.diallo@maillon.test');
  await english(page);
  const order = sql(`SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id
    WHERE u.email = 'amadou.diallo@maillon.test' ORDER BY o.id LIMIT 1`);
  await page.goto(`/commandes/${order}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/n°/);
  expect(text).not.toMatch(ISO);
  expect(text).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} – \d{2}:\d{2}/);
});
