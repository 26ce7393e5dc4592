// The materials library against the real binary: every access policy for
// every role (pages and files, direct-URL guessing), the library's search
// with Finnish/Swedish folding and its filters, range requests and
// conditional requests, uploads (type by content, limits, bad files, new
// versions keeping the old), the request -> approve -> download flow with
// an SMTP relay (secret, time-limited, usage-counted links; expired and
// used-up links; decline), registrants' materials through their
// registration link, download logging, retention and backup of the files.
//
// The demo materials (src/materials/demo.c), by id:
//   1 public PDF   2 public PNG   3 on-request PDF   4 registrants' PDF
//   5 staff-only PDF (library only)   6 public video link
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, request, onPg } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import {
  Client, addUser, cli, signIn, snapshot, diffSnapshots, sqlite, unique, mailDrained, PASSWORD_COST,
} from '../lib/auth.mjs';

const UPLOAD_MAX = 300000;
let srv;
let sink;
const acct = {};
const as = {};
const q = (s) => sqlite(srv.db, s).trim();
const sha = (b) => createHash('sha256').update(b).digest('hex');

// The preview job turns 'pending' PDFs into 'done' every few seconds; a
// snapshot taken meanwhile would see that change, so wait for it first.
async function previewsSettled() {
  for (let i = 0; i < 200; i++) {
    if (q("SELECT count(*) FROM material_version WHERE preview_state = 'pending'") === '0') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('PDF previews still pending after 20 s');
}

async function unchanged(fn) {
  await previewsSettled();
  const before = await snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, await snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

/** The messages the SMTP relay received for `to`, oldest first. */
function mailsTo(to) {
  return sink.messages().filter((m) => m.to.some((a) => a.toLowerCase() === to.toLowerCase()));
}

/** A received message's text, decoded. */
function bodyOf(m) {
  return m.text;
}

/** A multipart/form-data body: fields { name: value } and files
 * [{ name, filename, type, data }]. */
function multipart(fields, files = []) {
  const boundary = `----tv${randomBytes(8).toString('hex')}`;
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(f.data);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

function upload(c, p, fields, files) {
  const m = multipart({ csrf: c.csrf, ...fields }, files);
  return c.req(p, { method: 'POST', body: m.body, headers: { 'content-type': m.type } });
}

/** A ZIP (stored, no compression) with the given entry names. */
function zip(names) {
  const locals = [];
  const centrals = [];
  let off = 0;
  for (const n of names) {
    const name = Buffer.from(n);
    const data = Buffer.from(`<x>${n}</x>`);
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18); lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20); ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(off, 42);
    locals.push(lh, name, data);
    centrals.push(ch, name);
    off += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(names.length, 8); end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, cd, end]);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(64)]);

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: [...PASSWORD_COST, '--smtp-url', sink.url, '--upload-max', String(UPLOAD_MAX),
    '--base-url', 'http://tv.example'] });
  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('m')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('supporter', 'supporter');
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('tutor', 'tutor', { scopes: ['611'] });
  add('coordinator', 'coordinator');
  add('admin', 'admin');
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
  as.anonymous = new Client(srv.url);
});

after(async () => {
  await srv?.stop();
  await sink?.stop();
});

const ROLES = ['anonymous', 'supporter', 'municipal', 'tutor', 'coordinator', 'admin'];

