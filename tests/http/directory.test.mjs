// The directory of service points against the real binary, on the demo's
// 156 Uusimaa points: Finnish inflections and compounds through Voikko
// ("pankkitunnuksilla" and "tunnukset" find "pankkitunnus"), Swedish
// stems, prefixes as typed; every filter (municipality, topic, form of
// support, language, accessibility need, open now and open at, across
// midnight); order by distance; count and paging; the no-results help;
// a point's page (hours as a table and a sentence, accessibility per
// need); roles and scopes (a supporter edits only their own points,
// municipal coordinators their municipality's, wrong role 403, CSRF);
// bad input (unknown id 404, a form with several mistakes: 400, every
// mistake named, nothing written); every change audited.  The same file
// runs on PostgreSQL in the suite http-pg (but `demo --service-points N`,
// tried on a SQLite copy of the demo, runs in http only).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, isPgTarget, demoDatabaseCopy, onPg } from '../lib/server.mjs';
import {
  Client, addUser, cli, signIn, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

let srv;
const as = {};
const acct = {};
const q = (s) => sqlite(srv.db, s).trim();
const anon = () => new Client(srv.url);
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');

/**
 * The directory's rows and the audit log, for "nothing written" (the
 * whole-database snapshot of lib/auth.mjs is too big with the search
 * index's binary pages).
 */
const DIR_TABLES = ['service_point', 'service_point_topic', 'service_point_form', 'service_point_language',
  'service_point_period', 'service_point_hours', 'service_point_exception', 'service_point_open', 'audit_log'];
function snapshot() {
  const out = DIR_TABLES.map((t) => `${t}: ${q(`SELECT count(*) FROM ${t}`)} ${q(`SELECT max(${t === 'service_point' ? 'updated_at' : t === 'audit_log' ? 'id' : 'point_id'}) FROM ${t}`)}`);
  out.push(q('SELECT count(*) FROM service_point_search'));
  out.push(q('SELECT group_concat(name_fi) FROM (SELECT name_fi FROM service_point ORDER BY id)'));
  return out.join('\n');
}
const diffSnapshots = (a, b) => (a === b ? '' : `before:\n${a}\nafter:\n${b}`);

/** The result count and the ids listed on a search page. */
function results(html) {
  const m = /(?:Löytyneet palvelupisteet|Hittade servicepunkter|Service points found): (\d+)/.exec(textOf(html));
  const ids = [...html.matchAll(/<h3><a href="\/(?:fi|sv|en)\/directory\/(\d+)"/g)].map((x) => Number(x[1]));
  return { total: m ? Number(m[1]) : null, ids };
}

async function search(query, lang = 'fi') {
  const res = await anon().get(`/${lang}/directory?${new URLSearchParams(query)}`);
  assert.equal(res.status, 200, res.text.slice(0, 1500));
  return { ...results(res.text), html: res.text };
}

/** Helsinki's date and weekday (1 Monday .. 7 Sunday) at t seconds. */
function helsinki(t) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
  const parts = Object.fromEntries(f.formatToParts(new Date(t * 1000)).map((p) => [p.type, p.value]));
  const wd = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: wd };
}

/** The moment (seconds) of a Helsinki date and time "HH:MM". */
function helsinkiMoment(date, time) {
  for (const off of ['+02:00', '+03:00']) {
    const t = Math.floor(Date.parse(`${date}T${time}:00${off}`) / 1000);
    const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (f.format(new Date(t * 1000)) === time) return t;
  }
  throw new Error(`no such moment in Helsinki: ${date} ${time}`);
}

/** A full edit form for a point in municipality code, hours by weekday. */
function pointForm(fields = {}, week = {}) {
  const f = {
    name_fi: '', name_sv: '', name_en: '', summary_fi: '', summary_sv: '', summary_en: '',
    description_fi: '', description_sv: '', description_en: '', costs_fi: '', costs_sv: '', costs_en: '',
    booking_fi: '', booking_sv: '', booking_en: '', organisation: '', status: 'active', municipality: '611',
    street: 'Testitie 1', postcode: '07170', post_office: 'Pornainen', lat: '60.476', lon: '25.376',
    phone: '09 123 4567', email: '', web: '', languages: 'fi', exceptions: '',
  };
  for (let d = 1; d <= 7; d++) { f[`week_${d}`] = week[d] ?? ''; f[`appt_${d}`] = ''; }
  return { ...f, ...fields };
}

