// @ts-check
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

// A 64×48 PNG; the server checks the bytes, not the name.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAZElEQVR4nO3PUQkAIBTAwBfMJGYytCH8OITBAtxmn/V1wwUNaEEDWtCAFjSgBQ1oQQNa0IAWNKAFDWhBA1rQgBY0oAUNaEEDWtCAFjSgBQ1oQQNa0IAWNKAFDWhBA1rQgBY8dgE2ipjEe44w5QAAAABJRU5ErkJggg==',
  'base64',
);

test('a producer adds a product with a photo and two variants; a resident finds it by search', async ({ browser }) => {
  const name = `Pâté de canard ${Date.now()}`;
  const producer = await browser.newPage();
  await signIn(producer, 'producteur@maillon.test');
  await producer.goto('/producteur');
  await expect(producer.getByRole('heading', { name: 'Ferme du Vert Bocage' })).toBeVisible();
  await producer.getByRole('link', { name: 'Ajouter un produit' }).click();
  await expect(producer.getByRole('heading', { name: 'Nouveau produit' })).toBeVisible();

  // The form is a plain post: a refused one comes back with the error and the form afresh.
  const fillForm = async (secondPrice) => {
    await producer.getByLabel('Produit', { exact: true }).fill(name);
    await producer.getByLabel('Description').fill('Terrine au poivre vert, en bocal.');
    await producer.getByLabel('Catégorie').selectOption('epicerie');
    await producer.getByLabel('Vendu au').selectOption('g');
    const first = producer.locator('fieldset.variant-fields').nth(0);
    await first.getByLabel('Quantité').fill('180');
    await first.getByLabel('Prix habitant (€ TTC)').fill('5,90');
    await first.getByLabel('Stock', { exact: true }).fill('12');
    // The second variant waits, folded, until asked for.
    const second = producer.locator('fieldset.variant-fields').nth(1);
    if (!(await second.getByLabel('Quantité').isVisible())) await producer.locator('details.more-variant > summary').click();
    await second.getByLabel('Quantité').fill('350');
    await second.getByLabel('Prix habitant (€ TTC)').fill(secondPrice);
    await second.getByLabel('Stock', { exact: true }).fill('3');
    await producer.getByRole('button', { name: 'Enregistrer' }).click();
  };
  await fillForm('abc');
  // A bad price is reported with its variant, and nothing is saved.
  await expect(producer.getByRole('alert')).toContainText('Déclinaison 2');
  expect(sql(`SELECT count(*) FROM products WHERE name = '${name}'`)).toBe('0');
  await fillForm('10,50');
  await expect(producer).toHaveURL(/\/producteur\/produits\/\d+\?enregistre=1/);
  await expect(producer.getByRole('status').first()).toContainText('Enregistré');

  await producer.getByLabel('Ajouter une photo').setInputFiles({ name: 'bocal.png', mimeType: 'image/png', buffer: PNG });
  await producer.getByRole('button', { name: 'Envoyer' }).click();
  await expect(producer.getByText('Photo ajoutée.')).toBeVisible();
  await expect(producer.locator('.gallery img')).toHaveCount(1);

  const resident = await browser.newPage();
  await signIn(resident, 'habitant@maillon.test');
  await resident.goto('/catalogue');
  await resident.getByLabel('Rechercher un produit').fill('pate de canard');
  await resident.getByRole('button', { name: 'Rechercher' }).click();
  const card = resident.locator('.product').filter({ hasText: name });
  await expect(card).toBeVisible();
  await expect(card.locator('img')).toHaveCount(1);
  await expect(card).toContainText('180 g');
  await expect(card).toContainText('32,78\u00a0€/kg');
  await expect(card).toContainText('Plus que 3');
  await card.getByRole('link', { name }).click();
  await expect(resident.getByRole('heading', { name: 'Où va votre argent' })).toBeVisible();
  await expect(resident.getByText('Au producteur')).toBeVisible();
});

test('bulk edit saves all rows or none', async ({ page }) => {
  await signIn(page, 'fromagerie@maillon.test');
  await page.goto('/producteur/edition');
  const prices = page.locator('input[name$="[retail_price]"]');
  await expect(prices.first()).toBeVisible();
  await prices.nth(0).fill('6,10');
  await prices.nth(1).fill('deux euros');
  await page.getByRole('button', { name: 'Tout enregistrer' }).click();
  await expect(page.getByRole('alert')).toContainText('Rien n\'a été enregistré');
  await expect(page.getByRole('alert')).toContainText('Ligne 2');
  // The message stands beside the button just pressed, not at the top of a long table.
  await expect(page.getByRole('alert')).toBeInViewport();
  await page.reload();
  await expect(prices.nth(0)).toHaveValue('4,50');
  await prices.nth(0).fill('6,10');
  await page.getByRole('button', { name: 'Tout enregistrer' }).click();
  await expect(page.getByRole('status').first()).toContainText('Toutes les lignes ont été enregistrées');
  await expect(page.getByRole('status').first()).toBeInViewport();
  await page.reload();
  await expect(prices.nth(0)).toHaveValue('6,10');
});

test('a product page shows trade terms to a shopkeeper only', async ({ browser }) => {
  const shopkeeper = await browser.newPage();
  await signIn(shopkeeper, 'commerce@maillon.test');
  await shopkeeper.goto('/catalogue?q=poireaux');
  await shopkeeper.locator('.product').first().getByRole('link').first().click();
  await expect(shopkeeper.getByRole('heading', { name: 'Où va votre argent' })).toBeVisible();
  await expect(shopkeeper.locator('.variant .trade').first()).toContainText(/Prix pro .* · colis de \d+/);

  const resident = await browser.newPage();
  await signIn(resident, 'habitant@maillon.test');
  await resident.goto(shopkeeper.url());
  await expect(resident.getByRole('heading', { name: 'Où va votre argent' })).toBeVisible();
  await expect(resident.locator('.variant .trade')).toHaveCount(0);
  await expect(resident.getByText('Prix pro')).toHaveCount(0);
});
