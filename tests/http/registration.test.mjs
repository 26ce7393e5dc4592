// Registration against the real binary and an SMTP sink: the form (one-time
// submission id, no caching, closed states, network-only events), sending
// it (303 to the secret link only after the commit; a repeated submission
// finds the same registration), bad input of every kind (400 with the
// mistakes linked to their fields, or 404/409, nothing written), the
// registrant's page (change, grow refused when full, cancel with a
// confirmation step, accept and decline an offer), the messages
// (confirmation with the .ics, waiting-list place, offer, cancellation,
// event changed), and the organisers' registrants list and questions
// editor.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import { validateIcs, checkItip } from '../lib/ics-validate.mjs';
import {
  Client, addUser, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

let srv;
let sink;
const as = {};
const q = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
const FUTURE = Math.floor(Date.now() / 1000) + 20 * 86400;

/** Runs fn and asserts that the database did not change. */
async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** A new event (webinar, published, in 20 days) with the given columns. */
function makeEvent(cols = {}) {
  const c = {
    region_id: 1, kind: 'webinar', title_fi: `Testitapahtuma ${unique('e')}`, title_en: 'Test event',
    starts_at: FUTURE, ends_at: FUTURE + 7200, status: 'published', capacity: 2, group_max: 3,
    platform: 'Zoom', join_url: 'https://zoom.example.org/j/123secret', offer_hours: 24, ...cols,
  };
  const keys = Object.keys(c);
  const vals = keys.map((k) => (c[k] === null ? 'NULL' : typeof c[k] === 'number' ? String(c[k]) : `'${String(c[k]).replace(/'/g, "''")}'`));
  return Number(q(`INSERT INTO event (${keys.join(', ')}) VALUES (${vals.join(', ')}) RETURNING id;`));
}

/** A visitor's form: { csrf, submission, html, res }. */
async function loadForm(c, id, lang = 'fi') {
  const res = await c.get(`/${lang}/events/${id}/register`);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const csrf = /name="csrf" value="([^"]+)"/.exec(res.text)?.[1];
  const submission = /name="submission" value="([^"]+)"/.exec(res.text)?.[1];
  c.csrf = csrf;
  return { csrf, submission, html: res.text, res };
}

/** Registers a new visitor; returns { c, res, token, email }. */
async function register(id, fields = {}, { lang = 'fi' } = {}) {
  const c = new Client(srv.url);
  const f = await loadForm(c, id, lang);
  const email = fields.email ?? `${unique('r')}@example.org`;
  const res = await c.post(`/${lang}/events/${id}/register`, {
    csrf: f.csrf, submission: f.submission, name: 'Testi Rekisteröityjä', email, group_size: '1', ...fields,
  });
  const token = /\/registrations\/([A-Za-z0-9_-]{43})$/.exec(res.headers.location ?? '')?.[1];
  return { c, res, token, email, form: f };
}

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', 'https://tuki.example.org'] });
  const coord = addUser(srv, `coord.${unique('c')}@example.fi`, 'coordinator', { name: 'Koordinaattori' });
  const supporter = addUser(srv, `sup.${unique('s')}@example.fi`, 'supporter', { name: 'Tukija' });
  as.coord = await signIn(srv.url, coord.email, coord.password);
  as.supporter = await signIn(srv.url, supporter.email, supporter.password);
  as.coordId = coord.id;
});

after(async () => {
  await srv?.stop();
  await sink?.stop();
});

