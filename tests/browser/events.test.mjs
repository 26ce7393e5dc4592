// The organiser's journey in Debian's Chromium: the network coordinator
// creates an event through the form, adds two agenda items and a speaker,
// and publishes it; an anonymous visitor then finds it in the list of
// upcoming events and on its own page, with the agenda and the speaker as
// "Name, title, organisation" and without the join link.  axe (WCAG 2.1
// A/AA) checks the list, the event page, the event form (also with its
// error summary) and the agenda page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, watchedPage, axeAnalyze, screenshot } from '../lib/browser.mjs';
import { addUser, sqlite, PASSWORD_COST } from '../lib/auth.mjs';

const TITLE = 'Digituen kevättapaaminen';

let srv;
let browser;
let coord;		// { email, password, context, page }
let visitor;		// { context, page }
let eventId;
const problems = [];

/** A date "YYYY-MM-DD" n days ahead. */
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const D = day(45);

const newPage = (who) => watchedPage(browser, srv.url, problems, who);

before(async () => {
  srv = await startServer({ args: PASSWORD_COST });
  browser = await launchBrowser();
  const u = addUser(srv, 'coordinator.events@example.fi', 'coordinator', { name: 'Kalle Koordinaattori' });
  coord = { ...u, ...(await newPage('coordinator')) };
  visitor = await newPage('visitor');
});

after(async () => {
  await coord?.context?.close();
  await visitor?.context?.close();
  await browser?.close();
  await srv?.stop();
});

async function axe(page, name) {
  await screenshot(page, `events-${name}`);
  const result = await axeAnalyze(page);
  assert.ok(result.passes.length > 0, 'axe ran no checks');
  assert.equal(result.violations.length, 0,
    `axe violations on ${name} (${page.url()}):\n${formatAxeViolations(result.violations)}`);
}

/** Clicks a button or link and waits for the new page the redirect leads
 * to (a URL matching url and other than the one before). */
async function submit(page, button, url) {
  const before = page.url();
  await Promise.all([page.waitForURL((u) => url.test(u.href) && u.href !== before), button.click()]);
  await page.waitForLoadState('load');
}

