// A municipal coordinator's first visit, in Debian's Chromium: an
// administrator invites her with the CLI; she opens the link, chooses a
// password, signs in with the keyboard only, sees only her own
// municipality (Pornainen), cannot open another municipality's staff page,
// signs out with the header button and is then sent to sign in again. axe
// (WCAG 2.1 A/AA) checks the set-password, sign-in, staff home and account
// pages on the way.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, PASSWORD_COST } from '../lib/auth.mjs';

const EMAIL = 'municipal@example.fi';
const PASSWORD = 'kolme sanaa riittää hyvin';

let srv;
let browser;
let context;
let page;
let invite;
const problems = [];

before(async () => {
  srv = await startServer({ args: PASSWORD_COST });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
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

async function axe(name) {
  await screenshot(page, `journey-${name}`);
  const result = await axeAnalyze(page);
  assert.ok(result.passes.length > 0, 'axe ran no checks');
  assert.equal(result.violations.length, 0,
    `axe violations on ${name} (${page.url()}):\n${formatAxeViolations(result.violations)}`);
}

const here = () => new URL(page.url()).pathname + new URL(page.url()).search;
const activeId = () => page.evaluate(() => document.activeElement?.id ?? '');

describe('journey of an invited municipal coordinator', () => {
  it('an administrator invites her with the CLI and the link opens the set-password page', async () => {
    const u = addUser(srv, EMAIL, 'municipal-coordinator', { municipality: '611', password: null });
    invite = u.invite;
    assert.match(invite, /^\/fi\/password\/set\?token=[A-Za-z0-9_-]{43}$/);
    const res = await page.goto(srv.url + invite);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('h1').count(), 1);
    await axe('set-password');
  });

  it('she types the password in both fields and saves it', async () => {
    await page.locator('#password').pressSequentially(PASSWORD);
    await page.locator('#password2').pressSequentially(PASSWORD);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/fi/signin'),
      page.locator('main button[type="submit"]').click(),
    ]);
    assert.equal(here(), '/fi/signin?done=password');
    assert.equal(await page.locator('[role="status"]').count(), 1, 'a notice says the password is saved');
    await axe('sign-in');
  });

  it('she signs in with Tab, typing and Enter only', async () => {
    let tabs = 0;
    while ((await activeId()) !== 'email') {
      assert.ok(tabs < 40, 'Tab never reached the e-mail field');
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    assert.equal(await activeId(), 'password', 'Tab from the e-mail field goes to the password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/fi/staff'),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(here(), '/fi/staff');
  });

  it('the staff home lists only Pornainen', async () => {
    const names = await page.locator('main .municipality-grid a').allTextContents();
    assert.deepEqual(names.map((n) => n.trim()), ['Pornainen']);
    await axe('staff-home');
  });

  it('she opens Pornainen', async () => {
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/fi/staff/municipalities/611'),
      page.locator('main .municipality-grid a', { hasText: 'Pornainen' }).click(),
    ]);
    assert.equal((await page.locator('h1').textContent()).trim(), 'Pornainen');
  });

  it("another municipality's staff page (Tuusula, 858) is the 404 page", async () => {
    const res = await page.goto(`${srv.url}/fi/staff/municipalities/858`);
    assert.equal(res.status(), 404);
    const h1 = (await page.locator('h1').textContent()).trim();
    assert.equal(h1, 'Sivua ei löytynyt');
    assert.ok(!(await page.content()).includes('Tuusula'), 'nothing of Tuusula is shown');
  });

  it('the account page has no accessibility violations', async () => {
    const res = await page.goto(`${srv.url}/fi/account`);
    assert.equal(res.status(), 200);
    assert.ok((await page.content()).includes(EMAIL));
    await axe('account');
  });

  it('she signs out with the header button; the staff home then asks her to sign in', async () => {
    const button = page.locator('header form[action="/fi/signout"] button');
    assert.equal(await button.count(), 1, 'one sign-out button in the header');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/fi/'),
      button.click(),
    ]);
    assert.equal(await page.locator('header form[action="/fi/signout"]').count(), 0, 'signed out');
    const cookies = await context.cookies();
    assert.equal(cookies.find((c) => c.name === 'tv_session'), undefined, 'no session cookie left');
    await page.goto(`${srv.url}/fi/staff`);
    assert.equal(here(), '/fi/signin?next=%2Ffi%2Fstaff');
  });

  it('the invitation link cannot be used again', async () => {
    const res = await page.goto(srv.url + invite);
    assert.equal(res.status(), 410);
    assert.deepEqual(problems, []);
  });
});
