// The authorisation matrix: every route of `tukiverkko routes` must have at
// least one entry in tests/http/authz/*.mjs (format in authz/index.mjs), and
// every entry is sent as every role -- anonymous, supporter, municipal
// coordinator of Pornainen (611), tutor of 611 and 858, network
// coordinator, administrator and the municipal coordinator of Karkkila
// (224) -- with a valid CSRF token for that identity, and for API routes
// also with the role's API tokens. The status must be the expected one,
// the access log must name the entry's route, and a refused request (4xx,
// or 303 to the sign-in page) or any GET must leave the database as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, serverBin, repoRoot } from '../lib/server.mjs';
import {
  Client, SqliteShell, addUser, createToken, signIn, snapshotOf, diffSnapshots, watchWrites, unique, PASSWORD_COST,
  insertAccount, insertSession, insertApiToken, insertLinkToken,
} from '../lib/auth.mjs';
import { loadEntries, ROLES } from './authz/index.mjs';

const bin = serverBin();
const routesRun = spawnSync(bin, ['routes'], { cwd: repoRoot, encoding: 'utf8' });
if (routesRun.status !== 0) {
  throw new Error(`${bin} routes failed (${routesRun.status}): ${routesRun.stderr}${routesRun.error ?? ''}`);
}
const routes = routesRun.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const routeByName = new Map(routes.map((r) => [r.name, r]));
const { files, entries } = await loadEntries();

