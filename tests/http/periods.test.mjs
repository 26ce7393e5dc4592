// Programme periods and tutor assignments against the real binary: the
// list, creating and editing periods (dates, formats, summaries and goals
// in three languages), a period's page with its assignments and
// participants, adding and removing assignments (participants, the
// sparring workspace, the tutors' reach), the history of who tutored whom
// and the public municipality pages that show it.  Only coordinators (of
// the period's region) and administrators reach these pages; refused and
// malformed requests write nothing and keep the form.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import {
  Client, addUser, cli, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

let srv;
let work;
const acct = {};	// name -> { email, password, id }
const as = {};		// name -> signed-in Client
const period = {};	// year -> id
let otherPeriod;	// a period of the second region

const q = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/ ,/g, ',');

function add(name, role, opts = {}) {
  const email = `${name.toLowerCase()}.${unique("p")}@example.fi`;
  const pw = `pw-${unique('p')}-long`;
  const args = ['user', 'add', email, '--role', role, '--db', srv.db, ...PASSWORD_COST, '--password-stdin',
    '--name', opts.name ?? name];
  if (opts.region) args.push('--region', opts.region);
  if (opts.municipality) args.push('--municipality', opts.municipality);
  for (const s of opts.scopes ?? []) args.push('--scope', s);
  cli(srv.bin, args, { input: `${pw}\n` });
  acct[name] = { email, password: pw, id: Number(q(`SELECT id FROM account WHERE email = '${email}';`)) };
  return acct[name];
}

/** POSTs a form as client c (its csrf unless given); arrays are repeated fields. */
function post(c, p, fields) {
  const params = new URLSearchParams();
  const all = 'csrf' in fields ? fields : { csrf: c.csrf, ...fields };
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  }
  return c.req(p, { method: 'POST', body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** Runs fn and asserts that the database did not change. */
async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

const lastAudit = () => q("SELECT action || '|' || object_type || '|' || object_id || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1;");

const GOOD = {
  year: '2022', format: 'other', starts_on: '2022-02-01', ends_on: '2022-11-30',
  summary_fi: 'Kuntien digitukiverkostojen vahvistaminen.', summary_sv: 'Stärkande av kommunernas nätverk.', summary_en: '',
  goals_fi: '- Jokainen kunta nimeää yhdyshenkilön\n- **Kaksi** tapaamista', goals_sv: '', goals_en: '',
};

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tukiverkko-periods-'));
  srv = await startServer({ args: [...PASSWORD_COST] });
  const csv = path.join(work, 'other.csv');
  writeFileSync(csv, 'code,name_fi,name_sv,language_status\n998,Testikunta,Testkommun,fi\n997,Toinenkunta,Andrakommun,fi\n');
  cli(srv.bin, ['import', 'municipalities', csv, '--region', 'testialue', '--db', srv.db]);
  for (const y of [2019, 2020, 2021]) period[y] = Number(q(`SELECT id FROM programme_period WHERE year = ${y};`));
  otherPeriod = Number(q(`INSERT INTO programme_period (region_id, year, format, starts_on, ends_on, summary_fi)
    SELECT id, 2021, 'sparring', '2021-01-01', '2021-12-31', 'Testialueen kausi' FROM region WHERE code = 'testialue' RETURNING id;`));

  add('admin', 'admin', { name: 'Ada Admin' });
  add('coord', 'coordinator', { name: 'Cora Coordinator' });
  add('coord2', 'coordinator', { region: 'testialue', name: 'Other Coordinator' });
  add('tutor', 'tutor', { name: 'Tuula Tutor', scopes: ['091'] });
  add('tutorB', 'tutor', { name: 'Bertta Tutor', scopes: ['049'] });
  add('tutor2', 'tutor', { region: 'testialue', name: 'Other Tutor', scopes: ['998'] });
  add('municipal', 'municipal-coordinator', { municipality: '611', name: 'Maija Municipal' });
  add('supporter', 'supporter', { name: 'Sami Supporter' });
  for (const n of ['admin', 'coord', 'coord2', 'tutor', 'municipal', 'supporter']) {
    as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
  }
  // Another region's assignment, for the scope tests.
  q(`INSERT INTO tutor_assignment (period_id, tutor_code, municipality_code) VALUES (${otherPeriod}, '998', '997');`);
});

