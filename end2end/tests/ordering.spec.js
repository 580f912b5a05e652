// @ts-check
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');
const { waitForLink } = require('./mail');

/** A counted variant of the open cycle sold by the piece, with `stock` units left. */
function scarceVariant(stock, skip = 0) {
  const id = sql(`SELECT v.id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
    JOIN order_cycles c ON c.id = o.cycle_id
    WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1 ORDER BY v.id OFFSET ${skip} LIMIT 1`);
  sql(`UPDATE variants SET stock = ${stock} WHERE id = ${id}`);
  return id;
}

async function addToCart(page, variantId) {
  await page.goto('/boutique');
  const line = page.locator(`#v${variantId}`);
  await line.getByRole('button').click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
}

async function checkout(page) {
  await page.goto('/panier');
  await page.locator('input[name="slot"]:not([disabled])').first().check();
  await page.getByRole('button', { name: 'Confirmer la commande' }).click();
}

test('a resident goes from the home page to a confirmed pickup order and gets the email', async ({ page }) => {
  const variant = scarceVariant(20);
  await signIn(page, 'habitant@maillon.test');
  await page.goto('/');
  await page.getByRole('link', { name: 'Voir les produits de la semaine' }).click();
  await expect(page).toHaveURL(/\/boutique/);
  await page.locator(`#v${variant}`).getByRole('button').click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
  await expect(page.locator(`#v${variant}`)).toContainText('1 au panier');
  await page.getByRole('link', { name: /Panier \(1\)/ }).click();
  await expect(page.getByRole('heading', { name: 'Mon panier' })).toBeVisible();
  await page.locator('input[name="slot"]:not([disabled])').first().check();
  await page.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  await expect(page.getByRole('status')).toContainText('Votre commande est confirmée');
  const number = /\/commandes\/(\d+)/.exec(page.url())[1];
  await expect(page.getByRole('heading', { name: `Commande n° ${number}` })).toBeVisible();
  const link = await waitForLink('habitant@maillon.test', new RegExp(`Votre commande n° ${number} est confirmée`));
  expect(link).toBe(`/commandes/${number}`);
});

test('a shopkeeper orders a whole case at the trade price', async ({ page }) => {
  await signIn(page, 'commerce@maillon.test');
  await page.goto('/boutique');
  await expect(page.getByText('Prix professionnels, par colis').first()).toBeVisible();
  const line = page.locator('li.variant').filter({ hasText: /colis de ([2-9]|\d{2,})/ }).first();
  const caseSize = /colis de (\d+)/.exec(await line.innerText())[1];
  const price = (await line.locator('.price').innerText()).trim();
  await line.getByRole('button', { name: /Ajouter au panier/ }).click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
  await page.goto('/panier');
  await expect(page.locator('input.qty').first()).toHaveValue(caseSize);
  await expect(page.locator('table.lines tbody')).toContainText(price);
  await page.locator('input[name="slot"]:not([disabled])').first().check();
  await page.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  await expect(page.locator('table.lines tbody')).toContainText(caseSize);
});

test('the buyer who loses the race for the last unit is told, and nothing is half-saved', async ({ browser }) => {
  const variant = scarceVariant(1, 1);
  // Two buyers, each in their own browser context.
  const first = await browser.newPage();
  const late = await browser.newPage();
  await signIn(first, 'jules.denis@maillon.test');
  await signIn(late, 'habitant@maillon.test');
  await addToCart(first, variant);
  await addToCart(late, variant);
  await checkout(first);
  await expect(first).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  await checkout(late);
  await expect(late.getByRole('alert').first()).toContainText('Stock insuffisant');
  await expect(late.getByRole('alert').first()).toContainText('épuisé');
  expect(sql(`SELECT stock FROM variants WHERE id = ${variant}`)).toBe('0');
  await first.close();
  await late.close();
});

test('a cycle that closes refuses a checkout started before', async ({ page }) => {
  const variant = scarceVariant(10, 2);
  await signIn(page, 'habitant@maillon.test');
  await addToCart(page, variant);
  await page.goto('/panier');
  await page.locator('input[name="slot"]:not([disabled])').first().check();
  const cycle = sql("SELECT id FROM order_cycles WHERE status = 'open' LIMIT 1");
  const closes = sql(`SELECT closes_at FROM order_cycles WHERE id = ${cycle}`);
  sql(`UPDATE order_cycles SET closes_at = now() - interval '1 second' WHERE id = ${cycle}`);
  try {
    await page.getByRole('button', { name: 'Confirmer la commande' }).click();
    await expect(page.getByRole('alert')).toContainText('Les commandes de ce cycle sont closes');
    expect(sql(`SELECT stock FROM variants WHERE id = ${variant}`)).toBe('10');
  } finally {
    sql(`UPDATE order_cycles SET closes_at = '${closes}', status = 'open' WHERE id = ${cycle}`);
  }
});