describe('access policy per role', () => {
  // [material, page status for anonymous / staff, file status anonymous / staff]
  const table = [
    [1, 200, 200, 200, 200],
    [2, 200, 200, 200, 200],
    [3, 200, 200, 403, 200],
    [4, 200, 200, 403, 200],
    [5, 404, 200, 404, 200],
  ];
  for (const role of ROLES) {
    it(`${role}: pages, files, previews and versions follow the policy`, async () => {
      const c = as[role];
      const staff = role !== 'anonymous';
      for (const [id, pa, ps, fa, fs] of table) {
        await unchanged(async () => {
          const page = await c.get(`/fi/materials/${id}`);
          assert.equal(page.status, staff ? ps : pa, `page ${id}`);
        });
        const before = Number(q(`SELECT count(*) FROM material_download WHERE material_id = ${id}`));
        const file = await c.get(`/fi/materials/${id}/file`);
        assert.equal(file.status, staff ? fs : fa, `file ${id}`);
        const after = Number(q(`SELECT count(*) FROM material_download WHERE material_id = ${id}`));
        assert.equal(after - before, file.status === 200 ? 1 : 0, `download of ${id} logged once`);
        const v1 = await c.get(`/fi/materials/${id}/versions/1/file`);
        assert.equal(v1.status, file.status, `version 1 of ${id}`);
        if (file.status === 200) {
          const ver = q(`SELECT sha256 FROM material_version WHERE material_id = ${id}`);
          assert.equal(sha(file.body), ver, 'the stored bytes');
          const via = q(`SELECT via || ':' || COALESCE(account_id, 0) FROM material_download WHERE material_id = ${id} ORDER BY id DESC LIMIT 1`);
          assert.equal(via, staff ? `account:${acct[role].id}` : 'public:0');
        } else {
          assert.doesNotMatch(file.headers['content-type'], /pdf|png/);
        }
      }
      // The link material has no file; the page shows the link to whoever may have it.
      assert.equal((await c.get('/fi/materials/6/file')).status, 404);
      assert.match((await c.get('/fi/materials/6')).text, /https:\/\/video\.example\.fi\//);
      // The page of an on-request material offers the form, never the file.
      const p3 = await c.get('/fi/materials/3');
      if (!staff) {
        assert.match(p3.text, /\/fi\/materials\/3\/request/);
        assert.doesNotMatch(p3.text, /\/fi\/materials\/3\/file/);
        assert.doesNotMatch(p3.text, /\/fi\/materials\/3\/preview/);
      }
    });
  }

  it('the library lists what the visitor may know of', async () => {
    const anon = await as.anonymous.get('/fi/materials');
    assert.equal(anon.status, 200);
    for (const id of [1, 2, 3, 4, 6]) assert.match(anon.text, new RegExp(`href="/fi/materials/${id}"`));
    assert.doesNotMatch(anon.text, /href="\/fi\/materials\/5"/);
    assert.doesNotMatch(anon.text, /sisäinen yhteenveto/);
    const staff = await as.supporter.get('/fi/materials');
    assert.match(staff.text, /href="\/fi\/materials\/5"/);
  });

  it('guessed and malformed addresses are 404 and write nothing', async () => {
    const stored = q('SELECT sha256 FROM material_version WHERE material_id = 5');
    await unchanged(async () => {
      for (const p of ['/fi/materials/999/file', '/fi/materials/0/file', '/fi/materials/abc/file',
        '/fi/materials/-1', '/fi/materials/1/versions/2/file', '/fi/materials/1/versions/x/file',
        `/fi/materials/${stored}`, `/fi/materials/${stored}/file`, `/static/${stored}`,
        '/fi/materials/5/preview', '/fi/materials/5/versions/1/file', '/fi/materials/6/preview',
        `/fi/materials/access/${'A'.repeat(43)}`, `/fi/materials/access/${'A'.repeat(43)}/file`,
        '/fi/materials/access/short/file', `/fi/registrations/${'B'.repeat(43)}/materials`,
        `/fi/registrations/${'B'.repeat(43)}/materials/4/file`]) {
        const r = await as.anonymous.get(p);
        assert.equal(r.status, 404, p);
      }
      assert.equal((await as.anonymous.get('/fi/materials/3/preview')).status, 403);
      assert.equal((await as.anonymous.get('/fi/materials/4/versions/1/file')).status, 403);
    });
  });
});

describe('range and conditional requests', () => {
  let whole;
  let etag;
  before(async () => {
    const r = await as.anonymous.get('/fi/materials/1/file');
    whole = r.body;
    etag = r.headers.etag;
    assert.match(r.headers['content-disposition'], /^attachment; filename="kuntien-digituki-diat\.pdf"; filename\*=UTF-8''kuntien-digituki-diat\.pdf$/);
    assert.equal(r.headers['accept-ranges'], 'bytes');
    assert.equal(r.headers['content-type'], 'application/pdf');
    assert.match(etag, /^"[0-9a-f]{64}"$/);
  });

  it('bytes=0-9 is 206 with the first ten bytes', async () => {
    const r = await as.anonymous.get('/fi/materials/1/file', { headers: { range: 'bytes=0-9' } });
    assert.equal(r.status, 206);
    assert.equal(r.headers['content-range'], `bytes 0-9/${whole.length}`);
    assert.deepEqual(r.body, whole.subarray(0, 10));
  });

  it('a suffix range and an open range', async () => {
    let r = await as.anonymous.get('/fi/materials/1/file', { headers: { range: 'bytes=-7' } });
    assert.equal(r.status, 206);
    assert.deepEqual(r.body, whole.subarray(whole.length - 7));
    assert.equal(r.headers['content-range'], `bytes ${whole.length - 7}-${whole.length - 1}/${whole.length}`);
    r = await as.anonymous.get('/fi/materials/1/file', { headers: { range: 'bytes=100-' } });
    assert.equal(r.status, 206);
    assert.deepEqual(r.body, whole.subarray(100));
    r = await as.anonymous.get('/fi/materials/1/file', { headers: { range: `bytes=10-${whole.length + 500}` } });
    assert.equal(r.status, 206);
    assert.deepEqual(r.body, whole.subarray(10));
  });

  it('several ranges or a malformed Range get the whole file; an unsatisfiable one 416', async () => {
    for (const range of ['bytes=0-1,5-6', 'bytes=5-2', 'items=0-1', 'bytes=x-y']) {
      const r = await as.anonymous.get('/fi/materials/1/file', { headers: { range } });
      assert.equal(r.status, 200, range);
      assert.deepEqual(r.body, whole);
    }
    const r = await as.anonymous.get('/fi/materials/1/file', { headers: { range: `bytes=${whole.length}-` } });
    assert.equal(r.status, 416);
    assert.equal(r.headers['content-range'], `bytes */${whole.length}`);
  });

  it('If-Range with our ETag keeps the range; another validator gets the whole file', async () => {
    let r = await as.anonymous.get('/fi/materials/1/file', { headers: { range: 'bytes=0-3', 'if-range': etag } });
    assert.equal(r.status, 206);
    r = await as.anonymous.get('/fi/materials/1/file', { headers: { range: 'bytes=0-3', 'if-range': '"0000"' } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, whole);
    r = await as.anonymous.get('/fi/materials/1/file', { headers: { range: 'bytes=0-3', 'if-range': 'Wed, 21 Oct 2015 07:28:00 GMT' } });
    assert.equal(r.status, 200);
  });

  it('If-None-Match answers 304; HEAD sends the length and no body; neither is logged', async () => {
    const n = q('SELECT count(*) FROM material_download');
    let r = await as.anonymous.get('/fi/materials/1/file', { headers: { 'if-none-match': etag } });
    assert.equal(r.status, 304);
    assert.equal(r.body.length, 0);
    r = await as.anonymous.req('/fi/materials/1/file', { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal(Number(r.headers['content-length']), whole.length);
    assert.equal(r.body.length, 0);
    assert.equal(q('SELECT count(*) FROM material_download'), n);
  });

  it('a range from the middle is not counted as a download; one from the start is', async () => {
    const n = Number(q('SELECT count(*) FROM material_download'));
    await as.anonymous.get('/fi/materials/1/file', { headers: { range: 'bytes=10-20' } });
    assert.equal(Number(q('SELECT count(*) FROM material_download')), n);
    await as.anonymous.get('/fi/materials/1/file', { headers: { range: 'bytes=0-20' } });
    assert.equal(Number(q('SELECT count(*) FROM material_download')), n + 1);
  });

  it('images preview inline', async () => {
    const r = await as.anonymous.get('/fi/materials/2/preview');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'image/png');
    assert.match(r.headers['content-disposition'], /^inline/);
  });
});

describe('search and filters', () => {
  const ids = (html) => [...html.matchAll(/<h2 class="card__title"><a href="\/fi\/materials\/(\d+)"/g)].map((m) => Number(m[1]));

  it('folds case and diacritics: a for ä, o for ö', async () => {
    for (const query of ['sisäinen', 'SISAINEN', 'Sisainen yhteenveto']) {
      const r = await as.supporter.get(`/fi/materials?q=${encodeURIComponent(query)}`);
      assert.deepEqual(ids(r.text), [5], query);
    }
    // In the description only: "verkostotyöstä".
    assert.deepEqual(ids((await as.anonymous.get('/fi/materials?q=verkostotyosta')).text), [1]);
    assert.deepEqual(ids((await as.anonymous.get(`/fi/materials?q=${encodeURIComponent('VERKOSTOTYÖSTÄ')}`)).text), [1]);
    assert.deepEqual(ids((await as.anonymous.get('/fi/materials?q=nothing+like+this')).text), []);
    // Anonymous visitors do not find staff-only materials by searching.
    assert.deepEqual(ids((await as.anonymous.get('/fi/materials?q=sisainen')).text), []);
  });

  it('filters by type, language, event and topic, and sorts', async () => {
    assert.deepEqual(ids((await as.anonymous.get('/fi/materials?type=image')).text), [2]);
    assert.deepEqual(ids((await as.anonymous.get('/fi/materials?type=link')).text), [6]);
    assert.deepEqual(ids((await as.anonymous.get('/fi/materials?lang=sv')).text), []);
    assert.deepEqual(ids((await as.anonymous.get('/fi/materials?topic=network')).text), [2]);
    const ev = q('SELECT id FROM event WHERE starts_at = 1633500000');
    assert.deepEqual(ids((await as.anonymous.get(`/fi/materials?event=${ev}&sort=old`)).text), [1, 2, 3, 4, 6]);
    const titles = ids((await as.anonymous.get('/fi/materials?sort=title')).text);
    assert.deepEqual(titles, [1, 4, 2, 3, 6]);
    // Unknown filter values are ignored, not errors.
    assert.equal((await as.anonymous.get('/fi/materials?type=exe&sort=bogus&event=x')).status, 200);
  });
});

describe('library pages', () => {
  it('shows 20 at a time, newest first, with links to the next and previous page', async () => {
    const ids = (html) => [...html.matchAll(/<h2 class="card__title"><a href="\/fi\/materials\/(\d+)"/g)].map((m) => Number(m[1]));
    const link = (html, rel) => ((new RegExp(`rel="${rel}" href="([^"]+)"`).exec(html) ?? [])[1] ?? '').replaceAll('&amp;', '&');
    const made = [];
    try {
      for (let i = 0; i < 25; i++) {
        const id = Number(q(`INSERT INTO material (region_id, kind, title, lang, access, url, created_at, updated_at, in_library) VALUES (1, 'link', 'Sivutettu ${i}', 'fi', 'public', 'https://example.fi/${i}', ${4000000000 + i}, ${4000000000 + i}, 1) RETURNING id;`));
        q(`INSERT INTO material_link (material_id, target_type, target_id) VALUES (${id}, 'library', 0);`);
        made.push(id);
      }
      const first = await as.anonymous.get('/fi/materials');
      assert.deepEqual(ids(first.text), [...made].reverse().slice(0, 20));
      assert.match(first.text, /<nav aria-label="Sivut">/);
      assert.equal(link(first.text, 'prev'), '');
      const second = await as.anonymous.get(link(first.text, 'next'));
      assert.deepEqual(ids(second.text).slice(0, 5), [...made].reverse().slice(20));
      assert.match(second.text, /Aineistoja tällä sivulla: \d+/);
      const back = await as.anonymous.get(link(second.text, 'prev'));
      assert.deepEqual(ids(back.text), ids(first.text));
      assert.equal(link(back.text, 'prev'), '');
      // The search walks the pages too: only the matching ones.
      assert.deepEqual(ids((await as.anonymous.get('/fi/materials?q=sivutettu+24')).text), [made[24]]);
    } finally {
      if (made.length) q(`DELETE FROM material WHERE id IN (${made.join(',')});`);
    }
  });
});

describe('languages', () => {
  it('the library and a material page speak Swedish and English', async () => {
    const sv = await as.anonymous.get('/sv/materials');
    assert.equal(sv.status, 200);
    assert.match(sv.text, /<html lang="sv"/);
    assert.match(sv.text, /Alla typer/);
    const en = await as.anonymous.get('/en/materials/1');
    assert.match(en.text, />Download \(PDF document/);
    // The material is in Finnish: its title is marked so.
    assert.match(en.text, /<h1 lang="fi">/);
    const form = await as.anonymous.get('/sv/materials/3/request');
    assert.match(form.text, /Skicka begäran/);
  });
});

describe('events that are not public', () => {
  it('a draft event is not named to visitors on material pages or in the filter', async () => {
    const ev = q('SELECT id FROM event WHERE starts_at = 1633500000');
    q(`UPDATE event SET status = 'draft' WHERE id = ${ev}`);
    try {
      const anon = await as.anonymous.get('/fi/materials/1');
      assert.doesNotMatch(anon.text, new RegExp(`/fi/events/${ev}"`));
      assert.doesNotMatch((await as.anonymous.get('/fi/materials')).text, new RegExp(`<option value="${ev}"`));
      assert.match((await as.supporter.get('/fi/materials/1')).text, new RegExp(`/fi/events/${ev}"`));
      assert.match((await as.supporter.get('/fi/materials')).text, new RegExp(`<option value="${ev}"`));
    } finally {
      q(`UPDATE event SET status = 'published' WHERE id = ${ev}`);
    }
    assert.match((await as.anonymous.get('/fi/materials/1')).text, new RegExp(`/fi/events/${ev}"`));
  });
});

describe('uploads', () => {
  const base = { title: 'Opas digitukeen', description: 'Lyhyt opas.', lang: 'fi', author: 'Testi', licence: 'CC BY 4.0',
    topic: 'training', access: 'public', library: '1', kind: 'file' };

  it('a PDF becomes a material with its file in the store', async () => {
    const c = as.municipal;
    const r = await upload(c, '/fi/materials', base, [{ name: 'file', filename: 'Opas äö.pdf', type: 'text/plain', data: PDF }]);
    assert.equal(r.status, 303, r.text.slice(0, 500));
    const id = Number(/\/fi\/materials\/(\d+)\?done=created/.exec(r.headers.location)[1]);
    const row = q(`SELECT m.owner_id || '|' || v.mime || '|' || v.sha256 || '|' || v.filename FROM material m JOIN material_version v ON v.material_id = m.id WHERE m.id = ${id}`);
    assert.equal(row, `${acct.municipal.id}|application/pdf|${sha(PDF)}|Opas äö.pdf`);
    assert.ok(existsSync(path.join(srv.dir, 'files', 'sha', sha(PDF).slice(0, 2), sha(PDF))));
    const f = await as.anonymous.get(`/fi/materials/${id}/file`);
    assert.deepEqual(f.body, PDF);
    assert.equal(f.headers['content-disposition'], `attachment; filename="Opas __.pdf"; filename*=UTF-8''Opas%20%C3%A4%C3%B6.pdf`);
    assert.match(q(`SELECT action FROM audit_log WHERE object_type = 'material' AND object_id = '${id}'`), /material\.create/);
    // A new version keeps the old one.
    const v = await upload(c, `/fi/materials/${id}/versions`, { note: 'Kuva lisätty' },
      [{ name: 'file', filename: 'kuva.png', type: 'image/png', data: PNG }]);
    assert.equal(v.status, 303, v.text.slice(0, 300));
    assert.equal(q(`SELECT group_concat(v, ',') FROM (SELECT number || ':' || mime AS v FROM material_version WHERE material_id = ${id} ORDER BY number)`),
      '1:application/pdf,2:image/png');
    assert.deepEqual((await as.anonymous.get(`/fi/materials/${id}/file`)).body, PNG);
    assert.deepEqual((await as.anonymous.get(`/fi/materials/${id}/versions/1/file`)).body, PDF);
    const page = await as.anonymous.get(`/fi/materials/${id}`);
    assert.match(page.text, /versions\/1\/file/);
    assert.match(page.text, /Kuva lisätty/);
    // Another municipal coordinator's material is not theirs to edit.
    assert.equal((await as.tutor.get(`/fi/materials/${id}/edit`)).status, 404);
    await unchanged(async () => {
      const x = await upload(as.tutor, `/fi/materials/${id}/versions`, {}, [{ name: 'file', filename: 'x.pdf', data: PDF }]);
      assert.equal(x.status, 404);
    });
    // The region's coordinator may.
    assert.equal((await as.coordinator.get(`/fi/materials/${id}/edit`)).status, 200);
  });

  it('a PDF gets the picture of its first page from the background job; a broken one a file card', async () => {
    const good = (await as.anonymous.get('/fi/materials/1/file')).body;
    const ids = [];
    for (const [data, name] of [[good, 'hyva.pdf'], [Buffer.concat([PDF, Buffer.from('broken')]), 'rikki.pdf']]) {
      const r = await upload(as.coordinator, '/fi/materials', base, [{ name: 'file', filename: name, data }]);
      assert.equal(r.status, 303);
      ids.push(/\/fi\/materials\/(\d+)/.exec(r.headers.location)[1]);
    }
    await previewsSettled();
    assert.equal(q(`SELECT group_concat(preview_state, ',') FROM (SELECT preview_state FROM material_version WHERE material_id IN (${ids}) ORDER BY material_id)`), 'done,failed');
    const p = await as.anonymous.get(`/fi/materials/${ids[0]}/preview`);
    assert.equal(p.status, 200);
    assert.equal(p.headers['content-type'], 'image/png');
    assert.equal(p.body.subarray(1, 4).toString(), 'PNG');
    assert.match((await as.anonymous.get(`/fi/materials/${ids[0]}`)).text, /material-preview/);
    const card = await as.anonymous.get(`/fi/materials/${ids[1]}`);
    assert.doesNotMatch(card.text, /material-preview/);
    assert.match(card.text, /PDF-asiakirja/);
    assert.equal((await as.anonymous.get(`/fi/materials/${ids[1]}/preview`)).status, 404);
  });

  it('OOXML is recognised by its parts, never by its name', async () => {
    const pptx = zip(['[Content_Types].xml', '_rels/.rels', 'ppt/presentation.xml', 'ppt/slides/slide1.xml']);
    const docx = zip(['[Content_Types].xml', 'word/document.xml']);
    for (const [data, name, mime] of [[pptx, 'diat.zip', 'presentationml'], [docx, 'teksti.bin', 'wordprocessingml']]) {
      const r = await upload(as.coordinator, '/fi/materials', base, [{ name: 'file', filename: name, data }]);
      assert.equal(r.status, 303, r.text.slice(0, 300));
      const id = /\/fi\/materials\/(\d+)/.exec(r.headers.location)[1];
      assert.match(q(`SELECT mime FROM material_version WHERE material_id = ${id}`), new RegExp(mime));
    }
  });

  it('bad files are refused with a message and nothing is written', async () => {
    const bad = [
      ['notes.pdf', Buffer.from('just text, named like a PDF\n')],
      ['archive.pptx', zip(['[Content_Types].xml', 'other/thing.xml'])],
      ['plain.docx', zip(['word/document.xml'])],
      ['script.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ['truncated.pptx', zip(['[Content_Types].xml', 'ppt/presentation.xml']).subarray(0, 60)],
    ];
    for (const [name, data] of bad) {
      await unchanged(async () => {
        const r = await upload(as.coordinator, '/fi/materials', base, [{ name: 'file', filename: name, data }]);
        assert.equal(r.status, 400, name);
        assert.match(r.text, /Tämän tyyppistä tiedostoa ei hyväksytä/);
        assert.match(r.text, /href="#file"/);
      });
    }
    await unchanged(async () => {
      const r = await upload(as.coordinator, '/fi/materials', base, []);
      assert.equal(r.status, 400);
      assert.match(r.text, /Valitse ladattava tiedosto/);
      const t = await upload(as.coordinator, '/fi/materials', { ...base, title: '' }, [{ name: 'file', filename: 'a.pdf', data: PDF }]);
      assert.equal(t.status, 400);
      assert.match(t.text, /Kirjoita otsikko/);
      const a = await upload(as.coordinator, '/fi/materials', { ...base, access: 'everyone' }, [{ name: 'file', filename: 'a.pdf', data: PDF }]);
      assert.equal(a.status, 400);
      const reg = await upload(as.coordinator, '/fi/materials', { ...base, access: 'registrants' }, [{ name: 'file', filename: 'a.pdf', data: PDF }]);
      assert.equal(reg.status, 400, 'registrants-only needs an event');
    });
  });

  it('a file over the upload limit is refused with 413 and nothing is written', async () => {
    await unchanged(async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(UPLOAD_MAX + 1000, 0x20)]);
      const r = await upload(as.coordinator, '/fi/materials', base, [{ name: 'file', filename: 'big.pdf', data: big }]);
      assert.equal(r.status, 413);
    });
    const tmp = path.join(srv.dir, 'files', 'tmp');
    assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith('upload-')), [], 'no temporary file left');
  });

  it('a link material needs a real address', async () => {
    await unchanged(async () => {
      const r = await upload(as.coordinator, '/fi/materials', { ...base, kind: 'link', url: 'javascript:alert(1)' });
      assert.equal(r.status, 400);
    });
    const r = await upload(as.coordinator, '/fi/materials', { ...base, kind: 'link', url: 'https://video.example.fi/x' });
    assert.equal(r.status, 303);
  });

  it('a material attached to a sparring workspace shows on the workspace, not in the library', async () => {
    const ws = q("SELECT w.id FROM workspace w JOIN programme_period p ON p.id = w.period_id WHERE p.year = 2021 AND w.municipality_code = '611'");
    const title = `Sparrausmuistio ${unique('w')}`;
    const { library, ...fields } = base;
    assert.equal(library, '1');
    const r = await upload(as.coordinator, '/fi/materials', { ...fields, title, access: 'staff', workspace: ws },
      [{ name: 'file', filename: 'muistio.pdf', type: 'application/pdf', data: PDF }]);
    assert.equal(r.status, 303, r.text.slice(0, 300));
    // The material's page names the workspace (the programme's name for it) to staff only.
    const mine = await as.coordinator.get(r.headers.location);
    assert.match(mine.text, /<a href="\/fi\/workspaces\/2021\/611">Sparrauksen työtila: Pornainen 2021<\/a>/);
    const page = await as.coordinator.get('/fi/workspaces/2021/611');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h2 id="materials">Materiaalit<\/h2>/);
    assert.ok(page.text.includes(title), 'the workspace lists its material');
    assert.ok(!(await as.coordinator.get('/fi/materials')).text.includes(title), 'the library does not');
    assert.ok(!(await as.anonymous.get('/fi/materials')).text.includes(title));
  });

  it('editing changes the access policy at once', async () => {
    const id = 2;
    const page = await as.coordinator.get(`/fi/materials/${id}/edit`);
    assert.equal(page.status, 200);
    const r = await as.coordinator.post(`/fi/materials/${id}/edit`, { ...base, title: 'Sparraukseen osallistuneet kunnat', topic: 'network', access: 'staff', library: '1' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal((await as.anonymous.get(`/fi/materials/${id}/file`)).status, 404);
    assert.equal((await as.anonymous.get(`/fi/materials/${id}/preview`)).status, 404);
    // The library's event filter reads a copy of the links to events
    // (material_event_link, issue 13): every save makes it again.
    assert.equal(q(`SELECT count(*) FROM material_event_link WHERE material_id = ${id}`), '0');
    await as.coordinator.post(`/fi/materials/${id}/edit`, { ...base, title: 'Sparraukseen osallistuneet kunnat', topic: 'network', access: 'public', library: '1',
      event: q('SELECT id FROM event WHERE starts_at = 1633500000') });
    assert.equal((await as.anonymous.get(`/fi/materials/${id}/file`)).status, 200);
    assert.equal(q(`SELECT count(*) FROM material_event_link WHERE material_id = ${id} AND visitors = 1`), '1');
    assert.equal(q("SELECT count(*) FROM material m WHERE in_library <> CASE WHEN EXISTS (SELECT 1 FROM material_link l WHERE " +
      "l.material_id = m.id AND l.target_type IN ('library', 'event', 'agenda_item')) THEN 1 ELSE 0 END"), '0', 'in_library is whether a link lists it');
    const copy = 'SELECT material_id, target_type, target_id, updated_at, visitors FROM material_event_link';
    const made = "SELECT m.id, l.target_type, l.target_id, m.updated_at, CASE WHEN m.access <> 'staff' THEN 1 ELSE 0 END " +
      "FROM material m JOIN material_link l ON l.material_id = m.id WHERE l.target_type IN ('event', 'agenda_item')";
    assert.equal(q(`SELECT (SELECT count(*) FROM (${copy} EXCEPT ${made}) a) + (SELECT count(*) FROM (${made} EXCEPT ${copy}) b)`), '0',
      'the copy is material_link\'s rows with their material\'s time and access');
  });
});

describe('on request: request, approve, download', () => {
  const visitor = () => `visitor.${unique('v')}@example.org`;

  async function ask(email, extra = {}) {
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/materials/3/request');
    const r = await c.post('/fi/materials/3/request', { name: 'Maija Meikäläinen', organisation: 'Kirjasto', email, purpose: 'Opastukseen', ...extra });
    return { c, r };
  }

  it('a request with mistakes is shown again and writes nothing', async () => {
    await unchanged(async () => {
      for (const [fields, text] of [[{ email: 'not-an-address' }, /sähköpostiosoitteesi/], [{ name: '' }, /Kirjoita nimesi/],
        [{ purpose: '' }, /mihin tarvitset/], [{ name: 'x'.repeat(201) }, /liian pitkä/]]) {
        const { r } = await ask('a@example.org', fields);
        assert.equal(r.status, 400);
        assert.match(r.text, text);
      }
    });
    // Only on-request materials take requests.
    await unchanged(async () => {
      const c = new Client(srv.url);
      await c.loadCsrf('/fi/materials/3/request');
      assert.equal((await c.get('/fi/materials/1/request')).status, 404);
      assert.equal((await c.post('/fi/materials/1/request', { name: 'x', email: 'a@example.org', purpose: 'x' })).status, 404);
      assert.equal((await c.post('/fi/materials/5/request', { name: 'x', email: 'a@example.org', purpose: 'x' })).status, 404);
    });
  });

  it('approval mails a secret link that counts its uses and expires', async () => {
    const email = visitor();
    const { r } = await ask(email);
    assert.equal(r.status, 303);
    assert.match(r.headers.location, /\/fi\/materials\/3\/request\/sent$/);
    const reqId = q(`SELECT id FROM material_request WHERE email = '${email}'`);
    assert.equal(q(`SELECT status FROM material_request WHERE id = ${reqId}`), 'pending');

    // Someone who is not the owner nor the region's coordinator cannot decide.
    for (const who of ['municipal', 'tutor']) {
      assert.doesNotMatch((await as[who].get('/fi/materials/requests')).text, new RegExp(email.replace('.', '\\.')));
      await unchanged(async () => {
        assert.equal((await as[who].post(`/fi/materials/requests/${reqId}/approve`)).status, 404);
      });
    }
    const queue = await as.coordinator.get('/fi/materials/requests');
    assert.match(queue.text, new RegExp(email.replace(/\./g, '\\.')));
    const a = await as.coordinator.post(`/fi/materials/requests/${reqId}/approve`);
    assert.equal(a.status, 303);
    assert.equal(q(`SELECT status FROM material_request WHERE id = ${reqId}`), 'approved');
    assert.equal((await as.coordinator.post(`/fi/materials/requests/${reqId}/approve`)).status, 409);
    assert.equal(q(`SELECT count(*) FROM material_grant WHERE request_id = ${reqId}`), '1');
    assert.equal(q(`SELECT (expires_at - created_at) || ' ' || max_uses FROM material_grant WHERE request_id = ${reqId}`), `${72 * 3600} 5`);
    assert.match(q(`SELECT action FROM audit_log WHERE object_type = 'material_request' AND object_id = '${reqId}'`), /approve/);

    await mailDrained(srv.db);
    const mails = mailsTo(email);
    assert.equal(mails.length, 1);
    const body = bodyOf(mails[0]);
    const m = /http:\/\/tv\.example(\/fi\/materials\/access\/([A-Za-z0-9_-]{43}))/.exec(body);
    assert.ok(m, body);
    const [, link, token] = m;
    // Only the hash is stored.
    assert.equal(q(`SELECT count(*) FROM material_grant WHERE token_hash = '${sha(token)}'`), '1');
    assert.equal(q(`SELECT count(*) FROM material_grant WHERE token_hash = '${token}'`), '0');

    const v = new Client(srv.url);
    const page = await v.get(link);
    assert.equal(page.status, 200);
    assert.match(page.text, /Latauskertoja jäljellä/);
    assert.equal(q(`SELECT uses FROM material_grant WHERE request_id = ${reqId}`), '0', 'viewing the page is not a use');
    const want = q('SELECT sha256 FROM material_version WHERE material_id = 3');
    for (let i = 1; i <= 5; i++) {
      const f = await v.get(`${link}/file`);
      assert.equal(f.status, 200, `download ${i}`);
      assert.equal(sha(f.body), want);
      assert.equal(q(`SELECT uses FROM material_grant WHERE request_id = ${reqId}`), String(i));
      if (i === 1) {
        // The rest of a download already started does not count.
        const part = await v.get(`${link}/file`, { headers: { range: 'bytes=10-' } });
        assert.equal(part.status, 206);
        assert.equal(q(`SELECT uses FROM material_grant WHERE request_id = ${reqId}`), '1');
      }
    }
    assert.equal(q(`SELECT count(*) FROM material_download WHERE via = 'link' AND grant_id = (SELECT id FROM material_grant WHERE request_id = ${reqId})`), '5');
    // Used up: reused links are refused.
    await unchanged(async () => {
      assert.equal((await v.get(`${link}/file`)).status, 410);
      assert.equal((await v.get(link)).status, 410);
    });
    // A tampered token is unknown.
    const other = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    assert.equal((await v.get(`/fi/materials/access/${other}/file`)).status, 404);
  });

  /** Asks for material 3 as a new visitor, approves it, and returns the
   * link's page path and its grant id. */
  async function approvedLink() {
    const email = visitor();
    await ask(email);
    const reqId = q(`SELECT id FROM material_request WHERE email = '${email}'`);
    assert.equal((await as.coordinator.post(`/fi/materials/requests/${reqId}/approve`)).status, 303);
    await mailDrained(srv.db);
    const token = /materials\/access\/([A-Za-z0-9_-]{43})/.exec(bodyOf(mailsTo(email)[0]))[1];
    return { link: `/fi/materials/access/${token}`, grant: q(`SELECT id FROM material_grant WHERE request_id = ${reqId}`) };
  }

  it('ranges never make a link endless: a range start counts, resumes are few and short-lived (issue 11, item 7)', async () => {
    const { link, grant } = await approvedLink();
    const uses = () => Number(q(`SELECT uses FROM material_grant WHERE id = ${grant}`));
    const v = new Client(srv.url);
    // A first request that does not start at byte 0 starts a download too.
    const first = await v.get(`${link}/file`, { headers: { range: 'bytes=1-' } });
    assert.equal(first.status, 206);
    assert.equal(uses(), 1, 'a download that starts with a range takes a use');
    // Asking for "bytes=1-" over and over runs out of uses.
    let ok = 1;
    let last;
    for (let i = 0; i < 60; i++) {
      last = await v.get(`${link}/file`, { headers: { range: 'bytes=1-' } });
      if (last.status !== 206) break;
      ok += 1;
    }
    assert.equal(last.status, 410, `still ${last.status} after ${ok} ranged downloads`);
    assert.equal(uses(), 5);
    assert.ok(ok <= 5 * 6, `${ok} ranged downloads from a link of 5 uses`);
    // Used up: neither a range nor the whole file, and nothing written.
    await unchanged(async () => {
      assert.equal((await v.get(`${link}/file`, { headers: { range: 'bytes=10-' } })).status, 410);
      assert.equal((await v.get(`${link}/file`)).status, 410);
    });
    // A resume long after its download started is a new download.
    const other = await approvedLink();
    const ouses = () => Number(q(`SELECT uses FROM material_grant WHERE id = ${other.grant}`));
    assert.equal((await v.get(`${other.link}/file`)).status, 200);
    assert.equal((await v.get(`${other.link}/file`, { headers: { range: 'bytes=10-' } })).status, 206);
    assert.equal(ouses(), 1, 'a resume right after the start is the same download');
    q(`UPDATE material_grant SET started_at = started_at - 3600 WHERE id = ${other.grant}`);
    assert.equal((await v.get(`${other.link}/file`, { headers: { range: 'bytes=10-' } })).status, 206);
    assert.equal(ouses(), 2, 'a resume an hour later takes a use');
    assert.equal(q(`SELECT count(*) FROM material_download WHERE grant_id = ${other.grant}`), '2');
  });

  it('asking again while a request waits adds nothing', async () => {
    const email = visitor();
    assert.equal((await ask(email)).r.status, 303);
    const again = await ask(email.toUpperCase());
    assert.equal(again.r.status, 303);
    assert.equal(q(`SELECT count(*) FROM material_request WHERE email = '${email}'`), '1');
  });

  it('an expired link is refused', async () => {
    const email = visitor();
    await ask(email);
    const reqId = q(`SELECT id FROM material_request WHERE email = '${email}'`);
    assert.equal((await as.admin.post(`/fi/materials/requests/${reqId}/approve`)).status, 303);
    await mailDrained(srv.db);
    const token = /materials\/access\/([A-Za-z0-9_-]{43})/.exec(bodyOf(mailsTo(email)[0]))[1];
    assert.equal((await as.anonymous.get(`/fi/materials/access/${token}`)).status, 200);
    q(`UPDATE material_grant SET expires_at = ${Math.floor(Date.now() / 1000)} - 1 WHERE request_id = ${reqId}`);
    await unchanged(async () => {
      assert.equal((await as.anonymous.get(`/fi/materials/access/${token}`)).status, 410);
      assert.equal((await as.anonymous.get(`/fi/materials/access/${token}/file`)).status, 410);
      assert.equal((await as.anonymous.get(`/fi/materials/access/${token}/file`, { headers: { range: 'bytes=5-' } })).status, 410);
    });
  });

  it('declining sends a polite message and no link', async () => {
    const email = visitor();
    await ask(email);
    const reqId = q(`SELECT id FROM material_request WHERE email = '${email}'`);
    await unchanged(async () => {
      const long = await as.coordinator.post(`/fi/materials/requests/${reqId}/decline`, { message: 'x'.repeat(1001) });
      assert.equal(long.status, 400);
    });
    const d = await as.coordinator.post(`/fi/materials/requests/${reqId}/decline`,
      { message: 'Aineisto päivitetään keväällä; kysy silloin uudelleen.' });
    assert.equal(d.status, 303);
    assert.equal(q(`SELECT status FROM material_request WHERE id = ${reqId}`), 'declined');
    assert.equal((await as.coordinator.post(`/fi/materials/requests/${reqId}/decline`)).status, 409);
    assert.equal(q(`SELECT count(*) FROM material_grant WHERE request_id = ${reqId}`), '0');
    await mailDrained(srv.db);
    const body = bodyOf(mailsTo(email)[0]);
    assert.match(body, /Kiitos kiinnostuksestasi/);
    assert.match(body, /Viesti pyyntösi käsittelijältä:\s+Aineisto päivitetään keväällä; kysy silloin uudelleen\./);
    assert.doesNotMatch(body, /materials\/access\//);
  });

  it('one client address may send only a few requests per quarter of an hour', async () => {
    let sent = 0;
    let last;
    for (let i = 0; i < 12; i++) {
      last = (await ask(visitor())).r;
      if (last.status !== 303) break;
      sent += 1;
    }
    assert.equal(last.status, 429);
    assert.ok(sent <= 10, `${sent} requests went through`);
    await unchanged(async () => {
      assert.equal((await ask(visitor())).r.status, 429);
    });
    q('DELETE FROM throttle');
  });

  it('one e-mail address may send only a few requests per quarter of an hour: 429 with Retry-After, nothing written (issue 11, item 4)', async () => {
    q('DELETE FROM throttle');
    const email = visitor();
    let sent = 0;
    let last;
    for (let i = 0; i < 8; i++) {
      last = (await ask(email)).r;
      if (last.status !== 303) break;
      sent += 1;
      // Decided, so the next one is a new request, not the waiting one.
      q(`UPDATE material_request SET status = 'declined' WHERE email = '${email}'`);
    }
    assert.equal(last.status, 429);
    assert.equal(sent, 5, `${sent} requests for one e-mail address went through`);
    const wait = Number(last.headers['retry-after']);
    assert.ok(wait > 0 && wait <= 900, `Retry-After: ${last.headers['retry-after']}`);
    // The same address in capitals is the same address; nothing is written.
    await unchanged(async () => {
      const again = (await ask(email.toUpperCase())).r;
      assert.equal(again.status, 429);
      assert.ok(Number(again.headers['retry-after']) > 0);
    });
    // Another address from the same client still may.
    assert.equal((await ask(visitor())).r.status, 303);
    q('DELETE FROM throttle');
  });

  it('a name is one line in the mail, even one stored with line breaks (issue 11, item 10)', async () => {
    // The form refuses line breaks in the name (form_text without FORM_MULTILINE).
    await unchanged(async () => {
      for (const name of ['Victim\r\nPhish: visit http://evil.example', 'Victim\nPhish', 'Victim\rPhish']) {
        const { r } = await ask(visitor(), { name });
        assert.equal(r.status, 400, JSON.stringify(name));
      }
    });
    // A name that got in by other means (an older version, an import) stays one line.
    const email = visitor();
    await ask(email);
    const reqId = q(`SELECT id FROM material_request WHERE email = '${email}'`);
    q(`UPDATE material_request SET name = 'Victim' || char(13) || char(10) || 'Phish: visit http://evil.example' || char(10) WHERE id = ${reqId}`);
    const title = q('SELECT title FROM material WHERE id = 3');
    q(`UPDATE material SET title = title || char(10) || 'Bcc: victim@example.org' WHERE id = 3`);
    try {
      assert.equal((await as.coordinator.post(`/fi/materials/requests/${reqId}/approve`)).status, 303);
    } finally {
      q(`UPDATE material SET title = '${title.replace(/'/g, "''")}' WHERE id = 3`);
    }
    await mailDrained(srv.db);
    const [m] = mailsTo(email);
    const lines = bodyOf(m).split('\n');
    assert.ok(lines.includes('Hei Victim Phish: visit http://evil.example'), bodyOf(m));
    assert.ok(!lines.some((l) => /^(Phish|Bcc):/.test(l)), bodyOf(m));
    assert.ok(!/^bcc:/im.test(m.raw.toString().split('\r\n\r\n')[0]), 'no Bcc header');
    assert.deepEqual(m.to, [email]);
  });

  it('mail says it is automatic, in which language, from which site (issue 11, item 22)', async () => {
    const email = visitor();
    const c = new Client(srv.url);
    await c.loadCsrf('/sv/materials/3/request');
    assert.equal((await c.post('/sv/materials/3/request', { name: 'Maja', organisation: '', email, purpose: 'Handledning' })).status, 303);
    const reqId = q(`SELECT id FROM material_request WHERE email = '${email}'`);
    assert.equal((await as.coordinator.post(`/fi/materials/requests/${reqId}/approve`)).status, 303);
    await mailDrained(srv.db);
    const [m] = mailsTo(email);
    // Python's e-mail parser reads the headers as a mail client would.
    const script = String.raw`
import json, sys
from email import policy
from email.parser import BytesParser
msg = BytesParser(policy=policy.default).parsebytes(sys.stdin.buffer.read())
print(json.dumps({k: str(msg[k]) if msg[k] is not None else None for k in
  ['Auto-Submitted', 'Content-Language', 'Message-ID', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'Subject']}))
`;
    const r = spawnSync('/usr/bin/python3', ['-c', script], { input: m.raw });
    assert.equal(r.status, 0, r.stderr?.toString());
    const h = JSON.parse(r.stdout.toString());
    assert.equal(h['Auto-Submitted'], 'auto-generated');
    assert.equal(h['Content-Language'], 'sv');
    assert.match(h['Message-ID'], /^<[0-9a-f]{32}@tv\.example>$/);
    // A request's answer is not mail one can turn off.
    assert.equal(h['List-Unsubscribe'], null);
    assert.equal(h['List-Unsubscribe-Post'], null);
    assert.match(h.Subject, /godkänts/);
  });

  it('request data follows the retention setting', async () => {
    const email = visitor();
    await ask(email);
    const reqId = q(`SELECT id FROM material_request WHERE email = '${email}'`);
    q(`UPDATE material_request SET created_at = created_at - 40 * 86400 WHERE id = ${reqId}`);
    const out = cli(undefined, ['retention', '--db', srv.db, '--retention-days', '30']).stdout;
    assert.match(out, /material requests blanked: [1-9]/);
    assert.equal(q(`SELECT name || '|' || email || '|' || purpose || '|' || status || '|' || CAST((erased_at IS NOT NULL) AS INTEGER) FROM material_request WHERE id = ${reqId}`), '|||declined|1');
  });
});

describe('registrants reach their event\'s materials by their link', () => {
  function register(status) {
    const token = randomBytes(32).toString('base64url');
    const ev = q('SELECT id FROM event WHERE starts_at = 1633500000');
    const now = Math.floor(Date.now() / 1000);
    const id = q(`INSERT INTO registration (event_id, submission, token_hash, name, email, lang, status, created_at, updated_at)
      VALUES (${ev}, '${unique('s')}', '${sha(token)}', 'Rekisteröitynyt', '${unique('r')}@example.org', 'fi', '${status}', ${now}, ${now}) RETURNING id;`);
    return { token, id };
  }

  it('a confirmed registrant lists and downloads the event\'s materials', async () => {
    const { token, id } = register('confirmed');
    const c = new Client(srv.url);
    const list = await c.get(`/fi/registrations/${token}/materials`);
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`/fi/registrations/${token}/materials/4/file`));
    assert.doesNotMatch(list.text, /sisäinen yhteenveto/i);
    const f = await c.get(`/fi/registrations/${token}/materials/4/file`);
    assert.equal(f.status, 200);
    assert.equal(sha(f.body), q('SELECT sha256 FROM material_version WHERE material_id = 4'));
    assert.equal(q(`SELECT via FROM material_download WHERE registration_id = ${id}`), 'registration');
    await unchanged(async () => {
      // Not the staff-only one, not on-request ones, not other events'.
      assert.equal((await c.get(`/fi/registrations/${token}/materials/5/file`)).status, 404);
      assert.equal((await c.get(`/fi/registrations/${token}/materials/3/file`)).status, 404);
      assert.equal((await c.get(`/fi/registrations/${token}/materials/999/file`)).status, 404);
    });
  });

  it('a cancelled or waiting registration opens nothing', async () => {
    for (const status of ['cancelled', 'waiting']) {
      const { token } = register(status);
      await unchanged(async () => {
        assert.equal((await as.anonymous.get(`/fi/registrations/${token}/materials`)).status, 404);
        assert.equal((await as.anonymous.get(`/fi/registrations/${token}/materials/4/file`)).status, 404);
      });
    }
  });
});

