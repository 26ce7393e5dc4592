// The directory's open data (issue #15): /api/hsds/... answers Open
// Referral HSDS 3.0, checked with ajv against the schemas HSDS publishes
// (../shared/schemas/hsds-3.0/schema/compiled/*.json): every page of both
// lists, every service in full and services at locations in full; the
// paginated-list header of HSDS's API reference; modified_after, lang and
// per_page; CORS for GET; bad parameters 400 and unknown, foreign or
// closed ids 404.  Schedules: the weekly hours as WEEKLY rules with the
// Helsinki offset in force, public holidays as closed days outside every
// opening schedule (HSDS has no holidays, Open Referral issue #440), an
// exception's note kept.  The same file runs on PostgreSQL in http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer, request, repoRoot } from '../lib/server.mjs';
import { sqlite } from '../lib/auth.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const HSDS = path.join(repoRoot, '..', 'shared', 'schemas', 'hsds-3.0', 'schema');
const HSDS_DIR = existsSync(HSDS) ? HSDS : '/work/shared/schemas/hsds-3.0/schema';
const schema = (name) => JSON.parse(readFileSync(path.join(HSDS_DIR, 'compiled', `${name}.json`), 'utf8'));

let srv;
let ajv;
const v = {};
const q = (s) => sqlite(srv.db, s).trim();

async function get(p, headers = {}) {
  const res = await request(srv.url + p, { headers });
  return { ...res, json: res.headers['content-type']?.startsWith('application/json') ? JSON.parse(res.text) : null };
}

/** Asserts that data is valid for the compiled validator fn. */
function valid(fn, data, what) {
  const ok = fn(data);
  assert.ok(ok, `${what}: ${ajv.errorsText(fn.errors, { separator: '\n' })}\n${JSON.stringify(data).slice(0, 600)}`);
}

/** HSDS's paginated-list header (API reference, "Lists"). */
function page(body, what) {
  valid(v.page, body, what);
  for (const k of ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents']) {
    assert.ok(k in body, `${what}: no ${k}`);
  }
  assert.equal(body.size, body.contents.length, what);
}

/** Every item of a list, walking its pages. */
async function walk(list, perPage, extra = '') {
  const items = [];
  let total = null;
  for (let p = 1; ; p++) {
    const res = await get(`/api/hsds/${list}?page=${p}&per_page=${perPage}${extra}`);
    assert.equal(res.status, 200, res.text);
    page(res.json, `${list} page ${p}`);
    assert.equal(res.json.page_number, p);
    assert.equal(res.json.first_page, p === 1);
    total ??= res.json.total_items;
    assert.equal(res.json.total_items, total, 'the total does not change between pages');
    items.push(...res.json.contents);
    if (res.json.last_page) {
      assert.equal(res.json.total_pages, Math.max(p, Math.ceil(total / perPage)));
      break;
    }
    assert.ok(p < 1000);
  }
  assert.equal(items.length, total);
  return items;
}

/** Helsinki's UTC offset "+02:00"/"+03:00" at noon of a date. */
function offsetOf(date) {
  const d = new Date(`${date}T12:00:00Z`);
  const s = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', timeZoneName: 'longOffset' }).format(d);
  return /GMT([+-]\d{2}:\d{2})/.exec(s)[1];
}

