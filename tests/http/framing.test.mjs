// Strict HTTP framing and methods (#11 items 6 and 21): requests that two
// parsers could read two ways are refused with 400 as nginx does, HTTP/1.1
// needs Host, an unknown method is 501, and OPTIONS answers with the
// page's methods (itself included) in Allow.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rawRequest, request } from '../lib/server.mjs';
import { snapshot } from '../lib/auth.mjs';

let srv;

before(async () => { srv = await startServer({ demo: true }); });
after(async () => { await srv?.stop(); });

const form = 'message=Hello+there&page=%2Ffi%2F';

describe('framing', () => {
  it('refuses two Content-Length headers, even equal ones, writing nothing', async () => {
    const before = snapshot(srv.db);
    for (const [a, b] of [[form.length, form.length + 2], [form.length, form.length]]) {
      const res = await rawRequest(srv.port, 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\n' +
        `Content-Length: ${a}\r\nContent-Length: ${b}\r\nConnection: close\r\n\r\n${form}xx`);
      assert.equal(res.status, 400, `${a}/${b}`);
    }
    assert.deepEqual(snapshot(srv.db), before);
  });

  it('refuses Content-Length beside Transfer-Encoding', async () => {
    const res = await rawRequest(srv.port, 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: ${form.length}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      `${form.length.toString(16)}\r\n${form}\r\n0\r\n\r\n`);
    assert.equal(res.status, 400);
  });

  it('refuses HTTP/1.1 without Host, and takes HTTP/1.0 without it', async () => {
    const a = await rawRequest(srv.port, 'GET /fi/ HTTP/1.1\r\nConnection: close\r\n\r\n');
    assert.equal(a.status, 400);
    const b = await rawRequest(srv.port, 'GET /fi/ HTTP/1.0\r\n\r\n');
    assert.equal(b.status, 200);
  });

  it('still takes a chunked body without Content-Length', async () => {
    const res = await rawRequest(srv.port, 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
      `${form.length.toString(16)}\r\n${form}\r\n0\r\n\r\n`);
    // Anonymous and without a CSRF token: the guard's 403, not a framing 400.
    assert.equal(res.status, 403);
  });
});

describe('methods', () => {
  it('answers an unknown method with 501 and a known but wrong one with 405', async () => {
    const a = await rawRequest(srv.port, 'BREW /fi/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(a.status, 501);
    const b = await request(`${srv.url}/fi/`, { method: 'DELETE' });
    assert.equal(b.status, 405);
    assert.equal(b.headers.allow, 'GET, HEAD, OPTIONS');
  });

  it('answers OPTIONS with 204 and the methods of the page', async () => {
    const res = await request(`${srv.url}/fi/accessibility`, { method: 'OPTIONS' });
    assert.equal(res.status, 204);
    assert.equal(res.headers.allow, 'GET, HEAD, POST, OPTIONS');
    assert.equal(res.body.length, 0);
    const none = await request(`${srv.url}/fi/no-such-page`, { method: 'OPTIONS' });
    assert.equal(none.status, 404);
  });
});
