// The badges' staff and people pages (src/learning) against the real
// binary, on either backend: a coordinator makes an achievement (texts in
// fi/sv/en, a generated SVG or an uploaded PNG/SVG), awards it by e-mail
// with a narrative and evidence, and revokes it with a reason - reflected
// at once in the 2.0 Assertion (410), the RevocationList and the 3.0 status
// list; every mistake of a form shown at once with nothing written; bad
// uploads (a GIF, a PNG with a broken CRC, an SVG with a script or an
// external link, a baked PNG) refused with a clear message and nothing
// written; roles (ACT_BADGES: coordinators and administrators) and CSRF;
// the audit log; the public verification page; an earner's own list and
// the consent to a public page, given and withdrawn; export and erasure.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, deflateSync, crc32 } from 'node:zlib';
import * as jose from 'jose';
import path from 'node:path';
import { startServer, request } from '../lib/server.mjs';
import { spooledMessage } from '../lib/smtp-sink.mjs';
import {
  Client, addUser, signIn, snapshot, diffSnapshots, sqlite, unique, PASSWORD_COST,
} from '../lib/auth.mjs';

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

/** A PNG of w x h (one colour), with extra chunks before IEND. */
function png(w = 32, h = 32, extra = []) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc(h * (1 + 3 * w), 0x40);
  for (let y = 0; y < h; y++) raw[y * (1 + 3 * w)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), ...extra.map(([t, d]) => chunk(t, d)), chunk('IEND', Buffer.alloc(0))]);
}

const SVG_OK = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>T</title><circle cx="5" cy="5" r="4" fill="url(#g)"/><defs><linearGradient id="g"><stop offset="0" stop-color="#00f"/></linearGradient></defs></svg>';

/** A full achievement form (Finnish only unless fields say otherwise). */
function achForm(fields = {}) {
  const f = {
    name_fi: 'Etäopastaja', description_fi: 'Osaa opastaa asiakasta etäyhteydellä.', criteria_fi: 'Ohjaa kolme etäopastusta.',
    name_sv: '', description_sv: '', criteria_sv: '', name_en: '', description_en: '', criteria_en: '',
    kind: 'Competency', tags_fi: 'etätuki, opastus', tags_sv: '', tags_en: '', image: 'generate',
  };
  for (let i = 1; i <= 3; i++) Object.assign(f, { [`align_name_${i}`]: '', [`align_url_${i}`]: '', [`align_framework_${i}`]: '', [`align_code_${i}`]: '' });
  return { ...f, ...fields };
}

before(async () => {
  srv = await startServer({ args: [...PASSWORD_COST, '--page-cache-ms', '0'] });
  const add = (name, role, opts = {}) => {
    acct[name] = addUser(srv, `${name}.${unique('b')}@example.fi`, role, { name: `The ${name}`, ...opts });
  };
  add('coordinator', 'coordinator');
  add('admin', 'admin');
  add('supporter', 'supporter');
  add('municipal', 'municipal-coordinator', { municipality: '611' });
  add('tutor', 'tutor', { scopes: ['611'] });
  for (const n of Object.keys(acct)) as[n] = await signIn(srv.url, acct[n].email, acct[n].password);
});

after(async () => {
  await srv?.stop();
});

