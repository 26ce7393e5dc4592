// Security behaviour of accounts and sessions against the real binary:
// CSRF on every state-changing route, session fixation, sign-out, session
// expiry (by moving the stored times with sqlite3), cookie flags with and
// without a TLS proxy, sign-in throttling (also across a restart), no
// account enumeration, password reset and invitation links, rehashing on
// sign-in, API tokens, and finally that no log line holds an e-mail
// address, password, token or session value.
//
// Two servers: S1 (plain HTTP, mail spool, base URL) and S2 (behind a TLS
// proxy, short session lifetimes by environment), S2 restarted on its own
// database for the throttle and rehash tests.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, request, serverBin, repoRoot } from '../lib/server.mjs';
import { readable } from '../lib/smtp-sink.mjs';
import {
  Client, SqliteShell, PASSWORD_COST, addUser, createToken, snapshotOf, diffSnapshots, watchWrites, unique,
  insertAccount, insertSession, newSecret, secretHash, parseSetCookies, csrfOf, sqlite, q, dbDump,
} from '../lib/auth.mjs';

const BASE_URL = 'https://tukiverkko.example';
const routes = (() => {
  const r = spawnSync(serverBin(), ['routes'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tukiverkko routes failed: ${r.stderr}${r.error ?? ''}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
})();

// Every secret handed out or typed in; none may appear in a log.
const secrets = new Set();
const remember = (...xs) => { for (const x of xs) if (x) secrets.add(x); };
// Of those, the ones the database may hold only hashed (session ids, API
// tokens, link tokens; a session's CSRF token is kept in clear by design).
const hashedSecrets = new Set();
const rememberHashed = (...xs) => { for (const x of xs) if (x) { secrets.add(x); hashedSecrets.add(x); } };
const stoppedLogs = [];		// output of servers already stopped

let S1;
let sh1;
let spool;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Math.floor(Date.now() / 1000);

before(async () => {
  spool = mkdtempSync(path.join(tmpdir(), 'tukiverkko-spool-'));
  S1 = await startServer({ args: [...PASSWORD_COST, '--mail-spool', spool, '--base-url', BASE_URL] });
  sh1 = new SqliteShell(S1.db);
});

after(async () => {
  await sh1?.close();
  await S1?.stop();
  if (spool) rmSync(spool, { recursive: true, force: true });
});

// Accounts: the first on each database is made with the CLI (`user add
// --password-stdin`); the others copy its argon2id hash straight into the
// database (one CLI run costs a hash and a process: too slow for dozens).
const templates = new Map();	// db path -> { password, hash, regionId }
const shells = new Map();	// db path -> SqliteShell
const shellOf = (db) => {
  if (!shells.has(db)) shells.set(db, new SqliteShell(db));
  return shells.get(db);
};
after(async () => { for (const sh of shells.values()) await sh.close(); });

/** A new account on srv; its e-mail and password are remembered. */
async function user(srv, role = 'supporter', { municipality = null, scopes = [] } = {}) {
  const sh = shellOf(srv.db);
  if (!templates.has(srv.db)) {
    const t = addUser(srv, `${unique('cli')}@example.fi`, 'supporter');
    remember(t.email, t.password);
    templates.set(srv.db, {
      password: t.password,
      hash: await sh.value(`SELECT password_hash FROM account WHERE id = ${t.id};`),
      regionId: Number(await sh.value("SELECT id FROM region WHERE code = 'uusimaa';")),
    });
  }
  const t = templates.get(srv.db);
  const email = `${unique(role.slice(0, 4))}@example.fi`;
  const regional = ['coordinator', 'tutor', 'municipal-coordinator'].includes(role);
  const id = await insertAccount(sh, {
    email, role, municipality, scopes, passwordHash: t.hash, regionId: regional ? t.regionId : null,
  });
  remember(email);
  return { id, email, password: t.password };
}

/** Signs in through the pages; remembers the session and csrf values. */
async function signedIn(srv, u, headers = {}, opts = {}) {
  const c = new Client(srv.url, { headers });
  await c.signIn(u.email, u.password, opts);
  rememberHashed(c.cookies.tv_session);
  remember(c.csrf, c.cookies.tv_csrf);
  return c;
}

/** What GET /fi/account says about a session cookie value. */
async function accountStatus(srv, cookie, headers = {}) {
  const res = await request(`${srv.url}/fi/account`, { headers: { ...headers, cookie: `tv_session=${cookie}` } });
  if (res.status === 200) return 'signed-in';
  if (res.status === 303 && res.headers.location === '/fi/signin?next=%2Ffi%2Faccount') return 'anonymous';
  return `status ${res.status}`;
}

const sessionRows = async (sh, cookie) => Number(await sh.value(
  `SELECT count(*) FROM session WHERE id_hash = ${q(secretHash(cookie))};`));

// ---------------------------------------------------------------------------
describe('CSRF', () => {
  const changing = routes.flatMap((r) => r.methods
    .filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m)).map((m) => ({ ...r, method: m })));
  let admin;
  let other;

  before(async () => {
    admin = await user(S1, 'admin');
    other = await user(S1, 'supporter');
  });

  // The check below skips its snapshots when the database's write mark
  // has not moved: a write by another connection must move it.
  it('the write watch sees what another connection writes, and only that', async () => {
    const quiet = await watchWrites(sh1);
    await request(`${S1.url}/fi/`);
    assert.equal((await quiet.changes()).diff, '', 'a page view wrote nothing');
    const watch = await watchWrites(sh1);
    const name = unique('Watched');
    sqlite(S1.db, `UPDATE organisation SET name_en = '${name}' WHERE id = (SELECT min(id) FROM organisation);`);
    const { diff } = await watch.changes();
    assert.match(diff, /organisation/, `the diff names the table: ${diff}`);
  });

  it('there are state-changing routes to test', () => {
    assert.ok(changing.length >= 8, `only ${changing.length}: ${changing.map((r) => r.name)}`);
  });

  // Each request gets its own objects: a throwaway tutor for :id, and new
  // sessions, so that what one request ends cannot affect the next.
  async function concretePath(pattern) {
    let p = pattern.replace(':lang', 'fi').replace(':code', '611').replace('*path', 'x');
    if (p.includes(':id')) {
      const id = await insertAccount(sh1, { email: `${unique('csrf')}@example.fi`, role: 'supporter' });
      p = p.replace(':id', String(id));
    }
    return p.replace(/:\w+/g, '1');
  }

  async function attempt(r, { session, cookies = {}, csrf, headers = {} }) {
    const p = await concretePath(r.pattern);
    const c = { ...cookies };
    if (session) c.tv_session = session;
    const cookie = Object.entries(c).map(([k, v]) => `${k}=${v}`).join('; ');
    const body = csrf === undefined ? '' : `csrf=${encodeURIComponent(csrf)}`;
    const watch = await watchWrites(sh1);
    const res = await request(S1.url + p, {
      method: r.method,
      headers: { ...headers, ...(cookie ? { cookie } : {}), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    return { res, written: (await watch.changes()).diff, path: p };
  }

  for (const r of changing) {
    it(`${r.method} ${r.pattern} [${r.name}] refuses forged requests and writes nothing`, async () => {
      const problems = [];
      const check = (label, { res, written, path: p }) => {
        if (res.status !== 403) problems.push(`${label}: ${p} answered ${res.status}, not 403`);
        if (written) problems.push(`${label}: ${p} wrote:\n${written}`);
      };
      const fresh = () => insertSession(sh1, admin.id);
      // Signed in (as an administrator, who may use every route).
      let s = await fresh();
      check('signed in, no token', await attempt(r, { session: s.cookie }));
      s = await fresh();
      check('signed in, wrong token', await attempt(r, { session: s.cookie, csrf: newSecret() }));
      s = await fresh();
      check('signed in, empty token', await attempt(r, { session: s.cookie, csrf: '' }));
      s = await fresh();
      const sameAccount = await fresh();
      check('token of another session of the same account',
        await attempt(r, { session: s.cookie, csrf: sameAccount.csrf }));
      s = await fresh();
      const otherAccount = await insertSession(sh1, other.id);
      check("another account's session token", await attempt(r, { session: s.cookie, csrf: otherAccount.csrf }));
      s = await fresh();
      check('right token, foreign Origin', await attempt(r, {
        session: s.cookie, csrf: s.csrf, headers: { origin: 'http://evil.example' },
      }));
      s = await fresh();
      check('right token, Origin null', await attempt(r, { session: s.cookie, csrf: s.csrf, headers: { origin: 'null' } }));
      s = await fresh();
      const anonTok = newSecret();
      check('anonymous token in a signed-in session', await attempt(r, {
        session: s.cookie, cookies: { tv_csrf: anonTok }, csrf: anonTok,
      }));
      // The same request with the right token is not refused as forged.
      s = await fresh();
      const ok = await attempt(r, { session: s.cookie, csrf: s.csrf, headers: { origin: S1.url } });
      if (ok.res.status === 403) problems.push(`control (right token, own Origin) was refused: ${ok.res.text.slice(0, 200)}`);

      if (r.action === 'public') {
        const t = newSecret();
        check('anonymous, no token', await attempt(r, {}));
        check('anonymous, cookie only', await attempt(r, { cookies: { tv_csrf: t } }));
        check('anonymous, field only', await attempt(r, { csrf: t }));
        check('anonymous, cookie and field differ', await attempt(r, { cookies: { tv_csrf: t }, csrf: newSecret() }));
        check('anonymous, foreign Origin', await attempt(r, {
          cookies: { tv_csrf: t }, csrf: t, headers: { origin: 'http://evil.example' },
        }));
        const ctl = await attempt(r, { cookies: { tv_csrf: t }, csrf: t });
        if (ctl.res.status === 403) problems.push('anonymous control (matching cookie and field) was refused');
      }
      assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
    });
  }
});

// ---------------------------------------------------------------------------
describe('sessions', () => {
  it('a session id planted before sign-in is replaced, and it does not authenticate', async () => {
    const alice = await user(S1);
    const mallory = await user(S1);
    // A made-up id, and a real one of the attacker's own.
    const planted = newSecret();
    const m = await signedIn(S1, mallory);
    const attackerSession = m.cookies.tv_session;
    for (const fixed of [planted, attackerSession]) {
      const c = new Client(S1.url, { cookies: { tv_session: fixed } });
      // With a live session the form's token is that session's.
      if (fixed === planted) await c.loadCsrf('/fi/signin');
      else c.csrf = m.csrf;
      const res = await c.post('/fi/signin', { email: alice.email, password: alice.password });
      assert.equal(res.status, 303);
      const set = parseSetCookies(res.headers).find((x) => x.name === 'tv_session');
      assert.ok(set, 'sign-in sets tv_session');
      assert.notEqual(set.value, fixed, 'the session id after sign-in is new');
      rememberHashed(set.value);
      assert.equal(await accountStatus(S1, set.value), 'signed-in');
      assert.equal(await accountStatus(S1, fixed), 'anonymous', 'the planted id is no session of alice');
    }
    assert.equal(await sessionRows(sh1, attackerSession), 0, 'the planted real session was ended');
  });

  it('sign-out ends the session on the server', async () => {
    const u = await user(S1);
    const c = await signedIn(S1, u);
    const old = c.cookies.tv_session;
    assert.equal(await sessionRows(sh1, old), 1);
    const res = await c.post('/fi/signout', {});
    assert.equal(res.status, 303);
    const cleared = parseSetCookies(res.headers).find((x) => x.name === 'tv_session');
    assert.ok(cleared && cleared.value === '' && cleared.attrs['max-age'] === '0', 'the cookie is cleared');
    assert.equal(await sessionRows(sh1, old), 0, 'the session row is gone');
    assert.equal(await accountStatus(S1, old), 'anonymous', 'the old cookie value is anonymous');
  });

  it('"sign out everywhere" ends every session of the account and no other', async () => {
    const u = await user(S1);
    const bystander = await user(S1);
    const a = await signedIn(S1, u);
    const b = await signedIn(S1, u);
    const other = await signedIn(S1, bystander);
    assert.equal(await accountStatus(S1, b.cookies.tv_session), 'signed-in');
    const page = await a.get('/fi/account');
    assert.match(page.text, /:\s*2<\/p>/, 'the account page counts two sessions');
    const res = await a.post('/fi/account/signout-all', {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/signin');
    assert.equal(await accountStatus(S1, a.cookies.tv_session ?? 'x'), 'anonymous');
    assert.equal(await accountStatus(S1, b.cookies.tv_session), 'anonymous', 'the other device is signed out');
    assert.equal(Number(await sh1.value(`SELECT count(*) FROM session WHERE account_id = ${u.id};`)), 0);
    assert.equal(await accountStatus(S1, other.cookies.tv_session), 'signed-in', "another account's session stays");
  });

  it('an idle session expires after 2 h (moved back in the database), not before', async () => {
    const u = await user(S1);
    const c = await signedIn(S1, u);
    const tok = c.cookies.tv_session;
    const h = q(secretHash(tok));
    await sh1.query(`UPDATE session SET seen_at = seen_at - 7000 WHERE id_hash = ${h};`);
    assert.equal(await accountStatus(S1, tok), 'signed-in', 'idle 7000 s < 7200 s');
    const seen = Number(await sh1.value(`SELECT seen_at FROM session WHERE id_hash = ${h};`));
    assert.ok(seen >= now() - 5, 'a request moves seen_at forward');
    await sh1.query(`UPDATE session SET seen_at = seen_at - 7201 WHERE id_hash = ${h};`);
    assert.equal(await accountStatus(S1, tok), 'anonymous');
    assert.equal(await sessionRows(sh1, tok), 0, 'the expired row is deleted');
  });

  it('a session expires 12 h after sign-in however active it is', async () => {
    const u = await user(S1);
    const c = await signedIn(S1, u);
    const tok = c.cookies.tv_session;
    const h = q(secretHash(tok));
    await sh1.query(`UPDATE session SET created_at = created_at - 43000 WHERE id_hash = ${h};`);
    assert.equal(await accountStatus(S1, tok), 'signed-in');
    await sh1.query(`UPDATE session SET created_at = created_at - 201 WHERE id_hash = ${h};`);
    assert.equal(await accountStatus(S1, tok), 'anonymous');
    assert.equal(await sessionRows(sh1, tok), 0);
  });

  it('after sign-in, next= takes a path on this site and nothing else', async () => {
    const u = await user(S1);
    const cases = [
      ['/fi/account', '/fi/account'],
      ['//evil.example/x', '/fi/staff'],
      ['/\\evil.example', '/fi/staff'],
      ['https://evil.example/', '/fi/staff'],
      // URL parsers drop tabs and newlines and read \ as /.
      ['/\t/evil.example/x', '/fi/staff'],
      ['/\n/evil.example/x', '/fi/staff'],
      ['/fi/\\/evil.example', '/fi/staff'],
      ['/\x7f/evil.example', '/fi/staff'],
    ];
    for (const [next, want] of cases) {
      const c = new Client(S1.url);
      await c.loadCsrf('/fi/signin');
      const res = await c.post('/fi/signin', { email: u.email, password: u.password, next });
      rememberHashed(c.cookies.tv_session);
      assert.equal(res.status, 303, next);
      assert.equal(res.headers.location, want, `next=${JSON.stringify(next)}`);
    }
    // The sign-in form does not carry such a target on either.
    const form = await new Client(S1.url).get('/fi/signin?next=/%09/evil.example/x');
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.text, /evil\.example/);
  });
});

// ---------------------------------------------------------------------------
describe('cookie flags', () => {
  it('on plain HTTP: HttpOnly, SameSite, Path=/, no Secure, no HSTS (X-Forwarded-Proto is not trusted)', async () => {
    const u = await user(S1);
    const xfp = { 'x-forwarded-proto': 'https' };
    const form = await request(`${S1.url}/fi/signin`, { headers: xfp });
    assert.equal(form.headers['strict-transport-security'], undefined);
    const csrfCookie = parseSetCookies(form.headers).find((x) => x.name === 'tv_csrf');
    assert.ok(csrfCookie, 'tv_csrf is set');
    assert.equal(csrfCookie.attrs.httponly, true);
    assert.equal(csrfCookie.attrs.samesite, 'Strict');
    assert.equal(csrfCookie.attrs.path, '/');
    assert.equal(csrfCookie.attrs.secure, undefined);
    const c = new Client(S1.url, { headers: xfp });
    await c.loadCsrf('/fi/signin');
    const res = await c.post('/fi/signin', { email: u.email, password: u.password });
    rememberHashed(c.cookies.tv_session);
    const s = parseSetCookies(res.headers).find((x) => x.name === 'tv_session');
    assert.ok(s, 'tv_session is set');
    assert.equal(s.attrs.httponly, true);
    assert.equal(s.attrs.samesite, 'Lax');
    assert.equal(s.attrs.path, '/');
    assert.equal(s.attrs['max-age'], '43200', 'the cookie lives as long as the session may');
    assert.equal(s.attrs.secure, undefined, s.line);
    assert.equal(res.headers['strict-transport-security'], undefined);
    const acct = await c.get('/fi/account');
    assert.equal(acct.headers['cache-control'], 'no-store', 'signed-in pages are not cached');
  });
});

// ---------------------------------------------------------------------------
describe('behind a TLS proxy; throttling; rehash', () => {
  const S2_ARGS = [...PASSWORD_COST, '--behind-tls-proxy', 'on'];
  const S2_ENV = { TUKIVERKKO_SESSION_IDLE: '120', TUKIVERKKO_SESSION_MAX: '300' };
  let S2;
  let S2dirs = [];
  let dbPath;

  const stopKeep = async (srv) => {
    stoppedLogs.push({ name: `S2 ${srv.port}`, text: srv.stdout() + srv.stderr() });
    await srv.stop({ keepDir: true });
    S2dirs.push(srv.dir);
  };

  before(async () => {
    S2 = await startServer({ args: S2_ARGS, env: S2_ENV });
    dbPath = S2.db;
  });

  after(async () => {
    if (S2) await stopKeep(S2);
    for (const d of S2dirs) rmSync(d, { recursive: true, force: true });
  });

  const from = (ip, tls = true) => ({ 'x-forwarded-for': ip, ...(tls ? { 'x-forwarded-proto': 'https' } : {}) });

  it('with X-Forwarded-Proto: https every cookie is Secure and HSTS is sent; without it neither', async () => {
    const u = await user(S2);
    const plain = await request(`${S2.url}/fi/signin`, { headers: from('10.0.0.1', false) });
    assert.equal(plain.headers['strict-transport-security'], undefined);
    assert.equal(parseSetCookies(plain.headers).find((x) => x.name === 'tv_csrf')?.attrs.secure, undefined);

    const c = new Client(S2.url, { headers: from('10.0.0.1') });
    const form = await c.get('/fi/signin');
    assert.match(form.headers['strict-transport-security'] ?? '', /max-age=\d{7,}/);
    const csrfCookie = parseSetCookies(form.headers).find((x) => x.name === 'tv_csrf');
    assert.equal(csrfCookie?.attrs.secure, true, csrfCookie?.line);
    c.csrf = csrfOf(form.text);
    const res = await c.post('/fi/signin', { email: u.email, password: u.password });
    assert.equal(res.status, 303);
    rememberHashed(c.cookies.tv_session);
    const s = parseSetCookies(res.headers).find((x) => x.name === 'tv_session');
    assert.equal(s.attrs.secure, true, s.line);
    assert.equal(s.attrs.httponly, true);
    assert.equal(s.attrs.samesite, 'Lax');
    assert.equal(s.attrs['max-age'], '300', 'session_max from TUKIVERKKO_SESSION_MAX');
    assert.match(res.headers['strict-transport-security'] ?? '', /max-age=/);
    await c.loadCsrf('/fi/account');
    // Clearing cookies must carry the same attributes, or a browser may
    // keep the Secure one.
    const d = await signedIn(S2, u, from('10.0.0.1'));
    const all = await d.post('/fi/account/signout-all', {});
    assert.equal(all.status, 303);
    const cleared = parseSetCookies(all.headers).find((x) => x.name === 'tv_session');
    assert.equal(cleared?.attrs['max-age'], '0');
    assert.equal(cleared?.attrs.secure, true, `sign out everywhere clears the cookie with Secure: ${cleared?.line}`);
  });

  it('session lifetimes come from the environment (idle 120 s, max 300 s)', async () => {
    const sh = new SqliteShell(S2.db);
    try {
      const u = await user(S2);
      const c = await signedIn(S2, u, from('10.0.0.2'));
      const tok = c.cookies.tv_session;
      const h = q(secretHash(tok));
      const st = (t) => accountStatus(S2, t, from('10.0.0.2'));
      await sh.query(`UPDATE session SET seen_at = seen_at - 100 WHERE id_hash = ${h};`);
      assert.equal(await st(tok), 'signed-in');
      await sh.query(`UPDATE session SET seen_at = seen_at - 121 WHERE id_hash = ${h};`);
      assert.equal(await st(tok), 'anonymous');
      assert.equal(await sessionRows(sh, tok), 0);
      const c2 = await signedIn(S2, u, from('10.0.0.2'));
      const h2 = q(secretHash(c2.cookies.tv_session));
      await sh.query(`UPDATE session SET created_at = created_at - 301 WHERE id_hash = ${h2};`);
      assert.equal(await st(c2.cookies.tv_session), 'anonymous');
    } finally { await sh.close(); }
  });

  it('5 wrong passwords block the account (429 + Retry-After) even with the right one; a restart keeps the block', async () => {
    const u = await user(S2);
    const ip = from('10.1.0.1');
    const c = new Client(S2.url, { headers: ip });
    await c.loadCsrf('/fi/signin');
    for (let i = 1; i <= 5; i++) {
      const res = await c.post('/fi/signin', { email: u.email, password: `wrong password ${i}` });
      assert.equal(res.status, 400, `attempt ${i}`);
    }
    const blocked = await c.post('/fi/signin', { email: u.email, password: u.password });
    assert.equal(blocked.status, 429, 'the 6th attempt, with the right password');
    const wait = Number(blocked.headers['retry-after']);
    assert.ok(Number.isInteger(wait) && wait > 800 && wait <= 900, `Retry-After ${blocked.headers['retry-after']}`);
    assert.equal(parseSetCookies(blocked.headers).find((x) => x.name === 'tv_session'), undefined);

    await stopKeep(S2);
    S2 = await startServer({ db: dbPath, args: S2_ARGS, env: S2_ENV });
    const c2 = new Client(S2.url, { headers: from('10.1.0.2') });
    await c2.loadCsrf('/fi/signin');
    const again = await c2.post('/fi/signin', { email: u.email, password: u.password });
    assert.equal(again.status, 429, 'after a restart, from another address');
    assert.ok(Number(again.headers['retry-after']) > 0);
  });

  it('20 failures from one address block it for every account; other addresses are not blocked', async () => {
    const known = await user(S2);
    const ip = from('10.2.0.1');
    const c = new Client(S2.url, { headers: ip });
    await c.loadCsrf('/fi/signin');
    // 19 failures for 19 different (unknown) accounts, two at a time.
    const statuses = [];
    for (let i = 0; i < 19; i += 2) {
      const batch = [];
      for (let j = i; j < Math.min(i + 2, 19); j++) {
        // An empty password costs no argon2id work and counts the same.
        batch.push(c.post('/fi/signin', { email: `${unique('nobody')}@example.fi`, password: j < 2 ? 'a wrong password' : '' }));
      }
      statuses.push(...(await Promise.all(batch)).map((r) => r.status));
    }
    assert.deepEqual([...new Set(statuses)], [400], 'failures 1-19');
    const ok = new Client(S2.url, { headers: ip });
    await ok.loadCsrf('/fi/signin');
    assert.equal((await ok.post('/fi/signin', { email: known.email, password: known.password })).status, 303,
      'not blocked after 19');
    rememberHashed(ok.cookies.tv_session);
    assert.equal((await c.post('/fi/signin', { email: `${unique('nobody')}@example.fi`, password: 'wrong' })).status, 400);
    const blocked = new Client(S2.url, { headers: ip });
    await blocked.loadCsrf('/fi/signin');
    const res = await blocked.post('/fi/signin', { email: known.email, password: known.password });
    assert.equal(res.status, 429, 'the address is blocked after 20 failures');
    assert.ok(Number(res.headers['retry-after']) > 0);
    const elsewhere = new Client(S2.url, { headers: from('10.2.0.2') });
    await elsewhere.loadCsrf('/fi/signin');
    assert.equal((await elsewhere.post('/fi/signin', { email: known.email, password: known.password })).status, 303);
    rememberHashed(elsewhere.cookies.tv_session);
  });

  it('a password hashed with the test cost is rehashed at sign-in under the moderate cost', async () => {
    const u = await user(S2);
    const hash0 = sqlite(dbPath, `SELECT password_hash FROM account WHERE id = ${u.id};`).trim();
    // libsodium's minimum: 8 KiB, one pass (password_cost test).
    assert.match(hash0, /^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
    await stopKeep(S2);
    S2 = await startServer({ db: dbPath, args: ['--behind-tls-proxy', 'on', '--password-cost', 'moderate'], env: S2_ENV });
    // 256 MiB of argon2id: on a busy machine longer than a request's
    // usual 10 s; only the hashes matter here.
    const slow = { timeout: 120000 };
    const c = await signedIn(S2, u, from('10.4.0.1'), slow);
    assert.ok(c.cookies.tv_session);
    const hash1 = sqlite(dbPath, `SELECT password_hash FROM account WHERE id = ${u.id};`).trim();
    assert.match(hash1, /^\$argon2id\$v=19\$m=262144,t=3,p=1\$/, 'rehashed with the moderate limits');
    const c2 = await signedIn(S2, u, from('10.4.0.1'), slow);
    assert.ok(c2.cookies.tv_session, 'the new hash signs in');
    const hash2 = sqlite(dbPath, `SELECT password_hash FROM account WHERE id = ${u.id};`).trim();
    assert.equal(hash2, hash1, 'no second rehash');
  });
});

// ---------------------------------------------------------------------------
describe('no account enumeration', () => {
  const scrub = (text, ...values) => {
    let t = text.replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value="…"');
    for (const v of values) t = t.split(v).join('…');
    return t;
  };

  it('a wrong password and an unknown address get the same answer', async () => {
    const u = await user(S1);
    const unknown = `${unique('nobody')}@example.fi`;
    const c = new Client(S1.url);
    await c.loadCsrf('/fi/signin');
    const a = await c.post('/fi/signin', { email: u.email, password: 'not the password' });
    const b = await c.post('/fi/signin', { email: unknown, password: 'not the password' });
    assert.equal(a.status, 400);
    assert.equal(b.status, a.status);
    assert.deepEqual(Object.keys(b.headers).sort(), Object.keys(a.headers).sort());
    assert.equal(scrub(b.text, unknown), scrub(a.text, u.email));
  });

  it('a reset request for an unknown address answers like a known one and writes no mail', async () => {
    const u = await user(S1);
    const unknown = `${unique('nobody')}@example.fi`;
    const c = new Client(S1.url);
    await c.loadCsrf('/fi/password/forgot');
    const outbox = async () => Number(await sh1.value('SELECT count(*) FROM mail_outbox;'));
    const n0 = await outbox();
    const snap0 = await snapshotOf(sh1);
    const b = await c.post('/fi/password/forgot', { email: unknown });
    assert.equal(await outbox(), n0, 'no outbox row for an unknown address');
    assert.equal(diffSnapshots(snap0, await snapshotOf(sh1)), '', 'nothing but the throttle is written');
    const a = await c.post('/fi/password/forgot', { email: u.email });
    assert.equal(await outbox(), n0 + 1, 'one outbox row for a known address');
    assert.equal(a.status, 303);
    assert.equal(b.status, a.status);
    assert.equal(b.headers.location, a.headers.location);
    assert.equal(b.text, a.text);
    assert.deepEqual(Object.keys(b.headers).sort(), Object.keys(a.headers).sort());
  });
});

// ---------------------------------------------------------------------------
describe('password reset and invitation links', () => {
  const seenMail = new Set();

  /** The reset link (path and token) of the next message to email. */
  async function mailTo(email) {
    const end = Date.now() + 5000;
    while (Date.now() < end) {
      for (const f of readdirSync(spool).filter((x) => x.endsWith('.eml')).sort()) {
        if (seenMail.has(f)) continue;
        const text = readable(readFileSync(path.join(spool, f), 'utf8'));
        if (!text.includes(`\r\nTo: ${email}\r\n`)) continue;
        seenMail.add(f);
        const m = /(https:\/\/tukiverkko\.example)(\/fi\/password\/set\?token=([A-Za-z0-9_-]{43}))/.exec(text);
        assert.ok(m, `a link with the base URL in:\n${text}`);
        rememberHashed(m[3]);
        return { path: m[2], token: m[3], text };
      }
      await sleep(100);
    }
    throw new Error(`no mail to ${email} in ${spool} within 5 s`);
  }

  async function forgot(email) {
    const c = new Client(S1.url);
    await c.loadCsrf('/fi/password/forgot');
    const res = await c.post('/fi/password/forgot', { email });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/password/forgot/sent');
  }

  async function setPassword(link, pw) {
    const c = new Client(S1.url);
    await c.loadCsrf('/fi/signin');	// a void link's page has no form
    const page = await c.get(link.path);
    if (page.status === 200) assert.equal(csrfOf(page.text), c.csrf);
    remember(pw);
    return { page, res: await c.post('/fi/password/set', { token: link.token, password: pw, password2: pw }) };
  }

  it('a reset link works once, the next request voids it, and every session ends', async () => {
    const u = await user(S1);
    const before = await signedIn(S1, u);
    await forgot(u.email);
    const first = await mailTo(u.email);
    assert.match(first.text, /^Subject: =\?UTF-8\?B\?/m);
    await forgot(u.email);
    const second = await mailTo(u.email);
    assert.notEqual(second.token, first.token);
    assert.equal((await request(S1.url + first.path)).status, 410, 'the first link is void');

    const pw = `new password ${unique('p')}`;
    const { page, res } = await setPassword(second, pw);
    assert.equal(page.status, 200);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/signin?done=password');
    assert.equal(await accountStatus(S1, before.cookies.tv_session), 'anonymous', 'old sessions end');
    assert.equal(Number(await sh1.value(`SELECT count(*) FROM session WHERE account_id = ${u.id};`)), 0);

    const again = await setPassword(second, `${pw} again`);
    assert.equal(again.page.status, 410, 'GET of a used link');
    assert.equal(again.res.status, 410, 'POST of a used link');
    const first2 = await setPassword(first, `${pw} first`);
    assert.equal(first2.res.status, 410, 'POST of the voided link');

    const c = new Client(S1.url);
    await c.loadCsrf('/fi/signin');
    assert.equal((await c.post('/fi/signin', { email: u.email, password: u.password })).status, 400, 'old password');
    await signedIn(S1, { email: u.email, password: pw });
  });

  it('tabs sending the same link at once: exactly one succeeds', async () => {
    const u = await user(S1);
    await forgot(u.email);
    const link = await mailTo(u.email);
    const tabs = [];
    for (let i = 0; i < 4; i++) {
      const c = new Client(S1.url);
      await c.loadCsrf(link.path);
      tabs.push(c);
    }
    const pws = tabs.map((_, i) => `password of tab ${i + 1}`);
    remember(...pws);
    const res = await Promise.all(tabs.map((c, i) => c.post('/fi/password/set', { token: link.token, password: pws[i], password2: pws[i] })));
    assert.deepEqual(res.map((r) => r.status).sort(), [303, 410, 410, 410]);
    const winner = pws[res.findIndex((r) => r.status === 303)];
    await signedIn(S1, { email: u.email, password: winner });
  });

  it('an expired reset link answers 410 and changes nothing', async () => {
    const u = await user(S1);
    await forgot(u.email);
    const link = await mailTo(u.email);
    await sh1.query(`UPDATE account_token SET expires_at = 0 WHERE account_id = ${u.id} AND used_at IS NULL;`);
    const hash0 = await sh1.value(`SELECT password_hash FROM account WHERE id = ${u.id};`);
    const { page, res } = await setPassword(link, 'a new long password');
    assert.equal(page.status, 410);
    assert.equal(res.status, 410);
    assert.equal(await sh1.value(`SELECT password_hash FROM account WHERE id = ${u.id};`), hash0);
  });

  it('an invitation from the CLI sets a password once; reused or expired links answer 410', async () => {
    const inv = addUser(S1, `${unique('inv')}@example.fi`, 'supporter', { password: null });
    remember(inv.email);
    rememberHashed(new URL(inv.invite, 'http://x').searchParams.get('token'));
    assert.match(inv.stdout, /invitation link \(valid 7 days\): \S+\/fi\/password\/set\?token=/);
    const link = { path: inv.invite, token: new URL(inv.invite, 'http://x').searchParams.get('token') };
    const pw = `invited password ${unique('p')}`;
    const { page, res } = await setPassword(link, pw);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(inv.email.replace(/\./g, '\\.')), 'the form names the account (for password managers)');
    assert.equal(res.status, 303);
    await signedIn(S1, { email: inv.email, password: pw });
    const reuse = await setPassword(link, `${pw} again`);
    assert.equal(reuse.page.status, 410);
    assert.equal(reuse.res.status, 410);

    const inv2 = addUser(S1, `${unique('inv')}@example.fi`, 'supporter', { password: null });
    const link2 = { path: inv2.invite, token: new URL(inv2.invite, 'http://x').searchParams.get('token') };
    remember(inv2.email);
    rememberHashed(link2.token);
    await sh1.query(`UPDATE account_token SET expires_at = 0 WHERE account_id = ${inv2.id};`);
    const exp = await setPassword(link2, 'an invited password');
    assert.equal(exp.page.status, 410);
    assert.equal(exp.res.status, 410);
    assert.equal(await sh1.value(`SELECT password_hash IS NULL FROM account WHERE id = ${inv2.id};`), '1');
  });

  it('a valid reset link lets the owner in even after failed attempts', async () => {
    const u = await user(S1);
    const c = new Client(S1.url);
    await c.loadCsrf('/fi/signin');
    for (let i = 0; i < 2; i++) {
      assert.equal((await c.post('/fi/signin', { email: u.email, password: `forgotten ${i}` })).status, 400);
    }
    for (let i = 0; i < 3; i++) await forgot(u.email);
    // Spool files of one second are in no particular order: the newest
    // link is the one still usable.
    const links = [];
    for (let i = 0; i < 3; i++) links.push(await mailTo(u.email));
    const valid = await sh1.value(`SELECT token_hash FROM account_token WHERE account_id = ${u.id} AND used_at IS NULL;`);
    const link = links.find((l) => secretHash(l.token) === valid);
    assert.ok(link, 'one of the three links is valid');
    const pw = `new password ${unique('p')}`;
    assert.equal((await setPassword(link, pw)).res.status, 303);
    const d = new Client(S1.url);
    await d.loadCsrf('/fi/signin');
    const res = await d.post('/fi/signin', { email: u.email, password: pw });
    rememberHashed(d.cookies.tv_session);
    assert.equal(res.status, 303, `sign-in with the new password answered ${res.status}`);
  });
});

// ---------------------------------------------------------------------------
describe('API tokens', () => {
  it('read and write tokens identify on /api/v1/me; last_used_at is set', async () => {
    const u = await user(S1, 'tutor', { scopes: ['611', '858'] });
    const read = createToken(S1, u.email, 'reader');
    const write = createToken(S1, u.email, 'writer', { write: true });
    rememberHashed(read, write);
    const used = () => sh1.value(`SELECT last_used_at FROM api_token WHERE token_hash = ${q(secretHash(read.slice(4)))};`);
    assert.equal(await used(), '', 'never used yet');
    const r = await request(`${S1.url}/api/v1/me`, { headers: { authorization: `Bearer ${read}` } });
    assert.equal(r.status, 200);
    const me = JSON.parse(r.text);
    assert.equal(me.email, u.email);
    assert.equal(me.role, 'tutor');
    assert.deepEqual(me.scopes, ['611', '858']);
    assert.equal(me.can_write, false);
    const t = Number(await used());
    assert.ok(t >= now() - 5 && t <= now() + 1, `last_used_at ${t}`);
    const w = JSON.parse((await request(`${S1.url}/api/v1/me`, { headers: { authorization: `Bearer ${write}` } })).text);
    assert.equal(w.can_write, true);
    const dump = dbDump(S1.db);
    assert.ok(!dump.includes(read.slice(4)) && !dump.includes(write.slice(4)), 'tokens are stored hashed only');
  });

  it('bad, malformed and revoked tokens get 401 with WWW-Authenticate', async () => {
    const u = await user(S1);
    const c = await signedIn(S1, u);
    const created = await c.post('/fi/account/tokens', { name: 'script', scope: 'read' });
    assert.equal(created.status, 200);
    assert.equal(created.headers['cache-control'], 'no-store');
    const secret = /<code class="token">(tvk_[A-Za-z0-9_-]{43})<\/code>/.exec(created.text)?.[1];
    assert.ok(secret, 'the new token is shown');
    rememberHashed(secret);
    const shownAgain = await c.get('/fi/account');
    assert.ok(!shownAgain.text.includes(secret), 'the token is shown only once');
    const api = (auth) => request(`${S1.url}/api/v1/me`, { headers: auth ? { authorization: auth } : {} });
    assert.equal((await api(`Bearer ${secret}`)).status, 200);
    for (const bad of [`Bearer tvk_${'A'.repeat(43)}`, 'Bearer ', `Bearer ${secret}x`, `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      const res = await api(bad);
      assert.equal(res.status, 401, bad);
      assert.match(res.headers['www-authenticate'] ?? '', /^Bearer realm=/);
      // A token that was sent and failed is named as such (RFC 6750 3.1).
      if (bad.startsWith('Bearer tvk_') || bad === `Bearer ${secret}x`) {
        assert.match(res.headers['www-authenticate'], /error="invalid_token"/, bad);
      }
    }
    const id = await sh1.value(`SELECT id FROM api_token WHERE token_hash = ${q(secretHash(secret.slice(4)))};`);
    const rv = await c.post(`/fi/account/tokens/${id}/revoke`, {});
    assert.equal(rv.status, 303);
    const res = await api(`Bearer ${secret}`);
    assert.equal(res.status, 401, 'a revoked token');
    assert.match(res.headers['www-authenticate'] ?? '', /^Bearer/);
  });

  it('a bearer token on a route that is not an API route is no identity and cannot write', async () => {
    const u = await user(S1, 'admin');
    const write = createToken(S1, u.email, 'writer', { write: true });
    rememberHashed(write);
    const auth = { authorization: `Bearer ${write}` };
    const page = await request(`${S1.url}/fi/account`, { headers: auth });
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, '/fi/signin?next=%2Ffi%2Faccount');
    const before = await snapshotOf(sh1);
    for (const r of routes.filter((x) => !x.api && x.methods.includes('POST'))) {
      const p = r.pattern.replace(':lang', 'fi').replace(/:\w+/g, '1');
      const res = await request(S1.url + p, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x&scope=write',
      });
      assert.equal(res.status, 403, `${r.name}: POST ${p} with only a bearer token`);
    }
    assert.equal(diffSnapshots(before, await snapshotOf(sh1)), '');
  });

  it('a read token may not change anything on API routes', async (t) => {
    const writeRoutes = routes.filter((r) => r.api && r.methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m)));
    const u = await user(S1, 'admin');
    const read = createToken(S1, u.email, 'reader');
    rememberHashed(read);
    // No API route changes data yet: then there is nothing to refuse.
    const before = await snapshotOf(sh1);
    for (const r of writeRoutes) {
      for (const m of r.methods.filter((x) => !['GET', 'HEAD', 'OPTIONS'].includes(x))) {
        const p = r.pattern.replace(':lang', 'fi').replace(/:\w+/g, '1');
        const res = await request(S1.url + p, { method: m, headers: { authorization: `Bearer ${read}`, 'content-type': 'application/json' }, body: '{}' });
        assert.equal(res.status, 403, `${m} ${p}`);
      }
    }
    assert.equal(diffSnapshots(before, await snapshotOf(sh1)), '');
    if (!writeRoutes.length) t.diagnostic('no API route changes data yet; nothing to refuse');
  });
});

// ---------------------------------------------------------------------------
describe('logs', () => {
  it('no e-mail address, password, token or session value reaches stdout or stderr', async () => {
    await sleep(200);
    const outputs = [...stoppedLogs, { name: 'S1', text: S1.stdout() + S1.stderr() }];
    assert.ok(secrets.size > 50, `only ${secrets.size} secrets were collected`);
    const found = [];
    for (const { name, text } of outputs) {
      assert.match(text, /"route":"auth.signin"/, `${name} has an access log`);
      for (const s of secrets) if (s.length >= 8 && text.includes(s)) found.push(`${name}: ${s.slice(0, 12)}…`);
      const m = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/.exec(text);
      if (m) found.push(`${name}: an e-mail address ${m[0]}`);
    }
    assert.deepEqual(found, []);
  });

  it('the database holds session ids, API tokens and link tokens only hashed', () => {
    const dump = dbDump(S1.db)
      .split('\n').filter((l) => !l.startsWith('INSERT INTO mail_outbox ')).join('\n');
    assert.ok(hashedSecrets.size > 20, `only ${hashedSecrets.size} secrets collected`);
    const leaked = [...hashedSecrets].filter((s) => dump.includes(s.replace(/^tvk_/, '')));
    const lines = leaked.map((s) => dump.split('\n').find((l) => l.includes(s.replace(/^tvk_/, ''))).slice(0, 120));
    assert.deepEqual(lines, []);
  });

  it('delivered mail does not keep usable links in the database', async () => {
    const rows = (await sh1.query("SELECT body FROM mail_outbox WHERE sent_at IS NOT NULL;")).split('\n');
    const withToken = rows.filter((b) => /token=[A-Za-z0-9_-]{43}/.test(b));
    assert.deepEqual(withToken.map((b) => b.slice(0, 60)), []);
  });
});
