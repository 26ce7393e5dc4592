// The registration journey in Debian's Chromium with an SMTP sink: person
// A registers for an event with one seat and gets the confirmation by
// e-mail; person B joins the waiting list; A follows the link in the
// e-mail and cancels (with the confirmation step); B gets the offer by
// e-mail, follows its link and accepts the seat.  axe (WCAG 2.1 A/AA)
// checks the form (also with its mistakes shown), the confirmation, the
// waiting-list page and the manage page with the offer.  Each person has
// a browser context of their own, as two people would.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { sqlite, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let sink;
let browser;
let eventId;
const people = {};
const problems = [];

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', 'https://tuki.example.org'] });
  const start = Math.floor(Date.now() / 1000) + 14 * 86400;
  eventId = Number(sqlite(srv.db, `INSERT INTO event (region_id, kind, title_fi, summary_fi, starts_at, ends_at, status, capacity, group_max, platform, join_url, consent_fi) VALUES (1, 'webinar', 'Digituen iltapäivä', 'Yhden paikan testitapahtuma', ${start}, ${start + 5400}, 'published', 1, 2, 'Teams', 'https://teams.example.org/join/iltapaiva', 'Tietojasi käytetään vain tapahtuman järjestämiseen.') RETURNING id;`).trim());
  sqlite(srv.db, `INSERT INTO event_question (event_id, position, kind, label_fi, required) VALUES (${eventId}, 1, 'yesno', 'Tarvitsetko tulkkausta?', 1);`);
  browser = await launchBrowser();
  for (const who of ['a', 'b']) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (e) => problems.push(`${who}: script error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(srv.url) && !/^(data|about):/.test(r.url())) problems.push(`${who}: request outside: ${r.url()}`);
    });
    people[who] = { context, page, email: `henkilo.${who}@example.org` };
  }
});

after(async () => {
  for (const p of Object.values(people)) await p.context?.close();
  await browser?.close();
  await srv?.stop();
  await sink?.stop();
});

async function axe(page, name) {
  await screenshot(page, `registration-${name}`);
  const result = await axeAnalyze(page);
  assert.ok(result.passes.length > 0, 'axe ran no checks');
  assert.equal(result.violations.length, 0,
    `axe violations on ${name} (${page.url()}):\n${formatAxeViolations(result.violations)}`);
}

async function fillForm(page, name, email) {
  await page.getByLabel('Nimi').fill(name);
  await page.getByLabel('Sähköpostiosoite').fill(email);
  await page.getByLabel('Kyllä').check();
  await page.getByLabel('Hyväksyn yllä olevat ehdot').check();
}

/** The registration link of a message (on the site's base_url), as a
 * path on the test server. */
function linkIn(text) {
  const m = /https:\/\/tuki\.example\.org(\/fi\/registrations\/[A-Za-z0-9_-]{43})/.exec(text);
  assert.ok(m, `no registration link in:\n${text}`);
  return srv.url + m[1];
}

describe('register, get the e-mail, cancel; the next person gets the offer', () => {
  it('A registers (first with a mistake) and gets the seat and the confirmation e-mail', async () => {
    const { page, email } = people.a;
    await page.goto(`${srv.url}/fi/events/${eventId}/register`);
    await axe(page, 'form');
    // Sent empty: the summary lists the mistakes, each a link to its field.
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Ilmoittaudu' }).click()]);
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.ok(await summary.getByRole('link', { name: 'Kirjoita nimesi.' }).count() === 1);
    await axe(page, 'form-errors');
    await summary.getByRole('link', { name: 'Kirjoita nimesi.' }).click();
    // static/js/forms.js puts focus on the field itself.
    await page.waitForFunction(() => document.activeElement?.id === 'name');
    await fillForm(page, 'Aino Aikainen', email);
    await Promise.all([
      page.waitForURL(/\/fi\/registrations\/[A-Za-z0-9_-]{43}$/),
      page.getByRole('button', { name: 'Ilmoittaudu' }).click(),
    ]);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Ilmoittautumisesi');
    assert.match(await page.locator('main').textContent(), /Ilmoittautumisesi on vahvistettu/);
    assert.match(await page.locator('main').textContent(), /teams\.example\.org\/join\/iltapaiva/);
    await axe(page, 'confirmation');
    const m = await sink.waitFor((x) => x.to.includes(email), 15000);
    assert.match(m.subject, /^Ilmoittautuminen vahvistettu: Digituen iltapäivä/);
    assert.ok(m.attachments.some((x) => x.filename === 'event.ics'));
    people.a.link = linkIn(m.text);
    assert.equal(people.a.link, page.url());
  });

  it('B joins the waiting list', async () => {
    const { page, email } = people.b;
    await page.goto(`${srv.url}/fi/events/${eventId}/register`);
    assert.match(await page.locator('main').textContent(), /Tapahtuma on täynnä/);
    await fillForm(page, 'Bertta Bussi', email);
    await Promise.all([
      page.waitForURL(/\/fi\/registrations\//),
      page.getByRole('button', { name: 'Ilmoittaudu jonoon' }).click(),
    ]);
    assert.match(await page.locator('main').textContent(), /Sijasi jonossa: 1/);
    assert.doesNotMatch(await page.locator('main').textContent(), /teams\.example\.org/, 'no join link on the waiting list');
    await axe(page, 'waiting');
    const m = await sink.waitFor((x) => x.to.includes(email), 15000);
    assert.match(m.subject, /^Jonossa: /);
  });

  it('A opens the link in the e-mail and cancels', async () => {
    const { page } = people.a;
    await page.goto(people.a.link);
    await page.getByRole('link', { name: 'Peru ilmoittautumisesi' }).click();
    await page.waitForURL(/\/cancel$/);
    await axe(page, 'cancel');
    await Promise.all([
      page.waitForURL(/\?done=cancelled$/),
      page.getByRole('button', { name: 'Kyllä, peru ilmoittautumiseni' }).click(),
    ]);
    assert.match(await page.locator('[role="status"]').textContent(), /Ilmoittautumisesi on peruttu/);
    await sink.waitFor((x) => x.to.includes(people.a.email) && /peruttu/.test(x.subject), 15000);
  });

  it('B gets the offer e-mail, opens its link and accepts the seat', async () => {
    const { page, email } = people.b;
    const m = await sink.waitFor((x) => x.to.includes(email) && /vapautunut paikka/.test(x.subject), 15000);
    await page.goto(linkIn(m.text));
    assert.match(await page.locator('main').textContent(), /Paikka on vapautunut/);
    await axe(page, 'offer');
    await Promise.all([
      page.waitForURL(/\?done=accepted$/),
      page.getByRole('button', { name: 'Ota paikka vastaan' }).click(),
    ]);
    assert.match(await page.locator('main').textContent(), /Ilmoittautumisesi on vahvistettu/);
    assert.match(await page.locator('main').textContent(), /teams\.example\.org\/join\/iltapaiva/);
    await axe(page, 'manage');
    const c = await sink.waitFor((x) => x.to.includes(email) && /vahvistettu/.test(x.subject), 15000);
    assert.ok(c.attachments.some((x) => x.filename === 'event.ics'));
    assert.equal(sqlite(srv.db, `SELECT group_concat(status, ',') FROM (SELECT status FROM registration WHERE event_id = ${eventId} ORDER BY id);`).trim(), 'cancelled,confirmed');
    assert.deepEqual(problems, []);
  });
});
