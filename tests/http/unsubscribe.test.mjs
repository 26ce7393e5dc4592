// Reminder mail that a person can turn off carries List-Unsubscribe and
// List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 2369, RFC 8058)
// with a signed link of its own (#11 item 22): the reminders of actions
// and the tutors' weekly digest (`tukiverkko reminders --now`, the demo's
// programme), against the real binary with a mail spool.  GET on the link
// asks and changes nothing; the one-click POST (a mail program's: no
// cookie, no CSRF token, the body exactly List-Unsubscribe=One-Click)
// turns the reminders off, audited; the page's own form needs its CSRF
// token like any form; a tampered or foreign token is 404 and writes
// nothing; mail that cannot be turned off (a registration's) has no such
// header.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, request } from '../lib/server.mjs';
import { parseMessage } from '../lib/smtp-sink.mjs';
import {
  Client, cli, mailDrained, snapshot, diffSnapshots, sqlite, q, PASSWORD_COST,
} from '../lib/auth.mjs';

const BASE = 'https://tuki.example.org';
let srv;
let spool;
const sql = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** Every spooled message to `to`, parsed. */
function mailsTo(to) {
  return readdirSync(spool).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => parseMessage(readFileSync(path.join(spool, f))))
    .filter((m) => m.to.includes(to) || (m.headers.to ?? '').includes(to));
}

const runReminders = (day) => cli(undefined, ['reminders', '--now', day, '--db', srv.db, '--base-url', BASE]).stdout.trim();
const accountId = (email) => Number(sql(`SELECT id FROM account WHERE email = ${q(email)};`));
const notify = (email) => sql(`SELECT notify FROM account WHERE email = ${q(email)};`);

/** The opt-out link of a message: its path, checked against the headers. */
function optOut(m) {
  const lu = m.headers['list-unsubscribe'];
  assert.ok(lu, `no List-Unsubscribe in "${m.subject}"`);
  const url = /^<(https:\/\/tuki\.example\.org(\/(fi|sv|en)\/unsubscribe\/([0-9]+)\.[A-Za-z0-9_-]{43}))>$/.exec(lu);
  assert.ok(url, `List-Unsubscribe: ${lu}`);
  assert.equal(m.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
  return { path: url[2], lang: url[3], id: Number(url[4]) };
}

/** The one-click POST a mail program sends: no cookie, no token. */
const oneClick = (p, body = 'List-Unsubscribe=One-Click') => request(srv.url + p, {
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body,
});

let digest;
let reminder;

before(async () => {
  spool = mkdtempSync(path.join(tmpdir(), 'tukiverkko-unsub-'));
  srv = await startServer({ args: [...PASSWORD_COST, '--mail-spool', spool, '--base-url', BASE] });
  // Wednesday 8 December 2021: the demo's action due 15.12. (owned by
  // the coordinator of Pornainen) is due soon; the weekly digests of the
  // demo's tutors.
  assert.match(runReminders('2021-12-08'), /due soon 1, .*weekly digests [1-9]/);
  await mailDrained(srv.db);
  [digest] = mailsTo('tutor.helsinki@example.fi');
  [reminder] = mailsTo('pornainen@example.fi');
});

after(async () => {
  await srv?.stop();
  if (spool) rmSync(spool, { recursive: true, force: true });
});

describe('the headers', () => {
  it('the weekly digest and an action reminder carry their own one-click opt-out link', () => {
    assert.ok(digest, 'the digest was sent');
    assert.ok(reminder, 'the reminder was sent');
    const d = optOut(digest);
    const r = optOut(reminder);
    assert.equal(d.id, accountId('tutor.helsinki@example.fi'));
    assert.equal(r.id, accountId('pornainen@example.fi'));
    assert.notEqual(d.path, r.path);
    assert.equal(digest.headers['content-language'], d.lang);
  });

  it('mail that cannot be turned off has none (a password reset)', async () => {
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/password/forgot');
    await c.post('/fi/password/forgot', { email: 'pornainen@example.fi' });
    await mailDrained(srv.db);
    const reset = mailsTo('pornainen@example.fi').find((m) => /salasana/i.test(m.subject));
    assert.ok(reset, 'the reset was sent');
    assert.equal(reset.headers['list-unsubscribe'], undefined);
    assert.equal(reset.headers['list-unsubscribe-post'], undefined);
  });
});

describe('the link', () => {
  it('GET asks, and changes nothing (a link scanner may open it)', async () => {
    const { path: p } = optOut(digest);
    const res = await unchanged(() => request(srv.url + p));
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.text, /<form method="post" action="\/fi\/unsubscribe\/[0-9]+\.[A-Za-z0-9_-]{43}">/);
    assert.match(textOf(res.text), /Lopeta muistutusviestit/);
    assert.ok(!res.text.includes('tutor.helsinki@example.fi'), 'the address is not shown');
    assert.equal(notify('tutor.helsinki@example.fi'), '1');
  });

  it('a tampered or foreign token is 404 and writes nothing', async () => {
    const { path: p, id } = optOut(digest);
    const mac = p.split('.').pop();
    const flipped = p.slice(0, -1) + (p.endsWith('A') ? 'B' : 'A');
    const other = p.replace(`/${id}.`, `/${accountId('pornainen@example.fi')}.`);
    const bad = [flipped, other, p.replace(`/${id}.`, `/0${id}.`), `/fi/unsubscribe/${id}.${mac.slice(1)}`, `/fi/unsubscribe/x.${mac}`];
    await unchanged(async () => {
      for (const b of bad) {
        assert.equal((await request(srv.url + b)).status, 404, b);
        assert.equal((await oneClick(b)).status, 404, b);
      }
    });
  });

  it('a POST with anything but exactly List-Unsubscribe=One-Click needs a CSRF token', async () => {
    const { path: p } = optOut(digest);
    await unchanged(async () => {
      for (const body of ['', 'List-Unsubscribe=One-Click&x=1', 'List-Unsubscribe=Yes', 'x=1&List-Unsubscribe=One-Click', 'csrf=abc']) {
        assert.equal((await oneClick(p, body)).status, 403, body);
      }
    });
    assert.equal(notify('tutor.helsinki@example.fi'), '1');
  });

  it('the one-click POST turns the reminders off, audited, and the next digest does not come', async () => {
    const { path: p, id } = optOut(digest);
    const res = await oneClick(p);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.match(textOf(res.text), /Muistutusviestit on nyt lopetettu/);
    assert.equal(notify('tutor.helsinki@example.fi'), '0');
    assert.equal(sql(`SELECT action || '|' || detail FROM audit_log WHERE account_id = ${id} ORDER BY id DESC LIMIT 1;`), 'account.notify|off (e-mail link)');
    // Again: nothing more happens.
    const again = await unchanged(() => oneClick(p));
    assert.equal(again.status, 200);
    assert.match(textOf((await request(srv.url + p)).text), /Muistutusviestit on jo lopetettu/);
    // A week later the digest goes to the other tutors only.
    const before = mailsTo('tutor.helsinki@example.fi').length;
    runReminders('2021-12-15');
    await mailDrained(srv.db);
    assert.equal(mailsTo('tutor.helsinki@example.fi').length, before);
  });

  it("the page's own form works with its CSRF token and redirects", async () => {
    const { path: p } = optOut(reminder);
    const c = new Client(srv.url);
    await c.loadCsrf(p);
    const res = await c.post(p, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${p}?done=off`);
    assert.equal(notify('pornainen@example.fi'), '0');
    assert.match(textOf((await c.get(res.headers.location)).text), /Muistutusviestit on nyt lopetettu/);
  });
});