const isoDay = (t) => new Date(t).toISOString().slice(0, 10);
const nextDate = (month, day) => {
  const now = new Date();
  let y = now.getUTCFullYear();
  if (`${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` < isoDay(now)) y++;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

before(async () => {
  srv = await startServer();
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  v.service = ajv.compile(schema('service'));
  v.serviceList = ajv.compile(schema('service_list'));
  v.sal = ajv.compile(schema('service_at_location'));
  v.salList = ajv.compile(schema('service_at_location_list'));
  const api = JSON.parse(readFileSync(path.join(HSDS_DIR, 'openapi.json'), 'utf8'));
  v.page = ajv.compile({
    ...api.components.schemas.Page,
    required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
    properties: { ...api.components.schemas.Page.properties, contents: { type: 'array' } },
  });
  v.meta = ajv.compile(api.paths['/'].get.responses['200'].content['application/json'].schema);
});

after(async () => { await srv?.stop(); });

describe('the validators', () => {
  it('refuse what HSDS does not allow, so that passing means something', () => {
    const ok = { id: '8088be05-7d28-8001-8000-000000000001', name: 'x', status: 'active' };
    assert.ok(v.serviceList(ok));
    assert.ok(!v.serviceList({ ...ok, status: 'open' }));
    assert.ok(!v.serviceList({ ...ok, id: '1' }));
    assert.ok(!v.serviceList({ name: 'x', status: 'active' }));
    assert.ok(!v.service({ ...ok, schedules: [{ id: 'a', freq: 'DAILY' }] }));
    assert.ok(!v.sal({ id: ok.id, location: { id: ok.id } }));
  });
});

describe('GET /api/hsds', () => {
  it('says which HSDS and where the OpenAPI document is, readable from any origin', async () => {
    const res = await get('/api/hsds');
    assert.equal(res.status, 200);
    valid(v.meta, res.json, '/');
    assert.equal(res.json.version, '3.0');
    assert.match(res.json.openapi_url, /\/api\/openapi\.json$/);
    assert.equal(res.headers['access-control-allow-origin'], '*');
  });
});

describe('the lists', () => {
  it('services: every published point once, each valid, in pages', async () => {
    const items = await walk('services', 40);
    for (const s of items) valid(v.serviceList, s, `service ${s.id}`);
    assert.equal(new Set(items.map((s) => s.id)).size, items.length);
    const published = Number(q("SELECT count(*) FROM service_point WHERE status <> 'closed'"));
    assert.equal(items.length, published);
    assert.ok(published >= 150);
    assert.ok(items.some((s) => s.status === 'temporarily closed') || !Number(q("SELECT count(*) FROM service_point WHERE status = 'temporarily_closed'")));
  });

  it('service_at_locations: each valid, with its service and location', async () => {
    const items = await walk('service_at_locations', 500);
    for (const s of items) {
      valid(v.salList, s, `service_at_location ${s.id}`);
      assert.equal(s.service.id, s.service_id);
      assert.equal(s.location.id, s.location_id);
    }
    const withPoint = items.filter((s) => typeof s.location.latitude === 'number');
    assert.ok(withPoint.length > 100);
    for (const s of withPoint) {
      assert.ok(s.location.latitude > 59.5 && s.location.latitude < 70.5, 'WGS84 latitude in Finland');
      assert.ok(s.location.longitude > 19 && s.location.longitude < 32);
    }
  });

  it('a page past the end is empty; per_page bounds the size', async () => {
    const first = (await get('/api/hsds/services?per_page=7')).json;
    assert.equal(first.size, 7);
    assert.equal(first.total_pages, Math.ceil(first.total_items / 7));
    const past = await get(`/api/hsds/services?per_page=7&page=${first.total_pages + 1}`);
    assert.equal(past.status, 200);
    page(past.json, 'past the end');
    assert.equal(past.json.size, 0);
    assert.equal(past.json.empty, false, 'the result set is not empty, the page is');
    assert.equal(past.json.last_page, true);
  });

  it('modified_after keeps the points changed at or after the moment', async () => {
    const id = Number(q("SELECT min(id) FROM service_point WHERE status = 'active'"));
    q(`UPDATE service_point SET updated_at = 4102444800 WHERE id = ${id}`); // 2100-01-01
    const later = await get('/api/hsds/services?modified_after=2099-12-31T23:00:00Z');
    assert.equal(later.status, 200);
    assert.equal(later.json.total_items, 1);
    assert.equal(later.json.contents[0].last_modified, '2100-01-01T00:00:00Z');
    const withOffset = await get(`/api/hsds/service_at_locations?modified_after=${encodeURIComponent('2100-01-01T02:00:00+02:00')}`);
    assert.equal(withOffset.json.total_items, 1, 'the same moment written in Helsinki time');
    const after = await get('/api/hsds/services?modified_after=2100-01-01T00:00:01Z');
    assert.equal(after.json.total_items, 0);
    assert.equal(after.json.empty, true);
    const all = await get('/api/hsds/services?modified_after=1970-01-01');
    assert.ok(all.json.total_items >= 150);
  });

  it('speaks the language asked, by ?lang= or Accept-Language', async () => {
    const id = q("SELECT id FROM service_point WHERE name_sv <> '' AND name_sv <> name_fi AND status = 'active' ORDER BY id LIMIT 1");
    const sv = q(`SELECT name_sv FROM service_point WHERE id = ${id}`);
    const fi = q(`SELECT name_fi FROM service_point WHERE id = ${id}`);
    const find = (body) => body.contents.find((s) => s.name === sv || s.name === fi)?.name;
    const n = Number(q(`SELECT count(*) FROM service_point WHERE id < ${id} AND status <> 'closed'`));
    const pageOf = Math.floor(n / 50) + 1;
    const bySv = await get(`/api/hsds/services?lang=sv&page=${pageOf}`);
    assert.equal(bySv.headers['content-language'], 'sv');
    assert.equal(find(bySv.json), sv);
    const byHeader = await get(`/api/hsds/services?page=${pageOf}`, { 'accept-language': 'sv' });
    assert.equal(find(byHeader.json), sv);
    assert.equal(find((await get(`/api/hsds/services?lang=fi&page=${pageOf}`)).json), fi);
  });

  it('format=ndjson gives every item at once, one valid object a line', async () => {
    const total = (await get('/api/hsds/services')).json.total_items;
    for (const [list, fn] of [['services', v.serviceList], ['service_at_locations', v.salList]]) {
      const res = await get(`/api/hsds/${list}?format=ndjson&lang=sv`);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'], /^application\/x-ndjson/);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.ok(res.text.endsWith('\n'));
      const lines = res.text.slice(0, -1).split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, total, list);
      for (const o of lines) valid(fn, o, `${list} ${o.id}`);
      assert.equal(new Set(lines.map((o) => o.id)).size, total);
    }
    const some = await get('/api/hsds/services?format=ndjson&modified_after=2100-01-01');
    assert.equal(some.status, 200);
    assert.equal(some.text.trim().split('\n').length, 1, 'the point changed in 2100 (the test above)');
    assert.equal((await get('/api/hsds/services?format=ndjson&page=2')).status, 400);
    assert.equal((await get('/api/hsds/services?format=xml')).status, 400);
    assert.equal((await get('/api/hsds/services?format=json')).status, 200);
  });

  it('refuses what it cannot read with 400 and a JSON error, and names no unknown filter as done', async () => {
    for (const p of ['page=0', 'page=x', 'per_page=501', 'per_page=0', 'modified_after=2026-02-30',
      'modified_after=yesterday', 'modified_after=2026-12-05T25:00:00Z', 'lang=de', 'search=pankki',
      'taxonomy_term_id=x']) {
      const res = await get(`/api/hsds/services?${p}`);
      assert.equal(res.status, 400, p);
      assert.equal(typeof res.json.error, 'string', p);
    }
  });
});

