// The home pages after sign-in (#12 item 8) and the demo's present that
// fills them (#12 item 10, demo/live.sql): the demo loaded today has a
// sparring period under way with actions late and due soon, sessions
// behind and ahead, a network meeting filling up, last month's webinar
// with attendance and feedback, and a material request waiting. Each role
// sees its own questions answered first: the coordinator the region's
// late actions by municipality, the request, the events and their seats
// and the latest changes; a tutor the municipalities they spar; a
// municipal coordinator their own actions and self-assessment; a
// supporter the events. Nothing of it sends mail to the invented people.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import {
  addUser, cli, signIn, sqlite, unique, mailDrained, PASSWORD_COST,
} from '../lib/auth.mjs';

let srv;
let work;
let spool;
let demoOut;
const as = {};
const acct = {};
const q = (s) => sqlite(srv.db, s).trim();
const YEAR = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(new Date());

const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
function textOfId(html, id) {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</dd>`).exec(html);
  return m ? textOf(m[1]).trim() : null;
}
/** The rows of table #id: { attrs, cells[] } with the cells' text. */
function tableRows(html, id) {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `a table #${id}`);
  const body = html.slice(html.indexOf('<tbody>', start), html.indexOf('</table>', start));
  return [...body.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => ({
    attrs: m[1],
    cells: [...m[2].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]).trim()),
  }));
}

before(async () => {
  spool = mkdtempSync(path.join(tmpdir(), 'tukiverkko-spool-'));
  work = mkdtempSync(path.join(tmpdir(), 'tukiverkko-dash-'));
  const db = path.join(work, 'dash.db');
  demoOut = cli(undefined, ['demo', '--db', db, ...PASSWORD_COST]).stdout;
  srv = await startServer({ db, args: [...PASSWORD_COST, '--mail-spool', spool] });
  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('d')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('coord', 'coordinator');
  add('tutor', 'tutor', { scopes: ['611'] });
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('supporter', 'supporter');
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
  const pw = /pornainen@example\.fi +password (\S+)/.exec(demoOut)[1];
  as.sanna = await signIn(srv.url, 'pornainen@example.fi', pw);
});

after(async () => {
  await srv?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (spool) rmSync(spool, { recursive: true, force: true });
});

describe("the demo's present", () => {
  it('has a sparring period under way this year with four workspaces', () => {
    const p = q(`SELECT starts_on || '|' || ends_on FROM programme_period WHERE year = ${YEAR}`);
    const [start, end] = p.split('|');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
    assert.ok(start < today && today < end, `${p} includes ${today}`);
    assert.equal(q(`SELECT count(*) FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = ${YEAR}`), '4');
    assert.equal(q("SELECT count(*) FROM material_request WHERE status = 'pending'"), '1');
  });

  it('last month\'s webinar has its attendance and survey answers, and the seed webinar agrees with its public count', async () => {
    const id = q("SELECT id FROM event WHERE title_fi = 'Digituki kirjastoissa: kokemuksia ja vinkkejä'");
    const att = textOf((await as.coord.get(`/fi/events/${id}/attendance`)).text);
    assert.match(att, /Osallistujia yhteensä 38/);
    const fb = await as.coord.get(`/fi/events/${id}/feedback`);
    assert.equal(fb.status, 200);
    assert.equal(q(`SELECT count(*) FROM event_feedback WHERE event_id = ${id}`), '22');
    assert.match(textOf(fb.text), /22/);
    const seed = textOf((await as.coord.get('/fi/events/1/attendance')).text);
    assert.match(seed, /Osallistujia yhteensä 64/);
    assert.match(textOf((await as.coord.get('/fi/events/1')).text), /Osallistujia 64/);
  });

  it('sends no mail to the invented people', async () => {
    await mailDrained(srv.db);
    const to = readdirSync(spool).filter((f) => f.endsWith('.eml'))
      .map((f) => /\r\nTo: ([^\r]+)\r\n/.exec(readFileSync(path.join(spool, f), 'utf8'))?.[1]);
    assert.deepEqual(to.filter((a) => /@example\.org$|^pornainen@|^tutor\.helsinki@/.test(a ?? '')), []);
  });
});

