// The encounter log (src/statistics) against the real binary: the form
// and its defaults, saving (the encounter, its topics and every roll-up in
// one transaction), "undo last" within five minutes and only one's own,
// the roll-ups (by point and by municipality) against a brute-force
// recount after random inserts and undos by several accounts (a property
// test with a fixed seed), who may log where (a supporter only for the points in their scope, municipal
// coordinators for their municipality's, coordinators for their region's;
// tutors 403, anonymous to sign in; CSRF), bad input (every mistake named,
// status 400, nothing written) and the privacy provider (export, the
// recorder forgotten past the window).  The same file runs on PostgreSQL
// in the suite http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
  Client, addUser, cli, signIn, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';
import { rollups as storedRollups, recount as recountRollups } from '../lib/encounter-rollups.mjs';

let srv;
const as = {};
const acct = {};
const pts = {};
const q = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');

/**
 * The statistics tables as counts and sums, for "nothing written": the
 * demo's year of encounters is too much to compare row by row for every
 * refused request, and any insert, undo or roll-up change moves these.
 */
function snapshot() {
  return q('SELECT count(*), coalesce(max(id), 0), coalesce(sum(id), 0), coalesce(sum(people), 0), '
    + 'coalesce(sum(coalesce(recorded_by, 0)), 0), coalesce(sum(recorded_at % 1000003), 0) FROM encounter;\n'
    + 'SELECT count(*), coalesce(sum(encounter_id), 0) FROM encounter_topic;\n'
    + 'SELECT count(*), coalesce(sum(n), 0), coalesce(sum(people), 0), coalesce(sum(n * (day % 1000)), 0) FROM encounter_day_count;\n'
    + 'SELECT count(*), coalesce(sum(n), 0), coalesce(sum(people), 0), coalesce(sum(n * (month % 1000)), 0) FROM encounter_month_count;\n'
    + 'SELECT count(*), coalesce(sum(n), 0), coalesce(sum(people), 0), coalesce(sum(n * (month % 1000)), 0) '
    + 'FROM encounter_municipality_month_count;\n'
    + 'SELECT count(*), coalesce(sum(n), 0), coalesce(sum(people), 0), coalesce(sum(n * (day % 1000)), 0) '
    + 'FROM encounter_municipality_day_count;');
}
async function unchanged(fn) {
  const before = snapshot();
  const out = await fn();
  assert.equal(snapshot(), before, 'the statistics tables changed');
  return out;
}
/** The ids offered in the service point list. */
const pointsOf = (html) => [...(/<select id="point"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '')
  .matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));

/** Helsinki's date and hour now (the form's defaults), and n days ago. */
function helsinki(daysAgo = 0) {
  const t = new Date(Date.now() - daysAgo * 86400000);
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hour12: false,
  }).format(t);
  const [date, hour] = f.split(' ');
  return { date, hour: String(Number(hour)) };
}

/** A full log form; topics as a list. */
function entry(point, fields = {}) {
  const { date, hour } = helsinki();
  const f = {
    point: String(point), support_form: 'drop-in', duration: '10-30', age: 'unknown', language: 'fi',
    outcome: 'resolved', people: '', date, hour, ...fields,
  };
  const topics = f.topic ?? ['banking'];
  delete f.topic;
  return { f, topics };
}

/** POSTs an entry (topics repeated as the browser sends checkboxes). */
function post(client, point, fields = {}) {
  const { f, topics } = entry(point, fields);
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) body.append(k, v);
  for (const t of topics) body.append('topic', t);
  if (client.csrf && !('csrf' in fields)) body.append('csrf', client.csrf);
  return client.req('/fi/staff/encounters', {
    method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function record(client, point, fields = {}) {
  const res = await post(client, point, fields);
  assert.equal(res.status, 303, textOf(res.text).slice(0, 2000));
  assert.equal(res.headers.location, `/fi/staff/encounters?point=${point}&done=saved`);
  return Number(q('SELECT max(id) FROM encounter'));
}

const undo = (client) => client.post('/fi/staff/encounters/undo', {});

/** The roll-ups as stored, and as a recount of the encounters gives them. */
const rollups = () => storedRollups(q);
const recount = () => recountRollups(q);

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST] });
  pts.a = Number(q("SELECT min(id) FROM service_point WHERE municipality_code = '611' AND status = 'active'"));
  pts.a2 = Number(q(`SELECT min(id) FROM service_point WHERE municipality_code = '611' AND status = 'active' AND id > ${pts.a}`));
  pts.b = Number(q("SELECT min(id) FROM service_point WHERE municipality_code = '224' AND status = 'active'"));
  pts.c = Number(q("SELECT min(id) FROM service_point WHERE municipality_code = '091' AND status = 'active'"));
  assert.ok(pts.a > 0 && pts.a2 > 0 && pts.b > 0 && pts.c > 0);
  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('e')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('supporter', 'supporter', { scopes: [String(pts.a)] });
  add('supporter2', 'supporter', { scopes: [String(pts.b)] });
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('other', 'municipal-coordinator', { municipality: '224' });
  add('tutor', 'tutor', { scopes: ['611'] });
  add('coordinator', 'coordinator');
  add('admin', 'admin');
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
});

