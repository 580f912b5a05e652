// Page weight and Lighthouse figures of BENCHMARKS.md ("Sober pages"). Run by
// scripts/bench-pages.sh against a release server on a fresh database with the demo data.
//
// 1. Sets the scene with Playwright (a phone, Debian's Chromium): the demo resident signs in
//    and puts a product in the cart; hub staff and the demo producer sign in.
// 2. Measures each page with Lighthouse 12 (mobile, its default simulated throttling), as a
//    first visit (empty cache), signed in through the session cookie.
// 3. Closes the demo cycle and plans its delivery rounds through the hub's pages, then
//    measures the rounds page with its map.
// With PUBLIC=1, only the pages anyone reads (transparency, open data), without signing in.
// Prints a Markdown table; writes every report's figures to $OUT (JSON) when set.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const require = createRequire(import.meta.url);
const { chromium } = require('../../end2end/node_modules/@playwright/test');

const BASE = process.env.BASE_URL || 'http://127.0.0.1:3660';
const PASSWORD = 'maillon-demo-2026';
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];

async function session(browser, email) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${BASE}/connexion`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/compte$/);
  const cookie = async () => (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  return { page, cookie };
}

async function firstHref(page, path, selector) {
  await page.goto(`${BASE}${path}`);
  return page.locator(selector).first().getAttribute('href');
}

const isScript = (r) => r.resourceType === 'Script' || /\.wasm(\?|$)/.test(r.url);
const isPhoto = (r) => /\/photos\//.test(new URL(r.url).pathname);

async function measure(port, label, role, path, cookie) {
  const { lhr } = await lighthouse(`${BASE}${path}`, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    extraHeaders: cookie ? { Cookie: cookie } : undefined,
  });
  if (lhr.runtimeError) throw new Error(`${path}: ${lhr.runtimeError.message}`);
  const requests = lhr.audits['network-requests'].details.items;
  const sum = (items) => items.reduce((n, r) => n + (r.transferSize || 0), 0);
  const html = requests.find((r) => r.resourceType === 'Document');
  return {
    label,
    role,
    path,
    requests: requests.length,
    totalBytes: sum(requests),
    withoutPhotosBytes: sum(requests.filter((r) => !isPhoto(r))),
    scriptBytes: sum(requests.filter(isScript)),
    htmlBytes: html ? html.transferSize : 0,
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    tbtMs: Math.round(lhr.audits['total-blocking-time'].numericValue),
    lcpMs: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
    cls: lhr.audits['cumulative-layout-shift'].numericValue,
    failedA11y: Object.values(lhr.audits)
      .filter((a) => lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id) && a.score === 0)
      .map((a) => a.id),
  };
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

// PUBLIC=1: only the pages anyone reads without an account (no sign-in, nothing changed).
async function publicPages() {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
  const results = [];
  try {
    for (const [label, path] of [['transparency', '/transparence'], ['open data', '/donnees']]) {
      process.stderr.write(`measuring ${path} …\n`);
      results.push(await measure(chrome.port, label, 'anyone', path, ''));
    }
  } finally {
    await chrome.kill();
  }
  return results;
}

async function main() {
  if (process.env.PUBLIC === '1') return report(await publicPages());
  const browser = await chromium.launch({ executablePath: CHROME, args: FLAGS });
  const resident = await session(browser, 'habitant@maillon.test');
  const addToCart = async (nth) => {
    await resident.page.goto(`${BASE}/boutique`);
    await resident.page.locator('form.add button:not([disabled])').nth(nth).click();
    await resident.page.waitForURL(/ajoute=/);
  };
  // An order of the resident's (picked up at the first free slot)…
  await addToCart(0);
  await resident.page.goto(`${BASE}/panier`);
  await resident.page.locator('input[name="slot"]:not([disabled])').first().check();
  await resident.page.getByRole('button', { name: 'Confirmer la commande' }).click();
  await resident.page.waitForURL(/\/commandes\/\d+/);
  const order = new URL(resident.page.url()).pathname;
  // …and a product in the cart, so that /panier shows lines and the checkout form.
  await addToCart(1);
  const product = await firstHref(resident.page, '/catalogue', 'a[href^="/produits/"]');
  const hub = await session(browser, 'hub@maillon.test');
  const cycle = await firstHref(hub.page, '/hub/cycles', 'ul.order-list a[href^="/hub/cycles/"]');
  const producer = await session(browser, 'producteur@maillon.test');

  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
  const results = [];
  try {
    const residentCookie = await resident.cookie();
    const pages = [
      ['home', 'resident', '/', residentCookie],
      ['shop', 'resident', '/boutique', residentCookie],
      ['catalogue', 'resident', '/catalogue', residentCookie],
      ['product', 'resident', product, residentCookie],
      ['cart', 'resident', '/panier', residentCookie],
      ['order', 'resident', order, residentCookie],
      ['cycle', 'hub staff', cycle, await hub.cookie()],
      ['bulk edit', 'producer', '/producteur/edition', await producer.cookie()],
      ['transparency', 'anyone', '/transparence', ''],
      ['open data', 'anyone', '/donnees', ''],
    ];
    for (const [label, role, path, cookie] of pages) {
      process.stderr.write(`measuring ${path} …\n`);
      results.push(await measure(chrome.port, label, role, path, cookie));
    }
    // The rounds page with its map: the cycle closed and its delivery rounds planned.
    await hub.page.goto(`${BASE}${cycle}`);
    await hub.page.locator('details.confirm summary', { hasText: 'Clore maintenant' }).click();
    await hub.page.locator('details.confirm[open]').getByRole('button', { name: 'Clore maintenant' }).click();
    await hub.page.waitForLoadState('load');
    await hub.page.goto(`${BASE}${cycle}/tournees`);
    await hub.page.locator('section#delivery').getByRole('button', { name: 'Calculer les tournées' }).click();
    await hub.page.getByRole('status').first().waitFor({ timeout: 60_000 });
    process.stderr.write(`measuring ${cycle}/tournees …\n`);
    results.push(await measure(chrome.port, 'rounds (map)', 'hub staff', `${cycle}/tournees`, await hub.cookie()));
  } finally {
    await chrome.kill();
    await browser.close();
  }
  report(results);
}

function report(results) {
  const lines = [
    '| page | as | path | requests | transferred (KB) | without photos (KB) | wasm + JS (KB) | HTML (KB) | performance | TBT (ms) | LCP (s) | CLS | accessibility |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.label} | ${r.role} | \`${r.path}\` | ${r.requests} | ${kb(r.totalBytes)} | ${kb(r.withoutPhotosBytes)} | ${kb(r.scriptBytes)} | ${kb(r.htmlBytes)} | ${r.performance} | ${r.tbtMs} | ${(r.lcpMs / 1000).toFixed(2)} | ${r.cls.toFixed(3)} | ${r.accessibility}${r.failedA11y.length ? ` (${r.failedA11y.join(', ')})` : ''} |`),
  ];
  console.log(lines.join('\n'));
  if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
