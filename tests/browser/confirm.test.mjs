// Destructive actions in Debian's Chromium (#12 item 6): with JavaScript
// off, a network coordinator follows "Peru tapahtuma" to its own page,
// goes back with "Ei, älä peru tapahtumaa" (nothing changed), follows it
// again and confirms; the event page then says it is cancelled. The same
// for an organiser cancelling someone's registration. axe (WCAG 2.1 A/AA)
// checks each confirmation page, and the page that says why there is
// nothing to confirm, at phone (390 px) and desktop (1280 px) widths, and
// none scrolls sideways at 320 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, sqlite, PASSWORD_COST } from '../lib/auth.mjs';
import { addRegistration } from '../lib/att-fixtures.mjs';


let srv;
let browser;
let user;
let nojs;	// the coordinator's context with JavaScript off
let checker;	// the same session with JavaScript, for axe
let eventId;

function day(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

async function signInAs(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(`${srv.url}/fi/signin`);
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/fi/staff'), page.locator('main form button[type=submit]').first().click()]);
  return page;
}

/** axe at 390 and 1280 px, no sideways scrolling at 320 px, a screenshot. */
async function check(url, name) {
  const page = checker;
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    await screenshot(page, `confirm-${name}-${width}`);
    const result = await axeAnalyze(page);
    assert.ok(result.passes.length > 0, 'axe ran no checks');
    assert.equal(result.violations.length, 0,
      `axe violations on ${name} at ${width} px (${url}):\n${formatAxeViolations(result.violations)}`);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(url);
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= iw, `${name} scrolls sideways at 320 px (${sw} > ${iw})`);
}

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  browser = await launchBrowser();
  user = addUser(srv, 'coordinator.confirm@example.fi', 'coordinator', { name: 'Kaisa Koordinaattori' });
  const a = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
  nojs = await signInAs(a);
  const b = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  checker = await signInAs(b);
  // An upcoming published webinar with one registrant, made as the form would.
  const t = Math.floor(Date.now() / 1000) + 40 * 86400;
  eventId = Number(sqlite(srv.db, `INSERT INTO event (region_id, kind, title_fi, title_sv, title_en, starts_at, ends_at,
      status, audience, place, platform, capacity, created_at, updated_at)
    VALUES ((SELECT id FROM region WHERE code = 'uusimaa'), 'webinar', 'Digituen kevätwebinaari', '', '', ${t}, ${t + 7200},
      'published', 'public', '', 'Teams', 30, ${t - 50 * 86400}, ${t - 50 * 86400}) RETURNING id;`).trim());
  addRegistration(srv.db, { eventId, name: 'Aino Asukas', email: 'aino.asukas@example.org' });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('destructive actions are confirmed on a page of their own, without JavaScript', () => {
  it('"Peru tapahtuma" leads to a page that says what happens; "Ei" goes back with nothing changed', async () => {
    const page = nojs;
    await page.goto(`${srv.url}/fi/events/${eventId}`);
    await page.getByRole('link', { name: 'Peru tapahtuma' }).click();
    await page.waitForURL((u) => u.pathname === `/fi/events/${eventId}/cancel`);
    assert.equal(await page.locator('h1').textContent(), 'Peru tapahtuma');
    assert.match(await page.locator('main').textContent(), /Varattuja paikkoja: 1\./);
    await check(page.url(), 'event-cancel');
    await page.getByRole('link', { name: 'Ei, älä peru tapahtumaa' }).click();
    await page.waitForURL((u) => u.pathname === `/fi/events/${eventId}`);
    assert.equal(sqlite(srv.db, `SELECT status FROM event WHERE id = ${eventId};`).trim(), 'published');
  });

  it('the registrant list: cancelling someone\'s registration is asked first', async () => {
    const page = nojs;
    await page.goto(`${srv.url}/fi/events/${eventId}/registrants`);
    await page.getByRole('link', { name: /: Aino Asukas$/ }).click();
    await page.waitForURL(/\/registrants\/\d+\/cancel$/);
    await check(page.url(), 'registrant-cancel');
    // Keyboard: the red button is reachable and does it.
    const button = page.getByRole('button', { name: 'Kyllä, peru ilmoittautuminen' });
    await button.focus();
    await Promise.all([page.waitForURL(/\/registrants\?done=cancelled$/), page.keyboard.press('Enter')]);
    assert.equal(sqlite(srv.db, `SELECT status FROM registration WHERE event_id = ${eventId};`).trim(), 'cancelled');
  });

  it('"Kyllä, peru tapahtuma" cancels; asked again, the page says why there is nothing to do', async () => {
    const page = nojs;
    await page.goto(`${srv.url}/fi/events/${eventId}/cancel`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/fi/events/${eventId}` && u.search === '?done=cancelled'),
      page.getByRole('button', { name: 'Kyllä, peru tapahtuma' }).click(),
    ]);
    assert.equal(sqlite(srv.db, `SELECT status FROM event WHERE id = ${eventId};`).trim(), 'cancelled');
    await page.goto(`${srv.url}/fi/events/${eventId}/cancel`);
    assert.equal(await page.getByRole('button').count() - await page.locator('header button').count(), 0);
    await check(page.url(), 'event-cancelled-already');
  });

  it('the other confirmation pages pass axe: agenda item, organisation, news post, pairing', async () => {
    for (const [p, name] of [
      ['/fi/events/1/agenda/1/delete', 'agenda-delete'],
      ['/sv/network/organisations/3/delete', 'organisation-delete-refused'],
      ['/fi/staff/news/1/delete', 'news-delete'],
      ['/en/programme/periods/3/assignments/remove?tutor=106&municipality=858', 'pairing-remove'],
    ]) await check(`${srv.url}${p}`, name);
  });
});