after(async () => {
  await srv?.stop();
});

describe('the log page', () => {
  it('offers a supporter their own point only, with every choice and the defaults', async () => {
    const res = await as.supporter.get('/fi/staff/encounters');
    assert.equal(res.status, 200);
    assert.deepEqual(pointsOf(res.text), [pts.a]);
    for (const key of ['banking', 'identification', 'device-basics']) assert.match(res.text, new RegExp(`name="topic" value="${key}"`));
    // The forms of support under their national forms.
    const t = textOf(res.text);
    assert.ok(t.indexOf('Lähituki') < t.indexOf('Tule paikan päälle') && t.indexOf('Etätuki') < t.indexOf('Puhelintuki')
      && t.indexOf('Koulutus') < t.indexOf('Kurssi tai ryhmäopastus'), t.slice(0, 3000));
    assert.match(res.text, /name="duration" value="10-30" checked/);
    assert.match(res.text, /name="age" value="unknown" checked/);
    assert.match(res.text, /name="outcome" value="resolved" checked/);
    assert.match(res.text, /<option value="fi" selected>/);
    assert.match(res.text, new RegExp(`name="date" type="date" value="${helsinki().date}"`));
    assert.match(res.text, new RegExp(`<option value="${helsinki().hour}" selected>`));
    assert.doesNotMatch(res.text, /<script/);
  });

  it('is in Swedish and English too', async () => {
    const sv = await as.supporter.get('/sv/staff/encounters');
    assert.equal(sv.status, 200);
    assert.match(textOf(sv.text), /Registrera ett stödtillfälle.*Nätbank och betalningar/);
    const en = await as.supporter.get('/en/staff/encounters');
    assert.match(textOf(en.text), /Log an encounter.*Online banking and payments/);
  });

  it('refuses a point outside the user\'s scope in the address (404)', async () => {
    assert.equal((await as.supporter.get(`/fi/staff/encounters?point=${pts.b}`)).status, 404);
    assert.equal((await as.supporter.get(`/fi/staff/encounters?point=${pts.a}`)).status, 200);
  });

  it('lists the region\'s points for a coordinator and the municipality\'s for a municipal coordinator', async () => {
    const c = await as.coordinator.get('/fi/staff/encounters');
    const cp = pointsOf(c.text);
    assert.ok(cp.includes(pts.a) && cp.includes(pts.b) && cp.includes(pts.c));
    const m = await as.municipal.get('/fi/staff/encounters');
    const mp = pointsOf(m.text);
    assert.ok(mp.includes(pts.a) && mp.includes(pts.a2) && !mp.includes(pts.b));
  });

  it('is not for tutors (403) nor anonymous visitors (sign in)', async () => {
    assert.equal((await as.tutor.get('/fi/staff/encounters')).status, 403);
    const res = await new Client(srv.url).get('/fi/staff/encounters');
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/fi\/signin\?next=/);
  });
});

