// @ts-check
// Buying this week's products on a phone, with and without JavaScript: from the home page, the
// catalogue and a product page into the cart; a checkout that shows the real total; an order
// page that says what just happened; sizes shown everywhere; a product added during the cycle.
// Runs before reception.spec.js (files run in name order), which closes the demo cycle.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

/** The demo's apple juice bottle: a named variant ("Bouteille", 1 L at 3,20 €), in stock. */
function juice() {
  const [variant, product] = sql(`SELECT v.id || ',' || v.product_id FROM variants v WHERE v.name = 'Bouteille' LIMIT 1`).split(',');
  sql(`UPDATE variants SET stock = 500 WHERE id = ${variant}`);
  return { variant, product };
}

/** Another product of the open cycle, in stock: the farm milk. */
function milk() {
  const variant = sql(`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE p.name = 'Lait entier' LIMIT 1`);
  sql(`UPDATE variants SET stock = 500 WHERE id = ${variant}`);
  return variant;
}

function openCycle() {
  return sql("SELECT id FROM order_cycles WHERE status = 'open' ORDER BY closes_at LIMIT 1");
}

async function hydrated(page) {
  await page.waitForLoadState('load');
}

test('the home page leads to this week\'s shop, and the catalogue and a product page add to the cart', async ({ page }) => {
  const { variant, product } = juice();
  await signIn(page, 'louis.lambert@maillon.test');
  await page.goto('/');
  await page.getByRole('link', { name: 'Voir les produits de la semaine' }).click();
  await expect(page).toHaveURL(/\/boutique/);
  await expect(page.locator(`#v${variant}`)).toContainText('Bouteille · 1 L');

  await page.goto('/catalogue?q=jus');
  await hydrated(page);
  const line = page.locator(`#v${variant}`);
  await line.getByRole('button', { name: /Ajouter au panier/ }).click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
  await expect(line).toContainText('1 au panier');

  await page.goto(`/produits/${product}`);
  await hydrated(page);
  await page.locator(`#v${variant}`).getByRole('button', { name: /Ajouter au panier/ }).click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
  await expect(page.locator(`#v${variant}`)).toContainText('2 au panier');
  await page.locator('.toast').getByRole('link', { name: 'Voir mon panier' }).click();
  await expect(page.getByRole('heading', { name: 'Mon panier' })).toBeVisible();
  await expect(page.locator('table.lines tbody')).toContainText('Jus de pomme — Bouteille · 1 L');
  await expect(page.locator('input.qty').first()).toHaveValue('2');
});

test('checkout shows the fee and the total, explains a delivery minimum and pays on delivery', async ({ page }) => {
  const { variant } = juice();
  // The cart's island (the total following the slot) loads and runs without an error.
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await signIn(page, 'mehdi.rahmani@maillon.test');
  await page.goto('/boutique');
  await hydrated(page);
  await page.locator(`#v${variant}`).getByRole('button').click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
  await page.goto('/panier');
  await hydrated(page);
  // 3,20 € in the basket: home delivery (from 25,00 €) cannot be chosen, and says why.
  const delivery = page.locator('input[name="slot"][data-delivery="true"]').first();
  await expect(delivery).toBeDisabled();
  await expect(page.locator('label.choice', { has: delivery })).toContainText('Livraison dès 25,00\u00a0€ d\'achats : il manque 21,80\u00a0€');
  await page.locator('input[name="slot"][data-delivery="false"]').first().check();
  await expect(page.locator('dl.checkout-total')).toContainText('3,20\u00a0€');
  await expect(page.getByText('Paiement au retrait', { exact: true })).toBeVisible();

  await page.locator('input.qty').first().fill('8');
  await page.getByRole('button', { name: 'Mettre à jour le panier' }).click();
  await expect(page.locator('table.lines tfoot')).toContainText('25,60\u00a0€');
  await expect(delivery).toBeEnabled();
  await expect(page.locator('label.choice', { has: delivery })).toContainText('Frais de livraison 4,00\u00a0€ · total 29,60\u00a0€');
  await delivery.check();
  if (test.info().project.use.javaScriptEnabled !== false) {
    // With script, the summary follows the chosen slot (the cart's island).
    await expect(page.locator('dl.checkout-total')).toContainText('4,00\u00a0€');
    await expect(page.locator('dl.checkout-total .total').last()).toHaveText('29,60\u00a0€');
  }
  // Home delivery is paid to the driver, never "at pickup".
  await expect(page.getByText('Paiement à la livraison', { exact: true })).toBeVisible();
  await expect(page.getByText('Paiement au retrait', { exact: true })).toBeHidden();
  await page.getByLabel('Adresse', { exact: true }).fill('98 rue Pierre Legrand');
  await page.getByLabel('Code postal').fill('59800');
  await page.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  await expect(page.locator('table.lines tfoot')).toContainText('Frais de livraison');
  await expect(page.locator('table.lines tfoot')).toContainText('29,60\u00a0€');
  await expect(page.getByText('Paiement à la livraison')).toBeVisible();
  expect(problems).toEqual([]);
});

