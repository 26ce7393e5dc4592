// The thread behind tests/lib/sync-sql.mjs: keeps a psql or sqlite3
// process open per database and answers one request at a time, each
// { id, op: 'query', db, sql, mode } or { id, op: 'snapshot', db }.  The
// caller waits on `flag` (Atomics.wait) until it holds the id answered.
//
// Each process is a SqliteShell with bail: it dies on the first error, and
// the next request for its database opens a new one.
import { statSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { SqliteShell, snapshotOf } from './auth.mjs';

const { flag, port } = workerData;

// Open processes, least recently used first.  A test file's servers come
// and go; four is enough for the few databases a test uses at a time, and
// keeps a test file from holding dozens of PostgreSQL connections.
const MAX_SHELLS = 4;
const shells = new Map();

// A SQLite file's identity: a test that puts another file in its place
// (a restore, a copy) must not be answered from the old one.
function fileId(db) {
  try {
    const s = statSync(db);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

// The open process for db, kept with the identity of the file it opened.
function shellFor(db) {
  let open = shells.get(db);
  if (open && !open.shell.pg && open.id !== fileId(db)) {
    open.shell.close();
    open = null;
  }
  shells.delete(db);
  if (!open) {
    const shell = new SqliteShell(db, { bail: true });
    open = { shell, id: shell.pg ? null : fileId(db) };
    const opened = open;
    shell.exited.then(() => { if (shells.get(db) === opened) shells.delete(db); });
    if (shells.size >= MAX_SHELLS) {
      const [oldest, { shell: old }] = shells.entries().next().value;
      old.close();
      shells.delete(oldest);
    }
  }
  shells.set(db, open);
  return open.shell;
}

async function answer({ op, db, sql, mode }) {
  const shell = shellFor(db);
  if (op === 'query') return shell.query(sql, { mode });
  if (op === 'snapshot') return snapshotOf(shell);
  throw new Error(`sql-worker: unknown op ${op}`);
}

port.on('message', async (m) => {
  let reply;
  try {
    reply = { id: m.id, value: await answer(m) };
  } catch (err) {
    reply = { id: m.id, error: err.message };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, m.id);
  Atomics.notify(flag, 0);
});