describe('saving', () => {
  it('stores the encounter, its topics and roll-ups, and remembers the point, form and language', async () => {
    const { date, hour } = helsinki(2);
    const id = await record(as.supporter, pts.a, {
      topic: ['banking', 'identification'], support_form: 'phone', duration: 'under-10', age: '75-plus',
      language: 'sv', outcome: 'partly', people: '3', date, hour: '10',
    });
    const row = q(`SELECT point_id, municipality_code, form, duration, age, language, outcome, people, source, recorded_by FROM encounter WHERE id = ${id}`);
    assert.equal(row, `${pts.a}|611|phone|under-10|75-plus|sv|partly|3|log|${acct.supporter.id}`);
    assert.equal(q(`SELECT group_concat(topic, ',') FROM (SELECT topic FROM encounter_topic WHERE encounter_id = ${id} ORDER BY topic) x`), 'banking,identification');
    // The hour is the start of 10-11 in Helsinki on that date.
    const h = Number(q(`SELECT hour FROM encounter WHERE id = ${id}`));
    assert.equal(h % 3600, 0);
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', dateStyle: 'short', timeStyle: 'short' }).format(new Date(h * 1000));
    assert.equal(local, `${date} 10:00`);
    assert.deepEqual(rollups(), recount());
    assert.equal(as.supporter.cookies.tv_enc, `${pts.a}.phone.sv`);
    const page = await as.supporter.get(`/fi/staff/encounters?point=${pts.a}&done=saved`);
    assert.match(page.text, /<div class="notice" role="status">/);
    assert.match(page.text, /name="support_form" value="phone" checked/);
    assert.match(page.text, /<option value="sv" selected>/);
    assert.match(textOf(page.text), /Viimeksi tallennettu: Verkkopankki ja maksaminen, Vahva sähköinen tunnistautuminen; Puhelintuki; 10–11; 3/);
  });

  it('counts today\'s encounters at the point', async () => {
    const before = Number(/encounters today (\d+)|tukitapahtumia tänään (\d+)/.exec(textOf((await as.supporter.get('/fi/staff/encounters')).text)).slice(1).find(Boolean));
    await record(as.supporter, pts.a);
    const after = Number(/tukitapahtumia tänään (\d+)/.exec(textOf((await as.supporter.get('/fi/staff/encounters')).text))[1]);
    assert.equal(after, before + 1);
  });

  it('lets municipal coordinators log for their municipality and coordinators for the region', async () => {
    await record(as.municipal, pts.a2);
    await record(as.coordinator, pts.c);
    await record(as.admin, pts.b);
    await record(as.supporter2, pts.b);
  });

  it('refuses points outside the user\'s scope, naming the field, writing nothing', async () => {
    for (const [who, point] of [['supporter', pts.b], ['supporter2', pts.a], ['other', pts.a], ['municipal', pts.b], ['supporter', 999999]]) {
      const res = await unchanged(() => post(as[who], point));
      assert.equal(res.status, 400, `${who} ${point}`);
      assert.match(textOf(res.text), /Voit kirjata tukitapahtumia vain palvelupisteisiin, joita ylläpidät/);
      assert.match(res.text, /<title>Virhe:/);
    }
  });

  it('is 403 for tutors and anonymous visitors, and without the CSRF token', async () => {
    assert.equal((await unchanged(() => post(as.tutor, pts.a))).status, 403);
    const anon = new Client(srv.url);
    await anon.loadCsrf('/fi/signin');
    assert.equal((await unchanged(() => post(anon, pts.a))).status, 403);
    assert.equal((await unchanged(() => post(as.supporter, pts.a, { csrf: '' }))).status, 403);
    assert.equal((await unchanged(() => post(as.supporter, pts.a, { csrf: 'x'.repeat(43) }))).status, 403);
    assert.equal((await unchanged(() => undo(anon))).status, 403);
    assert.equal((await unchanged(() => as.tutor.post('/fi/staff/encounters/undo', {}))).status, 403);
  });

  it('shows every mistake at once with status 400 and writes nothing', async () => {
    const { date: future } = helsinki(-2);
    const res = await unchanged(() => post(as.supporter, pts.a, {
      topic: [], support_form: 'telepathy', duration: '5-min', age: '', language: 'xx', outcome: 'maybe', people: '0', date: future, hour: '25',
    }));
    assert.equal(res.status, 400);
    const t = textOf(res.text);
    for (const m of ['Valitse vähintään yksi aihe.', 'Valitse tuen muoto.', 'Valitse, kuinka kauan opastus kesti.',
      'Valitse ikäryhmä tai Ei tiedossa.', 'Valitse opastuksen kieli.', 'Valitse, miten asia päättyi.',
      'Kirjoita henkilömäärä kokonaislukuna 1–500', 'Valitse kellonaika.']) assert.ok(t.includes(m), m);
    for (const id of ['topic', 'support_form', 'duration', 'age', 'language', 'outcome', 'people', 'hour']) {
      assert.match(res.text, new RegExp(`<a href="#${id}">`), id);
    }
    // What was written stays (the unknown topic is not offered).
    assert.match(res.text, /name="people" type="number" inputmode="numeric" min="1" max="500" value="0"/);
  });

  it('refuses a time in the future, a date past 31 days, an unknown topic and a malformed date', async () => {
    const now = helsinki();
    const cases = [
      [{ date: helsinki(-1).date }, 'Tukitapahtuma ei voi olla tulevaisuudessa.'],
      [{ date: helsinki(40).date }, 'Voit kirjata vain viimeisen 31 päivän tukitapahtumia.'],
      [{ topic: ['banking', 'astrology'] }, 'Valitse aiheet luettelosta.'],
      [{ date: '31.2.2026' }, 'päivämäärä'],
      [{ topic: ['banking', 'kela', 'health', 'taxes', 'transport', 'apps', 'jobs', 'shopping', 'other'] }, 'Valitse enintään kahdeksan aihetta.'],
    ];
    if (Number(now.hour) < 23) cases.push([{ hour: String(Number(now.hour) + 1) }, 'Tukitapahtuma ei voi olla tulevaisuudessa.']);
    for (const [fields, msg] of cases) {
      const res = await unchanged(() => post(as.supporter, pts.a, fields));
      assert.equal(res.status, 400, JSON.stringify(fields));
      assert.ok(textOf(res.text).includes(msg), `${JSON.stringify(fields)}: ${msg}`);
    }
  });
});