after(async () => {
  await srv?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('who reaches the programme pages', () => {
  const pages = () => ['/fi/programme/periods', '/fi/programme/periods/new', `/fi/programme/periods/${period[2021]}`,
    `/fi/programme/periods/${period[2021]}/edit`, '/fi/programme/assignments'];
  it('anonymous visitors are sent to sign in; supporters, municipal coordinators and tutors get 403', async () => {
    for (const p of pages()) {
      const res = await new Client(srv.url).get(p);
      assert.equal(res.status, 303, p);
      assert.equal(res.headers.location, `/fi/signin?next=${encodeURIComponent(p)}`);
      for (const n of ['supporter', 'municipal', 'tutor']) assert.equal((await as[n].get(p)).status, 403, `${n} ${p}`);
      for (const n of ['coord', 'admin']) {
        const ok = await as[n].get(p);
        assert.equal(ok.status, 200, `${n} ${p}`);
        assert.equal(ok.headers['cache-control'], 'no-store');
      }
    }
  });
  it('writes by those without the right are refused and write nothing', async () => {
    for (const n of ['supporter', 'municipal', 'tutor']) {
      await unchanged(async () => {
        assert.equal((await post(as[n], '/fi/programme/periods', GOOD)).status, 403);
        assert.equal((await post(as[n], `/fi/programme/periods/${period[2021]}/edit`, { ...GOOD, year: '2021' })).status, 403);
        assert.equal((await post(as[n], `/fi/programme/periods/${period[2021]}/assignments`, { tutor: '049', municipality: '186' })).status, 403);
        assert.equal((await post(as[n], `/fi/programme/periods/${period[2021]}/assignments/remove`, { tutor: '998', municipality: '997' })).status, 403);
      });
    }
    // Without a CSRF token even a coordinator is refused.
    await unchanged(async () => {
      assert.equal((await post(as.coord, '/fi/programme/periods', { ...GOOD, csrf: 'forged' })).status, 403);
    });
  });
  it("a coordinator cannot see or change another region's period (404, nothing written)", async () => {
    await unchanged(async () => {
      for (const p of [`/en/programme/periods/${otherPeriod}`, `/en/programme/periods/${otherPeriod}/edit`]) {
        assert.equal((await as.coord.get(p)).status, 404, p);
        assert.equal((await as.coord2.get(p)).status, 200, p);
        assert.equal((await as.admin.get(p)).status, 200, p);
      }
      assert.equal((await post(as.coord, `/en/programme/periods/${otherPeriod}/edit`, { ...GOOD, year: '2021' })).status, 404);
      assert.equal((await post(as.coord, `/en/programme/periods/${otherPeriod}/assignments`, { tutor: '998', municipality: '997' })).status, 404);
      assert.equal((await post(as.coord, `/en/programme/periods/${otherPeriod}/assignments/remove`, { tutor: '998', municipality: '997' })).status, 404);
      assert.equal((await as.coord2.get(`/en/programme/periods/${period[2021]}`)).status, 404);
    });
  });
  it('unknown and malformed ids are 404', async () => {
    await unchanged(async () => {
      for (const id of ['999999', '0', '12x', '-1', '007']) {
        assert.equal((await as.admin.get(`/fi/programme/periods/${id}`)).status, 404, id);
        assert.equal((await post(as.admin, `/fi/programme/periods/${id}/edit`, GOOD)).status, 404, id);
        assert.equal((await post(as.admin, `/fi/programme/periods/${id}/assignments`, { tutor: '049', municipality: '186' })).status, 404, id);
      }
    });
  });
});

describe('the list of periods', () => {
  it("shows a coordinator their region's periods, newest first, in three languages", async () => {
    for (const [lang, h1, sparring] of [['fi', 'Hankekaudet', 'Digituen sparraus'], ['sv', 'Projektperioder', 'Sparrning i digitalt stöd'], ['en', 'Programme periods', 'Digital support sparring']]) {
      const res = await as.coord.get(`/${lang}/programme/periods`);
      assert.equal(res.status, 200);
      assert.match(res.text, new RegExp(`<h1>${h1}</h1>`));
      assert.ok(res.text.includes(sparring), lang);
      const years = [...res.text.matchAll(/programme\/periods\/\d+">(\d{4})</g)].map((m) => m[1]);
      // The seed's three periods, and this year's under way (demo/live.sql).
      const thisYear = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(new Date());
      assert.deepEqual(years, [thisYear, '2021', '2020', '2019']);
      assert.ok(!res.text.includes(`/programme/periods/${otherPeriod}"`), 'no other region');
    }
    const en = await as.coord.get('/en/programme/periods');
    assert.match(textOf(en.text), /1 January 2021 – 31 December 2021/);
  });
  it('shows an administrator every region, with the region named', async () => {
    const res = await as.admin.get('/en/programme/periods');
    assert.ok(res.text.includes(`/programme/periods/${otherPeriod}"`));
    assert.match(res.text, /<th scope="col">Region<\/th>/);
  });
});

describe('creating and editing a period', () => {
  let id;
  it('a coordinator creates a period; it is in their region and audited', async () => {
    const form = await as.coord.get('/fi/programme/periods/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /<textarea id="summary_sv" name="summary_sv" lang="sv"/);
    const res = await post(as.coord, '/fi/programme/periods', GOOD);
    assert.equal(res.status, 303, res.text.slice(0, 400));
    const m = /^\/fi\/programme\/periods\/(\d+)\?done=created$/.exec(res.headers.location);
    assert.ok(m, res.headers.location);
    id = Number(m[1]);
    assert.equal(q(`SELECT r.code || '|' || p.year || '|' || p.format || '|' || p.starts_on || '|' || p.ends_on || '|' || p.summary_sv || '|' || p.goals_en
      FROM programme_period p JOIN region r ON r.id = p.region_id WHERE p.id = ${id};`),
    'uusimaa|2022|other|2022-02-01|2022-11-30|Stärkande av kommunernas nätverk.|');
    assert.equal(lastAudit(), `period.create|period|${id}|2022 other`);
    const page = await as.coord.get(res.headers.location);
    assert.match(page.text, /Kausi on luotu\./);
    assert.match(page.text, /<h1>2022: Muu toteutustapa<\/h1>/);
    assert.match(page.text, /<li>Jokainen kunta nimeää yhdyshenkilön<\/li>/);
    assert.match(page.text, /<strong>Kaksi<\/strong>/);
    // English falls back to Finnish and says so.
    const en = await as.coord.get(`/en/programme/periods/${id}`);
    assert.match(en.text, /<p class="lead" lang="fi">Kuntien digitukiverkostojen vahvistaminen\.<\/p>/);
    assert.match(en.text, /<div class="prose" lang="fi">/);
    assert.match(textOf(en.text), /First day 1 February 2022/);
  });
  it('goals are Markdown without raw HTML or script links', async () => {
    const res = await post(as.admin, `/fi/programme/periods/${id}/edit`, {
      ...GOOD, goals_fi: 'Hyvä <script>alert(1)</script> [linkki](javascript:alert(2)) <img src=x onerror=alert(3)>',
    });
    assert.equal(res.status, 303);
    const page = await as.admin.get(`/fi/programme/periods/${id}`);
    assert.ok(!page.text.includes('<script>alert'), 'no script');
    assert.ok(!/href="javascript:/i.test(page.text), 'no javascript: link');
    assert.ok(!page.text.includes('onerror=alert'), 'no raw img');
    assert.match(page.text, /Hyvä/);
  });
  it('refuses bad input with the form kept, a 4xx and nothing written', async () => {
    const cases = [
      ['year not a number', { year: 'abcd' }, 'year', /Write the year with four digits/],
      ['year too early', { year: '1999' }, 'year', /Write the year with four digits/],
      ['year with five digits', { year: '20222' }, 'year', /Write the year with four digits/],
      ['no year', { year: '' }, 'year', /Write the year with four digits/],
      ['unknown format', { format: 'party' }, 'format', /Choose a format from the list\./],
      ['date that does not exist', { starts_on: '2022-02-30' }, 'starts_on', /Write the date in the form 2024-05-31\./],
      ['date in Finnish form', { ends_on: '30.11.2022' }, 'ends_on', /Write the date in the form 2024-05-31\./],
      ['end before start', { starts_on: '2022-12-01', ends_on: '2022-11-30' }, 'ends_on', /The period cannot end before it starts\./],
      ['summary too long', { summary_en: 'å'.repeat(2001) }, 'summary_en', /The summary is too long/],
      ['goals too long', { goals_sv: 'x'.repeat(10001) }, 'goals_sv', /The goals are too long/],
      ['no summary', { summary_fi: ' ', summary_sv: '', summary_en: '' }, 'summary_fi', /Write a summary in at least one language\./],
    ];
    for (const [label, change, fieldId, message] of cases) {
      const fields = { ...GOOD, year: '2023', ...change };
      for (const url of ['/en/programme/periods', `/en/programme/periods/${id}/edit`]) {
        const res = await unchanged(() => post(as.coord, url, fields));
        assert.equal(res.status, 400, `${label} ${url}`);
        assert.match(res.text, message, label);
        assert.ok(res.text.includes(`<a href="#${fieldId}">`), `${label}: summary links to the field`);
        assert.match(res.text, new RegExp(`id="${fieldId}"[^>]*aria-invalid="true"`), `${label}: field marked`);
        if (!('summary_sv' in change)) assert.ok(res.text.includes('Stärkande av kommunernas nätverk.'), `${label}: text kept`);
        if (!('year' in change)) assert.ok(res.text.includes('value="2023"'), `${label}: year kept`);
      }
    }
  });
  it('refuses a second period of the same year in the region (409), also on edit', async () => {
    let res = await unchanged(() => post(as.coord, '/en/programme/periods', { ...GOOD, year: '2021' }));
    assert.equal(res.status, 409);
    assert.match(res.text, /The region has a period of this year already\./);
    res = await unchanged(() => post(as.coord, `/en/programme/periods/${id}/edit`, { ...GOOD, year: '2020' }));
    assert.equal(res.status, 409);
    // Another region may have a period of the same year.
    assert.equal(q(`SELECT count(*) FROM programme_period WHERE year = 2021;`), '2');
  });
  it('refuses invalid UTF-8 and control characters (400, nothing written)', async () => {
    const body = `csrf=${as.coord.csrf}&year=2023&format=other&starts_on=2023-01-01&ends_on=2023-02-01&summary_fi=%FF%FE`;
    let res = await unchanged(() => as.coord.req('/fi/programme/periods', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    assert.equal(res.status, 400);
    res = await unchanged(() => post(as.coord, '/fi/programme/periods', { ...GOOD, year: '2023', summary_fi: 'a\u0000b' }));
    assert.equal(res.status, 400);
  });
  it('saves an edit; a change of format moves the supported municipalities to the new role', async () => {
    q(`INSERT INTO period_municipality (period_id, municipality_code, role) VALUES (${id}, '611', 'participant'), (${id}, '049', 'tutor');`);
    const res = await post(as.coord, `/sv/programme/periods/${id}/edit`, {
      ...GOOD, format: 'sparring', ends_on: '2022-12-31', summary_en: 'Strengthening the networks.',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/sv/programme/periods/${id}?done=saved`);
    assert.equal(q(`SELECT format || '|' || ends_on || '|' || summary_en FROM programme_period WHERE id = ${id};`), 'sparring|2022-12-31|Strengthening the networks.');
    assert.equal(q(`SELECT group_concat(municipality_code || ':' || role, ',') FROM (SELECT * FROM period_municipality WHERE period_id = ${id} ORDER BY municipality_code);`), '049:tutor,611:sparred');
    assert.equal(lastAudit(), `period.update|period|${id}|2022 sparring`);
    const page = await as.coord.get(res.headers.location);
    assert.match(page.text, /Ändringarna har sparats\./);
    // The edit form shows the stored values.
    const form = await as.coord.get(`/en/programme/periods/${id}/edit`);
    assert.match(form.text, /<option value="sparring" selected>/);
    assert.ok(form.text.includes('value="2022-12-31"'));
  });
});

describe('tutor assignments', () => {
  const p21 = () => `/fi/programme/periods/${period[2021]}`;
  it("offers the region's municipalities and its active tutor accounts only", async () => {
    const res = await as.coord.get(p21());
    assert.equal(res.status, 200);
    const form = res.text.slice(res.text.indexOf('id="assign-heading"'));
    assert.ok(form.includes('<option value="186">Järvenpää</option>'));
    assert.ok(!form.includes('value="998"'), 'no other region');
    assert.ok(form.includes(`value="${acct.tutor.id}"`) && form.includes('Tuula Tutor'));
    assert.ok(form.includes(`value="${acct.tutorB.id}"`));
    assert.ok(!form.includes(`value="${acct.tutor2.id}"`), "another region's tutor");
    assert.ok(!form.includes(`value="${acct.municipal.id}"`), 'not a tutor');
  });
  it('adding one records participants, opens the workspace and gives the tutors their reach', async () => {
    // Before: the tutor does not reach Järvenpää (186).
    assert.equal((await as.tutor.get('/fi/staff/municipalities/186')).status, 404);
    const res = await post(as.coord, `${p21()}/assignments`, { tutor: '049', municipality: '186', account: [String(acct.tutor.id), String(acct.tutorB.id)] });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.headers.location, `${p21()}?done=assigned#assignments`);
    const aid = q(`SELECT id FROM tutor_assignment WHERE period_id = ${period[2021]} AND tutor_code = '049' AND municipality_code = '186';`);
    assert.ok(aid);
    assert.equal(q(`SELECT group_concat(account_id, ',') FROM (SELECT account_id FROM tutor_assignment_account WHERE assignment_id = ${aid} ORDER BY account_id);`),
      [acct.tutor.id, acct.tutorB.id].sort((a, b) => a - b).join(','));
    assert.equal(q(`SELECT role FROM period_municipality WHERE period_id = ${period[2021]} AND municipality_code = '049';`), 'tutor');
    assert.equal(q(`SELECT role FROM period_municipality WHERE period_id = ${period[2021]} AND municipality_code = '186';`), 'sparred');
    assert.equal(q(`SELECT count(*) FROM workspace WHERE period_id = ${period[2021]} AND municipality_code = '186';`), '1');
    assert.match(lastAudit(), new RegExp(`^assignment\\.add\\|period\\|${period[2021]}\\|049 → 186 \\(accounts \\d+, \\d+\\)$`));
    // The tutor reaches the supported municipality at once.
    assert.equal((await as.tutor.get('/fi/staff/municipalities/186')).status, 200);
    const page = await as.coord.get(res.headers.location.replace('/fi/', '/en/'));
    assert.match(page.text, /The tutor assignment has been added\./);
    const row = page.text.split('<tr>').find((r) => r.includes('/en/municipalities/186">Järvenpää'));
    assert.ok(row, 'a row for the assignment');
    assert.match(row, /Espoo/);
    assert.match(row, /Bertta Tutor, Tuula Tutor/);
    assert.match(textOf(page.text), /Järvenpää – Sparred municipality/);
  });
  it('a second tutor of the same municipality keeps its one workspace; a tutor stays a tutor', async () => {
    let res = await post(as.admin, `${p21()}/assignments`, { tutor: '091', municipality: '186' });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT count(*) FROM workspace WHERE period_id = ${period[2021]} AND municipality_code = '186';`), '1');
    // A tutor municipality supported by another keeps its role.
    res = await post(as.admin, `${p21()}/assignments`, { tutor: '092', municipality: '049' });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT role FROM period_municipality WHERE period_id = ${period[2021]} AND municipality_code = '049';`), 'tutor');
  });
  it('in a period that is not sparring the supported municipality is a participant', async () => {
    const res = await post(as.coord, `/fi/programme/periods/${period[2020]}/assignments`, { tutor: '092', municipality: '018' });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT role FROM period_municipality WHERE period_id = ${period[2020]} AND municipality_code = '018';`), 'participant');
    assert.equal(q(`SELECT count(*) FROM workspace WHERE period_id = ${period[2020]} AND municipality_code = '018';`), '1');
  });
  it('refuses bad assignments with the form kept and nothing written', async () => {
    const cases = [
      ['duplicate', { tutor: '049', municipality: '186' }, 409, 'municipality', /already supports this municipality/],
      ['tutor is the municipality', { tutor: '186', municipality: '186' }, 400, 'municipality', /cannot tutor itself/],
      ['unknown tutor', { tutor: '999', municipality: '186' }, 400, 'tutor', /Choose the tutor municipality from the list\./],
      ['no tutor', { tutor: '', municipality: '186' }, 400, 'tutor', /Choose the tutor municipality/],
      ['malformed municipality', { tutor: '049', municipality: "186' OR 1=1" }, 400, 'municipality', /Choose the supported municipality from the list\./],
      ['municipality of another region', { tutor: '049', municipality: '998' }, 400, 'municipality', /Choose the supported municipality/],
      ['account that is not a tutor', { tutor: '049', municipality: '224', account: String(acct.municipal.id) }, 400, 'accounts', /Choose the tutors from the list\./],
      ["another region's tutor", { tutor: '049', municipality: '224', account: String(acct.tutor2.id) }, 400, 'accounts', /Choose the tutors/],
      ['unknown account', { tutor: '049', municipality: '224', account: '999999' }, 400, 'accounts', /Choose the tutors/],
      ['malformed account', { tutor: '049', municipality: '224', account: 'x1' }, 400, 'accounts', /Choose the tutors/],
    ];
    for (const [label, fields, status, fieldId, message] of cases) {
      const res = await unchanged(() => post(as.coord, `/en/programme/periods/${period[2021]}/assignments`, fields));
      assert.equal(res.status, status, label);
      assert.match(res.text, message, label);
      assert.ok(res.text.includes(`<a href="#${fieldId}">`), `${label}: linked`);
      if (fields.tutor === '049') assert.match(res.text, /<option value="049" selected>/, `${label}: tutor kept`);
    }
    // The checked tutor accounts are kept too.
    const res = await unchanged(() => post(as.coord, `/en/programme/periods/${period[2021]}/assignments`,
      { tutor: '049', municipality: '049', account: String(acct.tutor.id) }));
    assert.match(res.text, new RegExp(`id="account-${acct.tutor.id}" name="account" value="${acct.tutor.id}" checked`));
  });
  it("lists who tutored whom across periods, only in the viewer's regions", async () => {
    let res = await as.coord.get('/en/programme/assignments');
    assert.equal(res.status, 200);
    const t = textOf(res.text);
    assert.ok(t.indexOf('2021: Digital support sparring') < t.indexOf('2020: Webinars by tutor municipalities'), 'newest first');
    assert.match(t, /Espoo Järvenpää Bertta Tutor, Tuula Tutor/);
    assert.match(t, /Vantaa Askola –/);
    assert.ok(!t.includes('Testikunta') && !t.includes('Toinenkunta'), 'no other region');
    res = await as.admin.get('/en/programme/assignments');
    assert.match(textOf(res.text), /Testikunta Toinenkunta/);
    res = await as.coord2.get('/fi/programme/assignments');
    assert.ok(!textOf(res.text).includes('Järvenpää'));
  });
  it('the public municipality pages show who tutored whom, at once', async () => {
    let res = await new Client(srv.url).get('/en/municipalities/186');
    assert.equal(res.status, 200);
    let li = res.text.split('<li>').find((x) => x.startsWith('2021: '));
    assert.ok(li, 'a 2021 entry');
    assert.match(textOf(li), /Sparred municipality Tutor municipalities: Espoo, Helsinki/);
    res = await new Client(srv.url).get('/fi/municipalities/049');
    li = res.text.split('<li>').find((x) => x.startsWith('2021: '));
    assert.match(textOf(li), /Tuetut kunnat: Järvenpää/);
    assert.match(li, /href="\/fi\/municipalities\/186"/);
    res = await new Client(srv.url).get('/sv/municipalities/092');
    li = res.text.split('<li>').find((x) => x.startsWith('2020: '));
    assert.match(textOf(li), /Kommuner som fick stöd: Askola/);
  });
  it('removing one keeps the participants and the workspace; an unknown one is 404', async () => {
    const ws = q(`SELECT count(*) FROM workspace WHERE period_id = ${period[2021]};`);
    const res = await post(as.coord, `${p21()}/assignments/remove`, { tutor: '091', municipality: '186' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${p21()}?done=removed#assignments`);
    assert.equal(q(`SELECT count(*) FROM tutor_assignment WHERE period_id = ${period[2021]} AND tutor_code = '091' AND municipality_code = '186';`), '0');
    assert.equal(q(`SELECT count(*) FROM workspace WHERE period_id = ${period[2021]};`), ws);
    assert.equal(q(`SELECT role FROM period_municipality WHERE period_id = ${period[2021]} AND municipality_code = '186';`), 'sparred');
    assert.equal(lastAudit(), `assignment.remove|period|${period[2021]}|091 → 186`);
    // Removing an assignment removes its accounts with it.
    const before = q('SELECT count(*) FROM tutor_assignment_account;');
    await post(as.coord, `${p21()}/assignments/remove`, { tutor: '049', municipality: '186' });
    assert.equal(Number(q('SELECT count(*) FROM tutor_assignment_account;')), Number(before) - 2);
    assert.equal((await as.tutor.get('/fi/staff/municipalities/186')).status, 404, 'the reach ends with it');
    for (const f of [{ tutor: '091', municipality: '186' }, { tutor: '', municipality: '' }, { tutor: '998', municipality: '997' }]) {
      const r = await unchanged(() => post(as.coord, `${p21()}/assignments/remove`, f));
      assert.equal(r.status, 404, JSON.stringify(f));
    }
  });
  it('answers a GET on the write routes with 405, except removal, which is asked first', async () => {
    assert.equal((await as.coord.get(`${p21()}/assignments`)).status, 405);
    // The GET of the removal is its confirmation page; without a pairing named, there is nothing to confirm.
    assert.equal((await as.coord.get(`${p21()}/assignments/remove`)).status, 404);
  });
});

// The form model: every mistake of a form in one 400 page, each in the
// summary as a link to its field, the fields marked invalid, "Virhe:" first
// in the title, and nothing written.
function assertAllMistakes(res, fields, label) {
  assert.equal(res.status, 400, label);
  assert.match(res.text, /<title>Virhe: /, `${label}: the title says so first`);
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text);
  assert.ok(summary, `${label}: a summary`);
  for (const f of fields) {
    assert.ok(summary[0].includes(`<a href="#${f}">`), `${label}: ${f} in the summary`);
    assert.match(res.text, new RegExp(`<(input|select|textarea|fieldset) [^>]*id="${f}"[^>]*aria-invalid="true"|<(input|select|textarea) id="${f}"[^>]*aria-invalid="true"`), `${label}: ${f} invalid`);
    assert.ok(res.text.includes(`id="${f}-error"`), `${label}: ${f} named at the field`);
  }
}

describe('every mistake of a programme form at once', () => {
  it('the period form, new and edited', async () => {
    const bad = {
      ...GOOD, year: '20x1', format: 'castle', starts_on: '2022-02-30', ends_on: 'soon',
      summary_fi: '', summary_sv: '', summary_en: '', goals_sv: 'x'.repeat(10001),
    };
    for (const url of ['/fi/programme/periods', `/fi/programme/periods/${period[2021]}/edit`]) {
      const res = await unchanged(() => post(as.coord, url, bad));
      assertAllMistakes(res, ['year', 'format', 'starts_on', 'ends_on', 'summary_fi', 'goals_sv'], url);
    }
  });
  it('the assignment form', async () => {
    const res = await unchanged(() => post(as.coord, `/fi/programme/periods/${period[2021]}/assignments`, {
      tutor: '999', municipality: '998', account: 'x1',
    }));
    assertAllMistakes(res, ['tutor', 'municipality', 'accounts'], 'assignment');
  });
});
