// Import from the national service catalogue (issue #15): `tukiverkko
// import ptv FILE...` on ../shared/fixtures/ptv-v11 - service
// locations become service points (names, descriptions, address, phone,
// e-mail, web page, languages, weekly hours), other channels are skipped
// and said so; ETRS-TM35FIN coordinates within 1 m of PROJ's own cs2cs;
// a second import writes nothing; a changed record updates its point and
// keeps what the municipality added; dated periods, open and closed
// exceptions; the entrances' accessibility sentences as notes (kept
// once a coordinator changed them); unpublished channels and e-channels
// skipped with why; bad
// files and bad records are refused with a message per record (PTV's own
// text shown without control characters) and nothing written.  The same
// file runs on PostgreSQL in http-pg.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, request, repoRoot } from '../lib/server.mjs';
import { cli, sqlite } from '../lib/auth.mjs';

const FIXTURE_DIR = [path.join(repoRoot, '..', 'shared', 'fixtures', 'ptv-v11'), '/work/shared/fixtures/ptv-v11']
  .find((d) => existsSync(d));
const FIXTURE = path.join(FIXTURE_DIR, 'municipality_channels.json');
const HEALTH = '0001a1c4-6273-424f-8d17-2ac62be89741';
const SCHOOL = '00006fe3-7df2-409e-9cd6-cce4bf4338b1';

let srv;
let dir;
const q = (s) => sqlite(srv.db, s).trim();
const run = (...args) => cli(srv.bin, ['import', 'ptv', ...args, '--db', srv.db], { allowFail: true });

/** What an import may change: the directory's rows and the audit log. */
function snapshot() {
  return ['service_point', 'service_point_hours', 'service_point_exception', 'service_point_language', 'audit_log']
    .map((t) => `${t}: ${q(`SELECT count(*) FROM ${t}`)}`)
    .concat([q('SELECT max(updated_at) FROM service_point'), q('SELECT max(id) FROM audit_log')]).join('\n');
}

