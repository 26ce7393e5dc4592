// Badges (src/learning, issue 17) against the real binary, on either
// backend: the demo's "Digituen perusteet" and its four awards (one
// revoked) read as a verifier would.
//
// Open Badges 3.0: the DID document at /.well-known/did.json; each
// credential's VC-JWT verified with npm jose (importJWK of the key the JOSE
// header's kid names in the DID document, jwtVerify), the JWT claims
// against the credential (ob_v3p0/integrity.md, "Verify a Credential
// VC-JWT Signature") and the payload's credential checked field by field
// against the OB 3.0 data model. There is no OB 3.0 JSON schema file in
// ../shared/schemas (only the JSON-LD context), so the checks below are
// written from the specification's data model: the required properties of
// AchievementCredential, Profile, AchievementSubject, Achievement,
// Criteria, IdentityObject, Image and Alignment with their types; every
// property used must be a term of context-3.0.3.json or of the VC 2.0
// context. The status list's VC-JWT is verified the same way and its bits
// read back (gunzip): the revoked award's bit is set, the others' not.
//
// Open Badges 2.0: the Issuer, BadgeClass, Assertion and RevocationList
// checked field by field for the properties and types the 2.0
// specification requires (../shared/schemas/openbadges-2.0/index.md), the
// hashed recipient recomputed as sha256(email + salt), `related` both ways,
// the content types (ld+json, or json for a client that accepts only
// that), and the revoked award's 410.
//
// Baked images: each PNG's chunks read back (CRC checked with zlib.crc32),
// one uncompressed iTXt chunk whose text is the VC-JWT (3.0, keyword
// openbadgecredential) or the hosted Assertion (2.0, keyword openbadges),
// the image data unchanged; each SVG's openbadges element read back.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, crc32 } from 'node:zlib';
import * as jose from 'jose';
import { startServer, request, repoRoot } from '../lib/server.mjs';
import { sqlite } from '../lib/auth.mjs';

let srv;
let awards;		// demo awards by id: { id, uuid, email, salt, lang, revoked }
let did;		// the DID document
const get = (p, headers = {}) => request(p.startsWith('http') ? p : srv.url + p, { headers });
const json = async (p, headers) => {
  const res = await get(p, headers);
  return { res, body: res.status < 500 && res.text ? JSON.parse(res.text) : null };
};
const bytes = async (p) => {
  const res = await request(srv.url + p, { binary: true });
  return res;
};

// The JSON-LD contexts' terms, to check that no property is undefined.
const ob3Context = JSON.parse(readFileSync(path.join(repoRoot, '..', 'shared', 'schemas', 'openbadges-3.0',
  'context-3.0.3.json'), 'utf8'));
const ob2Context = JSON.parse(readFileSync(path.join(repoRoot, '..', 'shared', 'schemas', 'openbadges-2.0',
  'v2-context.json'), 'utf8'));

// The demo badge's tags, each language version its own.
const demoTags = {
  fi: ['digituki', 'perustaidot', 'asiakaspalvelu'],
  sv: ['digitalt stöd', 'grundfärdigheter', 'kundservice'],
  en: ['digital support', 'basic skills', 'customer service'],
};
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const isUri = (s) => typeof s === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(s);
const isIri = (s) => typeof s === 'string' && /^https?:\/\/\S+$/.test(s);
const str = (s) => typeof s === 'string' && s.length > 0;
const types = (o) => (Array.isArray(o.type) ? o.type : [o.type]);

before(async () => {
  srv = await startServer();
  awards = sqlite(srv.db, 'SELECT id, uuid, recipient_email, salt, lang, COALESCE(revoked_at, 0), revoked_reason, status_list, status_index FROM badge_award ORDER BY id;')
    .trim().split('\n').map((l) => {
      const [id, uuid, email, salt, lang, revoked, reason, list, index] = l.split('|');
      return { id: Number(id), uuid, email, salt, lang, revoked: Number(revoked) !== 0, reason, list: Number(list), index: Number(index) };
    });
  assert.equal(awards.length, 4, 'the demo has four awards');
  assert.equal(awards.filter((a) => a.revoked).length, 1, 'one of them revoked');
  ({ body: did } = await json('/.well-known/did.json'));
});

after(async () => {
  await srv?.stop();
});