describe('who may make and award badges', () => {
  it('coordinators and administrators; others 403, anonymous visitors go to sign in', async () => {
    for (const r of ['coordinator', 'admin']) {
      for (const p of ['/fi/staff/badges', '/sv/staff/badges/new', '/en/staff/badges/1', '/fi/staff/badges/1/award', '/fi/staff/badges/awards/1/revoke']) {
        assert.equal((await as[r].get(p)).status, 200, `${r} ${p}`);
      }
    }
    for (const r of ['supporter', 'municipal', 'tutor']) {
      assert.equal((await as[r].get('/fi/staff/badges')).status, 403, r);
      await unchanged(async () => {
        const res = await as[r].post('/fi/staff/badges', achForm());
        assert.equal(res.status, 403, r);
        const aw = await as[r].post('/fi/staff/badges/1/award', { name: 'X', email: 'x@example.fi', lang: 'fi' });
        assert.equal(aw.status, 403, r);
      });
    }
    const res = await anon().get('/fi/staff/badges');
    assert.equal(res.status, 303);
    assert.match(res.headers.location, /^\/fi\/signin\?next=/);
  });

  it('a form without its CSRF token is refused and writes nothing', async () => {
    await unchanged(async () => {
      const res = await as.coordinator.post('/fi/staff/badges', { ...achForm(), csrf: '' });
      assert.equal(res.status, 403);
      const r2 = await as.coordinator.post('/fi/staff/badges/awards/1/revoke', { reason: 'x', csrf: 'wrong' });
      assert.equal(r2.status, 403);
    });
  });

  it('unknown achievements and awards are 404', async () => {
    for (const p of ['/fi/staff/badges/999999', '/fi/staff/badges/x', '/fi/staff/badges/999999/award', '/fi/staff/badges/awards/999999/revoke']) {
      assert.equal((await as.coordinator.get(p)).status, 404, p);
    }
  });
});

