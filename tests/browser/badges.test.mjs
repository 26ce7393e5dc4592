// The badges in Debian's Chromium: a network coordinator signs in, sends
// the new-badge form empty (the error summary leads to the first field),
// makes a badge in Finnish and Swedish with a generated image, awards it,
// looks at its public verification page and downloads the baked badge,
// then revokes it; gives and withdraws consent to a public page of their
// own badges; a visitor opens a demo award's verification page. axe
// (WCAG 2.1 A/AA) checks every page at 320 px, 390 px and 1280 px wide,
// and none scrolls sideways.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, watchedPage, accessibleAt } from '../lib/browser.mjs';
import { addUser, sqlite, PASSWORD_COST } from '../lib/auth.mjs';


let srv;
let browser;
let editor;		// { context, page, email, password }
let visitor;		// { context, page }
const problems = [];

const newPage = (name) => watchedPage(browser, srv.url, problems, name);

/** axe at each width (ending at 1280 px), and no sideways scrolling at 320 px. */
const check = (page, name) => accessibleAt(page, `badges-${name}`, { widths: [1280, 390, 320] });

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  browser = await launchBrowser();
  const u = addUser(srv, 'coordinator.badges@example.fi', 'coordinator', { name: 'Kaisa Koordinaattori' });
  editor = { ...u, ...(await newPage('editor')) };
  visitor = await newPage('visitor');
});

after(async () => {
  await editor?.context?.close();
  await visitor?.context?.close();
  await browser?.close();
  await srv?.stop();
  assert.deepEqual(problems, []);
});

