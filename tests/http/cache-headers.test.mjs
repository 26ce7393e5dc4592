// Responses that depend on who asks are for that browser alone (#11 item
// 14): a signed-in visitor's public page carries their CSRF token and name,
// so it is private, no-store; the shared public pages say they vary with
// the cookie; a page that sets a cookie is never stored.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from '../lib/server.mjs';
import { addUser, signIn } from '../lib/auth.mjs';

let srv;
let coord;

before(async () => {
  srv = await startServer({ demo: true });
  const { password } = addUser(srv, 'cache-coord@example.fi', 'coordinator');
  coord = await signIn(srv.url, 'cache-coord@example.fi', password);
});
after(async () => { await srv?.stop(); });

describe('cache headers', () => {
  for (const p of ['/fi/', '/fi/municipalities/611', '/fi/news', '/fi/events']) {
    it(`${p}: shareable when anonymous, never stored when signed in`, async () => {
      const anon = await request(srv.url + p);
      assert.equal(anon.status, 200);
      assert.doesNotMatch(anon.headers['cache-control'] ?? '', /private/);
      const mine = await coord.get(p);
      assert.equal(mine.status, 200);
      // no-store: no cache, shared or the browser's own, keeps it.
      assert.match(mine.headers['cache-control'] ?? '', /\bno-store\b/);
    });
  }

  it('a micro-cached page varies with the cookie, also on a cache hit', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await request(`${srv.url}/fi/`);
      assert.match(String(res.headers.vary ?? ''), /cookie/i);
    }
  });

  it('a page that sets a cookie is not stored', async () => {
    const res = await request(`${srv.url}/fi/signin`);
    assert.ok(res.headers['set-cookie'], 'the sign-in form sets the CSRF cookie');
    assert.match(res.headers['cache-control'] ?? '', /no-store/);
  });
});
