// The period report for the funder (src/statistics/report.c) on a small
// region of its own made for this file - two municipalities, a programme
// period with its tutors, sessions, actions and self-assessment, events
// with registrations and feedback, badges, service points, and
// encounters imported through the real form - so that every section can
// be checked against figures worked out by hand.  The CSV bundle is
// unzipped by the reader below (stored entries, CRC-32 checked) and
// parsed back.  Roles: the region's coordinator, another region's
// coordinator (another region's period is "not found"), a supporter
// (403).  The same file runs on PostgreSQL in the suite http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { rmSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { Client, addUser, signIn, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';

let srv;
const as = {};
const sql = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');
const now = Math.floor(Date.now() / 1000);
const DAY = 86400;

/** The Helsinki date `days` from now ("2026-11-30"). */
function date(days) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit',
    day: '2-digit' }).format(new Date((now + days * DAY) * 1000));
}

// The encounters go in the earliest quarter not yet published
// (src/statistics/release.h: a quarter is published on the first day of
// the second month after it ends, and closed from then on), through the
// import form; the report shows them once a server restarted in the month
// of its release does ("when its quarter is published", at the end).
const [nowYear, nowMonth] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' })
  .format(new Date()).split('-').map(Number);
const openFirst = Math.ceil((nowYear * 12 + nowMonth - 1 - 3) / 3) * 3;
const openYear = Math.floor(openFirst / 12);
/** Day d of the first month of that quarter ("2026-10-02"). */
const openDay = (d) => `${openYear}-${String(openFirst % 12 + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The id of a row inserted with RETURNING id. */
const insert = (s) => Number(sql(`${s} RETURNING id;`).split('\n')[0]);

/** The entries of a stored ZIP archive, read from its central directory. */
function unzip(buf) {
  const end = buf.length - 22;
  assert.equal(buf.readUInt32LE(end), 0x06054b50, 'the end record last');
  const n = buf.readUInt16LE(end + 10);
  let c = buf.readUInt32LE(end + 16);
  const out = {};
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(c), 0x02014b50);
    assert.equal(buf.readUInt16LE(c + 10), 0, 'stored');
    const crc = buf.readUInt32LE(c + 16);
    const size = buf.readUInt32LE(c + 24);
    const nameLen = buf.readUInt16LE(c + 28);
    const name = buf.subarray(c + 46, c + 46 + nameLen).toString('utf8');
    const local = buf.readUInt32LE(c + 42);
    assert.equal(buf.readUInt32LE(local), 0x04034b50);
    const data = buf.subarray(local + 30 + buf.readUInt16LE(local + 26), local + 30 +
      buf.readUInt16LE(local + 26) + size);
    assert.equal(crc32(data) >>> 0, crc, `CRC-32 of ${name}`);
    out[name] = data.toString('utf8');
    c += 46 + nameLen;
  }
  return out;
}

/** A CSV of the bundle as objects by its header (';', quoted fields). */
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'a byte-order mark first');
  const lines = text.slice(1).split('\r\n').filter(Boolean);
  const split = (l) => {
    const f = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i];
      if (quoted) {
        if (ch === '"' && l[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ';') { f.push(cur); cur = ''; } else cur += ch;
    }
    f.push(cur);
    return f;
  };
  const head = split(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i], v])));
}

/** A report table of the page as { key: [figures] }. */
function tableOf(html, id) {
  const m = new RegExp(`<table class="stats-table" id="${id}">([\\s\\S]*?)</table>`).exec(html);
  assert.ok(m, `table ${id}`);
  const rows = {};
  for (const r of m[1].matchAll(/<tr data-key="([^"]*)">([\s\S]*?)<\/tr>/g)) {
    rows[r[1]] = [...r[2].matchAll(/<td class="numeric">([^<]*)<\/td>/g)].map((x) => x[1]);
  }
  return rows;
}

let fx;
before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  const region = insert("INSERT INTO region (code, name_fi, name_sv, name_en) VALUES ('raportti', 'Raporttimaa', 'Rapportland', 'Reportland')");
  sql(`INSERT INTO municipality (code, region_id, name_fi, name_sv, language_status) VALUES
    ('837', ${region}, 'Tampere', 'Tammerfors', 'fi'), ('980', ${region}, 'Ylöjärvi', 'Ylöjärvi', 'fi');`);
  for (const [name, role, opts] of [['coordinator', 'coordinator', {}], ['other', 'coordinator', {}],
    ['supporter', 'supporter', { scopes: ['19'] }]]) {
    const u = addUser(srv, `${name}.${unique('r')}@example.fi`, role, opts);
    if (name === 'coordinator') sql(`UPDATE account SET region_id = ${region} WHERE id = ${u.id};`);
    as[name] = await signIn(srv.url, u.email, u.password);
    as[`${name}Id`] = u.id;
  }
  // The programme: the period under report, and last year's, which is not.
  const from = date(-200);
  const to = date(100);
  const period = insert(`INSERT INTO programme_period (region_id, year, format, starts_on, ends_on)
    VALUES (${region}, 2091, 'sparring', '${from}', '${to}')`);
  const old = insert(`INSERT INTO programme_period (region_id, year, format, starts_on, ends_on)
    VALUES (${region}, 2090, 'sparring', '${date(-600)}', '${date(-240)}')`);
  const ta = insert(`INSERT INTO tutor_assignment (period_id, tutor_code, municipality_code) VALUES (${period}, '837', '980')`);
  const tb = insert(`INSERT INTO tutor_assignment (period_id, tutor_code, municipality_code) VALUES (${old}, '980', '837')`);
  sql(`INSERT INTO tutor_assignment_account (assignment_id, account_id) VALUES (${ta}, ${as.coordinatorId}),
    (${ta}, ${as.otherId}), (${tb}, ${as.supporterId});`);
  const ws = insert(`INSERT INTO workspace (period_id, municipality_code) VALUES (${period}, '980')`);
  const wsOld = insert(`INSERT INTO workspace (period_id, municipality_code) VALUES (${old}, '837')`);
  sql(`INSERT INTO sparring_session (workspace_id, starts_at, mode, created_at) VALUES
    (${ws}, ${now - 100 * DAY}, 'remote', ${now}), (${ws}, ${now - 10 * DAY}, 'on-site', ${now}),
    (${wsOld}, ${now - 300 * DAY}, 'remote', ${now});
    INSERT INTO action (workspace_id, title, status, progress, created_at, updated_at) VALUES
    (${ws}, 'a', 'planned', 0, ${now}, ${now}), (${ws}, 'b', 'done', 100, ${now}, ${now}),
    (${ws}, 'c', 'done', 100, ${now}, ${now}), (${ws}, 'd', 'dropped', 40, ${now}, ${now}),
    (${wsOld}, 'e', 'in-progress', 50, ${now}, ${now});
    INSERT INTO assessment (workspace_id, phase, dimension_key, score, updated_at) VALUES
    (${ws}, 'start', 'competence', 2, ${now}), (${ws}, 'end', 'competence', 4, ${now}),
    (${ws}, 'start', 'network', 3, ${now}), (${wsOld}, 'start', 'competence', 1, ${now}),
    (${wsOld}, 'end', 'competence', 5, ${now});`);
  // Events: one held with three registrations (one cancelled) and two
  // answers; a cancelled one, one before the period, one still to come.
  const ev = (days, status) => insert(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status)
    VALUES (${region}, 'on-site', 'Tapahtuma', ${now + days * DAY}, ${now + days * DAY + 7200}, '${status}')`);
  const held = ev(-30, 'published');
  ev(-20, 'cancelled');
  ev(-300, 'published');
  ev(2, 'published');
  const reg = (n, status, size, checked) => insert(`INSERT INTO registration (event_id, submission, token_hash, name,
    email, group_size, lang, status, created_at, updated_at, checked_in_at) VALUES (${held}, 's${n}', 'h${n}${region}',
    'N', 'n${n}@example.fi', ${size}, 'fi', '${status}', ${now}, ${now}, ${checked ? now - 30 * DAY : 'NULL'})`);
  const r1 = reg(1, 'confirmed', 2, true);
  const r2 = reg(2, 'confirmed', 1, false);
  reg(3, 'cancelled', 1, false);
  sql(`INSERT INTO event_feedback (registration_id, event_id, rating, recommend, created_at, updated_at) VALUES
    (${r1}, ${held}, 4, 9, ${now}, ${now}), (${r2}, ${held}, 5, 7, ${now}, ${now});`);
  // Badges: two awarded in the period (one of them revoked in it), one
  // awarded before it and revoked in it.
  const ach = insert(`INSERT INTO achievement (region_id, name_fi, image_type, image_data, image_sha256, created_at,
    updated_at) VALUES (${region}, 'Merkki', 'svg', '<svg/>', 'x', ${now}, ${now})`);
  const award = (i, issued, revoked) => sql(`INSERT INTO badge_award (uuid, achievement_id, lang, recipient_name,
    recipient_email, salt, issued_at, status_list, status_index, revoked_at) VALUES ('report-${i}-${region}', ${ach},
    'fi', 'N', 'b${i}@example.fi', 's', ${now + issued * DAY}, 77, ${1000 + i}, ${revoked === null ? 'NULL' : now + revoked * DAY});`);
  award(1, -50, null);
  award(2, -40, -5);
  award(3, -260, -30);
  // Service points: 837 has two active and a closed one, 980 one active
  // and one closed for now.
  const point = (code, status, langs) => {
    const id = insert(`INSERT INTO service_point (region_id, municipality_code, status, name_fi, created_at, updated_at)
      VALUES (${region}, '${code}', '${status}', 'Piste', ${now}, ${now})`);
    for (const l of langs) sql(`INSERT INTO service_point_language (point_id, lang) VALUES (${id}, '${l}');`);
    return id;
  };
  const p1 = point('837', 'active', ['fi', 'sv']);
  point('837', 'active', ['fi']);
  point('837', 'closed', ['en']);
  const p3 = point('980', 'active', ['fi', 'en']);
  point('980', 'temporarily_closed', ['sv']);
  // Encounters, through the import form: 12 + 3 at Tampere, 7 at Ylöjärvi.
  await as.coordinator.loadCsrf('/fi/staff/encounters/import');
  const csv = ['point;date;hour;topics;form;duration;age;language;outcome;people;count',
    `${p1};${openDay(2)};10;banking;drop-in;10-30;75-plus;fi;resolved;;12`,
    `${p1};${openDay(3)};11;identification;phone;10-30;65-74;fi;resolved;;3`,
    `${p3};${openDay(4)};12;banking;drop-in;10-30;75-plus;fi;resolved;;7`, ''].join('\r\n');
  const res = await as.coordinator.post('/fi/staff/encounters/import', { csv });
  assert.equal(res.status, 303, textOf(res.text).slice(0, 1500));
  fx = { region, period, from, to };
});