describe('undo last', () => {
  it('takes back the user\'s own latest encounter, then the one before, and its roll-ups', async () => {
    const first = await record(as.supporter2, pts.b, { topic: ['kela'] });
    const second = await record(as.supporter2, pts.b, { topic: ['taxes', 'kela'], people: '4' });
    // Someone else's later encounter is not the supporter's to undo.
    const others = await record(as.admin, pts.b);
    let res = await undo(as.supporter2);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/staff/encounters?point=${pts.b}&done=undone`);
    assert.equal(q(`SELECT count(*) FROM encounter WHERE id IN (${first}, ${second}, ${others})`), '2');
    assert.equal(q(`SELECT count(*) FROM encounter_topic WHERE encounter_id = ${second}`), '0');
    assert.deepEqual(rollups(), recount());
    res = await undo(as.supporter2);
    assert.equal(q(`SELECT count(*) FROM encounter WHERE id IN (${first}, ${second}, ${others})`), '1');
    assert.deepEqual(rollups(), recount());
    const page = await as.supporter2.get(res.headers.location);
    assert.match(textOf(page.text), /Tukitapahtuma on peruttu\./);
  });

  it('is only for five minutes: an older one stays, and nothing is written', async () => {
    const id = await record(as.supporter2, pts.b);
    // This one and every earlier one of the supporter's are five minutes old.
    q(`UPDATE encounter SET recorded_at = recorded_at - 301 WHERE recorded_by = ${acct.supporter2.id}`);
    const res = await unchanged(() => undo(as.supporter2));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/staff/encounters?done=none');
    assert.equal(q(`SELECT count(*) FROM encounter WHERE id = ${id}`), '1');
    const page = await as.supporter2.get('/fi/staff/encounters');
    assert.doesNotMatch(page.text, /encounters\/undo/);
  });

  it('forgets who logged an encounter once its window has passed', async () => {
    const old = await record(as.supporter2, pts.b);
    q(`UPDATE encounter SET recorded_at = recorded_at - 400 WHERE id = ${old}`);
    const fresh = await record(as.supporter2, pts.b);
    assert.equal(q(`SELECT coalesce(recorded_by, 0) FROM encounter WHERE id = ${old}`), '0');
    assert.equal(q(`SELECT recorded_by FROM encounter WHERE id = ${fresh}`), String(acct.supporter2.id));
  });
});

describe('roll-ups', () => {
  it('equal a brute-force recount after random inserts and undos by several accounts', async () => {
    // A fixed-seed generator, so that a failure can be replayed.
    let seed = 20261205;
    const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pick = (a) => a[rnd(a.length)];
    const topics = ['device-basics', 'identification', 'banking', 'suomi-fi', 'kela', 'health', 'taxes', 'video-calls', 'other'];
    const forms = ['drop-in', 'appointment', 'home-visit', 'phone', 'remote', 'course'];
    const who = [['coordinator', [pts.a, pts.a2, pts.b, pts.c]], ['municipal', [pts.a, pts.a2]],
      ['supporter', [pts.a]], ['supporter2', [pts.b]], ['admin', [pts.c, pts.b]]];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 10; i++) {
        const [name, points] = pick(who);
        if (rnd(4) === 0) {
          const res = await undo(as[name]);
          assert.equal(res.status, 303);
          continue;
        }
        const ts = new Set([pick(topics)]);
        if (rnd(2)) ts.add(pick(topics));
        const daysAgo = 1 + rnd(29);
        const { date } = helsinki(daysAgo);
        await record(as[name], pick(points), {
          topic: [...ts], support_form: pick(forms), duration: pick(['under-10', '10-30', '30-60', 'over-60']),
          age: pick(['under-25', '25-64', '65-74', '75-plus', 'unknown']), language: pick(['fi', 'sv', 'en', 'ru']),
          outcome: pick(['resolved', 'partly', 'referred']), people: rnd(3) === 0 ? String(2 + rnd(20)) : '',
          date, hour: String(rnd(24)),
        });
      }
      const r = rollups();
      assert.deepEqual(r, recount(), `round ${round}`);
      assert.doesNotMatch(r.day + r.month + r.area, /\|0\|/, 'no empty roll-up rows');
    }
  });
});

describe('privacy', () => {
  it('exports the encounters one logged within the window, and nothing of the older ones', async () => {
    const id = await record(as.supporter, pts.a);
    const res = await as.supporter.get('/fi/account/export');
    assert.equal(res.status, 200);
    const doc = JSON.parse(res.text);
    assert.ok(Array.isArray(doc.encounters_logged), Object.keys(doc).join(','));
    assert.ok(doc.encounters_logged.length >= 1);
    assert.ok(doc.encounters_logged.every((e) => e.point_id === pts.a && /^\d{4}-/.test(e.hour)));
    assert.equal(Number(q(`SELECT count(*) FROM encounter WHERE recorded_by = ${acct.supporter.id}`)), doc.encounters_logged.length);
    assert.ok(id > 0);
  });

  it('forgets every recorder past the window in the retention run, and keeps the encounters', () => {
    const id = Number(q(`SELECT max(id) FROM encounter WHERE recorded_by = ${acct.supporter.id}`));
    const fresh = Number(q(`SELECT max(id) FROM encounter WHERE recorded_by IS NOT NULL AND id <> ${id}`));
    q(`UPDATE encounter SET recorded_at = recorded_at - 400 WHERE id = ${id}`);
    q(`UPDATE encounter SET recorded_at = ${Math.floor(Date.now() / 1000)} WHERE id = ${fresh}`);
    const n = q('SELECT count(*) FROM encounter');
    cli(srv.bin, ['retention', '--db', srv.db]);
    assert.equal(q(`SELECT coalesce(recorded_by, 0) FROM encounter WHERE id = ${id}`), '0');
    assert.notEqual(q(`SELECT coalesce(recorded_by, 0) FROM encounter WHERE id = ${fresh}`), '0', 'one within the window keeps its recorder');
    assert.equal(q('SELECT count(*) FROM encounter'), n);
  });
});

describe('the dashboard', () => {
  /** The total on the page and the rows of a table by its caption id. */
  const totalOf = (html) => Number(/Tukitapahtumat (\d+)/.exec(textOf(html))[1]);
  const tableOf = (html, id) => {
    const m = new RegExp(`<caption id="${id}-caption">[\\s\\S]*?</table>`).exec(html);
    if (!m) return null;
    return [...m[0].matchAll(/<tr><th scope="row">([^<]*)<\/th>(?:<td>[^<]*<\/td>)?<td class="numeric">(\d+)<\/td>/g)]
      .map((x) => [x[1], Number(x[2])]);
  };
  // The dashboard's default period: this month and the eleven before.
  const monthNow = () => Number(q("SELECT max(month) FROM encounter WHERE source = 'log'"));
  const within = () => `month >= ${monthNow() - 11} AND month <= ${monthNow()}`;

  it('shows each role the figures of its own scope only', async () => {
    const last = monthNow();
    const within = `month >= ${last - 11} AND month <= ${last}`;
    const cases = [
      ['supporter', `point_id = ${pts.a}`],
      ['supporter2', `point_id = ${pts.b}`],
      ['municipal', "municipality_code = '611'"],
      ['coordinator', 'region_id > 0'],
      ['admin', 'region_id > 0'],
    ];
    for (const [who, where] of cases) {
      const res = await as[who].get('/fi/staff/statistics');
      assert.equal(res.status, 200, who);
      assert.equal(totalOf(res.text), Number(q(`SELECT count(*) FROM encounter WHERE ${where} AND ${within}`)), who);
      assert.match(res.text, /<svg[^>]*role="img"/);
      const munis = tableOf(res.text, 'places');
      if (who === 'coordinator' || who === 'admin') {
        assert.equal(munis.length, 26, who);
        assert.equal(munis.find(([name]) => name === 'Karkkila')[1],
          Number(q(`SELECT count(*) FROM encounter WHERE municipality_code = '224' AND ${within}`)));
      } else {
        assert.equal(munis, null, `${who} sees no other municipality`);
      }
    }
    assert.equal((await as.tutor.get('/fi/staff/statistics')).status, 403);
    assert.equal((await new Client(srv.url).get('/fi/staff/statistics')).status, 303);
  });

  it('links the published statistics, and their record of what is hidden for the region\'s coordinators only', async () => {
    for (const who of ['coordinator', 'admin', 'municipal', 'supporter']) {
      const html = (await as[who].get('/fi/staff/statistics')).text;
      assert.match(html, /<a href="\/fi\/statistics">/, who);
      assert.equal(/href="\/fi\/staff\/statistics\/disclosure"/.test(html), who === 'coordinator' || who === 'admin', who);
    }
  });

  it('narrows a region to a municipality, and refuses one outside it or a broken period', async () => {
    const res = await as.coordinator.get('/fi/staff/statistics?municipality=611');
    assert.equal(res.status, 200);
    assert.equal(totalOf(res.text), Number(q(`SELECT count(*) FROM encounter WHERE municipality_code = '611' AND ${within()}`)));
    assert.equal((await as.coordinator.get('/fi/staff/statistics?municipality=999')).status, 404);
    for (const bad of ['from=2026-13', 'from=2026-05&to=2026-01', 'from=2020-01&to=2026-01', 'to=x']) {
      assert.equal((await as.coordinator.get(`/fi/staff/statistics?${bad}`)).status, 400, bad);
    }
  });

  it('changes when an encounter is saved and taken back', async () => {
    const before = totalOf((await as.supporter.get('/fi/staff/statistics')).text);
    await record(as.supporter, pts.a, { topic: ['jobs'] });
    const page = await as.supporter.get('/fi/staff/statistics');
    assert.equal(totalOf(page.text), before + 1);
    assert.ok(tableOf(page.text, 'topics').find(([name, n]) => name === 'Työnhaku ja työllisyyspalvelut' && n >= 1));
    await undo(as.supporter);
    assert.equal(totalOf((await as.supporter.get('/fi/staff/statistics')).text), before);
  });

  it('downloads the same figures as CSV (UTF-8 with BOM, semicolons), parsed back', async () => {
    const res = await as.coordinator.get('/fi/staff/statistics.csv');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
    assert.match(res.headers['content-disposition'], /^attachment; filename="encounters-\d{4}-\d{2}-\d{4}-\d{2}\.csv"$/);
    const buf = Buffer.from(res.text, 'utf8');
    assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = res.text.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(';'));
    assert.deepEqual(lines[0], ['table', 'key', 'label', 'period', 'encounters', 'previous_period']);
    const rows = lines.slice(1);
    const sum = (t) => rows.filter((r) => r[0] === t).reduce((s, r) => s + Number(r[4]), 0);
    const total = Number(q(`SELECT count(*) FROM encounter WHERE ${within()}`));
    assert.equal(sum('month'), total);
    assert.equal(sum('form'), total);
    assert.equal(sum('national_form'), total);
    assert.equal(sum('municipality'), total);
    const topics = (and = '') => Number(q(`SELECT count(*) FROM encounter_topic t JOIN encounter e ON e.id = t.encounter_id WHERE ${within()}${and}`));
    assert.equal(sum('topic'), topics());
    const banking = rows.find((r) => r[0] === 'topic' && r[1] === 'banking');
    assert.equal(Number(banking[4]), topics(" AND t.topic = 'banking'"));
    assert.equal(banking[2], 'Verkkopankki ja maksaminen');
    // A supporter's file has their own point's figures only.
    const mine = await as.supporter.get('/fi/staff/statistics.csv');
    const mrows = mine.text.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(';')).slice(1);
    assert.equal(mrows.filter((r) => r[0] === 'month').reduce((s, r) => s + Number(r[4]), 0),
      Number(q(`SELECT count(*) FROM encounter WHERE point_id = ${pts.a} AND ${within()}`)));
    assert.equal(mrows.filter((r) => r[0] === 'municipality').length, 0);
  });

  it('splits the trend by week and by day, and counts by service point, age group and language, as recounted', async () => {
    const csv = async (client, query) => {
      const res = await client.get(`/fi/staff/statistics.csv?${query}`);
      assert.equal(res.status, 200, query);
      return res.text.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(';')).slice(1);
    };
    const of = (rows, t) => Object.fromEntries(rows.filter((r) => r[0] === t).map((r) => [r[1], Number(r[4])]));
    const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
    const byKey = (sql) => Object.fromEntries(q(sql).split('\n').filter(Boolean).map((l) => l.split('|'))
      .map(([k, n]) => [k, Number(n)]));
    const total = Number(q(`SELECT count(*) FROM encounter WHERE ${within()}`));
    // By week: ISO weeks, summing to the period's total.
    const weeks = await csv(as.coordinator, 'unit=week');
    assert.ok(weeks.filter((r) => r[0] === 'week').every((r) => /^\d{4}-W\d\d$/.test(r[1])));
    assert.equal(sum(of(weeks, 'week')), total);
    // By day: every day of this month, each as recounted.
    const m = monthNow();
    const key = `${Math.floor(m / 12)}-${String(m % 12 + 1).padStart(2, '0')}`;
    const days = of(await csv(as.coordinator, `unit=day&from=${key}&to=${key}`), 'day');
    assert.equal(Object.keys(days).length, new Date(Date.UTC(Math.floor(m / 12), m % 12 + 1, 0)).getUTCDate());
    const counted = byKey(`SELECT day, count(*) FROM encounter WHERE month = ${m} GROUP BY day`);
    for (const [d, n] of Object.entries(days)) {
      const day = String(Math.round(Date.parse(`${d}T00:00:00Z`) / 86400000));
      assert.equal(n, counted[day] ?? 0, d);
    }
    // Age groups and languages of the region; its municipalities, not
    // its points, unless narrowed to one.
    const rows = await csv(as.coordinator, '');
    assert.deepEqual(of(rows, 'point'), {});
    assert.deepEqual(of(await csv(as.coordinator, 'municipality=611'), 'point'),
      byKey(`SELECT point_id, count(*) FROM encounter WHERE municipality_code = '611' AND ${within()} GROUP BY 1`));
    const ages = of(rows, 'age');
    assert.deepEqual(Object.keys(ages).sort(), ['25-64', '65-74', '75-plus', 'under-25', 'unknown']);
    assert.deepEqual(Object.fromEntries(Object.entries(ages).filter(([, n]) => n > 0)),
      byKey(`SELECT age, count(*) FROM encounter WHERE ${within()} GROUP BY 1`));
    assert.deepEqual(of(rows, 'language'), byKey(`SELECT language, count(*) FROM encounter WHERE ${within()} GROUP BY 1`));
    assert.equal(rows.find((r) => r[0] === 'language' && r[1] === 'sv')[2], 'ruotsi');
    // A supporter: their own point only.
    const mine = await csv(as.supporter, 'unit=week');
    assert.deepEqual(Object.keys(of(mine, 'point')), [String(pts.a)]);
    assert.equal(sum(of(mine, 'week')), Number(q(`SELECT count(*) FROM encounter WHERE point_id = ${pts.a} AND ${within()}`)));
    const page = await as.supporter.get('/fi/staff/statistics?unit=week');
    assert.match(page.text, /<caption id="points-caption">/);
    assert.match(page.text, /<caption id="trend-caption">Tukitapahtumat viikoittain<\/caption>/);
    // By day for three months at most; no other unit.
    for (const bad of ['unit=day', 'unit=year', `unit=day&from=${Math.floor((m - 3) / 12)}-${String((m - 3) % 12 + 1).padStart(2, '0')}&to=${key}`]) {
      assert.equal((await as.coordinator.get(`/fi/staff/statistics?${bad}`)).status, 400, bad);
    }
  });
});

describe('demo --encounters N', () => {
  it('adds N encounters of the last year with their roll-ups', async () => {
    const before = Number(q('SELECT count(*) FROM encounter'));
    const r = cli(srv.bin, ['demo', '--db', srv.db, '--encounters', '700', ...PASSWORD_COST]);
    assert.match(r.stdout, /700 encounters added/);
    assert.equal(Number(q('SELECT count(*) FROM encounter')), before + 700);
    assert.equal(q("SELECT count(*) FROM encounter WHERE source = 'demo' AND recorded_by IS NOT NULL"), '0');
    const { day, month } = rollups();
    const re = recount();
    assert.equal(day, re.day);
    assert.equal(month, re.month);
    // A year back at most, nothing in the future.
    const now = Math.floor(Date.now() / 1000);
    assert.equal(q(`SELECT count(*) FROM encounter WHERE hour > ${now} OR hour < ${now - 367 * 86400}`), '0');
  });

  it('refuses a count that is not a whole number', () => {
    const r = cli(srv.bin, ['demo', '--db', srv.db, '--encounters', 'many'], { allowFail: true });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--encounters takes a whole number/);
  });
});

describe('importing counts', () => {
  const HEAD = 'point;date;hour;topics;form;duration;age;language;outcome;people;count';
  const imp = (client, csv) => client.post('/fi/staff/encounters/import', { csv });

  it('imports every line as that many encounters, with their roll-ups, in one go', async () => {
    const d1 = helsinki(3).date;
    const d2 = helsinki(10).date;
    const before = Number(q('SELECT count(*) FROM encounter'));
    const csv = [HEAD, `${pts.a};${d1};10;banking+kela;drop-in;10-30;75-plus;fi;resolved;;3`,
      `${pts.a};${d2};14;identification;course;over-60;65-74;sv;partly;8;2`, ''].join('\r\n');
    const res = await imp(as.supporter, csv);
    assert.equal(res.status, 303, textOf(res.text).slice(0, 1500));
    assert.equal(res.headers.location, '/fi/staff/encounters/import?done=5');
    assert.equal(Number(q('SELECT count(*) FROM encounter')), before + 5);
    assert.equal(q(`SELECT count(*) FROM encounter WHERE source = 'import' AND point_id = ${pts.a} AND form = 'course' AND people = 8 AND language = 'sv' AND recorded_by IS NULL`), '2');
    assert.equal(q(`SELECT count(*) FROM encounter_topic t JOIN encounter e ON e.id = t.encounter_id WHERE e.source = 'import' AND t.topic = 'kela'`), '3');
    assert.deepEqual(rollups(), recount());
    const page = await as.supporter.get(res.headers.location);
    assert.match(textOf(page.text), /Tuotuja tukitapahtumia: 5/);
    // Nothing to undo: an import is not the last encounter logged.
    assert.doesNotMatch(page.text, /encounters\/undo/);
  });

  it('names every mistake with its line and imports nothing', async () => {
    const ok = `${pts.a};${helsinki(1).date};9;banking;phone;under-10;unknown;fi;resolved;;1`;
    const csv = [HEAD, ok,
      `${pts.b};${helsinki(1).date};9;banking;phone;under-10;unknown;fi;resolved;;1`,
      `${pts.a};31.12.2026;9;astrology;telepathy;5;old;xx;maybe;0;0`,
      `${pts.a};${helsinki(-2).date};25;banking;phone;under-10;unknown;fi;resolved;;1001`,
      `${pts.a};${helsinki(400).date};9;banking;phone;under-10;unknown;fi;resolved;;1`,
      'too;few;fields', ok].join('\n');
    const res = await unchanged(() => imp(as.supporter, csv));
    assert.equal(res.status, 400);
    const t = textOf(res.text);
    assert.match(res.text, /<title>Virhe:/);
    for (const m of ['Rivi 3: Voit kirjata tukitapahtumia vain palvelupisteisiin, joita ylläpidät.',
      'Rivi 4: Kirjoita päivämäärä muodossa 2026-10-06.', 'Rivi 4: Valitse aiheet luettelosta.', 'Rivi 4: Valitse tuen muoto.',
      'Rivi 4: Valitse, kuinka kauan opastus kesti.', 'Rivi 4: Valitse ikäryhmä tai Ei tiedossa.', 'Rivi 4: Valitse opastuksen kieli.',
      'Rivi 4: Valitse, miten asia päättyi.', 'Rivi 4: Kirjoita henkilömäärä', 'Rivi 4: Kirjoita määrä kokonaislukuna 1–1000.',
      'Rivi 5: Kirjoita tunti kokonaislukuna 0–23.', 'Rivi 5: Kirjoita määrä kokonaislukuna 1–1000.',
      'Rivi 6: Sen vuosineljänneksen luvut on jo julkaistu, joten siihen ei voi enää lisätä tukitapahtumia.',
      'Rivi 7: Rivillä pitää olla 11 kenttää.']) {
      assert.ok(t.includes(m), m);
    }
    assert.doesNotMatch(t, /Rivi 2:|Rivi 8:/);
    // What was sent stays in the form.
    assert.ok(res.text.includes('too;few;fields'));
  });

  it('refuses a wrong header, an empty paste, other roles and a missing CSRF token', async () => {
    let res = await unchanged(() => imp(as.supporter, 'a;b;c\n1;2;3'));
    assert.equal(res.status, 400);
    assert.match(textOf(res.text), /Rivi 1: Ensimmäisen rivin pitää olla otsikkorivi/);
    res = await unchanged(() => imp(as.supporter, ''));
    assert.equal(res.status, 400);
    res = await unchanged(() => imp(as.supporter, HEAD));
    assert.equal(res.status, 400);
    assert.match(textOf(res.text), /Tuotavia rivejä ei ole/);
    const line = `${pts.a};${helsinki(1).date};9;banking;phone;under-10;unknown;fi;resolved;;1`;
    assert.equal((await unchanged(() => imp(as.tutor, `${HEAD}\n${line}`))).status, 403);
    assert.equal((await unchanged(() => as.supporter.post('/fi/staff/encounters/import', { csv: `${HEAD}\n${line}`, csrf: '' }))).status, 403);
    assert.equal((await as.supporter.get('/fi/staff/encounters/import')).status, 200);
    assert.equal((await as.tutor.get('/fi/staff/encounters/import')).status, 403);
  });
});

describe('a day\'s tally', () => {
  const tally = (client, point, cells, fields = {}) => client.post('/fi/staff/encounters/tally', {
    point: String(point), date: helsinki(2).date, hour: '12', duration: '10-30', age: 'unknown', language: 'fi',
    outcome: 'resolved', ...cells, ...fields,
  });

  it('saves each count of the grid as that many encounters of one topic and form, with their roll-ups', async () => {
    const before = Number(q('SELECT count(*) FROM encounter'));
    const res = await tally(as.supporter, pts.a, { 'n-banking-drop-in': '3', 'n-kela-phone': '2', 'n-taxes-course': '' });
    assert.equal(res.status, 303, textOf(res.text).slice(0, 1500));
    assert.equal(res.headers.location, '/fi/staff/encounters/tally?done=5');
    assert.equal(Number(q('SELECT count(*) FROM encounter')), before + 5);
    assert.equal(q(`SELECT count(*) FROM encounter e JOIN encounter_topic t ON t.encounter_id = e.id WHERE e.source = 'tally' AND t.topic = 'banking' AND e.form = 'drop-in' AND e.recorded_by IS NULL`), '3');
    assert.equal(q(`SELECT count(*) FROM encounter e JOIN encounter_topic t ON t.encounter_id = e.id WHERE e.source = 'tally' AND t.topic = 'kela' AND e.form = 'phone'`), '2');
    assert.deepEqual(rollups(), recount());
    const page = await as.supporter.get(res.headers.location);
    assert.match(textOf(page.text), /Tallennettuja tukitapahtumia: 5/);
    assert.match(page.text, /<input id="n-banking-drop-in" name="n-banking-drop-in" type="number"/);
  });

  it('names every wrong cell, refuses an empty grid and points outside the scope, writing nothing', async () => {
    let res = await unchanged(() => tally(as.supporter, pts.b, { 'n-banking-drop-in': '-1', 'n-kela-phone': 'abc', 'n-jobs-remote': '501' }));
    assert.equal(res.status, 400);
    const t = textOf(res.text);
    for (const m of ['Voit kirjata tukitapahtumia vain palvelupisteisiin, joita ylläpidät.',
      'Kirjoita jokainen määrä kokonaislukuna 0–500 tai jätä kenttä tyhjäksi: Verkkopankki ja maksaminen, Tule paikan päälle',
      'Kelan asiointi, Puhelintuki', 'Työnhaku ja työllisyyspalvelut, Etätuki (chat, video)']) assert.ok(t.includes(m), m);
    assert.match(res.text, /<a href="#n-kela-phone">/);
    assert.match(res.text, /id="n-kela-phone" name="n-kela-phone" type="number" inputmode="numeric" min="0" max="500" value="abc"/);
    res = await unchanged(() => tally(as.supporter, pts.a, {}));
    assert.equal(res.status, 400);
    assert.match(textOf(res.text), /Kirjoita taulukkoon vähintään yksi määrä/);
    assert.equal((await unchanged(() => tally(as.tutor, pts.a, { 'n-banking-drop-in': '1' }))).status, 403);
    assert.equal((await unchanged(() => tally(as.supporter, pts.a, { 'n-banking-drop-in': '1' }, { csrf: '' }))).status, 403);
  });
});