describe('one service, one service at location', () => {
  it('every service in full is valid HSDS, with its location, address, phones, languages and accessibility', async () => {
    const items = await walk('services', 500);
    for (const s of items) {
      const res = await get(`/api/hsds/services/${s.id}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      valid(v.service, res.json, `service ${s.id}`);
      assert.equal(res.json.service_at_locations.length, 1);
      const sal = res.json.service_at_locations[0];
      assert.equal(sal.service_id, s.id);
      for (const sc of sal.schedules) assert.equal(sc.service_at_location_id, sal.id);
    }
  });

  it('maps a point field by field', async () => {
    const row = q("SELECT id || '|' || street || '|' || postcode || '|' || phone || '|' || (acc_step_free + acc_lift + acc_toilet + acc_parking + acc_loop + acc_quiet + acc_large_text + acc_guide_dog) FROM service_point WHERE status = 'active' AND street <> '' AND phone <> '' ORDER BY id LIMIT 1").split('|');
    const list = (await get('/api/hsds/services?per_page=500')).json.contents;
    const n = Number(q(`SELECT count(*) FROM service_point WHERE id < ${row[0]} AND status <> 'closed'`));
    const s = (await get(`/api/hsds/services/${list[n].id}?lang=en`)).json;
    const loc = s.service_at_locations[0].location;
    assert.equal(loc.addresses[0].address_1, row[1]);
    assert.equal(loc.addresses[0].postal_code, row[2]);
    assert.equal(loc.addresses[0].country, 'FI');
    assert.equal(loc.addresses[0].state_province, 'Uusimaa');
    assert.equal(s.phones[0].number, row[3]);
    assert.equal(loc.accessibility.length, Number(row[4]));
    const langs = q(`SELECT group_concat(lang) FROM (SELECT lang FROM service_point_language WHERE point_id = ${row[0]} ORDER BY lang)`).split(',');
    assert.deepEqual(s.languages.map((l) => l.code).sort(), langs);
    const topics = Number(q(`SELECT count(*) FROM service_point_topic WHERE point_id = ${row[0]}`));
    assert.equal(s.attributes.filter((a) => a.link_type === 'topic').length, topics);
    assert.ok(s.attributes.every((a) => a.taxonomy_term.language === 'en'));
  });

  it('gives the accessibility notes as one more accessibility description, in the language asked or the one there is', async () => {
    const row = q("SELECT id || '|' || (acc_step_free + acc_lift + acc_toilet + acc_parking + acc_loop + acc_quiet + acc_large_text + acc_guide_dog) FROM service_point WHERE status = 'active' ORDER BY id LIMIT 1").split('|');
    const list = (await get('/api/hsds/services?per_page=500')).json.contents;
    const n = Number(q(`SELECT count(*) FROM service_point WHERE id < ${row[0]} AND status <> 'closed'`));
    const acc = async (lang) => {
      const res = await get(`/api/hsds/services/${list[n].id}?lang=${lang}`);
      valid(v.service, res.json, `service ${list[n].id}`);
      return res.json.service_at_locations[0].location.accessibility;
    };
    const without = await acc('en');
    assert.equal(without.length, Number(row[1]));
    q(`UPDATE service_point SET access_notes_fi = 'Ovikello on oven vieressä.', access_notes_en = 'The doorbell is by the door.' WHERE id = ${row[0]}`);
    try {
      const en = await acc('en');
      assert.equal(en.length, without.length + 1);
      assert.deepEqual(en.slice(0, -1), without, 'the facts keep their ids');
      assert.equal(en.at(-1).description, 'The doorbell is by the door.');
      assert.equal((await acc('sv')).at(-1).description, 'Ovikello on oven vieressä.');
      assert.equal((await acc('sv')).at(-1).id, en.at(-1).id);
    } finally {
      q(`UPDATE service_point SET access_notes_fi = '', access_notes_en = '' WHERE id = ${row[0]}`);
    }
  });

  it('a service at location in full is valid HSDS', async () => {
    const items = (await get('/api/hsds/service_at_locations?per_page=30')).json.contents;
    for (const s of items) {
      const res = await get(`/api/hsds/service_at_locations/${s.id}?lang=sv`);
      assert.equal(res.status, 200, res.text);
      valid(v.sal, res.json, `service_at_location ${s.id}`);
      assert.equal(res.json.location.id, s.location_id);
    }
  });

  it('is 404 for an id that is not ours, of another kind, or of a closed point, and 400 for an unknown parameter', async () => {
    const list = (await get('/api/hsds/services?per_page=3')).json.contents;
    const sal = (await get('/api/hsds/service_at_locations?per_page=3')).json.contents;
    assert.equal((await get(`/api/hsds/services/${sal[0].id}`)).status, 404, 'a service_at_location id is no service');
    assert.equal((await get(`/api/hsds/service_at_locations/${list[0].id}`)).status, 404);
    assert.equal((await get('/api/hsds/services/ac148810-d857-441c-9679-408f346de14b')).status, 404);
    assert.equal((await get('/api/hsds/services/123')).status, 404);
    assert.equal((await get(`/api/hsds/services/${list[0].id.slice(0, 24)}ffffffffffff`)).status, 404);
    assert.equal((await get(`/api/hsds/services/${list[0].id}?full=true`)).status, 400);
    const id = Number(q("SELECT max(id) FROM service_point WHERE status = 'active'"));
    const uuid = list[0].id.replace(/[0-9a-f]{12}$/, id.toString(16).padStart(12, '0'));
    assert.equal((await get(`/api/hsds/services/${uuid}`)).status, 200);
    const before = (await get('/api/hsds/services?per_page=1')).json.total_items;
    assert.equal(String(before), q("SELECT count(*) FROM service_point WHERE status <> 'closed'"));
    // The published count is kept by the store's save (directory_count);
    // closing the point in SQL behind its back keeps it here too.
    q(`UPDATE service_point SET status = 'closed' WHERE id = ${id}; UPDATE directory_count SET published = published - 1`);
    try {
      assert.equal((await get(`/api/hsds/services/${uuid}`)).status, 404);
      const all = await walk('services', 500);
      assert.ok(!all.some((s) => s.id === uuid), 'a closed point is not in the list');
      assert.equal(all.length, before - 1);
    } finally {
      q(`UPDATE service_point SET status = 'active' WHERE id = ${id}; UPDATE directory_count SET published = published + 1`);
    }
  });
});

describe('schedules', () => {
  /** The schedules of point id (in full, in English). */
  async function schedulesOf(id) {
    const list = (await get('/api/hsds/services?per_page=500')).json.contents;
    const uuid = `${list[0].id.slice(0, 14)}8003-8000-${Number(id).toString(16).padStart(12, '0')}`;
    const res = await get(`/api/hsds/service_at_locations/${uuid}?lang=en`);
    assert.equal(res.status, 200, res.text);
    return res.json.schedules;
  }
  const covers = (s, day) => s.valid_from <= day && day <= s.valid_to;
  const weekday = (day) => ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(`${day}T12:00:00Z`).getUTCDay()];
  const opens = (s, day) => covers(s, day) && s.opens_at && s.byday.split(',').includes(weekday(day));

  it('say the weekly hours with the Helsinki offset in force, and cover a year from today', async () => {
    const id = q("SELECT id FROM service_point WHERE status = 'active' AND EXISTS (SELECT 1 FROM service_point_hours h WHERE h.point_id = service_point.id AND h.period_id IS NULL) ORDER BY id LIMIT 1");
    const sc = await schedulesOf(id);
    assert.ok(sc.length > 0);
    for (const s of sc) {
      if (!s.opens_at) continue;
      assert.equal(s.freq, 'WEEKLY');
      const off = offsetOf(s.valid_from);
      assert.equal(offsetOf(s.valid_to), off, `${s.valid_from}..${s.valid_to} is one offset`);
      assert.ok(s.opens_at.endsWith(off) && s.closes_at.endsWith(off), JSON.stringify(s));
      assert.equal(s.timezone, Number(off.slice(0, 3)));
      assert.match(s.opens_at, /^\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    }
    const days = sc.map((s) => s.valid_from).sort();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
    assert.equal(days[0], today);
    assert.ok(sc.some((s) => s.valid_to >= isoDay(Date.now() + 360 * 86400e3)));
    assert.ok(sc.some((s) => s.timezone === 2) && sc.some((s) => s.timezone === 3), 'both offsets within a year');
  });

  it('close a point that closes on holidays on Christmas Day, in words and by leaving the day out', async () => {
    const christmas = nextDate(12, 25);
    const id = q("SELECT id FROM service_point WHERE status = 'active' AND closed_on_holidays = 1 AND EXISTS (SELECT 1 FROM service_point_hours h WHERE h.point_id = service_point.id AND h.period_id IS NULL) ORDER BY id LIMIT 1");
    q(`DELETE FROM service_point_exception WHERE point_id = ${id}`);
    const sc = await schedulesOf(id);
    const that = sc.filter((s) => covers(s, christmas));
    assert.equal(that.length, 1, JSON.stringify(that));
    assert.equal(that[0].valid_from, christmas);
    assert.equal(that[0].valid_to, christmas);
    assert.equal(that[0].opens_at, undefined);
    assert.equal(that[0].description, 'Closed');
    assert.equal(that[0].notes, 'Christmas Day');
    assert.ok(!sc.some((s) => opens(s, christmas)));
  });

  it('keep a point open on holidays when it does not close on them', async () => {
    const christmas = nextDate(12, 25);
    const wd = new Date(`${christmas}T12:00:00Z`).getUTCDay() || 7;
    const id = q(`SELECT id FROM service_point WHERE status = 'active' AND EXISTS (SELECT 1 FROM service_point_hours h WHERE h.point_id = service_point.id AND h.period_id IS NULL AND h.weekday = ${wd}) ORDER BY id LIMIT 1`);
    q(`DELETE FROM service_point_exception WHERE point_id = ${id}`);
    q(`DELETE FROM service_point_period WHERE point_id = ${id}`);
    q(`UPDATE service_point SET closed_on_holidays = 0 WHERE id = ${id}`);
    const sc = await schedulesOf(id);
    assert.ok(sc.some((s) => opens(s, christmas)), 'open on Christmas Day by its week');
    assert.ok(!sc.some((s) => covers(s, christmas) && s.description === 'Closed'));
  });

  it('give an exception day its own schedule with its note', async () => {
    const id = q("SELECT id FROM service_point WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET 3");
    const day = isoDay(Date.now() + 10 * 86400e3);
    const num = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86400e3);
    q(`DELETE FROM service_point_exception WHERE point_id = ${id}`);
    q(`INSERT INTO service_point_exception (point_id, day, start_min, end_min, state, note_fi, note_sv, note_en) VALUES (${id}, ${num}, 600, 720, 2, 'Vain ajanvaraus', 'Endast tidsbokning', 'Appointments only')`);
    const sc = await schedulesOf(id);
    const that = sc.filter((s) => covers(s, day));
    assert.equal(that.length, 1, JSON.stringify(that));
    assert.equal(that[0].opens_at.slice(0, 5), '10:00');
    assert.equal(that[0].closes_at.slice(0, 5), '12:00');
    assert.equal(that[0].count, 1);
    assert.equal(that[0].dtstart, day);
    assert.equal(that[0].attending_type, 'by appointment');
    assert.equal(that[0].notes, 'Appointments only');
  });
});
