// The soak's load and its probe (bench/soak/run.sh starts the server):
// /healthz latency measured while three kinds of abuse run at once, all
// on loopback, for a bounded time.
//
//   slow clients   SLOW connections (default 300) that send a request
//                  a few bytes at a time and never finish it: half send one
//                  header line every 5 s, half a form body of 100 kB at
//                  20 bytes every 5 s to the public feedback form; each
//                  reconnects when the server closes it.  They come from
//                  50 loopback addresses (127.0.1.2 ...), 6 from each, as
//                  from many clients, under the per-address connection cap.
//   sign-ins       SIGNINS workers (12) that sign in over and over with the
//                  right password (each a full argon2id verification; a
//                  wrong one would soon be throttled and cost nothing),
//                  each as its own account (EMAIL with the worker's number:
//                  soak0@..., soak1@...; 5 attempts of one account may be
//                  in flight at once) and from its own address.
//   upload flood   UPLOADERS workers (16) that POST a 100 MB multipart
//                  upload to /fi/materials without signing in, streaming
//                  until the server answers, then again.
//   probe          GET /healthz on a new connection every 50 ms from
//                  127.0.0.1: PROBE_BEFORE seconds alone (the baseline),
//                  then SECONDS_LOAD seconds under the load.  Twice: in
//                  this process (healthz_*), whose event loop also drives
//                  all the load, so its figures include that loop's lag,
//                  and in a child process of its own that does nothing
//                  else (healthz_*_own_process), closer to what a visitor
//                  sees.
//
// Prints one JSON object.  Environment: PORT, EMAIL, PASSWORD, SECONDS_LOAD (30),
// PROBE_BEFORE (5), SLOW (300), SIGNINS (12), UPLOADERS (16).
import http from 'node:http';
import net from 'node:net';
import { fork } from 'node:child_process';

const PORT = Number(process.env.PORT);
const HOST = '127.0.0.1';
const SECONDS = Number(process.env.SECONDS_LOAD ?? 30);
const PROBE_BEFORE = Number(process.env.PROBE_BEFORE ?? 5);
const SLOW = Number(process.env.SLOW ?? 300);
const SIGNINS = Number(process.env.SIGNINS ?? 12);
const UPLOADERS = Number(process.env.UPLOADERS ?? 16);
const { EMAIL, PASSWORD } = process.env;
if (!PORT || !EMAIL || !PASSWORD) throw new Error('PORT, EMAIL and PASSWORD are needed');

let running = true;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stats = {
  slow: { opened: 0, closed_by_server: 0, refused: 0 },
  signin: { ok: 0, other: {}, ms: [] },
  upload: { answered: {}, errors: 0, ms: [] },
};
const bump = (o, k) => { o[k] = (o[k] ?? 0) + 1; };

// --- slow clients ---
function slowClient(i) {
  const addr = `127.0.1.${2 + (i % 50)}`;
  const body = i % 2 === 1;
  const sock = net.connect({ host: HOST, port: PORT, localAddress: addr });
  let timer = null;
  let n = 0;
  sock.setNoDelay(true);
  sock.on('connect', () => {
    stats.slow.opened++;
    if (body) {
      sock.write(`POST /fi/accessibility HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\n`
        + 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nmessage=');
    } else {
      sock.write(`GET /fi/ HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\n`);
    }
    timer = setInterval(() => {
      if (!running) return;
      sock.write(body ? 'x'.repeat(20) : `X-Slow-${n++}: ${'y'.repeat(10)}\r\n`);
    }, 5000);
  });
  sock.on('data', () => {});
  sock.on('error', () => {});
  sock.on('close', (hadError) => {
    clearInterval(timer);
    if (!running) return;
    if (sock.bytesRead === 0 && hadError) stats.slow.refused++;
    else stats.slow.closed_by_server++;
    setTimeout(() => slowClient(i), 200);
  });
  slowSockets.add(sock);
}
const slowSockets = new Set();

// --- HTTP helpers (own connection each time, from a given address) ---
function req(method, path, { headers = {}, body, localAddress, timeout = 60000 } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const r = http.request({ host: HOST, port: PORT, method, path, headers, localAddress, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
      res.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
    });
    r.setTimeout(timeout, () => r.destroy(new Error('timeout')));
    r.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
    if (body) r.write(body);
    r.end();
  });
}