async function create(client, fields, week) {
  const res = await client.post('/fi/staff/directory', pointForm(fields, week));
  assert.equal(res.status, 303, textOf(res.text).slice(0, 1500));
  const m = /^\/fi\/staff\/directory\/(\d+)\?done=created$/.exec(res.headers.location);
  assert.ok(m, res.headers.location);
  return Number(m[1]);
}

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('d')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('coordinator', 'coordinator');
  add('admin', 'admin');
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('tutor', 'tutor', { scopes: ['611'] });
  const own = q("SELECT min(id) FROM service_point WHERE municipality_code = '611'");
  add('supporter', 'supporter', { scopes: [own] });
  acct.supporter.point = Number(own);
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
});

const oldDirs = [];
const oldDbs = [];
after(async () => {
  await srv?.stop();
  for (const c of oldDbs) c.drop();
  for (const d of oldDirs) rmSync(d, { recursive: true, force: true });
});

describe('the demo points', () => {
  it('are at least 150 across the 26 municipalities of Uusimaa, with hours, languages and topics', () => {
    assert.ok(Number(q('SELECT count(*) FROM service_point')) >= 150);
    assert.equal(q('SELECT count(DISTINCT municipality_code) FROM service_point'), '26');
    assert.ok(Number(q('SELECT count(DISTINCT lang) FROM service_point_language')) >= 5);
    assert.ok(Number(q('SELECT count(*) FROM service_point_exception')) > 0);
    assert.ok(Number(q('SELECT count(*) FROM service_point_period')) > 0);
    assert.ok(Number(q('SELECT count(*) FROM service_point_open')) > 0);
  });

  it('demo --service-points N adds N synthetic points across Finland, with hours, in the search\'s text index', () => {
    // On a database of its own holding the demo: the generator is what the
    // benchmarks load 10,000 and 100,000 points with (bench/directory).
    const d = mkdtempSync(path.join(tmpdir(), 'dir-demo-'));
    oldDirs.push(d);
    const copy = demoDatabaseCopy(d, srv.bin);
    oldDbs.push(copy);
    const db = copy.db;
    const dq = (s) => sqlite(db, s).trim();
    const before = Number(dq('SELECT count(*) FROM service_point'));
    const bad = cli(srv.bin, ['demo', '--db', db, ...PASSWORD_COST, '--service-points', '0'], { allowFail: true });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--service-points takes a number/);
    const r = cli(srv.bin, ['demo', '--db', db, ...PASSWORD_COST, '--service-points', '300']);
    assert.match(r.stdout, /300 service points added/);
    assert.equal(Number(dq('SELECT count(*) FROM service_point')), before + 300);
    const [regions, outside] = dq(`SELECT count(DISTINCT a.region_code) || ' ' || sum(CASE WHEN p.municipality_code NOT IN (SELECT code FROM directory_area WHERE region_code = '01') THEN 1 ELSE 0 END)
      FROM service_point p JOIN directory_area a ON a.code = p.municipality_code`).split(' ').map(Number);
    assert.ok(regions >= 15, `${regions} regions`);
    assert.ok(outside >= 200, `${outside} points outside Uusimaa`);
    assert.equal(dq('SELECT count(*) FROM service_point WHERE lat IS NULL OR lat NOT BETWEEN 59.5 AND 70.1 OR lon NOT BETWEEN 19 AND 31.6'), '0');
    assert.equal(dq('SELECT count(*) FROM service_point p WHERE NOT EXISTS (SELECT 1 FROM service_point_hours h WHERE h.point_id = p.id)'), '0');
    // The text index: SQLite's FTS5 table by rowid, PostgreSQL's by point.
    const key = onPg ? 's.point_id' : 's.rowid';
    assert.equal(dq(`SELECT count(*) FROM service_point p WHERE NOT EXISTS (SELECT 1 FROM service_point_search s WHERE ${key} = p.id)`), '0');
  });
});