describe('the coordinator\'s home', () => {
  it('leads with what needs attention: late and soon due actions by municipality, the request, the events', async () => {
    const h = (await as.coord.get('/fi/staff')).text;
    assert.ok(h.indexOf('id="now"') < h.indexOf('id="tools"'), 'the figures before the links');
    assert.equal(textOfId(h, 'fact-late'), '2');
    assert.equal(textOfId(h, 'fact-soon'), '3');
    assert.equal(textOfId(h, 'fact-requests'), '1');
    // The next event's date, not a count that the list's length would cap.
    assert.match(h, /<dd id="fact-events"><a href="#events">\d+\.\d+\.\d{4}<\/a><\/dd>/);
    assert.match(h, /<dd id="fact-requests"><a href="\/fi\/materials\/requests">1<\/a><\/dd>/);
    const ws = tableRows(h, 'ws-table');
    assert.deepEqual(ws.map((r) => /data-code="(\d+)"/.exec(r.attrs)[1]), ['444', '543', '611', '753']);
    const sipoo = ws.find((r) => r.attrs.includes('753'));
    assert.deepEqual(sipoo.cells.slice(0, 3), ['Sipoo', '1', '1']);
    assert.equal(sipoo.cells[4], 'ei vielä sovittu');
    // The latest first: Sipoo 12 days, Pornainen 4 days late, then the soonest due.
    const due = tableRows(h, 'due-table');
    assert.equal(due.length, 5);
    assert.match(due[0].cells[0], /^Kartoitetaan ruotsinkielisen digituen tarve/);
    assert.match(due[0].cells[3], /myöhässä 12 päivää$/);
    assert.match(due[1].cells[3], /myöhässä 4 päivää$/);
    assert.match(due[2].cells[3], /erääntyy 3 päivän kuluttua$/);
    const ev = tableRows(h, 'events-table');
    const meeting = ev.find((r) => r.cells[0].startsWith('Digitukiverkoston tapaaminen'));
    assert.match(meeting.cells[2], /^36\/40/);
    assert.ok(!ev.some((r) => r.cells[0].startsWith('Digituki kirjastoissa')), 'not the past webinar');
    // The latest changes, newest first, at most five.
    const changes = [...h.slice(h.indexOf('id="changes"')).matchAll(/<li class="card">/g)];
    assert.equal(changes.length, 5);
    // The region's 26 municipalities are one click away, not the page.
    assert.match(h, /<details class="municipalities-all">\s*<summary>Alueen kunnat \(26\)<\/summary>/);
  });

  it('shows drafts to those who organise events, to nobody else', async () => {
    const t = Math.floor(Date.now() / 1000) + 10 * 86400;
    q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, created_at, updated_at)
       VALUES ((SELECT id FROM region WHERE code = 'uusimaa'), 'webinar', 'Luonnostapahtuma', ${t}, ${t + 3600}, 'draft', ${t - 864000}, ${t - 864000}) RETURNING id;`);
    assert.match(textOf((await as.coord.get('/fi/staff')).text), /Luonnostapahtuma luonnos/);
    assert.doesNotMatch((await as.municipal.get('/fi/staff')).text, /Luonnostapahtuma/);
  });

  it('is in Swedish and English too', async () => {
    assert.match((await as.coord.get('/sv/staff')).text, /<h2 id="now">Vad som behöver uppmärksamhet<\/h2>/);
    const en = (await as.coord.get('/en/staff')).text;
    assert.match(en, /<h2 id="now">What needs attention<\/h2>/);
    assert.match(textOf(en), /12 days late/);
  });
});

describe('a tutor\'s home', () => {
  it('shows the municipalities they spar, with the next session, and no other municipality\'s actions', async () => {
    const h = (await as.tutor.get('/fi/staff')).text;
    const t = textOf(h);
    assert.match(h, /<h2 id="sparring">Kunnat, joita sparraat<\/h2>/);
    assert.match(h, new RegExp(`<h3 class="card__title"><a href="/fi/workspaces/${YEAR}/611">Pornainen ${YEAR}</a></h3>`));
    assert.match(t, /Tutorkunnat: Helsinki/);
    assert.match(t, /Seuraava tapaaminen \S+ \d+\.\d+\.\d{4} klo 10\.00/);
    assert.match(t, /Pidetyt tapaamiset 2 \(viimeisin/);
    assert.match(t, /Itsearviointi alku 7\/7, loppu 0\/7/);
    assert.doesNotMatch(h, /id="now"|id="ws-table"/, 'not the coordinator\'s view');
    const due = tableRows(h, 'due-table');
    assert.deepEqual(due.map((r) => r.cells[1]), ['Pornainen', 'Pornainen']);
    // The 2021 and the current workspace, and "the municipalities you support".
    assert.match(h, /<h2>Kunnat, joita tuet<\/h2>/);
    assert.doesNotMatch(h, /Kuntasi/);
  });
});

describe('a municipal coordinator\'s home', () => {
  it('shows their municipality\'s sparring, their own actions marked, and the self-assessment', async () => {
    const h = (await as.sanna.get('/fi/staff')).text;
    assert.match(h, /<h2 id="sparring">Kuntasi sparraus<\/h2>/);
    assert.match(h, /<h3 id="due">Sinun ja kuntasi toimenpiteet<\/h3>/);
    const due = tableRows(h, 'due-table');
    assert.match(due[0].cells[0], /^Kirjataan digituen vastuut kunnan toimintasuunnitelmaan sinun$/);
    assert.doesNotMatch(due[1].cells[0], /sinun/, 'Kalle Kokeilu\'s');
    assert.match(textOf(h), /Itsearviointi alku 7\/7, loppu 0\/7/);
    assert.match(h, /<h2>Kuntasi<\/h2>/);
  });
});

describe('a supporter\'s home', () => {
  it('has the events and no programme', async () => {
    const h = (await as.supporter.get('/fi/staff')).text;
    assert.doesNotMatch(h, /id="now"|id="sparring"|\/workspaces\//);
    assert.match(textOf(h), /Digitukiverkoston tapaaminen: vapaaehtoiset digiopastajat/);
    assert.doesNotMatch(h, /\/registrants"/, 'no registrant lists');
  });
});
