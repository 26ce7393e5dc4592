// HTTP tests of the foundation against the real binary: routing and
// methods, security headers, error pages in the visitor's language, the
// network pages in three languages, bad input of every kind, the feedback
// form (CSRF, validation, limits, nothing written on refusal), metrics, the
// access log and graceful shutdown.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { startServer, request, rawRequest } from '../lib/server.mjs';
import { sqlite } from '../lib/auth.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.stop(); });

const get = (p, headers = {}) => request(srv.url + p, { headers });

/** Runs SQL on the server's database file with the sqlite3 shell. */
const sql = (db, query) => sqlite(db, query).trim();
const feedbackCount = () => Number(sql(srv.db, 'SELECT count(*) FROM feedback'));

/** Creates an account with the CLI and returns an API token for it. */
async function makeToken(s, email, role, extra = []) {
  const run = (args) => spawnSync(s.bin, [...args, '--db', s.db], { encoding: 'utf8' });
  let r = run(['user', 'add', email, '--role', role, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  r = run(['token', 'create', email, 'test']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** A fresh CSRF cookie and token from the form page. */
async function csrf(lang = 'fi') {
  const res = await get(`/${lang}/accessibility`);
  assert.equal(res.status, 200);
  const cookie = /tv_csrf=([A-Za-z0-9_-]+)/.exec(res.headers['set-cookie']?.join(';') ?? '');
  assert.ok(cookie, 'the form page sets the CSRF cookie');
  const field = /name="csrf" value="([^"]+)"/.exec(res.text);
  assert.ok(field, 'the form carries the token');
  assert.equal(field[1], cookie[1]);
  return { cookie: `tv_csrf=${cookie[1]}`, token: cookie[1] };
}

function form(fields) {
  return new URLSearchParams(fields).toString();
}

async function post(path, body, { cookie, type = 'application/x-www-form-urlencoded', headers = {} } = {}) {
  return request(srv.url + path, {
    method: 'POST',
    body,
    headers: { 'content-type': type, ...(cookie ? { cookie } : {}), ...headers },
  });
}

describe('routing and methods', () => {
  it('answers a wrong method with 405 and the allowed ones', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/fi/', 'GET, HEAD, OPTIONS'],
      ['POST', '/fi/municipalities', 'GET, HEAD, OPTIONS'],
      ['DELETE', '/fi/accessibility', 'GET, HEAD, POST, OPTIONS'],
      ['POST', '/healthz', 'GET, HEAD, OPTIONS'],
    ]) {
      const res = await request(srv.url + path, { method });
      assert.equal(res.status, 405, `${method} ${path}`);
      assert.equal(res.headers.allow, allow, `${method} ${path}`);
      assert.match(res.text, /<html lang="fi">/);
    }
  });

  it('HEAD gives the headers of GET without a body', async () => {
    const g = await get('/fi/');
    const h = await request(srv.url + '/fi/', { method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(h.body.length, 0);
    assert.equal(h.headers['content-type'], g.headers['content-type']);
    assert.equal(h.headers['content-length'], String(g.body.length));
  });

  it('redirects /fi to /fi/', async () => {
    const res = await get('/sv');
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, '/sv/');
  });

  it('unknown pages, languages and municipalities are 404 pages', async () => {
    for (const p of ['/fi/nope', '/de/', '/fi/municipalities/999', '/fi/municipalities/abc',
      '/fi/municipalities/0911', '/static/nope.css', '/static/../meson.build', '/fi/municipalities/611/x']) {
      const res = await get(p);
      assert.equal(res.status, 404, p);
      assert.match(res.headers['content-type'], /^text\/html; charset=utf-8/, p);
    }
  });

  it('shows error pages in the visitor\'s language', async () => {
    const sv = await get('/nope', { 'accept-language': 'sv-FI,sv;q=0.9' });
    assert.equal(sv.status, 404);
    assert.match(sv.text, /<html lang="sv">/);
    assert.match(sv.text, /Sidan hittades inte/);
    assert.match(sv.headers.vary, /Accept-Language/);
    const en = await get('/en/nope');
    assert.match(en.text, /<html lang="en">/);
    assert.match(en.text, /Page not found/);
    const fi = await get('/fi/nope', { 'accept-language': 'en' });
    assert.match(fi.text, /Sivua ei löytynyt/, 'the path language wins over Accept-Language');
  });
});