describe('badges: a coordinator makes, awards and revokes a badge; anyone checks it', () => {
  let verifyUrl;

  it('the coordinator signs in and opens the badges', async () => {
    const { page } = editor;
    await page.goto(`${srv.url}/fi/signin`);
    await page.locator('#email').fill(editor.email);
    await page.locator('#password').fill(editor.password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/fi/staff'),
      page.locator('main button[type="submit"]').click(),
    ]);
    const res = await page.goto(`${srv.url}/fi/staff/badges`);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('table caption').textContent(), 'Osaamismerkit: 1');
    await check(page, 'manage');
  });

  it('an empty form comes back with every mistake, the summary leading to the first field', async () => {
    const { page } = editor;
    await page.goto(`${srv.url}/fi/staff/badges/new`);
    await check(page, 'new');
    await page.locator('main form button[type="submit"]').click();
    await page.waitForLoadState();
    assert.match(await page.title(), /^Virhe: /);
    const first = page.locator('.error-summary a').first();
    assert.equal(await first.getAttribute('href'), '#name_fi');
    await first.click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'name_fi');
    assert.equal(await page.locator('#name_fi').getAttribute('aria-invalid'), 'true');
    await check(page, 'new-errors');
  });

  it('makes a badge in Finnish and Swedish with a generated image', async () => {
    const { page } = editor;
    await page.locator('#name_fi').fill('Vertaisohjaaja');
    await page.locator('#description_fi').fill('Osaa ohjata työtoveria digituessa.');
    await page.locator('#criteria_fi').fill('Ohjaa kahta työtoveria ja kirjoita lyhyt raportti.');
    await page.locator('#name_sv').fill('Kamrathandledare');
    await page.locator('#description_sv').fill('Kan handleda en kollega i digitalt stöd.');
    await page.locator('#criteria_sv').fill('Handleder två kolleger och skriver en kort rapport.');
    await page.locator('#tags_fi').fill('vertaistuki, ohjaus');
    await page.locator('#tags_sv').fill('kamratstöd, handledning');
    await page.locator('label[for="image"]').click();
    await Promise.all([
      page.waitForURL(/\/fi\/staff\/badges\/\d+\?done=created$/),
      page.locator('main form button[type="submit"]').click(),
    ]);
    assert.match(await page.locator('.notice[role="status"]').textContent(), /Merkki on tallennettu/);
    const img = page.locator('main img').first();
    assert.ok(await img.evaluate((e) => e.complete && e.naturalWidth > 0), 'the generated image shows');
    await check(page, 'edit');
  });

  it('awards it; the verification page says who earned what, from whom, and that it is valid', async () => {
    const { page } = editor;
    await page.locator('a.button', { hasText: 'Myönnä merkki' }).click();
    await page.waitForURL(/\/award$/);
    await check(page, 'award');
    await page.locator('#name').fill('Mikko Testinen');
    await page.locator('#email').fill('mikko.testinen@tuusula.example.fi');
    await page.locator('#lang').selectOption('sv');
    await page.locator('#narrative').fill('Handledde två kolleger.');
    await Promise.all([
      page.waitForURL(/\/fi\/badges\/[0-9a-f-]{36}\?done=awarded$/),
      page.locator('main form button[type="submit"]').click(),
    ]);
    verifyUrl = page.url().replace(/\?.*$/, '');
    assert.equal(await page.locator('h1').textContent(), 'Vertaisohjaaja');
    assert.match(await page.locator('main').textContent(), /Tämä merkki on voimassa\.[\s\S]*Mikko Testinen/);
    await check(page, 'verify-staff');
    // The baked badge downloads as an SVG with the credential inside.
    const href = await page.locator('a', { hasText: 'SVG' }).first().getAttribute('href');
    const res = await page.request.get(`${srv.url}${href}`);
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /<openbadges:credential verify="ey/);
  });

  it('revokes it with a reason; the page then says so', async () => {
    const { page } = editor;
    await page.locator('a', { hasText: 'Peru merkki' }).click();
    await page.waitForURL(/\/revoke$/);
    await check(page, 'revoke');
    await page.locator('main form button[type="submit"]').click();
    await page.waitForLoadState();
    assert.match(await page.title(), /^Virhe: /);
    await page.locator('#reason').fill('Myönnetty väärälle henkilölle.');
    await Promise.all([
      page.waitForURL(/\?done=revoked$/),
      page.locator('main form button[type="submit"]').click(),
    ]);
    assert.match(await page.locator('.notice--error').textContent(), /peruttu[\s\S]*Myönnetty väärälle henkilölle\./);
    await check(page, 'verify-revoked');
  });

  it("the coordinator's own badges: a public page made, then removed after a page that asks", async () => {
    const { page } = editor;
    await page.goto(`${srv.url}/fi/account/badges`);
    await check(page, 'mine');
    await Promise.all([
      page.waitForURL(/\/fi\/account\/badges\?done=given$/),
      page.locator('main form button[type="submit"]').click(),
    ]);
    const publicHref = await page.locator('main a', { hasText: 'merkkiesi julkinen sivu' }).getAttribute('href');
    await page.locator('a', { hasText: 'Poista julkinen sivu' }).click();
    await page.waitForURL(/\/fi\/account\/badges\/withdraw$/);
    await check(page, 'withdraw');
    await Promise.all([
      page.waitForURL(/\/fi\/account\/badges\?done=withdrawn$/),
      page.locator('main form button[type="submit"]').click(),
    ]);
    const res = await page.goto(`${srv.url}${publicHref}`);
    assert.equal(res.status(), 404);
  });

  it('a visitor checks a demo award in three languages', async () => {
    const { page } = visitor;
    const uuid = sqlite(srv.db, 'SELECT uuid FROM badge_award WHERE revoked_at IS NULL ORDER BY id LIMIT 1;').trim();
    for (const l of ['fi', 'sv', 'en']) {
      const res = await page.goto(`${srv.url}/${l}/badges/${uuid}`);
      assert.equal(res.status(), 200);
      assert.equal(await page.locator('html').getAttribute('lang'), l);
      await check(page, `verify-${l}`);
    }
    const res = await page.goto(verifyUrl.replace('/fi/', '/en/'));
    assert.equal(res.status(), 200);
    assert.match(await page.locator('main').textContent(), /This badge has been revoked/);
  });
});