test('the order page says what just happened, takes an added product and reorders only past cycles', async ({ page }) => {
  const { variant } = juice();
  const other = milk();
  await signIn(page, 'ines.moreau@maillon.test');
  await page.goto('/boutique');
  await hydrated(page);
  await page.locator(`#v${variant}`).getByRole('button').click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
  await page.goto('/panier');
  await hydrated(page);
  await page.locator('input[name="slot"]:not([disabled])').first().check();
  await page.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  await hydrated(page);
  await expect(page.getByRole('status')).toContainText('Votre commande est confirmée');
  await expect(page.locator('table.lines tbody')).toContainText('Jus de pomme — Bouteille · 1 L');
  // This cycle's order is changed, not ordered again.
  await expect(page.getByRole('button', { name: 'Commander à nouveau' })).toHaveCount(0);

  await page.locator(`#q-${variant}`).fill('2');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page).toHaveURL(/\?modifiee=1/);
  await expect(page.locator('.alert')).toHaveCount(1);
  await expect(page.getByRole('status')).toHaveText('Commande modifiée.');

  await page.getByLabel('Article', { exact: true }).selectOption(other);
  await page.getByLabel('Quantité', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Ajouter à la commande' }).click();
  await expect(page).toHaveURL(/\?ajoutee=1/);
  await expect(page.getByRole('status')).toHaveText('Produit ajouté à votre commande.');
  await expect(page.locator('table.lines tbody')).toContainText('Lait entier — 1 L');
  // The same rules as at checkout: no more than is left.
  sql(`UPDATE variants SET stock = 0 WHERE id = ${other}`);
  await page.getByLabel('Article', { exact: true }).selectOption(other);
  await page.getByRole('button', { name: 'Ajouter à la commande' }).click();
  await expect(page.getByRole('alert')).toContainText('Stock insuffisant');
  await expect(page.getByRole('status')).toHaveCount(0);
  sql(`UPDATE variants SET stock = 500 WHERE id = ${other}`);

  await page.locator('details.danger summary').click();
  await page.getByRole('button', { name: 'Oui, annuler la commande' }).click();
  await expect(page).toHaveURL(/\?annulee=1/);
  await expect(page.locator('.alert')).toHaveCount(1);
  await expect(page.getByRole('status')).toContainText('Votre commande est annulée');
  await expect(page.locator('.status').first()).toHaveText('Annulée');
});

test('a product added while a cycle is open is flagged to its producer and put on sale by hub staff', async ({ browser }) => {
  const name = `Miel de trèfle ${Date.now()}`;
  const producer = await browser.newPage();
  await signIn(producer, 'producteur@maillon.test');
  await producer.goto('/producteur/produits/nouveau');
  await producer.getByLabel('Produit', { exact: true }).fill(name);
  await producer.getByLabel('Catégorie').selectOption('epicerie');
  await producer.getByLabel('Vendu au').selectOption('g');
  const first = producer.locator('fieldset.variant-fields').nth(0);
  await first.getByLabel(/^Nom/).fill('Pot');
  await first.getByLabel('Quantité').fill('250');
  await first.getByLabel('Prix habitant (€ TTC)').fill('6,50');
  await first.getByLabel('Stock', { exact: true }).fill('12');
  await producer.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(producer).toHaveURL(/\/producteur\/produits\/\d+\?enregistre=1/);
  const product = /\/produits\/(\d+)/.exec(producer.url())[1];
  const variant = sql(`SELECT id FROM variants WHERE product_id = ${product}`);

  await producer.goto('/producteur');
  await expect(producer.locator('.alert.warning')).toContainText('pas en vente');
  await expect(producer.locator('li.card', { hasText: name })).toContainText('Pas en vente cette semaine');

  const resident = await browser.newPage();
  await signIn(resident, 'paul.roussel@maillon.test');
  await resident.goto('/catalogue?q=trefle');
  const card = resident.locator('li.product', { hasText: name });
  await expect(card).toContainText('Pas en vente cette semaine');
  await expect(card).toContainText('Pot · 250 g');
  await expect(card.getByRole('button')).toHaveCount(0);

  const staff = await browser.newPage();
  await signIn(staff, 'hub@maillon.test');
  await staff.goto(`/hub/cycles/${openCycle()}`);
  await hydrated(staff);
  const fresh = staff.locator('section', { has: staff.getByRole('heading', { name: 'Nouveaux produits, pas encore en vente' }) });
  await expect(fresh).toContainText(`${name} — Pot · 250 g`);
  await fresh.getByRole('button', { name: 'Mettre en vente' }).click();
  await expect(staff.getByRole('status').first()).toContainText('ajoutée(s)');

  await resident.goto('/boutique');
  await hydrated(resident);
  await expect(resident.locator(`#v${variant}`)).toContainText('Pot · 250 g');
  await resident.locator(`#v${variant}`).getByRole('button').click();
  await expect(resident.locator('.toast')).toContainText('Ajouté');
  await producer.goto('/producteur');
  await expect(producer.locator('.alert.warning')).toHaveCount(0);
  // Leave the resident's cart as it was.
  await resident.goto('/panier');
  await hydrated(resident);
  await resident.locator('input.qty').first().fill('0');
  await resident.getByRole('button', { name: 'Mettre à jour le panier' }).click();
  await expect(resident.getByText('Votre panier est vide')).toBeVisible();
});

