// The forms of events, registration, attendance and the survey on the form
// model (view/form.h): a form with several mistakes answers 400 once with
// all of them - a summary linking to each field, aria-invalid on each
// field, "Virhe:" first in the Finnish title - and writes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import {
  Client, addUser, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';
import { addRegistration } from '../lib/att-fixtures.mjs';

let srv;
let coord;
let eventId;
const sql = (s) => sqlite(srv.db, s).trim();
const now = () => Math.floor(Date.now() / 1000);

function day(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  assert.equal(diffSnapshots(before, await snapshot(srv.db)), '', 'the database changed');
  return out;
}

/** POST with repeated fields (arrays) and the client's csrf. */
function postForm(c, p, fields) {
  const params = new URLSearchParams();
  params.append('csrf', c.csrf ?? '');
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const x of v) params.append(k, x);
    else if (v !== undefined) params.append(k, v);
  }
  return c.req(p, { method: 'POST', body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** One 400 page naming every field of `fields` as the form model does. */
function assertMistakes(res, fields) {
  assert.equal(res.status, 400, res.text.slice(0, 300));
  assert.match(res.text, /<title>Virhe: /);
  assert.match(res.text, /class="error-summary"/);
  for (const f of fields) {
    assert.match(res.text, new RegExp(`<a href="#${f}">`), `summary link to ${f}`);
    assert.match(res.text, new RegExp(`<[^>]*\\bid="${f}"[^>]*aria-invalid="true"`), `aria-invalid on ${f}`);
    assert.match(res.text, new RegExp(`id="${f}-error"`), `the mistake at ${f}`);
  }
}

const eventForm = (over = {}) => ({
  kind: 'webinar', title_fi: 'Lomakkeiden testi', title_sv: '', title_en: '',
  summary_fi: '', summary_sv: '', summary_en: '', description_fi: '', description_sv: '', description_en: '',
  start_date: day(40), start_time: '09:00', end_date: day(40), end_time: '12:00',
  place: '', platform: 'Teams', join_url: '', organiser: '', audience: 'public', languages: ['fi'],
  capacity: '20', opens_date: '', opens_time: '', closes_date: '', closes_time: '',
  group_max: '3', offer_hours: '24', reminder_hours: '24', consent_fi: '', consent_sv: '', consent_en: '',
  ...over,
});

before(async () => {
  srv = await startServer({ args: PASSWORD_COST });
  const c = addUser(srv, `coord.${unique('ff')}@example.fi`, 'coordinator');
  coord = await signIn(srv.url, c.email, c.password);
  const res = await postForm(coord, '/fi/events', eventForm());
  assert.equal(res.status, 303);
  eventId = Number(/\/events\/(\d+)\//.exec(res.headers.location)[1]);
  assert.equal((await postForm(coord, `/fi/events/${eventId}/publish`, {})).status, 303);
});

after(async () => { await srv?.stop(); });

describe('organisers\' forms show every mistake at once', () => {
  it('the event form', async () => {
    const res = await unchanged(() => postForm(coord, '/fi/events', eventForm({
      title_fi: '', start_time: '25:00', capacity: 'many', group_max: '99',
    })));
    assertMistakes(res, ['title_fi', 'start_time', 'capacity', 'group_max']);
    assert.match(res.text, /value="many"/);
  });

  it('the cancellation of an event without its confirmation is asked on the confirmation page', async () => {
    const res = await unchanged(() => postForm(coord, `/fi/events/${eventId}/cancel`, {}));
    assert.equal(res.status, 400);
    assert.match(res.text, /<button type="submit" class="button button--danger">Kyllä, peru tapahtuma<\/button>/);
    assert.match(res.text, /name="confirm" value="1"/);
  });

  it('an agenda item', async () => {
    const res = await unchanged(() => postForm(coord, `/fi/events/${eventId}/agenda`, {
      kind: 'party', date: day(40), start: '09:00', end: '09:30', track: '0', title_fi: 'x'.repeat(201),
    }));
    assertMistakes(res, ['new-kind', 'new-track', 'new-title_fi']);
  });

  it('a person on an agenda item', async () => {
    const ok = await postForm(coord, `/fi/events/${eventId}/agenda`, {
      kind: 'talk', date: day(40), start: '09:00', end: '09:30', track: '1', title_fi: 'Avaus',
    });
    assert.equal(ok.status, 303);
    const item = Number(/#item-(\d+)$/.exec(ok.headers.location)[1]);
    const res = await unchanged(() => postForm(coord, `/fi/events/${eventId}/agenda/${item}/people`, {
      person: '', role: 'juggler', position: '0',
    }));
    assertMistakes(res, [`p${item}-person`, `p${item}-role`, `p${item}-position`]);
  });

  it('a new registration question and a change to one', async () => {
    let res = await unchanged(() => postForm(coord, `/fi/events/${eventId}/questions`, {
      kind: 'essay', label_fi: 'a\u0001b', choices: '', position: '5000',
    }));
    assertMistakes(res, ['kind', 'label_fi', 'position']);
    assert.equal((await postForm(coord, `/fi/events/${eventId}/questions`, { kind: 'text', label_fi: 'Toiveet?' })).status, 303);
    const qid = Number(sql(`SELECT id FROM event_question WHERE event_id = ${eventId}`));
    res = await unchanged(() => postForm(coord, `/fi/events/${eventId}/questions/${qid}`, {
      kind: 'choice', label_fi: 'Toiveet?', choices: 'vain yksi', position: '0',
    }));
    assertMistakes(res, [`q${qid}-choices`, `q${qid}-position`]);
  });

  it('the column mapping of a participant report', async () => {
    const boundary = `----f${randomBytes(8).toString('hex')}`;
    const csv = 'Name,Email\nMaija,maija@example.fi\n';
    const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${coord.csrf}\r\n`
      + `--${boundary}\r\nContent-Disposition: form-data; name="report"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`
      + `--${boundary}--\r\n`);
    const up = await coord.req(`/fi/events/${eventId}/attendance/import`, {
      method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(up.status, 303);
    const res = await unchanged(() => postForm(coord, up.headers.location, { email: '0', name: '0' }));
    assertMistakes(res, ['email', 'name']);
  });
});

describe('registrants\' forms show every mistake at once', () => {
  it('the registration form', async () => {
    const c = new Client(srv.url);
    const page = await c.get(`/fi/events/${eventId}/register`);
    assert.equal(page.status, 200);
    c.csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    const submission = /name="submission" value="([^"]+)"/.exec(page.text)[1];
    const res = await unchanged(() => c.post(`/fi/events/${eventId}/register`, {
      submission, name: '', email: 'ei osoite', group_size: '9',
    }));
    assertMistakes(res, ['name', 'email', 'group_size']);
  });

  it('changing a registration', async () => {
    const reg = addRegistration(srv.db, { eventId, name: 'Muuttaja', email: `m.${unique('m')}@example.fi` });
    const c = new Client(srv.url);
    const page = await c.get(`/fi/registrations/${reg.token}`);
    assert.equal(page.status, 200);
    c.csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    const res = await unchanged(() => c.post(`/fi/registrations/${reg.token}`, {
      name: '', organisation: 'o'.repeat(201), group_size: '99',
    }));
    assertMistakes(res, ['name', 'organisation', 'group_size']);
  });

  it('the survey after the event', async () => {
    const past = Number(sql(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status)
      VALUES (1, 'webinar', 'Mennyt', ${now() - 8 * 86400 - 3600}, ${now() - 8 * 86400}, 'published') RETURNING id;`));
    // (Ended eight days ago: past the thank-you window, so the background
    // job writes nothing for it during the "nothing changed" check.)
    const reg = addRegistration(srv.db, { eventId: past, name: 'Vastaaja', email: `v.${unique('v')}@example.fi` });
    const c = new Client(srv.url);
    const page = await c.get(`/fi/registrations/${reg.token}/feedback`);
    assert.equal(page.status, 200);
    c.csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    const res = await unchanged(() => c.post(`/fi/registrations/${reg.token}/feedback`, {
      rating: '9', recommend: '', comment: 'ä'.repeat(4001),
    }));
    assertMistakes(res, ['rating', 'recommend', 'comment']);
  });
});

// #12 item 18: a message names its field when several share it - the
// dates and times of the event form, the times of an agenda item - and
// each registration question's message names the question.
describe('each message names its field or question', () => {
  /** The summary's texts, by field id. */
  const summaryOf = (html) => Object.fromEntries([...(/<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '')
    .matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]));

  it('the event form: which date and which time', async () => {
    const res = await unchanged(() => postForm(coord, '/fi/events', eventForm({
      start_date: '32.1.2031', end_date: '2031-02-30', end_time: '9', opens_date: 'huomenna',
    })));
    assert.equal(res.status, 400);
    const s = summaryOf(res.text);
    assert.equal(s.start_date, 'Alkamispäivä: Kirjoita päivämäärä muodossa 2021-10-06.');
    assert.equal(s.end_date, 'Päättymispäivä: Kirjoita päivämäärä muodossa 2021-10-06.');
    assert.equal(s.opens_date, 'Ilmoittautumisen alkamispäivä: Kirjoita päivämäärä muodossa 2021-10-06.');
    // The same text at the field.
    assert.match(res.text, /<p class="field__error" id="start_date-error"><span class="visually-hidden">Virhe: <\/span>Alkamispäivä: Kirjoita päivämäärä/);
    const sv = await unchanged(() => postForm(coord, '/sv/events', eventForm({ start_date: 'x' })));
    assert.equal(summaryOf(sv.text).start_date, 'Startdatum: Skriv datumet i formen 2021-10-06.');
  });

  it('the registration form: every unanswered question by its name', async () => {
    const id = await (async () => {
      const r = await postForm(coord, '/fi/events', eventForm({ title_fi: 'Kysyvä tapahtuma' }));
      const eid = Number(/\/events\/(\d+)\//.exec(r.headers.location)[1]);
      for (const [label, kind, choices] of [['Missä työskentelet?', 'text', ''], ['Tuletko paikan päälle?', 'yesno', ''],
        ['Mikä aihe kiinnostaa?', 'choice', 'Pankkiasiat\nTerveyspalvelut']]) {
        assert.equal((await postForm(coord, `/fi/events/${eid}/questions`, {
          kind, label_fi: label, label_sv: '', label_en: '', choices, required: '1',
        })).status, 303);
      }
      assert.equal((await postForm(coord, `/fi/events/${eid}/publish`, {})).status, 303);
      return eid;
    })();
    const c = new Client(srv.url);
    const page = await c.get(`/fi/events/${id}/register`);
    c.csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    const submission = /name="submission" value="([^"]+)"/.exec(page.text)[1];
    const res = await unchanged(() => c.post(`/fi/events/${id}/register`, {
      submission, name: 'Kysytty', email: 'kysytty@example.fi', group_size: '1',
    }));
    assert.equal(res.status, 400);
    const texts = Object.values(summaryOf(res.text));
    assert.deepEqual(texts, ['Vastaa kysymykseen: Missä työskentelet?', 'Vastaa kysymykseen: Tuletko paikan päälle?',
      'Vastaa kysymykseen: Mikä aihe kiinnostaa?']);
  });
});
