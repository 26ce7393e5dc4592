// The directory's full open-data export (issue #15): `tukiverkko export
// hsds DIR` on the demo database writes, for fi, sv and en, every
// published service in full as NDJSON (each line valid HSDS 3.0 by ajv
// against ../shared/schemas/hsds-3.0/schema/compiled/service.json, and the
// same object the API gives for it), each organisation once, and HSDS's
// tabular data package: datapackage.json with the fields, types and
// formats of HSDS's tabular schema, a CSV per table whose header is the
// package's fields, values of those types, unique ids and references
// that resolve, and as many rows as the JSON has objects.  A non-empty
// DIR, or one that cannot be made, is refused with a message and nothing
// written.  The same file runs on PostgreSQL in http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, request, repoRoot } from '../lib/server.mjs';
import { cli, sqlite } from '../lib/auth.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const HSDS = [path.join(repoRoot, '..', 'shared', 'schemas', 'hsds-3.0', 'schema'), '/work/shared/schemas/hsds-3.0/schema']
  .find((d) => existsSync(d));
const schema = (name) => JSON.parse(readFileSync(path.join(HSDS, 'compiled', `${name}.json`), 'utf8'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let srv;
let dir;
let out;
const run = (...args) => cli(srv.bin, ['export', 'hsds', ...args, '--db', srv.db, '--base-url', srv.url], { allowFail: true });
const lines = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

/** RFC 4180: records end in CRLF; quoted fields may hold , " CR LF. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.notEqual(c, '\n', 'a bare LF outside quotes');
    assert.notEqual(c, '"', 'a quote inside an unquoted field');
    field += c; i++;
  }
  assert.equal(field, '', 'the last record ends in CRLF');
  assert.equal(row.length, 0);
  return rows;
}

before(async () => {
  srv = await startServer();
  dir = mkdtempSync(path.join(tmpdir(), 'hsds-export-'));
  out = path.join(dir, 'out');
});

after(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tukiverkko export hsds', () => {
  it('is in the help, and says how to use it', () => {
    assert.match(cli(srv.bin, ['--help']).stdout, /export hsds DIR/);
    const wrong = cli(srv.bin, ['export', 'json', 'x', '--db', srv.db], { allowFail: true });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /usage: tukiverkko export hsds DIR/);
  });

  it('refuses a directory that is not empty, or cannot be made, and writes nothing', () => {
    const full = path.join(dir, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'keep.txt'), 'mine');
    let r = run(full);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /export hsds: .*full is not empty; give a new or an empty directory/);
    assert.deepEqual(readdirSync(full), ['keep.txt']);
    assert.equal(readFileSync(path.join(full, 'keep.txt'), 'utf8'), 'mine');
    r = run(path.join(full, 'keep.txt', 'sub'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot make the directory .*keep\.txt\/sub: Not a directory/);
    r = run(path.join(full, 'keep.txt'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /keep\.txt is not a directory/);
    assert.deepEqual(readdirSync(full), ['keep.txt']);
  });

  it('writes every published service in each language as valid HSDS, the same objects as the API', async () => {
    const r = run(out);
    assert.equal(r.status, 0, r.stderr);
    const published = Number(sqlite(srv.db, "SELECT count(*) FROM service_point WHERE status <> 'closed'").trim());
    assert.ok(published >= 150);
    assert.deepEqual(readdirSync(out).sort(), ['en', 'fi', 'sv']);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const service = ajv.compile(schema('service'));
    const organization = ajv.compile(schema('organization'));
    for (const lang of ['fi', 'sv', 'en']) {
      assert.match(r.stdout, new RegExp(`^${lang}: ${published} services, \\d+ organisations`, 'm'));
      const services = lines(path.join(out, lang, 'services.ndjson'));
      assert.equal(services.length, published, lang);
      assert.equal(new Set(services.map((s) => s.id)).size, published);
      for (const s of services) {
        assert.ok(service(s), `${lang} ${s.id}: ${ajv.errorsText(service.errors)}`);
        assert.ok(s.service_at_locations[0].schedules.length > 0);
      }
      const orgs = lines(path.join(out, lang, 'organizations.ndjson'));
      for (const o of orgs) assert.ok(organization(o), `${lang} ${o.id}: ${ajv.errorsText(organization.errors)}`);
      assert.deepEqual(new Set(orgs.map((o) => o.id)), new Set(services.map((s) => s.organization_id).filter(Boolean)));
      // The same code as the API: a service is what /api/hsds gives.
      const api = await request(`${srv.url}/api/hsds/services/${services[0].id}?lang=${lang}`);
      assert.equal(api.status, 200);
      assert.deepEqual(services[0], JSON.parse(api.text), lang);
    }
    const sv = lines(path.join(out, 'sv', 'services.ndjson'));
    assert.ok(sv.some((s, i) => s.service_at_locations[0].schedules[0].description !== lines(path.join(out, 'fi', 'services.ndjson'))[i].service_at_locations[0].schedules[0].description),
      'the Swedish export is in Swedish');
  });

  it('writes HSDS tabular data packages whose CSV files match their datapackage.json and the JSON', () => {
    const tabular = schema('tabular').properties;
    const byPath = Object.fromEntries(Object.values(tabular).map((t) => [t.items.path, t.items]));
    for (const lang of ['fi', 'sv', 'en']) {
      const csvDir = path.join(out, lang, 'csv');
      const pkg = JSON.parse(readFileSync(path.join(csvDir, 'datapackage.json'), 'utf8'));
      assert.equal(pkg.profile, 'tabular-data-package');
      assert.match(pkg.name, /^[a-z0-9._-]+$/);
      const files = readdirSync(csvDir).filter((f) => f.endsWith('.csv')).sort();
      assert.deepEqual(pkg.resources.map((r) => r.path).sort(), files, 'every CSV is a resource and every resource a file');
      const tables = {};
      for (const res of pkg.resources) {
        const spec = byPath[res.path];
        assert.ok(spec, `${res.path} is an HSDS table`);
        assert.equal(res.name, spec.name);
        assert.equal(res.profile, 'tabular-data-resource');
        // The fields: HSDS's own, by name, type and format, in its order.
        const specFields = Object.values(spec.properties).filter((p) => p.type !== 'array' && p.type !== 'object');
        assert.deepEqual(res.schema.fields.map((f) => f.name), specFields.map((f) => f.name), res.path);
        for (const f of res.schema.fields) {
          const s = spec.properties[f.name];
          assert.equal(f.type, s.type, `${res.path} ${f.name}`);
          if (f.format) assert.equal(f.format, s.format, `${res.path} ${f.name}`);
        }
        const rows = parseCsv(readFileSync(path.join(csvDir, res.path), 'utf8'));
        assert.deepEqual(rows[0], res.schema.fields.map((f) => f.name), `${res.path}: the header is the fields`);
        const records = rows.slice(1).map((row, n) => {
          assert.equal(row.length, res.schema.fields.length, `${res.path} record ${n + 1}`);
          return Object.fromEntries(row.map((v, k) => [res.schema.fields[k].name, v]));
        });
        for (const rec of records) {
          for (const f of res.schema.fields) {
            const v = rec[f.name];
            if (v === '') continue;
            if (f.type === 'number') assert.ok(Number.isFinite(Number(v)), `${res.path} ${f.name} ${v}`);
            if (f.format === 'uuid') assert.match(v, UUID, `${res.path} ${f.name}`);
          }
          for (const req of spec.required ?? []) assert.notEqual(rec[req], '', `${res.path} ${rec.id}: ${req} is required`);
        }
        assert.equal(res.schema.primaryKey, 'id');
        assert.equal(new Set(records.map((x) => x.id)).size, records.length, `${res.path}: ids are unique`);
        tables[res.name] = { res, records, ids: new Set(records.map((x) => x.id)) };
      }
      for (const { res, records } of Object.values(tables)) {
        for (const fk of res.schema.foreignKeys) {
          const target = tables[fk.reference.resource];
          assert.ok(target, `${res.path}: ${fk.reference.resource} is in the package`);
          for (const rec of records) {
            if (rec[fk.fields] !== '') assert.ok(target.ids.has(rec[fk.fields]), `${res.path} ${rec.id}: ${fk.fields} ${rec[fk.fields]} resolves`);
          }
        }
      }
      // As many rows as the JSON has objects, with the JSON's values.
      const services = lines(path.join(out, lang, 'services.ndjson'));
      const sals = services.flatMap((s) => s.service_at_locations);
      assert.equal(tables.service.records.length, services.length);
      assert.equal(tables.service_at_location.records.length, sals.length);
      assert.equal(tables.schedule.records.length, sals.flatMap((s) => s.schedules).length);
      assert.equal(tables.phone.records.length, services.flatMap((s) => s.phones).length + sals.flatMap((s) => s.phones).length);
      assert.equal(tables.attribute.records.length, services.flatMap((s) => s.attributes).length);
      assert.equal(tables.accessibility.records.length, sals.flatMap((s) => s.location.accessibility).length);
      assert.ok(tables.phone.records.some((p) => p.number.startsWith('+')), 'a phone number keeps its +');
      const s = services.find((x) => x.service_at_locations[0].location.latitude !== undefined);
      const row = tables.service.records.find((x) => x.id === s.id);
      for (const [k, v] of Object.entries(s)) {
        if (typeof v !== 'object') assert.equal(row[k], String(v), `services.csv ${k}`);
      }
      const loc = tables.location.records.find((x) => x.id === s.service_at_locations[0].location.id);
      assert.equal(Number(loc.latitude), s.service_at_locations[0].location.latitude);
      const sched = s.service_at_locations[0].schedules[0];
      const srow = tables.schedule.records.find((x) => x.id === sched.id);
      for (const [k, v] of Object.entries(sched)) assert.equal(srow[k], String(v), `schedules.csv ${k}`);
    }
  });
});
