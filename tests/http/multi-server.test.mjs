// Scale-out (issue 14): two tukiverkko servers behind nginx on one
// PostgreSQL database. A registration rush spread over both keeps every
// guarantee of one server: exact capacity, the waiting list in order, every
// acknowledged registration saved once, one message each, no message lost
// and none sent twice; one server killed with SIGKILL in the middle loses
// nothing it acknowledged. A change made through one server shows on the
// other at once although both cache pages. Needs the PostgreSQL cluster of
// the -pg suites.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, freePort, onPg, request } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import { Client, sqlite, unique, PASSWORD_COST } from '../lib/auth.mjs';

const CAPACITY = 12;
const N = 80;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** nginx on a free port, round robin over the servers; { url, stop() }. */
async function startNginx(ports) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-nginx-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream tv {
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=30s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://tv;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # A POST that reached a server is never sent to the other one.
      proxy_next_upstream error timeout;
    }
  }
}
`);
  const child = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  for (let i = 0; i < 100; i++) {
    try {
      const r = await request(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) break;
    } catch { /* not yet */ }
    await sleep(50);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => { try { return readFileSync(path.join(dir, 'error.log'), 'utf8') + err; } catch { return err; } },
  };
}

describe('two servers on one PostgreSQL database', { skip: !onPg && 'needs the PostgreSQL cluster (the http-pg suite)' }, () => {
  let a, b, lb, sink, eventId;
  const q = (s) => sqlite(a.db, s).trim();
  // Behind nginx every connection comes from it: the servers trust its
  // X-Forwarded-For, and a rush from one test address is not limited.
  const args = () => [...PASSWORD_COST, '--smtp-url', sink.url, '--behind-tls-proxy', 'on',
    '--registrations-per-address', '0', '--page-cache-ms', '60000'];

  before(async () => {
    sink = await startSmtpSink();
    a = await startServer({ args: args() });
    b = await startServer({ db: a.db, args: args() });
    lb = await startNginx([a.port, b.port]);
    const start = Math.floor(Date.now() / 1000) + 10 * 86400;
    eventId = Number(q(`INSERT INTO event (region_id, kind, title_fi, starts_at, ends_at, status, capacity, group_max) VALUES (1, 'webinar', 'Kahden palvelimen webinaari', ${start}, ${start + 3600}, 'published', ${CAPACITY}, 1) RETURNING id;`));
  });

  after(async () => {
    await lb?.stop();
    await b?.stop({ allowSignal: true }).catch(() => {});
    await a?.stop();
    await sink?.stop();
  });

  it('a change through one server shows on the other at once, both caching pages', async () => {
    const page = `/fi/events/${eventId}`;
    const seats = (html) => Number(/Paikkoja jäljellä: (\d+)/.exec(html)?.[1]);
    // Both render and cache the page (page_cache_ms is a minute here).
    assert.equal(seats((await request(a.url + page)).text), CAPACITY);
    assert.equal(seats((await request(b.url + page)).text), CAPACITY);
    // B's registration form counts the seats through its own seat cache.
    assert.equal(seats((await request(`${b.url}${page}/register`)).text), CAPACITY);
    // One registration through server A.
    const c = new Client(a.url);
    const form = await c.get(`${page}/register`);
    const res = await c.post(`${page}/register`, {
      csrf: /name="csrf" value="([^"]+)"/.exec(form.text)[1],
      submission: /name="submission" value="([^"]+)"/.exec(form.text)[1],
      name: 'Ensimmäinen', email: `multi-first.${unique('m')}@example.org`, group_size: '1',
    });
    assert.equal(res.status, 303);
    // Server B never saw the write, only PostgreSQL's notification: its
    // cached page and its seat count both show the seat taken within a few
    // seconds, long before their minute is up.  Each is waited for: another
    // commit just before A's (a job's, on either server) can drop B's page
    // before A's notification arrives, and the page is then read afresh
    // while the seat count kept under that same generation is the one from
    // before - until A's notification comes, a moment later.
    const shown = async (url) => {
      let left;
      for (let i = 0; i < 50; i++) {
        left = seats((await request(url)).text);
        if (left === CAPACITY - 1) break;
        await sleep(100);
      }
      return left;
    };
    assert.equal(await shown(b.url + page), CAPACITY - 1, 'server B\'s page shows the seat taken without waiting for its cache to expire');
    assert.equal(await shown(`${b.url}${page}/register`), CAPACITY - 1, 'so does its form\'s seat count');
  });

  it(`${N} registrations over both, one server killed midway: exact seats, queue in order, nothing acknowledged lost, one message each`, async () => {
    const visitors = [];
    for (let i = 0; i < N; i++) {
      const c = new Client(lb.url);
      const res = await c.get(`/fi/events/${eventId}/register`);
      assert.equal(res.status, 200);
      visitors.push({
        c,
        csrf: /name="csrf" value="([^"]+)"/.exec(res.text)[1],
        submission: /name="submission" value="([^"]+)"/.exec(res.text)[1],
        email: `multi${i}.${unique('m')}@example.org`,
      });
    }
    const send = (v) => v.c.post(`/fi/events/${eventId}/register`, {
      csrf: v.csrf, submission: v.submission, name: `Palvelin ${v.email}`, email: v.email, group_size: '1',
    }).catch((e) => ({ status: 0, error: e }));
    const first = await Promise.all(visitors.slice(0, N / 2).map(send));
    // Server B dies with the second half on its way.
    const second = visitors.slice(N / 2).map(send);
    await sleep(30);
    b.kill('SIGKILL');
    const rest = await Promise.all(second);
    const answers = [...first, ...rest];
    const acknowledged = visitors.filter((v, i) => answers[i].status === 303);
    assert.ok(acknowledged.length >= N / 2, `${acknowledged.length} acknowledged`);

    const rows = new Map(q(`SELECT email || '|' || status || '|' || COALESCE(waiting_seq, 0) FROM registration WHERE event_id = ${eventId};`)
      .split('\n').filter(Boolean).map((l) => { const [e, s, w] = l.split('|'); return [e, { status: s, seq: Number(w) }]; }));
    for (const v of acknowledged) assert.ok(rows.has(v.email), `acknowledged ${v.email} is saved`);
    assert.equal(Number(q(`SELECT count(*) - count(DISTINCT lower(email)) FROM registration WHERE event_id = ${eventId};`)), 0, 'nobody twice');
    const confirmed = [...rows.values()].filter((r) => r.status === 'confirmed').length;
    const waiting = [...rows.values()].filter((r) => r.status === 'waiting').map((r) => r.seq).sort((x, y) => x - y);
    assert.equal(confirmed, Math.min(CAPACITY, rows.size), 'exactly the capacity confirmed');
    assert.deepEqual(waiting, Array.from({ length: rows.size - confirmed }, (_, i) => i + 1), 'places 1..n, no gaps');

    // Server A alone sends everything, each message once (B's claims run
    // out and A takes them over).
    for (const v of acknowledged) await sink.waitFor((m) => m.to.includes(v.email), 180000);
    const until = Date.now() + 180000;
    while (Number(q(`SELECT count(*) FROM mail_outbox WHERE status = 'pending' AND to_addr LIKE 'multi%';`)) > 0 && Date.now() < until) await sleep(500);
    assert.equal(Number(q(`SELECT count(*) FROM mail_outbox WHERE status = 'pending' AND to_addr LIKE 'multi%';`)), 0, 'the outbox is empty');
    const ids = sink.messages().filter((m) => m.to.some((t) => t.startsWith('multi'))).map((m) => m.headers['message-id']);
    const sentRows = Number(q("SELECT count(*) FROM mail_outbox WHERE status = 'sent' AND to_addr LIKE 'multi%';"));
    assert.equal(new Set(ids).size, sentRows, 'every queued message arrived');
    // A copy is possible only for a message B had handed to the relay when
    // it was killed (the relay's 250 before B could mark it): at most one
    // per batch B was sending, and it carries the same Message-ID.
    assert.ok(ids.length - new Set(ids).size <= 1, `${ids.length - new Set(ids).size} messages came twice`);
  });
});