// The matrix is sent in three shards, each a test file with its own
// server, so that they run side by side (on PostgreSQL one shard alone
// took longer than a test file may): this file is shard 0 and also checks
// the entries; authz-2.test.mjs and authz-3.test.mjs import it as shards
// 1 and 2.
// Entries of one file stay together, in order: some use what an entry
// before them made or removed. Files go to the shard with the fewest
// entries so far, largest first.
const [SHARD, SHARDS] = globalThis.AUTHZ_SHARD ?? [0, 3];
const shardOf = new Map();
{
  const sizes = new Map();
  for (const e of entries) sizes.set(e.file, (sizes.get(e.file) ?? 0) + 1);
  const load = new Array(SHARDS).fill(0);
  for (const [f, n] of [...sizes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const k = load.indexOf(Math.min(...load));
    shardOf.set(f, k);
    load[k] += n;
  }
}

// The shared account of each role.
const ROLE_SPEC = {
  supporter: { role: 'supporter' },
  municipal: { role: 'municipal-coordinator', municipality: '611' },
  tutor: { role: 'tutor', scopes: ['611', '858'] },
  coordinator: { role: 'coordinator' },
  admin: { role: 'admin' },
  other: { role: 'municipal-coordinator', municipality: '224' },
};

let srv;
let shell;			// sqlite3 on the server's database
let anonCookies;
let anonCsrf;
let logOffset;			// access-log lines not made by a Client
let template;			// { password, hash, regionId } for throwaway accounts
const ident = {};		// role -> { id, email, password, client, read, write }

before(async () => {
  // Behind a "proxy" so that every request can come from its own address
  // (X-Forwarded-For): the per-address sign-in limit must not turn the
  // many deliberate failures here into 429s.
  srv = await startServer({ args: [...PASSWORD_COST, '--behind-tls-proxy', 'on'] });
  await sleep(100);
  logOffset = logLines().length;
  shell = new SqliteShell(srv.db);
  for (const [role, spec] of Object.entries(ROLE_SPEC)) {
    const u = addUser(srv, `${role}.authz@example.fi`, spec.role, { ...spec, name: `The ${role}` });
    const client = await signIn(srv.url, u.email, u.password, { headers: { 'x-forwarded-for': nextAddr() } });
    ident[role] = {
      ...u,
      client,
      read: createToken(srv, u.email, 'authz read'),
      write: createToken(srv, u.email, 'authz write', { write: true }),
    };
  }
  template = {
    password: ident.supporter.password,
    hash: await shell.value(`SELECT password_hash FROM account WHERE id = ${ident.supporter.id};`),
    regionId: Number(await shell.value(`SELECT region_id FROM account WHERE id = ${ident.coordinator.id};`)),
  };
  assert.match(template.hash, /^\$argon2id\$/);
  assert.ok(template.regionId > 0);
  const anon = new Client(srv.url);
  anonCsrf = await anon.loadCsrf('/fi/signin');
  anonCookies = { ...anon.cookies };
  assert.ok(anonCookies.tv_csrf, 'the sign-in page sets tv_csrf');
});

after(async () => {
  await shell?.close();
  await srv?.stop();
});

let addr = 0;
function nextAddr() {
  addr += 1;
  return `10.${(addr >> 16) & 255}.${(addr >> 8) & 255}.${addr & 255}`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- coverage of the route table (shard 0) ---

const coverageTest = SHARD === 0 ? test : () => {};

coverageTest('the loader found the entry files', () => {
  assert.ok(files.includes('core.mjs'), `files: ${files.join(', ')}`);
  assert.ok(!files.includes('index.mjs'));
});

coverageTest('every route has at least one authz entry (a new route without an entry fails)', () => {
  const missing = routes.filter((r) => !entries.some((e) => e.route === r.name)).map((r) => r.name);
  assert.deepEqual(missing, [], `routes without an entry in tests/http/authz/*.mjs: ${missing.join(', ')}`);
});

// Routes whose :param names no object a loader could load, with the reason.
const NO_LOADER = {
  // privacy_erase_account_as() must answer 403 for one's own account
  // before it decides whether the account is within reach (404).
  'admin.user-erase': 'own account is 403, not 404',
};

coverageTest('every route that names an object by a parameter has a loader (the guard scopes it)', () => {
  const missing = routes.filter((r) => {
    const params = [...r.pattern.matchAll(/[:*](\w+)/g)].map((m) => m[1])
      .filter((p) => p !== 'lang' && p !== 'path');
    return params.length > 0 && !r.object && !(r.name in NO_LOADER);
  }).map((r) => `${r.name} ${r.pattern}`);
  assert.deepEqual(missing, [], `routes without a loader: ${missing.join(', ')}`);
  for (const name of Object.keys(NO_LOADER)) assert.ok(routeByName.has(name), `NO_LOADER names no route ${name}`);
});

coverageTest('every entry names an existing route and expects something of every role', () => {
  const problems = [];
  for (const e of entries) {
    const where = `${e.file}: ${e.method ?? 'GET'} ${e.path} [${e.route}]`;
    if (!routeByName.has(e.route)) problems.push(`${where}: no route named ${e.route}`);
    if (typeof e.path !== 'string' || !e.path.startsWith('/')) problems.push(`${where}: bad path`);
    if (!e.expect) { problems.push(`${where}: no expect`); continue; }
    for (const k of Object.keys(e.expect)) if (!ROLES.includes(k)) problems.push(`${where}: unknown role ${k}`);
    for (const role of ROLES) {
      if (expectationOf(e, role) === undefined) problems.push(`${where}: nothing expected of ${role}`);
    }
  }
  assert.deepEqual(problems, []);
});

coverageTest('protected HTML pages send anonymous GETs to /<lang>/signin?next=<path>', () => {
  const wrong = entries.filter((e) => {
    const r = routeByName.get(e.route);
    return r && r.action !== 'public' && !r.api && (e.method ?? 'GET') === 'GET' &&
      r.methods.includes('GET') && e.expect?.anonymous !== 'signin';
  }).map((e) => `${e.file}: ${e.path} expects ${JSON.stringify(e.expect?.anonymous)}`);
  // The requests themselves are checked with the matrix below.
  assert.deepEqual(wrong, [], 'entries of protected pages must expect anonymous: "signin"');
});

// --- the matrix ---

function expectationOf(e, role) {
  if (!e.expect) return undefined;
  if (role in e.expect) return e.expect[role];
  return role === 'other' ? e.expect.municipal : undefined;
}

function langOf(p) {
  const m = /^\/(fi|sv|en)(\/|$|\?)/.exec(p);
  return m ? m[1] : 'fi';
}

/** Why res does not meet exp (null when it does). */
function mismatch(exp, res, p) {
  const loc = res.headers.location;
  if (exp === 'signin') {
    // `next` is the request as sent, query included, so the visitor
    // comes back to exactly the page asked for.
    if (res.status !== 303 || !loc) return `expected 303 to sign-in, got ${res.status}${loc ? ` → ${loc}` : ''}`;
    const u = new URL(loc, 'http://x');
    if (u.pathname !== `/${langOf(p)}/signin` || u.searchParams.get('next') !== p) {
      return `expected a redirect to /${langOf(p)}/signin?next=${p}, got ${loc}`;
    }
    return null;
  }
  const want = typeof exp === 'object' ? exp : { status: exp };
  if (res.status !== want.status) {
    return `expected ${want.status}, got ${res.status}${loc ? ` → ${loc}` : ''}: ${res.text.replace(/\s+/g, ' ').slice(0, 160)}`;
  }
  if (want.location !== undefined) {
    const ok = want.location instanceof RegExp ? want.location.test(loc ?? '') : loc === want.location;
    if (!ok) return `expected Location ${want.location}, got ${loc}`;
  }
  return null;
}

function refused(res) {
  if (res.status >= 400) return true;
  return res.status === 303 && /^\/(fi|sv|en)\/signin\?next=/.test(res.headers.location ?? '');
}

// Throwaway accounts are written straight into the database (the rows the
// CLI would write; one CLI run costs an argon2id hash), with the shared
// template password, so that hundreds of them stay cheap.
// Rows this file writes itself (throwaway accounts, sessions, tokens): a
// count, so that a request's "before" snapshot can be the last request's
// "after" one when nothing was written in between (half the snapshots).
let testWrites = 0;
let lastSnap = null;		// { snap, writes }: the last "after" snapshot

async function throwawayAccount(spec = { role: 'supporter' }, { password = spec.password !== null } = {}) {
  testWrites += 1;
  const email = `${unique(spec.role)}@example.fi`;
  const regional = ['coordinator', 'tutor', 'municipal-coordinator'].includes(spec.role);
  const id = await insertAccount(shell, {
    email,
    role: spec.role,
    regionId: regional ? template.regionId : null,
    municipality: spec.municipality ?? null,
    scopes: spec.scopes ?? [],
    passwordHash: password ? template.hash : null,
  });
  return { id, email, password: password ? template.password : null };
}

// Placeholders: each request gets its own throwaway objects, made before
// the "before" snapshot so that only the request itself is compared.
async function resolver(e, who) {
  const texts = [e.path, ...Object.values(e.form ?? {}).map(String)];
  const names = new Set(texts.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
  const v = {};
  let victim;
  let throwaway;
  const getVictim = async () => (victim ??= await throwawayAccount(e.victim));
  const getThrowaway = async () => (throwaway ??= await throwawayAccount());
  for (const name of names) {
    const role = /^(\w+)Id$/.exec(name)?.[1];
    if (role && ident[role]) { v[name] = String(ident[role].id); continue; }
    switch (name) {
      case 'selfId': v[name] = String(who?.id ?? 0); break;
      case 'victimId': v[name] = String((await getVictim()).id); break;
      case 'victimEmail': v[name] = (await getVictim()).email; break;
      case 'victimPassword': v[name] = (await getVictim()).password; break;
      case 'ownTokenId':
        testWrites += 1;
        v[name] = String((await insertApiToken(shell, who ? who.id : (await getThrowaway()).id)).id);
        break;
      case 'foreignTokenId':
        testWrites += 1;
        v[name] = String((await insertApiToken(shell, (await getThrowaway()).id)).id);
        break;
      case 'inviteToken': {
        testWrites += 1;
        const invited = await throwawayAccount({ role: 'supporter' }, { password: false });
        v[name] = await insertLinkToken(shell, invited.id, 'invite');
        break;
      }
      case 'unique': v[name] = unique('x'); break;
      default: throw new Error(`${e.file}: unknown placeholder {${name}} in ${e.method ?? 'GET'} ${e.path}`);
    }
  }
  return (t) => t.replace(/\{(\w+)\}/g, (whole, name) => v[name]);
}

function logLines() {
  return srv.stdout().split('\n').filter((l) => l.startsWith('{'));
}

/** The access-log line of the k-th request sent by a Client. */
async function logLine(k) {
  for (let i = 0; i < 400; i++) {
    const lines = logLines();
    if (lines.length >= logOffset + k) return JSON.parse(lines[logOffset + k - 1]);
    await sleep(5);
  }
  return null;
}

/**
 * Sends entry e as identity `who` (null: anonymous) in `mode`: 'session'
 * (cookie + csrf), 'read'/'write' (its API token as Bearer, no cookie),
 * 'bad-token', or 'html-bearer' (the admin's token on a non-API route).
 * Returns a list of problems.
 */
async function sendAs(e, role, mode, exp) {
  const method = e.method ?? 'GET';
  let who = role === 'anonymous' ? null : ident[role];
  let client;
  if (mode === 'session' && who && e.fresh) {
    // A new account of the role with a session of its own.
    const u = await throwawayAccount(ROLE_SPEC[role]);
    testWrites += 1;
    const { cookie, csrf } = await insertSession(shell, u.id);
    const c = new Client(srv.url, { cookies: { tv_session: cookie } });
    c.csrf = csrf;
    who = { ...u, client: c };
  }
  if (mode === 'session') {
    client = who
      ? new Client(srv.url, { cookies: who.client.cookies })
      : new Client(srv.url, { cookies: anonCookies });
    client.csrf = who ? who.client.csrf : anonCsrf;
  } else {
    client = new Client(srv.url);
  }
  const resolve = await resolver(e, who);
  const p = resolve(e.path);
  let form;
  if (e.form || !['GET', 'HEAD'].includes(method)) {
    form = {};
    for (const [k, v] of Object.entries(e.form ?? {})) form[k] = resolve(String(v));
    if (mode === 'session' && e.csrf !== false) form.csrf = client.csrf;
  }
  const headers = { ...(e.headers ?? {}), 'x-forwarded-for': nextAddr() };
  if (mode === 'read' || mode === 'write') headers.authorization = `Bearer ${who[mode]}`;
  if (mode === 'bad-token') headers.authorization = `Bearer tvk_${'A'.repeat(43)}`;
  if (mode === 'html-bearer') headers.authorization = `Bearer ${ident.admin.write}`;

  const label = `${role}${mode === 'session' ? '' : ` (${mode})`}`;
  // The last request's "after" snapshot is this one's "before" when this
  // file wrote nothing since (the server's jobs touch only what snapshots
  // leave out: tests/lib/auth.mjs).
  const watch = await watchWrites(shell, { before: lastSnap && lastSnap.writes === testWrites ? lastSnap.snap : null });
  lastSnap = null;
  const res = await client.req(p, { method, headers, form });
  const k = Client.sent;
  const problems = [];
  const why = mismatch(exp, res, p);
  if (why) problems.push(`${label}: ${why}`);
  const line = await logLine(k);
  const wantRoute = res.status === 405 ? 'none' : e.route;
  if (!line) problems.push(`${label}: no access-log line`);
  else if (line.method !== method || line.status !== res.status) {
    problems.push(`${label}: the access log is out of step (${JSON.stringify(line)})`);
  } else if (line.route !== wantRoute) {
    problems.push(`${label}: the access log names route ${line.route}, not ${wantRoute}`);
  }
  if (refused(res) || method === 'GET' || method === 'HEAD') {
    const { diff: d, after } = await watch.changes();
    if (d) problems.push(`${label}: ${refused(res) ? 'refused' : method} request (${res.status}) wrote to the database:\n${d}`);
    else if (after) lastSnap = { snap: after, writes: testWrites };
  } else {
    await watch.end();
  }
  return problems;
}

for (const e of entries.filter((x) => shardOf.get(x.file) === SHARD)) {
  const method = e.method ?? 'GET';
  const title = `${method} ${e.path} [${e.route}]${e.name ? ` ${e.name}` : ''} (${e.file})`;
  test(title, async () => {
    const r = routeByName.get(e.route);
    assert.ok(r, `no route ${e.route}`);
    const problems = [];
    for (const role of ROLES) {
      const exp = expectationOf(e, role);
      assert.notEqual(exp, undefined, `nothing expected of ${role}`);
      problems.push(...await sendAs(e, role, 'session', exp));
      if (role === 'anonymous' || e.fresh) continue;
      if (r.api) {
        // A token is never redirected to a sign-in page.
        const base = e.token?.[role] ?? (exp === 'signin' ? 401 : exp);
        if (['GET', 'HEAD'].includes(method)) {
          problems.push(...await sendAs(e, role, 'read', base));
        } else {
          problems.push(...await sendAs(e, role, 'write', base));
          problems.push(...await sendAs(e, role, 'read', 403));
        }
      }
    }
    if (r.api && !e.fresh) problems.push(...await sendAs(e, 'anonymous', 'bad-token', 401));
    // On a route that is not an API route a bearer token is no identity.
    const anonExp = expectationOf(e, 'anonymous');
    if (!r.api && ['GET', 'HEAD'].includes(method) && !e.fresh &&
        JSON.stringify(anonExp) !== JSON.stringify(expectationOf(e, 'admin'))) {
      problems.push(...await sendAs(e, 'anonymous', 'html-bearer', anonExp));
    }
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });
}
