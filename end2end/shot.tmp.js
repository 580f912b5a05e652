const { chromium } = require('@playwright/test');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const base = 'http://127.0.0.1:3170';
  const [email, ...shots] = process.argv.slice(2);
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  if (email !== '-') {
    await page.goto(base + '/connexion');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('maillon-demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }
  for (const s of shots) {
    const [path, file] = s.split('=>');
    await page.goto(base + path);
    await page.waitForLoadState('load');
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(path, 'height', h);
    await page.screenshot({ path: file, fullPage: true });
  }
  await browser.close();
})();
