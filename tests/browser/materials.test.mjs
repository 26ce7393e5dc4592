// The "available on request" journey in Debian's Chromium: a visitor finds
// the full presentations of the demo webinar in the library, asks for them
// (a mistake first, shown in the error summary), the network coordinator
// approves the request in the queue, and the link in the e-mail downloads
// the very file that is stored.  axe (WCAG 2.1 A/AA) checks the library,
// a material page with its preview, the request form with its error, the
// queue, the download page and the material form on the way.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, sqlite, mailDrained, PASSWORD_COST } from '../lib/auth.mjs';

const VISITOR = 'maija.meikalainen@example.org';

let srv;
let spool;
let browser;
const people = {};		// visitor, coordinator -> { context, page, ... }
const problems = [];
const q = (s) => sqlite(srv.db, s).trim();

before(async () => {
  spool = mkdtempSync(path.join(tmpdir(), 'tukiverkko-spool-'));
  srv = await startServer({ args: [...PASSWORD_COST, '--mail-spool', spool] });
  browser = await launchBrowser();
  const coord = addUser(srv, 'coordinator.materials@example.fi', 'coordinator', { name: 'Kalle Koordinaattori' });
  for (const role of ['visitor', 'coordinator']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (e) => problems.push(`${role}: script error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(srv.url) && !/^(data|about):/.test(r.url())) problems.push(`${role}: request outside: ${r.url()}`);
    });
    people[role] = { context, page };
  }
  Object.assign(people.coordinator, coord);
});

after(async () => {
  for (const p of Object.values(people)) await p.context?.close();
  await browser?.close();
  await srv?.stop();
  if (spool) rmSync(spool, { recursive: true, force: true });
});

async function axe(page, name) {
  await screenshot(page, `materials-${name}`);
  const result = await axeAnalyze(page);
  assert.ok(result.passes.length > 0, 'axe ran no checks');
  assert.equal(result.violations.length, 0,
    `axe violations on ${name} (${page.url()}):\n${formatAxeViolations(result.violations)}`);
}

describe('on request: a visitor asks, the coordinator approves, the link downloads', () => {
  it('the visitor finds the material in the library by searching without the dots', async () => {
    const { page } = people.visitor;
    await page.goto(`${srv.url}/fi/materials`);
    await axe(page, 'library');
    await page.locator('#q').fill('esitykset kokonaisuudessaan');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('q') !== null), page.locator('form[role="search"] button').click()]);
    const hits = page.locator('.card__title a');
    assert.equal(await hits.count(), 1);
    await Promise.all([page.waitForURL(/\/fi\/materials\/3$/), hits.first().click()]);
    assert.match(await page.locator('h1').textContent(), /Webinaarin esitykset/);
    assert.equal(await page.locator('a[href$="/materials/3/file"]').count(), 0, 'no download link for a visitor');
    await axe(page, 'material-on-request');
  });

  it('a public PDF shows the picture of its first page', async () => {
    const { page } = people.visitor;
    await page.goto(`${srv.url}/fi/materials/1`);
    const img = page.locator('figure.material-preview img');
    assert.equal(await img.count(), 1);
    const ok = await img.evaluate((el) => el.complete && el.naturalWidth > 0);
    assert.ok(ok, 'the preview image loads');
    await axe(page, 'material-public');
  });

  it('the visitor asks for it; a missing address is pointed out first', async () => {
    const { page } = people.visitor;
    await page.goto(`${srv.url}/fi/materials/3`);
    await Promise.all([page.waitForURL(/\/materials\/3\/request$/), page.locator('a[href$="/materials/3/request"]').click()]);
    await page.locator('#name').fill('Maija Meikäläinen');
    await page.locator('#organisation').fill('Pornaisten kirjasto');
    await page.locator('#purpose').fill('Digituen vertaistapaamiseen kirjastolla');
    await page.locator('main button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
    await axe(page, 'request-error');
    await page.locator('.error-summary a').click();
    // static/js/forms.js puts focus on the field itself.
    await page.waitForFunction(() => document.activeElement?.id === 'email');
    await page.locator('#email').fill(VISITOR);
    await Promise.all([page.waitForURL(/\/request\/sent$/), page.locator('main button[type="submit"]').click()]);
    assert.match(await page.locator('[role="status"]').textContent(), /pyyntösi on lähetetty/i);
    assert.equal(q(`SELECT status FROM material_request WHERE email = '${VISITOR}'`), 'pending');
  });

  it('the coordinator approves it in the queue', async () => {
    const { page, email, password } = people.coordinator;
    await page.goto(`${srv.url}/fi/signin`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/fi/staff'), page.locator('main button[type="submit"]').click()]);
    await page.goto(`${srv.url}/fi/materials`);
    await Promise.all([page.waitForURL(/\/fi\/materials\/requests$/), page.locator('a[href="/fi/materials/requests"]').click()]);
    const row = page.locator('tr', { hasText: VISITOR });
    assert.equal(await row.count(), 1);
    await axe(page, 'queue');
    await Promise.all([page.waitForURL(/done=approved/), row.locator('button', { hasText: 'Hyväksy' }).click()]);
    assert.match(await page.locator('[role="status"]').first().textContent(), /hyväksyttiin/);
    assert.equal(q(`SELECT status FROM material_request WHERE email = '${VISITOR}'`), 'approved');
  });

  it('the link in the e-mail downloads the stored file', async () => {
    await mailDrained(srv.db);
    const mail = readdirSync(spool).filter((f) => f.endsWith('.eml'))
      .map((f) => readFileSync(path.join(spool, f), 'utf8')).find((t) => t.includes(VISITOR));
    assert.ok(mail, 'an e-mail to the visitor');
    const m = /\/fi\/materials\/access\/[A-Za-z0-9_-]{43}/.exec(mail.replace(/=\r?\n/g, ''));
    assert.ok(m, 'a download link in the e-mail');
    const { page } = people.visitor;
    const res = await page.goto(srv.url + m[0]);
    assert.equal(res.status(), 200);
    await axe(page, 'download-page');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('main a.button[download]').click()]);
    const file = await download.path();
    const got = createHash('sha256').update(readFileSync(file)).digest('hex');
    assert.equal(got, q('SELECT sha256 FROM material_version WHERE material_id = 3'));
    assert.equal(download.suggestedFilename(), 'webinaarin-esitykset.pdf');
    assert.equal(q(`SELECT uses FROM material_grant g JOIN material_request r ON r.id = g.request_id WHERE r.email = '${VISITOR}'`), '1');
  });

  it('the material form is accessible too', async () => {
    const { page } = people.coordinator;
    await page.goto(`${srv.url}/fi/materials/new`);
    await axe(page, 'new-material');
    await page.goto(`${srv.url}/fi/materials/1/edit`);
    await axe(page, 'edit-material');
  });

  it('nothing went outside the site and no script failed', () => {
    assert.deepEqual(problems, []);
  });
});
