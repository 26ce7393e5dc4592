// Responses that depend on who asks are for that browser alone (#11 item
// 14): a signed-in visitor's public page carries their CSRF token and name,
// so it is private, no-store; the shared public pages say they vary with
// the cookie; a page that sets a cookie is never stored. Every text
// response is compressed for a client that takes gzip, whether or not it
// came from the page cache, and carries a validator so that a poll answers
// 304 (#11 item 18).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startServer, request, rawRequest } from '../lib/server.mjs';
import { addUser, signIn, createToken } from '../lib/auth.mjs';

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

describe('compression and validators', () => {
  for (const [p, type] of [['/fi/municipalities', /text\/html/], ['/fi/events.ics', /text\/calendar/],
    ['/fi/news/feed.rss', /rss/]]) {
    it(`${p}: gzip with Vary the first time and from the cache, and a 304 for its ETag`, async () => {
      for (let i = 0; i < 2; i++) {
        const gz = await request(srv.url + p, { headers: { 'accept-encoding': 'gzip' } });
        assert.equal(gz.status, 200);
        assert.match(gz.headers['content-type'], type);
        assert.match(String(gz.headers.vary), /accept-encoding/i);
        if (gz.headers['content-encoding'] === 'gzip') {
          assert.ok(gunzipSync(gz.body).length > gz.body.length);
        } else {
          assert.ok(gz.body.length < 1024, 'only a small body goes uncompressed');
        }
        // Ours over the bytes sent, or the handler's own made weak when
        // the server compressed what it wrote.
        assert.match(gz.headers.etag ?? '', /^"[0-9a-f]{16}"$|^W\/"/);
        const again = await request(srv.url + p, {
          headers: { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag },
        });
        assert.equal(again.status, 304);
        assert.equal(again.body.length, 0);
      }
    });
  }

  // A page is compressed once when the cache stores it; the answer to
  // that miss is those same bytes, so a tag never stands for two lengths
  // (a 304 on one worker thread said the length of another thread's 200).
  it('a page cache miss and hit send the same gzip bytes under one tag', async () => {
    for (let i = 0; i < 12; i++) {
      const p = `${srv.url}/fi/municipalities?same-bytes=${i}`;
      const miss = await request(p, { headers: { 'accept-encoding': 'gzip' } });
      const hit = await request(p, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(miss.headers['content-encoding'], 'gzip');
      assert.equal(hit.headers.etag, miss.headers.etag);
      assert.equal(hit.body.length, miss.body.length, `request ${i}`);
      assert.ok(hit.body.equals(miss.body));
    }
  });

  it('the identity and gzip bodies have different ETags', async () => {
    const plain = await request(`${srv.url}/fi/municipalities`);
    const gz = await request(`${srv.url}/fi/municipalities`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.notEqual(plain.headers.etag, gz.headers.etag);
    const cross = await request(`${srv.url}/fi/municipalities`, { headers: { 'if-none-match': gz.headers.etag } });
    assert.equal(cross.status, 200);
  });
});

// The feeds are the same for every reader and say so (Cache-Control:
// public, max-age=300), and a calendar app polls them: they are kept in
// the page cache like the pages. The one header they set is stored with
// them and sent again. Before, a feed's own Cache-Control kept it out of
// the cache (only a response with no header of its own was stored) and
// the news feeds were not marked for it: every poll of the calendar feed
// rendered its events again. The hits are counted in /metrics.
describe('the feeds from the page cache', () => {
  let token;
  async function hits(route) {
    token ??= (addUser(srv, 'cache-metrics@example.fi', 'admin'), createToken(srv, 'cache-metrics@example.fi', 'metrics'));
    const m = await request(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(m.status, 200);
    return Number(new RegExp(`^tukiverkko_page_cache_hits_total\\{route="${route.replace('.', '\\.')}"\\} (\\d+)$`, 'm').exec(m.text)?.[1] ?? 0);
  }
  for (const [p, route] of [['/fi/events.ics', 'events.feed'], ['/sv/news/feed.rss', 'news.feed-rss'],
    ['/en/news/feed.atom', 'news.feed-atom'], ['/fi/municipalities/091/events.ics', 'events.municipality-feed']]) {
    it(`${p}: answered from the cache, with its Cache-Control`, async () => {
      const before = await hits(route);
      const first = await request(srv.url + p);
      assert.equal(first.status, 200);
      assert.equal(first.headers['cache-control'], 'public, max-age=300');
      // A write committed in between (a job's) empties the cache: a
      // few tries, one of which must be a hit.
      let again;
      for (let i = 0; i < 20 && await hits(route) === before; i++) {
        again = await request(srv.url + p);
        assert.equal(again.status, 200);
        assert.equal(again.headers['cache-control'], 'public, max-age=300', 'one Cache-Control, the handler\'s');
      }
      assert.ok(await hits(route) > before, `${p} was never answered from the page cache`);
    });
  }
});

// RFC 9110 8.6: a 304 carries no body of any kind, and a Content-Length
// only when it is the length of the 200 it stands for (#11 item 17):
// libmicrohttpd 0.9.75 always writes one, so it is that length (see
// server_not_modified() in src/http/server.c), and the connection stays
// open for the next request.
describe('304 Not Modified', () => {
  const tagged = [
    ['a page', '/fi/municipalities', {}],
    ['a gzipped page', '/fi/municipalities', { 'accept-encoding': 'gzip' }],
    ['a feed', '/fi/events.ics', {}],
    ['a static file', '/static/css/site.css', {}],
    ['a gzipped static file', '/static/css/site.css', { 'accept-encoding': 'gzip' }],
  ];
  for (const [what, p, headers] of tagged) {
    it(`${what}: the 200's Content-Length, no Transfer-Encoding, no body, the connection kept`, async () => {
      // Twice, so that a page is answered from the page cache as a 304 is.
      await request(srv.url + p, { headers });
      const first = await request(srv.url + p, { headers });
      assert.equal(first.status, 200, `${p} exists`);
      assert.ok(first.headers.etag, `${p} has a validator`);
      const port = new URL(srv.url).port;
      const hdrs = Object.entries({ ...headers, 'if-none-match': first.headers.etag })
        .map(([k, v]) => `${k}: ${v}\r\n`).join('');
      const one = `GET ${p} HTTP/1.1\r\nHost: x\r\n${hdrs}\r\n`;
      // Two requests on one connection: both answered, and it stays open.
      const raw = await rawRequest(Number(port), one + one, { timeout: 5000, responses: 2 });
      assert.equal(raw.responses.length, 2, raw.raw.toString('latin1'));
      for (const res of raw.responses) {
        assert.equal(res.status, 304);
        assert.equal(res.headers['content-length'], String(first.body.length), 'the length of the 200');
        assert.equal(res.headers['transfer-encoding'], undefined, 'no Transfer-Encoding');
        assert.equal(res.headers.etag, first.headers.etag);
        assert.doesNotMatch(res.headers.connection ?? '', /close/i);
      }
      // Nothing after the second header block: not even a last chunk.
      const rawText = raw.raw.toString('latin1');
      assert.equal(rawText.slice(rawText.lastIndexOf('\r\n\r\n') + 4), '');
      assert.equal(raw.closed, false);
    });
  }
});
