// Trainings and their online tests (src/learning/training*.c) against the
// real binary, on either backend: the demo's "Digituen perusteet" with its
// 10-question test and session; a coordinator makes a training (every
// mistake at once, nothing written), its questions and a session (an
// event); a supporter enrols in the session - a registration of the
// events machinery, seat and waiting list included - takes the test in an
// order that stays the same on reload, is refused bad answers (unknown
// question or option ids, duplicates, two answers to a single-choice
// question, too many fields) with 400 and nothing written, fails, waits
// out the cool-down, runs out of attempts, and on passing is awarded the
// training's badge with its e-mail in the same transaction; the trainer's
// results and "completed" mark (which awards too); roles and CSRF.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, request } from '../lib/server.mjs';
import { spooledMessage } from '../lib/smtp-sink.mjs';
import {
  Client, addUser, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';
import { tokenFor } from '../lib/att-fixtures.mjs';

let srv;
const as = {};
const acct = {};
const q = (s) => sqlite(srv.db, s).trim();
const anon = () => new Client(srv.url);

async function unchanged(fn) {
  const before = snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** POSTs name/value pairs as written (a name may repeat). */
function postPairs(c, path, pairs, { csrf = true } = {}) {
  const all = csrf ? [['csrf', c.csrf], ...pairs] : pairs;
  return c.req(path, {
    method: 'POST',
    body: new URLSearchParams(all).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The option ids of a test page in the order shown, by question. */
function shownOrder(html) {
  return [...html.matchAll(/name="(q\d+)" value="(\d+)"/g)].map((m) => `${m[1]}=${m[2]}`);
}

/** The right answers of training t as pairs (wrong: the first wrong
 * option of each question instead, so none is right). */
function answers(t, { right = true } = {}) {
  const rows = q(`SELECT q.id, o.id, o.correct FROM training_question q JOIN training_option o ON o.question_id = q.id WHERE q.training_id = ${t} ORDER BY q.id, o.id;`)
    .split('\n').map((l) => l.split('|').map(Number));
  if (right) return rows.filter((r) => r[2] === 1).map((r) => [`q${r[0]}`, String(r[1])]);
  const out = new Map();
  for (const r of rows) if (r[2] === 0 && !out.has(r[0])) out.set(r[0], r[1]);
  return [...out].map(([qq, o]) => [`q${qq}`, String(o)]);
}

function trainingForm(fields = {}) {
  return {
    name_fi: 'Etäopastuksen koulutus', description_fi: 'Miten opastat asiakasta etäyhteydellä.',
    name_sv: '', description_sv: '', name_en: '', description_en: '',
    self_paced: '1', pass_percent: '100', max_attempts: '2', cooldown: '0', achievement: '1',
    ...fields,
  };
}

function questionForm(fields = {}) {
  const f = {
    q_text_fi: 'Mikä on etäopastuksen ensimmäinen askel?', q_explanation_fi: 'Yhteys ensin.',
    q_text_sv: '', q_explanation_sv: '', q_text_en: '', q_explanation_en: '', q_kind: 'single',
  };
  for (let i = 1; i <= 6; i++) Object.assign(f, { [`o${i}_fi`]: '', [`o${i}_sv`]: '', [`o${i}_en`]: '' });
  Object.assign(f, { o1_fi: 'Yhteyden avaaminen', o1_correct: '1', o2_fi: 'Salasanan kysyminen' });
  return { ...f, ...fields };
}

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('t')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('coordinator', 'coordinator');
  add('supporter', 'supporter');
  add('other', 'supporter');
  add('seated', 'supporter');
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('admin', 'admin');
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
});

after(async () => {
  await srv?.stop();
});

describe('the demo training', () => {
  it('"Digituen perusteet": 10 questions in fi/sv/en awarding the demo badge, a material, a session with enrolments', async () => {
    assert.equal(q("SELECT count(*) FROM training WHERE name_fi = 'Digituen perusteet' AND achievement_id = 1;"), '1');
    assert.equal(q("SELECT count(*) FROM training_question WHERE training_id = 1 AND text_fi <> '' AND text_sv <> '' AND text_en <> '' AND explanation_sv <> '';"), '10');
    assert.equal(q('SELECT count(*) FROM training_enrolment WHERE training_id = 1 AND registration_id IS NOT NULL;'), '2');
    const res = await as.supporter.get('/sv/staff/trainings/1');
    assert.equal(res.status, 200);
    assert.match(res.text, /Grunderna i digitalt stöd/);
    assert.match(res.text, /Utbildning: Grunderna i digitalt stöd/, 'the session, an event');
    assert.match(res.text, /Utbildning: Grunderna i digitalt stöd<\/span> · Hybridevenemang, [^<·]+, på nätet: Teams · /,
      'where the session is held: its kind, place and online platform');
    assert.match(res.text, /href="\/sv\/materials\/\d+"/, 'the material, from the library');
    const list = await as.supporter.get('/fi/staff/trainings');
    assert.equal(list.status, 200);
    assert.match(list.text, /href="\/fi\/staff\/trainings\/1">Digituen perusteet<\/a>/);
  });
});

describe('the badge of awards', () => {
  it('a language version that awards are written in cannot be removed', async () => {
    const form = {
      name_fi: 'Digituen perusteet', description_fi: 'Kuvaus.', criteria_fi: 'Kriteerit.',
      name_sv: 'Grunderna i digitalt stöd', description_sv: 'Beskrivning.', criteria_sv: 'Kriterier.',
      name_en: '', description_en: '', criteria_en: '', kind: 'Competency', tags_fi: 'digituki', tags_sv: '', tags_en: '', image: 'keep',
    };
    for (let i = 1; i <= 3; i++) Object.assign(form, { [`align_name_${i}`]: '', [`align_url_${i}`]: '', [`align_framework_${i}`]: '', [`align_code_${i}`]: '' });
    await unchanged(async () => {
      const res = await as.coordinator.post('/fi/staff/badges/1', form);
      assert.equal(res.status, 400);
      const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)[0];
      assert.ok(summary.includes('href="#name_en"'));
      assert.match(summary, /Tällä kielellä on myönnetty merkkejä/);
    });
  });
});

describe('the issuer keys', () => {
  it('an administrator makes a new signing key; the DID document keeps the old one', async () => {
    assert.equal((await as.coordinator.get('/fi/staff/badges/keys')).status, 403);
    await unchanged(async () => {
      assert.equal((await as.coordinator.post('/fi/staff/badges/keys', {})).status, 403);
      assert.equal((await as.admin.post('/fi/staff/badges/keys', { csrf: '' })).status, 403);
    });
    const did0 = JSON.parse((await request(`${srv.url}/.well-known/did.json`)).text);
    let res = await as.admin.get('/fi/staff/badges/keys');
    assert.equal(res.status, 200);
    assert.equal((res.text.match(/<code class="token">did:web:/g) ?? []).length, did0.verificationMethod.length);
    res = await as.admin.post('/fi/staff/badges/keys', {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/staff/badges/keys?done=rotated');
    const did1 = JSON.parse((await request(`${srv.url}/.well-known/did.json`)).text);
    assert.equal(did1.verificationMethod.length, did0.verificationMethod.length + 1);
    const oldIds = did0.verificationMethod.map((m) => m.id);
    for (const m of did0.verificationMethod) assert.deepEqual(did1.verificationMethod.find((x) => x.id === m.id), m, 'the old key stays');
    const added = did1.verificationMethod.filter((m) => !oldIds.includes(m.id));
    assert.equal(added.length, 1);
    // A credential is signed with the newest key from now on.
    const uuid = q("SELECT uuid FROM badge_award WHERE revoked_at IS NULL ORDER BY id LIMIT 1;");
    const jwt = (await request(`${srv.url}/badges/credentials/${uuid}/jwt`)).text.trim();
    const header = JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());
    assert.equal(header.kid, added[0].id);
    assert.equal(q("SELECT count(*) FROM audit_log WHERE action = 'badge.key-rotate';"), '1');
  });
});

describe('who may do what', () => {
  it('staff see trainings and take tests; making them and the results are for coordinators', async () => {
    for (const r of ['supporter', 'municipal', 'coordinator']) {
      for (const p of ['/fi/staff/trainings', '/fi/staff/trainings/1', '/en/staff/trainings/1/test']) {
        assert.equal((await as[r].get(p)).status, 200, `${r} ${p}`);
      }
    }
    assert.equal((await as.coordinator.get('/fi/staff/trainings/1/edit')).status, 200);
    assert.equal((await as.coordinator.get('/fi/staff/trainings/new')).status, 200);
    for (const r of ['supporter', 'municipal']) {
      assert.equal((await as[r].get('/fi/staff/trainings/1/edit')).status, 403, `${r}: the results`);
      assert.equal((await as[r].get('/fi/staff/trainings/new')).status, 403, r);
      await unchanged(async () => {
        assert.equal((await as[r].post('/fi/staff/trainings', trainingForm())).status, 403);
        assert.equal((await as[r].post('/fi/staff/trainings/1/questions', questionForm())).status, 403);
        assert.equal((await as[r].post('/fi/staff/trainings/1/complete', { enrolment: '1' })).status, 403);
        assert.equal((await as[r].post('/fi/staff/trainings/1/enrolments', { enrol_email: acct.other.email })).status, 403);
      });
    }
    const res = await anon().get('/fi/staff/trainings/1/test');
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/fi\/signin\?next=/);
    assert.equal((await as.supporter.get('/fi/staff/trainings/999999')).status, 404);
    assert.equal((await as.coordinator.get('/fi/staff/trainings/999999/edit')).status, 404);
  });

  it('a form without its CSRF token is refused and writes nothing', async () => {
    await unchanged(async () => {
      assert.equal((await as.supporter.post('/fi/staff/trainings/1/enrol', { session: '', csrf: '' })).status, 403);
      assert.equal((await as.supporter.post('/fi/staff/trainings/1/test', { csrf: 'wrong' })).status, 403);
      assert.equal((await as.coordinator.post('/fi/staff/trainings', { ...trainingForm(), csrf: '' })).status, 403);
    });
  });
});

describe('a training from start to badge', () => {
  let t;
  let event;

  it('the training form shows every mistake at once and writes nothing', async () => {
    await unchanged(async () => {
      const res = await as.coordinator.post('/fi/staff/trainings', trainingForm({
        name_fi: '', description_sv: 'Beskrivning utan namn', pass_percent: '101', max_attempts: 'x', cooldown: '-1', achievement: '999999',
      }));
      assert.equal(res.status, 400);
      assert.match(res.text, /<title>Virhe: /);
      const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)[0];
      for (const f of ['name_fi', 'name_sv', 'pass_percent', 'max_attempts', 'cooldown', 'achievement']) {
        assert.ok(summary.includes(`href="#${f}"`), `${f} in the summary`);
      }
      assert.ok(res.text.includes('Beskrivning utan namn'), 'kept as written');
    });
  });

  it('a coordinator makes it, with two questions and a session', async () => {
    let res = await as.coordinator.post('/fi/staff/trainings', trainingForm());
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    t = Number(/\/fi\/staff\/trainings\/(\d+)\/edit\?done=created$/.exec(res.headers.location)[1]);
    // A question with mistakes: nothing written.
    await unchanged(async () => {
      res = await as.coordinator.post(`/fi/staff/trainings/${t}/questions`, questionForm({ q_text_fi: '', o1_correct: undefined, o2_fi: '', q_kind: 'x' }));
      assert.equal(res.status, 400);
      const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)[0];
      for (const f of ['q_text_fi', 'q_kind', 'o1_fi']) assert.ok(summary.includes(`href="#${f}"`), f);
    });
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/questions`, questionForm());
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/questions`, questionForm({
      q_text_fi: 'Mitkä kuuluvat etäopastukseen?', q_kind: 'multiple',
      o1_fi: 'Kuvan jakaminen', o1_correct: '1', o2_fi: 'Äänen tarkistus', o2_correct: '1', o3_fi: 'Tunnusten kysyminen',
    }));
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT count(*) FROM training_question WHERE training_id = ${t};`), '2');
    // A third question, removed again after a page that asks first.
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/questions`, questionForm({ q_text_fi: 'Poistettava kysymys?' }));
    assert.equal(res.status, 303);
    const gone = q(`SELECT id FROM training_question WHERE training_id = ${t} AND text_fi = 'Poistettava kysymys?';`);
    res = await as.coordinator.get(`/fi/staff/trainings/${t}/edit`);
    assert.ok(res.text.includes(`href="/fi/staff/trainings/${t}/questions/${gone}/delete"`));
    res = await as.coordinator.get(`/fi/staff/trainings/${t}/questions/${gone}/delete`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Poistettava kysymys\?/);
    await unchanged(async () => {
      assert.equal((await as.supporter.post(`/fi/staff/trainings/${t}/questions/${gone}/delete`, {})).status, 403);
      assert.equal((await as.coordinator.post(`/fi/staff/trainings/1/questions/${gone}/delete`, {})).status, 404, 'not of that training');
    });
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/questions/${gone}/delete`, {});
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT (SELECT count(*) FROM training_question WHERE id = ${gone}) + (SELECT count(*) FROM training_option WHERE question_id = ${gone});`), '0');
    assert.equal(q(`SELECT count(*) FROM training_question WHERE training_id = ${t};`), '2');
    // Editing a question: its form comes filled in; a mistake writes
    // nothing; a save changes the texts in place, the options keep their
    // ids by position, a third option is added and, saved again with two,
    // removed.
    const qid = q(`SELECT min(id) FROM training_question WHERE training_id = ${t};`);
    const optIds = () => q(`SELECT id FROM training_option WHERE question_id = ${qid} ORDER BY position;`).split('\n');
    const before = optIds();
    res = await as.coordinator.get(`/fi/staff/trainings/${t}/edit`);
    assert.ok(res.text.includes(`href="/fi/staff/trainings/${t}/questions/${qid}"`), 'an edit link');
    res = await as.coordinator.get(`/fi/staff/trainings/${t}/questions/${qid}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<textarea[^>]*name="q_text_fi"[^>]*>Mikä on etäopastuksen ensimmäinen askel\?<\/textarea>/);
    assert.match(res.text, /name="o1_correct" value="1" checked/);
    await unchanged(async () => {
      res = await as.coordinator.post(`/fi/staff/trainings/${t}/questions/${qid}`, questionForm({ o1_correct: undefined }));
      assert.equal(res.status, 400);
      assert.match(res.text, /Mark at least one option right|Merkitse ainakin yksi vaihtoehto oikeaksi/);
      assert.equal((await as.supporter.post(`/fi/staff/trainings/${t}/questions/${qid}`, questionForm())).status, 403);
      assert.equal((await as.coordinator.post(`/fi/staff/trainings/1/questions/${qid}`, questionForm())).status, 404, 'not of that training');
    });
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/questions/${qid}`, questionForm({
      q_text_fi: 'Mitä teet ensin etäopastuksessa?', o3_fi: 'Kolmas vaihtoehto',
    }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/staff/trainings/${t}/edit?done=question-saved`);
    assert.equal(q(`SELECT text_fi FROM training_question WHERE id = ${qid};`), 'Mitä teet ensin etäopastuksessa?');
    const three = optIds();
    assert.equal(three.length, 3);
    assert.deepEqual(three.slice(0, 2), before, 'the options keep their ids');
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/questions/${qid}`, questionForm({ q_text_fi: 'Mitä teet ensin etäopastuksessa?' }));
    assert.equal(res.status, 303);
    assert.deepEqual(optIds(), before);
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'training.question-edit';`), '2');
    // A material of the library, by its address; an unknown one and one
    // linked already are refused with nothing written.
    const mat = q('SELECT min(id) FROM material;');
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/materials`, { material: `${srv.url}/fi/materials/${mat}?x=1` });
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    await unchanged(async () => {
      res = await as.coordinator.post(`/fi/staff/trainings/${t}/materials`, { material: mat });
      assert.equal(res.status, 409);
      for (const bad of ['999999', '/fi/materials/x', '']) {
        res = await as.coordinator.post(`/fi/staff/trainings/${t}/materials`, { material: bad });
        assert.equal(res.status, 400, bad);
        assert.ok(res.text.includes('href="#material"'), bad);
      }
    });
    // A second one: the edit page lists both in the order linked (their
    // titles read in one statement, materials_refs_of()).
    const mat2 = q('SELECT max(id) FROM material;');
    assert.notEqual(mat2, mat);
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/materials`, { material: mat2 });
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    const linked = (html) => [...html.matchAll(/href="\/fi\/materials\/(\d+)"/g)].map((m) => m[1]).filter((id, i, a) => a.indexOf(id) === i);
    assert.deepEqual(linked((await as.coordinator.get(`/fi/staff/trainings/${t}/edit`)).text), [mat, mat2]);
    // The session: the demo's staff event in ten days.
    event = Number(q('SELECT event_id FROM training_session WHERE training_id = 1;'));
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/sessions`, { event: String(event) });
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    await unchanged(async () => {
      res = await as.coordinator.post(`/fi/staff/trainings/${t}/sessions`, { event: String(event) });
      assert.equal(res.status, 409);
      res = await as.coordinator.post(`/fi/staff/trainings/${t}/sessions`, { event: '999999' });
      assert.equal(res.status, 400);
    });
  });

  it('a supporter enrols in the session: a registration of the event', async () => {
    await unchanged(async () => {
      const res = await as.supporter.post(`/fi/staff/trainings/${t}/enrol`, { session: '999999' });
      assert.equal(res.status, 400);
    });
    const before = Number(q(`SELECT count(*) FROM registration WHERE event_id = ${event};`));
    const res = await as.supporter.post(`/fi/staff/trainings/${t}/enrol`, { session: String(event) });
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    assert.equal(q(`SELECT r.status || '|' || r.email FROM training_enrolment e JOIN registration r ON r.id = e.registration_id WHERE e.training_id = ${t} AND e.account_id = ${acct.supporter.id};`),
      `confirmed|${acct.supporter.email.toLowerCase()}`);
    assert.equal(Number(q(`SELECT count(*) FROM registration WHERE event_id = ${event};`)), before + 1);
    const page = await as.supporter.get(`/fi/staff/trainings/${t}`);
    assert.match(page.text, /Sinulla on paikka\./);
    assert.match(page.text, /href="\/fi\/materials\/\d+"/, 'the linked material');
    assert.equal([...page.text.matchAll(/href="\/fi\/materials\/(\d+)"/g)].map((m) => m[1]).filter((id, i, a) => a.indexOf(id) === i).length, 2, 'both linked materials');
    // Enrolling again is refused, nothing written.
    await unchanged(async () => {
      const again = await as.supporter.post(`/fi/staff/trainings/${t}/enrol`, { session: '' });
      assert.equal(again.status, 409);
    });
  });

  it('a seat cancelled from the registration link can be taken again on the training page', async () => {
    const [reg, sub] = q(`SELECT r.id || '|' || r.submission FROM training_enrolment e JOIN registration r ON r.id = e.registration_id WHERE e.training_id = ${t} AND e.account_id = ${acct.supporter.id};`).split('|');
    const token = tokenFor(srv.db, event, sub);
    const link = anon();
    await link.loadCsrf(`/fi/registrations/${token}/cancel`);
    assert.equal((await link.post(`/fi/registrations/${token}/cancel`, {})).status, 303);
    assert.equal(q(`SELECT status FROM registration WHERE id = ${reg};`), 'cancelled');
    let page = await as.supporter.get(`/fi/staff/trainings/${t}`);
    assert.match(page.text, /Sinulla ei ole paikkaa tilaisuudessa\./);
    assert.match(page.text, /Varaa paikka tilaisuuteen/);
    assert.doesNotMatch(page.text, /id="session-self"/, 'enrolled already: a session, not one\'s own pace');
    const res = await as.supporter.post(`/fi/staff/trainings/${t}/enrol`, { session: String(event) });
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    const seat = q(`SELECT registration_id FROM training_enrolment WHERE training_id = ${t} AND account_id = ${acct.supporter.id};`);
    assert.notEqual(seat, reg);
    assert.equal(q(`SELECT status FROM registration WHERE id = ${seat};`), 'confirmed');
    page = await as.supporter.get(`/fi/staff/trainings/${t}`);
    assert.match(page.text, /Sinulla on paikka\./);
    assert.doesNotMatch(page.text, /Varaa paikka tilaisuuteen/);
    // With a seat again, enrolling is refused as before.
    await unchanged(async () => {
      assert.equal((await as.supporter.post(`/fi/staff/trainings/${t}/enrol`, { session: String(event) })).status, 409);
    });
  });

  it('withdrawing asks first, then frees the seat of the session', async () => {
    let res = await as.municipal.post(`/fi/staff/trainings/${t}/enrol`, { session: String(event) });
    assert.equal(res.status, 303);
    const reg = q(`SELECT registration_id FROM training_enrolment WHERE training_id = ${t} AND account_id = ${acct.municipal.id};`);
    res = await as.municipal.get(`/fi/staff/trainings/${t}`);
    assert.ok(res.text.includes(`href="/fi/staff/trainings/${t}/withdraw"`));
    res = await as.municipal.get(`/fi/staff/trainings/${t}/withdraw`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Kyllä, peru osallistumiseni/);
    res = await as.municipal.post(`/fi/staff/trainings/${t}/withdraw`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/staff/trainings/${t}?done=withdrawn`);
    assert.equal(q(`SELECT status FROM registration WHERE id = ${reg};`), 'cancelled');
    assert.equal(q(`SELECT count(*) FROM training_enrolment WHERE training_id = ${t} AND account_id = ${acct.municipal.id};`), '0');
    await unchanged(async () => {
      res = await as.municipal.post(`/fi/staff/trainings/${t}/withdraw`, {});
      assert.equal(res.status, 409);
    });
  });

  it('withdrawn with a test under way: the answers wait for a new enrolment, nothing written', async () => {
    assert.equal((await as.municipal.post(`/fi/staff/trainings/${t}/enrol`, { session: '' })).status, 303);
    assert.equal((await as.municipal.post(`/fi/staff/trainings/${t}/test`, {})).status, 303);
    assert.equal((await as.municipal.post(`/fi/staff/trainings/${t}/withdraw`, {})).status, 303);
    await unchanged(async () => {
      const page = await as.municipal.get(`/fi/staff/trainings/${t}/test`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Ilmoittaudu ensin koulutukseen ja tee sitten sen testi\./);
      assert.doesNotMatch(page.text, /name="q\d+"/, 'no questions to answer');
      const res = await postPairs(as.municipal, `/fi/staff/trainings/${t}/test/answers`, answers(t));
      assert.equal(res.status, 409);
      assert.match(res.text, /Ilmoittaudu ensin koulutukseen/);
    });
  });

  it('a full session puts the enrolment on the waiting list, and a withdrawal offers the seat', async () => {
    const capacity = q(`SELECT capacity FROM event WHERE id = ${event};`);
    const taken = Number(q(`SELECT COALESCE(SUM(group_size), 0) FROM registration WHERE event_id = ${event} AND status IN ('confirmed', 'offered');`));
    const seatOf = (a) => q(`SELECT r.status FROM training_enrolment e JOIN registration r ON r.id = e.registration_id WHERE e.training_id = ${t} AND e.account_id = ${a.id};`);
    q(`UPDATE event SET capacity = ${taken + 1} WHERE id = ${event};`);
    try {
      assert.equal((await as.seated.post(`/fi/staff/trainings/${t}/enrol`, { session: String(event) })).status, 303);
      assert.equal(seatOf(acct.seated), 'confirmed', 'the last seat');
      let page = await as.municipal.get(`/fi/staff/trainings/${t}`);
      assert.match(page.text, /täynnä: pääset jonoon/);
      assert.equal((await as.municipal.post(`/fi/staff/trainings/${t}/enrol`, { session: String(event) })).status, 303);
      assert.equal(seatOf(acct.municipal), 'waiting', 'the waiting list of the event');
      page = await as.municipal.get(`/fi/staff/trainings/${t}`);
      assert.match(page.text, /Olet jonossa\./);
      assert.equal((await as.seated.post(`/fi/staff/trainings/${t}/withdraw`, {})).status, 303);
      assert.equal(seatOf(acct.municipal), 'offered', "the freed seat offered by the events module's offers");
      page = await as.municipal.get(`/fi/staff/trainings/${t}`);
      assert.match(page.text, /Sinulle tarjotaan paikkaa: ota se vastaan sähköpostisi linkistä\./);
    } finally {
      q(`UPDATE event SET capacity = ${capacity} WHERE id = ${event};`);
    }
  });

  it('the test keeps its order on reload; bad answers are refused with nothing written', async () => {
    let res = await as.supporter.post(`/fi/staff/trainings/${t}/test`, {});
    assert.equal(res.status, 303);
    const page1 = await as.supporter.get(`/fi/staff/trainings/${t}/test`);
    const page2 = await as.supporter.get(`/fi/staff/trainings/${t}/test`);
    assert.equal(page1.status, 200);
    assert.deepEqual(shownOrder(page1.text), shownOrder(page2.text));
    assert.equal(shownOrder(page1.text).length, 5);
    assert.match(page1.text, /<fieldset class="field" id="q\d+">\s*<legend>1\. /);
    const right = answers(t);
    const [q1] = right;
    const other = q(`SELECT min(o.id) FROM training_option o JOIN training_question q ON q.id = o.question_id WHERE q.training_id = 1;`);
    const single = q(`SELECT 'q' || id FROM training_question WHERE training_id = ${t} AND multiple = 0;`);
    const singleOpts = q(`SELECT o.id FROM training_option o JOIN training_question q ON q.id = o.question_id WHERE q.training_id = ${t} AND q.multiple = 0 ORDER BY o.id;`).split('\n');
    const bad = [
      ['an unknown question', [...right, ['q999999', '1']]],
      ['an option of another training', [...right.slice(1), [q1[0], other]]],
      ['an unknown field', [...right, ['name', 'x']]],
      ['a duplicate', [...right, q1]],
      ['two answers to a single choice', [...right.filter((p) => p[0] !== single), [single, singleOpts[0]], [single, singleOpts[1]]]],
      ['too many fields', [...right, ...Array.from({ length: 10 }, () => ['x', 'y'])]],
      ['a value that is no id', [...right.slice(1), [q1[0], '01']]],
    ];
    await unchanged(async () => {
      for (const [what, pairs] of bad) {
        res = await postPairs(as.supporter, `/fi/staff/trainings/${t}/test/answers`, pairs);
        assert.equal(res.status, 400, what);
        assert.match(res.text, /Mitään ei tallennettu/, what);
      }
      // A question left unanswered: the form again, the mistake named.
      res = await postPairs(as.supporter, `/fi/staff/trainings/${t}/test/answers`, right.filter((p) => p[0] !== single));
      assert.equal(res.status, 400);
      assert.match(res.text, /<title>Virhe: /);
      assert.ok(res.text.includes(`href="#${single}"`), 'the unanswered question in the summary');
      assert.match(res.text, /Valitse kysymykseen vastaus\. Vastaa kysymykseen|Valitse kysymykseen vastaus/);
    });
  });

  it('a failed attempt: the result with explanations, then no attempts left', async () => {
    let res = await postPairs(as.supporter, `/fi/staff/trainings/${t}/test/answers`, answers(t, { right: false }));
    assert.equal(res.status, 303);
    res = await as.supporter.get(`/fi/staff/trainings/${t}/test/result`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Oikeita vastauksia: 0 \/ 2/);
    assert.match(res.text, /Et läpäissyt testiä/);
    assert.match(res.text, /Selitys: Yhteys ensin\./);
    assert.equal(q(`SELECT count(*) FROM training_answer a JOIN training_attempt t ON t.id = a.attempt_id WHERE t.training_id = ${t};`), '2');
  });

  it('passing awards the badge with its e-mail, in the same transaction', async () => {
    let res = await as.supporter.post(`/fi/staff/trainings/${t}/test`, {});
    assert.equal(res.status, 303);
    res = await postPairs(as.supporter, `/fi/staff/trainings/${t}/test/answers`, answers(t));
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT completed_via || '|' || CASE WHEN award_id IS NULL THEN 0 ELSE 1 END FROM training_enrolment WHERE training_id = ${t} AND account_id = ${acct.supporter.id};`), 'test|1');
    const uuid = q(`SELECT w.uuid FROM badge_award w JOIN training_enrolment e ON e.award_id = w.id WHERE e.training_id = ${t} AND e.account_id = ${acct.supporter.id};`);
    // Queued by the answer's own transaction (there at its 303); what was
    // sent links the badge (the outbox keeps no body once sent).
    assert.equal(q(`SELECT count(*) FROM mail_outbox WHERE to_addr = '${acct.supporter.email.toLowerCase()}' AND subject = 'Osaamismerkki: Digituen perusteet';`), '1');
    const mail = await spooledMessage(path.join(srv.dir, 'mail'), acct.supporter.email, { subject: 'Osaamismerkki: Digituen perusteet' });
    assert.ok(mail.text.includes(`/badges/${uuid}`), mail.text);
    res = await as.supporter.get(`/fi/staff/trainings/${t}/test/result`);
    assert.match(res.text, /Läpäisit testin\./);
    assert.ok(res.text.includes(`href="/fi/badges/${uuid}"`));
    const verify = await request(`${srv.url}/fi/badges/${uuid}`);
    assert.equal(verify.status, 200);
    assert.match(verify.text, /The supporter/);
    // Completed: the enrolment stays.
    res = await as.supporter.get(`/fi/staff/trainings/${t}/withdraw`);
    assert.match(res.text, /Olet suorittanut koulutuksen: ilmoittautumisesi ja osaamismerkkisi säilyvät\./);
    assert.ok(!res.text.includes('Kyllä, peru osallistumiseni'));
    // Passed: no more attempts.
    await unchanged(async () => {
      assert.equal((await as.supporter.post(`/fi/staff/trainings/${t}/withdraw`, {})).status, 409);
      res = await as.supporter.post(`/fi/staff/trainings/${t}/test`, {});
      assert.equal(res.status, 409);
      res = await postPairs(as.supporter, `/fi/staff/trainings/${t}/test/answers`, answers(t));
      assert.equal(res.status, 409);
    });
  });

  it('attempts run out, and a cool-down holds the next one', async () => {
    // Another staff member, enrolled by the coordinator, self-paced.
    let res = await as.coordinator.post(`/fi/staff/trainings/${t}/enrolments`, { enrol_email: acct.other.email, enrol_session: '' });
    assert.equal(res.status, 303, res.text.slice(0, 1500));
    await unchanged(async () => {
      res = await as.coordinator.post(`/fi/staff/trainings/${t}/enrolments`, { enrol_email: 'nobody@example.fi', enrol_session: '' });
      assert.equal(res.status, 400);
    });
    for (let i = 0; i < 2; i++) {
      assert.equal((await as.other.post(`/fi/staff/trainings/${t}/test`, {})).status, 303);
      assert.equal((await postPairs(as.other, `/fi/staff/trainings/${t}/test/answers`, answers(t, { right: false }))).status, 303);
    }
    await unchanged(async () => {
      res = await as.other.post(`/fi/staff/trainings/${t}/test`, {});
      assert.equal(res.status, 409);
      assert.match(res.text, /Olet käyttänyt kaikki yrityskertasi/);
    });
    // The demo training has a pause of an hour after a failed attempt.
    assert.equal((await as.other.post('/fi/staff/trainings/1/enrol', { session: '' })).status, 303);
    assert.equal((await as.other.post('/fi/staff/trainings/1/test', {})).status, 303);
    assert.equal((await postPairs(as.other, '/fi/staff/trainings/1/test/answers', answers(1, { right: false }))).status, 303);
    await unchanged(async () => {
      res = await as.other.post('/fi/staff/trainings/1/test', {});
      assert.equal(res.status, 409);
      assert.match(res.text, /Voit yrittää testiä uudelleen tauon jälkeen/);
    });
  });

  it('the trainer sees the results and marks a completion, which awards the badge', async () => {
    let res = await as.coordinator.get(`/fi/staff/trainings/${t}/edit`);
    assert.equal(res.status, 200);
    assert.match(res.text, /The supporter<\/th>\s*<td>2<\/td>\s*<td>2 \/ 2<\/td>/);
    // A question added after the attempts: the best result stays out of
    // the questions that attempt had.
    assert.equal((await as.coordinator.post(`/fi/staff/trainings/${t}/questions`, questionForm({ q_text_fi: 'Myöhempi kysymys?' }))).status, 303);
    res = await as.coordinator.get(`/fi/staff/trainings/${t}/edit`);
    assert.match(res.text, /The supporter<\/th>\s*<td>2<\/td>\s*<td>2 \/ 2<\/td>/);
    assert.match(res.text, /The other<\/th>\s*<td>2<\/td>\s*<td>0 \/ 2<\/td>/);
    const later = q(`SELECT id FROM training_question WHERE training_id = ${t} AND text_fi = 'Myöhempi kysymys?';`);
    assert.equal((await as.coordinator.post(`/fi/staff/trainings/${t}/questions/${later}/delete`, {})).status, 303);
    // The trainer makes the other option the right one: the supporter's
    // passed result still says each question was right, as its score
    // counted (the verdicts are stored with the answers), until changed back.
    const verdicts = async () => {
      const page = (await as.supporter.get(`/fi/staff/trainings/${t}/test/result`)).text;
      return [(page.match(/<strong>Oikein<\/strong>/g) || []).length, (page.match(/<strong>Väärin<\/strong>/g) || []).length];
    };
    assert.deepEqual(await verdicts(), [2, 0]);
    const first = q(`SELECT min(id) FROM training_question WHERE training_id = ${t};`);
    const firstForm = { q_text_fi: 'Mitä teet ensin etäopastuksessa?' };
    assert.equal((await as.coordinator.post(`/fi/staff/trainings/${t}/questions/${first}`, questionForm({ ...firstForm, o1_correct: undefined, o2_correct: '1' }))).status, 303);
    assert.deepEqual(await verdicts(), [2, 0]);
    assert.match((await as.supporter.get(`/fi/staff/trainings/${t}/test/result`)).text, /Oikeita vastauksia: 2 \/ 2/);
    assert.equal((await as.coordinator.post(`/fi/staff/trainings/${t}/questions/${first}`, questionForm(firstForm))).status, 303);
    const e = q(`SELECT id FROM training_enrolment WHERE training_id = ${t} AND account_id = ${acct.other.id};`);
    const mine = q(`SELECT id FROM training_enrolment WHERE training_id = ${t} AND account_id = ${acct.supporter.id};`);
    await unchanged(async () => {
      assert.equal((await as.coordinator.post(`/fi/staff/trainings/${t}/complete`, { enrolment: mine })).status, 409);
      assert.equal((await as.coordinator.post(`/fi/staff/trainings/${t}/complete`, { enrolment: '999999' })).status, 400);
    });
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/complete`, { enrolment: e });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT completed_via || '|' || CASE WHEN award_id IS NULL THEN 0 ELSE 1 END FROM training_enrolment WHERE id = ${e};`), 'trainer|1');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'training.complete' AND object_id = '${e}';`), '1');
  });

  it('the results come 100 enrolments a page; a completion past the first page is marked too', async () => {
    // 101 more enrolments, of accounts made for them.
    const n0 = Number(q(`SELECT count(*) FROM training_enrolment WHERE training_id = ${t};`));
    q(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 101)
      INSERT INTO account (email, name, role, lang, created_at) SELECT 'many' || i || '.${t}@example.fi', 'Monta ' || i,
      'supporter', 'fi', 1 FROM n;`);
    q(`INSERT INTO training_enrolment (training_id, account_id, name, enrolled_at) SELECT ${t}, id, name, 1 FROM account
      WHERE email LIKE 'many%.${t}@example.fi';`);
    const total = n0 + 101;
    let res = await as.coordinator.get(`/fi/staff/trainings/${t}/edit`);
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(`Ilmoittautuneet: ${total}</caption>`) || res.text.includes(`: ${total}</caption>`), 'the caption counts them all');
    const rows = (html) => (html.match(/<tr>\s*<th scope="row">/g) ?? []).length;
    assert.equal(rows(res.text), 100);
    const next = /<a rel="next" href="([^"]+)">/.exec(res.text);
    assert.ok(next, 'a link to the next page');
    res = await as.coordinator.get(next[1].replace(/&amp;/g, '&'));
    assert.equal(res.status, 200);
    assert.equal(rows(res.text), total - 100);
    assert.doesNotMatch(res.text, /rel="next"/);
    assert.match(res.text, /href="\/fi\/staff\/trainings\/\d+\/edit#enrolments"/, 'a link back to the first page');
    const last = q(`SELECT max(id) FROM training_enrolment WHERE training_id = ${t};`);
    res = await as.coordinator.post(`/fi/staff/trainings/${t}/complete`, { enrolment: last });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT completed_via FROM training_enrolment WHERE id = ${last};`), 'trainer');
  });

  it('export lists the enrolments and attempts; erasure deletes them', async () => {
    let res = await as.other.get('/fi/account/export');
    assert.equal(res.status, 200);
    const doc = JSON.parse(res.text);
    assert.ok(doc.training_enrolments.some((e) => e.training === 'Etäopastuksen koulutus' && e.completed_by === 'trainer'));
    assert.equal(doc.training_test_attempts.filter((a) => a.training === 'Etäopastuksen koulutus').length, 2);
    const id = acct.other.id;
    await as.admin.loadCsrf(`/fi/admin/users/${id}/erase`);
    res = await as.admin.post(`/fi/admin/users/${id}/erase`, {});
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(q(`SELECT (SELECT count(*) FROM training_enrolment WHERE account_id = ${id}) + (SELECT count(*) FROM training_attempt WHERE account_id = ${id});`), '0');
  });
});
