// Calendars against the real binary: one event's .ics (anyone who may see
// the event; never the join link), a registrant's .ics (the join link while
// confirmed), the feed of all public events and of one municipality.  Every
// file is checked byte by byte (CRLF, 75-octet folding that never splits a
// UTF-8 character) and parsed by both ical.js and python3-vobject, which
// must agree (tests/lib/ics-validate.mjs); long Finnish text survives the
// folding, times are right on both sides of daylight saving, and drafts,
// network-only and unknown things are 404 for those who may not see them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from '../lib/server.mjs';
import { addUser, signIn, sqlite, q, unique, snapshot, diffSnapshots } from '../lib/auth.mjs';
import { validateIcs } from '../lib/ics-validate.mjs';
import { addRegistration } from '../lib/att-fixtures.mjs';

let srv;
const JOIN = 'https://teams.example.org/l/meetup-join/tukiverkko-demo';
const LONG = 'Tervetuloa digituen verkostotapaamiseen! Käymme läpi, miten kunnat, kirjastot, '
  + 'järjestöt ja seurakunnat ovat järjestäneet digitukea; jaamme kokemuksia ja vinkkejä.\n'
  + 'Ääkköset, pilkut, puolipisteet; kenoviiva \\ ja emoji 😀 kulkevat kalenteriin ehjinä. '
  + 'Öljynvaihto, äidinkieli, Åbo ja Närpiö – kaikki mukaan.';
const sql = (s) => sqlite(srv.db, s).trim();
const BASE = 'https://tuki.example.fi';
const host = () => 'tuki.example.fi';

async function ics(path, opts) {
  const res = await request(srv.url + path, opts);
  assert.equal(res.status, 200, `${path}: ${res.status} ${res.text.slice(0, 200)}`);
  assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
  return { res, cal: validateIcs(res.body) };
}

let winterId;
let draftId;
let networkId;
let cancelledId;
let longId;
let coord;
let supporter;

before(async () => {
  srv = await startServer({ args: ['--password-cost', 'interactive', '--base-url', `${BASE}/`] });
  sql(`UPDATE event SET summary_fi = ${q(LONG)}, summary_sv = '', place = '' WHERE id = 2`);
  // A winter on-site event (EET, UTC+2): 15 Jan 2030 10:00-12:00 Helsinki.
  const base = "INSERT INTO event (region_id, kind, title_fi, title_sv, title_en, starts_at, ends_at, status, audience, place, platform, join_url, sequence) VALUES ";
  winterId = Number(sql(`${base}(1, 'on-site', 'Talvikahvit', 'Vinterkaffe', 'Winter coffee', 1894694400, 1894701600, 'published', 'public', 'Kirjasto, Kauppakatu 1; 2. krs', '', '', 4) RETURNING id;`));
  draftId = Number(sql(`${base}(1, 'webinar', 'Luonnos', '', '', 1894694400, 1894701600, 'draft', 'public', '', 'Zoom', 'https://zoom.example.org/j/draft', 0) RETURNING id;`));
  networkId = Number(sql(`${base}(1, 'webinar', 'Vain verkostolle', '', '', 1894694400, 1894701600, 'published', 'network', '', 'Zoom', 'https://zoom.example.org/j/net', 0) RETURNING id;`));
  cancelledId = Number(sql(`${base}(1, 'hybrid', 'Peruttu', '', '', 1894694400, 1894701600, 'cancelled', 'public', 'Sali', 'Teams', 'https://teams.example.org/cancelled', 2) RETURNING id;`));
  sql(`INSERT INTO event_municipality (event_id, municipality_code) VALUES (${winterId}, '611')`);
  // A course under way: begun 60 days ago, before the feed's 30 days, it
  // ends in ten (the feed walks the start times from the longest event's
  // length before its window).
  const now = Math.floor(Date.now() / 1000);
  longId = Number(sql(`${base}(1, 'on-site', 'Kevään kurssi', '', '', ${now - 60 * 86400}, ${now + 10 * 86400}, 'published', 'public', 'Kirjasto', '', '', 0) RETURNING id;`));
  const c = addUser(srv, `coord.${unique('c')}@example.fi`, 'coordinator');
  coord = await signIn(srv.url, c.email, c.password);
  const s = addUser(srv, `supp.${unique('s')}@example.fi`, 'supporter');
  supporter = await signIn(srv.url, s.email, s.password);
});

after(async () => { await srv?.stop(); });

