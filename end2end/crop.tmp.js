const { chromium } = require('@playwright/test');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto('http://127.0.0.1:3170' + process.argv[2]);
  await page.waitForLoadState('load');
  await page.evaluate((y) => window.scrollTo(0, y), Number(process.argv[4] || 0));
  await page.waitForTimeout(800);
  await page.screenshot({ path: process.argv[3] });
  await browser.close();
})();