describe('free text', () => {
  it('finds "pankkitunnus" from the inflected "pankkitunnuksilla" and from the part "tunnukset"', async () => {
    const want = q("SELECT count(*) FROM service_point WHERE status <> 'closed' AND description_fi LIKE '%pankkitunnu%'");
    assert.ok(Number(want) > 20);
    const a = await search({ q: 'pankkitunnuksilla' });
    const b = await search({ q: 'tunnukset' });
    assert.ok(a.total >= Number(want), `${a.total} < ${want}`);
    assert.ok(b.total >= Number(want), `${b.total} < ${want}`);
    const lib = Number(q("SELECT min(id) FROM service_point WHERE name_fi LIKE '%pääkirjasto' AND status = 'active'"));
    const all = await search({ q: 'pankkitunnuksilla', sort: 'name' });
    const pages = Math.ceil(all.total / 20);
    let found = false;
    for (let p = 1; p <= pages && !found; p++) {
      const r = await search({ q: 'pankkitunnuksilla', sort: 'name', page: String(p) });
      found = r.ids.includes(lib);
    }
    assert.ok(found, 'the main library is among the results');
  });

  it('splits compounds: "kirjasto" finds the main libraries ("pääkirjasto")', async () => {
    const r = await search({ q: 'kirjasto', municipality: '091' });
    const lib = Number(q("SELECT id FROM service_point WHERE name_fi = 'Helsingin pääkirjasto'"));
    assert.ok(r.ids.includes(lib), JSON.stringify(r.ids));
  });

  it('matches prefixes as the user types', async () => {
    const full = await search({ q: 'videopuhelut' });
    const pre = await search({ q: 'videopu' });
    assert.ok(full.total > 0);
    assert.ok(pre.total >= full.total);
  });

  it('stems Swedish: "bankkoderna" on the Swedish page finds the libraries ("bankkoder")', async () => {
    const r = await search({ q: 'bankkoderna', municipality: '091' }, 'sv');
    const lib = Number(q("SELECT id FROM service_point WHERE name_fi = 'Helsingin pääkirjasto'"));
    assert.ok(r.ids.includes(lib), JSON.stringify(r.ids));
  });

  it('starts from the front page: its search field goes to the directory in the page\'s language', async () => {
    const front = await anon().get('/sv/');
    const form = /<form method="get" action="([^"]+)" role="search"[^>]*>([\s\S]*?)<\/form>/.exec(front.text);
    assert.ok(form, 'the front page has a search form');
    assert.equal(form[1], '/sv/directory');
    assert.match(form[2], /<input type="search" id="help-q" name="q"/);
    assert.match(front.text, /<label for="help-q">/);
    const r = await search({ q: 'bankkoderna' }, 'sv');
    assert.ok(r.ids.length > 0, 'the front page\'s words find points');
  });

  it('answers a word nothing has with no results and help that removes a filter', async () => {
    const r = await search({ q: 'qqxyzzy', topic: 'banking' });
    assert.equal(r.total, 0);
    assert.match(textOf(r.html), /Hakuasi vastaavia palvelupisteitä ei löytynyt/);
    assert.match(r.html, /href="\/fi\/directory\?topic=banking"/);
    assert.match(r.html, /href="\/fi\/directory\?q=qqxyzzy"/);
  });

  it('takes quotes and operators as plain words', async () => {
    for (const s of ['"', 'a OR b', "'; DROP TABLE service_point; --", 'NEAR(x y)', '*', 'pank*', '(((']) {
      const res = await anon().get(`/fi/directory?${new URLSearchParams({ q: s })}`);
      assert.equal(res.status, 200, s);
    }
    assert.ok(Number(q('SELECT count(*) FROM service_point')) >= 150);
  });
});

