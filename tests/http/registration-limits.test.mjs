// The public registration form's limits against the real binary and an SMTP
// sink (#11 item 4): registrations per client address (the setting
// registrations_per_address, here 3) and per e-mail address
// (REG_PER_EMAIL = 10) in 15 minutes, checked and counted by the group
// committer inside its write transaction (a burst of parallel posts gets
// exactly the allowed number), 429 with Retry-After and nothing written
// past them; signed-in accounts are not counted per address; one active
// registration per e-mail address and event (a second attempt makes
// nothing and mails the existing link to the address, never showing it on
// the page); and account mail (a password reset) goes out before a queue
// of other mail.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import {
  Client, addUser, signIn, snapshot, diffSnapshots, sqlite, q, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

const PER_ADDRESS = 3;
const PER_EMAIL = 10;
let srv;
let sink;
let coord;
const sql = (s) => sqlite(srv.db, s).trim();
const FUTURE = Math.floor(Date.now() / 1000) + 20 * 86400;
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

/** A published webinar in 20 days with plenty of seats and no questions. */
function makeEvent(capacity = 50) {
  return Number(sql(`INSERT INTO event (region_id, kind, title_fi, title_en, starts_at, ends_at, status, capacity, group_max, platform, join_url)
    VALUES (1, 'webinar', ${q(`Rajoitettu ${unique('e')}`)}, 'Limited', ${FUTURE}, ${FUTURE + 3600}, 'published', ${capacity}, 1, 'Zoom', 'https://zoom.example.org/j/1') RETURNING id;`));
}

/** Loads the form as c and posts it with the given e-mail address. */
async function register(c, eventId, email, extra = {}) {
  const page = await c.get(`/fi/events/${eventId}/register`);
  assert.equal(page.status, 200, page.text.slice(0, 300));
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
  const submission = /name="submission" value="([^"]+)"/.exec(page.text)[1];
  return c.post(`/fi/events/${eventId}/register`, {
    csrf, submission, name: 'Rajoitettu Rekisteröityjä', email, group_size: '1', ...extra,
  });
}

/** Forgets the counts of the registration form (a new window). */
const resetCounts = () => sql("DELETE FROM throttle WHERE key LIKE 'register:%';");

async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({
    args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', 'https://tuki.example.org',
      '--registrations-per-address', String(PER_ADDRESS)],
  });
  const c = addUser(srv, `coord.${unique('c')}@example.fi`, 'coordinator', { name: 'Koordinaattori' });
  coord = await signIn(srv.url, c.email, c.password);
});

after(async () => {
  await srv?.stop();
  await sink?.stop();
});

describe('per client address', () => {
  it('takes registrations_per_address in 15 minutes, then 429 with Retry-After and nothing written', async () => {
    resetCounts();
    const id = makeEvent();
    for (let i = 0; i < PER_ADDRESS; i++) {
      const res = await register(new Client(srv.url), id, `addr${i}.${unique('a')}@example.org`);
      assert.equal(res.status, 303, res.text.slice(0, 300));
    }
    const c = new Client(srv.url);
    const email = `over.${unique('o')}@example.org`;
    // The form itself still loads; only sending it is refused.
    const page = await c.get(`/fi/events/${id}/register`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    const submission = /name="submission" value="([^"]+)"/.exec(page.text)[1];
    const res = await unchanged(() => c.post(`/fi/events/${id}/register`, {
      csrf, submission, name: 'Liikaa', email, group_size: '1',
    }));
    assert.equal(res.status, 429);
    const wait = Number(res.headers['retry-after']);
    assert.ok(Number.isInteger(wait) && wait > 0 && wait <= 900, `Retry-After: ${res.headers['retry-after']}`);
    assert.match(textOf(res.text), /liian monta ilmoittautumista/);
    assert.equal(sql(`SELECT count(*) FROM registration WHERE email = ${q(email)};`), '0');
    assert.equal(sql(`SELECT count(*) FROM mail_outbox WHERE to_addr = ${q(email)};`), '0');
  });

  it('counts a burst of parallel posts exactly: the committer checks and counts in its transaction', async () => {
    resetCounts();
    const id = makeEvent();
    const visitors = [];
    for (let i = 0; i < 8; i++) {
      const c = new Client(srv.url);
      const page = await c.get(`/fi/events/${id}/register`);
      visitors.push({
        c,
        csrf: /name="csrf" value="([^"]+)"/.exec(page.text)[1],
        submission: /name="submission" value="([^"]+)"/.exec(page.text)[1],
        email: `burst${i}.${unique('b')}@example.org`,
      });
    }
    const answers = await Promise.all(visitors.map((v) => v.c.post(`/fi/events/${id}/register`, {
      csrf: v.csrf, submission: v.submission, name: 'Ryntäys', email: v.email, group_size: '1',
    })));
    const codes = answers.map((r) => r.status).sort();
    assert.deepEqual(codes, [...Array(PER_ADDRESS).fill(303), ...Array(8 - PER_ADDRESS).fill(429)]);
    assert.equal(sql(`SELECT count(*) FROM registration WHERE event_id = ${id};`), String(PER_ADDRESS));
  });

  it('does not count signed-in accounts per address', async () => {
    // The address is over its limit from the test before.
    const id = makeEvent();
    for (let i = 0; i < PER_ADDRESS + 2; i++) {
      const res = await register(coord, id, `staff${i}.${unique('t')}@example.fi`);
      assert.equal(res.status, 303, `registration ${i + 1}: ${res.status}`);
    }
  });
});