/** Metres between two WGS84 points. */
function metres(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

/** A copy of the fixture changed by fn, as a file. */
function variant(name, fn) {
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  fn(doc);
  const f = path.join(dir, name);
  writeFileSync(f, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return f;
}

before(async () => {
  srv = await startServer();
  dir = mkdtempSync(path.join(tmpdir(), 'ptv-'));
});

after(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tukiverkko import ptv', () => {
  it('is in the help, and says how to use it', () => {
    const help = cli(srv.bin, ['--help']).stdout;
    assert.match(help, /import ptv FILE\.\.\./);
    assert.match(help, /--municipality CODE/);
    const wrong = cli(srv.bin, ['import', 'ptv', '--db', srv.db], { allowFail: true });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /usage: tukiverkko import ptv FILE/);
  });

  it('refuses records whose municipality is not in the directory, naming each, and writes nothing', () => {
    const before = snapshot();
    const r = run(FIXTURE);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`${HEALTH}: the municipality 001 is not in the directory`));
    assert.match(r.stderr, new RegExp(`${SCHOOL}: the municipality 001`));
    assert.match(r.stderr, /2 mistakes; nothing was imported/);
    assert.equal(snapshot(), before);
  });

  it('imports the service locations into a municipality, skips the phone channel, and converts the coordinates as PROJ does', () => {
    const r = run(FIXTURE, '--municipality', '611');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`created ${HEALTH}: point \\d+`));
    assert.match(r.stdout, /skipped 00090e9c-f8be-4aaa-a874-721c7f7643e1: a Phone channel has no place to visit/);
    assert.match(r.stdout, /created 2, updated 0, unchanged 0, skipped 1/);
    const row = q(`SELECT name_fi || '|' || name_sv || '|' || summary_fi || '|' || street || '|' || postcode || '|' || phone || '|' || email || '|' || web || '|' || municipality_code || '|' || status FROM service_point WHERE ptv_id = '${HEALTH}'`);
    assert.equal(row, 'Terveysasema|Hälsostationen|Terveysasema palvelee sairaustapauksissa.|Testitie 13|12345|+358 101010100|test-email@test.fi|https://www.testpage.fi|611|active');
    const id = q(`SELECT id FROM service_point WHERE ptv_id = '${HEALTH}'`);
    assert.equal(q(`SELECT group_concat(lang) FROM service_point_language WHERE point_id = ${id}`), 'fi');
    assert.equal(q(`SELECT group_concat(weekday || ' ' || start_min || '-' || end_min || ' ' || state, ', ') FROM (SELECT * FROM service_point_hours WHERE point_id = ${id} ORDER BY weekday)`),
      '3 480-960 1, 5 480-840 1');
    const cs = spawnSync('cs2cs', ['-f', '%.9f', 'EPSG:3067', 'EPSG:4326'], { input: '258000 6730000\n', encoding: 'utf8' });
    assert.equal(cs.status, 0, `cs2cs (proj-bin) is needed: ${cs.error ?? cs.stderr}`);
    const [plat, plon] = cs.stdout.trim().split(/\s+/).map(Number);
    const [lat, lon] = q(`SELECT lat || ' ' || lon FROM service_point WHERE id = ${id}`).split(' ').map(Number);
    assert.ok(metres(lat, lon, plat, plon) < 1, `${lat},${lon} vs PROJ ${plat},${plon}`);
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'directory.import-ptv-create'`), '2');
  });

  it('a second import of the same file writes nothing', () => {
    const before = snapshot();
    const r = run(FIXTURE, '--municipality', '611');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /created 0, updated 0, unchanged 2, skipped 1/);
    assert.equal(snapshot(), before);
  });

  it('a changed record updates its point and keeps what the municipality added', async () => {
    const id = q(`SELECT id FROM service_point WHERE ptv_id = '${HEALTH}'`);
    q(`INSERT INTO service_point_topic (point_id, topic) VALUES (${id}, 'banking')`);
    q(`UPDATE service_point SET acc_loop = 1, costs_fi = 'Maksuton' WHERE id = ${id}`);
    const f = variant('changed.json', (doc) => {
      const it = doc.itemList[0];
      it.serviceChannelNames[0].value = 'Terveysasema ja digituki';
      it.serviceHours.push({ serviceHourType: 'Exceptional', validFrom: '2031-12-24T00:00:00', validTo: null, isClosed: true,
        additionalInformation: [{ value: 'Jouluaatto', language: 'fi' }], openingHour: [] });
      it.serviceHours.push({ serviceHourType: 'OverMidnight', validFrom: null, validTo: null, isClosed: false, isReservation: true,
        openingHour: [{ dayFrom: 'Saturday', dayTo: 'Sunday', from: '22:00:00', to: '02:00:00' }] });
    });
    const r = run(f, '--municipality', '611');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`updated ${HEALTH}: point ${id}`));
    assert.match(r.stdout, /created 0, updated 1, unchanged 1, skipped 1/);
    assert.equal(q(`SELECT name_fi FROM service_point WHERE id = ${id}`), 'Terveysasema ja digituki');
    assert.equal(q(`SELECT acc_loop || costs_fi FROM service_point WHERE id = ${id}`), '1Maksuton');
    assert.equal(q(`SELECT topic FROM service_point_topic WHERE point_id = ${id}`), 'banking');
    assert.equal(q(`SELECT note_fi || ' ' || state FROM service_point_exception WHERE point_id = ${id}`), 'Jouluaatto 0');
    assert.equal(q(`SELECT start_min || '-' || end_min || ' ' || state FROM service_point_hours WHERE point_id = ${id} AND weekday = 6`), '1320-120 2');
    assert.equal(q(`SELECT count(*) FROM service_point WHERE ptv_id IS NOT NULL`), '2', 'no duplicate');
    const found = await request(`${srv.url}/fi/directory?q=${encodeURIComponent('terveysasemalla')}`);
    assert.match(found.text, new RegExp(`/fi/directory/${id}"`), 'the search finds the imported point');
  });

  it('maps a dated period, a closed period, an open exception and a closed run of days, and skips an unpublished channel and an e-channel saying why', () => {
    const id = q(`SELECT id FROM service_point WHERE ptv_id = '${SCHOOL}'`);
    const day = (s) => String(Date.UTC(...s.split('-').map((v, i) => Number(v) - (i === 1 ? 1 : 0))) / 86400000);
    const DRAFT = '11111111-2222-4333-8444-555555555555';
    const ECHANNEL = '66666666-7777-4888-8999-000000000000';
    const f = variant('periods.json', (doc) => {
      const it = doc.itemList[1];
      it.serviceHours.push({ serviceHourType: 'DaysOfTheWeek', validFrom: '2031-06-01T00:00:00', validTo: '2031-08-31T00:00:00', isClosed: false,
        additionalInformation: [{ value: 'Kesä', language: 'fi' }, { value: 'Sommar', language: 'sv' }],
        openingHour: [{ dayFrom: 'Monday', dayTo: 'Thursday', from: '09:00:00', to: '15:00:00' }] });
      it.serviceHours.push({ serviceHourType: 'DaysOfTheWeek', validFrom: '2031-10-01T00:00:00', validTo: '2031-10-07T00:00:00', isClosed: true,
        additionalInformation: [{ value: 'Remontti', language: 'fi' }], openingHour: [] });
      it.serviceHours.push({ serviceHourType: 'Exceptional', validFrom: '2031-12-23T00:00:00', validTo: '2031-12-23T00:00:00', isClosed: false,
        openingHour: [{ from: '10:00:00', to: '13:00:00' }] });
      it.serviceHours.push({ serviceHourType: 'Exceptional', validFrom: '2031-12-27T00:00:00', validTo: '2031-12-29T00:00:00', isClosed: true,
        additionalInformation: [{ value: 'Inventaario', language: 'fi' }], openingHour: [] });
      doc.itemList.push({ ...structuredClone(doc.itemList[0]), id: DRAFT, publishingStatus: 'Draft' });
      doc.itemList.push({ id: ECHANNEL, serviceChannelType: 'EChannel', serviceChannelNames: [{ language: 'fi', value: 'Verkkoasiointi', type: 'Name' }] });
    });
    const r = run(f, '--municipality', '611');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`updated ${SCHOOL}: point ${id}`));
    assert.match(r.stdout, new RegExp(`skipped ${DRAFT}: not published \\(Draft\\)`));
    assert.match(r.stdout, new RegExp(`skipped ${ECHANNEL}: a EChannel channel has no place to visit`));
    assert.match(r.stdout, /created 0, updated 2, unchanged 0, skipped 3/);
    assert.equal(q(`SELECT count(*) FROM service_point WHERE ptv_id IN ('${DRAFT}', '${ECHANNEL}')`), '0');
    const period = q(`SELECT id || ' ' || from_day || ' ' || to_day || ' ' || name_fi || ' ' || name_sv FROM service_point_period WHERE point_id = ${id} AND name_fi = 'Kesä'`).split(' ');
    assert.deepEqual(period.slice(1), [day('2031-06-01'), day('2031-08-31'), 'Kesä', 'Sommar']);
    // A closed period is a period without hours: closed from its first day to its last.
    const closed = q(`SELECT id || ' ' || from_day || ' ' || to_day FROM service_point_period WHERE point_id = ${id} AND name_fi = 'Remontti'`).split(' ');
    assert.deepEqual(closed.slice(1), [day('2031-10-01'), day('2031-10-07')]);
    assert.equal(q(`SELECT count(*) FROM service_point_hours WHERE period_id = ${closed[0]}`), '0');
    assert.equal(q(`SELECT group_concat(weekday || ' ' || start_min || '-' || end_min, ', ') FROM (SELECT * FROM service_point_hours WHERE period_id = ${period[0]} ORDER BY weekday)`),
      '1 540-900, 2 540-900, 3 540-900, 4 540-900');
    assert.equal(q(`SELECT group_concat(day || ' ' || start_min || '-' || end_min || ' ' || state || ' ' || note_fi, ', ') FROM (SELECT * FROM service_point_exception WHERE point_id = ${id} ORDER BY day)`),
      [`${day('2031-12-23')} 600-780 1 `, `${day('2031-12-27')} 0-0 0 Inventaario`, `${day('2031-12-28')} 0-0 0 Inventaario`, `${day('2031-12-29')} 0-0 0 Inventaario`].join(', '));
  });

  it('takes the entrances\' accessibility sentences as notes per language, shown under the facts, until a coordinator changes them', async () => {
    const id = q(`SELECT id FROM service_point WHERE ptv_id = '${HEALTH}'`);
    const t = (fi, sv) => [{ language: 'fi', value: fi }, ...(sv ? [{ language: 'sv', value: sv }] : [])];
    const sentences = (main) => variant('notes.json', (doc) => {
      doc.itemList[0].addresses[0].entrances = [{
        isMainEntrance: true,
        accessibilitySentences: [
          { sentenceGroup: t('Pääsisäänkäynti', 'Huvudingång'),
            sentences: [{ sentence: t(main, 'Ingången syns tydligt.') }, { sentence: t('Ovi on <b>raskas</b> & leveä.') }] },
          { sentenceGroup: t('Tyhjä ryhmä'), sentences: [] },
        ],
      }, {
        accessibilitySentences: [{ sentenceGroup: t('Pysäköinti'), sentences: [{ sentence: t('Invapaikkoja on kaksi') }] }],
      }];
    });
    const notes = () => q(`SELECT access_notes_fi || '|' || access_notes_sv || '|' || access_notes_en || '|' || access_notes_ptv FROM service_point WHERE id = ${id}`);
    let r = run(sentences('Sisäänkäynti erottuu selvästi'), '--municipality', '611');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`updated ${HEALTH}: point ${id}`));
    assert.equal(notes(), 'Pääsisäänkäynti: Sisäänkäynti erottuu selvästi. Ovi on <b>raskas</b> & leveä.\nPysäköinti: Invapaikkoja on kaksi.|Huvudingång: Ingången syns tydligt.||1');
    const page = (await request(`${srv.url}/fi/directory/${id}`)).text;
    const after = page.slice(page.indexOf('<h2>Saavutettavuus</h2>'));
    assert.match(after, /<h3>Lisätietoja saavutettavuudesta<\/h3>\n<div class="directory-notes">\n<p>Pääsisäänkäynti: Sisäänkäynti erottuu selvästi\. Ovi on &lt;b&gt;raskas&lt;\/b&gt; &amp; leveä\.<\/p>\n<p>Pysäköinti: Invapaikkoja on kaksi\.<\/p>/);
    const en = (await request(`${srv.url}/en/directory/${id}`)).text;
    assert.match(en, /<div class="directory-notes" lang="fi">/, 'no English notes: the Finnish ones, marked as Finnish');
    assert.match(run(sentences('Sisäänkäynti erottuu selvästi'), '--municipality', '611').stdout, /updated 0, unchanged 2/);
    // PTV's new words replace PTV's old ones ...
    r = run(sentences('Sisäänkäynti on kadun puolella'), '--municipality', '611');
    assert.match(r.stdout, /updated 1, unchanged 1/);
    assert.match(notes(), /^Pääsisäänkäynti: Sisäänkäynti on kadun puolella\./);
    // ... but not a coordinator's (form.c clears the flag when they change the notes).
    q(`UPDATE service_point SET access_notes_fi = 'Ovikello on oven oikealla puolella.', access_notes_ptv = 0 WHERE id = ${id}`);
    r = run(sentences('Sisäänkäynti erottuu selvästi'), '--municipality', '611');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(notes(), 'Ovikello on oven oikealla puolella.|Huvudingång: Ingången syns tydligt.||0');
  });

  it('refuses a file that is not PTV JSON, and bad records with a message each, writing nothing', () => {
    const before = snapshot();
    const notJson = variant('broken.json', () => {});
    writeFileSync(notJson, '{"itemList": [');
    let r = run(notJson, '--municipality', '611');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /broken\.json:\d+: not PTV JSON/);
    const noList = path.join(dir, 'nolist.json');
    writeFileSync(noList, '{"items": []}');
    r = run(noList, '--municipality', '611');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /nolist\.json: not a PTV list of service channels/);
    const bad = variant('bad.json', (doc) => {
      doc.itemList[0].serviceChannelNames[0].value = 'Uusi nimi, jota ei tallenneta';
      doc.itemList[1].addresses[0].streetAddress.latitude = '999';
      doc.itemList[1].emails = [{ value: 'not an address', language: 'fi' }];
      doc.itemList[1].webPages = [{ url: 'https://x.fi/\u001b[2J', language: 'fi' }];
      doc.itemList[1].serviceHours = [{ serviceHourType: 'DaysOfTheWeek', validFrom: null, validTo: null, isClosed: false,
        openingHour: [{ dayFrom: 'Funday', dayTo: '', from: '08:00:00', to: '16:00:00' }] }];
      doc.itemList.push(7, 'x', structuredClone(doc.itemList[0]), structuredClone(doc.itemList[0]));
    });
    r = run(bad, '--municipality', '611');
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`${SCHOOL}: .*the e-mail address not an address is not one`));
    assert.match(r.stderr, /the coordinates N 999 E 258000\.000 are not in Finland/);
    // What PTV wrote reaches a terminal: no escape sequence gets through.
    assert.match(r.stderr, /the web address https:\/\/x\.fi\/\?\[2J is not one/);
    assert.doesNotMatch(r.stderr, /\u001b/);
    assert.match(r.stderr, /an opening hour that is not a weekday and a time/);
    // Items that are no channel say so once each, and are not each other's
    // twin; each later copy of a channel says it is one, once.
    assert.match(r.stderr, /^\(not an object\): item 3 is not a channel$/m);
    assert.match(r.stderr, /^\(not an object\): item 4 is not a channel$/m);
    assert.equal(r.stderr.match(new RegExp(`^${HEALTH}: the channel is in the files twice$`, 'gm'))?.length, 2, r.stderr);
    assert.match(r.stderr, /nothing was imported/);
    assert.equal(snapshot(), before);
    assert.notEqual(q(`SELECT name_fi FROM service_point WHERE ptv_id = '${HEALTH}'`), 'Uusi nimi, jota ei tallenneta');
  });
});
