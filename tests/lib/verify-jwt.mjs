// verify-jwt.mjs - the Open Badges 3.0 VC-JWT of src/learning/ verified by
// an independent implementation, npm jose.
//
//   node tests/lib/verify-jwt.mjs EXPORTER
//
// Runs EXPORTER (tests/unit/learning/jwt_export.c) with a temporary file,
// which receives a DID document, a credential's VC-JWT and a status
// list's VC-JWT, all signed with a fresh key.  Then, as a verifier would
// (ob_v3p0/integrity.md, "Verify a Credential" and "Verify a Credential
// VC-JWT Signature"): decodes the JOSE header, dereferences its kid in the
// DID document (a verification method listed in assertionMethod), imports
// its publicKeyJwk with importJWK() and checks the signature and claims
// with jwtVerify(); checks iss/sub/jti/nbf against the credential; makes
// sure a changed payload does not verify; and reads the revocation bits
// of the status list with node's own gunzip.
//
// Prints one cmocka-style "[       OK ] name" / "[  FAILED  ] name" line
// per check (tests/lib/meson-counts.mjs counts them).  jose is a
// devDependency (package.json, installed by npm ci): without it the test
// fails rather than skips.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as jose from 'jose';

const exporter = process.argv[2];
if (!exporter) {
  console.error('usage: node tests/lib/verify-jwt.mjs EXPORTER');
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'tv-badge-jwt-'));
let out;
try {
  const file = path.join(dir, 'export.json');
  execFileSync(exporter, [file], { stdio: ['ignore', 'inherit', 'inherit'] });
  out = JSON.parse(readFileSync(file, 'utf8'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`[       OK ] ${name}`);
  } catch (e) {
    failed++;
    console.log(`[  FAILED  ] ${name}`);
    console.log(`  ${e.stack ?? e}`);
  }
}
function expect(cond, what) {
  if (!cond) throw new Error(what);
}

// Dereferences a kid in the DID document: the verification method with
// that id, which must be an assertion method of the DID.
async function keyOf(jwt) {
  const header = jose.decodeProtectedHeader(jwt);
  const doc = out.did_document;
  expect(header.alg === 'EdDSA' && header.typ === 'JWT', `header ${JSON.stringify(header)}`);
  expect(Object.keys(header).sort().join() === 'alg,kid,typ', 'no other JOSE headers');
  expect(header.kid.startsWith(`${doc.id}#`), `kid ${header.kid} is a DID URL of ${doc.id}`);
  const vm = doc.verificationMethod.find((m) => m.id === header.kid);
  expect(vm, 'kid names a verification method');
  expect(doc.assertionMethod.includes(vm.id), 'the key may assert credentials');
  expect(vm.controller === doc.id, 'the DID controls the key');
  expect(!('d' in vm.publicKeyJwk), 'no private key in the DID document');
  return jose.importJWK(vm.publicKeyJwk, 'EdDSA');
}

await check('did_document', async () => {
  const doc = out.did_document;
  expect(doc.id === out.did, 'id is the DID');
  expect(doc['@context'][0] === 'https://www.w3.org/ns/did/v1', 'DID context');
  const vm = doc.verificationMethod[0];
  expect(vm.type === 'JsonWebKey2020', vm.type);
  expect(vm.publicKeyJwk.kty === 'OKP' && vm.publicKeyJwk.crv === 'Ed25519', 'Ed25519 JWK');
  expect(vm.id === out.kid, 'the exported kid');
  // The key id is the RFC 7638 thumbprint, as jose computes it.
  const thumb = await jose.calculateJwkThumbprint(vm.publicKeyJwk, 'sha256');
  expect(vm.id === `${doc.id}#${thumb}`, `thumbprint ${thumb}`);
});

await check('credential_jwt_verifies', async () => {
  const key = await keyOf(out.jwt);
  const { payload } = await jose.jwtVerify(out.jwt, key, {
    algorithms: ['EdDSA'], typ: 'JWT', issuer: out.did,
  });
  const vc = payload.vc;
  expect(vc.type.includes('VerifiableCredential') && vc.type.includes('OpenBadgeCredential'), 'types');
  expect(payload.iss === vc.issuer.id, 'iss is issuer.id');
  expect(payload.sub === vc.credentialSubject.id, 'sub is credentialSubject.id');
  expect(payload.jti === vc.id, 'jti is id');
  expect(payload.nbf === Date.parse(vc.validFrom) / 1000, 'nbf is validFrom');
  expect(payload.exp === undefined && vc.validUntil === undefined, 'no expiry');
  expect(vc.credentialSubject.achievement.name === 'Digituen perusteet', 'UTF-8 name');
});

await check('changed_payload_fails', async () => {
  const [h, p, s] = out.jwt.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  claims.vc.credentialSubject.achievement.name = 'Something else';
  const forged = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
  const key = await keyOf(out.jwt);
  let error;
  try {
    await jose.jwtVerify(forged, key, { algorithms: ['EdDSA'] });
  } catch (e) {
    error = e;
  }
  expect(error?.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', `rejected: ${error?.code}`);
});

await check('status_list_jwt_verifies', async () => {
  const key = await keyOf(out.status_list_jwt);
  const { payload } = await jose.jwtVerify(out.status_list_jwt, key, {
    algorithms: ['EdDSA'], typ: 'JWT', issuer: out.did,
  });
  const list = payload.vc;
  expect(list.type.includes('BitstringStatusListCredential'), 'type');
  // The credential points at this list, at its own index.
  const cred = jose.decodeJwt(out.jwt).vc;
  expect(cred.credentialStatus.statusListCredential === list.id, 'the credential names this list');
  const enc = list.credentialSubject.encodedList;
  expect(enc[0] === 'u', 'Multibase base64url');
  const bits = gunzipSync(Buffer.from(enc.slice(1), 'base64url'));
  expect(bits.length * 8 >= 131072, `at least 16 KiB (${bits.length})`);
  const bit = (i) => (bits[i >> 3] >> (7 - (i & 7))) & 1;
  expect(bit(3) === 1, 'index 3 revoked');
  expect(bit(Number(cred.credentialStatus.statusListIndex)) === 0, 'the award is not revoked');
});

process.exit(failed ? 1 : 0);
