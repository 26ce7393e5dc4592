// Service points as CSV for coordinators (issue #15): the export is UTF-8
// with a byte-order mark and ';', the region's points only; an import of
// that file changes nothing (export -> import -> export gives the same
// bytes, hours, single days with their notes and the apostrophe before a
// "+358" phone number included); an import with mistakes answers 400,
// names every mistake by line and column and writes nothing; a good one
// saves every row in one transaction with an audit record each; a new
// point on a row with an empty id; another region's point is refused;
// only coordinators and administrators (403 for the others); CSRF.  The
// same file runs on PostgreSQL in http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { Client, addUser, signIn, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let coord;
const q = (s) => sqlite(srv.db, s).trim();
const BOM = '\ufeff';

/** A multipart body with the client's csrf (unless given) and one file. */
function multipart(c, data, { csrf = c.csrf } = {}) {
  const boundary = `----csv${randomBytes(8).toString('hex')}`;
  const parts = [];
  if (csrf !== null) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`));
  if (data !== null) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="points.csv"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.from(data));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

function importCsv(c, data, opts) {
  const mp = multipart(c, data, opts);
  return c.req('/fi/staff/directory/import', { method: 'POST', body: mp.body, headers: { 'content-type': mp.type } });
}

async function exportCsv(c = coord) {
  const res = await c.get('/fi/staff/directory/points.csv');
  assert.equal(res.status, 200, res.text.slice(0, 500));
  return res.text;
}

/** Splits a CSV of ours into records of fields (quotes, doubled quotes, newlines in cells). */
function parse(text) {
  const rows = [];
  let row = [], f = '', i = 0, quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (ch === '"') quoted = false; else f += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') { row.push(f); f = ''; } else if (ch === '\r') { /* CRLF */ } else if (ch === '\n') { row.push(f); rows.push(row); row = []; f = ''; } else f += ch;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}

/** Writes records back as CSV with ';' and a BOM, quoting when needed. */
function unparse(rows) {
  const cell = (v) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${BOM}${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** The directory's rows that an import may change, and the audit log. */
function snapshot() {
  return ['service_point', 'service_point_topic', 'service_point_form', 'service_point_language',
    'service_point_period', 'service_point_hours', 'service_point_exception', 'audit_log']
    .map((t) => `${t}: ${q(`SELECT count(*) FROM ${t}`)}`)
    .concat([q('SELECT max(updated_at) FROM service_point'), q('SELECT max(id) FROM audit_log')]).join('\n');
}

before(async () => {
  srv = await startServer({ args: PASSWORD_COST });
  const u = addUser(srv, `coord.${unique('c')}@example.fi`, 'coordinator');
  coord = await signIn(srv.url, u.email, u.password);
});

after(async () => { await srv?.stop(); });

describe('the export', () => {
  it("is the region's points as UTF-8 CSV with a BOM and ';', one row each", async () => {
    const res = await coord.get('/fi/staff/directory/points.csv');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
    assert.match(res.headers['content-disposition'], /attachment; filename="service-points\.csv"/);
    assert.ok(res.text.startsWith(BOM));
    const rows = parse(res.text.slice(1));
    assert.equal(rows[0][0], 'id');
    assert.equal(rows[0].length, 65);
    assert.ok(rows[0].includes('exceptions') && rows[0].includes('self_7'));
    assert.deepEqual(rows[0].slice(-3), ['access_notes_fi', 'access_notes_sv', 'access_notes_en'], 'the notes came last');
    const region = q(`SELECT region_id FROM account WHERE id = (SELECT max(id) FROM account WHERE role = 'coordinator')`);
    assert.equal(rows.length - 1, Number(q(`SELECT count(*) FROM service_point WHERE region_id = ${region}`)));
    for (const r of rows.slice(1)) assert.equal(r.length, 65);
    // A phone number starting with + is not left for a spreadsheet to take as a formula.
    assert.ok(rows.slice(1).some((r) => r[rows[0].indexOf('phone')].startsWith("'+358")));
  });

  it('shows a coordinator of another region none of these points', async () => {
    q("INSERT INTO region (code, name_fi) VALUES ('csvtest', 'Testimaa') ON CONFLICT (code) DO NOTHING");
    const u = addUser(srv, `other.${unique('o')}@example.fi`, 'coordinator');
    q(`UPDATE account SET region_id = (SELECT id FROM region WHERE code = 'csvtest') WHERE id = ${u.id}`);
    const c = await signIn(srv.url, u.email, u.password);
    const rows = parse((await exportCsv(c)).slice(1));
    assert.equal(rows.length, 1, 'the header only');
    // ... and refuses to change one of them by id.
    const mine = parse((await exportCsv()).slice(1));
    const before = snapshot();
    const res = await importCsv(c, unparse([mine[0], mine[1]]));
    assert.equal(res.status, 400);
    assert.match(res.text, /Rivi 2, sarake id: Alueellasi ei ole palvelupistettä tällä tunnisteella\./);
    assert.equal(snapshot(), before);
  });
});

describe('the round trip', () => {
  it('export -> import -> export gives the same file, and the points their hours and notes', async () => {
    const id = q("SELECT point_id FROM service_point_exception WHERE note_fi <> '' LIMIT 1");
    const notes = q(`SELECT group_concat(n, '|') FROM (SELECT note_fi || '/' || note_sv || '/' || note_en AS n FROM service_point_exception WHERE point_id = ${id} ORDER BY day, start_min, note_fi)`);
    const periods = q('SELECT count(*) FROM service_point_period');
    const first = await exportCsv();
    const n = parse(first.slice(1)).length - 1;
    const auditBefore = Number(q('SELECT max(id) FROM audit_log'));
    const res = await importCsv(coord, first);
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    assert.equal(res.headers.location, `/fi/staff/directory/import?created=0&updated=${n}`);
    const page = await coord.get(res.headers.location);
    assert.match(page.text, new RegExp(`uusia palvelupisteitä 0, muutettuja ${n}`));
    assert.equal(await exportCsv(), first);
    assert.equal(q(`SELECT group_concat(n, '|') FROM (SELECT note_fi || '/' || note_sv || '/' || note_en AS n FROM service_point_exception WHERE point_id = ${id} ORDER BY day, start_min, note_fi)`), notes);
    assert.equal(q('SELECT count(*) FROM service_point_period'), periods, 'periods are kept as the form keeps them');
    assert.equal(Number(q(`SELECT count(*) FROM audit_log WHERE id > ${auditBefore} AND action = 'directory.import-update'`)), n);
  });

  it('a changed cell is saved and found by the search at once, a row with an empty id is a new point', async () => {
    const rows = parse((await exportCsv()).slice(1));
    const h = rows[0];
    const col = (name) => h.indexOf(name);
    const changed = [...rows[1]];
    changed[col('name_fi')] = 'Vientitestin kirjasto';
    changed[col('week_1')] = '9-12, 13-15.30';
    const fresh = [...rows[2]];
    fresh[col('id')] = '';
    fresh[col('name_fi')] = 'Aivan uusi tuontipiste';
    fresh[col('exceptions')] = '2031-12-12 suljettu | Koulutuspäivä | Utbildningsdag | Training day';
    const res = await importCsv(coord, unparse([h, changed, fresh]));
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    assert.match(res.headers.location, /created=1&updated=1$/);
    assert.equal(q(`SELECT name_fi FROM service_point WHERE id = ${changed[0]}`), 'Vientitestin kirjasto');
    assert.equal(q(`SELECT group_concat(start_min || '-' || end_min) FROM (SELECT start_min, end_min FROM service_point_hours WHERE point_id = ${changed[0]} AND period_id IS NULL AND weekday = 1 AND state = 1 ORDER BY start_min)`), '540-720,780-930');
    const newId = q("SELECT id FROM service_point WHERE name_fi = 'Aivan uusi tuontipiste'");
    assert.ok(Number(newId) > 0);
    assert.equal(q(`SELECT note_sv FROM service_point_exception WHERE point_id = ${newId}`), 'Utbildningsdag');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'directory.import-create' AND object_id = '${newId}'`), '1');
    const found = await new Client(srv.url).get(`/fi/directory?${new URLSearchParams({ q: 'vientitestin' })}`);
    assert.match(found.text, new RegExp(`/fi/directory/${changed[0]}"`));
  });
});

