// @ts-check
// Runs last (files run in name order), once the demo cycle is closed and its rounds planned:
// every page of every role, on demo data, must load without a console error or a page error,
// and without downloading any script, except the pages that have an island (ARCHITECTURE.md),
// and with no serious or critical accessibility violation found by axe (WCAG 2.1 A and AA).
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');

// Each page is also checked by axe, which takes a moment per page.
test.describe.configure({ timeout: 180_000 });
const { signIn, sql } = require('./helpers');

/** Pages that have islands, and so load the site's script and WebAssembly: the cart (the
 * checkout's total follows the chosen slot), when a cycle is open. */
const ISLAND_PAGES = new Set(['/panier']);

function ids() {
  const one = (q) => sql(q) || null;
  const cycle = one('SELECT cycle_id FROM orders ORDER BY id LIMIT 1');
  return {
    cycle,
    product: one('SELECT p.id FROM products p WHERE p.listed ORDER BY p.id LIMIT 1'),
    producer: one('SELECT id FROM producers ORDER BY id LIMIT 1'),
    assemblies: sql('SELECT id FROM assemblies ORDER BY id').split('\n').filter(Boolean),
    farmProduct: one(`SELECT p.id FROM products p JOIN producers f ON f.id = p.producer_id
      JOIN users u ON u.id = f.user_id WHERE u.email = 'producteur@maillon.test' ORDER BY p.id LIMIT 1`),
    order: one(`SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id
      WHERE u.email = 'habitant@maillon.test' ORDER BY o.id LIMIT 1`),
    round: one(`SELECT id FROM rounds WHERE cycle_id = ${cycle} ORDER BY id LIMIT 1`),
  };
}

/** Serious and critical accessibility violations on the page as it is now. */
async function accessibility(page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${page.url()}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

async function visitAll(page, paths) {
  const problems = [];
  const scripts = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${page.url()}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.resourceType() === 'script' || /\.wasm(\?|$)/.test(r.url())) scripts.push(`${page.url()} → ${r.url()}`);
  });
  for (const path of paths) {
    const before = scripts.length;
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    await page.waitForLoadState('load');
    // axe runs as a script in the page: checked once, in the project with JavaScript (the
    // pages are the same markup without it).
    if (test.info().project.use.javaScriptEnabled !== false) problems.push(...(await accessibility(page)));
    if (!ISLAND_PAGES.has(path.split('?')[0])) {
      expect(scripts.slice(before), `${path} loads no script`).toEqual([]);
    }
  }
  expect(problems).toEqual([]);
}

test('every page loads cleanly for a visitor', async ({ page }) => {
  const { product, producer } = ids();
  await visitAll(page, [
    '/', '/catalogue', `/produits/${product}`, `/producteurs/${producer}`, '/boutique', '/panier',
    '/connexion', '/inscription', '/inscription/envoye', '/mot-de-passe/oubli', '/mot-de-passe/envoye',
    '/catalogue?q=pate', '/catalogue?page=2', '/solidarite',
  ]);
});

test('every page loads cleanly for a resident', async ({ page }) => {
  const { order } = ids();
  await signIn(page, 'habitant@maillon.test');
  await visitAll(page, [
    '/compte', '/commandes', `/commandes/${order}`, '/boutique', '/panier', '/catalogue', '/',
    '/cooperative/adhesion', '/cooperative/assemblees', '/cooperative/deliberations',
    ...ids().assemblies.map((a) => `/cooperative/assemblees/${a}`), '/compte/avoir', '/solidarite',
  ]);
});

test('every page loads cleanly for a partner association', async ({ page }) => {
  await signIn(page, 'association@maillon.test');
  await visitAll(page, ['/solidarite', '/solidarite/association']);
});

test('every page loads cleanly for a shopkeeper', async ({ page }) => {
  await signIn(page, 'commerce@maillon.test');
  await visitAll(page, ['/compte', '/boutique', '/panier', '/commandes', '/retrait']);
});

test('every page loads cleanly for a producer', async ({ page }) => {
  const { farmProduct } = ids();
  await signIn(page, 'producteur@maillon.test');
  await visitAll(page, [
    '/producteur', '/producteur/profil', '/producteur/produits/nouveau', `/producteur/produits/${farmProduct}`,
    '/producteur/edition', '/producteur/import', '/producteur/bons', '/compte',
  ]);
});

test('every page loads cleanly for hub staff', async ({ page }) => {
  const { cycle, round } = ids();
  await signIn(page, 'hub@maillon.test');
  const base = `/hub/cycles/${cycle}`;
  await visitAll(page, [
    '/hub/cycles', base, '/hub/lieux', '/hub/vehicules', `${base}/bons`, `${base}/preparation`,
    `${base}/preparation?par=lieu`, `${base}/preparation?par=produit`, `${base}/preparation?par=etiquettes`,
    `${base}/tournees`, ...(round ? [`/hub/tournees/${round}`] : []), '/retrait', '/compte', '/hub/avoirs', '/hub/retours',
  ]);
});

test('every page loads cleanly for the board', async ({ page }) => {
  await signIn(page, 'conseil@maillon.test');
  await visitAll(page, [
    '/conseil/membres', '/conseil/reglages', '/compte', '/hub/cycles', '/conseil/societaires', '/conseil/colleges',
    '/conseil/assemblees/nouvelle', '/conseil/journal', '/cooperative/assemblees',
    ...ids().assemblies.map((a) => `/cooperative/assemblees/${a}`),
    '/hub/avoirs', '/hub/retours', '/conseil/solidarite', '/conseil/plateformes', '/conseil/factures', '/conseil/versements', '/conseil/comptes',
  ]);
});

test('the packing-list tabs show their own list', async ({ page }) => {
  const { cycle } = ids();
  await signIn(page, 'hub@maillon.test');
  await page.goto(`/hub/cycles/${cycle}/preparation`);
  await expect(page.locator('section.basket').first()).toBeVisible();
  await page.getByRole('link', { name: 'Par produit' }).click();
  await expect(page).toHaveURL(/par=produit/);
  await expect(page.getByRole('link', { name: 'Par produit' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('section.basket')).toHaveCount(0);
  await expect(page.locator('ul.po-lines li').first()).toBeVisible();
  await page.getByRole('link', { name: 'Étiquettes' }).click();
  await expect(page).toHaveURL(/par=etiquettes/);
  await expect(page.locator('.basket-label').first()).toBeVisible();
  await page.getByRole('link', { name: 'Par client' }).click();
  await expect(page.locator('section.basket').first()).toBeVisible();
});
