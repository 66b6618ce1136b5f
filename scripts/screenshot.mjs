// Screenshot of the demo report for the README: npm run demo && node scripts/screenshot.mjs
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const page = resolve('demo-output/out/report.html');
const browser = await chromium.launch({
  executablePath: process.env.PEERSCOPE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const tab = await browser.newPage({ viewport: { width: 1100, height: 1500 } });
await tab.goto(pathToFileURL(page).href);
await tab.waitForFunction(() => globalThis.peerscopeReport !== undefined);
await tab.locator('#traffic').scrollIntoViewIfNeeded();
await tab.screenshot({ path: resolve('docs/report.png'), clip: { x: 0, y: 0, width: 1100, height: 1500 } });
await tab.locator('#peers').screenshot({ path: resolve('docs/report-peers.png') });
await browser.close();
console.log('wrote docs/report.png and docs/report-peers.png');