describe('making an achievement', () => {
  it('with every mistake at once, writes nothing and keeps what was written', async () => {
    await unchanged(async () => {
      const res = await as.coordinator.post('/fi/staff/badges', achForm({
        name_fi: '', description_fi: 'Kuvaus ilman nimeä', criteria_fi: '',
        name_sv: 'Bara namn', kind: 'Superhero', tags_fi: 'a'.repeat(41), tags_en: 'only tags',
        align_name_1: 'DigComp 1.1', align_url_1: 'javascript:alert(1)', image: 'upload',
      }));
      assert.equal(res.status, 400);
      assert.match(res.text, /<title>Virhe: /);
      const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)[0];
      for (const field of ['name_fi', 'criteria_fi', 'description_sv', 'criteria_sv', 'name_en', 'kind', 'tags_fi', 'align_url_1', 'image_file']) {
        assert.ok(summary.includes(`href="#${field}"`), `${field} in the summary`);
      }
      assert.ok(res.text.includes('value="Bara namn"'), 'the form keeps what was written');
      assert.ok(res.text.includes('Kuvaus ilman nimeä'));
    });
  });

  it('with a generated image: an accessible SVG with the name as its title', async () => {
    const res = await as.coordinator.post('/fi/staff/badges', achForm({
      name_sv: 'Distansguide', description_sv: 'Kan guida på distans.', criteria_sv: 'Guidar tre gånger.', tags_sv: 'distansstöd, handledning',
      align_name_1: 'DigComp 2.2: 2.1', align_url_1: 'https://joint-research-centre.ec.europa.eu/digcomp_en', align_framework_1: 'DigComp 2.2', align_code_1: '2.1',
    }));
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    const id = Number(/^\/fi\/staff\/badges\/(\d+)\?done=created$/.exec(res.headers.location)[1]);
    assert.equal(q(`SELECT name_fi || '|' || name_sv || '|' || kind || '|' || tags_fi || '|' || tags_sv || '|' || image_type || image_generated FROM achievement WHERE id = ${id};`),
      'Etäopastaja|Distansguide|Competency|etätuki\nopastus|distansstöd\nhandledning|svg1');
    const img = await request(`${srv.url}/badges/images/${id}`);
    assert.equal(img.headers['content-type'], 'image/svg+xml');
    assert.match(img.text, /role="img" aria-labelledby="badge-title"[^>]*><title id="badge-title">Etäopastaja<\/title>/);
    const cls = JSON.parse((await request(`${srv.url}/badges/classes/${id}/sv`)).text);
    assert.equal(cls.name, 'Distansguide');
    assert.deepEqual(cls.tags, ['distansstöd', 'handledning'], 'the tags of its own language');
    assert.deepEqual(cls.alignment, [{ targetName: 'DigComp 2.2: 2.1', targetUrl: 'https://joint-research-centre.ec.europa.eu/digcomp_en', targetFramework: 'DigComp 2.2', targetCode: '2.1' }]);
    assert.equal((await request(`${srv.url}/badges/classes/${id}/en`)).status, 404, 'no English version');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'badge.achievement-create' AND object_id = '${id}';`), '1');
  });

  it('with an uploaded PNG and then an SVG, each checked by its bytes', async () => {
    let res = await upload(as.coordinator, '/fi/staff/badges', achForm({ name_fi: 'PNG-merkki', image: 'upload' }),
      [{ name: 'image_file', filename: 'merkki.png', type: 'image/png', data: png(64, 64) }]);
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    const id = Number(/\/(\d+)\?done=created$/.exec(res.headers.location)[1]);
    const img = await request(`${srv.url}/badges/images/${id}`);
    assert.equal(img.headers['content-type'], 'image/png');
    assert.deepEqual(img.body, png(64, 64));
    res = await upload(as.coordinator, `/fi/staff/badges/${id}`, achForm({ name_fi: 'SVG-merkki', image: 'upload' }),
      [{ name: 'image_file', filename: 'merkki.svg', type: 'image/svg+xml', data: Buffer.from(SVG_OK) }]);
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    assert.equal((await request(`${srv.url}/badges/images/${id}`)).text, SVG_OK);
    // Keeping the image changes only the texts.
    res = await as.coordinator.post(`/fi/staff/badges/${id}`, achForm({ name_fi: 'SVG-merkki 2', image: 'keep' }));
    assert.equal(res.status, 303);
    assert.equal((await request(`${srv.url}/badges/images/${id}`)).text, SVG_OK);
  });

  const bad = [
    ['a GIF', 'kuva.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), /The image must be a PNG or SVG file/],
    ['a PDF named .png', 'kuva.png', Buffer.from('%PDF-1.4\n%...'), /The image must be a PNG or SVG file/],
    ['a PNG with a broken CRC', 'kuva.png', (() => { const b = png(); b[b.length - 20] ^= 0xff; return b; })(), /The PNG image is damaged/],
    ['a PNG too small', 'kuva.png', png(8, 8), /from 16 × 16 to 2048 × 2048 pixels/],
    ['a PNG baked already', 'kuva.png', png(32, 32, [['iTXt', Buffer.from('openbadges\0\0\0\0\0{}')]]), /already carries badge data/],
    ['an SVG with a script', 'kuva.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /scripts, links or other content/],
    ['an SVG with an event handler', 'kuva.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1" onload="alert(1)"/></svg>'), /scripts, links/],
    ['an SVG with an external image', 'kuva.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>'), /scripts, links/],
    ['an SVG with a DTD', 'kuva.svg', Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>'), /scripts, links/],
    ['an SVG with foreignObject', 'kuva.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>'), /scripts, links/],
    ['an HTML page', 'kuva.svg', Buffer.from('<html><body>x</body></html>'), /The image must be a PNG or SVG file/],
    ['too large', 'kuva.svg', Buffer.concat([Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">'), Buffer.alloc(300 * 1024, 0x20), Buffer.from('</svg>')]), /too large: at most 256 KB/],
  ];
  for (const [what, filename, data, message] of bad) {
    it(`refuses ${what} with a clear message and writes nothing`, async () => {
      await unchanged(async () => {
        const res = await upload(as.coordinator, '/fi/staff/badges', achForm({ image: 'upload' }), [{ name: 'image_file', filename, data }]);
        assert.equal(res.status, 400);
        const en = await upload(as.coordinator, '/en/staff/badges/1', achForm({ image: 'upload' }), [{ name: 'image_file', filename, data }]);
        assert.equal(en.status, 400);
        assert.match(en.text, message);
        assert.match(en.text, /<a href="#image_file">/);
      });
    });
  }
});

describe('awarding and revoking', () => {
  let uuid;
  let awardId;
  const email = `earner.${unique('e')}@example.fi`;

  it('a site without an issuer key gets one, sealed, with its first award', async () => {
    q("DELETE FROM badge_key; DELETE FROM auth_key WHERE name = 'badge-seal';");
    assert.equal((await request(`${srv.url}/.well-known/did.json`)).status, 404);
    const res = await as.admin.post('/fi/staff/badges/1/award', { name: 'Eka Saaja', email: `first.${unique('f')}@example.fi`, lang: 'fi', narrative: '', evidence: '' });
    assert.equal(res.status, 303);
    assert.equal(q("SELECT count(*) FROM badge_key;"), '1');
    assert.equal(q("SELECT count(*) FROM auth_key WHERE name = 'badge-seal';"), '1');
    const did = JSON.parse((await request(`${srv.url}/.well-known/did.json`)).text);
    const uuid = /\/badges\/([0-9a-f-]{36})\?/.exec(res.headers.location)[1];
    const jwt = (await request(`${srv.url}/badges/credentials/${uuid}/jwt`)).text;
    await jose.jwtVerify(jwt, await jose.importJWK(did.verificationMethod[0].publicKeyJwk, 'EdDSA'), { issuer: did.id });
  });

  it('awards a badge by e-mail with a narrative and evidence; both formats publish it', async () => {
    await unchanged(async () => {
      const res = await as.coordinator.post('/fi/staff/badges/1/award', { name: '', email: 'not an address', lang: 'de', narrative: '', evidence: 'ftp://x' });
      assert.equal(res.status, 400);
      const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)[0];
      for (const f of ['name', 'email', 'lang', 'evidence']) assert.ok(summary.includes(`href="#${f}"`), f);
    });
    const res = await as.coordinator.post('/fi/staff/badges/1/award', {
      name: 'Matti Mallikas', email: email.toUpperCase(), lang: 'sv', narrative: 'Klarade testet med 10/10.', evidence: 'https://tuki.example.fi/evidence/1',
    });
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    const m = /^\/fi\/badges\/([0-9a-f-]{36})\?done=awarded$/.exec(res.headers.location);
    assert.ok(m, res.headers.location);
    uuid = m[1];
    const [id, stored, salt] = q(`SELECT id, recipient_email, salt FROM badge_award WHERE uuid = '${uuid}';`).split('|');
    awardId = Number(id);
    assert.equal(stored, email, 'the address in lower case');
    const a = JSON.parse((await request(`${srv.url}/badges/assertions/${uuid}`)).text);
    assert.equal(a.recipient.identity, `sha256$${createHash('sha256').update(email + salt).digest('hex')}`);
    assert.equal(a.badge, `${srv.url}/badges/classes/1/sv`);
    assert.deepEqual(a.evidence, [{ type: 'Evidence', id: 'https://tuki.example.fi/evidence/1', narrative: 'Klarade testet med 10/10.' }]);
    const did = JSON.parse((await request(`${srv.url}/.well-known/did.json`)).text);
    const jwt = (await request(`${srv.url}/badges/credentials/${uuid}/jwt`)).text;
    const key = await jose.importJWK(did.verificationMethod[0].publicKeyJwk, 'EdDSA');
    const { payload } = await jose.jwtVerify(jwt, key, { issuer: did.id });
    assert.equal(payload.vc.credentialSubject.achievement.name, 'Grunderna i digitalt stöd');
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'badge.award' AND object_id = '${awardId}';`), '1');
    // The earner gets the page's address by e-mail, in the badge's language.
    assert.equal(q(`SELECT subject FROM mail_outbox WHERE to_addr = '${email}';`), 'Kompetensmärke: Grunderna i digitalt stöd');
    const mail = await spooledMessage(path.join(srv.dir, 'mail'), email, { subject: 'Kompetensmärke: Grunderna i digitalt stöd' });
    assert.match(mail.text, /^Du har fått ett kompetensmärke\./);
    assert.ok(mail.text.includes(`${srv.url}/sv/badges/${uuid}`), mail.text);
    // A badge whose image is an SVG: the Assertion's image is its baked
    // SVG, which is there (a PNG cannot be made of it).
    const svgBadge = q("SELECT id FROM achievement WHERE name_sv = 'Distansguide';");
    const r2 = await as.coordinator.post(`/fi/staff/badges/${svgBadge}/award`, { name: 'Maija Mallikas', email, lang: 'fi', narrative: '', evidence: '' });
    assert.equal(r2.status, 303, r2.text.slice(0, 2000));
    const svgUuid = /^\/fi\/badges\/([0-9a-f-]{36})\?done=awarded$/.exec(r2.headers.location)[1];
    const a2 = JSON.parse((await request(`${srv.url}/badges/assertions/${svgUuid}`)).text);
    assert.equal(a2.image, `${srv.url}/badges/assertions/${svgUuid}/badge.svg`);
    const img = await request(a2.image);
    assert.equal(img.status, 200);
    assert.equal(img.headers['content-type'], 'image/svg+xml');
    assert.match(img.text, /<openbadges:assertion verify="[^"]+\/badges\/assertions\//);
  });

  it('the verification page says who earned what, when, from whom, valid, with the machine-readable forms', async () => {
    const res = await anon().get(`/en/badges/${uuid}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-robots-tag'], 'noindex');
    assert.match(res.text, /<h1>Digital support basics<\/h1>/);
    assert.match(res.text, /This badge is valid\./);
    assert.match(res.text, /Matti Mallikas/);
    assert.match(res.text, /Uudenmaan digitukiverkosto|Uusimaa/);
    for (const p of [`/badges/credentials/${uuid}`, `/badges/credentials/${uuid}/jwt`, `/badges/assertions/${uuid}`,
      `/badges/assertions/${uuid}/badge.png`, `/badges/credentials/${uuid}/badge.svg`, '/badges/classes/1/sv', '/.well-known/did.json']) {
      assert.ok(res.text.includes(`href="${p}"`), p);
    }
    assert.ok(!res.text.includes(email), 'the address is not shown');
    assert.ok(!res.text.includes('/revoke"'), 'no revoke link for a visitor');
    assert.ok((await as.coordinator.get(`/fi/badges/${uuid}`)).text.includes(`/fi/staff/badges/awards/${awardId}/revoke`));
  });

  it('revokes with a reason: at once the Assertion is 410, the RevocationList lists it and its status bit is set', async () => {
    await unchanged(async () => {
      const res = await as.coordinator.post(`/fi/staff/badges/awards/${awardId}/revoke`, { reason: '' });
      assert.equal(res.status, 400);
      assert.match(res.text, /href="#reason"/);
    });
    const res = await as.coordinator.post(`/fi/staff/badges/awards/${awardId}/revoke`, { reason: 'Myönnetty väärälle henkilölle.' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/fi/badges/${uuid}?done=revoked`);
    const a = await request(`${srv.url}/badges/assertions/${uuid}`);
    assert.equal(a.status, 410);
    assert.deepEqual(JSON.parse(a.text).revocationReason, 'Myönnetty väärälle henkilölle.');
    const list = JSON.parse((await request(`${srv.url}/badges/revocations`)).text);
    assert.ok(list.revokedAssertions.some((x) => x.id === `${srv.url}/badges/assertions/${uuid}`));
    const vc = JSON.parse((await request(`${srv.url}/badges/credentials/${uuid}`)).text);
    const st = vc.credentialStatus;
    const jwt = (await request(st.statusListCredential)).text;
    const enc = jose.decodeJwt(jwt).vc.credentialSubject.encodedList;
    const bits = gunzipSync(Buffer.from(enc.slice(1), 'base64url'));
    const i = Number(st.statusListIndex);
    assert.equal((bits[i >> 3] >> (7 - (i & 7))) & 1, 1, 'the status bit is set');
    assert.equal((await request(`${srv.url}/badges/credentials/${uuid}/badge.png`)).status, 410);
    const page = await anon().get(`/en/badges/${uuid}`);
    assert.match(page.text, /This badge has been revoked and is no longer valid\./);
    assert.match(page.text, /Myönnetty väärälle henkilölle\./);
    assert.equal(q(`SELECT count(*) FROM audit_log WHERE action = 'badge.revoke' AND object_id = '${awardId}';`), '1');
    // Once revoked, it stays so.
    await unchanged(async () => {
      const again = await as.admin.post(`/fi/staff/badges/awards/${awardId}/revoke`, { reason: 'Toisen kerran.' });
      assert.equal(again.status, 409);
    });
  });
});

