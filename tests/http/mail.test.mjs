// Outgoing e-mail against the real binary: a password-reset message goes
// through an SMTP relay (tests/lib/smtp-sink.mjs) as proper MIME, the queue
// survives a crash without sending anything twice, a message queued while
// the relay is down or refusing arrives exactly once when it is back, and
// without a relay the spool directory still gets the message.
//
//   TUKIVERKKO_BIN=build/tukiverkko node --test --test-concurrency=1 tests/http/mail.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';

import { spawnSync } from 'node:child_process';

import { startServer, serverBin } from '../lib/server.mjs';
import { PASSWORD_COST, addUser, sqlite, q, unique, Client } from '../lib/auth.mjs';
import { startSmtpSink, parseMessage } from '../lib/smtp-sink.mjs';

const BASE_URL = 'https://tukiverkko.example';
const LINK = /https:\/\/tukiverkko\.example\/fi\/password\/set\?token=([A-Za-z0-9_-]{43})/;
// Retries after a second or so instead of a minute.
const ENV = { TUKIVERKKO_MAIL_RETRY_BASE_MS: '200' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function forgot(srv, email) {
  const c = new Client(srv.url);
  await c.loadCsrf('/fi/password/forgot');
  const res = await c.post('/fi/password/forgot', { email });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/fi/password/forgot/sent');
}

const row = (db, email) => {
  const out = sqlite(db, `SELECT status || '|' || attempts || '|' || length(body) || '|' ||
    coalesce(length(message), -1) || '|' || last_error FROM mail_outbox WHERE to_addr = ${q(email)}
    ORDER BY id DESC LIMIT 1;`).trim();
  const [status, attempts, bodyLen, messageLen, lastError] = out.split('|');
  return { status, attempts: Number(attempts), bodyLen: Number(bodyLen), messageLen: Number(messageLen), lastError };
};

async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const copiesTo = (sink, email) => sink.messages().filter((m) => m.to.includes(email));

describe('mail through an SMTP relay', () => {
  let sink;
  let sinkDir;
  let srv;
  const dirs = [];

  before(async () => {
    sinkDir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-sink-'));
    sink = await startSmtpSink({ dir: sinkDir });
    srv = await startServer({ env: ENV, args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', BASE_URL] });
    dirs.push(srv.dir);
  });

  after(async () => {
    await srv?.stop({ allowSignal: true });
    await sink?.stop();
    for (const d of [sinkDir, ...dirs]) rmSync(d, { recursive: true, force: true });
  });

  let first;	// { email, link } delivered in the first test

  it('a password-reset message arrives over SMTP as clean MIME', async () => {
    const u = addUser(srv, `${unique('mail')}@example.org`, 'supporter');
    await forgot(srv, u.email);
    const m = await sink.waitFor((x) => x.to.includes(u.email), 10000);
    assert.deepEqual(m.to, [u.email]);
    assert.equal(m.envelopeFrom, 'noreply@localhost');
    assert.equal(m.headers.to, u.email);
    // At the site's host (base_url), not at mail_from's "localhost" (issue 11, item 22).
    assert.match(m.headers['message-id'], /^<[0-9a-f]{32}@tukiverkko\.example>$/);
    assert.equal(m.headers['auto-submitted'], 'auto-generated');
    assert.ok(Math.abs(Date.parse(m.headers.date) - Date.now()) < 60000, m.headers.date);
    assert.equal(m.headers['mime-version'], '1.0');
    assert.match(m.headers['content-type'], /^text\/plain; charset=utf-8$/i);
    assert.equal(m.headers['content-transfer-encoding'], 'quoted-printable');
    assert.ok(m.subject.length > 3, m.subject);
    const link = LINK.exec(m.text);
    assert.ok(link, `a reset link in:\n${m.text}`);
    // 7-bit, CRLF, short lines: any relay passes it on unchanged.
    const raw = m.raw.slice(m.raw.indexOf('\r\nFrom:') + 2);
    assert.ok(/^[\x00-\x7f]*$/.test(raw), 'ASCII only');
    assert.ok(!/[^\r]\n/.test(raw), 'CRLF line ends only');
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    for (const line of body.split('\r\n')) assert.ok(line.length <= 76, `line of ${line.length}: ${line}`);
    // The subject is RFC 2047 encoded-words (decoded above).
    assert.match(m.raw, /\r\nSubject: =\?UTF-8\?B\?/);
    // Sent: marked so, and the link is no longer kept in the database.
    await until('the row marked sent', () => row(srv.db, u.email).status === 'sent');
    assert.deepEqual(row(srv.db, u.email), { status: 'sent', attempts: 1, bodyLen: 0, messageLen: 0, lastError: '' });
    // The link works.
    const c = new Client(srv.url);
    const page = await c.get(`/fi/password/set?token=${link[1]}`);
    assert.equal(page.status, 200);
    first = { email: u.email };
  });

  it('after a crash and a restart nothing already sent goes out again', async () => {
    assert.ok(first, 'needs the first test');
    const u = addUser(srv, `${unique('mail')}@example.org`, 'supporter');
    await forgot(srv, u.email);
    await sink.waitFor((x) => x.to.includes(u.email), 10000);
    await until('the row marked sent', () => row(srv.db, u.email).status === 'sent');
    srv.kill('SIGKILL');
    await srv.exited;
    await srv.stop({ keepDir: true, allowSignal: true });
    srv = await startServer({ db: srv.db, env: ENV, args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', BASE_URL] });
    dirs.push(srv.dir);
    // The restarted server delivers new mail (so its mail job runs) ...
    const v = addUser(srv, `${unique('mail')}@example.org`, 'supporter');
    await forgot(srv, v.email);
    await sink.waitFor((x) => x.to.includes(v.email), 10000);
    await sleep(2500);	// more than two runs of the job
    // ... and has sent neither of the earlier messages a second time.
    assert.equal(copiesTo(sink, first.email).length, 1);
    assert.equal(copiesTo(sink, u.email).length, 1);
    assert.equal(copiesTo(sink, v.email).length, 1);
  });

  it('a message queued while the relay is down arrives exactly once when it is back', async () => {
    const port = sink.port;
    await sink.stop();
    const u = addUser(srv, `${unique('mail')}@example.org`, 'supporter');
    await forgot(srv, u.email);
    // The first attempt fails (connection refused) and is scheduled again.
    const r = await until('a failed attempt', () => { const x = row(srv.db, u.email); return x.attempts >= 1 && x; });
    assert.equal(r.status, 'pending');
    assert.match(r.lastError, /SMTP/);
    assert.ok(!r.lastError.includes(u.email.split('@')[0]), 'no address in last_error');
    assert.ok(r.bodyLen > 0 && r.messageLen > 0, 'kept for the retry');
    assert.ok(!srv.stderr().includes(u.email), 'no address in the log');
    sink = await startSmtpSink({ port, dir: sinkDir });
    const m = await sink.waitFor((x) => x.to.includes(u.email), 15000);
    assert.ok(LINK.test(m.text));
    await until('the row marked sent', () => row(srv.db, u.email).status === 'sent');
    await sleep(2500);
    assert.equal(copiesTo(sink, u.email).length, 1);
  });

  it('a relay that refuses for a while gets the message once it accepts', async () => {
    sink.reject('451 4.3.0 Try again later');
    const u = addUser(srv, `${unique('mail')}@example.org`, 'supporter');
    await forgot(srv, u.email);
    const r = await until('a refused attempt', () => { const x = row(srv.db, u.email); return x.attempts >= 1 && x; });
    assert.equal(r.status, 'pending');
    assert.match(r.lastError, /^SMTP 451/);
    assert.equal(copiesTo(sink, u.email).length, 0);
    sink.reject(null);
    await sink.waitFor((x) => x.to.includes(u.email), 15000);
    await until('the row marked sent', () => row(srv.db, u.email).status === 'sent');
    assert.equal(copiesTo(sink, u.email).length, 1);
    assert.ok(!srv.stderr().includes(u.email), 'no address in the log');
  });
});

describe('a relay that wants a login', () => {
  it('gets smtp_user and smtp_password; a wrong password is retried, never delivered', async () => {
    const sink = await startSmtpSink({ auth: { user: 'site', password: 'relay pw ä' } });
    const good = await startServer({ args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', BASE_URL],
      env: { ...ENV, TUKIVERKKO_SMTP_USER: 'site', TUKIVERKKO_SMTP_PASSWORD: 'relay pw ä' } });
    const bad = await startServer({ args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', BASE_URL],
      env: { ...ENV, TUKIVERKKO_SMTP_USER: 'site', TUKIVERKKO_SMTP_PASSWORD: 'wrong' } });
    try {
      const u = addUser(good, `${unique('auth')}@example.org`, 'supporter');
      await forgot(good, u.email);
      const m = await sink.waitFor((x) => x.to.includes(u.email), 10000);
      assert.ok(LINK.test(m.text));
      const v = addUser(bad, `${unique('auth')}@example.org`, 'supporter');
      await forgot(bad, v.email);
      const r = await until('a refused login', () => { const x = row(bad.db, v.email); return x.attempts >= 1 && x; });
      assert.equal(r.status, 'pending');
      assert.match(r.lastError, /SMTP 535/);
      assert.equal(copiesTo(sink, v.email).length, 0);
      for (const s of [good.stderr(), bad.stderr()]) assert.ok(!s.includes('relay pw') && !s.includes('wrong'), 'no password in the log');
    } finally {
      await good.stop();
      await bad.stop();
      await sink.stop();
    }
  });
});

describe('a relay that accepts connections and never answers', () => {
  it('does not hold up a shutdown, and the message waits for the next start', async () => {
    const held = [];
    const silent = net.createServer((sock) => { held.push(sock); sock.on('error', () => {}); });
    await new Promise((r) => silent.listen(0, '127.0.0.1', r));
    const url = `smtp://127.0.0.1:${silent.address().port}`;
    let srv = await startServer({ env: ENV, args: [...PASSWORD_COST, '--smtp-url', url, '--base-url', BASE_URL] });
    const dirs = [srv.dir];
    let sink;
    try {
      const u = addUser(srv, `${unique('silent')}@example.org`, 'supporter');
      await forgot(srv, u.email);
      await until('the job talking to the relay', () => held.length > 0);
      await sleep(500);
      const t0 = Date.now();
      await srv.stop({ keepDir: true });	// asserts a clean exit within 10 s
      assert.ok(Date.now() - t0 < 8000, `stopped in ${Date.now() - t0} ms`);
      // Abandoned, not counted as a failed attempt.
      assert.deepEqual(row(srv.db, u.email).status, 'pending');
      assert.equal(row(srv.db, u.email).attempts, 0);
      sink = await startSmtpSink();
      srv = await startServer({ db: srv.db, env: ENV, args: [...PASSWORD_COST, '--smtp-url', sink.url, '--base-url', BASE_URL] });
      dirs.push(srv.dir);
      const m = await sink.waitFor((x) => x.to.includes(u.email), 10000);
      assert.ok(LINK.test(m.text));
      await until('the row marked sent', () => row(srv.db, u.email).status === 'sent');
    } finally {
      await srv.stop({ allowSignal: true }).catch(() => {});
      await sink?.stop();
      for (const s of held) s.destroy();
      silent.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('mail without a relay', () => {
  let srv;
  let spool;

  before(async () => {
    spool = mkdtempSync(path.join(tmpdir(), 'tukiverkko-spool-'));
    srv = await startServer({ args: [...PASSWORD_COST, '--mail-spool', spool, '--base-url', BASE_URL] });
  });

  after(async () => {
    await srv?.stop();
    if (spool) rmSync(spool, { recursive: true, force: true });
  });

  it('writes the message to the spool directory', async () => {
    const u = addUser(srv, `${unique('spool')}@example.org`, 'supporter');
    await forgot(srv, u.email);
    const file = await until('a spooled message', () => readdirSync(spool).find((f) => f.endsWith('.eml') &&
      readFileSync(path.join(spool, f), 'latin1').includes(`\r\nTo: ${u.email}\r\n`)));
    assert.match(file, /^\d{12}-[0-9a-f]{32}\.eml$/);
    const m = parseMessage(readFileSync(path.join(spool, file)));
    assert.equal(m.headers.to, u.email);
    assert.ok(LINK.test(m.text), m.text);
    assert.equal(readdirSync(spool).filter((f) => f.startsWith('.')).length, 0, 'no temporary files left');
    await until('the row marked sent', () => row(srv.db, u.email).status === 'sent');
  });
});

describe('mail without a relay or a spool set', () => {
  it('spools beside the database, wherever the server was started', async () => {
    const srv = await startServer({ args: [...PASSWORD_COST, '--base-url', BASE_URL] });
    try {
      const u = addUser(srv, `${unique('beside')}@example.org`, 'supporter');
      await forgot(srv, u.email);
      await until('the row marked sent', () => row(srv.db, u.email).status === 'sent');
      // SQLite: mail/ in the database's directory; PostgreSQL has none,
      // and the test servers set TUKIVERKKO_MAIL_SPOOL (tests/lib/server.mjs).
      const spool = path.join(srv.db.startsWith('postgres') ? srv.dir : path.dirname(srv.db), 'mail');
      assert.ok(readdirSync(spool).some((f) => f.endsWith('.eml') &&
        readFileSync(path.join(spool, f), 'latin1').includes(`\r\nTo: ${u.email}\r\n`)), `a message in ${spool}`);
    } finally {
      await srv.stop();
    }
  });
});

describe('mail settings', () => {
  it('refuses a relay address that is not smtp:// or smtps:// and a silly retry delay', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-mailcfg-'));
    try {
      const db = path.join(dir, 'x.db');
      let r = spawnSync(serverBin(), ['--smtp-url', 'http://relay.example:25', 'migrate', '--db', db], { encoding: 'utf8' });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /smtp_url must start with smtp:\/\/ or smtps:\/\//);
      r = spawnSync(serverBin(), ['migrate', '--db', db], { encoding: 'utf8',
        env: { ...process.env, TUKIVERKKO_MAIL_RETRY_BASE_MS: '5' } });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /TUKIVERKKO_MAIL_RETRY_BASE_MS: mail_retry_base_ms must be milliseconds/);
      r = spawnSync(serverBin(), ['--smtp-url', 'smtps://relay.example:465', 'migrate', '--db', db], { encoding: 'utf8',
        env: { ...process.env, TUKIVERKKO_SMTP_USER: 'site', TUKIVERKKO_SMTP_PASSWORD: 'pw' } });
      assert.equal(r.status, 0, r.stderr);
      const help = spawnSync(serverBin(), ['--help'], { encoding: 'utf8' }).stdout;
      for (const w of ['--smtp-url', 'smtp_user', 'smtp_password', 'mail_retry_base_ms', '--mail-spool']) {
        assert.ok(help.includes(w), `--help mentions ${w}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
