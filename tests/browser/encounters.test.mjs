// The encounter log on a 390 px phone in Debian's Chromium (issue 16): a
// supporter opens the log from their home page, records three encounters
// with a topic and a form each (everything else as defaulted), takes the
// last one back, and sees the dashboard count the two that stay; axe
// (WCAG 2.1 A/AA) on the log, on the log with its mistakes, on the
// dashboard and on the published statistics, and no sideways scrolling
// at 320 px.  The forms work without
// JavaScript: the page has none of its own.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, sqlite, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let browser;
let page;
let point;

async function axe(name) {
  await screenshot(page, `encounters-${name}`);
  const result = await axeAnalyze(page);
  assert.ok(result.passes.length > 0, 'axe ran no checks');
  assert.equal(result.violations.length, 0, `axe violations on ${name}:\n${formatAxeViolations(result.violations)}`);
}

async function noSideways(url) {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(url);
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= iw, `${url} scrolls sideways at 320 px (${sw} > ${iw})`);
  await page.setViewportSize({ width: 390, height: 844 });
}

const total = async () => Number(/Tukitapahtumat (\d+)/.exec((await page.locator('.stats-total').textContent()).replace(/\s+/g, ' '))[1]);

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  point = sqlite(srv.db, "SELECT min(id) FROM service_point WHERE municipality_code = '611' AND status = 'active'").trim();
  const u = addUser(srv, 'supporter.journey@example.fi', 'supporter', { name: 'The supporter', scopes: [point] });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
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