describe('filters', () => {
  const ids = (sql) => new Set(q(sql).split('\n').filter(Boolean).map(Number));

  it('municipality, topic, form of support and language each keep only matching points', async () => {
    const checks = [
      [{ municipality: '638' }, "SELECT id FROM service_point WHERE municipality_code = '638' AND status <> 'closed'"],
      [{ topic: 'kela' }, "SELECT p.id FROM service_point p JOIN service_point_topic t ON t.point_id = p.id WHERE t.topic = 'kela' AND p.status <> 'closed'"],
      [{ form: 'home-visit' }, "SELECT p.id FROM service_point p JOIN service_point_form f ON f.point_id = p.id WHERE f.form = 'home-visit' AND p.status <> 'closed'"],
      [{ language: 'sv' }, "SELECT p.id FROM service_point p JOIN service_point_language l ON l.point_id = p.id WHERE l.lang = 'sv' AND p.status <> 'closed'"],
      [{ need: 'hearing' }, "SELECT id FROM service_point WHERE acc_loop = 1 AND status <> 'closed'"],
      [{ need: 'wheelchair' }, "SELECT id FROM service_point WHERE acc_step_free = 1 AND acc_lift = 1 AND acc_toilet = 1 AND status <> 'closed'"],
    ];
    for (const [query, sql] of checks) {
      const want = ids(sql);
      const r = await search({ ...query, sort: 'name' });
      assert.equal(r.total, want.size, JSON.stringify(query));
      assert.ok(want.size > 0 && want.size < 150, JSON.stringify(query));
      for (const id of r.ids) assert.ok(want.has(id), `${JSON.stringify(query)}: ${id}`);
    }
  });

  it('with words, each filter keeps the points it keeps without them (the text index answers some filters)', async () => {
    const everyId = async (query) => {
      const out = new Set();
      for (let page = 1; ; page++) {
        const r = await search({ ...query, page });
        for (const id of r.ids) out.add(id);
        if (r.ids.length < 20 || page > 20) return { total: r.total, ids: out };
      }
    };
    const words = await everyId({ q: 'digi', sort: 'name' });
    assert.ok(words.ids.size > 40, `${words.ids.size}`);
    for (const [query, sql] of [
      [{ municipality: '091' }, "SELECT id FROM service_point WHERE municipality_code = '091'"],
      [{ topic: 'banking' }, "SELECT point_id FROM service_point_topic WHERE topic = 'banking'"],
      [{ form: 'drop-in' }, "SELECT point_id FROM service_point_form WHERE form = 'drop-in'"],
      [{ language: 'sv' }, "SELECT point_id FROM service_point_language WHERE lang = 'sv'"],
      [{ language: 'fi' }, "SELECT point_id FROM service_point_language WHERE lang = 'fi'"],
      [{ topic: 'banking', language: 'fi', form: 'drop-in' }, "SELECT t.point_id FROM service_point_topic t JOIN service_point_form f ON f.point_id = t.point_id WHERE t.topic = 'banking' AND f.form = 'drop-in'"],
    ]) {
      const want = [...ids(sql)].filter((id) => words.ids.has(id)).sort((a, b) => a - b);
      for (const sort of ['name', 'relevance']) {
        const r = await everyId({ ...query, q: 'digi', sort });
        assert.equal(r.total, want.length, `${JSON.stringify(query)} ${sort}`);
        assert.deepEqual([...r.ids].sort((a, b) => a - b), want, `${JSON.stringify(query)} ${sort}`);
      }
    }
  });

  it('refuses unknown choices with 400 and names them', async () => {
    const res = await anon().get('/fi/directory?topic=nope&language=xx&need=tall&sort=up');
    assert.equal(res.status, 400);
    const t = textOf(res.text);
    assert.match(t, /Valitse aihe luettelosta/);
    assert.match(t, /Valitse saavutettavuustarve luettelosta/);
    assert.match(t, /Valitse järjestys luettelosta/);
    assert.match(res.text, /<title>Virhe:/);
  });

  it('orders by distance from a municipality or a postcode', async () => {
    const r = await search({ near: 'Porvoo' });
    const first = q(`SELECT municipality_code FROM service_point WHERE id = ${r.ids[0]}`);
    assert.equal(first, '638');
    const s = await search({ near: 'borgå', sort: 'distance' }, 'sv');
    assert.deepEqual(s.ids.slice(0, 3), r.ids.slice(0, 3));
    const res = await anon().get('/fi/directory?near=Atlantis');
    assert.equal(res.status, 400);
  });

  it('orders by distance from the browser\'s position, rounded, and refuses a bad one', async () => {
    // A demo point in Porvoo and one in Helsinki: from the first one's
    // place (as the button sends it, to 0.001 degrees) it comes first at
    // 0 km, the list goes outwards, and the Helsinki one is farther.
    const [pid, plat, plon] = q("SELECT id, lat, lon FROM service_point WHERE municipality_code = '638' AND lat IS NOT NULL ORDER BY id LIMIT 1").split('|');
    const hid = Number(q("SELECT id FROM service_point WHERE municipality_code = '091' AND lat IS NOT NULL ORDER BY id LIMIT 1"));
    const lat = Number(plat).toFixed(3);
    const lon = Number(plon).toFixed(3);
    const res = await anon().get(`/fi/directory?lat=${lat}&lon=${lon}&sort=distance`);
    assert.equal(res.status, 200, res.text.slice(0, 1500));
    assert.equal(res.headers['permissions-policy'], 'camera=(), microphone=(), geolocation=(self)');
    const r = results(res.text);
    assert.equal(r.ids[0], Number(pid));
    const km = [...textOf(res.text).matchAll(/([\d,]+) km sijainnistasi/g)].map((m) => Number(m[1].replace(',', '.')));
    assert.equal(km.length, r.ids.length, 'every hit says its distance from the location');
    assert.equal(km[0], 0);
    assert.deepEqual(km, [...km].sort((a, b) => a - b));
    assert.match(textOf(res.text), /Lähellä: oma sijaintisi Poista/);
    // The next page and "remove" keep the rounded position, not a finer one.
    const fine = await search({ lat: `${plat}123456`.slice(0, 12), lon: `${plon}987654`.slice(0, 12) });
    assert.equal(fine.ids[0], r.ids[0]);
    const next = /<a href="([^"]*)" rel="next">/.exec(fine.html)[1].replace(/&amp;/g, '&');
    assert.equal(new URLSearchParams(next.split('?')[1]).get('lat'), lat);
    assert.equal(new URLSearchParams(next.split('?')[1]).get('lon'), lon);
    const remove = /<ul class="directory-active">[\s\S]*?<\/ul>/.exec(fine.html)[0];
    assert.doesNotMatch(remove, /lat=|lon=/);
    // From Helsinki's point, the Porvoo one is farther than the Helsinki one.
    const [hlat, hlon] = q(`SELECT lat, lon FROM service_point WHERE id = ${hid}`).split('|');
    const h = await search({ lat: Number(hlat).toFixed(3), lon: Number(hlon).toFixed(3), sort: 'distance' }, 'en');
    assert.equal(h.ids[0], hid);
    assert.match(textOf(h.html), /0\.0 km from your location/);
    // Every other page keeps geolocation=().
    const other = await anon().get(`/fi/directory/${pid}`);
    assert.equal(other.headers['permissions-policy'], 'camera=(), microphone=(), geolocation=()');
    for (const bad of ['lat=NaN&lon=25', 'lat=60&lon=inf', 'lat=91&lon=25', 'lat=60&lon=-180.5', 'lat=60', 'lon=25',
      'lat=0x3c&lon=25', 'lat=60.1.2&lon=25', `lat=${'6'.repeat(400)}&lon=25`, 'lat=60&lon=25&near=Porvoo']) {
      const b = await anon().get(`/fi/directory?${bad}&sort=distance`);
      assert.equal(b.status, 400, bad);
      assert.match(textOf(b.text), bad.includes('near') ? /ei molempien/ : /Sijainti ei kelpaa/, bad);
    }
  });
});

