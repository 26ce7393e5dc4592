// The network view of the sparring programme and its exports against the
// real binary: the coordinators' page (counts, charts, tables, the period
// filter, other regions' periods), the CSV exports of actions, sessions and
// assessments (parsed back with an RFC 4180 parser of our own and compared
// with the database rows; byte-order mark, header, semicolon variant,
// formula injection neutralised, file names) and the JSON API, each for
// every role: a coordinator gets the region, a tutor the assigned
// municipalities, a municipal coordinator their own, anyone else nothing.
//
// A period of its own (2031, rows inserted with sqlite3) gives exact
// figures; the demo's 2021 sparring period, when the demo has it, is
// checked against figures computed from the database.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
  Client, addUser, cli, createToken, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

const BOM = '\ufeff';
const YEAR = 2031;
const STATUSES = ['planned', 'in-progress', 'done', 'dropped'];
const FI_STATUS = { planned: 'Suunniteltu', 'in-progress': 'Käynnissä', done: 'Valmis', dropped: 'Luovuttu' };
const EN_STATUS = { planned: 'Planned', 'in-progress': 'In progress', done: 'Done', dropped: 'Dropped' };

let srv;
let pid;		// the test period's id
let otherPid;		// a period of another region
const as = {};		// role -> signed-in Client
const acct = {};	// role -> { email, password, id }
const ws = {};		// municipality code -> workspace id

const q = (s) => sqlite(srv.db, s).trim();
const lit = (v) => (v === null || v === undefined ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);
const now = () => Math.floor(Date.now() / 1000);
const DAY = 86400;

