// Smoke tests of the public HTTP contract: health check, language redirect,
// front and municipality pages in each language, 404s, static files with
// validators and gzip, HEAD, and a couple of hostile requests.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer, request, rawRequest, repoRoot } from '../lib/server.mjs';

const LANGS = ['fi', 'sv', 'en'];
const CSS = '/static/vendor/hds/base.min.css';
const cssFile = path.join(repoRoot, 'static', 'vendor', 'hds', 'base.min.css');

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.stop(); });

const get = (p, headers = {}) => request(srv.url + p, { headers });

function assertHtml(res, what) {
  assert.match(res.headers['content-type'] || '', /^text\/html\b/i, `${what}: content-type`);
  assert.match(res.headers['content-type'] || '', /charset=utf-8/i, `${what}: charset`);
}

describe('health', () => {
  it('GET /healthz is 200 ok', async () => {
    const res = await get('/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.text.trim(), 'ok');
  });
});

describe('language redirect from /', () => {
  const cases = [
    ['fi-FI,fi;q=0.9,en;q=0.5', 'fi'],
    ['sv-FI,sv;q=0.9,en;q=0.8', 'sv'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE,en;q=0.5', 'en'],
  ];
  for (const [al, lang] of cases) {
    it(`Accept-Language: ${al} → /${lang}/`, async () => {
      const res = await get('/', { 'accept-language': al });
      assert.equal(res.status, 302);
      assert.match(res.headers.location || '', new RegExp(`(^|[^/])/${lang}/$`));
    });
  }
  it('no Accept-Language → Finnish first', async () => {
    const res = await get('/');
    assert.equal(res.status, 302);
    assert.match(res.headers.location || '', /\/fi\/$/);
  });
});

describe('language switch', () => {
  it('keeps the query of a search or a filtered list, as it came', async () => {
    const res = await get('/fi/directory?q=pankkitunnukset&lang=sv&open=now');
    assert.equal(res.status, 200);
    assert.match(res.text, /<a href="\/sv\/directory\?q=pankkitunnukset&amp;lang=sv&amp;open=now" lang="sv" hreflang="sv"/);
    assert.match(res.text, /<link rel="alternate" hreflang="en" href="\/en\/directory\?q=pankkitunnukset&amp;lang=sv&amp;open=now">/);
    const plain = await get('/sv/events');
    assert.match(plain.text, /<a href="\/fi\/events" lang="fi" hreflang="fi"/);
    const encoded = await get('/en/events?kind=webinar&x=%C3%A4%20b');
    assert.match(encoded.text, /<a href="\/fi\/events\?kind=webinar&amp;x=%C3%A4%20b" lang="fi"/);
  });

  it('leaves a redirect target and a one-time notice behind', async () => {
    const res = await get('/fi/signin?n%65xt=/fi/account&done=saved&x=1');
    assert.equal(res.status, 200);
    assert.match(res.text, /<a href="\/sv\/signin\?x=1" lang="sv"/);
    const none = await get('/fi/signin?next=/fi/account');
    assert.match(none.text, /<a href="\/en\/signin" lang="en"/);
  });
});

describe('pages', () => {
  for (const lang of LANGS) {
    it(`/${lang}/ is HTML with <html lang="${lang}">`, async () => {
      const res = await get(`/${lang}/`);
      assert.equal(res.status, 200);
      assertHtml(res, `/${lang}/`);
      assert.match(res.text, /^<!DOCTYPE html>/i);
      assert.match(res.text, new RegExp(`<html[^>]*\\slang="${lang}"`));
      assert.match(res.text, /<title>[^<]+<\/title>/);
      assert.ok(res.body.length < 100 * 1024, `page is ${res.body.length} bytes, target ≤ 100 KB`);
    });

    it(`/${lang}/municipalities lists Pornainen and Helsinki`, async () => {
      const res = await get(`/${lang}/municipalities`);
      assert.equal(res.status, 200);
      assertHtml(res, 'list');
      assert.match(res.text, /Pornainen|Borgnäs/);
      assert.match(res.text, /Helsinki|Helsingfors/);
      assert.match(res.text, new RegExp(`href="/${lang}/municipalities/611"`));
    });
  }

  it('/fi/municipalities/611 is Pornainen', async () => {
    const res = await get('/fi/municipalities/611');
    assert.equal(res.status, 200);
    assertHtml(res, '611');
    assert.match(res.text, /<title>[^<]*Pornainen[^<]*<\/title>/);
    assert.match(res.text, /<h1[^>]*>[^<]*Pornainen/);
  });

  it('/sv/municipalities/091 is Helsingfors', async () => {
    const res = await get('/sv/municipalities/091');
    assert.equal(res.status, 200);
    assert.match(res.text, /<html[^>]*\slang="sv"/);
    assert.match(res.text, /Helsingfors/);
  });

  it('/en/municipalities/858 is Tuusula', async () => {
    const res = await get('/en/municipalities/858');
    assert.equal(res.status, 200);
    assert.match(res.text, /Tuusula/);
  });

  it('unknown municipality code is 404', async () => {
    const res = await get('/fi/municipalities/999');
    assert.equal(res.status, 404);
    assertHtml(res, '404');
  });

  for (const p of ['/fi/no-such-page', '/xx/', '/en/municipalities/611/nope']) {
    it(`unknown route ${p} is a 404 HTML page`, async () => {
      const res = await get(p);
      assert.equal(res.status, 404);
      assertHtml(res, p);
      assert.match(res.text, /<html[^>]*\slang="(fi|sv|en)"/);
    });
  }

  it('HEAD /fi/ has the headers of GET and no body', async () => {
    const g = await get('/fi/');
    const res = await rawRequest(srv.port,
      'HEAD /fi/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], g.headers['content-type']);
    // Nothing may follow the header block of a HEAD response.
    const headerEnd = res.raw.indexOf('\r\n\r\n') + 4;
    assert.equal(res.raw.length, headerEnd, 'HEAD response carried a body');
  });
});

describe('static files', () => {
  before(() => {
    if (!existsSync(cssFile)) {
      throw new Error(`${cssFile} is missing: run scripts/build-static.sh`);
    }
  });

  it('serves CSS with a type, an ETag and the exact bytes', async () => {
    const res = await get(CSS);
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] || '', /^text\/css/);
    assert.ok(res.headers.etag, 'ETag header missing');
    assert.equal(res.headers['content-encoding'], undefined);
    assert.deepEqual(res.body, readFileSync(cssFile));
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const { headers } = await get(CSS);
    const res = await get(CSS, { 'if-none-match': headers.etag });
    assert.equal(res.status, 304);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.etag, headers.etag);
  });

  it('sends the .gz sibling when the client accepts gzip', async () => {
    const res = await get(CSS, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.match(res.headers.vary || '', /accept-encoding/i, 'Vary: Accept-Encoding missing');
    assert.deepEqual(gunzipSync(res.body), readFileSync(cssFile));
  });

  it('gives the gzip and identity bodies different strong ETags, each revalidating only itself', async () => {
    const plain = await get(CSS);
    const gz = await get(CSS, { 'accept-encoding': 'gzip' });
    assert.match(plain.headers.etag, /^"[0-9a-f]+"$/);
    assert.match(gz.headers.etag, /^"[0-9a-f]+-gz"$/);
    assert.notEqual(plain.headers.etag, gz.headers.etag);
    const ok = await get(CSS, { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag });
    assert.equal(ok.status, 304);
    assert.equal(ok.headers.etag, gz.headers.etag);
    // The identity body's validator does not match the gzip body.
    const other = await get(CSS, { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag });
    assert.equal(other.status, 200);
    assert.equal(other.headers['content-encoding'], 'gzip');
  });

  it('missing static file is 404', async () => {
    const res = await get('/static/no-such-file.css');
    assert.equal(res.status, 404);
  });

  for (const p of ['/static/../meson.build', '/static/%2e%2e/meson.build',
    '/static/..%2fmeson.build', '/static/vendor/../../meson.build']) {
    it(`no path traversal: ${p}`, async () => {
      // Raw bytes: an HTTP client would normalise the dots away.
      const res = await rawRequest(srv.port,
        `GET ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      assert.notEqual(res.status, 200, `${p} was served`);
      assert.ok(!res.text.includes("project('tukiverkko'"), 'meson.build leaked');
    });
  }
});

describe('malformed requests', () => {
  it('garbage request line gets 400 or a closed connection, and the server lives on', async () => {
    const res = await rawRequest(srv.port, 'THIS IS NOT HTTP\r\n\r\n');
    assert.ok(res.status === 400 || (res.status === null && res.closed),
      `got status ${res.status}, closed ${res.closed}`);
    const h = await get('/healthz');
    assert.equal(h.status, 200);
  });
});
