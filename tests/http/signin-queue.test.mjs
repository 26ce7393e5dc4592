// Sign-in under attack (#11 item 3): argon2id runs on its own queue while
// the request waits without a pool thread, so a burst of sign-ins never
// stalls other pages; the throttle is checked and counted in one
// transaction, so a burst of guesses at one account gets exactly the
// allowed number of tries. (IPv6 /64 keys: tests/unit/core/test_throttle.c.)
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from '../lib/server.mjs';
import { addUser, cli, Client, sqlite } from '../lib/auth.mjs';

let srv;

// The interactive cost keeps a burst of twelve short on a busy machine; it
// still takes long enough for /healthz to come back first.
before(async () => { srv = await startServer({ demo: true, args: ['--password-cost', 'interactive'] }); });
after(async () => { await srv?.stop(); });
// Each test starts with no counted failures (they share one address).
beforeEach(() => { sqlite(srv.db, 'DELETE FROM throttle'); });

async function visitor(server = srv) {
  const c = new Client(server.url);
  await c.loadCsrf('/fi/signin');
  return c;
}

async function burstAtOneAccount(server) {
  const email = 'burst-target@example.fi';
  // A hash of the full (moderate) cost: each check takes long enough
  // that a check made apart from its count would let the whole burst in.
  cli(undefined, ['user', 'add', email, '--role', 'coordinator', '--db', server.db,
    '--password-cost', 'moderate', '--password-stdin'], { input: 'the right password 123\n' });
  const clients = await Promise.all(Array.from({ length: 12 }, () => visitor(server)));
  // Five moderate checks one after another, the rest refused: on a busy
  // machine that is more than a request's usual 10 s, and only the counts
  // matter here.
  const answers = await Promise.all(clients.map((c) => c.post('/fi/signin', {
    email, password: 'not the right password',
  }, { timeout: 120000 })));
  const wrong = answers.filter((r) => r.status === 400).length;
  const refused = answers.filter((r) => r.status === 429);
  assert.equal(wrong, 5, 'THROTTLE_ACCOUNT_MAX guesses were checked');
  assert.equal(refused.length, 7);
  for (const r of refused) assert.ok(Number(r.headers['retry-after']) > 0);
}

describe('sign-in on the password queue', () => {
  it('answers /healthz while a burst of sign-ins is still being hashed', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => visitor()));
    let pending = clients.length;
    const burst = clients.map((c, i) => c.post('/fi/signin', {
      email: `nobody-${i}@example.fi`, password: 'wrong password 123',
    }, { timeout: 120000 }).then((res) => { pending -= 1; return res; }));
    // The sign-ins are all in the queue by now or soon; a page that needs
    // no password must not wait for them.
    const health = await request(`${srv.url}/healthz`);
    const stillHashing = pending;
    const answers = await Promise.all(burst);
    assert.equal(health.status, 200);
    assert.ok(stillHashing > 0, '/healthz came back only after every sign-in');
    for (const res of answers) assert.equal(res.status, 400);
  });

  it('gives a burst of guesses at one account exactly the allowed tries', async () => {
    // Many pool threads, as on a bigger machine or with several servers:
    // a check apart from its count would let more of the burst through.
    const big = await startServer({ demo: true, args: ['--threads', '16'] });
    try {
      await burstAtOneAccount(big);
    } finally {
      await big.stop();
    }
  });

  it('a good password after failures signs in and gives the address its attempt back', async () => {
    const email = 'forgiven@example.fi';
    const { password } = addUser(srv, email, 'coordinator');
    const c = await visitor();
    for (let i = 0; i < 2; i++) {
      assert.equal((await c.post('/fi/signin', { email, password: 'wrong one here' })).status, 400);
    }
    assert.equal(sqlite(srv.db, "SELECT failures FROM throttle WHERE key = 'addr:127.0.0.1'").trim(), '2');
    const res = await c.post('/fi/signin', { email, password });
    assert.equal(res.status, 303);
    // The successful attempt was counted first and then taken back; the
    // account's own count is gone.
    assert.equal(sqlite(srv.db, "SELECT failures FROM throttle WHERE key = 'addr:127.0.0.1'").trim(), '2');
    assert.equal(sqlite(srv.db, "SELECT count(*) FROM throttle WHERE key LIKE 'signin:%'").trim(), '0');
  });
});
