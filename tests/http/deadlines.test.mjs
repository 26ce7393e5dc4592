// Total deadlines for what a client sends (#11 item 5). libmicrohttpd
// 0.9.75 has only an idle timeout, which a slowloris resets with every
// byte; the server's watchdog (src/http/server.c, "Deadlines") closes a
// connection whose line and headers are not in header_timeout after it
// opened (or after its previous answer), and a body that pauses longer
// than body_timeout or, after that grace, averages under body_min_rate.
// Everything a legal client does - a slow but steady form post, a handler
// that takes longer than the deadlines - still works.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, rawRequest, request } from '../lib/server.mjs';
import { Client, formBody, addUser, createToken } from '../lib/auth.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
before(async () => {
  srv = await startServer({
    demo: true,
    args: ['--header-timeout', '2', '--body-timeout', '2', '--body-min-rate', '1024',
      '--connections-per-address', '0'],
  });
});
after(async () => { await srv?.stop(); });

// Sends `first`, then `line` every `everyMs` until the server closes the
// connection or `maxMs` pass; resolves with { closedAfterMs, answer }
// (closedAfterMs null when it never closed).
function trickle(port, first, line, everyMs, maxMs) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let got = '';
    let timer = null;
    let done = false;
    const sock = net.connect({ host: '127.0.0.1', port });
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      sock.destroy();
      resolve({ closedAfterMs: closed ? Date.now() - t0 : null, answer: got });
    };
    sock.on('connect', () => {
      sock.write(first);
      timer = setInterval(() => {
        if (Date.now() - t0 > maxMs) { finish(false); return; }
        if (!sock.destroyed) sock.write(line);
      }, everyMs);
    });
    sock.on('data', (d) => { got += d.toString('latin1'); });
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
  });
}