describe('the accessibility notes', () => {
  it('are imported and exported; a file of before them keeps the points\' notes, PTV\'s as PTV\'s', async () => {
    const rows = parse((await exportCsv()).slice(1));
    const h = rows[0];
    const col = (name) => h.indexOf(name);
    const [a, b] = [[...rows[1]], [...rows[2]]];
    a[col('access_notes_fi')] = 'Ovikello on oven vieressä.\nHissi on käytävän päässä.';
    a[col('access_notes_en')] = '=1+1 is not a formula here';
    let res = await importCsv(coord, unparse([h, a]));
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    const notes = (id) => q(`SELECT access_notes_fi || '|' || access_notes_sv || '|' || access_notes_en || '|' || access_notes_ptv FROM service_point WHERE id = ${id}`);
    assert.equal(notes(a[0]), 'Ovikello on oven vieressä.\nHissi on käytävän päässä.||=1+1 is not a formula here|0');
    const again = parse((await exportCsv()).slice(1)).find((r) => r[0] === a[0]);
    assert.equal(again[col('access_notes_en')], "'=1+1 is not a formula here");
    // PTV's notes on b; a file without the three columns changes a cell
    // of each and leaves both points' notes, and their origin, alone.
    q(`UPDATE service_point SET access_notes_sv = 'Ingången syns tydligt.', access_notes_ptv = 1 WHERE id = ${b[0]}`);
    const old = (r) => r.slice(0, 62);
    const [a2, b2] = [old(a), old(b)];
    a2[col('name_fi')] = 'Vanhan tiedoston piste';
    b2[col('summary_fi')] = 'Vanhasta tiedostosta.';
    res = await importCsv(coord, unparse([h.slice(0, 62), a2, b2]));
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    assert.equal(q(`SELECT name_fi FROM service_point WHERE id = ${a[0]}`), 'Vanhan tiedoston piste');
    assert.equal(notes(a[0]), 'Ovikello on oven vieressä.\nHissi on käytävän päässä.||=1+1 is not a formula here|0');
    assert.match(notes(b[0]), /\|Ingången syns tydligt\.\|\|1$/);
    // A row as long as the header, not as the full list of columns.
    res = await importCsv(coord, unparse([h.slice(0, 62), [...a2, 'x']]));
    assert.equal(res.status, 400);
    assert.match(res.text, /Rivillä ei ole yhtä monta kenttää/);
  });
});