/** The key the JWT's kid names in the DID document (the verifier's steps). */
async function keyOf(jwt) {
  const header = jose.decodeProtectedHeader(jwt);
  assert.deepEqual(Object.keys(header).sort(), ['alg', 'kid', 'typ'], 'no other JOSE headers');
  assert.equal(header.alg, 'EdDSA');
  assert.equal(header.typ, 'JWT');
  assert.ok(header.kid.startsWith(`${did.id}#`), header.kid);
  const vm = did.verificationMethod.find((m) => m.id === header.kid);
  assert.ok(vm, 'the kid names a verification method of the DID document');
  assert.ok(did.assertionMethod.includes(vm.id), 'an assertion method');
  assert.ok(!('d' in vm.publicKeyJwk), 'no private key');
  return jose.importJWK(vm.publicKeyJwk, 'EdDSA');
}

/** Checks that every key of o (recursively) is a term of the contexts. */
function termsDefined(o, terms, where = '') {
  if (Array.isArray(o)) { o.forEach((x, i) => termsDefined(x, terms, `${where}[${i}]`)); return; }
  if (o === null || typeof o !== 'object') return;
  for (const [k, v] of Object.entries(o)) {
    if (!k.startsWith('@')) assert.ok(terms.has(k), `${where}.${k} is a term of the context`);
    if (k !== '@context') termsDefined(v, terms, `${where}.${k}`);
  }
}

// Every term the OB 3.0 context defines, at any depth (scoped contexts
// included), and the VC 2.0 context's base terms that the credential uses.
function collectTerms(ctx, out = new Set()) {
  if (Array.isArray(ctx)) { ctx.forEach((c) => collectTerms(c, out)); return out; }
  if (ctx && typeof ctx === 'object') {
    for (const [k, v] of Object.entries(ctx)) {
      if (!k.startsWith('@')) out.add(k);
      if (v && typeof v === 'object') collectTerms(v['@context'] ?? v, out);
    }
  }
  return out;
}
const ob3Terms = collectTerms(ob3Context['@context']);
for (const t of ['id', 'type', 'issuer', 'validFrom', 'validUntil', 'credentialSubject', 'credentialStatus', 'name',
  'description', 'evidence', 'statusPurpose', 'statusListIndex', 'statusListCredential', 'encodedList']) ob3Terms.add(t);
const ob2Terms = collectTerms(ob2Context['@context']);
for (const t of ['id', 'type']) ob2Terms.add(t);

