// Many registrations at once against a small capacity, through the real
// form flow (CSRF cookie and token, one-time submission id): never
// oversold, every acknowledged registration saved once (double
// submissions included), the waiting list in the order the registrations
// were acknowledged, and the waiting list moving on when a seat is freed
// and when an offer expires (the server's offers job), each step with its
// message in the SMTP sink.  No timing thresholds: this checks
// correctness under concurrency, the benchmark (bench/rush) measures.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, onPg } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import { Client, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let sink;
let eventId;
const q = (s) => sqlite(srv.db, s).trim();
const CAPACITY = 5;

/** Loads the form as a new visitor: { c, csrf, submission, email }. */
async function visitor(i) {
  const c = new Client(srv.url);
  const res = await c.get(`/fi/events/${eventId}/register`);
  assert.equal(res.status, 200);
  return {
    c,
    csrf: /name="csrf" value="([^"]+)"/.exec(res.text)[1],
    submission: /name="submission" value="([^"]+)"/.exec(res.text)[1],
    email: `rush${i}.${unique('r')}@example.org`,
  };
}

function send(v) {
  return v.c.post(`/fi/events/${eventId}/register`, {
    csrf: v.csrf, submission: v.submission, name: `Ruuhka ${v.email}`, email: v.email, group_size: '1',
  });
}

/** Statuses and waiting places by e-mail. */
function rows() {
  const out = new Map();
  for (const line of q(`SELECT email || '|' || status || '|' || COALESCE(waiting_seq, 0) FROM registration WHERE event_id = ${eventId};`).split('\n')) {
    const [email, status, seq] = line.split('|');
    out.set(email, { status, seq: Number(seq) });
  }
  return out;
}

