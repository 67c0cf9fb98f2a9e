import { chromium } from 'playwright-core';
import { startStaticServer } from './build/scripts/static-server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './test/helpers/chromium.ts';
const srv = await startStaticServer({ root: 'dist/web' });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(srv.url);
await page.setInputFiles('#ss-open-files', [process.argv[2]!]);
await page.waitForTimeout(6000);
for (const k of ['1', '3', '4', '6', '7', '8']) {
  await page.keyboard.press(`Control+${k}`);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/trial/s${k}.png`, fullPage: true });
}
console.log('errors', errors);
await browser.close();
process.exit(0);
