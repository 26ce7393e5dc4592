// The tests' own SQL helpers (tests/lib/sync-sql.mjs): sqlite() answers
// each call with that call's own result, in order, thousands of times in a
// row; an error is reported with its message and the next call works; a
// database file replaced under the same name is read anew.  (A wake-up
// left over from an earlier answer once handed a call no answer at all.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sqlite } from '../lib/auth.mjs';

let dir;
before(() => { dir = mkdtempSync(path.join(tmpdir(), 'tv-sync-sql-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sync SQL', () => {
  it('answers each of 5,000 calls with its own result', () => {
    const db = path.join(dir, 'a.db');
    sqlite(db, 'CREATE TABLE t (n INTEGER);');
    for (let i = 0; i < 5000; i++) {
      assert.equal(sqlite(db, `SELECT ${i};`), `${i}\n`);
    }
  });

  it('reports an error and goes on', () => {
    const db = path.join(dir, 'a.db');
    assert.throws(() => sqlite(db, 'SELECT nope FROM t;'), /no such column: nope/);
    assert.equal(sqlite(db, 'SELECT count(*) FROM t;'), '0\n');
  });

  it('reads a file put in place of the one it had open', () => {
    const db = path.join(dir, 'b.db');
    const other = path.join(dir, 'c.db');
    sqlite(db, "CREATE TABLE t (s TEXT); INSERT INTO t VALUES ('old');");
    sqlite(other, "CREATE TABLE t (s TEXT); INSERT INTO t VALUES ('new');");
    assert.equal(sqlite(db, 'SELECT s FROM t;'), 'old\n');
    renameSync(other, db);
    assert.equal(sqlite(db, 'SELECT s FROM t;'), 'new\n');
  });
});
