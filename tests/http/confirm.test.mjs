// Destructive actions are confirmed on a page of their own (#12 item 6):
// the page that offers one links (it does not post) to the GET of the
// action's address; that page names what is affected and what will
// happen, changes nothing, and holds a red "Yes, ..." button that posts to
// the same address and a link back. Submitting exactly the form the page
// holds - as a browser without JavaScript would - does the action.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
  addUser, createToken, signIn, snapshot, diffSnapshots, sqlite, PASSWORD_COST,
} from '../lib/auth.mjs';
import { addRegistration } from '../lib/att-fixtures.mjs';

let srv;
let coord;
let admin;
const sql = (s) => sqlite(srv.db, s).trim();

function day(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  assert.equal(diffSnapshots(before, await snapshot(srv.db)), '', 'the database changed');
  return out;
}

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/**
 * GETs the confirmation page at path and checks its shape: 200, not
 * stored, nothing changed, the subject, one form posting to the path with
 * a red button labelled `button` and a link back to `back`. Returns the
 * form's action and hidden fields.
 */
async function confirmPage(c, path, { title, button, back, subject }) {
  const res = await unchanged(() => c.get(path));
  assert.equal(res.status, 200, `${path}: ${res.text.slice(0, 300)}`);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(res.text, new RegExp(`<h1>${title}</h1>`));
  if (subject) assert.match(res.text, new RegExp(`class="confirm__subject"><strong[^>]*>${subject}`));
  const forms = [...res.text.matchAll(/<form method="post" action="([^"]*)" class="confirm__form">([\s\S]*?)<\/form>/g)];
  assert.equal(forms.length, 1, 'one confirmation form');
  const [, action, inner] = forms[0];
  assert.equal(decode(action), path.replace(/\?.*$/, ''), 'the form posts to the address it was asked at');
  assert.match(inner, new RegExp(`<button type="submit" class="button button--danger">${button}</button>`));
  assert.match(inner, new RegExp(`<a class="confirm__back" href="${back.replace(/[?]/g, '\\?')}">`));
  const fields = {};
  for (const m of inner.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[m[1]] = decode(m[2]);
  assert.ok(fields.csrf, 'the form carries the CSRF token');
  return { action: decode(action), fields };
}

/** Posts exactly what the confirmation page holds; expects a redirect. */
async function submit(c, page, location) {
  const res = await c.post(page.action, page.fields);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  if (location) assert.match(res.headers.location, location);
  return res;
}

/** The page that offers the action links to the confirmation page and has no form posting there. */
async function offers(c, pagePath, confirmPath) {
  const res = await c.get(pagePath);
  assert.equal(res.status, 200);
  const href = confirmPath.replace(/&/g, '&amp;').replace(/[?]/g, '\\?');
  assert.match(res.text, new RegExp(`<a [^>]*href="${href}"`), `${pagePath} links to ${confirmPath}`);
  assert.doesNotMatch(res.text, new RegExp(`<form method="post" action="${confirmPath.replace(/\?.*$/, '')}"`));
}

async function newEvent(title, { capacity = '50' } = {}) {
  const form = {
    kind: 'webinar', title_fi: title, title_sv: '', title_en: '',
    summary_fi: '', summary_sv: '', summary_en: '', description_fi: '', description_sv: '', description_en: '',
    start_date: day(40), start_time: '09:00', end_date: day(40), end_time: '12:00',
    place: '', platform: 'Teams', join_url: '', organiser: '', audience: 'public', languages: 'fi',
    capacity, registration_opens_date: '', registration_opens_time: '', registration_closes_date: '',
    registration_closes_time: '', group_max: '1', offer_hours: '24', reminder_hours: '24',
    consent_fi: '', consent_sv: '', consent_en: '',
  };
  const res = await coord.post('/fi/events', form);
  assert.equal(res.status, 303, res.text.slice(0, 500));
  const id = Number(/\/events\/(\d+)\//.exec(res.headers.location)[1]);
  assert.equal((await coord.post(`/fi/events/${id}/publish`, {})).status, 303);
  return id;
}

before(async () => {
  srv = await startServer({ args: PASSWORD_COST });
  const c = addUser(srv, 'confirm.coord@example.fi', 'coordinator', { name: 'Koordinaattori' });
  coord = await signIn(srv.url, c.email, c.password);
  const a = addUser(srv, 'confirm.admin@example.fi', 'admin', { name: 'Ylläpitäjä' });
  admin = await signIn(srv.url, a.email, a.password);
});

after(async () => { await srv?.stop(); });

describe('events', () => {
  it('cancelling an event: the count of those told, then the cancellation', async () => {
    const id = await newEvent('Peruttava webinaari');
    addRegistration(srv.db, { eventId: id, name: 'Aino Ilmoittautuja', email: 'aino@example.org' });
    await offers(coord, `/fi/events/${id}`, `/fi/events/${id}/cancel`);
    const page = await confirmPage(coord, `/fi/events/${id}/cancel`, {
      title: 'Peru tapahtuma', button: 'Kyllä, peru tapahtuma', back: `/fi/events/${id}`, subject: 'Peruttava webinaari',
    });
    const text = (await coord.get(`/fi/events/${id}/cancel`)).text;
    assert.match(text, /Varattuja paikkoja: 1\. Jonossa: 0\./);
    assert.match(text, /Peruttua tapahtumaa ei voi julkaista uudelleen\./);
    assert.equal(page.fields.confirm, '1');
    await submit(coord, page, new RegExp(`^/fi/events/${id}\\?done=cancelled$`));
    assert.equal(sql(`SELECT status FROM event WHERE id = ${id};`), 'cancelled');
    // Asked again, the page says why there is nothing to do, and offers no button.
    const again = await coord.get(`/fi/events/${id}/cancel`);
    assert.equal(again.status, 200);
    assert.match(again.text, /Tapahtuma on jo peruttu/);
    assert.doesNotMatch(again.text, /button--danger"/);
  });

  it('a past event: the page says it can no longer be cancelled', async () => {
    const res = await unchanged(() => coord.get('/sv/events/1/cancel'));
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /<form method="post"[^>]*class="confirm__form"/);
    assert.match(res.text, /<a href="\/sv\/events\/1">Nej, behåll evenemanget<\/a>/);
  });

  it('deleting an agenda item and removing a speaker', async () => {
    const id = await newEvent('Ohjelmallinen webinaari');
    let res = await coord.post(`/fi/events/${id}/agenda`, {
      kind: 'talk', date: day(40), start: '09:00', end: '09:30', track: '1', title_fi: 'Avaus',
      title_sv: '', title_en: '', description_fi: '', description_sv: '', description_en: '',
    });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const item = Number(/#item-(\d+)$/.exec(res.headers.location)[1]);
    res = await coord.post(`/fi/events/${id}/agenda/${item}/people`, { person: '1', role: 'speaker', position: '' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const back = `/fi/events/${id}/agenda#item-${item}`;
    await offers(coord, `/fi/events/${id}/agenda`, `/fi/events/${id}/agenda/${item}/people/remove?person=1`);
    let page = await confirmPage(coord, `/fi/events/${id}/agenda/${item}/people/remove?person=1`, {
      title: 'Poista henkilö ohjelmakohdasta', button: 'Kyllä, poista henkilö', back,
    });
    assert.equal(page.fields.person, '1');
    await submit(coord, page, /done=person-removed/);
    assert.equal(sql(`SELECT COUNT(*) FROM agenda_speaker WHERE item_id = ${item};`), '0');
    assert.equal((await coord.get(`/fi/events/${id}/agenda/${item}/people/remove?person=1`)).status, 404);

    await offers(coord, `/fi/events/${id}/agenda`, `/fi/events/${id}/agenda/${item}/delete`);
    page = await confirmPage(coord, `/fi/events/${id}/agenda/${item}/delete`, {
      title: 'Poista ohjelmakohta', button: 'Kyllä, poista ohjelmakohta', back, subject: 'Avaus',
    });
    await submit(coord, page, /done=deleted/);
    assert.equal(sql(`SELECT COUNT(*) FROM agenda_item WHERE id = ${item};`), '0');
  });
});

describe('registration', () => {
  it('an organiser cancelling a registration and removing one from the waiting list', async () => {
    // Full: with a free seat the offers job would offer it to the one
    // waiting while a page is checked for changing nothing.
    const id = await newEvent('Täysi webinaari', { capacity: '1' });
    const seat = addRegistration(srv.db, { eventId: id, name: 'Bertta Paikallinen', email: 'bertta@example.org' });
    const queued = addRegistration(srv.db, { eventId: id, name: 'Cecilia Jonottaja', email: 'cecilia@example.org', status: 'waiting' });
    const list = `/fi/events/${id}/registrants`;
    await offers(coord, list, `/fi/events/${id}/registrants/${seat.id}/cancel`);
    let page = await confirmPage(coord, `/en/events/${id}/registrants/${queued.id}/cancel`, {
      title: 'Remove from the waiting list', button: 'Yes, remove from the waiting list',
      back: `/en/events/${id}/registrants`, subject: 'Cecilia Jonottaja',
    });
    await submit(coord, page);
    assert.equal(sql(`SELECT status FROM registration WHERE id = ${queued.id};`), 'cancelled');
    page = await confirmPage(coord, `/fi/events/${id}/registrants/${seat.id}/cancel`, {
      title: 'Peru ilmoittautuminen', button: 'Kyllä, peru ilmoittautuminen', back: list, subject: 'Bertta Paikallinen',
    });
    await submit(coord, page, /done=cancelled/);
    assert.equal(sql(`SELECT status FROM registration WHERE id = ${seat.id};`), 'cancelled');
  });

  it('a registrant declining an offered seat, on the page behind their secret link', async () => {
    const id = await newEvent('Tarjottu webinaari');
    const reg = addRegistration(srv.db, { eventId: id, name: 'Dora Tarjottu', email: 'dora@example.org', status: 'offered' });
    sql(`UPDATE registration SET offer_expires_at = ${Math.floor(Date.now() / 1000) + 86400} WHERE id = ${reg.id};`);
    const visitor = new (coord.constructor)(srv.url);
    const back = `/fi/registrations/${reg.token}`;
    await offers(visitor, back, `${back}/decline`);
    const page = await confirmPage(visitor, `${back}/decline`, {
      title: 'Kieltäydy paikasta', button: 'Kyllä, kieltäydyn paikasta', back, subject: 'Tarjottu webinaari',
    });
    assert.equal((await visitor.get(`${back}/decline`)).headers['x-robots-tag'], 'noindex');
    await submit(visitor, page);
    assert.equal(sql(`SELECT status FROM registration WHERE id = ${reg.id};`), 'declined');
    // Asked again: nothing waits for an answer.
    const again = await visitor.get(`${back}/decline`);
    assert.doesNotMatch(again.text, /class="confirm__form"/);
    assert.match(again.text, /Sinulle ei ole tarjolla paikkaa/);
  });

  it('deleting a registration question', async () => {
    const id = await newEvent('Kysymyksellinen webinaari');
    const res = await coord.post(`/fi/events/${id}/questions`, {
      kind: 'yesno', label_fi: 'Tuletko paikan päälle?', label_sv: '', label_en: '', choices: '', required: '',
    });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const q = Number(sql(`SELECT MAX(id) FROM event_question WHERE event_id = ${id};`));
    await offers(coord, `/fi/events/${id}/questions`, `/fi/events/${id}/questions/${q}/delete`);
    const page = await confirmPage(coord, `/fi/events/${id}/questions/${q}/delete`, {
      title: 'Poista kysymys', button: 'Kyllä, poista kysymys', back: `/fi/events/${id}/questions`,
      subject: 'Tuletko paikan päälle\\?',
    });
    await submit(coord, page);
    assert.equal(sql(`SELECT COUNT(*) FROM event_question WHERE id = ${q};`), '0');
  });
});

describe('the network', () => {
  it('deleting an organisation and a person', async () => {
    let res = await coord.post('/fi/network/organisations', {
      kind: 'association', name_fi: 'Poistettava yhdistys', name_sv: '', name_en: '', municipality: '611', website: '',
    });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const org = Number(/organisations\/(\d+)/.exec(res.headers.location)[1]);
    res = await coord.post('/fi/network/people', {
      name: 'Poistettava Henkilö', title_fi: '', title_sv: '', title_en: '', organisation: String(org), email: '',
      'role-0': 'speaker', 'role-municipality-0': '',
    });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const person = Number(/people\/(\d+)/.exec(res.headers.location)[1]);

    // While someone belongs to it, the page says so and offers no button.
    res = await unchanged(() => coord.get(`/fi/network/organisations/${org}/delete`));
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /class="confirm__form"/);
    assert.match(res.text, /Organisaatiota ei voi poistaa/);

    await offers(coord, `/fi/network/people/${person}`, `/fi/network/people/${person}/delete`);
    let page = await confirmPage(coord, `/fi/network/people/${person}/delete`, {
      title: 'Poista henkilö', button: 'Kyllä, poista henkilö', back: `/fi/network/people/${person}`,
      subject: 'Poistettava Henkilö',
    });
    await submit(coord, page, /done=deleted/);
    assert.equal(sql(`SELECT COUNT(*) FROM person WHERE id = ${person};`), '0');

    await offers(coord, `/fi/network/organisations/${org}`, `/fi/network/organisations/${org}/delete`);
    page = await confirmPage(coord, `/fi/network/organisations/${org}/delete`, {
      title: 'Poista organisaatio', button: 'Kyllä, poista organisaatio', back: `/fi/network/organisations/${org}`,
      subject: 'Poistettava yhdistys',
    });
    await submit(coord, page, /done=deleted/);
    assert.equal(sql(`SELECT COUNT(*) FROM organisation WHERE id = ${org};`), '0');
  });

  it('removing a tutor pairing of a period', async () => {
    const path = '/fi/programme/periods/3/assignments/remove?tutor=106&municipality=858';
    await offers(coord, '/fi/programme/periods/3', path);
    const page = await confirmPage(coord, path, {
      title: 'Poista tutorointipari', button: 'Kyllä, poista pari', back: '/fi/programme/periods/3#assignments',
      subject: 'Hyvinkää → Tuusula',
    });
    assert.deepEqual([page.fields.tutor, page.fields.municipality], ['106', '858']);
    await submit(coord, page, /done=removed/);
    assert.equal((await coord.get(path)).status, 404, 'the pairing is gone');
  });
});

describe('news', () => {
  it('unpublishing and deleting a news post', async () => {
    await offers(coord, '/fi/staff/news/1', '/fi/staff/news/1/unpublish');
    let page = await confirmPage(coord, '/fi/staff/news/1/unpublish', {
      title: 'Peru uutisen julkaisu', button: 'Kyllä, peru uutisen julkaisu', back: '/fi/staff/news/1',
    });
    await submit(coord, page, /done=unpublished/);
    assert.equal(sql('SELECT status FROM news_post WHERE id = 1;'), 'draft');

    await offers(coord, '/fi/staff/news/1', '/fi/staff/news/1/delete');
    page = await confirmPage(coord, '/fi/staff/news/1/delete', {
      title: 'Poista uutinen', button: 'Kyllä, poista uutinen', back: '/fi/staff/news/1',
    });
    await submit(coord, page, /done=deleted/);
    assert.equal(sql('SELECT COUNT(*) FROM news_post WHERE id = 1;'), '0');
  });
});

describe('accounts', () => {
  it('deactivating and erasing an account, and never one\'s own', async () => {
    const v = addUser(srv, 'confirm.victim@example.fi', 'tutor', { scopes: ['091'], name: 'Tuuli Tutor' });
    const id = Number(sql("SELECT id FROM account WHERE email = 'confirm.victim@example.fi';"));
    const back = `/fi/admin/users/${id}`;
    await offers(admin, back, `/fi/admin/users/${id}/deactivate`);
    let page = await confirmPage(admin, `/fi/admin/users/${id}/deactivate`, {
      title: 'Poista tili käytöstä', button: 'Kyllä, poista tili käytöstä', back, subject: 'Tuuli Tutor',
    });
    await submit(admin, page, /done=deactivated/);
    assert.equal(sql(`SELECT active FROM account WHERE id = ${id};`), '0');

    await offers(admin, back, `/fi/admin/users/${id}/erase`);
    page = await confirmPage(admin, `/fi/admin/users/${id}/erase`, {
      title: 'Poista käyttäjätili', button: 'Kyllä, poista käyttäjätili pysyvästi', back, subject: 'Tuuli Tutor',
    });
    await submit(admin, page, /done=erased/);
    assert.equal(sql(`SELECT COUNT(*) FROM account WHERE email = ${"'" + v.email + "'"};`), '0');

    const self = Number(sql("SELECT id FROM account WHERE email = 'confirm.admin@example.fi';"));
    const res = await unchanged(() => admin.get(`/fi/admin/users/${self}/erase`));
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /class="confirm__form"/);
    assert.match(res.text, /Tämä on oma käyttäjätilisi/);
  });

  it('revoking one\'s own API token', async () => {
    createToken(srv, 'confirm.coord@example.fi', 'Raportointi');
    const id = Number(sql("SELECT MAX(t.id) FROM api_token t JOIN account a ON a.id = t.account_id WHERE a.email = 'confirm.coord@example.fi';"));
    await offers(coord, '/fi/account', `/fi/account/tokens/${id}/revoke`);
    const page = await confirmPage(coord, `/fi/account/tokens/${id}/revoke`, {
      title: 'Peru API-avain', button: 'Kyllä, peru avain', back: '/fi/account', subject: 'Raportointi',
    });
    await submit(coord, page, /done=revoked/);
    assert.notEqual(sql(`SELECT revoked_at FROM api_token WHERE id = ${id};`), '');
  });
});
