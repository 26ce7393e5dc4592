// Events against the real binary (src/events/pages.c, edit.c, agenda.c):
// the demo's past webinar with its agenda and speakers and the upcoming
// webinar open for registration; the public list and the archive with
// their filters; drafts hidden from those who may not edit them; events
// for the network's staff hidden from anonymous visitors; the event form
// with every mistake named (malformed dates, end before start, the hour
// the clocks skip, bad links, unknown municipalities) and nothing written;
// status draft -> published -> cancelled (final); SEQUENCE and the notices
// to registrants; the agenda rules (within the event, no overlap on a
// track, move earlier/later, retime with shift), speakers, and the audit
// log.  Every refused request leaves the database as it was.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import {
  Client, addUser, signIn, snapshot, diffSnapshots, sqlite, unique, mailDrained, PASSWORD_COST,
} from '../lib/auth.mjs';

// sqlite3's 'localtime' in the checks below is Helsinki time, as on pages.
process.env.TZ = 'Europe/Helsinki';

let srv;
let spool;
const acct = {};
const as = {};
const anon = () => new Client(srv.url);
const q = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
  .replace(/\s+/g, ' ');

async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** A date "YYYY-MM-DD" n days from today (UTC is close enough at noon). */
function day(n) {
  const d = new Date(Date.now() + n * 86400000);
  return d.toISOString().slice(0, 10);
}

/** Unix seconds as Helsinki wall-clock "HH:MM" and day "YYYY-MM-DD". */
const helsinki = (t, opts) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', ...opts })
  .format(new Date(Number(t) * 1000));
const hhmm = (t) => helsinki(t, { hour: '2-digit', minute: '2-digit' });
const helsinkiDay = (t) => helsinki(t, { year: 'numeric', month: '2-digit', day: '2-digit' });

/** A valid event form, 60 days ahead, with overrides. */
function eventForm(over = {}) {
  return {
    kind: 'hybrid', title_fi: 'Digitukijoiden tapaaminen', title_sv: 'Träff för digitala stödpersoner', title_en: '',
    summary_fi: 'Vuoden tapaaminen.', summary_sv: '', summary_en: '',
    description_fi: 'Ohjelmassa **kokemuksia** ja keskustelua.', description_sv: '', description_en: '',
    start_date: day(60), start_time: '09:00', end_date: day(60), end_time: '12:00',
    place: 'Esimerkkikatu 1, Helsinki', platform: 'Zoom', join_url: 'https://zoom.example.org/j/123456',
    organiser: 'Uudenmaan liitto', audience: 'public', languages: ['fi', 'sv'],
    municipalities: ['091', '611'],
    capacity: '40', opens_date: '', opens_time: '', closes_date: '', closes_time: '',
    group_max: '2', offer_hours: '12', reminder_hours: '48',
    consent_fi: 'Hyväksyn tietojeni käsittelyn.', consent_sv: '', consent_en: '',
    ...over,
  };
}

