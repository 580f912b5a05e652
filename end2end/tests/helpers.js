// Shared by the end-to-end specs: signing in as a demo account, and SQL on the test database
// to set a scene (a scarce variant, a cycle closing).
const { expect } = require('@playwright/test');
const { execFileSync } = require('child_process');

const DEMO_PASSWORD = 'maillon-demo-2026';

async function signIn(page, email) {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/compte$/);
}

function sql(query) {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set');
  return execFileSync('psql', ['-qtAX', url, '-c', query], { encoding: 'utf8' }).trim();
}

module.exports = { DEMO_PASSWORD, signIn, sql };
