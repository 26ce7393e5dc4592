// The JSON API's OpenAPI 3.1 document (#11 item 21): served at
// /api/openapi.json exactly as src/app/openapi.json; linted by @redocly/cli
// (node_modules/.bin/redocly, the settings in redocly.yaml, telemetry and
// update checks off, and any attempt to reach the network sent to a closed
// port); every API route of `tukiverkko routes` is documented and every
// documented path is a route; and the real answers of every documented
// path, method and status are checked against the document's schemas by a
// small JSON Schema validator below (it refuses a keyword it does not know,
// so the document cannot grow past what is checked).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, request, serverBin, repoRoot } from '../lib/server.mjs';
import { addUser, createToken, signIn, unique, PASSWORD_COST } from '../lib/auth.mjs';

const DOC = path.join(repoRoot, 'src/app/openapi.json');
const REDOCLY = path.join(repoRoot, 'node_modules/.bin/redocly');
let srv;
let doc;
const tokens = {};

/** Runs redocly lint on file; { status, out }. */
function lint(file) {
  const r = spawnSync(process.execPath, [REDOCLY, 'lint', '--format', 'stylish', file], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      NO_UPDATE_NOTIFIER: '1',
      // No network: anything that tries goes to a closed port and fails.
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9',
    },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}`.replace(/^.*[║╔╚].*$/gm, '') };
}

// --- a JSON Schema (2020-12) subset: what src/app/openapi.json uses ---

const KNOWN = new Set(['$ref', 'type', 'properties', 'required', 'additionalProperties', 'items',
  'enum', 'pattern', 'minimum', 'maximum', 'format', 'oneOf', 'description']);

function resolve(ref) {
  assert.ok(ref.startsWith('#/'), `only local $ref: ${ref}`);
  return ref.slice(2).split('/').reduce((o, k) => o?.[k], doc) ?? assert.fail(`unresolved ${ref}`);
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

const FORMATS = {
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)),
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  email: (s) => /^[^@\s]+@[^@\s]+$/.test(s),
};

/** The list of errors of value v against schema s (empty: valid). */
function check(s, v, at = '$') {
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`validator: unknown keyword ${k} at ${at}`);
  if (s.$ref) return check(resolve(s.$ref), v, at);
  const errs = [];
  if (s.type !== undefined) {
    const types = [].concat(s.type);
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [`${at}: ${t}, not ${types.join('|')}`];
  }
  if (s.enum && !s.enum.includes(v)) errs.push(`${at}: ${JSON.stringify(v)} not in ${s.enum.join(', ')}`);
  if (typeof v === 'string') {
    if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) errs.push(`${at}: ${JSON.stringify(v)} does not match ${s.pattern}`);
    if (s.format && !FORMATS[s.format]) throw new Error(`validator: unknown format ${s.format}`);
    if (s.format && !FORMATS[s.format](v)) errs.push(`${at}: ${JSON.stringify(v)} is not a ${s.format}`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) errs.push(`${at}: ${v} < ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) errs.push(`${at}: ${v} > ${s.maximum}`);
  }
  if (s.oneOf) {
    const ok = s.oneOf.filter((x) => check(x, v, at).length === 0).length;
    if (ok !== 1) errs.push(`${at}: matches ${ok} of oneOf, not 1`);
  }
  if (typeOf(v) === 'object') {
    for (const r of s.required ?? []) if (!(r in v)) errs.push(`${at}: no ${r}`);
    for (const [k, x] of Object.entries(v)) {
      if (s.properties?.[k]) errs.push(...check(s.properties[k], x, `${at}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${at}: ${k} is not in the document`);
      else if (typeof s.additionalProperties === 'object') errs.push(...check(s.additionalProperties, x, `${at}.${k}`));
    }
  }
  if (Array.isArray(v) && s.items) v.forEach((x, i) => errs.push(...check(s.items, x, `${at}[${i}]`)));
  return errs;
}

/** The response object of (path, method, status), references resolved. */
function responseOf(p, method, status) {
  let r = doc.paths[p]?.[method]?.responses?.[status];
  assert.ok(r, `${method.toUpperCase()} ${p} ${status} is not in the document`);
  if (r.$ref) r = resolve(r.$ref);
  return r;
}

/** Checks a real answer against the document; returns the parsed body. */
function conforms(p, method, res) {
  const r = responseOf(p, method, String(res.status));
  const ct = (res.headers['content-type'] ?? '').split(';')[0].trim();
  const media = r.content?.[ct];
  assert.ok(media, `${p} ${res.status}: content type ${ct} is not documented`);
  const body = JSON.parse(res.text);
  const errs = check(media.schema, body);
  assert.deepEqual(errs, [], `${method.toUpperCase()} ${p} ${res.status}:\n${errs.join('\n')}`);
  for (const h of Object.keys(r.headers ?? {})) {
    assert.ok(res.headers[h.toLowerCase()], `${p} ${res.status}: no ${h} header`);
  }
  return body;
}

