// The messages around an event and the feedback survey, against the real
// binary with an SMTP sink: the reminder (at reminder_hours before the
// start, to confirmed registrants only, once, with the join link and the
// manage link; again when the event moves), the thank-you after the end
// with the survey link (once, in the registrant's language, never for a
// cancelled event); the survey (one answer per registration, a second
// submission replaces it; ratings out of range and other bad input
// refused with nothing written); the organisers' results (charts and
// tables, no names); and erasure event_retention_days after the end that
// keeps every count.  Time-based jobs are driven by moving the event's
// times in the SQLite file and waiting for the job's next turn (5 s).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from '../lib/server.mjs';
import { addUser, signIn, sqlite, q, unique, snapshot, diffSnapshots, Client } from '../lib/auth.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import { addRegistration } from '../lib/att-fixtures.mjs';

const BASE = 'https://tuki.example.fi';
const JOIN = 'https://zoom.example.org/j/98765?pwd=abc';
let srv;
let sink;
let coord;
let supporter;
let evId;
const regs = {};
const sql = (s) => sqlite(srv.db, s).trim();
const now = () => Math.floor(Date.now() / 1000);
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
  .replace(/\s+/g, ' ');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mailsTo = (addr) => sink.messages().filter((m) => m.to.includes(addr));
/** Reminders and thank-you messages only (other messages about a
 * registration are the registration module's). */
const ours = (addr) => mailsTo(addr).filter((m) => /^(Muistutus|Påminnelse|Reminder|Kiitos|Tack|Thank)/.test(m.subject));

async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** Waits for two turns of the event job (every 5 s) to have passed. */
const twoTicks = () => sleep(11000);

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({
    args: ['--password-cost', 'interactive', '--smtp-url', sink.url, '--base-url', BASE,
      '--event-retention-days', '1'],
  });
  const c = addUser(srv, `coord.${unique('f')}@example.fi`, 'coordinator');
  coord = await signIn(srv.url, c.email, c.password);
  const s = addUser(srv, `supp.${unique('f')}@example.fi`, 'supporter');
  supporter = await signIn(srv.url, s.email, s.password);
  // Two days ahead: no reminder yet (24 hours before).  Full (two seats,
  // both confirmed), so nobody on the waiting list is offered a seat.
  evId = Number(sql(`INSERT INTO event (region_id, kind, title_fi, title_sv, starts_at, ends_at, status,
      platform, join_url, capacity, reminder_hours)
    VALUES (1, 'webinar', 'Palautewebinaari', 'Responswebbinarium', ${now() + 2 * 86400}, ${now() + 2 * 86400 + 3600},
      'published', 'Zoom', ${q(JOIN)}, 2, 24) RETURNING id;`));
  const add = (k, o) => { regs[k] = { ...addRegistration(srv.db, { eventId: evId, ...o }), email: o.email }; };
  add('fi', { name: 'Riitta Rekisteröity', email: `riitta.${unique('r')}@example.fi` });
  add('sv', { name: 'Sven Svensson', email: `sven.${unique('s')}@example.fi`, lang: 'sv' });
  add('wait', { name: 'Ville Jonossa', email: `ville.${unique('v')}@example.fi`, status: 'waiting' });
  add('gone', { name: 'Perunut Pirkko', email: `pirkko.${unique('p')}@example.fi`, status: 'cancelled' });
});

after(async () => {
  await srv?.stop();
  await sink?.stop();
});

