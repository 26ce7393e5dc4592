// Refusal before the body (#11 item 1, 2): a POST with a body to a route
// that is not public is put to the guard as soon as its headers are in, so a
// stranger's upload is refused with 403 before a byte of it is stored and a
// form body to a staff page is never held in memory. A body that the guard
// would let through is still read whole.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startServer, rawRequest } from '../lib/server.mjs';
import { addUser, signIn } from '../lib/auth.mjs';

let srv;

before(async () => { srv = await startServer({ demo: true }); });
after(async () => { await srv?.stop(); });

const BOUNDARY = 'xXpreguardXx';
// The headers of a large multipart upload and its first kilobyte; the rest
// is never sent, so only an answer given before the body can arrive.
function uploadHead(pathname, { cookie = '', origin = '' } = {}) {
  const first = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
    'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n' + 'x'.repeat(1000);
  return `POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
    `Content-Length: ${50 * 1024 * 1024}\r\n` +
    (cookie ? `Cookie: ${cookie}\r\n` : '') + (origin ? `Origin: ${origin}\r\n` : '') +
    '\r\n' + first;
}

function tmpFiles() {
  const tmp = path.join(srv.dir, 'files', 'tmp');
  return existsSync(tmp) ? readdirSync(tmp) : [];
}

describe('a body to a staff route is refused from its headers', () => {
  it('answers an anonymous upload with 403 before the body and stores nothing', async () => {
    const res = await rawRequest(srv.port, uploadHead('/fi/materials'), { timeout: 5000 });
    assert.equal(res.timedOut, false, 'the answer came without the body');
    assert.equal(res.status, 403);
    assert.match(res.text, /pääsyä|access/i);
    assert.deepEqual(tmpFiles(), []);
  });

  it('refuses a signed-in upload from another site (Origin) before the body', async () => {
    const { password } = addUser(srv, 'preguard-coord@example.fi', 'coordinator');
    const coord = await signIn(srv.url, 'preguard-coord@example.fi', password);
    const res = await rawRequest(srv.port, uploadHead('/fi/materials', {
      cookie: coord.cookieHeader(), origin: 'http://evil.example',
    }), { timeout: 5000 });
    assert.equal(res.timedOut, false);
    assert.equal(res.status, 403);
    assert.deepEqual(tmpFiles(), []);
  });

  it('refuses a signed-in user whose role may not use the route, before the body', async () => {
    const { password } = addUser(srv, 'preguard-sup@example.fi', 'supporter');
    const sup = await signIn(srv.url, 'preguard-sup@example.fi', password);
    const res = await rawRequest(srv.port, uploadHead('/fi/materials', { cookie: sup.cookieHeader() }),
      { timeout: 5000 });
    assert.equal(res.timedOut, false);
    assert.equal(res.status, 403);
  });

  it('refuses an anonymous urlencoded form to a staff route before the body', async () => {
    const head = `POST /fi/staff/news HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\ntitle_fi=x';
    const res = await rawRequest(srv.port, head, { timeout: 5000 });
    assert.equal(res.timedOut, false);
    assert.equal(res.status, 403);
  });

  it('still reads the whole body of a public form (no early answer)', async () => {
    const head = `POST /fi/accessibility HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 6000\r\n\r\nmessage=x';
    const res = await rawRequest(srv.port, head, { timeout: 1500 });
    assert.equal(res.timedOut, true, 'the server waits for the rest of a public form');
  });
});
