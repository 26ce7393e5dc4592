// Looking for a lost wake-up between a deferred registration (the form's
// POST suspends its connection, request_defer()) and the group committer
// that resumes it (request_resume()), issue #13 item 6: once, under load,
// an outside client saw registration POSTs answered by nobody until the
// idle timeout closed them.  Here many short rushes run against a server
// with a single pool thread, so that the committer's resume races the
// handler's own suspend as often as it can: in every round every POST must
// be answered (a lost wake-up would leave one waiting until the client's
// timeout), each registration saved once, the seats exact.  Then a rush
// is cut by SIGKILL and the server started again on the same database:
// every registration that was acknowledged is there.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { Client, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';

const ROUNDS = 20;
const PER_ROUND = 30;
const CAPACITY = 4;
let srv;
const q = (s) => sqlite(srv.db, s).trim();
const args = [...PASSWORD_COST, '--threads', '1', '--connections-per-address', '0',
  '--registrations-per-address', '0'];

function makeEvent() {
  const start = Math.floor(Date.now() / 1000) + 10 * 86400;
  return Number(q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, capacity, group_max) VALUES (1, 'webinar', 'Stressiwebinaari ${unique('s')}', ${start}, ${start + 3600}, 'published', ${CAPACITY}, 1) RETURNING id;`));
}

/** PER_ROUND visitors with their forms loaded. */
async function visitors(base, eventId) {
  return Promise.all(Array.from({ length: PER_ROUND }, async (_, i) => {
    const c = new Client(base);
    const res = await c.get(`/fi/events/${eventId}/register`);
    assert.equal(res.status, 200);
    return {
      c,
      csrf: /name="csrf" value="([^"]+)"/.exec(res.text)[1],
      submission: /name="submission" value="([^"]+)"/.exec(res.text)[1],
      email: `stress${i}.${unique('x')}@example.org`,
    };
  }));
}

const send = (v, eventId) => v.c.post(`/fi/events/${eventId}/register`, {
  csrf: v.csrf, submission: v.submission, name: 'Stressitesti', email: v.email, group_size: '1',
});

before(async () => {
  srv = await startServer({ args });
});

after(async () => {
  await srv?.stop({ allowSignal: true });
});

describe('many short rushes on one pool thread', () => {
  it(`${ROUNDS} rushes of ${PER_ROUND}: every POST answered, saved once, seats exact`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const eventId = makeEvent();
      const vs = await visitors(srv.url, eventId);
      const res = await Promise.all(vs.map((v) => send(v, eventId)));
      for (const r of res) assert.equal(r.status, 303, `round ${round}: ${r.text?.slice(0, 200)}`);
      assert.equal(q(`SELECT count(*) || '/' || count(DISTINCT email) || '/' || sum(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END) FROM registration WHERE event_id = ${eventId};`),
        `${PER_ROUND}/${PER_ROUND}/${CAPACITY}`, `round ${round}`);
    }
  });

  it('a rush cut by SIGKILL: after a restart every acknowledged registration is there', async () => {
    const eventId = makeEvent();
    const vs = await visitors(srv.url, eventId);
    const acked = [];
    let killed = false;
    const posts = vs.map((v) => send(v, eventId).then((r) => {
      if (r.status === 303) acked.push(v.email);
      if (acked.length >= PER_ROUND / 3 && !killed) {
        killed = true;
        srv.kill('SIGKILL');
      }
      return r;
    }, () => null));	// cut off by the kill: no answer, nothing promised
    await Promise.all(posts);
    assert.ok(killed, 'the server was killed mid-rush');
    await srv.stop({ allowSignal: true, keepDir: true });
    const { dir } = srv;
    srv = await startServer({ db: srv.db, args });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const saved = new Set(q(`SELECT email FROM registration WHERE event_id = ${eventId};`).split('\n').filter(Boolean));
    for (const e of acked) assert.ok(saved.has(e), `${e} was acknowledged and is missing after the restart`);
    // Every row is whole: a seat or a place in one unbroken queue.
    assert.equal(q(`SELECT count(*) FROM registration WHERE event_id = ${eventId} AND status = 'confirmed';`),
      String(Math.min(CAPACITY, saved.size)));
  });
});
