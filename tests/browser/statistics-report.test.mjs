// The period report (src/statistics/report.c) in the browser: a
// coordinator finds it from the statistics dashboard, it is axe-clean at
// 390 and 1280 px and never scrolls sideways at 320 px; printed, the
// controls are left out, each section starts a page, its charts print
// and the PDF has a page per section.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let browser;
let page;

async function axe(name) {
  await screenshot(page, `report-${name}`);
  const result = await axeAnalyze(page);
  assert.ok(result.passes.length > 0, 'axe ran no checks');
  assert.equal(result.violations.length, 0, `axe violations on ${name}:\n${formatAxeViolations(result.violations)}`);
}

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  const u = addUser(srv, 'coordinator.report@example.fi', 'coordinator', { name: 'The coordinator' });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(`${srv.url}/fi/signin`);
  await page.locator('#email').fill(u.email);
  await page.locator('#password').fill(u.password);
  await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff'), page.locator('main button[type="submit"]').click()]);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('a coordinator\'s period report', () => {
  it('is found from the dashboard and reads well on a phone and a desktop', async () => {
    await page.goto(`${srv.url}/fi/staff/statistics`);
    await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff/statistics/report'),
      page.getByRole('link', { name: 'Kausiraportti' }).click()]);
    assert.match(await page.locator('h1').textContent(), /^Kausiraportti: Uusimaa/);
    await axe('390');
    await page.setViewportSize({ width: 320, height: 640 });
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(sw <= iw, `the report scrolls sideways at 320 px (${sw} > ${iw})`);
    await page.setViewportSize({ width: 1280, height: 900 });
    // A programme period chosen from the list, in Swedish.
    await page.goto(`${srv.url}/sv/staff/statistics/report`);
    await page.locator('#period').selectOption({ index: 1 });
    await Promise.all([page.waitForURL((x) => x.searchParams.has('period')),
      page.getByRole('button', { name: 'Visa' }).click()]);
    assert.match(await page.locator('h1').textContent(), /^Periodrapport/);
    await axe('1280');
  });

  it('prints a section a page, with its charts and without the controls', async () => {
    await page.goto(`${srv.url}/en/staff/statistics/report`);
    await page.emulateMedia({ media: 'print' });
    const look = await page.evaluate(() => ({
      controls: getComputedStyle(document.querySelector('.report-controls')).display,
      breaks: [...document.querySelectorAll('.report-section')].map((s) => getComputedStyle(s).breakBefore),
      charts: [...document.querySelectorAll('.report-section svg')].map((s) => s.getBoundingClientRect().height),
    }));
    assert.equal(look.controls, 'none');
    assert.deepEqual(look.breaks, ['auto', 'page', 'page', 'page', 'page']);
    assert.ok(look.charts.length >= 3 && look.charts.every((h) => h > 50), JSON.stringify(look.charts));
    const pdf = await page.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 5, `a page per section: ${pages} pages`);
    await page.emulateMedia({ media: 'screen' });
  });
});
