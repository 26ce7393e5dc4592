// Attendance against the real binary: the registrant's check-in QR image,
// staff check-in from the code's URL (idempotent, undo, audit), name search
// with Finnish folding, the webinar participant report (Teams' UTF-16LE
// with its summary section, Zoom's CSV): upload, column mapping, preview,
// import in one transaction, re-import without double counting, bad files
// and bad mappings refused with nothing written; the figures and
// event.attendees on the public page; the CSV exports (BOM, separator,
// formula injection neutralised, answers); roles.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer, request } from '../lib/server.mjs';
import {
  Client, addUser, signIn, sqlite, q, unique, snapshot, diffSnapshots,
} from '../lib/auth.mjs';
import { addRegistration, checkinCode } from '../lib/att-fixtures.mjs';

let srv;
let coord;
let admin;
let supporter;
let tutor;
let pastId;
const regs = {};
const sql = (s) => sqlite(srv.db, s).trim();
const textOf = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
  .replace(/\s+/g, ' ');

async function unchanged(fn) {
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** UTF-16LE with a byte-order mark, as Teams saves its reports. */
const utf16 = (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

/** A multipart/form-data body with the client's csrf and one file. */
function multipart(c, fields, file) {
  const boundary = `----att${randomBytes(8).toString('hex')}`;
  const parts = [];
  const all = { csrf: c.csrf, ...fields };
  for (const [k, v] of Object.entries(all)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(file.data);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

function upload(c, eventId, data, name = 'report.csv') {
  const mp = multipart(c, {}, data === null ? null : { field: 'report', name, data });
  return c.req(`/fi/events/${eventId}/attendance/import`, {
    method: 'POST', body: mp.body, headers: { 'content-type': mp.type },
  });
}

const teams = (rows) => [
  '1. Summary',
  'Meeting title\tDigituen verkostot',
  `Attended participants\t${rows.length}`,
  '',
  '2. Participants',
  'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
  ...rows.map(([n, e]) => `${n}\t6.10.2021 9.00.05\t6.10.2021 12.00.00\t2h 59m\t${e}\t${e}\tAttendee`),
  '',
  '3. In-Meeting Activities',
  'Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole',
  ...rows.map(([n, e]) => `${n}\t6.10.2021 9.00.05\t6.10.2021 12.00.00\t2h 59m\t${e}\tAttendee`),
].join('\r\n') + '\r\n';

before(async () => {
  srv = await startServer({ args: ['--password-cost', 'interactive', '--base-url', 'https://tuki.example.fi'] });
  const mk = async (role, opts = {}) => {
    const u = addUser(srv, `${role}.${unique('a')}@example.fi`, role, opts);
    return signIn(srv.url, u.email, u.password);
  };
  coord = await mk('coordinator');
  admin = await mk('admin');
  supporter = await mk('supporter');
  tutor = await mk('tutor', { scopes: ['611'] });
  // A past on-site event of the demo region. It ended eight days ago, past
  // the thank-you window (7 days): the background job then sends nothing
  // for it, so it never writes during the "nothing changed" checks below
  // (it did, now and then, on a busy machine).
  const ended = Math.floor(Date.now() / 1000) - 8 * 86400;
  pastId = Number(sql(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, place, capacity)
    VALUES (1, 'on-site', 'Digikahvila', ${ended - 3600}, ${ended}, 'published', 'Kirjasto', 50)
    RETURNING id;`));
  const add = (key, eventId, name, email, extra = {}) => {
    regs[key] = addRegistration(srv.db, { eventId, name, email, ...extra });
  };
  add('anna', pastId, 'Anna-Liisa Mäkinen', 'anna-liisa.makinen@example.fi', { organisation: 'Pornaisten kirjasto' });
  add('bjorn', pastId, 'Björn Sjöström', 'bjorn@example.fi', { groupSize: 3, lang: 'sv' });
  add('formula', pastId, '=HYPERLINK("http://evil.example","x")', 'formula@example.fi', { organisation: '+358 40 1234567' });
  add('waiting', pastId, 'Odottava Olli', 'olli@example.fi', { status: 'waiting' });
  add('web1', 2, 'Maija Meikäläinen', 'Maija.Meikalainen@Example.fi');
  add('web2', 2, 'Pekka Virtanen', 'pekka@example.fi');
  add('web3', 2, 'Ei Tullut', 'ei@example.fi');
});

after(async () => { await srv?.stop(); });

describe('the QR image', () => {
  it('encodes the staff check-in URL for a confirmed registration', async () => {
    const res = await request(`${srv.url}/fi/registrations/${regs.anna.token}/qr.svg`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'image/svg+xml; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const [, w, h] = /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) (\d+)"/.exec(res.text);
    const size = Number(w);
    // The symbol, then a line for the code written out.
    assert.equal(Number(h), size + 5);
    // QR sizes are 21 + 4k modules, with a quiet zone of 4 on each side.
    assert.equal((size - 8 - 21) % 4, 0);
    assert.match(res.text, /role="img" aria-labelledby="qr-t"/);
    const [, code] = /<title id="qr-t">Saapumiskoodi ([0-9A-Z]{10})<\/title>/.exec(res.text);
    assert.ok(res.text.includes(`>${code.slice(0, 5)} ${code.slice(5)}</text>`), 'the code written under the symbol');
    const modules = res.text.match(/M\d+ \d+h1v1h-1z/g).length;
    assert.ok(modules > 200, `${modules} dark modules`);
    assert.ok(!res.text.includes(regs.anna.token), 'the token is not in the image');
  });

  it('is 404 for the waiting list, unknown and malformed tokens', async () => {
    for (const t of [regs.waiting.token, 'A'.repeat(43), 'nope']) {
      const res = await request(`${srv.url}/fi/registrations/${t}/qr.svg`);
      assert.equal(res.status, 404, t);
    }
  });
});

describe('check-in', () => {
  it('shows the person to staff and checks them in once', async () => {
    const code = await checkinCode(srv.url, regs.anna.token);
    const page = await coord.get(`/fi/events/${pastId}/checkin/${code}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /Anna-Liisa Mäkinen/);
    assert.match(textOf(page.text), /Pornaisten kirjasto/);
    let res = await coord.post(`/fi/events/${pastId}/checkin/${code}`, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/events/${pastId}/checkin/${code}?done=1`);
    const t1 = sql(`SELECT checked_in_at FROM registration WHERE id = ${regs.anna.id}`);
    assert.match(t1, /^\d+$/);
    // Pressing again (a second scan) keeps the first time.
    res = await admin.post(`/fi/events/${pastId}/checkin/${code}`, {});
    assert.equal(res.status, 303);
    assert.equal(sql(`SELECT checked_in_at FROM registration WHERE id = ${regs.anna.id}`), t1);
    assert.equal(sql(`SELECT attendees FROM event WHERE id = ${pastId}`), '1');
    assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'event.checkin' AND object_id = '${regs.anna.id}'`), '2');
    assert.ok(!sql(`SELECT detail FROM audit_log WHERE action = 'event.checkin'`).includes('Anna'), 'no names in the audit log');
    const done = await coord.get(`/fi/events/${pastId}/checkin/${code}?done=1`);
    assert.match(textOf(done.text), /Merkitty saapuneeksi\./);
    // The public page of the past event shows the figure.
    const pub = await request(`${srv.url}/fi/events/${pastId}`);
    assert.equal(pub.status, 200);
    assert.match(textOf(pub.text), /Osallistujia 1|Osallistujat 1|1 osallistuj/i);
  });

  it('undoes a check-in', async () => {
    const code = await checkinCode(srv.url, regs.anna.token);
    const res = await coord.post(`/fi/events/${pastId}/checkin/${code}`, { undo: '1' });
    assert.equal(res.status, 303);
    assert.equal(sql(`SELECT checked_in_at IS NULL FROM registration WHERE id = ${regs.anna.id}`), '1');
    assert.equal(sql(`SELECT attendees IS NULL FROM event WHERE id = ${pastId}`), '1');
    assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'event.checkin-undo'"), '1');
  });

  it('refuses unknown codes, codes of another event and other roles, writing nothing', async () => {
    const code = await checkinCode(srv.url, regs.anna.token);
    const webCode = await checkinCode(srv.url, regs.web1.token);
    await unchanged(async () => {
      for (const c of ['0000000000', 'abcdefghij', 'SHORT', `${code}X`, webCode]) {
        assert.equal((await coord.get(`/fi/events/${pastId}/checkin/${c}`)).status, 404, c);
        assert.equal((await coord.post(`/fi/events/${pastId}/checkin/${c}`, {})).status, 404, c);
      }
      assert.equal((await coord.post(`/fi/events/99999/checkin/${code}`, {})).status, 404);
      assert.equal((await supporter.get(`/fi/events/${pastId}/checkin/${code}`)).status, 403);
      assert.equal((await supporter.post(`/fi/events/${pastId}/checkin/${code}`, {})).status, 403);
      assert.equal((await tutor.post(`/fi/events/${pastId}/checkin/${code}`, {})).status, 403);
      const anon = await request(`${srv.url}/fi/events/${pastId}/checkin/${code}`);
      assert.equal(anon.status, 303);
      assert.match(anon.headers.location, /^\/fi\/signin\?next=/);
      // Without the form token.
      assert.equal((await coord.post(`/fi/events/${pastId}/checkin/${code}`, { csrf: 'x' })).status, 403);
    });
  });

  it('finds people by name as Finnish users type them, and checks in from the list', async () => {
    const list = async (qs) => textOf((await coord.get(`/fi/events/${pastId}/attendance?q=${encodeURIComponent(qs)}`)).text);
    assert.match(await list('makinen'), /Anna-Liisa Mäkinen/);
    assert.match(await list('MÄKI anna'), /Anna-Liisa Mäkinen/);
    assert.match(await list('anna liisa'), /Anna-Liisa Mäkinen/);
    const sj = await list('sjostrom');
    assert.match(sj, /Björn Sjöström/);
    assert.doesNotMatch(sj, /Anna-Liisa/);
    assert.match(await list('kirjasto'), /Anna-Liisa Mäkinen/);
    assert.match(await list('zzzz'), /Haulla ei löytynyt ketään/);
    assert.doesNotMatch(await list(''), /Odottava Olli/, 'only confirmed seats are listed');
    const code = await checkinCode(srv.url, regs.bjorn.token);
    assert.match(await list(code.slice(0, 6)), /Björn Sjöström/);
    // As written under the QR symbol, typed in lower case.
    assert.match(await list(`${code.slice(0, 5)} ${code.slice(5)}`.toLowerCase()), /Björn Sjöström/);
    const res = await coord.post(`/fi/events/${pastId}/checkin/${code}`, { return: 'list', q: 'sjöström' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/events/${pastId}/attendance?done=in&q=sj%C3%B6str%C3%B6m#reg-${regs.bjorn.id}`);
    // Björn came with two others: three people.
    assert.equal(sql(`SELECT attendees FROM event WHERE id = ${pastId}`), '3');
    const page = await coord.get(`/fi/events/${pastId}/attendance`);
    assert.equal(page.status, 200);
    const t = textOf(page.text);
    assert.match(t, /Kirjautuneet paikan päällä 3/);
    assert.match(t, /Vahvistetut paikat 5/);
    assert.match(t, /Jonossa 1/);
    assert.match(t, /Osallistujia yhteensä 3/);
  });
});

describe('the webinar report', () => {
  const rows = [
    ['Meikäläinen, Maija', 'maija.meikalainen@example.fi'],
    ['Pekka Virtanen', 'PEKKA@example.fi'],
    ['Vieras (Guest)', ''],
    ['Uusi Osallistuja', 'uusi@example.org'],
  ];

  it('is uploaded, mapped, previewed and imported once', async () => {
    let res = await upload(coord, 2, utf16(teams(rows)), 'Teams attendance.csv');
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const mapping = res.headers.location;
    assert.match(mapping, /^\/fi\/events\/2\/attendance\/import\/\d+$/);
    res = await coord.get(mapping);
    assert.equal(res.status, 200);
    let t = textOf(res.text);
    assert.match(t, /Teams attendance\.csv/);
    assert.match(t, /Meikäläinen, Maija/);
    // The guesses are preselected: Email and Name.
    assert.match(res.text, /<option value="4" selected>Email<\/option>/);
    assert.match(res.text, /<option value="0" selected>Name<\/option>/);
    // Preview: nothing written.
    res = await unchanged(() => coord.get(`${mapping}?email=4&name=0`));
    assert.equal(res.status, 200);
    t = textOf(res.text);
    assert.match(t, /Osallistuneiksi merkittävät ilmoittautumiset 2/);
    assert.match(t, /Uudet osallistujat ilman ilmoittautumista 2/);
    res = await coord.post(mapping, { email: '4', name: '0' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/events/2/attendance?done=import');
    assert.equal(sql(`SELECT COUNT(*) FROM registration WHERE event_id = 2 AND attended_at IS NOT NULL`), '2');
    assert.equal(sql(`SELECT attended_at IS NULL FROM registration WHERE id = ${regs.web3.id}`), '1');
    assert.equal(sql('SELECT guests FROM event WHERE id = 2'), '2');
    assert.equal(sql('SELECT attendees FROM event WHERE id = 2'), '4');
    assert.equal(sql('SELECT COUNT(*) FROM attendance_upload'), '0');
    assert.equal(sql("SELECT rows_read || '/' || matched || '/' || new_guests FROM attendance_import WHERE event_id = 2"), '4/2/2');
    assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'event.attendance-import'"), '1');
    // The import is gone: a second click finds nothing.
    assert.equal((await coord.post(mapping, { email: '4', name: '0' })).status, 404);
    const page = textOf((await coord.get('/fi/events/2/attendance?done=import')).text);
    assert.match(page, /Osallistujaraportti tuotiin\./);
    assert.match(page, /Osallistujat ilman ilmoittautumista 2/);
    assert.match(page, /Osallistujia yhteensä 4/);
  });

  it('counts nobody twice when the same report (as Zoom CSV) comes again', async () => {
    const zoom = 'Meeting ID,Topic,Start Time,User Email\r\n812,Digituki,10/06/2021,host@example.fi\r\n\r\n'
      + 'Name (Original Name),User Email,Join Time,Duration (Minutes)\r\n'
      + '"Meikäläinen, Maija",maija.meikalainen@example.fi,09:00,180\r\n'
      + 'Uusi Osallistuja,uusi@example.org,09:00,180\r\n'
      + 'Uusi Osallistuja,uusi@example.org,10:00,60\r\n'
      + 'Toinen Uusi,toinen@example.org,09:00,180\r\n';
    let res = await upload(coord, 2, Buffer.from(zoom));
    assert.equal(res.status, 303);
    const mapping = res.headers.location;
    res = await coord.get(`${mapping}?email=1&name=0`);
    const t = textOf(res.text);
    assert.match(t, /Jo merkityt ilmoittautumiset 1/);
    assert.match(t, /Jo lasketut osallistujat ilman ilmoittautumista 1/);
    assert.match(t, /Uudet osallistujat ilman ilmoittautumista 1/);
    res = await coord.post(mapping, { email: '1', name: '0' });
    assert.equal(res.status, 303);
    assert.equal(sql('SELECT guests FROM event WHERE id = 2'), '3');
    assert.equal(sql('SELECT attendees FROM event WHERE id = 2'), '5');
  });

  it('refuses bad files and bad mappings with a message, writing nothing', async () => {
    await unchanged(async () => {
      let res = await upload(coord, 2, null);
      assert.equal(res.status, 400);
      assert.match(textOf(res.text), /Valitse ladattava osallistujaraportti/);
      res = await upload(coord, 2, Buffer.from('"Name,Email\nrikki,x@example.fi\n'));
      assert.equal(res.status, 422);
      assert.match(textOf(res.text), /Tiedostoa ei voitu lukea CSV-muodossa/);
      res = await upload(coord, 2, Buffer.from('just one line\n'));
      assert.equal(res.status, 422);
      assert.match(textOf(res.text), /Tiedostossa ei ole osallistujataulukkoa/);
      res = await upload(coord, 2, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]));
      assert.equal(res.status, 422, 'a zip file');
      res = await upload(supporter, 2, Buffer.from(teams(rows)));
      assert.equal(res.status, 403);
    });
    const res = await upload(coord, 2, Buffer.from(teams(rows)));
    assert.equal(res.status, 303);
    const mapping = res.headers.location;
    const uploads = sql('SELECT COUNT(*) FROM attendance_upload');
    await unchanged(async () => {
      for (const [email, name, msg] of [
        ['1', '0', /Valitsemassasi sarakkeessa ei ole sähköpostiosoitteita/],
        ['none', '0', /Valitse sarake, jossa ovat osallistujien sähköpostiosoitteet/],
        ['99', '0', /Valitse sarakkeet luettelosta/],
        ['4', '4', /Valitse sähköpostiosoitteelle ja nimelle eri sarakkeet/],
        ['-1', '0', /Valitse sarakkeet luettelosta/],
      ]) {
        let r = await coord.get(`${mapping}?email=${email}&name=${name}`);
        assert.equal(r.status, 400, `${email}/${name}`);
        assert.match(textOf(r.text), msg);
        assert.match(r.text, /aria-invalid="true"/);
        r = await coord.post(mapping, { email, name });
        assert.equal(r.status, 400, `POST ${email}/${name}`);
      }
      // Another event's URL or an unknown upload.
      assert.equal((await coord.get(mapping.replace('/events/2/', `/events/${pastId}/`))).status, 404);
      assert.equal((await coord.post(mapping.replace(/\d+$/, '99999'), { email: '4' })).status, 404);
      assert.equal((await coord.get(mapping.replace(/\d+$/, 'abc'))).status, 404);
    });
    assert.equal(sql('SELECT COUNT(*) FROM attendance_upload'), uploads);
  });
});

describe('exports', () => {
  it('gives the registrants with answers as CSV for Excel, neutralising formulas', async () => {
    sql(`INSERT INTO event_question (id, event_id, position, kind, label_fi) VALUES (901, ${pastId}, 1, 'text', 'Erityisruokavalio');
      INSERT INTO registration_answer VALUES (${regs.anna.id}, 901, 'gluteeniton; laktoositon');
      UPDATE registration SET municipality_code = '611' WHERE email = 'olli@example.fi';`);
    const res = await coord.get(`/fi/events/${pastId}/registrants.csv`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(res.headers['content-disposition'], `attachment; filename="event-${pastId}-registrants.csv"`);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.deepEqual([...res.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = res.body.subarray(3).toString('utf8').split('\r\n');
    assert.equal(lines[0], 'Nimi;Sähköposti;Organisaatio;Kunta;Ryhmän koko;Tila;Sija jonossa;Ilmoittautunut;Erityisruokavalio');
    assert.ok(lines.some((l) => l.startsWith('Anna-Liisa Mäkinen;anna-liisa.makinen@example.fi;Pornaisten kirjasto;;1;Vahvistettu;;') && l.endsWith(';"gluteeniton; laktoositon"')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('"\'=HYPERLINK(""http://evil.example"",""x"")";formula@example.fi;\'+358 40 1234567;')), lines.join('\n'));
    // The municipality by its name in the page's language.
    assert.ok(lines.some((l) => l.startsWith('Odottava Olli;olli@example.fi;;Pornainen;1;Jonossa;1;')), lines.join('\n'));
    const sv = (await coord.get(`/sv/events/${pastId}/registrants.csv`)).body.toString('utf8');
    assert.match(sv, /\nOdottava Olli;olli@example\.fi;;Borgnäs;1;/);
    // One date format in every export: Helsinki time as 2021-10-06 09:00.
    assert.ok(lines.some((l) => /^Anna-Liisa Mäkinen;.*;Vahvistettu;;\d{4}-\d{2}-\d{2} \d{2}:\d{2};/.test(l)), lines.join('\n'));
    const en = await admin.get(`/en/events/${pastId}/registrants.csv`);
    assert.ok(en.body.subarray(3).toString('utf8').startsWith('Name,E-mail,Organisation,'));
    const comma = await coord.get(`/fi/events/${pastId}/registrants.csv?sep=comma`);
    assert.ok(comma.body.subarray(3).toString('utf8').startsWith('Nimi,Sähköposti,'));
    assert.equal((await coord.get(`/fi/events/${pastId}/registrants.csv?sep=tab`)).status, 400);
    assert.equal((await coord.get('/fi/events/2/attendance.csv?sep=tab')).status, 400);
  });

  it('gives attendance as CSV with the attendees without registration', async () => {
    const res = await coord.get('/fi/events/2/attendance.csv');
    assert.equal(res.status, 200);
    const text = res.body.subarray(3).toString('utf8');
    assert.ok(text.startsWith('Nimi;Sähköposti;Organisaatio;Ryhmän koko;Tila;Kirjautunut sisään;Osallistujaraportissa\r\n'));
    assert.match(text, /Maija Meikäläinen;Maija\.Meikalainen@Example\.fi;;1;Vahvistettu;;[^;\r\n]+\r\n/);
    assert.match(text, /Ei Tullut;ei@example\.fi;;1;Vahvistettu;;\r\n/);
    // No summary row inside the data (#11 item 23): each attendee without
    // a registration is a row of its own, and every row is one attendee.
    assert.doesNotMatch(text, /Osallistujat ilman ilmoittautumista/);
    const rows = text.split('\r\n').filter((l) => l !== '');
    const guests = rows.filter((l) => l === ';;;1;Osallistui ilmoittautumatta;;');
    assert.equal(guests.length, 3, text);
    assert.ok(rows.slice(1).every((l) => l.split(';').length === 7), text);
  });

  it('is for organisers of the region only', async () => {
    await unchanged(async () => {
      for (const p of [`/fi/events/${pastId}/registrants.csv`, '/fi/events/2/attendance.csv', '/fi/events/2/attendance']) {
        assert.equal((await supporter.get(p)).status, 403, p);
        assert.equal((await tutor.get(p)).status, 403, p);
        const anon = await request(srv.url + p);
        assert.equal(anon.status, 303, p);
      }
      assert.equal((await coord.get('/fi/events/99999/registrants.csv')).status, 404);
      assert.equal((await coord.get('/fi/events/x/attendance')).status, 404);
    });
  });
});