describe('one event', () => {
  it('is a valid calendar without the join link, with long Finnish text folded intact', async () => {
    const { res, cal } = await ics('/fi/events/2/calendar.ics');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="event-2.ics"');
    // A download is data, not an iTIP message (#11 item 19): no METHOD
    // (METHOD:PUBLISH needs an ORGANIZER, which libical checks).
    assert.equal(cal.method, null);
    assert.equal(cal.vobject.method, null);
    assert.doesNotMatch(res.text, /^(METHOD|ORGANIZER)[:;]/m);
    assert.deepEqual(cal.timezones, ['Europe/Helsinki']);
    assert.equal(cal.events.length, 1);
    const e = cal.events[0];
    assert.equal(e.uid, `event-2@${host()}`);
    assert.equal(e.summary, sql('SELECT title_fi FROM event WHERE id = 2'));
    assert.equal(e.status, 'CONFIRMED');
    assert.equal(e.tzid, 'Europe/Helsinki');
    assert.equal(e.start.getTime() / 1000, Number(sql('SELECT starts_at FROM event WHERE id = 2')));
    assert.equal(e.end.getTime() / 1000, Number(sql('SELECT ends_at FROM event WHERE id = 2')));
    assert.ok(e.description.startsWith(LONG), e.description);
    assert.ok(e.description.endsWith(`${BASE}/fi/events/2`), e.description);
    assert.equal(e.url, `${BASE}/fi/events/2`);
    assert.equal(e.location, 'Teams');
    assert.ok(!res.text.includes('meetup-join'), 'the join link is for registrants only');
    // The long text was folded: more physical lines than logical ones.
    assert.ok(res.text.split('\r\n').some((l) => l.startsWith(' ')), 'folded lines');
  });

  it('keeps its UID and carries SEQUENCE and CANCELLED', async () => {
    sql('UPDATE event SET sequence = 7 WHERE id = 2');
    let { cal } = await ics('/en/events/2/calendar.ics');
    assert.equal(cal.events[0].sequence, 7);
    assert.equal(cal.events[0].uid, `event-2@${host()}`);
    ({ cal } = await ics(`/fi/events/${cancelledId}/calendar.ics`));
    assert.equal(cal.events[0].status, 'CANCELLED');
    assert.equal(cal.events[0].location, 'Sali / Teams');
    assert.ok(!cal.unfolded.includes('cancelled'), 'no join link in a public file');
  });

  it('is right in winter time, escapes the address and speaks the language asked', async () => {
    const { res, cal } = await ics(`/sv/events/${winterId}/calendar.ics`);
    assert.match(res.text, /DTSTART;TZID=Europe\/Helsinki:20300115T100000\r\n/);
    assert.equal(cal.events[0].start.toISOString(), '2030-01-15T08:00:00.000Z');
    assert.equal(cal.events[0].summary, 'Vinterkaffe');
    assert.equal(cal.events[0].location, 'Kirjasto, Kauppakatu 1; 2. krs');
    assert.match(res.text, /LOCATION:Kirjasto\\, Kauppakatu 1\\; 2\. krs\r\n/);
    assert.equal(cal.events[0].sequence, 4);
    // Summer time: the demo webinar (EEST, UTC+3).
    const { res: r2 } = await ics('/fi/events/1/calendar.ics');
    assert.match(r2.text, /DTSTART;TZID=Europe\/Helsinki:20211006T09\d{4}\r\n/);
  });

  it('hides drafts and network-only events from those who may not see them', async () => {
    const before = await snapshot(srv.db);
    for (const id of [draftId, networkId, 99999]) {
      const res = await request(`${srv.url}/fi/events/${id}/calendar.ics`);
      assert.equal(res.status, 404, `event ${id}`);
    }
    for (const bad of ['abc', '0', '-1', '01', '2x']) {
      const res = await request(`${srv.url}/fi/events/${bad}/calendar.ics`);
      assert.equal(res.status, 404, bad);
    }
    // A NUL in the path is refused before any route.
    assert.equal((await request(`${srv.url}/fi/events/2%00/calendar.ics`)).status, 400);
    assert.equal((await supporter.get(`/fi/events/${draftId}/calendar.ics`)).status, 404);
    const net = await supporter.get(`/fi/events/${networkId}/calendar.ics`);
    assert.equal(net.status, 200);
    assert.equal(net.headers['cache-control'], 'private, no-store');
    const cal = validateIcs(net.body);
    assert.ok(!cal.unfolded.includes('zoom.example.org/j/net'));
    const draft = await coord.get(`/fi/events/${draftId}/calendar.ics`);
    assert.equal(draft.status, 200);
    assert.equal(validateIcs(draft.body).events[0].status, 'TENTATIVE');
    assert.equal(diffSnapshots(before, await snapshot(srv.db)), '');
  });
});