describe('header and body deadlines', () => {
  it('cuts off slowloris clients (a header line a second) in bounded time while /healthz answers', async () => {
    // Twenty of them, each well under the idle timeout (30 s) per line.
    const slow = Array.from({ length: 20 }, () => trickle(srv.port,
      'GET /fi/ HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n', 1000, 12000));
    const lat = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 2500) {
      const s = Date.now();
      const h = await request(`${srv.url}/healthz`, { timeout: 3000 });
      assert.equal(h.status, 200);
      lat.push(Date.now() - s);
      await sleep(100);
    }
    const res = await Promise.all(slow);
    for (const r of res) {
      assert.notEqual(r.closedAfterMs, null, 'the slow client was closed');
      // 2 s deadline, a 200 ms watchdog tick, one 1 s write interval to
      // notice; generous for a loaded box, far below the idle timeout.
      assert.ok(r.closedAfterMs >= 1900, `not before its deadline (${r.closedAfterMs} ms)`);
      assert.ok(r.closedAfterMs < 6000, `closed after ${r.closedAfterMs} ms`);
      assert.equal(r.answer, '', 'it got no answer: its headers never ended');
    }
    assert.ok(Math.max(...lat) < 2000, `/healthz took up to ${Math.max(...lat)} ms`);
    // An operator sees them in /metrics.
    addUser(srv, 'deadline-admin@example.fi', 'admin');
    const token = createToken(srv, 'deadline-admin@example.fi', 'metrics');
    const m = await request(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    const closes = Number(/^tukiverkko_http_deadline_closes_total (\d+)$/m.exec(m.text)?.[1]);
    assert.ok(closes >= 20, `tukiverkko_http_deadline_closes_total ${closes}`);
  });

  it('cuts off a request line sent a byte at a time', async () => {
    const r = await trickle(srv.port, 'G', 'E', 500, 12000);
    assert.notEqual(r.closedAfterMs, null);
    assert.ok(r.closedAfterMs < 6000, `closed after ${r.closedAfterMs} ms`);
  });

  it('cuts off a body that trickles under body_min_rate', async () => {
    const head = 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nmessage=';
    // 40 bytes every 200 ms: 200 B/s, under the 1024 B/s minimum.
    const r = await trickle(srv.port, head, 'x'.repeat(40), 200, 15000);
    assert.notEqual(r.closedAfterMs, null, 'the slow body was cut off');
    // Grace 2 s plus what 200 B/s pays for: (2 + n/1024) s with n = 200 t.
    assert.ok(r.closedAfterMs < 6000, `closed after ${r.closedAfterMs} ms`);
  });

  it('cuts off a body that stops after a fast start', async () => {
    const head = 'POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n';
    const r = await rawRequest(srv.port, head + 'message=' + 'x'.repeat(60000), { timeout: 10000 });
    assert.equal(r.closed, true);
    assert.equal(r.timedOut, false, 'closed after the 2 s pause limit, not left to the idle timeout');
  });

  it('takes a slow but steady form post that lasts longer than both deadlines', async () => {
    const c = new Client(srv.url);
    await c.loadCsrf('/fi/accessibility');
    // An unknown field pads the body; the message stays within its limit.
    const body = formBody({ message: 'Hidas yhteys', contact: '', page: '/fi/', csrf: c.csrf, pad: 'x'.repeat(12000) });
    const head = `POST /fi/accessibility HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookieHeader()}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`;
    // About 3 KiB/s for about 4 s: over the 1 KiB/s minimum, longer than
    // header_timeout and body_timeout.
    const chunks = [];
    for (let i = 0; i < body.length; i += 600) chunks.push({ data: body.slice(i, i + 600), delayMs: 200 });
    const t0 = Date.now();
    const r = await rawRequest(srv.port, head, { chunks, timeout: 20000 });
    assert.ok(Date.now() - t0 > 3000, 'the post took longer than the deadlines');
    assert.equal(r.status, 303, `answered ${r.status}: ${r.text.slice(0, 200)}`);
  });

  it('spares a connection whose request waits for a busy thread', async () => {
    // One pool thread, header_timeout 1 s: connection A is answered and
    // kept alive; the thread then renders B's 3 s page; A's next request
    // arrives meanwhile and waits unread. The wait is the server's, so A
    // is answered when the thread is free, not closed at its deadline.
    const one = await startServer({
      demo: false, env: { TUKIVERKKO_TEST_HOOKS: '1' },
      args: ['--threads', '1', '--header-timeout', '1', '--render-budget-ms', '0'],
    });
    try {
      const a = net.connect({ host: '127.0.0.1', port: one.port });
      let got = '';
      let closed = false;
      a.on('data', (d) => { got += d.toString('latin1'); });
      a.on('close', () => { closed = true; });
      a.on('error', () => {});
      await new Promise((r) => a.on('connect', r));
      const get = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
      a.write(get);
      for (let i = 0; i < 100 && !/200/.test(got); i++) await sleep(20);
      assert.match(got, /^HTTP\/1\.1 200/);
      const slow = request(`${one.url}/_test/slow?rows=30&ms=100`, { timeout: 10000 });
      await sleep(300);
      a.write(get);
      const res = await slow;
      assert.equal(res.status, 200);
      for (let i = 0; i < 100 && (got.match(/HTTP\/1\.1 200/g) ?? []).length < 2 && !closed; i++) await sleep(20);
      assert.equal((got.match(/HTTP\/1\.1 200/g) ?? []).length, 2, 'the waiting request was answered');
      a.destroy();
    } finally {
      await one.stop();
    }
  });

  it('closes a kept-alive connection left idle for header_timeout', async () => {
    const t0 = Date.now();
    const r = await rawRequest(srv.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
      { responses: 2, timeout: 10000 });
    assert.equal(r.status, 200);
    assert.equal(r.closed, true);
    assert.ok(Date.now() - t0 < 6000, 'closed by the header deadline, not the 30 s idle timeout');
  });
});
