// Attendance and feedback in Debian's Chromium: a coordinator at the door
// searches a registrant by name without the dots ("makinen"), checks her
// in from the list, opens another registrant's check-in page from the URL
// of his QR code and checks him in there; uploads a Teams report, maps
// its columns, previews and imports it; a registrant answers the feedback
// survey (first with a mistake); the coordinator reads the results. axe
// (WCAG 2.1 A/AA) checks every page on the way, with and without errors.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, sqlite, PASSWORD_COST } from '../lib/auth.mjs';
import { addRegistration, checkinCode } from '../lib/att-fixtures.mjs';

let srv;
let browser;
let context;
let page;
let work;
let evId;
const regs = {};
const problems = [];
const sql = (s) => sqlite(srv.db, s).trim();

async function axe(name) {
  await screenshot(page, `attendance-${name}`);
  const result = await axeAnalyze(page);
  assert.ok(result.passes.length > 0, 'axe ran no checks');
  assert.equal(result.violations.length, 0,
    `axe violations on ${name} (${page.url()}):\n${formatAxeViolations(result.violations)}`);
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tukiverkko-att-'));
  srv = await startServer({ args: PASSWORD_COST });
  const now = Math.floor(Date.now() / 1000);
  evId = Number(sql(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, place, platform, join_url, capacity)
    VALUES (1, 'hybrid', 'Digikahvila ja webinaari', ${now - 7200}, ${now - 600}, 'published', 'Kirjasto', 'Teams', 'https://teams.example.org/x', 40)
    RETURNING id;`));
  regs.anna = addRegistration(srv.db, { eventId: evId, name: 'Anna-Liisa Mäkinen', email: 'anna@example.fi', organisation: 'Kirjasto' });
  regs.bjorn = addRegistration(srv.db, { eventId: evId, name: 'Björn Sjöström', email: 'bjorn@example.fi', groupSize: 2 });
  regs.pekka = addRegistration(srv.db, { eventId: evId, name: 'Pekka Virtanen', email: 'pekka@example.fi' });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 390, height: 844 } });
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
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a coordinator at the door and after the event', () => {
  it('signs in and finds the attendance page', async () => {
    const u = addUser(srv, 'ovella@example.fi', 'coordinator', { name: 'Kaisa Koordinaattori' });
    await page.goto(`${srv.url}/fi/events/${evId}/attendance`);
    assert.match(page.url(), /\/fi\/signin\?next=/);
    await page.locator('#email').fill(u.email);
    await page.locator('#password').fill(u.password);
    await Promise.all([
      page.waitForURL((x) => x.pathname === `/fi/events/${evId}/attendance`),
      page.locator('main button[type="submit"]').click(),
    ]);
    assert.equal(await page.locator('h1').textContent(), 'Osallistuminen');
    await axe('page');
  });

  it('checks a registrant in from the name search', async () => {
    await page.locator('#q').fill('makinen');
    await Promise.all([page.waitForURL(/q=makinen/), page.getByRole('button', { name: 'Hae' }).click()]);
    const rows = page.locator('table:has(#people-caption) tbody tr');
    assert.equal(await page.locator('#people-caption').count(), 1);
    assert.match(await page.locator('#people-caption').textContent(), /1 \/ 3/);
    await Promise.all([
      page.waitForURL(/done=in/),
      page.getByRole('button', { name: 'Merkitse saapuneeksi: Anna-Liisa Mäkinen' }).click(),
    ]);
    assert.match(await page.locator('[role="status"]').first().textContent(), /Merkitty saapuneeksi/);
    assert.equal(await rows.count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Peru sisäänkirjautuminen: Anna-Liisa Mäkinen' }).count(), 1);
    await axe('search');
  });

  it("checks a registrant in from his QR code's page", async () => {
    const code = await checkinCode(srv.url, regs.bjorn.token);
    await page.goto(`${srv.url}/fi/events/${evId}/checkin/${code}`);
    assert.match(await page.locator('main').textContent(), /Björn Sjöström/);
    await axe('checkin');
    await Promise.all([page.waitForURL(/done=1/), page.getByRole('button', { name: 'Merkitse saapuneeksi' }).click()]);
    assert.match(await page.locator('[role="status"]').textContent(), /Merkitty saapuneeksi/);
    await axe('checkin-done');
    await page.goto(`${srv.url}/fi/events/${evId}/checkin/0000000000`);
    await axe('checkin-unknown');
    assert.equal(sql(`SELECT attendees FROM event WHERE id = ${evId}`), '3');
  });

  it('imports the webinar report after choosing its columns', async () => {
    await page.goto(`${srv.url}/fi/events/${evId}/attendance`);
    // First without a file: the error is linked to the file input.
    await page.getByRole('button', { name: 'Lataa ja valitse sarakkeet' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('.error-summary a[href="#report"]').count(), 1);
    await axe('upload-error');
    const file = path.join(work, 'Teams.csv');
    const text = ['Name\tFirst Join\tEmail', 'Pekka Virtanen\t9.00\tpekka@example.fi', 'Vieras\t9.05\tvieras@example.org'].join('\r\n');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    await page.locator('#report').setInputFiles(file);
    await Promise.all([
      page.waitForURL(/\/attendance\/import\/\d+$/),
      page.getByRole('button', { name: 'Lataa ja valitse sarakkeet' }).click(),
    ]);
    assert.equal(await page.locator('#email').inputValue(), '2');
    await axe('mapping');
    await page.locator('#email').selectOption('1');
    await page.getByRole('button', { name: 'Esikatsele tuontia' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('.error-summary a[href="#email"]').count(), 1);
    await axe('mapping-error');
    await page.locator('#email').selectOption('2');
    await Promise.all([page.waitForURL(/email=2/), page.getByRole('button', { name: 'Esikatsele tuontia' }).click()]);
    assert.match(await page.locator('#preview-caption').textContent(), /Mitä tuonti tekee/);
    await axe('preview');
    await Promise.all([page.waitForURL(/done=import/), page.getByRole('button', { name: 'Tuo', exact: true }).click()]);
    assert.equal(sql(`SELECT attendees FROM event WHERE id = ${evId}`), '5');
    await axe('imported');
  });
});

describe('the feedback survey', () => {
  it('is answered by a registrant, first with a mistake', async () => {
    const reg = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const p = await reg.newPage();
    const old = page;
    page = p;
    try {
      await p.goto(`${srv.url}/fi/registrations/${regs.anna.token}/feedback`);
      await axe('survey');
      await p.locator('#recommend-8').check();
      await p.getByRole('button', { name: 'Lähetä palaute' }).click();
      await p.waitForLoadState();
      assert.equal(await p.locator('.error-summary a[href="#rating"]').count(), 1);
      await axe('survey-error');
      await p.locator('label[for="rating-4"]').click();
      await p.locator('#comment').fill('Selkeä ja rauhallinen tilaisuus.');
      await Promise.all([p.waitForURL(/saved=1/), p.getByRole('button', { name: 'Lähetä palaute' }).click()]);
      assert.match(await p.locator('[role="status"]').textContent(), /Kiitos palautteestasi/);
      await axe('survey-saved');
    } finally {
      page = old;
      await reg.close();
    }
  });

  it('shows the organiser the results', async () => {
    await page.goto(`${srv.url}/fi/events/${evId}/feedback`);
    assert.match(await page.locator('main').textContent(), /Selkeä ja rauhallinen tilaisuus\./);
    assert.equal(await page.locator('svg[role="img"]').count(), 2);
    await axe('results');
    assert.deepEqual(problems, []);
  });
});