describe('security headers', () => {
  it('are on pages, errors, redirects and static files', async () => {
    for (const p of ['/fi/', '/nope', '/', '/static/css/site.css', '/healthz']) {
      const res = await get(p);
      const csp = res.headers['content-security-policy'] || '';
      assert.match(csp, /default-src 'self'/, p);
      assert.match(csp, /script-src 'self'/, p);
      assert.doesNotMatch(csp, /unsafe-inline/, p);
      assert.match(csp, /frame-ancestors 'none'/, p);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', p);
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', p);
      assert.equal(res.headers['x-frame-options'], 'DENY', p);
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS on plain HTTP');
    }
  });

  it('pages contain no inline script or style attributes', async () => {
    for (const l of ['fi', 'sv', 'en']) {
      const res = await get(`/${l}/municipalities/611`);
      assert.doesNotMatch(res.text, /<script(?![^>]*\bsrc=)/i);
      assert.doesNotMatch(res.text, /\sstyle=/i);
      assert.doesNotMatch(res.text, /\son[a-z]+=/i);
    }
  });
});

describe('network pages', () => {
  it('front page in each language names the network and links every municipality', async () => {
    const names = { fi: 'Uudenmaan digitukiverkosto', sv: 'Nylands nätverk för digitalt stöd',
      en: 'Uusimaa digital support network' };
    for (const l of ['fi', 'sv', 'en']) {
      const res = await get(`/${l}/`);
      assert.equal(res.status, 200);
      assert.match(res.text, new RegExp(`<html lang="${l}">`));
      assert.match(res.text, new RegExp(`<h1>${names[l]}</h1>`));
      const links = res.text.match(new RegExp(`href="/${l}/municipalities/\\d{3}"`, 'g')) ?? [];
      assert.ok(new Set(links).size === 26, `${l}: 26 municipalities linked, got ${new Set(links).size}`);
      for (const y of ['2019', '2020', '2021']) assert.match(res.text, new RegExp(`<h3>${y}: `));
    }
  });

  it('uses municipality names of the page language and sorts them alphabetically', async () => {
    const sv = await get('/sv/municipalities');
    assert.match(sv.text, />Borgnäs</);
    assert.match(sv.text, />Raseborg</);
    const order = [...sv.text.matchAll(/<th scope="row"><a [^>]+>([^<]+)</g)].map((m) => m[1]);
    assert.equal(order.length, 26);
    const sorted = [...order].sort((a, b) => a.localeCompare(b, 'sv'));
    assert.deepEqual(order, sorted, 'Swedish alphabetical order (å ä ö last)');
    const en = await get('/en/municipalities/710');
    assert.match(en.text, /<h1>Raseborg<\/h1>/, 'Swedish-majority names in English');
    const fi = await get('/fi/municipalities/710');
    assert.match(fi.text, /<h1>Raasepori<\/h1>/);
    assert.match(fi.text, /<span lang="sv">Raseborg<\/span>/);
  });

  it('municipality page shows programme roles, local network, people and events', async () => {
    const res = await get('/fi/municipalities/611');
    assert.equal(res.status, 200);
    assert.match(res.text, /<h1>Pornainen<\/h1>/);
    assert.match(res.text, /<span lang="sv">Borgnäs<\/span>/);
    assert.match(res.text, /2021: Digituen sparraus – Sparrattava kunta/);
    assert.match(res.text, /Pornaisten kirjasto/);
    assert.match(res.text, /Sanna Kuvitelma, <span>tietoasiantuntija<\/span>/);
    assert.match(res.text, /Kuntien digituki/);
    assert.match(res.text, /<time datetime="2021-10-06T06:00:00Z">keskiviikko 6.10.2021 klo 9.00<\/time>/);
    const helsinki = await get('/fi/municipalities/091');
    assert.match(helsinki.text, /2021: Digituen sparraus – Tutorkunta/);
  });

  it('formats dates per language in Helsinki time', async () => {
    const sv = await get('/sv/municipalities/611');
    assert.match(sv.text, />onsdag 6.10.2021 kl. 9.00</);
    const en = await get('/en/municipalities/611');
    assert.match(en.text, />Wednesday 6 October 2021, 9:00</);
  });

  it('marks content shown in a fallback language with its lang', async () => {
    // The association has only a Finnish name.
    const sv = await get('/sv/municipalities/611');
    assert.match(sv.text, /<span lang="fi">Pornaisten eläkeläiset ry<\/span>/);
    const fi = await get('/fi/municipalities/611');
    assert.match(fi.text, /<span>Pornaisten eläkeläiset ry<\/span>/);
  });

  it('links the page in the other languages and marks the current one', async () => {
    const res = await get('/sv/municipalities/858');
    assert.match(res.text, /<a href="\/fi\/municipalities\/858" lang="fi" hreflang="fi">Suomi<\/a>/);
    assert.match(res.text, /<a href="\/sv\/municipalities\/858" lang="sv" hreflang="sv" aria-current="true">Svenska<\/a>/);
    assert.match(res.text, /<link rel="alternate" hreflang="en" href="\/en\/municipalities\/858">/);
  });

  it('sends cached public pages gzipped to browsers that accept it', async () => {
    const plain = await get('/sv/municipalities');
    let zipped;
    // Each worker thread has its own cache: ask until one answers from it.
    for (let i = 0; i < 40 && !zipped; i++) {
      const res = await get('/sv/municipalities', { 'accept-encoding': 'gzip, deflate' });
      if (res.headers['content-encoding'] === 'gzip') zipped = res;
    }
    assert.ok(zipped, 'a cached page came gzipped');
    assert.match(zipped.headers.vary, /Accept-Encoding/);
    assert.ok(zipped.body.length < plain.body.length / 2, `${zipped.body.length} vs ${plain.body.length}`);
    assert.equal(gunzipSync(zipped.body).toString('utf8'), plain.text);
    const refused = await get('/sv/municipalities', { 'accept-encoding': 'gzip;q=0' });
    assert.equal(refused.headers['content-encoding'], undefined);
  });

  it('stays under 100 KB with its CSS', async () => {
    const page = await get('/fi/', { 'accept-encoding': 'gzip' });
    let total = page.body.length;
    for (const m of page.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) {
      const css = await get(m[1].replaceAll('&amp;', '&'), { 'accept-encoding': 'gzip' });
      assert.equal(css.status, 200, m[1]);
      assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable', m[1]);
      total += css.body.length;
    }
    assert.ok(total < 100 * 1024, `front page with CSS is ${total} bytes`);
  });
});

