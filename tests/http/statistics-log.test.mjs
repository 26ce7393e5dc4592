// The encounter log under concurrency (src/statistics/committer.c, the
// group committer): 200 encounters posted by 16 clients at once, four
// sessions each of a supporter of one point, two other supporters and a
// coordinator, so that batches mix points, municipalities and recorders.
// Every encounter answered 303 is stored exactly once with what was sent,
// and the roll-ups (by point and by municipality) equal a brute-force
// recount; "undo last" afterwards takes back each account's own latest
// one and keeps them equal.  No timing thresholds: bench/statistics
// measures the throughput.  The same file runs on PostgreSQL in http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, addUser, signIn, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';
import { rollups, recount } from '../lib/encounter-rollups.mjs';

const POSTS = 200;
const CLIENTS = 16;

let srv;
const q = (s) => sqlite(srv.db, s).trim();
const who = [];

/** Helsinki's date n days ago (the form's date field). */
function helsinkiDate(daysAgo) {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(new Date(Date.now() - daysAgo * 86400000));
}

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--connections-per-address', '0'] });
  const point = (code) => Number(q(`SELECT min(id) FROM service_point WHERE municipality_code = '${code}' AND status = 'active'`));
  const pts = [point('611'), point('224'), point('091')];
  assert.ok(pts.every((p) => p > 0));
  const accounts = [
    ['supporter', { scopes: [String(pts[0])] }, [pts[0]]],
    ['supporter', { scopes: [String(pts[1])] }, [pts[1]]],
    ['supporter', { scopes: [String(pts[2])] }, [pts[2]]],
    ['coordinator', {}, pts],
  ];
  for (const [role, opts, points] of accounts) {
    const u = addUser(srv, `log.${unique('c')}@example.fi`, role, opts);
    const c = await signIn(srv.url, u.email, u.password);
    who.push({ id: u.id, client: c, points });
  }
});

after(async () => {
  await srv?.stop();
});

/** The i-th encounter: its head-count i + 1 marks it. */
function encounter(i) {
  const w = who[i % who.length];
  const topics = ['banking', 'identification', 'kela', 'health', 'taxes', 'video-calls'];
  return {
    w,
    point: w.points[i % w.points.length],
    form: ['drop-in', 'appointment', 'phone', 'remote'][i % 4],
    language: ['fi', 'sv', 'en'][i % 3],
    topics: [topics[i % 6], ...(i % 3 === 0 ? [topics[(i + 1) % 6]] : [])],
    people: i + 1,
    date: helsinkiDate(1 + (i % 20)),
    hour: String(i % 24),
  };
}

function post(e) {
  const body = new URLSearchParams({
    point: String(e.point), support_form: e.form, duration: '10-30', age: 'unknown', language: e.language,
    outcome: 'resolved', people: String(e.people), date: e.date, hour: e.hour, csrf: e.w.client.csrf,
  });
  for (const t of e.topics) body.append('topic', t);
  // A client of its own per connection, with the account's session.
  const c = new Client(srv.url, { cookies: e.w.client.cookies });
  return c.req('/fi/staff/encounters', {
    method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('the log under concurrency', () => {
  it('stores every acknowledged encounter once, with roll-ups equal to a recount', async () => {
    const sent = Array.from({ length: POSTS }, (_, i) => encounter(i));
    let next = 0;
    const statuses = [];
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < POSTS) {
        const e = sent[next++];
        const res = await post(e);
        statuses.push(res.status);
        assert.equal(res.status, 303, res.text.slice(0, 500));
        assert.equal(res.headers.location, `/fi/staff/encounters?point=${e.point}&done=saved`);
      }
    }));
    assert.equal(statuses.length, POSTS);
    // Each one by its head-count: there once, where and what it was.
    const stored = q("SELECT people, point_id, form, language, recorded_by, (SELECT count(*) FROM encounter_topic t "
      + "WHERE t.encounter_id = e.id) FROM encounter e WHERE source = 'log' ORDER BY people, id").split('\n');
    assert.deepEqual(stored, sent.map((e) => [e.people, e.point, e.form, e.language, e.w.id, e.topics.length].join('|')));
    assert.deepEqual(rollups(q), recount(q));
  });

  it('undoes each account\'s own latest encounter, the roll-ups still equal', async () => {
    for (const w of who) {
      const last = q(`SELECT max(id) FROM encounter WHERE recorded_by = ${w.id}`);
      const res = await w.client.post('/fi/staff/encounters/undo', {});
      assert.equal(res.status, 303);
      assert.equal(q(`SELECT count(*) FROM encounter WHERE id = ${last}`), '0');
    }
    assert.equal(q("SELECT count(*) FROM encounter WHERE source = 'log'"), String(POSTS - who.length));
    assert.deepEqual(rollups(q), recount(q));
  });
});