const cookiesOf = (res) => (res.headers?.['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');

// --- sign-ins ---
async function signinWorker(i) {
  const localAddress = `127.0.3.${2 + i}`;
  while (running) {
    const form = await req('GET', '/fi/signin', { localAddress });
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text ?? '')?.[1];
    if (!csrf) { bump(stats.signin.other, `form ${form.status}`); await sleep(200); continue; }
    const body = new URLSearchParams({ csrf, email: EMAIL.replace('@', `${i}@`), password: PASSWORD }).toString();
    const res = await req('POST', '/fi/signin', {
      localAddress,
      body,
      headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    });
    if (res.status === 303) { stats.signin.ok++; stats.signin.ms.push(res.ms); } else bump(stats.signin.other, String(res.status));
  }
}

// --- anonymous uploads ---
// One 100 MB upload without a session: the time to the server's answer
// (403 from the headers, before the body) and its status.
function uploadOnce(i) {
  return new Promise((resolve) => {
    const size = 100 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const t0 = performance.now();
    let done = false;
    let sent = 0;
    const finish = (status) => {
      if (done) return;
      done = true;
      if (status) { bump(stats.upload.answered, String(status)); stats.upload.ms.push(performance.now() - t0); } else stats.upload.errors++;
      r.destroy();
      resolve();
    };
    const r = http.request({
      host: HOST, port: PORT, method: 'POST', path: '/fi/materials', agent: false,
      localAddress: `127.0.4.${2 + i}`,
      headers: { 'content-type': 'multipart/form-data; boundary=soak', 'content-length': size },
    }, (res) => {
      res.resume();
      finish(res.statusCode);
    });
    r.on('error', () => finish(0));
    r.setTimeout(30000, () => finish(0));
    const pump = () => {
      while (running && !done && sent < size) {
        sent += chunk.length;
        if (!r.write(chunk)) { r.once('drain', pump); return; }
      }
    };
    r.write('--soak\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n');
    pump();
  });
}

async function uploadWorker(i) {
  while (running) await uploadOnce(i);
}

// --- the probe ---
async function probe(seconds) {
  const ms = [];
  let failed = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const res = await req('GET', '/healthz', { timeout: 30000 });
    if (res.status === 200) ms.push(res.ms); else failed++;
    await sleep(50);
  }
  return { ms, failed };
}

function summary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p) => (s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : null);
  const r = (x) => (x === null ? null : Math.round(x * 100) / 100);
  return { n: s.length, p50_ms: r(at(0.5)), p90_ms: r(at(0.9)), p99_ms: r(at(0.99)), max_ms: r(s[s.length - 1] ?? null) };
}

// The probe's own process: answers { seconds } with probe(seconds).
if (process.env.SOAK_PROBE_CHILD === '1') {
  process.on('message', async ({ seconds }) => { process.send(await probe(seconds)); });
  await new Promise(() => {});	// the parent ends it
}
const child = fork(process.argv[1], [], { env: { ...process.env, SOAK_PROBE_CHILD: '1' } });
const probeApart = (seconds) => new Promise((resolve) => {
  child.once('message', resolve);
  child.send({ seconds });
});

const [baseline, baselineApart] = await Promise.all([probe(PROBE_BEFORE), probeApart(PROBE_BEFORE)]);
for (let i = 0; i < SLOW; i++) slowClient(i);
const workers = [];
for (let i = 0; i < SIGNINS; i++) workers.push(signinWorker(i));
for (let i = 0; i < UPLOADERS; i++) workers.push(uploadWorker(i));
await sleep(2000);	// everything connected and busy
const [loaded, loadedApart] = await Promise.all([probe(SECONDS), probeApart(SECONDS)]);
child.kill();
running = false;
for (const s of slowSockets) s.destroy();
await Promise.race([Promise.all(workers), sleep(15000)]);

console.log(JSON.stringify({
  healthz_alone: { ...summary(baseline.ms), failed: baseline.failed },
  healthz_under_load: { ...summary(loaded.ms), failed: loaded.failed },
  healthz_alone_own_process: { ...summary(baselineApart.ms), failed: baselineApart.failed },
  healthz_under_load_own_process: { ...summary(loadedApart.ms), failed: loadedApart.failed },
  slow_clients: { target: SLOW, ...stats.slow },
  signins: { workers: SIGNINS, ok: stats.signin.ok, other: stats.signin.other, latency: summary(stats.signin.ms) },
  uploads: { workers: UPLOADERS, answered: stats.upload.answered, errors: stats.upload.errors, time_to_answer: summary(stats.upload.ms) },
}, null, 2));
process.exit(0);