describe('bad input', () => {
  it('refuses broken percent-encoding, invalid UTF-8 and NUL in the path with 400', async () => {
    for (const p of ['/fi/municipalities/%zz', '/fi/%C3%28', '/fi/%00', '/fi/%', '/fi/?q=%e4',
      '/fi/?q=%ff%fe', '/fi/%2']) {
      const res = await rawRequest(srv.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.equal(res.status, 400, p);
      assert.match(res.text, /<html lang="fi">/, p);
    }
  });

  it('answers a garbage request line without crashing', async () => {
    const res = await rawRequest(srv.port, 'HELLO\r\n\r\n');
    assert.ok(res.status === 400 || res.closed, 'a 400 or a closed connection');
    assert.equal((await get('/healthz')).status, 200);
  });

  it('refuses oversized headers and stays up', async () => {
    const big = 'x'.repeat(64 * 1024);
    const res = await rawRequest(srv.port, `GET /fi/ HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
    assert.ok([400, 413, 431].includes(res.status) || res.closed, `status ${res.status}`);
    assert.equal((await get('/healthz')).status, 200);
  });

  it('refuses a declared body over the limit with 413 at once when the client waits', async () => {
    const before = feedbackCount();
    for (const [what, headers] of [
      ['Expect: 100-continue', 'Content-Length: 2000000\r\nExpect: 100-continue\r\n'],
      ['too large even to drain', 'Content-Length: 100000000000\r\n'],
    ]) {
      const res = await rawRequest(srv.port, 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
        `Content-Type: application/x-www-form-urlencoded\r\n${headers}\r\n`);
      assert.equal(res.status, 413, what);
      assert.match(res.text, /liian suuri/, what);
    }
    assert.equal(feedbackCount(), before);
  });

  it('reads and drops a body over the limit, then answers 413', async () => {
    const { cookie, token } = await csrf();
    const before = feedbackCount();
    const body = form({ csrf: token, message: 'x'.repeat(1536 * 1024) });
    const res = await post('/fi/accessibility', body, { cookie });
    assert.equal(res.status, 413);
    assert.match(res.text, /<html lang="fi">/);
    assert.equal(feedbackCount(), before);
  });

  it('refuses a chunked body that grows over the limit with 413', async () => {
    const before = feedbackCount();
    const chunk = 'a'.repeat(256 * 1024);
    let body = '';
    for (let i = 0; i < 5; i++) body += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    body += '0\r\n\r\n';
    const res = await rawRequest(srv.port, 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n' +
      `Connection: close\r\n\r\n${body}`, { timeout: 10000 });
    assert.equal(res.status, 413);
    assert.equal(feedbackCount(), before);
  });

  it('survives a truncated body and writes nothing', async () => {
    const { cookie, token } = await csrf();
    const before = feedbackCount();
    const body = form({ csrf: token, message: 'truncated' });
    const res = await rawRequest(srv.port, 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
      `Cookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${body.length + 50}\r\n\r\n${body}`, { timeout: 1500 });
    assert.equal(res.status, null, 'no answer to a request whose body never arrives');
    assert.equal(feedbackCount(), before);
    assert.equal((await get('/healthz')).status, 200);
  });

  it('refuses malformed forms with a clear 400 and writes nothing', async () => {
    const { cookie, token } = await csrf();
    const before = feedbackCount();
    const many = Array.from({ length: 300 }, (_, i) => `f${i}=1`).join('&');
    for (const [what, body] of [
      ['broken percent-encoding', `csrf=${token}&message=%zz`],
      ['invalid UTF-8', `csrf=${token}&message=%C3%28`],
      ['NUL byte', `csrf=${token}&message=a%00b`],
      ['too many fields', `csrf=${token}&message=x&${many}`],
    ]) {
      const res = await post('/fi/accessibility', body, { cookie });
      assert.equal(res.status, 400, what);
      assert.match(res.text, /<h1>Pyyntöä ei voitu käsitellä<\/h1>/, what);
    }
    assert.equal(feedbackCount(), before);
  });

  it('refuses unknown body formats and file uploads with 415', async () => {
    const { cookie, token } = await csrf();
    const before = feedbackCount();
    let res = await post('/fi/accessibility', JSON.stringify({ message: 'x' }),
      { cookie, type: 'application/json' });
    assert.equal(res.status, 415);
    const boundary = 'XyZ123';
    const mp = `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="message"; filename="a.txt"\r\n` +
      `Content-Type: text/plain\r\n\r\nfile body\r\n--${boundary}--\r\n`;
    res = await post('/fi/accessibility', mp, { cookie, type: `multipart/form-data; boundary=${boundary}` });
    assert.equal(res.status, 415);
    assert.equal(feedbackCount(), before);
  });

  it('refuses a truncated multipart body with 400', async () => {
    const { cookie, token } = await csrf();
    const before = feedbackCount();
    const boundary = 'B0undary';
    const mp = `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\ncut here`;
    const res = await post('/fi/accessibility', mp, { cookie, type: `multipart/form-data; boundary=${boundary}` });
    assert.equal(res.status, 400);
    assert.equal(feedbackCount(), before);
  });
});

describe('feedback form', () => {
  it('stores valid feedback once and redirects to the thank-you page', async () => {
    const { cookie, token } = await csrf('sv');
    const before = feedbackCount();
    const res = await post('/sv/accessibility',
      form({ csrf: token, message: 'Kontrasten är för svag', contact: 'namn@exempel.fi', page: '/sv/municipalities' }),
      { cookie });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/sv/accessibility/thanks');
    assert.equal(feedbackCount(), before + 1);
    assert.equal(sql(srv.db, 'SELECT lang, page, message, contact FROM feedback ORDER BY id DESC LIMIT 1'),
      'sv|/sv/municipalities|Kontrasten är för svag|namn@exempel.fi');
    const thanks = await get('/sv/accessibility/thanks');
    assert.equal(thanks.status, 200);
    assert.match(thanks.text, /Tack för din respons/);
  });

  it('accepts the same form as multipart/form-data', async () => {
    const { cookie, token } = await csrf();
    const before = feedbackCount();
    const boundary = '----form7';
    const mp = `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\nrivi 1\r\nrivi 2\r\n` +
      `--${boundary}--\r\n`;
    const res = await post('/fi/accessibility', mp, { cookie, type: `multipart/form-data; boundary=${boundary}` });
    assert.equal(res.status, 303);
    assert.equal(feedbackCount(), before + 1);
    // The form model stores line ends as LF (CRLF before the kit).
    assert.equal(sql(srv.db, "SELECT replace(replace(message, char(13)||char(10), '|'), char(10), '|') FROM feedback ORDER BY id DESC LIMIT 1"),
      'rivi 1|rivi 2');
  });

  it('refuses a request without a valid CSRF token with 403 and writes nothing', async () => {
    const { cookie, token } = await csrf();
    const other = await csrf();
    const before = feedbackCount();
    for (const [what, body, c, headers] of [
      ['no token', form({ message: 'x' }), cookie, {}],
      ['no cookie', form({ csrf: token, message: 'x' }), undefined, {}],
      ['token of another visitor', form({ csrf: other.token, message: 'x' }), cookie, {}],
      ['malformed token', form({ csrf: 'abc', message: 'x' }), 'tv_csrf=abc', {}],
      ['foreign Origin', form({ csrf: token, message: 'x' }), cookie, { origin: 'https://evil.example' }],
    ]) {
      const res = await post('/fi/accessibility', body, { cookie: c, headers });
      assert.equal(res.status, 403, what);
      assert.match(res.text, /Lomake oli vanhentunut/, what);
    }
    assert.equal(feedbackCount(), before);
  });

  it('accepts a same-site Origin', async () => {
    const { cookie, token } = await csrf();
    const res = await post('/fi/accessibility', form({ csrf: token, message: 'ok' }),
      { cookie, headers: { origin: `http://127.0.0.1:${srv.port}` } });
    assert.equal(res.status, 303);
  });

  it('shows mistakes next to the fields, keeps the text escaped, writes nothing', async () => {
    const { cookie, token } = await csrf('en');
    const before = feedbackCount();
    const res = await post('/en/accessibility',
      form({ csrf: token, message: '<script>alert(1)</script>', contact: 'not an address' }), { cookie });
    assert.equal(res.status, 400);
    assert.match(res.text, /role="alert"/);
    assert.match(res.text, /<a href="#contact">Write the e-mail address/);
    assert.match(res.text, /aria-invalid="true" value="not an address"/);
    assert.match(res.text, />&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/textarea>/);
    assert.doesNotMatch(res.text, /<script>alert/);
    const empty = await post('/en/accessibility', form({ csrf: token, message: '   ' }), { cookie });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /<a href="#message">Write your feedback\.<\/a>/);
    const long = await post('/en/accessibility', form({ csrf: token, message: 'ä'.repeat(4001) }), { cookie });
    assert.equal(long.status, 400);
    assert.match(long.text, /at most 4000 characters/);
    assert.equal(feedbackCount(), before);
  });

  it('drops a page hint that is not one of our paths', async () => {
    const res = await get('/fi/accessibility?page=//evil.example/x');
    assert.doesNotMatch(res.text, /name="page"/);
    const ok = await get('/fi/accessibility?page=/fi/municipalities');
    assert.match(ok.text, /name="page" value="\/fi\/municipalities"/);
  });
});

describe('operations', () => {
  it('exposes Prometheus metrics to an administrator\'s token only', async () => {
    await get('/fi/');
    await get('/fi/nope');
    const anon = await get('/metrics');
    assert.equal(anon.status, 401);
    assert.match(anon.headers['www-authenticate'], /^Bearer/);
    const admin = await makeToken(srv, 'metrics-admin@example.fi', 'admin');
    const tutor = await makeToken(srv, 'metrics-tutor@example.fi', 'tutor', ['--scope', '611']);
    assert.equal((await get('/metrics', { authorization: `Bearer ${tutor}` })).status, 403);
    const bad = await get('/metrics', { authorization: 'Bearer tvk_nope' });
    assert.equal(bad.status, 401);
    // RFC 6750: the failure named; a scraper reads text, not a page.
    assert.match(bad.headers['www-authenticate'], /error="invalid_token"/);
    assert.match(bad.headers['content-type'], /^text\/plain/);
    assert.match(anon.headers['content-type'], /^text\/plain/);
    assert.doesNotMatch(anon.text, /<html/);
    const res = await get('/metrics', { authorization: `Bearer ${admin}` });
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'], /^text\/plain; version=0.0.4/);
    assert.match(res.text, /tukiverkko_http_requests_total\{route="network.front",status="200"\} \d+/);
    assert.match(res.text, /tukiverkko_http_requests_total\{route="none",status="404"\} \d+/);
    assert.match(res.text, /tukiverkko_http_request_duration_seconds_bucket\{route="network.front",le="\+Inf"\} \d+/);
    assert.match(res.text, /tukiverkko_http_request_duration_seconds_count\{route="network.front"\} \d+/);
  });

  it('writes a JSON access log without query strings, addresses or form data', async () => {
    await get('/fi/accessibility?page=/secret-path-value');
    const lines = srv.stdout().trim().split('\n').filter(Boolean);
    assert.ok(lines.length > 5);
    const entries = lines.map((l) => JSON.parse(l));
    const e = entries.findLast((x) => x.route === 'feedback.page');
    assert.ok(e, 'the request was logged');
    assert.equal(e.method, 'GET');
    assert.equal(e.status, 200);
    assert.equal(typeof e.ms, 'number');
    assert.doesNotMatch(srv.stdout(), /secret-path-value|127\.0\.0\.1|namn@exempel/);
    assert.doesNotMatch(srv.stderr(), /secret-path-value|namn@exempel|Kontrasten/);
  });
});

describe('time limits', () => {
  it('closes a connection that stops sending its headers (slowloris)', async () => {
    const s = await startServer({ demo: true, args: ['--timeout', '1'] });
    try {
      const t0 = Date.now();
      const res = await rawRequest(s.port, 'GET /fi/ HTTP/1.1\r\nHost: x\r\nX-Slow: ', { timeout: 5000 });
      assert.equal(res.closed, true, 'the server closed the idle connection');
      assert.ok(Date.now() - t0 < 4000, 'within the configured timeout');
      assert.equal((await request(s.url + '/healthz')).status, 200);
    } finally {
      await s.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight after SIGTERM, then exits 0', async () => {
    const s = await startServer({ demo: true });
    try {
      const { cookie, token } = await (async () => {
        const res = await request(s.url + '/fi/accessibility');
        const t = /name="csrf" value="([^"]+)"/.exec(res.text)[1];
        return { cookie: `tv_csrf=${t}`, token: t };
      })();
      const body = form({ csrf: token, message: 'sent during shutdown' });
      const half = Math.floor(body.length / 2);
      const pending = rawRequest(s.port, 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
        `Cookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, half)}`,
      { timeout: 8000, chunks: [{ data: body.slice(half), delayMs: 700 }] });
      await new Promise((r) => setTimeout(r, 300));
      s.kill('SIGTERM');
      const res = await pending;
      assert.equal(res.status, 303, 'the request in flight got its answer');
      const exit = await s.exited;
      assert.equal(exit.code, 0);
      assert.equal(sql(s.db, "SELECT count(*) FROM feedback WHERE message = 'sent during shutdown'"), '1');
      assert.match(s.stderr(), /finishing requests in flight/);
    } finally {
      await s.stop({ allowSignal: true });
    }
  });
});
