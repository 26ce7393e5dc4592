// The home pages of each role and the network view in Debian's Chromium
// (#12 items 8, 9): on the demo's present (a sparring period under way),
// axe (WCAG 2.1 A/AA) at phone (390 px) and desktop (1280 px) widths, no
// sideways scrolling at 320 px, screenshots (TUKIVERKKO_SCREENS=1); and what a
// coordinator, a tutor and a municipal coordinator see first.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let browser;
const pages = {};

async function signedIn(role, opts) {
  const u = addUser(srv, `${role}.dash@example.fi`, opts.role, { name: `The ${role}`, ...opts });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(`${srv.url}/fi/signin`);
  await page.locator('#email').fill(u.email);
  await page.locator('#password').fill(u.password);
  await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff'), page.locator('main button[type="submit"]').click()]);
  return page;
}

async function check(page, url, name) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    await screenshot(page, `dashboard-${name}-${width}`);
    const result = await axeAnalyze(page);
    assert.ok(result.passes.length > 0, 'axe ran no checks');
    assert.equal(result.violations.length, 0,
      `axe violations on ${name} at ${width} px:\n${formatAxeViolations(result.violations)}`);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(url);
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= iw, `${name} scrolls sideways at 320 px (${sw} > ${iw})`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  browser = await launchBrowser();
  pages.coordinator = await signedIn('coordinator', { role: 'coordinator' });
  pages.tutor = await signedIn('tutor', { role: 'tutor', scopes: ['611'] });
  pages.municipal = await signedIn('municipal', { role: 'municipal-coordinator', municipality: '611' });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('home pages and the network view', () => {
  it('the coordinator: what needs attention comes first', async () => {
    const page = pages.coordinator;
    await check(page, `${srv.url}/fi/staff`, 'coordinator');
    const headings = (await page.locator('main h2').allTextContents()).map((t) => t.trim());
    assert.equal(headings[0], 'Mikä vaatii huomiota');
    assert.ok(headings.indexOf('Tulevat tapahtumat') < headings.indexOf('Työkalusi'));
    // The municipalities fold away behind a summary that a keyboard opens.
    const summary = page.locator('details.municipalities-all summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('details.municipalities-all .municipality-grid a').count(), 26);
  });

  it('the tutor: the municipalities they spar', async () => {
    const page = pages.tutor;
    await check(page, `${srv.url}/fi/staff`, 'tutor');
    assert.equal((await page.locator('main h2').first().textContent()).trim(), 'Kunnat, joita sparraat');
    assert.match(await page.locator('main .card').first().textContent(), /Seuraava tapaaminen/);
  });

  it('the municipal coordinator: their municipality\'s sparring and actions', async () => {
    const page = pages.municipal;
    await check(page, `${srv.url}/sv/staff`, 'municipal-sv');
    assert.equal((await page.locator('main h2').first().textContent()).trim(), 'Din kommuns sparrning');
  });

  it('the network view leads with the municipalities at a glance; 2021 has actions open at its end', async () => {
    const page = pages.coordinator;
    await check(page, `${srv.url}/fi/programme/view`, 'network-view');
    const h2 = (await page.locator('main h2').first().textContent()).trim();
    assert.equal(h2, 'Kunnat yhdellä silmäyksellä');
    await page.goto(`${srv.url}/fi/programme/view?period=3`);
    assert.equal(await page.locator('#fact-overdue').count(), 0);
    assert.ok(Number(await page.locator('#fact-open-at-end').textContent()) > 0);
    await check(page, `${srv.url}/fi/programme/view?period=3`, 'network-view-2021');
  });
});
