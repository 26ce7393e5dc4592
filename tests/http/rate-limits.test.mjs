// Rate limits of the public forms (issue 11, item 4; docs/security.md,
// "Form rate limits"): the accessibility feedback form takes 10 messages
// per client address and 5 per contact address in a quarter of an hour;
// past that it answers 429 with Retry-After and writes nothing.  (The
// material request form's limits are tested in materials.test.mjs.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, snapshot, diffSnapshots, sqlite, unique } from '../lib/auth.mjs';

let srv;
const q = (s) => sqlite(srv.db, s).trim();

async function unchanged(fn) {
  const before = snapshot(srv.db);
  const out = await fn();
  const d = diffSnapshots(before, snapshot(srv.db));
  assert.equal(d, '', `the database changed:\n${d}`);
  return out;
}

async function send(fields) {
  const c = new Client(srv.url);
  await c.loadCsrf('/fi/accessibility');
  return c.post('/fi/accessibility', { message: `Kontrasti ${unique('f')}`, contact: '', page: '/fi/', ...fields });
}

before(async () => {
  srv = await startServer({});
});

after(async () => {
  await srv?.stop();
});

describe('accessibility feedback', () => {
  it('one contact address may send 5 messages per quarter of an hour, then 429 with Retry-After and nothing written', async () => {
    q('DELETE FROM throttle');
    const contact = `reader.${unique('c')}@example.fi`;
    let sent = 0;
    let last;
    for (let i = 0; i < 8; i++) {
      last = await send({ contact });
      if (last.status !== 303) break;
      sent += 1;
    }
    assert.equal(last.status, 429);
    assert.equal(sent, 5);
    const wait = Number(last.headers['retry-after']);
    assert.ok(wait > 0 && wait <= 900, `Retry-After: ${last.headers['retry-after']}`);
    await unchanged(async () => {
      assert.equal((await send({ contact: contact.toUpperCase() })).status, 429);
    });
    assert.equal(q(`SELECT count(*) FROM feedback WHERE contact = '${contact}'`), '5');
    // Without a contact, or with another, the same client may still.
    assert.equal((await send({})).status, 303);
  });

  it('one client address may send 10 messages per quarter of an hour, then 429 with Retry-After and nothing written', async () => {
    q('DELETE FROM throttle');
    let sent = 0;
    let last;
    for (let i = 0; i < 14; i++) {
      last = await send(i % 2 ? { contact: `r${i}.${unique('c')}@example.fi` } : {});
      if (last.status !== 303) break;
      sent += 1;
    }
    assert.equal(last.status, 429);
    assert.equal(sent, 10);
    assert.ok(Number(last.headers['retry-after']) > 0);
    assert.match(last.text, /liian monta/i);
    await unchanged(async () => {
      assert.equal((await send({})).status, 429);
    });
    q('DELETE FROM throttle');
    assert.equal((await send({})).status, 303, 'a new window');
  });
});
