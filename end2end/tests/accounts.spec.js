// @ts-check
const { test, expect } = require('@playwright/test');
const { waitForLink } = require('./mail');

const DEMO_PASSWORD = 'maillon-demo-2026';
const unique = (name) => `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;

async function signIn(page, email, password) {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

test('the home page is in French and shows the demo cooperative', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Maillon Lille Métropole');
  await expect(page.getByRole('heading', { name: 'Nos producteurs' })).toBeVisible();
  await expect(page.getByText('Ferme du Vert Bocage')).toBeVisible();
  const csp = response?.headers()['content-security-policy'] || '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'nonce-[\w-]+'/);
});

test('sign up, verify by email, sign in, sign out', async ({ page }) => {
  const email = unique('nouvelle');
  await page.goto('/inscription');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('une phrase de passe solide');
  await page.getByLabel('Votre nom (facultatif)').fill('Nina Test');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez votre boîte mail' })).toBeVisible();

  // Signing in before verifying is refused with a clear message.
  await signIn(page, email, 'une phrase de passe solide');
  await expect(page.getByRole('alert')).toContainText('Confirmez d\'abord votre adresse');

  const link = await waitForLink(email, /confirmer votre adresse/i);
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await expect(page).toHaveURL(/\/connexion\?verified=1/);
  await expect(page.getByRole('status')).toContainText('Votre adresse est confirmée');

  await signIn(page, email, 'une phrase de passe solide');
  await expect(page).toHaveURL(/\/compte$/);
  await expect(page.getByRole('heading', { name: 'Mon compte' })).toBeVisible();
  await expect(page.getByText('Habitant·e')).toBeVisible();

  await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  const account = await page.goto('/compte');
  expect(account?.status()).toBe(401);
});

test('reset a forgotten password with a single-use link', async ({ page }) => {
  const email = unique('oubli');
  await page.goto('/inscription');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('mon ancien mot de passe');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez votre boîte mail' })).toBeVisible();

  await page.goto('/mot-de-passe/oubli');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Envoyer le lien' }).click();
  await expect(page.getByText('Si un compte existe pour cette adresse')).toBeVisible();

  const link = await waitForLink(email, /nouveau mot de passe/i);
  await page.goto(link);
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('mon tout nouveau mot de passe');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page).toHaveURL(/\/connexion\?reset=1/);

  await signIn(page, email, 'mon tout nouveau mot de passe');
  await expect(page).toHaveURL(/\/compte$/);

  // The link worked once; a second use is refused.
  await page.goto(link);
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('encore un autre mot de passe');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByRole('alert')).toContainText('Ce lien n\'est plus valable');
});

test('a resident is refused the board page, the board sees it', async ({ page }) => {
  await signIn(page, 'habitant@maillon.test', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const refused = await page.goto('/conseil/membres');
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('Vous n\'avez pas accès');
  await expect(page.getByText('conseil@maillon.test')).toHaveCount(0);

  await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await signIn(page, 'conseil@maillon.test', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  const allowed = await page.goto('/conseil/membres');
  expect(allowed?.status()).toBe(200);
  await expect(page.getByText('habitant@maillon.test')).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('forms still work as plain posts, errors included', async ({ page }) => {
    await signIn(page, 'hub@maillon.test', 'not the right password');
    await expect(page).toHaveURL(/\/connexion/);
    await expect(page.getByRole('alert')).toContainText('Adresse e-mail ou mot de passe incorrect');
    await signIn(page, 'hub@maillon.test', DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/compte$/);
    await expect(page.getByText('Équipe hub')).toBeVisible();
  });

  test('the language can be switched to English and is remembered', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('button', { name: 'Changer' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Our producers' })).toBeVisible();
    await page.goto('/connexion');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