describe('open now and open at', () => {
  let night, evening, always;

  before(async () => {
    const now = Math.floor(Date.now() / 1000);
    const { weekday } = helsinki(now);
    const week = (spec) => Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, spec]));
    // Every day 23-01: open at 00:30, over midnight.
    night = await create(as.coordinator, { name_fi: 'Yötesti digituki' }, week('23-1'));
    // Every day 20-23: closed at 00:30.
    evening = await create(as.coordinator, { name_fi: 'Iltatesti digituki' }, week('20-23'));
    always = await create(as.coordinator, { name_fi: 'Aina auki testi' }, week('0-24'));
    assert.ok(weekday >= 1);
  });

  it('open now lists a point open all day and not one closed now', async () => {
    const r = await search({ open: 'now', q: 'testi', sort: 'name' });
    assert.ok(r.ids.includes(always), JSON.stringify(r.ids));
  });

  it('open at 00:30 tomorrow finds the interval that began before midnight', async () => {
    const tomorrow = helsinki(Math.floor(Date.now() / 1000) + 86400).date;
    const r = await search({ open: 'at', date: tomorrow, time: '00:30', q: 'testi', sort: 'name' });
    assert.ok(r.ids.includes(night), JSON.stringify(r.ids));
    assert.ok(!r.ids.includes(evening), JSON.stringify(r.ids));
    const e = await search({ open: 'at', date: tomorrow, time: '21:00', q: 'testi', sort: 'name' });
    assert.ok(e.ids.includes(evening) && !e.ids.includes(night), JSON.stringify(e.ids));
  });

  it('open at agrees with the hours at the edges of the text index\'s three-hour blocks, ranked or by name', async () => {
    // Open now and open at ask the text index for the moment's block of
    // three hours (UTC 0-3, 3-6, ...: 2, 5, 8, 11, 14, 17, 20 and 23 in
    // Helsinki in winter, an hour later in summer), then test the exact
    // interval: points open on either side of a block's edge, over
    // midnight and for a minute are found exactly when open.
    const week = (spec) => Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, spec]));
    const edge = [
      await create(as.coordinator, { name_fi: 'Reunatesti aamu' }, week('10:30-11:15')),
      await create(as.coordinator, { name_fi: 'Reunatesti ilta' }, week('22:59-23:01, 13:59-14:01')),
      await create(as.coordinator, { name_fi: 'Reunatesti yö' }, week('23:30-2:15')),
    ];
    const ours = [night, evening, always, ...edge];
    const tomorrow = helsinki(Math.floor(Date.now() / 1000) + 86400).date;
    for (const time of ['00:30', '02:14', '02:15', '10:29', '10:30', '11:00', '11:14', '11:15', '13:59', '14:00',
      '14:01', '20:00', '22:59', '23:00', '23:01', '23:30']) {
      const t = helsinkiMoment(tomorrow, time);
      const want = q(`SELECT DISTINCT point_id FROM service_point_open WHERE state = 1 AND starts_at <= ${t} AND ends_at > ${t} AND point_id IN (${ours.join(',')}) ORDER BY point_id`)
        .split('\n').filter(Boolean).map(Number);
      for (const sort of ['name', 'relevance']) {
        const r = await search({ open: 'at', date: tomorrow, time, q: 'testi', sort });
        assert.deepEqual(r.ids.filter((id) => ours.includes(id)).sort((a, b) => a - b), want, `${tomorrow} ${time} ${sort}`);
      }
    }
    // The published count the HSDS list gives kept by every save.
    assert.equal(q('SELECT published FROM directory_count'), q("SELECT count(*) FROM service_point WHERE status <> 'closed'"));
  });

  it('refuses a time outside the next two weeks or malformed', async () => {
    for (const query of [{ open: 'at', date: '2001-01-01', time: '10:00' }, { open: 'at', date: 'huomenna', time: '10:00' },
      { open: 'at', date: '2030-01-01', time: '25:00' }, { open: 'sometimes' }]) {
      const res = await anon().get(`/fi/directory?${new URLSearchParams(query)}`);
      assert.equal(res.status, 400, JSON.stringify(query));
    }
  });
});

