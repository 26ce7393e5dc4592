// A registration waiting for its commit must not hold a worker thread:
// the form's POST is deferred (the connection suspended) until the group
// committer has saved it.  With four pool threads and the database's write
// lock held by another process, 100 registrations wait for the disk; the
// server must still answer other requests meanwhile, and every one of the
// 100 must be answered (303) once the lock is released, saved once each.
// With blocking handlers the four threads would all wait and /healthz
// would not be answered until the lock is gone.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from '../lib/server.mjs';
import { Client, sqlite, unique, holdWriteLock, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let eventId;
const q = (s) => sqlite(srv.db, s).trim();
const N = 100;
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

before(async () => {
  // 100 clients on one address: no per-address connection or
  // registration limit here.
  srv = await startServer({ args: [...PASSWORD_COST, '--threads', '4',
    '--connections-per-address', '0', '--registrations-per-address', '0'] });
  const start = Math.floor(Date.now() / 1000) + 10 * 86400;
  eventId = Number(q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, capacity, group_max) VALUES (1, 'webinar', 'Ruuhkawebinaari', ${start}, ${start + 3600}, 'published', 10, 1) RETURNING id;`));
});

after(async () => {
  await srv?.stop();
});

/** A visitor's form of event ev, loaded; returns a function that sends it. */
async function formOf(ev, email, name = `Erä ${email}`) {
  const c = new Client(srv.url);
  const res = await c.get(`/fi/events/${ev}/register`);
  assert.equal(res.status, 200);
  const fields = { csrf: /name="csrf" value="([^"]+)"/.exec(res.text)[1],
    submission: /name="submission" value="([^"]+)"/.exec(res.text)[1],
    name, email, group_size: '1' };
  return () => c.post(`/fi/events/${ev}/register`, fields);
}

/** The senders' forms saved in one batch: the first post (an opener of its
 * own) waits alone for the lock; the rest queue behind it and are saved
 * together once it is released.  The senders' answers. */
async function batchOf(ev, ...senders) {
  const opener = await formOf(ev, `avaaja.${unique('e')}@example.org`);
  const release = await holdWriteLock(srv.db);
  let posts;
  try {
    posts = [opener()];
    await new Promise((r) => setTimeout(r, 500));
    posts.push(...senders.map((send) => send()));
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await release();
  }
  const res = await Promise.all(posts);
  assert.equal(res[0].status, 303);
  return res.slice(1);
}

describe('registrations waiting for the disk do not hold the worker threads', () => {
  it(`answers /healthz while ${N} registrations wait, then answers all of them`, async () => {
    const visitors = [];
    for (let i = 0; i < N; i++) {
      const c = new Client(srv.url);
      const res = await c.get(`/fi/events/${eventId}/register`);
      assert.equal(res.status, 200);
      visitors.push({
        c,
        csrf: /name="csrf" value="([^"]+)"/.exec(res.text)[1],
        submission: /name="submission" value="([^"]+)"/.exec(res.text)[1],
        email: `defer${i}.${unique('d')}@example.org`,
      });
    }
    const release = await holdWriteLock(srv.db);
    let settled = 0;
    let posts;
    try {
      posts = visitors.map((v) => v.c.post(`/fi/events/${eventId}/register`, {
        csrf: v.csrf, submission: v.submission, name: `Odottaja ${v.email}`, email: v.email, group_size: '1',
      }).finally(() => { settled += 1; }));
      // Let the 100 reach the server and queue for the committer.
      await new Promise((r) => setTimeout(r, 700));
      const t0 = Date.now();
      const health = await Promise.race([
        request(`${srv.url}/healthz`),
        new Promise((_, reject) => setTimeout(() => reject(new Error('/healthz got no answer within 1.5 s: the registrations hold every worker thread')), 1500)),
      ]);
      assert.equal(health.status, 200);
      assert.equal(settled, 0, `no registration may be answered before its commit (${settled} were, after ${Date.now() - t0} ms)`);
    } finally {
      await release();
    }
    const res = await Promise.all(posts);
    for (const r of res) assert.equal(r.status, 303, r.text?.slice(0, 200));
    assert.equal(Number(q(`SELECT count(*) FROM registration WHERE event_id = ${eventId};`)), N, 'each saved once');
    assert.equal(Number(q(`SELECT count(*) FROM registration WHERE event_id = ${eventId} AND status = 'confirmed';`)), 10);
  });

  // The committer asks what exists for a whole batch before its first
  // item: what an earlier item of the same batch wrote must count too.
  it('in one batch: one registration per address, a submission sent twice saved once', async () => {
    const start = Math.floor(Date.now() / 1000) + 10 * 86400;
    const ev = Number(q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, capacity, group_max) VALUES (1, 'webinar', 'Eräwebinaari', ${start}, ${start + 3600}, 'published', 10, 1) RETURNING id;`));
    const form = (email, name) => formOf(ev, email, name);
    const batch = (...senders) => batchOf(ev, ...senders);

    // Two browsers, one address (in capitals in one).  Without a
    // duplicate submission in the batch: that would fail the batch on
    // its unique index and have each item saved alone.
    const email = `era.${unique('e')}@example.org`;
    const [a, c] = await batch(await form(email), await form(email.toUpperCase()));
    assert.deepEqual([a.status, c.status].sort(), [200, 303], 'one of the two browsers registered');
    assert.match(textOf(a.status === 200 ? a.text : c.text), /Uutta ilmoittautumista ei tehty/);
    assert.equal(q(`SELECT count(*) FROM registration WHERE event_id = ${ev} AND lower(email) = '${email}';`), '1');

    // One browser sending its form twice; a name with what an array
    // literal must escape (PostgreSQL writes a batch's rows as arrays).
    const name = 'Erä "lainaus" \\ {a,b} NULL';
    const twice = await form(`kahdesti.${unique('e')}@example.org`, name);
    const [x, y] = await batch(twice, twice);
    assert.equal(x.status, 303);
    assert.equal(y.status, 303);
    assert.equal(x.headers.location, y.headers.location, 'the same registration');
    assert.equal(q(`SELECT count(*) FROM registration WHERE event_id = ${ev};`), '4');
    assert.equal(q(`SELECT name FROM registration WHERE event_id = ${ev} AND email LIKE 'kahdesti.%';`), name);
  });

  // The committer reads the throttle rows of a whole batch before its
  // first item: an attempt an earlier item of the batch counted must
  // count too.  Eleven browsers, one address: the first registers, the
  // next nine are told they are registered already (each counted), and
  // the eleventh is over REG_PER_EMAIL (10) within the window.
  it('in one batch: the attempts per address count item by item', async () => {
    const start = Math.floor(Date.now() / 1000) + 10 * 86400;
    const ev = Number(q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, capacity, group_max) VALUES (1, 'webinar', 'Rajawebinaari', ${start}, ${start + 3600}, 'published', 10, 1) RETURNING id;`));
    const email = `raja.${unique('e')}@example.org`;
    const senders = [];
    for (let i = 0; i < 11; i++) senders.push(await formOf(ev, email));
    const res = await batchOf(ev, ...senders);
    const count = (s) => res.filter((r) => r.status === s).length;
    assert.deepEqual([count(303), count(200), count(429)], [1, 9, 1], res.map((r) => r.status).join(' '));
    assert.equal(q(`SELECT count(*) FROM registration WHERE event_id = ${ev} AND email = '${email}';`), '1');
  });
});