// Requests that produce every documented (path, method, status): the
// path's parameters filled in, and who asks.
const CASES = {
  '/api/openapi.json': {
    get: {
      200: [{ path: '/api/openapi.json' }, { path: '/api/openapi.json', as: 'admin' }],
      401: [{ path: '/api/openapi.json', auth: `Bearer tvk_${'A'.repeat(43)}` }],
    },
  },
  '/api/v1/me': {
    get: {
      200: [{ path: '/api/v1/me', as: 'admin' }, { path: '/api/v1/me', as: 'tutor' }, { path: '/api/v1/me', as: 'municipal' }],
      401: [{ path: '/api/v1/me' }, { path: '/api/v1/me', auth: `Bearer tvk_${'B'.repeat(43)}` }],
    },
  },
  '/api/v1/periods/{id}/actions': {
    get: {
      200: [{ path: '/api/v1/periods/3/actions', as: 'admin' }, { path: '/api/v1/periods/3/actions', as: 'municipal', lang: 'sv' }],
      401: [{ path: '/api/v1/periods/3/actions' }],
      404: [{ path: '/api/v1/periods/999999/actions', as: 'admin' }, { path: '/api/v1/periods/3/actions', as: 'supporter' }],
    },
  },
  // The directory's open data (HSDS 3.0): public; the ids are read from
  // the lists once the server runs (they are made from its address).
  '/api/hsds': {
    get: {
      200: [{ path: '/api/hsds' }, { path: '/api/hsds', as: 'admin' }],
      400: [{ path: '/api/hsds?page=1' }],
      401: [{ path: '/api/hsds', auth: `Bearer tvk_${'C'.repeat(43)}` }],
    },
  },
  '/api/hsds/services': {
    get: {
      200: [{ path: '/api/hsds/services' }, { path: '/api/hsds/services?page=2&per_page=100&lang=sv' },
        { path: '/api/hsds/services?modified_after=2100-01-01' }],
      400: [{ path: '/api/hsds/services?per_page=501' }, { path: '/api/hsds/services?search=pankki' }],
      401: [{ path: '/api/hsds/services', auth: `Bearer tvk_${'D'.repeat(43)}` }],
    },
  },
  '/api/hsds/services/{id}': {
    get: {
      200: [{ get path() { return `/api/hsds/services/${hsds.service}`; } },
        { get path() { return `/api/hsds/services/${hsds.service}?lang=en`; } }],
      400: [{ get path() { return `/api/hsds/services/${hsds.service}?lang=de`; } }],
      401: [{ get path() { return `/api/hsds/services/${hsds.service}`; }, auth: `Bearer tvk_${'E'.repeat(43)}` }],
      404: [{ get path() { return `/api/hsds/services/${hsds.sal}`; } }, { path: '/api/hsds/services/ac148810-d857-441c-9679-408f346de14b' }],
    },
  },
  '/api/hsds/service_at_locations': {
    get: {
      200: [{ path: '/api/hsds/service_at_locations?per_page=500' }],
      400: [{ path: '/api/hsds/service_at_locations?modified_after=tomorrow' }],
      401: [{ path: '/api/hsds/service_at_locations', auth: `Bearer tvk_${'F'.repeat(43)}` }],
    },
  },
  '/api/hsds/service_at_locations/{id}': {
    get: {
      200: [{ get path() { return `/api/hsds/service_at_locations/${hsds.sal}`; } }],
      400: [{ get path() { return `/api/hsds/service_at_locations/${hsds.sal}?page=1`; } }],
      401: [{ get path() { return `/api/hsds/service_at_locations/${hsds.sal}`; }, auth: `Bearer tvk_${'G'.repeat(43)}` }],
      404: [{ get path() { return `/api/hsds/service_at_locations/${hsds.service}`; } }],
    },
  },
  '/api/statistics': {
    get: {
      200: [{ path: '/api/statistics' }, { path: '/api/statistics?lang=sv' }],
      400: [{ path: '/api/statistics?municipality=611' }, { path: '/api/statistics?lang=de' }],
      401: [{ path: '/api/statistics', auth: `Bearer tvk_${'H'.repeat(43)}` }],
      404: [{ path: '/api/statistics?year=1999' }],
    },
  },
  '/api/statistics/{code}': {
    get: {
      200: [{ path: '/api/statistics/611?lang=en' }],
      400: [{ path: '/api/statistics/611?page=1' }],
      401: [{ path: '/api/statistics/611', auth: `Bearer tvk_${'I'.repeat(43)}` }],
      404: [{ path: '/api/statistics/999' }, { path: '/api/statistics/611?year=1999' }],
    },
  },
};
const hsds = {};