describe('paging', () => {
  it('pages by 20 with links that work without JavaScript', async () => {
    const one = await search({ sort: 'name' });
    assert.equal(one.ids.length, 20);
    const next = /<a href="([^"]+)" rel="next">/.exec(one.html);
    assert.ok(next);
    const res = await anon().get(next[1].replace(/&amp;/g, '&'));
    const two = results(res.text);
    assert.equal(two.total, one.total);
    assert.equal(two.ids.filter((id) => one.ids.includes(id)).length, 0);
    assert.equal((await anon().get('/fi/directory?page=999')).status, 404);
    assert.equal((await anon().get('/fi/directory?page=x')).status, 400);
  });
});

describe("a service point's page", () => {
  it('shows the hours as a sentence and a table and accessibility by need, in three languages', async () => {
    const id = Number(q("SELECT id FROM service_point WHERE name_fi = 'Porvoon pääkirjasto'"));
    const fi = textOf((await anon().get(`/fi/directory/${id}`)).text);
    assert.match(fi, /(Avoinna|Suljettu|Ajanvarauksella) tänään/);
    assert.match(fi, /Aukioloajat seuraavien seitsemän päivän ajalta/);
    assert.match(fi, /Pyörätuoli/);
    const sv = textOf((await anon().get(`/sv/directory/${id}`)).text);
    assert.match(sv, /Borgå huvudbibliotek/);
    assert.match(sv, /(Öppet|Stängt|Med tidsbokning) i dag/);
    const en = textOf((await anon().get(`/en/directory/${id}`)).text);
    assert.match(en, /(Open|Closed|By appointment) today/);
  });

  it('says "Avoinna tänään 0–24" for a point open all day', async () => {
    const id = Number(q("SELECT id FROM service_point WHERE name_fi = 'Aina auki testi'"));
    const fi = textOf((await anon().get(`/fi/directory/${id}`)).text);
    assert.match(fi, /Avoinna tänään 0–24/);
  });

  it('is 404 for an unknown or malformed id and for a closed point', async () => {
    assert.equal((await anon().get('/fi/directory/999999')).status, 404);
    assert.equal((await anon().get('/fi/directory/abc')).status, 404);
    const closed = q("SELECT min(id) FROM service_point WHERE status = 'closed'");
    if (closed) assert.equal((await anon().get(`/fi/directory/${closed}`)).status, 404);
  });
});

