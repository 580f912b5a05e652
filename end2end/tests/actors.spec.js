// @ts-check
// The actors directory on a phone: a member looks for someone sharing a cold room near the hub,
// finds the food-aid association on the list and the map, writes to it through the site (its
// address stays hidden), then lists its own place with something to share.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('a member finds an actor sharing a cold room and writes to it', async ({ page }) => {
  await signIn(page, 'ines.moreau@maillon.test');
  await page.getByRole('link', { name: 'Annuaire des acteurs' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Annuaire des acteurs' })).toBeVisible();
  await expect(page.getByText('Distances mesurées depuis le hub.')).toBeVisible();

  await page.getByLabel('Qui partage').selectOption({ label: 'Chambre froide' });
  await page.getByLabel('Distance').selectOption({ label: 'à moins de 10 km' });
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page).toHaveURL(/partage=cold_room/);
  const list = page.locator('.actor-list > li');
  await expect(list).toHaveCount(3);
  // Nearest first: the association in Moulins, 1.5 km from the hub.
  await expect(list.first()).toContainText('Le Relais Solidaire');
  await expect(list.first()).toContainText('Chambre froide');
  await expect(page.getByRole('img', { name: 'Carte de 3 acteur(s) trouvé(s)' })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/actors.png', fullPage: true });

  await list.first().getByRole('link', { name: 'Le Relais Solidaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Le Relais Solidaire' })).toBeVisible();
  await expect(page.getByText('Chambre froide de 20 m³')).toBeVisible();
  await expect(page.getByText('association@maillon.test')).toHaveCount(0);
  await page.getByLabel('Message').fill('Bonjour, votre chambre froide serait-elle libre mardi matin ?');
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await expect(page.getByText('Message envoyé.')).toBeVisible();
  expect(sql("SELECT count(*) FROM outbox_emails WHERE to_address = 'association@maillon.test' AND body_text LIKE '%libre mardi matin%' AND body_text LIKE '%ines.moreau@maillon.test%'")).toBe('1');

  // Her own place, with something to share.
  await page.goto('/compte/acteur');
  await page.getByLabel('Type').selectOption({ label: 'Association' });
  await page.getByLabel('Nom', { exact: true }).fill('Jardin partagé des Bois-Blancs');
  await page.getByLabel('Ce que vous produisez ou faites').fill('Un jardin partagé au bord de la Deûle.');
  await page.getByLabel('Commune').fill('Lille');
  await page.getByLabel('Latitude').fill('50,6340');
  await page.getByLabel('Longitude').fill('3,0290');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Profil enregistré.')).toBeVisible();
  await page.getByLabel('Je…').selectOption({ label: 'Peut partager' });
  await page.getByLabel('Catégorie').selectOption({ label: 'Outil' });
  await page.getByLabel('Description', { exact: true }).fill('Grelinette et brouette');
  await page.getByRole('button', { name: 'Ajouter' }).click();
  await expect(page.getByText('Grelinette et brouette')).toBeVisible();
  await page.screenshot({ path: 'test-results/actor-profile.png', fullPage: true });

  await page.goto('/acteurs?partage=tool&km=5');
  await expect(page.locator('.actor-list > li', { hasText: 'Jardin partagé des Bois-Blancs' })).toBeVisible();
  await expect(page.getByText('Distances mesurées depuis le hub.')).toHaveCount(0);
});
