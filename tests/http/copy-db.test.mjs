// copy-db (issue 14): an installation moves from SQLite to PostgreSQL and
// back with every row intact, checked table by table; a target that holds
// anything is refused; a server on the copy works and makes new ids after
// the copied ones. Needs the PostgreSQL cluster of the -pg suites.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, serverBin, repoRoot, pgBase, onPg, request } from '../lib/server.mjs';
import { sqlite } from '../lib/auth.mjs';

const run = (args) => {
  const r = spawnSync(serverBin(), args, { cwd: repoRoot, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const admin = (sql) => {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `${pgBase}/postgres`, '-c', sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
};
// "table rows sha256 digest" lines of a successful copy, by table.
const digests = (out) => Object.fromEntries(out.split('\n')
  .map((l) => /^(\w+)\s+(\d+) rows\s+sha256 ([0-9a-f]{16})$/.exec(l)).filter(Boolean)
  .map((m) => [m[1], `${m[2]}:${m[3]}`]));

describe('copy-db', { skip: !onPg && 'needs the PostgreSQL cluster (the http-pg suite)' }, () => {
  let dir, source, pgDb, pgName;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tukiverkko-copy-'));
    source = path.join(dir, 'demo.db');
    const r = run(['demo', '--db', source, '--password-cost', 'interactive']);
    assert.equal(r.code, 0, r.err);
    pgName = `copy_${process.pid}`;
    admin(`CREATE DATABASE ${pgName}`);
    pgDb = `${pgBase}/${pgName}`;
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    admin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  });

  let there;
  it('copies a SQLite installation into an empty PostgreSQL database, every table verified', () => {
    const r = run(['copy-db', source, pgDb]);
    assert.equal(r.code, 0, r.err);
    there = digests(r.out);
    // Every table of the schema, with the demo's rows.
    // Search indexes (*_search, with FTS5's own tables) are left out: the
    // directory builds its index again on the target.
    const tables = sqlite(source, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1;")
      .trim().split('\n').filter((t) => !/_search(_|$)/.test(t));
    assert.deepEqual(Object.keys(there).sort(), tables);
    assert.match(there.account, /^5:/, "the five demo accounts");
    assert.match(r.out, /every table matches/);
    assert.ok(!r.out.includes('DIFFERS'));
    for (const t of ['event', 'registration', 'material', 'news_post', 'municipality']) {
      assert.equal(sqlite(pgDb, `SELECT count(*) FROM ${t};`).trim(), sqlite(source, `SELECT count(*) FROM ${t};`).trim(), t);
    }
    assert.equal(sqlite(pgDb, 'SELECT title_fi FROM event WHERE id = 1;'), sqlite(source, 'SELECT title_fi FROM event WHERE id = 1;'));
  });

  it('and back into a new SQLite file with the same digests', () => {
    const back = path.join(dir, 'back.db');
    const r = run(['copy-db', pgDb, back]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(digests(r.out), there);
    assert.equal(sqlite(back, 'PRAGMA integrity_check;').trim(), 'ok');
    assert.equal(sqlite(back, 'PRAGMA foreign_key_check;').trim(), '');
  });

  it('refuses a target that holds anything, and says why, changing nothing', () => {
    const before = sqlite(pgDb, 'SELECT count(*) FROM account;');
    const r = run(['copy-db', source, pgDb]);
    assert.equal(r.code, 1);
    assert.match(r.err, /not empty/);
    assert.equal(sqlite(pgDb, 'SELECT count(*) FROM account;'), before);
    const same = run(['copy-db', source, source]);
    assert.equal(same.code, 2);
    const missing = run(['copy-db', path.join(dir, 'nothing.db'), path.join(dir, 'x.db')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no database file/);
  });

  it('serves the copy, and new rows get ids after the copied ones', async () => {
    const srv = await startServer({ db: pgDb, args: ['--password-cost', 'interactive'] });
    try {
      const res = await request(`${srv.url}/fi/events/1`);
      assert.equal(res.status, 200);
      // The directory's job builds the search index the copy left out.
      const name = sqlite(pgDb, 'SELECT name_fi FROM service_point ORDER BY id LIMIT 1;').trim();
      const word = name.split(/\s+/)[0];
      let found = false;
      for (let i = 0; i < 100 && !found; i++) {
        found = (await request(`${srv.url}/fi/directory?q=${encodeURIComponent(word)}`)).text.includes(name);
        if (!found) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(found, `the copy's directory finds "${name}" by "${word}"`);
      const maxId = Number(sqlite(pgDb, 'SELECT max(id) FROM account;'));
      const r = run(['user', 'add', 'copy.new@example.fi', '--role', 'coordinator', '--db', pgDb,
        '--password-cost', 'interactive']);
      assert.equal(r.code, 0, r.err);
      assert.equal(Number(sqlite(pgDb, "SELECT id FROM account WHERE email = 'copy.new@example.fi';")), maxId + 1);
    } finally {
      await srv.stop();
    }
  });
});