describe("a registrant's calendar", () => {
  it('has the join link while the registration is confirmed', async () => {
    const reg = addRegistration(srv.db, { eventId: 2, name: 'Kalle Kalenteri', email: `kalle.${unique('k')}@example.fi` });
    const { res, cal } = await ics(`/fi/registrations/${reg.token}/calendar.ics`);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="event-2.ics"');
    const e = cal.events[0];
    assert.equal(e.url, JOIN);
    assert.equal(e.location, `Teams ${JOIN}`);
    assert.ok(e.description.includes(JOIN), e.description);
    assert.equal(e.uid, `event-2@${host()}`, 'the same entry as the public file');
    assert.ok(!res.text.includes('Kalle'), 'no personal data in the file');
  });

  it('has no join link for the waiting list or a cancelled registration', async () => {
    for (const status of ['waiting', 'cancelled', 'offered']) {
      const reg = addRegistration(srv.db, { eventId: 2, name: 'Odottaja', email: `w.${unique('w')}@example.fi`, status });
      const { cal } = await ics(`/fi/registrations/${reg.token}/calendar.ics`);
      assert.ok(!cal.unfolded.includes('meetup-join'), status);
      assert.equal(cal.events[0].url, `${BASE}/fi/events/2`);
      assert.equal(cal.method, null);
    }
  });

  it('says STATUS:CANCELLED once the registration is cancelled, declined or expired', async () => {
    for (const [status, want] of [['confirmed', 'CONFIRMED'], ['waiting', 'CONFIRMED'], ['cancelled', 'CANCELLED'], ['declined', 'CANCELLED'], ['expired', 'CANCELLED']]) {
      const reg = addRegistration(srv.db, { eventId: 2, name: 'Peruja', email: `p.${unique('p')}@example.fi`, status });
      const { cal } = await ics(`/fi/registrations/${reg.token}/calendar.ics`);
      assert.equal(cal.events[0].status, want, status);
      assert.equal(cal.vobject.events[0].status, want, status);
      assert.equal(cal.events[0].uid, `event-2@${host()}`, 'the same entry, so importing it takes the entry off');
    }
  });

  it('is 404 for unknown, malformed and erased tokens', async () => {
    const reg = addRegistration(srv.db, { eventId: 2, name: 'Poistettu', email: `e.${unique('e')}@example.fi` });
    sql(`UPDATE registration SET erased_at = 1 WHERE id = ${reg.id}`);
    const tokens = [reg.token, 'x'.repeat(43), 'short', `${'a'.repeat(42)}!`, '%C3%A4'.repeat(10)];
    for (const t of tokens) {
      const res = await request(`${srv.url}/fi/registrations/${t}/calendar.ics`);
      assert.equal(res.status, 404, t);
    }
  });
});

describe('feeds', () => {
  it('lists the public upcoming and recent events, never drafts, network-only or join links', async () => {
    const { res, cal } = await ics('/fi/events.ics');
    assert.match(res.headers['cache-control'], /public/);
    const uids = cal.events.map((e) => e.uid);
    assert.ok(uids.includes(`event-2@${host()}`));
    assert.ok(uids.includes(`event-${winterId}@${host()}`));
    assert.ok(uids.includes(`event-${cancelledId}@${host()}`), 'cancellations reach subscribers');
    assert.ok(uids.includes(`event-${longId}@${host()}`), 'an event begun before the window and not yet over');
    assert.ok(!uids.includes(`event-${draftId}@${host()}`));
    assert.ok(!uids.includes(`event-${networkId}@${host()}`));
    assert.ok(!uids.includes(`event-1@${host()}`), 'the 2021 webinar is long past');
    assert.ok(!cal.unfolded.includes('meetup-join') && !cal.unfolded.includes('zoom.example.org'));
    assert.match(cal.unfolded, /X-WR-CALNAME:Digitukiverkoston tapahtumat\r\n/);
    assert.equal(cal.method, null, 'a feed has no METHOD');
    assert.doesNotMatch(res.text, /^(METHOD|ORGANIZER)[:;]/m);
  });

  it("lists one municipality's events", async () => {
    const { cal } = await ics('/fi/municipalities/611/events.ics');
    assert.equal(cal.method, null, 'a feed has no METHOD');
    assert.deepEqual(cal.events.map((e) => e.uid), [`event-${winterId}@${host()}`]);
    assert.match(cal.unfolded, /X-WR-CALNAME:Tapahtumat: Pornainen\r\n/);
    const { cal: c2 } = await ics('/sv/municipalities/049/events.ics');
    assert.deepEqual(c2.events.map((e) => e.uid), [`event-2@${host()}`]);
    const { cal: c3 } = await ics('/en/municipalities/018/events.ics');
    assert.equal(c3.events.length, 0);
  });

  it('is 404 for an unknown or malformed municipality code', async () => {
    for (const code of ['999', 'abc', '61', '6111']) {
      const res = await request(`${srv.url}/fi/municipalities/${code}/events.ics`);
      assert.equal(res.status, 404, code);
    }
  });

  it('does not clash with the municipality pages', async () => {
    const res = await request(`${srv.url}/fi/municipalities/611`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /text\/html/);
  });
});

// A feed's bytes change only when an event does: DTSTAMP of a download is
// the event's last change, not the time of the request, so a calendar
// client polling with If-None-Match gets 304 (RFC 5545 3.8.7.2).
describe('a feed polled later', () => {
  it('is the same bytes and the same ETag a second later, rendered again', async () => {
    const s = await startServer({ args: ['--page-cache-ms', '0'] });
    try {
      const a = await request(`${s.url}/fi/events.ics`);
      await new Promise((r) => setTimeout(r, 1100));
      const b = await request(`${s.url}/fi/events.ics`);
      assert.equal(b.text, a.text);
      assert.equal(b.headers.etag, a.headers.etag);
      const c = await request(`${s.url}/fi/events.ics`, { headers: { 'if-none-match': a.headers.etag } });
      assert.equal(c.status, 304);
    } finally {
      await s.stop();
    }
  });
});
