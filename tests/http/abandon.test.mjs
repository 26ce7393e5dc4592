// Abandoned and runaway requests stop (#13 item 4). A page whose reader
// has gone is not rendered to its end, so it does not keep a pool thread
// from the others; a page that takes longer than render_budget_ms is cut
// off with 503. The slow page is the test hook /_test/slow (a template
// loop with a pause per row, src/http/testhook.h), served only with
// TUKIVERKKO_TEST_HOOKS=1; the server logs how many rows each render wrote.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, request } from '../lib/server.mjs';
import { addUser, createToken } from '../lib/auth.mjs';

const servers = [];
after(async () => {
  const r = await Promise.allSettled(servers.map((s) => s.stop()));
  for (const x of r) if (x.status === 'rejected') throw x.reason;
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hooks = { TUKIVERKKO_TEST_HOOKS: '1' };

// The "rendered N of M rows" counts the server has logged so far.
function rendered(srv) {
  return [...srv.stderr().matchAll(/test hook: rendered (\d+) of (\d+) rows/g)]
    .map((m) => ({ done: Number(m[1]), of: Number(m[2]) }));
}

async function waitFor(fn, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// A counter of /metrics (an administrator's token reads it).
async function metric(srv, line) {
  const email = `abandon-${srv.port}@example.fi`;
  srv.metricsToken ??= (addUser(srv, email, 'admin'), createToken(srv, email, 'metrics'));
  const m = await request(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${srv.metricsToken}` } });
  const esc = line.replace(/[{}"]/g, (c) => `\\${c}`);
  return Number(new RegExp(`^${esc} (\\d+)$`, 'm').exec(m.text)?.[1]);
}

// Sends a GET and closes the connection after `ms`, without reading.
function askAndLeave(port, path, ms) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      setTimeout(() => { s.destroy(); resolve(); }, ms);
    });
    s.on('error', () => {});
  });
}

describe('abandoned and runaway requests', () => {
  it('stops rendering for a client that left, and the pool thread serves others at once', async () => {
    // Two pool threads, both given a 10 s page whose readers leave.
    const srv = await startServer({
      demo: true, env: hooks,
      args: ['--threads', '2', '--render-budget-ms', '0', '--connections-per-address', '0'],
    });
    servers.push(srv);
    await Promise.all([0, 1].map(() => askAndLeave(srv.port, '/_test/slow?rows=200&ms=50', 400)));
    // Without the check both threads would render on for ~10 s and
    // /healthz would wait for one of them.
    const t0 = Date.now();
    const h = await request(`${srv.url}/healthz`, { timeout: 5000 });
    const waited = Date.now() - t0;
    assert.equal(h.status, 200);
    assert.ok(waited < 2000, `/healthz waited ${waited} ms`);
    // Both requests end as abandoned: one stopped mid-render, or - when
    // both landed on one thread - the second is dropped before its
    // handler runs, its reader long gone.
    await waitFor(() => (srv.stderr().match(/the client left; stopped after/g) ?? []).length >= 2, 5000,
      'both requests to be abandoned');
    const logs = rendered(srv);
    assert.ok(logs.length >= 1, 'at least one render began');
    for (const l of logs) {
      assert.equal(l.of, 200);
      assert.ok(l.done < 60, `stopped after ${l.done} rows (of 200), soon after the client left`);
    }
    assert.equal(await metric(srv, 'tukiverkko_http_abandoned_total{reason="client_gone"}'), 2);
  });

  it('answers 503 with Retry-After past render_budget_ms, and serves others meanwhile', async () => {
    const srv = await startServer({
      demo: true, env: hooks,
      args: ['--threads', '2', '--render-budget-ms', '500'],
    });
    servers.push(srv);
    const t0 = Date.now();
    const slow = request(`${srv.url}/_test/slow?rows=100&ms=50`, { timeout: 8000 });
    await sleep(100);
    const h = await request(`${srv.url}/healthz`, { timeout: 3000 });
    assert.equal(h.status, 200);
    const res = await slow;
    const took = Date.now() - t0;
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '5');
    assert.match(res.headers['cache-control'] ?? '', /no-store/);
    assert.ok(took < 3000, `the 5 s page was cut off after ${took} ms`);
    const [l] = await waitFor(() => { const x = rendered(srv); return x.length >= 1 && x; }, 3000, 'the log');
    assert.ok(l.done < 30, `stopped after ${l.done} rows (of 100)`);
    // The next request has a budget of its own.
    assert.equal(await metric(srv, 'tukiverkko_http_abandoned_total{reason="render_budget"}'), 1);
    const quick = await request(`${srv.url}/_test/slow?rows=3&ms=10`);
    assert.equal(quick.status, 200);
    assert.equal((quick.text.match(/<li>/g) ?? []).length, 3);
  });

  it('lets a handler that works longer than the header deadline finish', async () => {
    // header_timeout 1 s, a 3 s render: nothing is owed while the
    // handler works (#11 item 5 must not cut answers being made).
    const srv = await startServer({
      demo: true, env: hooks,
      args: ['--header-timeout', '1', '--body-timeout', '1', '--render-budget-ms', '0'],
    });
    servers.push(srv);
    const res = await request(`${srv.url}/_test/slow?rows=30&ms=100`, { timeout: 10000 });
    assert.equal(res.status, 200);
    assert.equal((res.text.match(/<li>/g) ?? []).length, 30);
  });

  it('is not there without TUKIVERKKO_TEST_HOOKS', async () => {
    const srv = await startServer({ demo: false });
    servers.push(srv);
    const res = await request(`${srv.url}/_test/slow?rows=1&ms=1`);
    assert.equal(res.status, 404);
  });
});
