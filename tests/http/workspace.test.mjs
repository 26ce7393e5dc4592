// The sparring workspaces against the real binary: the demo workspace of
// Pornainen 2021 (signed in with a demo account whose password `demo`
// printed), who sees which workspace (404 outside one's reach), every form
// (self-assessment, goals and outcome, sessions, actions and their
// progress) with its database rows, audit entry and redirect, bad input
// (400, the form kept, nothing written), Markdown with <script> shown
// safely, the pages in three languages, links from the staff home, the
// reminder opt-out, and the reminders (`tukiverkko reminders --now`):
// counted, sent once, delivered to the spool, in the owner's language.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { readable } from '../lib/smtp-sink.mjs';
import {
  Client, addUser, cli, signIn, snapshot, diffSnapshots, sqlite, unique, mailDrained, PASSWORD_COST,
} from '../lib/auth.mjs';

let srv;
let spool;
let work;
let demoOut;			// what `tukiverkko demo` printed
const acct = {};		// name -> { email, password, id }
const as = {};			// name -> signed-in Client

const W = '/fi/workspaces/2021/611';
const q = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

/** POSTs a form as client c with its csrf. */
function post(c, p, fields) {
  return c.post(p, { csrf: c.csrf, ...fields });
}

/** Runs fn and asserts that the database did not change. */
async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** Every spooled message to `to`. */
function mailsTo(to) {
  return readdirSync(spool).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => readFileSync(path.join(spool, f), 'utf8'))
    .filter((t) => t.includes(`\r\nTo: ${to}\r\n`))
    .map(readable);	// the text is quoted-printable
}

before(async () => {
  spool = mkdtempSync(path.join(tmpdir(), 'tukiverkko-spool-'));
  work = mkdtempSync(path.join(tmpdir(), 'tukiverkko-ws-'));
  // The demo is loaded here (not by the harness) to read the passwords
  // it prints for its accounts.
  const db = path.join(work, 'ws.db');
  demoOut = cli(undefined, ['demo', '--db', db, ...PASSWORD_COST]).stdout;
  srv = await startServer({ db, args: [...PASSWORD_COST, '--mail-spool', spool] });

  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('w')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('tutor', 'tutor', { scopes: ['611'] });
  add('tutor858', 'tutor', { scopes: ['858'] });
  add('coord', 'coordinator');
  add('admin', 'admin');
  add('supporter', 'supporter');
  add('other', 'municipal-coordinator', { municipality: '224' });
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
});