/** POST with repeated fields (arrays) and the client's csrf. */
function postForm(c, p, fields) {
  const params = new URLSearchParams();
  params.append('csrf', c.csrf ?? '');
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const x of v) params.append(k, x);
    else if (v !== undefined) params.append(k, v);
  }
  return c.req(p, { method: 'POST', body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

async function createEvent(over = {}) {
  const res = await postForm(as.coord, '/fi/events', eventForm(over));
  assert.equal(res.status, 303, textOf(res.text).slice(0, 400));
  const m = /^\/fi\/events\/(\d+)\/agenda\?done=created$/.exec(res.headers.location);
  assert.ok(m, res.headers.location);
  return Number(m[1]);
}

before(async () => {
  // Notices to registrants are delivered to a spool, so the checks that
  // nothing changed can wait for the mail job to finish first.
  spool = mkdtempSync(path.join(tmpdir(), 'tukiverkko-ev-spool-'));
  srv = await startServer({ args: [...PASSWORD_COST, '--mail-spool', spool] });
  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('e')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('coord', 'coordinator');
  add('admin', 'admin');
  add('supporter', 'supporter');
  add('tutor', 'tutor', { scopes: ['611'] });
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
});

after(async () => {
  await srv?.stop();
  if (spool) rmSync(spool, { recursive: true, force: true });
});

describe('the demo events', () => {
  it('event 1 is the seed webinar: past, with its agenda and speakers as "Name, title, organisation"', async () => {
    const res = await anon().get('/en/events/1');
    assert.equal(res.status, 200);
    const t = textOf(res.text);
    assert.match(t, /Digital support in municipalities/);
    assert.match(t, /This event is over/);
    assert.match(t, /Wednesday 6 October 2021, 9:00–11:30/);
    assert.match(t, /Participants 64/);
    for (const s of ['Opening', 'Break', 'Panel', 'Closing']) assert.ok(t.includes(s), s);
    assert.match(t, /9:00–9:15 Opening: tutor activity 2019–2021/);
    assert.match(t, /Sanna Kuvitelma, information specialist, Pornainen Library/);
    assert.match(t, /Moderator: Ville Malli, project planner, Helsinki-Uusimaa Regional Council/);
    assert.match(t, /Panelist: Petri Suunta, special planner/);
    assert.match(t, /Maria Virasto, specialist, Digital and Population Data Services Agency/);
    assert.match(t, /Thanks and materials/);
    // A past event has no registration box.
    assert.doesNotMatch(res.text, /\/events\/1\/register/);
    assert.equal(q('SELECT count(*) FROM agenda_item WHERE event_id = 1;'), '7');
  });

  it('a person who has not agreed to be shown is "a speaker from <organisation>"', async () => {
    q("UPDATE person SET is_public = 0 WHERE name = 'Maria Virasto';");
    try {
      const t = textOf((await anon().get('/en/events/1')).text);
      assert.doesNotMatch(t, /Maria Virasto/);
      assert.doesNotMatch(t, /specialist, Digital/);
      assert.match(t, /a speaker from Digital and Population Data Services Agency/);
      const fi = textOf((await anon().get('/fi/events/1')).text);
      assert.match(fi, /puhuja: Digi- ja väestötietovirasto/);
    } finally {
      q("UPDATE person SET is_public = 1 WHERE name = 'Maria Virasto';");
    }
  });

  it('event 2 is upcoming, open for registration, and its join link is never shown', async () => {
    const row = q(`SELECT status, capacity, group_max, platform, starts_at > ${Math.floor(Date.now() / 1000)}, registration_opens <= ${Math.floor(Date.now() / 1000)} FROM event WHERE id = 2;`);
    assert.equal(row, 'published|300|3|Teams|1|1');
    assert.equal(q('SELECT group_concat(kind) FROM (SELECT kind FROM event_question WHERE event_id = 2 ORDER BY position);'), 'yesno,choice');
    const res = await anon().get('/fi/events/2');
    assert.equal(res.status, 200);
    const t = textOf(res.text);
    assert.match(t, /Paikkoja jäljellä: 300/);
    assert.match(res.text, /href="\/fi\/events\/2\/register"/);
    assert.match(t, /Teams/);
    assert.doesNotMatch(res.text, /teams\.example\.org/);
    assert.match(t, /(maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai) \d+\.\d+\.\d{4} klo 9\.00–10\.30/);
    const list = await anon().get('/fi/events');
    assert.match(list.text, /href="\/fi\/events\/2"/);
    assert.doesNotMatch(list.text, /href="\/fi\/events\/1"/);
    assert.doesNotMatch(list.text, /teams\.example\.org/);
  });

  it('the registration box tells when it is full, not yet open, or closed', async () => {
    const orig = q("SELECT capacity || '|' || registration_opens FROM event WHERE id = 2;");
    try {
      q('UPDATE event SET capacity = 0 WHERE id = 2;');
      let t = textOf((await anon().get('/en/events/2')).text);
      assert.match(t, /The event is full/);
      assert.match(t, /Join the waiting list/);
      q(`UPDATE event SET capacity = 300, registration_opens = ${Math.floor(Date.now() / 1000)} + 86400 WHERE id = 2;`);
      t = textOf((await anon().get('/en/events/2')).text);
      assert.match(t, /Registration opens on \w+day/);
      // Finnish puts the weekday in the essive after the verb (#12 item 12).
      assert.match(textOf((await anon().get('/fi/events/2')).text), /Ilmoittautuminen alkaa \w+na \d+\.\d+\.\d{4} klo /);
      q(`UPDATE event SET registration_opens = ${Math.floor(Date.now() / 1000)} - 7200, registration_closes = ${Math.floor(Date.now() / 1000)} - 3600 WHERE id = 2;`);
      t = textOf((await anon().get('/en/events/2')).text);
      assert.match(t, /Registration has closed/);
      q('UPDATE event SET capacity = NULL WHERE id = 2;');
      t = textOf((await anon().get('/en/events/2')).text);
      assert.match(t, /This event does not take registrations/);
    } finally {
      const [cap, opens] = orig.split('|');
      q(`UPDATE event SET capacity = ${cap}, registration_opens = ${opens}, registration_closes = starts_at WHERE id = 2;`);
    }
  });

  it('the archive lists the past webinar; the front page still lists it', async () => {
    const res = await anon().get('/sv/events/archive');
    assert.equal(res.status, 200);
    assert.match(res.text, /href="\/sv\/events\/1"/);
    assert.doesNotMatch(res.text, /href="\/sv\/events\/2"/);
    assert.match(textOf(res.text), /Deltagare: 64/);
    const front = await anon().get('/fi/');
    assert.equal(front.status, 200);
    assert.match(front.text, /Kuntien digituki/);
  });
});

describe('filters', () => {
  it('filter by municipality, type and language with a plain GET form', async () => {
    const page = await anon().get('/en/events');
    assert.match(page.text, /<form method="get" action="\/en\/events"/);
    for (const name of ['municipality', 'type', 'language']) assert.match(page.text, new RegExp(`<label for="${name}">`));
    const has2 = async (qs) => /href="\/en\/events\/2"/.test((await anon().get(`/en/events?${qs}`)).text);
    assert.equal(await has2('municipality=091&type=&language='), true);
    assert.equal(await has2('municipality=611'), false);
    assert.equal(await has2('type=webinar'), true);
    assert.equal(await has2('type=on-site'), false);
    assert.equal(await has2('language=sv'), true);
    assert.equal(await has2('language=en'), false);
    const arch = await anon().get('/en/events/archive?municipality=611');
    assert.match(arch.text, /href="\/en\/events\/1"/);
    const none = await anon().get('/en/events/archive?municipality=018');
    assert.match(textOf(none.text), /No past events match the filter/);
  });

  it('refuses a filter or page that is not one of the choices with 400', async () => {
    for (const qs of ['type=xx', 'language=de', 'municipality=999', 'municipality=%3Cscript%3E', 'after=abc', 'after=1.0', 'before=1633500000', 'after=1.2&before=1.2']) {
      const res = await anon().get(`/fi/events?${qs}`);
      assert.equal(res.status, 400, qs);
    }
  });

  it('pages the list 20 at a time by keyset, forward and back', async () => {
    const ids = [];
    try {
      for (let i = 0; i < 21; i++) {
        ids.push(Number(q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status) VALUES (1, 'on-site', 'Sivutus ${i}', ${Math.floor(Date.now() / 1000)} + ${86400 * (200 + i)}, ${Math.floor(Date.now() / 1000)} + ${86400 * (200 + i) + 3600}, 'published') RETURNING id;`)));
      }
      const p1 = await anon().get('/fi/events?type=on-site');
      assert.equal((p1.text.match(/Sivutus \d+/g) ?? []).length, 20);
      assert.doesNotMatch(p1.text, /rel="prev"/);
      const next = /<nav aria-label="Sivut">[^]*?rel="next" href="(\/fi\/events\?municipality=&amp;type=on-site&amp;language=&amp;after=\d+\.\d+)"/.exec(p1.text);
      assert.ok(next, 'a next link with the last row as the cursor');
      const p2 = await anon().get(next[1].replaceAll('&amp;', '&'));
      assert.deepEqual(p2.text.match(/Sivutus \d+/g), ['Sivutus 20']);
      assert.doesNotMatch(p2.text, /rel="next"/);
      const prev = /rel="prev" href="([^"]*before=\d+\.\d+)"/.exec(p2.text);
      assert.ok(prev, 'a previous link with the first row as the cursor');
      const back = await anon().get(prev[1].replaceAll('&amp;', '&'));
      assert.equal((back.text.match(/Sivutus \d+/g) ?? []).length, 20);
      assert.doesNotMatch(back.text, /rel="prev"/);
      assert.match(back.text, /rel="next"/);
    } finally {
      if (ids.length) q(`DELETE FROM event WHERE id IN (${ids.join(',')});`);
    }
  });
});

describe('creating, publishing and cancelling', () => {
  let id;

  it('only organisers reach the form', async () => {
    const a = await anon().get('/fi/events/new');
    assert.equal(a.status, 303);
    assert.match(a.headers.location, /^\/fi\/signin\?next=/);
    for (const n of ['supporter', 'tutor', 'municipal']) assert.equal((await as[n].get('/fi/events/new')).status, 403, n);
    const c = await as.coord.get('/sv/events/new');
    assert.equal(c.status, 200);
    for (const f of ['kind', 'title_fi', 'start_date', 'start_time', 'end_date', 'end_time', 'place', 'platform', 'join_url', 'organiser', 'capacity', 'opens_date', 'closes_date', 'group_max', 'offer_hours', 'reminder_hours', 'consent_fi', 'muni-611', 'lang-sv', 'audience-network']) {
      assert.match(c.text, new RegExp(`<label for="${f}">`), f);
    }
  });

  it('refuses a form with mistakes: 400, every mistake linked, the values kept, nothing written', async () => {
    const cases = [
      [{ start_date: '6.10.2026' }, 'start_date', /Write the date in the form 2021-10-06/],
      [{ start_time: '25:00' }, 'start_time', /Write the time in the form 14:30/],
      [{ end_date: day(59) }, 'end_time', /The event must end after it starts/],
      [{ end_time: '09:00' }, 'end_time', /The event must end after it starts/],
      [{ start_date: '2027-03-28', start_time: '03:30', end_date: '2027-03-28', end_time: '05:00' }, 'start_time', /does not exist in Helsinki/],
      [{ title_fi: '', title_sv: '' }, 'title_fi', /Write a title in at least one language/],
      [{ title_fi: 'a\u0001b' }, 'title_fi', /one line/],
      [{ join_url: 'javascript:alert(1)' }, 'join_url', /starting with https/],
      [{ kind: 'party' }, 'kind', /Choose the type/],
      [{ audience: 'everyone' }, 'audience', /Choose who the event is for/],
      [{ languages: [] }, 'lang-fi', /Choose the languages/],
      [{ languages: ['fi', 'de'] }, 'lang-fi', /Choose the languages/],
      [{ municipalities: ['611', '999'] }, 'municipalities', /Choose the municipalities from the list/],
      [{ capacity: '-3' }, 'capacity', /whole number/],
      [{ capacity: '12a' }, 'capacity', /whole number/],
      [{ group_max: '51' }, 'group_max', /1 to 50/],
      [{ offer_hours: '0' }, 'offer_hours', /1 to 168/],
      [{ reminder_hours: '400' }, 'reminder_hours', /1 to 336/],
      [{ opens_date: day(61), opens_time: '10:00' }, 'opens_date', /open before the event starts/],
      [{ opens_date: day(10), opens_time: '10:00', closes_date: day(5), closes_time: '10:00' }, 'closes_date', /close after it opens/],
      [{ closes_date: day(61), closes_time: '10:00' }, 'closes_date', /close before the event ends/],
      [{ summary_fi: 'x'.repeat(1001) }, 'summary_fi', /at most 1,000/],
    ];
    for (const [over, field, msg] of cases) {
      const res = await unchanged(() => postForm(as.coord, '/en/events', eventForm(over)));
      assert.equal(res.status, 400, JSON.stringify(over));
      assert.match(res.text, /class="error-summary"/);
      assert.match(res.text, new RegExp(`<a href="#${field}">`), `${JSON.stringify(over)}: ${textOf(res.text).slice(0, 500)}`);
      assert.match(textOf(res.text), msg, JSON.stringify(over));
      assert.match(res.text, new RegExp(`id="${field}"`), `no field with id ${field}`);
    }
    // Several mistakes at once are all listed, and the values are kept.
    const res = await postForm(as.coord, '/en/events', eventForm({ start_date: 'x', capacity: 'many', place: 'Kirjastotie 5' }));
    assert.equal(res.status, 400);
    assert.match(res.text, /<a href="#start_date">/);
    assert.match(res.text, /<a href="#capacity">/);
    assert.match(res.text, /value="Kirjastotie 5"/);
    assert.match(res.text, /value="many"/);
  });

  it('refuses invalid UTF-8 and a missing CSRF token, writing nothing', async () => {
    const bad = await unchanged(() => as.coord.req('/fi/events', {
      method: 'POST', body: `csrf=${as.coord.csrf}&title_fi=%FF%FE`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }));
    assert.equal(bad.status, 400);
    const nocsrf = await unchanged(() => as.coord.req('/fi/events', {
      method: 'POST', body: new URLSearchParams({ title_fi: 'x' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }));
    assert.equal(nocsrf.status, 403);
    for (const n of ['supporter', 'tutor', 'municipal']) {
      const r = await unchanged(() => postForm(as[n], '/fi/events', eventForm()));
      assert.equal(r.status, 403, n);
    }
  });

  it('a coordinator creates a draft: stored with its municipalities and audited', async () => {
    id = await createEvent({ title_fi: 'Luonnos <script>alert(1)</script>' });
    assert.equal(q(`SELECT status, kind, audience, languages, capacity, group_max, offer_hours, reminder_hours, sequence FROM event WHERE id = ${id};`),
      'draft|hybrid|public|fi,sv|40|2|12|48|0');
    assert.equal(q(`SELECT group_concat(municipality_code) FROM (SELECT municipality_code FROM event_municipality WHERE event_id = ${id} ORDER BY 1);`), '091,611');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'event.create' AND object_id = '${id}' AND account_id = ${acct.coord.id};`), '1');
    // Helsinki time: 9.00 is 06:00 or 07:00 UTC depending on the season.
    const off = q(`SELECT (starts_at - ${Date.parse(`${day(60)}T09:00:00Z`) / 1000}) FROM event WHERE id = ${id};`);
    assert.ok(['-7200', '-10800'].includes(off), off);
  });

  it('a draft is hidden from everyone but its organisers', async () => {
    assert.equal((await anon().get(`/fi/events/${id}`)).status, 404);
    for (const n of ['supporter', 'tutor', 'municipal']) assert.equal((await as[n].get(`/fi/events/${id}`)).status, 404, n);
    const c = await as.coord.get(`/fi/events/${id}`);
    assert.equal(c.status, 200);
    assert.match(c.text, /Luonnos &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    // A draft's registration box is a preview: no link to a form that is not open yet.
    assert.doesNotMatch(c.text, new RegExp(`/fi/events/${id}/register`));
    assert.match(textOf(c.text), /Ilmoittautumislomake avautuu/);
    assert.doesNotMatch(c.text, /<script>alert/);
    assert.equal((await as.admin.get(`/en/events/${id}`)).status, 200);
    assert.doesNotMatch((await anon().get('/fi/events')).text, new RegExp(`/fi/events/${id}"`));
    assert.doesNotMatch((await as.supporter.get('/fi/events')).text, new RegExp(`/fi/events/${id}"`));
    assert.match((await as.coord.get('/fi/events')).text, new RegExp(`/fi/events/${id}"`));
    assert.doesNotMatch((await anon().get('/fi/')).text, /Luonnos &lt;script/);
    assert.doesNotMatch((await anon().get('/fi/municipalities/611')).text, /Luonnos &lt;script/);
  });

  it('the edit form shows what is stored and saves changes; SEQUENCE grows only for what calendars show', async () => {
    const form = await as.coord.get(`/fi/events/${id}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, /value="Esimerkkikatu 1, Helsinki"/);
    assert.match(form.text, /id="muni-611" name="municipalities" value="611" checked/);
    assert.match(form.text, /value="09:00"/);
    let res = await postForm(as.coord, `/fi/events/${id}/edit`, eventForm({ capacity: '45', title_fi: 'Digitukijoiden tapaaminen' }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/events/${id}/edit?done=saved`);
    assert.equal(q(`SELECT sequence FROM event WHERE id = ${id};`), '1');
    res = await postForm(as.coord, `/fi/events/${id}/edit`, eventForm({ capacity: '50', title_fi: 'Digitukijoiden tapaaminen' }));
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT sequence || '|' || capacity FROM event WHERE id = ${id};`), '1|50');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'event.update' AND object_id = '${id}';`), '2');
    const bad = await unchanged(() => postForm(as.coord, `/fi/events/${id}/edit`, eventForm({ end_time: '08:00' })));
    assert.equal(bad.status, 400);
  });

  it('publishing makes it public; publishing twice is refused', async () => {
    const res = await postForm(as.coord, `/fi/events/${id}/publish`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/events/${id}?done=published`);
    assert.equal(q(`SELECT status || '|' || sequence FROM event WHERE id = ${id};`), 'published|2');
    const again = await unchanged(() => postForm(as.coord, `/fi/events/${id}/publish`, {}));
    assert.equal(again.status, 409);
    const page = await anon().get(`/fi/events/${id}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Paikkoja jäljellä: 50/);
    assert.doesNotMatch(page.text, /zoom\.example\.org/);
    assert.match(textOf(page.text), /Esimerkkikatu 1, Helsinki/);
    assert.match(page.text, /<strong>kokemuksia<\/strong>/);
    // Text shown in another language than the page's is marked (WCAG 3.1.2).
    const en = (await anon().get(`/en/events/${id}`)).text;
    assert.match(en, /<div lang="fi"><p>Ohjelmassa/);
    assert.match(en, /<p class="lead" lang="fi">Vuoden tapaaminen\.<\/p>/);
    assert.match(en, /<h1 lang="fi">/);
    assert.match((await anon().get('/fi/events')).text, new RegExp(`/fi/events/${id}"`));
    // Published and public: now also on the municipality's page.
    assert.match((await anon().get('/fi/municipalities/611')).text, /Digitukijoiden tapaaminen/);
  });

  it('changing the time of a published event tells those registered, in the same transaction', async () => {
    q(`INSERT INTO registration (event_id, submission, token_hash, name, email, lang, status, created_at, updated_at) VALUES (${id}, 'sub-ev-1', 'evtok-${Date.now()}', 'Rekisteröity', 'reg.events@example.org', 'fi', 'confirmed', ${Math.floor(Date.now() / 1000)}, ${Math.floor(Date.now() / 1000)});`);
    const before = Number(q("SELECT count(*) FROM mail_outbox WHERE to_addr = 'reg.events@example.org';"));
    const res = await postForm(as.coord, `/fi/events/${id}/edit`, eventForm({ title_fi: 'Digitukijoiden tapaaminen', capacity: '50', start_time: '10:00' }));
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT sequence FROM event WHERE id = ${id};`), '3');
    const after1 = Number(q("SELECT count(*) FROM mail_outbox WHERE to_addr = 'reg.events@example.org';"));
    assert.equal(after1, before + 1);
    // A change that is not of time or place tells nobody.
    const res2 = await postForm(as.coord, `/fi/events/${id}/edit`, eventForm({ title_fi: 'Digitukijoiden tapaaminen', capacity: '60', start_time: '10:00' }));
    assert.equal(res2.status, 303);
    assert.equal(Number(q("SELECT count(*) FROM mail_outbox WHERE to_addr = 'reg.events@example.org';")), after1);
    assert.match(q(`SELECT detail FROM audit_log WHERE action = 'event.update' AND object_id = '${id}' ORDER BY id DESC LIMIT 1 OFFSET 1;`), /time or place/);
  });

  it('cancelling needs the confirmation, tells those registered, and is final', async () => {
    await mailDrained(srv.db);
    const noconfirm = await unchanged(() => postForm(as.coord, `/fi/events/${id}/cancel`, {}));
    assert.equal(noconfirm.status, 400);
    for (const n of ['supporter', 'tutor']) {
      assert.equal((await unchanged(() => postForm(as[n], `/fi/events/${id}/cancel`, { confirm: '1' }))).status, 403);
    }
    const before = Number(q("SELECT count(*) FROM mail_outbox WHERE to_addr = 'reg.events@example.org';"));
    const res = await postForm(as.coord, `/fi/events/${id}/cancel`, { confirm: '1' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/events/${id}?done=cancelled`);
    assert.equal(q(`SELECT status FROM event WHERE id = ${id};`), 'cancelled');
    assert.equal(Number(q("SELECT count(*) FROM mail_outbox WHERE to_addr = 'reg.events@example.org';")), before + 1);
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'event.cancel' AND object_id = '${id}';`), '1');
    await mailDrained(srv.db);
    const page = textOf((await anon().get(`/fi/events/${id}`)).text);
    assert.match(page, /Tämä tapahtuma on peruttu/);
    assert.doesNotMatch(page, /Paikkoja jäljellä/);
    // Final: no second cancellation, no publishing, no editing, no agenda changes.
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/cancel`, { confirm: '1' }))).status, 409);
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/publish`, {}))).status, 409);
    assert.equal((await as.coord.get(`/fi/events/${id}/edit`)).status, 409);
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/edit`, eventForm()))).status, 409);
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda`, {
      kind: 'talk', date: day(60), start: '10:00', end: '10:30', track: '1',
    }))).status, 409);
  });

  it('a past event cannot be cancelled', async () => {
    assert.equal((await unchanged(() => postForm(as.coord, '/fi/events/1/cancel', { confirm: '1' }))).status, 409);
  });
});

describe('audience and reach', () => {
  it('an event for the network staff asks anonymous visitors to sign in and is left out of their lists', async () => {
    const id = await createEvent({ audience: 'network', title_fi: 'Vain verkostolle' });
    assert.equal((await postForm(as.coord, `/fi/events/${id}/publish`, {})).status, 303);
    const a = await anon().get(`/fi/events/${id}`);
    assert.equal(a.status, 303);
    assert.equal(a.headers.location, `/fi/signin?next=${encodeURIComponent(`/fi/events/${id}`)}`);
    assert.equal((await as.supporter.get(`/fi/events/${id}`)).status, 200);
    assert.doesNotMatch((await anon().get('/fi/events')).text, /Vain verkostolle/);
    assert.match((await as.supporter.get('/fi/events')).text, /Vain verkostolle/);
    assert.doesNotMatch((await anon().get('/fi/')).text, /Vain verkostolle/);
    assert.doesNotMatch((await anon().get('/fi/municipalities/611')).text, /Vain verkostolle/);
  });

  it("a coordinator cannot see or change another region's events; an administrator can", async () => {
    q("INSERT INTO region (code, name_fi, name_sv) VALUES ('pirkanmaa', 'Pirkanmaa', 'Birkaland');");
    const other = Number(q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status) SELECT id, 'webinar', 'Toisen alueen luonnos', ${Math.floor(Date.now() / 1000)} + 864000, ${Math.floor(Date.now() / 1000)} + 867600, 'draft' FROM region WHERE code = 'pirkanmaa' RETURNING id;`));
    for (const p of [`/fi/events/${other}`, `/fi/events/${other}/edit`, `/fi/events/${other}/agenda`]) {
      assert.equal((await as.coord.get(p)).status, 404, p);
      assert.equal((await as.admin.get(p)).status, 200, p);
    }
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${other}/publish`, {}))).status, 404);
  });

  it('unknown and malformed ids are 404', async () => {
    for (const p of ['/fi/events/999999', '/fi/events/abc', '/fi/events/01', '/fi/events/-1']) {
      assert.equal((await anon().get(p)).status, 404, p);
    }
    for (const p of ['/fi/events/999999/edit', '/fi/events/999999/agenda', '/fi/events/x/edit']) {
      assert.equal((await as.coord.get(p)).status, 404, p);
    }
    assert.equal((await unchanged(() => postForm(as.coord, '/fi/events/999999/edit', eventForm()))).status, 404);
    assert.equal((await unchanged(() => postForm(as.coord, '/fi/events/2/agenda/999999', {
      kind: 'talk', date: day(60), start: '10:00', end: '10:30', track: '1',
    }))).status, 404);
    assert.equal((await unchanged(() => postForm(as.coord, '/fi/events/1/agenda/1/people/remove', { person: '999999' }))).status, 404);
  });
});

describe('the agenda', () => {
  let id;
  const D = day(70);
  const item = (over = {}) => ({
    kind: 'talk', date: D, start: '09:00', end: '09:30', track: '1',
    title_fi: 'Puheenvuoro', title_sv: '', title_en: '', description_fi: '', description_sv: '', description_en: '', ...over,
  });
  // Times as Helsinki wall-clock HH:MM, as the pages show them.
  const itemsOf = () => q(`SELECT title_fi, starts_at, ends_at, track FROM agenda_item WHERE event_id = ${id} ORDER BY starts_at, track, id;`)
    .split('\n').filter(Boolean).map((l) => l.split('|'))
    .map(([t, s, e, track]) => `${t}@${hhmm(s)}-${hhmm(e)}/${track}`).join(';');
  const itemId = (title) => Number(q(`SELECT id FROM agenda_item WHERE event_id = ${id} AND title_fi = '${title}';`));

  before(async () => {
    id = await createEvent({ kind: 'webinar', start_date: D, end_date: D, start_time: '09:00', end_time: '12:00' });
  });

  it('adds items inside the event and refuses overlaps on a track, times outside the event and bad input', async () => {
    const page = await as.coord.get(`/fi/events/${id}/agenda`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<label for="new-start">/);
    // The fields carry the names the handler reads (ids differ per form).
    for (const n of ['kind', 'date', 'start', 'end', 'track', 'title_fi', 'title_sv', 'title_en', 'description_fi']) {
      assert.match(page.text, new RegExp(`id="new-${n}" name="${n}"`), n);
    }
    assert.equal((await postForm(as.coord, `/fi/events/${id}/agenda`, item({ title_fi: 'Avaus', kind: 'opening', end: '09:15' }))).status, 303);
    const r = await postForm(as.coord, `/fi/events/${id}/agenda`, item({ title_fi: 'Kokemuksia', start: '09:15', end: '10:00' }));
    assert.equal(r.status, 303);
    assert.match(r.headers.location, new RegExp(`^/fi/events/${id}/agenda\\?done=added#item-\\d+$`));
    assert.equal((await postForm(as.coord, `/fi/events/${id}/agenda`, item({ title_fi: 'Paneeli', kind: 'panel', start: '10:15', end: '11:00' }))).status, 303);
    const bad = [
      [item({ title_fi: 'Päällekkäin', start: '09:50', end: '10:20' }), 'new-start', /overlaps another item on the same track/],
      [item({ start: '08:30', end: '09:00' }), 'new-start', /within the event's time/],
      [item({ start: '11:45', end: '12:15' }), 'new-start', /within the event's time/],
      [item({ start: '10:00', end: '09:50' }), 'new-end', /must end after it starts/],
      [item({ date: '2026-02-30' }), 'new-date', /2021-10-06/],
      [item({ start: '9.75' }), 'new-start', /14:30/],
      [item({ kind: 'party' }), 'new-kind', /kind of the item/],
      [item({ track: '0' }), 'new-track', /1 to 10/],
      [item({ title_fi: 'x'.repeat(201) }), 'new-title_fi', /at most 200/],
    ];
    for (const [form, field, msg] of bad) {
      const res = await unchanged(() => postForm(as.coord, `/en/events/${id}/agenda`, form));
      assert.equal(res.status, 400, JSON.stringify(form));
      assert.match(res.text, new RegExp(`<a href="#${field}">`), textOf(res.text).slice(0, 400));
      assert.match(textOf(res.text), msg);
    }
    // The same time on another track is a parallel item.
    assert.equal((await postForm(as.coord, `/fi/events/${id}/agenda`, item({ title_fi: 'Rinnakkain', start: '09:50', end: '10:20', track: '2' }))).status, 303);
    assert.equal(itemsOf(), 'Avaus@09:00-09:15/0;Kokemuksia@09:15-10:00/0;Rinnakkain@09:50-10:20/1;Paneeli@10:15-11:00/0');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'agenda.add' AND object_id = '${id}';`), '4');
  });

  it('retimes an item with or without shifting the following items', async () => {
    const avaus = itemId('Avaus');
    // Longer without shifting: overlaps the next item, refused.
    const refused = await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${avaus}`, item({ title_fi: 'Avaus', kind: 'opening', end: '09:25' })));
    assert.equal(refused.status, 400);
    assert.match(refused.text, new RegExp(`<a href="#i${avaus}-start">`));
    assert.match(refused.text, /<details open>/);
    // With shift: everything after moves ten minutes.
    const ok = await postForm(as.coord, `/fi/events/${id}/agenda/${avaus}`, item({ title_fi: 'Avaus', kind: 'opening', end: '09:25', shift: '1' }));
    assert.equal(ok.status, 303);
    assert.equal(itemsOf(), 'Avaus@09:00-09:25/0;Kokemuksia@09:25-10:10/0;Rinnakkain@10:00-10:30/1;Paneeli@10:25-11:10/0');
    // A shift that would push the panel past 12.00 is refused as a whole.
    const past = await unchanged(() => postForm(as.coord, `/en/events/${id}/agenda/${avaus}`, item({ title_fi: 'Avaus', kind: 'opening', end: '10:20', shift: '1' })));
    assert.equal(past.status, 400);
    assert.match(textOf(past.text), /past the end of the event/);
    // Back to 15 minutes, shifting back.
    assert.equal((await postForm(as.coord, `/fi/events/${id}/agenda/${avaus}`, item({ title_fi: 'Avaus', kind: 'opening', end: '09:15', shift: '1' }))).status, 303);
    assert.equal(itemsOf(), 'Avaus@09:00-09:15/0;Kokemuksia@09:15-10:00/0;Rinnakkain@09:50-10:20/1;Paneeli@10:15-11:00/0');
  });

  it('moves an item later and earlier by swapping it with its neighbour on the track', async () => {
    const kok = itemId('Kokemuksia');
    const res = await postForm(as.coord, `/fi/events/${id}/agenda/${kok}/move`, { direction: 'later' });
    assert.equal(res.status, 303);
    // The panel (45 min) takes 9.15, the 15-minute gap stays, then the talk.
    assert.equal(itemsOf(), 'Avaus@09:00-09:15/0;Paneeli@09:15-10:00/0;Rinnakkain@09:50-10:20/1;Kokemuksia@10:15-11:00/0');
    assert.equal((await postForm(as.coord, `/fi/events/${id}/agenda/${kok}/move`, { direction: 'earlier' })).status, 303);
    assert.equal(itemsOf(), 'Avaus@09:00-09:15/0;Kokemuksia@09:15-10:00/0;Rinnakkain@09:50-10:20/1;Paneeli@10:15-11:00/0');
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${itemId('Avaus')}/move`, { direction: 'earlier' }))).status, 409);
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${itemId('Rinnakkain')}/move`, { direction: 'later' }))).status, 409);
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${kok}/move`, { direction: 'sideways' }))).status, 400);
  });

  it('adds and removes speakers, panelists and moderators', async () => {
    const panel = itemId('Paneeli');
    const pid = (name) => Number(q(`SELECT id FROM person WHERE name = '${name}';`));
    assert.equal((await postForm(as.coord, `/fi/events/${id}/agenda/${panel}/people`, { person: String(pid('Ville Malli')), role: 'moderator', position: '1' })).status, 303);
    assert.equal((await postForm(as.coord, `/fi/events/${id}/agenda/${panel}/people`, { person: String(pid('Riikka Verkko')), role: 'panelist', position: '' })).status, 303);
    const dup = await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${panel}/people`, { person: String(pid('Ville Malli')), role: 'panelist' }));
    assert.equal(dup.status, 400);
    assert.match(dup.text, new RegExp(`<a href="#p${panel}-person">`));
    for (const f of [{ person: '999999', role: 'speaker' }, { person: 'x', role: 'speaker' }, { person: String(pid('Antti Palvelu')), role: 'boss' }, { person: String(pid('Antti Palvelu')), role: 'speaker', position: '100' }]) {
      assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${panel}/people`, f))).status, 400, JSON.stringify(f));
    }
    assert.equal(q(`SELECT group_concat(role || ':' || position) FROM (SELECT role, position FROM agenda_speaker WHERE item_id = ${panel} ORDER BY position);`), 'moderator:1,panelist:2');
    assert.equal((await postForm(as.coord, `/fi/events/${id}/publish`, {})).status, 303);
    const t = textOf((await anon().get(`/en/events/${id}`)).text);
    assert.match(t, /Moderator: Ville Malli, project planner, Helsinki-Uusimaa Regional Council/);
    assert.match(t, /Panelist: Riikka Verkko, coordinator, City of Vantaa/);
    assert.match(t, /Track 2/);
    const rm = await postForm(as.coord, `/fi/events/${id}/agenda/${panel}/people/remove`, { person: String(pid('Riikka Verkko')) });
    assert.equal(rm.status, 303);
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${panel}/people/remove`, { person: String(pid('Riikka Verkko')) }))).status, 404);
  });

  it('deletes an item with its people; others cannot change the agenda', async () => {
    const panel = itemId('Paneeli');
    for (const n of ['supporter', 'tutor', 'municipal']) {
      assert.equal((await unchanged(() => postForm(as[n], `/fi/events/${id}/agenda/${panel}/delete`, {}))).status, 403, n);
    }
    assert.equal((await unchanged(() => anon().req(`/fi/events/${id}/agenda/${panel}/delete`, { method: 'POST' }))).status, 403);
    assert.equal((await postForm(as.coord, `/fi/events/${id}/agenda/${panel}/delete`, {})).status, 303);
    assert.equal(q(`SELECT count(*) FROM agenda_speaker WHERE item_id = ${panel};`), '0');
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${panel}/delete`, {}))).status, 404);
    // An item of another event is not found through this one.
    const other = Number(q('SELECT id FROM agenda_item WHERE event_id = 1 LIMIT 1;'));
    assert.equal((await unchanged(() => postForm(as.coord, `/fi/events/${id}/agenda/${other}/delete`, {}))).status, 404);
  });

  it('moving the event moves its programme; a shorter event may not leave items outside', async () => {
    const D2 = day(71);
    const dayOf = () => [...new Set(q(`SELECT starts_at FROM agenda_item WHERE event_id = ${id};`)
      .split('\n').filter(Boolean).map(helsinkiDay))].join(',');
    assert.equal(dayOf(), D);
    const base = { kind: 'webinar', start_date: D2, end_date: D2, start_time: '09:00', end_time: '12:00' };
    const res = await postForm(as.coord, `/fi/events/${id}/edit`, eventForm(base));
    assert.equal(res.status, 303);
    assert.equal(dayOf(), D2);
    assert.equal(itemsOf(), 'Avaus@09:00-09:15/0;Kokemuksia@09:15-10:00/0;Rinnakkain@09:50-10:20/1');
    const short = await unchanged(() => postForm(as.coord, `/en/events/${id}/edit`, eventForm({ ...base, end_time: '10:00' })));
    assert.equal(short.status, 400);
    assert.match(short.text, /<a href="#end_time">/);
    assert.match(textOf(short.text), /The programme has items outside the new time/);
  });
});