describe('per e-mail address', () => {
  it(`takes ${PER_EMAIL} registrations for one address in 15 minutes, across events`, async () => {
    const email = `Many.${unique('m')}@Example.org`;
    for (let i = 0; i < PER_EMAIL; i++) {
      const res = await register(coord, makeEvent(), i % 2 ? email : email.toLowerCase());
      assert.equal(res.status, 303, `registration ${i + 1}: ${res.status}`);
    }
    const id = makeEvent();
    const res = await unchanged(async () => {
      const page = await coord.get(`/fi/events/${id}/register`);
      const submission = /name="submission" value="([^"]+)"/.exec(page.text)[1];
      return coord.post(`/fi/events/${id}/register`, { submission, name: 'Yksi liikaa', email, group_size: '1' });
    });
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.equal(sql(`SELECT count(*) FROM registration WHERE event_id = ${id};`), '0');
  });
});

describe('one active registration per e-mail address and event', () => {
  it('makes no second one and mails the existing link to the address, without showing it', async () => {
    resetCounts();
    const id = makeEvent();
    const email = `kahdesti.${unique('k')}@example.org`;
    const first = await register(new Client(srv.url), id, email);
    assert.equal(first.status, 303);
    const token = /\/registrations\/([A-Za-z0-9_-]{43})$/.exec(first.headers.location)[1];
    await sink.waitFor((m) => m.to.includes(email) && /vahvistettu/.test(m.subject), 15000);

    // Someone else (another browser) types the same address in capitals.
    const other = new Client(srv.url);
    const again = await register(other, id, email.toUpperCase(), { name: 'Joku Muu' });
    assert.equal(again.status, 200, again.text.slice(0, 300));
    assert.equal(again.headers['cache-control'], 'no-store');
    assert.ok(!again.text.includes(token), 'the existing link is not on the page');
    assert.doesNotMatch(again.text, /\/registrations\//);
    assert.doesNotMatch(again.text, /Rajoitettu Rekisteröityjä/, 'nor the registrant\'s name');
    assert.match(textOf(again.text), /Uutta ilmoittautumista ei tehty/);
    assert.equal(sql(`SELECT count(*) FROM registration WHERE event_id = ${id};`), '1');
    assert.equal(sql(`SELECT name FROM registration WHERE event_id = ${id};`), 'Rajoitettu Rekisteröityjä');

    // The address gets the link to its registration.
    const m = await sink.waitFor((x) => x.to.includes(email) && /^Olet jo ilmoittautunut: /.test(x.subject), 15000);
    assert.ok(m.text.includes(`https://tuki.example.org/fi/registrations/${token}`), m.text);
    assert.match(m.text, /^Hei Rajoitettu Rekisteröityjä,/);
    assert.match(m.text, /Joku, luultavasti sinä itse, yritti ilmoittautua/);

    // Once a window however often someone tries; each try still counts.
    const third = await register(new Client(srv.url), id, email);
    assert.equal(third.status, 200);
    assert.equal(sql(`SELECT count(*) FROM mail_outbox WHERE to_addr = ${q(email)} AND dedupe_key LIKE 'reg:%:again:%';`), '1');
    assert.equal(sql(`SELECT count(*) FROM registration WHERE event_id = ${id};`), '1');

    // Cancelled, the address may register again.
    const reg = new Client(srv.url);
    const cancelPage = await reg.get(`/fi/registrations/${token}/cancel`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(cancelPage.text)[1];
    assert.equal((await reg.post(`/fi/registrations/${token}/cancel`, { csrf })).status, 303);
    resetCounts();
    const fresh = await register(new Client(srv.url), id, email);
    assert.equal(fresh.status, 303);
    assert.notEqual(fresh.headers.location, first.headers.location);
    assert.equal(sql(`SELECT count(*) FROM registration WHERE event_id = ${id} AND status = 'confirmed';`), '1');
  });

  it('a refused form (400) counts nothing', async () => {
    resetCounts();
    const id = makeEvent();
    await unchanged(async () => {
      for (let i = 0; i < PER_ADDRESS + 1; i++) {
        const res = await register(new Client(srv.url), id, 'not-an-address');
        assert.equal(res.status, 400);
      }
    });
  });
});

describe('account mail first', () => {
  it('a password reset overtakes a queue of other mail', async () => {
    const BULK = 200;
    const user = addUser(srv, `kiire.${unique('r')}@example.fi`, 'supporter');
    // A queue of ordinary messages, all due now (as after a flood of
    // registrations); the job sends 20 a second.
    const msg = 'From: t@example.org\r\nTo: bulk@example.org\r\nSubject: Bulk\r\nMessage-ID: <b@example.org>\r\n\r\nbulk\r\n';
    sql(`INSERT INTO mail_outbox (to_addr, subject, body, created_at, message, status, next_attempt_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BULK})
      SELECT 'bulk' || i || '@example.org', 'Bulk', 'bulk', 0, ${q(msg)}, 'pending', 0 FROM n;`);
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/password/forgot');
    const res = await c.post('/fi/password/forgot', { email: user.email });
    assert.equal(res.status, 303);
    await sink.waitFor((m) => m.to.includes(user.email), 20000);
    const all = sink.messages();
    const at = all.findIndex((m) => m.to.includes(user.email));
    const bulkBefore = all.slice(0, at).filter((m) => /^bulk\d+@/.test(m.to[0])).length;
    assert.ok(bulkBefore < 60, `${bulkBefore} of ${BULK} queued messages went out before the reset`);
    assert.equal(sql(`SELECT priority FROM mail_outbox WHERE to_addr = ${q(user.email)};`), '0');
  });
});