describe('reminders', () => {
  it('are not sent before reminder_hours before the start', async () => {
    await twoTicks();
    assert.equal(ours(regs.fi.email).length, 0);
    assert.equal(sql(`SELECT COUNT(*) FROM registration WHERE event_id = ${evId} AND reminded_for IS NOT NULL`), '0');
  });

  it('go once to confirmed registrants with the join and manage links', async () => {
    const start = now() + 3 * 3600;
    sql(`UPDATE event SET starts_at = ${start}, ends_at = ${start + 3600} WHERE id = ${evId}`);
    const m = await sink.waitFor((x) => x.to.includes(regs.fi.email), 15000);
    assert.equal(m.subject, 'Muistutus: Palautewebinaari');
    assert.ok(m.text.includes(JOIN), m.text);
    assert.ok(m.text.includes(`${BASE}/fi/registrations/${regs.fi.token}\n`) || m.text.includes(`${BASE}/fi/registrations/${regs.fi.token}\r\n`), m.text);
    assert.ok(m.text.includes(`${BASE}/fi/registrations/${regs.fi.token}/calendar.ics`));
    assert.match(m.text, /Muistutamme tilaisuudesta/);
    const sv = await sink.waitFor((x) => x.to.includes(regs.sv.email), 15000);
    assert.equal(sv.subject, 'Påminnelse: Responswebbinarium');
    assert.ok(sv.text.includes(`${BASE}/sv/registrations/${regs.sv.token}`));
    // The manage link is the registrant's real link.
    const own = await request(`${srv.url}/fi/registrations/${regs.fi.token}/calendar.ics`);
    assert.equal(own.status, 200);
    await twoTicks();
    assert.equal(ours(regs.fi.email).length, 1, 'once');
    assert.equal(ours(regs.wait.email).length, 0, 'not the waiting list');
    assert.equal(ours(regs.gone.email).length, 0, 'not a cancelled registration');
    assert.equal(sql(`SELECT reminded_for FROM registration WHERE id = ${regs.fi.id}`), String(start));
    assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key = 'reg:${regs.fi.id}:reminder-${start}'`), '1');
  });

  it('go again when the event moves to a new time', async () => {
    const start = now() + 5 * 3600;
    sql(`UPDATE event SET starts_at = ${start}, ends_at = ${start + 3600} WHERE id = ${evId}`);
    await sink.waitFor((x) => x.to.includes(regs.fi.email) && ours(regs.fi.email).length === 2, 15000);
    await twoTicks();
    assert.equal(ours(regs.fi.email).length, 2);
  });
});

describe('the survey before the event', () => {
  it('is not open yet', async () => {
    const c = new Client(srv.url);
    const res = await c.get(`/fi/registrations/${regs.fi.token}/feedback`);
    assert.equal(res.status, 200);
    assert.match(textOf(res.text), /Palautekysely avautuu, kun tilaisuus alkaa/);
    assert.ok(!res.text.includes('name="rating"'), 'no form yet');
    // The visitor's form token from any page (it is per visitor).
    await c.loadCsrf('/fi/accessibility');
    await unchanged(async () => {
      const r = await c.post(`/fi/registrations/${regs.fi.token}/feedback`, { rating: '5', recommend: '10' });
      assert.equal(r.status, 409);
    });
  });
});

describe('thank-you and the survey', () => {
  let fiSurvey;

  it('sends the thank-you once after the end with the survey link', async () => {
    sql(`UPDATE event SET starts_at = ${now() - 7200}, ends_at = ${now() - 60} WHERE id = ${evId}`);
    const m = await sink.waitFor((x) => x.to.includes(regs.fi.email) && x.subject.startsWith('Kiitos'), 15000);
    assert.equal(m.subject, 'Kiitos osallistumisesta: Palautewebinaari');
    fiSurvey = `${BASE}/fi/registrations/${regs.fi.token}/feedback`;
    assert.ok(m.text.includes(fiSurvey), m.text);
    assert.ok(!m.text.includes(JOIN), 'no join link after the event');
    const sv = await sink.waitFor((x) => x.to.includes(regs.sv.email) && x.subject.startsWith('Tack'), 15000);
    assert.equal(sv.subject, 'Tack för ditt deltagande: Responswebbinarium');
    await twoTicks();
    assert.equal(mailsTo(regs.fi.email).filter((x) => x.subject.startsWith('Kiitos')).length, 1);
    assert.equal(ours(regs.wait.email).length, 0);
    assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key = 'reg:${regs.fi.id}:thanks'`), '1');
  });

  it('takes one answer per registration; a second submission replaces it', async () => {
    const c = new Client(srv.url);
    const path = new URL(fiSurvey).pathname;
    let res = await c.get(path);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    c.csrf = /name="csrf" value="([^"]+)"/.exec(res.text)[1];
    assert.match(res.text, /<legend>Millainen tilaisuus oli kokonaisuutena/);
    res = await c.post(path, { rating: '4', recommend: '9', comment: '  Hyvä tilaisuus, kiitos!  ' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${path}?saved=1`);
    assert.equal(sql(`SELECT rating || '/' || recommend || '/' || comment FROM event_feedback WHERE registration_id = ${regs.fi.id}`), '4/9/Hyvä tilaisuus, kiitos!');
    res = await c.get(`${path}?saved=1`);
    assert.match(textOf(res.text), /Kiitos palautteestasi!/);
    assert.match(res.text, /id="rating-4" name="rating" value="4" checked/);
    res = await c.post(path, { rating: '5', recommend: '10', comment: 'Vielä parempi jälkikäteen.' });
    assert.equal(res.status, 303);
    assert.equal(sql(`SELECT COUNT(*) FROM event_feedback WHERE event_id = ${evId}`), '1');
    assert.equal(sql(`SELECT rating || '/' || recommend FROM event_feedback WHERE registration_id = ${regs.fi.id}`), '5/10');
    // A second registrant, in Swedish.
    const s = new Client(srv.url);
    res = await s.get(`/sv/registrations/${regs.sv.token}/feedback`);
    s.csrf = /name="csrf" value="([^"]+)"/.exec(res.text)[1];
    res = await s.post(`/sv/registrations/${regs.sv.token}/feedback`, { rating: '2', recommend: '3', comment: '' });
    assert.equal(res.status, 303);
  });

  it('refuses ratings out of range and other bad input, writing nothing', async () => {
    const c = new Client(srv.url);
    const path = `/fi/registrations/${regs.fi.token}/feedback`;
    const res0 = await c.get(path);
    c.csrf = /name="csrf" value="([^"]+)"/.exec(res0.text)[1];
    await unchanged(async () => {
      for (const [form, field] of [
        [{ rating: '0', recommend: '5' }, 'rating'],
        [{ rating: '6', recommend: '5' }, 'rating'],
        [{ rating: 'x', recommend: '5' }, 'rating'],
        [{ rating: '', recommend: '5' }, 'rating'],
        [{ recommend: '5' }, 'rating'],
        [{ rating: '3', recommend: '11' }, 'recommend'],
        [{ rating: '3', recommend: '-1' }, 'recommend'],
        [{ rating: '3' }, 'recommend'],
        [{ rating: '03', recommend: '5' }, 'rating'],
        [{ rating: '3', recommend: '5', comment: 'ä'.repeat(4001) }, 'comment'],
      ]) {
        const r = await c.post(path, form);
        assert.equal(r.status, 400, JSON.stringify(form).slice(0, 80));
        assert.match(r.text, new RegExp(`<a href="#${field}">`));
        assert.match(r.text, new RegExp(`id="${field}-error"`));
      }
      // Without the form token, an unknown token, the waiting list.
      assert.equal((await c.post(path, { rating: '3', recommend: '5', csrf: 'bad' })).status, 403);
      assert.equal((await c.post(`/fi/registrations/${'Q'.repeat(43)}/feedback`, { rating: '3', recommend: '5' })).status, 404);
      assert.equal((await c.get(`/fi/registrations/${'Q'.repeat(43)}/feedback`)).status, 404);
      assert.equal((await c.post(`/fi/registrations/${regs.wait.token}/feedback`, { rating: '3', recommend: '5' })).status, 403);
      assert.equal((await c.get(`/fi/registrations/${regs.gone.token}/feedback`)).status, 403);
    });
  });

  it('shows the organisers the results with charts, tables and comments without names', async () => {
    const res = await coord.get(`/fi/events/${evId}/feedback`);
    assert.equal(res.status, 200);
    const t = textOf(res.text);
    assert.match(t, /Vastauksia 2/);
    assert.match(t, /Arvosanojen keskiarvo \(1–5\) 3,5/);
    // One promoter (10), one detractor (3): 50 % - 50 % = 0.
    assert.match(t, /Suositteluindeksi \(suosittelijat miinus arvostelijat, %\) 0/);
    assert.equal((res.text.match(/<svg [^>]*role="img"/g) || []).length, 2);
    assert.match(res.text, /<caption id="ratings-caption">/);
    assert.match(t, /Vielä parempi jälkikäteen\./);
    assert.ok(!t.includes('Riitta') && !t.includes('Svensson'), 'no names');
    assert.equal((await supporter.get(`/fi/events/${evId}/feedback`)).status, 403);
    assert.equal((await request(`${srv.url}/fi/events/${evId}/feedback`)).status, 303);
    assert.equal((await coord.get('/fi/events/99999/feedback')).status, 404);
    const empty = await coord.get('/en/events/2/feedback');
    assert.match(textOf(empty.text), /Nobody has answered the feedback survey yet\./);
  });

  it('is not thanked for when cancelled', async () => {
    const id = Number(sql(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status)
      VALUES (1, 'webinar', 'Peruttu', ${now() - 7200}, ${now() - 60}, 'cancelled') RETURNING id;`));
    const email = `peruttu.${unique('c')}@example.fi`;
    const reg = addRegistration(srv.db, { eventId: id, name: 'Peruttu Pentti', email });
    await twoTicks();
    assert.equal(ours(email).length, 0);
    const res = await request(`${srv.url}/fi/registrations/${reg.token}/feedback`);
    assert.equal(res.status, 404);
    assert.match(textOf(res.text), /Tilaisuus peruttiin, joten siitä ei ole palautekyselyä/);
  });
});