describe('an organiser publishes an event and a visitor finds it', () => {
  it('the coordinator signs in and opens the form from the list of events', async () => {
    const { page } = coord;
    await page.goto(`${srv.url}/fi/signin`);
    await page.locator('#email').fill(coord.email);
    await page.locator('#password').fill(coord.password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/fi/staff'),
      page.locator('main button[type="submit"]').click(),
    ]);
    await page.goto(`${srv.url}/fi/events`);
    await Promise.all([page.waitForURL(/\/fi\/events\/new$/), page.getByRole('link', { name: 'Uusi tapahtuma' }).click()]);
    await axe(page, 'form');
  });

  it('a mistake is named in a summary linked to the field, and the values stay', async () => {
    const { page } = coord;
    await page.getByLabel('Tapahtuman nimi suomeksi').fill(TITLE);
    await page.locator('#start_date').fill(D);
    await page.locator('#start_time').fill('13:00');
    await page.locator('#end_date').fill(D);
    await page.locator('#end_time').fill('12:00');
    await submit(page, page.getByRole('button', { name: 'Tallenna luonnoksena' }), /\/fi\/events$/);
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Tapahtuman on päätyttävä sen alkamisen jälkeen/);
    assert.equal(await page.getByLabel('Tapahtuman nimi suomeksi').inputValue(), TITLE);
    await axe(page, 'form-errors');
    await summary.getByRole('link').first().click();
    // static/js/forms.js puts focus on the field itself.
    await page.waitForFunction(() => document.activeElement?.id === 'end_time');
  });

  it('the corrected form saves a draft and leads to its agenda', async () => {
    const { page } = coord;
    await page.locator('#end_time').fill('15:30');
    await page.getByLabel('Tiivistelmä suomeksi (näkyy luettelossa)').fill('Kevään tapaaminen kaikille digitukijoille.');
    await page.getByLabel('Verkkoalusta (esimerkiksi Teams)').fill('Teams');
    await page.getByLabel('Osallistumislinkki').fill('https://teams.example.org/l/kevat');
    await page.getByLabel('Järjestäjä', { exact: true }).fill('Uudenmaan liitto');
    await page.locator('#lang-sv').check();
    await page.getByLabel('Pornainen').check();
    await page.locator('#capacity').fill('80');
    await submit(page, page.getByRole('button', { name: 'Tallenna luonnoksena' }), /\/agenda\?done=created$/);
    eventId = Number(/\/fi\/events\/(\d+)\/agenda/.exec(page.url())[1]);
    assert.equal(sqlite(srv.db, `SELECT status FROM event WHERE id = ${eventId};`).trim(), 'draft');
  });

  it('two agenda items and a speaker', async () => {
    const { page } = coord;
    const add = page.locator('#new-item');
    await add.getByLabel('Tyyppi').selectOption('opening');
    await add.getByLabel('Alkaa').fill('13:00');
    await add.getByLabel('Päättyy').fill('13:20');
    await add.getByLabel('Ohjelmakohdan otsikko suomeksi').fill('Avaus ja kuulumiset');
    await submit(page, add.getByRole('button', { name: 'Lisää ohjelmakohta' }), /done=added/);
    // The next item's form starts where the first ends.
    assert.equal(await page.locator('#new-start').inputValue(), '13:20');
    await add.getByLabel('Päättyy').fill('14:30');
    await add.getByLabel('Ohjelmakohdan otsikko suomeksi').fill('Osaamismerkki käytännössä');
    await submit(page, add.getByRole('button', { name: 'Lisää ohjelmakohta' }), /done=added/);
    const second = page.locator('li.event', { hasText: 'Osaamismerkki käytännössä' });
    await second.locator('summary', { hasText: 'Lisää puhuja' }).click();
    await second.getByLabel('Henkilö').selectOption({ label: 'Maria Virasto, asiantuntija, Digi- ja väestötietovirasto' });
    await submit(page, second.getByRole('button', { name: 'Lisää henkilö' }), /done=person-added/);
    assert.match(await page.locator('main').innerText(), /Puhuja: Maria Virasto, asiantuntija, Digi- ja väestötietovirasto/);
    await axe(page, 'agenda');
    // An item over the second one is refused, the summary links to it.
    await add.getByLabel('Alkaa').fill('14:00');
    await add.getByLabel('Päättyy').fill('14:40');
    await Promise.all([page.waitForLoadState('load'), add.getByRole('button', { name: 'Lisää ohjelmakohta' }).click()]);
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /menee päällekkäin/);
    assert.equal(await page.locator('#new-start').inputValue(), '14:00');
    await axe(page, 'agenda-errors');
    assert.equal(sqlite(srv.db, `SELECT count(*) FROM agenda_item WHERE event_id = ${eventId};`).trim(), '2');
  });

  it('publishing from the event page', async () => {
    const { page } = coord;
    await page.goto(`${srv.url}/fi/events/${eventId}`);
    await submit(page, page.getByRole('button', { name: 'Julkaise tapahtuma' }), /done=published$/);
    assert.match(await page.locator('[role="status"]').innerText(), /Tapahtuma on julkaistu/);
    assert.equal(sqlite(srv.db, `SELECT status FROM event WHERE id = ${eventId};`).trim(), 'published');
  });

  it('an anonymous visitor finds it in the list and reads its page', async () => {
    const { page } = visitor;
    await page.goto(`${srv.url}/fi/events`);
    await axe(page, 'list');
    await page.getByLabel('Kunta').selectOption({ label: 'Pornainen' });
    await submit(page, page.getByRole('button', { name: 'Näytä' }), /municipality=611/);
    const item = page.locator('li.event', { hasText: TITLE });
    assert.match(await item.innerText(), /Paikkoja jäljellä: 80/);
    await submit(page, item.getByRole('link', { name: TITLE }), new RegExp(`/fi/events/${eventId}$`));
    const main = await page.locator('main').innerText();
    assert.match(main, /13\.00–13\.20\s+Avaus ja kuulumiset/);
    assert.match(main, /Maria Virasto, asiantuntija, Digi- ja väestötietovirasto/);
    assert.match(main, /Teams/);
    assert.doesNotMatch(await page.content(), /teams\.example\.org/);
    assert.equal(await page.getByRole('link', { name: 'Ilmoittaudu' }).getAttribute('href'), `/fi/events/${eventId}/register`);
    await axe(page, 'event');
    await page.goto(`${srv.url}/en/events/1`);
    await axe(page, 'past-event');
    assert.deepEqual(problems, []);
  });
});
