// The published statistics (src/statistics/public.c) on the demo's year
// of encounters: the region's page, a municipality's page and the CSV
// show the same protected figures; no published count is 1 to 4; no
// hidden figure is alone in a published sum (the row of a municipality,
// the column of a national form, the months of the year) so it cannot be
// had by subtraction; the shown figures are the true counts; the
// coordinators' record lists every hidden figure with its reason and
// true value, and is only theirs.  The LP attack on the protection
// itself is tests/unit/statistics/test_attack.c.  The same file runs on
// PostgreSQL in the suite http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { Client, addUser, signIn, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
let firstDir = null;
const as = {};
const q = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');
// Published figures come a quarter at a time (src/statistics/release.h):
// a quarter from the first day of the second month after it ends.  The
// year of the last quarter published is the page's default, and its
// quarters so far are all of that year the page shows.
const [nowYear, nowMonth] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' })
  .format(new Date()).split('-').map(Number);
const monthNow = nowYear * 12 + nowMonth - 1;
/** The last month of the last quarter published in month m. */
const lastReleased = (m) => m - 4 - ((m - 4) % 3) + 2;
const end = lastReleased(monthNow);
const year = Math.floor(end / 12);

/** The CSV as objects by its header. */
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'a byte-order mark first');
  const lines = text.slice(1).split('\r\n').filter(Boolean);
  const head = lines[0].split(';');
  return lines.slice(1).map((l) => {
    // Labels may be quoted ("Etätuki (chat, video)" has no ';', but be safe).
    const f = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < l.length; i++) {
      const c = l[i];
      if (quoted) {
        if (c === '"' && l[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ';') { f.push(cur); cur = ''; } else cur += c;
    }
    f.push(cur);
    return Object.fromEntries(head.map((h, i) => [h, f[i]]));
  });
}

let rows;
before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  for (const [name, role, opts] of [['coordinator', 'coordinator', {}], ['municipal', 'municipal-coordinator', { municipality: '611' }],
    ['supporter', 'supporter', { scopes: ['19'] }], ['admin', 'admin', {}]]) {
    const u = addUser(srv, `${name}.${unique('p')}@example.fi`, role, opts);
    as[name] = await signIn(srv.url, u.email, u.password);
  }
  const res = await new Client(srv.url).get('/fi/statistics.csv');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
  rows = parseCsv(res.text);
});

after(async () => {
  await srv?.stop();
  if (firstDir) rmSync(firstDir, { recursive: true, force: true });
});

