// @ts-check
// The solidarity price on a phone: a member whose status a partner association granted checks
// out at the solidarity price, and the fund goes down by the difference; a buyer paying with
// their credit rounds up to the next euro, and the fund goes up by the cents; anyone reads the
// fund's balance and movements, without names.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

const balance = () => Number(sql('SELECT balance_cents FROM solidarity_funds'));

/** A counted variant of the open cycle sold by the piece whose price has cents. */
function variantWithCents(skip) {
  const id = sql(`SELECT v.id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
    JOIN order_cycles c ON c.id = o.cycle_id
    WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1 AND v.retail_price_cents % 100 <> 0
      AND v.retail_price_cents < 1500
    ORDER BY v.id OFFSET ${skip} LIMIT 1`);
  sql(`UPDATE variants SET stock = greatest(stock, 20) WHERE id = ${id}`);
  return { id, price: Number(sql(`SELECT retail_price_cents FROM variants WHERE id = ${id}`)) };
}

async function orderOne(page, variant) {
  await page.goto('/boutique');
  await page.locator(`#v${variant}`).getByRole('button').click();
  await expect(page.locator('.toast')).toContainText('Ajouté');
  await page.goto('/panier');
  await page.locator('input[name="slot"][data-delivery="false"]').first().check();
}

const euros = (cents) => `${(cents / 100).toFixed(2).replace('.', ',')}\u00a0€`;

test('a solidarity member pays the solidarity price and the fund pays the difference', async ({ page }) => {
  const { id, price } = variantWithCents(0);
  const before = balance();
  // Chloé's cart may hold what an earlier spec put there: her basket is this one product.
  sql("DELETE FROM carts WHERE user_id = (SELECT id FROM users WHERE email = 'chloe.fontaine@maillon.test')");
  await signIn(page, 'chloe.fontaine@maillon.test');
  const discount = Math.floor(price * 0.2);
  // The shop shows her the price she pays; the cart, the rate and the discount on the cart.
  await page.goto('/boutique');
  await expect(page.locator(`#v${id} .tag.solidarity`)).toContainText(euros(price - discount));
  await orderOne(page, id);
  await expect(page.locator('table.lines tbody .tag.solidarity')).toContainText('prix solidaire −20 %');
  await expect(page.getByText(`Vous bénéficiez du prix solidaire : ${euros(discount)} de remise sur ce panier`)).toBeVisible();
  await page.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  const foot = page.locator('table.lines tfoot');
  await expect(foot).toContainText('Prix solidaire (payé par le fonds)');
  await expect(foot).toContainText(euros(discount));
  await expect(foot).toContainText(euros(price - discount));
  expect(balance()).toBe(before - discount);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/solidarity-order.png', fullPage: true });
});

test('a buyer rounds up to the euro and the fund grows by the cents', async ({ page }) => {
  const { id, price } = variantWithCents(1);
  const before = balance();
  sql("DELETE FROM carts WHERE user_id = (SELECT id FROM users WHERE email = 'habitant@maillon.test')");
  await signIn(page, 'habitant@maillon.test');
  await orderOne(page, id);
  await page.getByLabel(/Payer avec mon avoir/).check();
  await page.getByLabel('Arrondir à l\'euro supérieur pour le fonds de solidarité').check();
  await page.getByRole('button', { name: 'Confirmer la commande' }).click();
  await expect(page).toHaveURL(/\/commandes\/\d+\?confirmee=1/);
  const cents = (100 - (price % 100)) % 100;
  await expect(page.locator('table.lines tfoot')).toContainText('Arrondi solidaire');
  await expect(page.locator('table.lines tfoot')).toContainText(euros(price + cents));
  // The cents reach the fund just after the checkout, with any others waiting.
  await expect.poll(() => balance()).toBe(before + cents);

  // The fund's public page: its balance and the round-up, without the buyer's name.
  await page.goto('/solidarite');
  await expect(page.getByRole('heading', { name: 'Fonds de solidarité' })).toBeVisible();
  await expect(page.locator('p.total')).toContainText(euros(before + cents));
  await expect(page.locator('li', { hasText: 'Arrondi à l\'euro' }).first()).toContainText(euros(cents));
  await expect(page.getByText('Léa Martin')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/solidarity-fund.png', fullPage: true });
});

test('a partner association grants the status to someone it follows', async ({ page }) => {
  await signIn(page, 'association@maillon.test');
  await page.goto('/solidarite');
  await page.getByRole('link', { name: 'Prix solidaire' }).click();
  await expect(page.getByRole('heading', { name: 'Prix solidaire : Le Relais Solidaire' })).toBeVisible();
  await expect(page.locator('li', { hasText: 'Chloé Fontaine' })).toBeVisible();
  const until = sql("SELECT to_char(current_date + 60, 'YYYY-MM-DD')");
  await page.getByLabel('Adresse e-mail du membre').fill('jules.denis@maillon.test');
  await page.getByLabel('Jusqu\'au').fill(until);
  await page.getByRole('button', { name: 'Accorder le prix solidaire' }).click();
  await expect(page.locator('li', { hasText: 'Jules Denis' })).toContainText('Le Relais Solidaire');
  // Six months at most, told plainly.
  await page.getByLabel('Adresse e-mail du membre').fill('jules.denis@maillon.test');
  await page.getByLabel('Jusqu\'au').fill(sql("SELECT to_char(current_date + 400, 'YYYY-MM-DD')"));
  await page.getByRole('button', { name: 'Accorder le prix solidaire' }).click();
  await expect(page.getByText('Choisissez une date de fin entre demain et la durée permise.')).toBeVisible();
  // Withdrawn after confirming: the member pays the normal price again.
  await page.locator('li', { hasText: 'Jules Denis' }).first().locator('summary', { hasText: 'Retirer' }).click();
  await page.locator('li', { hasText: 'Jules Denis' }).first().getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.locator('li', { hasText: 'Jules Denis' }).first()).toContainText('retiré');
  sql("UPDATE solidarity_grants SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE email = 'jules.denis@maillon.test')");
});

test('the board gives a category a discount of its own, then the general one again', async ({ page }) => {
  await signIn(page, 'conseil@maillon.test');
  await page.goto('/conseil/solidarite');
  await expect(page.getByText('Toutes les catégories ont la remise générale.')).toBeVisible();
  await page.getByLabel('Catégorie', { exact: true }).selectOption({ label: 'Fruits' });
  await page.getByLabel('Remise de la catégorie (%)').fill('30');
  await page.getByRole('button', { name: 'Enregistrer la remise de la catégorie' }).click();
  const rule = page.locator('li', { hasText: 'Fruits : 30 % de remise' });
  await expect(rule).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/solidarity-category.png', fullPage: true });
  // Anyone reads it on the fund's page.
  await page.goto('/solidarite');
  await expect(page.getByText('Fruits : 30 % de remise')).toBeVisible();
  // Given back after a confirmation.
  await page.goto('/conseil/solidarite');
  await rule.locator('summary', { hasText: 'Revenir à la remise générale' }).click();
  await rule.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.getByText('Toutes les catégories ont la remise générale.')).toBeVisible();
  expect(sql('SELECT count(*) FROM solidarity_category_rates')).toBe('0');
});