describe("an earner's badges and public page", () => {
  let uuid;

  before(async () => {
    const res = await as.coordinator.post('/fi/staff/badges/1/award', { name: 'The supporter', email: acct.supporter.email, lang: 'fi', narrative: '', evidence: '' });
    assert.equal(res.status, 303);
    uuid = /\/badges\/([0-9a-f-]{36})\?/.exec(res.headers.location)[1];
    assert.equal(q(`SELECT count(*) FROM badge_award w JOIN account a ON a.id = w.account_id WHERE w.uuid = '${uuid}' AND a.email = '${acct.supporter.email}';`), '1', 'linked to the account');
  });

  it('lists them to the earner, who gives and withdraws consent to a public page', async () => {
    let res = await as.supporter.get('/fi/account/badges');
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(`/fi/badges/${uuid}`));
    assert.equal(q(`SELECT count(*) FROM badge_consent WHERE account_id = ${acct.supporter.id ?? `(SELECT id FROM account WHERE email = '${acct.supporter.email}')`};`), '0');
    res = await as.supporter.post('/fi/account/badges', { consent: 'give' });
    assert.equal(res.status, 303);
    const slug = q(`SELECT slug FROM badge_consent WHERE account_id = (SELECT id FROM account WHERE email = '${acct.supporter.email}');`);
    assert.match(slug, /^[A-Za-z0-9_-]{22}$/);
    res = await anon().get(`/sv/badges/earners/${slug}`);
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(`/sv/badges/${uuid}`));
    assert.ok(res.text.includes('The supporter'));
    // Withdrawing is asked on a page of its own, which posts to itself.
    res = await as.supporter.get('/fi/account/badges');
    assert.ok(res.text.includes('href="/fi/account/badges/withdraw"'));
    res = await as.supporter.get('/fi/account/badges/withdraw');
    assert.equal(res.status, 200);
    assert.match(res.text, /<form method="post" action="\/fi\/account\/badges\/withdraw"/);
    res = await as.supporter.post('/fi/account/badges/withdraw', {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/fi/account/badges?done=withdrawn');
    assert.equal((await anon().get(`/sv/badges/earners/${slug}`)).status, 404, 'gone with the consent');
    await unchanged(async () => {
      assert.equal((await as.supporter.post('/fi/account/badges', { consent: 'maybe' })).status, 400);
      assert.equal((await anon().post('/fi/account/badges', { consent: 'give' })).status, 403);
    });
  });

  it('export lists the awards; erasure revokes them and forgets name and address', async () => {
    const id = q(`SELECT id FROM account WHERE email = '${acct.supporter.email}';`);
    let res = await as.supporter.get('/fi/account/export');
    assert.equal(res.status, 200);
    const doc = JSON.parse(res.text);
    assert.ok(doc.badges.some((b) => b.public_id === uuid && b.email === acct.supporter.email));
    res = await as.admin.get(`/fi/admin/users/${id}/erase`);
    await as.admin.loadCsrf(`/fi/admin/users/${id}/erase`);
    res = await as.admin.post(`/fi/admin/users/${id}/erase`, {});
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(q(`SELECT recipient_name || '|' || recipient_email || '|' || COALESCE(account_id, 0) || '|' || CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END FROM badge_award WHERE uuid = '${uuid}';`), '||0|1');
    assert.equal((await request(`${srv.url}/badges/assertions/${uuid}`)).status, 410);
    assert.equal((await request(`${srv.url}/badges/credentials/${uuid}`)).status, 410);
    const page = await anon().get(`/fi/badges/${uuid}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('The supporter'));
  });
});