/** Today in Helsinki, YYYY-MM-DD (what the server calls today). */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
/** Whole days from date a to date b (YYYY-MM-DD). */
const daysBetween = (a, b) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000;
/** "2021-10-06 09:00" in Helsinki time, as the CSV writes times. */
const local = (t) => new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
}).format(new Date(t * 1000)).replace(',', '');
/** What a spreadsheet-safe text field looks like (see src/base/csvout.c). */
const safe = (s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * RFC 4180: fields separated by sep, records by CRLF (LF accepted), quoted
 * fields may hold sep, CR, LF and doubled quotes. Throws on a stray quote.
 * Returns an array of records (arrays of strings).
 */
function parseCsv(text, sep = ',') {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i += 1;
        if (i < text.length && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n') {
          throw new Error(`text after a closing quote at ${i}`);
        }
        continue;
      }
      field += ch; i += 1; continue;
    }
    if (ch === '"') {
      if (!fieldStart) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true; fieldStart = false; i += 1; continue;
    }
    if (ch === sep) { row.push(field); field = ''; fieldStart = true; i += 1; continue; }
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      row.push(field); rows.push(row); row = []; field = ''; fieldStart = true;
      i += ch === '\r' ? 2 : 1; continue;
    }
    field += ch; fieldStart = false; i += 1;
  }
  if (quoted) throw new Error('unterminated quote');
  if (!fieldStart || field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The CSV of a response: checks the type, the BOM and CRLF; returns rows. */
function csvOf(res, sep = ',') {
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.deepEqual([...res.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const text = res.body.toString('utf8');
  assert.ok(text.startsWith(BOM));
  assert.ok(text.endsWith('\r\n'), 'every record ends in CRLF');
  const rows = parseCsv(text.slice(1), sep);
  const width = rows[0].length;
  for (const r of rows) assert.equal(r.length, width, `every record has ${width} fields: ${JSON.stringify(r)}`);
  return rows;
}

/** Text of the first element matching an id in html, tags removed. */
function textOfId(html, id) {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return m ? m[1].replace(/<[^>]+>/g, '').trim() : null;
}

/** The rows (cell texts) of the table with id `id`. */
function tableRows(html, id) {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `a table #${id}`);
  const body = html.slice(start, html.indexOf('</table>', start));
  const rows = [];
  for (const m of body.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const attrs = m[1];
    const cells = [...m[2].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]
      .replace(/<span class="visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '').trim());
    rows.push({ attrs, cells });
  }
  return rows;
}

/** Inserts the rows of the test period; returns what was inserted. */
function seed() {
  // Dimensions come from data/ with the demo; make sure two exist.
  q(`INSERT INTO dimension (key, position, label_fi, label_sv, label_en)
     VALUES ('coordination', 1, 'Vastuut ja koordinointi', 'Ansvar och koordinering', 'Responsibility and coordination'),
            ('network', 4, 'Verkostoyhteistyö', 'Nätverkssamarbete', 'Network cooperation')
     ON CONFLICT DO NOTHING;`);
  const region = q("SELECT id FROM region WHERE code = 'uusimaa';");
  pid = Number(q(`INSERT INTO programme_period (region_id, year, format, starts_on, ends_on)
    VALUES (${region}, ${YEAR}, 'sparring', '${YEAR}-01-01', '${YEAR}-12-31') RETURNING id;`));
  for (const code of ['611', '858', '224']) {
    ws[code] = Number(q(`INSERT INTO workspace (period_id, municipality_code) VALUES (${pid}, '${code}') RETURNING id;`));
  }
  q(`INSERT INTO tutor_assignment (period_id, tutor_code, municipality_code) VALUES
     (${pid}, '091', '611'), (${pid}, '092', '858'), (${pid}, '106', '858');`);
  const t = now();
  q(`INSERT INTO assessment (workspace_id, phase, dimension_key, score, note, updated_at) VALUES
     (${ws['611']}, 'start', 'coordination', 2, '=cmd|'' /C calc''!A0', ${t}),
     (${ws['611']}, 'end', 'coordination', 4, 'Nimetty, "yhdyshenkilö"; hyvä', ${t}),
     (${ws['858']}, 'start', 'coordination', 3, '', ${t}),
     (${ws['611']}, 'start', 'network', 1, '', ${t}),
     (${ws['224']}, 'end', 'network', 5, '', ${t});`);
  // Sessions: two held and one coming in Pornainen, one held in Tuusula.
  const sess = (code, at, mode, participants, agenda) => Number(q(`INSERT INTO sparring_session
    (workspace_id, starts_at, mode, place, participants, agenda, notes, created_at)
    VALUES (${ws[code]}, ${at}, '${mode}', 'Kirjasto, sali 2', ${lit(participants)}, ${lit(agenda)}, 'Muistiinpanot', ${t}) RETURNING id;`));
  const s1 = sess('611', t - 40 * DAY, 'on-site', 'Liisa Testi, Pornainen\nMatti Tutor, Helsinki', '- Tavoitteet\n- Itsearviointi');
  const s2 = sess('611', t - 10 * DAY, 'remote', 'Liisa Testi', '@mention');
  const s3 = sess('611', t + 30 * DAY, 'remote', '', '');
  const s4 = sess('858', t - 5 * DAY, 'on-site', 'Tuula', 'Asialista');
  // Actions in every state; two overdue (one in 611, one in 224).
  const act = (code, title, owner, due, status, progress, session) => Number(q(`INSERT INTO action
    (workspace_id, title, owner_name, due_on, status, progress, session_id, created_at, updated_at)
    VALUES (${ws[code]}, ${lit(title)}, ${lit(owner)}, ${lit(due)}, '${status}', ${progress}, ${session ?? 'NULL'}, ${t - DAY}, ${t}) RETURNING id;`));
  const actions = {
    formula: act('611', '=HYPERLINK("http://evil.example/","klikkaa")', '+358 40 1234567', '2020-01-10', 'planned', 0, s1),
    quoted: act('611', 'Sovitaan, kuka "vastaa"; ja\nmitä', 'Liisa Testi', '2020-02-01', 'done', 100, s1),
    undated: act('611', 'Ajanvaraus kirjastoon', '', null, 'in-progress', 40, s2),
    dropped: act('858', 'Juttu lehteen', 'Tuula', '2020-03-01', 'dropped', 20, s4),
    future: act('858', '-Kotikäynnit', '', '2099-01-01', 'planned', 0, null),
    late: act('224', '@Kurssit työväenopistossa', 'Leena', '2020-03-15', 'in-progress', 50, null),
  };
  return { actions, sessions: { s1, s2, s3, s4 } };
}

let seeded;

before(async () => {
  srv = await startServer({ args: PASSWORD_COST });
  seeded = seed();
  // Another region with a period and its coordinator.
  q(`INSERT INTO region (code, name_fi, name_sv, name_en) VALUES ('testimaa', 'Testimaa', 'Testland', 'Testland');`);
  otherPid = Number(q(`INSERT INTO programme_period (region_id, year, format, starts_on, ends_on)
    SELECT id, 2030, 'visits', '2030-01-01', '2030-12-31' FROM region WHERE code = 'testimaa' RETURNING id;`));
  const add = (name, role, opts = {}) => {
    const email = `${name}.${unique('nv')}@example.fi`;
    if (opts.region) {
      const pw = `pw-${unique('p')}-long`;
      cli(srv.bin, ['user', 'add', email, '--role', role, '--region', opts.region, '--db', srv.db,
        ...PASSWORD_COST, '--password-stdin'], { input: `${pw}\n` });
      acct[name] = { email, password: pw, id: Number(q(`SELECT id FROM account WHERE email = '${email}';`)) };
    } else {
      acct[name] = addUser(srv, email, role, opts);
    }
  };
  add('coordinator', 'coordinator');
  add('admin', 'admin');
  add('tutor', 'tutor', { scopes: ['611'] });
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('other', 'municipal-coordinator', { municipality: '224' });
  add('supporter', 'supporter');
  add('foreign', 'coordinator', { region: 'testimaa' });
  for (const [name, a] of Object.entries(acct)) as[name] = await signIn(srv.url, a.email, a.password);
});

after(async () => {
  await srv?.stop();
});

/** The action rows of period p in the database, as the exports should show them. */
function dbActions(p, codes = null) {
  // Titles may hold newlines: read them as JSON instead of lines.
  const json = sqlite(srv.db, `SELECT json_group_array(json_array(x.id, w.municipality_code, x.title,
      CASE WHEN o.id IS NOT NULL AND o.erased_at IS NULL THEN COALESCE(NULLIF(o.name, ''), o.email) ELSE x.owner_name END,
      x.due_on, x.status, x.progress, x.session_id, s.starts_at, x.updated_at, x.created_at))
    FROM action x JOIN workspace w ON w.id = x.workspace_id LEFT JOIN account o ON o.id = x.owner_account_id
    LEFT JOIN sparring_session s ON s.id = x.session_id WHERE w.period_id = ${p};`);
  return JSON.parse(json).map(([id, code, title, owner, due, status, progress, session, sessionAt, updated, created]) => ({
    id, code, title, owner, due, status, progress, session, sessionAt, updated, created,
  })).filter((a) => !codes || codes.includes(a.code));
}

/** Expected overdue state of a database action row today. */
function lateOf(a) {
  const open = a.status === 'planned' || a.status === 'in-progress';
  const days = a.due ? daysBetween(a.due, today()) : 0;
  return open && a.due && days > 0 ? days : 0;
}

describe('network view', () => {
  it('sends anonymous visitors to sign in and refuses everyone but coordinators and administrators', async () => {
    const anon = await new Client(srv.url).get(`/fi/programme/view?period=${pid}`);
    assert.equal(anon.status, 303);
    assert.equal(anon.headers.location, `/fi/signin?next=${encodeURIComponent(`/fi/programme/view?period=${pid}`)}`);
    for (const role of ['supporter', 'municipal', 'tutor', 'other']) {
      const res = await as[role].get(`/fi/programme/view?period=${pid}`);
      assert.equal(res.status, 403, role);
      assert.ok(!res.text.includes('Pornainen'), `${role} sees nothing of the period`);
    }
    for (const role of ['coordinator', 'admin']) {
      assert.equal((await as[role].get(`/fi/programme/view?period=${pid}`)).status, 200, role);
    }
  });

  it('shows the exact counts of the test period in figures and tables', async () => {
    const res = await as.coordinator.get(`/fi/programme/view?period=${pid}`);
    assert.equal(res.status, 200);
    const h = res.text;
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(textOfId(h, 'fact-workspaces'), '3');
    assert.equal(textOfId(h, 'fact-actions'), '6');
    assert.equal(textOfId(h, 'fact-done'), '1');
    assert.equal(textOfId(h, 'fact-overdue'), '2');
    assert.equal(textOfId(h, 'fact-held'), '3');

    const status = Object.fromEntries(tableRows(h, 'status-table').filter((r) => /data-status/.test(r.attrs))
      .map((r) => [/data-status="([^"]+)"/.exec(r.attrs)[1], Number(r.cells[1])]));
    assert.deepEqual(status, { planned: 2, 'in-progress': 2, done: 1, dropped: 1, overdue: 2 });

    // Per municipality: planned, in progress, done, dropped, all, overdue.
    const per = Object.fromEntries(tableRows(h, 'actions-table').filter((r) => /data-code/.test(r.attrs))
      .map((r) => [/data-code="(\d+)"/.exec(r.attrs)[1], r.cells.slice(1).map(Number)]));
    assert.deepEqual(per, { 611: [1, 1, 1, 0, 3, 1], 858: [1, 0, 0, 1, 2, 0], 224: [0, 1, 0, 0, 1, 1] });

    // Overdue: the one most days late first, with its days.
    const late = tableRows(h, 'overdue-table').slice(1);
    assert.equal(late.length, 2);
    assert.deepEqual(late.map((r) => r.cells[0]), ['Pornainen', 'Karkkila']);
    assert.equal(late[0].cells[1], '=HYPERLINK(&quot;http://evil.example/&quot;,&quot;klikkaa&quot;)');
    assert.equal(late[0].cells[2], '+358 40 1234567');
    assert.equal(late[0].cells[3], '10.1.2020');
    assert.equal(Number(late[0].cells[4]), daysBetween('2020-01-10', today()));
    assert.equal(Number(late[1].cells[4]), daysBetween('2020-03-15', today()));

    // Sessions: held and coming per municipality, and per tutor municipality.
    const sess = Object.fromEntries(tableRows(h, 'sessions-table').filter((r) => /data-code/.test(r.attrs))
      .map((r) => [/data-code="(\d+)"/.exec(r.attrs)[1], [r.cells[1], Number(r.cells[2]), Number(r.cells[3])]]));
    assert.deepEqual(sess, {
      611: ['Helsinki', 2, 1], 858: ['Hyvinkää, Vantaa', 1, 0], 224: ['–', 0, 0],
    });
    const tutors = Object.fromEntries(tableRows(h, 'tutors-table').filter((r) => /data-code/.test(r.attrs))
      .map((r) => [/data-code="(\d+)"/.exec(r.attrs)[1], [r.cells[1], Number(r.cells[2]), Number(r.cells[3])]]));
    assert.deepEqual(tutors, { '091': ['Pornainen', 2, 1], '092': ['Tuusula', 1, 0], 106: ['Tuusula', 1, 0] });

    // Scores: the averages table and the per-municipality table.
    const avg = tableRows(h, 'averages').slice(1);
    const coord = avg.find((r) => r.cells[0] === 'Vastuut ja koordinointi');
    assert.deepEqual(coord.cells.slice(1), ['2,5', '4,0', '+1,5', '2 / 1']);
    const net = avg.find((r) => r.cells[0] === 'Verkostoyhteistyö');
    assert.deepEqual(net.cells.slice(1), ['1,0', '5,0', '+4,0', '1 / 1']);
    const scores = tableRows(h, 'scores-table');
    const porn = scores.find((r) => r.cells[0] === 'Pornainen');
    assert.ok(porn, 'Pornainen has a row of scores');
  });

  it('draws every chart as accessible SVG followed by a table of the same figures', async () => {
    const h = (await as.coordinator.get(`/en/programme/view?period=${pid}`)).text;
    const svgs = [...h.matchAll(/<svg([^>]*)>([\s\S]*?)<\/svg>/g)];
    assert.equal(svgs.length, 4, 'scores, status, sessions per municipality, per tutor');
    for (const [whole, attrs, inner] of svgs) {
      assert.match(attrs, /role="img"/);
      const ids = /aria-labelledby="([^"]+) ([^"]+)"/.exec(attrs);
      assert.ok(ids, 'aria-labelledby names the title and the desc');
      assert.match(inner, new RegExp(`<title id="${ids[1]}">[^<]+</title>`));
      assert.match(inner, new RegExp(`<desc id="${ids[2]}">[^<]+</desc>`));
      assert.match(attrs, /viewBox="0 0 320 \d+"/);
      assert.ok(!/style=/.test(whole), 'no style attribute (CSP)');
      for (const m of whole.matchAll(/font-size="(\d+)"/g)) assert.ok(Number(m[1]) >= 12);
      // A table follows the chart before the next heading.
      const after = h.slice(h.indexOf(whole) + whole.length);
      assert.ok(after.indexOf('<table') >= 0 && after.indexOf('<table') < (after.search(/<h[23]/) >>> 0),
        'a table right after the chart');
    }
    // The status chart carries its figures as text, not colour alone.
    const status = svgs[1][0];
    assert.match(status, />Done<\/text>/);
    assert.match(status, />Overdue<\/text>/);
    assert.match(svgs[0][0], /<pattern id="chart-scores-p1"/);
    assert.match(svgs[0][0], />Start 2.5<\/text>/);
    assert.match(svgs[0][0], />End 4.0<\/text>/);
    assert.ok(!/ style=/.test(h), 'no style attributes anywhere on the page');
    assert.ok(!/<script/.test(h), 'no script');
  });

  it('filters by period with a GET form; the newest period is the default', async () => {
    const h = (await as.coordinator.get('/fi/programme/view')).text;
    assert.match(h, /<form method="get" action="\/fi\/programme\/view"/);
    assert.match(h, new RegExp(`<option value="${pid}" selected>${YEAR} · `), 'the newest period is chosen');
    assert.ok(!h.includes(`value="${otherPid}"`), "another region's period is not offered");
    const old = (await as.coordinator.get('/fi/programme/view?period=1')).text;
    assert.match(old, /<option value="1" selected>2019 · /);
    assert.equal(textOfId(old, 'fact-workspaces'), q('SELECT count(*) FROM workspace WHERE period_id = 1;'));
  });

  it("answers 404 for an unknown, malformed or another region's period", async () => {
    for (const p of ['999999', 'abc', '-1', '01', String(otherPid)]) {
      assert.equal((await as.coordinator.get(`/fi/programme/view?period=${p}`)).status, 404, p);
    }
    // The other region's coordinator sees only their own region.
    const foreign = await as.foreign.get('/fi/programme/view');
    assert.equal(foreign.status, 200);
    assert.match(foreign.text, new RegExp(`<option value="${otherPid}" selected>`));
    assert.ok(!foreign.text.includes(`value="${pid}"`));
    assert.equal((await as.foreign.get(`/fi/programme/view?period=${pid}`)).status, 404);
    // An administrator sees every region's periods, named by region.
    const admin = (await as.admin.get('/fi/programme/view')).text;
    assert.match(admin, new RegExp(`<option value="${otherPid}">Testimaa 2030 · `));
    assert.match(admin, new RegExp(`<option value="${pid}" selected>Uusimaa ${YEAR} · `));
  });

  it('shows the demo period 2021 with the figures of the database', async (t) => {
    const p = q("SELECT p.id FROM programme_period p JOIN region r ON r.id = p.region_id WHERE r.code = 'uusimaa' AND p.year = 2021;");
    const nws = Number(q(`SELECT count(*) FROM workspace WHERE period_id = ${p};`));
    if (nws === 0) {
      t.skip('the demo data has no workspaces in 2021 (demo/programme.sql not loaded)');
      return;
    }
    const h = (await as.coordinator.get(`/fi/programme/view?period=${p}`)).text;
    const rows = dbActions(p);
    const by = (s) => String(rows.filter((a) => a.status === s).length);
    assert.equal(textOfId(h, 'fact-workspaces'), String(nws));
    assert.equal(textOfId(h, 'fact-actions'), String(rows.length));
    assert.equal(textOfId(h, 'fact-done'), by('done'));
    // 2021 has ended: an action still open is open at the end of the
    // period, not years late (#12 item 9).
    const open = rows.filter((a) => a.status === 'planned' || a.status === 'in-progress');
    assert.equal(textOfId(h, 'fact-overdue'), null);
    assert.equal(textOfId(h, 'fact-open-at-end'), String(open.length));
    assert.doesNotMatch(h, /id="overdue-table"/);
    assert.match(h, /<table class="hds-table" id="open-at-end-table">/);
    assert.equal((h.match(/<tr>\s*<td><a href="\/fi\/workspaces\/2021\/\d+">/g) ?? []).length, open.length);
    // The summary leads: a row per municipality.
    assert.ok(h.indexOf('id="summary-table"') < h.indexOf('id="scores"'), 'the summary comes first');
    assert.equal(tableRows(h, 'summary-table').filter((r) => /data-code/.test(r.attrs)).length, nws);
    assert.equal(textOfId(h, 'fact-held'), q(`SELECT count(*) FROM sparring_session s JOIN workspace w ON w.id = s.workspace_id
      WHERE w.period_id = ${p} AND s.starts_at <= ${Math.floor(Date.now() / 1000)};`.replace(/\n/g, ' ')));
    const status = Object.fromEntries(tableRows(h, 'status-table').filter((r) => /data-status/.test(r.attrs))
      .map((r) => [/data-status="([^"]+)"/.exec(r.attrs)[1], r.cells[1]]));
    for (const s of STATUSES) assert.equal(status[s], by(s), s);
    assert.equal(status['open-at-end'], String(open.length));
    // The exports count lateness to the period's last day, not to today.
    const csv = csvOf(await as.coordinator.get(`/fi/programme/export/actions.csv?period=${p}&sep=comma`));
    const col = csv[0].indexOf('Päiviä myöhässä');
    const late = csv.slice(1).filter((row) => row[col] !== '').map((row) => Number(row[col]));
    assert.ok(late.length > 0, 'some actions were late when 2021 ended');
    for (const days of late) assert.ok(days >= 1 && days <= 365, `${days} days late at the end of 2021`);
    const api = JSON.parse((await as.coordinator.get(`/api/v1/periods/${p}/actions`)).text);
    assert.deepEqual(api.actions.filter((x) => x.overdue).map((x) => x.days_late).sort(), late.sort());
    assert.ok(rows.some((a) => a.status === 'done') && open.length > 0,
      'the demo has done actions and actions open at the end');
  });
});

describe('CSV exports', () => {
  // Finnish pages default to ';' (one rule for every export, see
  // view/format.h): the checks of the content read the ',' variant.
  const path = (kind, extra = '&sep=comma') => `/fi/programme/export/${kind}.csv?period=${pid}${extra}`;

  it('actions.csv: a file for the coordinator with every action of the region, as in the database', async () => {
    const res = await as.coordinator.get(path('actions'));
    const rows = csvOf(res);
    assert.equal(res.headers['content-disposition'], `attachment; filename="uusimaa-${YEAR}-actions.csv"`);
    assert.deepEqual(rows[0], ['Kausi', 'Kuntanumero', 'Kunta', 'Toimenpiteen tunnus', 'Toimenpide', 'Vastuuhenkilö',
      'Määräpäivä', 'Tila', 'Edistyminen %', 'Myöhässä', 'Päiviä myöhässä', 'Sovittu tapaamisessa', 'Muutettu viimeksi']);
    const db = dbActions(pid);
    assert.equal(rows.length - 1, db.length);
    const names = { 611: 'Pornainen', 858: 'Tuusula', 224: 'Karkkila' };
    for (const a of db) {
      const r = rows.find((x) => Number(x[3]) === a.id);
      assert.ok(r, `action ${a.id} is in the file`);
      const late = lateOf(a);
      assert.deepEqual(r, [
        String(YEAR), a.code, names[a.code], String(a.id), safe(a.title), safe(a.owner), a.due ?? '',
        FI_STATUS[a.status], String(a.progress), late ? 'kyllä' : 'ei', late ? String(late) : '',
        a.session ? local(a.sessionAt) : '', local(a.updated),
      ]);
    }
    // Ordered by municipality (Karkkila, Pornainen, Tuusula), then due date.
    assert.deepEqual(rows.slice(1).map((r) => r[2]), ['Karkkila', 'Pornainen', 'Pornainen', 'Pornainen', 'Tuusula', 'Tuusula']);
  });

  it('neutralises formulas in text fields, keeps quotes, separators and line breaks', async () => {
    const text = (await as.coordinator.get(path('actions'))).body.toString('utf8');
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example/"",""klikkaa"")"`), 'formula title quoted and neutralised');
    assert.ok(text.includes(",'+358 40 1234567,"), 'a phone number as owner is text, not a formula');
    assert.ok(text.includes(`,'@Kurssit työväenopistossa,`));
    assert.ok(text.includes(`,'-Kotikäynnit,`));
    assert.ok(text.includes('"Sovitaan, kuka ""vastaa""; ja\nmitä"'), 'comma, quote and newline inside one quoted field');
    for (const line of text.split('\r\n')) assert.ok(!/(^|,)[=+@]/.test(line), `no field starts a formula: ${line}`);
  });

  it('?sep=semicolon: the same rows with ";" for Excel in Finnish', async () => {
    const comma = csvOf(await as.coordinator.get(path('actions')));
    const res = await as.coordinator.get(path('actions', '&sep=semicolon'));
    const semi = csvOf(res, ';');
    assert.deepEqual(semi, comma);
    const text = res.body.toString('utf8');
    assert.ok(text.split('\r\n')[0].includes(';Kuntanumero;'));
    assert.ok(text.includes('"Sovitaan, kuka ""vastaa""; ja\nmitä"'), 'a ";" in a field is quoted');
    assert.equal((await as.coordinator.get(path('actions', '&sep=comma'))).status, 200);
    assert.equal((await as.coordinator.get(path('actions', '&sep=tab'))).status, 400);
    // Without ?sep: ';' on a Finnish page, as Excel in Finland reads it.
    const plain = await as.coordinator.get(path('actions', ''));
    assert.deepEqual(csvOf(plain, ';'), comma);
  });

  it('the header follows the language of the path', async () => {
    const rows = csvOf(await as.coordinator.get(`/en/programme/export/actions.csv?period=${pid}`));
    assert.deepEqual(rows[0].slice(0, 4), ['Period', 'Municipality code', 'Municipality', 'Action id']);
    const r = rows.find((x) => Number(x[3]) === seeded.actions.undated);
    assert.equal(r[7], EN_STATUS['in-progress']);
    assert.equal(r[9], 'no');
    const sv = csvOf(await as.coordinator.get(`/sv/programme/export/actions.csv?period=${pid}`), ';');
    assert.equal(sv[0][2], 'Kommun');
  });

  it('sessions.csv: every session with its tutors, local time, mode and multi-line fields', async () => {
    const res = await as.coordinator.get(path('sessions'));
    const rows = csvOf(res);
    assert.equal(res.headers['content-disposition'], `attachment; filename="uusimaa-${YEAR}-sessions.csv"`);
    assert.equal(rows[0].length, 12);
    const db = JSON.parse(sqlite(srv.db, `SELECT json_group_array(json_array(s.id, w.municipality_code, s.starts_at,
      s.mode, s.place, s.participants, s.agenda, s.notes, (SELECT count(*) FROM action x WHERE x.session_id = s.id)))
      FROM sparring_session s JOIN workspace w ON w.id = s.workspace_id WHERE w.period_id = ${pid};`));
    assert.equal(rows.length - 1, db.length);
    const tutors = { 611: 'Helsinki', 858: 'Hyvinkää, Vantaa', 224: '' };
    for (const [id, code, at, mode, place, participants, agenda, notes, nactions] of db) {
      const r = rows.find((x) => Number(x[4]) === id);
      assert.ok(r, `session ${id}`);
      assert.deepEqual(r, [String(YEAR), code, r[2], tutors[code], String(id), local(at),
        mode === 'remote' ? 'etänä' : 'paikan päällä', place, safe(participants), safe(agenda), safe(notes), String(nactions)]);
    }
    const s1 = rows.find((x) => Number(x[4]) === seeded.sessions.s1);
    assert.equal(s1[8], 'Liisa Testi, Pornainen\nMatti Tutor, Helsinki');
    assert.equal(s1[9], "'- Tavoitteet\n- Itsearviointi");
    assert.equal(s1[11], '2');
  });

  it('assessments.csv: start and end side by side with the change, for each scored dimension', async () => {
    const res = await as.coordinator.get(`/en/programme/export/assessments.csv?period=${pid}&sep=semicolon`);
    const rows = csvOf(res, ';');
    assert.equal(res.headers['content-disposition'], `attachment; filename="uusimaa-${YEAR}-assessments.csv"`);
    assert.deepEqual(rows[0], ['Period', 'Municipality code', 'Municipality', 'Dimension', 'Start score', 'End score',
      'Change', 'Start note', 'End note']);
    const body = rows.slice(1).map((r) => r.slice(1));
    assert.deepEqual(body, [
      ['224', 'Karkkila', 'Network cooperation', '', '5', '', '', ''],
      ['611', 'Pornainen', 'Responsibility and coordination', '2', '4', '2', "'=cmd|' /C calc'!A0", 'Nimetty, "yhdyshenkilö"; hyvä'],
      ['611', 'Pornainen', 'Network cooperation', '1', '', '', '', ''],
      ['858', 'Tuusula', 'Responsibility and coordination', '3', '', '', '', ''],
    ]);
    // Every stored score of the period is in the file once.
    const n = Number(q(`SELECT count(*) FROM assessment a JOIN workspace w ON w.id = a.workspace_id WHERE w.period_id = ${pid};`));
    assert.equal(body.reduce((k, r) => k + (r[3] !== '') + (r[4] !== ''), 0), n);
  });

  it('a tutor and a municipal coordinator get only the municipalities they work on', async () => {
    const codesOf = (rows) => [...new Set(rows.slice(1).map((r) => r[1]))].sort();
    for (const [role, want] of [['tutor', ['611']], ['municipal', ['611']], ['other', ['224']],
      ['coordinator', ['224', '611', '858']], ['admin', ['224', '611', '858']]]) {
      for (const kind of ['actions', 'sessions', 'assessments']) {
        const rows = csvOf(await as[role].get(path(kind)));
        // Karkkila (224) has no sessions.
        const expectCodes = kind === 'sessions' ? want.filter((c) => c !== '224') : want;
        assert.deepEqual(codesOf(rows), expectCodes, `${role} ${kind}`);
      }
      const acts = csvOf(await as[role].get(path('actions')));
      assert.deepEqual(acts.slice(1).map((r) => Number(r[3])).sort((a, b) => a - b),
        dbActions(pid, want).map((a) => a.id).sort((a, b) => a - b), `${role}: the same actions as the database`);
    }
  });

  it('refuses the others: sign in, nothing to show (404), unknown period (404)', async () => {
    const anon = await new Client(srv.url).get(path('actions'));
    assert.equal(anon.status, 303);
    assert.match(anon.headers.location, /^\/fi\/signin\?next=/);
    for (const kind of ['actions', 'sessions', 'assessments']) {
      assert.equal((await as.supporter.get(path(kind))).status, 404, `supporter ${kind}`);
      assert.equal((await as.foreign.get(path(kind))).status, 404, `other region's coordinator ${kind}`);
      assert.equal((await as.coordinator.get(`/fi/programme/export/${kind}.csv?period=999999`)).status, 404);
      assert.equal((await as.coordinator.get(`/fi/programme/export/${kind}.csv?period=x1`)).status, 404);
    }
    // The other region's coordinator has their own (empty) period.
    const own = csvOf(await as.foreign.get(`/fi/programme/export/actions.csv?period=${otherPid}`));
    assert.equal(own.length, 1, 'only the header');
  });

  it('without ?period the newest period in which the viewer has something', async () => {
    const res = await as.municipal.get('/fi/programme/export/actions.csv');
    assert.equal(res.headers['content-disposition'], `attachment; filename="uusimaa-${YEAR}-actions.csv"`);
    assert.equal((await as.supporter.get('/fi/programme/export/actions.csv')).status, 404);
  });

  it('GETs of the view and the exports write nothing', async () => {
    const before = snapshot(srv.db);
    await as.coordinator.get(`/fi/programme/view?period=${pid}`);
    for (const kind of ['actions', 'sessions', 'assessments']) await as.tutor.get(path(kind));
    await as.coordinator.get(`/api/v1/periods/${pid}/actions`);
    assert.equal(diffSnapshots(before, snapshot(srv.db)), '');
  });
});

describe('JSON API: /api/v1/periods/:id/actions', () => {
  it('gives the actions with numbers as numbers and ISO dates, to a token or a session', async () => {
    const token = createToken(srv, acct.coordinator.email, 'report test');
    const res = await new Client(srv.url, { headers: { authorization: `Bearer ${token}` } })
      .get(`/api/v1/periods/${pid}/actions`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers['content-type'], /^application\/json/);
    const j = JSON.parse(res.text);
    assert.deepEqual(j.period, { id: pid, year: YEAR, format: 'sparring', region: 'uusimaa', starts_on: `${YEAR}-01-01`, ends_on: `${YEAR}-12-31` });
    assert.equal(j.today, today());
    const db = dbActions(pid);
    assert.equal(j.actions.length, db.length);
    for (const a of db) {
      const x = j.actions.find((y) => y.id === a.id);
      assert.ok(x, `action ${a.id}`);
      const late = lateOf(a);
      assert.deepEqual(x, {
        id: a.id,
        municipality: { code: a.code, name: { 611: 'Pornainen', 858: 'Tuusula', 224: 'Karkkila' }[a.code] },
        title: a.title,
        owner: a.owner === '' ? null : a.owner,
        due_on: a.due,
        status: a.status,
        progress: a.progress,
        overdue: late > 0,
        days_late: late > 0 ? late : null,
        session: a.session ? { id: a.session, starts_at: new Date(a.sessionAt * 1000).toISOString().replace('.000', '') } : null,
        created_at: new Date(a.created * 1000).toISOString().replace('.000', ''),
        updated_at: new Date(a.updated * 1000).toISOString().replace('.000', ''),
      });
      assert.equal(typeof x.progress, 'number');
    }
    // Titles are data here: no apostrophe in the JSON.
    assert.equal(j.actions.find((x) => x.id === seeded.actions.formula).title, '=HYPERLINK("http://evil.example/","klikkaa")');
    const viaSession = JSON.parse((await as.coordinator.get(`/api/v1/periods/${pid}/actions`)).text);
    assert.deepEqual(viaSession.actions, j.actions);
  });

  it('filters like the exports and refuses the others', async () => {
    const ids = async (role) => JSON.parse((await as[role].get(`/api/v1/periods/${pid}/actions`)).text)
      .actions.map((a) => a.municipality.code);
    assert.deepEqual([...new Set(await ids('tutor'))], ['611']);
    assert.deepEqual([...new Set(await ids('municipal'))], ['611']);
    assert.deepEqual([...new Set(await ids('other'))], ['224']);
    const anon = await new Client(srv.url).get(`/api/v1/periods/${pid}/actions`);
    assert.equal(anon.status, 401);
    for (const [who, p] of [['supporter', pid], ['foreign', pid], ['coordinator', 999999], ['coordinator', 'abc'], ['coordinator', otherPid]]) {
      const res = await as[who].get(`/api/v1/periods/${p}/actions`);
      assert.equal(res.status, 404, `${who} ${p}`);
      assert.deepEqual(JSON.parse(res.text), { error: 'The page you were looking for was not found.' });
    }
  });
});