after(async () => {
  await srv?.stop();
  rmSync(spool, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('the demo', () => {
  it('prints an account per role with a fresh 16-character password', () => {
    assert.match(demoOut, /^demo accounts:$/m);
    for (const e of ['coordinator@example.fi', 'tutor.helsinki@example.fi', 'pornainen@example.fi', 'tuki.pornainen@example.fi', 'admin@example.fi']) {
      assert.match(demoOut, new RegExp(`^  ${e.replace('.', '\\.')} +password [A-Za-z0-9_-]{16}  \\(`, 'm'), e);
    }
    assert.match(demoOut, /^demo data loaded$/m);
    assert.equal(q("SELECT count(*) FROM account WHERE email LIKE '%@example.fi' AND password_hash LIKE '$argon2id$%' AND email IN ('coordinator@example.fi', 'tutor.helsinki@example.fi', 'pornainen@example.fi', 'tuki.pornainen@example.fi', 'admin@example.fi')"), '5');
    assert.equal(q('SELECT count(*) FROM dimension'), '7');
  });

  it("the demo supporter keeps a service point of Pornainen: logs encounters there and edits it, and no other point", async () => {
    const pw = /tuki\.pornainen@example\.fi +password (\S+)/.exec(demoOut)[1];
    const scope = q("SELECT s.ref || '|' || p.name_fi || '|' || p.municipality_code FROM account a JOIN account_scope s ON s.account_id = a.id AND s.kind = 'service-point' JOIN service_point p ON p.id = CAST(s.ref AS INTEGER) WHERE a.email = 'tuki.pornainen@example.fi'");
    const [point, name, code] = scope.split('|');
    assert.equal(code, '611', scope);
    const other = q(`SELECT min(id) FROM service_point WHERE id <> ${point}`);
    const supporter = await signIn(srv.url, 'tuki.pornainen@example.fi', pw);
    const home = await supporter.get('/fi/staff');
    assert.ok(home.text.includes('<h2>Omat palvelupisteesi</h2>'), 'the home lists the points');
    assert.ok(home.text.includes(`href="/fi/staff/directory/${point}"`), 'with a link to edit the point');
    assert.ok(home.text.includes('href="/fi/staff/trainings"'), 'and to the trainings');
    assert.ok(!home.text.includes('Sinulle ei ole vielä osoitettu kuntaa'), 'not the municipal staff member\'s "no municipality"');
    const log = await supporter.get('/fi/staff/encounters');
    assert.equal(log.status, 200);
    assert.ok(log.text.includes(name.replace(/&/g, '&amp;')), 'the log offers the point');
    assert.equal((await supporter.get(`/fi/staff/directory/${point}`)).status, 200);
    assert.equal((await supporter.get(`/fi/staff/directory/${other}`)).status, 404, "another point is not theirs");
  });

  it("the demo tutor signs in and sees Pornainen's 2021 workspace with its sessions and actions", async () => {
    const pw = /tutor\.helsinki@example\.fi +password (\S+)/.exec(demoOut)[1];
    const tutor = await signIn(srv.url, 'tutor.helsinki@example.fi', pw);
    const home = await tutor.get('/fi/staff');
    assert.ok(home.text.includes(`href="${W}"`), 'the staff home links to the workspace');
    const res = await tutor.get(W);
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const t = textOf(res.text);
    assert.match(t, /Sparrauksen työtila: Pornainen 2021/);
    // Seven dimensions, start and end side by side.
    assert.equal((res.text.match(/<th scope="row">/g) ?? []).length, 7);
    assert.match(t, /Vastuut ja koordinointi .*? 1 3 \+2/);
    // Three sessions in Helsinki time, on site and remote.
    assert.match(t, /tiistai 24\.8\.2021 klo 10\.00/);
    assert.match(t, /tiistai 14\.9\.2021 klo 13\.00/);
    assert.match(t, /tiistai 28\.9\.2021 klo 9\.30/);
    assert.match(t, /Paikan päällä/);
    assert.match(t, /Etänä/);
    // Actions in every state, overdue in words, their history dated.
    for (const s of ['Nimetään digituen yhdyshenkilö', 'Sovitaan yhteistyöstä eläkeläisyhdistyksen kanssa',
      'Henkilöstö suorittaa digituen osaamismerkin', 'Tehdään digituesta juttu kunnan lehteen']) {
      assert.ok(t.includes(s), s);
    }
    for (const s of ['Valmis', 'Käynnissä', 'Suunniteltu', 'Luovuttu', 'Myöhässä']) assert.ok(t.includes(s), s);
    assert.match(res.text, /<progress max="100" value="60"/);
    assert.match(t, /maanantai 15\.11\.2021 klo 12\.00 : Käynnissä, 60 %/);
    assert.match(t, /Sovittu Tapaaminen 14\.9\.2021/);
    // The tutor's own workspace only.
    assert.equal((await tutor.get('/fi/workspaces/2021/858')).status, 404);
  });

  it('has three workspaces in 2021, tutor assignments and actions in all four states', () => {
    // 2021 only: the demo's present (demo/live.sql) has a period of its own.
    const Y2021 = "(SELECT id FROM programme_period WHERE year = 2021)";
    const list = (s) => q(s).split('\n').join(',');
    assert.equal(list(`SELECT municipality_code FROM workspace WHERE period_id = ${Y2021} ORDER BY 1`), '224,611,858');
    assert.equal(list(`SELECT tutor_code || '>' || municipality_code FROM tutor_assignment WHERE period_id = ${Y2021} ORDER BY id`),
      '091>611,092>858,106>858,049>224');
    assert.equal(q(`SELECT count(DISTINCT x.status) FROM action x JOIN workspace w ON w.id = x.workspace_id WHERE w.period_id = ${Y2021}`), '4');
    assert.equal(q(`SELECT count(*) FROM assessment a JOIN workspace w ON w.id = a.workspace_id WHERE w.period_id = ${Y2021}`), String(3 * 2 * 7));
    assert.equal(q(`SELECT count(*) FROM sparring_session s JOIN workspace w ON w.id = s.workspace_id WHERE w.period_id = ${Y2021} AND s.starts_at >= 1633500000`), '0', 'all before the webinar');
    assert.ok(Number(q("SELECT count(*) FROM action WHERE status IN ('planned', 'in-progress') AND due_on < '2021-12-31'")) >= 3);
  });
});

describe('who sees a workspace', () => {
  it('its municipal coordinator, its tutors, the coordinator and administrators', async () => {
    for (const n of ['municipal', 'tutor', 'coord', 'admin']) {
      assert.equal((await as[n].get(W)).status, 200, n);
    }
  });
  it('anyone else gets 404, like a workspace that does not exist', async () => {
    const missing = await as.admin.get('/fi/workspaces/2021/091');
    assert.equal(missing.status, 404);
    for (const n of ['tutor858', 'supporter', 'other']) {
      const res = await as[n].get(W);
      assert.equal(res.status, 404, n);
      assert.equal(textOf(res.text).includes('Pornainen 2021'), false);
    }
    const anon = await new Client(srv.url).get(W);
    assert.equal(anon.status, 303);
    assert.match(anon.headers.location, /^\/fi\/signin\?next=/);
  });
  it('a tutor of another municipality cannot write either (404, nothing written)', async () => {
    for (const [p, form] of [
      [`${W}/assessment`, { phase: 'start', 'score-network': '5' }],
      [`${W}/texts`, { goals: 'Hijacked' }],
      [`${W}/sessions`, { date: '2021-10-01', time: '10:00', mode: 'remote' }],
      [`${W}/sessions/1`, { date: '2021-10-01', time: '10:00', mode: 'remote' }],
      [`${W}/actions`, { title: 'Hijacked', owner_name: 'X' }],
      [`${W}/actions/2`, { status: 'done', progress: '' }],
    ]) {
      for (const n of ['tutor858', 'supporter', 'other']) {
        const res = await unchanged(() => post(as[n], p, form));
        assert.equal(res.status, 404, `${n} ${p}`);
      }
      const anon = new Client(srv.url);
      assert.equal((await unchanged(() => anon.post(p, form))).status, 403, `anonymous ${p}`);
    }
  });
  it('the staff home lists the workspaces one works on', async () => {
    const tutor = await as.tutor858.get('/en/staff');
    assert.ok(tutor.text.includes('href="/en/workspaces/2021/858"'));
    assert.ok(!tutor.text.includes('href="/en/workspaces/2021/611"'));
    const coord = await as.coord.get('/sv/staff');
    for (const c of ['611', '858', '224']) assert.ok(coord.text.includes(`href="/sv/workspaces/2021/${c}"`), c);
    const supporter = await as.supporter.get('/fi/staff');
    assert.ok(!supporter.text.includes('/workspaces/'));
  });
  it('the page is in Finnish, Swedish and English', async () => {
    for (const [lang, title, dim] of [
      ['fi', 'Sparrauksen työtila: Pornainen 2021', 'Verkostoyhteistyö'],
      ['sv', 'Sparrningens arbetsyta: Borgnäs 2021', 'Nätverkssamarbete'],
      ['en', 'Sparring workspace: Pornainen 2021', 'Network cooperation'],
    ]) {
      const res = await as.municipal.get(`/${lang}/workspaces/2021/611`);
      assert.equal(res.status, 200);
      assert.ok(res.text.includes(`<h1>${title}</h1>`), `${lang}: ${title}`);
      assert.ok(res.text.includes(dim), `${lang}: ${dim}`);
    }
    // The self-assessment questions in the page's language: no English
    // reference data on a Finnish or Swedish page.
    const fi = await as.municipal.get(W);
    assert.match(fi.text, /<span class="muted">Onko selvää, kuka kunnassa järjestää digituen/);
    assert.doesNotMatch(fi.text, /Is it clear who organises/);
    const sv = await as.municipal.get(W.replace('/fi/', '/sv/'));
    assert.match(sv.text, /Är det tydligt vem som ordnar det digitala stödet/);
    assert.doesNotMatch(sv.text, /Is it clear who organises/);
    // A question not written in the page's language comes in English,
    // marked as such (WCAG 3.1.2).
    q("UPDATE dimension SET question_sv = '' WHERE key = 'coordination'");
    const fallback = await as.municipal.get(W.replace('/fi/', '/sv/'));
    assert.match(fallback.text, /<span class="muted" lang="en">Is it clear who organises/);
    q("UPDATE dimension SET question_sv = 'Är det tydligt vem som ordnar det digitala stödet i kommunen, med en utsedd koordinator som har mandat för det?' WHERE key = 'coordination'");
  });
});

describe('changes', () => {
  it('saves a self-assessment: one row per phase and dimension, audited, 303 to #assessment', async () => {
    const audits = Number(q('SELECT count(*) FROM audit_log'));
    const res = await post(as.tutor, `${W}/assessment`, {
      phase: 'end', 'score-coordination': '4', 'note-coordination': 'Vastuut kirjattu.', 'score-network': '5', 'note-network': '',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${W}?done=assessment#assessment`);
    assert.equal(q("SELECT score || '|' || note FROM assessment a JOIN workspace w ON w.id = a.workspace_id WHERE w.municipality_code = '611' AND phase = 'end' AND dimension_key = 'coordination'"), '4|Vastuut kirjattu.');
    assert.equal(q("SELECT count(*) FROM assessment a JOIN workspace w ON w.id = a.workspace_id JOIN programme_period p ON p.id = w.period_id WHERE w.municipality_code = '611' AND p.year = 2021"), '14');
    assert.equal(q('SELECT count(*) FROM audit_log'), String(audits + 1));
    assert.equal(q(`SELECT action || '|' || detail || '|' || account_id FROM audit_log ORDER BY id DESC LIMIT 1`),
      `workspace.assessment|end: 2|${acct.tutor.id}`);
    const page = await as.tutor.get(res.headers.location.split('#')[0]);
    assert.match(page.text, /Itsearviointi on tallennettu\./);
    // The end form shows what is stored.
    assert.match(page.text, /id="end-coordination-4" name="score-coordination" value="4" checked/);
  });
  it('saves the goals and the outcome, each on its own', async () => {
    let res = await post(as.municipal, `${W}/texts`, { goals: '- Uusi tavoite\r\n- Toinen' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${W}?done=goals#goals`);
    res = await post(as.municipal, `${W}/texts`, { outcome: 'Tulos **hyvä**' });
    assert.equal(res.headers.location, `${W}?done=outcome#outcome`);
    assert.equal(q("SELECT goals || '|' || outcome FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE w.municipality_code = '611' AND p.year = 2021"), '- Uusi tavoite\n- Toinen|Tulos **hyvä**');
    const page = await as.municipal.get(W);
    assert.match(page.text, /<li>Uusi tavoite<\/li>/);
    assert.match(page.text, /Tulos <strong>hyvä<\/strong>/);
  });
  it('records a session in Helsinki time and edits it', async () => {
    let res = await post(as.tutor, `${W}/sessions`, {
      date: '2021-10-20', time: '14:30', mode: 'remote', place: 'Teams',
      participants: 'Tuula Tutor, Helsinki\nMaija, Pornainen', agenda: '- Tilanne', notes: 'Sovittiin **jatkosta**.',
    });
    assert.equal(res.status, 303);
    const m = /\?done=session#session-(\d+)$/.exec(res.headers.location);
    assert.ok(m, res.headers.location);
    const id = m[1];
    // 14:30 in Helsinki summer time is 11:30 UTC.
    assert.equal(q(`SELECT starts_at || '|' || mode || '|' || created_by FROM sparring_session WHERE id = ${id}`),
      `${Date.UTC(2021, 9, 20, 11, 30) / 1000}|remote|${acct.tutor.id}`);
    let page = await as.tutor.get(W);
    assert.match(textOf(page.text), /keskiviikko 20\.10\.2021 klo 14\.30/);
    assert.match(page.text, /<li>Maija, Pornainen<\/li>/);
    // In winter time the offset is two hours.
    res = await post(as.tutor, `${W}/sessions/${id}`, {
      date: '2021-11-03', time: '09:00', mode: 'on-site', place: 'Kirjasto', participants: '', agenda: '', notes: '',
    });
    assert.equal(res.headers.location, `${W}?done=session#session-${id}`);
    assert.equal(q(`SELECT starts_at || '|' || mode || '|' || place FROM sparring_session WHERE id = ${id}`),
      `${Date.UTC(2021, 10, 3, 7, 0) / 1000}|on-site|Kirjasto`);
    assert.equal(q(`SELECT action FROM audit_log ORDER BY id DESC LIMIT 1`), 'session.update');
    page = await as.tutor.get(W);
    assert.match(page.text, new RegExp(`id="s${id}-date" name="date" type="date" required value="2021-11-03"`));
  });
  it('adds an action owned by a person of the workspace or by a name, with its first history line', async () => {
    let res = await post(as.tutor, `${W}/actions`, {
      title: 'Kootaan vapaaehtoisten lista', owner: String(acct.municipal.id), owner_name: '', due_on: '2021-11-15', session: '2',
    });
    assert.equal(res.status, 303);
    const id = /#action-(\d+)$/.exec(res.headers.location)[1];
    assert.equal(q(`SELECT owner_account_id || '|' || owner_name || '|' || due_on || '|' || status || '|' || progress || '|' || session_id FROM action WHERE id = ${id}`),
      `${acct.municipal.id}||2021-11-15|planned|0|2`);
    assert.equal(q(`SELECT count(*) || '|' || max(status) FROM action_history WHERE action_id = ${id}`), '1|planned');
    res = await post(as.municipal, `${W}/actions`, { title: 'Ilman määräpäivää', owner: '', owner_name: 'Kalle Kokeilu', due_on: '', session: '' });
    assert.equal(res.status, 303);
    const id2 = /#action-(\d+)$/.exec(res.headers.location)[1];
    assert.equal(q(`SELECT coalesce(CAST(owner_account_id AS TEXT), 'none') || '|' || owner_name || '|' || coalesce(CAST(due_on AS TEXT), 'none') FROM action WHERE id = ${id2}`),
      'none|Kalle Kokeilu|none');
    // The owner list offers the workspace's people, not others.
    const page = await as.tutor.get(W);
    const select = page.text.slice(page.text.indexOf('id="anew-owner"'), page.text.indexOf('</select>', page.text.indexOf('id="anew-owner"')));
    assert.ok(select.includes(`value="${acct.municipal.id}"`));
    assert.ok(select.includes(`value="${acct.tutor.id}"`));
    assert.ok(select.includes('Sanna Kuvitelma') && select.includes('Petri Suunta'), 'the demo people of 611');
    for (const n of ['tutor858', 'other', 'coord', 'supporter']) assert.ok(!select.includes(`value="${acct[n].id}"`), n);
  });
  it('reports progress through the rules, each change a dated history line', async () => {
    const res0 = await post(as.tutor, `${W}/actions`, { title: 'Edistyvä toimenpide', owner_name: 'Kalle', due_on: '2021-12-01' });
    const id = /#action-(\d+)$/.exec(res0.headers.location)[1];
    // Progress on a planned action starts it.
    let res = await post(as.municipal, `${W}/actions/${id}`, { status: 'planned', progress: '30', note: 'Aloitettu' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${W}?done=progress#action-${id}`);
    assert.equal(q(`SELECT status || ' ' || progress FROM action WHERE id = ${id}`), 'in-progress 30');
    // 100 % marks it done; done alone is 100 %.
    res = await post(as.municipal, `${W}/actions/${id}`, { status: 'in-progress', progress: '100', note: '' });
    assert.equal(q(`SELECT status || ' ' || progress FROM action WHERE id = ${id}`), 'done 100');
    assert.equal(q(`SELECT group_concat(status || ' ' || progress || ' ' || note || ' ' || coalesce(account_id, 0), ';') FROM (SELECT * FROM action_history WHERE action_id = ${id} ORDER BY id)`),
      `planned 0  ${acct.tutor.id};in-progress 30 Aloitettu ${acct.municipal.id};done 100  ${acct.municipal.id}`);
    assert.equal(q(`SELECT action || '|' || object_id || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1`),
      `action.update|${id}|in-progress 30 % → done 100 %`);
    const page = await as.tutor.get(W);
    const item = page.text.slice(page.text.indexOf(`id="action-${id}"`));
    assert.match(textOf(item.slice(0, item.indexOf('</article>'))), /Valmis, 100 % \(The municipal\)/);
  });
});

describe('bad input: 400, the form kept and open, nothing written', () => {
  const cases = [
    ['assessment: score 0', `${W}/assessment`, { phase: 'start', 'score-network': '0' }, /Arvo on kokonaisluku 1–5\./, 'start-network'],
    ['assessment: no score at all', `${W}/assessment`, { phase: 'start' }, /Valitse arvo vähintään yhdelle ulottuvuudelle\./, 'start-coordination'],
    ['assessment: a note without a score', `${W}/assessment`, { phase: 'end', 'note-knowledge': 'huomio', 'score-network': '3' }, /jätä huomio tyhjäksi/, 'end-knowledge'],
    ['assessment: unknown phase', `${W}/assessment`, { phase: 'middle', 'score-network': '3' }, /alku- vai loppuarviosta/, null],
    ['assessment: a long note', `${W}/assessment`, { phase: 'start', 'score-network': '3', 'note-network': 'x'.repeat(1001) }, /enintään 1 000 merkkiä/, 'start-network-note'],
    ['texts: too long', `${W}/texts`, { goals: 'x'.repeat(20001) }, /enintään 20 000 merkkiä/, 'goals-text'],
    ['texts: a control character', `${W}/texts`, { outcome: 'a\u0001b' }, /merkkejä, joita ei voi käyttää/, 'outcome-text'],
    ['session: no date', `${W}/sessions`, { date: '', time: '10:00', mode: 'remote' }, /Kirjoita päivämäärä muodossa 2021-10-06\./, 'snew-date'],
    ['session: 31 September', `${W}/sessions`, { date: '2021-09-31', time: '10:00', mode: 'remote' }, /muodossa 2021-10-06/, 'snew-date'],
    ['session: 24:00', `${W}/sessions`, { date: '2021-09-30', time: '24:00', mode: 'remote' }, /Kirjoita kellonaika muodossa 14:30\./, 'snew-time'],
    ['session: the hour skipped in spring', `${W}/sessions`, { date: '2021-03-28', time: '03:30', mode: 'remote' }, /kelloja siirretään eteenpäin/, 'snew-time'],
    ['session: no mode', `${W}/sessions`, { date: '2021-09-30', time: '10:00', mode: 'hybrid' }, /paikan päällä vai etänä/, 'snew-mode'],
    ['session: a place on two lines', `${W}/sessions`, { date: '2021-09-30', time: '10:00', mode: 'on-site', place: 'a\nb' }, /yhdelle riville/, 'snew-place'],
    ['session edit: bad time', `${W}/sessions/1`, { date: '2021-08-24', time: '9.00', mode: 'on-site' }, /muodossa 14:30/, 's1-time'],
    ['action: no title', `${W}/actions`, { title: '  ', owner_name: 'X' }, /Kirjoita, mitä tehdään/, 'anew-title'],
    ['action: title too long', `${W}/actions`, { title: 'x'.repeat(201), owner_name: 'X' }, /enintään 200 merkkiä/, 'anew-title'],
    ['action: no owner', `${W}/actions`, { title: 'T', owner: '', owner_name: '' }, /Valitse vastuuhenkilö listalta tai kirjoita/, 'anew-owner'],
    ['action: an owner from elsewhere', `${W}/actions`, { title: 'T', owner: '999999' }, /Valitse vastuuhenkilö listalta\./, 'anew-owner'],
    ['action: bad due date', `${W}/actions`, { title: 'T', owner_name: 'X', due_on: '30.11.2021' }, /muodossa 2021-10-06/, 'anew-due'],
    ["action: another workspace's session", `${W}/actions`, { title: 'T', owner_name: 'X', session: '6' }, /Valitse tapaaminen listalta\./, 'anew-session'],
    ['update: unknown status', `${W}/actions/2`, { status: 'finished', progress: '' }, /Valitse tila listalta\./, 'a2-status'],
    ['update: progress 101', `${W}/actions/2`, { status: 'in-progress', progress: '101' }, /Progress is a percentage|prosentti/i, 'a2-progress'],
    ['update: progress -5', `${W}/actions/2`, { status: 'in-progress', progress: '-5' }, /.+/, 'a2-progress'],
    ['update: done at 40 %', `${W}/actions/2`, { status: 'done', progress: '40' }, /.+/, 'a2-progress'],
    ['update: nothing changed', `${W}/actions/2`, { status: 'in-progress', progress: '', note: '' }, /Mikään ei muuttunut/, 'a2-status'],
  ];
  for (const [name, p, form, message, field] of cases) {
    it(name, async () => {
      const res = await unchanged(() => post(as.tutor, p, form));
      assert.equal(res.status, 400, res.text.slice(0, 300));
      assert.match(res.text, message);
      assert.match(res.text, /Mitään ei tallennettu\./);
      if (field) {
        assert.ok(res.text.includes(`<a href="#${field}">`), `the summary links to #${field}`);
        assert.ok(res.text.includes(`id="${field}-error"`) || res.text.includes(`id="${field}"`), field);
      }
      assert.ok(res.text.includes('<details class="ws-form" open>'), 'the refused form is open');
    });
  }
  it('keeps what was written', async () => {
    const res = await unchanged(() => post(as.tutor, `${W}/actions`, { title: 'Pidetään tämä', owner_name: 'Liisa', due_on: 'huomenna' }));
    assert.equal(res.status, 400);
    assert.match(res.text, /id="anew-title" name="title" required maxlength="200" value="Pidetään tämä"/);
    assert.match(res.text, /value="Liisa"/);
    assert.match(res.text, /value="huomenna"[^>]*aria-invalid="true"/);
    const s = await unchanged(() => post(as.tutor, `${W}/sessions`, { date: '2021-09-31', time: '10:00', mode: 'remote', notes: 'Muistiin' }));
    assert.match(s.text, /<textarea id="snew-notes" name="notes" rows="8">Muistiin<\/textarea>/);
    assert.match(s.text, /id="snew-mode-remote" name="mode" value="remote" checked/);
  });
  it('an unknown session or action is 404', async () => {
    for (const p of [`${W}/sessions/999999`, `${W}/actions/999999`, `${W}/actions/abc`, `${W}/sessions/0`]) {
      const res = await unchanged(() => post(as.tutor, p, { date: '2021-09-01', time: '10:00', mode: 'remote', status: 'done' }));
      assert.equal(res.status, 404, p);
    }
  });
});

describe('Markdown and text are shown safely', () => {
  it('a <script> in notes, agenda, goals, titles and names never reaches the page as markup', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))';
    let res = await post(as.tutor, `${W}/sessions`, {
      date: '2021-10-21', time: '10:00', mode: 'on-site', place: evil.slice(0, 100), participants: evil, agenda: evil, notes: `**ok** ${evil}`,
    });
    assert.equal(res.status, 303);
    res = await post(as.tutor, `${W}/texts`, { goals: evil });
    assert.equal(res.status, 303);
    res = await post(as.tutor, `${W}/actions`, { title: evil.slice(0, 150), owner_name: evil.slice(0, 100) });
    assert.equal(res.status, 303);
    const page = await as.tutor.get(W);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /<script>/);
    assert.doesNotMatch(page.text, /<img[^>]*onerror/);
    assert.doesNotMatch(page.text, /href="javascript:/);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page.text, /<strong>ok<\/strong>/);
  });
});

describe('reminders', () => {
  it('the account page turns reminders off and on (audited)', async () => {
    let page = await as.municipal.get('/en/account');
    assert.match(page.text, /id="notify-on" name="notify" value="on" checked/);
    let res = await post(as.municipal, '/en/account/notify', { notify: 'off' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/en/account?done=notify#reminders');
    assert.equal(q(`SELECT notify FROM account WHERE id = ${acct.municipal.id}`), '0');
    assert.equal(q(`SELECT action || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1`), 'account.notify|off');
    page = await as.municipal.get('/en/account');
    assert.match(page.text, /id="notify-off" name="notify" value="off" checked/);
    res = await unchanged(() => post(as.municipal, '/en/account/notify', {}));
    assert.equal(res.status, 400);
    res = await post(as.municipal, '/en/account/notify', { notify: 'on' });
    assert.equal(q(`SELECT notify FROM account WHERE id = ${acct.municipal.id}`), '1');
  });

  it('`tukiverkko reminders --now` sends each reminder once, to those who want them, in their language', async () => {
    // Actions owned by accounts, due around 1 December 2021.
    const add = async (c, title, owner, due) => {
      const res = await post(c, `${W}/actions`, { title, owner: String(owner), due_on: due });
      assert.equal(res.status, 303, res.text.slice(0, 200));
      return /#action-(\d+)$/.exec(res.headers.location)[1];
    };
    sqlite(srv.db, `UPDATE account SET lang = 'sv' WHERE id = ${acct.municipal.id};`);
    await add(as.tutor, 'Muistutettava pian', acct.municipal.id, '2021-12-05');
    await add(as.tutor, 'Myöhässä oleva', acct.municipal.id, '2021-11-29');
    await add(as.tutor, 'Tutorin oma', acct.tutor.id, '2021-12-02');
    // The tutor does not want reminders.
    sqlite(srv.db, `UPDATE account SET notify = 0 WHERE id = ${acct.tutor.id};`);

    const run = (day) => cli(undefined, ['reminders', '--now', day, '--db', srv.db]).stdout.trim();
    // Wednesday 1 December 2021: due soon, 5.12.; overdue, 29.11. and the
    // action of 15.11. added above (the demo's overdue actions are owned
    // by names, or older than 30 days); the weekly digests of the demo
    // tutor of Helsinki and of Tuusula's tutor.  Not the tutor's own
    // action: they opted out.
    assert.equal(run('2021-12-01'), 'reminders: due soon 1, overdue 2, weekly digests 2');
    assert.equal(run('2021-12-01'), 'reminders: due soon 0, overdue 0, weekly digests 0');
    // Of 2021 (the demo's present has its own, marked as sent by demo/live.sql).
    assert.equal(q("SELECT count(*) FROM reminder_sent r JOIN action x ON x.id = r.action_id JOIN workspace w ON w.id = x.workspace_id JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021"), '3');
    assert.equal(q("SELECT week FROM digest_sent WHERE week LIKE '2021-%' ORDER BY week").split('\n').join(','), '2021-W48,2021-W48');
    await mailDrained(srv.db);
    const mine = mailsTo(acct.municipal.email);
    assert.equal(mine.length, 3);
    assert.ok(mine.every((m) => /\/sv\/workspaces\/2021\/611#action-\d+/.test(m)), 'links in Swedish');
    assert.ok(mine.some((m) => m.includes('Tidsfristen för en åtgärd som du ansvarar för närmar sig.') && m.includes('Muistutettava pian')));
    assert.ok(mine.some((m) => m.includes('En åtgärd som du ansvarar för är försenad.') && m.includes('Myöhässä oleva')));
    assert.equal(mailsTo(acct.tutor.email).length, 0, 'opted out');
    const digest = mailsTo('tutor.helsinki@example.fi');
    assert.equal(digest.length, 1);
    assert.ok(digest[0].includes('Viikko: 2021-W48'));
    assert.ok(digest[0].includes('Muistutettava pian'));
    assert.ok(!digest[0].includes('Kokeillaan digitukea kotihoidon'), "not Tuusula's");
    assert.ok(mailsTo(acct.tutor858.email)[0].includes('Kokeillaan digitukea kotihoidon'));
    // A week later: the action due 5.12. is overdue now, once; the demo's
    // action due 15.12. (owned by the demo coordinator of Pornainen) is
    // due within a week; new digests.
    assert.equal(run('2021-12-08'), 'reminders: due soon 1, overdue 1, weekly digests 2');
    assert.equal(mailsTo('pornainen@example.fi').length + Number(q("SELECT count(*) FROM mail_outbox WHERE to_addr = 'pornainen@example.fi' AND sent_at IS NULL")), 1);
    assert.equal(run('2021-12-08'), 'reminders: due soon 0, overdue 0, weekly digests 0');
    // A bad date is refused.
    const bad = cli(undefined, ['reminders', '--now', '1.12.2021', '--db', srv.db], { allowFail: true });
    assert.equal(bad.status, 2);
  });
});

// The form model: every mistake of a form in one 400 page, each in the
// summary as a link to its control, the controls marked invalid, "Virhe:"
// first in the title, and nothing written.
function assertAllMistakes(res, ids, label) {
  assert.equal(res.status, 400, label);
  assert.match(res.text, /<title>Virhe: /, `${label}: the title says so first`);
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text);
  assert.ok(summary, `${label}: a summary`);
  for (const id of ids) {
    assert.ok(summary[0].includes(`<a href="#${id}">`), `${label}: ${id} in the summary`);
    assert.match(res.text, new RegExp(`<(input|select|textarea|fieldset) [^>]*id="${id}"[^>]*aria-invalid="true"|<(input|select|textarea|fieldset) id="${id}"[^>]*aria-invalid="true"`), `${label}: ${id} invalid`);
    assert.ok(res.text.includes(`id="${id}-error"`), `${label}: ${id} named at the field`);
  }
}

describe('every mistake of a workspace form at once', () => {
  it('the self-assessment', async () => {
    const res = await unchanged(() => post(as.tutor, `${W}/assessment`, {
      phase: 'start', 'score-network': '9', 'note-knowledge': 'huomio', 'score-coordination': '2', 'note-coordination': 'x'.repeat(1001),
    }));
    assertAllMistakes(res, ['start-network', 'start-knowledge', 'start-coordination-note'], 'assessment');
  });
  it('a new session', async () => {
    const res = await unchanged(() => post(as.tutor, `${W}/sessions`, {
      date: '2021-09-31', time: '25:00', mode: 'hybrid', place: 'a\nb', participants: 'x'.repeat(2001),
    }));
    assertAllMistakes(res, ['snew-date', 'snew-time', 'snew-mode', 'snew-place', 'snew-participants'], 'session');
  });
  it('a new action', async () => {
    const res = await unchanged(() => post(as.tutor, `${W}/actions`, {
      title: '', owner: '999999', due_on: 'huomenna', session: '999999',
    }));
    assertAllMistakes(res, ['anew-title', 'anew-owner', 'anew-due', 'anew-session'], 'action');
  });
  it("an action's progress", async () => {
    const res = await unchanged(() => post(as.tutor, `${W}/actions/2`, {
      status: 'finished', progress: '101', note: 'x'.repeat(1001),
    }));
    assertAllMistakes(res, ['a2-status', 'a2-progress', 'a2-note'], 'update');
  });
});

describe('every mistake of an account form at once', () => {
  it('a new API token', async () => {
    const res = await unchanged(() => post(as.municipal, '/fi/account/tokens', { name: 'x'.repeat(101), scope: 'admin' }));
    assertAllMistakes(res, ['name', 'scope'], 'token');
    assert.ok(res.text.includes(`value="${'x'.repeat(101)}"`), 'the name is kept');
  });
  it('the reminder choice', async () => {
    const res = await unchanged(() => post(as.municipal, '/fi/account/notify', { notify: 'sometimes' }));
    assertAllMistakes(res, ['notify'], 'notify');
  });
});