after(async () => {
  await srv?.stop();
});

describe('the period report', () => {
  let page;
  before(async () => {
    page = await as.coordinator.get(`/en/staff/statistics/report?period=${fx.period}`);
    assert.equal(page.status, 200, textOf(page.text).slice(0, 1500));
  });

  it('sums the programme up as counted by hand', () => {
    assert.deepEqual(tableOf(page.text, 'programme'), {
      periods: ['1'], tutor_municipalities: ['1'], tutors: ['2'], supported_municipalities: ['1'], sessions: ['2'],
      actions_planned: ['1'], 'actions_in-progress': ['0'], actions_done: ['2'], actions_dropped: ['1'],
    });
    // Only the dimension assessed at both ends, and only this period's.
    assert.deepEqual(tableOf(page.text, 'self-assessment'), { competence: ['1', '2.0', '4.0', '+2.0'] });
    assert.match(page.text, /<svg[^>]*>[\s\S]*?<title[^>]*>Actions by status<\/title>/);
  });

  it('counts the events held, their registrations, attendance and feedback', () => {
    assert.deepEqual(tableOf(page.text, 'events'), {
      held: ['1'], registrations: ['2'], registered_people: ['3'], attended: ['2'], feedback_answers: ['2'],
      rating_average: ['4.5'], recommend_average: ['8.0'],
    });
  });

  it('counts the badges and says the trainings are not in use, never 0', () => {
    const off = ['Not in use'];
    assert.deepEqual(tableOf(page.text, 'learning'), {
      trainings: off, enrolments: off, completions: off, tests_passed: off, badges_awarded: ['2'], badges_revoked: ['2'],
    });
  });

  it('counts the trainings of the period once the region has any (learning_period_figures)', async () => {
    // One training made in the period with three enrolments (one before
    // it), two completed in it, one test passed and one failed in it; and
    // an older training, made before the period, which only makes
    // trainings "in use".
    const t = insert(`INSERT INTO training (region_id, name_fi, created_at, updated_at)
      VALUES (${fx.region}, 'Koulutus', ${now - 20 * DAY}, ${now})`);
    insert(`INSERT INTO training (region_id, name_fi, created_at, updated_at)
      VALUES (${fx.region}, 'Vanha', ${now - 400 * DAY}, ${now})`);
    const who = [as.coordinatorId, as.otherId, as.supporterId];
    const enrolled = [-10, -9, -400];
    const completed = [-5, -4, null];
    who.forEach((id, i) => sql(`INSERT INTO training_enrolment (training_id, account_id, name, enrolled_at, completed_at,
      completed_via) VALUES (${t}, ${id}, 'N', ${now + enrolled[i] * DAY}, ${completed[i] === null ? 'NULL' : now + completed[i] * DAY},
      ${completed[i] === null ? 'NULL' : "'trainer'"});`));
    sql(`INSERT INTO training_attempt (training_id, account_id, seed, started_at, submitted_at, score, total, passed) VALUES
      (${t}, ${who[0]}, 1, ${now - 6 * DAY}, ${now - 6 * DAY}, 3, 10, 0),
      (${t}, ${who[0]}, 2, ${now - 5 * DAY}, ${now - 5 * DAY}, 9, 10, 1);`);
    const again = await as.coordinator.get(`/en/staff/statistics/report?period=${fx.period}`);
    assert.equal(again.status, 200);
    assert.deepEqual(tableOf(again.text, 'learning'), {
      trainings: ['1'], enrolments: ['2'], completions: ['2'], tests_passed: ['1'], badges_awarded: ['2'],
      badges_revoked: ['2'],
    });
    sql(`DELETE FROM training_attempt WHERE training_id = ${t}; DELETE FROM training_enrolment WHERE training_id = ${t};
      DELETE FROM training WHERE region_id = ${fx.region};`);
  });

  it('shows the directory coverage by municipality and language', () => {
    assert.deepEqual(tableOf(page.text, 'service-points'), { 837: ['2'], 980: ['1'], total: ['3'] });
    assert.deepEqual(tableOf(page.text, 'languages'), { en: ['1'], fi: ['3'], sv: ['1'] });
  });

  it('reports no encounters of a quarter not yet published, and says why', async () => {
    const res = await as.coordinator.get(`/en/staff/statistics/report?from=${openDay(1)}&to=${date(0)}`);
    assert.equal(res.status, 200);
    const section = /id="encounters-heading"[\s\S]*?<\/section>/.exec(res.text)[0];
    assert.match(textOf(section), /No quarter of this period has been published yet/);
    assert.doesNotMatch(section, /<td class="numeric">/);
  });

  it('is one page per section on paper', () => {
    assert.equal([...page.text.matchAll(/<section class="report-section"/g)].length, 5);
  });
});