describe('who maintains what', () => {
  it('a supporter edits their own point and no other, and cannot add one', async () => {
    const own = acct.supporter.point;
    const other = Number(q(`SELECT min(id) FROM service_point WHERE id <> ${own}`));
    assert.equal((await as.supporter.get(`/fi/staff/directory/${own}`)).status, 200);
    assert.equal((await as.supporter.get(`/fi/staff/directory/${other}`)).status, 404);
    const list = await as.supporter.get('/fi/staff/directory');
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`/fi/staff/directory/${own}"`));
    assert.doesNotMatch(list.text, new RegExp(`/fi/staff/directory/${other}"`));
    const res = await as.supporter.post(`/fi/staff/directory/${own}`, pointForm({ name_fi: 'Tukijan oma piste' }, { 2: '10-12' }));
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT name_fi FROM service_point WHERE id = ${own}`), 'Tukijan oma piste');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'directory.update' AND object_id = '${own}' AND account_id = ${acct.supporter.id}`), '1');
    const before = snapshot();
    assert.equal((await as.supporter.post(`/fi/staff/directory/${other}`, pointForm({ name_fi: 'Ei' }))).status, 404);
    assert.equal((await as.supporter.post('/fi/staff/directory', pointForm({ name_fi: 'Ei' }))).status, 403);
    assert.equal(diffSnapshots(before, snapshot()), '');
  });

  it("a municipal coordinator maintains their municipality's points only", async () => {
    const own = Number(q("SELECT min(id) FROM service_point WHERE municipality_code = '611'"));
    const other = Number(q("SELECT min(id) FROM service_point WHERE municipality_code = '091'"));
    assert.equal((await as.municipal.get(`/fi/staff/directory/${own}`)).status, 200);
    assert.equal((await as.municipal.get(`/fi/staff/directory/${other}`)).status, 404);
    const res = await as.municipal.post('/fi/staff/directory', pointForm({ name_fi: 'Väärä kunta', municipality: '091' }));
    assert.equal(res.status, 400);
    assert.match(textOf(res.text), /Voit pitää palvelupisteitä vain kunnissa/);
    await create(as.municipal, { name_fi: 'Pornaisten uusi piste' }, { 1: '9-11' });
  });

  it('other roles get 403, anonymous visitors are sent to sign in', async () => {
    assert.equal((await as.tutor.get('/fi/staff/directory')).status, 403);
    const res = await anon().get('/fi/staff/directory');
    assert.ok([302, 303].includes(res.status), String(res.status));
  });

  it('a change without the CSRF token is refused and writes nothing', async () => {
    const own = acct.supporter.point;
    const before = snapshot();
    const res = await as.supporter.post(`/fi/staff/directory/${own}`, { ...pointForm({ name_fi: 'CSRF' }), csrf: 'wrong' });
    assert.equal(res.status, 403);
    assert.equal(diffSnapshots(before, snapshot()), '');
  });
});