before(async () => {
  srv = await startServer({ args: PASSWORD_COST });
  doc = JSON.parse(readFileSync(DOC, 'utf8'));
  for (const [who, role, opts] of [['admin', 'admin'], ['tutor', 'tutor', { scopes: ['611'] }], ['municipal', 'municipal-coordinator', { municipality: '611' }], ['supporter', 'supporter']]) {
    const u = addUser(srv, `${who}.${unique('o')}@example.fi`, role, opts);
    tokens[who] = createToken(srv, u.email, 'openapi test');
  }
  const sal = JSON.parse((await request(`${srv.url}/api/hsds/service_at_locations?per_page=1`)).text).contents[0];
  hsds.service = sal.service_id;
  hsds.sal = sal.id;
});

after(async () => { await srv?.stop(); });

describe('the OpenAPI document', () => {
  it('is served at /api/openapi.json, byte for byte the file', async () => {
    const res = await request(`${srv.url}/api/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.equal(res.text, readFileSync(DOC, 'utf8'));
    assert.equal(doc.openapi, '3.1.0');
  });

  it('passes redocly lint (recommended-strict, no network)', { timeout: 180000 }, () => {
    assert.ok(existsSync(REDOCLY), `${REDOCLY} is missing: run npm ci`);
    const r = lint(DOC);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /valid/);
    // The lint fails on a broken document, so the check above means something.
    const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
    try {
      const broken = JSON.parse(JSON.stringify(doc));
      delete broken.paths['/api/v1/me'].get.responses;
      broken.paths['/api/v1/me'].get.operationId = 'getOpenApi';
      writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken));
      assert.notEqual(lint(path.join(dir, 'broken.json')).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents every API route, and names no path that is not one', () => {
    const run = spawnSync(serverBin(), ['routes'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const routes = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const api = routes.filter((r) => r.pattern.startsWith('/api/'));
    assert.ok(api.length >= 3);
    const asOpenApi = (p) => p.replace(/:([a-z_]+)/g, '{$1}');
    for (const r of api) {
      const p = doc.paths[asOpenApi(r.pattern)];
      assert.ok(p, `route ${r.name} (${r.pattern}) is not in the document`);
      for (const m of r.methods) assert.ok(p[m.toLowerCase()], `${m} ${r.pattern} is not in the document`);
    }
    const patterns = new Set(api.map((r) => asOpenApi(r.pattern)));
    for (const p of Object.keys(doc.paths)) assert.ok(patterns.has(p), `${p} is documented but not a route`);
  });
});

describe('real answers match the document', () => {
  it('has a request for every documented path, method and status', () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        for (const status of Object.keys(op.responses)) {
          assert.ok(CASES[p]?.[m]?.[status]?.length, `no test request for ${m.toUpperCase()} ${p} ${status}`);
        }
      }
    }
  });

  for (const [p, ops] of Object.entries(CASES)) {
    for (const [m, statuses] of Object.entries(ops)) {
      for (const [status, cases] of Object.entries(statuses)) {
        it(`${m.toUpperCase()} ${p} ${status}`, async () => {
          for (const c of cases) {
            const headers = {};
            if (c.as) headers.authorization = `Bearer ${tokens[c.as]}`;
            if (c.auth) headers.authorization = c.auth;
            if (c.lang) headers['accept-language'] = c.lang;
            const res = await request(srv.url + c.path, { method: m.toUpperCase(), headers });
            assert.equal(res.status, Number(status), `${c.path} as ${c.as ?? c.auth ?? 'anonymous'}: ${res.text.slice(0, 200)}`);
            const body = conforms(p, m, res);
            if (p === '/api/v1/periods/{id}/actions' && status === '200') {
              assert.ok(body.actions.length > 0, 'the demo period has actions to check');
            }
            if (status === '401' && c.auth) assert.match(res.headers['www-authenticate'], /error="invalid_token"/);
          }
        });
      }
    }
  }

  it('the validator catches what does not match', () => {
    const me = { id: 1, email: 'a@example.fi', name: 'A', role: 'admin', scopes: [], can_write: true };
    const s = { $ref: '#/components/schemas/Me' };
    assert.deepEqual(check(s, me), []);
    assert.notDeepEqual(check(s, { ...me, extra: 1 }), []);
    assert.notDeepEqual(check(s, { ...me, role: 'boss' }), []);
    assert.notDeepEqual(check(s, { ...me, id: '1' }), []);
    const { can_write: _, ...without } = me;
    assert.notDeepEqual(check(s, without), []);
    assert.notDeepEqual(check({ $ref: '#/components/schemas/Action' }, { id: 1 }), []);
  });
});

describe('the API behind a session', () => {
  it('a signed-in browser gets the same shapes', async () => {
    const u = addUser(srv, `sess.${unique('s')}@example.fi`, 'coordinator');
    const c = await signIn(srv.url, u.email, u.password);
    for (const p of ['/api/v1/me', '/api/v1/periods/3/actions']) {
      const res = await c.get(p);
      assert.equal(res.status, 200, p);
      conforms(p === '/api/v1/me' ? p : '/api/v1/periods/{id}/actions', 'get', res);
    }
  });
});
