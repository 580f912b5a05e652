// @ts-check
// Governance on a phone: a member votes in the open assembly and, once the clock has closed
// the window, reads the results; the board approves an application.
const { test, expect } = require('@playwright/test');
const { signIn, sql } = require('./helpers');

test('a member votes secretly, then sees the results once the window closes', async ({ page }) => {
  await signIn(page, 'habitant@maillon.test');
  await page.getByRole('link', { name: 'Ma coopérative' }).first().click();
  await expect(page.getByRole('heading', { name: 'Sociétaire de la coopérative' })).toBeVisible();
  await expect(page.getByText('Usagers')).toBeVisible();
  await page.getByRole('link', { name: 'Assemblées et votes' }).click();
  await page.getByRole('link', { name: 'Assemblée de printemps' }).click();
  await expect(page.getByRole('heading', { name: 'Votre bulletin' })).toBeVisible();

  const ballot = page.locator('form.ballot');
  await ballot.getByRole('group', { name: '1. Prix solidaire' }).getByLabel('Pour').check();
  await ballot.getByRole('group', { name: '2. Nouveau point de retrait' }).getByLabel('Wazemmes').check();
  await ballot.locator('summary', { hasText: 'Voter' }).click();
  await expect(ballot.getByText('Un vote est définitif')).toBeVisible();
  await ballot.getByRole('button', { name: 'Confirmer mon vote' }).click();
  await expect(page.getByText('Vous avez voté. Votre bulletin est secret et définitif.')).toBeVisible();
  await expect(page.locator('form.ballot')).toHaveCount(0);

  // The window closes: the clock (every few seconds) tallies and publishes the results.
  sql("UPDATE assemblies SET closes_at = now() - interval '1 second' WHERE title = 'Assemblée de printemps'");
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('Close, résultats publiés')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  // Two of fourteen voted (the demo producer, then this resident): the quorum of a quarter
  // is missed, so even a unanimous "for" is not adopted.
  await expect(page.getByText('2 sociétaires sur 14 ont voté.')).toBeVisible();
  const first = page.locator('li.proposal').first();
  await expect(first.getByText('Rejetée')).toBeVisible();
  await expect(first.getByText('quorum non atteint')).toBeVisible();
  await expect(first.getByRole('table', { name: 'Voix par collège' })).toBeVisible();
  await expect(first.getByRole('img', { name: 'Résultat pondéré' })).toBeVisible();
  await page.screenshot({ path: 'test-results/governance-results.png', fullPage: true });

  // The minutes (procès-verbal), laid out for paper, with each decision's number.
  await page.getByRole('link', { name: 'Procès-verbal' }).click();
  await expect(page.getByRole('heading', { name: 'Procès-verbal : Assemblée de printemps' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Participation par collège' })).toBeVisible();
  await expect(page.getByText(/^Délibération n° \d+$/).first()).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
});

test('the board approves an application and the register counts the new member', async ({ page }) => {
  await signIn(page, 'conseil@maillon.test');
  await page.goto('/conseil/societaires');
  await expect(page.getByRole('heading', { name: 'Candidatures' })).toBeVisible();
  await expect(page.getByText('14 sociétaire(s) inscrit(s)')).toBeVisible();
  const application = page.locator('li.member', { hasText: 'Mehdi Rahmani' });
  await application.locator('summary', { hasText: 'Accepter' }).click();
  await application.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.getByText('Candidature acceptée.')).toBeVisible();
  await expect(page.getByText('15 sociétaire(s) inscrit(s)')).toBeVisible();
  await expect(page.getByText('Aucune candidature en attente.')).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Mehdi Rahmani' })).toBeVisible();

  // The whole register with every movement, to print.
  await page.getByRole('link', { name: 'Registre imprimable' }).click();
  await expect(page.getByRole('heading', { name: 'Registre des associés' })).toBeVisible();
  await expect(page.getByText(/· 15 associés$/)).toBeVisible();
  const entry = page.locator('li.register-entry', { has: page.getByRole('heading', { name: /Mehdi Rahmani/ }) });
  await expect(entry).toContainText('12 rue Gambetta');
  await expect(entry.getByRole('list', { name: 'Mouvements de parts' })).toContainText('adhésion n° 15');
});