describe('the published figures', () => {
  it('are the demo year\'s, with no count from 1 to 4 and every hidden one marked', () => {
    assert.ok(Number(q('SELECT count(*) FROM encounter')) > 5000, 'the demo has a year of encounters');
    assert.ok(rows.length > 100);
    for (const r of rows) {
      if (r.mark === '') {
        assert.match(r.encounters, /^\d+$/);
        const n = Number(r.encounters);
        assert.ok(n === 0 || n >= 5, `a small count published: ${JSON.stringify(r)}`);
      } else {
        assert.ok(r.mark === '< 5' || r.mark === 'x', JSON.stringify(r));
        assert.equal(r.encounters, '');
      }
    }
  });

  it('are the true counts where shown', () => {
    const region = rows.find((r) => r.table === 'form' && r.place_kind === 'region' && r.column === 'Yhteensä' && r.period === String(year));
    assert.equal(region.mark, '');
    assert.equal(Number(region.encounters), Number(q(`SELECT count(*) FROM encounter WHERE month >= ${year * 12} AND month <= ${end}`)));
    for (const r of rows.filter((x) => x.table === 'form' && x.place_kind === 'municipality' && x.column === 'Yhteensä' && x.period === String(year) && x.mark === '')) {
      assert.equal(Number(r.encounters), Number(q(`SELECT count(*) FROM encounter WHERE municipality_code = '${r.place_code}' AND month >= ${year * 12} AND month <= ${end}`)), r.place);
    }
    const banking = rows.find((r) => r.table === 'topic' && r.place_kind === 'region' && r.column === 'Verkkopankki ja maksaminen');
    if (banking.mark === '') {
      assert.equal(Number(banking.encounters), Number(q(`SELECT count(*) FROM encounter_topic t JOIN encounter e ON e.id = t.encounter_id WHERE t.topic = 'banking' AND e.month >= ${year * 12} AND e.month <= ${end}`)));
    }
  });

  it('never leave a hidden figure alone in a published sum', () => {
    const form = rows.filter((r) => r.table === 'form');
    const groups = ['Lähituki', 'Etätuki', 'Koulutus'];
    const places = [...new Set(form.map((r) => `${r.place_kind}:${r.place_code}`))];
    const periods = [...new Set(form.map((r) => r.period))];
    const at = (place, column, period) => form.find((r) => `${r.place_kind}:${r.place_code}` === place && r.column === column && r.period === period);
    let checked = 0;
    // A place's total against its national forms, in every period.
    for (const p of places) {
      for (const per of periods) {
        const cells = groups.map((g) => at(p, g, per)).filter(Boolean);
        const total = at(p, 'Yhteensä', per);
        if (!total || cells.length !== 3) continue;
        const hidden = [total, ...cells].filter((c) => c.mark !== '').length;
        assert.ok(hidden !== 1, `one hidden figure in the sum of ${p} ${per}`);
        checked++;
      }
    }
    // The region's figure against its municipalities', per column and period.
    const munis = places.filter((p) => p.startsWith('municipality:'));
    for (const col of ['Yhteensä', ...groups]) {
      for (const per of periods) {
        const cells = [at('region:', col, per), ...munis.map((m) => at(m, col, per))];
        if (cells.some((c) => !c)) continue;
        assert.ok(cells.filter((c) => c.mark !== '').length !== 1, `one hidden figure among the municipalities in ${col} ${per}`);
        checked++;
      }
    }
    // The year against its months, for each place and column (when the months are published).
    const months = periods.filter((p) => /^\d{4}-\d{2}$/.test(p));
    const quarters = periods.filter((p) => /-Q\d$/.test(p));
    // Whole quarters' months (those whose quarter publishes them), none
    // after the last quarter published.
    assert.equal(months.length % 3, 0, months.join());
    for (const m of months) assert.ok(Number(m.slice(5)) <= end - year * 12 + 1, `${m} is not published yet`);
    assert.ok(quarters.length >= 1 && quarters.length === Math.floor((end - year * 12) / 3) + 1, quarters.join());
    if (months.length >= 3) {
      for (const p of places) {
        for (const col of ['Yhteensä', ...groups]) {
          const qs = quarters.map((x) => at(p, col, x));
          if (qs.some((c) => !c)) continue;
          assert.ok([at(p, col, String(year)), ...qs].filter((c) => c.mark !== '').length !== 1, `one hidden quarter of ${p} ${col}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 50, `checked ${checked} sums`);
  });

  it('give the year as the sum of its quarters, hidden when one of them is', () => {
    let shown = 0;
    let hidden = 0;
    for (const r of rows.filter((x) => x.period === String(year))) {
      const qs = rows.filter((x) => x.table === r.table && x.place_kind === r.place_kind && x.place_code === r.place_code
        && x.column === r.column && /-Q\d$/.test(x.period));
      assert.ok(qs.length >= 1, JSON.stringify(r));
      if (qs.every((x) => x.mark === '')) {
        assert.equal(r.mark, '', JSON.stringify(r));
        assert.equal(Number(r.encounters), qs.reduce((a, x) => a + Number(x.encounters), 0), JSON.stringify(r));
        shown++;
      } else {
        assert.notEqual(r.mark, '', JSON.stringify(r));
        hidden++;
      }
    }
    assert.ok(shown > 20 && hidden > 0, `${shown} shown, ${hidden} hidden`);
  });

  it('are the same on the region\'s page, a municipality\'s page and in the CSV', async () => {
    const page = await new Client(srv.url).get('/fi/statistics');
    assert.equal(page.status, 200);
    const t = textOf(page.text);
    const region = rows.find((r) => r.table === 'form' && r.place_kind === 'region' && r.column === 'Yhteensä' && r.period === String(year));
    assert.ok(t.includes(`Tukitapahtumat ${region.encounters}`), t.slice(0, 2000));
    assert.match(page.text, /<svg[^>]*role="img"/);
    // Each municipality's row: total and national forms as the CSV has them.
    const shown = (r) => (r.mark === '' ? r.encounters : r.mark === '< 5' ? '< 5' : '×');
    for (const code of ['611', '091', '224']) {
      const name = rows.find((r) => r.place_code === code).place;
      const cells = ['Yhteensä', 'Lähituki', 'Etätuki', 'Koulutus'].map((c) => shown(rows.find((r) => r.table === 'form' && r.place_code === code && r.column === c && r.period === String(year))));
      assert.ok(t.includes(`${name} ${cells.join(' ')}`), `${name} ${cells.join(' ')}`);
      const mp = await new Client(srv.url).get(`/fi/statistics/${code}`);
      assert.equal(mp.status, 200);
      assert.ok(textOf(mp.text).includes(`Tukitapahtumat ${cells[0]}`), `${code}: ${cells[0]}`);
    }
    const sv = await new Client(srv.url).get('/sv/statistics');
    assert.match(textOf(sv.text), /Statistik över digitalt stöd/);
  });

  it('hide the same figures in every language', async () => {
    // The cubes were once ordered by the municipalities' names in the
    // page's language, and Finnish and Swedish hid different cells: each
    // language must publish the same figures and marks, cell for cell.
    const strip = (r) => [r.table, r.place_kind, r.place_code, r.period, r.encounters, r.mark].join('|');
    const fi = rows.map(strip);
    for (const lang of ['sv', 'en']) {
      const other = parseCsv((await new Client(srv.url).get(`/${lang}/statistics.csv`)).text);
      assert.deepEqual(other.map(strip), fi, lang);
    }
  });

  it('refuses an unknown year or municipality (404)', async () => {
    for (const path of ['/fi/statistics?year=1999', `/fi/statistics?year=${year + 1}`, '/fi/statistics?year=x', '/fi/statistics/999']) {
      assert.equal((await new Client(srv.url).get(path)).status, 404, path);
    }
    assert.equal((await new Client(srv.url).get(`/fi/statistics?year=${year - 1}`)).status, 200);
  });
});

describe('the statistics API', () => {
  /** A JSON cell as the CSV writes it. */
  const asCsv = (c) => ({ ...c, encounters: c.encounters === null ? '' : String(c.encounters) });

  it('gives the region\'s figures cell for cell as the CSV', async () => {
    const res = await new Client(srv.url).get('/api/statistics?lang=fi');
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    const body = JSON.parse(res.text);
    assert.equal(body.year, year);
    assert.equal(body.withheld, false);
    assert.deepEqual(body.place, { kind: 'region', code: '', name: body.region });
    assert.equal(body.cells.length, rows.length);
    assert.deepEqual(body.cells.map(asCsv), rows);
    assert.ok(body.cells.some((c) => c.mark === '< 5' && c.encounters === null));
  });

  it('gives a municipality\'s part of the same figures, its points with it', async () => {
    const res = await new Client(srv.url).get('/api/statistics/611?lang=fi');
    assert.equal(res.status, 200);
    const body = JSON.parse(res.text);
    assert.equal(body.place.kind, 'municipality');
    const points = new Set(q("SELECT DISTINCT point_id FROM encounter WHERE municipality_code = '611'").split('\n'));
    const want = rows.filter((r) => r.place_code === '611' || (r.place_kind === 'point' && points.has(r.place_code)));
    assert.ok(want.length > 0);
    assert.deepEqual(body.cells.map(asCsv), want);
    // Labels in the language asked.
    const sv = JSON.parse((await new Client(srv.url).get('/api/statistics/611?lang=sv')).text);
    assert.ok(sv.cells.some((c) => c.column === 'Totalt'), JSON.stringify(sv.cells[0]));
  });
});

describe('the record of what is hidden', () => {
  it('lists every hidden figure with its true value and reason, for the region\'s coordinators', async () => {
    for (const who of ['coordinator', 'admin']) {
      const res = await as[who].get('/fi/staff/statistics/disclosure');
      assert.equal(res.status, 200, who);
      const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(res.text)[1];
      const recs = [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((x) => x[1]));
      const recorded = new Set(recs.map((r) => `${r[1]}|${r[2]}|${r[3]}`));
      // Each hidden figure of a quarter or a month is on the record; the
      // year's are sums of its quarters, hidden when one of them is.
      const hidden = rows.filter((r) => r.mark !== '');
      for (const r of hidden) {
        if (r.period === String(year)) {
          assert.ok(rows.some((x) => x.table === r.table && x.place_code === r.place_code && x.place_kind === r.place_kind
            && x.column === r.column && /-Q\d$/.test(x.period) && x.mark !== ''), `the year of ${JSON.stringify(r)}`);
        } else {
          assert.ok(recorded.has(`${r.place}|${r.column}|${r.period}`), `not recorded: ${JSON.stringify(r)}`);
        }
      }
      for (const r of recs) {
        const n = Number(r[4]);
        if (/^1–4|^1 to 4/.test(r[5])) assert.ok(n >= 1 && n <= 4, r.join('|'));
        else if (/^Suojaa/.test(r[5])) assert.ok(n >= 0, r.join('|'));
      }
      assert.ok(recs.some((r) => /^Suojaa lukua /.test(r[5])) || hidden.every((r) => r.mark === '< 5'));
    }
  });

  it('is not for municipal coordinators or supporters (404), tutors nor anonymous visitors', async () => {
    assert.equal((await as.municipal.get('/fi/staff/statistics/disclosure')).status, 404);
    assert.equal((await as.supporter.get('/fi/staff/statistics/disclosure')).status, 404);
    assert.equal((await new Client(srv.url).get('/fi/staff/statistics/disclosure')).status, 303);
  });
});

describe('a quarter once published', () => {
  const HEAD = 'point;date;hour;topics;form;duration;age;language;outcome;people;count';
  const count = () => Number(q('SELECT count(*) FROM encounter'));

  it('takes encounters in the quarter under way, which is not published', async () => {
    // Today's encounter is logged; whether published figures stay as they
    // were is the restart's test below, on a server computing them afresh
    // (this one keeps its published quarters).
    await as.supporter.loadCsrf('/fi/staff/encounters');
    const before = count();
    const res = await as.supporter.post('/fi/staff/encounters', { point: '19', topic: 'banking', support_form: 'drop-in',
      duration: '10-30', age: 'unknown', language: 'fi', outcome: 'resolved', people: '', date: '', hour: '' });
    assert.equal(res.status, 303);
    assert.equal(count(), before + 1);
    const periods = new Set(parseCsv((await new Client(srv.url).get(`/fi/statistics.csv?year=${nowYear}`)).text)
      .map((r) => r.period));
    assert.ok(!periods.has(`${nowYear}-${String(nowMonth).padStart(2, '0')}`), 'the month under way is not published');
    assert.ok(!periods.has(`${nowYear}-Q${Math.floor((nowMonth - 1) / 3) + 1}`), 'nor its quarter');
  });

  it('takes no more encounters: an import into it is refused and writes nothing', async () => {
    const day = `${Math.floor(end / 12)}-${String(end % 12 + 1).padStart(2, '0')}-15`;
    await as.supporter.loadCsrf('/fi/staff/encounters/import');
    const before = count();
    const res = await as.supporter.post('/fi/staff/encounters/import', {
      csv: `${HEAD}\n19;${day};10;banking;drop-in;10-30;unknown;fi;resolved;;1` });
    assert.equal(res.status, 400);
    assert.match(textOf(res.text), /Rivi 2: Sen vuosineljänneksen luvut on jo julkaistu, joten siihen ei voi enää lisätä tukitapahtumia\./);
    assert.equal(count(), before);
  });

  it('is the same a quarter later, when the next quarter is published beside it, and closed as well', async () => {
    // The next month a quarter is published in (February, May, August or
    // November): a server restarted on its second day.
    let next = monthNow + 1;
    while (next % 3 !== 1) next++;
    const days = Math.ceil((Date.UTC(Math.floor(next / 12), next % 12, 2, 12) - Date.now()) / 86400000);
    await srv.stop({ keepDir: true });
    firstDir = srv.dir;
    srv = await startServer({ db: srv.db, args: [...PASSWORD_COST, '--page-cache-ms', '0'],
      env: { TUKIVERKKO_TEST_CLOCK_DAYS: String(days) } });
    // In Swedish, the new server's first page: its quarters protected
    // afresh (the server keeps a published quarter's cubes once made), so
    // this is also Finnish against Swedish, each computed on its own.
    // Cells by place, period and the column's place in its group.
    const byPosition = (list) => {
      const seen = new Map();
      return new Map(list.map((r) => {
        const g = `${r.table}|${r.place_kind}|${r.place_code}|${r.period}`;
        const i = seen.get(g) ?? 0;
        seen.set(g, i + 1);
        return [`${g}|${i}`, `${r.encounters}|${r.mark}`];
      }));
    };
    const later = parseCsv((await new Client(srv.url).get(`/sv/statistics.csv?year=${year}`)).text);
    const now = byPosition(later);
    let same = 0;
    for (const [k, v] of byPosition(rows)) {
      // The year so far is a sum of its quarters, and grows with them.
      if (k.split('|')[3] === String(year)) continue;
      assert.equal(now.get(k), v, k);
      same++;
    }
    assert.ok(same > 1000, `${same} figures the same`);
    const quarter = Math.floor((end % 12) / 3) + 2;
    if (quarter <= 4) assert.ok(later.some((r) => r.period === `${year}-Q${quarter}`), `${year}-Q${quarter} published`);
    // The quarter of today's encounter (above) is now closed too.
    const u = addUser(srv, `later.${unique('s')}@example.fi`, 'supporter', { scopes: ['19'] });
    const supporter = await signIn(srv.url, u.email, u.password);
    await supporter.loadCsrf('/fi/staff/encounters/import');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
    const before = count();
    const res = await supporter.post('/fi/staff/encounters/import', {
      csv: `${HEAD}\n19;${today};10;banking;drop-in;10-30;unknown;fi;resolved;;1` });
    assert.equal(res.status, 400);
    assert.match(textOf(res.text), /Sen vuosineljänneksen luvut on jo julkaistu/);
    assert.equal(count(), before);
  });
});
