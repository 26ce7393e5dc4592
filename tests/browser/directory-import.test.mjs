// The coordinator's CSV import of service points in Debian's Chromium
// (issue #15): from the staff list to the import page, a file with a
// mistake chosen and sent, the mistakes named by line and column with
// nothing saved, then the export itself sent back and saved; axe (WCAG 2.1
// A/AA) at phone (390 px) and desktop widths on the form and on the page
// of mistakes, no sideways scrolling at 320 px.  A point's accessibility
// notes written in the edit form and read on its page, both axe-clean.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, request } from '../lib/server.mjs';
import { launchBrowser, accessibleAt } from '../lib/browser.mjs';
import { addUser, signIn, sqlite, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let browser;
let page;
let dir;
let user;

const accessible = (name) => accessibleAt(page, `directory-import-${name}`, { widths: [1280, 390] });

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'csv-browser-'));
  srv = await startServer({ args: PASSWORD_COST });
  browser = await launchBrowser();
  user = addUser(srv, 'coordinator.csv@example.fi', 'coordinator');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(`${srv.url}/fi/signin`);
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff'), page.locator('main button[type="submit"]').click()]);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the CSV import in a browser', () => {
  it('names every mistake of a file and saves nothing, then saves a good file', async () => {
    await page.goto(`${srv.url}/fi/staff/directory`);
    await Promise.all([page.waitForURL((x) => x.pathname === '/fi/staff/directory/import'),
      page.getByRole('link', { name: 'Tuo tai vie CSV-tiedostona' }).click()]);
    await accessible('form');
    const client = await signIn(srv.url, user.email, user.password);
    const csv = (await client.get('/fi/staff/directory/points.csv')).text;
    const [head, ...rows] = csv.split('\r\n');
    const cols = head.replace(/^\ufeff/, '').split(';');
    // A row without quoted cells, so that splitting at ';' is right.
    const plain = rows.find((r) => r !== '' && !r.includes('"'));
    const cells = plain.split(';');
    cells[cols.indexOf('postcode')] = '12';
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, `${head}\r\n${cells.join(';')}\r\n`);
    const before = sqlite(srv.db, 'SELECT max(updated_at), count(*) FROM service_point').trim();
    await page.locator('#file').setInputFiles(bad);
    await page.getByRole('button', { name: 'Tuo', exact: true }).click();
    await page.waitForLoadState();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Mitään ei tuotu/);
    assert.match(await summary.innerText(), /Rivi 2, sarake postcode: Kirjoita postinumero/);
    assert.equal(sqlite(srv.db, 'SELECT max(updated_at), count(*) FROM service_point').trim(), before);
    await accessible('mistakes');
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, csv);
    await page.locator('#file').setInputFiles(good);
    await Promise.all([page.waitForURL((x) => x.searchParams.get('created') === '0'),
      page.getByRole('button', { name: 'Tuo', exact: true }).click()]);
    assert.match(await page.locator('.notice').innerText(), /Tiedosto on tuotu: uusia palvelupisteitä 0, muutettuja \d+\./);
    assert.equal((await request(`${srv.url}/fi/directory`)).status, 200);
  });

  it('writes a point\'s accessibility notes in the edit form, and its page shows them under the facts', async () => {
    const id = Number(sqlite(srv.db, 'SELECT min(id) FROM service_point').trim());
    await page.goto(`${srv.url}/fi/staff/directory/${id}`);
    await page.getByLabel('Lisätietoja saavutettavuudesta (suomi)').fill('Ovikello on oven vieressä.\nHissi on käytävän päässä.');
    await Promise.all([page.waitForURL((x) => x.searchParams.get('done') === 'saved'),
      page.getByRole('button', { name: 'Tallenna' }).click()]);
    await accessible('edit-notes');
    await page.goto(`${srv.url}/fi/directory/${id}`);
    assert.deepEqual(await page.locator('.directory-notes p').allInnerTexts(), ['Ovikello on oven vieressä.', 'Hissi on käytävän päässä.']);
    await accessible('point-notes');
  });
});