describe('the edit form', () => {
  it('names every mistake, answers 400 and writes nothing', async () => {
    const before = snapshot();
    const res = await as.coordinator.post('/fi/staff/directory', pointForm({
      name_fi: '', postcode: '123', email: 'not-an-address', web: 'ftp://x', languages: 'finnish',
      municipality: '999', exceptions: '2026-13-40 closed', lat: 'north',
    }, { 1: '10-', 3: '9-12, 11-13' }));
    assert.equal(res.status, 400);
    const t = textOf(res.text);
    for (const re of [/Kirjoita palvelupisteen nimi/, /Kirjoita postinumero viitenä numerona/, /Valitse kunta luettelosta/,
      /kaksikirjaimisina koodeina/, /Kirjoita kukin päivä omalle rivilleen/, /Kirjoita leveysaste/, /Kirjoita ajat muodossa/]) {
      assert.match(t, re);
    }
    assert.match(res.text, /class="error-summary"/);
    assert.match(res.text, /value="not-an-address"/);
    assert.equal(diffSnapshots(before, snapshot()), '');
  });

  it('saves hours, exceptions and lists, and the search finds the new text at once', async () => {
    const id = await create(as.coordinator, {
      name_fi: 'Kylätalon digiklinikka', summary_fi: 'Apua mobiilivarmenteen kanssa.', languages: 'fi, sv, ru',
      topic: 'identification', support_form: 'drop-in', fact_loop: '1', exceptions: '2030-12-24 closed\n2030-12-31 10-14',
    }, { 1: '10-12, 13-16', 5: '20-1' });
    assert.equal(q(`SELECT group_concat(lang) FROM (SELECT lang FROM service_point_language WHERE point_id = ${id} ORDER BY lang)`), 'fi,ru,sv');
    assert.equal(q(`SELECT count(*) FROM service_point_hours WHERE point_id = ${id}`), '3');
    assert.equal(q(`SELECT count(*) FROM service_point_exception WHERE point_id = ${id}`), '2');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'directory.create' AND object_id = '${id}'`), '1');
    const r = await search({ q: 'mobiilivarmenne' });
    assert.ok(r.ids.includes(id));
    const page = await as.coordinator.get(`/fi/staff/directory/${id}?done=created`);
    assert.match(page.text, /value="10–12, 13–16"/);
    assert.match(page.text, /2030-12-24 closed/);
  });

  it('keeps accessibility notes per language, escaped and length-limited, and says when PTV\'s become the coordinator\'s own', async () => {
    const notes = 'Ovikello on oven vieressä.\r\n\r\n<script>alert(1)</script> & hissi käytävän päässä.';
    const id = await create(as.coordinator, { name_fi: 'Saavutettavuustesti', access_notes_fi: notes, access_notes_sv: 'Ringklockan finns vid dörren.' });
    const row = () => q(`SELECT access_notes_fi || '|' || access_notes_sv || '|' || access_notes_en || '|' || access_notes_ptv FROM service_point WHERE id = ${id}`);
    assert.equal(row(), 'Ovikello on oven vieressä.\n\n<script>alert(1)</script> & hissi käytävän päässä.|Ringklockan finns vid dörren.||0');
    const pub = (await anon().get(`/fi/directory/${id}`)).text;
    assert.match(pub, /<h3>Lisätietoja saavutettavuudesta<\/h3>\n<div class="directory-notes">\n<p>Ovikello on oven vieressä\.<\/p>\n<p>&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; hissi käytävän päässä\.<\/p>\n<\/div>/);
    assert.match((await anon().get(`/sv/directory/${id}`)).text, /<div class="directory-notes">\n<p>Ringklockan finns vid dörren\.<\/p>/);
    const edit = await as.coordinator.get(`/fi/staff/directory/${id}`);
    assert.match(edit.text, /<label for="access_notes_en">Lisätietoja saavutettavuudesta \(englanti\)<\/label>/);
    assert.match(edit.text, /<textarea id="access_notes_fi"[^>]*>Ovikello on oven vieressä\.\n\n&lt;script&gt;/);
    // Notes as PTV left them stay PTV's through a save that keeps them,
    // and become the coordinator's when changed.
    q(`UPDATE service_point SET access_notes_ptv = 1 WHERE id = ${id}`);
    const form = (fields) => pointForm({ name_fi: 'Saavutettavuustesti', access_notes_fi: notes, access_notes_sv: 'Ringklockan finns vid dörren.', ...fields });
    assert.equal((await as.coordinator.post(`/fi/staff/directory/${id}`, form({ summary_fi: 'Muuttui' }))).status, 303);
    assert.match(row(), /\|1$/);
    assert.equal((await as.coordinator.post(`/fi/staff/directory/${id}`, form({ access_notes_en: 'The doorbell is by the door.' }))).status, 303);
    assert.match(row(), /\|The doorbell is by the door\.\|0$/);
    const before = snapshot();
    for (const [bad, re] of [['x'.repeat(4001), /Lisätiedot ovat liian pitkät: enintään 4 000 merkkiä/], ['Ovi\u0001', /Lisätiedot ovat liian pitkät/]]) {
      const res = await as.coordinator.post(`/fi/staff/directory/${id}`, form({ access_notes_sv: bad }));
      assert.equal(res.status, 400);
      assert.match(textOf(res.text), re);
    }
    assert.equal(diffSnapshots(before, snapshot()), '', 'a refused form writes nothing');
    assert.equal((await as.coordinator.post(`/fi/staff/directory/${id}`, form({ access_notes_sv: 'ä'.repeat(4000) }))).status, 303, '4,000 characters, not bytes');
  });
});

// Last in the file: it restarts the server (the signed-in clients above
// know the old port).
describe("the day's refresh", () => {
  it('writes a point\'s open hours and their terms again, keeping its other terms', async () => {
    const week = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, '0-24']));
    const id = await create(as.coordinator, { name_fi: 'Päivitystesti' }, week);
    const tomorrow = helsinki(Math.floor(Date.now() / 1000) + 86400).date;
    const noon = { q: 'päivitystesti', open: 'at', date: tomorrow, time: '12:00', sort: 'name' };
    assert.ok((await search(noon)).ids.includes(id));
    // A window from days ago, as after days without the job, and an
    // index row with its words but no open hours' terms; the directory's
    // stamp moved and set on the point after the writes, as by any write
    // of the directory (0033, 0036).
    q(`UPDATE service_point SET open_from_day = open_from_day - 5 WHERE id = ${id}; DELETE FROM service_point_open WHERE point_id = ${id}`);
    q(isPgTarget(srv.db)
      ? `UPDATE service_point_search SET terms = 'päivitystesti', tsv = to_tsvector('simple', 'päivitystesti') WHERE point_id = ${id}`
      : `UPDATE service_point_search SET terms = 'päivitystesti' WHERE rowid = ${id}`);
    q(`UPDATE directory_count SET stamp = stamp + 1; UPDATE service_point SET index_stamp = (SELECT stamp FROM directory_count WHERE id = 1) WHERE id = ${id}`);
    assert.ok(!(await search(noon)).ids.includes(id));
    assert.ok((await search({ q: 'päivitystesti' })).ids.includes(id));
    // The jobs run as a server stops and as it starts.
    await srv.stop({ keepDir: true });
    oldDirs.push(srv.dir);
    srv = await startServer({ db: srv.db, args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
    assert.ok(Number(q(`SELECT count(*) FROM service_point_open WHERE point_id = ${id}`)) > 0);
    assert.ok((await search(noon)).ids.includes(id), 'open at noon tomorrow again');
    assert.ok((await search({ q: 'päivitystesti' })).ids.includes(id), 'its words kept');
  });
});