describe('the CSV bundle', () => {
  it('holds one CSV per table with the page\'s figures', async () => {
    const res = await as.coordinator.get(`/fi/staff/statistics/report.zip?from=${fx.from}&to=${fx.to}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.equal(res.headers['content-disposition'], `attachment; filename="period-report-${fx.from}-${fx.to}.zip"`);
    const files = unzip(res.body);
    assert.deepEqual(Object.keys(files).sort(), ['encounters-forms.csv', 'encounters-municipalities.csv',
      'encounters-topics.csv', 'events.csv', 'languages.csv', 'learning.csv', 'programme.csv',
      'self-assessment.csv', 'service-points.csv']);
    const byKey = (name) => Object.fromEntries(parseCsv(files[name]).map((r) => [r.key, r]));
    assert.equal(byKey('programme.csv').sessions.value, '2');
    assert.equal(byKey('programme.csv').actions_done.label, 'Toimenpiteet: Valmis');
    assert.deepEqual(byKey('self-assessment.csv').competence, { key: 'competence', label: byKey('self-assessment.csv').competence.label,
      municipalities: '1', start_average: '2,0', end_average: '4,0', change: '+2,0' });
    assert.equal(byKey('events.csv').rating_average.value, '4,5');
    assert.equal(byKey('learning.csv').trainings.value, 'Ei käytössä');
    assert.equal(byKey('service-points.csv').total.service_points, '3');
    assert.equal(byKey('languages.csv').fi.service_points, '3');
  });
});

describe('who may see it', () => {
  it('is the region\'s own: another region\'s period is not found', async () => {
    const res = await as.other.get(`/fi/staff/statistics/report?period=${fx.period}`);
    assert.equal(res.status, 404);
    const zip = await as.other.get(`/fi/staff/statistics/report.zip?period=${fx.period}`);
    assert.equal(zip.status, 404);
    // Their own report is of their own region.
    const own = await as.other.get('/fi/staff/statistics/report');
    assert.equal(own.status, 200);
    assert.doesNotMatch(own.text, /Raporttimaa/);
  });

  it('is not for supporters or visitors', async () => {
    assert.equal((await as.supporter.get('/fi/staff/statistics/report')).status, 403);
    assert.equal((await as.supporter.get('/fi/staff/statistics/report.zip')).status, 403);
    const anon = await new Client(srv.url).get('/fi/staff/statistics/report');
    assert.equal(anon.status, 303);
  });

  it('refuses dates that are not dates, or the wrong way round', async () => {
    for (const q of ['from=2026-02-30&to=2026-03-01', 'from=2026-03-01&to=2026-02-01', 'from=1.3.2026',
      'from=2020-01-01&to=2026-01-01', 'period=abc']) {
      const res = await as.coordinator.get(`/fi/staff/statistics/report?${q}`);
      assert.equal(res.status, q === 'period=abc' ? 404 : 400, q);
    }
  });
});

describe('reports of overlapping periods', () => {
  // The attack on the demo region's year (the other coordinator's region,
  // the site's): two reports whose months differ by one month at either
  // end give that month by subtraction.  Every such difference of two
  // shown figures must be a figure the public statistics show for that
  // month, never one they hide; and every shown figure is the true count.
  const key = (y, m) => y * 12 + m - 1;
  const iso = (k, last) => {
    const y = Math.floor(k / 12);
    const m = k % 12 + 1;
    const d = last ? new Date(Date.UTC(y, m, 0)).getUTCDate() : 1;
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  const reports = new Map();
  const pub = new Map();
  let months;

  before(async () => {
    const demo = await new Client(srv.url).get('/api/statistics?lang=fi');
    const body = JSON.parse(demo.text);
    const years = [body.year - 1, body.year];
    for (const y of years) {
      const res = JSON.parse((await new Client(srv.url).get(`/api/statistics?lang=fi&year=${y}`)).text);
      for (const c of res.cells) {
        const m = /^(\d{4})-(\d\d)$/.exec(c.period);
        if (c.table === 'form' && m) pub.set(`${c.place_kind}|${c.place}|${c.column}|${key(+m[1], +m[2])}`, c);
      }
    }
    // The last four months that have ended, across the new year if need be.
    const last = Math.max(...[...pub.keys()].map((k) => Number(k.split('|')[3])));
    months = [last - 3, last - 2, last - 1, last];
    for (const a of months) {
      for (const b of months) {
        if (b < a) continue;
        const res = await as.other.get(`/fi/staff/statistics/report.zip?from=${iso(a, false)}&to=${iso(b, true)}`);
        assert.equal(res.status, 200);
        const files = unzip(res.body);
        const got = new Map();
        for (const r of parseCsv(files['encounters-municipalities.csv'])) got.set(`municipality|${r.municipality}|Yhteensä`, r);
        for (const r of parseCsv(files['encounters-forms.csv'])) got.set(`region|Uusimaa|${r.form}`, r);
        reports.set(`${a}-${b}`, got);
      }
    }
  });

  it('give away no month the public statistics hide', () => {
    let pairs = 0;
    let guarded = 0;
    for (const a of months) {
      for (const b of months) {
        if (b <= a) continue;
        // [a, b] less [a + 1, b] is month a; less [a, b - 1] is month b.
        for (const [other, month] of [[`${a + 1}-${b}`, a], [`${a}-${b - 1}`, b]]) {
          for (const [cell, r] of reports.get(`${a}-${b}`)) {
            const s = reports.get(other).get(cell);
            const p = pub.get(`${cell}|${month}`);
            assert.ok(s && p, `${cell} ${month}`);
            if (r.mark === '' && s.mark === '') {
              pairs++;
              assert.equal(p.mark, '', `${cell}: month ${month} is hidden in public, but ${a}-${b} and ${other} are shown`);
              assert.equal(Number(r.encounters) - Number(s.encounters), p.encounters, `${cell} ${month}`);
            } else if (p.mark !== '') guarded++;
          }
        }
      }
    }
    // The attack had something to try, and hidden months to find.
    assert.ok(pairs > 0 && guarded > 0, `${pairs} pairs shown, ${guarded} hidden months guarded`);
  });

  it('show true counts', () => {
    const names = Object.fromEntries(sql("SELECT code, name_fi FROM municipality").split('\n').map((l) => l.split('|')));
    for (const [span, got] of reports) {
      const [a, b] = span.split('-').map(Number);
      const counts = Object.fromEntries(sql(`SELECT municipality_code, count(*) FROM encounter e JOIN region g
        ON g.id = e.region_id WHERE g.code = 'uusimaa' AND month BETWEEN ${a} AND ${b} GROUP BY 1`).split('\n')
        .filter(Boolean).map((l) => l.split('|')).map(([c, n]) => [names[c], Number(n)]));
      for (const [cell, r] of got) {
        if (r.mark !== '' || !cell.startsWith('municipality|')) continue;
        assert.equal(Number(r.encounters), counts[cell.split('|')[1]] ?? 0, `${cell} ${span}`);
      }
    }
  });
});

describe('when its quarter is published', () => {
  // A server restarted on the second day of the month the fixture's
  // quarter is published in: the same database, a later clock.
  let coordinator;
  let firstDir;
  before(async () => {
    const release = openFirst + 4;
    const days = Math.ceil((Date.UTC(Math.floor(release / 12), release % 12, 2, 12) - Date.now()) / 86400000);
    await srv.stop({ keepDir: true });
    firstDir = srv.dir;
    srv = await startServer({ db: srv.db, args: [...PASSWORD_COST, '--page-cache-ms', '0', '--event-retention-days', '3650'],
      env: { TUKIVERKKO_TEST_CLOCK_DAYS: String(days) } });
    const u = addUser(srv, `later.${unique('r')}@example.fi`, 'coordinator', {});
    sql(`UPDATE account SET region_id = ${fx.region} WHERE id = ${u.id};`);
    coordinator = await signIn(srv.url, u.email, u.password);
  });
  after(() => rmSync(firstDir, { recursive: true, force: true }));

  it('reports the encounters of a calendar year as the public page protects them', async () => {
    // Banking: 12 + 7, no small count; identification: 3, hidden.
    const res = await coordinator.get(`/en/staff/statistics/report?from=${openYear}-01-01&to=${openYear}-12-31`);
    assert.equal(res.status, 200);
    const text = textOf(res.text);
    assert.match(text, /Support encounters \d+\/\d+–\d+\/\d+/);
    assert.match(text, /Online banking and payments 19 /);
    assert.match(text, /Strong electronic identification < 5 /);
    const section = /id="encounters-heading"[\s\S]*?<\/section>/.exec(res.text)[0];
    assert.doesNotMatch(section, /<td class="numeric">[1-4]<\/td>/, 'no count from 1 to 4 among the encounters');
    assert.match(section, /<td class="numeric">19<\/td>/);
  });

  it('hides what the public figures do not give for part of a quarter, the topics always', async () => {
    // The programme period begins inside a quarter: its figures are sums
    // of the published quarters and months, and the topics are published
    // by the quarter only.
    const page = await coordinator.get(`/en/staff/statistics/report?period=${fx.period}`);
    assert.equal(page.status, 200);
    const section = /id="encounters-heading"[\s\S]*?<\/section>/.exec(page.text)[0];
    assert.doesNotMatch(section, /<td class="numeric">[1-4]<\/td>/, 'no count from 1 to 4 among the encounters');
    const numbers = [...section.matchAll(/<td class="numeric">(\d+)<\/td>/g)].map((m) => m[1]);
    assert.ok(numbers.some((n) => n !== '0'), numbers.join());
    for (const n of numbers) assert.ok(['0', '7', '15', '22', '19', '12'].includes(n), n);
    assert.match(textOf(section), /The topics are published by quarter only/);
    const topics = /id="enc-topics-caption"[\s\S]*?<\/table>/.exec(section)[0];
    assert.doesNotMatch(topics, /<td class="numeric">\d/);
  });

  it('gives the encounters in the CSV bundle as on the page', async () => {
    const year = await coordinator.get(`/fi/staff/statistics/report.zip?from=${openYear}-01-01&to=${openYear}-12-31`);
    assert.equal(year.status, 200);
    const files = unzip(year.body);
    const topics = Object.fromEntries(parseCsv(files['encounters-topics.csv']).map((r) => [r.topic, r]));
    assert.deepEqual(topics['Verkkopankki ja maksaminen'], { topic: 'Verkkopankki ja maksaminen', encounters: '19', mark: '' });
    assert.deepEqual(topics['Vahva sähköinen tunnistautuminen'], { topic: 'Vahva sähköinen tunnistautuminen', encounters: '', mark: '< 5' });
    for (const name of ['encounters-forms.csv', 'encounters-topics.csv', 'encounters-municipalities.csv']) {
      for (const r of parseCsv(files[name])) {
        if (r.mark !== '') assert.equal(r.encounters, '', JSON.stringify(r));
        else assert.ok(Number(r.encounters) === 0 || Number(r.encounters) >= 5, JSON.stringify(r));
      }
    }
    // Shown municipality totals are the true ones.
    const places = Object.fromEntries(parseCsv(files['encounters-municipalities.csv']).map((r) => [r.municipality, r]));
    if (places.Tampere.mark === '') assert.equal(places.Tampere.encounters, '15');
    if (places['Ylöjärvi'].mark === '') assert.equal(places['Ylöjärvi'].encounters, '7');
  });

  it('takes no more encounters into the quarter: an import is refused and writes nothing', async () => {
    await coordinator.loadCsrf('/fi/staff/encounters/import');
    const before = sql('SELECT count(*) FROM encounter');
    const point = sql(`SELECT id FROM service_point WHERE region_id = ${fx.region} AND status = 'active' ORDER BY id LIMIT 1`);
    const res = await coordinator.post('/fi/staff/encounters/import', { csv: ['point;date;hour;topics;form;duration;age;language;outcome;people;count',
      `${point};${openDay(5)};10;banking;drop-in;10-30;75-plus;fi;resolved;;1`, ''].join('\r\n') });
    assert.equal(res.status, 400);
    assert.match(textOf(res.text), /Rivi 2: Sen vuosineljänneksen luvut on jo julkaistu/);
    assert.equal(sql('SELECT count(*) FROM encounter'), before);
  });
});
