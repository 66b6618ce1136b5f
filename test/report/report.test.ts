import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { generate } from '../../src/generate/index.js';
import { analyze } from '../../src/pipeline/index.js';
import { afterStages } from '../../src/cli/after-stages.js';
import { tempDir } from '../helpers/temp-dir.js';

const CHROMIUM = process.env.PEERSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const ARTEFACTS = resolve('test-output');
const HOSTILE_USER = '<img src=x onerror=alert(1)>@DOM1';
const HOSTILE_HOST = '<svg onload=alert(2)>';
const CARDS = Array.from({ length: 20 }, (_, i) => `card-${i + 1}`);
const EXPECTED_CHARTS = [
  ...CARDS,
  'traffic-total',
  'traffic-compromised',
  'upload-histogram',
  'upload-kde',
  'bootstrap',
  'peer-groups',
  'roc-pr',
];
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A small generated set with a hostile user name and host name in auth and flows. */
async function hostileReport(): Promise<string> {
  const data = (
    await generate({
      out: join(tempDir('report'), 'data'),
      seed: 2,
      scale: 0.002,
      days: 8,
      redteam: 'replay',
    })
  ).out;
  // First in the file, so the hostile row is among the sample rows shown on the page.
  const auth = join(data, 'auth.txt');
  writeFileSync(
    auth,
    `1,${HOSTILE_USER},${HOSTILE_USER},${HOSTILE_HOST},${HOSTILE_HOST},Negotiate,Interactive,LogOn,Success\n${readFileSync(auth, 'latin1')}`,
    'latin1',
  );
  appendFileSync(join(data, 'flows.txt'), `700001,3,${HOSTILE_HOST},N1,C586,445,6,40000,900000000\n`);
  const out = join(tempDir('report-out'), 'out');
  await analyze({ data, out, after: afterStages({ detect: true, report: true, png: true }) });
  return out;
}

test('report.html renders every chart offline in Chromium, with no console error or failed request, and escapes hostile names', async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set PEERSCOPE_CHROMIUM)`,
  );
  const out = await hostileReport();
  const page = join(out, 'report.html');
  assert.ok(statSync(page).size < 5e6, 'the page stays under 5 MB');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on(
      'console',
      (m) =>
        (m.type() === 'error' || /Infinite extent/.test(m.text())) && problems.push(`console ${m.type()}: ${m.text()}`),
    );
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
    tab.on('dialog', async (d) => {
      problems.push(`dialog: ${d.message()}`);
      await d.dismiss();
    });
    const requests: string[] = [];
    tab.on('request', (r) => requests.push(r.url()));
    await tab.goto(pathToFileURL(page).href);
    await tab.waitForFunction(
      () => (globalThis as unknown as { peerscopeReport?: unknown }).peerscopeReport !== undefined,
      null,
      { timeout: 60_000 },
    );
    const charts = await tab.evaluate(
      () =>
        (globalThis as unknown as { peerscopeReport: { charts: { id: string; ok: boolean }[] } }).peerscopeReport
          .charts,
    );
    assert.deepEqual(charts.map((c) => c.id).sort(), [...EXPECTED_CHARTS].sort());
    for (const id of EXPECTED_CHARTS) {
      const marks = await tab.locator(`[data-chart="${id}"] svg g[class*="mark-"] path`).count();
      assert.ok(marks > 0, `chart ${id} drew ${marks} marks`);
    }
    assert.deepEqual(problems, []);
    // The ranked hosts come first, as alert cards with a reason each.
    const sectionIds = await tab.locator('section[id]').evaluateAll((els) => els.map((e) => e.id));
    if (sectionIds.length > 0) assert.equal(sectionIds[0], 'alerts');
    assert.equal(await tab.locator('.card').count(), 20);
    const reasons = await tab.locator('.card .reason').allInnerTexts();
    assert.ok(
      reasons.every((r) => r.trim().length > 10),
      'every card has a reason',
    );
    assert.ok(
      ((await tab.locator('details').filter({ hasText: 'Glossary' }).textContent()) ?? '').includes(
        'first_alert_interval',
      ),
      'the glossary lists the columns',
    );
    assert.ok(
      requests.every((u) => u.startsWith('file:') || u.startsWith('data:')),
      `only local requests: ${requests.filter((u) => !u.startsWith('file:')).join(', ')}`,
    );
    // The hostile strings are on the page as text, and never became elements.
    assert.equal(await tab.locator('img[src="x"]').count(), 0);
    assert.equal(await tab.locator('svg[onload]').count(), 0);
    const text = await tab.locator('body').innerText();
    assert.ok(text.includes(HOSTILE_USER), 'the hostile user name shows as text');
    assert.ok(text.includes(HOSTILE_HOST), 'the hostile host name shows as text');
    mkdirSync(ARTEFACTS, { recursive: true });
    await tab.screenshot({ path: join(ARTEFACTS, 'report.png'), fullPage: true });
  } finally {
    await browser.close();
  }

  // PNG export: one file per chart, with the size vega laid it out at (2× zoom).
  for (const id of EXPECTED_CHARTS) {
    const png = readFileSync(join(out, 'figures', `${id}.png`));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(width > 600 && width < 3000 && height > 400 && height < 2000, `${id}.png is ${width}×${height}`);
    assert.equal(width % 2, 0, 'zoom 2 gives even sizes');
  }
});

test('without redteam.txt the report never says compromised, and its alert cards are there', async () => {
  const data = (
    await generate({ out: join(tempDir('blind'), 'data'), seed: 3, scale: 0.002, days: 6, campaigns: ['none'] })
  ).out;
  assert.ok(!existsSync(join(data, 'redteam.txt')));
  const out = join(tempDir('blind-out'), 'out');
  await analyze({ data, out, after: afterStages({ detect: true, report: true }) });
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  const hosts = readFileSync(join(out, 'hosts.csv'), 'utf8').trimEnd().split('\n');
  assert.ok(hosts[0]!.endsWith(',compromised'));
  assert.ok(
    hosts.slice(1).every((l) => l.endsWith(',')),
    'compromised is empty',
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const tab = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const problems: string[] = [];
    tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    tab.on('pageerror', (e) => problems.push(e.message));
    await tab.goto(pathToFileURL(join(out, 'report.html')).href);
    await tab.waitForFunction(
      () => (globalThis as unknown as { peerscopeReport?: unknown }).peerscopeReport !== undefined,
      null,
      { timeout: 60_000 },
    );
    const text = await tab.locator('body').innerText();
    assert.doesNotMatch(text, /compromised/i);
    assert.ok((await tab.locator('.card').count()) > 0, 'alert cards');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
  // Not in the page's visible text and not in its data either (chart specs are inlined).
  assert.doesNotMatch(html.replace(/<script[^>]*src[^>]*>[\s\S]*?<\/script>/g, ''), /"compromised"/);
});
