// PROJ and Voikko are opened when first used (src/base/lazylib.h), not
// when the server starts: a fresh server has neither mapped (nor what they
// bring: ICU, libxml2, libtiff), and its first Finnish search maps
// Voikko.  The search index is off here, so that its build a tick after
// the start does not analyse words first.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, request } from '../lib/server.mjs';

let srv;

before(async () => {
  srv = await startServer({ demo: true, env: { TUKIVERKKO_DIRECTORY_INDEX: 'off' } });
});

after(async () => {
  await srv?.stop();
});

const mapped = (name) => readFileSync(`/proc/${srv.pid}/maps`, 'utf8').includes(name);

describe('libraries opened on first use', () => {
  it('a fresh server has mapped neither PROJ nor Voikko', async () => {
    const r = await request(`${srv.url}/fi/`);
    assert.equal(r.status, 200);
    assert.ok(mapped('libmicrohttpd'), 'the maps are read right');
    assert.ok(!mapped('libproj'), 'libproj is mapped');
    assert.ok(!mapped('libvoikko'), 'libvoikko is mapped');
    assert.ok(!mapped('libicuuc'), 'ICU is mapped');
  });

  it('a Finnish search opens Voikko and finds by base form', async () => {
    const r = await request(`${srv.url}/fi/directory?q=pankkitunnuksilla`);
    assert.equal(r.status, 200);
    assert.ok(mapped('libvoikko'), 'libvoikko is not mapped after a search');
    assert.ok(!mapped('libproj'), 'libproj is mapped');
    // Only the base form "pankkitunnus" is in the points' texts.
    assert.match(r.body.toString(), /<h3><a href="\/fi\/directory\/\d+"/);
  });
});