test('packing lists name each variant with its size, the product once', async ({ page }) => {
  const { variant } = juice();
  const cycle = openCycle();
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/hub/cycles/${cycle}/preparation`);
  await expect(page.locator('main')).toContainText('Jus de pomme — Bouteille · 1 L');
  await expect(page.locator('main')).not.toContainText('Jus de pomme — Jus de pomme');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('"Ajouter" on the catalogue and on a product page comes back to the page and says so', async ({ page }) => {
    const { variant, product } = juice();
    await signIn(page, 'chloe.fontaine@maillon.test');
    await page.goto('/');
    await page.getByRole('link', { name: 'Voir les produits de la semaine' }).click();
    await expect(page).toHaveURL(/\/boutique/);
    await page.goto('/catalogue?q=jus');
    await page.locator(`#v${variant}`).getByRole('button', { name: /Ajouter au panier/ }).click();
    await expect(page).toHaveURL(new RegExp(`/catalogue\\?q=jus&ajoute=1#v${variant}$`));
    await expect(page.locator('.toast')).toContainText('Ajouté');
    await expect(page.locator(`#v${variant}`)).toContainText('1 au panier');
    await page.goto(`/produits/${product}`);
    await page.locator(`#v${variant}`).getByRole('button', { name: /Ajouter au panier/ }).click();
    await expect(page).toHaveURL(new RegExp(`/produits/${product}\\?ajoute=2#v${variant}$`));
    await expect(page.locator('.toast')).toContainText('Ajouté');
    await expect(page.locator(`#v${variant}`)).toContainText('2 au panier');
  });

  test('a refused checkout comes back with the address, postcode and slot as typed', async ({ page }) => {
    const { variant } = juice();
    await signIn(page, 'hugo.bernard@maillon.test');
    await page.goto('/boutique');
    await page.locator(`#v${variant}`).getByRole('button').click();
    await expect(page.locator('.toast')).toContainText('Ajouté');
    await page.goto('/panier');
    await page.locator('input.qty').first().fill('8');
    await page.getByRole('button', { name: 'Mettre à jour le panier' }).click();
    await expect(page.locator('table.lines tfoot')).toContainText('25,60\u00a0€');
    const delivery = page.locator('input[name="slot"][data-delivery="true"]').first();
    await delivery.check();
    await expect(page.getByText('Paiement à la livraison', { exact: true })).toBeVisible();
    await expect(page.getByText('Paiement au retrait', { exact: true })).toBeHidden();
    await page.getByLabel('Adresse', { exact: true }).fill('14 rue de Gand');
    await page.getByLabel('Code postal').fill('75001');
    await page.getByRole('button', { name: 'Confirmer la commande' }).click();
    await expect(page).toHaveURL(/\/panier/);
    await expect(page.getByRole('alert')).toContainText('Ce code postal n\'est pas desservi');
    await expect(page.getByLabel('Adresse', { exact: true })).toHaveValue('14 rue de Gand');
    await expect(page.getByLabel('Code postal')).toHaveValue('75001');
    await expect(delivery).toBeChecked();
    await expect(page.locator('dl.checkout-total .total').last()).toHaveText('29,60\u00a0€');
    await page.getByLabel('Code postal').fill('59800');
    await page.getByRole('button', { name: 'Confirmer la commande' }).click();
    await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
    await expect(page.locator('table.lines tfoot')).toContainText('29,60\u00a0€');
  });

  test('the order page says only what just happened after a change and a cancellation', async ({ page }) => {
    const { variant } = juice();
    const other = milk();
    await signIn(page, 'manon.girard@maillon.test');
    await page.goto('/boutique');
    await page.locator(`#v${variant}`).getByRole('button').click();
    await page.goto('/panier');
    await page.locator('input[name="slot"][data-delivery="false"]').first().check();
    await page.getByRole('button', { name: 'Confirmer la commande' }).click();
    await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
    await expect(page.getByRole('status')).toContainText('Votre commande est confirmée');
    await expect(page.getByRole('button', { name: 'Commander à nouveau' })).toHaveCount(0);
    await page.locator(`#q-${variant}`).fill('3');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await expect(page).toHaveURL(/\?modifiee=1/);
    await expect(page.locator('.alert')).toHaveCount(1);
    await expect(page.getByRole('status')).toHaveText('Commande modifiée.');
    await page.getByLabel('Article', { exact: true }).selectOption(other);
    await page.getByRole('button', { name: 'Ajouter à la commande' }).click();
    await expect(page).toHaveURL(/\?ajoutee=1/);
    await expect(page.locator('table.lines tbody')).toContainText('Lait entier');
    await page.locator('details.danger summary').click();
    await page.getByRole('button', { name: 'Oui, annuler la commande' }).click();
    await expect(page).toHaveURL(/\?annulee=1/);
    await expect(page.locator('.alert')).toHaveCount(1);
    await expect(page.getByRole('status')).toContainText('Votre commande est annulée');
  });
});