describe('backup', () => {
  it('copies the stored files beside the database copy', { skip: onPg && 'SQLite file backup; PostgreSQL uses pg_dump' }, () => {
    const dest = path.join(mkdtempSync(path.join(tmpdir(), 'tv-backup-')), 'copy.db');
    const out = cli(undefined, ['backup', dest, '--db', srv.db]).stdout;
    assert.match(out, /copied \d+ new stored files/);
    const hashes = q('SELECT DISTINCT sha256 FROM material_version').split('\n');
    assert.ok(hashes.length >= 5);
    for (const h of hashes) {
      const f = path.join(`${dest}.files`, 'sha', h.slice(0, 2), h);
      assert.ok(existsSync(f), f);
      assert.equal(sha(readFileSync(f)), h);
    }
    // A second run copies nothing new.
    assert.match(cli(undefined, ['backup', dest, '--db', srv.db]).stdout, /copied 0 new stored files/);
    rmSync(path.dirname(dest), { recursive: true, force: true });
  });
});

describe('the material form offers the user\'s own region only', () => {
  const selectOf = (html, id) => new RegExp(`<select id="${id}"[^]*?</select>`).exec(html)[0];
  const values = (select) => [...select.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);

  it('a coordinator of another region sees none of the first region\'s events or agenda items, and cannot attach them', async () => {
    q("INSERT INTO region (code, name_fi) VALUES ('lappi', 'Lappi');");
    const lappi = q("SELECT id FROM region WHERE code = 'lappi'");
    // Upcoming: the retention job would erase an old event's data while
    // a "nothing changed" check runs.
    q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at) VALUES (${lappi}, 'webinar', 'Lapin webinaari', ${Math.floor(Date.now() / 1000)} + 30 * 86400, ${Math.floor(Date.now() / 1000)} + 30 * 86400 + 3600);`);
    const own = q('SELECT max(id) FROM event');
    const u = addUser(srv, `lappi.${unique('c')}@example.fi`, 'coordinator', { name: 'Lapin koordinaattori' });
    q(`UPDATE account SET region_id = ${lappi} WHERE id = ${u.id}`);
    const lapland = await signIn(srv.url, u.email, u.password);
    const events = q(`SELECT id FROM event WHERE region_id <> ${lappi}`).split('\n').filter(Boolean);
    const items = q(`SELECT i.id FROM agenda_item i JOIN event e ON e.id = i.event_id WHERE e.region_id <> ${lappi}`).split('\n').filter(Boolean);
    assert.ok(events.length > 0 && items.length > 0, 'the first region has events and agenda items');

    const theirs = await lapland.get('/fi/materials/new');
    assert.equal(theirs.status, 200);
    assert.deepEqual(values(selectOf(theirs.text, 'event')), [own]);
    assert.deepEqual(values(selectOf(theirs.text, 'agenda_item')), []);
    assert.ok(!theirs.text.includes('Kuntien digituki'), 'no title of the first region\'s events');

    // The first region's coordinator sees its own events, not Lapland's.
    const home = await as.coordinator.get('/fi/materials/new');
    assert.deepEqual(values(selectOf(home.text, 'event')).sort(), [...events].sort());
    assert.ok(!home.text.includes('Lapin webinaari'));

    // An event of the first region sent anyway is refused, nothing written.
    await unchanged(async () => {
      const r = await upload(lapland, '/fi/materials', { kind: 'link', url: 'https://video.example.fi/lappi', title: 'Lapin tallenne',
        lang: 'fi', access: 'public', event: events[0], agenda_item: items[0] });
      assert.equal(r.status, 400);
      assert.match(r.text, /Valitse tapahtuma listasta/);
      assert.match(r.text, /href="#agenda_item"/);
    });
    q(`DELETE FROM event WHERE id = ${own}`);
  });
});

describe('every mistake of a form at once', () => {
  /** Asserts the 400 page: "Virhe:" first in the title, the summary
   * linking to exactly `ids` in order, each field aria-invalid with its
   * message. */
  function allAtOnce(res, ids) {
    assert.equal(res.status, 400, res.text.slice(0, 500));
    assert.match(res.text, /<title>Virhe: /);
    const summary = /<div class="error-summary"[^]*?<\/div>/.exec(res.text)[0];
    assert.deepEqual([...summary.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]), ids);
    for (const id of ids) {
      assert.match(res.text, new RegExp(`id="${id}"[^>]*aria-invalid="true"`), `#${id} is marked invalid`);
      assert.ok(res.text.includes(`id="${id}-error"`), `#${id} has its message`);
    }
  }

  it('the material form', async () => {
    await unchanged(async () => {
      const r = await upload(as.coordinator, '/fi/materials', { kind: 'link', url: 'javascript:alert(1)', title: '',
        description: 'x'.repeat(5001), lang: 'xx', access: 'everyone', topic: 'nope', event: 'abc' });
      allAtOnce(r, ['url', 'title', 'description', 'lang', 'topic', 'access', 'event']);
      assert.match(r.text, /Kirjoita otsikko/);
    });
  });

  it('the material form with a file: a bad file and a missing title together', async () => {
    await unchanged(async () => {
      const r = await upload(as.coordinator, '/fi/materials', { kind: 'file', title: '', lang: 'fi', access: 'public', library: '1' },
        [{ name: 'file', filename: 'notes.pdf', data: Buffer.from('just text\n') }]);
      allAtOnce(r, ['file', 'title']);
      assert.match(r.text, /Tämän tyyppistä tiedostoa ei hyväksytä/);
    });
  });

  it('a new version: no file and a note too long', async () => {
    await unchanged(async () => {
      const r = await upload(as.coordinator, '/fi/materials/1/versions', { note: 'x'.repeat(201) }, []);
      allAtOnce(r, ['file', 'note']);
    });
  });

  it('the request form', async () => {
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/materials/3/request');
    await unchanged(async () => {
      const r = await c.post('/fi/materials/3/request', { name: '', organisation: 'o'.repeat(201), email: 'not-an-address', purpose: '' });
      allAtOnce(r, ['name', 'organisation', 'email', 'purpose']);
      assert.ok(r.text.includes('value="not-an-address"'), 'what was written is kept');
    });
  });
});
