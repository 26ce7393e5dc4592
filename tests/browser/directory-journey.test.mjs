// A resident's journey through the directory on a 390 px phone in
// Debian's Chromium (issue #15): search "pankkitunnuksilla" (the
// inflected form finds "pankkitunnus"), narrow it to wheelchair access
// and open now-or-any-time with the form's own controls, open a service
// point from the results and read its hours (today's sentence and the
// week's table) and its accessibility per need; then the embeddable
// widget of a municipality as a framing site shows it.  "Use my location"
// with the permission granted and a fixed position (the page sends it
// rounded, the nearest place first), and without it (a plain message by
// the button).  axe (WCAG 2.1
// A/AA) on each page at 390 px and 1280 px, no sideways scrolling at
// 320 px, no script errors and nothing asked of another host.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, accessibleAt } from '../lib/browser.mjs';

let srv;
let browser;
let context;
let page;
const problems = [];

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(srv.url) && !/^(data|about):/.test(r.url())) problems.push(`request outside: ${r.url()}`);
  });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await srv?.stop();
});

const accessible = (name) => accessibleAt(page, `directory-journey-${name}`, { widths: [390, 1280], height: 844 });

const found = async () => Number(/(\d+)\s*$/.exec(await page.locator('#results-title').innerText())[1]);

describe('a resident on a phone', () => {
  it('searches, narrows the search, and reads a service point\'s hours and accessibility', async () => {
    await page.goto(`${srv.url}/fi/directory`);
    await accessible('search');

    await page.getByLabel('Mihin tarvitset apua?').fill('pankkitunnuksilla');
    await page.getByRole('button', { name: 'Hae' }).click();
    await page.locator('#results-title').waitFor();
    const all = await found();
    assert.ok(all > 0, 'the inflected form finds points');
    assert.match(page.url(), /q=pankkitunnuksilla/);

    await page.getByLabel('Saavutettavuus').selectOption('wheelchair');
    await page.getByLabel('Järjestys').selectOption('name');
    await page.getByRole('button', { name: 'Hae' }).click();
    await page.locator('#results-title').waitFor();
    const narrowed = await found();
    assert.ok(narrowed > 0 && narrowed <= all, `${narrowed} of ${all}`);
    assert.match(page.url(), /need=wheelchair/);
    const choices = await page.locator('.directory-active li').allInnerTexts();
    assert.equal(choices.length, 2, choices.join(' | '));
    await accessible('results');

    const first = page.locator('.directory-list__item h3 a').first();
    const name = (await first.innerText()).trim();
    await first.click();
    await page.locator('h1').waitFor();
    assert.equal((await page.locator('h1').innerText()).trim(), name);
    assert.match(await page.locator('.directory-today').innerText(), /\S/);
    assert.equal(await page.locator('table.hds-table tbody tr').count(), 7, 'the week in the hours table');
    assert.equal(await page.locator('tr[aria-current="date"]').count(), 1, 'today marked');
    const access = page.locator('h2', { hasText: 'Saavutettavuus' });
    await access.waitFor();
    const needs = await page.locator('article h3').allInnerTexts();
    assert.ok(needs.some((t) => /pyörätuoli/i.test(t)), needs.join(' | '));
    await accessible('point');
    assert.deepEqual(problems, []);
  });

  it('searches near their own location, and is told plainly when the browser may not tell it', async () => {
    // The browser lets the site know where it is (Porvoo's market square,
    // finer than the 0.001 degrees the page sends).
    const located = await browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
      permissions: ['geolocation'], geolocation: { latitude: 60.3932147, longitude: 25.6650369 },
    });
    const here = await located.newPage();
    here.setDefaultTimeout(10000);
    here.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    try {
      await here.goto(`${srv.url}/fi/directory`);
      await here.getByLabel('Lähellä kuntaa tai postinumeroa').fill('Lohja');
      const button = here.getByRole('button', { name: 'Käytä sijaintiani' });
      // The list is on the page before the click too: wait for the
      // navigation the location makes, not for the list.
      await Promise.all([
        here.waitForURL((u) => u.searchParams.has('lat')),
        button.click(),
      ]);
      await here.locator('#results-title').waitFor();
      const url = new URL(here.url());
      assert.equal(url.searchParams.get('lat'), '60.393');
      assert.equal(url.searchParams.get('lon'), '25.665');
      assert.equal(url.searchParams.get('sort'), 'distance');
      assert.equal(url.searchParams.get('near'), '', 'the typed place gives way to the location');
      const first = await here.locator('.directory-list__item').first().innerText();
      assert.match(first, /Porvoo/);
      assert.match(first, /[\d,]+ km sijainnistasi/);
      assert.match(await here.locator('.directory-active').innerText(), /Lähellä: oma sijaintisi/);
      await accessibleAt(here, 'directory-journey-location', { widths: [390], height: 844 });
    } finally {
      await located.close();
    }

    // Without the permission the button says so next to itself.
    await page.goto(`${srv.url}/fi/directory`);
    await page.getByRole('button', { name: 'Käytä sijaintiani' }).click();
    await page.locator('.directory-here__status', { hasText: 'Et antanut selaimen kertoa sijaintiasi' }).waitFor();
    assert.equal(await page.locator('.directory-here__status').getAttribute('aria-live'), 'polite');
    assert.match(page.url(), /\/fi\/directory$/);
    await accessible('location-denied');
    assert.deepEqual(problems, []);
  });

  it('sees a municipality\'s widget as a framing site shows it', async () => {
    await page.goto(`${srv.url}/fi/directory/widget?municipality=611`);
    await page.locator('.widget__title').waitFor();
    assert.match(await page.locator('.widget__title').innerText(), /Pornainen/);
    assert.ok(await page.locator('.widget__item').count() > 0);
    await accessible('widget');
    assert.deepEqual(problems, []);
  });
});