describe('a supporter on a phone', () => {
  it('records three encounters, takes one back and sees the dashboard change', async () => {
    await page.goto(`${srv.url}/fi/staff/statistics`);
    const before = await total();
    const kela = async () => Number((await page.locator('table', { has: page.locator('caption#topics-caption') })
      .locator('tr', { has: page.locator('th', { hasText: 'Kelan asiointi' }) }).locator('td').first().textContent()).trim());
    const kelaBefore = await kela();
    await page.goto(`${srv.url}/fi/staff`);
    await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff/encounters'),
      page.getByRole('link', { name: 'Kirjaa tukitapahtuma' }).click()]);
    await axe('log-390');
    const topics = ['Verkkopankki ja maksaminen', 'Vahva sähköinen tunnistautuminen', 'Kelan asiointi'];
    for (const [i, topic] of topics.entries()) {
      await page.getByLabel(topic, { exact: true }).check();
      // The form of support is remembered after the first.
      if (i === 0) await page.getByLabel('Puhelintuki', { exact: true }).check();
      else assert.ok(await page.getByLabel('Puhelintuki', { exact: true }).isChecked());
      await Promise.all([page.waitForURL((x) => x.searchParams.get('done') === 'saved'),
        page.getByRole('button', { name: 'Tallenna' }).click()]);
      assert.match(await page.locator('[role="status"]').textContent(), /Tukitapahtuma on tallennettu/);
      assert.match(await page.locator('.encounter-undo').textContent(), new RegExp(topic));
    }
    await axe('saved-390');
    await Promise.all([page.waitForURL((x) => x.searchParams.get('done') === 'undone'),
      page.getByRole('button', { name: 'Peru viimeisin tukitapahtuma' }).click()]);
    assert.match(await page.locator('[role="status"]').textContent(), /Tukitapahtuma on peruttu/);
    // The one before is the next to take back.
    assert.match(await page.locator('.encounter-undo').textContent(), /Vahva sähköinen tunnistautuminen/);
    assert.equal(sqlite(srv.db, `SELECT count(*) FROM encounter WHERE point_id = ${point} AND recorded_by IS NOT NULL`).trim(), '2');
    await page.goto(`${srv.url}/fi/staff/statistics`);
    assert.equal(await total(), before + 2);
    // The encounter taken back was the Kela one.
    assert.equal(await kela(), kelaBefore);
    await axe('dashboard-390');
    await noSideways(`${srv.url}/fi/staff/statistics`);
    await noSideways(`${srv.url}/fi/staff/encounters`);
  });

  it('imports counts from pasted CSV, seeing every mistake by line first', async () => {
    await page.goto(`${srv.url}/fi/staff/encounters`);
    await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff/encounters/import'),
      page.getByRole('link', { name: 'Tuo tukitapahtumia' }).click()]);
    await axe('import-390');
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date(Date.now() - 86400000));
    const head = 'point;date;hour;topics;form;duration;age;language;outcome;people;count';
    const good = `${point};${day};10;banking;drop-in;10-30;unknown;fi;resolved;;2`;
    const n = sqlite(srv.db, 'SELECT count(*) FROM encounter').trim();
    await page.locator('#csv').fill([head, good, `${point};${day};10;astrology;drop-in;10-30;unknown;fi;resolved;;2`].join('\n'));
    await page.getByRole('button', { name: 'Tuo', exact: true }).click();
    await page.waitForSelector('.error-summary');
    assert.match(await page.locator('.import-lines').textContent(), /Rivi 3: Valitse aiheet luettelosta/);
    assert.equal(sqlite(srv.db, 'SELECT count(*) FROM encounter').trim(), n);
    await axe('import-errors-390');
    await page.locator('#csv').fill([head, good].join('\n'));
    await Promise.all([page.waitForURL((x) => x.searchParams.get('done') === '2'),
      page.getByRole('button', { name: 'Tuo', exact: true }).click()]);
    assert.match(await page.locator('[role="status"]').textContent(), /Tuotuja tukitapahtumia: 2/);
    assert.equal(Number(sqlite(srv.db, 'SELECT count(*) FROM encounter').trim()), Number(n) + 2);
    await noSideways(`${srv.url}/fi/staff/encounters/import`);
  });

  it('copies a day\'s paper tally into the grid', async () => {
    await page.goto(`${srv.url}/fi/staff/encounters`);
    await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff/encounters/tally'),
      page.getByRole('link', { name: 'Päivän tukkimiehenkirjanpito' }).click()]);
    await axe('tally-390');
    const n = Number(sqlite(srv.db, 'SELECT count(*) FROM encounter').trim());
    await page.getByLabel('Verkkopankki ja maksaminen, Tule paikan päälle', { exact: true }).fill('4');
    await page.getByLabel('Kelan asiointi, Puhelintuki', { exact: true }).fill('1');
    await Promise.all([page.waitForURL((x) => x.searchParams.get('done') === '5'),
      page.getByRole('button', { name: 'Tallenna kirjanpito' }).click()]);
    assert.match(await page.locator('[role="status"]').textContent(), /Tallennettuja tukitapahtumia: 5/);
    assert.equal(Number(sqlite(srv.db, 'SELECT count(*) FROM encounter').trim()), n + 5);
    await noSideways(`${srv.url}/fi/staff/encounters/tally`);
  });

  it('reads the published statistics of the region and a municipality', async () => {
    for (const [path, name] of [['/fi/statistics', 'public-region-390'], ['/sv/statistics/611', 'public-611-390']]) {
      await page.goto(`${srv.url}${path}`);
      assert.match(await page.locator('h1').textContent(), /2\d{3}/);
      await axe(name);
      await noSideways(`${srv.url}${path}`);
    }
  });

  it('sees every mistake at once, named at the fields, with nothing saved', async () => {
    await page.goto(`${srv.url}/fi/staff/encounters`);
    const n = sqlite(srv.db, 'SELECT count(*) FROM encounter').trim();
    await page.locator('#people').fill('0');
    await page.getByRole('button', { name: 'Tallenna' }).click();
    await page.waitForSelector('.error-summary');
    const items = await page.locator('.error-summary li').allTextContents();
    assert.ok(items.some((t) => /Valitse vähintään yksi aihe/.test(t)), items.join('\n'));
    assert.ok(items.some((t) => /henkilömäärä/.test(t)), items.join('\n'));
    assert.match(await page.title(), /^Virhe:/);
    assert.equal(sqlite(srv.db, 'SELECT count(*) FROM encounter').trim(), n);
    await axe('errors-390');
  });
});