describe('retention', () => {
  it('erases personal data event_retention_days after the end and keeps the counts', async () => {
    const resultsBefore = textOf((await coord.get(`/fi/events/${evId}/feedback`)).text);
    const attBefore = await coord.get(`/fi/events/${evId}/attendance`);
    const tableBefore = /<caption id="figures-caption">[\s\S]*?<\/table>/.exec(attBefore.text)[0];
    const counts = `SELECT COUNT(*) || '/' || SUM(group_size) || '/' || SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END) FROM registration WHERE event_id = ${evId}`;
    const countsBefore = sql(counts);
    sql(`UPDATE event SET starts_at = ${now() - 3 * 86400}, ends_at = ${now() - 2 * 86400} WHERE id = ${evId}`);
    const end = Date.now() + 15000;
    while (sql(`SELECT erased_at IS NOT NULL FROM event WHERE id = ${evId}`) !== '1') {
      assert.ok(Date.now() < end, 'the job erased nothing within 15 s');
      await sleep(250);
    }
    assert.equal(sql(`SELECT COUNT(*) FROM registration WHERE event_id = ${evId} AND (name <> '' OR email <> '' OR erased_at IS NULL)`), '0');
    assert.equal(sql(counts), countsBefore);
    assert.equal(sql(`SELECT COUNT(*) FROM event_feedback WHERE event_id = ${evId} AND comment <> ''`), '0');
    assert.equal(sql(`SELECT COUNT(*) FROM event_feedback WHERE event_id = ${evId}`), '2');
    const after = textOf((await coord.get(`/fi/events/${evId}/feedback`)).text);
    for (const re of [/Vastauksia 2/, /3,5/]) {
      assert.match(resultsBefore, re);
      assert.match(after, re);
    }
    assert.match(after, /Kirjalliset vastaukset poistettiin/);
    const attAfter = await coord.get(`/fi/events/${evId}/attendance`);
    assert.equal(/<caption id="figures-caption">[\s\S]*?<\/table>/.exec(attAfter.text)[0], tableBefore);
    assert.match(textOf(attAfter.text), /Ilmoittautuneiden henkilötiedot on poistettu/);
    // The links stop working; the export shows no personal data.
    assert.equal((await request(`${srv.url}/fi/registrations/${regs.fi.token}/feedback`)).status, 404);
    assert.equal((await request(`${srv.url}/fi/registrations/${regs.fi.token}/calendar.ics`)).status, 404);
    const csv = (await coord.get(`/fi/events/${evId}/registrants.csv`)).body.toString('utf8');
    assert.ok(!csv.includes('Riitta') && !csv.includes('@example.fi'), csv);
    assert.match(csv, /\(poistettu\)/);
  });
});
