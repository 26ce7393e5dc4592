// The thread behind tests/lib/sync-sql.mjs: keeps a psql or sqlite3
// process open per database and answers one request at a time, each
// { id, op: 'query', db, sql, mode } or { id, op: 'snapshot', db }.  The
// caller waits on `flag` (Atomics.wait) until it holds the id answered.
//
// A process dies on the first error (psql's ON_ERROR_STOP, sqlite3's
// -bail), so an error is told from its exit, with all of stderr read, and
// never from a race between the two pipes; the next request opens a new one.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { isPgTarget } from './server.mjs';
import { snapshotOf } from './auth.mjs';

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

const pgBools = (text) => text.split('\n').map((line) => line.split('|')
  .map((f) => (f === 't' ? '1' : f === 'f' ? '0' : f)).join('|')).join('\n');

class Shell {
  constructor(db) {
    this.db = db;
    this.pg = isPgTarget(db);
    this.id = this.pg ? null : fileId(db);
    this.out = '';
    this.err = '';
    this.seq = 0;
    this.pending = null;
    this.proc = this.pg
      ? spawn('psql', ['-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1', db], { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn('sqlite3', ['-batch', '-bail', db], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stdout.on('data', (d) => { this.out += d; this.settle(); });
    this.proc.stderr.on('data', (d) => { this.err += d; });
    this.proc.stdin.on('error', () => { /* it has exited: 'close' tells */ });
    this.proc.on('close', (code, signal) => {
      this.dead = true;
      if (shells.get(this.db) === this) shells.delete(this.db);
      const p = this.pending;
      this.pending = null;
      if (p) p.reject(new Error(`${this.pg ? 'psql' : 'sqlite3'} failed (${code ?? signal}): ${this.err.trim()}`));
    });
    if (!this.pg) this.proc.stdin.write('.timeout 5000\n');
  }

  settle() {
    if (!this.pending) return;
    const { marker, resolve, reject } = this.pending;
    const i = this.out.indexOf(`${marker}\n`);
    if (i < 0) return;
    const text = this.out.slice(0, i);
    this.out = this.out.slice(i + marker.length + 1);
    this.pending = null;
    // What a statement that succeeded printed there (a notice, a warning):
    // a one-off process's stderr counted as a failure, and so does it here.
    const err = this.err;
    this.err = '';
    if (err) reject(new Error(`${this.pg ? 'psql' : 'sqlite3'}: ${err.trim()}`));
    else resolve(this.pg ? pgBools(text) : text);
  }

  // The statements of sql, then a line only this request prints.  The ";"
  // on a line of its own ends a last statement written without one (a
  // one-off process ended it at end of input) and is empty otherwise.
  query(sql, { mode = 'list' } = {}) {
    return new Promise((resolve, reject) => {
      if (this.dead) { reject(new Error(`${this.pg ? 'psql' : 'sqlite3'} is not running: ${this.err.trim()}`)); return; }
      this.seq += 1;
      const marker = `__tv_sync_${this.seq}__`;
      this.pending = { marker, resolve, reject };
      if (this.pg) this.proc.stdin.write(`${sql}\n;\nSELECT '${marker}';\n`);
      else this.proc.stdin.write(`.mode ${mode}\n${sql}\n;\n.mode list\nSELECT '${marker}';\n`);
    });
  }

  close() {
    this.dead = true;
    this.proc.stdin.end();
  }
}

function shellFor(db) {
  let s = shells.get(db);
  if (s && !s.pg && s.id !== fileId(db)) {
    s.close();
    s = null;
  }
  if (s) {
    shells.delete(db);
  } else {
    s = new Shell(db);
    if (shells.size >= MAX_SHELLS) {
      const [oldest] = shells.keys();
      shells.get(oldest).close();
      shells.delete(oldest);
    }
  }
  shells.set(db, s);
  return s;
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
