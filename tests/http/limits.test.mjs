// Connection and memory limits (#11 items 2 and 5): a client address may
// hold at most connections_per_address connections, and all form bodies
// being read at one time share a budget of 64 x body_max - past it a body
// is drained, not kept, and answered 503, so slow clients cannot grow the
// server without bound.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, rawRequest, request } from '../lib/server.mjs';

const servers = [];
// Every server is stopped even when one of them fails to stop cleanly.
after(async () => {
  const r = await Promise.allSettled(servers.map((s) => s.stop()));
  for (const x of r) if (x.status === 'rejected') throw x.reason;
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Opens a connection and sends `bytes`; resolves with the socket once it
// is connected (the caller ends it).
function hold(port, bytes) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => { s.write(bytes); resolve(s); });
    s.on('error', () => {});
    s.once('error', reject);
  });
}

// Opens a connection that has been answered once and stays open
// (keep-alive): then the server has certainly accepted and counted it.
function holdAnswered(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    let got = '';
    s.on('data', (d) => {
      got += d;
      if (/^HTTP\/1\.1 200/.test(got)) resolve(s);
    });
    s.on('error', () => {});
    s.once('error', reject);
    // Refused by closing, before an answer (a no-op once resolved).
    s.once('close', () => reject(new Error('closed before the answer')));
  });
}

describe('limits', () => {
  it('refuses a connection past connections_per_address and takes one again when a slot frees', async () => {
    const srv = await startServer({ demo: false, args: ['--connections-per-address', '3'] });
    servers.push(srv);
    // Three connections the server has answered and holds open: not a
    // sleep, which a slow (sanitizer) build could outlast.  One after the
    // other, each tried again while refused: the connection of
    // startServer()'s readiness check holds a slot until the server has
    // seen it close, which a slow build may not have yet (seen once).
    const idle = [];
    for (let k = 0; k < 3; k++) {
      for (let i = 0; ; i++) {
        try {
          idle.push(await holdAnswered(srv.port));
          break;
        } catch (err) {
          if (i === 50) throw err;
          await sleep(100);
        }
      }
    }
    const get = 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const refused = await rawRequest(srv.port, get, { timeout: 2000 });
    assert.equal(refused.status, null, 'the fourth connection got no answer');
    assert.equal(refused.closed, true, 'it was closed by the server');
    idle[0].destroy();
    // The slot frees when the server has seen the close: wait for that.
    let ok = { status: null };
    for (let i = 0; i < 100 && ok.status !== 200; i++) {
      ok = await rawRequest(srv.port, get, { timeout: 2000 });
      if (ok.status !== 200) await sleep(100);
    }
    assert.equal(ok.status, 200);
    for (const s of idle) s.destroy();
  });

  it('answers 503 when the bodies being read fill the budget, and takes forms again after', async () => {
    const bodyMax = 4096;
    const srv = await startServer({
      demo: true, args: ['--body-max', String(bodyMax), '--connections-per-address', '0'],
    });
    servers.push(srv);
    const head = `POST /fi/accessibility HTTP/1.1\r\nHost: x\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${bodyMax}\r\n\r\n`;
    // 64 bodies that never finish, each holding its buffer.
    const hogs = [];
    for (let i = 0; i < 64; i++) hogs.push(await hold(srv.port, head + 'message=' + 'x'.repeat(3000)));
    await sleep(300);
    const full = head + 'message=' + 'y'.repeat(bodyMax - 8);
    const busy = await rawRequest(srv.port, full, { timeout: 5000 });
    assert.equal(busy.status, 503);
    assert.match(busy.text, /ruuhkainen/);
    for (const s of hogs) s.destroy();
    await sleep(300);
    const again = await rawRequest(srv.port, full, { timeout: 5000 });
    // Anonymous, without a CSRF token: the guard's 403 shows the body was
    // read and judged, not refused for want of memory.
    assert.equal(again.status, 403);
    const health = await request(`${srv.url}/healthz`);
    assert.equal(health.status, 200);
  });
});