describe('a file with mistakes', () => {
  it('answers 400, names every mistake by line and column, and writes nothing', async () => {
    const rows = parse((await exportCsv()).slice(1));
    const h = rows[0];
    const col = (name) => h.indexOf(name);
    const bad = rows.slice(1, 7).map((r) => [...r]);
    bad[0][col('postcode')] = '123';
    bad[1][col('topics')] = 'banking, astrology';
    bad[2][col('fact_loop')] = 'maybe';
    bad[3][col('week_3')] = '25-26';
    bad[3][col('email')] = 'not an address';
    bad[4][col('id')] = bad[0][col('id')];
    bad[5][col('municipality')] = '999';
    const short = bad[5].slice(0, 10);
    const before = snapshot();
    const all = [h, ...bad, short];
    const res = await importCsv(coord, unparse(all));
    assert.equal(res.status, 400);
    const text = res.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(text, /Mitään ei tuotu/);
    // The line a row starts on: a cell may hold several lines (single days).
    const line = (i) => 1 + all.slice(0, i).reduce((n, r) => n + 1 + r.join(';').split('\n').length - 1, 0);
    const want = [[1, 'postcode: Kirjoita postinumero'], [2, 'topics: Valitse aiheet'], [3, 'fact_loop: Kirjoita 1, jos kyllä, ja 0, jos ei.'],
      [4, 'week_3: Kirjoita ajat'], [4, 'email: Kirjoita sähköpostiosoite'], [5, 'id: Sama palvelupiste on kahdella rivillä.'],
      [6, 'municipality: Valitse kunta']];
    for (const [i, msg] of want) assert.ok(text.includes(`Rivi ${line(i)}, sarake ${msg}`), `line ${line(i)}: ${msg}\n${text}`);
    assert.ok(text.includes(`Rivi ${line(7)}: Rivillä ei ole yhtä monta kenttää`));
    const lines = [...text.matchAll(/Rivi (\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'in the order of the file');
    assert.equal(snapshot(), before);
  });

  it('refuses a file that is not ours: another separator, an unknown or missing column, not UTF-8, no file', async () => {
    const before = snapshot();
    const cases = [
      ['id,name_fi\r\n1,x\r\n', /Erota sarakkeet puolipisteillä/],
      [`${BOM}id;name_fi;colour\r\n`, /Rivi 1: Tiedostossa on sarake, jota tuonti ei tunne: colour/],
      [`${BOM}id;name_fi\r\n`, /Tiedostosta puuttuu sarake: municipality/],
      [Buffer.from([0x69, 0x64, 0x3b, 0xe4, 0x0d, 0x0a]), /Tallenna tiedosto UTF-8-tekstinä/],
      ['', /Valitse tuotava CSV-tiedosto/],
      [`${BOM}"id;name_fi\r\n`, /tarkista sen lainausmerkit/],
    ];
    for (const [data, re] of cases) {
      const res = await importCsv(coord, data);
      assert.equal(res.status, 400, String(data));
      assert.match(res.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), re);
    }
    assert.equal(snapshot(), before);
  });

  it('without the CSRF token is refused and writes nothing', async () => {
    const first = await exportCsv();
    const before = snapshot();
    const res = await importCsv(coord, first, { csrf: null });
    assert.equal(res.status, 403);
    assert.equal(snapshot(), before);
  });
});

describe('who may', () => {
  it('coordinators and administrators only: others 403, anonymous visitors sign in', async () => {
    for (const [role, opts] of [['municipal-coordinator', { municipality: '611' }], ['supporter', {}], ['tutor', { scopes: ['611'] }]]) {
      const u = addUser(srv, `${role}.${unique('w')}@example.fi`, role, opts);
      const c = await signIn(srv.url, u.email, u.password);
      assert.equal((await c.get('/fi/staff/directory/points.csv')).status, 403, role);
      assert.equal((await c.get('/fi/staff/directory/import')).status, 403, role);
      await c.loadCsrf('/fi/account');
      assert.equal((await importCsv(c, 'id\r\n')).status, 403, role);
    }
    const anon = new Client(srv.url);
    const res = await anon.get('/fi/staff/directory/points.csv');
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/fi\/signin\?next=/);
    const a = addUser(srv, `admin.${unique('a')}@example.fi`, 'admin');
    const admin = await signIn(srv.url, a.email, a.password);
    const rows = parse((await exportCsv(admin)).slice(1));
    assert.equal(rows.length - 1, Number(q('SELECT count(*) FROM service_point')), 'an administrator: every region');
    const form = await admin.get('/sv/staff/directory/import');
    assert.equal(form.status, 200);
    assert.match(form.text, /Importera servicepunkter/);
  });
});