before(async () => {
  sink = await startSmtpSink();
  // The whole rush comes from 127.0.0.1: no per-address registration limit.
  srv = await startServer({ args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', 'https://tuki.example.org', '--registrations-per-address', '0'] });
  const start = Math.floor(Date.now() / 1000) + 10 * 86400;
  eventId = Number(q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, capacity, group_max, offer_hours) VALUES (1, 'webinar', 'Suosittu webinaari', ${start}, ${start + 3600}, 'published', ${CAPACITY}, 1, 1) RETURNING id;`));
});

after(async () => {
  await srv?.stop();
  await sink?.stop();
});

describe('a rush of 60 registrations for 5 seats', () => {
  const first = [];
  const second = [];
  const tokens = new Map();

  it('assigns exactly 5 seats and queues the rest, once each, in the order acknowledged', async () => {
    for (let i = 0; i < 30; i++) first.push(await visitor(i));
    for (let i = 30; i < 60; i++) second.push(await visitor(i));
    // Wave one: 30 at once, ten of them sent twice (a double click).
    const r1 = await Promise.all([...first.map(send), ...first.slice(0, 10).map(send)]);
    for (const res of r1) assert.equal(res.status, 303, res.text.slice(0, 200));
    for (let i = 0; i < 10; i++) {
      assert.equal(r1[30 + i].headers.location, r1[i].headers.location, 'a double submission lands on the same registration');
    }
    // Wave two only after every answer of wave one.
    const r2 = await Promise.all(second.map(send));
    for (const res of r2) assert.equal(res.status, 303);
    [...first, ...second].forEach((v, i) => tokens.set(v.email, /([A-Za-z0-9_-]{43})$/.exec((i < 30 ? r1[i] : r2[i - 30]).headers.location)[1]));

    const all = rows();
    assert.equal(all.size, 60, 'one registration per visitor');
    const confirmed = [...all.values()].filter((r) => r.status === 'confirmed');
    const waiting = [...all.values()].filter((r) => r.status === 'waiting');
    assert.equal(confirmed.length, CAPACITY, 'exactly the capacity confirmed');
    assert.equal(waiting.length, 60 - CAPACITY);
    assert.deepEqual(waiting.map((r) => r.seq).sort((a, b) => a - b), Array.from({ length: 55 }, (_, i) => i + 1),
      'places 1..55, no gaps, no two the same');
    // Everyone acknowledged in wave one is ahead of everyone in wave two.
    for (const v of second) assert.equal(all.get(v.email).status, 'waiting', 'the seats went to wave one');
    const lastOfFirst = Math.max(...first.map((v) => all.get(v.email).seq));
    const firstOfSecond = Math.min(...second.map((v) => all.get(v.email).seq));
    assert.ok(lastOfFirst < firstOfSecond, `wave one (up to ${lastOfFirst}) ahead of wave two (from ${firstOfSecond})`);
    assert.equal(Number(q(`SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE 'reg:%' AND to_addr LIKE 'rush%';`)), 60, 'one message each');
  });

  it('every registrant gets one message: the confirmation or their place in the queue', async () => {
    const all = rows();
    for (const v of [...first, ...second]) {
      const m = await sink.waitFor((x) => x.to.includes(v.email), 20000);
      if (all.get(v.email).status === 'confirmed') assert.match(m.subject, /^Ilmoittautuminen vahvistettu/);
      else {
        assert.match(m.subject, /^Jonossa/);
        assert.match(m.text, new RegExp(`Olet jonossa sijalla ${all.get(v.email).seq}\\.`));
      }
    }
  });

  it('a cancellation offers the seat to #1; when the offer expires, the job passes it to #2', async () => {
    const all = rows();
    const byPlace = [...first, ...second].filter((v) => all.get(v.email).status === 'waiting')
      .sort((a, b) => all.get(a.email).seq - all.get(b.email).seq);
    const seated = first.find((v) => all.get(v.email).status === 'confirmed');
    const [n1, n2] = byPlace;
    const res = await seated.c.post(`/fi/registrations/${tokens.get(seated.email)}/cancel`, { csrf: seated.csrf });
    assert.equal(res.status, 303);
    assert.equal(rows().get(n1.email).status, 'offered');
    assert.equal(rows().get(n2.email).status, 'waiting');
    const offer = await sink.waitFor((x) => x.to.includes(n1.email) && /paikka/.test(x.subject), 20000);
    assert.ok(offer.text.includes(`/fi/registrations/${tokens.get(n1.email)}`));
    assert.equal(Number(q(`SELECT sum(group_size) FROM registration WHERE event_id = ${eventId} AND status IN ('confirmed', 'offered');`)), CAPACITY);

    q(`UPDATE registration SET offer_expires_at = ${Math.floor(Date.now() / 1000) - 1} WHERE email = '${n1.email}';`);
    const until = Date.now() + 20000;
    while (rows().get(n1.email).status === 'offered' && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    assert.equal(rows().get(n1.email).status, 'expired', 'the job expired the offer');
    assert.equal(rows().get(n2.email).status, 'offered', 'and offered the seat to #2');
    await sink.waitFor((x) => x.to.includes(n2.email) && /paikka/.test(x.subject), 20000);
    assert.equal(Number(q(`SELECT sum(group_size) FROM registration WHERE event_id = ${eventId} AND status IN ('confirmed', 'offered');`)), CAPACITY);
    // #2 accepts; the event is full again with nobody offered.
    const n2res = await n2.c.post(`/fi/registrations/${tokens.get(n2.email)}/accept`, { csrf: n2.csrf });
    assert.equal(n2res.headers.location, `/fi/registrations/${tokens.get(n2.email)}?done=accepted`);
    assert.equal(Number(q(`SELECT count(*) FROM registration WHERE event_id = ${eventId} AND status = 'confirmed';`)), CAPACITY);
  });

  // The writer analyses the registration table when its ids have doubled
  // since its first batch (at least 32; registration.c's reg_stats()): the
  // plans every connection keeps, the foreign key checks' among them, are
  // then made again for the table's size.  The demo's registrations come
  // first, so the test registers until the ids have doubled since the
  // rush's first, and then one more, whose batch starts past the double.
  // ANALYZE by hand counts in analyze_count, autovacuum's apart.
  it('on PostgreSQL the writer has the grown registration table analysed', { skip: !onPg && 'SQLite run' }, async () => {
    const stat = (sql) => Number(q(sql));
    const base = Math.max(stat(`SELECT min(id) FROM registration WHERE event_id = ${eventId};`), 32);
    const more = await Promise.all(Array.from({ length: Math.max(0, 2 * base - stat('SELECT max(id) FROM registration;')) },
      (_, i) => visitor(100 + i)));
    for (const res of await Promise.all(more.map(send))) assert.equal(res.status, 303);
    const last = await visitor(99);
    assert.equal((await send(last)).status, 303);
    assert.ok(stat('SELECT analyze_count FROM pg_stat_user_tables WHERE relname = \'registration\';') >= 1, 'analysed');
    assert.ok(stat('SELECT reltuples FROM pg_class WHERE relname = \'registration\';') > base,
      'the statistics of the grown table');
  });
});