/** The OB 3.0 data model's required properties and types of a credential. */
function checkOb3Credential(vc, award) {
  assert.deepEqual(vc['@context'], ['https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
  assert.equal(vc.id, `${srv.url}/badges/credentials/${award.uuid}`);
  assert.ok(types(vc).includes('VerifiableCredential') && types(vc).includes('OpenBadgeCredential'));
  // Profile: id (URI), type ["Profile"], name.
  assert.equal(vc.issuer.id, did.id);
  assert.deepEqual(vc.issuer.type, ['Profile']);
  assert.ok(str(vc.issuer.name));
  assert.ok(ISO.test(vc.validFrom), vc.validFrom);
  assert.ok(str(vc.name));
  // AchievementSubject: type, achievement; id (the JWT's sub) a URI.
  const cs = vc.credentialSubject;
  assert.ok(types(cs).includes('AchievementSubject'));
  assert.equal(cs.id, `urn:uuid:${award.uuid}`);
  assert.ok(isUri(cs.id));
  // IdentityObject: identityHash, identityType, hashed, salt.
  assert.equal(cs.identifier.length, 1);
  const idn = cs.identifier[0];
  assert.equal(idn.type, 'IdentityObject');
  assert.equal(idn.identityType, 'emailAddress');
  assert.equal(idn.hashed, true);
  assert.equal(idn.salt, award.salt);
  assert.equal(idn.identityHash, `sha256$${createHash('sha256').update(award.email + award.salt).digest('hex')}`,
    'the hashed identity recomputed');
  // Achievement: id, type, criteria, description, name.
  const ac = cs.achievement;
  assert.equal(ac.id, `${srv.url}/badges/achievements/1/${award.lang}`);
  assert.deepEqual(ac.type, ['Achievement']);
  assert.ok(str(ac.name) && str(ac.description) && str(ac.criteria.narrative));
  assert.equal(ac.achievementType, 'Competency');
  assert.equal(ac.inLanguage, award.lang);
  assert.equal(ac.image.type, 'Image');
  assert.equal(ac.image.id, `${srv.url}/badges/images/1`);
  assert.ok(Array.isArray(ac.tag) && ac.tag.every(str));
  for (const al of ac.alignment) {
    assert.deepEqual(al.type, ['Alignment']);
    assert.ok(str(al.targetName) && isIri(al.targetUrl));
  }
  // related: the 2.0 BadgeClass of the same achievement, then the others.
  assert.ok(ac.related.some((r) => r.id === `${srv.url}/badges/classes/1/${award.lang}` &&
    r.type.includes('https://w3id.org/openbadges#BadgeClass')));
  // BitstringStatusListEntry.
  const st = vc.credentialStatus;
  assert.equal(st.type, 'BitstringStatusListEntry');
  assert.equal(st.statusPurpose, 'revocation');
  assert.equal(st.statusListIndex, String(award.index));
  assert.equal(st.statusListCredential, `${srv.url}/badges/status/${award.list}`);
  assert.equal(st.id, `${st.statusListCredential}#${award.index}`);
  termsDefined(vc, ob3Terms);
}

describe('the DID document', () => {
  it('publishes the issuer key as a JsonWebKey2020 with its RFC 7638 thumbprint as the fragment', async () => {
    const res = await get('/.well-known/did.json');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/did+json');
    assert.match(res.headers['cache-control'], /^public, max-age=\d+$/);
    const port = new URL(srv.url).port;
    assert.equal(did.id, `did:web:127.0.0.1%3A${port}`);
    assert.equal(did.verificationMethod.length, 1);
    const vm = did.verificationMethod[0];
    assert.equal(vm.type, 'JsonWebKey2020');
    assert.equal(vm.controller, did.id);
    assert.deepEqual(Object.keys(vm.publicKeyJwk).sort(), ['crv', 'kty', 'x']);
    assert.equal(vm.id, `${did.id}#${await jose.calculateJwkThumbprint(vm.publicKeyJwk, 'sha256')}`);
    assert.deepEqual(did.alsoKnownAs, [`${srv.url}/badges/issuer`]);
    const plain = await get('/.well-known/did.json', { accept: 'application/json' });
    assert.equal(plain.headers['content-type'], 'application/json');
  });

  it('never stores the seed in the clear: only sealed, under a server key of auth_key', () => {
    const row = sqlite(srv.db, 'SELECT public_key, sealed_seed FROM badge_key;').trim().split('|');
    assert.equal(Buffer.from(row[0], 'base64url').length, 32);
    assert.equal(Buffer.from(row[1], 'base64url').length, 24 + 32 + 16, 'nonce, sealed seed, tag');
    assert.equal(sqlite(srv.db, "SELECT count(*) FROM auth_key WHERE name = 'badge-seal';").trim(), '1');
  });
});

describe('Open Badges 3.0 credentials', () => {
  for (const i of [0, 1, 2, 3]) {
    it(`award ${i + 1}: the VC-JWT verifies with jose against the key in the DID document, claims and payload as OB 3.0 says`, async () => {
      const a = awards[i];
      const res = await get(`/badges/credentials/${a.uuid}/jwt`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      const jwt = res.text;
      const key = await keyOf(jwt);
      const { payload } = await jose.jwtVerify(jwt, key, { algorithms: ['EdDSA'], typ: 'JWT', issuer: did.id });
      const vc = payload.vc;
      assert.equal(payload.iss, vc.issuer.id);
      assert.equal(payload.sub, vc.credentialSubject.id);
      assert.equal(payload.jti, vc.id);
      assert.equal(payload.nbf, Date.parse(vc.validFrom) / 1000);
      assert.equal(payload.exp, undefined);
      checkOb3Credential(vc, a);
      // The JSON form is the same credential, linked to the JWT and to 2.0.
      const { res: jr, body } = await json(`/badges/credentials/${a.uuid}`);
      assert.equal(jr.status, 200);
      assert.equal(jr.headers['content-type'], 'application/ld+json');
      assert.deepEqual(body, vc);
      assert.match(jr.headers.link, new RegExp(`<${srv.url}/badges/credentials/${a.uuid}/jwt>; rel="alternate"`));
      // A changed payload does not verify.
      const [h, p, s] = jwt.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url'));
      claims.vc.credentialSubject.achievement.name = 'Something else';
      await assert.rejects(jose.jwtVerify([h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.'), key),
        (e) => e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      const vcjwt = await get(`/badges/credentials/${a.uuid}/jwt`, { accept: 'application/vc+jwt' });
      assert.equal(vcjwt.headers['content-type'], 'application/vc+jwt');
      assert.equal(vcjwt.text, jwt, 'EdDSA is deterministic: the same credential signs the same');
    });
  }

  it('the status list is a VC-JWT of the issuer whose bit is set for the revoked award only', async () => {
    const res = await get('/badges/status/1');
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'public, no-cache');
    const key = await keyOf(res.text);
    const { payload } = await jose.jwtVerify(res.text, key, { algorithms: ['EdDSA'], issuer: did.id });
    const list = payload.vc;
    assert.ok(list.type.includes('BitstringStatusListCredential'));
    assert.equal(list.id, `${srv.url}/badges/status/1`);
    assert.equal(list.issuer, did.id);
    assert.ok(ISO.test(list.validFrom));
    assert.equal(list.credentialSubject.type, 'BitstringStatusList');
    assert.equal(list.credentialSubject.statusPurpose, 'revocation');
    const enc = list.credentialSubject.encodedList;
    assert.equal(enc[0], 'u');
    const bits = gunzipSync(Buffer.from(enc.slice(1), 'base64url'));
    assert.equal(bits.length, 131072 / 8);
    const bit = (n) => (bits[n >> 3] >> (7 - (n & 7))) & 1;
    for (const a of awards) assert.equal(bit(a.index), a.revoked ? 1 : 0, `award ${a.id}`);
    let set = 0;
    for (const b of bits) for (let k = 0; k < 8; k++) set += (b >> k) & 1;
    assert.equal(set, 1, 'no other bit is set');
  });

  it('unknown lists, awards and languages are 404', async () => {
    for (const p of ['/badges/status/0', '/badges/status/2', '/badges/status/x',
      '/badges/credentials/00000000-0000-4000-8000-000000000000', '/badges/credentials/1',
      '/badges/credentials/nope/jwt', '/badges/achievements/1/de', '/badges/achievements/9999/fi',
      '/badges/classes/1/FI', '/badges/images/9999']) {
      assert.equal((await get(p)).status, 404, p);
    }
  });
});

describe('Open Badges 2.0 hosted verification', () => {
  it('the Issuer Profile has id, type, name, url and email, and points at the DID', async () => {
    const { res, body } = await json('/badges/issuer');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/ld+json');
    assert.equal(body['@context'], 'https://w3id.org/openbadges/v2');
    assert.equal(body.type, 'Issuer');
    assert.equal(body.id, `${srv.url}/badges/issuer`);
    assert.ok(str(body.name));
    assert.ok(isIri(body.url));
    assert.match(body.email, /^[^@\s]+@[^@\s]+$/);
    assert.equal(body.revocationList, `${srv.url}/badges/revocations`);
    assert.equal(body.related[0].id, did.id);
    termsDefined(body, ob2Terms);
  });

  for (const lang of ['fi', 'sv', 'en']) {
    it(`the BadgeClass in ${lang} has id, type, name, description, image, criteria and issuer`, async () => {
      const { res, body } = await json(`/badges/classes/1/${lang}`);
      assert.equal(res.status, 200);
      assert.equal(body.type, 'BadgeClass');
      assert.equal(body.id, `${srv.url}/badges/classes/1/${lang}`);
      assert.ok(str(body.name) && str(body.description));
      assert.equal(body.image, `${srv.url}/badges/images/1`);
      assert.equal(body.criteria.type, 'Criteria');
      assert.ok(str(body.criteria.narrative));
      assert.equal(body.issuer, `${srv.url}/badges/issuer`);
      assert.equal(body['@language'], lang);
      assert.deepEqual(body.tags, demoTags[lang], 'the tags of its own language');
      for (const al of body.alignment) assert.ok(str(al.targetName) && isIri(al.targetUrl));
      // related: the 3.0 Achievement, and the other languages.
      assert.ok(body.related.some((r) => r.id === `${srv.url}/badges/achievements/1/${lang}` && r.version === 'Open Badges v3p0'));
      const others = ['fi', 'sv', 'en'].filter((l) => l !== lang);
      for (const l of others) assert.ok(body.related.some((r) => r.id === `${srv.url}/badges/classes/1/${l}` && r['@language'] === l));
      termsDefined(body, ob2Terms);
      const { body: ach } = await json(`/badges/achievements/1/${lang}`);
      assert.equal(ach.name, body.name);
      assert.deepEqual(ach.tag, demoTags[lang]);
      for (const l of others) assert.ok(ach.related.some((r) => r.id === `${srv.url}/badges/achievements/1/${l}` && r.inLanguage === l));
    });
  }

  it('each valid Assertion has the required properties; the hashed e-mail recomputes; related points at the 3.0 credential', async () => {
    for (const a of awards.filter((x) => !x.revoked)) {
      const { res, body } = await json(`/badges/assertions/${a.uuid}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/ld+json');
      assert.equal(res.headers['cache-control'], 'public, no-cache');
      assert.equal(body['@context'], 'https://w3id.org/openbadges/v2');
      assert.equal(body.type, 'Assertion');
      assert.equal(body.id, `${srv.url}/badges/assertions/${a.uuid}`);
      assert.equal(body.recipient.type, 'email');
      assert.equal(body.recipient.hashed, true);
      assert.equal(body.recipient.salt, a.salt);
      assert.equal(body.recipient.identity, `sha256$${createHash('sha256').update(a.email + a.salt).digest('hex')}`);
      assert.ok(!res.text.includes(a.email), 'the address is never published');
      assert.equal(body.badge, `${srv.url}/badges/classes/1/${a.lang}`);
      assert.deepEqual(body.verification, { type: 'HostedBadge' });
      assert.ok(ISO.test(body.issuedOn));
      assert.equal(body.image, `${srv.url}/badges/assertions/${a.uuid}/badge.png`);
      assert.ok(str(body.evidence[0].narrative));
      assert.equal(body.related[0].id, `${srv.url}/badges/credentials/${a.uuid}`);
      termsDefined(body, ob2Terms);
      const { body: cred } = await json(body.related[0].id.slice(srv.url.length));
      assert.equal(cred.credentialSubject.identifier[0].identityHash, body.recipient.identity, 'one hash in both formats');
      const plain = await get(`/badges/assertions/${a.uuid}`, { accept: 'application/json' });
      assert.equal(plain.headers['content-type'], 'application/json');
    }
  });

  it('a revoked Assertion answers 410 Gone with revoked true and the reason, and is in the RevocationList', async () => {
    const a = awards.find((x) => x.revoked);
    const { res, body } = await json(`/badges/assertions/${a.uuid}`);
    assert.equal(res.status, 410);
    assert.equal(res.headers['content-type'], 'application/ld+json');
    assert.deepEqual(Object.keys(body).sort(), ['@context', 'id', 'revocationReason', 'revoked', 'type']);
    assert.equal(body.id, `${srv.url}/badges/assertions/${a.uuid}`);
    assert.equal(body.revoked, true);
    assert.equal(body.revocationReason, a.reason);
    const { res: lr, body: list } = await json('/badges/revocations');
    assert.equal(lr.status, 200);
    assert.equal(list.type, 'RevocationList');
    assert.equal(list.id, `${srv.url}/badges/revocations`);
    assert.equal(list.issuer, `${srv.url}/badges/issuer`);
    assert.deepEqual(list.revokedAssertions, [{ id: body.id, revocationReason: a.reason }]);
    for (const p of ['assertions', 'credentials']) {
      for (const f of ['badge.png', 'badge.svg']) {
        assert.equal((await get(`/badges/${p}/${a.uuid}/${f}`)).status, 410, `${p}/${f}`);
      }
    }
  });
});

/** The chunks of a PNG, every CRC checked. */
function pngChunks(buf) {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out = [];
  for (let p = 8; p < buf.length;) {
    const len = buf.readUInt32BE(p);
    const type = buf.subarray(p + 4, p + 8).toString('latin1');
    const data = buf.subarray(p + 8, p + 8 + len);
    assert.equal(buf.readUInt32BE(p + 8 + len), crc32(buf.subarray(p + 4, p + 8 + len)), `CRC of ${type}`);
    out.push({ type, data });
    p += 12 + len;
  }
  assert.equal(out[0].type, 'IHDR');
  assert.equal(out.at(-1).type, 'IEND');
  return out;
}

/** The iTXt chunks: { keyword, compressed, text }. */
function itxt(chunks) {
  return chunks.filter((c) => c.type === 'iTXt').map((c) => {
    const z = c.data.indexOf(0);
    const keyword = c.data.subarray(0, z).toString('latin1');
    const compressed = c.data[z + 1];
    let p = z + 3;
    const lang = c.data.indexOf(0, p); p = lang + 1;
    const tk = c.data.indexOf(0, p); p = tk + 1;
    return { keyword, compressed, text: c.data.subarray(p).toString('utf8') };
  });
}

describe('baked badges', () => {
  const a = () => awards[0];

  it('the 3.0 PNG carries the VC-JWT in one uncompressed iTXt chunk openbadgecredential; the image is the same', async () => {
    const img = await bytes('/badges/images/1');
    const res = await bytes(`/badges/credentials/${a().uuid}/badge.png`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.match(res.headers['content-disposition'], /^attachment; filename="Digituen perusteet\.png"/);
    const chunks = pngChunks(res.body);
    const t = itxt(chunks);
    assert.equal(t.length, 1);
    assert.equal(t[0].keyword, 'openbadgecredential');
    assert.equal(t[0].compressed, 0);
    const jwt = (await get(`/badges/credentials/${a().uuid}/jwt`)).text;
    assert.equal(t[0].text, jwt);
    await jose.jwtVerify(t[0].text, await keyOf(t[0].text), { algorithms: ['EdDSA'] });
    const plain = pngChunks(img.body).filter((c) => c.type !== 'iTXt');
    assert.deepEqual(chunks.filter((c) => c.type !== 'iTXt').map((c) => [c.type, c.data.toString('hex')]),
      plain.map((c) => [c.type, c.data.toString('hex')]), 'the other chunks are those of the image');
    // A second request with its ETag is 304.
    const again = await request(`${srv.url}/badges/credentials/${a().uuid}/badge.png`,
      { headers: { 'if-none-match': res.headers.etag } });
    assert.equal(again.status, 304);
  });

  it('the 2.0 PNG carries the hosted Assertion in one iTXt chunk openbadges', async () => {
    const res = await bytes(`/badges/assertions/${a().uuid}/badge.png`);
    assert.equal(res.status, 200);
    const t = itxt(pngChunks(res.body));
    assert.equal(t.length, 1);
    assert.equal(t[0].keyword, 'openbadges');
    assert.equal(t[0].compressed, 0);
    const { body } = await json(`/badges/assertions/${a().uuid}`);
    assert.deepEqual(JSON.parse(t[0].text), body);
  });

  it('the SVGs carry openbadges:credential verify=JWT (3.0) and openbadges:assertion with the Assertion (2.0)', async () => {
    const jwt = (await get(`/badges/credentials/${a().uuid}/jwt`)).text;
    const s3 = await get(`/badges/credentials/${a().uuid}/badge.svg`);
    assert.equal(s3.status, 200);
    assert.equal(s3.headers['content-type'], 'image/svg+xml');
    assert.match(s3.text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* xmlns:openbadges="https:\/\/purl\.imsglobal\.org\/ob\/v3p0"><openbadges:credential verify="([^"]+)"/);
    assert.equal(/verify="([^"]+)"/.exec(s3.text)[1], jwt);
    assert.equal((s3.text.match(/<openbadges:credential/g) ?? []).length, 1);
    assert.match(s3.text, /<image [^>]*href="data:image\/png;base64,/, 'the PNG badge shown in the SVG');
    const s2 = await get(`/badges/assertions/${a().uuid}/badge.svg`);
    assert.equal(s2.status, 200);
    const m = /<svg [^>]*xmlns:openbadges="http:\/\/openbadges\.org"><openbadges:assertion verify="([^"]+)"><!\[CDATA\[([\s\S]*?)\]\]><\/openbadges:assertion>/.exec(s2.text);
    assert.ok(m, s2.text.slice(0, 300));
    assert.equal(m[1], `${srv.url}/badges/assertions/${a().uuid}`);
    const { body } = await json(`/badges/assertions/${a().uuid}`);
    assert.deepEqual(JSON.parse(m[2]), body);
  });

  it('the unbaked image is served at its stable URL with a validator', async () => {
    const res = await bytes('/badges/images/1');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.match(res.headers['cache-control'], /^public, max-age=\d+$/);
    assert.equal(itxt(pngChunks(res.body)).length, 0);
    const again = await request(`${srv.url}/badges/images/1`, { headers: { 'if-none-match': res.headers.etag } });
    assert.equal(again.status, 304);
  });
});