describe('the form', () => {
  it('has a fresh one-time submission id and is never cached', async () => {
    const c = new Client(srv.url);
    const a = await loadForm(c, 2);
    const b = await loadForm(c, 2);
    assert.match(a.submission, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a.submission, b.submission);
    assert.equal(a.res.headers['cache-control'], 'no-store');
    // The demo event's questions, consent and the fields with labels.
    for (const id of ['name', 'email', 'organisation', 'municipality', 'group_size', 'consent']) {
      assert.ok(a.html.includes(`<label for="${id}"`), `label for ${id}`);
    }
    assert.match(a.html, /name="q-1"/);
    assert.match(a.html, /type="radio"/);
    assert.match(a.html, /Paikkoja jäljellä: \d+/);
  });

  it('is in three languages', async () => {
    const c = new Client(srv.url);
    assert.match((await c.get('/sv/events/2/register')).text, /Anmäl dig/);
    assert.match((await c.get('/en/events/2/register')).text, /Register/);
  });

  it('says why an event takes no registrations, without a form', async () => {
    const c = new Client(srv.url);
    const res = await c.get('/fi/events/1/register');
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /name="submission"/);
    assert.match(textOf(res.text), /Tähän tapahtumaan ei ilmoittauduta/);
    const later = makeEvent({ registration_opens: FUTURE - 86400 });
    assert.match(textOf((await c.get(`/fi/events/${later}/register`)).text), /Ilmoittautuminen ei ole vielä alkanut/);
    const cancelled = makeEvent({ status: 'cancelled' });
    assert.match(textOf((await c.get(`/en/events/${cancelled}/register`)).text), /The event has been cancelled/);
  });

  it('answers 404 for unknown, malformed and hidden events', async () => {
    const c = new Client(srv.url);
    for (const p of ['/fi/events/999999/register', '/fi/events/2x/register', '/fi/events/0/register']) {
      assert.equal((await c.get(p)).status, 404, p);
    }
    const draft = makeEvent({ status: 'draft' });
    assert.equal((await c.get(`/fi/events/${draft}/register`)).status, 404);
    assert.equal((await as.coord.get(`/fi/events/${draft}/register`)).status, 200, 'the organiser sees the draft');
    const network = makeEvent({ audience: 'network' });
    assert.equal((await c.get(`/fi/events/${network}/register`)).status, 404, 'network events are for accounts');
    const mine = await as.supporter.get(`/fi/events/${network}/register`);
    assert.equal(mine.status, 200);
    assert.match(mine.text, /value="Tukija"/, 'a signed-in visitor registers as themselves');
  });
});

// The form's event is kept between writes (the route's loader, db/memo.h):
// each change an organiser commits must show at the very next request.
// Every request here falls within page_cache_ms of the last, so with the
// memo's generation check left out the old event would still be shown.
describe("the form's event, kept between writes", () => {
  const ymd = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

  /** The organiser's edit form, sent back with `over`. */
  async function editEvent(id, over) {
    const form = await as.coord.get(`/fi/events/${id}/edit`);
    assert.equal(form.status, 200);
    const params = new URLSearchParams({
      csrf: /name="csrf" value="([^"]+)"/.exec(form.text)[1], kind: 'webinar', title_fi: 'Muuttuva tapahtuma',
      title_sv: '', title_en: '', summary_fi: '', summary_sv: '', summary_en: '', description_fi: '',
      description_sv: '', description_en: '', start_date: ymd(20), start_time: '09:00', end_date: ymd(20),
      end_time: '12:00', place: '', platform: 'Zoom', join_url: 'https://zoom.example.org/j/123secret',
      organiser: 'Järjestäjä', audience: 'public', languages: 'fi', capacity: '10', opens_date: '',
      opens_time: '', closes_date: '', closes_time: '', group_max: '3', offer_hours: '24', reminder_hours: '48',
      consent_fi: '', consent_sv: '', consent_en: '', ...over,
    });
    const res = await as.coord.req(`/fi/events/${id}/edit`, {
      method: 'POST', body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 303, textOf(res.text).slice(0, 400));
  }

  it('shows a closed registration window at the next request, on the page and to a POST', async () => {
    const id = makeEvent({ capacity: 10 });
    const c = new Client(srv.url);
    await loadForm(c, id);
    const f = await loadForm(c, id);
    await editEvent(id, { closes_date: ymd(-1), closes_time: '00:00' });
    const page = await c.get(`/fi/events/${id}/register`);
    assert.doesNotMatch(page.text, /name="submission"/);
    assert.match(textOf(page.text), /Ilmoittautuminen on päättynyt/);
    const res = await unchanged(() => c.post(`/fi/events/${id}/register`, {
      csrf: f.csrf, submission: f.submission, name: 'Myöhäinen', email: `${unique('late')}@example.org`, group_size: '1',
    }));
    assert.equal(res.status, 409);
    assert.match(textOf(res.text), /Ilmoittautuminen on päättynyt/);
    await editEvent(id, { title_fi: 'Avattu uudelleen' });
    assert.match((await loadForm(c, id)).html, /Avattu uudelleen/, 'opened again at once');
  });

  it('shows a cancellation at the next request', async () => {
    const id = makeEvent({ capacity: 10 });
    const c = new Client(srv.url);
    await loadForm(c, id, 'en');
    await loadForm(c, id, 'en');
    const form = await as.coord.get(`/fi/events/${id}/edit`);
    as.coord.csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
    assert.ok([303, 200].includes((await as.coord.post(`/fi/events/${id}/cancel`, { confirm: '1' })).status));
    const page = await c.get(`/en/events/${id}/register`);
    assert.doesNotMatch(page.text, /name="submission"/);
    assert.match(textOf(page.text), /The event has been cancelled/);
  });
});

describe('registering', () => {
  it('confirms a seat: 303 to the secret link, the row, the answers and the confirmation with the calendar file', async () => {
    const r = await register(2, { 'q-1': 'yes', 'q-2': '2', consent: '1', organisation: 'Kirjasto', municipality: '611', group_size: '2' });
    assert.equal(r.res.status, 303, r.res.text.slice(0, 400));
    assert.ok(r.token);
    const row = q(`SELECT status || '|' || group_size || '|' || organisation || '|' || municipality_code || '|' || lang FROM registration WHERE email = '${r.email}';`);
    assert.equal(row, 'confirmed|2|Kirjasto|611|fi');
    assert.equal(q(`SELECT a.value FROM registration_answer a JOIN registration r ON r.id = a.registration_id WHERE r.email = '${r.email}' ORDER BY a.question_id;`).split('\n').join(';'),
      'yes;Kirjasto|Bibliotek|Library');
    // Only the token's hash is stored.
    assert.equal(q(`SELECT count(*) FROM registration WHERE token_hash = '${r.token}';`), '0');
    const page = await r.c.get(`/fi/registrations/${r.token}`);
    assert.equal(page.status, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    const t = textOf(page.text);
    assert.match(t, /Vahvistettu/);
    assert.match(t, /Liittymislinkki: https:\/\/teams\.example\.org/);
    assert.match(page.text, new RegExp(`href="/fi/registrations/${r.token}/calendar\\.ics"`));
    assert.match(t, /Annatko itse digitukea asiakkaille\? Kyllä/);
    assert.match(t, /Missä työskentelet\? Kirjasto/);
    const m = await sink.waitFor((x) => x.to.includes(r.email), 15000);
    assert.match(m.subject, /^Ilmoittautuminen vahvistettu: /);
    assert.ok(m.text.includes(`https://tuki.example.org/fi/registrations/${r.token}`), m.text);
    assert.match(m.text, /Liittymislinkki: https:\/\/teams\.example\.org/);
    const ics = m.attachments.find((a) => a.filename === 'event.ics');
    assert.ok(ics, 'the .ics is attached');
    assert.match(ics.contentType, /^text\/calendar/);
    assert.match(ics.content.toString(), /BEGIN:VEVENT[\s\S]*teams\.example\.org/);
    // An e-mail attachment is an iTIP message: METHOD:PUBLISH with an
    // ORGANIZER (#11 item 19), valid for ical.js, vobject and the iTIP rules.
    assert.match(ics.headers['content-type'], /; method=PUBLISH;/);
    const cal = validateIcs(ics.content);
    assert.equal(cal.method, 'PUBLISH');
    assert.equal(checkItip(ics.content), 'PUBLISH');
    assert.match(cal.unfolded, /\r\nORGANIZER(;CN="[^"]*")?:mailto:noreply@localhost\r\n/);
  });

  it('shows the seats left as committed, at once after each registration, with the page cache on', async () => {
    // The server under test keeps the default page_cache_ms, so the form's seat
    // count comes from the seat cache whenever nothing was committed since.
    const id = makeEvent({ capacity: 3 });
    const seats = async () => {
      const f = await loadForm(new Client(srv.url), id, 'en');
      return Number(/Seats left: (\d+)/.exec(textOf(f.html))?.[1] ?? -1);
    };
    assert.equal(await seats(), 3);
    assert.equal(await seats(), 3);
    assert.equal((await register(id)).res.status, 303);
    assert.equal(await seats(), 2);
    assert.equal((await register(id, { group_size: '2' })).res.status, 303);
    // Full: no count, the waiting list instead.
    const full = textOf((await loadForm(new Client(srv.url), id, 'en')).html);
    assert.doesNotMatch(full, /Seats left/);
    assert.match(full, /Join the waiting list/);
  });

  it('the events list and the event page count the seats as the form does', async () => {
    // In 15 days: before this file's other events (20 days), so on the first
    // page of the upcoming list, and beyond the longest reminder (14 days),
    // so the reminder job cannot write to the database while another test
    // checks that a request wrote nothing.
    const now = Math.floor(Date.now() / 1000);
    const title = `Seat count ${unique('t')}`;
    const id = makeEvent({ capacity: 5, title_en: title, starts_at: now + 15 * 86400, ends_at: now + 15 * 86400 + 3600 });
    const listed = async () => {
      const list = textOf((await new Client(srv.url).get('/en/events')).text);
      const at = list.indexOf(title);
      assert.ok(at >= 0, 'the event is on the first page of the list');
      return Number(/Seats left: (\d+)/.exec(list.slice(at))?.[1] ?? -1);
    };
    const page = async () => Number(/Seats left: (\d+)/.exec(textOf((await new Client(srv.url).get(`/en/events/${id}`)).text))?.[1] ?? -1);
    assert.equal(await listed(), 5);
    assert.equal((await register(id, { group_size: '2' })).res.status, 303);
    assert.equal(await listed(), 3);
    assert.equal(await page(), 3);
  });

  it('a repeated submission (double click, retry) finds the same registration', async () => {
    const c = new Client(srv.url);
    const f = await loadForm(c, 2);
    const fields = { csrf: f.csrf, submission: f.submission, name: 'Kaksoisklikkaaja', email: `${unique('d')}@example.org`, 'q-1': 'no', consent: '1', group_size: '1' };
    const [a, b] = await Promise.all([c.post('/fi/events/2/register', fields), c.post('/fi/events/2/register', fields)]);
    const third = await c.post('/fi/events/2/register', { ...fields, name: 'Toinen nimi' });
    assert.equal(a.status, 303);
    assert.equal(b.headers.location, a.headers.location);
    assert.equal(third.headers.location, a.headers.location);
    // Sent again with a mistake (refused before it reaches the writer):
    // still what was saved, not the form with its errors.
    const fourth = await c.post('/fi/events/2/register', { ...fields, name: '' });
    assert.equal(fourth.status, 303);
    assert.equal(fourth.headers.location, a.headers.location);
    assert.equal(q(`SELECT count(*) FROM registration WHERE email = '${fields.email}';`), '1');
    assert.equal(q(`SELECT name FROM registration WHERE email = '${fields.email}';`), 'Kaksoisklikkaaja');
  });

  it('a submission id replayed from another browser never gets the first registration\'s link (#11 item 11)', async () => {
    const first = await register(2, { 'q-1': 'no', consent: '1' });
    assert.equal(first.res.status, 303);
    // Another browser: its own CSRF token, the first form's submission id.
    const other = new Client(srv.url);
    const f = await loadForm(other, 2);
    const replay = await other.post('/fi/events/2/register', {
      csrf: f.csrf, submission: first.form.submission, name: 'Toinen selain',
      email: `${unique('x')}@example.org`, 'q-1': 'no', consent: '1', group_size: '1',
    });
    assert.equal(replay.status, 303);
    assert.notEqual(replay.headers.location, first.res.headers.location);
    assert.ok(!String(replay.headers.location).includes(first.token));
    // The first browser sending its form again still finds its own.
    const again = await first.c.post('/fi/events/2/register', {
      csrf: first.form.csrf, submission: first.form.submission, name: 'Testi Rekisteröityjä',
      email: first.email, 'q-1': 'no', consent: '1', group_size: '1',
    });
    assert.equal(again.headers.location, first.res.headers.location);
  });

  it('refuses mistakes with the form kept, the mistakes linked to their fields, and nothing written', async () => {
    const c = new Client(srv.url);
    const f = await loadForm(c, 2);
    const res = await unchanged(() => c.post('/fi/events/2/register', {
      csrf: f.csrf, submission: f.submission, name: '', email: 'not-an-address', organisation: 'Org', group_size: '9', 'q-2': '7', municipality: 'xyz',
    }));
    assert.equal(res.status, 400);
    for (const field of ['name', 'email', 'group_size', 'q-1', 'q-2', 'consent', 'municipality']) {
      assert.match(res.text, new RegExp(`<a href="#${field}">`), `summary links to ${field}`);
    }
    assert.match(res.text, /aria-invalid="true"/);
    assert.match(res.text, /value="Org"/, 'the values are kept');
    assert.match(res.text, new RegExp(`name="submission" value="${f.submission}"`), 'the same submission id');
  });

  it('refuses oversized fields, control characters and invalid UTF-8', async () => {
    const c = new Client(srv.url);
    const f = await loadForm(c, 2);
    const base = { csrf: f.csrf, submission: f.submission, name: 'Nimi', email: 'x@example.org', 'q-1': 'yes', consent: '1', group_size: '1' };
    const cases = [
      { name: 'x'.repeat(201) },
      { name: 'a\u0007b' },
      { organisation: 'o'.repeat(201) },
      { email: `${'e'.repeat(250)}@example.org` },
      { email: 'a b@example.org' },
      { group_size: '0' },
      { group_size: '4' },
      { group_size: 'abc' },
      { 'q-1': 'maybe' },
      { 'q-2': '0' },
      { consent: '' },
    ];
    for (const extra of cases) {
      const res = await unchanged(() => c.post('/fi/events/2/register', { ...base, ...extra }));
      assert.equal(res.status, 400, JSON.stringify(extra));
    }
    const bad = await unchanged(() => c.req('/fi/events/2/register', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${f.csrf}&submission=${f.submission}&name=%FF%FE&email=x%40example.org&q-1=yes&consent=1`,
    }));
    assert.equal(bad.status, 400);
    const broken = await unchanged(() => c.req('/fi/events/2/register', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${f.csrf}&submission=${f.submission}&name=%ZZ`,
    }));
    assert.equal(broken.status, 400);
    for (const sub of ['', 'short', `${f.submission}x`, f.submission.replace(/.$/, '!')]) {
      const res = await unchanged(() => c.post('/fi/events/2/register', { ...base, submission: sub }));
      assert.equal(res.status, 400, `submission ${sub}`);
    }
    const noCsrf = await unchanged(() => c.post('/fi/events/2/register', { ...base, csrf: 'x'.repeat(43) }));
    assert.equal(noCsrf.status, 403);
  });

  it('refuses when the window is closed or the event is not open, writing nothing', async () => {
    const id = makeEvent({ capacity: 10 });
    const c = new Client(srv.url);
    const f = await loadForm(c, id);
    const fields = { csrf: f.csrf, submission: f.submission, name: 'Myöhäinen', email: 'late@example.org', group_size: '1' };
    q(`UPDATE event SET registration_closes = ${Math.floor(Date.now() / 1000) - 60} WHERE id = ${id};`);
    let res = await unchanged(() => c.post(`/fi/events/${id}/register`, fields));
    assert.equal(res.status, 409);
    assert.match(textOf(res.text), /Ilmoittautuminen on päättynyt/);
    q(`UPDATE event SET registration_closes = NULL, registration_opens = ${FUTURE - 3600} WHERE id = ${id};`);
    res = await unchanged(() => c.post(`/fi/events/${id}/register`, fields));
    assert.equal(res.status, 409);
    q(`UPDATE event SET registration_opens = NULL, starts_at = ${Math.floor(Date.now() / 1000) - 60} WHERE id = ${id};`);
    res = await unchanged(() => c.post(`/fi/events/${id}/register`, fields));
    assert.equal(res.status, 409);
    assert.equal((await unchanged(() => c.post('/fi/events/999999/register', fields))).status, 404);
  });
});

describe("the registrant's page", () => {
  it('answers 404 for unknown and malformed links, on every route', async () => {
    const c = new Client(srv.url);
    await loadForm(c, 2);
    const unknown = 'A'.repeat(43);
    for (const p of [`/fi/registrations/${unknown}`, '/fi/registrations/short', `/fi/registrations/${unknown}/cancel`, `/fi/registrations/${'A'.repeat(44)}`]) {
      assert.equal((await c.get(p)).status, 404, p);
    }
    for (const p of [`/fi/registrations/${unknown}`, `/fi/registrations/${unknown}/cancel`, `/fi/registrations/${unknown}/accept`, `/fi/registrations/${unknown}/decline`]) {
      assert.equal((await unchanged(() => c.post(p, { name: 'x' }))).status, 404, p);
    }
  });

  it('changes name, organisation and group size; a larger group needs free seats', async () => {
    const id = makeEvent({ capacity: 3 });
    const a = await register(id, { group_size: '2' });
    assert.equal(a.res.status, 303);
    const base = `/fi/registrations/${a.token}`;
    let res = await a.c.post(base, { name: 'Uusi Nimi', organisation: 'Uusi Org', group_size: '3' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${base}?done=changed`);
    assert.equal(q(`SELECT name || '|' || organisation || '|' || group_size FROM registration WHERE email = '${a.email}';`), 'Uusi Nimi|Uusi Org|3');
    const b = await register(id);
    assert.equal(q(`SELECT status FROM registration WHERE email = '${b.email}';`), 'waiting');
    // Full: growing b's... a cannot grow beyond 3 (group_max), b is waiting
    // and may change freely; a shrinking frees a seat which goes to b.
    res = await unchanged(() => a.c.post(base, { name: 'Uusi Nimi', organisation: '', group_size: '4' }));
    assert.equal(res.status, 400);
    res = await a.c.post(base, { name: 'Uusi Nimi', organisation: '', group_size: '2' });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT status FROM registration WHERE email = '${b.email}';`), 'offered');
    // Now full again (2 + 1 offered): a may not grow back.
    res = await unchanged(() => a.c.post(base, { name: 'Uusi Nimi', organisation: '', group_size: '3' }));
    assert.equal(res.status, 409);
    assert.match(textOf(res.text), /Vapaita paikkoja ei ole tarpeeksi/);
    assert.match(res.text, /<a href="#group_size">/);
    res = await unchanged(() => a.c.post(base, { name: '', organisation: '', group_size: '2' }));
    assert.equal(res.status, 400);
  });

  it('cancels after a confirmation step, and the seat is offered to the first in the queue', async () => {
    const id = makeEvent({ capacity: 1, group_max: 1 });
    const a = await register(id);
    const w1 = await register(id);
    const w2 = await register(id);
    assert.equal(q(`SELECT status FROM registration WHERE event_id = ${id} ORDER BY id;`).split('\n').join(','), 'confirmed,waiting,waiting');
    const wm = await sink.waitFor((m) => m.to.includes(w2.email), 15000);
    assert.match(wm.subject, /^Jonossa: /);
    assert.match(wm.text, /Olet jonossa sijalla 2\./);
    const page = await w2.c.get(`/fi/registrations/${w2.token}`);
    assert.match(textOf(page.text), /Sijasi jonossa: 2/);

    const confirm = await unchanged(() => a.c.get(`/fi/registrations/${a.token}/cancel`));
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, new RegExp(`action="/fi/registrations/${a.token}/cancel"`));
    const res = await a.c.post(`/fi/registrations/${a.token}/cancel`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/registrations/${a.token}?done=cancelled`);
    assert.equal(q(`SELECT status FROM registration WHERE event_id = ${id} ORDER BY id;`).split('\n').join(','), 'cancelled,offered,waiting');
    const cm = await sink.waitFor((m) => m.to.includes(a.email) && /peruttu/.test(m.subject), 15000);
    assert.match(cm.subject, /^Ilmoittautuminen peruttu: /);
    // The registrant's own cancellation takes the entry off their calendar:
    // METHOD:CANCEL for the same UID, naming them as the ATTENDEE.
    const cics = cm.attachments.find((x) => x.filename === 'event.ics');
    assert.ok(cics, 'the cancellation carries a cancelling .ics');
    assert.match(cics.headers['content-type'], /; method=CANCEL;/);
    const ccal = validateIcs(cics.content);
    assert.equal(checkItip(cics.content), 'CANCEL');
    assert.equal(ccal.events[0].status, 'CANCELLED');
    assert.equal(ccal.events[0].uid, `event-${id}@tuki.example.org`);
    assert.ok(ccal.unfolded.includes(`\r\nATTENDEE:mailto:${a.email}\r\n`), ccal.unfolded);
    assert.ok(!ccal.unfolded.includes('123secret'), 'no join link in a cancellation');
    const cal2 = await a.c.get(`/fi/registrations/${a.token}/calendar.ics`);
    assert.equal(validateIcs(cal2.body).events[0].status, 'CANCELLED');
    // Someone on the waiting list never had the event in their calendar:
    // their cancellation carries no calendar entry to cancel.
    const other = makeEvent({ capacity: 1, group_max: 1 });
    await register(other);
    const w3 = await register(other);
    assert.equal(q(`SELECT status FROM registration WHERE email = '${w3.email}';`), 'waiting');
    assert.equal((await w3.c.post(`/fi/registrations/${w3.token}/cancel`, {})).status, 303);
    const wcm = await sink.waitFor((m) => m.to.includes(w3.email) && /peruttu/.test(m.subject), 15000);
    assert.equal(wcm.attachments.length, 0);
    const om = await sink.waitFor((m) => m.to.includes(w1.email) && /paikka/.test(m.subject), 15000);
    assert.match(om.subject, /^Sinulle on vapautunut paikka: /);
    assert.ok(om.text.includes(`https://tuki.example.org/fi/registrations/${w1.token}`));
    // Cancelling twice shows the page; nothing more happens.
    const again = await unchanged(() => a.c.post(`/fi/registrations/${a.token}/cancel`, {}));
    assert.equal(again.status, 303);
    const p2 = await w2.c.get(`/fi/registrations/${w2.token}`);
    assert.match(textOf(p2.text), /Sijasi jonossa: 1/, 'w2 moved up');

    // w1 declines: the seat goes to w2, who accepts.
    const offer = await w1.c.get(`/fi/registrations/${w1.token}`);
    assert.match(offer.text, /\/decline"/);
    assert.equal((await w1.c.post(`/fi/registrations/${w1.token}/decline`, {})).headers.location, `/fi/registrations/${w1.token}?done=declined`);
    assert.equal(q(`SELECT status FROM registration WHERE event_id = ${id} ORDER BY id;`).split('\n').join(','), 'cancelled,declined,offered');
    assert.equal((await w2.c.post(`/fi/registrations/${w2.token}/accept`, {})).headers.location, `/fi/registrations/${w2.token}?done=accepted`);
    assert.equal(q(`SELECT status FROM registration WHERE email = '${w2.email}';`), 'confirmed');
    const conf = await sink.waitFor((m) => m.to.includes(w2.email) && /vahvistettu/.test(m.subject), 15000);
    assert.ok(conf.attachments.some((x) => x.filename === 'event.ics'));
    // Accepting again: no open offer, nothing changes.
    const late = await unchanged(() => w2.c.post(`/fi/registrations/${w2.token}/accept`, {}));
    assert.equal(late.status, 303);
    assert.equal(late.headers.location, `/fi/registrations/${w2.token}?done=none`);
  });

  it('an expired offer is recorded when the page is opened, and the seat moves on', async () => {
    const id = makeEvent({ capacity: 1, group_max: 1 });
    const a = await register(id);
    const w1 = await register(id);
    const w2 = await register(id);
    await a.c.post(`/fi/registrations/${a.token}/cancel`, {});
    q(`UPDATE registration SET offer_expires_at = ${Math.floor(Date.now() / 1000) - 10} WHERE email = '${w1.email}';`);
    const page = await w1.c.get(`/fi/registrations/${w1.token}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Tarjous vanhen/);
    assert.equal(q(`SELECT status FROM registration WHERE event_id = ${id} ORDER BY id;`).split('\n').join(','), 'cancelled,expired,offered');
    const res = await w1.c.post(`/fi/registrations/${w1.token}/accept`, {});
    assert.equal(res.headers.location, `/fi/registrations/${w1.token}?done=none`);
    assert.equal(q(`SELECT status FROM registration WHERE email = '${w2.email}';`), 'offered');
  });

  it('an event change or cancellation is announced to everyone still registered', async () => {
    const id = makeEvent({ capacity: 1, group_max: 1 });
    const a = await register(id);
    const w = await register(id);
    const form = await as.coord.get(`/fi/events/${id}/edit`);
    assert.equal(form.status, 200);
    as.coord.csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
    const res = await as.coord.post(`/fi/events/${id}/cancel`, { confirm: '1' });
    assert.ok([303, 200].includes(res.status), `cancel answered ${res.status}`);
    assert.equal(q(`SELECT status FROM event WHERE id = ${id};`), 'cancelled');
    const ma = await sink.waitFor((m) => m.to.includes(a.email) && /Tapahtuma peruttu/.test(m.subject), 15000);
    const mw = await sink.waitFor((m) => m.to.includes(w.email) && /Tapahtuma peruttu/.test(m.subject), 15000);
    assert.ok(ma.attachments.some((x) => /STATUS:CANCELLED/.test(x.content.toString())), 'the seat holder gets the cancelled calendar entry');
    const eics = ma.attachments.find((x) => x.filename === 'event.ics');
    assert.match(eics.headers['content-type'], /; method=CANCEL;/);
    assert.equal(checkItip(eics.content), 'CANCEL');
    assert.equal(validateIcs(eics.content).method, 'CANCEL');
    assert.equal(mw.attachments.length, 0);
    const page = await a.c.get(`/fi/registrations/${a.token}`);
    assert.match(textOf(page.text), /Tapahtuma on peruttu/);
    assert.doesNotMatch(page.text, /\/cancel"/, 'nothing to cancel any more');
  });
});

describe("organisers' pages", () => {
  it('the registrants list shows the counts and the waiting list in order; others get 403 or the sign-in page', async () => {
    const id = makeEvent({ capacity: 1, group_max: 2 });
    await register(id, { name: 'Ensimmäinen' });
    await register(id, { name: 'Toinen', group_size: '2' });
    await register(id, { name: 'Kolmas' });
    const res = await as.coord.get(`/fi/events/${id}/registrants`);
    assert.equal(res.status, 200);
    const t = textOf(res.text);
    assert.match(t, /Vahvistettu 1 paikkaa \(1 ilmoittautumista\)/);
    assert.match(t, /Jonossa 3 henkilöä \(2 ilmoittautumista\)/);
    assert.ok(t.indexOf('Toinen') < t.indexOf('Kolmas'), 'the waiting list in order');
    assert.match(res.text, /<caption id="waiting-caption">Jono: 2<\/caption>/);
    assert.equal((await as.supporter.get(`/fi/events/${id}/registrants`)).status, 403);
    const anon = await new Client(srv.url).get(`/fi/events/${id}/registrants`);
    assert.equal(anon.status, 303);
    assert.equal((await as.coord.get('/fi/events/999999/registrants')).status, 404);
  });

  it('an organiser cancels a registration: audited, the registrant told, the seat offered on', async () => {
    const id = makeEvent({ capacity: 1, group_max: 1 });
    const a = await register(id);
    const w = await register(id);
    const rid = q(`SELECT id FROM registration WHERE email = '${a.email}';`);
    const page = await as.coord.get(`/fi/events/${id}/registrants`);
    as.coord.csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    const res = await as.coord.post(`/fi/events/${id}/registrants/${rid}/cancel`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/events/${id}/registrants?done=cancelled`);
    assert.equal(q(`SELECT status FROM registration WHERE id = ${rid};`), 'cancelled');
    assert.equal(q(`SELECT status FROM registration WHERE email = '${w.email}';`), 'offered');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'registration.cancel' AND object_id = '${rid}' AND account_id = ${as.coordId};`), '1');
    await sink.waitFor((m) => m.to.includes(a.email) && /peruttu/.test(m.subject), 15000);
    assert.equal((await unchanged(() => as.coord.post(`/fi/events/${id}/registrants/${rid}/cancel`, {}))).status, 409);
    assert.equal((await unchanged(() => as.coord.post(`/fi/events/1/registrants/${rid}/cancel`, {}))).status, 404, 'not of that event');
    assert.equal((await unchanged(() => as.coord.post(`/fi/events/${id}/registrants/abc/cancel`, {}))).status, 404);
  });

  it('the questions editor adds, edits and deletes questions, which the form then asks', async () => {
    const id = makeEvent({ capacity: 5 });
    const page = await as.coord.get(`/fi/events/${id}/questions`);
    assert.equal(page.status, 200);
    as.coord.csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    let res = await unchanged(() => as.coord.post(`/fi/events/${id}/questions`, { kind: 'choice', label_fi: 'Valitse', choices: 'vain yksi' }));
    assert.equal(res.status, 400);
    assert.match(res.text, /<a href="#choices">/);
    res = await unchanged(() => as.coord.post(`/fi/events/${id}/questions`, { kind: 'text', label_fi: '', label_sv: '', label_en: '' }));
    assert.equal(res.status, 400);
    res = await unchanged(() => as.coord.post(`/fi/events/${id}/questions`, { kind: 'essay', label_fi: 'X' }));
    assert.equal(res.status, 400);
    res = await unchanged(() => as.coord.post(`/fi/events/${id}/questions`, { kind: 'text', label_fi: 'x'.repeat(301) }));
    assert.equal(res.status, 400);
    res = await as.coord.post(`/fi/events/${id}/questions`, { kind: 'choice', label_fi: 'Ruokavalio', label_en: 'Diet', choices: 'Kaikki käy|Allt går|Anything\r\nKasvis|Vegetarisk|Vegetarian\r\n', required: '1' });
    assert.equal(res.status, 303);
    const qid = q(`SELECT id FROM event_question WHERE event_id = ${id};`);
    assert.equal(q(`SELECT choices FROM event_question WHERE id = ${qid};`), 'Kaikki käy|Allt går|Anything\nKasvis|Vegetarisk|Vegetarian');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'event.question-add' AND object_id = '${qid}';`), '1');
    const form = await new Client(srv.url).get(`/en/events/${id}/register`);
    assert.match(textOf(form.text), /Diet/);
    assert.match(textOf(form.text), /Vegetarian/);
    // A registration must answer it.
    let r = await register(id);
    assert.equal(r.res.status, 400);
    assert.match(r.res.text, new RegExp(`<a href="#q-${qid}">`));
    r = await register(id, { [`q-${qid}`]: '2' }, { lang: 'sv' });
    assert.equal(r.res.status, 303);
    assert.equal(q(`SELECT value FROM registration_answer WHERE question_id = ${qid};`), 'Kasvis|Vegetarisk|Vegetarian');
    const mp = await r.c.get(`/sv/registrations/${r.token}`);
    assert.match(textOf(mp.text), /Vegetarisk/);
    res = await as.coord.post(`/fi/events/${id}/questions/${qid}`, { kind: 'choice', label_fi: 'Ruokavalio?', choices: 'A\nB', required: '' });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT label_fi || '|' || required FROM event_question WHERE id = ${qid};`), 'Ruokavalio?|0');
    assert.equal((await unchanged(() => as.coord.post(`/fi/events/1/questions/${qid}`, { kind: 'text', label_fi: 'X' }))).status, 404);
    res = await as.coord.post(`/fi/events/${id}/questions/${qid}/delete`, {});
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT count(*) FROM event_question WHERE id = ${qid};`), '0');
    assert.equal(q(`SELECT count(*) FROM registration_answer WHERE question_id = ${qid};`), '0');
    assert.equal((await as.supporter.get(`/fi/events/${id}/questions`)).status, 403);
  });
});
